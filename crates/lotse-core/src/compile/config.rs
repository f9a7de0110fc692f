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
    pub language: Spanned<String>,
    pub version: String,
    #[serde(default)]
    pub audience: String,
    /// Read as any integer, so that an out-of-range number gets our message, not serde's.
    pub estimated_minutes: Option<Spanned<i64>>,
    pub passing_score: Option<Spanned<i64>>,
    pub completion: Option<Spanned<String>>,
    pub completion_threshold: Option<Spanned<i64>>,
    pub attempts: Option<Spanned<i64>>,
    #[serde(default)]
    pub organisation: String,
    pub colour: Option<Spanned<String>>,
    pub logo: Option<Spanned<String>>,
    pub glossary: Option<Spanned<String>>,
    pub languages: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub translations: std::collections::BTreeMap<Spanned<String>, Translation>,
    pub modules: Vec<Spanned<String>>,
}

/// `[translations.de]`: the course's texts in another of its languages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct Translation {
    pub title: Option<String>,
    pub description: Option<String>,
    pub audience: Option<String>,
}

/// Module front matter as written between `+++` lines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FrontMatter {
    id: Option<Spanned<String>>,
    title: Option<String>,
    estimated_minutes: Option<Spanned<i64>>,
    #[serde(default)]
    objectives: Vec<String>,
}

/// The keys module front matter knows.
const FRONT_KEYS: &[&str] = &["id", "title", "estimated-minutes", "objectives"];

/// Read a module's front matter; `offset` is where its text starts in the module.
pub(super) fn front_matter(
    file: &str,
    module: &str,
    text: &str,
    offset: usize,
    diags: &mut Diagnostics,
) -> super::markdown::Front {
    let mut front = super::markdown::Front::default();
    let shift = |span: std::ops::Range<usize>| span.start + offset..span.end + offset;
    if let Ok(table) = toml::from_str::<std::collections::BTreeMap<Spanned<String>, toml::Value>>(text) {
        let mut unknown = false;
        for key in table.keys().filter(|k| !FRONT_KEYS.contains(&k.get_ref().as_str())) {
            let hint = match closest(key.get_ref(), FRONT_KEYS) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("front matter knows {}", FRONT_KEYS.join(", ")),
            };
            let message = format!("unknown key `{}` in the front matter", key.get_ref());
            diags.push(Severity::Error, file, module, shift(key.span()), message, hint);
            unknown = true;
        }
        if unknown {
            return front;
        }
    }
    let parsed: FrontMatter = match toml::from_str(text) {
        Ok(parsed) => parsed,
        Err(err) => {
            let range = err.span().map_or(offset..offset, shift);
            let hint = "write the front matter like course.toml: title = \"Short title\", \
                        estimated-minutes = 10, objectives = [\"...\", \"...\"]";
            diags.push(Severity::Error, file, module, range, err.message().trim().to_string(), hint);
            return front;
        }
    };
    if let Some(id) = parsed.id {
        if is_id(id.get_ref()) {
            front.id = Some(id.into_inner());
        } else {
            let message = format!("`{}` is not a valid module id", id.get_ref());
            let hint = "use lower-case letters a-z, digits and hyphens, e.g. id = \"first-contact\"";
            diags.push(Severity::Error, file, module, shift(id.span()), message, hint);
        }
    }
    if let Some(minutes) = parsed.estimated_minutes {
        match u32::try_from(*minutes.get_ref()) {
            Ok(m @ 1..=10_000) => front.estimated_minutes = Some(m),
            _ => diags.push(
                Severity::Error,
                file,
                module,
                shift(minutes.span()),
                "estimated-minutes is the time the module takes, in minutes",
                "write a whole number of minutes, e.g. estimated-minutes = 10",
            ),
        }
    }
    front.title = parsed.title.filter(|t| !t.trim().is_empty());
    front.objectives = parsed.objectives.into_iter().filter(|o| !o.trim().is_empty()).collect();
    front
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
    let Ok(table) = toml::from_str::<std::collections::BTreeMap<Spanned<String>, Spanned<toml::Value>>>(text)
    else {
        return true;
    };
    let mut ok = true;
    // Values of the wrong type, all of them (serde would stop at the first).
    for (key, value) in &table {
        let Some((_, kind, example)) = TYPES.iter().find(|(k, _, _)| k == key.get_ref()) else { continue };
        let fits = match (*kind, value.get_ref()) {
            ("text", toml::Value::String(_)) | ("whole number", toml::Value::Integer(_)) => true,
            ("table", toml::Value::Table(_)) => true,
            ("list of texts", toml::Value::Array(items)) => items.iter().all(|i| i.is_str()),
            _ => false,
        };
        if !fits {
            let message = format!(
                "`{}` should be {}",
                key.get_ref(),
                if *kind == "table" { "a table".to_string() } else { format!("a {kind}") }
            );
            diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                value.span(),
                message,
                format!("write it like {example}"),
            );
            ok = false;
        }
    }
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
    if let Some(threshold) = config.completion_threshold.as_ref().filter(|t| !(1..=100).contains(t.get_ref()))
    {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            threshold.span(),
            "completion-threshold is the percentage of the course that completes it, from 1 to 100",
            "write a number from 1 to 100, e.g. completion-threshold = 80, or leave it out so that \
             the completion rule decides",
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
    if let Some(completion) = &config.completion {
        if !COMPLETIONS.contains(&completion.get_ref().as_str()) {
            let hint = match closest(completion.get_ref(), COMPLETIONS) {
                Some(known) => format!("did you mean \"{known}\"?"),
                None => "write completion = \"visited\", \"passed\" or \"visited-and-passed\"".to_string(),
            };
            let message = format!("`{}` is not a completion rule", completion.get_ref());
            diags.push(Severity::Error, COURSE_FILE, text, completion.span(), message, hint);
        } else if completion.get_ref() != "visited" && config.passing_score.is_none() {
            diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                completion.span(),
                format!("completion = \"{}\" needs a passing score", completion.get_ref()),
                "add passing-score = 80 (the percentage needed to pass), or use completion = \"visited\"",
            );
        }
    }
    if let Some(attempts) = config.attempts.as_ref().filter(|a| !(1..=99).contains(a.get_ref())) {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            attempts.span(),
            "attempts is how many tries a learner has for each question",
            "write a number from 1 to 99, e.g. attempts = 2",
        );
    }
    if let Some(colour) = &config.colour {
        match contrast_with_white(colour.get_ref()) {
            None => diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                colour.span(),
                format!("`{}` is not a colour", colour.get_ref()),
                "write the colour as a hex code with #, e.g. colour = \"#1d4f91\"",
            ),
            Some(ratio) if ratio < 4.5 => diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                colour.span(),
                format!(
                    "white text on `{}` has a contrast of {:.1}:1; WCAG 2.1 AA needs 4.5:1",
                    colour.get_ref(),
                    ratio
                ),
                "use a darker shade of the colour; the player writes white text on it",
            ),
            Some(_) => {}
        }
    }
    if let Some(languages) = &config.languages {
        let list = languages.get_ref();
        if list.first().map(|l| l.get_ref()) != Some(config.language.get_ref()) {
            diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                languages.span(),
                "the first of `languages` must be the course's `language`",
                format!(
                    "start the list with the original language: languages = [\"{}\", ...]",
                    config.language.get_ref()
                ),
            );
        }
        for (n, lang) in list.iter().enumerate() {
            if !is_language(lang.get_ref()) {
                diags.push(
                    Severity::Error,
                    COURSE_FILE,
                    text,
                    lang.span(),
                    format!("`{}` is not a language code", lang.get_ref()),
                    "use a code like \"de\", \"en\", \"ar\" or \"fa\" (lower case)",
                );
            } else if list[..n].iter().any(|other| other.get_ref() == lang.get_ref()) {
                let message = format!("`{}` is listed twice", lang.get_ref());
                diags.push(
                    Severity::Error,
                    COURSE_FILE,
                    text,
                    lang.span(),
                    message,
                    "list each language once",
                );
            }
        }
    }
    for lang in config.translations.keys() {
        let listed = config
            .languages
            .as_ref()
            .is_some_and(|l| l.get_ref().iter().skip(1).any(|x| x.get_ref() == lang.get_ref()));
        if !listed {
            diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                lang.span(),
                format!("[translations.{}] is for a language the course does not list", lang.get_ref()),
                format!("add \"{}\" to languages, after the original language", lang.get_ref()),
            );
        }
    }
    if !is_language(config.language.get_ref()) {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            text,
            config.language.span(),
            format!("`{}` is not a language code", config.language.get_ref()),
            "use a code like language = \"en\" or \"de\" (lower case)",
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

/// The type of each key's value, with an example for the hint.
const TYPES: &[(&str, &str, &str)] = &[
    ("id", "text", "id = \"integration-basics\""),
    ("title", "text", "title = \"Integration as a two-way process\""),
    ("description", "text", "description = \"One or two sentences.\""),
    ("language", "text", "language = \"en\""),
    ("version", "text", "version = \"1.0.0\""),
    ("audience", "text", "audience = \"Front-desk staff\""),
    ("estimated-minutes", "whole number", "estimated-minutes = 30"),
    ("passing-score", "whole number", "passing-score = 80"),
    ("completion", "text", "completion = \"visited-and-passed\""),
    ("completion-threshold", "whole number", "completion-threshold = 80"),
    ("attempts", "whole number", "attempts = 2"),
    ("organisation", "text", "organisation = \"City of Example\""),
    ("colour", "text", "colour = \"#1d4f91\""),
    ("logo", "text", "logo = \"logo.svg\""),
    ("glossary", "text", "glossary = \"glossary.md\""),
    ("languages", "list of texts", "languages = [\"en\", \"de\"]"),
    ("translations", "table", "[translations.de] on a line of its own, then title = \"...\""),
    ("modules", "list of texts", "modules = [\"01-intro.md\", \"02-practice.md\"]"),
];

/// The values of `completion`.
const COMPLETIONS: &[&str] = &["visited", "passed", "visited-and-passed"];

/// A simple BCP 47 tag: a 2–3 letter language, optionally a region or script (`pt-br`, `sr-latn`).
pub(super) fn is_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// WCAG 2.1 contrast ratio of white text on `#rgb` / `#rrggbb`, or `None` if it is no such colour.
pub(super) fn contrast_with_white(colour: &str) -> Option<f64> {
    let hex = colour.strip_prefix('#')?;
    let digits: Vec<u8> = match hex.len() {
        3 => hex.chars().map(|c| c.to_digit(16).map(|d| (d * 17) as u8)).collect::<Option<_>>()?,
        6 => {
            (0..3).map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()).collect::<Option<_>>()?
        }
        _ => return None,
    };
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(digits[0]) + 0.7152 * channel(digits[1]) + 0.0722 * channel(digits[2]);
    Some(1.05 / (luminance + 0.05))
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
    "completion",
    "completion-threshold",
    "attempts",
    "organisation",
    "colour",
    "logo",
    "glossary",
    "languages",
    "translations",
    "modules",
];

/// The known key a misspelt one most likely means: at most a third of its letters differ.
fn closest_key(key: &str) -> Option<&'static str> {
    closest(key, KEYS)
}

/// The known word a misspelt one most likely means (case, `_` and `-` aside): at most a third of
/// its letters differ.
pub(super) fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let norm = |w: &str| w.to_lowercase().replace('_', "-");
    let word = norm(word);
    known
        .iter()
        .map(|k| (strsim::osa_distance(&word, &norm(k)), *k))
        .filter(|(distance, k)| *distance <= k.chars().count().div_ceil(3))
        .min()
        .map(|(_, k)| k)
}

/// Lower-case ASCII letters, digits and single hyphens inside, at most 64 characters.
pub fn is_id(s: &str) -> bool {
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

/// The line `key = ...` of course.toml's top level (before any `[table]`), for a diagnostic about
/// a value read without its place; the start of the file if there is none.
pub(super) fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let start = at + (line.len() - trimmed.len());
                return start..at + line.trim_end().len();
            }
        }
        at += line.len();
    }
    0..0
}
