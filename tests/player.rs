#![cfg(target_arch = "wasm32")]
//! Browser tests of the player: the SCORM 1.2 bridge against a recording fake LMS, API discovery,
//! the standalone host, course parsing, and the whole Yew UI driven by clicks with the fake host.
//!
//! All tests share one page and run one after another: every test removes the globals, storage
//! keys and DOM it created.

use std::time::Duration;

use lotse::app::parse_course;
use lotse::bridge::fake::{Call, Fake};
use lotse::bridge::standalone::{storage_key, Standalone};
use lotse::bridge::{Host, HostHandle};
use lotse::player::{Player, Props};
use lotse_core::learner::{Action, Progress, Saved, Status};
use lotse_core::model::{
    Attachment, Block, Callout, CalloutKind, Choice, Course, FillIn, Heading, Image, Inline, Kind, Media,
    MediaKind, Section, Term, TermUse, TextAnswer, FORMAT_VERSION,
};
use lotse_core::suspend;
use lotse_core::ui::EN;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen(inline_js = r#"
// `navigator.languages` as the test wants it (null: the browser's own again).
export function set_browser_languages(languages) {
    if (languages === null) delete navigator.languages;
    else Object.defineProperty(navigator, "languages", { value: languages, configurable: true });
}

// `fetch` answers `url` with `body` (null: the browser's own fetch again).
const realFetch = window.fetch;
export function serve_file(url, body) {
    window.fetch = body === null ? realFetch : (input, init) =>
        input === url ? Promise.resolve(new Response(body)) : realFetch(input, init);
}

export function accent() {
    return getComputedStyle(document.documentElement).getPropertyValue("--lotse-accent").trim();
}
"#)]
extern "C" {
    fn set_browser_languages(languages: JsValue);
    fn accent() -> String;
    fn serve_file(url: &str, body: Option<String>);
}

// ---------------------------------------------------------------------------------------------
// The player UI with the recording fake host

/// Lets Yew run its scheduler (renders and effects) a few times.
async fn settle() {
    for _ in 0..5 {
        yew::platform::time::sleep(Duration::ZERO).await;
    }
}

/// Polls `probe` with zero-length sleeps (no fixed delays) until it gives a value.
async fn until<T>(what: &str, root: &Element, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(value) = probe() {
            return value;
        }
        yew::platform::time::sleep(Duration::ZERO).await;
    }
    panic!("timed out waiting for {what}; the player shows:\n{}", root.inner_html());
}

/// All elements below `root` matching `selector`, in document order (without a NodeList).
fn select_all(root: &Element, selector: &str) -> Vec<Element> {
    fn walk(element: &Element, selector: &str, out: &mut Vec<Element>) {
        let mut child = element.first_element_child();
        while let Some(c) = child {
            if c.matches(selector).unwrap_or(false) {
                out.push(c.clone());
            }
            walk(&c, selector, out);
            child = c.next_element_sibling();
        }
    }
    let mut out = Vec::new();
    walk(root, selector, &mut out);
    out
}

fn select(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

fn text_of(element: &Element) -> String {
    element.text_content().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn button(root: &Element, label: &str) -> Option<HtmlElement> {
    select_all(root, "button").into_iter().find(|b| text_of(b) == label).map(|b| b.unchecked_into())
}

fn heading(root: &Element) -> Option<String> {
    select(root, "main h1").map(|h| text_of(&h))
}

async fn click(root: &Element, label: &str) {
    until(&format!("a button {label:?}"), root, || button(root, label)).await.click();
}

async fn wait_for_heading(root: &Element, expected: &str) {
    until(&format!("the heading {expected:?}"), root, || {
        (heading(root).as_deref() == Some(expected)).then_some(())
    })
    .await;
}

/// A player mounted into a fresh `div` of the page; removed again by [`Mounted::unmount`].
struct Mounted {
    root: Element,
    app: yew::AppHandle<Player>,
}

impl Mounted {
    fn new(course: Course, host: HostHandle) -> Self {
        let document = web_sys::window().unwrap().document().unwrap();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        // The player keeps its course for the life of the page, as the app does.
        let props = Props { course: Box::leak(Box::new(course)), host };
        let app = yew::Renderer::<Player>::with_root_and_props(root.clone(), props).render();
        Mounted { root, app }
    }

    fn unmount(self) {
        self.app.destroy();
        self.root.remove();
    }
}

/// Walks the course as a learner: reads module 1, goes on, answers the question, finishes.
/// Returns the verdict shown after "Check answer" and the results text.
async fn take_the_course(course: &Course, fake: &Fake, option: usize) -> (String, String) {
    let player = Mounted::new(course.clone(), HostHandle::new(fake.clone()));
    let root = player.root.clone();

    wait_for_heading(&root, "Welcome aboard").await;
    let toc = select(&root, r#"nav[aria-label="Contents"]"#).expect("a table of contents");
    let entries = select_all(&toc, "li button");
    assert_eq!(entries.len(), course.modules.len(), "one contents entry per module");
    for (entry, module) in entries.iter().zip(&course.modules) {
        assert!(text_of(entry).starts_with(&module.title), "{:?} for {:?}", text_of(entry), module.title);
    }
    assert_eq!(entries[0].get_attribute("aria-current").as_deref(), Some("page"));
    assert_eq!(entries[1].get_attribute("aria-current"), None);
    // Each module's state, in words (visually hidden) and as a class the stylesheet shows.
    let states = |toc: &Element| -> Vec<(String, Option<String>)> {
        select_all(toc, "li button").iter().map(|b| (text_of(b), b.get_attribute("class"))).collect()
    };
    assert_eq!(
        states(&toc),
        [
            ("Welcome aboard (done)".to_string(), Some("done".to_string())),
            ("Reading buoys (not started)".to_string(), None)
        ],
        "a page without questions is done once open"
    );
    assert!(button(&root, "Previous").is_none(), "no Previous on the first page");
    assert!(button(&root, "Finish course").is_none(), "no Finish before the last page");

    click(&root, "Next").await;
    wait_for_heading(&root, "Reading buoys").await;
    let entries = select_all(&toc, "li button");
    assert_eq!(entries[0].get_attribute("aria-current"), None);
    assert_eq!(entries[1].get_attribute("aria-current").as_deref(), Some("page"));
    assert!(button(&root, "Previous").is_some());
    assert_eq!(states(&toc)[1], ("Reading buoys (in progress)".to_string(), Some("in-progress".to_string())));

    let fieldset = select(&root, "main fieldset").expect("the question");
    let radios = select_all(&fieldset, r#"input[type="radio"]"#);
    assert_eq!(radios.len(), 3);
    radios[option].unchecked_ref::<HtmlElement>().click();
    settle().await; // the option is selected; let the question re-render before checking
    click(&root, "Check answer").await;
    let verdict = until("the feedback", &root, || {
        select(&fieldset, r#"[role="status"]"#).map(|s| text_of(&s)).filter(|t| !t.is_empty())
    })
    .await;
    assert!(button(&root, "Check answer").is_none(), "a checked answer stays: {}", root.inner_html());
    assert!(
        select_all(&fieldset, "input").iter().all(|i| i.matches(":disabled").unwrap()),
        "the options are locked after checking"
    );

    assert_eq!(states(&toc)[1], ("Reading buoys (done)".to_string(), Some("done".to_string())));
    click(&root, "Finish course").await;
    wait_for_heading(&root, "Your results").await;
    let results = text_of(&select(&root, "main .results").expect("the results"));
    assert!(
        select_all(&toc, "li button").iter().all(|b| !b.has_attribute("aria-current")),
        "no contents entry is current on the results page"
    );
    settle().await; // the host hears about the finish in an effect after the render
    player.unmount();
    (verdict, results)
}

fn assert_one_session(fake: &Fake, expected: Status) {
    let calls = fake.calls.borrow();
    assert_eq!(calls.first(), Some(&Call::Start), "start first: {calls:?}");
    assert_eq!(calls.last(), Some(&Call::Finish { status: expected }), "finish last: {calls:?}");
    let finishes = calls.iter().filter(|c| matches!(c, Call::Finish { .. })).count();
    assert_eq!(finishes, 1, "exactly one finish: {calls:?}");
    let middle = &calls[1..calls.len() - 1];
    assert!(middle.len() >= 3, "an update for every change: {calls:?}");
    assert!(middle.iter().all(|c| matches!(c, Call::Update { .. })), "{calls:?}");
    assert_eq!(middle[0], Call::Update { location: 0, status: Status::Incomplete }, "{calls:?}");
    assert!(middle.contains(&Call::Update { location: 1, status: Status::Incomplete }), "{calls:?}");
    assert_eq!(middle.last(), Some(&Call::Update { location: 1, status: expected }), "{calls:?}");
}

#[wasm_bindgen_test]
async fn player_takes_a_learner_through_a_passed_course() {
    let course = course("ui-pass");
    let fake = Fake::default();
    let (verdict, results) = take_the_course(&course, &fake, CORRECT).await;

    assert!(verdict.starts_with("Correct."), "verdict {verdict:?}");
    assert!(verdict.contains("Well spotted."), "the option's feedback is shown: {verdict:?}");
    assert!(results.contains("100"), "results {results:?}");
    assert!(results.contains("You passed"), "results {results:?}");
    assert_one_session(&fake, Status::Passed);
}

#[wasm_bindgen_test]
async fn player_takes_a_learner_through_a_failed_course() {
    let course = course("ui-fail");
    let fake = Fake::default();
    let (verdict, results) = take_the_course(&course, &fake, WRONG).await;

    assert!(verdict.starts_with("Not correct."), "verdict {verdict:?}");
    assert!(verdict.contains("Look again."), "the option's feedback is shown: {verdict:?}");
    assert!(results.contains("Your score: 0 %"), "results {results:?}");
    assert!(results.contains("You did not pass"), "results {results:?}");
    assert_one_session(&fake, Status::Failed);
}

#[wasm_bindgen_test]
async fn player_opens_at_the_saved_location_with_the_saved_answer() {
    let course = course("ui-resume");
    let saved = Saved {
        v: 2,
        location: "buoys".to_string(),
        visited: vec!["welcome".to_string(), "buoys".to_string()],
        answers: saved_answer(CORRECT),
        time: 0,
    };
    let fake = Fake { saved: Some(saved), ..Fake::default() };
    let player = Mounted::new(course, HostHandle::new(fake.clone()));
    let root = player.root.clone();

    wait_for_heading(&root, "Reading buoys").await;
    let status = select(&root, r#"main fieldset [role="status"]"#).map(|s| text_of(&s)).unwrap_or_default();
    assert!(status.starts_with("Correct."), "the saved answer's feedback: {status:?}");
    assert!(button(&root, "Check answer").is_none());
    let progress = select(&root, ".progress-text").map(|p| text_of(&p));
    assert_eq!(progress.as_deref(), Some("2 of 2 modules visited"));
    settle().await;
    player.unmount();
    let calls = fake.calls.borrow();
    assert_eq!(calls[..2], [Call::Start, Call::Update { location: 1, status: Status::Passed }]);
}

/// On the results page, "Back to the course" returns to the module (this once kept the results
/// on screen, and every click reported the finish again).
#[wasm_bindgen_test]
async fn back_to_the_course_leaves_the_results() {
    let course = course("ui-back");
    let saved = Saved {
        v: 2,
        location: "buoys".to_string(),
        visited: vec!["welcome".to_string(), "buoys".to_string()],
        answers: saved_answer(CORRECT),
        time: 0,
    };
    let fake = Fake { saved: Some(saved), ..Fake::default() };
    let player = Mounted::new(course, HostHandle::new(fake.clone()));
    let root = player.root.clone();

    wait_for_heading(&root, "Reading buoys").await;
    click(&root, "Finish course").await;
    wait_for_heading(&root, "Your results").await;
    click(&root, "Back to the course").await;
    settle().await;
    let shown = heading(&root);
    let notice = select(&root, "main .not-recorded").map(|n| text_of(&n)).unwrap_or_default();
    player.unmount();
    assert_eq!(shown.as_deref(), Some("Reading buoys"), "the learner is back in the last module");
    assert!(notice.contains("not recorded"), "the learner is told the session has ended: {notice:?}");
    let finishes = fake.calls.borrow().iter().filter(|c| matches!(c, Call::Finish { .. })).count();
    assert_eq!(finishes, 1, "going back does not finish again");
}

/// The results list each module's score (modules without scored questions left out); a module
/// with a wrong or unanswered question is a button that opens it.
#[wasm_bindgen_test]
async fn results_show_module_scores_and_open_a_module_to_review() {
    let mut course = course("ui-modules");
    let mut lights = interaction(
        "q2",
        "What does a flashing yellow light mark?",
        Kind::TrueFalse(vec![
            Choice { content: text("A special mark"), correct: true, feedback: vec![] },
            Choice { content: text("A wreck"), correct: false, feedback: vec![] },
        ]),
    );
    if let Block::Interaction(i) = &mut lights {
        i.weight = 2;
    }
    course.modules.push(module("lights", "Lights at night", vec![lights]));
    let saved = Saved {
        v: 2,
        location: "lights".to_string(),
        visited: vec!["welcome".to_string(), "buoys".to_string(), "lights".to_string()],
        answers: saved_answer(CORRECT),
        time: 0,
    };
    let fake = Fake { saved: Some(saved), ..Fake::default() };
    let player = Mounted::new(course, HostHandle::new(fake.clone()));
    let root = player.root.clone();

    wait_for_heading(&root, "Lights at night").await;
    click(&root, "Finish course").await;
    wait_for_heading(&root, "Your results").await;
    let results = select(&root, "main .results").unwrap();
    assert!(text_of(&results).contains("Your score: 33.33 % (1 of 3 points)."), "{}", text_of(&results));
    let headings: Vec<String> = select_all(&results, "h2").iter().map(text_of).collect();
    assert_eq!(headings, ["Points per module", "What to review"]);
    let lists = select_all(&results, "ul");
    let lines: Vec<String> = select_all(&lists[0], "li").iter().map(text_of).collect();
    assert_eq!(
        lines,
        ["Reading buoys: 1 of 1 point", "Lights at night: 0 of 2 points"],
        "one line per module with scored questions, in the singular for one point"
    );
    let review: Vec<String> = select_all(&lists[1], "li button").iter().map(text_of).collect();
    assert_eq!(review, ["Lights at night"], "only the module with a missing answer");
    assert!(button(&root, "Show the certificate").is_none(), "no certificate for a failed course");

    click(&root, "Lights at night").await;
    wait_for_heading(&root, "Lights at night").await;
    assert!(select(&root, "main fieldset").is_some(), "the module with its question is shown");
    assert!(button(&root, "Check answer").is_some(), "the question can still be answered");
    settle().await;
    player.unmount();
}

// ---------------------------------------------------------------------------------------------
// Course documents

#[wasm_bindgen_test]
fn parse_course_refuses_other_versions_and_damaged_files() {
    let mut newer = serde_json::to_value(course("parse")).unwrap();
    newer["format"] = 999.into();
    let message = parse_course(&newer.to_string(), &EN).expect_err("format 999 is refused");
    assert!(message.contains("999"), "{message}");
    assert!(message.contains(&format!("version {FORMAT_VERSION}")), "{message}");

    // Only the version is read before refusing: a future document may look entirely different.
    let message = parse_course(r#"{"format": 999, "chapters": []}"#, &EN).expect_err("refused");
    assert!(message.contains("999"), "{message}");

    for garbage in ["<html>404 Not Found</html>", "", "{\"format\": 2, \"id\": 7}", "{\"title\": \"x\"}"] {
        let message = parse_course(garbage, &EN).expect_err(garbage);
        assert!(message.contains("damaged"), "{garbage:?} gives {message:?}");
    }
}

#[wasm_bindgen_test]
fn parse_course_reads_what_the_compiler_writes() {
    let course = course("parse");
    let text = serde_json::to_string_pretty(&course).unwrap();
    assert_eq!(parse_course(&text, &EN), Ok(course));
}

// ---------------------------------------------------------------------------------------------
// Standalone host

#[wasm_bindgen_test]
fn standalone_keeps_progress_in_local_storage() {
    let course = course("standalone-test");
    let storage = web_sys::window().unwrap().local_storage().unwrap().expect("localStorage");
    let key = storage_key(&course);
    storage.remove_item(&key).unwrap();
    let mut host = Standalone::default();
    assert_eq!(host.start(&course), None, "nothing saved yet");

    let mut progress = Progress::new(&course);
    progress.apply(&course, Action::Open(1));
    progress.apply(&course, answer(CORRECT));
    host.update(&course, &progress);

    let saved = Standalone::default().start(&course);
    let raw = storage.get_item(&key).unwrap().unwrap_or_default();
    let saved = saved.expect("a fresh Standalone finds the saved progress");
    assert!(raw.starts_with("L1"), "kept in the compact form of suspend_data: {raw:?}");
    assert_eq!(saved.location, "buoys");
    assert_eq!(saved.visited, ["welcome", "buoys"]);
    assert_eq!(saved.answers, saved_answer(CORRECT));
    assert_eq!(Progress::restore(&course, &saved), progress);

    // Damaged or newer storage (or the JSON of earlier players) is ignored rather than breaking
    // the course, and never written over: it is put aside first.
    storage.set_item(&key, "{not json").unwrap();
    let mut host = Standalone::default();
    let damaged = host.start(&course);
    assert_eq!(damaged, None);
    assert_eq!(storage.get_item(&format!("{key}:unreadable")).unwrap().as_deref(), Some("{not json"));
    host.update(&course, &progress);
    assert!(storage.get_item(&key).unwrap().is_some_and(|s| s.starts_with("L1")), "this visit is saved");
    storage.remove_item(&key).unwrap();
    storage.remove_item(&format!("{key}:unreadable")).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Format 2: blocks and interactions

fn para(t: &str) -> Block {
    Block::Paragraph(text(t))
}

fn heading2(t: &str) -> Heading {
    Heading { level: 2, id: None, content: text(t) }
}

/// A module using every new block and inline, in a course with an organisation and a glossary.
fn course_with_blocks() -> Course {
    let mut welcome = module(
        "welcome",
        "Welcome aboard",
        vec![
            Block::Paragraph(vec![
                Inline::Text("A ".into()),
                Inline::Term(TermUse { id: "pilot".into(), content: text("pilot") }),
                Inline::Text(" guides ships.".into()),
                Inline::Footnote(1),
                Inline::Text(" Pilots are licensed.".into()),
                Inline::Footnote(1),
                Inline::Image(Image {
                    src: "https://tracker.example/pixel.png".into(),
                    alt: "a pixel".into(),
                }),
                Inline::Image(Image { src: "//tracker.example/pixel.png".into(), alt: "".into() }),
                Inline::Image(Image { src: "images/buoy.png".into(), alt: "a red buoy".into() }),
                Inline::Text(" Take the ".into()),
                Inline::Attachment(Box::new(Attachment {
                    src: "files/checklist.pdf".into(),
                    content: text("checklist"),
                    kind: "PDF".into(),
                    bytes: 122_000,
                })),
                Inline::Text(".".into()),
            ]),
            Block::Callout(Callout { kind: CalloutKind::Tip, blocks: vec![para("Ask the harbour master.")] }),
            Block::Callout(Callout { kind: CalloutKind::Practice, blocks: vec![para("At the quay.")] }),
            Block::Expandable(Section {
                heading: heading2("Tides in detail"),
                blocks: vec![para("High water twice a day.")],
            }),
            Block::Takeaways(Section { heading: heading2("Key points"), blocks: vec![para("Red to port.")] }),
            Block::Media(Box::new(Media {
                kind: MediaKind::Video,
                src: "media/harbour.mp4".into(),
                title: "Entering the harbour".into(),
                captions: Some("media/harbour.vtt".into()),
                transcript: vec![para("The pilot boards at the fairway buoy.")],
            })),
            Block::Media(Box::new(Media {
                kind: MediaKind::Audio,
                src: "media/radio.mp3".into(),
                title: "Radio call".into(),
                captions: None,
                transcript: vec![para("Pilot station, this is Anna.")],
            })),
        ],
    );
    welcome.objectives = vec![text("Read the buoys"), text("Call the pilot")];
    welcome.footnotes = vec![vec![para("Since 1850.")]];
    let mut course = course_of("ui-blocks", vec![welcome]);
    course.organisation = "Harbour Authority".into();
    course.glossary = vec![
        Term {
            id: "harbour".into(),
            term: "Harbour".into(),
            definition: vec![para("Unused here, so not listed.")],
        },
        Term {
            id: "pilot".into(),
            term: "Pilot".into(),
            definition: vec![
                para("A person who guides ships into port."),
                Block::List(lotse_core::model::List {
                    start: None,
                    items: vec![vec![para("Boards at the buoy.")]],
                }),
            ],
        },
    ];
    course
}

fn attribute(root: &Element, selector: &str, name: &str) -> Option<String> {
    select(root, selector).and_then(|e| e.get_attribute(name))
}

#[wasm_bindgen_test]
async fn player_renders_callouts_sections_media_terms_footnotes_and_attachments() {
    let player = Mounted::new(course_with_blocks(), HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;

    assert_eq!(
        select(&root, ".top .organisation").map(|e| text_of(&e)).as_deref(),
        Some("Harbour Authority")
    );
    let objectives: Vec<String> = select_all(&root, ".objectives li").iter().map(text_of).collect();
    assert_eq!(objectives, ["Read the buoys", "Call the pilot"]);

    let notes = select_all(&root, r#"main [role="note"].callout"#);
    assert_eq!(notes.len(), 2, "{}", root.inner_html());
    assert!(text_of(&notes[0]).starts_with("Tip"), "a visible label: {}", text_of(&notes[0]));
    assert!(text_of(&notes[1]).starts_with("In practice"), "{}", text_of(&notes[1]));

    let expandable = select(&root, "details.expandable").expect("an expandable section");
    assert!(!expandable.has_attribute("open"), "closed at first");
    let summary = select(&expandable, "summary").expect("a summary");
    assert_eq!(text_of(&summary), "Tides in detail");
    summary.unchecked_ref::<HtmlElement>().click();
    assert!(expandable.has_attribute("open"), "the summary opens it");

    let takeaways = select(&root, "section.takeaways").expect("takeaways");
    assert_eq!(select(&takeaways, "h2").map(|h| text_of(&h)).as_deref(), Some("Key points"));

    let video = select(&root, "figure video").expect("a video");
    assert!(video.has_attribute("controls"));
    assert_eq!(video.get_attribute("src").as_deref(), Some("media/harbour.mp4"));
    let track = select(&video, "track").expect("a captions track");
    assert_eq!(track.get_attribute("kind").as_deref(), Some("captions"));
    assert_eq!(track.get_attribute("src").as_deref(), Some("media/harbour.vtt"));
    assert!(track.has_attribute("default"));
    let audio = select(&root, "figure audio").expect("an audio player");
    assert!(audio.has_attribute("controls") && select(&audio, "track").is_none());
    let transcripts = select_all(&root, "figure details.transcript");
    assert_eq!(transcripts.len(), 2);
    assert!(text_of(&transcripts[0]).contains("boards at the fairway buoy"));

    let download = select(&root, "a[download]").expect("an attachment link");
    assert_eq!(download.get_attribute("href").as_deref(), Some("files/checklist.pdf"));
    let paragraph = text_of(&select(&root, "article > p").unwrap());
    assert!(paragraph.contains("checklist (PDF, 120 KB)"), "{paragraph}");

    // A glossary term opens its definition as a popover, which links to the whole entry at the
    // end of the module.
    let term = select(&root, "article > p button.term").expect("a button for the term");
    assert_eq!(text_of(&term), "pilot");
    assert_eq!(term.get_attribute("popovertarget").as_deref(), Some("def-pilot"));
    let popover = select(&root, "article > p #def-pilot[popover]").expect("the definition as a popover");
    assert!(!popover.matches(":popover-open").unwrap(), "closed at first");
    term.unchecked_ref::<HtmlElement>().click();
    assert!(popover.matches(":popover-open").unwrap(), "opened by the term");
    assert_eq!(text_of(&popover), "Pilot A person who guides ships into port. Glossary");
    assert_eq!(attribute(&popover, "a", "href").as_deref(), Some("#term-pilot"));
    term.unchecked_ref::<HtmlElement>().click();
    assert!(!popover.matches(":popover-open").unwrap(), "closed again");
    let glossary = select(&root, "article > section.glossary").expect("the module's glossary");
    assert_eq!(glossary.get_attribute("aria-label").as_deref(), Some("Glossary"));
    let terms = select_all(&glossary, "dt");
    assert_eq!(terms.len(), 1, "only the terms the module uses");
    assert_eq!(terms[0].id(), "term-pilot");
    assert_eq!(text_of(&terms[0]), "Pilot");
    let definition = terms[0].next_element_sibling().expect("the definition");
    assert_eq!(definition.tag_name(), "DD");
    assert!(text_of(&definition).starts_with("A person who guides ships into port."));
    assert!(text_of(&definition).ends_with("Boards at the buoy."));
    assert!(select(&definition, "ul li").is_some(), "whole blocks, not only paragraphs");

    // Footnote 1 is referenced twice: only the first reference has the id the way back targets.
    let references = select_all(&root, "sup a");
    assert_eq!(references.len(), 2);
    assert!(references.iter().all(|r| r.get_attribute("href").as_deref() == Some("#fn-1")));
    assert_eq!(references[0].id(), "fnref-1");
    assert!(!references[1].has_attribute("id"), "ids are unique");
    assert_eq!(select_all(&root, "[id='fnref-1']").len(), 1);
    let note = select(&root, ".footnotes li#fn-1").expect("the footnote at the module's end");
    assert!(text_of(&note).starts_with("Since 1850."));
    assert_eq!(attribute(&note, "a", "href").as_deref(), Some("#fnref-1"));

    // Images from elsewhere are not loaded: their alt text is shown instead.
    let images = select_all(&root, "article img");
    assert_eq!(images.len(), 1, "{}", root.inner_html());
    assert_eq!(images[0].get_attribute("src").as_deref(), Some("images/buoy.png"));
    assert!(text_of(&root).contains("a pixel"));

    settle().await;
    player.unmount();
}

/// Sets a text field's value as typing would, and lets the player see it.
async fn type_into(field: &Element, value: &str) {
    js_sys::Reflect::set(field, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&event).unwrap();
    settle().await;
}

/// Chooses an option of a `<select>` by value.
async fn choose(select: &Element, value: &str) {
    js_sys::Reflect::set(select, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    settle().await;
}

async fn click_in(root: &Element, selector: &str) {
    let element = until(selector, root, || select(root, selector)).await;
    element.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

/// The element that has focus, if not the page itself.
fn active() -> Option<Element> {
    let document = web_sys::window()?.document()?;
    document.active_element().filter(|e| Some(e) != document.body().map(Element::from).as_ref())
}

fn status_of(root: &Element, id: &str) -> String {
    select(root, &format!("fieldset#i_{id} [role=\"status\"]")).map(|s| text_of(&s)).unwrap_or_default()
}

fn choices(correct: &[usize], n: usize) -> Vec<Choice> {
    (0..n)
        .map(|i| Choice {
            content: text(&format!("Option {i}")),
            correct: correct.contains(&i),
            feedback: vec![],
        })
        .collect()
}

#[wasm_bindgen_test]
async fn multiple_choice_is_scored_through_the_ui() {
    for (ticks, verdict, score) in [(&[0, 2][..], "Correct.", "100 %"), (&[0][..], "Not correct.", "0 %")] {
        let quiz = module(
            "quiz",
            "Quiz",
            vec![interaction("mc", "Which lights?", Kind::MultipleChoice(choices(&[0, 2], 4)))],
        );
        let fake = Fake::default();
        let player = Mounted::new(course_of("ui-multiple", vec![quiz]), HostHandle::new(fake.clone()));
        let root = player.root.clone();
        wait_for_heading(&root, "Quiz").await;
        let boxes = select_all(&root, r#"fieldset input[type="checkbox"]"#);
        assert_eq!(boxes.len(), 4);
        for &i in ticks {
            boxes[i].unchecked_ref::<HtmlElement>().click();
            settle().await;
        }
        click(&root, "Check answer").await;
        settle().await;
        let status =
            until("the verdict", &root, || Some(status_of(&root, "mc")).filter(|s| !s.is_empty())).await;
        assert!(status.starts_with(verdict), "{status}");
        // The "Check answer" button is gone: focus moves to the feedback, not to the page.
        let focused = active().expect("an element with focus");
        assert!(focused.matches(".feedback").unwrap(), "focus is on {}", focused.outer_html());
        assert_eq!(focused.get_attribute("tabindex").as_deref(), Some("-1"));
        if verdict == "Not correct." {
            let solution: Vec<String> =
                select_all(&root, "fieldset .solution li").iter().map(text_of).collect();
            assert_eq!(solution, ["Option 0", "Option 2"], "the solution is shown");
        }
        assert!(button(&root, "Check answer").is_none(), "one attempt");
        click(&root, "Finish course").await;
        wait_for_heading(&root, "Your results").await;
        let results = text_of(&select(&root, "main .results").unwrap());
        assert!(results.contains(&format!("Your score: {score}")), "{results}");
        settle().await;
        player.unmount();
    }
}

#[wasm_bindgen_test]
async fn text_and_number_answers_are_checked_and_attempts_counted() {
    let fill_in = Kind::FillIn(FillIn {
        case_sensitive: false,
        answers: vec![
            TextAnswer { text: "Starboard".into(), correct: true, feedback: vec![] },
            TextAnswer {
                text: "port".into(),
                correct: false,
                feedback: vec![para("Red is port only when leaving.")],
            },
        ],
    });
    let numeric = Kind::Numeric(vec![lotse_core::model::NumberAnswer {
        min: "11.5".into(),
        max: "12.5".into(),
        correct: true,
        feedback: vec![],
    }]);
    let Block::Interaction(mut twice) = interaction("side", "Which side?", fill_in) else { unreachable!() };
    twice.attempts = Some(2);
    let quiz = module(
        "quiz",
        "Quiz",
        vec![Block::Interaction(twice), interaction("knots", "How fast, in knots?", numeric)],
    );
    let player = Mounted::new(course_of("ui-text", vec![quiz]), HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "Quiz").await;

    let field = select(&root, r#"fieldset#i_side input"#).expect("a text field");
    assert_eq!(field.get_attribute("type").as_deref(), Some("text"), "styled by .question [type=text]");
    type_into(&field, "  PORT ").await;
    click_in(&root, "fieldset#i_side button").await;
    let status = status_of(&root, "side");
    assert!(status.starts_with("Not correct. Try again."), "{status}");
    assert!(status.contains("Red is port only when leaving."), "the anticipated answer's feedback: {status}");
    assert!(select(&root, "fieldset#i_side button").is_some(), "a second attempt");
    type_into(&field, "starboard").await;
    click_in(&root, "fieldset#i_side button").await;
    assert!(status_of(&root, "side").starts_with("Correct."), "{}", status_of(&root, "side"));
    assert!(select(&root, "fieldset#i_side[disabled]").is_some(), "locked once correct");

    let number = select(&root, r#"fieldset#i_knots input"#).expect("a number field");
    assert_eq!(number.get_attribute("inputmode").as_deref(), Some("decimal"));
    assert_eq!(number.get_attribute("type").as_deref(), Some("text"));
    type_into(&number, "zwölf").await;
    click_in(&root, "fieldset#i_knots button").await;
    assert_eq!(status_of(&root, "knots"), "Enter a number, for example 12 or 2.5.");
    type_into(&number, "12,0").await;
    click_in(&root, "fieldset#i_knots button").await;
    assert!(status_of(&root, "knots").starts_with("Correct."), "{}", status_of(&root, "knots"));
    settle().await;
    player.unmount();
}

#[wasm_bindgen_test]
async fn matching_ordering_self_assessment_reflection_and_scenario_work() {
    use lotse_core::model::{Pair, Path, SelfAssessment, Step};
    let pair = |l: &str, r: &str| Pair { left: text(l), right: text(r) };
    let path = |t: &str, to: &str| Path {
        content: text(t),
        to: to.into(),
        feedback: vec![para("You hear a horn.")],
    };
    let step = |id: &str, paths: Vec<Path>, success: bool| Step {
        id: id.into(),
        title: text(&format!("Step {id}")),
        blocks: vec![],
        paths,
        success,
    };
    let scenario = Kind::Scenario(vec![
        step("start", vec![path("Slow down", "safe"), path("Keep going", "aground")], false),
        step("safe", vec![], true),
        step("aground", vec![], false),
    ]);
    let Block::Interaction(mut scenario) = interaction("fog", "Fog comes in", scenario) else {
        unreachable!()
    };
    scenario.attempts = None;
    let scenario = Block::Interaction(scenario);
    let quiz = module(
        "quiz",
        "Quiz",
        vec![
            interaction(
                "match",
                "Match the colours",
                Kind::Matching(vec![pair("Red", "Port"), pair("Green", "Starboard")]),
            ),
            interaction(
                "order",
                "Order the steps",
                Kind::Ordering(vec![text("Call"), text("Board"), text("Steer")]),
            ),
            interaction(
                "rate",
                "How sure are you?",
                Kind::SelfAssessment(SelfAssessment {
                    scale: vec![text("Unsure"), text("Sure")],
                    statements: vec![text("Buoys"), text("Lights")],
                }),
            ),
            interaction("think", "What surprised you?", Kind::Reflection { report: false }),
            scenario,
        ],
    );
    let player = Mounted::new(course_of("ui-kinds", vec![quiz]), HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "Quiz").await;
    assert!(!text_of(&root).contains("cannot be shown"), "every kind is shown");

    // Matching: one select per left item, offering every right item.
    let selects = select_all(&root, "fieldset#i_match select");
    assert_eq!(selects.len(), 2);
    assert_eq!(select_all(&selects[0], "option").len(), 3, "\"Choose …\" and the two right items");
    choose(&selects[0], "0").await;
    choose(&select_all(&root, "fieldset#i_match select")[1], "1").await;
    click_in(&root, "fieldset#i_match button").await;
    assert!(status_of(&root, "match").starts_with("Correct."), "{}", status_of(&root, "match"));

    // Ordering, with the keyboard: each item has "Move ‹item› up" and "Move ‹item› down"; focus
    // follows the moved item and its new position is announced.
    let wanted = ["Call", "Board", "Steer"];
    // Each item's own text, before its buttons.
    let items = || -> Vec<String> {
        let rows = select_all(&root, "fieldset#i_order li");
        rows.iter().map(|li| li.first_child().and_then(|t| t.text_content()).unwrap_or_default()).collect()
    };
    let start = items();
    assert_eq!(start.len(), 3);
    let first = &start[0];
    let down = button(&root, &format!("Move {first} down")).expect("a Move down button named after its item");
    assert!(
        button(&root, &format!("Move {first} up")).is_some_and(|b| b.has_attribute("disabled")),
        "the first cannot go up"
    );
    down.focus().unwrap();
    down.click();
    settle().await;
    assert_eq!(items()[1], *first, "moved down one place");
    assert_eq!(text_of(&active().expect("focus")), format!("Move {first} down"), "focus follows the item");
    assert_eq!(status_of(&root, "order"), format!("{first}: position 2 of 3"));
    button(&root, &format!("Move {first} down")).unwrap().click();
    settle().await;
    assert_eq!(items()[2], *first);
    assert_eq!(
        text_of(&active().expect("focus")),
        format!("Move {first} up"),
        "at the end, focus moves to the item's other button"
    );
    assert_eq!(status_of(&root, "order"), format!("{first}: position 3 of 3"));
    button(&root, &format!("Move {first} up")).unwrap().click();
    settle().await;
    assert_eq!(items()[1], *first);
    assert_eq!(text_of(&active().expect("focus")), format!("Move {first} up"));
    assert_eq!(status_of(&root, "order"), format!("{first}: position 2 of 3"));
    // Then into the right order, by the same buttons.
    for _ in 0..6 {
        let now = items();
        let Some(k) = (1..3).find(|&k| {
            wanted.iter().position(|w| *w == now[k]) < wanted.iter().position(|w| *w == now[k - 1])
        }) else {
            break;
        };
        button(&root, &format!("Move {} up", now[k])).unwrap().click();
        settle().await;
    }
    assert_eq!(items(), wanted);
    click_in(&root, "fieldset#i_order > button").await;
    assert!(status_of(&root, "order").starts_with("Correct."), "{}", status_of(&root, "order"));

    // Self-assessment: every statement rated, then saved; never scored.
    let radios = select_all(&root, r#"fieldset#i_rate input[type="radio"]"#);
    assert_eq!(radios.len(), 4);
    assert_eq!(radios[1].get_attribute("aria-label").as_deref(), Some("Sure"));
    radios[1].unchecked_ref::<HtmlElement>().click();
    settle().await;
    click(&root, "Save").await;
    settle().await;
    assert_eq!(status_of(&root, "rate"), "Answer every item first.");
    select_all(&root, r#"fieldset#i_rate input[type="radio"]"#)[2].unchecked_ref::<HtmlElement>().click();
    settle().await;
    click_in(&root, "fieldset#i_rate > button").await;
    assert_eq!(status_of(&root, "rate"), "Saved.");

    // Reflection: a text area, saved and still editable.
    let area = select(&root, "fieldset#i_think textarea").expect("a text area");
    type_into(&area, "The fog.").await;
    click_in(&root, "fieldset#i_think > button").await;
    assert_eq!(status_of(&root, "think"), "Saved.");
    assert!(select(&root, "fieldset#i_think > button").is_some(), "a reflection can be changed");

    // Scenario: a path to a bad ending, start again, a path to the good one.
    assert!(text_of(&select(&root, "fieldset#i_fog").unwrap()).contains("Step start"));
    click(&root, "Keep going").await;
    settle().await;
    assert!(text_of(&select(&root, "fieldset#i_fog").unwrap()).contains("Step aground"));
    assert_eq!(text_of(&active().expect("focus")), "Step aground", "focus moves to the new step");
    let status = status_of(&root, "fog");
    assert!(status.starts_with("Not correct. Try again."), "{status}");
    let shown = text_of(&select(&root, "fieldset#i_fog").unwrap());
    assert!(shown.contains("You hear a horn."), "the consequence: {shown}");
    click(&root, "Start again").await;
    settle().await;
    assert_eq!(text_of(&active().expect("focus")), "Step start");
    click(&root, "Slow down").await;
    settle().await;
    assert!(text_of(&select(&root, "fieldset#i_fog").unwrap()).contains("Step safe"));
    assert!(status_of(&root, "fog").starts_with("Correct."), "{}", status_of(&root, "fog"));
    assert!(button(&root, "Start again").is_none(), "a correct ending stays");
    settle().await;
    player.unmount();
}

#[wasm_bindgen_test]
async fn a_new_page_gets_new_elements() {
    let page = |id: &str, name: &str, hidden: &str| {
        module(
            id,
            name,
            vec![Block::Expandable(Section { heading: heading2("More"), blocks: vec![para(hidden)] })],
        )
    };
    let course = course_of("ui-keys", vec![page("one", "One", "First"), page("two", "Two", "Second")]);
    let player = Mounted::new(course, HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "One").await;
    let details = select(&root, "article details").unwrap();
    select(&details, "summary").unwrap().unchecked_ref::<HtmlElement>().click();
    assert!(details.has_attribute("open"));
    click(&root, "Next").await;
    wait_for_heading(&root, "Two").await;
    let details = select(&root, "article details").unwrap();
    assert!(text_of(&details).contains("Second"));
    assert!(!details.has_attribute("open"), "the second page's section starts closed");
    settle().await;
    player.unmount();
}

// ---------------------------------------------------------------------------------------------
// Interface language, direction, theming

/// An attribute of `<html>`.
fn html_attribute(name: &str) -> Option<String> {
    web_sys::window().unwrap().document().unwrap().document_element().unwrap().get_attribute(name)
}

/// `<html>` as the page had it before a player dressed it.
fn undress() {
    let html = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    for name in ["dir", "style"] {
        html.remove_attribute(name).unwrap();
    }
    html.set_attribute("lang", "en").unwrap();
}

fn languages(tags: &[&str]) -> JsValue {
    tags.iter().map(|t| JsValue::from_str(t)).collect::<js_sys::Array>().into()
}

#[wasm_bindgen_test]
async fn the_interface_speaks_the_learner_s_language_then_the_browser_s_then_the_course_s() {
    let mut german = course("ui-de");
    german.language = "de".into();

    // The LMS's learner preference wins over the browser's languages.
    let fake = Fake { language: Some("de-AT".into()), ..Fake::default() };
    let player = Mounted::new(german.clone(), HostHandle::new(fake));
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;
    assert!(button(&root, "Weiter").is_some(), "German: {}", root.inner_html());
    assert!(select(&root, r#"nav[aria-label="Inhalt"]"#).is_some());
    assert!(
        text_of(&root).contains("0 von 2 Modulen besucht")
            || text_of(&root).contains("1 von 2 Modulen besucht")
    );
    click(&root, "Weiter").await;
    wait_for_heading(&root, "Reading buoys").await;
    assert!(button(&root, "Antwort prüfen").is_some());
    click(&root, "Antwort prüfen").await;
    until("the nudge", &root, || text_of(&root).contains("Wählen Sie zuerst eine Antwort.").then_some(()))
        .await;
    click(&root, "Kurs abschließen").await;
    wait_for_heading(&root, "Ihr Ergebnis").await;
    assert_eq!(html_attribute("lang").as_deref(), Some("de"), "the page's language is the course's");
    player.unmount();

    // No LMS preference, and a browser asking for a language without a catalogue: the course's.
    set_browser_languages(languages(&["fr-FR", "fr"]));
    let player = Mounted::new(german.clone(), HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;
    assert!(button(&root, "Weiter").is_some(), "German from the course: {}", root.inner_html());
    player.unmount();

    // The browser's English comes before the course's German; an LMS asking for French does not
    // change that (no French catalogue).
    set_browser_languages(languages(&["en-GB", "de"]));
    let fake = Fake { language: Some("fr".into()), ..Fake::default() };
    let player = Mounted::new(german, HostHandle::new(fake));
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;
    assert!(button(&root, "Next").is_some(), "English from the browser: {}", root.inner_html());
    player.unmount();
    set_browser_languages(JsValue::NULL);
    undress();
}

#[wasm_bindgen_test]
async fn an_arabic_course_is_right_to_left() {
    let mut arabic = course("ui-ar");
    arabic.language = "ar".into();
    let player = Mounted::new(arabic, HostHandle::new(Fake::default()));
    wait_for_heading(&player.root, "Welcome aboard").await;
    assert_eq!(html_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(html_attribute("lang").as_deref(), Some("ar"));
    // The interface speaks English here: its words carry lang="en", the course's do not.
    let next = button(&player.root, "Next").expect("Next");
    assert_eq!(attribute(&next, "span", "lang").as_deref(), Some("en"), "{}", next.outer_html());
    assert_eq!(attribute(&player.root, ".progress-text span", "lang").as_deref(), Some("en"));
    assert!(select(&player.root, "main h1 [lang]").is_none(), "the module title is the course's");
    player.unmount();

    let player = Mounted::new(course("ui-en"), HostHandle::new(Fake::default()));
    wait_for_heading(&player.root, "Welcome aboard").await;
    assert_eq!(html_attribute("dir").as_deref(), Some("ltr"), "the next course is left to right again");
    assert!(select(&player.root, "[lang]").is_none(), "one language: nothing marked");
    player.unmount();
    undress();
}

#[wasm_bindgen_test]
async fn the_course_s_colour_is_the_accent_and_a_bad_colour_is_ignored() {
    for (colour, applied) in [
        ("#0b6e4f", true),
        ("#A1b", true),
        ("#12345", false),
        ("red", false),
        ("#0b6e4g", false),
        ("#fff;color:red", false),
    ] {
        let mut themed = course("ui-colour");
        themed.colour = colour.into();
        let player = Mounted::new(themed, HostHandle::new(Fake::default()));
        wait_for_heading(&player.root, "Welcome aboard").await;
        let style = html_attribute("style").unwrap_or_default();
        if applied {
            // Set through the CSSOM (the page's Content-Security-Policy refuses a written style
            // attribute), which writes the attribute back in its own form.
            assert_eq!(style, format!("--lotse-accent: {colour};"));
            assert_eq!(accent(), colour, "the custom property is set on the root element");
        } else {
            assert!(!style.contains("--lotse-accent"), "{colour:?} is ignored: {style:?}");
            assert_eq!(accent(), "", "{colour:?} is ignored, and the previous course's colour is gone");
        }
        player.unmount();
    }
    undress();
}

#[wasm_bindgen_test]
async fn the_logo_is_named_by_the_organisation_and_only_shown_from_the_course() {
    let mut branded = course("ui-logo");
    branded.logo = "images/logo.svg".into();
    branded.organisation = "Harbour Authority".into();
    let player = Mounted::new(branded.clone(), HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;
    // The name is beside the logo: the logo is not named again (a screen reader would read it twice).
    assert_eq!(attribute(&root, "header img", "alt").as_deref(), Some(""));
    assert_eq!(
        select(&root, "header .organisation").map(|e| text_of(&e)).as_deref(),
        Some("Harbour Authority")
    );
    assert_eq!(attribute(&root, "header img", "src").as_deref(), Some("images/logo.svg"));
    player.unmount();

    branded.organisation = String::new();
    let player = Mounted::new(branded.clone(), HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;
    assert_eq!(attribute(&root, "header img", "alt").as_deref(), Some(""), "the course title is beside it");
    player.unmount();

    for outside in ["https://cdn.example/logo.png", "//cdn.example/logo.png", "javascript:alert(1)"] {
        branded.logo = outside.into();
        let player = Mounted::new(branded.clone(), HostHandle::new(Fake::default()));
        let root = player.root.clone();
        wait_for_heading(&root, "Welcome aboard").await;
        assert!(select(&root, "header img").is_none(), "{outside} is not requested");
        player.unmount();
    }
    undress();
}

#[wasm_bindgen_test]
async fn a_translated_course_opens_in_the_learner_s_language_and_keeps_the_progress() {
    let mut original = course("ui-translated");
    original.languages = vec!["en".into(), "de".into()];
    let mut translation = original.clone();
    translation.language = "de".into();
    translation.title = "Hafenlotsen".into();
    translation.modules[0].title = "Willkommen an Bord".into();
    translation.modules[0].blocks[0] = title("Willkommen an Bord");
    serve_file("course.de.json", Some(serde_json::to_string(&translation).unwrap()));

    let saved = Saved {
        v: 2,
        location: "buoys".into(),
        visited: vec!["welcome".into(), "buoys".into()],
        answers: vec![],
        time: 0,
    };
    let fake = Fake { language: Some("de".into()), saved: Some(saved), ..Fake::default() };
    let player = Mounted::new(original.clone(), HostHandle::new(fake));
    let root = player.root.clone();
    until("the translation", &root, || text_of(&root).contains("Willkommen an Bord").then_some(())).await;
    wait_for_heading(&root, "Reading buoys").await;
    assert!(text_of(&root).contains("2 von 2 Modulen besucht"), "{}", text_of(&root));
    assert_eq!(html_attribute("lang").as_deref(), Some("de"));

    // The switch: a button per language, named in that language, the one shown marked.
    let switch = select(&root, r#"header [role="group"][aria-label="Sprache"]"#).expect("a language switch");
    let buttons = select_all(&switch, "button");
    let names: Vec<(String, Option<String>, Option<String>)> = buttons
        .iter()
        .map(|b| (text_of(b), b.get_attribute("lang"), b.get_attribute("aria-current")))
        .collect();
    assert_eq!(
        names,
        [
            ("English".to_string(), Some("en".to_string()), None),
            ("Deutsch".to_string(), Some("de".to_string()), Some("true".to_string()))
        ]
    );
    buttons[0].unchecked_ref::<HtmlElement>().click();
    until("the original", &root, || text_of(&root).contains("2 of 2 modules visited").then_some(())).await;
    assert_eq!(heading(&root).as_deref(), Some("Reading buoys"), "the same page, in English");
    assert_eq!(html_attribute("lang").as_deref(), Some("en"));
    assert!(select(&root, r#"[aria-label="Language"] [lang="en"][aria-current="true"]"#).is_some());
    // Back to German: the translation loaded before is shown again, without fetching it.
    serve_file("course.de.json", None);
    click(&root, "Deutsch").await;
    until("German again", &root, || text_of(&root).contains("Willkommen an Bord").then_some(())).await;
    assert!(text_of(&root).contains("2 von 2 Modulen besucht"));
    player.unmount();
    serve_file("course.de.json", Some(serde_json::to_string(&translation).unwrap()));

    // No translation for the learner's language (or none that loads): the original.
    let fake = Fake { language: Some("tr".into()), ..Fake::default() };
    let player = Mounted::new(original, HostHandle::new(fake));
    wait_for_heading(&player.root, "Welcome aboard").await;
    settle().await;
    assert!(!text_of(&player.root).contains("Willkommen"));
    player.unmount();
    serve_file("course.de.json", None);
    undress();
}

// ---------------------------------------------------------------------------------------------
// Certificate and handout

#[wasm_bindgen_test]
fn standalone_keeps_the_time_of_earlier_visits() {
    let course = course("standalone-time");
    let storage = web_sys::window().unwrap().local_storage().unwrap().expect("localStorage");
    let key = storage_key(&course);
    let saved = Saved { v: 2, location: "buoys".into(), visited: vec![], answers: vec![], time: 120_000 };
    storage.set_item(&key, &suspend::encode(&course, &saved, 4096)).unwrap();
    let mut host = Standalone::default();
    host.start(&course);
    assert_eq!(host.earlier_millis(), 120_000);
    host.update(&course, &Progress::new(&course));
    let stored = suspend::decode(&course, &storage.get_item(&key).unwrap().unwrap()).unwrap();
    storage.remove_item(&key).unwrap();
    assert!(stored.time >= 120_000 && stored.time < 180_000, "earlier visits plus this one: {}", stored.time);
}

/// Takes `course("…")` to the results with the correct answer.
async fn pass(root: &Element) {
    wait_for_heading(root, "Welcome aboard").await;
    click(root, "Next").await;
    wait_for_heading(root, "Reading buoys").await;
    let radios = select_all(root, r#"main input[type="radio"]"#);
    radios[CORRECT].unchecked_ref::<HtmlElement>().click();
    settle().await;
    click(root, "Check answer").await;
    click(root, "Finish course").await;
    wait_for_heading(root, "Your results").await;
}

#[wasm_bindgen_test]
async fn a_passed_course_gives_a_certificate_with_name_course_date_and_time() {
    let mut passed = course("ui-certificate");
    passed.organisation = "Harbour Authority".into();
    // 64.5 minutes in earlier sessions, and the seconds of this test: 65 minutes, rounded up.
    let fake = Fake { name: Some("Jane Doe".into()), earlier: 64 * 60_000 + 30_000, ..Fake::default() };
    let player = Mounted::new(passed, HostHandle::new(fake));
    let root = player.root.clone();
    pass(&root).await;
    click(&root, "Show the certificate").await;
    wait_for_heading(&root, "Certificate of completion").await;
    assert_eq!(active().map(|a| a.tag_name()).as_deref(), Some("H1"), "focus on the certificate's heading");
    let certificate = text_of(&select(&root, "main .certificate").expect("the certificate"));
    for part in [
        "Harbour Authority",
        "Jane Doe",
        "has completed the course",
        "Harbour pilotage",
        "Your score: 100 % (1 of 1 point).",
        "Time spent: 1 h 5 min",
    ] {
        assert!(certificate.contains(part), "{part:?} in {certificate:?}");
    }
    let year = js_sys::Date::new_0().get_full_year().to_string();
    let date = certificate.split("Date: ").nth(1).expect("a date").to_string();
    assert!(date.contains(&year) && date.chars().any(char::is_alphabetic), "a long date: {date:?}");
    assert!(button(&root, "Print").is_some());
    click(&root, "Back to the results").await;
    wait_for_heading(&root, "Your results").await;
    player.unmount();

    // Without a name from the host, the learner writes it on the certificate.
    let player = Mounted::new(course("ui-certificate-2"), HostHandle::new(Fake::default()));
    let root = player.root.clone();
    pass(&root).await;
    click(&root, "Show the certificate").await;
    wait_for_heading(&root, "Certificate of completion").await;
    let field = select(&root, ".certificate label input").expect("a field for the name");
    assert_eq!(text_of(&field.parent_element().unwrap()), "Name on the certificate");
    player.unmount();
}

#[wasm_bindgen_test]
async fn the_handout_shows_the_whole_course_on_one_page() {
    let mut long = course("ui-handout");
    long.modules[0].blocks.push(Block::Heading(Heading {
        level: 2,
        id: Some("tides".into()),
        content: text("Tides"),
    }));
    long.modules[1].blocks.push(Block::Heading(Heading {
        level: 2,
        id: Some("tides".into()),
        content: text("Tides"),
    }));
    let player = Mounted::new(long, HostHandle::new(Fake::default()));
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;
    click(&root, "Whole course for printing").await;
    wait_for_heading(&root, "Harbour pilotage").await;
    let main = select(&root, "main").unwrap();
    assert_eq!(select_all(&main, "h1").len(), 1, "one h1: the course title");
    let modules: Vec<String> = select_all(&main, "article > h2").iter().map(text_of).collect();
    assert_eq!(modules, ["Welcome aboard", "Reading buoys"], "every module, its title one level down");
    assert_eq!(select_all(&main, "article h3").len(), 2, "and its headings");
    assert!(text_of(&main).contains("A pilot guides ships."));
    assert!(select(&main, "fieldset").is_some(), "with its questions");
    let ids: Vec<String> = select_all(&main, "[id]").iter().map(|e| e.id()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids stay unique: {ids:?}");
    assert!(ids.contains(&"welcome-tides".to_string()), "{ids:?}");
    click(&root, "Back to the course").await;
    wait_for_heading(&root, "Welcome aboard").await;
    player.unmount();
}

// ---------------------------------------------------------------------------------------------
// The trainer's preview (feature `preview`): what an LMS would receive, in a panel

/// The `<dt>`/`<dd>` pairs of the `<dl>`s directly in `section` (not those of its records).
#[cfg(feature = "preview")]
fn described(section: &Element) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for dl in
        select_all(section, "dl.lms-values").iter().filter(|dl| dl.closest("li").ok().flatten().is_none())
    {
        for dt in select_all(dl, "dt") {
            let dd = dt.next_element_sibling().expect("a value after each element");
            assert_eq!(dd.tag_name(), "DD");
            pairs.push((text_of(&dt), text_of(&dd)));
        }
    }
    pairs
}

#[cfg(feature = "preview")]
fn lookup<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The panel's section for a version (`SCORM 2004`, `SCORM 1.2`), by its heading.
#[cfg(feature = "preview")]
fn version(root: &Element, name: &str) -> Element {
    select_all(root, "section.lms-version")
        .into_iter()
        .find(|s| select(s, "h3").is_some_and(|h| text_of(&h) == name))
        .unwrap_or_else(|| panic!("a section for {name}: {}", root.inner_html()))
}

/// A course of its own with nothing stored for it, the storage, and the preview host.
#[cfg(feature = "preview")]
fn preview_host(id: &str) -> (Course, web_sys::Storage, HostHandle) {
    let course = course(id);
    let storage = web_sys::window().unwrap().local_storage().unwrap().expect("localStorage");
    storage.remove_item(&storage_key(&course)).unwrap();
    (course, storage, HostHandle::new(lotse::bridge::preview::Preview::default()))
}

#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn the_preview_panel_shows_what_the_lms_would_receive() {
    let (course, storage, host) = preview_host("ui-preview");
    let player = Mounted::new(course.clone(), host);
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;

    // Closed: a button that says so, controlling an empty, hidden region.
    let toggle = button(&root, "LMS preview").expect("the toggle");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(toggle.get_attribute("aria-controls").as_deref(), Some("lms-preview"));
    let region = select(&root, "#lms-preview").expect("the region the button controls");
    assert!(region.has_attribute("hidden") && text_of(&region).is_empty());

    click(&root, "Next").await;
    wait_for_heading(&root, "Reading buoys").await;
    select_all(&root, r#"main input[type="radio"]"#)[CORRECT].unchecked_ref::<HtmlElement>().click();
    settle().await;
    click(&root, "Check answer").await;
    click(&root, "LMS preview").await;
    until("the open panel", &root, || select(&root, "#lms-preview h2")).await;
    let toggle = button(&root, "LMS preview").unwrap();
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    let region = select(&root, "#lms-preview").unwrap();
    assert!(!region.has_attribute("hidden"));
    let title = select(&region, "h2").unwrap();
    assert_eq!(text_of(&title), "What the LMS would receive");
    assert_eq!(
        region.get_attribute("aria-labelledby"),
        title.get_attribute("id"),
        "a region named by its heading"
    );
    assert_eq!(region.tag_name(), "SECTION");

    let v2004 = version(&root, "SCORM 2004");
    let values = described(&v2004);
    assert_eq!(lookup(&values, "cmi.location"), Some("buoys"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.completion_status"), Some("completed"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.success_status"), Some("passed"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.score.scaled"), Some("1"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.score.raw"), Some("100"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.exit"), Some("suspend"), "{values:?}");
    let size = lookup(&values, "cmi.suspend_data").expect("the suspend_data's size").to_string();
    assert!(size.ends_with(" of 64000 characters"), "{size:?}");
    let length: usize = size.split(' ').next().unwrap().parse().expect("a length");
    let stored = storage.get_item(&storage_key(&course)).unwrap().unwrap();
    assert!(
        length > 2 && length.abs_diff(stored.len()) <= 1,
        "{length} characters, like the stored {stored:?}"
    );

    let v12 = version(&root, "SCORM 1.2");
    let values = described(&v12);
    assert_eq!(lookup(&values, "cmi.core.lesson_location"), Some("buoys"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.core.lesson_status"), Some("passed"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.core.score.raw"), Some("100"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.suspend_data"), Some(&*size.replace("64000", "4096")), "{values:?}");

    // One record per version, its id first and its result.
    for (section, response, result) in
        [(&v2004, "learner_response", "correct"), (&v12, "student_response", "correct")]
    {
        let records = select_all(section, "ol.lms-records > li");
        assert_eq!(records.len(), 1, "{}", section.inner_html());
        assert_eq!(select(&records[0], "code").map(|c| text_of(&c)).as_deref(), Some("cmi.interactions.0"));
        let fields: Vec<(String, String)> = select_all(&records[0], "dt")
            .iter()
            .map(|dt| (text_of(dt), text_of(&dt.next_element_sibling().unwrap())))
            .collect();
        assert_eq!(fields[0], ("id".to_string(), "q1".to_string()), "{fields:?}");
        assert_eq!(lookup(&fields, "type"), Some("choice"), "{fields:?}");
        assert_eq!(lookup(&fields, response), Some("1"), "{fields:?}");
        assert_eq!(lookup(&fields, "result"), Some(result), "{fields:?}");
    }

    // Closed again with the same button; keyboard users reach it like any button.
    click(&root, "LMS preview").await;
    until("the closed panel", &root, || select(&root, "#lms-preview[hidden]")).await;
    assert_eq!(
        button(&root, "LMS preview").unwrap().get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    player.unmount();
    storage.remove_item(&storage_key(&course)).unwrap();
}

#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn the_preview_panel_speaks_german_and_waits_for_a_first_record() {
    let (course, storage, host) = preview_host("ui-preview-de");
    set_browser_languages(languages(&["de-DE", "de"]));
    let player = Mounted::new(course.clone(), host);
    let root = player.root.clone();
    wait_for_heading(&root, "Welcome aboard").await;
    click(&root, "LMS-Vorschau").await;
    until("the open panel", &root, || select(&root, "#lms-preview h2")).await;
    let v12 = version(&root, "SCORM 1.2");
    let values = described(&v12);
    assert_eq!(lookup(&values, "cmi.core.lesson_status"), Some("incomplete"), "{values:?}");
    assert_eq!(lookup(&values, "cmi.core.score.raw"), None, "no score before an answer: {values:?}");
    let size = lookup(&values, "cmi.suspend_data").unwrap_or_default();
    assert!(size.ends_with(" von 4096 Zeichen"), "{size:?}");
    assert!(text_of(&v12).contains("Noch keine"), "no records yet: {}", text_of(&v12));
    player.unmount();
    set_browser_languages(JsValue::NULL);
    storage.remove_item(&storage_key(&course)).unwrap();
}

#[wasm_bindgen_test]
async fn learners_hosts_show_no_preview_panel() {
    let course = course("ui-no-preview");
    let storage = web_sys::window().unwrap().local_storage().unwrap().expect("localStorage");
    for host in [HostHandle::new(Standalone::default()), HostHandle::new(Fake::default())] {
        let player = Mounted::new(course.clone(), host);
        let root = player.root.clone();
        wait_for_heading(&root, "Welcome aboard").await;
        click(&root, "Next").await;
        wait_for_heading(&root, "Reading buoys").await;
        assert!(button(&root, "LMS preview").is_none(), "{}", root.inner_html());
        assert!(select(&root, ".lms-preview, #lms-preview").is_none(), "{}", root.inner_html());
        player.unmount();
    }
    storage.remove_item(&storage_key(&course)).unwrap();
}
