//! A host for tests: records what the player asked of it.

use std::cell::RefCell;
use std::rc::Rc;

use lotse_core::learner::{Progress, Saved, Status};
use lotse_core::model::Course;

use super::Host;

#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    Start,
    Update { location: usize, status: Status },
    Finish { status: Status },
}

#[derive(Default, Clone)]
pub struct Fake {
    pub calls: Rc<RefCell<Vec<Call>>>,
    /// Returned from `start`, as if an earlier session had saved it.
    pub saved: Option<Saved>,
    /// The learner's preferred language, as an LMS would report it.
    pub language: Option<String>,
    /// The learner's name and the time spent in earlier sessions, as an LMS would report them.
    pub name: Option<String>,
    pub earlier: u64,
}

impl Host for Fake {
    fn start(&mut self, _course: &Course) -> Option<Saved> {
        self.calls.borrow_mut().push(Call::Start);
        self.saved.clone()
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        let call = Call::Update { location: progress.location, status: progress.status(course) };
        self.calls.borrow_mut().push(call);
    }

    fn finish(&mut self, course: &Course, progress: &Progress, _session_millis: u64) {
        self.calls.borrow_mut().push(Call::Finish { status: progress.status(course) });
    }

    fn language(&self) -> Option<String> {
        self.language.clone()
    }

    fn learner_name(&self) -> Option<String> {
        self.name.clone()
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }

    /// Like an LMS: nothing is recorded after the session has finished.
    fn is_recording(&self) -> bool {
        !self.calls.borrow().iter().any(|c| matches!(c, Call::Finish { .. }))
    }
}
