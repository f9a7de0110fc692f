#![cfg(all(target_arch = "wasm32", feature = "scorm"))]
//! Browser tests of the SCORM bridge (`bridge::scorm`, feature `scorm`) against a recording fake
//! LMS of either version: the state machine, what is set and when it is committed, resuming from
//! `suspend_data` and from the localStorage mirror, failures and retries, browse mode, the LMS's
//! passing score, interaction records, discovery. The value formats themselves are tested in
//! lotse-core (`scorm`, `scorm2004`, `scorm12`); the end-to-end tests run scorm-again.
//!
//! All tests share one page: each removes the globals and storage keys it created.

use lotse::bridge::scorm::{find_api, Scorm};
use lotse::bridge::{Host, HostHandle};
use lotse_core::learner::{Action, Progress, Saved, Status};
use lotse_core::scorm::Version;
use lotse_core::suspend;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen(inline_js = r#"
const NAMES = {
    "1.2": ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish",
            "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
    "2004": ["Initialize", "GetValue", "SetValue", "Commit", "Terminate",
             "GetLastError", "GetErrorString", "GetDiagnostic"],
};

// A fake LMS of `version` ("1.2" or "2004"): every call is recorded as [name, ...arguments];
// GetValue answers from `values` (JSON), SetValue stores there. `api.refuse = element` makes the
// next SetValue of that element answer "false"; `api.commits = ["false", ...]` are the answers of
// the next commits ("true" after them).
export function make_lms(version, init, values) {
    const [initialize, get, set, commit, terminate, lastError, errorString, diagnostic] = NAMES[version];
    const api = { calls: [], values: JSON.parse(values), refuse: null, commits: [] };
    let error = "0";
    const record = (name, answer) => function (...args) {
        api.calls.push([name, ...args.map(String)]);
        return answer(...args);
    };
    api[initialize] = record(initialize, () => { error = init === "true" ? "0" : "101"; return init; });
    api[get] = record(get, (element) => api.values[element] ?? "");
    api[set] = record(set, (element, value) => {
        if (element === api.refuse) { api.refuse = null; error = "351"; return "false"; }
        api.values[element] = value;
        return "true";
    });
    api[commit] = record(commit, () => {
        const answer = api.commits.length ? api.commits.shift() : "true";
        error = answer === "true" ? "0" : "391";
        return answer;
    });
    api[terminate] = record(terminate, () => "true");
    api[lastError] = record(lastError, () => error);
    api[errorString] = record(errorString, () => "General exception");
    api[diagnostic] = record(diagnostic, () => "refused by the test");
    return api;
}

export function calls_json(api) { return JSON.stringify(api.calls); }
export function value_of(api, element) { return api.values[element] ?? null; }
export function set_property(object, name, value) { object[name] = value; }
export function put_in_window(name, api) { window[name] = api; }
export function remove_from_window(name) { delete window[name]; }
"#)]
extern "C" {
    fn make_lms(version: &str, init: &str, values: &str) -> JsValue;
    fn calls_json(api: &JsValue) -> String;
    fn value_of(api: &JsValue, element: &str) -> Option<String>;
    fn set_property(object: &JsValue, name: &str, value: &JsValue);
    fn put_in_window(name: &str, api: &JsValue);
    fn remove_from_window(name: &str);
}

type Calls = Vec<Vec<String>>;

fn calls(api: &JsValue) -> Calls {
    serde_json::from_str(&calls_json(api)).expect("the fake LMS records JSON")
}

fn set_values(calls: &Calls, element: &str) -> Vec<String> {
    calls
        .iter()
        .filter(|c| {
            (c[0] == "LMSSetValue" || c[0] == "SetValue") && c.get(1).map(String::as_str) == Some(element)
        })
        .map(|c| c.get(2).cloned().unwrap_or_default())
        .collect()
}

fn positions(calls: &Calls, name: &str) -> Vec<usize> {
    calls.iter().enumerate().filter(|(_, c)| c[0] == name).map(|(i, _)| i).collect()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().expect("localStorage")
}

/// The mirror's key for the fake LMS's learner ("42").
fn mirror_key(course: &lotse_core::model::Course) -> String {
    format!("lotse:{}:42", course.id)
}

const LEARNER_12: &str = r#"{"cmi.core.student_id": "42", "cmi.core.student_name": "Doe, Jane",
    "cmi.core.lesson_status": "not attempted", "cmi.core.entry": "ab-initio",
    "cmi.core.lesson_mode": "normal", "cmi.core.credit": "credit", "cmi.core.total_time": "0001:02:03.50"}"#;
const LEARNER_2004: &str = r#"{"cmi.learner_id": "42", "cmi.learner_name": "Jane Doe",
    "cmi.completion_status": "unknown", "cmi.success_status": "unknown", "cmi.entry": "ab-initio",
    "cmi.mode": "normal", "cmi.credit": "credit", "cmi.total_time": "PT1H2M3.5S",
    "cmi.interactions._count": "0"}"#;

/// The learner's values with `extra` (a JSON object) over them.
fn learner(base: &str, extra: &str) -> String {
    let mut values: serde_json::Map<String, serde_json::Value> = serde_json::from_str(base).unwrap();
    let extra: serde_json::Map<String, serde_json::Value> = serde_json::from_str(extra).unwrap();
    values.extend(extra);
    serde_json::Value::Object(values).to_string()
}

/// Opens the question's module, answers it with `option`, and finishes the course.
fn walk(host: &mut Scorm, course: &lotse_core::model::Course, option: usize) -> Progress {
    let mut progress = Progress::new(course);
    host.update(course, &progress);
    progress.apply(course, Action::Open(1));
    host.update(course, &progress);
    progress.apply(course, answer(option));
    host.update(course, &progress);
    progress.apply(course, Action::Finish);
    host.update(course, &progress);
    progress
}

fn assert_lifecycle(c: &Calls, version: Version) {
    let [initialize, _, _, commit, terminate, ..] = *version.methods();
    assert_eq!(c[0], [initialize, ""], "Initialize(\"\") comes first: {c:?}");
    assert_eq!(positions(c, initialize).len(), 1, "{c:?}");
    assert_eq!(positions(c, terminate), [c.len() - 1], "Terminate(\"\") exactly once and last: {c:?}");
    let commits = positions(c, commit);
    assert_eq!(commits.last(), Some(&(c.len() - 2)), "a commit right before Terminate: {c:?}");
    for call in c {
        if [initialize, commit, terminate].contains(&call[0].as_str()) {
            assert_eq!(call.len(), 2, "{call:?}");
            assert_eq!(call[1], "", "the literal empty string: {call:?}");
        }
    }
}

#[wasm_bindgen_test]
fn scorm12_reports_a_passed_session_with_its_answer_and_finishes_once() {
    let course = course("s12-pass");
    let api = make_lms("1.2", "true", LEARNER_12);
    let mut host = Scorm::new(api.clone(), Version::Scorm12);
    assert_eq!(host.learner_name(), None, "nothing is read before LMSInitialize");
    assert_eq!(host.start(&course), None, "a first launch has nothing to resume");
    assert_eq!(host.learner_name().as_deref(), Some("Doe, Jane"), "as the LMS keeps it");
    assert_eq!(host.earlier_millis(), 3_723_500, "cmi.core.total_time");

    let progress = walk(&mut host, &course, CORRECT);
    let before_finish = calls(&api);
    assert!(
        positions(&before_finish, "LMSCommit").is_empty(),
        "commits wait for the timer: {before_finish:?}"
    );
    assert_eq!(host.next_flush(), Some(1_000), "a status change is committed within a second");
    host.finish(&course, &progress, 83_456);
    let c = calls(&api);
    assert_lifecycle(&c, Version::Scorm12);
    assert_eq!(set_values(&c, "cmi.core.lesson_status"), ["incomplete", "passed"], "{c:?}");
    assert_eq!(set_values(&c, "cmi.core.lesson_location"), ["welcome", "buoys"]);
    assert_eq!(set_values(&c, "cmi.core.score.raw"), ["100"]);
    assert_eq!(set_values(&c, "cmi.core.exit"), [""], "a finished, passed course ends the attempt");
    assert_eq!(set_values(&c, "cmi.core.session_time"), ["00:01:23.45"]);
    assert_eq!(set_values(&c, "cmi.interactions.0.id"), ["q1"], "the answer as an interaction record: {c:?}");
    assert_eq!(set_values(&c, "cmi.interactions.0.result"), ["correct"]);
    let read = c.iter().position(|call| call[0] == "LMSGetValue" && call[1] == "cmi.suspend_data");
    let written = c.iter().position(|call| call[0] == "LMSSetValue" && call[1] == "cmi.suspend_data");
    assert!(read.is_some() && read < written, "suspend_data is read before it is written: {c:?}");
    let data = value_of(&api, "cmi.suspend_data").expect("suspend_data set");
    assert!(data.len() <= 4096);
    let saved = suspend::decode(&course, &data).expect("suspend_data decodes");
    assert_eq!(saved.answers, saved_answer(CORRECT));

    // Nothing after LMSFinish: not a second finish (pagehide), not a late update or timer.
    host.finish(&course, &progress, 90_000);
    host.update(&course, &Progress::new(&course));
    host.flush();
    assert_eq!(host.start(&course), None);
    assert_eq!(host.next_flush(), None);
    assert!(!host.is_recording());
    assert_eq!(calls(&api), c, "calls after LMSFinish");
    assert_eq!(
        storage().get_item(&mirror_key(&course)).unwrap(),
        None,
        "a finished attempt clears the mirror"
    );
}

#[wasm_bindgen_test]
fn scorm2004_reports_completion_success_score_and_progress() {
    let course = course("s2004-pass");
    let api = make_lms("2004", "true", LEARNER_2004);
    let mut host = Scorm::new(api.clone(), Version::Scorm2004);
    assert_eq!(host.start(&course), None);
    assert_eq!(host.learner_name().as_deref(), Some("Jane Doe"));
    assert_eq!(host.earlier_millis(), 3_723_500, "cmi.total_time");
    let progress = walk(&mut host, &course, CORRECT);
    host.finish(&course, &progress, 83_456);
    let c = calls(&api);
    assert_lifecycle(&c, Version::Scorm2004);
    assert_eq!(
        set_values(&c, "cmi.completion_status").last().map(String::as_str),
        Some("completed"),
        "{c:?}"
    );
    assert_eq!(set_values(&c, "cmi.success_status").last().map(String::as_str), Some("passed"));
    assert_eq!(set_values(&c, "cmi.score.scaled"), ["1"]);
    assert_eq!(set_values(&c, "cmi.score.raw"), ["100"]);
    assert_eq!(set_values(&c, "cmi.progress_measure").last().map(String::as_str), Some("1"));
    assert_eq!(set_values(&c, "cmi.exit"), ["normal"]);
    assert_eq!(set_values(&c, "cmi.session_time"), ["PT1M23.45S"]);
    let id = c.iter().position(|call| call[0] == "SetValue" && call[1] == "cmi.interactions.0.id");
    let kind = c.iter().position(|call| call[0] == "SetValue" && call[1] == "cmi.interactions.0.type");
    assert!(id.is_some() && id < kind, "an interaction's id comes before its type: {c:?}");
    assert_eq!(set_values(&c, "cmi.interactions.0.result"), ["correct"]);
}

#[wasm_bindgen_test]
fn a_refused_initialize_sends_nothing_and_keeps_progress_in_the_browser() {
    let course = course("s12-refused");
    let api = make_lms("1.2", "false", LEARNER_12);
    let mut host = Scorm::new(api.clone(), Version::Scorm12);
    assert_eq!(host.start(&course), None);
    assert!(!host.is_recording(), "the player tells the learner");
    let progress = walk(&mut host, &course, CORRECT);
    host.finish(&course, &progress, 1_000);

    let c = calls(&api);
    let allowed = ["LMSInitialize", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"];
    let others: Vec<_> = c.iter().filter(|call| !allowed.contains(&call[0].as_str())).collect();
    assert!(others.is_empty(), "calls after a refused LMSInitialize: {others:?}");
    let key = lotse::bridge::standalone::storage_key(&course);
    let kept = storage().get_item(&key).unwrap().expect("kept in this browser");
    storage().remove_item(&key).unwrap();
    assert_eq!(suspend::decode(&course, &kept).unwrap().answers, saved_answer(CORRECT));
}

#[wasm_bindgen_test]
fn progress_resumes_from_suspend_data_with_entry_resume_and_with_entry_empty() {
    let course = course("s-resume");
    let mut progress = Progress::new(&course);
    progress.apply(&course, Action::Open(1));
    progress.apply(&course, answer(WRONG));
    let data = suspend::encode(&course, &progress.save(&course), 4096);
    for (version, base, extra) in [
        ("1.2", LEARNER_12, format!(r#"{{"cmi.core.entry": "resume", "cmi.suspend_data": "{data}"}}"#)),
        ("2004", LEARNER_2004, format!(r#"{{"cmi.entry": "", "cmi.suspend_data": "{data}"}}"#)),
    ] {
        let api = make_lms(version, "true", &learner(base, &extra));
        let v = if version == "1.2" { Version::Scorm12 } else { Version::Scorm2004 };
        let mut host = Scorm::new(api.clone(), v);
        let saved = host.start(&course).unwrap_or_else(|| panic!("{version} resumes"));
        let resumed = Progress::restore(&course, &saved);
        assert_eq!(resumed.location, 1, "{version}");
        assert_eq!(resumed.answers, progress.answers, "{version}: the answer and its checks are back");
        host.finish(&course, &resumed, 0);
        let exit = if version == "1.2" { "cmi.core.exit" } else { "cmi.exit" };
        let c = calls(&api);
        assert_eq!(set_values(&c, exit), ["suspend"], "{version}: an unfinished course suspends");
        let records = set_values(&c, "cmi.interactions.0.id");
        assert!(records.is_empty(), "{version}: the LMS has the answer's record already: {c:?}");
        storage().remove_item(&mirror_key(&course)).unwrap();
    }
}

#[wasm_bindgen_test]
fn the_mirror_brings_back_what_the_lms_lost() {
    let course = course("s-mirror");
    // The first session: the commits fail, and the tab closes before the LMS has anything.
    let api = make_lms("2004", "true", LEARNER_2004);
    let api_commits = js_sys::JSON::parse(r#"["false","false","false"]"#).unwrap();
    set_property(&api, "commits", &api_commits);
    let mut host = Scorm::new(api.clone(), Version::Scorm2004);
    host.start(&course);
    let mut progress = Progress::new(&course);
    progress.apply(&course, Action::Open(1));
    progress.apply(&course, answer(WRONG));
    host.update(&course, &progress);
    host.flush();
    assert!(host.trouble(), "a refused commit is the learner's notice");
    assert_eq!(host.next_flush(), Some(1_000), "tried again after a second");
    host.flush();
    assert_eq!(host.next_flush(), Some(2_000), "then after two");
    host.finish(&course, &progress, 1_000);

    // The next launch: the LMS has nothing (a new attempt), the mirror has the answer.
    let api = make_lms("2004", "true", LEARNER_2004);
    let mut host = Scorm::new(api.clone(), Version::Scorm2004);
    let saved = host.start(&course).expect("the mirror resumes");
    assert_eq!(saved.answers.len(), 1);
    let resumed = Progress::restore(&course, &saved);
    assert_eq!(resumed.answers, progress.answers);
    // The LMS never took the answer's record: it is sent in this session, once.
    host.update(&course, &resumed);
    host.update(&course, &resumed);
    let c = calls(&api);
    assert_eq!(set_values(&c, "cmi.interactions.0.id"), ["q1"], "{c:?}");
    assert_eq!(set_values(&c, "cmi.interactions.0.result"), ["incorrect"], "{c:?}");
    assert!(set_values(&c, "cmi.interactions.1.id").is_empty(), "{c:?}");
    host.finish(&course, &resumed, 0);

    // When the LMS holds newer progress (another computer), the LMS wins.
    let mut newer = Saved { time: saved.time + 60_000, ..progress.save(&course) };
    newer.answers.clear();
    let data = suspend::encode(&course, &newer, 64_000);
    let api =
        make_lms("2004", "true", &learner(LEARNER_2004, &format!(r#"{{"cmi.suspend_data": "{data}"}}"#)));
    let saved = Scorm::new(api, Version::Scorm2004).start(&course).expect("resumes");
    assert!(saved.answers.is_empty(), "the LMS's newer progress wins");
    storage().remove_item(&mirror_key(&course)).unwrap();
}

#[wasm_bindgen_test]
fn a_refused_value_and_a_failed_commit_are_tried_again_until_they_succeed() {
    let course = course("s12-retry");
    let api = make_lms("1.2", "true", LEARNER_12);
    set_property(&api, "refuse", &"cmi.core.lesson_status".into());
    let mut host = Scorm::new(api.clone(), Version::Scorm12);
    host.start(&course);
    let mut progress = Progress::new(&course);
    host.update(&course, &progress);
    assert!(host.trouble());
    progress.apply(&course, Action::Open(1));
    host.update(&course, &progress);
    host.flush();
    let c = calls(&api);
    assert_eq!(set_values(&c, "cmi.core.lesson_status"), ["incomplete", "incomplete"], "set again: {c:?}");
    assert!(!host.trouble(), "the retry succeeded");
    assert_eq!(positions(&c, "LMSCommit").len(), 1, "{c:?}");
    assert_eq!(host.next_flush(), None, "nothing waits");
    host.finish(&course, &progress, 0);
    storage().remove_item(&mirror_key(&course)).unwrap();
}

#[wasm_bindgen_test]
fn a_value_refused_again_does_not_hold_back_the_commit_of_the_others() {
    let course = course("s12-refused-again");
    let api = make_lms("1.2", "true", LEARNER_12);
    let refuse = || set_property(&api, "refuse", &"cmi.core.lesson_status".into());
    refuse();
    let mut host = Scorm::new(api.clone(), Version::Scorm12);
    host.start(&course);
    let progress = Progress::new(&course);
    host.update(&course, &progress);
    refuse();
    host.flush();
    let c = calls(&api);
    assert_eq!(set_values(&c, "cmi.core.lesson_status"), ["incomplete", "incomplete"], "{c:?}");
    assert_eq!(positions(&c, "LMSCommit").len(), 1, "what the LMS took is committed: {c:?}");
    assert_eq!(value_of(&api, "cmi.core.lesson_location").as_deref(), Some("welcome"));
    assert!(host.trouble(), "the refused value is still owed");
    host.flush();
    assert!(!host.trouble(), "the retry succeeded");
    assert_eq!(value_of(&api, "cmi.core.lesson_status").as_deref(), Some("incomplete"));
    host.finish(&course, &progress, 0);
    storage().remove_item(&mirror_key(&course)).unwrap();
}

#[wasm_bindgen_test]
fn browse_mode_and_no_credit_leave_status_and_score_alone() {
    let course = course("s-browse");
    for (version, extra) in [
        ("1.2", r#"{"cmi.core.lesson_mode": "browse"}"#),
        ("1.2", r#"{"cmi.core.credit": "no-credit"}"#),
        ("2004", r#"{"cmi.mode": "review"}"#),
    ] {
        let (v, base) = if version == "1.2" {
            (Version::Scorm12, LEARNER_12)
        } else {
            (Version::Scorm2004, LEARNER_2004)
        };
        let api = make_lms(version, "true", &learner(base, extra));
        let mut host = Scorm::new(api.clone(), v);
        host.start(&course);
        let progress = walk(&mut host, &course, CORRECT);
        host.finish(&course, &progress, 0);
        let c = calls(&api);
        let sent: Vec<_> = c
            .iter()
            .filter(|call| call[0].ends_with("SetValue"))
            .filter(|call| {
                call[1].contains("status") || call[1].contains("score") || call[1].contains("interactions")
            })
            .collect();
        assert!(sent.is_empty(), "{version} {extra}: {sent:?}");
        assert!(!set_values(&c, if version == "1.2" { "cmi.core.lesson_location" } else { "cmi.location" })
            .is_empty());
        storage().remove_item(&mirror_key(&course)).unwrap();
    }
}

#[wasm_bindgen_test]
fn the_lms_s_mastery_score_replaces_the_course_s_passing_score() {
    let course = course("s-mastery"); // passing score 80
    let api = make_lms("2004", "true", &learner(LEARNER_2004, r#"{"cmi.scaled_passing_score": "0.5"}"#));
    let mut host = Scorm::new(api, Version::Scorm2004);
    host.start(&course);
    assert_eq!(host.rules().passing, Some(5_000));
    let mut progress = Progress::new(&course);
    progress.rules = host.rules();
    assert!(matches!(progress.status(&course), Status::Incomplete));
    host.finish(&course, &progress, 0);
    storage().remove_item(&mirror_key(&course)).unwrap();
}

#[wasm_bindgen_test]
fn the_learner_s_language_is_read_once_after_initialize() {
    let course = course("s12-language");
    let api =
        make_lms("1.2", "true", &learner(LEARNER_12, r#"{"cmi.student_preference.language": " de-AT "}"#));
    let mut host = Scorm::new(api.clone(), Version::Scorm12);
    assert_eq!(host.language(), None, "nothing is read before LMSInitialize");
    host.start(&course);
    assert_eq!(host.language().as_deref(), Some("de-AT"));
    let c = calls(&api);
    let reads =
        c.iter().filter(|call| call.get(1).map(String::as_str) == Some("cmi.student_preference.language"));
    assert_eq!(reads.count(), 1, "read once: {c:?}");
    host.finish(&course, &Progress::new(&course), 0);
    storage().remove_item(&mirror_key(&course)).unwrap();
}

#[wasm_bindgen_test]
fn find_api_finds_each_version_in_the_window_and_nothing_else() {
    for (version, name, v) in [("1.2", "API", Version::Scorm12), ("2004", "API_1484_11", Version::Scorm2004)]
    {
        assert!(find_api(v).is_none(), "no {name} in a plain page");
        let api = make_lms(version, "true", "{}");
        put_in_window(name, &api);
        let found = find_api(v);
        let other = find_api(if v == Version::Scorm12 { Version::Scorm2004 } else { Version::Scorm12 });
        remove_from_window(name);
        assert!(js_sys::Object::is(&found.expect("found"), &api), "{name} itself");
        assert!(other.is_none(), "{name} is not taken for the other version");
        // Something with that name that is not an API is not taken for one.
        put_in_window(name, &JsValue::from_str("not an API"));
        let found = find_api(v);
        remove_from_window(name);
        assert!(found.is_none());
    }
}

#[wasm_bindgen_test]
async fn discovery_waits_for_an_api_that_appears_late() {
    let api = make_lms("2004", "true", LEARNER_2004);
    let late = api.clone();
    let found = std::rc::Rc::new(std::cell::RefCell::new(None::<HostHandle>));
    let slot = found.clone();
    lotse::bridge::discover(
        Box::leak(Box::new(course("s-late"))),
        Box::new(move |host| *slot.borrow_mut() = Some(host)),
    );
    assert!(found.borrow().is_none(), "still looking");
    yew::platform::time::sleep(std::time::Duration::from_millis(600)).await;
    put_in_window("API_1484_11", &late);
    yew::platform::time::sleep(std::time::Duration::from_millis(600)).await;
    remove_from_window("API_1484_11");
    let host = found.borrow_mut().take().expect("found within a second of appearing");
    let course = course("s-late");
    host.start(&course);
    assert!(host.host().is_recording(), "the LMS's host, not standalone");
    host.finish(&course, &Progress::new(&course), 0);
    storage().remove_item(&mirror_key(&course)).unwrap();
}

/// Discovers the host with both APIs in the window and returns (1.2 calls, 2004 calls) after a
/// start and finish.
async fn discover_with_both_apis(course_id: &str) -> (Calls, Calls) {
    let (api12, api2004) = (make_lms("1.2", "true", LEARNER_12), make_lms("2004", "true", LEARNER_2004));
    put_in_window("API", &api12);
    put_in_window("API_1484_11", &api2004);
    let found = std::rc::Rc::new(std::cell::RefCell::new(None::<HostHandle>));
    let slot = found.clone();
    let course: &'static _ = Box::leak(Box::new(course(course_id)));
    lotse::bridge::discover(course, Box::new(move |host| *slot.borrow_mut() = Some(host)));
    yew::platform::time::sleep(std::time::Duration::from_millis(50)).await;
    remove_from_window("API");
    remove_from_window("API_1484_11");
    let host = found.borrow_mut().take().expect("found at once");
    host.start(course);
    host.finish(course, &Progress::new(course), 0);
    storage().remove_item(&mirror_key(course)).unwrap();
    (calls(&api12), calls(&api2004))
}

#[wasm_bindgen_test]
async fn the_package_fixes_the_scorm_version_and_2004_is_preferred_without_it() {
    let html = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    html.set_attribute("data-scorm", "1.2").unwrap();
    let (v12, v2004) = discover_with_both_apis("s-fixed").await;
    html.remove_attribute("data-scorm").unwrap();
    assert_eq!(v12.first().map(|c| c[0].as_str()), Some("LMSInitialize"), "the package's version: {v12:?}");
    assert!(v2004.is_empty(), "the other API is left alone: {v2004:?}");

    let (v12, v2004) = discover_with_both_apis("s-preferred").await;
    assert_eq!(v2004.first().map(|c| c[0].as_str()), Some("Initialize"), "2004 first: {v2004:?}");
    assert!(v12.is_empty(), "{v12:?}");
}
