//! Writes the seed corpora into `fuzz/corpus/<target>/` (`cargo run --example seeds`; run it
//! before fuzzing, see README.md): for `compile`, each course folder of `tests/golden`,
//! `tests/corpus`, `tests/e2e` and `courses/` in the form `lotse_fuzz::files` reads; for
//! `suspend_decode`, `worst_case::every_kind`'s progress encoded at several limits; for `json`,
//! the golden course documents and that progress as JSON. Nothing here is committed.

use std::fs;
use std::path::{Path, PathBuf};

use lotse_core::compile::Files;
use lotse_core::suspend::encode;
use lotse_core::worst_case::every_kind;

fn main() -> std::io::Result<()> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = fuzz.parent().expect("fuzz/ is in the project");
    let corpus = |target: &str| -> std::io::Result<PathBuf> {
        let dir = fuzz.join("corpus").join(target);
        fs::create_dir_all(&dir)?;
        Ok(dir)
    };

    let out = corpus("compile")?;
    let mut courses = 0;
    for parent in ["tests/golden", "tests/corpus", "tests/e2e", "courses"] {
        let mut dirs: Vec<PathBuf> =
            fs::read_dir(root.join(parent))?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        dirs.sort();
        for dir in dirs.iter().filter(|d| d.join("course.toml").is_file()) {
            let mut files = Files::new();
            read(dir, dir, &mut files)?;
            // The corpus's expected outputs are not course files.
            files.remove("expect.txt");
            files.remove("check.out");
            let name = format!("{}-{}", parent.replace('/', "-"), dir.file_name().unwrap().to_string_lossy());
            fs::write(out.join(name), lotse_fuzz::bytes(&files))?;
            courses += 1;
        }
    }

    let (course, saved) = every_kind();
    let out = corpus("suspend_decode")?;
    for limit in [usize::MAX, 4096, 300, 100, 40, 20] {
        fs::write(out.join(format!("every-kind-{limit}")), encode(&course, &saved, limit))?;
    }

    let out = corpus("json")?;
    fs::write(out.join("saved"), saved.to_json())?;
    let mut documents = 0;
    for entry in fs::read_dir(root.join("tests/golden"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            fs::copy(&path, out.join(path.file_name().unwrap()))?;
            documents += 1;
        }
    }
    println!("seeds: {courses} course folders, 6 suspend_data texts, {documents} course documents");
    Ok(())
}

/// Every file under `dir`, keyed by its path relative to `base` with `/` separators.
fn read(base: &Path, dir: &Path, files: &mut Files) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read(base, &path, files)?;
        } else {
            let name = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(name, fs::read(&path)?);
        }
    }
    Ok(())
}
