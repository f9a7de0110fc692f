//! `lotse stats DIR [--format table|json]`: figures about one course, or every course in a folder,
//! from its compiled model (lotse-core's `stats`): modules, words and reading time, the estimated
//! minutes as set, interactions by kind, glossary size, languages and translation coverage.
//! A course with errors has no figures: its problems are shown as by `check`, and the exit status
//! is 1.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use lotse_core::stats::{self, Stats, WORDS_PER_MINUTE};

use crate::folder::{self, Course};
use crate::{check, report};

/// Count a course's modules, words, interactions, glossary terms and translations.
#[derive(clap::Args)]
pub struct Args {
    /// A course folder (with course.toml), or a folder of course folders.
    dir: PathBuf,
    /// How to print the figures.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Aligned plain-text tables, one block per course.
    Table,
    /// One JSON document: `words_per_minute` and `courses`, each with the figures or its problems.
    Json,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    folder::readable_dir(&args.dir, "stats")?;
    let mut failed = false;
    let mut json = Vec::new();
    for dir in folder::courses(&args.dir)? {
        let course = folder::compile(&dir)?;
        let name = dir.display().to_string();
        let figures = course.compiled.course.as_ref().map(|c| stats::stats(c, &course.compiled.translations));
        failed |= figures.is_none();
        match (args.format, figures) {
            (Format::Table, Some(figures)) => {
                print!("{}", table(&name, &figures, course.compiled.warnings()))
            }
            (Format::Table, None) => {
                println!("{name} has errors, so there are no figures yet: fix these first");
                print!("{}", report::render(&course));
            }
            (Format::Json, Some(figures)) => json.push(as_json(&course, Some(&figures))?),
            (Format::Json, None) => json.push(as_json(&course, None)?),
        }
    }
    if args.format == Format::Json {
        let document = serde_json::json!({ "words_per_minute": WORDS_PER_MINUTE, "courses": json });
        println!("{}", serde_json::to_string_pretty(&document)?);
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// A course's entry: its folder and warnings, then the figures, or its problems as `check --format
/// json` lists them.
fn as_json(course: &Course, figures: Option<&Stats>) -> Result<serde_json::Value> {
    let mut entry = serde_json::json!({
        "dir": course.dir.display().to_string(),
        "errors": course.compiled.errors(),
        "warnings": course.compiled.warnings(),
    });
    match figures {
        Some(figures) => {
            if let (Some(entry), serde_json::Value::Object(figures)) =
                (entry.as_object_mut(), serde_json::to_value(figures)?)
            {
                entry.extend(figures);
            }
        }
        None => entry["problems"] = check::as_json(course).into(),
    }
    Ok(entry)
}

/// The figures of one course as aligned tables, with a blank line after.
fn table(dir: &str, s: &Stats, warnings: usize) -> String {
    let minutes = |m: Option<u32>| m.map_or("-".to_string(), |m| m.to_string());
    let mut out = format!("{} ({dir})\n", s.title);
    out += &aligned(
        &[
            vec!["modules".into(), s.modules.len().to_string()],
            vec![
                "reading time".into(),
                format!(
                    "about {} min ({} words at {WORDS_PER_MINUTE} words a minute)",
                    s.reading_minutes, s.words
                ),
            ],
            vec![
                "estimated minutes".into(),
                s.estimated_minutes.map_or("not set in course.toml".into(), |m| format!("{m} (course.toml)")),
            ],
            vec!["glossary terms".into(), s.glossary_terms.to_string()],
            vec!["languages".into(), s.languages.join(", ")],
        ],
        usize::MAX,
    );
    let mut modules = vec![vec!["module".into(), "words".into(), "reading".into(), "estimated".into()]];
    modules.extend(s.modules.iter().map(|m| {
        vec![
            m.id.clone(),
            m.words.to_string(),
            format!("{} min", m.reading_minutes),
            minutes(m.estimated_minutes),
        ]
    }));
    out += "\n";
    out += &aligned(&modules, 1);
    let mut kinds = vec![vec!["interactions".into(), "graded".into(), "ungraded".into()]];
    kinds.extend(
        s.interactions
            .iter()
            .filter(|k| k.graded + k.ungraded > 0)
            .map(|k| vec![k.kind.to_string(), k.graded.to_string(), k.ungraded.to_string()]),
    );
    let total = |f: fn(&stats::KindCount) -> usize| s.interactions.iter().map(f).sum::<usize>().to_string();
    kinds.push(vec!["total".into(), total(|k| k.graded), total(|k| k.ungraded)]);
    out += "\n";
    out += &aligned(&kinds, 1);
    if !s.translations.is_empty() {
        let mut coverage = vec![vec!["translated into".into(), "modules".into(), "glossary terms".into()]];
        coverage.extend(s.translations.iter().map(|t| {
            vec![
                t.language.clone(),
                format!("{} of {}", t.modules_translated, t.modules),
                format!("{} of {}", t.terms_translated, t.terms),
            ]
        }));
        out += "\n";
        out += &aligned(&coverage, 1);
    }
    if warnings > 0 {
        let plural = if warnings == 1 { "" } else { "s" };
        out += &format!("\n  {warnings} warning{plural}: lotse check {dir} shows them\n");
    }
    out + "\n"
}

/// Rows as columns two spaces apart, indented by two; the columns from `right` on aligned right.
fn aligned(rows: &[Vec<String>], right: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|cell| cell.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c >= right {
                    format!("{cell:>w$}", w = widths[c])
                } else {
                    format!("{cell:<w$}", w = widths[c])
                }
            })
            .collect();
        out += &format!("  {}\n", cells.join("  ").trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::aligned;

    #[test]
    fn columns_line_up_with_numbers_on_the_right() {
        let rows = [vec!["kind".to_string(), "graded".into()], vec!["numeric".into(), "2".into()]];
        assert_eq!(aligned(&rows, 1), "  kind     graded\n  numeric       2\n");
        assert_eq!(aligned(&rows, usize::MAX), "  kind     graded\n  numeric  2\n");
    }
}
