//! SCORM 1.2 value formats, as Moodle and ILIAS accept them (see shared/lms-contract.md): status
//! words, the no-downgrade rule, decimals, timespans, exit. [`crate::scorm`] decides which value
//! goes to which element.

use crate::learner::Status;

/// `cmi.core.lesson_status` for a status. "not attempted" is never sent.
pub fn lesson_status(status: Status) -> &'static str {
    match status {
        Status::Incomplete => "incomplete",
        Status::Completed => "completed",
        Status::Passed => "passed",
        Status::Failed => "failed",
    }
}

/// Whether reporting `new` would overwrite a better status the LMS already holds from an earlier
/// session (`prior` is what `LMSGetValue("cmi.core.lesson_status")` returned at start).
pub fn would_downgrade(prior: &str, new: Status) -> bool {
    match prior {
        "passed" => new != Status::Passed,
        "completed" | "failed" => new == Status::Incomplete,
        _ => false,
    }
}

/// A percentage given in hundredths (see [`crate::learner::Score::hundredths`]) as a decimal in
/// [0, 100] with at most two fraction digits, never in exponent form: 6667 → "66.67".
pub fn decimal(hundredths: u32) -> String {
    let hundredths = hundredths.min(10_000);
    let mut out = crate::text::number((hundredths / 100).into());
    if hundredths % 100 > 0 {
        out.push('.');
        crate::scorm::push_fraction(&mut out, (hundredths % 100).into(), 2);
    }
    out
}

/// `cmi.core.session_time`: `HHHH:MM:SS.SS` with at least two hour digits, capped at 9999 hours.
pub fn session_time(millis: u64) -> String {
    let centis = (millis / 10).min(9999 * 360_000 + 359_999);
    let mut out = String::new();
    for (k, n) in
        [centis / 360_000, centis / 6_000 % 60, centis / 100 % 60, centis % 100].into_iter().enumerate()
    {
        if k > 0 {
            out.push(if k == 3 { '.' } else { ':' });
        }
        crate::scorm::push2(&mut out, n);
    }
    out
}

/// Milliseconds in a `CMITimespan` (`cmi.core.total_time`: `HHHH:MM:SS.SS`, two to four hour
/// digits, the fraction optional), or `None` when the LMS answered something else.
pub fn timespan(text: &str) -> Option<u64> {
    // Hours, minutes, seconds, hundredths: each value and its number of digits. Byte loops keep
    // string searching out of the player's wasm.
    let mut parts = [(0u64, 0usize); 4];
    let mut k = 0;
    for &c in text.trim_ascii().as_bytes() {
        match c {
            b'0'..=b'9' if parts[k].1 < 4 => {
                parts[k] = (parts[k].0 * 10 + u64::from(c - b'0'), parts[k].1 + 1);
            }
            b':' if k < 2 => k += 1,
            b'.' if k == 2 => k = 3,
            _ => return None,
        }
    }
    let [(h, hours), (m, minutes), (s, seconds), (f, fraction)] = parts;
    let fraction_ok = if k == 3 { fraction == 1 || fraction == 2 } else { k == 2 };
    let ok = hours >= 2 && minutes == 2 && seconds == 2 && m < 60 && s < 60 && fraction_ok;
    ok.then(|| ((h * 60 + m) * 60 + s) * 1000 + if fraction == 1 { f * 100 } else { f * 10 })
}

/// `cmi.core.exit`: "suspend" keeps the attempt open (the LMS then reports `entry = resume`);
/// "" ends it once the learner has finished a complete course.
pub fn exit(status: Status, finished: bool) -> &'static str {
    if finished && status != Status::Incomplete {
        ""
    } else {
        "suspend"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_time_is_read_from_a_timespan() {
        assert_eq!(timespan("0000:00:00"), Some(0));
        assert_eq!(timespan("00:01:02.5"), Some(62_500));
        assert_eq!(timespan(" 0001:30:00.25 "), Some(5_400_250));
        assert_eq!(timespan(&session_time(3_723_450)), Some(3_723_450));
        for bad in [
            "",
            "1:00:00",
            "00:60:00",
            "00:00:60",
            "00:00:00.",
            "00:00:00.123",
            "a0:00:00",
            "00:00:00:00",
            "-1:00:00",
        ] {
            assert_eq!(timespan(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn session_time_has_the_scorm_12_shape() {
        assert_eq!(session_time(0), "00:00:00.00");
        assert_eq!(session_time(83_456), "00:01:23.45");
        assert_eq!(session_time(3_600_000 * 12 + 61_009), "12:01:01.00");
        assert_eq!(session_time(3_600_000 * 123), "123:00:00.00");
        assert_eq!(session_time(u64::MAX), "9999:59:59.99");
    }

    #[test]
    fn decimals_never_use_exponents_and_stay_in_range() {
        assert_eq!(decimal(10_000), "100");
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(6_667), "66.67");
        assert_eq!(decimal(1), "0.01");
        assert_eq!(decimal(1_250), "12.5");
        assert_eq!(decimal(u32::MAX), "100");
    }

    #[test]
    fn every_status_has_its_scorm_12_word() {
        let words: Vec<&str> = [Status::Incomplete, Status::Completed, Status::Passed, Status::Failed]
            .into_iter()
            .map(lesson_status)
            .collect();
        assert_eq!(words, ["incomplete", "completed", "passed", "failed"]);
    }

    #[test]
    fn a_finished_status_is_never_downgraded() {
        assert!(would_downgrade("completed", Status::Incomplete));
        assert!(would_downgrade("passed", Status::Failed));
        assert!(!would_downgrade("failed", Status::Passed));
        assert!(!would_downgrade("not attempted", Status::Incomplete));
        assert!(!would_downgrade("", Status::Incomplete));
    }

    #[test]
    fn exit_suspends_until_a_complete_course_is_finished() {
        assert_eq!(exit(Status::Incomplete, true), "suspend");
        assert_eq!(exit(Status::Passed, false), "suspend");
        assert_eq!(exit(Status::Failed, true), "");
    }
}
