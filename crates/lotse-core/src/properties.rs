//! Property tests (proptest), bounded and deterministic so that `cargo test` runs them in CI in
//! seconds: a fixed number of cases from a fixed seed, no failure files written. The fuzz targets
//! in `fuzz/` look for the same failures without a bound, on nightly.
//!
//! - Markdown built from the authoring format's syntax and arbitrary characters never panics the
//!   compiler; it gives a course or an error, each diagnostic at the line and column of its
//!   range, and the course reads back from its JSON.
//! - Any progress on a course with every interaction kind round-trips through `suspend` in full
//!   without a limit, and within any limit it stays under the limit and decodes.
//! - `suspend::decode` of arbitrary text, and of arbitrary bodies behind a correct check, never
//!   panics, and what it accepts re-encodes to the same.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::compile::{compile, Compiled, Files};
use crate::diag::line_col;
use crate::learner::{fits, scenario_step, Answer, Response, Saved};
use crate::model::{parse_decimal, Course, Kind, Step};
use crate::suspend::{decode, encode, seal, Error};
use crate::worst_case::every_kind;

/// The same cases on every run and machine.
const SEED: [u8; 32] = *b"lotse property tests, fixed seed";

fn runner(cases: u32) -> TestRunner {
    let mut config = Config::with_cases(cases);
    config.failure_persistence = None;
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED))
}

/// Runs `test` on `cases` values of `strategy`; a failure panics with the smallest value found.
fn check<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    if let Err(e) = runner(cases).run(&strategy, test) {
        panic!("{e}");
    }
}

// ---- The compiler ------------------------------------------------------------------------------

/// Pieces of the authoring format (docs/authoring.md), which random characters alone rarely make.
const SYNTAX: &[&str] = &[
    "# Module\n",
    "## Section\n",
    "### Which is right? {#pick .question}\n",
    "{#q1 .single-choice}",
    "{#q2 .multiple-choice weight=2}",
    "{#q3 .true-false}",
    "{#q4 .fill-in case=sensitive}",
    "{#q5 .numeric}",
    "{#q6 .matching}",
    "{#q7 .ordering}",
    "{#q8 .reflection report}",
    "{#q9 .self-assessment}",
    "{#desk .scenario}",
    "{.expandable}",
    "{.takeaways}",
    "{#ask .success}",
    "{.debrief}",
    "{#start}",
    "- [x] ",
    "- [ ] ",
    "  > ",
    "> ",
    "> [!NOTE]\n",
    "> [!TIP]\n> ",
    "1. ",
    "- a -> b\n",
    "- c → d\n",
    "6 ± 1",
    "| | low | high |\n|---|---|---|\n| I can. | | |\n",
    "```\n",
    "[term](glossary.md#term)",
    "[Ask](#ask)",
    "[Site](https://example.org)",
    "[x](javascript:alert(1))",
    "![Alt](pic.svg)",
    "![](pic.svg)",
    "![A talk](talk.mp4)",
    "[^n]",
    "[^n]: A note.\n",
    "+++\ntitle = \"T\"\n+++\n",
    "<b>",
    "<!-- c -->",
    "<br>",
    "*",
    "**",
    "`",
    "\\",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "\r\n",
    "\u{feff}",
];

/// Up to `n` characters, any code point or one of the format's.
fn chars(n: usize) -> impl Strategy<Value = String> {
    vec(prop_oneof![any::<char>(), select(&['#', '-', '[', ']', '{', '}', '.', ' ', '\n', 'a'][..])], 0..n)
        .prop_map(String::from_iter)
}

/// Markdown of format pieces and random characters.
fn markdown() -> impl Strategy<Value = String> {
    vec(prop_oneof![3 => select(SYNTAX).prop_map(String::from), 1 => chars(12)], 0..60)
        .prop_map(|p| p.concat())
}

const TOML: &str = "id = \"prop\"\ntitle = \"Property\"\nlanguage = \"en\"\nlanguages = [\"en\", \"de\"]\n\
                    version = \"1\"\nglossary = \"glossary.md\"\nmodules = [\"01-a.md\", \"02-b.md\"]\n";

/// A two-module course in two languages whose modules (and, in some cases, the end of
/// `course.toml`) are random.
fn course_files() -> impl Strategy<Value = Files> {
    let toml_tail = prop_oneof![
        3 => Just(String::new()),
        1 => vec(
            prop_oneof![
                select(&["passing-score = ", "completion = ", "estimated-minutes = ", "\"", "[", "]", "=", "80", "\n"][..])
                    .prop_map(String::from),
                chars(6)
            ],
            0..8
        )
        .prop_map(|p| p.concat()),
    ];
    (markdown(), markdown(), markdown(), toml_tail).prop_map(|(a, a_de, b, tail)| {
        let mut files = Files::new();
        let mut add = |path: &str, text: &[u8]| files.insert(path.to_string(), text.to_vec());
        add("course.toml", (TOML.to_string() + &tail).as_bytes());
        add("01-a.md", a.as_bytes());
        add("01-a.de.md", a_de.as_bytes());
        add("02-b.md", b.as_bytes());
        add("02-b.de.md", b.as_bytes());
        add("glossary.md", b"# Glossary\n\n## Term\n\nA word.\n");
        add("glossary.de.md", b"# Glossar\n\n## Begriff {#term}\n\nEin Wort.\n");
        add("pic.svg", b"<svg/>");
        add("talk.mp4", b"v");
        files
    })
}

/// What a trainer and the player rely on from any compile: a course or an error, diagnostics
/// that point into their file where they say, and a course that reads back from its JSON.
fn sound(files: &Files, compiled: &Compiled) -> Result<(), TestCaseError> {
    prop_assert!(compiled.course.is_some() || compiled.errors() > 0, "no course and no error");
    for d in &compiled.diagnostics {
        let text = files.get(&d.file).map(|b| std::str::from_utf8(b).unwrap_or_default()).unwrap_or_default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        prop_assert!(d.range.start <= d.range.end && d.range.end <= text.len(), "{d:?}");
        prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end), "{d:?}");
        prop_assert_eq!((d.line, d.column), line_col(text, d.range.start), "{:?}", d);
        prop_assert_eq!((d.end_line, d.end_column), line_col(text, d.range.end), "{:?}", d);
    }
    for course in compiled.course.iter().chain(&compiled.translations) {
        let json = serde_json::to_string(course).unwrap();
        prop_assert_eq!(Course::from_json(&json), Ok(course.clone()));
    }
    Ok(())
}

#[test]
fn random_markdown_never_panics_the_compiler() {
    check(400, course_files(), |files| sound(&files, &compile(&files)));
}

// ---- Suspend data ------------------------------------------------------------------------------

/// Free text: mostly the characters the encoding writes short, and any code point.
fn text(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    vec(
        prop_oneof![3 => select(&b" etaoinsrh.,-\n0123456789"[..]).prop_map(char::from), 1 => any::<char>()],
        len,
    )
    .prop_map(String::from_iter)
}

/// A number as a learner types it, which `parse_decimal` reads.
fn number() -> impl Strategy<Value = String> {
    (
        select(&["", "-", "+", " "][..]),
        0..1_000_000_000_000_u64,
        select(&[".", ","][..]),
        0..7usize,
        0..1_000_000_u32,
    )
        .prop_map(|(sign, whole, point, decimals, fraction)| {
            let fraction = format!("{fraction:06}");
            match decimals {
                0 => format!("{sign}{whole}"),
                d => format!("{sign}{whole}{point}{}", &fraction[..d]),
            }
        })
        .prop_filter("not a number", |t| parse_decimal(t).is_some())
}

/// The path a learner takes through `steps`, choosing by `choices`, if it reaches an ending.
fn walk(steps: &[Step], choices: &[u8]) -> Option<Vec<usize>> {
    let mut path = Vec::new();
    for &c in choices {
        let at = scenario_step(steps, &path)?;
        if steps[at].paths.is_empty() {
            return Some(path);
        }
        path.push(usize::from(c) % steps[at].paths.len());
    }
    steps[scenario_step(steps, &path)?].paths.is_empty().then_some(path)
}

/// A response that fits `kind`.
fn response(kind: &Kind) -> BoxedStrategy<Response> {
    match kind.clone() {
        Kind::SingleChoice(c) | Kind::TrueFalse(c) => (0..c.len()).prop_map(Response::Choice).boxed(),
        Kind::MultipleChoice(c) => {
            subsequence((0..c.len()).collect::<Vec<_>>(), 1..=c.len()).prop_map(Response::Choices).boxed()
        }
        Kind::FillIn(_) => {
            text(1..40).prop_filter("blank", |t| !t.trim().is_empty()).prop_map(Response::Text).boxed()
        }
        Kind::Numeric(_) => number().prop_map(Response::Number).boxed(),
        Kind::Matching(pairs) => vec(0..pairs.len(), pairs.len()).prop_map(Response::Matches).boxed(),
        Kind::Ordering(items) => {
            Just((0..items.len()).collect::<Vec<_>>()).prop_shuffle().prop_map(Response::Order).boxed()
        }
        Kind::Reflection { .. } => text(0..300).prop_map(Response::Reflection).boxed(),
        Kind::SelfAssessment(a) => {
            vec(0..a.scale.len(), a.statements.len()).prop_map(Response::Ratings).boxed()
        }
        Kind::Scenario(steps) => vec(any::<u8>(), 0..16)
            .prop_filter_map("no ending", move |choices| walk(&steps, &choices))
            .prop_map(Response::Path)
            .boxed(),
    }
}

/// The course with every interaction kind, for the life of the test.
fn every_kind_course() -> &'static Course {
    Box::leak(Box::new(every_kind().0))
}

/// Any progress on `course`: answers that fit, to some of its interactions in any order, with any
/// number of checks; visited modules and a location, some of them not in the course.
fn progress(course: &'static Course) -> impl Strategy<Value = Saved> {
    let kinds: Vec<(String, Kind)> =
        course.interactions().map(|(_, i)| (i.id.clone(), i.kind.clone())).collect();
    let modules: Vec<String> = course.modules.iter().map(|m| m.id.clone()).collect();
    let module = prop_oneof![3 => select(modules), 1 => "gone-[a-z0-9]{1,8}", 1 => Just(String::new())];
    let answers = subsequence((0..kinds.len()).collect::<Vec<_>>(), 0..=kinds.len())
        .prop_shuffle()
        .prop_flat_map(move |order| {
            let answer = |i: usize| {
                let id = kinds[i].0.clone();
                (response(&kinds[i].1), any::<u32>()).prop_map(move |(response, checks)| Answer {
                    id: id.clone(),
                    checks,
                    response,
                })
            };
            order.into_iter().map(answer).collect::<Vec<_>>()
        });
    (module.clone(), vec(module, 0..15), answers, any::<u64>())
        .prop_map(|(location, visited, answers, time)| Saved { v: 2, location, visited, answers, time })
}

/// `saved` as `decode` gives it back: without the modules the course does not have.
fn known(course: &Course, saved: &Saved) -> Saved {
    let has = |id: &String| course.modules.iter().any(|m| m.id == *id);
    Saved {
        location: if has(&saved.location) { saved.location.clone() } else { String::new() },
        visited: saved.visited.iter().filter(|id| has(id)).cloned().collect(),
        ..saved.clone()
    }
}

#[test]
fn any_progress_round_trips_through_suspend_data() {
    let course = every_kind_course();
    check(600, (progress(course), 0..700usize), |(saved, limit)| {
        for a in &saved.answers {
            let (_, interaction) = course.interactions().find(|(_, i)| i.id == a.id).unwrap();
            prop_assert!(
                fits(&interaction.kind, &a.response),
                "the test made an answer that does not fit: {:?}",
                a
            );
        }
        let text = encode(course, &saved, usize::MAX);
        prop_assert_eq!(decode(course, &text), Ok(known(course, &saved)), "{}", text);
        // Within a limit: never longer, only the URL-safe characters, and it decodes to what it
        // kept, in order.
        let short = encode(course, &saved, limit);
        prop_assert!(
            short.len() <= limit
                && short.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        match decode(course, &short) {
            Ok(back) => {
                let mut rest = saved.answers.iter();
                for a in &back.answers {
                    prop_assert!(rest.any(|b| b.id == a.id), "{:?} is not in order", a);
                }
                prop_assert_eq!(back.time, saved.time);
            }
            Err(e) => prop_assert!(short.is_empty() && e == Error::Empty, "{}: {:?}", short, e),
        }
        Ok(())
    });
}

/// What `decode` accepts encodes to text that decodes to the same.
fn reread(course: &Course, text: &str) -> Result<(), TestCaseError> {
    if let Ok(saved) = decode(course, text) {
        let again = encode(course, &saved, usize::MAX);
        prop_assert_eq!(decode(course, &again), Ok(saved), "{:?} re-encoded as {}", text, again);
    }
    Ok(())
}

#[test]
fn decoding_any_text_never_panics_and_what_it_accepts_round_trips() {
    let course = every_kind_course();
    check(2000, any::<String>(), |text| reread(course, &text));
    // Behind a correct check, the body's reader sees every bit pattern.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let body = vec(select(&alphabet[..]).prop_map(char::from), 0..200).prop_map(String::from_iter);
    check(3000, body, |body| reread(course, &seal(&body)));
}
