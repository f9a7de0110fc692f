//! The script-injection corpus (`tests/hostile/`): every attempt carries a marker, `H` and two
//! digits, on the line of the course's Markdown or course.toml where it is written, and
//! `lotse check` must report each marked line. `rendered/` holds the attempts that are shown as
//! plain text (warnings only: the course compiles, and tests/e2e/hostile.test.mjs renders it in
//! Chromium to show that none runs); `refused/` holds those that are errors (links and files that
//! would run scripts), so that course never compiles.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// `lotse check --format json DIR`: the exit code and each problem's (severity, file, line).
fn problems(dir: &Path) -> (Option<i32>, BTreeSet<(String, String, u64)>) {
    let out = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let found = list
        .iter()
        .map(|p| {
            let text = |key: &str| p[key].as_str().unwrap_or_default().to_string();
            (text("severity"), text("file"), p["line"].as_u64().unwrap_or_default())
        })
        .collect();
    (out.status.code(), found)
}

/// Each marker in the course's Markdown and course.toml, with its file and line.
fn markers(dir: &Path) -> Vec<(String, String, u64)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "md" || e == "toml")) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for (n, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
            let bytes = line.as_bytes();
            for (i, _) in line.match_indices('H') {
                let digits = bytes.get(i + 1..i + 3).unwrap_or_default();
                if digits.len() == 2
                    && digits.iter().all(u8::is_ascii_digit)
                    && !bytes.get(i + 3).is_some_and(u8::is_ascii_digit)
                {
                    out.push((line[i..i + 3].to_string(), name.clone(), n as u64 + 1));
                }
            }
        }
    }
    out
}

/// The marked lines that have no problem of `severity` in `found`.
fn missed<'a>(
    marked: &'a [(String, String, u64)],
    found: &BTreeSet<(String, String, u64)>,
    severity: &str,
) -> Vec<&'a (String, String, u64)> {
    marked
        .iter()
        .filter(|(_, file, line)| !found.contains(&(severity.to_string(), file.clone(), *line)))
        .collect()
}

fn corpus(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile").join(name)
}

#[test]
fn every_injection_attempt_is_reported_on_its_line() {
    let mut total = BTreeSet::new();
    for (name, exit, severity) in [("rendered", 0, "warning"), ("refused", 1, "error")] {
        let dir = corpus(name);
        let (code, found) = problems(&dir);
        assert_eq!(code, Some(exit), "{name}: exit code");
        let marked = markers(&dir);
        assert!(marked.len() >= 10, "{name}: {} attempts", marked.len());
        let missed = missed(&marked, &found, severity);
        assert!(missed.is_empty(), "{name}: attempts without a {severity} on their line: {missed:?}");
        if name == "rendered" {
            assert!(found.iter().all(|(s, _, _)| s == "warning"), "rendered: warnings only, so it compiles");
        }
        total.extend(marked.into_iter().map(|(marker, _, _)| marker));
    }
    assert!(total.len() >= 30, "{} different attempts", total.len());
}

#[test]
fn the_marker_scan_finds_what_it_should() {
    // A line with a marker and no diagnostic fails the test above: a course of one plain
    // paragraph that carries a marker, which `lotse check` has nothing to say about.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("course.toml"),
        "id = \"x\"\ntitle = \"X\"\nlanguage = \"en\"\nversion = \"1.0.0\"\nmodules = [\"a.md\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nHarmless text H99, and H100 is no marker.\n").unwrap();
    assert_eq!(markers(dir.path()), [("H99".to_string(), "a.md".to_string(), 3)]);
    let (code, found) = problems(dir.path());
    assert_eq!(code, Some(0));
    let marked = markers(dir.path());
    assert_eq!(missed(&marked, &found, "warning"), [&marked[0]], "the unreported line is missed");
}
