use super::*;
use crate::model::{Block, Choice, Inline, Module, Question};

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_string())]
}

fn question(id: &str, correct: usize) -> Block {
    Block::Question(Question {
        id: id.to_string(),
        prompt: text("?"),
        options: (0..3)
            .map(|i| Choice { content: text("o"), correct: i == correct, feedback: vec![] })
            .collect(),
    })
}

/// Three modules; questions `a` (answer 1) in module 1 and `b` (answer 0) in module 2.
fn course(passing_score: Option<u8>) -> Course {
    let module = |id: &str, blocks| Module { id: id.to_string(), title: id.to_string(), blocks };
    Course {
        format: crate::model::FORMAT_VERSION,
        id: "c".into(),
        title: "C".into(),
        description: String::new(),
        audience: String::new(),
        language: "en".into(),
        version: "1".into(),
        estimated_minutes: None,
        passing_score,
        modules: vec![
            module("intro", vec![]),
            module("one", vec![question("a", 1)]),
            module("two", vec![question("b", 0)]),
        ],
    }
}

fn answer(q: &str, option: usize) -> Action {
    Action::Answer { question: q.to_string(), option }
}

#[test]
fn status_stays_incomplete_until_everything_is_visited_and_answered() {
    let course = course(Some(80));
    let mut p = Progress::new(&course);
    assert_eq!(p.status(&course), Status::Incomplete);
    p.apply(&course, Action::Open(1));
    p.apply(&course, answer("a", 1));
    p.apply(&course, Action::Open(2));
    assert_eq!(p.status(&course), Status::Incomplete, "question b is unanswered");
    p.apply(&course, answer("b", 0));
    assert_eq!(p.status(&course), Status::Passed);
    assert_eq!(p.score(&course), Score { correct: 2, total: 2 });
}

#[test]
fn a_score_below_the_passing_score_fails_and_without_one_completes() {
    let graded = course(Some(80));
    let ungraded = course(None);
    for (course, expected) in [(&graded, Status::Failed), (&ungraded, Status::Completed)] {
        let mut p = Progress::new(course);
        for action in [Action::Open(1), answer("a", 1), Action::Open(2), answer("b", 2)] {
            p.apply(course, action);
        }
        assert_eq!(p.score(course).hundredths(), 5_000);
        assert_eq!(p.status(course), expected);
    }
}

#[test]
fn opening_a_module_after_finishing_leaves_the_results() {
    let course = course(None);
    let mut p = Progress::new(&course);
    p.apply(&course, Action::Finish);
    assert!(p.finished);
    p.apply(&course, Action::Open(0));
    assert!(!p.finished);
    assert_eq!(p.location, 0);
}

#[test]
fn a_checked_answer_cannot_be_changed_and_bad_actions_are_ignored() {
    let course = course(Some(50));
    let mut p = Progress::new(&course);
    p.apply(&course, answer("a", 0));
    p.apply(&course, answer("a", 1));
    p.apply(&course, answer("b", 9));
    p.apply(&course, answer("nope", 0));
    p.apply(&course, Action::Open(7));
    assert_eq!(p.answers, [("a".to_string(), 0)]);
    assert_eq!(p.location, 0);
}

#[test]
fn saved_progress_survives_a_round_trip_and_drops_unknown_ids() {
    let course = course(Some(80));
    let mut p = Progress::new(&course);
    p.apply(&course, Action::Open(2));
    p.apply(&course, answer("b", 0));
    let mut saved = p.save(&course);
    assert_eq!(Progress::restore(&course, &saved), p);
    saved.answers.push(("removed-question".into(), 0));
    saved.visited.push("removed-module".into());
    assert_eq!(Progress::restore(&course, &saved), p);
}

#[test]
fn scorm_12_report_sends_location_status_and_a_percent_score() {
    let course = course(Some(80));
    let mut p = Progress::new(&course);
    let report = crate::scorm12::report(&course, &p, "");
    assert_eq!(
        report,
        vec![
            ("cmi.core.lesson_location", "intro".to_string()),
            ("cmi.core.lesson_status", "incomplete".to_string())
        ],
        "no score before any answer"
    );
    for action in [Action::Open(1), answer("a", 1), Action::Open(2), answer("b", 1)] {
        p.apply(&course, action);
    }
    let report = crate::scorm12::report(&course, &p, "");
    assert!(report.contains(&("cmi.core.lesson_status", "failed".to_string())));
    assert!(report.contains(&("cmi.core.score.raw", "50".to_string())));
    let after_pass = crate::scorm12::report(&course, &p, "passed");
    assert_eq!(after_pass, [("cmi.core.lesson_location", "two".to_string())], "no status, no lower score");
}

#[test]
fn scores_round_to_hundredths_of_a_percent() {
    let score = |correct, total| Score { correct, total }.hundredths();
    assert_eq!(score(2, 3), 6_667);
    assert_eq!(score(1, 3), 3_333);
    assert_eq!(score(0, 7), 0);
    assert_eq!(score(7, 7), 10_000);
    assert_eq!(score(0, 0), 10_000);
    assert_eq!(score(u32::MAX, u32::MAX), 10_000);
}
