//! Course folders on disk: finding them and reading them into lotse-core's in-memory `Files`.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use lotse_core::compile::{self, Compiled, Files, COURSE_FILE};

/// That `dir`, given to `lotse <command>`, is a folder that can be read; otherwise an error of one
/// line that says what to give instead.
pub fn readable_dir(dir: &Path, command: &str) -> Result<()> {
    let name = dir.display();
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => bail!(
            "{name} does not exist: give the folder that holds course.toml, e.g. lotse {command} \
             courses/integration-basics"
        ),
        Err(e) => bail!(unreadable(dir, &e)),
        Ok(meta) if !meta.is_dir() => {
            let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            bail!(
                "{name} is a file, not a folder: give the folder that holds it, e.g. lotse {command} {}",
                parent.display()
            )
        }
        Ok(_) => {}
    }
    std::fs::read_dir(dir).map(drop).map_err(|e| anyhow!(unreadable(dir, &e)))
}

/// What to say when `path` cannot be read, in one line.
pub fn unreadable(path: &Path, err: &std::io::Error) -> String {
    let name = path.display();
    match err.kind() {
        ErrorKind::PermissionDenied => format!(
            "{name} cannot be read: you have no permission to read it; ask whoever looks after this \
             computer for access, or copy the course into a folder of your own"
        ),
        _ => format!(
            "{name} cannot be read ({err}): check that the disk or network drive it is on is connected"
        ),
    }
}

/// `dir` itself if it holds a course.toml, else each sub-folder that does, sorted by name. A
/// folder of Markdown files without course.toml counts as a course, so that the compiler can say
/// what is missing.
pub fn courses(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join(COURSE_FILE).is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| anyhow!(unreadable(dir, &e)))? {
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
    for entry in std::fs::read_dir(dir).map_err(|e| anyhow!(unreadable(dir, &e)))? {
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
            let bytes = std::fs::read(&path).map_err(|e| anyhow!(unreadable(&path, &e)))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests run as root cannot make a folder unreadable, so the message is checked here too.
    #[test]
    fn an_unreadable_folder_says_what_to_do() {
        let denied = std::io::Error::from(ErrorKind::PermissionDenied);
        assert_eq!(
            unreadable(Path::new("courses/x"), &denied),
            "courses/x cannot be read: you have no permission to read it; ask whoever looks after \
             this computer for access, or copy the course into a folder of your own"
        );
    }
}
