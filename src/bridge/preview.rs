//! The trainer's preview (feature `preview`: the build `lotse serve` uses, never packaged for
//! learners): keeps the progress in the browser's storage like [`Standalone`], and after every
//! change works out what the player would send to a SCORM 2004 and a SCORM 1.2 LMS
//! ([`lotse_core::preview::Recorder`]: the values of `lotse_core::scorm::report` and `finish`, the
//! length of `suspend_data` against each version's limit, the interaction records), which the
//! player shows in its "LMS preview" panel ([`Host::preview`]). Nothing is sent anywhere.

use lotse_core::learner::{Progress, Saved};
use lotse_core::model::Course;
use lotse_core::preview::{Recorder, Report, Times};
use lotse_core::scorm::Version;

use super::standalone::Standalone;
use super::Host;

#[derive(Default)]
pub struct Preview {
    storage: Standalone,
    recorder: Recorder,
    reports: Vec<Report>,
    /// When this page load started (`Date.now()`) and the time spent in earlier visits.
    started: f64,
    earlier: u64,
    /// The module on screen and when it was opened (`Date.now()`): an answer's latency.
    location: usize,
    opened: f64,
}

impl Host for Preview {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        let saved = self.storage.start(course);
        self.started = js_sys::Date::now();
        self.opened = self.started;
        self.earlier = self.storage.earlier_millis();
        self.recorder = Recorder::new(saved.as_ref());
        saved
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        self.storage.update(course, progress);
        let now = js_sys::Date::now();
        if progress.location != self.location {
            self.location = progress.location;
            self.opened = now;
        }
        let session = super::elapsed(self.started);
        let times = Times {
            course: self.earlier.saturating_add(session),
            session,
            latency: (now - self.opened).max(0.0) as u64,
            utc: super::scorm::clock(Version::Scorm2004, now),
            local: super::scorm::clock(Version::Scorm12, now),
        };
        self.reports = self.recorder.update(course, progress, times);
    }

    fn finish(&mut self, course: &Course, progress: &Progress, session_millis: u64) {
        self.storage.finish(course, progress, session_millis);
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }

    fn unkept(&self) -> bool {
        self.storage.unkept()
    }

    fn preview(&self) -> Option<Vec<Report>> {
        Some(self.reports.clone())
    }
}
