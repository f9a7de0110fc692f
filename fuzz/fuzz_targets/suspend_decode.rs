//! `suspend::decode` on any text, against a course with every interaction kind
//! (`worst_case::every_kind`): it never panics; what it accepts names only the course's modules
//! and answers that fit their interaction; and that progress encodes to base64url that decodes
//! to the same (in full without a limit, within SCORM 1.2's 4,096 characters with one). Each input
//! is decoded as it is and, when it starts with `L1`, once more with its check made right
//! (`lotse_fuzz::sealed`), so that mutations reach the body's reader.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lotse_core::learner::fits;
use lotse_core::model::{Block, Course};
use lotse_core::suspend::{decode, encode, Error};

fn course() -> &'static Course {
    static COURSE: OnceLock<Course> = OnceLock::new();
    COURSE.get_or_init(|| lotse_core::worst_case::every_kind().0)
}

fn check(course: &Course, text: &str) {
    let Ok(saved) = decode(course, text) else { return };
    let module = |id: &str| course.modules.iter().any(|m| m.id == id);
    assert!(saved.location.is_empty() || module(&saved.location), "{saved:?}");
    assert!(saved.visited.iter().all(|id| module(id)), "{saved:?}");
    for a in &saved.answers {
        let interaction = course.modules.iter().flat_map(|m| &m.blocks).find_map(|b| match b {
            Block::Interaction(i) if i.id == a.id => Some(i),
            _ => None,
        });
        assert!(interaction.is_some_and(|i| fits(&i.kind, &a.response)), "{a:?}");
    }
    let again = encode(course, &saved, usize::MAX);
    assert!(again.starts_with("L1") && again.bytes().all(|b| lotse_fuzz::ALPHABET.contains(&b)), "{again}");
    assert_eq!(decode(course, &again), Ok(saved.clone()), "{text:?} re-encoded as {again:?}");
    let short = encode(course, &saved, 4096);
    assert!(short.len() <= 4096);
    assert!(matches!(decode(course, &short), Ok(_) | Err(Error::Empty)), "{short:?}");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check(course(), &text);
    if let Some(sealed) = lotse_fuzz::sealed(&text) {
        check(course(), &sealed);
    }
});
