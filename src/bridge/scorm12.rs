//! SCORM 1.2: finds the LMS's `API` object and drives it as shared/lms-contract.md requires.
//!
//! A local state machine (not initialised → running → finished) guarantees `LMSInitialize("")`
//! once and `LMSFinish("")` once, with nothing after it. Only values that changed are set; a
//! commit follows every change of status or score.

use js_sys::{Function, Object, Reflect};
use lotse_core::learner::{Progress, Saved};
use lotse_core::model::Course;
use lotse_core::scorm12;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Window;

use super::Host;

/// Parent frames climbed before giving up, as the SCORM run-time guidance suggests.
const MAX_HOPS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    NotInitialized,
    Running,
    Finished,
}

pub struct Scorm12 {
    api: JsValue,
    state: State,
    /// `cmi.core.lesson_status` as the LMS held it at start.
    prior_status: String,
    /// What was last set, so unchanged values are not sent again.
    sent: Vec<(&'static str, String)>,
    /// `cmi.student_preference.language`, read once at start ("" when the LMS has none).
    language: String,
    /// `cmi.core.student_name` and `cmi.core.total_time` in milliseconds, read once at start.
    name: String,
    earlier: u64,
}

impl Scorm12 {
    pub fn new(api: JsValue) -> Self {
        Scorm12 {
            api,
            state: State::NotInitialized,
            prior_status: String::new(),
            sent: Vec::new(),
            language: String::new(),
            name: String::new(),
            earlier: 0,
        }
    }

    /// Calls `method` with string arguments and returns its result as a string ("" if the LMS
    /// answered something else or threw).
    fn call(&self, method: &str, args: &[&str]) -> String {
        let Ok(function) = Reflect::get(&self.api, &method.into()) else { return String::new() };
        let Some(function) = function.dyn_ref::<Function>() else { return String::new() };
        let result = match args {
            [] => function.call0(&self.api),
            [a] => function.call1(&self.api, &(*a).into()),
            [a, b, ..] => function.call2(&self.api, &(*a).into(), &(*b).into()),
        };
        result.ok().and_then(|v| v.as_string()).unwrap_or_default()
    }

    /// A call whose answer is "true" or "false"; on "false" the LMS's error is logged.
    fn call_ok(&self, method: &str, args: &[&str]) -> bool {
        let ok = self.call(method, args) == "true";
        if !ok {
            let code = self.call("LMSGetLastError", &[]);
            let text = self.call("LMSGetErrorString", &[&code]);
            let detail = self.call("LMSGetDiagnostic", &[&code]);
            let element = args.first().copied().unwrap_or_default();
            web_sys::console::warn_1(
                &format!("Lotse: {method}(\"{element}\", …) failed: error {code} {text} {detail}").into(),
            );
        }
        ok
    }

    fn get(&self, element: &str) -> String {
        self.call("LMSGetValue", &[element])
    }

    /// Sets the values that changed; tells whether any of them needs a commit. A value the LMS
    /// refused is not remembered as sent, so the next update or the finish sends it again.
    fn send(&mut self, values: Vec<(&'static str, String)>) -> bool {
        let mut commit = false;
        for (element, value) in values {
            let sent = self.sent.iter().position(|(e, _)| *e == element);
            if sent.is_some_and(|i| self.sent[i].1 == value) {
                continue;
            }
            if !self.call_ok("LMSSetValue", &[element, &value]) {
                continue;
            }
            commit |= element != "cmi.core.lesson_location";
            match sent {
                Some(i) => self.sent[i].1 = value,
                None => self.sent.push((element, value)),
            }
        }
        commit
    }
}

impl Host for Scorm12 {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        if self.state != State::NotInitialized {
            return None;
        }
        if !self.call_ok("LMSInitialize", &[""]) {
            // The LMS refused; the course still works, and nothing more is sent to it.
            self.state = State::Finished;
            return None;
        }
        self.state = State::Running;
        self.prior_status = self.get("cmi.core.lesson_status");
        // Optional in SCORM 1.2: an LMS without it answers "" (error 401), which means none.
        self.language = self.get("cmi.student_preference.language");
        // As the LMS keeps it: SCORM 1.2 asks for "Last, First", which a certificate may show as is.
        self.name = self.get("cmi.core.student_name").trim().to_string();
        self.earlier = scorm12::timespan(&self.get("cmi.core.total_time")).unwrap_or(0);
        let location = self.get("cmi.core.lesson_location");
        let resume = self.get("cmi.core.entry") == "resume";
        (resume && course.modules.iter().any(|m| m.id == location)).then(|| Saved {
            v: 2,
            visited: vec![location.clone()],
            location,
            answers: Vec::new(),
            time: 0,
        })
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        if self.state != State::Running {
            return;
        }
        let values = scorm12::report(course, progress, &self.prior_status);
        if self.send(values) {
            self.call_ok("LMSCommit", &[""]);
        }
    }

    fn finish(&mut self, course: &Course, progress: &Progress, session_millis: u64) {
        if self.state != State::Running {
            return;
        }
        let mut values = scorm12::report(course, progress, &self.prior_status);
        let exit = scorm12::exit(progress.status(course), progress.finished);
        values.push(("cmi.core.exit", exit.to_string()));
        values.push(("cmi.core.session_time", scorm12::session_time(session_millis)));
        self.send(values);
        self.call_ok("LMSCommit", &[""]);
        self.call_ok("LMSFinish", &[""]);
        self.state = State::Finished;
    }

    fn is_recording(&self) -> bool {
        self.state == State::Running
    }

    fn language(&self) -> Option<String> {
        let language = self.language.trim();
        (!language.is_empty()).then(|| language.to_string())
    }

    fn learner_name(&self) -> Option<String> {
        (!self.name.is_empty()).then(|| self.name.clone())
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }
}

/// Looks for `window.API` in this window, its parents, then the top window's opener and its
/// parents, then this window's opener. Cross-origin frames throw on access; they are skipped.
pub fn find_api() -> Option<JsValue> {
    let window = web_sys::window()?;
    if let Some(api) = climb(window.clone()) {
        return Some(api);
    }
    let top_opener = window.top().ok().flatten().and_then(|top| top.opener().ok());
    for opener in [top_opener, window.opener().ok()] {
        // Not `dyn_into`: another window's object fails `instanceof Window` in this realm.
        if let Some(opener) = opener.filter(JsValue::is_object) {
            if let Some(api) = climb(opener.unchecked_into::<Window>()) {
                return Some(api);
            }
        }
    }
    None
}

fn climb(mut window: Window) -> Option<JsValue> {
    for _ in 0..MAX_HOPS {
        if let Some(api) = probe(&window) {
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

fn probe(window: &Window) -> Option<JsValue> {
    let api = Reflect::get(window, &"API".into()).ok()?;
    let usable =
        api.is_object() && Reflect::get(&api, &"LMSInitialize".into()).is_ok_and(|f| f.is_function());
    usable.then_some(api)
}
