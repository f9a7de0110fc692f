//! The course compiler: in-memory course files → a [`Course`] document and [`Diagnostic`]s.
//!
//! A pure function of its input ([`compile`]); the `lotse` binary reads the folder and renders the
//! diagnostics. Author input never panics the compiler: every problem becomes a diagnostic, and all
//! problems of a run are reported together. `course.toml` is read here ([`config`]); each module
//! is compiled by [`markdown`].

mod config;
mod markdown;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::diag::{line_col, Diagnostic, Severity};
use crate::model::{Course, FORMAT_VERSION};

/// A course folder in memory: path (relative, `/`-separated) → contents.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The course's configuration file, at the root of the folder.
pub const COURSE_FILE: &str = "course.toml";

/// The compiled document's name in a built course.
pub const COURSE_JSON: &str = "course.json";

/// The player's files, as `cargo xtask build` puts them in `dist/`. A course file may not take
/// one of these names (or [`COURSE_JSON`]) at the root of the course folder.
pub const PLAYER_FILES: &[&str] = &["index.html", "lotse.js", "lotse_bg.wasm", "lotse.css"];

#[derive(Debug)]
pub struct Compiled {
    /// `None` when there is any error; warnings still produce a course.
    pub course: Option<Course>,
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
    let course = compile_inner(files, &mut diags);
    let mut diagnostics = diags.0;
    diagnostics.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Compiled { course: course.filter(|_| !has_errors), diagnostics }
}

fn compile_inner(files: &Files, diags: &mut Diagnostics) -> Option<Course> {
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

    let mut modules = Vec::new();
    let mut questions = BTreeMap::new();
    let mut module_ids: BTreeMap<String, String> = BTreeMap::new();
    for entry in &config.modules {
        let path = &config::module_path(entry.get_ref()).to_string();
        let span = entry.span();
        let Some(bytes) = files.get(path.as_str()) else {
            diags.push(
                Severity::Error,
                COURSE_FILE,
                &text,
                span,
                format!("module file `{path}` does not exist"),
                "check the file name and that the file is in the course folder",
            );
            continue;
        };
        let id = config::module_id(path);
        if !config::is_id(&id) {
            diags.push(
                Severity::Error,
                COURSE_FILE,
                &text,
                span.clone(),
                format!("the file name `{path}` does not give a usable module id (`{id}`)"),
                "name module files with letters a-z, digits and hyphens, e.g. 02-first-contact.md",
            );
        }
        if let Some(other) = module_ids.insert(id.clone(), path.clone()) {
            diags.push(
                Severity::Error,
                COURSE_FILE,
                &text,
                span,
                format!("modules `{other}` and `{path}` both get the id `{id}`"),
                "give the files different names",
            );
        }
        let Some(source) = decode(path, bytes, diags) else { continue };
        let module = markdown::Compiler {
            file: path,
            text: &source,
            files,
            diags: &mut *diags,
            questions: &mut questions,
        }
        .module(id);
        modules.extend(module);
    }
    for path in files.keys().filter(|p| PLAYER_FILES.contains(&p.as_str()) || *p == COURSE_JSON) {
        diags.push(
            Severity::Error,
            path,
            "",
            0..0,
            format!("`{path}` is a name the course player needs for itself"),
            "rename the file (and the links to it)",
        );
    }
    for path in files.keys().filter(|p| p.ends_with(".md")) {
        if !config.modules.iter().any(|m| config::module_path(m.get_ref()) == path) && !is_documentation(path)
        {
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

    Some(Course {
        format: FORMAT_VERSION,
        id: config.id.into_inner(),
        title: config.title,
        description: config.description,
        audience: config.audience,
        language: config.language,
        version: config.version,
        estimated_minutes: config.estimated_minutes.and_then(|m| u32::try_from(m.into_inner()).ok()),
        passing_score: config.passing_score.and_then(|p| u8::try_from(p.into_inner()).ok()),
        modules,
    })
}

/// README and similar files explain a course folder to its maintainers; they are no modules.
fn is_documentation(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    ["readme.md", "changelog.md", "license.md", "notes.md"].contains(&name.as_str())
}

/// The text of a file, or a diagnostic at the first byte that is not UTF-8.
fn decode(path: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
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
