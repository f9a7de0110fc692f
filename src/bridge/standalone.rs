//! No LMS: progress is kept in the browser's localStorage ([`Mirror`]), keyed by course id, so a
//! learner who closes the tab continues where they left off. When the browser refuses (storage
//! full or turned off), the course goes on and the learner is told (`unkept`).

use lotse_core::learner::{Progress, Saved};
use lotse_core::model::Course;

use super::mirror::Mirror;
use super::Host;

/// `earlier`: milliseconds spent in earlier visits; `started`: when this one started
/// (`Date.now()`); `unkept`: the browser refused the last write (storage full or turned off).
#[derive(Default)]
pub struct Standalone {
    mirror: Option<Mirror>,
    earlier: u64,
    started: f64,
    unkept: bool,
}

pub fn storage_key(course: &Course) -> String {
    ["lotse:", course.id.as_str()].concat()
}

impl Standalone {
    /// Keeps the progress under `key` instead of the course's own key (set before `start`).
    pub fn keep_in(&mut self, key: String) {
        self.mirror = Some(Mirror::new(key));
    }
}

impl Host for Standalone {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        self.started = js_sys::Date::now();
        let mirror = self.mirror.get_or_insert_with(|| Mirror::new(storage_key(course)));
        let saved = mirror.read(course);
        self.earlier = saved.as_ref().map_or(0, |s| s.time);
        saved
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        let Some(mirror) = &self.mirror else { return };
        let mut saved = progress.save(course);
        saved.time = self.earlier.saturating_add(super::elapsed(self.started));
        self.unkept = !mirror.write(course, &saved);
    }

    fn finish(&mut self, course: &Course, progress: &Progress, _session_millis: u64) {
        self.update(course, progress);
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }

    fn unkept(&self) -> bool {
        self.unkept
    }
}
