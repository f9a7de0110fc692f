//! The LMS bridge: the only part of the player that knows which host it runs in.
//!
//! [`Host`] is the one trait; [`discover`] picks the implementation among those this build has
//! (cargo features, one build per package format): [`scorm::Scorm`] (feature `scorm`) when a
//! SCORM 2004 or 1.2 API is found in this window, a parent frame or an opener, else
//! [`standalone::Standalone`], which keeps progress in the browser's storage (in the trainer's
//! preview build, feature `preview`: `preview::Preview`, which also tells what an LMS would receive).
//! [`fake::Fake`] records calls for tests. What to send is decided in lotse-core; a host only moves values.
//!
//! [`HostHandle`] owns the lifecycle every host shares: it runs a host's `flush` when the host
//! asks for it (a debounced commit, a retry with backoff, the slow timer), when the page is
//! hidden (`visibilitychange`), and ends the session once on `pagehide`.

#[cfg(feature = "cmi5")]
pub mod cmi5;
// embed: a custom host page (postMessage, docs/embedding.md).
#[cfg(feature = "embed")]
pub mod embed;
pub mod fake;
pub mod mirror;
#[cfg(feature = "preview")]
pub mod preview;
// The preview build too, for the clock of its interaction records.
#[cfg(any(feature = "scorm", feature = "preview"))]
pub mod scorm;
pub mod standalone;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lotse_core::learner::{Progress, Rules, Saved};
use lotse_core::model::Course;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub trait Host {
    /// Called once when the course has loaded: initialise the session and return the progress
    /// the host kept from an earlier session, if any.
    fn start(&mut self, course: &Course) -> Option<Saved>;
    /// The learner's progress changed: report it (the host decides what to send and when).
    fn update(&mut self, course: &Course, progress: &Progress);
    /// End the session: the learner finished or the page is going away. `session_millis` is the
    /// time spent in this page load. Only the first call has an effect.
    fn finish(&mut self, course: &Course, progress: &Progress, session_millis: u64);
    /// Whether updates still reach the host: false once an LMS session has ended or when the LMS
    /// refused to start one. The player then tells the learner, instead of claiming to save.
    fn is_recording(&self) -> bool {
        true
    }
    /// Whether the last attempt to save failed: the progress is kept in this browser and sent
    /// again, and the player tells the learner without stopping them.
    fn trouble(&self) -> bool {
        false
    }
    /// Whether this browser refused to keep the progress (its storage full or turned off) where no
    /// host has it either: what the learner does now is lost with the page, and the player says so.
    fn unkept(&self) -> bool {
        false
    }
    /// Milliseconds after which [`Host::flush`] should run (a commit that waits, a retry), or
    /// `None` when nothing waits.
    fn next_flush(&self) -> Option<u32> {
        None
    }
    /// Sends what waits (a commit): called when `next_flush` is due and when the page is hidden.
    fn flush(&mut self) {}
    /// The learner's preferred language (a BCP 47 tag) as the host keeps it, known after
    /// `start`; `None` when the host has no preference.
    fn language(&self) -> Option<String> {
        None
    }
    /// The learner's name for a certificate, known after `start`; `None` when the host has none.
    fn learner_name(&self) -> Option<String> {
        None
    }
    /// Milliseconds the learner spent in the course in earlier sessions, known after `start`.
    fn earlier_millis(&self) -> u64 {
        0
    }
    /// What the LMS decides instead of the course (passing score, completion threshold), known
    /// after `start`.
    fn rules(&self) -> Rules {
        Rules::default()
    }
    /// What an LMS would receive, for the trainer's preview panel: `Some` only for the preview
    /// host (feature `preview`, which the learners' builds do not have).
    #[cfg(feature = "preview")]
    fn preview(&self) -> Option<Vec<lotse_core::preview::Report>> {
        None
    }
}

/// Milliseconds since `started` (a `Date.now()` value): the time of a session, for hosts and the
/// certificate.
pub fn elapsed(started: f64) -> u64 {
    (js_sys::Date::now() - started).max(0.0) as u64
}

/// A host shared between the components and the page's event handlers and timers.
#[derive(Clone)]
pub struct HostHandle(pub Rc<Shared>);

pub struct Shared {
    pub host: RefCell<Box<dyn Host>>,
    /// The pending `setTimeout` and when it fires (`Date.now()` ms).
    timer: Cell<Option<(i32, f64)>>,
    /// Runs the host's flush; made once, kept for the life of the page.
    tick: RefCell<Option<Closure<dyn FnMut()>>>,
    /// Told when `trouble` or `is_recording` may have changed after a timer (re-renders the player).
    notify: RefCell<Option<Rc<dyn Fn()>>>,
}

impl HostHandle {
    pub fn new(host: impl Host + 'static) -> Self {
        HostHandle(Rc::new(Shared {
            host: RefCell::new(Box::new(host)),
            timer: Cell::new(None),
            tick: RefCell::new(None),
            notify: RefCell::new(None),
        }))
    }

    pub fn host(&self) -> std::cell::Ref<'_, Box<dyn Host>> {
        self.0.host.borrow()
    }

    pub fn start(&self, course: &Course) -> Option<Saved> {
        self.0.host.borrow_mut().start(course)
    }

    pub fn update(&self, course: &Course, progress: &Progress) {
        self.0.host.borrow_mut().update(course, progress);
        self.schedule();
    }

    pub fn finish(&self, course: &Course, progress: &Progress, session_millis: u64) {
        self.0.host.borrow_mut().finish(course, progress, session_millis);
        self.cancel();
        // A host may still wait after the end (embed: a `terminate` not yet confirmed; cmi5: a
        // `terminated` the LRS refused); one whose session is over answers `next_flush` with `None`.
        self.schedule();
    }

    /// Runs the host's flush now (the page is hidden, or the timer fired), then plans the next.
    pub fn flush(&self) {
        self.0.timer.set(None);
        let before = self.state();
        self.0.host.borrow_mut().flush();
        self.schedule();
        if self.state() != before {
            if let Some(notify) = self.0.notify.borrow().clone() {
                notify();
            }
        }
    }

    fn state(&self) -> (bool, bool) {
        let host = self.host();
        (host.trouble(), host.is_recording())
    }

    /// Sets the timer to the host's next flush, unless one is due sooner already.
    fn schedule(&self) {
        let Some(delay) = self.0.host.borrow().next_flush() else { return };
        let Some(window) = web_sys::window() else { return };
        let due = js_sys::Date::now() + f64::from(delay);
        if let Some((id, at)) = self.0.timer.get() {
            if at <= due {
                return;
            }
            window.clear_timeout_with_handle(id);
        }
        let mut tick = self.0.tick.borrow_mut();
        let handle = self.clone();
        let tick = tick.get_or_insert_with(|| Closure::new(move || handle.flush()));
        let id = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                delay as i32,
            )
            .unwrap_or_default();
        self.0.timer.set(Some((id, due)));
    }

    fn cancel(&self) {
        if let (Some((id, _)), Some(window)) = (self.0.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }

    /// For the life of the page: flush when it is hidden, end the session when it goes away
    /// (`pagehide`; never `unload`), and call `notify` when a timer changed what the learner
    /// should be told. `latest` is the progress last handed to `update`.
    pub fn watch_page(
        &self,
        course: &'static Course,
        latest: Rc<RefCell<Progress>>,
        started: f64,
        notify: Rc<dyn Fn()>,
    ) {
        *self.0.notify.borrow_mut() = Some(notify);
        let Some(window) = web_sys::window() else { return };
        let handle = self.clone();
        let hidden = Closure::<dyn Fn()>::new(move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                handle.flush();
            }
        });
        let handle = self.clone();
        let gone =
            Closure::<dyn Fn()>::new(move || handle.finish(course, &latest.borrow(), elapsed(started)));
        if let Some(document) = window.document() {
            let _ = document
                .add_event_listener_with_callback("visibilitychange", hidden.as_ref().unchecked_ref());
        }
        let _ = window.add_event_listener_with_callback("pagehide", gone.as_ref().unchecked_ref());
        hidden.forget();
        gone.forget();
    }
}

impl PartialEq for HostHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Finds the host this page runs in and hands it to `then`: an LMS's API if this build speaks its
/// protocol and the API can be found (looked for again for a few seconds, as an LMS may set it up
/// after the content starts), else standalone.
pub fn discover(course: &'static Course, then: Box<dyn FnOnce(HostHandle)>) {
    // cmi5 (feature `cmi5`): chosen by the launch parameters in the page's URL.
    #[cfg(feature = "cmi5")]
    {
        if let Some(launch) = cmi5::launch() {
            return cmi5::discover(launch, then);
        }
    }
    // embed: a host page that answers `hello` (feature `embed`: the embed build; a build with
    // SCORM too looks for the LMS only). It needs the course for its `hello`, hence the argument;
    // the other hosts ignore it.
    #[cfg(all(feature = "embed", not(feature = "scorm")))]
    {
        embed::discover(course, then);
    }
    #[cfg(not(all(feature = "embed", not(feature = "scorm"))))]
    let _ = course;
    // end embed
    #[cfg(feature = "scorm")]
    {
        scorm::discover(then);
    }
    // The trainer's preview (`lotse serve`): standalone, and what an LMS would receive.
    #[cfg(all(feature = "preview", not(any(feature = "scorm", feature = "embed"))))]
    then(HostHandle::new(preview::Preview::default()));
    #[cfg(not(any(feature = "scorm", feature = "embed", feature = "preview")))]
    then(HostHandle::new(standalone::Standalone::default()));
}
