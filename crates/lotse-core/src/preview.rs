//! What the player would send to a SCORM LMS, for the trainer's preview panel (the player's
//! `preview` build, which `lotse serve` uses; never packaged for learners). For each version, 2004
//! first: the values [`scorm::report`] sets after a change and [`scorm::finish`] sets when the
//! learner leaves, as they would be if the learner left now; the length of `cmi.suspend_data`
//! ([`crate::suspend::encode`]) against the version's limit; and the interaction records the
//! [`Journal`] would have written so far. Nothing here maps a value itself: it gathers what the
//! SCORM bridge sends, for an LMS that holds nothing yet, in normal mode with credit.

use crate::learner::{Progress, Saved};
use crate::model::Course;
use crate::scorm::{self, Journal, Start, Version};
use crate::suspend;

/// The versions shown, in this order.
pub const VERSIONS: [Version; 2] = [Version::Scorm2004, Version::Scorm12];

/// Characters the whole progress may take when its length is measured: far above both limits.
const UNLIMITED: usize = 1 << 20;

/// What one version's LMS would hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub version: Version,
    /// (element, value) in the order they are set, `cmi.suspend_data` left out (see `suspend`).
    pub values: Vec<(&'static str, String)>,
    /// The characters of `cmi.suspend_data` as it is set (encoded to fit `limit`) and as the whole
    /// progress needs them: `needed` is more than `suspend` when the encoding had to leave out
    /// detail to fit.
    pub suspend: usize,
    pub needed: usize,
    /// The most characters the version's `cmi.suspend_data` may hold.
    pub limit: usize,
    /// The interaction records written so far, in order.
    pub records: Vec<Record>,
}

impl Report {
    /// The name of the report's version, as the packages call it.
    pub fn name(&self) -> &'static str {
        match self.version {
            Version::Scorm2004 => "SCORM 2004",
            Version::Scorm12 => "SCORM 1.2",
        }
    }
}

/// One interaction record: `cmi.interactions.n` and its fields (`id`, `type`, … `result`,
/// `latency`) in the order they are set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub element: String,
    pub fields: Vec<(String, String)>,
}

/// When an update happens, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Times {
    /// Spent in the course so far (kept in the suspend data).
    pub course: u64,
    /// This page load's share of it (the session time).
    pub session: u64,
    /// From opening the module on screen to now (a new record's latency).
    pub latency: u64,
    /// Now, since 1970, in UTC and as the learner's time zone reads it (the times of SCORM 2004's
    /// and 1.2's records).
    pub utc: u64,
    pub local: u64,
}

/// A journal per version (as the SCORM bridge keeps one) and the records written so far.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    journals: [Journal; 2],
    records: [Vec<Record>; 2],
}

impl Recorder {
    /// A recorder for a session that resumes `saved`: its answers were recorded when they were
    /// checked, as the SCORM bridge assumes ([`Journal::prime`]).
    pub fn new(saved: Option<&Saved>) -> Self {
        let mut recorder = Recorder::default();
        for journal in &mut recorder.journals {
            journal.prime(saved);
        }
        recorder
    }

    /// Each version's report after a change, at `times`.
    pub fn update(&mut self, course: &Course, progress: &Progress, times: Times) -> Vec<Report> {
        let start = Start { records: true, ..Start::default() };
        let mut saved = progress.save(course);
        saved.time = times.course;
        let needed = suspend::encode(course, &saved, UNLIMITED).len();
        let mut reports = Vec::new();
        for (k, version) in VERSIONS.into_iter().enumerate() {
            let now = if version == Version::Scorm2004 { times.utc } else { times.local };
            let written = self.journals[k].records(version, course, progress, true, times.latency, now);
            self.records[k].extend(group(written));
            let mut values = scorm::report(version, course, progress, &start, times.course);
            values.extend(scorm::finish(version, course, progress, times.session));
            let mut suspend = 0;
            values.retain(|(element, value)| {
                let data = *element == "cmi.suspend_data";
                if data {
                    suspend = value.len();
                }
                !data
            });
            let limit = version.suspend_limit();
            let records = self.records[k].clone();
            reports.push(Report { version, values, suspend, needed, limit, records });
        }
        reports
    }
}

/// The records in a journal's (element, value) list: `cmi.interactions.n.field` grouped by `n`.
pub fn group(values: Vec<(String, String)>) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    for (element, value) in values {
        // `cmi.interactions.` then the record's number, then its field.
        let Some(rest) = element.strip_prefix("cmi.interactions.") else { continue };
        let Some((n, field)) = rest.split_once('.') else { continue };
        let record = ["cmi.interactions.", n].concat();
        match records.last_mut() {
            Some(last) if last.element == record => last.fields.push((field.to_string(), value)),
            _ => records.push(Record { element: record, fields: vec![(field.to_string(), value)] }),
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learner::{Action, Answer, Response};
    use crate::model::{Block, Choice, Kind};
    use crate::testing::{course, interaction, module, text};

    fn sample() -> Course {
        let choice = |correct| Choice { content: text("x"), correct, feedback: vec![] };
        let q = interaction("q1", Kind::SingleChoice(vec![choice(false), choice(true)]));
        course(vec![module("intro", vec![]), module("buoys", vec![Block::Interaction(Box::new(q))])])
    }

    /// A first session of `session` ms, an answer `latency` ms after opening its module, at `now`.
    fn at(session: u64, latency: u64, now: u64) -> Times {
        Times { course: session, session, latency, utc: now, local: now }
    }

    fn value<'a>(report: &'a Report, element: &str) -> Option<&'a str> {
        report.values.iter().find(|(e, _)| *e == element).map(|(_, v)| v.as_str())
    }

    fn field<'a>(record: &'a Record, name: &str) -> Option<&'a str> {
        record.fields.iter().find(|(f, _)| f == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_fresh_course_reports_incomplete_without_score_or_records() {
        let course = sample();
        let progress = Progress::new(&course);
        let reports = Recorder::new(None).update(&course, &progress, Times::default());
        let [r2004, r12] = &reports[..] else { panic!("two reports: {reports:?}") };
        assert_eq!((r2004.name(), r12.name()), ("SCORM 2004", "SCORM 1.2"));
        assert_eq!(value(r2004, "cmi.completion_status"), Some("incomplete"));
        assert_eq!(value(r2004, "cmi.success_status"), Some("unknown"));
        assert_eq!(value(r2004, "cmi.location"), Some("intro"));
        assert_eq!(value(r2004, "cmi.exit"), Some("suspend"));
        assert_eq!(value(r2004, "cmi.session_time"), Some("PT0S"));
        assert_eq!(value(r12, "cmi.core.lesson_status"), Some("incomplete"));
        assert_eq!(value(r12, "cmi.core.lesson_location"), Some("intro"));
        assert_eq!(value(r12, "cmi.core.score.raw"), None, "no score before a scored answer");
        for r in &reports {
            assert_eq!(value(r, "cmi.suspend_data"), None, "suspend_data is shown by its length");
            assert!(r.suspend > 2 && r.suspend == r.needed, "{r:?}");
            assert!(r.records.is_empty());
        }
        assert_eq!((r2004.limit, r12.limit), (64_000, 4_096));
    }

    #[test]
    fn a_checked_answer_is_scored_and_recorded_once_in_each_version() {
        let course = sample();
        let mut progress = Progress::new(&course);
        let mut recorder = Recorder::new(None);
        progress.apply(&course, Action::Open(1));
        let check = Action::Check { id: "q1".into(), response: Response::Choice(1) };
        progress.apply(&course, check);
        let reports = recorder.update(&course, &progress, at(5_000, 2_000, 86_400_000));
        let (r2004, r12) = (&reports[0], &reports[1]);
        assert_eq!(value(r2004, "cmi.score.scaled"), Some("1"));
        assert_eq!(value(r2004, "cmi.score.raw"), Some("100"));
        assert_eq!(value(r2004, "cmi.success_status"), Some("passed"));
        assert_eq!(value(r2004, "cmi.session_time"), Some("PT5S"));
        assert_eq!(value(r12, "cmi.core.lesson_status"), Some("passed"));
        assert_eq!(value(r12, "cmi.core.score.raw"), Some("100"));
        assert_eq!(value(r12, "cmi.core.session_time"), Some("00:00:05.00"));
        let [record] = &r2004.records[..] else { panic!("one record: {:?}", r2004.records) };
        assert_eq!(record.element, "cmi.interactions.0");
        assert_eq!(record.fields[0], ("id".to_string(), "q1".to_string()), "id first");
        assert_eq!(field(record, "type"), Some("choice"));
        assert_eq!(field(record, "learner_response"), Some("1"));
        assert_eq!(field(record, "correct_responses.0.pattern"), Some("1"));
        assert_eq!(field(record, "result"), Some("correct"));
        assert_eq!(field(record, "timestamp"), Some("1970-01-02T00:00:00.0Z"));
        assert_eq!(field(&r12.records[0], "student_response"), Some("1"));
        assert_eq!(field(&r12.records[0], "time"), Some("00:00:00"));

        // Nothing new checked: the same records, none added.
        let again = recorder.update(&course, &progress, at(6_000, 3_000, 0));
        assert_eq!(again[0].records, r2004.records);
        assert_eq!(again[1].records.len(), 1);
    }

    #[test]
    fn answers_of_a_resumed_session_were_recorded_before() {
        let course = sample();
        let saved = Saved {
            v: 2,
            location: "buoys".into(),
            visited: vec!["intro".into(), "buoys".into()],
            answers: vec![Answer { id: "q1".into(), checks: 1, response: Response::Choice(0) }],
            time: 60_000,
        };
        let progress = Progress::restore(&course, &saved);
        let reports = Recorder::new(Some(&saved)).update(
            &course,
            &progress,
            Times { course: 61_000, session: 1_000, ..Times::default() },
        );
        assert!(reports.iter().all(|r| r.records.is_empty()), "{reports:?}");
        assert_eq!(value(&reports[1], "cmi.core.lesson_status"), Some("failed"));
        assert_eq!(value(&reports[1], "cmi.core.score.raw"), Some("0"));
    }

    #[test]
    fn suspend_data_that_does_not_fit_1_2_is_measured_whole_and_as_shortened() {
        let mut course = sample();
        let fill = crate::model::FillIn { answers: vec![], case_sensitive: false };
        let q = interaction("essay", Kind::FillIn(fill));
        course.modules[0].blocks.push(Block::Interaction(Box::new(q)));
        let mut progress = Progress::new(&course);
        let long = "Ärger über den Bescheid ".repeat(400);
        progress.answers.push(Answer { id: "essay".into(), checks: 1, response: Response::Text(long) });
        let reports = Recorder::new(None).update(&course, &progress, Times::default());
        let (r2004, r12) = (&reports[0], &reports[1]);
        assert!(r12.needed > 4_096 && r12.suspend <= 4_096, "{} / {}", r12.suspend, r12.needed);
        assert_eq!(r2004.suspend, r2004.needed, "2004 holds it whole");
        assert_eq!(r2004.needed, r12.needed, "the same progress needs the same characters");
    }

    #[test]
    fn journal_values_are_grouped_by_record() {
        let values = [
            ("cmi.interactions.3.id", "a"),
            ("cmi.interactions.3.correct_responses.0.pattern", "1"),
            ("cmi.interactions.4.id", "b"),
            ("cmi.location", "ignored"),
        ]
        .map(|(e, v)| (e.to_string(), v.to_string()));
        let records = group(values.to_vec());
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].element, "cmi.interactions.3");
        assert_eq!(records[0].fields[1], ("correct_responses.0.pattern".into(), "1".into()));
        assert_eq!(records[1].fields, [("id".to_string(), "b".to_string())]);
    }
}
