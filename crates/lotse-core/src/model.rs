//! The compiled course document: what `lotse` writes as `course.json` and the player renders.
//!
//! The format is versioned by [`FORMAT_VERSION`]; a player refuses documents of another version
//! with a clear message instead of rendering them wrongly. Enums use serde's default external
//! tagging (`{"paragraph": [...]}`), which is the cheapest form to decode in the wasm player.
//! `docs/course-format.md` describes the JSON for people who write other tools.

use serde::{Deserialize, Serialize};

/// Bumped whenever a change to these types would make an older player misread a document.
pub const FORMAT_VERSION: u32 = 2;

/// One language of a course. A course in several languages compiles to one document per language;
/// they share every id (modules, interactions, glossary terms), which the compiler checks.
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
    /// BCP 47 language tag of this document's content, e.g. `en` or `de`.
    pub language: String,
    /// Every language the course exists in, the original first (for a language switch).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The author's version of the course, e.g. `1.0.0`.
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_minutes: Option<u32>,
    /// Percentage of the graded points needed to pass; `None`: the course is completed, not
    /// passed or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passing_score: Option<u8>,
    /// What makes the course complete.
    #[serde(default)]
    pub completion: Completion,
    /// Percentage of the course (modules visited and graded questions answered, as
    /// `Progress::measure` counts it) that completes it, in place of the `visited` rule; also
    /// written into SCORM 2004 packages. `None`: the completion rule alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_threshold: Option<u8>,
    /// The organisation that offers the course, shown in the header and on the certificate.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// The organisation's colour as `#rrggbb`; the compiler checks that white text on it is
    /// readable (contrast at least 4.5:1).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub colour: String,
    /// Path of the organisation's logo in the course folder.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub logo: String,
    /// Terms defined once for the whole course and marked where modules use them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<Term>,
    pub modules: Vec<Module>,
}

/// When a learner has completed the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    /// Every module visited and every graded interaction answered.
    #[default]
    Visited,
    /// The graded interactions reach the passing score.
    Passed,
    /// Both of the above.
    VisitedAndPassed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// Stable id, used by `[text](glossary.md#id)` links in modules.
    pub id: String,
    pub term: String,
    pub definition: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Module {
    /// Stable id: from the front matter, or the file name without order prefix and extension.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_minutes: Option<u32>,
    /// Learning objectives from the front matter, each a line of text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Vec<Inline>>,
    pub blocks: Vec<Block>,
    /// The module's footnotes, in the order of their first reference; numbered from 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Vec<Block>>,
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
    /// A highlighted box: `> [!NOTE]`, `> [!TIP]`, `> [!WARNING]`, `> [!PRACTICE]`.
    Callout(Callout),
    /// A heading and its section, the section shown when the learner opens it.
    Expandable(Section),
    /// A heading and its section, highlighted as the key points to take away.
    Takeaways(Section),
    /// A video or audio file with its captions or transcript.
    Media(Box<Media>),
    Interaction(Box<Interaction>),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    /// "In practice": how the content applies at the desk.
    Practice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Callout {
    pub kind: CalloutKind,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Heading,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Audio,
    Video,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    /// Path relative to the course folder.
    pub src: String,
    /// What the recording is, from the Markdown's alt text.
    pub title: String,
    /// A WebVTT captions file beside the media file, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captions: Option<String>,
    /// The transcript (from a Markdown file beside the media file), if there is one. The
    /// compiler requires captions or a transcript.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transcript: Vec<Block>,
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
    /// A use of a glossary term: the id of a [`Term`] of the course and the text as written.
    Term(TermUse),
    /// A reference to footnote `n` (1-based) of the module.
    Footnote(u32),
    /// A link to a file of the course for the learner to download (a PDF handout...).
    Attachment(Box<Attachment>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub href: String,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Path relative to the course folder.
    pub src: String,
    /// Required by the compiler: an image without alt text is an error.
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermUse {
    pub id: String,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// Path relative to the course folder.
    pub src: String,
    pub content: Vec<Inline>,
    /// The file type for the link text, e.g. `PDF`, from the file name's extension.
    pub kind: String,
    /// The file size in bytes, for the link text ("PDF, 120 KB").
    pub bytes: u64,
}

/// Anything the learner answers or works through, with a stable author-given id under which the
/// learner's state and the LMS interaction are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: String,
    /// Level of the heading that asks it.
    pub level: u8,
    pub prompt: Vec<Inline>,
    /// Text between the prompt and the answers: a case description, a table...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<Block>,
    /// Shown when the learner asks for a hint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hint: Vec<Block>,
    /// Shown after answering, whatever the answer (for a scenario: the debrief).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Block>,
    /// Counts toward the score (an assessment) or not (a knowledge check).
    pub graded: bool,
    /// Points for a correct answer, relative to the other graded interactions.
    pub weight: u32,
    /// How often the learner may answer; `None`: as often as they like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// Whether the correct answer may be shown once no attempt is left.
    pub solution: bool,
    pub kind: Kind,
}

/// The kinds of interaction and what each needs. Choices are in the author's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Exactly one choice is correct.
    SingleChoice(Vec<Choice>),
    /// One or more choices are correct; all of them, and no other, must be chosen.
    MultipleChoice(Vec<Choice>),
    /// A statement; of the two choices (the author's words for "true" and "false") one is correct.
    TrueFalse(Vec<Choice>),
    FillIn(FillIn),
    /// Accepted ranges, and anticipated wrong ranges with their own feedback.
    Numeric(Vec<NumberAnswer>),
    /// Each left item belongs to one right item; the player shows the right items shuffled.
    Matching(Vec<Pair>),
    /// Items in the correct order; the player shows them shuffled.
    Ordering(Vec<Vec<Inline>>),
    /// Free text kept for the learner; sent to the LMS only when `report` is set.
    Reflection {
        report: bool,
    },
    /// Statements the learner rates on a scale; never graded.
    SelfAssessment(SelfAssessment),
    /// A branching scenario: steps with choices that lead to further steps.
    Scenario(Vec<Step>),
}

/// The class that makes each kind of interaction, as in `{#id .single-choice}`, in the order of
/// docs/authoring.md and of [`Kind`].
pub const KIND_CLASSES: [&str; 10] = [
    "single-choice",
    "multiple-choice",
    "true-false",
    "fill-in",
    "numeric",
    "matching",
    "ordering",
    "reflection",
    "self-assessment",
    "scenario",
];

impl Kind {
    /// This kind's class, one of [`KIND_CLASSES`].
    pub fn class(&self) -> &'static str {
        KIND_CLASSES[match self {
            Kind::SingleChoice(_) => 0,
            Kind::MultipleChoice(_) => 1,
            Kind::TrueFalse(_) => 2,
            Kind::FillIn(_) => 3,
            Kind::Numeric(_) => 4,
            Kind::Matching(_) => 5,
            Kind::Ordering(_) => 6,
            Kind::Reflection { .. } => 7,
            Kind::SelfAssessment(_) => 8,
            Kind::Scenario(_) => 9,
        }]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub content: Vec<Inline>,
    pub correct: bool,
    /// Shown after the learner checks an answer with this choice selected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FillIn {
    /// Whether `Duldung` and `duldung` are different answers.
    pub case_sensitive: bool,
    /// Accepted answers (`correct`) and anticipated wrong ones, each with optional feedback.
    /// Answers are compared after trimming and collapsing spaces.
    pub answers: Vec<TextAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub text: String,
    pub correct: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberAnswer {
    /// Smallest and largest matching value as decimal text with a `.` (`"-2.5"`), read by
    /// [`parse_decimal`]; equal for an exact answer.
    pub min: String,
    pub max: String,
    pub correct: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub left: Vec<Inline>,
    pub right: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfAssessment {
    /// The scale's labels, lowest first.
    pub scale: Vec<Vec<Inline>>,
    pub statements: Vec<Vec<Inline>>,
}

/// One step of a scenario. The first step is where the learner starts; a step without paths is
/// an ending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub title: Vec<Inline>,
    pub blocks: Vec<Block>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<Path>,
    /// An ending the author marked as a good outcome; a graded scenario is answered correctly
    /// when the learner reaches one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub success: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Path {
    pub content: Vec<Inline>,
    /// Id of the step this choice leads to.
    pub to: String,
    /// The consequence, shown before the next step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Block>,
}

/// A decimal number as text (`"19.5"`, `"-3"`, `"1,25"`) → millionths, or `None` if it is not
/// one or has more than six decimals or more than twelve digits before the point. Shared by the
/// compiler (numeric answers) and the player (what the learner typed), so both read alike.
pub fn parse_decimal(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-').or_else(|| text.strip_prefix('\u{2212}')) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    // Bytes, not `str` slices and char patterns: smaller in the player.
    let digits = digits.as_bytes();
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.' || b == b',') {
        Some(point) => (&digits[..point], &digits[point + 1..]),
        None => (digits, &[][..]),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    // Plain loops: the player stays smaller than with an iterator chain.
    let mut value: i64 = 0;
    for (part, max) in [(whole, 12), (fraction, 6)] {
        if part.len() > max {
            return None;
        }
        for &b in part {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(b - b'0');
        }
    }
    for _ in fraction.len()..6 {
        value *= 10;
    }
    Some(if negative { -value } else { value })
}

impl Course {
    /// All interactions of the course in reading order, with the index of their module. They stand
    /// at the top level of a module: the compiler refuses them inside lists, quotes or sections.
    pub fn interactions(&self) -> impl Iterator<Item = (usize, &Interaction)> {
        self.modules.iter().enumerate().flat_map(|(m, module)| {
            module.blocks.iter().filter_map(move |block| match block {
                Block::Interaction(i) => Some((m, &**i)),
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
            Inline::Link(Link { content, .. }) | Inline::Term(TermUse { content, .. }) => {
                push_text(content, out)
            }
            Inline::Attachment(a) => push_text(&a.content, out),
            Inline::Footnote(_) => {}
            Inline::Image(i) => out.push_str(&i.alt),
            Inline::LineBreak => out.push(' '),
        }
    }
}

/// Whether a link target may be rendered: web pages, e-mail, telephone, and relative paths.
/// Everything else (`javascript:`, `data:`...) is refused by the compiler and the player alike.
pub fn is_safe_href(href: &str) -> bool {
    let href = href.trim().as_bytes();
    let Some(colon) = href.iter().position(|&b| b == b':') else { return true };
    let scheme = &href[..colon];
    // A colon after the first '/', '?' or '#' belongs to a relative path, not a scheme.
    scheme.iter().any(|b| matches!(b, b'/' | b'?' | b'#'))
        || [&b"http"[..], b"https", b"mailto", b"tel"].iter().any(|s| scheme.eq_ignore_ascii_case(s))
}
