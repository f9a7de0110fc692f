//! Golden model snapshots: each folder under `tests/golden/` is a course, and `<folder>.json`
//! beside it is its compiled document, pretty-printed. A change in what the compiler produces
//! shows in review. `LOTSE_BLESS=1 cargo test -p lotse-cli --test golden` rewrites the snapshots.

use std::path::Path;

use lotse_core::compile::{compile, Files};

fn read(dir: &Path, prefix: &str, files: &mut Files) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("{prefix}{}", path.file_name().unwrap().to_string_lossy());
        if path.is_dir() {
            read(&path, &format!("{name}/"), files);
        } else {
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
}

#[test]
fn compiled_documents_match_their_snapshots() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&golden).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let mut files = Files::new();
        read(&dir, "", &mut files);
        let compiled = compile(&files);
        assert!(compiled.diagnostics.is_empty(), "{}: {:?}", dir.display(), compiled.diagnostics);
        let json = serde_json::to_string_pretty(&compiled.course.expect("a course")).unwrap() + "\n";
        let snapshot = dir.with_extension("json");
        if std::env::var_os("LOTSE_BLESS").is_some() {
            std::fs::write(&snapshot, &json).unwrap();
        } else if std::fs::read_to_string(&snapshot).ok().as_deref() != Some(json.as_str()) {
            failures.push(format!("{} differs from its snapshot; now:\n{json}", snapshot.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
