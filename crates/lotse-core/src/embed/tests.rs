use super::*;
use crate::json::{parse, Value};

fn read(text: &str) -> Result<Incoming, String> {
    Incoming::from_json(text)
}
use crate::learner::{Action, Saved};
use crate::model::{Block, Choice, FillIn, NumberAnswer, Pair, TextAnswer};
use crate::testing::{course as course_of, interaction, module, text};

fn choices(correct: &[usize], n: usize) -> Vec<Choice> {
    (0..n).map(|i| Choice { content: text("o"), correct: correct.contains(&i), feedback: vec![] }).collect()
}

/// Two modules; a single-choice question `q` (answer 1, of a, b, c) in the second; passing 80.
fn course() -> Course {
    let q = interaction("q", Kind::SingleChoice(choices(&[1], 3)));
    course_of(vec![module("intro", vec![]), module("work", vec![Block::Interaction(Box::new(q))])])
}

fn check(course: &Course, p: &mut Progress, id: &str, response: Response) {
    p.apply(course, Action::Check { id: id.to_string(), response });
}

fn member<'v, 'a>(v: &'v Value<'a>, key: &str) -> &'v Value<'a> {
    match v {
        Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or(&Value::Null),
        _ => &Value::Null,
    }
}

fn string(s: &str) -> Value<'_> {
    Value::String(s.into())
}

fn num(s: &str) -> Value<'_> {
    Value::Number(s.into())
}

#[test]
fn hello_names_the_course_and_escapes_its_text() {
    let mut course = course();
    course.title = "Say \"hello\" \\ <b>\n".into();
    let hello = parse(&hello(&course)).expect("JSON").into_owned();
    assert_eq!(member(&hello, "lotse"), &num("1"));
    assert_eq!(member(&hello, "type"), &string("hello"));
    let c = member(&hello, "course");
    assert_eq!(member(c, "id"), &string("c"));
    assert_eq!(member(c, "title"), &string("Say \"hello\" \\ <b>\n"));
    assert_eq!(member(c, "version"), &string("1"));
    assert_eq!(member(c, "language"), &string("en"));
}

#[test]
fn decimals_have_no_trailing_zeros_and_no_exponent() {
    assert_eq!(decimal(0, 4), "0");
    assert_eq!(decimal(10_000, 4), "1");
    assert_eq!(decimal(6_667, 4), "0.6667");
    assert_eq!(decimal(5_000, 4), "0.5");
    assert_eq!(decimal(1, 4), "0.0001");
    assert_eq!(decimal(6_667, 2), "66.67");
    assert_eq!(decimal(10_000, 2), "100");
    assert_eq!(decimal(1_250, 2), "12.5");
}

#[test]
fn a_new_learner_is_incomplete_without_a_score() {
    let course = course();
    let p = Progress::new(&course);
    let m = parse(&message("progress", "", 1, &report(&course, &p, 1_500, 61_500), ""))
        .expect("JSON")
        .into_owned();
    assert_eq!(member(&m, "type"), &string("progress"));
    assert_eq!(member(&m, "seq"), &num("1"));
    assert_eq!(member(&m, "reason"), &Value::Null);
    assert_eq!(member(&m, "completion"), &string("incomplete"));
    assert_eq!(member(&m, "success"), &string("unknown"));
    assert_eq!(member(&m, "score"), &Value::Null, "no score before any answer");
    // One of two modules and one question visited or answered: 1 of 3.
    assert_eq!(member(&m, "progress"), &num("0.3333"));
    assert_eq!(member(&m, "location"), &string("intro"));
    assert_eq!(member(&m, "session_time"), &num("1500"));
    assert_eq!(member(&m, "total_time"), &num("61500"));
    assert_eq!(member(&m, "interactions"), &Value::Array(vec![]));
    let Value::String(state) = member(&m, "state") else { panic!("a state") };
    let saved = suspend::decode(&course, state).expect("the state is suspend data");
    assert_eq!(saved, Saved { time: 61_500, ..p.save(&course) });
}

#[test]
fn a_finished_course_reports_completion_success_and_score() {
    let course = course();
    for (answer, success, scaled, raw) in [(1, "passed", "1", "100"), (0, "failed", "0", "0")] {
        let mut p = Progress::new(&course);
        p.apply(&course, Action::Open(1));
        check(&course, &mut p, "q", Response::Choice(answer));
        p.apply(&course, Action::Finish);
        let m = parse(&message("terminate", "finish", 7, &report(&course, &p, 0, 0), ""))
            .expect("JSON")
            .into_owned();
        assert_eq!(member(&m, "type"), &string("terminate"));
        assert_eq!(member(&m, "reason"), &string("finish"));
        assert_eq!(member(&m, "completion"), &string("completed"));
        assert_eq!(member(&m, "success"), &string(success));
        let score = member(&m, "score");
        assert_eq!(member(score, "scaled"), &num(scaled));
        assert_eq!(member(score, "raw"), &num(raw));
        assert_eq!(member(score, "min"), &num("0"));
        assert_eq!(member(score, "max"), &num("100"));
        assert_eq!(member(&m, "progress"), &num("1"));
        assert_eq!(member(&m, "location"), &string("work"));
    }
}

#[test]
fn a_course_without_a_passing_score_only_completes() {
    let mut course = course();
    course.passing_score = None;
    let mut p = Progress::new(&course);
    p.apply(&course, Action::Open(1));
    check(&course, &mut p, "q", Response::Choice(0));
    let m = parse(&message("progress", "", 2, &report(&course, &p, 0, 0), "")).expect("JSON").into_owned();
    assert_eq!(member(&m, "completion"), &string("completed"));
    assert_eq!(member(&m, "success"), &string("unknown"));
}

fn recorded(kind: Kind, response: Response) -> Value<'static> {
    let i = interaction("x", kind);
    let answer = Answer { id: "x".into(), checks: 2, response };
    parse(&record(&i, &answer, 4_000, 1_700_000_000_000).expect("a record")).expect("JSON").into_owned()
}

#[test]
fn records_carry_type_response_correct_pattern_and_result() {
    let r = recorded(Kind::SingleChoice(choices(&[1], 3)), Response::Choice(2));
    assert_eq!(member(&r, "id"), &string("x"));
    assert_eq!(member(&r, "type"), &string("choice"));
    assert_eq!(member(&r, "attempt"), &num("2"));
    assert_eq!(member(&r, "response"), &string("2"));
    assert_eq!(member(&r, "correct"), &Value::Array(vec![string("1")]));
    assert_eq!(member(&r, "result"), &string("incorrect"));
    assert_eq!(member(&r, "weight"), &num("1"));
    assert_eq!(member(&r, "latency"), &num("4000"));
    assert_eq!(member(&r, "time"), &num("1700000000000"));

    let r = recorded(Kind::MultipleChoice(choices(&[0, 2], 3)), Response::Choices(vec![0, 2]));
    assert_eq!((member(&r, "response"), member(&r, "result")), (&string("0[,]2"), &string("correct")));
    assert_eq!(member(&r, "correct"), &Value::Array(vec![string("0[,]2")]));

    let fill = FillIn {
        case_sensitive: false,
        answers: vec![
            TextAnswer { text: "Duldung".into(), correct: true, feedback: vec![] },
            TextAnswer { text: "Permit".into(), correct: false, feedback: vec![] },
        ],
    };
    let r = recorded(Kind::FillIn(fill), Response::Text(" duldung ".into()));
    assert_eq!(member(&r, "type"), &string("fill-in"));
    assert_eq!(member(&r, "response"), &string(" duldung "));
    assert_eq!(member(&r, "correct"), &Value::Array(vec![string("Duldung")]));
    assert_eq!(member(&r, "result"), &string("correct"));

    let range = NumberAnswer { min: "1".into(), max: "2.5".into(), correct: true, feedback: vec![] };
    let r = recorded(Kind::Numeric(vec![range]), Response::Number("-1,25".into()));
    assert_eq!(member(&r, "type"), &string("numeric"));
    assert_eq!(member(&r, "response"), &string("-1,25"), "as typed");
    assert_eq!(member(&r, "correct"), &Value::Array(vec![string("1[:]2.5")]));
    assert_eq!(member(&r, "result"), &string("incorrect"));

    let pair = |l: &str, r: &str| Pair { left: text(l), right: text(r) };
    let r = recorded(Kind::Matching(vec![pair("1", "a"), pair("2", "b")]), Response::Matches(vec![1, 0]));
    assert_eq!(member(&r, "type"), &string("matching"));
    assert_eq!(member(&r, "response"), &string("0[.]1[,]1[.]0"));
    assert_eq!(member(&r, "correct"), &Value::Array(vec![string("0[.]0[,]1[.]1")]));

    let r = recorded(Kind::Ordering(vec![text("1"), text("2"), text("3")]), Response::Order(vec![0, 1, 2]));
    assert_eq!(member(&r, "type"), &string("sequencing"));
    assert_eq!(member(&r, "response"), &string("0[,]1[,]2"));
    assert_eq!(member(&r, "correct"), &Value::Array(vec![string("0[,]1[,]2")]));
    assert_eq!(member(&r, "result"), &string("correct"));

    let r = recorded(Kind::Reflection { report: true }, Response::Reflection("I \"think\"".into()));
    assert_eq!(member(&r, "type"), &string("long-fill-in"));
    assert_eq!(member(&r, "response"), &string("I \"think\""));
    assert_eq!(member(&r, "correct"), &Value::Array(vec![]));
    assert_eq!(member(&r, "result"), &string("neutral"));
}

#[test]
fn knowledge_checks_and_private_reflections_are_not_recorded() {
    let answer = Answer { id: "x".into(), checks: 1, response: Response::Choice(0) };
    let check =
        crate::model::Interaction { graded: false, ..interaction("x", Kind::SingleChoice(choices(&[0], 2))) };
    assert_eq!(record(&check, &answer, 0, 0), None);
    let private = interaction("x", Kind::Reflection { report: false });
    let answer = Answer { id: "x".into(), checks: 1, response: Response::Reflection("mine".into()) };
    assert_eq!(record(&private, &answer, 0, 0), None, "a reflection's text stays in the browser");
}

#[test]
fn the_journal_records_each_check_once_and_not_what_was_resumed() {
    let mut course = course();
    if let Block::Interaction(i) = &mut course.modules[1].blocks[0] {
        i.attempts = Some(3);
    }
    let mut p = Progress::new(&course);
    let mut journal = Journal::new(&p.answers);
    assert!(journal.records(&course, &p, 0, 0).is_empty());
    p.apply(&course, Action::Open(1));
    check(&course, &mut p, "q", Response::Choice(0));
    let first = journal.records(&course, &p, 10, 20);
    assert_eq!(first.len(), 1);
    assert!(first[0].contains("\"attempt\":1"), "{}", first[0]);
    assert!(journal.records(&course, &p, 10, 20).is_empty(), "recorded once");
    check(&course, &mut p, "q", Response::Choice(1));
    let second = journal.records(&course, &p, 10, 20);
    assert_eq!(second.len(), 1);
    assert!(second[0].contains("\"attempt\":2") && second[0].contains("\"correct\""), "{}", second[0]);
    // Resumed: the answers given in an earlier session were recorded then.
    let resumed = Progress::restore(&course, &p.save(&course));
    assert!(Journal::new(&resumed.answers).records(&course, &resumed, 0, 0).is_empty());
}

#[test]
fn a_welcome_is_read_with_its_optional_fields() {
    let text = r#"{"lotse":1,"type":"welcome","state":"L1abc","learner_id":"u-7","learner_name":"Ana Müller",
        "language":"de","passing_score":75,"completion_threshold":80,"extra":{"ignored":true}}"#;
    let Ok(Incoming::Welcome(w)) = read(text) else { panic!("a welcome: {:?}", read(text)) };
    assert_eq!(w.state, "L1abc");
    assert_eq!(w.learner_id, "u-7");
    assert_eq!(w.learner_name, "Ana Müller");
    assert_eq!(w.language, "de");
    assert_eq!(w.rules, Rules { passing: Some(7_500), threshold: Some(8_000) });
    assert_eq!(read(r#"{"lotse":1,"type":"welcome"}"#), Ok(Incoming::Welcome(Welcome::default())));
    assert_eq!(
        read(r#"{"lotse":1,"type":"welcome","state":null}"#),
        Ok(Incoming::Welcome(Welcome::default()))
    );
}

#[test]
fn saved_acknowledges_a_sequence_number() {
    assert_eq!(read(r#"{"type":"saved","seq":12,"lotse":1}"#), Ok(Incoming::Saved(12)));
    assert_eq!(read(r#"{"lotse":1,"type":"saved","seq":4294967295}"#), Ok(Incoming::Saved(u32::MAX)));
}

#[test]
fn malformed_messages_are_refused_with_a_reason() {
    for bad in [
        "",
        "garbage",
        "\"welcome\"",
        "[]",
        "{}",
        "null",
        r#"{"type":"welcome"}"#,
        r#"{"lotse":"1","type":"welcome"}"#,
        r#"{"lotse":2,"type":"welcome"}"#,
        r#"{"lotse":1}"#,
        r#"{"lotse":1,"type":"hello"}"#,
        r#"{"lotse":1,"type":"progress","seq":1}"#,
        r#"{"lotse":1,"type":"saved"}"#,
        r#"{"lotse":1,"type":"saved","seq":"1"}"#,
        r#"{"lotse":1,"type":"saved","seq":-1}"#,
        r#"{"lotse":1,"type":"saved","seq":1.5}"#,
        r#"{"lotse":1,"type":"saved","seq":1e3}"#,
        r#"{"lotse":1,"type":"saved","seq":99999999999}"#,
        r#"{"lotse":1,"type":"welcome","state":42}"#,
        r#"{"lotse":1,"type":"welcome","learner_name":["x"]}"#,
        r#"{"lotse":1,"type":"welcome","passing_score":120}"#,
        r#"{"lotse":1,"type":"welcome","passing_score":-1}"#,
        r#"{"lotse":1,"type":"welcome","passing_score":"80"}"#,
        r#"{"lotse":1,"type":"welcome","passing_score":75.5}"#,
        r#"{"lotse":1,"type":"welcome","completion_threshold":101}"#,
        // The course document's form of a kind, `{"kind": value}`, is not a message type.
        r#"{"lotse":1,"type":{"welcome":{}}}"#,
        r#"{"lotse":1,"type":{"saved":1},"seq":1}"#,
        r#"{"lotse":1,"type":["saved"],"seq":1}"#,
        r#"{"lotse":1,"type":null,"seq":1}"#,
        r#"{"lotse":1,"type":"Saved","seq":1}"#,
        r#"{"__proto__":{"lotse":1,"type":"saved","seq":1}}"#,
    ] {
        let error = read(bad).expect_err(bad);
        assert!(!error.is_empty(), "{bad}");
    }
    let deep = "[".repeat(100_000);
    assert!(read(&deep).is_err());
}

#[test]
fn a_refusal_does_not_repeat_what_the_sender_wrote() {
    // The reason goes to the console: a type of the sender's choosing, however long, stays out.
    let long = ["{\"lotse\":1,\"type\":\"", &"x".repeat(1_000_000), "\"}"].concat();
    assert_eq!(read(&long), Err("type: not \"welcome\" or \"saved\"".to_string()));
    assert_eq!(
        read(r#"{"lotse":1,"type":{"welcome":{}}}"#),
        Err("type: not \"welcome\" or \"saved\"".to_string())
    );
}

#[test]
fn random_bytes_never_panic_the_reader() {
    let valid = br#"{"lotse":1,"type":"welcome","state":"L1x","passing_score":80,"learner_name":"\u00e9"}"#;
    let mut state = 0x2545_f491_u32;
    for _ in 0..20_000 {
        let mut bytes = valid.to_vec();
        for _ in 0..3 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let at = state as usize % bytes.len();
            bytes[at] = (state >> 8) as u8 & 0x7f;
        }
        let _ = read(&String::from_utf8_lossy(&bytes));
    }
}
