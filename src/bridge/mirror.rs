//! Progress kept in the browser's localStorage: the whole of it without an LMS (standalone), and
//! beside an LMS a mirror keyed by learner and course, so nothing is lost when the LMS fails to
//! save or the tab closes before a commit. Kept in the same compact form as `suspend_data`
//! (`lotse_core::suspend`). Progress that earlier, unreleased players stored as JSON is put aside
//! like any other unreadable value (reading it too cost about 1 KB gzip).
//!
//! Storage may be missing or full on a locked-down PC; then the course still works for this visit.

use lotse_core::learner::Saved;
use lotse_core::model::Course;
use lotse_core::suspend;

/// Characters a mirror may take: far below any browser's localStorage quota.
const LIMIT: usize = 1 << 20;

pub struct Mirror {
    key: String,
    /// Stored progress this player cannot read (written by a newer version, damaged) could not be
    /// put aside, so nothing is written over it in this visit.
    keep: bool,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Mirror {
    pub fn new(key: String) -> Self {
        Mirror { key, keep: false }
    }

    /// The progress stored under this key, if it can be read. What cannot be read is put aside
    /// (under the key + `:unreadable`) before anything is written over it.
    pub fn read(&mut self, course: &Course) -> Option<Saved> {
        let storage = storage()?;
        let text = storage.get_item(&self.key).ok().flatten()?;
        let saved = suspend::decode(course, &text).ok();
        if saved.is_none() {
            self.keep = storage.set_item(&[self.key.as_str(), ":unreadable"].concat(), &text).is_err();
        }
        saved
    }

    /// Stores `saved`; false when the browser refused (no storage, quota exceeded).
    pub fn write(&self, course: &Course, saved: &Saved) -> bool {
        match storage().filter(|_| !self.keep) {
            Some(storage) => storage.set_item(&self.key, &suspend::encode(course, saved, LIMIT)).is_ok(),
            None => false,
        }
    }

    /// Forgets the stored progress: the LMS holds all of it and the attempt is over.
    pub fn clear(&self) {
        if let Some(storage) = storage().filter(|_| !self.keep) {
            let _ = storage.remove_item(&self.key);
        }
    }
}
