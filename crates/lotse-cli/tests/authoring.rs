//! A trainer's day with `lotse`: `new` gives a course that passes `check --deny-warnings` in
//! English and German and never overwrites a folder; `stats` counts a course as a table and as
//! JSON; a missing folder, a file or an unreadable folder gives `check`, `stats`, `package`, `build`
//! and `new` one line that says what to do, and exit status 2.

use std::path::Path;
use std::process::{Command, Output};

fn lotse() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lotse"))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder with the given files.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn check_deny_warnings(dir: &Path) -> Output {
    lotse().args(["check", "--deny-warnings"]).arg(dir).output().unwrap()
}

#[test]
fn new_gives_an_english_course_that_passes_check_and_says_what_to_do_next() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("courses/first-steps");
    let out = lotse().arg("new").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let shown = dir.display();
    assert!(
        text.starts_with(&format!("Created the course \"First steps\" (id first-steps) in {shown}:\n")),
        "{text}"
    );
    assert!(
        text.contains("course.toml, glossary.md, 01-text.md, 02-questions.md, 03-practice.md, picture.svg")
    );
    assert!(
        text.contains(&format!("lotse check {shown}")) && text.contains(&format!("lotse serve {shown}")),
        "{text}"
    );
    let check = check_deny_warnings(&dir);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(stdout(&check).ends_with("no problems found\n"), "{}", stdout(&check));
    let toml = std::fs::read_to_string(dir.join("course.toml")).unwrap();
    assert!(
        toml.contains("id = \"first-steps\"\n# The title learners see.\ntitle = \"First steps\"\n"),
        "{toml}"
    );
}

#[test]
fn new_gives_a_german_course_with_every_construct_that_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Erste Schritte");
    let out = lotse()
        .arg("new")
        .arg(&dir)
        .args(["--language", "de", "--id", "erste-schritte", "--title", "Ein \"erster\" Kurs"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("lotse check \"{}\"", dir.display())), "quoted: {}", stdout(&out));
    let check = check_deny_warnings(&dir);
    assert!(check.status.success(), "{}", stdout(&check));
    let toml = std::fs::read_to_string(dir.join("course.toml")).unwrap();
    assert!(
        toml.contains("title = \"Ein \\\"erster\\\" Kurs\"\n") && toml.contains("language = \"de\"\n"),
        "{toml}"
    );
    // Every interaction kind, in German, and a construct of each other kind.
    let json = stats_json(&dir);
    let course = &json["courses"][0];
    assert_eq!(course["languages"], serde_json::json!(["de"]));
    for kind in course["interactions"].as_array().unwrap() {
        let used = kind["graded"].as_u64().unwrap() + kind["ungraded"].as_u64().unwrap();
        assert_eq!(used, 1, "one example of {}", kind["kind"]);
    }
    let text = std::fs::read_to_string(dir.join("01-texte.md")).unwrap();
    for construct in [
        "> [!HINWEIS]",
        "{.expandable}",
        "{.takeaways}",
        "](glossar.md#",
        "](bild.svg)",
        "[^quelle]:",
        "| --- |",
    ] {
        assert!(text.contains(construct), "{construct}");
    }
}

#[test]
fn new_refuses_a_folder_that_is_not_empty_and_leaves_it_as_it_was() {
    let dir = folder(&[("notes.md", "# My notes\n")]);
    let out = lotse().arg("new").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {} is not empty (it holds notes.md), and lotse new never overwrites anything: give a \
             new folder, e.g. lotse new courses/my-course\n",
            dir.path().display()
        )
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["notes.md"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.md")).unwrap(), "# My notes\n");
    // An empty folder is fine; a bad id is refused before anything is written.
    let empty = tempfile::tempdir().unwrap();
    let bad = lotse().arg("new").arg(empty.path()).args(["--id", "Erste_Schritte"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`Erste_Schritte` is not an id"), "{}", stderr(&bad));
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
    assert!(lotse().arg("new").arg(empty.path()).args(["--id", "x"]).status().unwrap().success());
}

const STATS_TOML: &str = "id = \"stats\"\ntitle = \"Counting\"\nlanguage = \"en\"\nlanguages = [\"en\", \"de\"]\n\
    version = \"1\"\nestimated-minutes = 5\nglossary = \"glossary.md\"\nmodules = [\"01-a.md\", \"02-b.md\"]\n\
    [translations.de]\ntitle = \"Zählen\"\n";

/// 18 words: "Words here" 2, "One term and other text." 5, "Pick one" 2, "Yes Right. No Wrong." 4,
/// "Practice" 1, "True Right. False Wrong." 4.
const MODULE_A: &str = "+++\nestimated-minutes = 3\n+++\n\n# Words here\n\nOne [term](glossary.md#term) and \
    [other](glossary.md#other) text.\n\n## Pick one {#pick .single-choice}\n\n- [x] Yes\n  > Right.\n- [ ] No\n  \
    > Wrong.\n\n## Practice {#practice .true-false graded=no}\n\n- [x] True\n  > Right.\n- [ ] False\n  > Wrong.\n";

const MODULE_A_DE: &str =
    "# Wörter hier\n\nEin [Begriff](glossary.de.md#term) und [other](glossary.de.md#other).\n\n\
    ## Wähle {#pick .single-choice}\n\n- [x] Ja\n  > Richtig.\n- [ ] Nein\n  > Falsch.\n\n\
    ## Übung {#practice .true-false graded=no}\n\n- [x] Wahr\n  > Richtig.\n- [ ] Falsch\n  > Falsch.\n";

/// 5 words: "B", "Think", "Write two sentences."; its German file is an untranslated copy.
const MODULE_B: &str = "# B\n\n## Think {#think .reflection}\n\nWrite two sentences.\n";

/// Two modules, one translated into German and one copied; two terms, one translated.
fn stats_course() -> tempfile::TempDir {
    folder(&[
        ("course.toml", STATS_TOML),
        (
            "glossary.md",
            "# Glossary\n\n## Term {#term}\n\nA meaning.\n\n## Other {#other}\n\nAnother meaning.\n",
        ),
        (
            "glossary.de.md",
            "# Glossar\n\n## Begriff {#term}\n\nEine Bedeutung.\n\n## Other {#other}\n\nAnother meaning.\n",
        ),
        ("01-a.md", MODULE_A),
        ("01-a.de.md", MODULE_A_DE),
        ("02-b.md", MODULE_B),
        ("02-b.de.md", MODULE_B),
    ])
}

fn stats_json(dir: &Path) -> serde_json::Value {
    let out = lotse().args(["stats", "--format", "json"]).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn stats_counts_a_course_as_an_aligned_table() {
    let dir = stats_course();
    let out = lotse().arg("stats").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    let expected = format!(
        "Counting ({})
  modules            2
  reading time       about 1 min (23 words at 180 words a minute)
  estimated minutes  5 (course.toml)
  glossary terms     2
  languages          en, de

  module  words  reading  estimated
  a          18    1 min          3
  b           5    1 min          -

  interactions   graded  ungraded
  single-choice       1         0
  true-false          0         1
  reflection          0         1
  total               1         2

  translated into  modules  glossary terms
  de                1 of 2          1 of 2

",
        dir.path().display()
    );
    assert_eq!(stdout(&out), expected);
}

#[test]
fn stats_as_json_is_one_document_with_every_figure() {
    let dir = stats_course();
    let json = stats_json(dir.path());
    assert_eq!(json["words_per_minute"], 180);
    let course = &json["courses"][0];
    assert_eq!(course["dir"], dir.path().display().to_string());
    assert_eq!((course["id"].as_str(), course["title"].as_str()), (Some("stats"), Some("Counting")));
    assert_eq!((course["words"].as_u64(), course["reading_minutes"].as_u64()), (Some(23), Some(1)));
    assert_eq!((course["estimated_minutes"].as_u64(), course["glossary_terms"].as_u64()), (Some(5), Some(2)));
    assert_eq!((course["errors"].as_u64(), course["warnings"].as_u64()), (Some(0), Some(0)));
    assert_eq!(
        course["modules"],
        serde_json::json!([
            { "id": "a", "words": 18, "reading_minutes": 1, "estimated_minutes": 3, "interactions": 2 },
            { "id": "b", "words": 5, "reading_minutes": 1, "estimated_minutes": null, "interactions": 1 },
        ])
    );
    let kinds = course["interactions"].as_array().unwrap();
    assert_eq!(kinds.len(), 10, "every kind, used or not");
    assert_eq!(kinds[0], serde_json::json!({ "kind": "single-choice", "graded": 1, "ungraded": 0 }));
    assert_eq!(kinds[2], serde_json::json!({ "kind": "true-false", "graded": 0, "ungraded": 1 }));
    assert_eq!(kinds[7], serde_json::json!({ "kind": "reflection", "graded": 0, "ungraded": 1 }));
    assert_eq!(
        course["translations"],
        serde_json::json!([
            { "language": "de", "modules_translated": 1, "modules": 2, "terms_translated": 1, "terms": 2 }
        ])
    );
}

#[test]
fn stats_on_a_course_with_errors_shows_its_problems_and_fails() {
    let dir = folder(&[
        (
            "course.toml",
            "id = \"t\"\ntitle = \"T\"\nlanguage = \"en\"\nversion = \"1\"\nmodules = [\"01-a.md\"]\n",
        ),
        ("01-a.md", "No title.\n"),
    ]);
    let out = lotse().arg("stats").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let name = dir.path().display();
    assert!(
        text.starts_with(&format!("{name} has errors, so there are no figures yet: fix these first\n")),
        "{text}"
    );
    assert!(text.contains("error: this module has no title") && text.contains("01-a.md:1:1"), "{text}");
    assert!(text.ends_with(&format!("{name}: 1 error, 0 warnings\n")), "{text}");
    let json = lotse().args(["stats", "--format", "json"]).arg(dir.path()).output().unwrap();
    assert_eq!(json.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["courses"][0]["errors"], 1);
    assert_eq!(json["courses"][0]["problems"][0]["message"], "this module has no title");
}

/// `lotse <args> PATH`: exit status 2 and exactly one line on standard error.
fn one_line_failure(args: &[&str], path: &Path) -> String {
    let out = lotse().args(args).arg(path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?} {}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(!err.contains("Caused by") && !err.contains("os error") && !err.contains("backtrace"), "{err}");
    err
}

/// The commands that take a course folder, each with what else it needs.
const COMMANDS: [&[&str]; 4] = [&["check"], &["stats"], &["package"], &["build", "--out", "site"]];

#[test]
fn a_missing_folder_says_which_folder_to_give() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("courses/x");
    for args in COMMANDS {
        let command = args[0];
        assert_eq!(
            one_line_failure(args, &missing),
            format!(
                "error: {} does not exist: give the folder that holds course.toml, e.g. lotse {command} \
                 courses/integration-basics\n",
                missing.display()
            )
        );
    }
}

#[test]
fn a_file_in_place_of_a_folder_says_to_give_its_folder() {
    let course = folder(&[("course.toml", "id = \"t\"\n")]);
    let file = course.path().join("course.toml");
    for args in COMMANDS {
        let command = args[0];
        assert_eq!(
            one_line_failure(args, &file),
            format!(
                "error: {} is a file, not a folder: give the folder that holds it, e.g. lotse {command} {}\n",
                file.display(),
                course.path().display()
            )
        );
    }
    assert_eq!(
        one_line_failure(&["new"], &file),
        format!(
            "error: {} is a file: give the name of a new folder, e.g. lotse new courses/my-course\n",
            file.display()
        )
    );
}

#[test]
fn an_unreadable_folder_says_to_ask_for_access() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("locked");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("course.toml"), "id = \"t\"\n").unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&dir).is_ok() {
        // Root reads every folder; folder.rs's unit test checks the message instead.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: this user can read a folder without permissions");
        return;
    }
    let expected = format!(
        "error: {} cannot be read: you have no permission to read it; ask whoever looks after this computer \
         for access, or copy the course into a folder of your own\n",
        dir.display()
    );
    for command in ["check", "stats", "package", "new"] {
        assert_eq!(one_line_failure(&[command], &dir), expected, "{command}");
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn the_readme_walkthrough_shows_what_check_really_says() {
    // README.md's "Write your first module", step 3: a box written `> [!INFO]` in the skeleton's
    // first module, on the line the README names, and the checker's words as the README shows them.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let start =
        readme.find("```text\nerror: `[!INFO]`").expect("the README shows the mistake") + "```text\n".len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let tmp = tempfile::tempdir().unwrap();
    assert!(lotse()
        .current_dir(tmp.path())
        .args(["new", "courses/first-steps"])
        .output()
        .unwrap()
        .status
        .success());
    let module = tmp.path().join("courses/first-steps/01-text.md");
    let text = std::fs::read_to_string(&module).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[64], "> [!TIP]", "line 65 of the skeleton's first module is the box the README changes");
    lines[64] = "> [!INFO]";
    std::fs::write(&module, lines.join("\n") + "\n").unwrap();
    let out = lotse().current_dir(tmp.path()).args(["check", "courses/first-steps"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), shown, "README.md's step 3 must show what lotse check prints");
}
