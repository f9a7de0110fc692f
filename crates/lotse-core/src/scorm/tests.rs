use super::*;
use crate::learner::{Action, Response};
use crate::model::{Block, Choice, FillIn, NumberAnswer, Pair, TextAnswer};
use crate::testing::{course, interaction, module, text};

fn choice(correct: bool) -> Choice {
    Choice { content: text("x"), correct, feedback: vec![] }
}

/// Two modules; the second holds a single choice (option 1 correct) and a multiple choice
/// (options 0 and 2 correct).
fn sample() -> Course {
    let single = interaction("q1", Kind::SingleChoice(vec![choice(false), choice(true), choice(false)]));
    let multiple = interaction("q2", Kind::MultipleChoice(vec![choice(true), choice(false), choice(true)]));
    course(vec![
        module("intro", vec![]),
        module("quiz", vec![Block::Interaction(Box::new(single)), Block::Interaction(Box::new(multiple))]),
    ])
}

/// A fake LMS's answers to GetValue.
fn lms<'a>(values: &'a [(&'a str, &'a str)]) -> impl FnMut(&str) -> Option<String> + 'a {
    move |element| {
        Some(values.iter().find(|(e, _)| *e == element).map_or(String::new(), |(_, v)| v.to_string()))
    }
}

fn value<'a>(values: &'a [(&'static str, String)], element: &str) -> Option<&'a str> {
    values.iter().find(|(e, _)| *e == element).map(|(_, v)| v.as_str())
}

fn check(id: &str, response: Response) -> Action {
    Action::Check { id: id.to_string(), response }
}

fn normal(version: Version, course: &Course) -> Start {
    start(version, course, &mut lms(&[]))
}

#[test]
fn each_version_has_its_api_and_method_names() {
    assert_eq!(Version::Scorm12.api_name(), "API");
    assert_eq!(Version::Scorm2004.api_name(), "API_1484_11");
    assert_eq!(Version::Scorm12.methods()[4], "LMSFinish");
    assert_eq!(Version::Scorm2004.methods()[4], "Terminate");
    assert_eq!(Version::Scorm12.suspend_limit(), 4_096);
    assert_eq!(Version::Scorm2004.suspend_limit(), 64_000);
}

#[test]
fn durations_have_the_iso_8601_shape_scorm_2004_accepts() {
    assert_eq!(duration(0), "PT0S");
    assert_eq!(duration(9), "PT0S", "below a hundredth");
    assert_eq!(duration(83_456), "PT1M23.45S");
    assert_eq!(duration(3_723_500), "PT1H2M3.5S");
    assert_eq!(duration(3_600_000), "PT1H");
    assert_eq!(duration(60_000), "PT1M");
    assert_eq!(duration(100 * 3_600_000 + 10), "PT100H0.01S", "hours, never days or weeks");
    for millis in [0, 10, 83_450, 3_723_500, 987_654_320] {
        assert_eq!(parse_duration(&duration(millis)), Some(millis), "{millis}");
    }
}

#[test]
fn total_time_is_read_from_any_duration_an_lms_writes() {
    assert_eq!(parse_duration("PT1H2M3.5S"), Some(3_723_500));
    assert_eq!(parse_duration(" P1DT1S "), Some(86_401_000));
    assert_eq!(parse_duration("P1Y"), Some(365 * 86_400_000));
    assert_eq!(parse_duration("P2M"), Some(60 * 86_400_000));
    assert_eq!(parse_duration("PT0.123456S"), Some(123));
    assert_eq!(parse_duration("PT0S"), Some(0));
    for bad in ["", "P", "PT", "T1S", "PT1", "PT1.5M", "P1H", "PT1D", "PT.5S", "1S", "PT-1S", "PT1S2", "P1W"]
    {
        assert_eq!(parse_duration(bad), None, "{bad:?}");
    }
    assert_eq!(parse_duration("PT99999999999999999999S"), None, "an overflow is not a duration");
}

#[test]
fn scaled_values_are_decimals_in_zero_to_one() {
    assert_eq!(scaled(10_000), "1");
    assert_eq!(scaled(u32::MAX), "1");
    assert_eq!(scaled(0), "0");
    assert_eq!(scaled(6_667), "0.6667");
    assert_eq!(scaled(5_000), "0.5");
    assert_eq!(scaled(50), "0.005");
}

#[test]
fn timestamps_are_a_time_of_day_in_12_and_a_utc_date_in_2004() {
    assert_eq!(timestamp(Version::Scorm12, 1_796_286_527_000), "08:28:47");
    assert_eq!(timestamp(Version::Scorm2004, 1_796_286_527_000), "2026-12-03T08:28:47.0Z");
    assert_eq!(timestamp(Version::Scorm2004, 951_868_799_000), "2000-02-29T23:59:59.0Z");
    assert_eq!(timestamp(Version::Scorm2004, 0), "1970-01-01T00:00:00.0Z");
}

#[test]
fn start_reads_the_learner_the_time_the_rules_and_the_saved_progress() {
    let course = sample();
    let mut progress = Progress::new(&course);
    progress.apply(&course, Action::Open(1));
    let data = suspend::encode(&course, &progress.save(&course), 4_096);
    let values12 = [
        ("cmi.core.student_id", "42"),
        ("cmi.core.student_name", "Doe, Jane"),
        ("cmi.core.total_time", "0001:02:03.50"),
        ("cmi.core.lesson_status", "incomplete"),
        ("cmi.student_data.mastery_score", "70"),
        ("cmi.student_preference.language", "de"),
        ("cmi.suspend_data", data.as_str()),
        ("cmi.interactions._count", "3"),
    ];
    let s = start(Version::Scorm12, &course, &mut lms(&values12));
    assert_eq!(
        (s.learner_id.as_str(), s.learner_name.as_str(), s.language.as_str()),
        ("42", "Doe, Jane", "de")
    );
    assert_eq!(s.earlier_millis, 3_723_500);
    assert_eq!(s.rules, Rules { passing: Some(7_000), threshold: None });
    assert_eq!(s.interactions, 3);
    assert!(s.records && !s.keep_data);
    assert_eq!(s.saved.map(|saved| saved.location), Some("quiz".to_string()));

    let values2004 = [
        ("cmi.learner_id", "42"),
        ("cmi.total_time", "PT1H"),
        ("cmi.scaled_passing_score", "0.65"),
        ("cmi.completion_threshold", "0.9"),
        ("cmi.suspend_data", "L1 not ours"),
    ];
    let s = start(Version::Scorm2004, &course, &mut lms(&values2004));
    assert_eq!(s.earlier_millis, 3_600_000);
    assert_eq!(s.rules, Rules { passing: Some(6_500), threshold: Some(9_000) });
    assert_eq!(s.saved, None);
    assert!(s.keep_data, "suspend_data this player cannot read is kept");
    let report = report(Version::Scorm2004, &course, &Progress::new(&course), &s, 0);
    assert_eq!(value(&report, "cmi.suspend_data"), None, "and never written over");

    // GetValue threw or answered no string: what the LMS holds is unknown, so never written over.
    for version in [Version::Scorm12, Version::Scorm2004] {
        let suspend = version.names().suspend;
        let mut failing = |element: &str| (element != suspend).then(String::new);
        let s = start(version, &course, &mut failing);
        assert!(s.saved.is_none() && s.keep_data, "{version:?}: unread suspend_data is kept");
        let values = super::report(version, &course, &Progress::new(&course), &s, 0);
        assert_eq!(value(&values, suspend), None, "{version:?}: and never written over");
        assert!(value(&values, version.names().location).is_some(), "{version:?}: the rest is reported");
    }

    for nothing in ["null", " undefined "] {
        let s = start(Version::Scorm12, &course, &mut lms(&[("cmi.suspend_data", nothing)]));
        assert!(s.saved.is_none() && !s.keep_data, "{nothing:?} is nothing saved, not someone else's data");
    }

    let first = normal(Version::Scorm2004, &course);
    assert_eq!((first.saved.clone(), first.keep_data, first.rules), (None, false, Rules::default()));
    assert_eq!(first.earlier_millis, 0);
}

#[test]
fn browse_review_and_no_credit_report_no_status_score_or_interaction() {
    let course = sample();
    let mut progress = Progress::new(&course);
    progress.apply(&course, Action::Open(1));
    progress.apply(&course, check("q1", Response::Choice(1)));
    for (version, element, word) in [
        (Version::Scorm12, "cmi.core.lesson_mode", "browse"),
        (Version::Scorm12, "cmi.core.credit", "no-credit"),
        (Version::Scorm2004, "cmi.mode", "review"),
        (Version::Scorm2004, "cmi.mode", "browse"),
        (Version::Scorm2004, "cmi.credit", "no-credit"),
    ] {
        let s = start(version, &course, &mut lms(&[(element, word)]));
        assert!(!s.records, "{element} = {word}");
        let values = report(version, &course, &progress, &s, 0);
        let elements: Vec<&str> = values.iter().map(|(e, _)| *e).collect();
        assert_eq!(elements.len(), 2, "only location and suspend_data: {elements:?}");
        assert!(elements[0].ends_with("location") && elements[1] == "cmi.suspend_data");
        let mut journal = Journal::new(0);
        assert!(journal.records(version, &course, &progress, s.records, 0, 0).is_empty());
    }
}

#[test]
fn scorm12_reports_location_status_and_score_without_downgrading() {
    let course = sample();
    let s = normal(Version::Scorm12, &course);
    let mut progress = Progress::new(&course);
    let values = report(Version::Scorm12, &course, &progress, &s, 1_000);
    assert_eq!(value(&values, "cmi.core.lesson_location"), Some("intro"));
    assert_eq!(value(&values, "cmi.core.lesson_status"), Some("incomplete"));
    assert_eq!(value(&values, "cmi.core.score.raw"), None, "no score before an answer");
    let data = value(&values, "cmi.suspend_data").unwrap();
    assert_eq!(
        suspend::decode(&course, data).unwrap().time,
        1_000,
        "the time spent, to tell the newer state"
    );

    progress.apply(&course, Action::Open(1));
    progress.apply(&course, check("q1", Response::Choice(1)));
    progress.apply(&course, check("q2", Response::Choices(vec![0])));
    let values = report(Version::Scorm12, &course, &progress, &s, 0);
    assert_eq!(value(&values, "cmi.core.lesson_status"), Some("failed"), "50 % of 80 %, no attempt left");
    assert_eq!(value(&values, "cmi.core.score.raw"), Some("50"));
    assert_eq!(value(&values, "cmi.core.score.min"), Some("0"));
    assert_eq!(value(&values, "cmi.core.score.max"), Some("100"));

    let passed_before = Start { prior_status: "passed".into(), ..s.clone() };
    let values = report(Version::Scorm12, &course, &progress, &passed_before, 0);
    assert_eq!(value(&values, "cmi.core.lesson_status"), None, "a passed course stays passed");
    assert_eq!(value(&values, "cmi.core.score.raw"), None, "beside its own score");

    let lenient = Start { rules: Rules { passing: Some(5_000), threshold: None }, ..s };
    progress.rules = lenient.rules;
    let values = report(Version::Scorm12, &course, &progress, &lenient, 0);
    assert_eq!(value(&values, "cmi.core.lesson_status"), Some("passed"), "the LMS's mastery score decides");
}

#[test]
fn scorm2004_reports_completion_success_progress_and_every_score() {
    let course = sample();
    let s = normal(Version::Scorm2004, &course);
    let mut progress = Progress::new(&course);
    let values = report(Version::Scorm2004, &course, &progress, &s, 0);
    assert_eq!(value(&values, "cmi.location"), Some("intro"));
    assert_eq!(value(&values, "cmi.completion_status"), Some("incomplete"));
    assert_eq!(value(&values, "cmi.success_status"), Some("unknown"));
    assert_eq!(value(&values, "cmi.progress_measure"), Some("0.25"), "1 of 2 modules, 0 of 2 questions");

    progress.apply(&course, Action::Open(1));
    progress.apply(&course, check("q1", Response::Choice(1)));
    progress.apply(&course, check("q2", Response::Choices(vec![0, 2])));
    let values = report(Version::Scorm2004, &course, &progress, &s, 0);
    assert_eq!(value(&values, "cmi.completion_status"), Some("completed"));
    assert_eq!(value(&values, "cmi.success_status"), Some("passed"));
    assert_eq!(value(&values, "cmi.progress_measure"), Some("1"));
    assert_eq!(value(&values, "cmi.score.scaled"), Some("1"));
    assert_eq!(value(&values, "cmi.score.raw"), Some("100"));
    assert_eq!(value(&values, "cmi.score.min"), Some("0"));
    assert_eq!(value(&values, "cmi.score.max"), Some("100"));

    let completed = Start { prior_status: "completed".into(), ..s.clone() };
    let values = report(Version::Scorm2004, &course, &Progress::new(&course), &completed, 0);
    assert_eq!(value(&values, "cmi.completion_status"), None, "completed stays completed");
    let passed = Start { prior_success: "passed".into(), ..s };
    let values = report(Version::Scorm2004, &course, &Progress::new(&course), &passed, 0);
    assert_eq!(value(&values, "cmi.success_status"), None, "passed stays passed");
}

#[test]
fn the_lms_s_completion_threshold_decides_completion() {
    let course = sample();
    let mut progress = Progress::new(&course);
    progress.apply(&course, Action::Open(1));
    progress.rules = Rules { passing: Some(0), threshold: Some(5_000) };
    // Both modules visited, no question answered: 50 % of the way.
    assert_eq!(progress.measure(&course), 5_000);
    assert_eq!(progress.status(&course), Status::Passed, "threshold reached, passing score 0");
    progress.rules.threshold = Some(7_500);
    assert_eq!(progress.status(&course), Status::Incomplete);

    // With the course's passing score and the questions open: completed, but no verdict yet.
    progress.rules = Rules { passing: None, threshold: Some(5_000) };
    let s = Start { rules: progress.rules, ..normal(Version::Scorm2004, &course) };
    let values = report(Version::Scorm2004, &course, &progress, &s, 0);
    assert_eq!(value(&values, "cmi.completion_status"), Some("completed"));
    assert_eq!(value(&values, "cmi.success_status"), Some("unknown"));
}

#[test]
fn course_toml_s_completion_threshold_applies_unless_the_lms_sets_one() {
    let mut course = sample();
    course.completion_threshold = Some(50);
    let mut progress = Progress::new(&course);
    assert!(!progress.done(&course));
    progress.apply(&course, Action::Open(1));
    assert!(progress.done(&course), "both modules visited: half of the course");
    progress.rules.threshold = Some(7_500);
    assert!(!progress.done(&course), "the LMS's threshold comes first");
}

#[test]
fn finishing_sets_this_session_s_time_and_suspends_until_the_course_is_done() {
    let course = sample();
    let mut progress = Progress::new(&course);
    for version in [Version::Scorm12, Version::Scorm2004] {
        let values = finish(version, &course, &progress, 83_456);
        let exit = values.iter().find(|(e, _)| e.ends_with("exit")).unwrap();
        assert_eq!(exit.1, "suspend", "{version:?}: an unfinished course is resumed next time");
    }
    progress.apply(&course, Action::Open(1));
    progress.apply(&course, check("q1", Response::Choice(1)));
    progress.apply(&course, check("q2", Response::Choices(vec![0, 2])));
    progress.apply(&course, Action::Finish);
    let s12 = finish(Version::Scorm12, &course, &progress, 83_456);
    assert_eq!(s12, [("cmi.core.session_time", "00:01:23.45".to_string()), ("cmi.core.exit", String::new())]);
    let s2004 = finish(Version::Scorm2004, &course, &progress, 83_456);
    assert_eq!(s2004, [("cmi.session_time", "PT1M23.45S".to_string()), ("cmi.exit", "normal".to_string())]);
}

#[test]
fn only_status_score_and_answers_are_urgent() {
    for element in ["cmi.core.lesson_status", "cmi.score.raw", "cmi.success_status", "cmi.interactions.0.id"]
    {
        assert!(urgent(element), "{element}");
    }
    for element in ["cmi.core.lesson_location", "cmi.location", "cmi.suspend_data", "cmi.progress_measure"] {
        assert!(!urgent(element), "{element}");
    }
}

/// The fields of the records after `actions`, as "field=value" without the prefix, per record.
fn records(version: Version, course: &Course, actions: Vec<Action>) -> Vec<Vec<String>> {
    let mut progress = Progress::new(course);
    let mut journal = Journal::new(0);
    let mut all = Vec::new();
    for action in actions {
        progress.apply(course, action);
        all.extend(journal.records(version, course, &progress, true, 1_500, 1_796_286_527_000));
    }
    let mut out: Vec<Vec<String>> = Vec::new();
    for (element, value) in all {
        let rest = element.strip_prefix("cmi.interactions.").unwrap();
        let (n, field) = rest.split_once('.').unwrap();
        let n: usize = n.parse().unwrap();
        if out.len() <= n {
            out.resize(n + 1, Vec::new());
        }
        out[n].push(format!("{field}={value}"));
    }
    out
}

#[test]
fn each_check_of_a_graded_answer_is_one_new_record_id_first_then_type() {
    let mut course = sample();
    if let Block::Interaction(i) = &mut course.modules[1].blocks[0] {
        i.attempts = Some(2);
    }
    let r = records(
        Version::Scorm2004,
        &course,
        vec![
            check("q1", Response::Choice(0)),
            check("q1", Response::Choice(1)),
            check("q2", Response::Choices(vec![0, 2])),
            check("q2", Response::Choices(vec![0])), // no attempt left: ignored, no record
        ],
    );
    assert_eq!(r.len(), 3, "{r:?}");
    assert_eq!(
        r[0],
        [
            "id=q1",
            "type=choice",
            "timestamp=2026-12-03T08:28:47.0Z",
            "weighting=1",
            "learner_response=0",
            "correct_responses.0.pattern=1",
            "result=incorrect",
            "latency=PT1.5S",
        ]
    );
    assert!(r[1].contains(&"learner_response=1".to_string()) && r[1].contains(&"result=correct".to_string()));
    assert!(r[2].contains(&"learner_response=0[,]2".to_string()), "{:?}", r[2]);
    assert!(r[2].contains(&"correct_responses.0.pattern=0[,]2".to_string()));

    let r = records(Version::Scorm12, &course, vec![check("q1", Response::Choice(0))]);
    assert_eq!(
        r[0],
        [
            "id=q1",
            "type=choice",
            "time=08:28:47",
            "weighting=1",
            "student_response=0",
            "correct_responses.0.pattern=1",
            "result=wrong",
            "latency=00:00:01.50",
        ]
    );
}

#[test]
fn records_continue_after_the_lms_s_and_skip_answers_already_recorded() {
    let course = sample();
    let mut progress = Progress::new(&course);
    progress.apply(&course, check("q1", Response::Choice(1)));
    let mut journal = Journal::new(4);
    journal.prime(Some(&progress.save(&course)));
    let none = journal.records(Version::Scorm12, &course, &progress, true, 0, 0);
    assert!(none.is_empty(), "the resumed answer was recorded in its own session: {none:?}");
    progress.apply(&course, check("q2", Response::Choices(vec![1])));
    let new = journal.records(Version::Scorm12, &course, &progress, true, 0, 0);
    assert_eq!(new[0], ("cmi.interactions.4.id".to_string(), "q2".to_string()));
    assert!(journal.records(Version::Scorm12, &course, &progress, true, 0, 0).is_empty(), "once");
}

fn one(kind: Kind) -> Course {
    course(vec![module("m", vec![Block::Interaction(Box::new(interaction("x", kind)))])])
}

/// The (response, pattern, result) of one record of `x`.
fn written(version: Version, kind: Kind, response: Response) -> (String, String, String) {
    let course = one(kind);
    let r = records(version, &course, vec![check("x", response)]);
    let field = |name: &str| {
        r.first()
            .and_then(|r| r.iter().find_map(|f| f.strip_prefix(&format!("{name}=")).map(str::to_string)))
            .unwrap_or_default()
    };
    let response = if version == Version::Scorm12 { "student_response" } else { "learner_response" };
    (field(response), field("correct_responses.0.pattern"), field("type"))
}

fn s(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.to_string(), b.to_string(), c.to_string())
}

#[test]
fn every_kind_is_written_in_each_version_s_formats() {
    let tf = || Kind::TrueFalse(vec![choice(false), choice(true)]);
    assert_eq!(written(Version::Scorm12, tf(), Response::Choice(0)), s("t", "f", "true-false"));
    assert_eq!(written(Version::Scorm2004, tf(), Response::Choice(1)), s("false", "false", "true-false"));

    let fill = || {
        Kind::FillIn(FillIn {
            case_sensitive: false,
            answers: vec![TextAnswer { text: "Duldung".into(), correct: true, feedback: vec![] }],
        })
    };
    assert_eq!(
        written(Version::Scorm2004, fill(), Response::Text(" {a} [b]\n".into())),
        s("(a} (b)", "Duldung", "fill-in"),
        "no pattern delimiters, no language tag, one line"
    );

    let numeric = |min: &str, max: &str| {
        Kind::Numeric(vec![NumberAnswer {
            min: min.into(),
            max: max.into(),
            correct: true,
            feedback: vec![],
        }])
    };
    assert_eq!(
        written(Version::Scorm2004, numeric("5", "7"), Response::Number("6,5".into())),
        s("6.5", "5[:]7", "numeric")
    );
    assert_eq!(
        written(Version::Scorm12, numeric("6", "6"), Response::Number("-0.25".into())),
        s("-0.25", "6", "numeric")
    );
    assert_eq!(
        written(Version::Scorm12, numeric("5", "7"), Response::Number("6".into())),
        s("6", "", "numeric")
    );

    let pair = |l: &str, r: &str| Pair { left: text(l), right: text(r) };
    let matching = || Kind::Matching(vec![pair("a", "1"), pair("b", "2")]);
    assert_eq!(
        written(Version::Scorm12, matching(), Response::Matches(vec![1, 0])),
        s("0.1,1.0", "0.0,1.1", "matching")
    );
    assert_eq!(
        written(Version::Scorm2004, matching(), Response::Matches(vec![0, 1])),
        s("0[.]0[,]1[.]1", "0[.]0[,]1[.]1", "matching")
    );

    let ordering = || Kind::Ordering(vec![text("a"), text("b"), text("c")]);
    assert_eq!(
        written(Version::Scorm12, ordering(), Response::Order(vec![2, 0, 1])),
        s("2,0,1", "0,1,2", "sequencing")
    );
    assert_eq!(
        written(Version::Scorm2004, ordering(), Response::Order(vec![0, 1, 2])),
        s("0[,]1[,]2", "0[,]1[,]2", "sequencing")
    );

    let many = || Kind::SingleChoice((0..40).map(|i| choice(i == 39)).collect());
    assert_eq!(written(Version::Scorm2004, many(), Response::Choice(35)), s("z", "c39", "choice"));
    assert_eq!(written(Version::Scorm2004, many(), Response::Choice(37)), s("c37", "c39", "choice"));
    assert_eq!(
        written(Version::Scorm12, many(), Response::Choice(37)),
        s("", "", ""),
        "1.2 has no identifier for it"
    );

    let reflection = |report| Kind::Reflection { report };
    assert_eq!(
        written(Version::Scorm2004, reflection(true), Response::Reflection("Mine".into())),
        s("Mine", "", "long-fill-in")
    );
    assert_eq!(
        written(Version::Scorm12, reflection(false), Response::Reflection("Mine".into())),
        s("", "", "")
    );
}

#[test]
fn ungraded_questions_are_not_recorded() {
    let mut course = one(Kind::TrueFalse(vec![choice(true), choice(false)]));
    if let Block::Interaction(i) = &mut course.modules[0].blocks[0] {
        i.graded = false;
    }
    assert!(records(Version::Scorm2004, &course, vec![check("x", Response::Choice(0))]).is_empty());
}
