//! The compiled course document: what `lotse` writes as `course.json` and the player renders.
//!
//! The format is versioned by [`FORMAT_VERSION`]; a player refuses documents of another version
//! with a clear message instead of rendering them wrongly. Enums use serde's default external
//! tagging (`{"paragraph": [...]}`), which is the cheapest form to decode in the wasm player.
//! `docs/course-format.md` describes the JSON for people who write other tools.

use serde::{Deserialize, Serialize};

/// Bumped whenever a change to these types would make an older player misread a document.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// Always [`FORMAT_VERSION`] when written by this compiler.
    pub format: u32,
    /// Stable course id from `course.toml` (lower-case letters, digits, hyphens).
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who the course is for, in the author's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
    /// BCP 47 language tag of the content, e.g. `en` or `de`.
    pub language: String,
    /// The author's version of the course, e.g. `1.0.0`.
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_minutes: Option<u32>,
    /// Percentage of the questions' points needed to pass; `None`: the course is completed, not
    /// passed or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passing_score: Option<u8>,
    pub modules: Vec<Module>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Module {
    /// Stable id: the file name without its order prefix and extension.
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Heading(Heading),
    Paragraph(Vec<Inline>),
    List(List),
    Quote(Vec<Block>),
    /// Preformatted text (a fenced or indented code block).
    Code(String),
    Table(Table),
    Rule,
    Question(Question),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    /// 1–6; each module has exactly one level-1 heading, its title.
    pub level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// `Some(first number)` for a numbered list, `None` for bullets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    pub items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub align: Vec<Align>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Code(String),
    Link(Link),
    Image(Image),
    LineBreak,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub href: String,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Path relative to the course folder, or an https URL.
    pub src: String,
    /// Required by the compiler: an image without alt text is an error.
    pub alt: String,
}

/// A single-choice question: exactly one option is correct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable author-given id; learners' saved answers are keyed by it.
    pub id: String,
    pub prompt: Vec<Inline>,
    pub options: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub content: Vec<Inline>,
    pub correct: bool,
    /// Shown after the learner checks an answer with this option selected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Block>,
}

impl Course {
    /// All questions of the course in reading order, with the index of their module.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.modules.iter().enumerate().flat_map(|(m, module)| {
            module.blocks.iter().filter_map(move |block| match block {
                Block::Question(q) => Some((m, q)),
                _ => None,
            })
        })
    }
}

/// The plain text of inline content, e.g. for a title attribute or a test.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_text(inlines, &mut out);
    out
}

fn push_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => push_text(c, out),
            Inline::Link(l) => push_text(&l.content, out),
            Inline::Image(i) => out.push_str(&i.alt),
            Inline::LineBreak => out.push(' '),
        }
    }
}

/// Whether a link target may be rendered: web pages, e-mail, telephone, and relative paths.
/// Everything else (`javascript:`, `data:`...) is refused by the compiler and the player alike.
pub fn is_safe_href(href: &str) -> bool {
    let href = href.trim();
    match href.find(':') {
        None => true,
        Some(colon) => {
            // A colon after the first '/', '?' or '#' belongs to a relative path, not a scheme.
            if href[..colon].contains(['/', '?', '#']) {
                return true;
            }
            let scheme = href[..colon].to_ascii_lowercase();
            ["http", "https", "mailto", "tel"].contains(&scheme.as_str())
        }
    }
}
