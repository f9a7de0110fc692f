//! Interactions: a heading `### Prompt {#id .kind key=value}` and the blocks that follow it.
//!
//! Every kind reads as plain Markdown: choices are a checkbox list, pairs a list of `left -> right`,
//! an order a numbered list, a self-assessment a table, a scenario a set of sub-headings whose
//! lists link to each other. Between the heading and the answers may stand context and a hint
//! (`> [!TIP]`); a quote right after the answers is the feedback for everyone.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::CowStr;

use super::config::{closest, is_id};
use super::markdown::{callout_kind, Compiler, Kind as NodeKind, Node, Tag, Walk};
use crate::model::{
    plain_text, Block, CalloutKind, Choice, FillIn, Inline, Interaction, Kind, NumberAnswer, Pair, Path,
    SelfAssessment, Step, TextAnswer, KIND_CLASSES,
};

/// The kinds of interaction, by the heading class that asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Type {
    Single,
    Multiple,
    TrueFalse,
    FillIn,
    Numeric,
    Matching,
    Ordering,
    Reflection,
    SelfAssessment,
    Scenario,
}

const TYPES: &[(&str, Type)] = &[
    ("question", Type::Single),
    ("single-choice", Type::Single),
    ("multiple-choice", Type::Multiple),
    ("true-false", Type::TrueFalse),
    ("fill-in", Type::FillIn),
    ("numeric", Type::Numeric),
    ("matching", Type::Matching),
    ("ordering", Type::Ordering),
    ("reflection", Type::Reflection),
    ("self-assessment", Type::SelfAssessment),
    ("scenario", Type::Scenario),
];

/// Every class a heading may carry: `question`, the kinds, then the others.
pub(super) const KNOWN_CLASSES: &[&str] = &{
    let mut all =
        ["question", "", "", "", "", "", "", "", "", "", "", "expandable", "takeaways", "success", "debrief"];
    let mut i = 0;
    while i < KIND_CLASSES.len() {
        all[i + 1] = KIND_CLASSES[i];
        i += 1;
    }
    all
};

/// The attributes an interaction heading may carry (`weight=2`).
const ATTRIBUTES: &[&str] = &["weight", "attempts", "graded", "solution", "report", "case"];

pub(super) fn kind_of(classes: &[&str]) -> Option<Type> {
    classes.iter().find_map(|c| TYPES.iter().find(|(name, _)| name == c).map(|(_, t)| *t))
}

/// The class that asks for a kind (for hints) and what a trainer calls it (for messages).
fn class_of(ty: Type) -> &'static str {
    TYPES.iter().find(|(_, t)| *t == ty).map_or("question", |(name, _)| name)
}

fn name_of(ty: Type) -> &'static str {
    match ty {
        Type::Reflection | Type::SelfAssessment | Type::Scenario => class_of(ty),
        _ => "question",
    }
}

/// The settings in a heading's attributes.
struct Settings {
    weight: u32,
    /// `None`: not given; `Some(None)`: unlimited.
    attempts: Option<Option<u32>>,
    graded: Option<bool>,
    solution: bool,
    report: bool,
    case_sensitive: bool,
}

/// An item of an answer list: its checkbox, content and indented feedback.
struct Item<'n, 'a> {
    marker: Option<bool>,
    content: Vec<&'n Node<'a>>,
    feedback: Vec<Block>,
    range: Range<usize>,
}

/// An interaction's parts, before its kind is read.
#[derive(Default)]
struct Parts<'n, 'a> {
    context: Vec<&'n Node<'a>>,
    hint: Option<&'n Node<'a>>,
    answers: Option<&'n Node<'a>>,
    feedback: Option<&'n Node<'a>>,
}

impl<'n, 'a> Compiler<'_> {
    /// The interaction that `heading` asks, from the nodes after it up to the next heading of its
    /// level or higher, and how many of those nodes it takes.
    pub(super) fn interaction(
        &mut self,
        heading: &Node,
        ty: Type,
        id: Option<&str>,
        attrs: &[(CowStr, Option<CowStr>)],
        following: &'n [Node<'a>],
        walk: &mut Walk,
    ) -> (Option<Interaction>, usize) {
        let range = heading.range.clone();
        let level = match &heading.kind {
            NodeKind::Tag(Tag::Heading(h)) => h.level,
            _ => 2,
        };
        let prompt = self.inlines(&heading.children);
        if plain_text(&prompt).trim().is_empty() {
            self.error(range.clone(), "this question has no text", "write the question before the {#id ...}");
        }
        let settings = self.settings(&range, ty, attrs);
        let id = self.interaction_id(&range, id, ty);

        // Scenarios and reflections take everything up to the next heading of their level.
        let (parts, used) = match ty {
            Type::Scenario => (Parts::default(), following.len()),
            Type::Reflection => self.reflection_parts(following),
            _ => self.parts(following, ty),
        };
        let mut context = self.blocks_of(&parts.context, walk);
        let hint = match parts.hint {
            Some(node) => {
                let marker_end = self.callout_marker(node).map_or(node.range.start, |(_, end)| end);
                self.callout_blocks(node, marker_end, walk)
            }
            None => Vec::new(),
        };
        let mut feedback = match parts.feedback {
            Some(node) => self.nested_blocks(&node.children, walk),
            None => Vec::new(),
        };
        let kind = match ty {
            Type::Reflection => Some(Kind::Reflection { report: settings.report }),
            Type::Scenario => {
                self.scenario(&range, level, following, walk, &mut context, &mut feedback).map(Kind::Scenario)
            }
            _ => match parts.answers {
                None => {
                    let what = if matches!(ty, Type::Single | Type::Multiple | Type::TrueFalse) {
                        "options"
                    } else {
                        "answers"
                    };
                    self.error(
                        range.clone(),
                        format!("this {} has no {what}", name_of(ty)),
                        answers_hint(ty),
                    );
                    return (None, 0);
                }
                Some(answers) => self.answers(&range, ty, answers, &settings, walk),
            },
        };
        let (Some(id), Some(kind)) = (id, kind) else { return (None, used) };

        let gradable = match &kind {
            Kind::Reflection { .. } | Kind::SelfAssessment(_) => false,
            Kind::Scenario(steps) => steps.iter().any(|s| s.success),
            _ => true,
        };
        let graded = match settings.graded {
            Some(true) if !gradable => {
                let hint = if ty == Type::Scenario {
                    "mark the good endings with {#id .success}; reaching one answers the scenario correctly"
                } else {
                    "remove graded=yes: reflections and self-assessments are never scored"
                };
                self.error(range.clone(), format!("this {} cannot be graded", name_of(ty)), hint);
                false
            }
            Some(graded) => graded,
            None => gradable,
        };
        let attempts = match settings.attempts {
            Some(attempts) => attempts,
            None if graded && !matches!(kind, Kind::Scenario(_)) => Some(self.context.attempts),
            None => None,
        };
        let interaction = Interaction {
            id,
            level,
            prompt,
            context,
            hint,
            feedback,
            graded,
            weight: settings.weight,
            attempts,
            solution: settings.solution,
            kind,
        };
        (Some(interaction), used)
    }

    fn blocks_of(&mut self, nodes: &[&Node], walk: &mut Walk) -> Vec<Block> {
        let mut out = Vec::new();
        walk.depth += 1;
        for node in nodes {
            out.extend(self.blocks(std::slice::from_ref(*node), walk));
        }
        walk.depth -= 1;
        out
    }

    /// A valid id that no other interaction of the course uses, or `None` after a diagnostic.
    fn interaction_id(&mut self, range: &Range<usize>, id: Option<&str>, ty: Type) -> Option<String> {
        let example = format!("{{#first-contact .{}}}", class_of(ty));
        let id = match id {
            Some(id) if is_id(id) => id.to_string(),
            Some(id) => {
                self.error(
                    range.clone(),
                    format!("`{id}` is not a valid id"),
                    format!("use lower-case letters a-z, digits and hyphens, e.g. {example}"),
                );
                return None;
            }
            None => {
                self.error(
                    range.clone(),
                    format!("this {} has no id", name_of(ty)),
                    format!(
                        "add a stable id to the heading, e.g. {example}; learners' saved answers are \
                         kept under it"
                    ),
                );
                return None;
            }
        };
        if let Some((first, _)) = self.seen.interactions.get(&id) {
            let message = format!("the id `{id}` is already used in {first}");
            self.error(range.clone(), message, "every question needs its own id");
        } else {
            self.seen.interactions.insert(id.clone(), (self.file.to_string(), range.clone()));
        }
        Some(id)
    }

    fn settings(&mut self, range: &Range<usize>, ty: Type, attrs: &[(CowStr, Option<CowStr>)]) -> Settings {
        let mut settings = Settings {
            weight: 1,
            attempts: None,
            graded: None,
            solution: true,
            report: false,
            case_sensitive: false,
        };
        for (key, value) in attrs {
            let value = value.as_deref().unwrap_or_default();
            let yes_no = |value: &str| match value.to_ascii_lowercase().as_str() {
                "yes" | "true" | "ja" => Some(true),
                "no" | "false" | "nein" => Some(false),
                _ => None,
            };
            let bad = |this: &mut Self, expected: &str| {
                this.error(
                    range.clone(),
                    format!("`{key}={value}` is not a valid setting"),
                    format!("{key} is {expected}"),
                )
            };
            match key.as_ref() {
                "weight" => match value.parse::<u32>() {
                    Ok(weight @ 1..=100) => settings.weight = weight,
                    _ => bad(self, "a whole number from 1 to 100, e.g. weight=2"),
                },
                "attempts" => match value.parse::<u32>() {
                    Ok(n @ 1..=99) => settings.attempts = Some(Some(n)),
                    _ if value.eq_ignore_ascii_case("unlimited") => settings.attempts = Some(None),
                    _ => bad(self, "a number from 1 to 99, e.g. attempts=2, or attempts=unlimited"),
                },
                "graded" => match yes_no(value) {
                    Some(graded) => settings.graded = Some(graded),
                    None => bad(self, "yes or no, e.g. graded=no"),
                },
                "solution" => match yes_no(value) {
                    Some(solution) => settings.solution = solution,
                    None => bad(self, "yes or no, e.g. graded=no"),
                },
                "report" if ty == Type::Reflection => match yes_no(value) {
                    Some(report) => settings.report = report,
                    None => bad(self, "yes or no, e.g. graded=no"),
                },
                "case" if ty == Type::FillIn => match value {
                    "sensitive" => settings.case_sensitive = true,
                    "insensitive" => settings.case_sensitive = false,
                    _ => bad(self, "sensitive or insensitive, e.g. case=sensitive"),
                },
                "report" | "case" => {
                    let only = if key.as_ref() == "report" { "reflection" } else { "fill-in" };
                    self.error(
                        range.clone(),
                        format!("`{key}=` only applies to a {only}"),
                        format!("remove it, or make this heading a .{only}"),
                    );
                }
                other => {
                    let hint = match closest(other, ATTRIBUTES) {
                        Some(known) => format!("did you mean `{known}=`?"),
                        None => format!(
                            "a question heading may have {}",
                            ATTRIBUTES.iter().map(|a| format!("`{a}=`")).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    self.error(range.clone(), format!("`{other}` is not a question setting"), hint);
                }
            }
        }
        settings
    }

    /// Context, hint, answers and feedback, from the nodes up to the next heading. The answers are
    /// the first list (or table) shaped like this kind's answers: lists and tables before it are
    /// context. Without one, the first list or table stands for them, so that its mistakes are
    /// reported where they are.
    fn parts(&mut self, following: &'n [Node<'a>], ty: Type) -> (Parts<'n, 'a>, usize) {
        let end = following
            .iter()
            .position(|n| matches!(n.kind, NodeKind::Tag(Tag::Heading(_))))
            .unwrap_or(following.len());
        let candidate = |n: &Node| match &n.kind {
            NodeKind::Tag(Tag::Table(_)) => ty == Type::SelfAssessment,
            NodeKind::Tag(Tag::List(_)) => ty != Type::SelfAssessment,
            _ => false,
        };
        let answers_at = following[..end]
            .iter()
            .position(|n| candidate(n) && looks_like_answers(n, ty))
            .or_else(|| following[..end].iter().position(candidate));
        let mut parts = Parts::default();
        let Some(at) = answers_at else {
            return (parts, 0);
        };
        self.hint_and_context(&following[..at], &mut parts);
        parts.answers = Some(&following[at]);
        let mut used = at + 1;
        if let Some(next) = following.get(used).filter(|_| used < end) {
            if matches!(next.kind, NodeKind::Tag(Tag::BlockQuote)) && self.callout_marker(next).is_none() {
                parts.feedback = Some(next);
                used += 1;
            }
        }
        (parts, used)
    }

    /// A reflection has no answers to look for: up to the next heading, a `> [!TIP]` is its hint,
    /// a plain quote at the end its feedback (shown once the learner saves), the rest its task.
    fn reflection_parts(&mut self, following: &'n [Node<'a>]) -> (Parts<'n, 'a>, usize) {
        let end = following
            .iter()
            .position(|n| matches!(n.kind, NodeKind::Tag(Tag::Heading(_))))
            .unwrap_or(following.len());
        let mut parts = Parts::default();
        let mut body = &following[..end];
        if let Some((last, rest)) = body.split_last() {
            if matches!(last.kind, NodeKind::Tag(Tag::BlockQuote)) && self.callout_marker(last).is_none() {
                parts.feedback = Some(last);
                body = rest;
            }
        }
        self.hint_and_context(body, &mut parts);
        (parts, end)
    }

    /// The first `> [!TIP]` among `nodes` is the hint, everything else context.
    fn hint_and_context(&self, nodes: &'n [Node<'a>], parts: &mut Parts<'n, 'a>) {
        for node in nodes {
            let is_hint = matches!(node.kind, NodeKind::Tag(Tag::BlockQuote))
                && self.callout_marker(node).is_some_and(|(m, _)| callout_kind(&m) == Some(CalloutKind::Tip));
            if is_hint && parts.hint.is_none() {
                parts.hint = Some(node);
            } else {
                parts.context.push(node);
            }
        }
    }

    /// The items of an answer list.
    fn items(&mut self, list: &'n Node<'a>, walk: &mut Walk) -> Vec<Item<'n, 'a>> {
        let mut items = Vec::new();
        for item in &list.children {
            let mut marker = None;
            let mut content = Vec::new();
            let mut feedback = Vec::new();
            for child in &item.children {
                match &child.kind {
                    NodeKind::TaskMarker(done) => marker = Some(*done),
                    NodeKind::Tag(Tag::Paragraph) if content.is_empty() && feedback.is_empty() => {
                        for grandchild in &child.children {
                            match grandchild.kind {
                                NodeKind::TaskMarker(done) => marker = Some(done),
                                _ => content.push(grandchild),
                            }
                        }
                    }
                    NodeKind::Tag(Tag::BlockQuote) => {
                        feedback.extend(self.nested_blocks(&child.children, walk))
                    }
                    _ if child.is_inline() => content.push(child),
                    _ => self.warn(
                        child.range.clone(),
                        "only feedback, as a quote (`> ...`), may follow an answer",
                        "indent the feedback under the answer and start it with `> `",
                    ),
                }
            }
            items.push(Item { marker, content, feedback, range: item.range.clone() });
        }
        items
    }

    fn answers(
        &mut self,
        range: &Range<usize>,
        ty: Type,
        answers: &'n Node<'a>,
        settings: &Settings,
        walk: &mut Walk,
    ) -> Option<Kind> {
        match ty {
            Type::Single | Type::Multiple | Type::TrueFalse => self.choices(range, ty, answers, walk),
            Type::FillIn | Type::Numeric => self.typed_answers(range, ty, answers, settings, walk),
            Type::Matching => self.pairs(range, answers, walk),
            Type::Ordering => self.order(range, answers, walk),
            Type::SelfAssessment => self.scale(range, answers),
            Type::Reflection | Type::Scenario => None,
        }
    }

    fn choices(
        &mut self,
        range: &Range<usize>,
        ty: Type,
        list: &'n Node<'a>,
        walk: &mut Walk,
    ) -> Option<Kind> {
        let mut options = Vec::new();
        for item in self.items(list, walk) {
            let Some(correct) = item.marker else {
                self.error(
                    item.range.clone(),
                    "this option has no checkbox",
                    "start every option with `- [ ]`, or `- [x]` for a correct one",
                );
                continue;
            };
            if item.feedback.is_empty() {
                self.warn(
                    item.range.clone(),
                    "this option has no feedback",
                    "tell the learner why this option is right or wrong: indent a line `> ...` under it",
                );
            }
            let content = self.inlines_of(&item.content);
            if plain_text(&content).trim().is_empty() {
                self.error(item.range.clone(), "this option has no text", "write the option after `- [ ]`");
            }
            options.push(Choice { content, correct, feedback: item.feedback });
        }
        let correct = options.iter().filter(|o| o.correct).count();
        if ty == Type::TrueFalse && options.len() != 2 {
            self.error(
                range.clone(),
                format!("a true/false question has exactly two options; this one has {}", options.len()),
                "write one `- [x]` and one `- [ ]` option, e.g. `- [x] True` and `- [ ] False`",
            );
        } else if options.len() < 2 {
            self.error(range.clone(), "a question needs at least two options", "add another `- [ ]` option");
        }
        if correct == 0 {
            self.error(
                range.clone(),
                "this question has no correct option",
                "mark the correct option with `- [x]`",
            );
        } else if correct > 1 && ty == Type::TrueFalse {
            self.error(
                range.clone(),
                "a true/false question has one correct option; this one has two",
                "mark the right one with `- [x]` and the other with `- [ ]`",
            );
        } else if correct > 1 && ty != Type::Multiple {
            self.error(
                range.clone(),
                format!("this single-choice question has {correct} options marked correct"),
                "mark exactly one option with `- [x]`, or make it a {#id .multiple-choice} question",
            );
        }
        Some(match ty {
            Type::Multiple => Kind::MultipleChoice(options),
            Type::TrueFalse => Kind::TrueFalse(options),
            _ => Kind::SingleChoice(options),
        })
    }

    /// Fill-in and numeric answers: `- [x] accepted`, `- [ ] anticipated wrong answer`.
    fn typed_answers(
        &mut self,
        range: &Range<usize>,
        ty: Type,
        list: &'n Node<'a>,
        settings: &Settings,
        walk: &mut Walk,
    ) -> Option<Kind> {
        let mut texts = Vec::new();
        let mut numbers = Vec::new();
        let mut broken = 0;
        let mut seen = BTreeSet::new();
        for item in self.items(list, walk) {
            let Some(correct) = item.marker else {
                self.error(
                    item.range.clone(),
                    "this answer has no checkbox",
                    "start an accepted answer with `- [x]` and an expected wrong one with `- [ ]`",
                );
                broken += 1;
                continue;
            };
            let content = self.inlines_of(&item.content);
            let text = collapse(&plain_text(&content));
            if text.is_empty() {
                self.error(item.range.clone(), "this answer is empty", "write the answer after `- [x]`");
                broken += 1;
                continue;
            }
            if ty == Type::FillIn {
                let key = if settings.case_sensitive { text.clone() } else { text.to_lowercase() };
                if !seen.insert(key) {
                    let hint = if settings.case_sensitive {
                        "list each answer once"
                    } else {
                        "list each answer once; upper and lower case count as the same unless the heading \
                         says case=sensitive"
                    };
                    self.error(item.range.clone(), format!("the answer `{text}` is listed twice"), hint);
                }
                texts.push(TextAnswer { text, correct, feedback: item.feedback });
                continue;
            }
            match number_range(&text) {
                Some((min, max)) => {
                    if let Some(read) = thousands_lookalike(&text) {
                        self.warn(
                            item.range.clone(),
                            format!("`{text}` is read as {read}, with a decimal point"),
                            format!(
                                "if you mean {}, write it like that: numbers have no thousands \
                                 separators, in learners' answers neither",
                                text.replace([',', '.'], "")
                            ),
                        );
                    }
                    numbers.push(NumberAnswer { min, max, correct, feedback: item.feedback })
                }
                None => {
                    self.error(
                        item.range.clone(),
                        format!("`{text}` is not a number"),
                        "write a number like 6, 2.5 or 2,5, optionally with a tolerance: 6 ± 1 or 6 +/- 1 \
                         (no thousands separators)",
                    );
                    broken += 1;
                }
            }
        }
        let accepted =
            texts.iter().filter(|t| t.correct).count() + numbers.iter().filter(|n| n.correct).count();
        // With a broken answer, that answer's error says what is wrong.
        if accepted == 0 && broken == 0 {
            self.error(
                range.clone(),
                "this question has no accepted answer",
                "mark the answers that count as right with `- [x]`",
            );
        }
        if ty == Type::FillIn {
            Some(Kind::FillIn(FillIn { case_sensitive: settings.case_sensitive, answers: texts }))
        } else {
            Some(Kind::Numeric(numbers))
        }
    }

    /// `- left -> right` items.
    fn pairs(&mut self, range: &Range<usize>, list: &'n Node<'a>, walk: &mut Walk) -> Option<Kind> {
        let mut pairs: Vec<Pair> = Vec::new();
        for item in self.items(list, walk) {
            let content = self.inlines_of(&item.content);
            match split_pair(content) {
                Some((left, right))
                    if !plain_text(&left).trim().is_empty() && !plain_text(&right).trim().is_empty() =>
                {
                    if pairs.iter().any(|p| plain_text(&p.left).trim() == plain_text(&left).trim()) {
                        self.error(
                            item.range.clone(),
                            format!("`{}` is on the left of two pairs", plain_text(&left).trim()),
                            "each item on the left belongs to one item on the right",
                        );
                    }
                    pairs.push(Pair { left, right });
                }
                _ => self.error(
                    item.range.clone(),
                    "this item has no partner",
                    "write each pair as `- item -> its match`, with an arrow `->` between the two",
                ),
            }
        }
        if pairs.len() < 2 {
            self.error(
                range.clone(),
                "a matching question needs at least two pairs",
                "add another `- a -> b` line",
            );
        }
        Some(Kind::Matching(pairs))
    }

    fn order(&mut self, range: &Range<usize>, list: &'n Node<'a>, walk: &mut Walk) -> Option<Kind> {
        if matches!(list.kind, NodeKind::Tag(Tag::List(None))) {
            self.warn(
                list.range.clone(),
                "the steps of an ordering question should be a numbered list",
                "number them in the correct order: 1. first, 2. second...",
            );
        }
        let mut items = Vec::new();
        for item in self.items(list, walk) {
            let content = self.inlines_of(&item.content);
            if plain_text(&content).trim().is_empty() {
                self.error(item.range.clone(), "this item is empty", "write the step after the number");
            } else if item.marker.is_some() {
                self.error(
                    item.range.clone(),
                    "an ordering question has no checkboxes",
                    "remove the [ ] or [x]",
                );
            }
            items.push(content);
        }
        if items.len() < 2 {
            self.error(
                range.clone(),
                "an ordering question needs at least two items",
                "add another numbered line",
            );
        }
        Some(Kind::Ordering(items))
    }

    /// A table: the scale in the header (after an empty first cell), statements down the left.
    fn scale(&mut self, range: &Range<usize>, table: &'n Node<'a>) -> Option<Kind> {
        let mut scale = Vec::new();
        let mut statements = Vec::new();
        for part in &table.children {
            match &part.kind {
                NodeKind::Tag(Tag::TableHead) => {
                    scale = part.children.iter().skip(1).map(|cell| self.inlines(&cell.children)).collect()
                }
                NodeKind::Tag(Tag::TableRow) => {
                    if let Some(first) = part.children.first() {
                        let statement = self.inlines(&first.children);
                        if plain_text(&statement).trim().is_empty() {
                            self.error(
                                part.range.clone(),
                                "this row has no statement",
                                "write the statement in the first cell",
                            );
                        } else {
                            statements.push(statement);
                        }
                    }
                }
                _ => {}
            }
        }
        if scale.len() < 2 || scale.iter().any(|s| plain_text(s).trim().is_empty()) {
            self.error(
                range.clone(),
                "the scale of a self-assessment needs at least two labels",
                "write the labels in the table's first row, after an empty first cell: | | not at all | a little | fully |",
            );
        }
        if statements.is_empty() {
            self.error(
                range.clone(),
                "this self-assessment has no statements",
                "add a row per statement below the header",
            );
        }
        Some(Kind::SelfAssessment(SelfAssessment { scale, statements }))
    }

    /// A scenario's steps: the headings one level below its own.
    fn scenario(
        &mut self,
        range: &Range<usize>,
        level: u8,
        following: &'n [Node<'a>],
        walk: &mut Walk,
        intro: &mut Vec<Block>,
        debrief: &mut Vec<Block>,
    ) -> Option<Vec<Step>> {
        let is_step = |n: &Node| matches!(&n.kind, NodeKind::Tag(Tag::Heading(h)) if h.level == level + 1);
        let first = following.iter().position(is_step).unwrap_or(following.len());
        // What stands before the first step introduces the scenario.
        let nodes: Vec<&Node> = following[..first].iter().collect();
        *intro = self.blocks_of(&nodes, walk);
        let mut steps: Vec<Step> = Vec::new();
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut targets: Vec<(usize, String, Range<usize>)> = Vec::new();
        // A step without an id was reported; choices that may mean it are not reported again.
        let mut missing_ids = false;
        let mut step_ids = BTreeSet::new();
        let mut at = first;
        while at < following.len() {
            let heading = &following[at];
            let end =
                at + 1 + following[at + 1..].iter().position(is_step).unwrap_or(following.len() - at - 1);
            let body = &following[at + 1..end];
            at = end;
            let NodeKind::Tag(Tag::Heading(tag)) = &heading.kind else { continue };
            let (id, classes) = (&tag.id, &tag.classes);
            walk.last_level = level + 1;
            if classes.iter().any(|c| c.as_ref() == "debrief") {
                let nodes: Vec<&Node> = body.iter().collect();
                debrief.extend(self.blocks_of(&nodes, walk));
                continue;
            }
            let title = self.inlines(&heading.children);
            let Some(id) = id.as_deref().filter(|id| is_id(id)) else {
                missing_ids = true;
                self.error(
                    heading.range.clone(),
                    "this scenario step has no id",
                    "add an id for the choices to point to, e.g. `### You ask first {#ask-first}`",
                );
                continue;
            };
            if !step_ids.insert(id.to_string()) {
                self.error(
                    heading.range.clone(),
                    format!("two steps of this scenario have the id `{id}`"),
                    "give each step its own id",
                );
                continue;
            }
            let success = classes.iter().any(|c| c.as_ref() == "success");
            let list_at = body.iter().position(|n| self.is_path_list(n));
            let mut paths = Vec::new();
            let mut nodes: Vec<&Node> = Vec::new();
            for (n, node) in body.iter().enumerate() {
                if Some(n) != list_at {
                    nodes.push(node);
                    continue;
                }
                for item in self.items(node, walk) {
                    let link = item.content.iter().find(|c| matches!(c.kind, NodeKind::Tag(Tag::Link(_))));
                    match link.map(|l| (&l.kind, l)) {
                        Some((NodeKind::Tag(Tag::Link(dest_url)), link)) if dest_url.starts_with('#') => {
                            let to = dest_url[1..].to_string();
                            targets.push((steps.len(), to.clone(), item.range.clone()));
                            let content = self.inlines(&link.children);
                            paths.push(Path { content, to, feedback: item.feedback });
                        }
                        _ => self.error(
                            item.range.clone(),
                            "each choice of a scenario step is a link to the step it leads to",
                            "write it as `- [What the learner does](#step-id)`",
                        ),
                    }
                }
            }
            let blocks = self.blocks_of(&nodes, walk);
            if success && !paths.is_empty() {
                self.error(
                    heading.range.clone(),
                    "only an ending can be a .success",
                    "remove the choices, or the .success",
                );
            }
            steps.push(Step { id: id.to_string(), title, blocks, paths, success });
            ranges.push(heading.range.clone());
        }
        if steps.is_empty() {
            let hint = if level >= 6 {
                "a scenario's steps are headings one level below its own: make the scenario a heading of \
                 level 5 or less"
                    .to_string()
            } else {
                format!(
                    "write each step as a heading one level below ({}) with an id",
                    "#".repeat(usize::from(level) + 1)
                )
            };
            self.error(range.clone(), "this scenario has no steps", hint);
            return None;
        }
        self.check_paths(&steps, &ranges, &targets, missing_ids);
        Some(steps)
    }

    fn is_path_list(&self, node: &Node) -> bool {
        matches!(node.kind, NodeKind::Tag(Tag::List(_)))
            && node.children.iter().any(|item| {
                let mut inner = item.children.iter().flat_map(|c| {
                    if matches!(c.kind, NodeKind::Tag(Tag::Paragraph)) {
                        c.children.iter().collect::<Vec<_>>()
                    } else {
                        vec![c]
                    }
                });
                inner.any(
                    |c| matches!(&c.kind, NodeKind::Tag(Tag::Link(dest_url)) if dest_url.starts_with('#')),
                )
            })
    }

    /// Every choice leads to a step; every step can be reached and leads to an ending. A choice
    /// that leads nowhere is reported once: for the rest of the checks it counts as leading to the
    /// step it most likely means, or else as an ending, so that one typo gives one diagnostic.
    fn check_paths(
        &mut self,
        steps: &[Step],
        ranges: &[Range<usize>],
        targets: &[(usize, String, Range<usize>)],
        missing_ids: bool,
    ) {
        let index: BTreeMap<&str, usize> =
            steps.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let known: Vec<&str> = index.keys().copied().collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
        let mut open_end = vec![false; steps.len()];
        for (from, to, range) in targets {
            match index.get(to.as_str()) {
                Some(&target) => edges[*from].push(target),
                None => {
                    let guess = closest(to, &known);
                    let hint = match guess {
                        Some(step) => format!("did you mean `#{step}`?"),
                        None => format!(
                            "the steps are {}",
                            known.iter().map(|k| format!("`#{k}`")).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    let message =
                        format!("this choice leads to `#{to}`, which is not a step of the scenario");
                    if !missing_ids {
                        self.error(range.clone(), message, hint);
                    }
                    match guess.and_then(|g| index.get(g)) {
                        Some(&target) => edges[*from].push(target),
                        None => open_end[*from] = true,
                    }
                }
            }
        }
        // Reachable from the first step.
        let mut reached = vec![false; steps.len()];
        let mut stack = vec![0];
        while let Some(step) = stack.pop() {
            if !std::mem::replace(&mut reached[step], true) {
                stack.extend(&edges[step]);
            }
        }
        // Leading to an ending (a step without choices), walking the edges backwards.
        let mut back: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
        for (from, targets) in edges.iter().enumerate() {
            for &to in targets {
                back[to].push(from);
            }
        }
        let mut ends = vec![false; steps.len()];
        let mut stack: Vec<usize> =
            (0..steps.len()).filter(|&s| steps[s].paths.is_empty() || open_end[s]).collect();
        while let Some(step) = stack.pop() {
            if !std::mem::replace(&mut ends[step], true) {
                stack.extend(&back[step]);
            }
        }
        for (s, step) in steps.iter().enumerate() {
            if !reached[s] {
                self.warn(
                    ranges[s].clone(),
                    format!("no choice leads to the step `{}`", step.id),
                    "link to it from another step with [choice](#step-id), or delete it",
                );
            } else if !ends[s] {
                self.error(
                    ranges[s].clone(),
                    format!(
                        "from the step `{}` no ending can be reached: the learner would go round in circles",
                        step.id
                    ),
                    "let one of the choices lead on to a step without choices (an ending)",
                );
            }
        }
    }
}

/// Whether a list or table has the shape of `ty`'s answers: checkboxes, arrows, numbers, or a
/// table whose first header cell is empty.
fn looks_like_answers(node: &Node, ty: Type) -> bool {
    let has = |node: &Node, test: &dyn Fn(&Node) -> bool| -> bool {
        fn walk(node: &Node, test: &dyn Fn(&Node) -> bool, depth: usize) -> bool {
            test(node) || (depth < 3 && node.children.iter().any(|c| walk(c, test, depth + 1)))
        }
        walk(node, test, 0)
    };
    match ty {
        Type::Single | Type::Multiple | Type::TrueFalse | Type::FillIn | Type::Numeric => {
            node.children.iter().any(|item| has(item, &|n| matches!(n.kind, NodeKind::TaskMarker(_))))
        }
        Type::Matching => node.children.iter().any(|item| {
            has(item, &|n| matches!(&n.kind, NodeKind::Text(t) if t.contains("->") || t.contains('→')))
        }),
        Type::Ordering => matches!(node.kind, NodeKind::Tag(Tag::List(Some(_)))),
        Type::SelfAssessment => {
            node.children.first().and_then(|head| head.children.first()).is_some_and(|cell| {
                cell.children.iter().all(|c| matches!(&c.kind, NodeKind::Text(t) if t.trim().is_empty()))
            })
        }
        Type::Reflection | Type::Scenario => false,
    }
}

fn answers_hint(ty: Type) -> &'static str {
    match ty {
        Type::Single | Type::TrueFalse => {
            "put the options as a checkbox list right under the heading: `- [x]` for the correct option, \
             `- [ ]` for the others"
        }
        Type::Multiple => {
            "put the options as a checkbox list right under the heading: `- [x]` for each correct one"
        }
        Type::FillIn => "list the accepted answers under the heading as `- [x] answer`",
        Type::Numeric => "write the correct number under the heading as `- [x] 42` (or `- [x] 42 ± 2`)",
        Type::Matching => "list the pairs under the heading as `- item -> its match`",
        Type::Ordering => "list the items in the correct order as a numbered list: 1. ..., 2. ...",
        Type::SelfAssessment => {
            "put a table under the heading: the scale in the first row, one statement per row"
        }
        Type::Reflection | Type::Scenario => "",
    }
}

/// Trimmed, with runs of white space made one space.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `6`, `6 ± 1`, `6 +/- 1`, `2,5` → (min, max) as canonical decimal text.
fn number_range(text: &str) -> Option<(String, String)> {
    let (value, tolerance) = match text.split_once('±').or_else(|| text.split_once("+/-")) {
        Some((value, tolerance)) => (value, Some(tolerance)),
        None => (text, None),
    };
    let value = crate::model::parse_decimal(value)?;
    let tolerance = match tolerance {
        Some(t) => crate::model::parse_decimal(t).filter(|t| *t >= 0)?,
        None => 0,
    };
    Some((decimal_text(value.checked_sub(tolerance)?), decimal_text(value.checked_add(tolerance)?)))
}

/// `1,000` or `2.500`: one separator followed by exactly three digits after a non-zero whole
/// part, which a reader may take for a thousands separator. Returns how it is read (`1.0`).
fn thousands_lookalike(text: &str) -> Option<String> {
    let value = text.split(['±']).next().unwrap_or(text).split("+/-").next().unwrap_or(text).trim();
    let digits = value.trim_start_matches(['-', '+', '\u{2212}']);
    let (whole, fraction) = digits.split_once(['.', ','])?;
    let lookalike = fraction.len() == 3
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !whole.starts_with('0');
    lookalike.then(|| decimal_text(crate::model::parse_decimal(value).unwrap_or_default()))
}

/// Millionths → `"-2.5"`.
fn decimal_text(millionths: i64) -> String {
    let sign = if millionths < 0 { "-" } else { "" };
    let abs = millionths.unsigned_abs();
    let (whole, fraction) = (abs / 1_000_000, abs % 1_000_000);
    if fraction == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{}", format!("{fraction:06}").trim_end_matches('0'))
    }
}

/// Split inline content at the first `->` or `→` in its text.
fn split_pair(content: Vec<Inline>) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let mut left = Vec::new();
    let mut iter = content.into_iter();
    for inline in iter.by_ref() {
        if let Inline::Text(text) = &inline {
            let arrow =
                text.find("->").map(|at| (at, 2)).or_else(|| text.find('→').map(|at| (at, '→'.len_utf8())));
            if let Some((at, width)) = arrow {
                let (before, after) = (text[..at].trim_end(), text[at + width..].trim_start());
                if !before.is_empty() {
                    left.push(Inline::Text(before.to_string()));
                }
                let mut right = Vec::new();
                if !after.is_empty() {
                    right.push(Inline::Text(after.to_string()));
                }
                right.extend(iter);
                trim_edges(&mut left);
                return Some((left, right));
            }
        }
        left.push(inline);
    }
    None
}

fn trim_edges(inlines: &mut [Inline]) {
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        *t = t.trim_end().to_string();
    }
}
