//! The bad-input corpus: every folder under `tests/corpus/` is a broken course. `lotse check` must
//! report it (exit 1 for errors, 0 when only warnings), in both output forms, without a crash, and
//! name the problem written in the folder's `expect.txt`. The whole human output is kept as a
//! golden file, `check.out` beside it: a change in wording, place or caret shows in review.
//! `LOTSE_BLESS=1 cargo test -p lotse-cli --test corpus` rewrites the golden files.

use std::path::Path;
use std::process::Command;

fn check(dir: &Path, format: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["check", "--format", format])
        .arg(dir)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn every_broken_course_is_reported_and_nothing_crashes() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut dirs: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "the corpus has {} courses", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(dir.join("expect.txt")).unwrap().trim().to_string();
        let (code, human) = check(dir, "human");
        let (json_code, json) = check(dir, "json");
        let problems: Vec<serde_json::Value> = match serde_json::from_str(&json) {
            Ok(problems) => problems,
            Err(e) => {
                failures.push(format!("{name}: --format json is not JSON ({e}): {json}"));
                continue;
            }
        };
        let errors = problems.iter().filter(|p| p["severity"] == "error").count();
        let wanted_code = if errors > 0 { 1 } else { 0 };
        if code != Some(wanted_code) || json_code != Some(wanted_code) {
            failures.push(format!("{name}: exit {code:?} / {json_code:?}, expected {wanted_code}\n{human}"));
        }
        if problems.is_empty() {
            failures.push(format!("{name}: no diagnostic\n{human}"));
        }
        if !human.contains(&expected) && !json.contains(&expected) {
            failures.push(format!("{name}: no diagnostic says {expected:?}\n{human}"));
        }
        let golden = dir.join("check.out");
        let human = human.replace(&dir.display().to_string(), "<course>");
        if std::env::var_os("LOTSE_BLESS").is_some() {
            std::fs::write(&golden, &human).unwrap();
        } else {
            match std::fs::read_to_string(&golden) {
                Ok(kept) if kept == human => {}
                Ok(kept) => failures.push(format!(
                    "{name}: output differs from check.out\n--- kept\n{kept}\n--- now\n{human}"
                )),
                Err(_) => {
                    failures.push(format!("{name}: no check.out; run with LOTSE_BLESS=1 and review it"))
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
