//! A custom host page that embeds the course in an iframe and speaks the postMessage protocol of
//! `docs/embedding.md` (feature `embed`). What the messages say is decided in
//! `lotse_core::embed`; this module posts them, checks origins and keeps the lifecycle.
//!
//! - Origins: the player posts only to, and accepts only from, the host origins the package
//!   allows (`<meta name="lotse-host-origin" content="https://a.example https://b.example">`,
//!   written by `lotse build --host-origin`; without it the page's own origin), never `"*"`, and
//!   only messages whose source is the parent window. Anything else is ignored with a warning.
//! - Discovery: in a frame, `hello` goes to the parent (to each allowed origin; the browser
//!   delivers it only where the parent's origin matches) every half second until a `welcome`
//!   comes back; after two seconds without one the course runs standalone.
//! - Delivery: `progress` about a second after a change (at once when the page is hidden), each
//!   with a new `seq`; the host answers `saved` with it. Unacknowledged progress is sent again
//!   with backoff (2 s, 4 s … 1 min) while the learner sees a notice. `terminate` ends the session
//!   once (finish, or `pagehide`); nothing but its repetition follows it.
//! - Everything is mirrored to localStorage ([`Mirror`]), and the newer of the host's state and
//!   the mirror is resumed, so a host that lost a message or a closed tab loses nothing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Object, JSON};
use lotse_core::embed::{self, Incoming, Journal, Welcome};
use lotse_core::learner::{Progress, Rules, Saved, Status};
use lotse_core::model::Course;
use lotse_core::suspend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Window};

use super::mirror::Mirror;
use super::{standalone, Host, HostHandle};

/// How often `hello` is sent, and how many times before the course runs standalone (2 s).
const HELLO_EVERY: i32 = 500;
const HELLOS: u32 = 4;
/// A change is sent this long after it (more changes in the meantime go with it).
const DEBOUNCE: u32 = 1_000;
/// How long a `saved` is waited for before the progress is sent again, doubled per failure.
const ACK_WAIT: u32 = 2_000;

const NEVER_SENT: &str = "ignored a saved for a message never sent";

fn warn(text: &str) {
    web_sys::console::warn_1(&["Lotse: ", text].concat().into());
}

/// What the page's message listener and the host share.
type Then = Box<dyn FnOnce(HostHandle)>;

struct Link {
    course: &'static Course,
    parent: Window,
    allowed: Vec<String>,
    /// The page that framed this one (`document.referrer`; often only its origin), to greet only
    /// an allowed origin that can be the parent's: posting to another one is a console error.
    referrer: String,
    /// Who takes the host, until a welcome (or the time to wait) has come.
    then: RefCell<Option<Then>>,
    /// The welcome and the origin it came from: the only target of the player's messages.
    welcome: RefCell<(Welcome, String)>,
    host: RefCell<Option<HostHandle>>,
    /// The `seq` of the host's last `saved`.
    acked: Cell<u32>,
    /// Hellos sent, and the interval that sends them.
    hellos: Cell<u32>,
    interval: Cell<i32>,
}

impl Link {
    /// Who takes the host, once: the hellos stop.
    fn take(&self) -> Option<Then> {
        if let Some(window) = web_sys::window() {
            window.clear_interval_with_handle(self.interval.get());
        }
        self.then.take()
    }
}

#[derive(Default)]
pub struct Embed {
    link: Option<Rc<Link>>,
    /// The highest `seq` the host acknowledged that names a message sent.
    confirmed: u32,
    /// The last `seq` sent, and when (`Date.now()`).
    seq: u32,
    sent_at: f64,
    /// `terminate`'s reason once the session ended, and the report to send; `dirty` until it is
    /// sent.
    reason: &'static str,
    report: String,
    dirty: bool,
    /// Interaction records the last message carried, not yet acknowledged, and those made since.
    sent: Vec<String>,
    new: Vec<String>,
    journal: Journal,
    /// Sends in a row that were not acknowledged in time.
    failures: u32,
    /// The attempt was finished: the mirror is cleared once the host has its `terminate`.
    complete: bool,
    mirror: Option<Mirror>,
    started: f64,
    earlier: u64,
    location: usize,
    opened: f64,
}

impl Embed {
    fn link(&self) -> &Link {
        self.link.as_deref().expect("made with a link")
    }

    fn welcome(&self) -> std::cell::Ref<'_, (Welcome, String)> {
        self.link().welcome.borrow()
    }

    fn time(&self) -> u64 {
        self.earlier.saturating_add(super::elapsed(self.started))
    }

    /// Posts the message waiting, with a new `seq` and every unacknowledged record.
    fn send(&mut self) {
        self.seq += 1;
        self.sent.append(&mut self.new);
        let mut records = String::new();
        for record in &self.sent {
            if !records.is_empty() {
                records += ",";
            }
            records += record;
        }
        let kind = if self.reason.is_empty() { "progress" } else { "terminate" };
        let text = embed::message(kind, self.reason, self.seq, &self.report, &records);
        post(&self.link().parent, &text, &self.welcome().1);
        self.sent_at = js_sys::Date::now();
        self.dirty = false;
    }

    /// Takes in what the host acknowledged; true when nothing sent waits for a `saved`.
    fn settle(&mut self) -> bool {
        let acked = self.link().acked.replace(self.confirmed);
        if acked > self.seq {
            warn(NEVER_SENT);
        } else {
            self.confirmed = self.confirmed.max(acked);
        }
        let settled = self.confirmed >= self.seq;
        if settled {
            // Every record sent went with the last message, which has arrived.
            self.sent.clear();
            self.failures = 0;
            if self.complete {
                if let Some(mirror) = &self.mirror {
                    mirror.clear();
                }
                self.complete = false;
            }
        }
        settled
    }

    /// How long the last message is waited for.
    fn wait(&self) -> u32 {
        (ACK_WAIT << self.failures.min(5)).min(60_000)
    }

    fn mirror(&self, course: &Course, progress: &Progress) {
        if let Some(mirror) = &self.mirror {
            let mut saved = progress.save(course);
            saved.time = self.time();
            mirror.write(course, &saved);
        }
    }
}

impl Host for Embed {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        let (key, state) = {
            let welcome = &self.welcome().0;
            (
                ["lotse:", course.id.as_str(), ":embed:", welcome.learner_id.as_str()].concat(),
                welcome.state.clone(),
            )
        };
        let mirrored = self.mirror.insert(Mirror::new(key)).read(course);
        let hosted = suspend::decode(course, &state).ok();
        if hosted.is_none() && !state.is_empty() {
            warn("the host's state cannot be read; it is not used");
        }
        let saved = Saved::newer(hosted, mirrored);
        if let Some(saved) = &saved {
            self.earlier = saved.time;
            self.journal = Journal::new(&saved.answers);
        }
        self.started = js_sys::Date::now();
        saved
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        let now = js_sys::Date::now();
        if progress.location != self.location {
            self.location = progress.location;
            self.opened = now;
        }
        self.mirror(course, progress);
        if !self.reason.is_empty() {
            return;
        }
        let latency = (now - self.opened).max(0.0) as u64;
        self.new.extend(self.journal.records(course, progress, latency, now as u64));
        self.report = embed::report(course, progress, super::elapsed(self.started), self.time());
        self.dirty = true;
    }

    fn finish(&mut self, course: &Course, progress: &Progress, session_millis: u64) {
        // After the end, `update` has mirrored every change already (and the mirror of a finished
        // attempt the host confirmed stays cleared).
        if !self.reason.is_empty() {
            return;
        }
        self.update(course, progress);
        self.report = embed::report(course, progress, session_millis, self.time());
        self.reason = if progress.finished { "finish" } else { "pagehide" };
        self.complete = progress.finished && progress.status(course) != Status::Incomplete;
        self.send();
    }

    fn is_recording(&self) -> bool {
        self.reason.is_empty()
    }

    fn trouble(&self) -> bool {
        self.failures > 0
    }

    fn next_flush(&self) -> Option<u32> {
        if self.dirty {
            return Some(DEBOUNCE);
        }
        (self.confirmed < self.seq).then(|| self.wait())
    }

    fn flush(&mut self) {
        let late = js_sys::Date::now() - self.sent_at >= f64::from(self.wait());
        if !self.settle() && late {
            // Sent again: the latest progress (or the terminate), with every record not yet
            // acknowledged.
            self.failures += 1;
            self.dirty = true;
        }
        if self.dirty {
            self.send();
        }
    }

    fn language(&self) -> Option<String> {
        given(&self.welcome().0.language)
    }

    fn learner_name(&self) -> Option<String> {
        given(&self.welcome().0.learner_name)
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }

    fn rules(&self) -> Rules {
        self.welcome().0.rules
    }
}

/// `text` trimmed, unless nothing is left.
fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Posts the message `text` (JSON) as an object to `origin` only.
fn post(parent: &Window, text: &str, origin: &str) {
    if JSON::parse(text).and_then(|message| parent.post_message(&message, origin)).is_err() {
        warn(&["cannot post to ", origin].concat());
    }
}

/// The host origins the package allows: the `lotse-host-origin` meta element's, else the page's
/// own. `*` is never one.
fn allowed(window: &Window) -> Vec<String> {
    let meta = window
        .document()
        .and_then(|d| d.query_selector("meta[name=lotse-host-origin]").ok().flatten())
        .and_then(|m| m.get_attribute("content"));
    let Some(list) = meta else { return window.location().origin().ok().into_iter().collect() };
    // Split at white space by a byte loop (smaller than `split_ascii_whitespace`).
    let mut origins = Vec::new();
    let mut start = 0;
    let bytes = list.as_bytes();
    for i in 0..=bytes.len() {
        if bytes.get(i).is_none_or(|b| b.is_ascii_whitespace()) {
            let origin = list.get(start..i).unwrap_or_default();
            if !origin.is_empty() && origin != "*" {
                origins.push(origin.to_string());
            }
            start = i + 1;
        }
    }
    origins
}

/// In a frame, greets the parent and hands `then` the embedding host once it answers, or
/// standalone: at once outside a frame, after two seconds without a welcome in one.
pub fn discover(course: &'static Course, then: Box<dyn FnOnce(HostHandle)>) {
    let Some(window) = web_sys::window() else { return };
    let parent = window.parent().ok().flatten().filter(|p| !Object::is(p, &window));
    let Some(parent) = parent else { return then(HostHandle::new(standalone::Standalone::default())) };
    let link = Rc::new(Link {
        course,
        parent,
        allowed: allowed(&window),
        referrer: window.document().map(|d| d.referrer()).unwrap_or_default(),
        then: RefCell::new(Some(then)),
        welcome: RefCell::default(),
        host: RefCell::new(None),
        acked: Cell::new(0),
        hellos: Cell::new(0),
        interval: Cell::new(0),
    });
    let listening = link.clone();
    let listener =
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| receive(&listening, &event));
    let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    listener.forget();
    greet(&link);
    let greeting = Closure::<dyn FnMut()>::new({
        let link = link.clone();
        move || greet(&link)
    });
    let interval = window.set_interval_with_callback_and_timeout_and_arguments_0(
        greeting.as_ref().unchecked_ref(),
        HELLO_EVERY,
    );
    link.interval.set(interval.unwrap_or_default());
    greeting.forget();
}

/// Sends `hello` (again every half second, by an interval, until welcomed); after [`HELLOS`],
/// standalone.
fn greet(link: &Link) {
    if link.then.borrow().is_none() {
        return;
    }
    let n = link.hellos.get();
    if n == HELLOS {
        warn("no host page answered; progress is kept in this browser");
        if let Some(then) = link.take() {
            then(HostHandle::new(standalone::Standalone::default()));
        }
        return;
    }
    link.hellos.set(n + 1);
    let hello = embed::hello(link.course);
    let referrer = link.referrer.as_bytes();
    for origin in &link.allowed {
        let o = origin.as_bytes();
        let parent = referrer.is_empty()
            || referrer.starts_with(o) && matches!(referrer.get(o.len()), None | Some(b'/'));
        if parent {
            post(&link.parent, &hello, origin);
        }
    }
}

/// A message to this window: from the parent at an allowed origin and well-formed, or ignored.
fn receive(link: &Rc<Link>, event: &MessageEvent) {
    let origin = event.origin();
    let from_parent = event.source().is_some_and(|s| Object::is(&s, &link.parent));
    if !from_parent || !link.allowed.contains(&origin) {
        return warn(&["ignored a message from ", &origin, ": not the host page"].concat());
    }
    // Measured before it is copied into the wasm: a huge message costs the page nothing.
    let json =
        JSON::stringify(&event.data()).ok().filter(|t| t.is_string() && t.length() <= embed::MESSAGE_LIMIT);
    let Some(text) = json.and_then(|t| t.as_string()) else {
        return warn("ignored a message from the host page: not JSON of at most 100000 characters");
    };
    match Incoming::from_json(&text) {
        Err(problem) => warn(&["ignored a message from the host page: ", &problem].concat()),
        Ok(Incoming::Welcome(welcome)) => {
            let Some(then) = link.take() else { return warn("ignored a second welcome") };
            *link.welcome.borrow_mut() = (welcome, origin);
            let now = js_sys::Date::now();
            let host = HostHandle::new(Embed {
                link: Some(link.clone()),
                started: now,
                opened: now,
                ..Embed::default()
            });
            *link.host.borrow_mut() = Some(host.clone());
            then(host);
        }
        Ok(Incoming::Saved(seq)) => {
            // Before the welcome no message was sent, and `seq` counts from 1; a later `seq` than
            // the last one sent is refused by `Embed::settle`.
            let host = link.host.borrow().clone();
            let Some(host) = host.filter(|_| seq > 0) else { return warn(NEVER_SENT) };
            link.acked.set(seq);
            // Clears the notice at once when the host was late.
            host.flush();
        }
    }
}
