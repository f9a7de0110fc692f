//! One module: Markdown → [`Module`], walking pulldown-cmark's events with their byte offsets.
//!
//! The events are first gathered into a small tree ([`Node`]) so that constructs spanning several
//! blocks (a question is a heading followed by a task list) can be recognised; the tree is then
//! turned into model blocks, with a diagnostic for everything a trainer should change.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag};

use super::config::is_id;
use super::{Diagnostics, Files};
use crate::diag::Severity;
use crate::model::{
    plain_text, Align, Block, Choice, Heading, Image, Inline, Link, List, Module, Question, Table,
};

/// The Markdown extensions a course may use, set in one place.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The class that turns a heading and the task list under it into a question.
const QUESTION_CLASS: &str = "question";

/// Link texts that say nothing out of context (WCAG 2.4.4), in the course languages we expect.
const VAGUE_LINK_TEXTS: &[&str] =
    &["click here", "here", "link", "more", "read more", "hier", "hier klicken", "mehr", "weiter"];

#[derive(Debug)]
enum Kind<'a> {
    Root,
    Tag(Tag<'a>),
    Text(CowStr<'a>),
    Code(CowStr<'a>),
    Html(CowStr<'a>),
    SoftBreak,
    HardBreak,
    Rule,
    TaskMarker(bool),
    /// Syntax the course format does not use (footnotes, math...), kept as its source text.
    Unsupported(CowStr<'a>),
}

#[derive(Debug)]
struct Node<'a> {
    kind: Kind<'a>,
    range: Range<usize>,
    children: Vec<Node<'a>>,
}

impl Node<'_> {
    fn is_inline(&self) -> bool {
        match &self.kind {
            Kind::Text(_) | Kind::Code(_) | Kind::SoftBreak | Kind::HardBreak => true,
            Kind::Html(_) | Kind::Unsupported(_) => true,
            Kind::Tag(tag) => matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            ),
            _ => false,
        }
    }
}

/// Deeper nesting than this (counted in Markdown elements: a list and its item are two) is an
/// error: no reader needs it, and it keeps the compiler's recursion and the player's JSON reader
/// (256 levels) safe. About 30 levels of lists inside lists stay allowed.
pub(super) const MAX_NESTING: usize = 64;

/// The event tree, and the offset of the first construct nested deeper than [`MAX_NESTING`]
/// (its content is kept, flattened into the deepest allowed level).
fn tree(text: &str) -> (Node<'_>, Option<usize>) {
    let mut stack = vec![Node { kind: Kind::Root, range: 0..text.len(), children: vec![] }];
    let mut too_deep = None;
    let mut skipped = 0;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let leaf = |kind| Node { kind, range: range.clone(), children: vec![] };
        match event {
            Event::Start(_) if stack.len() > MAX_NESTING => {
                too_deep.get_or_insert(range.start);
                skipped += 1;
            }
            Event::End(_) if skipped > 0 => skipped -= 1,
            Event::Start(tag) => stack.push(leaf(Kind::Tag(tag))),
            Event::End(_) => {
                // Start and End always pair up in pulldown-cmark's stream; the root stays.
                if stack.len() > 1 {
                    let node = stack.pop().expect("stack holds more than the root");
                    stack.last_mut().expect("root").children.push(node);
                }
            }
            Event::Text(t) => push(&mut stack, leaf(Kind::Text(t))),
            Event::Code(t) => push(&mut stack, leaf(Kind::Code(t))),
            Event::Html(t) | Event::InlineHtml(t) => push(&mut stack, leaf(Kind::Html(t))),
            Event::SoftBreak => push(&mut stack, leaf(Kind::SoftBreak)),
            Event::HardBreak => push(&mut stack, leaf(Kind::HardBreak)),
            Event::Rule => push(&mut stack, leaf(Kind::Rule)),
            Event::TaskListMarker(done) => push(&mut stack, leaf(Kind::TaskMarker(done))),
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                let source = CowStr::from(text[range.clone()].to_string());
                push(&mut stack, leaf(Kind::Unsupported(source)))
            }
        }
    }
    while stack.len() > 1 {
        let node = stack.pop().expect("stack holds more than the root");
        stack.last_mut().expect("root").children.push(node);
    }
    (stack.pop().expect("root"), too_deep)
}

fn push<'a>(stack: &mut [Node<'a>], node: Node<'a>) {
    stack.last_mut().expect("root").children.push(node);
}

pub(super) struct Compiler<'c> {
    pub file: &'c str,
    pub text: &'c str,
    pub files: &'c Files,
    pub diags: &'c mut Diagnostics,
    /// Question id → the module file that first used it, across the whole course.
    pub questions: &'c mut BTreeMap<String, String>,
}

/// State while walking one module.
struct Walk {
    title: Option<String>,
    last_level: u8,
    /// How many lists and quotes enclose the blocks being compiled.
    depth: usize,
}

impl Compiler<'_> {
    pub fn module(mut self, id: String) -> Option<Module> {
        let (root, too_deep) = tree(self.text);
        if let Some(offset) = too_deep {
            self.error(
                offset..offset,
                "lists or quotes are nested too deeply here",
                "use fewer levels: split the content into several lists or sections",
            );
        }
        let mut walk = Walk { title: None, last_level: 0, depth: 0 };
        let blocks = self.blocks(&root.children, &mut walk);
        let Some(title) = walk.title else {
            self.error(
                0..0,
                "this module has no title",
                "start the module with a level-1 heading: a line `# Title of the module`",
            );
            return None;
        };
        if title.trim().is_empty() {
            self.error(0..0, "the module title is empty", "write the title after the `# `");
        }
        Some(Module { id, title, blocks })
    }

    /// Blocks inside a list item, quote or option feedback.
    fn nested_blocks(&mut self, nodes: &[Node], walk: &mut Walk) -> Vec<Block> {
        walk.depth += 1;
        let blocks = self.blocks(nodes, walk);
        walk.depth -= 1;
        blocks
    }

    fn error(&mut self, range: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Severity::Error, self.file, self.text, range, message, hint);
    }

    fn warn(&mut self, range: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Severity::Warning, self.file, self.text, range, message, hint);
    }

    fn blocks(&mut self, nodes: &[Node], walk: &mut Walk) -> Vec<Block> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < nodes.len() {
            let node = &nodes[i];
            i += 1;
            if node.is_inline() {
                // A tight list item holds its text directly; gather it into a paragraph.
                let start = i - 1;
                while i < nodes.len() && nodes[i].is_inline() {
                    i += 1;
                }
                out.push(Block::Paragraph(self.inlines(&nodes[start..i])));
                continue;
            }
            let Kind::Tag(tag) = &node.kind else {
                match node.kind {
                    Kind::Rule => out.push(Block::Rule),
                    Kind::TaskMarker(_) => self.warn(
                        node.range.clone(),
                        "a checkbox list item outside a question",
                        "questions are a heading with {#id .question} directly followed by the list",
                    ),
                    _ => {}
                }
                continue;
            };
            match tag {
                Tag::Heading { level, id, classes, .. } => {
                    let level = heading_level(*level);
                    self.check_heading_level(node, level, walk);
                    if classes.iter().any(|c| c.as_ref() == QUESTION_CLASS) && walk.depth > 0 {
                        self.error(
                            node.range.clone(),
                            "a question cannot stand inside a list, a quote or feedback",
                            "move the question heading and its options out, to the left margin",
                        );
                        if nodes.get(i).is_some_and(|n| matches!(n.kind, Kind::Tag(Tag::List(_)))) {
                            i += 1; // its options: reported with the question, not one by one
                        }
                        continue;
                    }
                    if classes.iter().any(|c| c.as_ref() == QUESTION_CLASS) {
                        let list = nodes.get(i).filter(|n| matches!(n.kind, Kind::Tag(Tag::List(_))));
                        if list.is_some() {
                            i += 1;
                        }
                        out.extend(self.question(node, id.as_deref(), list, walk).map(Block::Question));
                        continue;
                    }
                    let content = self.inlines(&node.children);
                    if level == 1 {
                        if walk.title.is_some() {
                            self.error(
                                node.range.clone(),
                                "a module has one level-1 heading, its title; this is a second one",
                                "make this a level-2 heading (`## ...`) or move it to a module of its own",
                            );
                        } else {
                            walk.title = Some(plain_text(&content));
                        }
                    }
                    let id = id.as_ref().map(|s| s.to_string());
                    out.push(Block::Heading(Heading { level, id, content }));
                }
                Tag::Paragraph => out.push(Block::Paragraph(self.inlines(&node.children))),
                Tag::BlockQuote(_) => out.push(Block::Quote(self.nested_blocks(&node.children, walk))),
                Tag::CodeBlock(kind) => {
                    if let CodeBlockKind::Fenced(_) = kind {
                        self.check_fence_closed(node.range.clone());
                    }
                    out.push(Block::Code(text_of(&node.children)));
                }
                Tag::HtmlBlock => {
                    self.warn_html(node.range.clone());
                    out.push(Block::Code(text_of(&node.children)));
                }
                Tag::List(start) => {
                    let items =
                        node.children.iter().map(|item| self.nested_blocks(&item.children, walk)).collect();
                    out.push(Block::List(List { start: *start, items }));
                }
                Tag::Table(align) => out.push(Block::Table(self.table(node, align))),
                _ => {
                    // Other block syntax (footnote definitions...) is shown as its text.
                    let source = self.text[node.range.clone()].to_string();
                    out.push(Block::Paragraph(vec![Inline::Text(source)]));
                }
            }
        }
        out
    }

    /// A fence left open turns the rest of the module into code: almost always a mistake.
    fn check_fence_closed(&mut self, range: Range<usize>) {
        // Quote markers and indentation in front of the fences do not count.
        let unquote =
            |line: &str| line.trim_start_matches(|c: char| c == '>' || c.is_whitespace()).to_string();
        let source = &self.text[range.clone()];
        let opening = unquote(source);
        let marker = if opening.starts_with('~') { '~' } else { '`' };
        let width = opening.chars().take_while(|&c| c == marker).count();
        let closed = source.trim_end().lines().count() > 1
            && source.trim_end().lines().last().is_some_and(|last| {
                let last = unquote(last);
                let last = last.trim_end();
                last.chars().take_while(|&c| c == marker).count() >= width
                    && last.trim_matches(marker).is_empty()
            });
        if !closed {
            self.warn(
                range.start..range.start,
                "this code block is not closed: everything after it is shown as code",
                format!("add a line with only {} after the code", marker.to_string().repeat(width.max(3))),
            );
        }
    }

    fn check_heading_level(&mut self, node: &Node, level: u8, walk: &mut Walk) {
        if walk.last_level == 0 && level != 1 {
            self.error(
                node.range.clone(),
                "a module must start with its title, a level-1 heading",
                "put a line `# Title of the module` before this heading",
            );
        } else if walk.last_level > 0 && level > walk.last_level + 1 {
            self.warn(
                node.range.clone(),
                format!("heading level {level} follows level {}: a level is skipped", walk.last_level),
                format!(
                    "screen-reader users navigate by heading levels; use {} here",
                    "#".repeat(usize::from(walk.last_level) + 1)
                ),
            );
        }
        walk.last_level = level;
    }

    fn question(
        &mut self,
        heading: &Node,
        id: Option<&str>,
        list: Option<&Node>,
        walk: &mut Walk,
    ) -> Option<Question> {
        let range = heading.range.clone();
        let prompt = self.inlines(&heading.children);
        if plain_text(&prompt).trim().is_empty() {
            self.error(
                range.clone(),
                "this question has no text",
                "write the question before the {#id .question}",
            );
        }
        let id = match id {
            Some(id) if is_id(id) => id.to_string(),
            Some(id) => {
                self.error(
                    range,
                    format!("`{id}` is not a valid question id"),
                    "use lower-case letters a-z, digits and hyphens, e.g. {#first-contact .question}",
                );
                return None;
            }
            None => {
                self.error(
                    range,
                    "this question has no id",
                    "add a stable id to the heading, e.g. {#first-contact .question}; \
                     learners' saved answers are kept under it",
                );
                return None;
            }
        };
        if let Some(first) = self.questions.get(&id) {
            let message = format!("the question id `{id}` is already used in {first}");
            self.error(range.clone(), message, "every question needs its own id");
        } else {
            self.questions.insert(id.clone(), self.file.to_string());
        }
        let Some(list) = list else {
            self.error(
                range,
                "this question has no options",
                "put the options as a checkbox list right under the heading: `- [x]` for the \
                 correct option, `- [ ]` for the others",
            );
            return None;
        };
        let mut options = Vec::new();
        for item in &list.children {
            options.extend(self.choice(item, walk));
        }
        let correct = options.iter().filter(|o| o.correct).count();
        if options.len() < 2 {
            self.error(range.clone(), "a question needs at least two options", "add another `- [ ]` option");
        }
        if correct == 0 {
            self.error(
                range.clone(),
                "this question has no correct option",
                "mark the correct option with `- [x]`",
            );
        } else if correct > 1 {
            self.error(
                range.clone(),
                format!("this single-choice question has {correct} options marked correct"),
                "mark exactly one option with `- [x]` and the others with `- [ ]`",
            );
        }
        Some(Question { id, prompt, options })
    }

    fn choice(&mut self, item: &Node, walk: &mut Walk) -> Option<Choice> {
        let mut marker = None;
        let mut inline = Vec::new();
        let mut feedback = Vec::new();
        for child in &item.children {
            match &child.kind {
                Kind::TaskMarker(done) => marker = Some(*done),
                Kind::Tag(Tag::Paragraph) if inline.is_empty() && feedback.is_empty() => {
                    for grandchild in &child.children {
                        match grandchild.kind {
                            Kind::TaskMarker(done) => marker = Some(done),
                            _ => inline.push(grandchild),
                        }
                    }
                }
                Kind::Tag(Tag::BlockQuote(_)) => feedback.extend(self.nested_blocks(&child.children, walk)),
                _ if child.is_inline() => inline.push(child),
                _ => self.warn(
                    child.range.clone(),
                    "only feedback, as a quote (`> ...`), may follow an option",
                    "indent the feedback under the option and start it with `> `",
                ),
            }
        }
        let Some(correct) = marker else {
            self.error(
                item.range.clone(),
                "this option has no checkbox",
                "start every option with `- [ ]`, or `- [x]` for the correct one",
            );
            return None;
        };
        if feedback.is_empty() {
            self.warn(
                item.range.clone(),
                "this option has no feedback",
                "tell the learner why this option is right or wrong: indent a line `> ...` under it",
            );
        }
        let content = self.inlines_of(&inline);
        if plain_text(&content).trim().is_empty() {
            self.error(item.range.clone(), "this option has no text", "write the option after `- [ ]`");
        }
        Some(Choice { content, correct, feedback })
    }

    fn table(&mut self, node: &Node, align: &[Alignment]) -> Table {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        for part in &node.children {
            let cells = |this: &mut Self, row: &Node| -> Vec<Vec<Inline>> {
                row.children.iter().map(|cell| this.inlines(&cell.children)).collect()
            };
            match &part.kind {
                Kind::Tag(Tag::TableHead) => head = cells(self, part),
                Kind::Tag(Tag::TableRow) => rows.push(cells(self, part)),
                _ => {}
            }
        }
        let align = align
            .iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        Table { align, head, rows }
    }

    fn inlines(&mut self, nodes: &[Node]) -> Vec<Inline> {
        let refs: Vec<&Node> = nodes.iter().collect();
        self.inlines_of(&refs)
    }

    fn inlines_of(&mut self, nodes: &[&Node]) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for node in nodes {
            let inline = match &node.kind {
                Kind::Text(t) => Inline::Text(t.to_string()),
                Kind::Code(t) => Inline::Code(t.to_string()),
                Kind::SoftBreak => Inline::Text(" ".to_string()),
                Kind::HardBreak => Inline::LineBreak,
                Kind::Html(t) => {
                    self.warn_html(node.range.clone());
                    Inline::Text(t.to_string())
                }
                Kind::Unsupported(t) => Inline::Text(t.to_string()),
                Kind::Tag(tag) => match tag {
                    Tag::Emphasis => Inline::Emphasis(self.inlines(&node.children)),
                    Tag::Strong => Inline::Strong(self.inlines(&node.children)),
                    Tag::Strikethrough => Inline::Strikethrough(self.inlines(&node.children)),
                    Tag::Link { dest_url, .. } => self.link(node, dest_url),
                    Tag::Image { dest_url, .. } => self.image(node, dest_url),
                    _ => Inline::Text(text_of(&node.children)),
                },
                Kind::Root | Kind::Rule | Kind::TaskMarker(_) => continue,
            };
            // Merge neighbouring text (soft breaks, entities) into one run.
            match (out.last_mut(), inline) {
                (Some(Inline::Text(prev)), Inline::Text(next)) => prev.push_str(&next),
                (_, inline) => out.push(inline),
            }
        }
        out
    }

    fn link(&mut self, node: &Node, href: &str) -> Inline {
        let content = self.inlines(&node.children);
        let label = plain_text(&content);
        if !crate::model::is_safe_href(href) {
            self.error(
                node.range.clone(),
                format!("the link target `{href}` is not allowed"),
                "link to a web page (https://...), an e-mail address (mailto:...) or a file of the course",
            );
        } else if !href.contains(':') && !href.starts_with('#') && !href.starts_with("//") {
            self.check_internal_link(node.range.clone(), href);
        }
        let normalised = label.trim().trim_end_matches(['.', ':', '!']).to_lowercase();
        if VAGUE_LINK_TEXTS.contains(&normalised.as_str()) {
            self.warn(
                node.range.clone(),
                format!("the link text \"{}\" does not say where the link goes", label.trim()),
                "use the name of the target as link text, e.g. [the Integration Act](https://...)",
            );
        } else if normalised.is_empty() {
            self.error(
                node.range.clone(),
                "this link has no text",
                "write what the link leads to between [ and ]",
            );
        }
        Inline::Link(Link { href: href.to_string(), content })
    }

    /// A relative link must name a file of the course. Links from one module to another are not
    /// supported yet: the player shows modules by its own navigation, not by file.
    fn check_internal_link(&mut self, range: Range<usize>, href: &str) {
        let target = href.split(['#', '?']).next().unwrap_or_default();
        if target.is_empty() {
            return;
        }
        let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
        let path = resolve(self.file, &decoded);
        if !self.files.contains_key(&path) {
            self.error(
                range,
                format!("the link target `{href}` does not exist in the course"),
                "check the file name (upper and lower case matter), or link to a web page with https://",
            );
        } else if path.ends_with(".md") {
            self.warn(
                range,
                "links from one module to another do not work in the course player yet",
                "name the module in the text instead, e.g. \"see the module Integration management\"",
            );
        }
    }

    fn image(&mut self, node: &Node, src: &str) -> Inline {
        let alt = plain_text(&self.inlines(&node.children)).trim().to_string();
        if alt.is_empty() {
            self.error(
                node.range.clone(),
                "this image has no alt text",
                "describe what the image shows between the brackets: ![Two arrows between ...](file.svg)",
            );
        }
        if src.contains(':') || src.starts_with("//") {
            self.error(
                node.range.clone(),
                format!("the image `{src}` would be loaded from another site"),
                "save the image in the course folder and refer to it by file name; \
                 the course makes no requests to other sites",
            );
        } else {
            // The src is a URL: `bild%20eins.png` names the file `bild eins.png`.
            let decoded = percent_encoding::percent_decode_str(src).decode_utf8_lossy();
            let path = resolve(self.file, &decoded);
            if !self.files.contains_key(&path) {
                self.error(
                    node.range.clone(),
                    format!("the image file `{src}` does not exist"),
                    "check the file name (upper and lower case matter) and that it is in the course folder",
                );
            }
        }
        Inline::Image(Image { src: resolve(self.file, src), alt })
    }

    fn warn_html(&mut self, range: Range<usize>) {
        self.warn(
            range,
            "HTML is not allowed in a course; it is shown as plain text",
            "use Markdown instead: **bold**, *italic*, [link text](https://...)",
        );
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn text_of(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match &node.kind {
            Kind::Text(t) | Kind::Code(t) | Kind::Html(t) | Kind::Unsupported(t) => out.push_str(t),
            Kind::SoftBreak | Kind::HardBreak => out.push('\n'),
            _ => out.push_str(&text_of(&node.children)),
        }
    }
    out
}

/// A path relative to the module file → a path relative to the course folder.
fn resolve(module: &str, src: &str) -> String {
    let mut parts: Vec<&str> = module.split('/').collect();
    parts.pop();
    for part in src.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}
