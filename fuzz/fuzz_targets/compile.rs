//! The compiler on any course folder (`lotse_fuzz::files`: paths and contents from the bytes):
//! it never panics and never hangs (libFuzzer's `-timeout`); it gives a course or at least one
//! error; every diagnostic points into its file at the line and column of its byte range; and each
//! compiled course (and translation) reads back from its JSON with the player's reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lotse_core::compile::compile;
use lotse_core::diag::line_col;
use lotse_core::model::Course;

fuzz_target!(|data: &[u8]| {
    let files = lotse_fuzz::files(data);
    let compiled = compile(&files);
    assert!(compiled.course.is_some() || compiled.errors() > 0, "no course and no error");
    for d in &compiled.diagnostics {
        assert!(d.range.start <= d.range.end, "{d:?}");
        let Some(bytes) = files.get(&d.file) else { continue };
        // As the compiler reads the file: without a byte-order mark, up to the first byte that
        // is not UTF-8 (where it reports that).
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap(),
        };
        assert!(d.range.end <= text.len(), "past the end of {}: {d:?}", d.file);
        assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end), "{d:?}");
        assert_eq!((d.line, d.column), line_col(text, d.range.start), "{d:?}");
        assert_eq!((d.end_line, d.end_column), line_col(text, d.range.end), "{d:?}");
    }
    for course in compiled.course.iter().chain(&compiled.translations) {
        let json = serde_json::to_string(course).expect("a course serialises");
        assert_eq!(Course::from_json(&json), Ok(course.clone()));
    }
});
