//! `lotse package` as a trainer uses it, with a stand-in player (`--player`), so these tests do not
//! need the wasm build: what each package holds, its manifest, byte-identical output, a course with
//! errors giving no package, `--all`, and nothing overwritten that `lotse` did not write. The real
//! player inside the binary is played from unzipped packages by tests/e2e/package.test.mjs, and
//! the manifests are validated against the official schemas by tests/e2e/schemas.test.mjs.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lotse() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lotse"))
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A folder with the given files (sub-folders made as needed).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// A player build stand-in whose wasm holds what every build is checked for.
fn fake_player() -> tempfile::TempDir {
    folder(&[
        (
            "index.html",
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n</head>\n</html>\n",
        ),
        ("boot.js", "player start"),
        ("lotse.js", "player script"),
        ("lotse_bg.wasm", "wasm API_1484_11 LMS.LaunchData lotse-host-origin"),
        ("lotse.css", "player style"),
        ("lotse-icon.svg", "<svg/>"),
    ])
}

const MODULE: &str =
    "# Rights & duties\n\n![A road](img/road.png)\n\n## Which office? {#office .question}\n\n- [x] The \
                      foreigners' office\n  > Right.\n- [ ] The tax office\n  > No.\n";

/// A course with a title to escape, a passing score, a completion threshold and an image.
fn sample_course(title: &str) -> tempfile::TempDir {
    let toml = format!(
        "id = \"rights-101\"\ntitle = {title:?}\nlanguage = \"en\"\nversion = \"2.1\"\npassing-score = 75\n\
         completion-threshold = 90\nmodules = [\"01-rights.md\"]\n"
    );
    folder(&[("course.toml", &toml), ("01-rights.md", MODULE), ("img/road.png", "\u{89}PNG not really")])
}

fn package(course: &Path, format: &str, out: &Path, player: &Path) -> Output {
    lotse()
        .arg("package")
        .arg(course)
        .args(["--format", format, "-o"])
        .arg(out)
        .arg("--player")
        .arg(player)
        .output()
        .unwrap()
}

/// Every entry of a zip: name and content.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

fn entry(zip: &Path, name: &str) -> String {
    let all = entries(zip);
    let (_, bytes) =
        all.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} is not in the zip"));
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn a_scorm_12_package_lists_every_file_and_carries_the_mastery_score() {
    let (course, player, out) =
        (sample_course("Rights & <duties>"), fake_player(), tempfile::tempdir().unwrap());
    let zip = out.path().join("rights.zip");
    let run = package(course.path(), "scorm12", &zip, player.path());
    assert!(run.status.success(), "{}", text(&run));
    let names: Vec<String> = entries(&zip).into_iter().map(|(n, _)| n).collect();
    let expected = [
        "boot.js",
        "course.json",
        "img/road.png",
        "imsmanifest.xml",
        "index.html",
        "lotse-icon.svg",
        "lotse.css",
        "lotse.js",
        "lotse_bg.wasm",
    ];
    assert_eq!(names, expected, "the manifest at the root, every file of the course and the player");
    let manifest = entry(&zip, "imsmanifest.xml");
    for file in expected.iter().filter(|f| **f != "imsmanifest.xml") {
        assert!(manifest.contains(&format!("<file href=\"{file}\"/>")), "{file} listed:\n{manifest}");
    }
    for part in [
        "<schemaversion>1.2</schemaversion>",
        "xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"",
        "adlcp:scormtype=\"sco\" href=\"index.html\"",
        "<adlcp:masteryscore>75</adlcp:masteryscore>",
        "<title>Rights &amp; &lt;duties&gt;</title>",
        "identifier=\"lotse-rights-101\" version=\"2.1\"",
    ] {
        assert!(manifest.contains(part), "{part} in\n{manifest}");
    }
    assert!(entry(&zip, "index.html").contains("<html data-scorm=\"1.2\" lang=\"en\">"));
    assert!(text(&run).contains("packaged"), "{}", text(&run));
}

#[test]
fn a_scorm_2004_package_sets_passing_score_and_completion_threshold() {
    let (course, player, out) =
        (sample_course("Rights \"101\""), fake_player(), tempfile::tempdir().unwrap());
    let zip = out.path().join("rights.zip");
    let run = package(course.path(), "scorm2004", &zip, player.path());
    assert!(run.status.success(), "{}", text(&run));
    let manifest = entry(&zip, "imsmanifest.xml");
    for part in [
        "<schemaversion>2004 4th Edition</schemaversion>",
        "xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"",
        "xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\"",
        "adlcp:scormType=\"sco\"",
        "<adlcp:completionThreshold completedByMeasure=\"true\" minProgressMeasure=\"0.9\"/>",
        "<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>",
        "<imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>",
        "<title>Rights &quot;101&quot;</title>",
        "<file href=\"img/road.png\"/>",
    ] {
        assert!(manifest.contains(part), "{part} in\n{manifest}");
    }
    assert!(entry(&zip, "index.html").contains("<html data-scorm=\"2004\""));
}

#[test]
fn a_cmi5_package_has_its_course_structure_in_every_language() {
    let player = fake_player();
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("basics.zip");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../courses/integration-basics");
    let run = package(&sample, "cmi5", &zip, player.path());
    assert!(run.status.success(), "{}", text(&run));
    let structure = entry(&zip, "cmi5.xml");
    for part in [
        "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">",
        "<course id=\"urn:lotse:course:integration-basics\">",
        "<au id=\"urn:lotse:course:integration-basics:au\" moveOn=\"CompletedAndPassed\" masteryScore=\"0.8\"",
        "<langstring lang=\"en\">Integration as a two-way process</langstring>",
        "<langstring lang=\"de\">Integration als Prozess in beide Richtungen</langstring>",
        "<url>index.html</url>",
    ] {
        assert!(structure.contains(part), "{part} in\n{structure}");
    }
    let names: Vec<String> = entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"course.de.json".to_string()) && !names.contains(&"imsmanifest.xml".to_string()));
    assert!(!entry(&zip, "index.html").contains("data-scorm"));
}

#[test]
fn the_same_course_gives_a_byte_identical_zip() {
    let (player, out) = (fake_player(), tempfile::tempdir().unwrap());
    let first = sample_course("Same");
    let second = sample_course("Same");
    // Another folder, written later: nothing of the machine, the clock or the path gets in.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(second.path().join("01-rights.md"), MODULE).unwrap();
    for format in ["scorm12", "scorm2004", "cmi5"] {
        let (a, b) = (out.path().join(format!("a-{format}.zip")), out.path().join(format!("b-{format}.zip")));
        assert!(package(first.path(), format, &a, player.path()).status.success());
        assert!(package(second.path(), format, &b, player.path()).status.success());
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "{format}");
    }
}

#[test]
fn a_course_with_errors_gives_its_diagnostics_and_no_package() {
    let course = folder(&[
        (
            "course.toml",
            "id = \"x\"\ntitle = \"X\"\nlanguage = \"en\"\nversion = \"1\"\nmodules = [\"01-a.md\"]\n",
        ),
        ("01-a.md", "# A\n\n![](missing.png)\n"),
    ]);
    let (player, out) = (fake_player(), tempfile::tempdir().unwrap());
    let zip = out.path().join("x.zip");
    let run = package(course.path(), "scorm2004", &zip, player.path());
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    assert!(text(&run).contains("01-a.md:3:"), "the diagnostic with its place: {}", text(&run));
    assert!(text(&run).contains("not packaged"), "{}", text(&run));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing written, no partial file");
}

#[test]
fn all_packages_every_course_and_names_the_broken_ones() {
    let good = sample_course("Good");
    let courses = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for name in ["course.toml", "01-rights.md", "img/road.png"] {
            std::fs::create_dir_all(to.join(name).parent().unwrap()).unwrap();
            std::fs::copy(from.join(name), to.join(name)).unwrap();
        }
    };
    copy(good.path(), &courses.path().join("a-rights"));
    copy(good.path(), &courses.path().join("c-more"));
    std::fs::write(
        courses.path().join("c-more/course.toml"),
        std::fs::read_to_string(good.path().join("course.toml"))
            .unwrap()
            .replace("rights-101", "more-rights"),
    )
    .unwrap();
    std::fs::create_dir(courses.path().join("b-broken")).unwrap();
    std::fs::write(courses.path().join("b-broken/course.toml"), "id = \"broken\"\n").unwrap();
    let (player, out) = (fake_player(), tempfile::tempdir().unwrap());
    let run = lotse()
        .arg("package")
        .arg("--all")
        .arg(courses.path())
        .args(["--format", "scorm12", "-o"])
        .arg(out.path().join("packages"))
        .arg("--player")
        .arg(player.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "one course has errors: {}", text(&run));
    let mut written: Vec<PathBuf> =
        std::fs::read_dir(out.path().join("packages")).unwrap().map(|e| e.unwrap().path()).collect();
    written.sort();
    let names: Vec<_> =
        written.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["more-rights-scorm12.zip", "rights-101-scorm12.zip"]);
    assert!(
        text(&run).contains("not packaged, because of the errors above") && text(&run).contains("b-broken")
    );
    // Not a terminal: no progress bar, only the result lines.
    assert_eq!(String::from_utf8_lossy(&run.stderr), "");
}

#[test]
fn a_package_never_replaces_a_file_it_did_not_write_and_needs_the_right_player() {
    let (course, player, out) = (sample_course("T"), fake_player(), tempfile::tempdir().unwrap());
    let notes = out.path().join("notes.zip");
    std::fs::write(&notes, "my notes, not a zip").unwrap();
    let run = package(course.path(), "scorm12", &notes, player.path());
    assert_eq!(run.status.code(), Some(2), "{}", text(&run));
    assert!(text(&run).contains("is not a zip"), "{}", text(&run));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes, not a zip");

    // A zip it wrote earlier is replaced.
    let zip = out.path().join("t.zip");
    assert!(package(course.path(), "scorm12", &zip, player.path()).status.success());
    assert!(package(course.path(), "scorm2004", &zip, player.path()).status.success());
    assert!(entry(&zip, "imsmanifest.xml").contains("2004 4th Edition"));

    // The web build cannot talk to an LMS.
    std::fs::write(player.path().join("lotse_bg.wasm"), "a standalone player").unwrap();
    let other = out.path().join("other.zip");
    let run = package(course.path(), "cmi5", &other, player.path());
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run).contains("cannot talk to a cmi5 LMS"), "{}", text(&run));
    assert!(!other.exists());
}

#[test]
fn a_web_package_is_a_folder() {
    let (course, player, out) = (sample_course("T"), fake_player(), tempfile::tempdir().unwrap());
    let site = out.path().join("site");
    let run = package(course.path(), "web", &site, player.path());
    assert!(run.status.success(), "{}", text(&run));
    for file in ["index.html", "course.json", "img/road.png", "lotse_bg.wasm"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(!site.join("imsmanifest.xml").exists() && !site.join("cmi5.xml").exists());
    let run = lotse()
        .arg("package")
        .arg(course.path())
        .args(["--format", "scorm12", "--host-origin", "https://intranet.example.org"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run).contains("--host-origin is for --format web"), "{}", text(&run));
}

#[test]
fn a_terminal_sees_a_progress_bar_while_zipping() {
    let (course, player, out) = (sample_course("T"), fake_player(), tempfile::tempdir().unwrap());
    // A video of 8 MB, zipped in pieces: the bar has something to count.
    std::fs::write(course.path().join("img/talk.mp4"), vec![7u8; 8 << 20]).unwrap();
    let zip = out.path().join("t.zip");
    let command = format!(
        "{} package {} --format scorm12 -o {} --player {}",
        env!("CARGO_BIN_EXE_lotse"),
        course.path().display(),
        zip.display(),
        player.path().display()
    );
    // util-linux's `script` runs the command on a pseudo-terminal, as a trainer's terminal is.
    let run = Command::new("script").args(["-qec", &command, "/dev/null"]).output().unwrap();
    let seen = text(&run);
    assert!(run.status.success(), "{seen}");
    assert!(seen.contains(" MiB/") && seen.contains('['), "a bar counting the bytes: {seen:?}");
    assert!(seen.contains("packaged"), "{seen}");
}
