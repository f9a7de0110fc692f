use super::*;
use crate::learner::Action;
use crate::model::{Block, Choice, Kind};
use crate::testing::{course as course_of, interaction, module, text};

const ACTOR: &str = r#"{"objectType":"Agent","name":"Ana Example","account":{"homePage":"https://lms.example","name":"ana-7"}}"#;

fn query() -> String {
    [
        "?endpoint=",
        &percent_encode("https://lms.example/xapi"),
        "&fetch=",
        &percent_encode("https://lms.example/fetch?t=1&u=2"),
        "&actor=",
        &percent_encode(ACTOR),
        "&registration=760e3480-ba55-4991-94b0-01820dbd23a2",
        "&activityId=",
        &percent_encode("https://lotse.example/course/intro"),
    ]
    .concat()
}

fn launch_of(query: &str) -> Launch {
    launch(query).expect("a cmi5 launch").expect("complete")
}

fn launch_data(extra: &str) -> LaunchData {
    let text = [
        r#"{"contextTemplate":{"contextActivities":{"grouping":[{"id":"https://publisher.example/au/1"}]},"#,
        r#""extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s-1"}},"moveOn":"CompletedAndPassed""#,
        extra,
        "}",
    ]
    .concat();
    LaunchData::read(&text).expect("launch data")
}

fn choices(correct: usize) -> Vec<Choice> {
    (0..3).map(|i| Choice { content: text("o"), correct: i == correct, feedback: vec![] }).collect()
}

/// Two modules; questions `a` (answer 1) and `b` (answer 0) in the second; passing score 80.
fn course() -> Course {
    let question = |id: &str, correct| {
        Block::Interaction(Box::new(interaction(id, Kind::SingleChoice(choices(correct)))))
    };
    course_of(vec![module("intro", vec![]), module("quiz", vec![question("a", 1), question("b", 0)])])
}

fn counter() -> impl FnMut() -> [u8; 16] {
    let mut n = 0u8;
    move || {
        n += 1;
        [n; 16]
    }
}

fn session(extra: &str) -> Session {
    let course = course();
    Session::new(launch_of(&query()), launch_data(extra), Reported::default(), &Progress::new(&course))
}

fn verb(statement: &str) -> String {
    let v = json::parse(statement).expect("statements are JSON");
    let id = v.get("verb").and_then(|v| v.get("id")).and_then(Value::as_str).unwrap_or_default();
    id.rsplit('/').next().unwrap_or_default().to_string()
}

fn verbs(statements: &[String]) -> Vec<String> {
    statements.iter().map(|s| verb(s)).collect()
}

fn categories(statement: &str) -> Vec<String> {
    let v = json::parse(statement).unwrap();
    let list = v.get("context").and_then(|c| c.get("contextActivities")).and_then(|c| c.get("category"));
    match list {
        Some(Value::Array(items)) => {
            items.iter().filter_map(|a| a.get("id").and_then(Value::as_str).map(str::to_string)).collect()
        }
        _ => vec![],
    }
}

fn result<'v, 'a>(v: &'v Value<'a>, key: &str) -> Option<&'v Value<'a>> {
    v.get("result").and_then(|r| r.get(key))
}

#[test]
fn the_launch_url_gives_the_five_parameters_decoded() {
    let launch = launch_of(&query());
    assert_eq!(launch.endpoint, "https://lms.example/xapi/");
    assert_eq!(launch.fetch, "https://lms.example/fetch?t=1&u=2");
    assert_eq!(launch.registration, "760e3480-ba55-4991-94b0-01820dbd23a2");
    assert_eq!(launch.activity_id, "https://lotse.example/course/intro");
    assert_eq!(launch.learner_name().as_deref(), Some("Ana Example"));
    assert_eq!(launch.statements_url(), "https://lms.example/xapi/statements");
    let state = launch.state_url(STATE_ID);
    assert!(state.starts_with(
        "https://lms.example/xapi/activities/state?stateId=lotse.progress&activityId=https%3A%2F%2F"
    ));
    assert_eq!(query_value(&state, "agent").as_deref(), Some(launch.actor.as_str()));
    assert_eq!(query_value(&state, "registration").as_deref(), Some("760e3480-ba55-4991-94b0-01820dbd23a2"));
}

#[test]
fn a_launch_url_without_parameters_is_no_launch_and_one_with_some_names_what_is_missing() {
    assert_eq!(launch(""), None);
    assert_eq!(launch("?lang=de"), None);
    let partial = launch("?endpoint=https%3A%2F%2Flms.example%2F&actor=x&activityId=").unwrap().unwrap_err();
    assert!(partial.contains("fetch, registration, activityId"), "{partial}");
    let bad_actor = query().replace("actor=", "actor=%7B%22name%22%3A%22x%22%7D&old=");
    assert!(launch(&bad_actor).unwrap().unwrap_err().contains("not an Agent"));
    let mbox = query().replace(
        "actor=",
        &["actor=", &percent_encode(r#"{"mbox":"mailto:a@b.example"}"#), "&old="].concat(),
    );
    assert!(launch(&mbox).unwrap().is_ok());
}

#[test]
fn percent_coding_round_trips_any_text() {
    for text in ["", "a b+c", "ä€𝄞 %zz %4", "{\"a\":[1,2]}&=?#"] {
        assert_eq!(percent_decode(&percent_encode(text)), text);
    }
    assert_eq!(percent_decode("a+b%20c%2"), "a b c%2");
    assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
}

#[test]
fn the_token_comes_from_the_fetch_answer_and_an_error_is_told() {
    assert_eq!(auth_token(r#"{"auth-token":"QWxh=="}"#), Ok("QWxh==".to_string()));
    let error =
        auth_token(r#"{"error-code":"1","error-text":"The authorization token has already been returned."}"#);
    assert!(error.unwrap_err().contains("error 1 The authorization token has already been returned."));
    assert!(auth_token("<html>").unwrap_err().contains("not JSON"));
}

#[test]
fn launch_data_gives_mode_mastery_and_return_url_and_refuses_a_template_without_session() {
    let data =
        launch_data(r#","launchMode":"Review","masteryScore":0.75,"returnURL":"https://lms.example/back""#);
    assert_eq!(data.mode, Mode::Review);
    assert_eq!(data.mastery, Some((7_500, "0.75".to_string())));
    assert_eq!(data.return_url.as_deref(), Some("https://lms.example/back"));
    assert_eq!(data.move_on, "CompletedAndPassed");
    assert_eq!(launch_data("").mode, Mode::Normal);
    assert_eq!(launch_data(r#","launchMode":"Strange""#).mode, Mode::Browse);
    assert_eq!(launch_data(r#","masteryScore":0.66666"#).mastery.unwrap().0, 6_667);
    assert_eq!(launch_data(r#","masteryScore":1.5"#).mastery, None);
    assert!(LaunchData::read(r#"{"launchMode":"Normal"}"#).unwrap_err().contains("contextTemplate"));
    assert!(LaunchData::read(r#"{"contextTemplate":{}}"#).unwrap_err().contains("session id"));
    assert!(LaunchData::read("{").is_err());
}

#[test]
fn durations_timestamps_and_ids_have_the_xapi_forms() {
    assert_eq!(duration(0), "PT0S");
    assert_eq!(duration(9), "PT0S");
    assert_eq!(duration(1_500), "PT1.5S");
    assert_eq!(duration(3_723_450), "PT1H2M3.45S");
    assert_eq!(duration(60_000), "PT1M");
    assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(timestamp(951_782_400_000), "2000-02-29T00:00:00.000Z");
    assert_eq!(timestamp(1_796_286_715_123), "2026-12-03T08:31:55.123Z");
    assert_eq!(timestamp(253_402_300_799_999), "9999-12-31T23:59:59.999Z");
    assert_eq!(uuid([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert_eq!(uuid([0; 16]), "00000000-0000-4000-8000-000000000000");
    assert_eq!(scaled(8_333), "0.8333");
    assert_eq!(scaled(5_000), "0.5");
    assert_eq!(scaled(10_000), "1");
}

#[test]
fn a_walk_through_sends_initialized_completed_passed_terminated_each_once() {
    let course = course();
    let mut s = session(r#","masteryScore":0.5"#);
    let mut random = counter();
    let mut p = Progress::new(&course);
    assert!(s.progress(&course, &p, 0, 0, &mut random).is_empty(), "nothing before initialized");
    let first = s.initialized(1_000, &mut random).unwrap();
    assert_eq!(verb(&first), "initialized");
    assert_eq!(s.initialized(1_000, &mut random), None);
    assert_eq!(categories(&first), [CATEGORY_CMI5]);
    let v = json::parse(&first).unwrap();
    assert_eq!(v.get("result"), None);
    assert_eq!(v.get("timestamp").and_then(Value::as_str), Some("1970-01-01T00:00:01.000Z"));
    assert_eq!(
        v.get("object").and_then(|o| o.get("id")).and_then(Value::as_str),
        Some("https://lotse.example/course/intro")
    );
    let context = v.get("context").unwrap();
    assert_eq!(
        context.get("registration").and_then(Value::as_str),
        Some("760e3480-ba55-4991-94b0-01820dbd23a2")
    );
    assert_eq!(
        context.get("extensions").and_then(|e| e.get(SESSION_ID)).and_then(Value::as_str),
        Some("s-1")
    );
    let grouping = context.get("contextActivities").and_then(|c| c.get("grouping")).unwrap();
    assert_eq!(grouping, &json::parse(r#"[{"id":"https://publisher.example/au/1"}]"#).unwrap());
    assert_eq!(v.get("actor"), Some(&json::parse(ACTOR).unwrap()));

    p.apply(&course, Action::Open(1));
    p.apply(&course, Action::Check { id: "a".into(), response: Response::Choice(1) });
    let sent = s.progress(&course, &p, 60_000, 2_000, &mut random);
    assert_eq!(verbs(&sent), ["answered"], "one answer checked, the course not complete yet");
    let answered = json::parse(&sent[0]).unwrap();
    assert_eq!(categories(&sent[0]), Vec::<String>::new(), "cmi5 allowed: no cmi5 category");
    assert_eq!(result(&answered, "success"), Some(&Value::Bool(true)));
    assert_eq!(result(&answered, "response").and_then(Value::as_str), Some("1"));
    let object = answered.get("object").unwrap();
    assert_eq!(
        object.get("id").and_then(Value::as_str),
        Some("https://lotse.example/course/intro/interactions/a")
    );
    let definition = object.get("definition").unwrap();
    assert_eq!(definition.get("interactionType").and_then(Value::as_str), Some("choice"));
    assert_eq!(definition.get("correctResponsesPattern"), Some(&json::parse(r#"["1"]"#).unwrap()));

    p.apply(&course, Action::Check { id: "b".into(), response: Response::Choice(2) });
    let sent = s.progress(&course, &p, 90_000, 3_000, &mut random);
    assert_eq!(verbs(&sent), ["answered", "completed", "passed"]);
    let completed = json::parse(&sent[1]).unwrap();
    assert_eq!(result(&completed, "completion"), Some(&Value::Bool(true)));
    assert_eq!(result(&completed, "duration").and_then(Value::as_str), Some("PT1M30S"));
    assert_eq!(result(&completed, "score"), None);
    assert_eq!(result(&completed, "success"), None);
    assert_eq!(categories(&sent[1]), [CATEGORY_CMI5, CATEGORY_MOVEON]);
    let passed = json::parse(&sent[2]).unwrap();
    assert_eq!(result(&passed, "success"), Some(&Value::Bool(true)));
    assert_eq!(result(&passed, "completion"), None);
    let score = result(&passed, "score").unwrap();
    assert_eq!(score.get("scaled"), Some(&Value::Number("0.5".into())));
    assert_eq!(score.get("raw"), Some(&Value::Number("1".into())));
    assert_eq!(score.get("max"), Some(&Value::Number("2".into())));
    let extensions = passed.get("context").and_then(|c| c.get("extensions")).unwrap();
    assert_eq!(extensions.get(MASTERY_SCORE), Some(&Value::Number("0.5".into())));
    assert_eq!(s.reported, Reported { completed: true, passed: true, failed: false });

    p.apply(&course, Action::Finish);
    assert!(s.progress(&course, &p, 95_000, 4_000, &mut random).is_empty(), "each verdict once");
    let last = s.terminated(12_340, 5_000, &mut random).unwrap();
    assert_eq!(verb(&last), "terminated");
    assert_eq!(result(&json::parse(&last).unwrap(), "duration").and_then(Value::as_str), Some("PT12.34S"));
    assert_eq!(categories(&last), [CATEGORY_CMI5]);
    assert_eq!(s.terminated(1, 6_000, &mut random), None);
    p.apply(&course, Action::Check { id: "b".into(), response: Response::Choice(0) });
    assert!(s.progress(&course, &p, 99_000, 7_000, &mut random).is_empty(), "nothing after terminated");
    assert_eq!(s.initialized(8_000, &mut random), None);
}

#[test]
fn without_a_mastery_score_the_course_passing_score_judges() {
    // Passing score 80: one of two right fails, but only once no answer can improve.
    let course = course();
    let mut s = session("");
    let mut random = counter();
    let mut p = Progress::new(&course);
    s.initialized(0, &mut random);
    p.apply(&course, Action::Open(1));
    p.apply(&course, Action::Check { id: "a".into(), response: Response::Choice(1) });
    p.apply(&course, Action::Check { id: "b".into(), response: Response::Choice(2) });
    let sent = s.progress(&course, &p, 1_000, 1_000, &mut random);
    assert_eq!(verbs(&sent), ["answered", "answered", "completed", "failed"]);
    let failed = json::parse(&sent[3]).unwrap();
    assert_eq!(result(&failed, "success"), Some(&Value::Bool(false)));
    assert!(result(&failed, "duration").is_some());
    assert_eq!(result(&failed, "score").and_then(|s| s.get("scaled")), Some(&Value::Number("0.5".into())));
    let extensions = failed.get("context").and_then(|c| c.get("extensions")).unwrap();
    assert_eq!(extensions.get(MASTERY_SCORE), None, "judged by the course, not a mastery score");
    assert_eq!(categories(&sent[3]), [CATEGORY_CMI5, CATEGORY_MOVEON]);
}

#[test]
fn a_score_just_below_the_mastery_score_fails_with_a_scaled_score_below_it() {
    // 2 of 3 is 0.66666…: below a mastery score of 0.6667, and reported as 0.6666.
    let question = |id: &str| Block::Interaction(Box::new(interaction(id, Kind::SingleChoice(choices(0)))));
    let course = course_of(vec![module("m", vec![question("x"), question("y"), question("z")])]);
    let mut s = Session::new(
        launch_of(&query()),
        launch_data(r#","masteryScore":0.6667"#),
        Reported::default(),
        &Progress::new(&course),
    );
    let mut random = counter();
    let mut p = Progress::new(&course);
    s.initialized(0, &mut random);
    for (id, choice) in [("x", 0), ("y", 0), ("z", 1)] {
        p.apply(&course, Action::Check { id: id.into(), response: Response::Choice(choice) });
    }
    let sent = s.progress(&course, &p, 1_000, 1_000, &mut random);
    let failed = json::parse(sent.last().unwrap()).unwrap();
    assert_eq!(verb(sent.last().unwrap()), "failed");
    assert_eq!(result(&failed, "score").and_then(|s| s.get("scaled")), Some(&Value::Number("0.6666".into())));
}

#[test]
fn browse_and_review_send_only_initialized_and_terminated() {
    for mode in ["Browse", "Review"] {
        let course = course();
        let mut s = session(&[r#","launchMode":""#, mode, "\""].concat());
        let mut random = counter();
        let mut p = Progress::new(&course);
        let first = s.initialized(0, &mut random).unwrap();
        p.apply(&course, Action::Open(1));
        p.apply(&course, Action::Check { id: "a".into(), response: Response::Choice(1) });
        p.apply(&course, Action::Check { id: "b".into(), response: Response::Choice(0) });
        assert!(s.progress(&course, &p, 1_000, 1_000, &mut random).is_empty(), "{mode}");
        let last = s.terminated(1_000, 2_000, &mut random).unwrap();
        assert_eq!((verb(&first), verb(&last)), ("initialized".into(), "terminated".into()));
    }
}

#[test]
fn verdicts_of_earlier_sessions_are_not_sent_again_nor_their_answers() {
    let course = course();
    let mut p = Progress::new(&course);
    p.apply(&course, Action::Open(1));
    p.apply(&course, Action::Check { id: "a".into(), response: Response::Choice(1) });
    p.apply(&course, Action::Check { id: "b".into(), response: Response::Choice(0) });
    let reported = Reported { completed: true, passed: true, failed: false };
    let mut s = Session::new(launch_of(&query()), launch_data(""), reported, &p);
    let mut random = counter();
    s.initialized(0, &mut random);
    assert!(s.progress(&course, &p, 1_000, 1_000, &mut random).is_empty());

    // A registration that failed earlier is not told it failed again.
    let reported = Reported { completed: true, passed: false, failed: true };
    let mut p = Progress::new(&course);
    p.apply(&course, Action::Open(1));
    p.apply(&course, Action::Check { id: "a".into(), response: Response::Choice(0) });
    p.apply(&course, Action::Check { id: "b".into(), response: Response::Choice(0) });
    let mut s = Session::new(launch_of(&query()), launch_data(""), reported, &p);
    s.initialized(0, &mut random);
    assert!(s.progress(&course, &p, 1_000, 1_000, &mut random).is_empty());
}

#[test]
fn the_context_template_is_kept_and_strings_are_escaped() {
    let data = LaunchData::read(
        r#"{"contextTemplate":{"registration":"from-lms","contextActivities":{"category":{"id":"https://x.example/c"}},"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s \"1\"\n"}},"launchMode":"Normal"}"#,
    )
    .unwrap();
    let course = course();
    let mut s = Session::new(launch_of(&query()), data, Reported::default(), &Progress::new(&course));
    let first = s.initialized(0, &mut counter()).unwrap();
    let v = json::parse(&first).expect("escaped");
    let context = v.get("context").unwrap();
    assert_eq!(context.get("registration").and_then(Value::as_str), Some("from-lms"), "never overwritten");
    assert_eq!(categories(&first), ["https://x.example/c", CATEGORY_CMI5]);
    assert_eq!(
        context.get("extensions").and_then(|e| e.get(SESSION_ID)).and_then(Value::as_str),
        Some("s \"1\"\n")
    );
}

#[test]
fn the_state_document_keeps_progress_and_verdicts() {
    let reported = Reported { completed: true, passed: false, failed: true };
    let text = state_document("L1abc-_", reported);
    assert_eq!(text, r#"{"progress":"L1abc-_","reported":["completed","failed"]}"#);
    assert_eq!(read_state(&text), Ok(("L1abc-_".to_string(), reported)));
    assert_eq!(
        read_state(&state_document("", Reported::default())),
        Ok((String::new(), Reported::default()))
    );
    assert!(read_state("{}").is_err());
    assert!(read_state("L1abc").is_err());
}

#[test]
fn a_reloaded_page_continues_its_session_without_a_second_initialized() {
    let course = course();
    let mut s = session("");
    let mut random = counter();
    s.continued(false);
    assert_eq!(s.initialized(0, &mut random), None);
    let mut p = Progress::new(&course);
    p.apply(&course, Action::Open(1));
    p.apply(&course, Action::Check { id: "a".into(), response: Response::Choice(1) });
    assert_eq!(verbs(&s.progress(&course, &p, 1, 1, &mut random)), ["answered"]);
    assert!(s.terminated(1, 1, &mut random).is_some());

    // Terminated by the page before the reload: the session sends nothing more.
    let mut s = session("");
    s.continued(true);
    assert!(s.is_terminated());
    assert!(s.progress(&course, &p, 1, 1, &mut random).is_empty());
    assert_eq!(s.terminated(1, 1, &mut random), None);
}

#[test]
fn the_learners_language_comes_from_their_cmi5_preferences() {
    assert_eq!(
        language_preference(r#"{"languagePreference":"de-DE, en-US","audioPreference":"on"}"#).as_deref(),
        Some("de-DE")
    );
    assert_eq!(language_preference(r#"{"languagePreference":""}"#), None);
    assert_eq!(language_preference("{"), None);
    let url = launch_of(&query()).preferences_url();
    assert!(
        url.starts_with("https://lms.example/xapi/agents/profile?profileId=cmi5LearnerPreferences&agent=%7B")
    );
}

#[test]
fn without_a_mastery_score_the_lms_rules_judge_before_the_course() {
    let course = course();
    let mut s = session("");
    let mut random = counter();
    let mut p = Progress::new(&course);
    p.rules.passing = Some(5_000);
    s.initialized(0, &mut random);
    p.apply(&course, Action::Open(1));
    p.apply(&course, Action::Check { id: "a".into(), response: Response::Choice(1) });
    p.apply(&course, Action::Check { id: "b".into(), response: Response::Choice(2) });
    let sent = s.progress(&course, &p, 1_000, 1_000, &mut random);
    assert_eq!(
        verbs(&sent).last().map(String::as_str),
        Some("passed"),
        "1 of 2 passes 50 %, not the course's 80 %"
    );
}

#[test]
fn reflections_are_answered_only_where_the_author_reports_them() {
    let reflection = |id: &str, report| {
        let mut i = interaction(id, Kind::Reflection { report });
        i.graded = false;
        Block::Interaction(Box::new(i))
    };
    let course = course_of(vec![module("m", vec![reflection("kept", false), reflection("sent", true)])]);
    let mut s =
        Session::new(launch_of(&query()), launch_data(""), Reported::default(), &Progress::new(&course));
    let mut random = counter();
    let mut p = Progress::new(&course);
    s.initialized(0, &mut random);
    for id in ["kept", "sent"] {
        p.apply(
            &course,
            Action::Check { id: id.into(), response: Response::Reflection(["my ", id].concat()) },
        );
    }
    let sent = s.progress(&course, &p, 1, 1, &mut random);
    let answered: Vec<_> = sent.iter().filter(|s| verb(s) == "answered").collect();
    assert_eq!(answered.len(), 1, "only the reflection marked `report`");
    let v = json::parse(answered[0]).unwrap();
    assert_eq!(result(&v, "response").and_then(Value::as_str), Some("my sent"));
    assert_eq!(result(&v, "success"), None, "a reflection is not judged");
    let kind = v.get("object").and_then(|o| o.get("definition")).and_then(|d| d.get("interactionType"));
    assert_eq!(kind.and_then(Value::as_str), Some("long-fill-in"));
}
