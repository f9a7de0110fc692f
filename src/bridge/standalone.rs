//! No LMS: progress is kept in the browser's localStorage, keyed by course id, so a learner who
//! closes the tab continues where they left off. Storage may be missing or full on a locked-down
//! PC; then the course still works for this visit.

use lotse_core::learner::{Progress, Saved};
use lotse_core::model::Course;

use super::Host;

/// `keep`: stored progress this player cannot read (written by a newer version, damaged) could
/// not be put aside, so nothing is written over it in this visit. `earlier`: milliseconds spent
/// in earlier visits; `started`: when this one started (`Date.now()`).
#[derive(Default)]
pub struct Standalone {
    keep: bool,
    earlier: u64,
    started: f64,
}

pub fn storage_key(course: &Course) -> String {
    format!("lotse:{}", course.id)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Host for Standalone {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        self.started = js_sys::Date::now();
        let storage = storage()?;
        let key = storage_key(course);
        let text = storage.get_item(&key).ok().flatten()?;
        let saved = Saved::from_json(&text).ok();
        self.earlier = saved.as_ref().map_or(0, |s| s.time);
        if saved.is_none() {
            // Never write over what cannot be read: put it aside first, or leave it alone.
            self.keep = storage.set_item(&(key + ":unreadable"), &text).is_err();
        }
        saved
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        let Some(storage) = storage().filter(|_| !self.keep) else { return };
        let mut saved = progress.save(course);
        // (Only after `start`, which notes when this visit began.)
        let this_visit = if self.started > 0.0 { super::elapsed(self.started) } else { 0 };
        saved.time = self.earlier.saturating_add(this_visit);
        let _ = storage.set_item(&storage_key(course), &saved.to_json());
    }

    fn finish(&mut self, course: &Course, progress: &Progress, _session_millis: u64) {
        self.update(course, progress);
    }

    fn earlier_millis(&self) -> u64 {
        self.earlier
    }
}
