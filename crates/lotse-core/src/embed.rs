//! The postMessage protocol between the player in an iframe and a custom host page
//! (`docs/embedding.md`): the messages' JSON text, written here by hand (the player ships no
//! serde_json), and the host's messages read with [`crate::json::parse`]. The player's bridge
//! (`src/bridge/embed.rs`) only posts these texts and checks origins.
//!
//! Numbers that are fractions (scores, the progress measure) are written from integers, without
//! float formatting, and never in exponent form.

use crate::json::{parse, quote, Value};
use crate::learner::{judge, Answer, Progress, Response, Rules, Status};
use crate::model::{parse_decimal, Block, Course, Interaction, Kind};
use crate::suspend;
use crate::text::number;

/// The protocol's version: every message carries it as `lotse`.
pub const PROTOCOL: u32 = 1;
/// The longest `state` the player sends (characters): SCORM 2004's `cmi.suspend_data` limit, so a
/// host may hand the state on to an LMS unchanged.
pub const STATE_LIMIT: usize = 64_000;

/// `hello`: the player announces itself and its course.
pub fn hello(course: &Course) -> String {
    [
        "{\"lotse\":1,\"type\":\"hello\",\"course\":{\"id\":",
        &quote(&course.id),
        ",\"title\":",
        &quote(&course.title),
        ",\"version\":",
        &quote(&course.version),
        ",\"language\":",
        &quote(&course.language),
        "}}",
    ]
    .concat()
}

/// `n` divided by 10^`digits`, as a decimal without trailing zeros: `decimal(6667, 4)` is
/// "0.6667", `decimal(5000, 2)` is "50".
pub fn decimal(n: u32, digits: u32) -> String {
    let scale = 10u32.pow(digits);
    let mut out = number((n / scale).into());
    let mut fraction = n % scale;
    if fraction > 0 {
        out.push('.');
        let mut d = digits;
        while fraction > 0 {
            d -= 1;
            let unit = 10u32.pow(d);
            out.push(char::from(b'0' + (fraction / unit) as u8));
            fraction %= unit;
        }
    }
    out
}

/// How far the learner has come, in ten-thousandths (0 to 10,000): the modules visited and the
/// graded questions answered, out of all of them. 10,000 only when nothing is left.
pub fn measure(course: &Course, progress: &Progress) -> u32 {
    let (mut done, mut all) = (0u64, 0u64);
    for (module, &visited) in course.modules.iter().zip(&progress.visited) {
        all += 1;
        done += u64::from(visited);
        for block in &module.blocks {
            if let Block::Interaction(i) = block {
                if i.graded {
                    all += 1;
                    done += u64::from(progress.answer(&i.id).is_some());
                }
            }
        }
    }
    if all == 0 {
        return 10_000;
    }
    (done * 10_000 / all) as u32
}

/// The fields of a `progress` or `terminate` message after `seq`, as JSON members without braces:
/// completion, success, score (once a scored question is answered), progress, location, session
/// and total time (ms) and the state (`suspend::encode`, at most [`STATE_LIMIT`] characters).
pub fn report(course: &Course, progress: &Progress, session: u64, total: u64) -> String {
    let status = progress.status(course);
    let mut out = String::from("\"completion\":\"");
    out += if status == Status::Incomplete { "incomplete" } else { "completed" };
    out += "\",\"success\":\"";
    out += match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        _ => "unknown",
    };
    out.push('"');
    if progress.has_score(course) {
        let h = progress.score(course).hundredths();
        out += ",\"score\":{\"scaled\":";
        out += &decimal(h, 4);
        out += ",\"raw\":";
        out += &decimal(h, 2);
        out += ",\"min\":0,\"max\":100}";
    }
    out += ",\"progress\":";
    out += &decimal(measure(course, progress), 4);
    out += ",\"location\":";
    out += &quote(course.modules.get(progress.location).map_or("", |m| m.id.as_str()));
    out += ",\"session_time\":";
    out += &number(session);
    out += ",\"total_time\":";
    out += &number(total);
    let mut saved = progress.save(course);
    saved.time = total;
    out += ",\"state\":";
    out += &quote(&suspend::encode(course, &saved, STATE_LIMIT));
    out
}

/// A whole message: `{"lotse":1,"type":kind,"seq":seq,` the `reason` (for `terminate`, unless
/// empty), the `report`, and the interaction records `}`.
pub fn message(kind: &str, reason: &str, seq: u32, report: &str, records: &[String]) -> String {
    let mut out = ["{\"lotse\":1,\"type\":\"", kind, "\",\"seq\":", &number(seq.into()), ","].concat();
    if !reason.is_empty() {
        out += &["\"reason\":\"", reason, "\","].concat();
    }
    out += report;
    out += ",\"interactions\":[";
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out += record;
    }
    out + "]}"
}

/// The identifier of choice, item or path `i`: `a` … `z`, then `c26`, `c27` ….
fn letter(i: usize) -> String {
    if i < 26 {
        char::from(b'a' + i as u8).to_string()
    } else {
        ["c", &number(i as u64)].concat()
    }
}

/// `f(0)`, `f(1)` … `f(n - 1)` joined by `[,]` (the xAPI and SCORM 2004 list delimiter).
fn list(n: usize, f: &dyn Fn(usize) -> String) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out += "[,]";
        }
        out += &f(i);
    }
    out
}

/// The record of one checked answer, or `None` for what is not reported (knowledge checks, and
/// reflections without `report=yes`): `{"id", "type", "attempt", "response", "correct" (the
/// correct-response patterns, xAPI's `correctResponsesPattern`), "result", "weight", "latency"
/// (ms on the page before the check), "time" (ms since 1970)}`.
pub fn record(interaction: &Interaction, answer: &Answer, latency: u64, time: u64) -> Option<String> {
    let reported = match &interaction.kind {
        Kind::Reflection { report } => *report,
        _ => interaction.graded,
    };
    if !reported {
        return None;
    }
    let seq = |v: &[usize]| list(v.len(), &|i| letter(v[i]));
    let mut correct = Vec::new();
    let (kind, response) = match (&interaction.kind, &answer.response) {
        (Kind::SingleChoice(c) | Kind::MultipleChoice(c) | Kind::TrueFalse(c), response) => {
            let mut right = Vec::new();
            for (i, choice) in c.iter().enumerate() {
                if choice.correct {
                    right.push(i);
                }
            }
            correct.push(seq(&right));
            let chosen = match response {
                Response::Choice(i) => seq(&[*i]),
                Response::Choices(v) => seq(v),
                _ => String::new(),
            };
            ("choice", chosen)
        }
        (Kind::FillIn(fill), Response::Text(t)) => {
            for a in &fill.answers {
                if a.correct {
                    correct.push(a.text.clone());
                }
            }
            ("fill-in", t.clone())
        }
        (Kind::Numeric(answers), Response::Number(t)) => {
            for a in answers {
                if a.correct {
                    correct.push([a.min.as_str(), "[:]", a.max.as_str()].concat());
                }
            }
            // The number as the player read it: "1,5" is 1.5.
            let value = parse_decimal(t).unwrap_or_default();
            let whole = number(value.unsigned_abs() / 1_000_000);
            let fraction = decimal((value.unsigned_abs() % 1_000_000) as u32, 6);
            let sign = if value < 0 { "-" } else { "" };
            ("numeric", [sign, &whole, fraction.get(1..).unwrap_or_default()].concat())
        }
        (Kind::Matching(pairs), Response::Matches(v)) => {
            correct.push(list(pairs.len(), &|i| [letter(i), "[.]".into(), letter(i)].concat()));
            ("matching", list(v.len(), &|i| [letter(i), "[.]".into(), letter(v[i])].concat()))
        }
        (Kind::Ordering(items), Response::Order(v)) => {
            correct.push(list(items.len(), &letter));
            ("sequencing", seq(v))
        }
        (Kind::Scenario(_), Response::Path(v)) => ("other", seq(v)),
        (Kind::SelfAssessment(_), Response::Ratings(v)) => ("likert", seq(v)),
        (_, Response::Reflection(t)) => ("long-fill-in", t.clone()),
        _ => return None,
    };
    let result = match judge(&interaction.kind, &answer.response) {
        Some(true) => "correct",
        Some(false) => "incorrect",
        None => "neutral",
    };
    let mut out = ["{\"id\":", &quote(&interaction.id), ",\"type\":\"", kind, "\",\"attempt\":"].concat();
    out += &number(answer.checks.into());
    out += ",\"response\":";
    out += &quote(&response);
    out += ",\"correct\":[";
    for (i, pattern) in correct.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out += &quote(pattern);
    }
    out += "],\"result\":\"";
    out += result;
    out += "\",\"weight\":";
    out += &number(interaction.weight.into());
    out += ",\"latency\":";
    out += &number(latency);
    out += ",\"time\":";
    out += &number(time);
    Some(out + "}")
}

/// Which checks have been recorded already: each answer's count of checks when it was last
/// recorded, so every check becomes one record.
#[derive(Debug, Default)]
pub struct Journal {
    seen: Vec<(String, u32)>,
}

impl Journal {
    /// A journal in which the answers of `progress` (resumed from an earlier session, reported
    /// then) count as recorded.
    pub fn new(progress: &Progress) -> Self {
        let mut seen = Vec::new();
        for a in &progress.answers {
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
            for module in &course.modules {
                for block in &module.blocks {
                    if let Block::Interaction(i) = block {
                        if i.id == answer.id {
                            out.extend(record(i, answer, latency, time));
                        }
                    }
                }
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
    /// `passing_score` (percent) in hundredths of a percent, `completion_threshold` (0 to 1) in
    /// ten-thousandths: both 0 to 10,000.
    pub rules: Rules,
}

/// A message from the host page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Welcome(Welcome),
    /// `saved`: every message up to this `seq` has arrived.
    Saved(u32),
}

fn get<'v>(members: &'v [(String, Value)], key: &str) -> Option<&'v Value> {
    members.iter().find(|(k, v)| k == key && *v != Value::Null).map(|(_, v)| v)
}

/// A text member (absent: empty); another kind of value is a problem.
fn text(members: &[(String, Value)], key: &str) -> Result<String, String> {
    match get(members, key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err([key, " is not a string"].concat()),
    }
}

/// A decimal number member from 0 to `max` (absent: `None`), in millionths.
fn fraction(members: &[(String, Value)], key: &str, max: i64) -> Result<Option<u32>, String> {
    match get(members, key) {
        None => Ok(None),
        Some(Value::Number(n)) => match parse_decimal(n) {
            Some(v) if (0..=max * 1_000_000).contains(&v) => Ok(Some((v / 100 / max) as u32)),
            _ => Err([key, " is not a number from 0 to ", &number(max as u64)].concat()),
        },
        _ => Err([key, " is not a number"].concat()),
    }
}

/// Reads a message from the host page (the JSON text of the posted object). The error says what
/// is wrong with it, for the console.
pub fn read(text_: &str) -> Result<Incoming, String> {
    let value = parse(text_)?;
    let Value::Object(m) = &value else { return Err("not an object".into()) };
    if get(m, "lotse") != Some(&Value::Number("1".into())) {
        return Err("not a message of the Lotse protocol, version 1 (no \"lotse\": 1)".into());
    }
    match get(m, "type") {
        Some(Value::String(t)) if t == "welcome" => Ok(Incoming::Welcome(Welcome {
            state: text(m, "state")?,
            learner_id: text(m, "learner_id")?,
            learner_name: text(m, "learner_name")?,
            language: text(m, "language")?,
            rules: Rules {
                passing: fraction(m, "passing_score", 100)?,
                threshold: fraction(m, "completion_threshold", 1)?,
            },
        })),
        Some(Value::String(t)) if t == "saved" => match get(m, "seq") {
            Some(Value::Number(n)) => match crate::json::whole_number(n) {
                Some(seq) if seq <= u32::MAX.into() => Ok(Incoming::Saved(seq as u32)),
                _ => Err("seq is not a whole number".into()),
            },
            _ => Err("saved has no seq".into()),
        },
        _ => Err("unknown type".into()),
    }
}

#[cfg(test)]
mod tests;
