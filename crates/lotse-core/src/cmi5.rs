//! cmi5 (xAPI launched by an LMS): what the player's cmi5 host reads from its launch URL and the
//! LMS's documents, and which statements it sends when, as JSON text. The host only moves these
//! strings over `fetch`.
//!
//! - [`launch`]: the five launch parameters from `location.search` (`endpoint`, `fetch`, `actor`,
//!   `registration`, `activityId`), percent-decoded here.
//! - [`auth_token`]: the answer of the one POST to `fetch`; [`LaunchData::read`]: the LMS's
//!   `LMS.LaunchData` state document (context template, launch mode, return URL, mastery score).
//! - [`Session`]: `initialized` first; `completed` once per registration when the course is
//!   complete; one `passed` or `failed` per registration, judged against the LMS's mastery score
//!   (else the course's passing score); none of these in Browse or Review mode; an `answered`
//!   statement (cmi5 allowed) per checked answer; `terminated` last, and nothing after it.
//! - [`state_document`] / [`read_state`]: the player's own state document (the progress in
//!   [`crate::suspend`]'s form, and which verdicts the registration has had).
//!
//! Times come in as milliseconds, random bytes for statement ids as arguments: no clock here.

use crate::json::{self, quote_into, Value};
use crate::learner::{Progress, Response, Status};
use crate::model::{Course, Kind};
// ISO 8601 durations and scaled decimals as SCORM 2004 writes them are xAPI's forms too.
pub use crate::scorm::{duration, scaled};

pub const INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";
pub const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const CATEGORY_CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
pub const CATEGORY_MOVEON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
pub const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
pub const MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
/// The state document the LMS writes before the launch; the AU only reads it.
pub const LAUNCH_DATA: &str = "LMS.LaunchData";
/// The player's own state document: the learner's progress.
pub const STATE_ID: &str = "lotse.progress";
/// Characters the progress may take in the state document.
pub const STATE_LIMIT: usize = 64_000;

/// The launch parameters (cmi5 section 8.1). `endpoint` ends with `/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub endpoint: String,
    pub fetch: String,
    /// The actor as JSON (as the LMS gave it, written again compactly): sent in every statement
    /// and in the State and Agent Profile URLs.
    pub actor: String,
    pub registration: String,
    pub activity_id: String,
}

const PARAMETERS: [&str; 5] = ["endpoint", "fetch", "actor", "registration", "activityId"];

/// The value of parameter `name` in a URL query (`?a=1&b=2`, the `?` optional), percent-decoded,
/// `+` read as a space.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    // Byte loops, not `split`: char searchers cost the player's wasm.
    let bytes = query.as_bytes();
    let mut start = usize::from(bytes.first() == Some(&b'?'));
    while start <= bytes.len() {
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'&' {
            end += 1;
        }
        let mut equals = start;
        while equals < end && bytes[equals] != b'=' {
            equals += 1;
        }
        if percent_decode(&query[start..equals]) == name {
            return Some(percent_decode(&query[(equals + 1).min(end)..end]));
        }
        start = end + 1;
    }
    None
}

/// `%41` → `A`, `+` → space; a `%` without two hex digits stays as it is; text that would not be
/// UTF-8 once decoded is returned as it is.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |k: usize| bytes.get(k).and_then(|&b| char::from(b).to_digit(16));
        match bytes[i] {
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    // Not UTF-8 once decoded: kept as it came.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// A query value as a URL carries it: everything but `A-Z a-z 0-9 - _ . ~` as `%XX`.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The launch parameters in a query: `None` when it has none of them (not a cmi5 launch), an error
/// naming what is missing or wrong when it has some.
pub fn launch(query: &str) -> Option<Result<Launch, String>> {
    launch_by(&|name| query_value(query, name))
}

/// [`launch`] with the parameters' values (decoded) from `get`: the player asks the browser's
/// `URLSearchParams`, which keeps the decoding out of its wasm.
pub fn launch_by(get: &dyn Fn(&str) -> Option<String>) -> Option<Result<Launch, String>> {
    let mut values = Vec::new();
    let mut missing = Vec::new();
    for name in PARAMETERS {
        match get(name).filter(|v| !v.trim().is_empty()) {
            Some(v) => values.push(v),
            None => {
                missing.push(name);
                values.push(String::new());
            }
        }
    }
    if missing.len() == PARAMETERS.len() {
        return None;
    }
    if !missing.is_empty() {
        let mut problem = String::from("the cmi5 launch URL lacks ");
        for (i, name) in missing.iter().enumerate() {
            if i > 0 {
                problem += ", ";
            }
            problem += name;
        }
        return Some(Err(problem));
    }
    let [mut endpoint, fetch, actor, registration, activity_id] = <[String; 5]>::try_from(values).ok()?;
    let actor = match json::parse(&actor) {
        Ok(value) if is_agent(&value) => {
            let mut text = String::new();
            value.write(&mut text);
            text
        }
        _ => {
            return Some(
                Err(["the cmi5 actor is not an Agent with an account or an mbox: ", &actor].concat()),
            )
        }
    };
    if !endpoint.ends_with('/') {
        endpoint.push('/');
    }
    Some(Ok(Launch { endpoint, fetch, actor, registration, activity_id }))
}

/// An xAPI Agent identified by an account (`homePage`, `name`) or an `mbox`.
fn is_agent(actor: &Value) -> bool {
    let account = actor.get("account");
    let named = |key| account.and_then(|a| a.get(key)).and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    let mbox = actor.get("mbox").and_then(Value::as_str).is_some_and(|m| m.starts_with("mailto:"));
    let agent = actor.get("objectType").is_none_or(|t| t.as_str() == Some("Agent"));
    matches!(actor, Value::Object(_)) && agent && ((named("homePage") && named("name")) || mbox)
}

impl Launch {
    /// The Statements API.
    pub fn statements_url(&self) -> String {
        [self.endpoint.as_str(), "statements"].concat()
    }

    /// The State API document `state_id` of this learner, activity and registration.
    pub fn state_url(&self, state_id: &str) -> String {
        [
            self.endpoint.as_str(),
            "activities/state?stateId=",
            &percent_encode(state_id),
            "&activityId=",
            &percent_encode(&self.activity_id),
            "&agent=",
            &percent_encode(&self.actor),
            "&registration=",
            &percent_encode(&self.registration),
        ]
        .concat()
    }

    /// The learner's preferences in the Agent Profile API (cmi5 section 11).
    pub fn preferences_url(&self) -> String {
        [
            self.endpoint.as_str(),
            "agents/profile?profileId=cmi5LearnerPreferences&agent=",
            &percent_encode(&self.actor),
        ]
        .concat()
    }

    /// The learner's name for a certificate: the actor's `name`, if the LMS gave one.
    pub fn learner_name(&self) -> Option<String> {
        let actor = json::parse(&self.actor).ok()?;
        let name = actor.get("name").and_then(Value::as_str)?.trim();
        (!name.is_empty()).then(|| name.to_string())
    }
}

/// The token in the answer to the POST to `fetch` (`{"auth-token": "…"}`), or the LMS's error.
pub fn auth_token(text: &str) -> Result<String, String> {
    let value = json::parse(text).map_err(|e| ["the fetch URL's answer is not JSON: ", &e].concat())?;
    if let Some(token) = value.get("auth-token").and_then(Value::as_str) {
        return Ok(token.to_string());
    }
    let field = |key| match value.get(key) {
        Some(Value::String(s) | Value::Number(s)) => String::from(&**s),
        _ => String::new(),
    };
    Err(["the LMS gave no token: error ", &field("error-code"), " ", &field("error-text")].concat())
}

/// The learner's first language in a `cmi5LearnerPreferences` document
/// (`{"languagePreference":"de-DE,en-US"}`).
pub fn language_preference(text: &str) -> Option<String> {
    let value = json::parse(text).ok()?;
    let list = value.get("languagePreference")?.as_str()?;
    let end = list.bytes().position(|b| b == b',').unwrap_or(list.len());
    let first = list[..end].trim();
    (!first.is_empty()).then(|| first.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Browse and Review: no completed, passed or failed, nor answers.
    Browse,
    Review,
}

/// What the player uses of `LMS.LaunchData` (cmi5 section 10).
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchData {
    /// `contextTemplate`: the start of every statement's context (with the session id).
    pub context: String,
    pub mode: Mode,
    pub return_url: Option<String>,
    pub move_on: String,
    /// `masteryScore` in ten-thousandths (0–10,000), rounded up to four places, and as the LMS
    /// wrote it (for the context extension of passed and failed).
    pub mastery: Option<(u32, String)>,
}

impl LaunchData {
    /// Reads the document; a missing context template or session id is an error (statements
    /// without them would be rejected), a missing launch mode is Normal, an unknown one Browse.
    pub fn read(text: &str) -> Result<LaunchData, String> {
        let value = json::parse(text).map_err(|e| ["LMS.LaunchData is not JSON: ", &e].concat())?;
        let Some(context @ Value::Object(_)) = value.get("contextTemplate") else {
            return Err("LMS.LaunchData has no contextTemplate object".to_string());
        };
        let session = context.get("extensions").and_then(|e| e.get(SESSION_ID)).and_then(Value::as_str);
        if session.is_none_or(str::is_empty) {
            return Err("LMS.LaunchData's contextTemplate has no session id".to_string());
        }
        let mode = match value.get("launchMode").and_then(Value::as_str) {
            None | Some("Normal") => Mode::Normal,
            Some("Review") => Mode::Review,
            Some(_) => Mode::Browse,
        };
        let text_of = |key| value.get(key).and_then(Value::as_str).map(str::to_string);
        let mastery = match value.get("masteryScore") {
            Some(Value::Number(n)) => ten_thousandths(n).map(|m| (m, String::from(&**n))),
            _ => None,
        };
        let mut template = String::new();
        context.write(&mut template);
        Ok(LaunchData {
            context: template,
            mode,
            return_url: text_of("returnURL").filter(|u| !u.is_empty()),
            move_on: text_of("moveOn").unwrap_or_default(),
            mastery,
        })
    }
}

/// A decimal in [0, 1] (`0.75`, `1`, `.5`) in ten-thousandths, rounded up; `None` outside.
fn ten_thousandths(n: &str) -> Option<u32> {
    let dot = n.bytes().position(|b| b == b'.').unwrap_or(n.len());
    let (whole, fraction) = (&n[..dot], n.get(dot + 1..).unwrap_or_default());
    let whole = if whole.is_empty() { 0 } else { json::whole_number(whole)? };
    let mut value = whole.checked_mul(10_000)?;
    let mut scale = 1_000;
    let mut rest = false;
    for b in fraction.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        if scale == 0 {
            rest |= b != b'0';
        } else {
            value += u64::from(b - b'0') * scale;
            scale /= 10;
        }
    }
    let value = value + u64::from(rest);
    (value <= 10_000).then_some(value as u32)
}

/// Which verdicts this registration has had (kept in the player's state document): completed and
/// passed at most once per registration, no failed after passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reported {
    pub completed: bool,
    pub passed: bool,
    pub failed: bool,
}

/// The player's state document: `{"progress":"…","reported":["completed","passed"]}`.
pub fn state_document(progress: &str, reported: Reported) -> String {
    let mut out = String::from("{\"progress\":");
    quote_into(&mut out, progress);
    out += ",\"reported\":[";
    let mut first = true;
    for (done, name) in
        [(reported.completed, "completed"), (reported.passed, "passed"), (reported.failed, "failed")]
    {
        if done {
            out += if first { "\"" } else { ",\"" };
            out += name;
            out.push('"');
            first = false;
        }
    }
    out + "]}"
}

/// The progress text and the verdicts in a state document written by [`state_document`].
pub fn read_state(text: &str) -> Result<(String, Reported), String> {
    let value = json::parse(text)?;
    let progress =
        value.get("progress").and_then(Value::as_str).ok_or("no progress in the state document")?;
    let mut reported = Reported::default();
    if let Some(Value::Array(names)) = value.get("reported") {
        for name in names {
            match name.as_str() {
                Some("completed") => reported.completed = true,
                Some("passed") => reported.passed = true,
                Some("failed") => reported.failed = true,
                _ => {}
            }
        }
    }
    Ok((progress.to_string(), reported))
}

/// `2026-12-03T08:31:55.123Z` for milliseconds since 1970 (UTC).
pub fn timestamp(millis: u64) -> String {
    let days = (millis / 86_400_000) as i64;
    let in_day = millis % 86_400_000;
    // Days since 1970-01-01 to a civil date, in 400-year eras of 146,097 days from 0000-03-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let mut out = String::with_capacity(24);
    for (n, width, after) in [
        (year as u64, 4, '-'),
        (month as u64, 2, '-'),
        (day as u64, 2, 'T'),
        (in_day / 3_600_000, 2, ':'),
        (in_day / 60_000 % 60, 2, ':'),
        (in_day / 1_000 % 60, 2, '.'),
        (in_day % 1_000, 3, 'Z'),
    ] {
        let digits = crate::text::number(n);
        for _ in digits.len()..width {
            out.push('0');
        }
        out += &digits;
        out.push(after);
    }
    out
}

/// A UUID version 4 from 16 random bytes (`crypto.getRandomValues` in the player).
pub fn uuid(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// One AU session: which statements are due, in cmi5's order. Statements are JSON text.
#[derive(Debug, Clone)]
pub struct Session {
    pub launch: Launch,
    pub data: LaunchData,
    /// The registration's verdicts, earlier sessions' included.
    pub reported: Reported,
    initialized: bool,
    terminated: bool,
    /// Passed or failed sent in this session.
    judged: bool,
    /// Checks of each answer already reported (`answered`), earlier sessions' included.
    seen: Vec<(String, u32)>,
}

/// Where the statement's `random` bytes come from.
pub type Random<'a> = &'a mut dyn FnMut() -> [u8; 16];

impl Session {
    /// A session that resumes `progress` (its answers were reported before).
    pub fn new(launch: Launch, data: LaunchData, reported: Reported, progress: &Progress) -> Session {
        let mut session = Session {
            launch,
            data,
            reported,
            initialized: false,
            terminated: false,
            judged: false,
            seen: vec![],
        };
        session.resume(reported, progress);
        session
    }

    /// Resumes `progress`, whose answers were reported before, in a registration that has had
    /// the verdicts `reported`.
    pub fn resume(&mut self, reported: Reported, progress: &Progress) {
        self.reported = reported;
        self.seen = progress.answers.iter().map(|a| (a.id.clone(), a.checks)).collect();
    }

    /// Whether completed, passed and failed may be sent (Normal mode).
    fn judging(&self) -> bool {
        self.data.mode == Mode::Normal
    }

    pub fn is_terminated(&self) -> bool {
        self.terminated
    }

    /// An earlier load of this page (a reload) initialised the session, and `terminated` it too:
    /// no second `initialized`, and nothing at all once terminated.
    pub fn continued(&mut self, terminated: bool) {
        self.initialized = true;
        self.terminated |= terminated;
    }

    /// The first statement of the session; `None` when it was made already.
    pub fn initialized(&mut self, now: u64, random: Random) -> Option<String> {
        if self.initialized || self.terminated {
            return None;
        }
        self.initialized = true;
        Some(self.statement(INITIALIZED, "initialized", random(), now, None, "", ""))
    }

    /// The statements `progress` calls for since the last call: `answered` for each answer checked
    /// anew, then `completed`, then `passed` or `failed`. `time` is the time spent in the course
    /// (all sessions), the duration of the verdicts.
    pub fn progress(
        &mut self,
        course: &Course,
        progress: &Progress,
        time: u64,
        now: u64,
        random: Random,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if !self.initialized || self.terminated || !self.judging() {
            return out;
        }
        self.answered(course, progress, now, random, &mut out);
        let duration = [",\"duration\":\"", &duration(time), "\""].concat();
        if !self.reported.completed && progress.is_complete(course) {
            self.reported.completed = true;
            let result = ["{\"completion\":true", &duration, "}"].concat();
            out.push(self.statement(COMPLETED, "completed", random(), now, Some(&result), "", ""));
        }
        let score = progress.score(course);
        // The mastery score, else the passing score in force (the LMS's rules, else the course's).
        let pass = self.data.mastery.as_ref().map(|m| m.0).or(progress.passing(course));
        let ready = progress.finished
            || progress.is_complete(course)
            || progress.status(course) != Status::Incomplete;
        if let (Some(pass), true, false, false) =
            (pass, ready && score.total > 0, self.judged, self.reported.passed)
        {
            let (correct, total) = (u64::from(score.correct.min(score.total)), u64::from(score.total));
            // Rounded down, so that the scaled score of a pass is at least the mastery score and
            // that of a fail below it.
            let ten_thousandths = (correct * 10_000 / total) as u32;
            let passed = correct * 10_000 >= u64::from(pass) * total;
            if passed || (!self.reported.failed && progress.settled(course)) {
                let result = [
                    "{\"score\":{\"scaled\":",
                    &scaled(ten_thousandths),
                    ",\"raw\":",
                    &crate::text::number(correct),
                    ",\"min\":0,\"max\":",
                    &crate::text::number(total),
                    "},\"success\":",
                    if passed { "true" } else { "false" },
                    &duration,
                    "}",
                ]
                .concat();
                let mastery = self.data.mastery.as_ref().map_or("", |(_, text)| text.as_str()).to_string();
                let (verb, name) = if passed { (PASSED, "passed") } else { (FAILED, "failed") };
                self.judged = true;
                if passed {
                    self.reported.passed = true;
                } else {
                    self.reported.failed = true;
                }
                out.push(self.statement(verb, name, random(), now, Some(&result), &mastery, ""));
            }
        }
        out
    }

    /// An `answered` statement (cmi5 allowed: no cmi5 category) for each answer checked anew.
    fn answered(
        &mut self,
        course: &Course,
        progress: &Progress,
        now: u64,
        random: Random,
        out: &mut Vec<String>,
    ) {
        for answer in &progress.answers {
            let seen = self.seen.iter().position(|(id, _)| *id == answer.id);
            if seen.is_some_and(|i| self.seen[i].1 >= answer.checks) {
                continue;
            }
            match seen {
                Some(i) => self.seen[i].1 = answer.checks,
                None => self.seen.push((answer.id.clone(), answer.checks)),
            }
            let Some(interaction) = crate::learner::find(course, &mut |i| i.id == answer.id) else {
                continue;
            };
            // As for SCORM: scored answers, and reflections only where the author asked for it.
            let reported = matches!(interaction.kind, Kind::Reflection { report: true });
            if !(reported || crate::learner::scored(interaction)) {
                continue;
            }
            let Some((kind, response, pattern)) = response(&interaction.kind, &answer.response) else {
                continue;
            };
            let mut result = String::from("{\"response\":");
            quote_into(&mut result, &response);
            if let Some(right) = crate::learner::judge(&interaction.kind, &answer.response) {
                result += if right { ",\"success\":true" } else { ",\"success\":false" };
            }
            result.push('}');
            let mut object = String::from("{\"id\":");
            quote_into(
                &mut object,
                &[self.launch.activity_id.as_str(), "/interactions/", &percent_encode(&answer.id)].concat(),
            );
            object += ",\"objectType\":\"Activity\",\"definition\":{\"type\":\"";
            object += INTERACTION;
            object += "\",\"interactionType\":\"";
            object += kind;
            object.push('"');
            if let Some(pattern) = pattern {
                object += ",\"correctResponsesPattern\":[";
                quote_into(&mut object, &pattern);
                object.push(']');
            }
            object += "}}";
            out.push(self.statement(ANSWERED, "answered", random(), now, Some(&result), "", &object));
        }
    }

    /// The last statement of the session; `None` when it was made already (or nothing was
    /// initialised). `session` is this session's time.
    pub fn terminated(&mut self, session: u64, now: u64, random: Random) -> Option<String> {
        if !self.initialized || self.terminated {
            return None;
        }
        self.terminated = true;
        let result = ["{\"duration\":\"", &duration(session), "\"}"].concat();
        Some(self.statement(TERMINATED, "terminated", random(), now, Some(&result), "", ""))
    }

    /// A statement about the AU (or `object`, when given), with the LMS's context template,
    /// the registration and, for cmi5 defined statements, the cmi5 category (and moveOn's, for
    /// those with success or completion). `mastery`: the mastery score's text for the context
    /// extension of passed and failed, or empty.
    #[allow(clippy::too_many_arguments)]
    fn statement(
        &self,
        verb: &str,
        name: &str,
        id: [u8; 16],
        now: u64,
        result: Option<&str>,
        mastery: &str,
        object: &str,
    ) -> String {
        let defined = verb != ANSWERED;
        let moveon = matches!(verb, COMPLETED | PASSED | FAILED);
        let mut context = json::parse(&self.data.context).unwrap_or(Value::Null);
        if let Value::Object(members) = &mut context {
            if !members.iter().any(|(k, _)| k == "registration") {
                members
                    .push(("registration".into(), Value::String(self.launch.registration.as_str().into())));
            }
            if defined {
                let activities = object_member(members, "contextActivities");
                let category = match activities {
                    Value::Object(activities) => member(activities, "category"),
                    _ => unreachable!(),
                };
                add_activity(category, CATEGORY_CMI5);
                if moveon {
                    add_activity(category, CATEGORY_MOVEON);
                }
            }
            if !mastery.is_empty() {
                if let Value::Object(extensions) = object_member(members, "extensions") {
                    if !extensions.iter().any(|(k, _)| k == MASTERY_SCORE) {
                        extensions.push((MASTERY_SCORE.into(), Value::Number(mastery.into())));
                    }
                }
            }
        }
        let mut out = String::from("{\"id\":\"");
        out += &uuid(id);
        out += "\",\"timestamp\":\"";
        out += &timestamp(now);
        out += "\",\"actor\":";
        out += &self.launch.actor;
        out += ",\"verb\":{\"id\":\"";
        out += verb;
        out += "\",\"display\":{\"en-US\":\"";
        out += name;
        out += "\"}},\"object\":";
        if object.is_empty() {
            out += "{\"id\":";
            quote_into(&mut out, &self.launch.activity_id);
            out += ",\"objectType\":\"Activity\"}";
        } else {
            out += object;
        }
        out += ",\"context\":";
        context.write(&mut out);
        if let Some(result) = result {
            out += ",\"result\":";
            out += result;
        }
        out + "}"
    }
}

/// An object's members, as a statement's context holds them.
type Members<'a> = Vec<(std::borrow::Cow<'a, str>, Value<'a>)>;

/// The member `key` of an object's members, added as `null` when absent.
fn member<'m, 'a>(members: &'m mut Members<'a>, key: &'a str) -> &'m mut Value<'a> {
    let i = match members.iter().position(|(k, _)| k == key) {
        Some(i) => i,
        None => {
            members.push((key.into(), Value::Null));
            members.len() - 1
        }
    };
    &mut members[i].1
}

/// The member `key`, made an (empty) object unless it is one.
fn object_member<'m, 'a>(members: &'m mut Members<'a>, key: &'a str) -> &'m mut Value<'a> {
    let value = member(members, key);
    if !matches!(value, Value::Object(_)) {
        *value = Value::Object(Vec::new());
    }
    value
}

/// Adds the activity `id` to a context activities list (made a list if it was one activity or
/// nothing), unless it is there.
fn add_activity<'a>(list: &mut Value<'a>, id: &'a str) {
    let items = match std::mem::replace(list, Value::Null) {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        one => vec![one],
    };
    *list = Value::Array(items);
    if let Value::Array(items) = list {
        if !items.iter().any(|a| a.get("id").and_then(Value::as_str) == Some(id)) {
            items.push(Value::Object(vec![("id".into(), Value::String(id.into()))]));
        }
    }
}

/// The xAPI interaction type, the learner's response and the correct response pattern, in xAPI's
/// forms: choices and items by their position, counted from 0, `[,]` between list items, `[.]`
/// between a matching's two sides, `[:]` between a numeric range's ends; for true/false the
/// author's first option is "true" (as the SCORM host reports it).
fn response(kind: &Kind, response: &Response) -> Option<(&'static str, String, Option<String>)> {
    let list = |v: &[usize], sep: &str| {
        let mut out = String::new();
        for (i, n) in v.iter().enumerate() {
            if i > 0 {
                out += sep;
            }
            out += &crate::text::number(*n as u64);
        }
        out
    };
    let pairs = |v: &[usize]| {
        let mut out = String::new();
        for (left, right) in v.iter().enumerate() {
            if left > 0 {
                out += "[,]";
            }
            out += &crate::text::number(left as u64);
            out += "[.]";
            out += &crate::text::number(*right as u64);
        }
        out
    };
    let identity = |n: usize| (0..n).collect::<Vec<_>>();
    let correct = |choices: &[crate::model::Choice]| {
        let mut out = Vec::new();
        for (i, c) in choices.iter().enumerate() {
            if c.correct {
                out.push(i);
            }
        }
        list(&out, "[,]")
    };
    Some(match (kind, response) {
        (Kind::TrueFalse(c), Response::Choice(i)) => {
            let word = |i: usize| if i == 0 { "true" } else { "false" }.to_string();
            ("true-false", word(*i), c.iter().position(|c| c.correct).map(word))
        }
        (Kind::SingleChoice(c), Response::Choice(i)) => ("choice", list(&[*i], ""), Some(correct(c))),
        (Kind::MultipleChoice(c), Response::Choices(v)) => ("choice", list(v, "[,]"), Some(correct(c))),
        (Kind::FillIn(fill), Response::Text(t)) => {
            ("fill-in", t.clone(), fill.answers.iter().find(|a| a.correct).map(|a| a.text.clone()))
        }
        (Kind::Numeric(answers), Response::Number(t)) => {
            let range = answers.iter().find(|a| a.correct).map(|a| [a.min.as_str(), "[:]", &a.max].concat());
            ("numeric", t.clone(), range)
        }
        (Kind::Matching(p), Response::Matches(v)) => ("matching", pairs(v), Some(pairs(&identity(p.len())))),
        (Kind::Ordering(items), Response::Order(v)) => {
            ("sequencing", list(v, "[,]"), Some(list(&identity(items.len()), "[,]")))
        }
        (Kind::Scenario(_), Response::Path(v)) => ("other", list(v, "[,]"), None),
        (Kind::Reflection { .. }, Response::Reflection(t)) => ("long-fill-in", t.clone(), None),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
