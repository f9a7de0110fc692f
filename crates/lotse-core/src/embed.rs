//! The postMessage protocol between the player in an iframe and a custom host page
//! (`docs/embedding.md`): the messages' JSON text, written here by hand (the player ships no
//! serde_json), and the host's messages read with [`crate::json::parse`]. The player's bridge
//! (`src/bridge/embed.rs`) only posts these texts and checks origins.
//!
//! Numbers that are fractions (scores, the progress measure) are written from integers, without
//! float formatting, and never in exponent form.

use crate::json::quote_into;
use crate::learner::{find, judge, Answer, Progress, Response, Rules, Status};
use crate::model::{Course, Interaction, Kind};
use crate::suspend;
use crate::text::number;

/// The protocol's version: every message carries it as `lotse`.
pub const PROTOCOL: u32 = 1;
/// The longest `state` the player sends (characters): SCORM 2004's `cmi.suspend_data` limit, so a
/// host may hand the state on to an LMS unchanged.
pub const STATE_LIMIT: usize = 64_000;
/// The longest message from the host page the player reads (UTF-16 units of its JSON text): a
/// `welcome` with the longest state fits; anything longer is ignored before it is copied.
pub const MESSAGE_LIMIT: u32 = 100_000;

/// `template` with `values` put in, in order, for its `@` (as a JSON string) and `$` (as they
/// are), and `numbers` for its `#`. One writer for every message: a template and a list of values
/// cost the player less code than a push per part.
#[inline(never)]
fn fill(template: &str, values: &[&str], numbers: &[u64]) -> String {
    let mut out = String::new();
    let (mut i, mut n) = (0, 0);
    for &b in template.as_bytes() {
        match b {
            b'#' => {
                out += &number(numbers.get(n).copied().unwrap_or_default());
                n += 1;
            }
            b'@' | b'$' => {
                let value = values.get(i).copied().unwrap_or_default();
                i += 1;
                if b == b'@' {
                    quote_into(&mut out, value);
                } else {
                    out += value;
                }
            }
            // SAFETY: templates are ASCII, so each byte is a whole character.
            b => unsafe { out.as_mut_vec() }.push(b),
        }
    }
    out
}

/// `hello`: the player announces itself and its course.
pub fn hello(course: &Course) -> String {
    fill(
        r#"{"lotse":1,"type":"hello","course":{"id":@,"title":@,"version":@,"language":@}}"#,
        &[&course.id, &course.title, &course.version, &course.language],
        &[],
    )
}

/// `n` divided by 10^`digits`, as a decimal without trailing zeros: `decimal(6667, 4)` is
/// "0.6667", `decimal(5000, 2)` is "50".
pub fn decimal(n: u32, digits: u32) -> String {
    let scale = 10u32.pow(digits);
    let mut out = number((n / scale).into());
    let mut fraction = n % scale;
    if fraction > 0 {
        out += ".";
        let mut d = digits;
        while fraction > 0 {
            d -= 1;
            let unit = 10u32.pow(d);
            // SAFETY: an ASCII digit.
            unsafe { out.as_mut_vec() }.push(b'0' + (fraction / unit) as u8);
            fraction %= unit;
        }
    }
    out
}

/// The fields of a `progress` or `terminate` message after `seq`, as JSON members without braces:
/// completion, success, score (once a scored question is answered), progress
/// ([`Progress::measure`]), location, session
/// and total time (ms) and the state (`suspend::encode`, at most [`STATE_LIMIT`] characters).
pub fn report(course: &Course, progress: &Progress, session: u64, total: u64) -> String {
    let status = progress.status(course);
    let score = match progress.has_score(course) {
        true => {
            let h = progress.score(course).hundredths();
            fill(r#","score":{"scaled":$,"raw":$,"min":0,"max":100}"#, &[&decimal(h, 4), &decimal(h, 2)], &[])
        }
        false => String::new(),
    };
    let mut saved = progress.save(course);
    saved.time = total;
    fill(
        // The state is base64url: nothing to escape.
        r#""completion":"$","success":"$"$,"progress":$,"location":@,"session_time":#,"total_time":#,"state":"$""#,
        &[
            if status == Status::Incomplete { "incomplete" } else { "completed" },
            match status {
                Status::Passed => "passed",
                Status::Failed => "failed",
                _ => "unknown",
            },
            &score,
            &decimal(progress.measure(course), 4),
            course.modules.get(progress.location).map_or("", |m| m.id.as_str()),
            &suspend::encode(course, &saved, STATE_LIMIT),
        ],
        &[session, total],
    )
}

/// A whole message: `{"lotse":1,"type":kind,"seq":seq,` the `reason` (for `terminate`, unless
/// empty), the `report`, and the interaction `records` (JSON objects, comma-separated) `}`.
pub fn message(kind: &str, reason: &str, seq: u32, report: &str, records: &str) -> String {
    let reason = if reason.is_empty() { String::new() } else { fill(r#","reason":"$""#, &[reason], &[]) };
    fill(
        r#"{"lotse":1,"type":"$","seq":#$,$,"interactions":[$]}"#,
        &[kind, &reason, report, records],
        &[seq.into()],
    )
}

/// The indices `v` joined by `[,]` (the xAPI and SCORM 2004 list delimiter), or with `pairs` each
/// as `i[.]v[i]` (matching: left item `i` with right item `v[i]`).
fn list(v: &[usize], pairs: bool) -> String {
    let mut out = String::new();
    for (i, &n) in v.iter().enumerate() {
        if i > 0 {
            out += "[,]";
        }
        if pairs {
            out += &number(i as u64);
            out += "[.]";
        }
        out += &number(n as u64);
    }
    out
}

/// Adds `pattern` to a comma-separated list of JSON strings.
fn add(out: &mut String, pattern: &str) {
    if !out.is_empty() {
        *out += ",";
    }
    quote_into(out, pattern);
}

/// The record of one checked answer, or `None` for what is not reported (knowledge checks, and
/// reflections without `report=yes`): `{"id", "type", "attempt", "response", "correct" (the
/// correct-response patterns, xAPI's `correctResponsesPattern`), "result", "weight", "latency"
/// (ms on the page before the check), "time" (ms since 1970)}`. Choices, items and paths are
/// numbered from 0 in the author's order.
pub fn record(interaction: &Interaction, answer: &Answer, latency: u64, time: u64) -> Option<String> {
    let mut correct = String::new();
    let mut right = Vec::new();
    let kind = match &interaction.kind {
        Kind::SingleChoice(c) | Kind::MultipleChoice(c) | Kind::TrueFalse(c) => {
            for (i, choice) in c.iter().enumerate() {
                if choice.correct {
                    right.push(i);
                }
            }
            add(&mut correct, &list(&right, false));
            "choice"
        }
        Kind::FillIn(fill) => {
            for a in &fill.answers {
                if a.correct {
                    add(&mut correct, &a.text);
                }
            }
            "fill-in"
        }
        Kind::Numeric(answers) => {
            for a in answers {
                if a.correct {
                    add(&mut correct, &[a.min.as_str(), "[:]", a.max.as_str()].concat());
                }
            }
            "numeric"
        }
        Kind::Matching(pairs) => {
            right.extend(0..pairs.len());
            add(&mut correct, &list(&right, true));
            "matching"
        }
        Kind::Ordering(items) => {
            right.extend(0..items.len());
            add(&mut correct, &list(&right, false));
            "sequencing"
        }
        Kind::Scenario(_) => "other",
        Kind::SelfAssessment(_) => "likert",
        Kind::Reflection { report } if *report => "long-fill-in",
        Kind::Reflection { .. } => return None,
    };
    if !interaction.graded && kind != "long-fill-in" {
        return None;
    }
    let response = match &answer.response {
        Response::Choice(i) => number(*i as u64),
        Response::Choices(v) | Response::Order(v) | Response::Path(v) | Response::Ratings(v) => {
            list(v, false)
        }
        Response::Matches(v) => list(v, true),
        Response::Text(t) | Response::Number(t) | Response::Reflection(t) => t.clone(),
    };
    let result = match judge(&interaction.kind, &answer.response) {
        Some(true) => "correct",
        Some(false) => "incorrect",
        None => "neutral",
    };
    Some(fill(
        r#"{"id":@,"type":"$","attempt":#,"response":@,"correct":[$],"result":"$","weight":#,"latency":#,"time":#}"#,
        &[&interaction.id, kind, &response, &correct, result],
        &[answer.checks.into(), interaction.weight.into(), latency, time],
    ))
}

/// Which checks have been recorded already: each answer's count of checks when it was last
/// recorded, so every check becomes one record.
#[derive(Debug, Default)]
pub struct Journal {
    seen: Vec<(String, u32)>,
}

impl Journal {
    /// A journal in which `answers` (resumed from an earlier session, reported then) count as
    /// recorded.
    pub fn new(answers: &[Answer]) -> Self {
        let mut seen = Vec::new();
        for a in answers {
            seen.push((a.id.clone(), a.checks));
        }
        Journal { seen }
    }

    /// The records of the checks made since the last call.
    pub fn records(&mut self, course: &Course, progress: &Progress, latency: u64, time: u64) -> Vec<String> {
        let mut out = Vec::new();
        for answer in &progress.answers {
            let checks = match self.seen.iter_mut().find(|(id, _)| *id == answer.id) {
                Some((_, checks)) if *checks >= answer.checks => continue,
                Some((_, checks)) => checks,
                None => {
                    self.seen.push((answer.id.clone(), 0));
                    &mut self.seen.last_mut().expect("just pushed").1
                }
            };
            *checks = answer.checks;
            if let Some(i) = find(course, &mut |i| i.id == answer.id) {
                out.extend(record(i, answer, latency, time));
            }
        }
        out
    }
}

/// What the host page told the player in `welcome`. Text fields are empty when the host sent none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Welcome {
    /// The state the player sent last time (`state` of a `progress` message).
    pub state: String,
    pub learner_id: String,
    pub learner_name: String,
    /// The learner's preferred language (BCP 47).
    pub language: String,
    /// `passing_score` and `completion_threshold` (whole percents) in hundredths of a percent (0
    /// to 10,000, as [`crate::learner::Score::hundredths`]).
    pub rules: Rules,
}

/// A message from the host page, read by `Incoming::from_json` (in [`crate::json`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Welcome(Welcome),
    /// `saved`: every message up to this `seq` has arrived.
    Saved(u32),
}

#[cfg(test)]
mod tests;
