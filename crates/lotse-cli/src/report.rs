//! Diagnostics for people: a snippet with a caret under the problem and the hint, rendered with
//! codespan-reporting.

use std::collections::BTreeMap;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use lotse_core::diag::{self, Severity};

use crate::folder::Course;

/// All diagnostics of a course as text, each with its snippet, then a summary line.
pub fn render(course: &Course) -> String {
    let mut files = SimpleFiles::new();
    // Each file is added once, however many problems it has.
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = String::new();
    let name = course.dir.display().to_string();
    for d in &course.compiled.diagnostics {
        let id = *ids.entry(&d.file).or_insert_with(|| {
            // As the compiler read it: without the byte-order mark some editors write.
            let source = course.files.get(&d.file).map(|b| String::from_utf8_lossy(b)).unwrap_or_default();
            let source = source.strip_prefix('\u{feff}').unwrap_or(&source).to_string();
            files.add(format!("{name}/{}", d.file), source)
        });
        out += &term::emit_into_string(&Config::default(), &files, &convert(d, id))
            .unwrap_or_else(|_| format!("{d}\n"));
    }
    out + &summary(course)
}

fn convert(d: &diag::Diagnostic, file: usize) -> Diagnostic<usize> {
    let base = match d.severity {
        Severity::Error => Diagnostic::error(),
        Severity::Warning => Diagnostic::warning(),
    };
    base.with_message(&d.message)
        .with_labels(vec![Label::primary(file, d.range.clone())])
        .with_notes(d.hint.iter().map(|h| format!("hint: {h}")).collect())
}

pub fn summary(course: &Course) -> String {
    let (errors, warnings) = (course.compiled.errors(), course.compiled.warnings());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let name = course.dir.display();
    if errors + warnings == 0 {
        format!("{name}: no problems found\n")
    } else {
        format!("{name}: {}, {}\n", plural(errors, "error"), plural(warnings, "warning"))
    }
}
