//! The glossary: a Markdown file whose level-2 headings are the terms, each followed by its
//! definition. Modules mark a term with a link to it, `[asylum procedure](glossary.md#asylum-procedure)`,
//! which also works in a repository viewer because a term's id is made from its heading the way
//! those viewers make heading anchors.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Diagnostics;
use crate::diag::Severity;
use crate::model::{plain_text, Block, Term};

/// A term heading's id: its `{#id}`, or its text in lower case with spaces as hyphens and other
/// punctuation dropped.
pub(super) fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every term heading: id and range.
fn headings(source: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut current: Option<(Option<String>, String, Range<usize>)> = None;
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, id, .. }) => {
                current = Some((id.map(|i| i.to_string()), String::new(), range))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((id, text, range)) = current.take() {
                    out.push((id.unwrap_or_else(|| slug(&text)), range));
                }
            }
            _ => {}
        }
    }
    out
}

/// The ids of the glossary's terms; a term defined twice is an error.
pub(super) fn term_ids(path: &str, source: &str, diags: &mut Diagnostics) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (id, range) in headings(source) {
        if id.is_empty() {
            diags.push(
                Severity::Error,
                path,
                source,
                range,
                "this term has no name",
                "write the term after the `## `",
            );
        } else if !ids.insert(id.clone()) {
            diags.push(
                Severity::Error,
                path,
                source,
                range,
                format!("the term `{id}` is defined twice in the glossary"),
                "define each term once; give the second a different heading or id {#other-id}",
            );
        }
    }
    ids
}

/// The compiled glossary file → terms: each level-2 heading and the blocks up to the next one.
pub(super) fn terms(blocks: Vec<Block>) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(h) if h.level == 2 => {
                let term = plain_text(&h.content).trim().to_string();
                let id = h.id.clone().unwrap_or_else(|| slug(&term));
                if !terms.iter().any(|t| t.id == id) {
                    terms.push(Term { id, term, definition: Vec::new() });
                }
            }
            Block::Heading(h) if h.level == 1 => {}
            block => {
                if let Some(term) = terms.last_mut() {
                    term.definition.push(block);
                }
            }
        }
    }
    terms
}

/// A term no module marks is probably a leftover, or the modules forgot to mark it.
pub(super) fn check_unused(path: &str, source: &str, used: &BTreeSet<String>, diags: &mut Diagnostics) {
    for (id, range) in headings(source) {
        if !id.is_empty() && !used.contains(&id) {
            diags.push(
                Severity::Warning,
                path,
                source,
                range,
                format!("no module marks the term `{id}`"),
                format!("link to it where a module uses it: [the term]({path}#{id}), or remove it"),
            );
        }
    }
}
