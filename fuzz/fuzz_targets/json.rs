//! The player's JSON reader on any text: `json::parse` never panics and every string it returns
//! is UTF-8 (it skips validation, in unsafe code); a course it reads serialises with serde and
//! reads back the same; saved progress it reads writes (`Saved::to_json`) and reads back the
//! same; a host page's message (`embed::Incoming`) never panics it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lotse_core::embed::Incoming;
use lotse_core::json::{parse, Value};
use lotse_core::learner::Saved;
use lotse_core::model::Course;

fn utf8(value: &Value) {
    match value {
        Value::Number(s) | Value::String(s) => assert!(std::str::from_utf8(s.as_bytes()).is_ok()),
        Value::Array(items) => items.iter().for_each(utf8),
        Value::Object(members) => {
            for (key, value) in members {
                assert!(std::str::from_utf8(key.as_bytes()).is_ok());
                utf8(value);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(value) = parse(&text) {
        utf8(&value);
    }
    if let Ok(course) = Course::from_json(&text) {
        let json = serde_json::to_string(&course).expect("a course serialises");
        assert_eq!(Course::from_json(&json), Ok(course));
    }
    if let Ok(saved) = Saved::from_json(&text) {
        assert_eq!(Saved::from_json(&saved.to_json()), Ok(saved));
    }
    let _ = Incoming::from_json(&text);
});
