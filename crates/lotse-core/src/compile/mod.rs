//! The course compiler: in-memory course files → a [`Course`] document and [`Diagnostic`]s.
//!
//! A pure function of its input ([`compile`]); the `lotse` binary reads the folder and renders the
//! diagnostics. Author input never panics the compiler: every problem becomes a diagnostic, and all
//! problems of a run are reported together. `course.toml` is read here ([`config`]); each module
//! is compiled by [`markdown`].

mod active;
mod config;
mod glossary;
mod interaction;
mod markdown;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::diag::{line_col, Diagnostic, Severity};
use crate::model::{Block, Completion, Course, Interaction, Kind, Module, Term, FORMAT_VERSION};
pub use config::is_id;
use markdown::Seen;

/// A course folder in memory: path (relative, `/`-separated) → contents.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The course's configuration file, at the root of the folder.
pub const COURSE_FILE: &str = "course.toml";

/// The compiled document's name in a built course.
pub const COURSE_JSON: &str = "course.json";

/// The compiled document of a further language of the course: `course.de.json`.
pub fn translation_json(language: &str) -> String {
    format!("course.{language}.json")
}

/// The player's files, as `cargo xtask build` puts them in `dist/`. A course file may not take
/// one of these names (or [`COURSE_JSON`]) at the root of the course folder.
pub const PLAYER_FILES: &[&str] =
    &["index.html", "boot.js", "lotse.js", "lotse_bg.wasm", "lotse.css", "lotse-icon.svg"];

#[derive(Debug)]
pub struct Compiled {
    /// `None` when there is any error; warnings still produce a course.
    pub course: Option<Course>,
    /// The course in its other languages (course.toml's `languages` after the first), in order;
    /// empty when there is any error.
    pub translations: Vec<Course>,
    /// Sorted by file, then position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Compile the course in `files`.
pub fn compile(files: &Files) -> Compiled {
    let mut diags = Diagnostics::default();
    let compiled = compile_inner(files, &mut diags);
    let mut diagnostics = diags.0;
    diagnostics.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    match compiled.filter(|_| !has_errors) {
        Some((course, translations)) => Compiled { course: Some(course), translations, diagnostics },
        None => Compiled { course: None, translations: Vec::new(), diagnostics },
    }
}

/// A file in the language `suffix`: `01-intro.md` → `01-intro.de.md`.
fn localised(path: &str, suffix: Option<&str>) -> String {
    match (suffix, path.rsplit_once('.')) {
        (Some(lang), Some((stem, ext))) => format!("{stem}.{lang}.{ext}"),
        _ => path.to_string(),
    }
}

/// One language of the course while it is compiled: its modules and what they defined.
struct Language {
    lang: String,
    modules: Vec<Module>,
    /// Per module (same order as course.toml): its file, and the interactions it defined.
    files: Vec<Option<String>>,
    seen: Seen,
    glossary: Vec<Term>,
}

fn compile_inner(files: &Files, diags: &mut Diagnostics) -> Option<(Course, Vec<Course>)> {
    let Some(bytes) = files.get(COURSE_FILE) else {
        diags.push(
            Severity::Error,
            COURSE_FILE,
            "",
            0..0,
            "this folder has no course.toml",
            "create course.toml with the course's id, title, language, version and modules",
        );
        return None;
    };
    let text = decode(COURSE_FILE, bytes, diags)?;
    let config = config::parse(&text, diags)?;
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut part_of_course: Vec<String> = Vec::new();

    for (key, value) in [("logo", &config.logo), ("glossary", &config.glossary)] {
        let Some(value) = value else { continue };
        let path = config::module_path(value.get_ref());
        if !files.contains_key(path) {
            let message = format!("the {key} file `{path}` does not exist");
            let hint =
                "check the file name (upper and lower case matter) and that it is in the course folder";
            diags.push(Severity::Error, COURSE_FILE, &text, value.span(), message, hint);
        } else if let Some(why) = files.get(path).and_then(|bytes| active::active_content(path, bytes)) {
            let message = format!("the {key} file `{path}` {why}, which could run in the course's site");
            diags.push(Severity::Error, COURSE_FILE, &text, value.span(), message, active::ACTIVE_HINT);
        } else if key == "logo"
            && !["svg", "png", "jpg", "jpeg", "webp"].iter().any(|e| path.to_ascii_lowercase().ends_with(e))
        {
            let message = format!("the logo `{path}` is not an image the player can show");
            diags.push(
                Severity::Error,
                COURSE_FILE,
                &text,
                value.span(),
                message,
                "use an SVG, PNG, JPEG or WebP file",
            );
        }
    }
    // The course's own texts are shown as plain text; markup in them is an attempt to report.
    for (key, value) in
        [("title", &config.title), ("description", &config.description), ("audience", &config.audience)]
    {
        if active::markup_at(value).is_some() {
            diags.push(
                Severity::Warning,
                COURSE_FILE,
                &text,
                config::key_span(&text, key),
                format!("HTML is not allowed in the course's {key}; it is shown as plain text"),
                "write the text without tags",
            );
        }
    }
    // A list that does not start with the course's language was reported; compile the original only.
    // Invalid and repeated codes were reported too; they are left out.
    let original_language = config.language.get_ref().clone();
    let languages: Vec<String> = match &config.languages {
        Some(list) if list.get_ref().first().is_some_and(|l| *l.get_ref() == original_language) => {
            let mut languages: Vec<String> = Vec::new();
            for lang in list.get_ref() {
                if !languages.contains(lang.get_ref()) && config::is_language(lang.get_ref()) {
                    languages.push(lang.get_ref().clone());
                }
            }
            languages
        }
        _ => vec![original_language.clone()],
    };
    // Every listed code, valid or not: their files are no stray Markdown.
    let listed: Vec<String> = config
        .languages
        .as_ref()
        .map(|l| l.get_ref().iter().map(|l| l.get_ref().clone()).collect())
        .unwrap_or_default();
    if let Some(list) = config.languages.as_ref().filter(|_| languages.len() > 1) {
        for (n, lang) in list.get_ref().iter().enumerate().skip(1) {
            if list.get_ref()[..n].iter().any(|other| other.get_ref() == lang.get_ref()) {
                continue;
            }
            let translated = config.translations.iter().find(|(k, _)| k.get_ref() == lang.get_ref());
            if translated.and_then(|(_, t)| t.title.as_ref()).is_none() && config::is_language(lang.get_ref())
            {
                diags.push(
                    Severity::Warning,
                    COURSE_FILE,
                    &text,
                    lang.span(),
                    format!(
                        "the course title has no translation into `{}`; the original title is shown",
                        lang.get_ref()
                    ),
                    format!(
                        "add at the end of course.toml: [translations.{}] and below it title = \"...\"",
                        lang.get_ref()
                    ),
                );
            }
        }
    }
    let default_attempts =
        config.attempts.as_ref().and_then(|a| u32::try_from(*a.get_ref()).ok()).unwrap_or(1);
    let glossary_path = config.glossary.as_ref().map(|g| config::module_path(g.get_ref()).to_string());

    let mut compiled: Vec<Language> = Vec::new();
    for (k, lang) in languages.iter().enumerate() {
        let suffix = (k > 0).then_some(lang.as_str());
        // The glossary's term ids come first: modules link to them.
        let mut glossary_terms = None;
        let mut glossary_file = None;
        if let Some(original) = &glossary_path {
            let path = localised(original, suffix);
            match files.get(&path) {
                Some(bytes) => {
                    part_of_course.push(path.clone());
                    if let Some(source) = decode(&path, bytes, diags) {
                        let ids = glossary::term_ids(&path, &source, diags);
                        glossary_terms = Some((original.clone(), ids));
                        sources.insert(path.clone(), source);
                        glossary_file = Some(path);
                    }
                }
                None if k > 0 && files.contains_key(original) => {
                    // Links to its terms still resolve; the one error below says what is missing.
                    if let Some(source) = sources.get(original) {
                        let ids = glossary::term_ids(original, source, &mut Diagnostics::default());
                        glossary_terms = Some((original.clone(), ids));
                    }
                    let span = config.glossary.as_ref().map_or(0..0, |g| g.span());
                    diags.push(
                        Severity::Error,
                        COURSE_FILE,
                        &text,
                        span,
                        format!("the glossary has no translation into `{lang}`: `{path}` does not exist"),
                        format!("translate {original} into {path}"),
                    );
                }
                None => {}
            }
        }
        let context = markdown::Context {
            glossary: glossary_terms,
            attempts: default_attempts,
            suffix: suffix.map(str::to_string),
        };
        let mut language = Language {
            lang: lang.clone(),
            modules: Vec::new(),
            files: Vec::new(),
            seen: Seen::default(),
            glossary: Vec::new(),
        };
        for entry in &config.modules {
            let original = config::module_path(entry.get_ref()).to_string();
            let path = localised(&original, suffix);
            let span = entry.span();
            let Some(bytes) = files.get(path.as_str()) else {
                let (message, hint) = if k == 0 {
                    (
                        format!("module file `{path}` does not exist"),
                        "check the file name and that the file is in the course folder".to_string(),
                    )
                } else {
                    (
                        format!("the module `{original}` has no translation into `{lang}`: `{path}` does not exist"),
                        format!("translate the module into {path}, or remove \"{lang}\" from languages"),
                    )
                };
                if k == 0 || files.contains_key(&original) {
                    diags.push(Severity::Error, COURSE_FILE, &text, span, message, hint);
                }
                language.files.push(None);
                continue;
            };
            part_of_course.push(path.clone());
            let id = config::module_id(&original);
            let source = decode(&path, bytes, diags);
            let module = source.as_ref().and_then(|source| {
                markdown::Compiler::new(&path, source, files, diags, &context, &mut language.seen)
                    .module(id.clone())
            });
            // The id from the file name counts unless the front matter gave another.
            if k == 0 && module.as_ref().map_or(&id, |m| &m.id) == &id && !config::is_id(&id) {
                diags.push(
                    Severity::Error,
                    COURSE_FILE,
                    &text,
                    span.clone(),
                    format!("the file name `{original}` does not give a usable module id (`{id}`)"),
                    "name module files with letters a-z, digits and hyphens, e.g. 02-first-contact.md, \
                     or give the module an id in its front matter",
                );
            }
            if let Some(module) = module {
                language.modules.push(module);
                language.files.push(Some(path.clone()));
            } else {
                language.files.push(None);
            }
            if let Some(source) = source {
                sources.insert(path, source);
            }
        }
        if let Some(path) = glossary_file {
            let source = sources.get(&path).map(String::as_str).unwrap_or_default();
            let compiler = markdown::Compiler::new(&path, source, files, diags, &context, &mut language.seen);
            // A title is welcome but not needed; questions are refused (the glossary is no module).
            language.glossary = glossary::terms(compiler.fragment());
        }
        part_of_course.extend(language.seen.transcripts.iter().cloned());
        compiled.push(language);
    }

    check_module_ids(&compiled, &config, &text, diags);
    if let Some(original) = compiled.first() {
        if let Some(path) = &glossary_path {
            let source = sources.get(path).map(String::as_str).unwrap_or_default();
            glossary::check_unused(path, source, &original.seen.terms, diags);
        }
        for other in &compiled[1..] {
            check_translation(original, other, glossary_path.as_deref(), &sources, diags);
        }
    }

    let completion = match config.completion.as_ref().map(|c| c.get_ref().as_str()) {
        Some("passed") => Completion::Passed,
        Some("visited-and-passed") => Completion::VisitedAndPassed,
        Some(_) => Completion::Visited,
        None if config.passing_score.is_some() => Completion::VisitedAndPassed,
        None => Completion::Visited,
    };
    let graded = compiled.first().is_some_and(|l| {
        l.modules.iter().flat_map(|m| &m.blocks).any(|b| matches!(b, Block::Interaction(i) if i.graded))
    });
    let valid_score = config.passing_score.as_ref().is_some_and(|p| (0..=100).contains(p.get_ref()));
    if completion != Completion::Visited
        && !graded
        && valid_score
        && compiled.first().is_some_and(|l| !l.modules.is_empty())
    {
        // Explicitly asked for: an error. Only implied by passing-score: a warning.
        let (severity, span) = match (&config.completion, &config.passing_score) {
            (Some(c), _) => (Severity::Error, c.span()),
            (None, Some(p)) => (Severity::Warning, p.span()),
            (None, None) => (Severity::Warning, 0..0),
        };
        diags.push(
            severity,
            COURSE_FILE,
            &text,
            span,
            "the course has a passing score but no graded question",
            "add a question, or remove passing-score (and completion) so that visiting every module completes the course",
        );
    }

    let reserved = |p: &str| {
        PLAYER_FILES.contains(&p) || p == COURSE_JSON || languages.iter().any(|l| p == translation_json(l))
    };
    for path in files.keys().filter(|p| reserved(p)) {
        diags.push(
            Severity::Error,
            path,
            "",
            0..0,
            format!("`{path}` is a name the course player needs for itself"),
            "rename the file (and the links to it)",
        );
    }
    let is_translation = |path: &str| {
        config
            .modules
            .iter()
            .any(|m| listed.iter().any(|l| localised(config::module_path(m.get_ref()), Some(l)) == path))
    };
    for path in files.keys().filter(|p| p.ends_with(".md")) {
        if !part_of_course.contains(path) && !is_documentation(path) && !is_translation(path) {
            diags.push(
                Severity::Warning,
                path,
                "",
                0..0,
                "this Markdown file is not part of the course",
                "add it to `modules` in course.toml, or move it out of the course folder",
            );
        }
    }

    let mut courses = compiled.into_iter().map(|language| {
        let translation =
            config.translations.iter().find(|(k, _)| k.get_ref() == &language.lang).map(|(_, t)| t);
        let pick = |original: &String, translated: Option<&Option<String>>| match translated {
            Some(Some(text)) => text.clone(),
            _ => original.clone(),
        };
        Course {
            format: FORMAT_VERSION,
            id: config.id.get_ref().clone(),
            title: pick(&config.title, translation.map(|t| &t.title)),
            description: pick(&config.description, translation.map(|t| &t.description)),
            audience: pick(&config.audience, translation.map(|t| &t.audience)),
            language: language.lang,
            languages: if languages.len() > 1 { languages.clone() } else { Vec::new() },
            version: config.version.clone(),
            estimated_minutes: config
                .estimated_minutes
                .as_ref()
                .and_then(|m| u32::try_from(*m.get_ref()).ok()),
            passing_score: config.passing_score.as_ref().and_then(|p| u8::try_from(*p.get_ref()).ok()),
            completion,
            completion_threshold: config
                .completion_threshold
                .as_ref()
                .and_then(|t| u8::try_from(*t.get_ref()).ok().filter(|t| (1..=100).contains(t))),
            organisation: config.organisation.clone(),
            colour: config.colour.as_ref().map(|c| c.get_ref().to_ascii_lowercase()).unwrap_or_default(),
            logo: config
                .logo
                .as_ref()
                .map(|l| config::module_path(l.get_ref()).to_string())
                .unwrap_or_default(),
            glossary: language.glossary,
            modules: language.modules,
        }
    });
    let course = courses.next()?;
    Some((course, courses.collect()))
}

/// Module ids (from file names or front matter) differ within a language, and a translation
/// keeps the original's ids.
fn check_module_ids(compiled: &[Language], config: &config::Config, text: &str, diags: &mut Diagnostics) {
    let Some(original) = compiled.first() else { return };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut at = 0;
    for (n, file) in original.files.iter().enumerate() {
        if file.is_none() {
            continue;
        }
        let Some(module) = original.modules.get(at) else { break };
        at += 1;
        if let Some(&other) = seen.get(module.id.as_str()) {
            diags.push(
                Severity::Error,
                COURSE_FILE,
                text,
                config.modules[n].span(),
                format!(
                    "modules `{}` and `{}` both get the id `{}`",
                    config.modules[other].get_ref(),
                    config.modules[n].get_ref(),
                    module.id
                ),
                "give the files different names, or different ids in their front matter",
            );
        }
        seen.insert(&module.id, n);
    }
}

/// The same interactions, glossary terms and module ids in a translation as in the original,
/// and of the same shape, so that scores and saved answers mean the same in every language.
fn check_translation(
    original: &Language,
    other: &Language,
    glossary: Option<&str>,
    sources: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    let glossary_file = &localised(glossary.unwrap_or_default(), Some(&other.lang));
    let shapes = |language: &Language| -> BTreeMap<String, (String, String)> {
        let mut out = BTreeMap::new();
        for (module, file) in language.modules.iter().zip(language.files.iter().flatten()) {
            for block in &module.blocks {
                if let Block::Interaction(i) = block {
                    // The first of an id used twice (an error of its own), as `seen` keeps it.
                    out.entry(i.id.clone()).or_insert_with(|| (shape(i), file.clone()));
                }
            }
        }
        out
    };
    // Module n of a language, if it compiled.
    let module_at = |language: &'_ Language, n: usize| -> Option<(String, String)> {
        language.files.get(n)?.as_ref()?;
        let index = language.files[..n].iter().filter(|f| f.is_some()).count();
        let module = language.modules.get(index)?;
        Some((language.files[n].clone()?, module.id.clone()))
    };
    for n in 0..original.files.len() {
        if let (Some((_, ours)), Some((file, theirs))) = (module_at(original, n), module_at(other, n)) {
            if ours != theirs {
                let source = sources.get(&file).map(String::as_str).unwrap_or_default();
                diags.push(
                    Severity::Error,
                    &file,
                    source,
                    0..0,
                    format!("this translation gives the module the id `{theirs}`; the original's is `{ours}`"),
                    "a translation keeps the original's id: remove the id from its front matter, or make it the same",
                );
            }
        }
    }
    let (ours, theirs) = (shapes(original), shapes(other));
    // Where the translation defines `id`: the file of its heading with the heading's range (a
    // range is only ever reported in the file it was taken from), else the top of `file`.
    let place = |id: &str, file: &str| match other.seen.interactions.get(id) {
        Some((file, range)) => (file.clone(), range.clone()),
        None => (file.to_string(), 0..0),
    };
    let lang = &other.lang;
    for (id, (shape, file)) in &ours {
        match theirs.get(id) {
            None => {
                // Reported in the translated module that should have it, at its top.
                let target = localised(file, Some(lang));
                if let Some(source) = sources.get(&target) {
                    diags.push(
                        Severity::Error,
                        &target,
                        source,
                        0..0,
                        format!("the question `{id}` of {file} is missing in this translation"),
                        format!("translate it here with the same id: {{#{id} ...}}"),
                    );
                }
            }
            Some((their_shape, their_file)) if their_shape != shape => {
                let (their_file, range) = place(id, their_file);
                let source = sources.get(&their_file).map(String::as_str).unwrap_or_default();
                diags.push(
                    Severity::Error,
                    &their_file,
                    source,
                    range,
                    format!("the question `{id}` differs from the original in {file}"),
                    "a translation keeps the kind, the settings, the number and order of options and \
                     which ones are correct; only the words change",
                );
            }
            Some(_) => {}
        }
    }
    for (id, (_, file)) in &theirs {
        if !ours.contains_key(id) {
            let (file, range) = place(id, file);
            let source = sources.get(&file).map(String::as_str).unwrap_or_default();
            diags.push(
                Severity::Error,
                &file,
                source,
                range,
                format!("the question `{id}` is not in the original language"),
                "use the id of the question this translates, or add the question to the original",
            );
        }
    }
    let their_terms: Vec<&str> = other.glossary.iter().map(|t| t.id.as_str()).collect();
    for term in &original.glossary {
        if !their_terms.contains(&term.id.as_str()) && !other.glossary.is_empty() {
            diags.push(
                Severity::Error,
                glossary_file,
                sources.get(glossary_file).map(String::as_str).unwrap_or_default(),
                0..0,
                format!("the glossary term `{}` has no translation into `{lang}`", term.id),
                format!("add it to the {lang} glossary with the same id: ## ... {{#{}}}", term.id),
            );
        }
    }
}

/// What must be equal between an interaction and its translation.
fn shape(i: &Interaction) -> String {
    let flags = |choices: &[crate::model::Choice]| {
        choices.iter().map(|c| if c.correct { 'x' } else { 'o' }).collect::<String>()
    };
    let detail = match &i.kind {
        Kind::SingleChoice(c) => format!("single {}", flags(c)),
        Kind::MultipleChoice(c) => format!("multiple {}", flags(c)),
        Kind::TrueFalse(c) => format!("true-false {}", flags(c)),
        Kind::FillIn(f) => format!("fill-in {}", f.case_sensitive),
        Kind::Numeric(n) => format!(
            "numeric {}",
            n.iter().map(|a| format!("{}..{}:{}", a.min, a.max, a.correct)).collect::<Vec<_>>().join(",")
        ),
        Kind::Matching(p) => format!("matching {}", p.len()),
        Kind::Ordering(o) => format!("ordering {}", o.len()),
        Kind::Reflection { report } => format!("reflection {report}"),
        Kind::SelfAssessment(s) => format!("self-assessment {} {}", s.scale.len(), s.statements.len()),
        Kind::Scenario(steps) => format!(
            "scenario {}",
            steps
                .iter()
                .map(|s| format!(
                    "{}>{}{}",
                    s.id,
                    s.paths.iter().map(|p| p.to.as_str()).collect::<Vec<_>>().join("|"),
                    if s.success { "!" } else { "" }
                ))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    };
    format!(
        "{detail} graded={} weight={} attempts={:?} solution={}",
        i.graded, i.weight, i.attempts, i.solution
    )
}

/// README and similar files explain a course folder to its maintainers; they are no modules.
fn is_documentation(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    ["readme.md", "changelog.md", "license.md", "notes.md"].contains(&name.as_str())
}

/// The text of a file, or a diagnostic at the first byte that is not UTF-8.
pub(super) fn decode(path: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.to_string()),
        Err(_) if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") => {
            diags.push(
                Severity::Error,
                path,
                "",
                0..0,
                "this file is saved as UTF-16, not UTF-8",
                "save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8)",
            );
            None
        }
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let offset = text.len();
            diags.push(
                Severity::Error,
                path,
                text,
                offset..offset,
                "this file is not UTF-8 text",
                "save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8)",
            );
            None
        }
    }
}

/// Collects diagnostics, computing line and column from the file text. Line starts are indexed
/// once per file, so that a module with thousands of problems is not scanned once per problem.
#[derive(Default)]
pub(crate) struct Diagnostics(Vec<Diagnostic>, BTreeMap<String, Vec<usize>>);

impl Diagnostics {
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        file: &str,
        text: &str,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        // A block's range ends with its line break; the caret belongs under the text.
        let mut range = range;
        while range.end > range.start && matches!(text.as_bytes().get(range.end - 1), Some(b'\n' | b'\r')) {
            range.end -= 1;
        }
        let starts = self.1.entry(file.to_string()).or_insert_with(|| {
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
        });
        let position = |offset: usize| {
            let line = starts.partition_point(|&start| start <= offset).max(1);
            let line_start = starts[line - 1];
            (line, line_col(&text[line_start..], offset.saturating_sub(line_start)).1)
        };
        let ((line, column), (end_line, end_column)) = (position(range.start), position(range.end));
        let hint = hint.into();
        self.0.push(Diagnostic {
            severity,
            file: file.to_string(),
            range,
            line,
            column,
            end_line,
            end_column,
            message: message.into(),
            hint: (!hint.is_empty()).then_some(hint),
        });
    }
}
