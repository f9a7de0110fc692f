//! Golden model snapshots: each folder under `tests/golden/` is a course, and `<folder>.json`
//! beside it is its compiled document, pretty-printed; a course in several languages also has
//! `<folder>.<lang>.json` for each translation. A change in what the compiler produces
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
    let mut snapshots = Vec::new();
    let mut broken = Vec::new();
    for entry in std::fs::read_dir(&golden).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let mut files = Files::new();
        read(&dir, "", &mut files);
        let compiled = compile(&files);
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        // A golden course is clean: a warning here would be a fixture that teaches a bad habit.
        if !compiled.diagnostics.is_empty() {
            let list: Vec<String> = compiled.diagnostics.iter().map(ToString::to_string).collect();
            failures.push(format!("{name}: expected no diagnostics, got:\n{}", list.join("\n")));
            broken.push(format!("{name}."));
            continue;
        }
        // The original as `<folder>.json`, each translation as `<folder>.<lang>.json`.
        let mut documents = vec![(format!("{name}.json"), compiled.course.expect("a course"))];
        for translation in compiled.translations {
            documents.push((format!("{name}.{}.json", translation.language), translation));
        }
        for (file, course) in documents {
            let json = serde_json::to_string_pretty(&course).unwrap() + "\n";
            let snapshot = golden.join(&file);
            snapshots.push(file);
            if std::env::var_os("LOTSE_BLESS").is_some() {
                std::fs::write(&snapshot, &json).unwrap();
            } else if std::fs::read_to_string(&snapshot).ok().as_deref() != Some(json.as_str()) {
                failures.push(format!("{} differs from its snapshot; now:\n{json}", snapshot.display()));
            }
        }
    }
    // A snapshot of a folder or language that is gone would otherwise linger unnoticed.
    for entry in std::fs::read_dir(&golden).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if file.ends_with(".json")
            && !snapshots.contains(&file)
            && !broken.iter().any(|b| file.starts_with(b.as_str()))
        {
            failures.push(format!("{file} belongs to no course folder or language; delete it"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
