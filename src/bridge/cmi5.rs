//! cmi5: the course was launched by an LMS with `endpoint`, `fetch`, `actor`, `registration` and
//! `activityId` in its URL, and reports in xAPI statements over `fetch`. What to send and when is
//! decided in `lotse_core::cmi5`; this host moves it.
//!
//! - [`discover`] (before the player starts): the token from one POST to `fetch`, kept in
//!   sessionStorage so that a reload reuses it (the fetch URL works once); `LMS.LaunchData`; the
//!   learner's preferences; the player's own state document (`lotse.progress`: the progress in
//!   `lotse_core::suspend`'s form, 64,000 characters at most, and the verdicts already sent). Any
//!   of it failing (no token, a broken LaunchData) is told on the console and the course runs
//!   on its own ([`Unreached`]: the learner is told it is not recorded; the progress mirrored under
//!   this host's key, so the next launch that reaches the LMS resumes it).
//! - Statements go out in order, as one batch per request (`initialized` first), one request at a
//!   time; the state document after them, 1 s after an answer or a verdict, 30 s after a page
//!   change, at once when the page is hidden. A request that fails is sent again with backoff
//!   (1 s … 1 min) while the player shows a notice; everything is mirrored to localStorage
//!   ([`Mirror`], by course and registration) and the newer of LRS and mirror is resumed.
//! - `terminated` last, with `keepalive` (so it is sent when the page is going away, `pagehide`);
//!   a page reloaded after it sends no statement (the session is over: the learner is told), but
//!   keeps saving the state, so the next launch reports what was done. After the learner pressed
//!   "Finish course", the LMS's `returnURL` is opened once `terminated` was taken.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use lotse_core::cmi5::{self, Launch, LaunchData, Reported, Session};
use lotse_core::learner::{Progress, Rules, Saved};
use lotse_core::model::Course;
use lotse_core::suspend;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::mirror::Mirror;
use super::standalone::Standalone;
use super::{Host, HostHandle};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` with an init object of our own (`keepalive` is not in web-sys's).
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with(url: &str, init: &Object) -> Promise;
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn random_values(bytes: &mut [u8]);
    /// The browser's query parser (decoding included), instead of one in the wasm.
    #[wasm_bindgen(js_name = URLSearchParams)]
    type Params;
    #[wasm_bindgen(constructor, js_class = URLSearchParams)]
    fn new(query: &str) -> Params;
    #[wasm_bindgen(method, js_class = URLSearchParams)]
    fn get(this: &Params, name: &str) -> Option<String>;
}

fn warn(text: &str) {
    web_sys::console::warn_1(&["Lotse (cmi5): ", text].concat().into());
}

fn random() -> [u8; 16] {
    let mut bytes = [0; 16];
    random_values(&mut bytes);
    bytes
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// One request to the LMS: its status and text, or why it did not arrive (status 0).
async fn request(method: &str, url: &str, token: &str, body: Option<&str>, keepalive: bool) -> (u16, String) {
    let init = Object::new();
    let headers = Object::new();
    let set = |o: &Object, k: &str, v: &JsValue| {
        let _ = Reflect::set(o, &k.into(), v);
    };
    set(&init, "method", &method.into());
    if !token.is_empty() {
        set(&headers, "Authorization", &["Basic ", token].concat().into());
        set(&headers, "X-Experience-API-Version", &"1.0.3".into());
    }
    if let Some(body) = body {
        set(&headers, "Content-Type", &"application/json".into());
        set(&init, "body", &body.into());
    }
    set(&init, "headers", &headers);
    if keepalive {
        set(&init, "keepalive", &true.into());
    }
    let Ok(response) = JsFuture::from(fetch_with(url, &init)).await else {
        return (0, "the request did not arrive".to_string());
    };
    let response: web_sys::Response = response.unchecked_into();
    let text = match response.text() {
        Ok(text) => JsFuture::from(text).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    (response.status(), text)
}

fn ok(status: u16) -> bool {
    (200..300).contains(&status)
}

/// What the futures share with the host: the requests that wait, and how they went.
#[derive(Default)]
struct Net {
    token: String,
    statements_url: String,
    state_url: String,
    /// Statements not yet taken by the LRS, in order; the first `in_flight` are on their way.
    waiting: Vec<String>,
    in_flight: usize,
    /// The state document to PUT once no statement waits.
    state: Option<String>,
    state_in_flight: bool,
    /// Failed requests in a row (the backoff and the learner's notice).
    failures: u32,
    /// When the next try may start (`Date.now()` ms).
    retry_at: f64,
    /// The LRS refused this session (401, 403): nothing more is sent.
    refused: bool,
    /// Opened once `terminated` has been taken (the learner pressed "Finish course").
    leave_to: Option<String>,
    ended: bool,
}

type Shared = Rc<RefCell<Net>>;

/// Sends what waits and may be sent now: the next batch of statements, and with `state` (the
/// timer, the page hidden) the state document once no statement waits. `leaving`: the page is
/// going away, so everything goes at once, with `keepalive`.
fn pump(net: &Shared, state: bool, leaving: bool) {
    let mut n = net.borrow_mut();
    if n.refused || (!leaving && js_sys::Date::now() < n.retry_at) {
        return;
    }
    let keepalive = leaving || n.ended;
    if n.in_flight < n.waiting.len() && (n.in_flight == 0 || leaving) {
        let from = n.in_flight;
        let mut body = String::from("[");
        for (i, statement) in n.waiting[from..].iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body += statement;
        }
        body.push(']');
        n.in_flight = n.waiting.len();
        let url = n.statements_url.clone();
        spawn(net, &n.token, "POST", url, body, keepalive, statements_sent);
    }
    // While statements wait, the state document waits too: it says which verdicts were sent.
    let put = (state && n.waiting.is_empty() && !n.state_in_flight) || leaving;
    if let Some(state) = n.state.take_if(|_| put) {
        n.state_in_flight = true;
        let url = n.state_url.clone();
        spawn(net, &n.token, "PUT", url, state, keepalive, state_sent);
    }
}

/// One request, then `done` with its status, its answer and the body sent: one future type for
/// every request after the start (each costs a state machine in the wasm).
fn spawn(
    net: &Shared,
    token: &str,
    method: &'static str,
    url: String,
    body: String,
    keepalive: bool,
    done: fn(&Shared, u16, &str, String),
) {
    let (net, token) = (net.clone(), token.to_string());
    spawn_local(async move {
        let (status, text) = request(method, &url, &token, Some(&body), keepalive).await;
        done(&net, status, &text, body);
    });
}

/// The LRS answered a PUT of the state document.
fn state_sent(net: &Shared, status: u16, text: &str, state: String) {
    let mut n = net.borrow_mut();
    n.state_in_flight = false;
    // The State API answers a stored document with no content (204): a body (a login page, a
    // broken proxy's answer) means it was not stored.
    if !ok(status) || !text.trim().is_empty() {
        // A newer document may have come meanwhile; else this one is sent again.
        n.state.get_or_insert(state);
        failed(&mut n, "saving the progress (State API)", status, text);
    }
    drop(n);
    leave(net);
}

/// The LRS answered a batch of statements.
fn statements_sent(net: &Shared, status: u16, text: &str, _batch: String) {
    let mut n = net.borrow_mut();
    let sent = n.in_flight;
    n.in_flight = 0;
    // 409: statements with these ids are stored already (an earlier try arrived). A success is
    // the list of the statements' ids: anything else (a login page, a broken proxy's answer) did
    // not store them.
    let ids = text.bytes().find(|b| !b.is_ascii_whitespace()) == Some(b'[');
    if (ok(status) && ids) || status == 409 {
        n.waiting.drain(..sent);
        n.failures = 0;
        n.retry_at = 0.0;
    } else if status == 400 {
        // The LRS will never take them: said on the console, not sent again.
        warn(&["the LRS refused statements (400): ", text].concat());
        n.waiting.drain(..sent);
    } else {
        failed(&mut n, "sending statements", status, text);
    }
    // Once the session ended, the state document follows at once.
    let ended = n.ended;
    drop(n);
    pump(net, ended, false);
    leave(net);
}

/// Opens the LMS's return URL once the session ended and the LRS took everything.
fn leave(net: &Shared) {
    let mut n = net.borrow_mut();
    if n.ended && n.waiting.is_empty() && n.state.is_none() && !n.state_in_flight {
        if let (Some(url), Some(window)) = (n.leave_to.take(), web_sys::window()) {
            let _ = window.location().set_href(&url);
        }
    }
}

fn failed(n: &mut Net, what: &str, status: u16, text: &str) {
    warn(&[what, " failed: ", &lotse_core::text::number(status.into()), " ", text].concat());
    if matches!(status, 401 | 403) {
        n.refused = true;
        return;
    }
    n.failures += 1;
    let backoff = 1_000u32 << n.failures.min(7).saturating_sub(1);
    n.retry_at = js_sys::Date::now() + f64::from(backoff.min(60_000));
}

pub struct Cmi5 {
    net: Shared,
    session: Session,
    /// The state document as read at launch (`None`: there was none), or `Err` when it could not
    /// be read: then it is never written over.
    stored: Result<Option<(String, Reported)>, ()>,
    language: Option<String>,
    /// sessionStorage key of this launch (by its fetch URL).
    key: String,
    mirror: Option<Mirror>,
    started: f64,
    earlier: u64,
    /// A state document waits for the slow timer only (a page change).
    lazy: bool,
    /// What the learner was last told (`trouble`), so a change shows at the next flush.
    told: bool,
    answers: usize,
}

impl Cmi5 {
    fn time(&self) -> u64 {
        self.earlier.saturating_add(super::elapsed(self.started))
    }

    fn mirror(&self, course: &Course, progress: &Progress) -> Saved {
        let mut saved = progress.save(course);
        saved.time = self.time();
        if let Some(mirror) = &self.mirror {
            mirror.write(course, &saved);
        }
        saved
    }

    /// Keeps `statements` for sending and the state document, then sends what may go now (the
    /// state document only with `now`).
    fn send(&mut self, statements: Vec<String>, state: Option<String>, now: bool, leaving: bool) {
        {
            let mut n = self.net.borrow_mut();
            n.waiting.extend(statements);
            if state.is_some() {
                n.state = state;
            }
        }
        pump(&self.net, now, leaving);
        self.told = self.net.borrow().failures > 0;
    }

    fn state_document(&self, course: &Course, saved: &Saved) -> Option<String> {
        self.stored.is_ok().then(|| {
            cmi5::state_document(&suspend::encode(course, saved, cmi5::STATE_LIMIT), self.session.reported)
        })
    }
}

impl Host for Cmi5 {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        self.started = js_sys::Date::now();
        let key = mirror_key(course, &self.session.launch.registration);
        let mirrored = self.mirror.insert(Mirror::new(key)).read(course);
        let stored = match &self.stored {
            Ok(Some((text, reported))) if !text.is_empty() => {
                self.session.reported = *reported;
                match suspend::decode(course, text) {
                    Ok(saved) => Some(saved),
                    Err(_) => {
                        warn("the progress stored in the LMS cannot be read; it is kept, not written over");
                        self.stored = Err(());
                        None
                    }
                }
            }
            _ => None,
        };
        let restore = |saved: &Option<Saved>| match saved {
            Some(saved) => Progress::restore(course, saved),
            None => Progress::new(course),
        };
        // Only the answers in the LRS's state document were reported there (the statements go
        // before it): one the mirror alone brings back gets its `answered` in this session.
        self.session.resume(self.session.reported, &restore(&stored));
        let saved = Saved::newer(stored, mirrored);
        self.earlier = saved.as_ref().map_or(0, |s| s.time);
        self.answers = restore(&saved).answers.len();
        let storage = session_storage();
        let flag = |suffix: &str| {
            storage
                .as_ref()
                .and_then(|s| s.get_item(&[self.key.as_str(), suffix].concat()).ok().flatten())
                .is_some()
        };
        let (initialized, ended) = (flag(":initialized"), flag(":ended"));
        if ended {
            warn("this launch ended (terminated) before the page was reloaded: statements are no longer taken; the progress is still saved and reported at the next launch from the LMS");
        }
        if initialized || ended {
            self.session.continued(ended);
        } else if let Some(first) = self.session.initialized(js_sys::Date::now() as u64, &mut random) {
            if let Some(s) = &storage {
                let _ = s.set_item(&[self.key.as_str(), ":initialized"].concat(), "1");
            }
            self.send(vec![first], None, false, false);
        }
        saved
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        let saved = self.mirror(course, progress);
        let now = js_sys::Date::now() as u64;
        let statements = self.session.progress(course, progress, saved.time, now, &mut random);
        // A page change alone waits for the slow timer; an answer or a verdict goes soon.
        self.lazy = statements.is_empty() && progress.answers.len() == self.answers;
        self.answers = progress.answers.len();
        let state = self.state_document(course, &saved);
        self.send(statements, state, false, false);
    }

    fn finish(&mut self, course: &Course, progress: &Progress, session_millis: u64) {
        let saved = self.mirror(course, progress);
        let state = self.state_document(course, &saved);
        if self.net.borrow().ended {
            // The page goes away after "Finish course" and the learner's return to the course:
            // what they did since still reaches the State API.
            if !progress.finished {
                self.send(Vec::new(), state, true, true);
            }
            return;
        }
        let now = js_sys::Date::now() as u64;
        let mut statements = self.session.progress(course, progress, saved.time, now, &mut random);
        statements.extend(self.session.terminated(session_millis, now, &mut random));
        {
            let mut n = self.net.borrow_mut();
            n.ended = true;
            // The learner pressed "Finish course" (the page stays): go back to the LMS once it took
            // `terminated`. Otherwise the page is going away.
            if progress.finished {
                n.leave_to = self.session.data.return_url.clone().filter(|_| !statements.is_empty());
            }
        }
        if let Some(s) = session_storage() {
            let _ = s.set_item(&[self.key.as_str(), ":ended"].concat(), "1");
        }
        self.send(statements, state, true, !progress.finished);
    }

    fn is_recording(&self) -> bool {
        !self.session.is_terminated() && !self.net.borrow().refused
    }

    fn trouble(&self) -> bool {
        self.told
    }

    fn next_flush(&self) -> Option<u32> {
        let n = self.net.borrow();
        let statements = !n.waiting.is_empty();
        if n.refused || (!statements && n.state.is_none() && !n.state_in_flight) {
            return None;
        }
        let wait = n.retry_at - js_sys::Date::now();
        Some(match n.failures {
            0 if statements || !self.lazy => 1_000,
            0 => 30_000,
            _ => wait.clamp(250.0, 60_000.0) as u32,
        })
    }

    fn flush(&mut self) {
        self.send(Vec::new(), None, true, false);
    }

    fn language(&self) -> Option<String> {
        self.language.clone()
    }

    fn learner_name(&self) -> Option<String> {
        self.session.launch.learner_name()
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }

    /// LMS.LaunchData's mastery score replaces the course's passing score (results page and
    /// certificate agree with the verdict sent).
    fn rules(&self) -> Rules {
        Rules { passing: self.session.data.mastery.as_ref().map(|m| m.0), threshold: None }
    }
}

/// The mirror's localStorage key: by course and registration.
fn mirror_key(course: &Course, registration: &str) -> String {
    ["lotse:", &course.id, ":", registration].concat()
}

/// The LMS could not be reached at the launch, or sent what cannot be read: the course runs on its
/// own and the learner is told that it is not recorded; the progress is mirrored under the cmi5
/// host's key (course and registration), so the next launch that reaches the LMS resumes it.
struct Unreached {
    storage: Standalone,
    registration: String,
}

impl Host for Unreached {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        self.storage.keep_in(mirror_key(course, &self.registration));
        self.storage.start(course)
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        self.storage.update(course, progress);
    }

    fn finish(&mut self, course: &Course, progress: &Progress, session_millis: u64) {
        self.storage.finish(course, progress, session_millis);
    }

    fn is_recording(&self) -> bool {
        false
    }

    fn unkept(&self) -> bool {
        self.storage.unkept()
    }

    fn earlier_millis(&self) -> u64 {
        self.storage.earlier_millis()
    }
}

/// The launch parameters in this page's URL: `None` when it has none (not a cmi5 launch); when it
/// has some but not all, or a broken actor, the problem is told and `None` returned.
pub fn launch() -> Option<Launch> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = Params::new(&search);
    match cmi5::launch_by(&|name| params.get(name))? {
        Ok(launch) => Some(launch),
        Err(problem) => {
            warn(&[&problem, "; the course runs without the LMS"].concat());
            None
        }
    }
}

/// Connects to the LMS (token, launch data, preferences, stored state), then hands the host to
/// `then`: the cmi5 host, or standalone when the LMS cannot be reached or sent broken data.
pub fn discover(launch: Launch, then: Box<dyn FnOnce(HostHandle)>) {
    let registration = launch.registration.clone();
    spawn_local(async move {
        match connect(launch).await {
            Ok(host) => then(HostHandle::new(host)),
            Err(problem) => {
                web_sys::console::error_1(
                    &[
                        "Lotse (cmi5): ",
                        &problem,
                        "; the course runs without the LMS, progress is kept in this browser",
                    ]
                    .concat()
                    .into(),
                );
                then(HostHandle::new(Unreached { storage: Standalone::default(), registration }))
            }
        }
    });
}

async fn connect(launch: Launch) -> Result<Cmi5, String> {
    let key = ["lotse:cmi5:", launch.fetch.as_str()].concat();
    let storage = session_storage();
    let mut token = storage.as_ref().and_then(|s| s.get_item(&key).ok().flatten()).unwrap_or_default();
    let state_url = launch.state_url(cmi5::STATE_ID);
    // The token (unless a reload kept it), LMS.LaunchData, the learner's preferences and the
    // stored progress, one after the other: one await in the wasm's state machine.
    let urls = [
        launch.fetch.clone(),
        launch.state_url(cmi5::LAUNCH_DATA),
        launch.preferences_url(),
        state_url.clone(),
    ];
    let mut answers = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        if i == 0 && !token.is_empty() {
            continue;
        }
        let (status, text) = request(if i == 0 { "POST" } else { "GET" }, url, &token, None, false).await;
        if i < 2 && !ok(status) {
            let what = if i == 0 { "the fetch URL answered " } else { "LMS.LaunchData could not be read: " };
            return Err([what, &lotse_core::text::number(status.into()), " ", &text].concat());
        }
        if i > 0 {
            answers.push((status, text));
            continue;
        }
        token = cmi5::auth_token(&text)?;
        if let Some(s) = &storage {
            let _ = s.set_item(&key, &token);
        }
    }
    let [(_, data), (preferences, language), (status, text)]: [(u16, String); 3] =
        answers.try_into().map_err(|_| String::new())?;
    let data = LaunchData::read(&data)?;
    let language = if ok(preferences) { cmi5::language_preference(&language) } else { None };
    let stored = match status {
        404 => Ok(None),
        s if ok(s) => cmi5::read_state(&text).map(Some).map_err(|problem| {
            warn(
                &[
                    "the progress stored in the LMS cannot be read (",
                    &problem,
                    "); it is kept, not written over",
                ]
                .concat(),
            );
        }),
        _ => {
            warn("the progress stored in the LMS could not be read; it is not written over in this visit");
            Err(())
        }
    };
    let net = Net { token, statements_url: launch.statements_url(), state_url, ..Net::default() };
    let progress = Progress {
        location: 0,
        visited: Vec::new(),
        answers: Vec::new(),
        finished: false,
        rules: Default::default(),
    };
    Ok(Cmi5 {
        net: Rc::new(RefCell::new(net)),
        session: Session::new(launch, data, Reported::default(), &progress),
        stored,
        language,
        key,
        mirror: None,
        started: js_sys::Date::now(),
        earlier: 0,
        lazy: false,
        told: false,
        answers: 0,
    })
}
