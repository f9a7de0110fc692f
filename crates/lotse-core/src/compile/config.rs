//! `course.toml`: the course's id, title, language, version and module order.
//!
//! Keys are kebab-case and unknown keys are errors, so a typo is reported at the key instead of
//! being silently ignored.

use serde::Deserialize;
use toml::Spanned;

use super::{Diagnostics, COURSE_FILE};
use crate::diag::Severity;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct Config {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub language: String,
    pub version: String,
    #[serde(default)]
    pub audience: String,
    /// Read as any integer, so that an out-of-range number gets our message, not serde's.
    pub estimated_minutes: Option<Spanned<i64>>,
    pub passing_score: Option<Spanned<i64>>,
    pub modules: Vec<Spanned<String>>,
}

/// The keys every course.toml needs, with an example line for the hint.
const REQUIRED: &[(&str, &str)] = &[
    ("id", "id = \"integration-basics\""),
    ("title", "title = \"Integration as a two-way process\""),
    ("language", "language = \"en\""),
    ("version", "version = \"1.0.0\""),
    ("modules", "modules = [\"01-intro.md\", \"02-practice.md\"]"),
];

/// Unknown and missing keys, all reported in one run (serde stops at the first). Returns whether
/// the file can be read further. Syntax errors are left to [`parse`], which reports them.
fn check_keys(text: &str, diags: &mut Diagnostics) -> bool {
    let Ok(table) = toml::from_str::<std::collections::BTreeMap<Spanned<String>, toml::Value>>(text) else {
        return true;
    };
    let mut ok = true;
    for key in table.keys().filter(|k| !KEYS.contains(&k.get_ref().as_str())) {
        let hint = match closest_key(key.get_ref()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!(
                "remove the key or correct its spelling; course.toml knows {}",
                KEYS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            key.span(),
            format!("unknown key `{}`", key.get_ref()),
            hint,
        );
        ok = false;
    }
    for (required, example) in REQUIRED {
        if !table.keys().any(|k| k.get_ref() == required) {
            let message = format!("course.toml has no `{required}`");
            diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                0..0,
                message,
                format!("add a line like {example}"),
            );
            ok = false;
        }
    }
    ok
}

pub(super) fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    if !check_keys(text, diags) {
        return None;
    }
    let config: Config = match toml::from_str(text) {
        Ok(config) => config,
        Err(err) => {
            let range = err.span().unwrap_or(0..0);
            let message = err.message().trim().to_string();
            // Unknown and missing keys were reported by `check_keys`: this is syntax or a type.
            let hint = "check this line: text goes in double quotes (title = \"My course\"), lists in \
                        square brackets (modules = [\"01-intro.md\"]); docs/authoring.md shows a whole \
                        course.toml";
            diags.push(Severity::Error, COURSE_FILE, text, range, message, hint);
            return None;
        }
    };
    if !is_id(config.id.get_ref()) {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            config.id.span(),
            format!("`{}` is not a valid course id", config.id.get_ref()),
            "use lower-case letters a-z, digits and hyphens, e.g. \"integration-basics\"",
        );
    }
    if let Some(score) = config.passing_score.as_ref().filter(|s| !(0..=100).contains(s.get_ref())) {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            score.span(),
            "passing-score is a percentage from 0 to 100",
            "write a number from 0 to 100, e.g. passing-score = 80",
        );
    }
    if let Some(minutes) = config.estimated_minutes.as_ref().filter(|m| !(1..=10_000).contains(m.get_ref())) {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            minutes.span(),
            "estimated-minutes is the time the course takes, in minutes",
            "write a whole number of minutes, e.g. estimated-minutes = 30",
        );
    }
    if config.modules.is_empty() {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            0..0,
            "the course has no modules",
            "list the module files in order: modules = [\"01-intro.md\", \"02-practice.md\"]",
        );
    }
    Some(config)
}

/// The keys of course.toml, as [`Config`] reads them.
pub(crate) const KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "language",
    "version",
    "audience",
    "estimated-minutes",
    "passing-score",
    "modules",
];

/// The known key a misspelt one most likely means: at most a third of its letters differ.
fn closest_key(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase().replace('_', "-");
    KEYS.iter()
        .map(|known| (strsim::levenshtein(&key, known), *known))
        .filter(|(distance, known)| *distance <= known.len().div_ceil(3))
        .min()
        .map(|(_, known)| known)
}

/// Lower-case ASCII letters, digits and single hyphens inside, at most 64 characters.
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A module path as written in course.toml, without a leading `./`.
pub(super) fn module_path(path: &str) -> &str {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

/// A module's id: its file name without folders, extension and an order prefix like `01-`.
pub(super) fn module_id(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let unprefixed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let unprefixed = unprefixed.strip_prefix(['-', '_']).unwrap_or(unprefixed);
    let id = if unprefixed.is_empty() { stem } else { unprefixed };
    id.to_ascii_lowercase().replace(['_', ' '], "-")
}
