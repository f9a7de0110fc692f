//! `lotse-bench compile`: the compiler's throughput on a large generated course, next to
//! pulldown-cmark's own Markdown → HTML on the same text, in the same run. Run in release mode by
//! `cargo xtask bench`, which prints and stores the figures; never asserted by a test.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lotse_core::compile::{compile, Files};
use pulldown_cmark::{html, Options, Parser};

/// Runs of each measurement; the fastest counts (least disturbed by the rest of the machine).
const RUNS: usize = 7;

fn main() {
    let modules = 60;
    let files = course(modules);
    let markdown: Vec<&[u8]> =
        files.iter().filter(|(p, _)| p.ends_with(".md")).map(|(_, b)| b.as_slice()).collect();
    let bytes: usize = markdown.iter().map(|m| m.len()).sum();

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
    let mb_s = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    // Machine-readable, one line; xtask formats it.
    println!(
        "modules={modules} bytes={bytes} lotse_ms={:.2} lotse_mb_s={:.1} pulldown_ms={:.2} pulldown_mb_s={:.1} ratio={:.2}",
        ours.as_secs_f64() * 1e3,
        mb_s(ours),
        theirs.as_secs_f64() * 1e3,
        mb_s(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
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

/// A course of `modules` modules of about 80 KB each, using every construct the compiler knows.
fn course(modules: usize) -> Files {
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
        for s in 0..40 {
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
        files.insert(name.clone(), text.into_bytes());
    }
    files
}
