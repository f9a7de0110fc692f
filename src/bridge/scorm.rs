//! SCORM 2004 4th edition and SCORM 1.2: finds the LMS's API object and drives it as
//! shared/lms-contract.md requires. What to read and send is decided in `lotse_core::scorm`; the
//! two versions differ here only in the API's name and its method names.
//!
//! - A local state machine (not initialised → running → finished) guarantees one `Initialize("")`
//!   and one `Terminate("")`, with nothing after it (timers check the state).
//! - Values are set when they change; the commit waits: about a second after a change of status,
//!   score or an answer, half a minute after a change of page alone, at once when the page is
//!   hidden. A commit or a value the LMS refuses is tried again with backoff (1 s, 2 s, 4 s … 1 min),
//!   and the learner is told, without being stopped, until it succeeds.
//! - Everything is mirrored to localStorage, keyed by course and learner ([`Mirror`]): at the
//!   next launch the newer of the LMS's `suspend_data` and the mirror wins (by the time spent in
//!   the course, which only grows), so progress the LMS lost (a commit that failed or answered
//!   "true" without saving, a tab closed before the commit) comes back. The mirror is cleared once
//!   the LMS has taken a finished attempt.

use js_sys::{Function, Object, Reflect};
use lotse_core::learner::{Progress, Rules, Saved};
use lotse_core::model::Course;
use lotse_core::scorm::{self, Journal, Start, Version};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Window;

use super::mirror::Mirror;
use super::{standalone, Host, HostHandle};

/// Parent frames climbed before giving up, as the SCORM run-time guidance suggests.
const MAX_HOPS: usize = 500;
/// How long and how often the API is looked for before the course runs standalone.
const SEARCH_MILLIS: u32 = 5_000;
const SEARCH_EVERY: u32 = 250;

const INITIALIZE: usize = 0;
const GET: usize = 1;
const SET: usize = 2;
const COMMIT: usize = 3;
const TERMINATE: usize = 4;
const LAST_ERROR: usize = 5;
const ERROR_STRING: usize = 6;
const DIAGNOSTIC: usize = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    NotInitialized,
    Running,
    Finished,
}

pub struct Scorm {
    api: JsValue,
    version: Version,
    state: State,
    start: Start,
    /// What was last set and accepted, so unchanged values are not sent again.
    sent: Vec<(&'static str, String)>,
    /// Values the LMS refused, set again before the next commit.
    unsent: Vec<(String, String)>,
    journal: Journal,
    /// Values set since the last commit that succeeded; `urgent`: among them a status, score or
    /// answer (committed within a second rather than on the slow timer).
    dirty: bool,
    urgent: bool,
    /// Refused calls in a row: the retry's backoff, and the learner's notice.
    failures: u32,
    mirror: Option<Mirror>,
    /// The mirror was cleared after the LMS took a finished attempt.
    cleared: bool,
    /// The browser refused the last write of the mirror (storage full or turned off).
    refused: bool,
    /// The LMS refused to start a session: the mirror is all there is.
    declined: bool,
    /// When this page load started, and the time spent in the course before it.
    started: f64,
    earlier: u64,
    /// The module on screen and when it was opened (`Date.now()`): an answer's latency.
    location: usize,
    opened: f64,
}

impl Scorm {
    pub fn new(api: JsValue, version: Version) -> Self {
        Scorm {
            api,
            version,
            state: State::NotInitialized,
            start: Start::default(),
            sent: Vec::new(),
            unsent: Vec::new(),
            journal: Journal::new(0),
            dirty: false,
            urgent: false,
            failures: 0,
            mirror: None,
            cleared: false,
            refused: false,
            declined: false,
            started: js_sys::Date::now(),
            earlier: 0,
            location: 0,
            opened: js_sys::Date::now(),
        }
    }

    /// Calls method number `method` with string arguments and returns its result as a string
    /// ("" if the LMS answered something else or threw).
    fn call(&self, method: usize, args: &[&str]) -> String {
        self.answer(method, args).unwrap_or_default()
    }

    /// Calls method number `method` with string arguments: its result, "" for null or undefined
    /// (what some LMSs answer for a value never set), `None` when the method is missing, threw or
    /// answered anything else.
    fn answer(&self, method: usize, args: &[&str]) -> Option<String> {
        let name = self.version.methods()[method];
        let function = Reflect::get(&self.api, &name.into()).ok()?;
        let function = function.dyn_ref::<Function>()?;
        let result = match args {
            [] => function.call0(&self.api),
            [a] => function.call1(&self.api, &(*a).into()),
            [a, b, ..] => function.call2(&self.api, &(*a).into(), &(*b).into()),
        };
        let value = result.ok()?;
        if value.is_null() || value.is_undefined() {
            return Some(String::new());
        }
        value.as_string()
    }

    /// A call whose answer is "true" or "false"; on "false" the LMS's error is logged.
    fn call_ok(&self, method: usize, args: &[&str]) -> bool {
        let ok = self.call(method, args) == "true";
        if !ok {
            let code = self.call(LAST_ERROR, &[]);
            let text = self.call(ERROR_STRING, &[&code]);
            let detail = self.call(DIAGNOSTIC, &[&code]);
            let name = self.version.methods()[method];
            let element = args.first().copied().unwrap_or_default();
            let message =
                ["Lotse: ", name, "(\"", element, "\", …) failed: error ", &code, " ", &text, " ", &detail];
            web_sys::console::warn_1(&message.concat().into());
        }
        ok
    }

    /// Sets one value; a refused one is kept to be set again.
    fn set(&mut self, element: &str, value: &str) -> bool {
        // An interaction record's field waits while an earlier field of it (its id, its type)
        // waits: an LMS refuses the rest before them (error 408), and the contract forbids it.
        let waits = record(element).is_some_and(|r| self.unsent.iter().any(|(e, _)| e.starts_with(r)));
        let ok = !waits && self.call_ok(SET, &[element, value]);
        self.dirty = true;
        self.urgent |= scorm::urgent(element);
        if !ok {
            self.failures += u32::from(!waits);
            self.unsent.push((element.to_string(), value.to_string()));
        }
        ok
    }

    /// Sets the report's values that changed since they were last accepted.
    fn send(&mut self, values: Vec<(&'static str, String)>) {
        for (element, value) in values {
            let sent = self.sent.iter().position(|(e, _)| *e == element);
            if sent.is_some_and(|i| self.sent[i].1 == value) {
                continue;
            }
            // A newer value replaces one still waiting to be set again.
            self.unsent.retain(|(e, _)| e != element);
            if self.set(element, &value) {
                match sent {
                    Some(i) => self.sent[i].1 = value,
                    None => self.sent.push((element, value)),
                }
            }
        }
    }

    /// The time spent in the course: earlier sessions and this page load.
    fn time(&self) -> u64 {
        self.earlier.saturating_add(super::elapsed(self.started))
    }

    /// Sets again what the LMS refused, then commits; true when the commit succeeded and nothing
    /// was refused. The commit is made even when a value was refused again: the LMS keeps what it
    /// took, and Terminate never follows an uncommitted SetValue.
    fn commit(&mut self) -> bool {
        for (element, value) in std::mem::take(&mut self.unsent) {
            // Refused again: kept (by `set`) for the next try.
            self.set(&element, &value);
        }
        let ok = self.call_ok(COMMIT, &[""]) && self.unsent.is_empty();
        if ok {
            self.dirty = false;
            self.urgent = false;
            self.failures = 0;
        } else {
            self.failures += 1;
        }
        ok
    }

    fn mirror(&mut self, course: &Course, progress: &Progress) {
        // Once the LMS took a finished attempt, the mirror is gone for good: what the learner looks
        // at afterwards must not come back as the next attempt's progress.
        if let Some(mirror) = self.mirror.as_ref().filter(|_| !self.cleared) {
            let mut saved = progress.save(course);
            saved.time = self.time();
            self.refused = !mirror.write(course, &saved);
        }
    }
}

impl Host for Scorm {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        if self.state != State::NotInitialized {
            return None;
        }
        self.started = js_sys::Date::now();
        if !self.call_ok(INITIALIZE, &[""]) {
            // The LMS refused: nothing more is sent to it, the learner is told, and the progress
            // is kept in this browser as if there were no LMS.
            self.state = State::Finished;
            self.declined = true;
            let mirror = self.mirror.insert(Mirror::new(standalone::storage_key(course)));
            let saved = mirror.read(course);
            self.earlier = saved.as_ref().map_or(0, |s| s.time);
            return saved;
        }
        self.state = State::Running;
        let mut start = scorm::start(self.version, course, &mut |element| self.answer(GET, &[element]));
        if start.keep_data {
            web_sys::console::warn_1(
                &"Lotse: the LMS's suspend_data could not be read, or is not this player's; it is left as it is."
                    .into(),
            );
        }
        let key = ["lotse:", course.id.as_str(), ":", start.learner_id.as_str()].concat();
        let mirrored = self.mirror.insert(Mirror::new(key)).read(course);
        let held = start.saved.take();
        self.journal = Journal::new(start.interactions);
        // Only the answers in the LMS's own suspend_data were recorded there: one the mirror alone
        // brings back (its commit failed, the tab closed first) gets its record in this session.
        self.journal.prime(held.as_ref());
        let saved = Saved::newer(held, mirrored);
        self.earlier = start.earlier_millis.max(saved.as_ref().map_or(0, |s| s.time));
        self.start = start;
        saved
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        let now = js_sys::Date::now();
        if progress.location != self.location {
            self.location = progress.location;
            self.opened = now;
        }
        self.mirror(course, progress);
        if self.state != State::Running {
            return;
        }
        let values = scorm::report(self.version, course, progress, &self.start, self.time());
        self.send(values);
        let latency = (now - self.opened).max(0.0) as u64;
        let records = self.journal.records(
            self.version,
            course,
            progress,
            self.start.records,
            latency,
            clock(self.version, now),
        );
        for (element, value) in records {
            self.set(&element, &value);
        }
    }

    fn finish(&mut self, course: &Course, progress: &Progress, session_millis: u64) {
        self.mirror(course, progress);
        if self.state != State::Running {
            return;
        }
        self.update(course, progress);
        let values = scorm::finish(self.version, course, progress, session_millis);
        let ended = values.iter().any(|(e, v)| e.ends_with("exit") && v != "suspend");
        self.send(values);
        // Twice at most: the page may be going away; the mirror keeps what the LMS did not take.
        let committed = self.commit() || self.commit();
        self.call_ok(TERMINATE, &[""]);
        self.state = State::Finished;
        if committed && ended {
            if let Some(mirror) = &self.mirror {
                mirror.clear();
                self.cleared = true;
            }
        }
    }

    fn is_recording(&self) -> bool {
        self.state == State::Running
    }

    fn trouble(&self) -> bool {
        self.state == State::Running && self.failures > 0
    }

    /// The browser cannot keep the progress while the LMS does not have it either: it refused to
    /// start, or its last save failed. Not once the LMS took the finished attempt.
    fn unkept(&self) -> bool {
        self.refused && !self.cleared && (self.declined || self.failures > 0)
    }

    fn next_flush(&self) -> Option<u32> {
        if self.state != State::Running || !self.dirty {
            return None;
        }
        Some(match self.failures {
            0 if self.urgent => 1_000,
            0 => 30_000,
            n => 1_000u32 << n.min(6).saturating_sub(1),
        })
    }

    fn flush(&mut self) {
        if self.state == State::Running && self.dirty {
            self.commit();
        }
    }

    fn language(&self) -> Option<String> {
        let language = self.start.language.trim();
        (!language.is_empty()).then(|| language.to_string())
    }

    fn learner_name(&self) -> Option<String> {
        let name = self.start.learner_name.trim();
        (!name.is_empty()).then(|| name.to_string())
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }

    fn rules(&self) -> Rules {
        self.start.rules
    }
}

/// `cmi.interactions.n.` when `element` is a field of an interaction record.
fn record(element: &str) -> Option<&str> {
    let rest = element.strip_prefix("cmi.interactions.")?.as_bytes();
    let dot = rest.iter().position(|&b| b == b'.')?;
    element.get(..element.len() - rest.len() + dot + 1)
}

/// The time written into interaction records: UTC for 2004 (its timestamps carry the zone), the
/// learner's local time for 1.2, whose time of day has no zone and is read as local.
pub(super) fn clock(version: Version, now: f64) -> u64 {
    let offset = match version {
        Version::Scorm12 => js_sys::Date::new_0().get_timezone_offset() * 60_000.0,
        Version::Scorm2004 => 0.0,
    };
    (now - offset).max(0.0) as u64
}

/// The version the package asks for: `<html data-scorm="1.2">` or `"2004"` (written by the
/// packager); without it, 2004 is looked for first.
fn preferred() -> (Version, bool) {
    let attribute = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("data-scorm"));
    match attribute.as_deref() {
        Some("1.2") => (Version::Scorm12, true),
        Some(_) => (Version::Scorm2004, true),
        None => (Version::Scorm2004, false),
    }
}

/// Looks for the API, again every quarter second for five seconds (an LMS may set it up after the
/// content starts), then hands the host to `then`: the LMS's, or standalone.
pub fn discover(then: Box<dyn FnOnce(HostHandle)>) {
    search(0, then);
}

fn search(waited: u32, then: Box<dyn FnOnce(HostHandle)>) {
    let (version, fixed) = preferred();
    let other = if version == Version::Scorm12 { Version::Scorm2004 } else { Version::Scorm12 };
    let found = find_api(version).map(|api| (api, version)).or_else(|| {
        let api = find_api(other)?;
        if fixed {
            web_sys::console::warn_1(
                &["Lotse: only ", other.api_name(), " was found; using it."].concat().into(),
            );
        }
        Some((api, other))
    });
    if let Some((api, version)) = found {
        return then(HostHandle::new(Scorm::new(api, version)));
    }
    let window = web_sys::window();
    match window {
        Some(window) if waited < SEARCH_MILLIS => {
            let again = Closure::once_into_js(move || search(waited + SEARCH_EVERY, then));
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                again.unchecked_ref(),
                SEARCH_EVERY as i32,
            );
        }
        _ => then(HostHandle::new(standalone::Standalone::default())),
    }
}

/// Looks for the version's API object in this window, its parents, then the top window's opener
/// and its parents, then this window's opener. Cross-origin frames throw on access; they are
/// skipped.
pub fn find_api(version: Version) -> Option<JsValue> {
    let window = web_sys::window()?;
    if let Some(api) = climb(window.clone(), version) {
        return Some(api);
    }
    let top_opener = window.top().ok().flatten().and_then(|top| top.opener().ok());
    for opener in [top_opener, window.opener().ok()] {
        // Not `dyn_into`: another window's object fails `instanceof Window` in this realm.
        if let Some(opener) = opener.filter(JsValue::is_object) {
            if let Some(api) = climb(opener.unchecked_into::<Window>(), version) {
                return Some(api);
            }
        }
    }
    None
}

fn climb(mut window: Window, version: Version) -> Option<JsValue> {
    for _ in 0..MAX_HOPS {
        if let Some(api) = probe(&window, version) {
            return Some(api);
        }
        let parent = window.parent().ok().flatten()?;
        if Object::is(&parent, &window) {
            return None;
        }
        window = parent;
    }
    None
}

fn probe(window: &Window, version: Version) -> Option<JsValue> {
    let api = Reflect::get(window, &version.api_name().into()).ok()?;
    let initialize = version.methods()[INITIALIZE];
    let usable = api.is_object() && Reflect::get(&api, &initialize.into()).is_ok_and(|f| f.is_function());
    usable.then_some(api)
}
