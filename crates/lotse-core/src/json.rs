//! A small JSON reader for the player: the course document and saved progress, without serde_json.
//!
//! serde_json's generic deserialiser cost the player about a quarter of its 100 KB gzip budget
//! (measured with `cargo xtask bench`); this reader is one non-generic parser plus a short
//! mapping per type through a few shared accessors of [`Reader`], one call per field. The native
//! tools still *write* with serde, and the tests here check that this reader reads back exactly
//! what serde writes, for every construct of the model. Numbers are kept as text and read as
//! unsigned integers: the model has no fractions (decimals are strings), and the player then
//! carries no float parsing or formatting code.

use std::borrow::Cow;

use crate::embed::{Incoming, Welcome};
use crate::learner::{Answer, Response, Rules, Saved};
use crate::model::*;

/// A JSON value. Its texts borrow from the document where they can (a string without escapes,
/// a key, a number): with a string per key and per text, reading a 60-module course made about
/// 22,000 allocations, the largest part of the player's start-up after the network.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's source text.
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Members in document order.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

pub fn parse(text: &str) -> Result<Value<'_>, String> {
    let mut p = Parser { bytes: text.as_bytes(), pos: 0 };
    let value = p.value(0)?;
    p.space();
    if p.pos != p.bytes.len() {
        return Err(p.error("unexpected text after the end"));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, what: &str) -> String {
        [what, " at byte ", &crate::text::number(self.pos as u64)].concat()
    }

    fn space(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Steps over `byte` if it comes next. For the punctuation, instead of [`Self::eat`]'s slice
    /// comparison per `,` and `}`: the 60-module course is read about 8 % sooner in V8 (2.8 →
    /// 2.6 ms, the first call in a fresh wasm instance), at no cost in bytes.
    fn byte(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.pos) == Some(&byte);
        self.pos += usize::from(found);
        found
    }

    fn eat(&mut self, literal: &str) -> bool {
        let found = self.bytes[self.pos..].starts_with(literal.as_bytes());
        if found {
            self.pos += literal.len();
        }
        found
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.space();
        match self.bytes.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mut members = Vec::new();
                self.space();
                if self.byte(b'}') {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    if !self.byte(b':') {
                        return Err(self.error("expected ':'"));
                    }
                    members.push((key, self.value(depth + 1)?));
                    self.space();
                    if self.byte(b'}') {
                        return Ok(Value::Object(members));
                    }
                    if !self.byte(b',') {
                        return Err(self.error("expected ',' or '}'"));
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.space();
                if self.byte(b']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.byte(b']') {
                        return Ok(Value::Array(items));
                    }
                    if !self.byte(b',') {
                        return Err(self.error("expected ',' or ']'"));
                    }
                }
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                self.pos += 1;
                while matches!(self.bytes.get(self.pos), Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
                {
                    self.pos += 1;
                }
                Ok(Value::Number(self.text(start)))
            }
            _ if self.eat("true") => Ok(Value::Bool(true)),
            _ if self.eat("false") => Ok(Value::Bool(false)),
            _ if self.eat("null") => Ok(Value::Null),
            _ => Err(self.error("expected a value")),
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, String> {
        if !self.byte(b'"') {
            return Err(self.error("expected a string"));
        }
        // Each run up to a quote or backslash is copied at once: a string without escapes (a
        // module's whole HTML among them) is one allocation of its exact length. Pushing byte by
        // byte made the player's start-up spend milliseconds growing vectors.
        let mut out = Vec::new();
        loop {
            let rest: &'a [u8] = self.bytes.get(self.pos..).unwrap_or_default();
            let Some(run) = rest.iter().position(|&b| b == b'"' || b == b'\\') else {
                self.pos = self.bytes.len();
                return Err(self.error("unterminated string"));
            };
            self.pos += run + 1;
            if rest[run] == b'"' && out.is_empty() {
                // No escape: the text as it stands in the document.
                // SAFETY: as below.
                return Ok(Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(&rest[..run]) }));
            }
            out.extend_from_slice(&rest[..run]);
            if rest[run] == b'"' {
                break;
            }
            let escape = self.bytes.get(self.pos).copied();
            self.pos += 1;
            let c = match escape {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => self.unicode_escape()?,
                _ => return Err(self.error("invalid escape")),
            };
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
        // SAFETY: `out` holds bytes of `&str` cut only before or after ASCII bytes (the quotes and
        // escapes), and whole characters encoded by `encode_utf8`: valid UTF-8, without the
        // validation code in the wasm.
        Ok(Cow::Owned(unsafe { String::from_utf8_unchecked(out) }))
    }

    /// The text from `start` up to here; it begins and ends at ASCII bytes.
    fn text(&self, start: usize) -> Cow<'a, str> {
        let bytes: &'a [u8] = self.bytes.get(start..self.pos).unwrap_or_default();
        // SAFETY: see the end of `string`.
        Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = self.bytes.get(self.pos).and_then(|&b| char::from(b).to_digit(16));
            let Some(digit) = digit else { return Err(self.error("invalid \\u escape")) };
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char, String> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.eat("\\u") {
                return Err(self.error("unpaired surrogate"));
            }
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("unpaired surrogate"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }
}

impl<'a> Value<'a> {
    /// The value as JSON text (numbers as they were read, members in their order): what the cmi5
    /// host sends back of the documents it read (the LMS's context template, the actor).
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => quote_into(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote_into(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The member `key` of an object (`None` when absent, or when this is not an object).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value with every text its own, to be kept beyond the document it was read from.
    pub fn into_owned(self) -> Value<'static> {
        let own = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(own(n)),
            Value::String(s) => Value::String(own(s)),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(members) => {
                Value::Object(members.into_iter().map(|(k, v)| (own(k), v.into_owned())).collect())
            }
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

// ---- Mapping to the model -------------------------------------------------------------------

type Members<'a> = [(Cow<'a, str>, Value<'a>)];

/// What an absent member reads as.
static NULL: Value<'static> = Value::Null;

/// Reads model values from a parsed document. The first problem is kept in `error`, and every
/// read after it returns a default instead of returning early: with an early return (`?`) per
/// field, each field needs its own clean-up of the fields before it, which made the reader more
/// than twice as large in the wasm.
#[derive(Default)]
struct Reader {
    error: Option<String>,
}

impl Reader {
    /// Keeps the first problem: `key: problem`.
    fn fail(&mut self, key: &str, problem: &str) {
        if self.error.is_none() {
            self.error =
                Some(if key.is_empty() { problem.to_string() } else { [key, ": ", problem].concat() });
        }
    }

    /// Runs `read` and puts `context` before a problem that arose in it ("module m1: ...").
    fn within<T>(&mut self, context: &str, read: impl FnOnce(&mut Reader) -> T) -> T {
        let fine = self.error.is_none();
        let value = read(self);
        if let (true, Some(error)) = (fine, &mut self.error) {
            error.insert_str(0, context);
        }
        value
    }

    /// A member (absent and `null` are the same, as serde's `default`); a required one that is
    /// absent is a problem.
    fn get<'v, 'a>(&mut self, m: &'v Members<'a>, key: &str, required: bool) -> &'v Value<'a> {
        match m.iter().find(|(k, v)| k == key && !matches!(v, Value::Null)) {
            Some((_, v)) => v,
            None => {
                if required {
                    self.fail("", &["missing field `", key, "`"].concat());
                }
                &NULL
            }
        }
    }

    fn object<'v, 'a>(&mut self, v: &'v Value<'a>) -> &'v Members<'a> {
        match v {
            Value::Object(m) => m,
            _ => {
                self.fail("", "expected an object");
                &[]
            }
        }
    }

    fn string(&mut self, v: &Value, key: &str) -> String {
        match v {
            Value::String(s) => String::from(&**s),
            Value::Null => String::new(),
            _ => {
                self.fail(key, "expected a string");
                String::new()
            }
        }
    }

    fn text(&mut self, m: &Members, key: &str) -> String {
        let v = self.get(m, key, true);
        self.string(v, key)
    }

    fn opt_text(&mut self, m: &Members, key: &str) -> String {
        let v = self.get(m, key, false);
        self.string(v, key)
    }

    fn opt_string(&mut self, m: &Members, key: &str) -> Option<String> {
        let v = self.get(m, key, false);
        (!matches!(v, Value::Null)).then(|| self.string(v, key))
    }

    fn flag(&mut self, m: &Members, key: &str, required: bool) -> bool {
        match self.get(m, key, required) {
            Value::Bool(b) => *b,
            Value::Null => false,
            _ => {
                self.fail(key, "expected true or false");
                false
            }
        }
    }

    /// A whole number up to `max`.
    fn whole(&mut self, v: &Value, key: &str, max: u64) -> u64 {
        let n = match v {
            Value::Number(n) => whole_number(n),
            Value::Null => Some(0),
            _ => None,
        };
        match n {
            Some(n) if n <= max => n,
            Some(_) => {
                self.fail(key, "number out of range");
                0
            }
            None => {
                self.fail(
                    key,
                    &[
                        "expected a whole number, got ",
                        if let Value::Number(n) = v { n } else { "something else" },
                    ]
                    .concat(),
                );
                0
            }
        }
    }

    fn number(&mut self, m: &Members, key: &str, max: u64) -> u64 {
        let v = self.get(m, key, true);
        self.whole(v, key, max)
    }

    fn opt_number(&mut self, m: &Members, key: &str, max: u64) -> Option<u64> {
        let v = self.get(m, key, false);
        (!matches!(v, Value::Null)).then(|| self.whole(v, key, max))
    }

    /// The values of a list (absent: none).
    #[inline(never)]
    fn array<'v, 'a>(&mut self, v: &'v Value<'a>, key: &str) -> &'v [Value<'a>] {
        match v {
            Value::Array(values) => values,
            Value::Null => &[],
            _ => {
                self.fail(key, "expected a list");
                &[]
            }
        }
    }

    /// Takes a function pointer; the loop is [`Reader::each`]'s: one small copy per item type in
    /// the wasm.
    fn items<T>(&mut self, v: &Value, key: &str, item: fn(&mut Reader, &Value) -> T) -> Vec<T> {
        let mut out = Vec::new();
        self.each(v, key, &mut |r, value| out.push(item(r, value)));
        out
    }

    /// Calls `f` with each value of a list until a problem is found.
    #[inline(never)]
    fn each(&mut self, v: &Value, key: &str, f: &mut dyn FnMut(&mut Reader, &Value)) {
        for value in self.array(v, key) {
            if self.error.is_some() {
                break;
            }
            f(self, value);
        }
    }

    fn list<T>(
        &mut self,
        m: &Members,
        key: &str,
        required: bool,
        item: fn(&mut Reader, &Value) -> T,
    ) -> Vec<T> {
        let v = self.get(m, key, required);
        self.items(v, key, item)
    }

    fn inlines(&mut self, m: &Members, key: &str) -> Vec<Inline> {
        self.list(m, key, true, inline)
    }

    fn blocks(&mut self, m: &Members, key: &str, required: bool) -> Vec<Block> {
        self.list(m, key, required, block)
    }

    /// An externally tagged enum value, `"unit"` or `{"variant": value}`: the index of its tag in
    /// `tags` (`usize::MAX` after a problem) and its value. One loop over a table instead of a
    /// string `match` per enum.
    fn tag<'v, 'a>(&mut self, v: &'v Value<'a>, key: &str, tags: &[&str]) -> (usize, &'v Value<'a>) {
        let (name, value) = match v {
            Value::String(name) => (name, v),
            Value::Object(members) if members.len() == 1 => (&members[0].0, &members[0].1),
            _ => {
                self.fail(key, "expected a kind");
                return (usize::MAX, &NULL);
            }
        };
        match tags.iter().position(|t| t == name) {
            Some(i) => (i, value),
            None => {
                self.fail(key, &["unknown kind `", name, "`"].concat());
                (usize::MAX, &NULL)
            }
        }
    }

    /// A member holding a unit variant.
    fn unit(&mut self, m: &Members, key: &str, tags: &[&str]) -> usize {
        let v = self.get(m, key, true);
        self.tag(v, key, tags).0
    }

    /// The value read, or the first problem. A value read with a problem is forgotten, not
    /// dropped: a damaged document is read once, and the player then needs no clean-up code for
    /// the model, which it keeps for the life of the page anyway.
    fn finish<T>(self, value: T) -> Result<T, String> {
        match self.error {
            None => Ok(value),
            Some(error) => {
                std::mem::forget(value);
                Err(error)
            }
        }
    }
}

/// The digits of `n` as a number (what `str::parse::<u64>` reads from a JSON number's text or an
/// index the player wrote), by hand: smaller in the wasm.
pub fn whole_number(n: &str) -> Option<u64> {
    let mut value: u64 = 0;
    for b in n.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    (!n.is_empty()).then_some(value)
}

/// Why a course document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CourseError {
    /// The document is of another format version than [`FORMAT_VERSION`].
    Version(u32),
    /// The document is not a course document of this version; the text says where.
    Damaged(String),
}

impl Course {
    /// Reads a course document as written by serde (see `docs/course-format.md`). The format
    /// version is checked first, so that a newer document gets a clear message.
    pub fn from_json(text: &str) -> Result<Course, CourseError> {
        let value = parse(text).map_err(CourseError::Damaged)?;
        let mut r = Reader::default();
        let m = r.object(&value);
        let format = r.number(m, "format", u32::MAX.into()) as u32;
        if r.error.is_none() && format != FORMAT_VERSION {
            return Err(CourseError::Version(format));
        }
        let course = course(&mut r, m);
        r.finish(course).map_err(CourseError::Damaged)
    }
}

fn course(r: &mut Reader, m: &Members) -> Course {
    let modules = r.list(m, "modules", true, module);
    if modules.is_empty() {
        // The player always shows a module; the compiler never writes such a document.
        r.fail("", "the course has no modules");
    }
    Course {
        format: FORMAT_VERSION,
        id: r.text(m, "id"),
        title: r.text(m, "title"),
        description: r.opt_text(m, "description"),
        audience: r.opt_text(m, "audience"),
        language: r.text(m, "language"),
        languages: r.list(m, "languages", false, |r, v| r.string(v, "languages")),
        version: r.text(m, "version"),
        estimated_minutes: r.opt_number(m, "estimated_minutes", u32::MAX.into()).map(|n| n as u32),
        passing_score: r.opt_number(m, "passing_score", 255).map(|n| n as u8),
        completion_threshold: r.opt_number(m, "completion_threshold", 100).map(|n| n as u8),
        completion: match r.get(m, "completion", false) {
            Value::Null => Completion::Visited,
            v => match r.tag(v, "completion", &["visited", "passed", "visited_and_passed"]).0 {
                1 => Completion::Passed,
                2 => Completion::VisitedAndPassed,
                _ => Completion::Visited,
            },
        },
        organisation: r.opt_text(m, "organisation"),
        colour: r.opt_text(m, "colour"),
        logo: r.opt_text(m, "logo"),
        glossary: r.list(m, "glossary", false, |r, v| {
            let m = r.object(v);
            Term { id: r.text(m, "id"), term: r.text(m, "term"), definition: r.blocks(m, "definition", true) }
        }),
        modules,
    }
}

fn module(r: &mut Reader, v: &Value) -> Module {
    let m = r.object(v);
    let id = r.text(m, "id");
    let context = ["module ", &id, ": "].concat();
    r.within(&context, |r| Module {
        id,
        title: r.text(m, "title"),
        estimated_minutes: r.opt_number(m, "estimated_minutes", u32::MAX.into()).map(|n| n as u32),
        objectives: r.list(m, "objectives", false, inlines_item),
        blocks: r.blocks(m, "blocks", true),
        footnotes: r.list(m, "footnotes", false, blocks_item),
    })
}

fn inlines_item(r: &mut Reader, v: &Value) -> Vec<Inline> {
    r.items(v, "inlines", inline)
}

fn lines_item(r: &mut Reader, v: &Value) -> Vec<Vec<Inline>> {
    r.items(v, "lines", inlines_item)
}

fn blocks_item(r: &mut Reader, v: &Value) -> Vec<Block> {
    r.items(v, "blocks", block)
}

/// A list of inline runs (table cells, objectives, ordering items, a scale) as a member.
fn lines(r: &mut Reader, m: &Members, key: &str) -> Vec<Vec<Inline>> {
    r.list(m, key, true, inlines_item)
}

const BLOCKS: &[&str] = &[
    "heading",
    "paragraph",
    "list",
    "quote",
    "code",
    "table",
    "rule",
    "callout",
    "expandable",
    "takeaways",
    "media",
    "interaction",
];

fn block(r: &mut Reader, v: &Value) -> Block {
    let (kind, v) = r.tag(v, "blocks", BLOCKS);
    match kind {
        0 => Block::Heading(heading(r, v)),
        1 => Block::Paragraph(inlines_item(r, v)),
        2 => {
            let m = r.object(v);
            Block::List(List {
                start: r.opt_number(m, "start", u64::MAX),
                items: r.list(m, "items", true, blocks_item),
            })
        }
        3 => Block::Quote(blocks_item(r, v)),
        4 => Block::Code(r.string(v, "code")),
        5 => {
            let m = r.object(v);
            Block::Table(Table {
                align: r.list(m, "align", true, |r, v| {
                    [Align::None, Align::Left, Align::Center, Align::Right]
                        [r.tag(v, "align", &["none", "left", "center", "right"]).0.min(3)]
                }),
                head: lines(r, m, "head"),
                rows: r.list(m, "rows", true, lines_item),
            })
        }
        7 => {
            let m = r.object(v);
            let kinds = [
                CalloutKind::Note,
                CalloutKind::Tip,
                CalloutKind::Important,
                CalloutKind::Warning,
                CalloutKind::Practice,
            ];
            Block::Callout(Callout {
                kind: kinds[r.unit(m, "kind", &["note", "tip", "important", "warning", "practice"]).min(4)],
                blocks: r.blocks(m, "blocks", true),
            })
        }
        8 | 9 => {
            let m = r.object(v);
            let heading_value = r.get(m, "heading", true);
            let section = Section { heading: heading(r, heading_value), blocks: r.blocks(m, "blocks", true) };
            if kind == 8 {
                Block::Expandable(section)
            } else {
                Block::Takeaways(section)
            }
        }
        10 => {
            let m = r.object(v);
            Block::Media(Box::new(Media {
                kind: if r.unit(m, "kind", &["audio", "video"]) == 0 {
                    MediaKind::Audio
                } else {
                    MediaKind::Video
                },
                src: r.text(m, "src"),
                title: r.text(m, "title"),
                captions: r.opt_string(m, "captions"),
                transcript: r.blocks(m, "transcript", false),
            }))
        }
        11 => Block::Interaction(Box::new(interaction(r, v))),
        // 6, and after a problem.
        _ => Block::Rule,
    }
}

fn heading(r: &mut Reader, v: &Value) -> Heading {
    let m = r.object(v);
    Heading {
        level: r.number(m, "level", 255) as u8,
        id: r.opt_string(m, "id"),
        content: r.inlines(m, "content"),
    }
}

fn interaction(r: &mut Reader, v: &Value) -> Interaction {
    let m = r.object(v);
    let id = r.text(m, "id");
    let context = ["interaction ", &id, ": "].concat();
    r.within(&context, |r| Interaction {
        id,
        level: r.number(m, "level", 255) as u8,
        prompt: r.inlines(m, "prompt"),
        context: r.blocks(m, "context", false),
        hint: r.blocks(m, "hint", false),
        feedback: r.blocks(m, "feedback", false),
        graded: r.flag(m, "graded", true),
        weight: r.number(m, "weight", u32::MAX.into()) as u32,
        attempts: r.opt_number(m, "attempts", u32::MAX.into()).map(|n| n as u32),
        solution: r.flag(m, "solution", true),
        kind: {
            let v = r.get(m, "kind", true);
            kind(r, v)
        },
    })
}

const KINDS: &[&str] = &[
    "single_choice",
    "multiple_choice",
    "true_false",
    "fill_in",
    "numeric",
    "matching",
    "ordering",
    "reflection",
    "self_assessment",
    "scenario",
];

fn kind(r: &mut Reader, v: &Value) -> Kind {
    let (kind, v) = r.tag(v, "kind", KINDS);
    match kind {
        0 => Kind::SingleChoice(r.items(v, "choices", choice)),
        1 => Kind::MultipleChoice(r.items(v, "choices", choice)),
        2 => Kind::TrueFalse(r.items(v, "choices", choice)),
        3 => {
            let m = r.object(v);
            Kind::FillIn(FillIn {
                case_sensitive: r.flag(m, "case_sensitive", true),
                answers: r.list(m, "answers", true, |r, v| {
                    let m = r.object(v);
                    TextAnswer {
                        text: r.text(m, "text"),
                        correct: r.flag(m, "correct", true),
                        feedback: r.blocks(m, "feedback", false),
                    }
                }),
            })
        }
        4 => Kind::Numeric(r.items(v, "numeric", |r, v| {
            let m = r.object(v);
            NumberAnswer {
                min: r.text(m, "min"),
                max: r.text(m, "max"),
                correct: r.flag(m, "correct", true),
                feedback: r.blocks(m, "feedback", false),
            }
        })),
        5 => Kind::Matching(r.items(v, "matching", |r, v| {
            let m = r.object(v);
            Pair { left: r.inlines(m, "left"), right: r.inlines(m, "right") }
        })),
        6 => Kind::Ordering(lines_item(r, v)),
        8 => {
            let m = r.object(v);
            Kind::SelfAssessment(SelfAssessment {
                scale: lines(r, m, "scale"),
                statements: lines(r, m, "statements"),
            })
        }
        9 => Kind::Scenario(r.items(v, "scenario", |r, v| {
            let m = r.object(v);
            Step {
                id: r.text(m, "id"),
                title: r.inlines(m, "title"),
                blocks: r.blocks(m, "blocks", true),
                paths: r.list(m, "paths", false, |r, v| {
                    let m = r.object(v);
                    Path {
                        content: r.inlines(m, "content"),
                        to: r.text(m, "to"),
                        feedback: r.blocks(m, "feedback", false),
                    }
                }),
                success: r.flag(m, "success", false),
            }
        })),
        // 7, and after a problem.
        _ => {
            let m = r.object(v);
            Kind::Reflection { report: r.flag(m, "report", true) }
        }
    }
}

fn choice(r: &mut Reader, v: &Value) -> Choice {
    let m = r.object(v);
    Choice {
        content: r.inlines(m, "content"),
        correct: r.flag(m, "correct", true),
        feedback: r.blocks(m, "feedback", false),
    }
}

const INLINES: &[&str] = &[
    "text",
    "emphasis",
    "strong",
    "strikethrough",
    "code",
    "link",
    "image",
    "line_break",
    "term",
    "footnote",
    "attachment",
];

fn inline(r: &mut Reader, v: &Value) -> Inline {
    let (kind, v) = r.tag(v, "inlines", INLINES);
    match kind {
        0 => Inline::Text(r.string(v, "text")),
        1 => Inline::Emphasis(inlines_item(r, v)),
        2 => Inline::Strong(inlines_item(r, v)),
        3 => Inline::Strikethrough(inlines_item(r, v)),
        4 => Inline::Code(r.string(v, "code")),
        5 => {
            let m = r.object(v);
            Inline::Link(Link { href: r.text(m, "href"), content: r.inlines(m, "content") })
        }
        6 => {
            let m = r.object(v);
            Inline::Image(Image { src: r.text(m, "src"), alt: r.text(m, "alt") })
        }
        8 => {
            let m = r.object(v);
            Inline::Term(TermUse { id: r.text(m, "id"), content: r.inlines(m, "content") })
        }
        9 => Inline::Footnote(r.whole(v, "footnote", u32::MAX.into()) as u32),
        10 => {
            let m = r.object(v);
            Inline::Attachment(Box::new(Attachment {
                src: r.text(m, "src"),
                content: r.inlines(m, "content"),
                kind: r.text(m, "kind"),
                bytes: r.number(m, "bytes", u64::MAX),
            }))
        }
        // 7, and after a problem.
        _ => Inline::LineBreak,
    }
}

// ---- Saved progress --------------------------------------------------------------------------

const RESPONSES: &[&str] =
    &["choice", "choices", "text", "number", "order", "matches", "path", "ratings", "reflection"];

impl Saved {
    /// Reads saved progress written by [`Saved::to_json`], or by a player of version 1 (answers
    /// as `{"question-id": option}`).
    pub fn from_json(text: &str) -> Result<Saved, String> {
        let value = parse(text)?;
        let mut r = Reader::default();
        let m = r.object(&value);
        let v = r.number(m, "v", 2) as u32;
        let answers = match (v, r.get(m, "answers", true)) {
            (1, Value::Object(members)) => {
                let mut answers = Vec::new();
                for (id, option) in members {
                    let option = r.whole(option, "answers", u64::MAX) as usize;
                    answers.push(Answer {
                        id: String::from(&**id),
                        checks: 1,
                        response: Response::Choice(option),
                    });
                }
                answers
            }
            // One answer that cannot be read (from a newer player, damaged) costs only itself.
            (2, Value::Array(items)) => {
                let mut answers = Vec::new();
                for item in items {
                    let mut own = Reader::default();
                    let read = answer(&mut own, item);
                    if let Ok(read) = own.finish(read) {
                        answers.push(read);
                    }
                }
                answers
            }
            (2, other) => r.items(other, "answers", answer),
            _ => {
                r.fail("", "unknown version of saved progress");
                Vec::new()
            }
        };
        let saved = Saved {
            // Version 1 is read into version 2's form.
            v: 2,
            location: r.text(m, "location"),
            visited: r.list(m, "visited", true, |r, v| r.string(v, "visited")),
            answers,
            time: r.opt_number(m, "time", u64::MAX).unwrap_or(0),
        };
        r.finish(saved)
    }

    /// `{"v":2,"location":"…","visited":["…"],"answers":[["id",checks,{"choice":1}],…],"time":ms}`
    /// (`time` only when it is not 0)
    pub fn to_json(&self) -> String {
        // Always the form this code writes, whatever `v` it was read from.
        let mut out = String::from("{\"v\":2,\"location\":");
        quote_into(&mut out, &self.location);
        out += ",\"visited\":[";
        for (i, id) in self.visited.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            quote_into(&mut out, id);
        }
        out += "],\"answers\":[";
        for (i, a) in self.answers.iter().enumerate() {
            out += if i > 0 { ",[" } else { "[" };
            quote_into(&mut out, &a.id);
            out.push(',');
            out += &crate::text::number(a.checks.into());
            let (kind, numbers) = match &a.response {
                Response::Choice(n) => (0, std::slice::from_ref(n)),
                Response::Choices(v) => (1, &v[..]),
                Response::Text(_) => (2, &[][..]),
                Response::Number(_) => (3, &[][..]),
                Response::Order(v) => (4, &v[..]),
                Response::Matches(v) => (5, &v[..]),
                Response::Path(v) => (6, &v[..]),
                Response::Ratings(v) => (7, &v[..]),
                Response::Reflection(_) => (8, &[][..]),
            };
            out += ",{\"";
            out += RESPONSES[kind];
            out += "\":";
            match &a.response {
                Response::Text(t) | Response::Number(t) | Response::Reflection(t) => quote_into(&mut out, t),
                Response::Choice(_) => out += &crate::text::number(numbers[0] as u64),
                _ => {
                    out.push('[');
                    for (i, n) in numbers.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out += &crate::text::number(*n as u64);
                    }
                    out.push(']');
                }
            }
            out += "}]";
        }
        out.push(']');
        if self.time > 0 {
            out += ",\"time\":";
            out += &crate::text::number(self.time);
        }
        out + "}"
    }
}

fn answer(r: &mut Reader, v: &Value) -> Answer {
    let (id, checks, response) = match v {
        Value::Array(items) if items.len() == 3 => (&items[0], &items[1], &items[2]),
        _ => {
            r.fail("answers", "expected [id, checks, response]");
            (&NULL, &NULL, &NULL)
        }
    };
    let (kind, v) = r.tag(response, "answers", RESPONSES);
    let index = |r: &mut Reader, v: &Value| r.whole(v, "answers", u64::MAX) as usize;
    let response = match kind {
        0 => Response::Choice(index(r, v)),
        1 => Response::Choices(r.items(v, "answers", index)),
        2 => Response::Text(r.string(v, "answers")),
        3 => Response::Number(r.string(v, "answers")),
        4 => Response::Order(r.items(v, "answers", index)),
        5 => Response::Matches(r.items(v, "answers", index)),
        6 => Response::Path(r.items(v, "answers", index)),
        7 => Response::Ratings(r.items(v, "answers", index)),
        _ => Response::Reflection(r.string(v, "answers")),
    };
    Answer {
        id: r.string(id, "answers"),
        checks: r.whole(checks, "answers", u32::MAX.into()) as u32,
        response,
    }
}

// ---- Messages of a custom host page (crate::embed) ----------------------------------------------

impl Incoming {
    /// Reads a message a host page posted (the JSON text of the object; `docs/embedding.md`):
    /// `{"lotse": 1, "type": "welcome", ...}` or `{"lotse": 1, "type": "saved", "seq": n}`. The
    /// error says what is wrong, for the console.
    pub fn from_json(text: &str) -> Result<Incoming, String> {
        let value = parse(text)?;
        let mut r = Reader::default();
        let m = r.object(&value);
        if r.number(m, "lotse", u32::MAX.into()) != 1 {
            r.fail("lotse", "not version 1 of the protocol");
        }
        let percent = |r: &mut Reader, key| r.opt_number(m, key, 100).map(|n| n as u32 * 100);
        // The type as a string only (not the course document's `{"kind": value}` form), and not
        // repeated in the problem: the console gets no text of the sender's choosing.
        let kind = match r.get(m, "type", true) {
            Value::String(t) if t == "saved" => 1,
            Value::String(t) if t == "welcome" => 0,
            _ => {
                r.fail("type", "not \"welcome\" or \"saved\"");
                0
            }
        };
        let incoming = match kind {
            1 => Incoming::Saved(r.number(m, "seq", u32::MAX.into()) as u32),
            _ => Incoming::Welcome(Welcome {
                state: r.opt_text(m, "state"),
                learner_id: r.opt_text(m, "learner_id"),
                learner_name: r.opt_text(m, "learner_name"),
                language: r.opt_text(m, "language"),
                rules: Rules {
                    passing: percent(&mut r, "passing_score"),
                    threshold: percent(&mut r, "completion_threshold"),
                },
            }),
        };
        match r.error {
            None => Ok(incoming),
            Some(error) => Err(error),
        }
    }
}

/// A JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    out
}

pub fn quote_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[c as usize >> 4]));
                out.push(char::from(HEX[c as usize & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests;
