//! `lotse-bench [COURSES]`: what `cargo xtask bench` measures as optimised code, written to
//! standard output as one JSON object, which xtask prints as tables and merges into
//! `bench/results.json`. Never asserted by a test.
//! - `compile`: the compiler's throughput on a large generated course, next to pulldown-cmark's
//!   own Markdown → HTML on the same text, in the same run;
//! - `scale`: the compile time of a generated course of 500 modules and 2,000 questions;
//! - `suspend_data`: the length of `suspend::encode` for the largest progress a course can save
//!   (`worst_case`), for the synthetic largest course of suspend's test and for each course in the
//!   folder `COURSES` (default `courses`), in each of its languages, against SCORM 1.2's 4,096
//!   characters and SCORM 2004's 64,000.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use lotse_core::compile::{compile, Files};
use lotse_core::learner::Saved;
use lotse_core::model::Course;
use lotse_core::{suspend, worst_case};
use pulldown_cmark::{html, Options, Parser};
use serde_json::{json, Value};

/// Runs of each measurement; the fastest counts (least disturbed by the rest of the machine).
const RUNS: usize = 7;

/// SCORM 1.2's and SCORM 2004's limits of `cmi.suspend_data`, in characters.
const LIMITS: [usize; 2] = [4096, 64_000];

fn main() {
    let courses = std::env::args().nth(1).unwrap_or_else(|| "courses".into());
    let out = json!({
        "compile": throughput(),
        "scale": scale(),
        "suspend_data": suspend_data(Path::new(&courses)),
    });
    println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
}

/// Milliseconds, to two places.
fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e5).round() / 100.0
}

/// Megabytes (10^6 bytes) a second, to one place.
fn mb_s(bytes: usize, d: Duration) -> f64 {
    (bytes as f64 / 1e6 / d.as_secs_f64() * 10.0).round() / 10.0
}

fn markdown_bytes(files: &Files) -> usize {
    files.iter().filter(|(p, _)| p.ends_with(".md")).map(|(_, b)| b.len()).sum()
}

/// The compiler against pulldown-cmark on a 60-module course of about 25 KB a module.
fn throughput() -> Value {
    let modules = 60;
    let files = course(modules, 40, 0);
    let markdown: Vec<&[u8]> =
        files.iter().filter(|(p, _)| p.ends_with(".md")).map(|(_, b)| b.as_slice()).collect();
    let bytes = markdown_bytes(&files);

    let compiled = compile(&files);
    assert_eq!(compiled.errors(), 0, "the generated course compiles: {:?}", compiled.diagnostics.first());
    let ours = fastest(|| black_box(compile(black_box(&files))));
    // The extensions the course format enables, so both parse the same syntax.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let theirs = fastest(|| {
        let mut pages = Vec::with_capacity(markdown.len());
        for text in &markdown {
            let text = std::str::from_utf8(text).expect("UTF-8");
            let mut out = String::with_capacity(text.len() * 2);
            html::push_html(&mut out, Parser::new_ext(text, options));
            pages.push(black_box(out));
        }
        pages
    });
    json!({
        "modules": modules,
        "bytes": bytes,
        "runs": RUNS,
        "lotse_ms": ms(ours),
        "lotse_mb_s": mb_s(bytes, ours),
        "pulldown_ms": ms(theirs),
        "pulldown_mb_s": mb_s(bytes, theirs),
        "ratio": (ours.as_secs_f64() / theirs.as_secs_f64() * 100.0).round() / 100.0,
    })
}

/// A course of 500 modules of four sections and four questions each: 2,000 questions.
fn scale() -> Value {
    let files = course(500, 4, 4);
    let compiled = compile(&files);
    assert_eq!(compiled.errors(), 0, "the generated course compiles: {:?}", compiled.diagnostics.first());
    let course = compiled.course.expect("no errors");
    let bytes = markdown_bytes(&files);
    let time = fastest(|| black_box(compile(black_box(&files))));
    json!({
        "modules": course.modules.len(),
        "questions": course.interactions().count(),
        "bytes": bytes,
        "runs": RUNS,
        "ms": ms(time),
        "mb_s": mb_s(bytes, time),
    })
}

/// One row per course and language: its size and the worst case's suspend_data length.
fn suspend_data(courses: &Path) -> Value {
    let (largest, saved) = worst_case::largest_course();
    let mut rows = vec![row("synthetic largest course (suspend's test)", &largest, &saved)];
    let mut dirs: Vec<_> = std::fs::read_dir(courses)
        .unwrap_or_else(|e| panic!("{}: {e}", courses.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("course.toml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().expect("a folder").to_string_lossy().into_owned();
        let compiled = compile(&read(&dir, ""));
        let Some(course) = compiled.course else {
            rows.push(json!({ "course": name, "error": format!("{} errors", compiled.errors()) }));
            continue;
        };
        for c in std::iter::once(&course).chain(&compiled.translations) {
            rows.push(row(&format!("{name} ({})", c.language), c, &worst_case::saved(c)));
        }
    }
    json!({ "limits": LIMITS, "courses": rows })
}

fn row(name: &str, course: &Course, saved: &Saved) -> Value {
    // The whole progress, uncut: what it needs, against each limit.
    let length = suspend::encode(course, saved, usize::MAX).len();
    json!({
        "course": name,
        "modules": course.modules.len(),
        "questions": course.interactions().count(),
        "answered": saved.answers.len(),
        "length": length,
        "fits_4096": length <= LIMITS[0],
        "fits_64000": length <= LIMITS[1],
    })
}

/// Every file under `dir` but hidden ones, keyed by its `/`-separated path, as `lotse` reads a
/// course folder.
fn read(dir: &Path, prefix: &str) -> Files {
    let mut files = Files::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let key = format!("{prefix}{name}");
        if entry.path().is_dir() {
            files.extend(read(&entry.path(), &format!("{key}/")));
        } else {
            files.insert(key, std::fs::read(entry.path()).expect("readable"));
        }
    }
    files
}

/// The fastest of [`RUNS`] runs. What a run produces is freed after its time is taken, on both
/// sides alike (as criterion's `iter_with_large_drop` does): freeing a compiled course's many
/// small allocations is the allocator's work, not the compiler's, and `lotse check` leaves it to
/// the end of the process.
fn fastest<T>(mut run: impl FnMut() -> T) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let output = run();
            let elapsed = start.elapsed();
            drop(output);
            elapsed
        })
        .min()
        .expect("RUNS > 0")
}

/// A course of `modules` modules of `sections` sections of about 640 bytes (using every construct the
/// compiler knows, one section in five), then `questions` questions of four kinds in turn.
fn course(modules: usize, sections: usize, questions: usize) -> Files {
    let mut files = Files::new();
    let names: Vec<String> = (1..=modules).map(|i| format!("{i:02}-module-{i}.md")).collect();
    let list = names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let toml = format!(
        "id = \"bench\"\ntitle = \"Bench\"\nlanguage = \"en\"\nversion = \"1\"\npassing-score = 80\nglossary = \"glossary.md\"\nmodules = [{list}]\n"
    );
    files.insert("course.toml".into(), toml.into_bytes());
    files.insert(
        "glossary.md".into(),
        b"# Glossary\n\n## Referral\n\nSending a person on to a service.\n".to_vec(),
    );
    files.insert("figure.svg".into(), b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec());
    for (m, name) in names.iter().enumerate() {
        let mut text = format!("# Module {m}\n\nAn introduction to module {m}.\n\n");
        for s in 0..sections {
            text += &format!(
                "## Section {s}\n\nIntegration is a process of **mutual adaptation** between newcomers and the \
                 receiving society. Staff at a *front desk* can [read the guidance](https://example.org/{m}/{s}) \
                 and use `plain language`. ~~Old advice~~ is replaced.\n\n\
                 - First point about referrals to regular services\n- Second point, with *emphasis*\n  \
                 1. A nested step\n  2. Another step\n\n\
                 > A quotation from practice, kept short.\n\n\
                 | Goal | Next step | Who |\n|:--|:--|--:|\n| Work | Recognition of qualifications | Person |\n\
                 | Language | Course registration | Person |\n\n\
                 ![A diagram of the referral path](figure.svg)\n\n"
            );
            // The format's own constructs, in every fifth section.
            match s % 10 {
                4 => {
                    text += &format!(
                        "> [!TIP]\n> A [referral](glossary.md#referral) names the service.[^s{s}]\n\n\
                         [^s{s}]: Source: an example.\n\n\
                         ### Background {{.expandable}}\n\nMore detail for those who want it.\n\n\
                         ### Which office? {{#f-{m}-{s} .fill-in}}\n\n- [x] Jobcenter\n- [ ] Town hall\n  > No.\n\n"
                    );
                }
                9 => {
                    text += &format!(
                        "### Which statement fits? {{#q-{m}-{s} .question}}\n\n\
                         - [ ] Only newcomers adapt.\n  > Not quite: both sides adapt.\n\
                         - [x] Both sides adapt to each other.\n  > Right.\n\n\
                         ### At the desk {{#d-{m}-{s} .scenario}}\n\n#### Start {{#start}}\n\n\
                         - [Ask](#ask)\n  > Calmer.\n- [Wait](#start)\n\n#### Ask {{#ask .success}}\n\nGood.\n\n"
                    );
                }
                _ => {}
            }
        }
        for q in 0..questions {
            text += &match q % 4 {
                0 => format!(
                    "### Which office? {{#c-{m}-{q} .question}}\n\n- [x] Jobcenter\n  > Right.\n- [ ] Town hall\n  > No.\n\n"
                ),
                1 => format!(
                    "### What helps? {{#m-{m}-{q} .multiple-choice}}\n\n- [x] Plain language\n- [x] Writing it down\n- [ ] Speaking faster\n\n"
                ),
                2 => format!("### The permit {{#t-{m}-{q} .fill-in}}\n\n- [x] Aufenthaltserlaubnis\n- [ ] Visum\n  > Not this one.\n\n"),
                _ => format!(
                    "### Put in order {{#o-{m}-{q} .ordering}}\n\n1. Ask\n2. Explain\n3. Write it down\n4. Record it\n\n"
                ),
            };
        }
        files.insert(name.clone(), text.into_bytes());
    }
    files
}
