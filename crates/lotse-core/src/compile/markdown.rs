//! One module: Markdown → [`Module`], walking pulldown-cmark's events with their byte offsets.
//!
//! The events are first gathered into a small tree ([`Node`]) so that constructs spanning several
//! blocks (a question is a heading followed by a task list) can be recognised; the tree is then
//! turned into model blocks, with a diagnostic for everything a trainer should change.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser};

use super::{Diagnostics, Files};
use crate::diag::Severity;
use crate::model::{
    plain_text, Align, Attachment, Block, Callout, CalloutKind, Heading, Image, Inline, Link, List, Media,
    MediaKind, Module, Table, TermUse,
};

/// The Markdown extensions a course may use, set in one place.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Heading classes that turn a heading and what follows into a section of their own.
const EXPANDABLE: &str = "expandable";
const TAKEAWAYS: &str = "takeaways";

/// Link texts that say nothing out of context (WCAG 2.4.4), in the course languages we expect.
const VAGUE_LINK_TEXTS: &[&str] =
    &["click here", "here", "link", "more", "read more", "hier", "hier klicken", "mehr", "weiter"];

#[derive(Debug)]
pub(super) enum Kind<'a> {
    Root,
    Tag(Tag<'a>),
    Text(CowStr<'a>),
    Code(CowStr<'a>),
    Html(CowStr<'a>),
    SoftBreak,
    HardBreak,
    Rule,
    TaskMarker(bool),
    /// `[^label]`.
    FootnoteRef(CowStr<'a>),
    /// Syntax the course format does not use (footnotes, math...), kept as its source text.
    Unsupported(CowStr<'a>),
}

/// pulldown-cmark's tags with only what the compiler reads. A node is half the size this way,
/// and the compiler's speed depends on it: every node is moved into its parent.
#[derive(Debug)]
pub(super) enum Tag<'a> {
    Paragraph,
    Heading(Box<HeadingTag<'a>>),
    BlockQuote,
    /// `true` for a fenced block, `false` for an indented one.
    CodeBlock(bool),
    HtmlBlock,
    List(Option<u64>),
    Item,
    FootnoteDefinition(CowStr<'a>),
    Table(Vec<Alignment>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    Link(CowStr<'a>),
    Image(CowStr<'a>),
    MetadataBlock,
    /// Syntax the course format does not enable.
    Other,
}

#[derive(Debug)]
pub(super) struct HeadingTag<'a> {
    pub(super) level: u8,
    pub(super) id: Option<CowStr<'a>>,
    pub(super) classes: Vec<CowStr<'a>>,
    pub(super) attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
}

impl<'a> From<pulldown_cmark::Tag<'a>> for Tag<'a> {
    fn from(tag: pulldown_cmark::Tag<'a>) -> Self {
        use pulldown_cmark::Tag as T;
        match tag {
            T::Paragraph => Tag::Paragraph,
            T::Heading { level, id, classes, attrs } => {
                Tag::Heading(Box::new(HeadingTag { level: heading_level(level), id, classes, attrs }))
            }
            T::BlockQuote(_) => Tag::BlockQuote,
            T::CodeBlock(kind) => Tag::CodeBlock(matches!(kind, CodeBlockKind::Fenced(_))),
            T::HtmlBlock => Tag::HtmlBlock,
            T::List(start) => Tag::List(start),
            T::Item => Tag::Item,
            T::FootnoteDefinition(label) => Tag::FootnoteDefinition(label),
            T::Table(align) => Tag::Table(align),
            T::TableHead => Tag::TableHead,
            T::TableRow => Tag::TableRow,
            T::TableCell => Tag::TableCell,
            T::Emphasis => Tag::Emphasis,
            T::Strong => Tag::Strong,
            T::Strikethrough => Tag::Strikethrough,
            T::Superscript => Tag::Superscript,
            T::Subscript => Tag::Subscript,
            T::Link { dest_url, .. } => Tag::Link(dest_url),
            T::Image { dest_url, .. } => Tag::Image(dest_url),
            T::MetadataBlock(_) => Tag::MetadataBlock,
            _ => Tag::Other,
        }
    }
}

#[derive(Debug)]
pub(super) struct Node<'a> {
    pub(super) kind: Kind<'a>,
    pub(super) range: Range<usize>,
    pub(super) children: Vec<Node<'a>>,
}

impl Node<'_> {
    pub(super) fn is_inline(&self) -> bool {
        match &self.kind {
            Kind::Text(_) | Kind::Code(_) | Kind::SoftBreak | Kind::HardBreak => true,
            Kind::FootnoteRef(_) => true,
            Kind::Html(_) | Kind::Unsupported(_) => true,
            Kind::Tag(tag) => matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link(_)
                    | Tag::Image(_)
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
    // Finished nodes wait in `done` until their parent ends; then they move, once, into a vector
    // of exactly their number. (Pushing each into its parent's vector as it came grew the
    // vectors step by step: an allocation and a copy each time, the compiler's largest cost.)
    let mut open: Vec<(Kind<'_>, Range<usize>, usize)> = Vec::new();
    let mut done: Vec<Node<'_>> = Vec::new();
    let mut too_deep = None;
    let mut skipped = 0;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let kind = match event {
            Event::Start(_) if open.len() >= MAX_NESTING => {
                too_deep.get_or_insert(range.start);
                skipped += 1;
                continue;
            }
            Event::End(_) if skipped > 0 => {
                skipped -= 1;
                continue;
            }
            Event::Start(tag) => {
                open.push((Kind::Tag(Tag::from(tag)), range, done.len()));
                continue;
            }
            Event::End(_) => {
                // Start and End always pair up in pulldown-cmark's stream.
                if let Some((kind, range, first)) = open.pop() {
                    let children = done.drain(first..).collect();
                    done.push(Node { kind, range, children });
                }
                continue;
            }
            Event::Text(t) => Kind::Text(t),
            Event::Code(t) => Kind::Code(t),
            Event::Html(t) | Event::InlineHtml(t) => Kind::Html(t),
            Event::SoftBreak => Kind::SoftBreak,
            Event::HardBreak => Kind::HardBreak,
            Event::Rule => Kind::Rule,
            Event::TaskListMarker(checked) => Kind::TaskMarker(checked),
            Event::FootnoteReference(label) => Kind::FootnoteRef(label),
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                Kind::Unsupported(CowStr::from(text[range.clone()].to_string()))
            }
        };
        done.push(Node { kind, range, children: Vec::new() });
    }
    while let Some((kind, range, first)) = open.pop() {
        let children = done.drain(first..).collect();
        done.push(Node { kind, range, children });
    }
    (Node { kind: Kind::Root, range: 0..text.len(), children: done }, too_deep)
}

/// What every file of one language of a course needs to know while it is compiled.
pub(super) struct Context {
    /// The glossary file, and the ids of its terms.
    pub glossary: Option<(String, BTreeSet<String>)>,
    /// Attempts for a graded interaction that does not say otherwise.
    pub attempts: u32,
    /// The language suffix of translated files (`de` in `01-intro.de.md`); `None` for the original.
    pub suffix: Option<String>,
}

/// What the compiler of one file hands back to the course: the interactions it defined
/// (id → file and heading range, for duplicate and translation checks), the terms it used and
/// the Markdown files it read as transcripts.
#[derive(Default)]
pub(super) struct Seen {
    pub interactions: BTreeMap<String, (String, Range<usize>)>,
    pub terms: BTreeSet<String>,
    pub transcripts: BTreeSet<String>,
}

pub(super) struct Compiler<'c> {
    pub file: &'c str,
    pub text: &'c str,
    pub files: &'c Files,
    pub diags: &'c mut Diagnostics,
    pub context: &'c Context,
    pub seen: &'c mut Seen,
    /// Footnote labels in the order of their first reference, with that reference's range.
    pub(super) notes: Vec<(String, Range<usize>)>,
    /// Footnote definitions: label, blocks, range.
    pub(super) note_defs: Vec<(String, Vec<Block>, Range<usize>)>,
}

/// State while walking one module.
pub(super) struct Walk {
    pub(super) title: Option<String>,
    pub(super) last_level: u8,
    /// How many lists, quotes and sections enclose the blocks being compiled.
    pub(super) depth: usize,
}

/// Front matter of a module, between `+++` lines at its top.
#[derive(Default)]
pub(super) struct Front {
    pub id: Option<String>,
    pub title: Option<String>,
    pub estimated_minutes: Option<u32>,
    pub objectives: Vec<String>,
}

impl<'c> Compiler<'c> {
    pub fn new(
        file: &'c str,
        text: &'c str,
        files: &'c Files,
        diags: &'c mut Diagnostics,
        context: &'c Context,
        seen: &'c mut Seen,
    ) -> Self {
        Compiler { file, text, files, diags, context, seen, notes: Vec::new(), note_defs: Vec::new() }
    }

    /// A module; `id` is the one its file name gives, which front matter may replace.
    pub fn module(mut self, id: String) -> Option<Module> {
        // YAML front matter (`---` lines) is not read; blank it so it is not taken for a heading.
        let yaml_end = yaml_front_matter(self.text);
        let blanked;
        let source = match yaml_end {
            Some(end) => {
                blanked = self.text[..end].replace(|c: char| c != '\n', " ") + &self.text[end..];
                blanked.as_str()
            }
            None => self.text,
        };
        let (root, too_deep) = tree(source);
        if let Some(offset) = too_deep {
            self.error(
                offset..offset,
                "this is nested too deeply (lists, quotes or emphasis inside each other)",
                "use fewer levels: split the content into several lists or sections",
            );
        }
        let mut nodes = &root.children[..];
        let mut front = Front::default();
        if let Some(first) = nodes.first().filter(|n| matches!(n.kind, Kind::Tag(Tag::MetadataBlock))) {
            let offset = first.children.first().map_or(first.range.start, |c| c.range.start);
            front = super::config::front_matter(
                self.file,
                self.text,
                &text_of(&first.children),
                offset,
                self.diags,
            );
            nodes = &nodes[1..];
        } else if yaml_end.is_some() {
            self.warn(
                0..3,
                "front matter between `---` lines is not read",
                "put the module's settings between lines of `+++` and write them as in course.toml: \
                 estimated-minutes = 10",
            );
        }
        let mut walk = Walk { title: None, last_level: 0, depth: 0 };
        let blocks = self.blocks(nodes, &mut walk);
        let footnotes = self.footnotes();
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
        let objectives = front.objectives.iter().map(|o| vec![Inline::Text(o.clone())]).collect();
        Some(Module {
            id: front.id.unwrap_or(id),
            title: front.title.unwrap_or(title),
            estimated_minutes: front.estimated_minutes,
            objectives,
            blocks,
            footnotes,
        })
    }

    /// A Markdown file without a title of its own (a transcript, the glossary's definitions):
    /// its blocks, compiled as if nested, so that interactions are refused.
    pub fn fragment(mut self) -> Vec<Block> {
        let (root, _) = tree(self.text);
        let mut walk = Walk { title: None, last_level: 1, depth: 1 };
        let mut blocks = self.blocks(&root.children, &mut walk);
        let notes = self.footnotes();
        if !notes.is_empty() {
            blocks.push(Block::Rule);
            let items = notes;
            blocks.push(Block::List(List { start: Some(1), items }));
        }
        blocks
    }

    /// The footnotes in the order of their first reference; a reference without a definition and
    /// a definition without a reference are reported.
    fn footnotes(&mut self) -> Vec<Vec<Block>> {
        let notes = std::mem::take(&mut self.notes);
        let defs = std::mem::take(&mut self.note_defs);
        for (label, _, range) in &defs {
            if !notes.iter().any(|(l, _)| l == label) {
                self.warn(
                    range.clone(),
                    format!("the footnote [^{label}] is never referred to"),
                    format!("refer to it in the text with [^{label}], or delete it"),
                );
            }
        }
        let mut out = Vec::new();
        for (label, range) in notes {
            match defs.iter().find(|(l, _, _)| *l == label) {
                Some((_, blocks, _)) => out.push(blocks.clone()),
                None => {
                    self.error(
                        range,
                        format!("the footnote [^{label}] is not defined"),
                        format!("add a line `[^{label}]: the note's text` at the end of the module"),
                    );
                    out.push(Vec::new());
                }
            }
        }
        out
    }

    /// Blocks inside a list item, quote, section or feedback.
    pub(super) fn nested_blocks(&mut self, nodes: &[Node], walk: &mut Walk) -> Vec<Block> {
        walk.depth += 1;
        let blocks = self.blocks(nodes, walk);
        walk.depth -= 1;
        blocks
    }

    pub(super) fn error(&mut self, range: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Severity::Error, self.file, self.text, range, message, hint);
    }

    pub(super) fn warn(&mut self, range: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Severity::Warning, self.file, self.text, range, message, hint);
    }

    pub(super) fn blocks(&mut self, nodes: &[Node], walk: &mut Walk) -> Vec<Block> {
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
                out.push(self.paragraph(&nodes[start..i]));
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
                Tag::Heading(heading) => {
                    let (level, id, classes, attrs) =
                        (heading.level, &heading.id, &heading.classes, &heading.attrs);
                    self.check_heading_level(node, level, walk);
                    let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    let kind = super::interaction::kind_of(&classes);
                    let section = [EXPANDABLE, TAKEAWAYS].into_iter().find(|c| classes.contains(c));
                    self.check_classes(node, &classes, attrs, kind.is_some());
                    // What belongs to the heading: everything up to the next heading of its level.
                    let end = || {
                        i + nodes[i..]
                            .iter()
                            .position(|n| matches!(&n.kind, Kind::Tag(Tag::Heading(h)) if h.level <= level))
                            .unwrap_or(nodes.len() - i)
                    };
                    if (kind.is_some() || section.is_some()) && walk.depth > 0 {
                        self.error(
                            node.range.clone(),
                            format!(
                                "{} cannot stand inside a list, a quote, a callout or a section",
                                if kind.is_some() { "a question" } else { "this section" }
                            ),
                            "move the heading and what belongs to it out, to the left margin and \
                             after the section",
                        );
                        i = end();
                        continue;
                    }
                    if let Some(kind) = kind {
                        let end = end();
                        let (interaction, used) =
                            self.interaction(node, kind, id.as_deref(), attrs, &nodes[i..end], walk);
                        out.extend(interaction.map(|i| Block::Interaction(Box::new(i))));
                        i += used;
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
                    let heading = Heading { level, id, content };
                    if let Some(section) = section {
                        let end = end();
                        let blocks = self.nested_blocks(&nodes[i..end], walk);
                        if i == end {
                            self.warn(
                                node.range.clone(),
                                "this section is empty",
                                "write its content under the heading, before the next heading",
                            );
                        }
                        let section_block = crate::model::Section { heading, blocks };
                        out.push(if section == EXPANDABLE {
                            Block::Expandable(section_block)
                        } else {
                            Block::Takeaways(section_block)
                        });
                        i = end;
                        continue;
                    }
                    out.push(Block::Heading(heading));
                }
                Tag::Paragraph => out.push(self.paragraph(&node.children)),
                Tag::BlockQuote => out.push(self.quote(node, walk)),
                Tag::CodeBlock(fenced) => {
                    if *fenced {
                        self.check_fence_closed(node.range.clone());
                    }
                    out.push(Block::Code(text_of(&node.children)));
                }
                Tag::HtmlBlock => {
                    let html = text_of(&node.children);
                    if !is_comment(&html) {
                        self.warn_html(node.range.clone());
                        out.push(Block::Code(html));
                    }
                }
                Tag::List(start) => {
                    let items =
                        node.children.iter().map(|item| self.nested_blocks(&item.children, walk)).collect();
                    out.push(Block::List(List { start: *start, items }));
                }
                Tag::Table(align) => out.push(Block::Table(self.table(node, align))),
                Tag::FootnoteDefinition(label) => {
                    let blocks = self.nested_blocks(&node.children, walk);
                    if self.note_defs.iter().any(|(l, _, _)| l == label.as_ref()) {
                        self.error(
                            node.range.clone(),
                            format!("the footnote [^{label}] is defined twice"),
                            "give each footnote its own label",
                        );
                    } else {
                        self.note_defs.push((label.to_string(), blocks, node.range.clone()));
                    }
                }
                Tag::MetadataBlock => self.error(
                    node.range.clone(),
                    "front matter (`+++`) belongs at the very top of the module",
                    "move it before the title, or delete the `+++` lines",
                ),
                _ => {
                    // Other block syntax is shown as its text.
                    let source = self.text[node.range.clone()].to_string();
                    out.push(Block::Paragraph(vec![Inline::Text(source)]));
                }
            }
        }
        out
    }

    /// A paragraph, or a video or audio file standing on a line of its own.
    fn paragraph(&mut self, nodes: &[Node]) -> Block {
        let mut meaningful = nodes.iter().filter(|n| {
            !matches!(&n.kind, Kind::Text(t) if t.trim().is_empty()) && !matches!(n.kind, Kind::SoftBreak)
        });
        if let (Some(node), None) = (meaningful.next(), meaningful.next()) {
            if let Kind::Tag(Tag::Image(dest_url)) = &node.kind {
                if let Some(kind) = media_kind(dest_url) {
                    return self.media(node, dest_url, kind);
                }
            }
        }
        Block::Paragraph(self.inlines(nodes))
    }

    /// A quote, or a callout: a quote whose first line is `[!NOTE]`, `[!TIP]`...
    fn quote(&mut self, node: &Node, walk: &mut Walk) -> Block {
        match self.callout_marker(node) {
            Some((marker, marker_end)) => {
                let kind = match callout_kind(&marker) {
                    Some(kind) => kind,
                    None => {
                        let known: Vec<&str> = CALLOUTS.iter().map(|(word, _)| *word).collect();
                        let hint = match super::config::closest(&marker.to_ascii_uppercase(), &known) {
                            Some(word) => format!("did you mean [!{word}]?"),
                            None => format!(
                                "use one of {}",
                                known.iter().map(|w| format!("[!{w}]")).collect::<Vec<_>>().join(", ")
                            ),
                        };
                        self.error(
                            node.range.start..marker_end,
                            format!("`[!{marker}]` is not a kind of callout"),
                            hint,
                        );
                        CalloutKind::Note
                    }
                };
                let blocks = self.callout_blocks(node, marker_end, walk);
                if blocks.is_empty() && node.children.len() <= 1 {
                    self.warn(
                        node.range.clone(),
                        "this callout is empty",
                        "write its text on the lines below, each starting with `> `",
                    );
                }
                Block::Callout(Callout { kind, blocks })
            }
            None => Block::Quote(self.nested_blocks(&node.children, walk)),
        }
    }

    /// `[!WORD]` at the start of a quote, and the offset where the marker ends.
    pub(super) fn callout_marker(&self, node: &Node) -> Option<(String, usize)> {
        let first = node.children.first().filter(|c| matches!(c.kind, Kind::Tag(Tag::Paragraph)))?;
        let source = &self.text[first.range.clone()];
        let rest = source.strip_prefix("[!")?;
        let close = rest.find(']')?;
        let word = &rest[..close];
        if word.is_empty() || !word.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            return None;
        }
        Some((word.to_string(), first.range.start + 2 + close + 1))
    }

    /// The blocks of a callout, without its marker.
    pub(super) fn callout_blocks(&mut self, node: &Node, marker_end: usize, walk: &mut Walk) -> Vec<Block> {
        let mut blocks = Vec::new();
        walk.depth += 1;
        if let Some(first) = node.children.first() {
            // The first paragraph, without its `[!KIND]` marker.
            let rest: Vec<&Node> = first
                .children
                .iter()
                .filter(|c| c.range.start >= marker_end)
                .skip_while(|c| matches!(c.kind, Kind::SoftBreak | Kind::HardBreak))
                .collect();
            if !rest.is_empty() {
                let inlines = self.inlines_of(&rest);
                if !plain_text(&inlines).trim().is_empty() || inlines.len() > 1 {
                    blocks.push(Block::Paragraph(inlines));
                }
            }
            // The rest together, so that a heading and what belongs to it stay together.
            blocks.extend(self.blocks(&node.children[1..], walk));
        }
        walk.depth -= 1;
        blocks
    }

    /// Heading classes and attributes must mean something: a typo would silently turn a
    /// question into a plain heading.
    fn check_classes(
        &mut self,
        node: &Node,
        classes: &[&str],
        attrs: &[(CowStr, Option<CowStr>)],
        is_interaction: bool,
    ) {
        let known = super::interaction::KNOWN_CLASSES;
        for class in classes {
            if !known.contains(class) {
                let hint = match super::config::closest(class, known) {
                    Some(known) => format!("did you mean `.{known}`?"),
                    None => format!(
                        "a heading may have one of {}",
                        known.iter().map(|k| format!("`.{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.error(node.range.clone(), format!("`.{class}` is not something a heading can be"), hint);
            }
        }
        for class in classes.iter().filter(|c| ["success", "debrief"].contains(*c)) {
            self.error(
                node.range.clone(),
                format!("`.{class}` only applies to a step of a scenario"),
                "put this heading one level below a heading with {#id .scenario}, or remove the class",
            );
        }
        let kinds = classes.iter().filter(|c| super::interaction::kind_of(&[**c]).is_some()).count()
            + classes.iter().filter(|c| [EXPANDABLE, TAKEAWAYS].contains(c)).count();
        if kinds > 1 {
            self.error(
                node.range.clone(),
                "this heading has more than one kind",
                "keep one of the classes: a heading is a question of one kind, or one kind of section",
            );
        }
        if !is_interaction {
            if let Some((key, _)) = attrs.first() {
                self.error(
                    node.range.clone(),
                    format!("`{key}=` only applies to questions"),
                    "remove it, or make the heading a question with {#an-id .question}",
                );
            }
        }
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

    pub(super) fn inlines(&mut self, nodes: &[Node]) -> Vec<Inline> {
        self.inlines_iter(nodes.iter())
    }

    pub(super) fn inlines_of(&mut self, nodes: &[&Node]) -> Vec<Inline> {
        self.inlines_iter(nodes.iter().copied())
    }

    /// Inline content. Neighbouring text (soft breaks, entities) is merged into one run as it is
    /// read, without a string per piece: the compiler's speed depends on few allocations.
    fn inlines_iter<'n, 'a: 'n>(&mut self, nodes: impl Iterator<Item = &'n Node<'a>> + Clone) -> Vec<Inline> {
        self.check_unresolved_notes(nodes.clone());
        let mut out: Vec<Inline> = Vec::new();
        // Where this content starts and ends in the source, and whether raw HTML in it was reported
        // already: text that only looks like HTML is reported once per run of content.
        let mut span: Option<Range<usize>> = None;
        let mut warned = false;
        for node in nodes {
            span =
                Some(span.map_or(node.range.clone(), |s| {
                    s.start.min(node.range.start)..s.end.max(node.range.end)
                }));
            let inline = match &node.kind {
                Kind::Text(t) | Kind::Unsupported(t) => {
                    push_text(&mut out, t);
                    continue;
                }
                Kind::SoftBreak => {
                    push_text(&mut out, " ");
                    continue;
                }
                Kind::Code(t) => Inline::Code(t.to_string()),
                Kind::HardBreak => Inline::LineBreak,
                Kind::Html(t) if is_comment(t) => continue,
                Kind::Html(t) if is_line_break(t) => Inline::LineBreak,
                Kind::Html(t) => {
                    self.warn_html(node.range.clone());
                    warned = true;
                    push_text(&mut out, t);
                    continue;
                }
                Kind::FootnoteRef(label) => {
                    let n = match self.notes.iter().position(|(l, _)| l == label.as_ref()) {
                        Some(n) => n,
                        None => {
                            self.notes.push((label.to_string(), node.range.clone()));
                            self.notes.len() - 1
                        }
                    };
                    Inline::Footnote(u32::try_from(n + 1).unwrap_or(u32::MAX))
                }
                Kind::Tag(tag) => match tag {
                    Tag::Emphasis => Inline::Emphasis(self.inlines(&node.children)),
                    Tag::Strong => Inline::Strong(self.inlines(&node.children)),
                    Tag::Strikethrough => Inline::Strikethrough(self.inlines(&node.children)),
                    Tag::Link(dest_url) => self.link(node, dest_url),
                    Tag::Image(dest_url) => self.image(node, dest_url),
                    _ => Inline::Text(text_of(&node.children)),
                },
                Kind::Root | Kind::Rule | Kind::TaskMarker(_) => continue,
            };
            match inline {
                Inline::Text(text) => push_text(&mut out, &text),
                inline => out.push(inline),
            }
        }
        let looks_like_html =
            out.iter().any(|i| matches!(i, Inline::Text(t) if super::active::markup_at(t).is_some()));
        if let (false, true, Some(span)) = (warned, looks_like_html, span) {
            self.warn_markup_text(span);
        }
        out
    }

    /// Text that reads as HTML once Markdown has been read (see [`super::active::markup_at`]),
    /// reported from where it starts in `span` of the source to the end of that line.
    fn warn_markup_text(&mut self, span: Range<usize>) {
        let source = self.text.get(span.clone()).unwrap_or_default();
        let lower = source.to_ascii_lowercase();
        let start =
            [super::active::markup_at(source), lower.find("&lt;"), lower.find("&#60;"), lower.find("&#x3c;")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(0);
        let end = source[start..].find('\n').map_or(source.len(), |n| start + n);
        self.warn(
            span.start + start..span.start + end,
            "this text looks like HTML; it is shown as plain text",
            "use Markdown instead: **bold**, *italic*, [link text](https://...); write < and > only \
             where they mean less and greater",
        );
    }

    fn link(&mut self, node: &Node, href: &str) -> Inline {
        let content = self.inlines(&node.children);
        let label = plain_text(&content);
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
        if !crate::model::is_safe_href(href) {
            self.error(
                node.range.clone(),
                format!("the link target `{href}` is not allowed"),
                "link to a web page (https://...), an e-mail address (mailto:...) or a file of the course",
            );
        } else if !href.contains(':') && !href.starts_with('#') && !href.starts_with("//") {
            return self.internal_link(node, href, content);
        }
        Inline::Link(Link { href: href.to_string(), content })
    }

    /// `[^label]` left as text: pulldown-cmark turns a reference into a footnote only when the
    /// footnote is defined, so this is a footnote nobody wrote.
    fn check_unresolved_notes<'n, 'a: 'n>(&mut self, nodes: impl Iterator<Item = &'n Node<'a>>) {
        let mut nodes = nodes.peekable();
        while let Some(node) = nodes.next() {
            let Kind::Text(text) = &node.kind else { continue };
            // pulldown-cmark splits text at brackets: the run of text nodes counts.
            let mut caret = text.contains('^');
            let start = node.range.start;
            let mut end = node.range.end;
            while let Some(next) = nodes.next_if(|n| matches!(n.kind, Kind::Text(_))) {
                caret |= matches!(&next.kind, Kind::Text(t) if t.contains('^'));
                end = next.range.end;
            }
            if !caret {
                continue;
            }
            let Some(source) = self.text.get(start..end) else { continue };
            for (offset, _) in source.match_indices("[^") {
                let rest = &source[offset + 2..];
                let Some(close) = rest.find(']') else { continue };
                let label = &rest[..close];
                if label.is_empty() || label.contains(char::is_whitespace) || rest[close..].starts_with("]:")
                {
                    continue;
                }
                let range = start + offset..start + offset + close + 3;
                self.error(
                    range,
                    format!("the footnote [^{label}] is not defined"),
                    format!("add a line `[^{label}]: the note's text` at the end of the module"),
                );
            }
        }
    }

    /// A relative link: a glossary term, a file to download, or (with a warning) another module.
    fn internal_link(&mut self, node: &Node, href: &str, content: Vec<Inline>) -> Inline {
        let range = node.range.clone();
        let (target, fragment) = match href.split_once('#') {
            Some((target, fragment)) => (target, Some(fragment)),
            None => (href, None),
        };
        let target = target.split('?').next().unwrap_or_default();
        let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
        let path = resolve(self.file, &decoded);
        let context = self.context;
        if let Some((glossary, terms)) =
            context.glossary.as_ref().filter(|(g, _)| *g == path || *g == original(&path, context))
        {
            let id =
                fragment.map(|f| percent_encoding::percent_decode_str(f).decode_utf8_lossy().to_string());
            match id {
                Some(id) if terms.contains(&id) => {
                    self.seen.terms.insert(id.clone());
                    return Inline::Term(TermUse { id, content });
                }
                Some(id) => {
                    let known: Vec<&str> = terms.iter().map(String::as_str).collect();
                    let hint = match super::config::closest(&id, &known) {
                        Some(term) => format!("did you mean `{glossary}#{term}`?"),
                        None => {
                            format!("add a heading `## ...` for it to {glossary}, or check the part after #")
                        }
                    };
                    self.error(range, format!("the glossary has no term `{id}`"), hint);
                }
                None => self.error(
                    range,
                    "this link leads to the whole glossary, not to a term",
                    format!("name the term after a #, e.g. [{}]({glossary}#term-id)", plain_text(&content)),
                ),
            }
            return Inline::Text(plain_text(&content));
        }
        if target.is_empty() {
            return Inline::Link(Link { href: href.to_string(), content });
        }
        let Some(bytes) = self.files.get(&path) else {
            self.error(
                range,
                format!("the link target `{href}` does not exist in the course"),
                "check the file name (upper and lower case matter), or link to a web page with https://",
            );
            return Inline::Link(Link { href: href.to_string(), content });
        };
        if path.ends_with(".md") {
            self.warn(
                range,
                "links from one module to another do not work in the course player yet",
                "name the module in the text instead, e.g. \"see the module Integration management\"",
            );
            return Inline::Link(Link { href: href.to_string(), content });
        }
        if let Some(why) = super::active::active_content(&path, bytes) {
            self.error(
                range.clone(),
                format!(
                    "the file `{href}` {why}, which could run in the course's site when a learner opens it"
                ),
                super::active::ACTIVE_HINT,
            );
        }
        let kind = path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_uppercase()).unwrap_or_default();
        Inline::Attachment(Box::new(Attachment { src: path, content, kind, bytes: bytes.len() as u64 }))
    }

    fn image(&mut self, node: &Node, src: &str) -> Inline {
        if media_kind(src).is_some() {
            self.error(
                node.range.clone(),
                "a recording must stand on a line of its own",
                "put an empty line before and after ![...](...) so that the player can show it",
            );
        }
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
            match self.files.get(&path) {
                None => self.error(
                    node.range.clone(),
                    format!("the image file `{src}` does not exist"),
                    "check the file name (upper and lower case matter) and that it is in the course folder",
                ),
                Some(bytes) => {
                    if let Some(why) = super::active::active_content(&path, bytes) {
                        self.error(
                            node.range.clone(),
                            format!("the image `{src}` {why}, which could run in the course's site when a learner opens the image"),
                            super::active::ACTIVE_HINT,
                        );
                    }
                }
            }
        }
        Inline::Image(Image { src: resolve(self.file, src), alt })
    }

    /// A video or audio file with its captions (`name.vtt`) or transcript (`name.md`) beside it.
    fn media(&mut self, node: &Node, src: &str, kind: MediaKind) -> Block {
        let title = plain_text(&self.inlines(&node.children)).trim().to_string();
        let range = node.range.clone();
        if title.is_empty() {
            self.error(
                range.clone(),
                "this recording has no title",
                "say what it is between the brackets: ![Interview with a caseworker](interview.mp4)",
            );
        }
        let path = resolve(self.file, &percent_encoding::percent_decode_str(src).decode_utf8_lossy());
        let remote = src.contains(':') || src.starts_with("//");
        if remote {
            self.error(
                range.clone(),
                format!("the recording `{src}` would be loaded from another site"),
                "save the file in the course folder and refer to it by file name; \
                 the course makes no requests to other sites",
            );
        } else if !self.files.contains_key(&path) {
            self.error(
                range.clone(),
                format!("the media file `{src}` does not exist"),
                "check the file name (upper and lower case matter) and that it is in the course folder",
            );
        }
        let stem = path.rsplit_once('.').map_or(path.as_str(), |(stem, _)| stem).to_string();
        let localised = |ext: &str| match &self.context.suffix {
            Some(lang) => format!("{stem}.{lang}.{ext}"),
            None => format!("{stem}.{ext}"),
        };
        let (vtt, md) = (localised("vtt"), localised("md"));
        let captions = self.files.get(&vtt).map(|bytes| {
            if !bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).starts_with(b"WEBVTT") {
                self.diags.push(
                    Severity::Error,
                    &vtt,
                    "",
                    0..0,
                    "this captions file is not WebVTT: it must start with the line WEBVTT",
                    "save the captions as WebVTT (.vtt); subtitle editors and most video platforms export it",
                );
            }
            vtt.clone()
        });
        let mut transcript = Vec::new();
        let mut transcript_broken = false;
        if let Some(bytes) = self.files.get(&md) {
            self.seen.transcripts.insert(md.clone());
            match super::decode(&md, bytes, self.diags) {
                Some(text) => {
                    transcript =
                        Compiler::new(&md, &text, self.files, self.diags, self.context, self.seen).fragment();
                    if transcript.is_empty() {
                        self.diags.push(
                            Severity::Error,
                            &md,
                            &text,
                            0..0,
                            "this transcript is empty",
                            "write down what is said in the recording, who says it, and what can be seen",
                        );
                        transcript_broken = true;
                    }
                }
                None => transcript_broken = true,
            }
        }
        // WCAG 2.1: a video needs captions (1.2.2), a recording without picture a transcript
        // (1.2.1); browsers show no captions for audio.
        let file = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
        if !remote {
            match kind {
                MediaKind::Video if captions.is_none() => self.error(
                    range,
                    format!("the video `{src}` has no captions"),
                    format!(
                        "people who cannot hear it need captions: save them as WebVTT in `{}` beside the video",
                        file(&vtt)
                    ),
                ),
                MediaKind::Audio if transcript.is_empty() && !transcript_broken => {
                    let also = if captions.is_some() { " (browsers do not show captions for audio)" } else { "" };
                    let hint = format!(
                        "people who cannot hear it need a transcript{also}: write what is said in `{}` beside it",
                        file(&md)
                    );
                    self.error(range, format!("the recording `{src}` has no transcript"), hint);
                }
                _ => {}
            }
        }
        Block::Media(Box::new(Media { kind, src: path, title, captions, transcript }))
    }

    fn warn_html(&mut self, range: Range<usize>) {
        self.warn(
            range,
            "HTML is not allowed in a course; it is shown as plain text",
            "use Markdown instead: **bold**, *italic*, [link text](https://...); only <br> and \
             <!-- comments --> are understood",
        );
    }
}

/// Text added to inline content, merged into the run before it (soft breaks, entities and text
/// split at brackets become one run).
fn push_text(out: &mut Vec<Inline>, piece: &str) {
    match out.last_mut() {
        Some(Inline::Text(prev)) => prev.push_str(piece),
        _ => out.push(Inline::Text(piece.to_string())),
    }
}

/// The end of front matter between `---` lines at the very top, if there is such a block.
fn yaml_front_matter(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = text.len() - rest.len();
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return Some(offset);
        }
    }
    None
}

/// `<!-- ... -->`: a note for co-authors, left out of the course without a warning.
fn is_comment(html: &str) -> bool {
    let html = html.trim();
    html.starts_with("<!--") && html.ends_with("-->")
}

/// `<br>`, `<br/>`, `<br />`: the one HTML element the course format keeps, as a line break.
fn is_line_break(html: &str) -> bool {
    let compact: String =
        html.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    ["<br>", "<br/>"].contains(&compact.as_str())
}

/// Callout markers, in English and German, and their kinds.
const CALLOUTS: &[(&str, CalloutKind)] = &[
    ("NOTE", CalloutKind::Note),
    ("TIP", CalloutKind::Tip),
    ("IMPORTANT", CalloutKind::Important),
    ("WARNING", CalloutKind::Warning),
    ("CAUTION", CalloutKind::Warning),
    ("PRACTICE", CalloutKind::Practice),
    ("HINWEIS", CalloutKind::Note),
    ("TIPP", CalloutKind::Tip),
    ("WICHTIG", CalloutKind::Important),
    ("WARNUNG", CalloutKind::Warning),
    ("PRAXIS", CalloutKind::Practice),
];

pub(super) fn callout_kind(marker: &str) -> Option<CalloutKind> {
    CALLOUTS.iter().find(|(word, _)| word.eq_ignore_ascii_case(marker)).map(|(_, kind)| *kind)
}

/// Whether a file name is a video or an audio file the player can play.
fn media_kind(src: &str) -> Option<MediaKind> {
    let path = src.split(['?', '#']).next().unwrap_or_default();
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "mp4" | "webm" | "ogv" | "m4v" => Some(MediaKind::Video),
        "mp3" | "ogg" | "oga" | "m4a" | "wav" | "opus" => Some(MediaKind::Audio),
        _ => None,
    }
}

/// The original of a translated file: `glossary.de.md` → `glossary.md`.
fn original(path: &str, context: &Context) -> String {
    match &context.suffix {
        Some(lang) => path.replace(&format!(".{lang}.md"), ".md"),
        None => path.to_string(),
    }
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub(super) fn text_of(nodes: &[Node]) -> String {
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
pub(super) fn resolve(module: &str, src: &str) -> String {
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
