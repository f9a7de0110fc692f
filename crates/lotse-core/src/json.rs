//! A small JSON reader for the player: the course document and saved progress, without serde_json.
//!
//! serde_json's generic deserialiser cost the player about a quarter of its 100 KB gzip budget
//! (measured with `cargo xtask bench`); this reader is one non-generic parser plus a hand-written
//! mapping per type. The native tools still *write* with serde, and the tests here check that
//! this reader reads back exactly what serde writes, for every construct of the model.
//! Numbers are kept as text and read as unsigned integers: the model has no fractions, and the
//! player then carries no float parsing or formatting code.

use crate::learner::Saved;
use crate::model::{
    Align, Block, Choice, Course, Heading, Image, Inline, Link, List, Module, Question, Table, FORMAT_VERSION,
};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's source text.
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in document order.
    Object(Vec<(String, Value)>),
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

pub fn parse(text: &str) -> Result<Value, String> {
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

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.pos)
    }

    fn space(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        let found = self.bytes[self.pos..].starts_with(literal.as_bytes());
        if found {
            self.pos += literal.len();
        }
        found
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.space();
        match self.bytes.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mut members = Vec::new();
                self.space();
                if self.eat("}") {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    if !self.eat(":") {
                        return Err(self.error("expected ':'"));
                    }
                    members.push((key, self.value(depth + 1)?));
                    self.space();
                    if self.eat("}") {
                        return Ok(Value::Object(members));
                    }
                    if !self.eat(",") {
                        return Err(self.error("expected ',' or '}'"));
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat("]") {
                        return Ok(Value::Array(items));
                    }
                    if !self.eat(",") {
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
                let text = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or_default();
                Ok(Value::Number(text.to_string()))
            }
            _ if self.eat("true") => Ok(Value::Bool(true)),
            _ if self.eat("false") => Ok(Value::Bool(false)),
            _ if self.eat("null") => Ok(Value::Null),
            _ => Err(self.error("expected a value")),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        if !self.eat("\"") {
            return Err(self.error("expected a string"));
        }
        let mut out = Vec::new();
        loop {
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            self.pos += 1;
            match byte {
                b'"' => break,
                b'\\' => {
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
                byte => out.push(byte),
            }
        }
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8 in a string"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error("short \\u escape"))?;
        let text = std::str::from_utf8(digits).unwrap_or("x");
        let value = u32::from_str_radix(text, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
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

// ---- Mapping to the model -------------------------------------------------------------------

type R<T> = Result<T, String>;

fn object<'v>(v: &'v Value, what: &str) -> R<&'v [(String, Value)]> {
    match v {
        Value::Object(members) => Ok(members),
        _ => Err(format!("{what}: expected an object")),
    }
}

fn member<'v>(members: &'v [(String, Value)], key: &str) -> Option<&'v Value> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| **v != Value::Null)
}

fn required<'v>(members: &'v [(String, Value)], key: &str) -> R<&'v Value> {
    member(members, key).ok_or_else(|| format!("missing field `{key}`"))
}

fn string(v: &Value, what: &str) -> R<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(format!("{what}: expected a string")),
    }
}

fn text_field(members: &[(String, Value)], key: &str) -> R<String> {
    string(required(members, key)?, key)
}

fn optional_text(members: &[(String, Value)], key: &str) -> R<String> {
    member(members, key).map_or(Ok(String::new()), |v| string(v, key))
}

fn unsigned(v: &Value, what: &str) -> R<u64> {
    match v {
        Value::Number(n) => n.parse().map_err(|_| format!("{what}: expected a whole number, got {n}")),
        _ => Err(format!("{what}: expected a number")),
    }
}

fn number<T: TryFrom<u64>>(v: &Value, what: &str) -> R<T> {
    T::try_from(unsigned(v, what)?).map_err(|_| format!("{what}: number out of range"))
}

fn array<'v>(v: &'v Value, what: &str) -> R<&'v [Value]> {
    match v {
        Value::Array(items) => Ok(items),
        _ => Err(format!("{what}: expected a list")),
    }
}

/// Takes a function pointer and loops by hand: one small copy per item type in the wasm, instead
/// of one iterator adapter chain per call site.
fn list<T>(v: &Value, what: &str, item: fn(&Value) -> R<T>) -> R<Vec<T>> {
    let values = array(v, what)?;
    let mut out = Vec::with_capacity(values.len());
    for value in values {
        out.push(item(value)?);
    }
    Ok(out)
}

fn optional_list<T>(members: &[(String, Value)], key: &str, item: fn(&Value) -> R<T>) -> R<Vec<T>> {
    member(members, key).map_or(Ok(Vec::new()), |v| list(v, key, item))
}

/// An externally tagged enum value: `"unit"` or `{"variant": value}`.
fn variant<'v>(v: &'v Value, what: &str) -> R<(&'v str, Option<&'v Value>)> {
    match v {
        Value::String(tag) => Ok((tag, None)),
        Value::Object(members) if members.len() == 1 => Ok((&members[0].0, Some(&members[0].1))),
        _ => Err(format!("{what}: expected a {what} kind")),
    }
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
        let format = object(&value, "course")
            .and_then(|m| number(required(m, "format")?, "format"))
            .map_err(CourseError::Damaged)?;
        if format != FORMAT_VERSION {
            return Err(CourseError::Version(format));
        }
        course(&value).map_err(CourseError::Damaged)
    }
}

fn course(v: &Value) -> R<Course> {
    let m = object(v, "course")?;
    let modules = list(required(m, "modules")?, "modules", module)?;
    if modules.is_empty() {
        // The player always shows a module; the compiler never writes such a document.
        return Err("the course has no modules".into());
    }
    Ok(Course {
        format: number(required(m, "format")?, "format")?,
        id: text_field(m, "id")?,
        title: text_field(m, "title")?,
        description: optional_text(m, "description")?,
        audience: optional_text(m, "audience")?,
        language: text_field(m, "language")?,
        version: text_field(m, "version")?,
        estimated_minutes: member(m, "estimated_minutes")
            .map(|v| number(v, "estimated_minutes"))
            .transpose()?,
        passing_score: member(m, "passing_score").map(|v| number(v, "passing_score")).transpose()?,
        modules,
    })
}

fn module(v: &Value) -> R<Module> {
    let m = object(v, "module")?;
    let id = text_field(m, "id")?;
    let blocks = list(required(m, "blocks")?, "blocks", block).map_err(|e| format!("module {id}: {e}"))?;
    Ok(Module { title: text_field(m, "title")?, id, blocks })
}

fn blocks(v: &Value) -> R<Vec<Block>> {
    list(v, "blocks", block)
}

fn block(v: &Value) -> R<Block> {
    let (tag, value) = variant(v, "block")?;
    let value = || value.ok_or_else(|| format!("block `{tag}` has no content"));
    Ok(match tag {
        "heading" => {
            let m = object(value()?, "heading")?;
            Block::Heading(Heading {
                level: number(required(m, "level")?, "level")?,
                id: member(m, "id").map(|v| string(v, "id")).transpose()?,
                content: inlines(required(m, "content")?)?,
            })
        }
        "paragraph" => Block::Paragraph(inlines(value()?)?),
        "list" => {
            let m = object(value()?, "list")?;
            Block::List(List {
                start: member(m, "start").map(|v| unsigned(v, "start")).transpose()?,
                items: list(required(m, "items")?, "items", blocks)?,
            })
        }
        "quote" => Block::Quote(blocks(value()?)?),
        "code" => Block::Code(string(value()?, "code")?),
        "table" => {
            let m = object(value()?, "table")?;
            let cells = |v: &Value| list(v, "cells", inlines);
            Block::Table(Table {
                align: list(required(m, "align")?, "align", align)?,
                head: cells(required(m, "head")?)?,
                rows: list(required(m, "rows")?, "rows", cells)?,
            })
        }
        "rule" => Block::Rule,
        "question" => {
            let m = object(value()?, "question")?;
            Block::Question(Question {
                id: text_field(m, "id")?,
                prompt: inlines(required(m, "prompt")?)?,
                options: list(required(m, "options")?, "options", choice)?,
            })
        }
        other => return Err(format!("unknown block kind `{other}`")),
    })
}

fn align(v: &Value) -> R<Align> {
    Ok(match string(v, "align")?.as_str() {
        "left" => Align::Left,
        "center" => Align::Center,
        "right" => Align::Right,
        _ => Align::None,
    })
}

fn choice(v: &Value) -> R<Choice> {
    let m = object(v, "option")?;
    let correct = match required(m, "correct")? {
        Value::Bool(b) => *b,
        _ => return Err("correct: expected true or false".into()),
    };
    Ok(Choice {
        content: inlines(required(m, "content")?)?,
        correct,
        feedback: optional_list(m, "feedback", block)?,
    })
}

fn inlines(v: &Value) -> R<Vec<Inline>> {
    list(v, "inlines", inline)
}

fn inline(v: &Value) -> R<Inline> {
    let (tag, value) = variant(v, "inline")?;
    let value = || value.ok_or_else(|| format!("inline `{tag}` has no content"));
    Ok(match tag {
        "text" => Inline::Text(string(value()?, "text")?),
        "emphasis" => Inline::Emphasis(inlines(value()?)?),
        "strong" => Inline::Strong(inlines(value()?)?),
        "strikethrough" => Inline::Strikethrough(inlines(value()?)?),
        "code" => Inline::Code(string(value()?, "code")?),
        "link" => {
            let m = object(value()?, "link")?;
            Inline::Link(Link { href: text_field(m, "href")?, content: inlines(required(m, "content")?)? })
        }
        "image" => {
            let m = object(value()?, "image")?;
            Inline::Image(Image { src: text_field(m, "src")?, alt: text_field(m, "alt")? })
        }
        "line_break" => Inline::LineBreak,
        other => return Err(format!("unknown inline kind `{other}`")),
    })
}

// ---- Saved progress --------------------------------------------------------------------------

impl Saved {
    /// Reads saved progress written by [`Saved::to_json`].
    pub fn from_json(text: &str) -> R<Saved> {
        let value = parse(text)?;
        let m = object(&value, "saved progress")?;
        let answers = object(required(m, "answers")?, "answers")?
            .iter()
            .map(|(k, v)| Ok((k.clone(), number(v, "answer")?)))
            .collect::<R<Vec<(String, usize)>>>()?;
        Ok(Saved {
            v: number(required(m, "v")?, "v")?,
            location: text_field(m, "location")?,
            visited: list(required(m, "visited")?, "visited", |v| string(v, "visited"))?,
            answers,
        })
    }

    /// `{"v":1,"location":"…","visited":["…"],"answers":{"question-id":option}}`
    pub fn to_json(&self) -> String {
        let strings: Vec<String> = self.visited.iter().map(|s| quote(s)).collect();
        let answers: Vec<String> = self.answers.iter().map(|(k, v)| format!("{}:{v}", quote(k))).collect();
        format!(
            "{{\"v\":{},\"location\":{},\"visited\":[{}],\"answers\":{{{}}}}}",
            self.v,
            quote(&self.location),
            strings.join(","),
            answers.join(",")
        )
    }
}

/// A JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
