//! `lotse new DIR [--id ID] [--title TITLE] [--language en|de]`: a course to start from, in a new
//! or empty folder: course.toml with every setting and a comment on each, a glossary, a picture
//! and three modules with an example of every construct of docs/authoring.md, each saying how it
//! is written. The skeleton (`skeleton/<language>/`) passes `lotse check --deny-warnings`. Nothing
//! is ever overwritten: every file is created new.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use lotse_core::compile::is_id;

use crate::folder;

/// Start a new course: a folder with settings, a glossary and example modules to edit.
#[derive(clap::Args)]
pub struct Args {
    /// The folder for the new course. It must not exist yet, or be empty.
    dir: PathBuf,
    /// The course's id: lower-case letters, digits and hyphens. Default: made from the folder's
    /// name.
    #[arg(long)]
    id: Option<String>,
    /// The title learners see. Default: made from the folder's name.
    #[arg(long)]
    title: Option<String>,
    /// The language of the course and of the example text.
    #[arg(long, value_enum, default_value_t = Language::En)]
    language: Language,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Language {
    /// English.
    En,
    /// German.
    De,
}

/// The skeleton's files by name, course.toml first; `{{ID}}` and `{{TITLE}}` in course.toml are
/// filled in.
fn skeleton(language: Language) -> [(&'static str, &'static str); 6] {
    macro_rules! files {
        ($dir:literal: $($name:literal),*) => {
            [$(($name, include_str!(concat!("../skeleton/", $dir, "/", $name)))),*]
        };
    }
    match language {
        Language::En => {
            files!("en": "course.toml", "glossary.md", "01-text.md", "02-questions.md", "03-practice.md", "picture.svg")
        }
        Language::De => {
            files!("de": "course.toml", "glossar.md", "01-texte.md", "02-fragen.md", "03-praxis.md", "bild.svg")
        }
    }
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let dir = &args.dir;
    refuse_unless_new(dir)?;
    let name = dir
        .canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = match args.id {
        Some(id) if is_id(&id) => id,
        Some(id) => bail!(
            "`{id}` is not an id: use lower-case letters a-z, digits and single hyphens, e.g. --id \
             integration-basics"
        ),
        None => match slug(&name) {
            Some(id) => id,
            None => bail!(
                "cannot make a course id from the folder name `{name}`: give one, e.g. lotse new {} --id \
                 my-course",
                dir.display()
            ),
        },
    };
    let title = args.title.unwrap_or_else(|| title_of(&name));
    std::fs::create_dir_all(dir).map_err(|e| anyhow!("cannot create {}: {e}", dir.display()))?;
    let files = skeleton(args.language);
    for (file, text) in files {
        let text = if file == "course.toml" {
            text.replace("{{ID}}", &id).replace("{{TITLE}}", &toml_text(&title))
        } else {
            text.to_string()
        };
        let path = dir.join(file);
        // `create_new`: a file that appeared meanwhile is left as it is.
        std::fs::File::create_new(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    }
    let shown = quoted(dir);
    println!("Created the course \"{title}\" (id {id}) in {shown}:");
    println!("  {}", files.map(|(file, _)| file).join(", "));
    println!("Edit the modules, then:");
    println!("  lotse check {shown}    lists every problem, with file and line");
    println!("  lotse serve {shown}    shows the course in your browser at http://127.0.0.1:8080");
    Ok(ExitCode::SUCCESS)
}

/// An error of one line unless `dir` does not exist yet or is an empty folder.
fn refuse_unless_new(dir: &Path) -> Result<()> {
    let name = dir.display();
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => bail!(folder::unreadable(dir, &e)),
        Ok(meta) if !meta.is_dir() => {
            bail!("{name} is a file: give the name of a new folder, e.g. lotse new courses/my-course")
        }
        Ok(_) => {}
    }
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| anyhow!(folder::unreadable(dir, &e)))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    entries.sort();
    let more = if entries.len() > 3 { ", …" } else { "" };
    entries.truncate(3);
    bail!(
        "{name} is not empty (it holds {}{more}), and lotse new never overwrites anything: give a new \
         folder, e.g. lotse new courses/my-course",
        entries.join(", ")
    )
}

/// A path as a trainer would type it in a command: in double quotes when it has a space or a
/// character a shell would read.
fn quoted(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_alphanumeric() || "-_./:\\".contains(c);
    if text.chars().all(plain) {
        text
    } else {
        format!("\"{text}\"")
    }
}

/// A course id from a folder name: `Erste Schritte` → `erste-schritte`, umlauts spelt out.
fn slug(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            _ if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    let out =
        out.trim_end_matches('-').chars().take(64).collect::<String>().trim_end_matches('-').to_string();
    is_id(&out).then_some(out)
}

/// A title from a folder name: `first-steps` → `First steps`.
fn title_of(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My course".to_string(),
    }
}

/// `text` for the inside of a TOML basic string.
fn toml_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_titles_come_from_the_folder_name() {
        assert_eq!(slug("Erste Schritte für Ämter").as_deref(), Some("erste-schritte-fuer-aemter"));
        assert_eq!(slug("--my__course 2--").as_deref(), Some("my-course-2"));
        assert_eq!(slug("…"), None);
        assert_eq!(title_of("first-steps"), "First steps");
        assert_eq!(title_of("ämter_kurs"), "Ämter kurs");
    }

    #[test]
    fn a_title_is_escaped_for_toml() {
        assert_eq!(toml_text(r#"A "quoted" \ title"#), r#"A \"quoted\" \\ title"#);
        assert_eq!(toml_text("tab\there"), "tab\\u0009here");
    }

    #[test]
    fn a_path_with_a_space_is_quoted_for_the_next_command() {
        assert_eq!(quoted(Path::new("courses/erste-schritte")), "courses/erste-schritte");
        assert_eq!(quoted(Path::new("Erste Schritte")), "\"Erste Schritte\"");
    }
}
