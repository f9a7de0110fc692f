//! SCORM 2004 4th edition and SCORM 1.2: what the player reads from the LMS at the start, which
//! value goes to which CMI element after a change and at the end, and every graded answer as an
//! interaction record, all in the formats real LMSs accept (shared/lms-contract.md). The player's
//! bridge (`src/bridge/scorm.rs`) only moves these strings; the two versions differ there only in
//! the API's name and method names ([`Version`]).
//!
//! - Read at start ([`start`]): the learner (id, name, language), the time of earlier sessions,
//!   the stored `suspend_data` (decoded with [`crate::suspend`]; one that cannot be read is never
//!   written over), the status the LMS holds (never downgraded), the mode and credit (browse,
//!   review or no-credit: status, score and interactions are left alone), the LMS's passing score
//!   and completion threshold ([`Rules`]) and how many interaction records exist.
//! - After each change ([`report`]): location, suspend_data, status (1.2) or completion and
//!   success (2004), progress measure (2004), score (scaled, raw, min, max).
//! - At the end ([`finish`]): session time (this session only) and exit: "suspend" while the
//!   attempt is open, so the next launch resumes; "" (1.2) or "normal" (2004) once a complete
//!   course is finished.
//! - [`Journal`]: each checked answer of a graded question (and each saved reflection the author
//!   marked `report`) as a new `cmi.interactions.n` record: id first, then type, then the rest.

use crate::learner::{judge, scored, Progress, Rules, Saved, Status};
use crate::model::{parse_decimal, Course, Interaction, Kind};
use crate::scorm12;
use crate::suspend;

/// The SCORM version of the LMS's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Scorm12,
    Scorm2004,
}

/// The API's methods in one order for both versions: initialise, get, set, commit, terminate,
/// last error, error string, diagnostic.
static METHODS_12: [&str; 8] = [
    "LMSInitialize",
    "LMSGetValue",
    "LMSSetValue",
    "LMSCommit",
    "LMSFinish",
    "LMSGetLastError",
    "LMSGetErrorString",
    "LMSGetDiagnostic",
];
static METHODS_2004: [&str; 8] = [
    "Initialize",
    "GetValue",
    "SetValue",
    "Commit",
    "Terminate",
    "GetLastError",
    "GetErrorString",
    "GetDiagnostic",
];

/// The elements the player reads and writes, per version ("" where a version has none).
struct Names {
    location: &'static str,
    location_max: usize,
    suspend: &'static str,
    suspend_max: usize,
    status: &'static str,
    success: &'static str,
    progress: &'static str,
    scaled: &'static str,
    raw: &'static str,
    min: &'static str,
    max: &'static str,
    session_time: &'static str,
    exit: &'static str,
    total_time: &'static str,
    mode: &'static str,
    credit: &'static str,
    learner_id: &'static str,
    learner_name: &'static str,
    language: &'static str,
    passing: &'static str,
    threshold: &'static str,
    response: &'static str,
    time: &'static str,
    wrong: &'static str,
}

static NAMES_12: Names = Names {
    location: "cmi.core.lesson_location",
    location_max: 255,
    suspend: "cmi.suspend_data",
    suspend_max: 4_096,
    status: "cmi.core.lesson_status",
    success: "",
    progress: "",
    scaled: "",
    raw: "cmi.core.score.raw",
    min: "cmi.core.score.min",
    max: "cmi.core.score.max",
    session_time: "cmi.core.session_time",
    exit: "cmi.core.exit",
    total_time: "cmi.core.total_time",
    mode: "cmi.core.lesson_mode",
    credit: "cmi.core.credit",
    learner_id: "cmi.core.student_id",
    learner_name: "cmi.core.student_name",
    language: "cmi.student_preference.language",
    passing: "cmi.student_data.mastery_score",
    threshold: "",
    response: "student_response",
    time: "time",
    wrong: "wrong",
};

static NAMES_2004: Names = Names {
    location: "cmi.location",
    location_max: 1_000,
    suspend: "cmi.suspend_data",
    suspend_max: 64_000,
    status: "cmi.completion_status",
    success: "cmi.success_status",
    progress: "cmi.progress_measure",
    scaled: "cmi.score.scaled",
    raw: "cmi.score.raw",
    min: "cmi.score.min",
    max: "cmi.score.max",
    session_time: "cmi.session_time",
    exit: "cmi.exit",
    total_time: "cmi.total_time",
    mode: "cmi.mode",
    credit: "cmi.credit",
    learner_id: "cmi.learner_id",
    learner_name: "cmi.learner_name",
    language: "cmi.learner_preference.language",
    passing: "cmi.scaled_passing_score",
    threshold: "cmi.completion_threshold",
    response: "learner_response",
    time: "timestamp",
    wrong: "incorrect",
};

impl Version {
    /// The name of the API object in the LMS's window.
    pub fn api_name(self) -> &'static str {
        match self {
            Version::Scorm12 => "API",
            Version::Scorm2004 => "API_1484_11",
        }
    }

    /// The API's method names (see [`METHODS_12`] for the order).
    pub fn methods(self) -> &'static [&'static str; 8] {
        match self {
            Version::Scorm12 => &METHODS_12,
            Version::Scorm2004 => &METHODS_2004,
        }
    }

    fn names(self) -> &'static Names {
        match self {
            Version::Scorm12 => &NAMES_12,
            Version::Scorm2004 => &NAMES_2004,
        }
    }

    /// The most characters `cmi.suspend_data` may hold.
    pub fn suspend_limit(self) -> usize {
        self.names().suspend_max
    }
}

/// What the LMS said when the session started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Start {
    /// The progress kept in `cmi.suspend_data`, if any could be read (the bridge takes it, to weigh
    /// it against the browser's mirror).
    pub saved: Option<Saved>,
    /// `cmi.suspend_data` held something this player cannot read (a newer player's, or damaged),
    /// or could not be read at all (GetValue threw or answered no string): it is never written
    /// over in this session (the browser's mirror keeps the progress).
    pub keep_data: bool,
    pub learner_id: String,
    pub learner_name: String,
    /// The learner's preferred language as the LMS keeps it ("" when it has none).
    pub language: String,
    /// Milliseconds spent in earlier sessions (`total_time`).
    pub earlier_millis: u64,
    /// The interaction records the LMS holds already (`cmi.interactions._count`).
    pub interactions: usize,
    /// Whether status, score and interactions may be reported: false in browse or review mode and
    /// without credit.
    pub records: bool,
    pub rules: Rules,
    /// The status the LMS held (1.2's `lesson_status`; 2004's `completion_status`), and 2004's
    /// `success_status`: a report never downgrades them.
    pub prior_status: String,
    pub prior_success: String,
}

/// Reads what a session needs from the LMS, with `get` calling `GetValue` (it answers "" where
/// the LMS has nothing, as a first launch does for 2004's `cmi.location` or `cmi.suspend_data`;
/// `None` where the LMS's answer could not be read: it threw, or was no string).
pub fn start(version: Version, course: &Course, get: &mut dyn FnMut(&str) -> Option<String>) -> Start {
    let n = version.names();
    let data = get(n.suspend);
    // suspend_data that could not be read may hold the learner's progress from another computer:
    // like data this player cannot decode, it is never written over in this session.
    let unread = data.is_none();
    let data = data.unwrap_or_default();
    // "null" and "undefined" are what some LMSs' JavaScript makes of a value never set.
    let data = match data.trim() {
        "null" | "undefined" => "",
        data => data,
    };
    let (saved, keep_data) = match suspend::decode(course, data) {
        Ok(saved) => (Some(saved), false),
        Err(suspend::Error::Empty) => (None, unread),
        Err(_) => (None, true),
    };
    // Unset or unreadable, the other values are taken as "": nothing is lost by that.
    let mut read = |element: &'static str| {
        if element.is_empty() {
            String::new()
        } else {
            get(element).unwrap_or_default()
        }
    };
    let total = read(n.total_time);
    let earlier_millis = match version {
        Version::Scorm12 => scorm12::timespan(&total),
        Version::Scorm2004 => parse_duration(&total),
    }
    .unwrap_or(0);
    let mode = read(n.mode);
    let credit = read(n.credit);
    let records = !matches!(mode.trim(), "browse" | "review") && credit.trim() != "no-credit";
    // 1.2's mastery score is a percentage, 2004's passing score and threshold are scaled (0–1).
    let percent = version == Version::Scorm12;
    let passing = hundredths(&read(n.passing), percent);
    let threshold = hundredths(&read(n.threshold), false);
    Start {
        saved,
        keep_data,
        learner_id: read(n.learner_id),
        learner_name: read(n.learner_name),
        language: read(n.language),
        earlier_millis,
        interactions: parse_decimal(&read("cmi.interactions._count"))
            .map_or(0, |m| (m / 1_000_000).max(0) as usize),
        records,
        rules: Rules { passing, threshold },
        prior_status: read(n.status),
        prior_success: read(n.success),
    }
}

/// A score or threshold as the LMS gives it (a percentage when `percent`, else scaled 0–1) in
/// hundredths of a percent, clamped to 0–10,000; `None` when it is empty or not a number.
fn hundredths(text: &str, percent: bool) -> Option<u32> {
    // parse_decimal gives millionths: a percentage's hundredths are 10,000 of them, a scaled
    // value's hundredths of a percent 100.
    let millionths = parse_decimal(text)?;
    let h = millionths / if percent { 10_000 } else { 100 };
    Some(h.clamp(0, 10_000) as u32)
}

/// Whether a change of `element` should reach the LMS soon (a status, score or answer) rather than
/// with the next slow commit (the location, suspend_data and progress measure change with every
/// page).
pub fn urgent(element: &str) -> bool {
    !(element.ends_with("location")
        || element.ends_with("suspend_data")
        || element.ends_with("progress_measure"))
}

/// The values to set after a change, in the order they are sent. `time`: the milliseconds spent in
/// the course so far, kept in the suspend data so that the newer of two saved states can be told.
/// A result that would downgrade what the LMS holds is left out whole (status and score), so the
/// LMS never shows "passed" beside the lower score of a later session.
pub fn report(
    version: Version,
    course: &Course,
    progress: &Progress,
    start: &Start,
    time: u64,
) -> Vec<(&'static str, String)> {
    let n = version.names();
    let id = course.modules.get(progress.location).map_or("", |m| m.id.as_str());
    let mut values = vec![(n.location, cut(id, n.location_max))];
    if !start.keep_data {
        let mut saved = progress.save(course);
        saved.time = time;
        values.push((n.suspend, suspend::encode(course, &saved, n.suspend_max)));
    }
    if !start.records {
        return values;
    }
    let status = progress.status(course);
    match version {
        Version::Scorm12 => {
            if scorm12::would_downgrade(&start.prior_status, status) {
                return values;
            }
            values.push((n.status, scorm12::lesson_status(status).to_string()));
        }
        Version::Scorm2004 => {
            // Completion apart from success: the LMS's threshold may be reached before a verdict.
            let completed = status != Status::Incomplete || progress.done(course);
            let success = match status {
                Status::Passed => "passed",
                Status::Failed => "failed",
                _ => "unknown",
            };
            let prior_success = start.prior_success.trim();
            let downgrade = (start.prior_status.trim() == "completed" && !completed)
                || (prior_success == "passed" && success != "passed")
                || (prior_success == "failed" && success == "unknown");
            if downgrade {
                return values;
            }
            values.push((n.status, if completed { "completed" } else { "incomplete" }.to_string()));
            values.push((n.success, success.to_string()));
            values.push((n.progress, scaled(progress.measure(course))));
        }
    }
    if progress.has_score(course) {
        let score = progress.score(course).hundredths();
        if !n.scaled.is_empty() {
            values.push((n.scaled, scaled(score)));
        }
        values.push((n.raw, scorm12::decimal(score)));
        values.push((n.min, "0".to_string()));
        values.push((n.max, "100".to_string()));
    }
    values
}

/// The values to set when the session ends: this session's time and how it is left.
pub fn finish(
    version: Version,
    course: &Course,
    progress: &Progress,
    session_millis: u64,
) -> Vec<(&'static str, String)> {
    let n = version.names();
    let status = progress.status(course);
    let (time, exit) = match version {
        Version::Scorm12 => (scorm12::session_time(session_millis), scorm12::exit(status, progress.finished)),
        Version::Scorm2004 => {
            let ended = progress.finished && status != Status::Incomplete;
            (duration(session_millis), if ended { "normal" } else { "suspend" })
        }
    };
    vec![(n.session_time, time), (n.exit, exit.to_string())]
}

/// At most `max` characters of `text`.
fn cut(text: &str, max: usize) -> String {
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    text[..end].to_string()
}

/// Hundredths of a percent as a scaled decimal in [0, 1] (`progress_measure`, `score.scaled`):
/// 10,000 → "1", 6,667 → "0.6667", 50 → "0.005"; never in exponent form.
pub fn scaled(hundredths: u32) -> String {
    if hundredths >= 10_000 {
        return "1".to_string();
    }
    let mut out = String::from("0.");
    push_fraction(&mut out, u64::from(hundredths), 4);
    if out.len() == 2 {
        out.truncate(1);
    }
    out
}

/// `value` as `places` fraction digits (with leading zeros), without trailing zeros.
pub(crate) fn push_fraction(out: &mut String, value: u64, places: u32) {
    let mut value = value;
    let mut digits = places;
    while digits > 0 && value % 10 == 0 && value > 0 {
        value /= 10;
        digits -= 1;
    }
    if value == 0 {
        return;
    }
    let text = crate::text::number(value);
    for _ in text.len() as u32..digits {
        out.push('0');
    }
    out.push_str(&text);
}

/// `n` with at least two digits.
pub(crate) fn push2(out: &mut String, n: u64) {
    if n < 10 {
        out.push('0');
    }
    out.push_str(&crate::text::number(n));
}

/// A SCORM 2004 `timeinterval` (ISO 8601 duration) of `millis`: hours, minutes and seconds with at
/// most two fraction digits, zero parts left out, `PT0S` for nothing; never weeks or days.
pub fn duration(millis: u64) -> String {
    let centis = millis / 10;
    let (hours, minutes, seconds, fraction) =
        (centis / 360_000, centis / 6_000 % 60, centis / 100 % 60, centis % 100);
    let mut out = String::from("PT");
    for (n, unit) in [(hours, 'H'), (minutes, 'M')] {
        if n > 0 {
            out.push_str(&crate::text::number(n));
            out.push(unit);
        }
    }
    if seconds > 0 || fraction > 0 || out.len() == 2 {
        out.push_str(&crate::text::number(seconds));
        if fraction > 0 {
            out.push('.');
            push_fraction(&mut out, fraction, 2);
        }
        out.push('S');
    }
    out
}

/// Milliseconds in a SCORM 2004 `timeinterval` (`P[nY][nM][nD][T[nH][nM][n[.n]S]]`; a year taken
/// as 365 days, a month as 30), or `None` when the LMS answered something else.
pub fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim().as_bytes();
    let rest = text.strip_prefix(b"P")?;
    if rest.is_empty() || rest == b"T" {
        return None;
    }
    let (mut total, mut time, mut value, mut fraction, mut digits) =
        (0u64, false, 0u64, None::<(u64, u32)>, 0);
    for &c in rest {
        match c {
            b'0'..=b'9' => {
                let d = u64::from(c - b'0');
                match &mut fraction {
                    Some((f, places)) if *places < 3 => {
                        *f = *f * 10 + d;
                        *places += 1;
                    }
                    Some(_) => {}
                    None => value = value.checked_mul(10)?.checked_add(d)?,
                }
                digits += 1;
            }
            b'.' if time && fraction.is_none() && digits > 0 => fraction = Some((0, 0)),
            b'T' if !time && digits == 0 => time = true,
            unit => {
                let seconds: u64 = match (unit, time) {
                    (b'Y', false) => 365 * 86_400,
                    (b'M', false) => 30 * 86_400,
                    (b'D', false) => 86_400,
                    (b'H', true) => 3_600,
                    (b'M', true) => 60,
                    (b'S', true) => 1,
                    _ => return None,
                };
                if digits == 0 || (fraction.is_some() && unit != b'S') {
                    return None;
                }
                total = total.checked_add(value.checked_mul(seconds * 1_000)?)?;
                if let Some((f, places)) = fraction.take() {
                    total += f * 10u64.pow(3 - places);
                }
                (value, digits) = (0, 0);
            }
        }
    }
    (digits == 0 && fraction.is_none()).then_some(total)
}

/// A time of day (`HH:MM:SS`, SCORM 1.2's `CMITime`) or a date and time in UTC
/// (`YYYY-MM-DDThh:mm:ss.0Z`, SCORM 2004's `time (second,10,0)`: a zone only after a fraction) of
/// `millis` since 1970 (for 1.2 the bridge passes the learner's local clock: a time of day without
/// a zone is read as local).
pub fn timestamp(version: Version, millis: u64) -> String {
    let seconds = millis / 1_000;
    let (days, day) = (seconds / 86_400, seconds % 86_400);
    let mut out = String::new();
    if version == Version::Scorm2004 {
        // Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar; no dates
        // before 1970 occur here).
        let z = days + 719_468;
        let (era, doe) = (z / 146_097, z % 146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        out.push_str(&crate::text::number(yoe + era * 400 + u64::from(m <= 2)));
        for (sep, n) in [('-', m), ('-', d)] {
            out.push(sep);
            push2(&mut out, n);
        }
        out.push('T');
    }
    for (k, n) in [day / 3_600, day / 60 % 60, day % 60].into_iter().enumerate() {
        if k > 0 {
            out.push(':');
        }
        push2(&mut out, n);
    }
    if version == Version::Scorm2004 {
        out.push_str(".0Z");
    }
    out
}

/// Remembers which answers have been written as interaction records, so that each check of an
/// answer becomes one new record (`cmi.interactions.n`, appended after those the LMS holds).
#[derive(Debug, Clone, Default)]
pub struct Journal {
    next: usize,
    /// Each answered interaction and the checks recorded so far.
    seen: Vec<(String, u32)>,
}

impl Journal {
    /// A journal that appends after the `count` records the LMS holds.
    pub fn new(count: usize) -> Self {
        Journal { next: count, seen: Vec::new() }
    }

    /// The answers of the progress the session resumes: recorded in an earlier session already.
    pub fn prime(&mut self, saved: Option<&Saved>) {
        for answer in saved.map_or(&[][..], |s| &s.answers[..]) {
            self.seen.push((answer.id.clone(), answer.checks));
        }
    }

    /// The records of answers checked since the last call, as (element, value) in the order they
    /// must be set; none when `records` is false (browse, review, no credit), though the answers
    /// are remembered still. `latency`: milliseconds from opening the module to the check; `now`:
    /// milliseconds since 1970.
    pub fn records(
        &mut self,
        version: Version,
        course: &Course,
        progress: &Progress,
        records: bool,
        latency: u64,
        now: u64,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for answer in &progress.answers {
            match self.seen.iter_mut().find(|(id, _)| *id == answer.id) {
                Some((_, checks)) if *checks == answer.checks => continue,
                Some((_, checks)) => *checks = answer.checks,
                None => self.seen.push((answer.id.clone(), answer.checks)),
            }
            if !records {
                continue;
            }
            let Some(interaction) = crate::learner::find(course, &mut |i| i.id == answer.id) else {
                continue;
            };
            if let Some(fields) = record(version, interaction, &answer.response, latency, now) {
                let prefix = ["cmi.interactions.", &crate::text::number(self.next as u64), "."].concat();
                self.next += 1;
                for (field, value) in fields {
                    out.push(([prefix.as_str(), field].concat(), value));
                }
            }
        }
        out
    }
}

/// Choice identifiers (`0`–`9`, `a`–`z`: SCORM 1.2 allows only single characters; beyond that
/// `c36`… in 2004, and nothing in 1.2) of `ids`, joined with the version's delimiter; with `pairs`,
/// each as `k.ids[k]` (a matching's source and target).
fn ids(version: Version, ids: &[usize], pairs: bool) -> Option<String> {
    const ONE: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let v12 = version == Version::Scorm12;
    let mut out = String::new();
    let push = |out: &mut String, i: usize| -> Option<()> {
        match ONE.get(i) {
            Some(&c) => out.push(char::from(c)),
            None if v12 => return None,
            None => {
                out.push('c');
                out.push_str(&crate::text::number(i as u64));
            }
        }
        Some(())
    };
    for (k, &i) in ids.iter().enumerate() {
        if k > 0 {
            out.push_str(if v12 { "," } else { "[,]" });
        }
        if pairs {
            push(&mut out, k)?;
            out.push_str(if v12 { "." } else { "[.]" });
        }
        push(&mut out, i)?;
    }
    Some(out)
}

/// `0, 1, …, n - 1`: the correct order of a sequence, the correct pairs of a matching.
fn identity(n: usize) -> Vec<usize> {
    let mut v = Vec::with_capacity(n);
    for i in 0..n {
        v.push(i);
    }
    v
}

/// Free text as a record may hold it: at most `max` characters, without the characters that
/// delimit SCORM 2004's patterns and language tags (`[`, `]`, a leading `{`), as one line.
fn free_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.trim().chars().take(max) {
        out.push(match c {
            '[' => '(',
            ']' => ')',
            '{' if out.is_empty() => '(',
            c if c.is_control() => ' ',
            c => c,
        });
    }
    out
}

/// Millionths as a decimal without exponent ("-1.25", "6").
fn decimal(millionths: i64) -> String {
    let mut out = String::new();
    if millionths < 0 {
        out.push('-');
    }
    let m = millionths.unsigned_abs();
    out.push_str(&crate::text::number(m / 1_000_000));
    if m % 1_000_000 > 0 {
        out.push('.');
        push_fraction(&mut out, m % 1_000_000, 6);
    }
    out
}

/// The fields of one interaction record, or `None` when the answer is not reported (an ungraded
/// question, a reflection the author did not mark `report`) or cannot be written in this version.
fn record(
    version: Version,
    interaction: &Interaction,
    response: &crate::learner::Response,
    latency: u64,
    now: u64,
) -> Option<Vec<(&'static str, String)>> {
    use crate::learner::Response as R;
    let v12 = version == Version::Scorm12;
    let reported = scored(interaction) || matches!(interaction.kind, Kind::Reflection { report: true });
    if !reported {
        return None;
    }
    let (kind, answer, pattern): (&str, String, Option<String>) = match (&interaction.kind, response) {
        (Kind::TrueFalse(c), R::Choice(i)) => {
            let word = |i: usize| match (i == 0, v12) {
                (true, true) => "t",
                (false, true) => "f",
                (true, false) => "true",
                (false, false) => "false",
            };
            let correct = c.iter().position(|c| c.correct).map(|i| word(i).to_string());
            ("true-false", word(*i).to_string(), correct)
        }
        (Kind::SingleChoice(c), R::Choice(i)) => {
            let correct = c.iter().position(|c| c.correct).and_then(|i| ids(version, &[i], false));
            ("choice", ids(version, &[*i], false)?, correct)
        }
        (Kind::MultipleChoice(c), R::Choices(v)) => {
            let mut correct = Vec::new();
            for (i, c) in c.iter().enumerate() {
                if c.correct {
                    correct.push(i);
                }
            }
            ("choice", ids(version, v, false)?, ids(version, &correct, false))
        }
        (Kind::FillIn(fill), R::Text(t)) => {
            let correct = fill.answers.iter().find(|a| a.correct).map(|a| free_text(&a.text, 250));
            ("fill-in", free_text(t, 250), correct)
        }
        (Kind::Numeric(answers), R::Number(t)) => {
            let correct = answers.iter().find(|a| a.correct).and_then(|a| {
                let (min, max) = (decimal(parse_decimal(&a.min)?), decimal(parse_decimal(&a.max)?));
                match (v12, min == max) {
                    (true, true) => Some(min),
                    (true, false) => None,
                    (false, _) => Some([min.as_str(), "[:]", max.as_str()].concat()),
                }
            });
            ("numeric", decimal(parse_decimal(t)?), correct)
        }
        (Kind::Matching(p), R::Matches(v)) => {
            ("matching", ids(version, v, true)?, ids(version, &identity(p.len()), true))
        }
        (Kind::Ordering(items), R::Order(v)) => {
            ("sequencing", ids(version, v, false)?, ids(version, &identity(items.len()), false))
        }
        (Kind::Scenario(_), R::Path(v)) => {
            (if v12 { "performance" } else { "other" }, ids(version, v, false)?, None)
        }
        (Kind::Reflection { .. }, R::Reflection(t)) => {
            (if v12 { "fill-in" } else { "long-fill-in" }, free_text(t, if v12 { 255 } else { 4_000 }), None)
        }
        _ => return None,
    };
    let n = version.names();
    let result = match judge(&interaction.kind, response) {
        Some(true) => "correct",
        Some(false) => n.wrong,
        None => "neutral",
    };
    let mut fields = vec![
        ("id", cut(&interaction.id, 255)),
        ("type", kind.to_string()),
        (n.time, timestamp(version, now)),
    ];
    fields.push(("weighting", crate::text::number(interaction.weight.into())));
    fields.push((n.response, answer));
    if let Some(pattern) = pattern {
        fields.push(("correct_responses.0.pattern", pattern));
    }
    fields.push(("result", result.to_string()));
    fields.push(("latency", if v12 { scorm12::session_time(latency) } else { duration(latency) }));
    Some(fields)
}

#[cfg(test)]
mod tests;
