//! Course folders on disk: finding them and reading them into lotse-core's in-memory `Files`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lotse_core::compile::{self, Compiled, Files, COURSE_FILE};

/// `dir` itself if it holds a course.toml, else each sub-folder that does, sorted by name. A
/// folder of Markdown files without course.toml counts as a course, so that the compiler can say
/// what is missing.
pub fn courses(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join(COURSE_FILE).is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.join(COURSE_FILE).is_file() {
            found.push(path);
        }
    }
    found.sort();
    let has_markdown = || {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "md"))
    };
    if found.is_empty() && has_markdown() {
        return Ok(vec![dir.to_path_buf()]);
    }
    anyhow::ensure!(
        !found.is_empty(),
        "{} holds no course: a course is a folder with a course.toml",
        dir.display()
    );
    Ok(found)
}

/// Every file under `dir` except hidden ones, keyed by its `/`-separated relative path.
pub fn read(dir: &Path) -> Result<Files> {
    let mut files = Files::new();
    read_into(dir, "", &mut files)?;
    Ok(files)
}

fn read_into(dir: &Path, prefix: &str, files: &mut Files) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let key = format!("{prefix}{name}");
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            read_into(&path, &format!("{key}/"), files)?;
        } else {
            let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            files.insert(key, bytes);
        }
    }
    Ok(())
}

/// A course folder read and compiled.
pub struct Course {
    pub dir: PathBuf,
    pub files: Files,
    pub compiled: Compiled,
}

pub fn compile(dir: &Path) -> Result<Course> {
    let files = read(dir)?;
    let compiled = compile::compile(&files);
    Ok(Course { dir: dir.to_path_buf(), files, compiled })
}

/// Files of the course folder that the player loads (images...), not its sources.
pub fn is_asset(path: &str) -> bool {
    !(path.ends_with(".md") || path == COURSE_FILE)
}
