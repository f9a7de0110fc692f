//! No LMS: progress is kept in the browser's localStorage, keyed by course id, so a learner who
//! closes the tab continues where they left off. Storage may be missing or full on a locked-down
//! PC; then the course still works for this visit.

use lotse_core::learner::{Progress, Saved};
use lotse_core::model::Course;

use super::Host;

pub struct Standalone;

pub fn storage_key(course: &Course) -> String {
    format!("lotse:{}", course.id)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Host for Standalone {
    fn start(&mut self, course: &Course) -> Option<Saved> {
        let text = storage()?.get_item(&storage_key(course)).ok().flatten()?;
        Saved::from_json(&text).ok()
    }

    fn update(&mut self, course: &Course, progress: &Progress) {
        let Some(storage) = storage() else { return };
        let _ = storage.set_item(&storage_key(course), &progress.save(course).to_json());
    }

    fn finish(&mut self, course: &Course, progress: &Progress, _session_millis: u64) {
        self.update(course, progress);
    }
}
