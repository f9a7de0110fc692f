//! The LMS bridge: the only part of the player that knows which host it runs in.
//!
//! [`Host`] is the one trait; [`discover`] picks the implementation: [`scorm12::Scorm12`] when a
//! SCORM 1.2 API is found in this window, a parent frame or an opener, else
//! [`standalone::Standalone`], which keeps progress in the browser's storage. [`fake::Fake`]
//! records calls for tests. What to send is decided in lotse-core; a host only moves values.

pub mod fake;
pub mod scorm12;
pub mod standalone;

use std::cell::RefCell;
use std::rc::Rc;

use lotse_core::learner::{Progress, Saved};
use lotse_core::model::Course;

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
}

/// Milliseconds since `started` (a `Date.now()` value): the time of a session, for hosts and the
/// certificate.
pub fn elapsed(started: f64) -> u64 {
    (js_sys::Date::now() - started).max(0.0) as u64
}

/// A host shared between the components and the page's event handlers.
#[derive(Clone)]
pub struct HostHandle(pub Rc<RefCell<Box<dyn Host>>>);

impl HostHandle {
    pub fn new(host: impl Host + 'static) -> Self {
        HostHandle(Rc::new(RefCell::new(Box::new(host))))
    }
}

impl PartialEq for HostHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The host this page runs in: a SCORM 1.2 LMS if its API can be found, else standalone.
pub fn discover() -> HostHandle {
    match scorm12::find_api() {
        Some(api) => HostHandle::new(scorm12::Scorm12::new(api)),
        None => HostHandle::new(standalone::Standalone::default()),
    }
}
