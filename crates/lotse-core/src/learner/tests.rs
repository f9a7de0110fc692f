use super::*;
use crate::model::{Block, Choice, FillIn, NumberAnswer, Pair, Path, SelfAssessment, Step, TextAnswer};
use crate::testing::{course as course_of, interaction, module, text};

fn choices(correct: &[usize], n: usize) -> Vec<Choice> {
    (0..n).map(|i| Choice { content: text("o"), correct: correct.contains(&i), feedback: vec![] }).collect()
}

/// A single-choice question as the compiler writes it: graded, weight 1, one attempt.
fn question(id: &str, correct: usize) -> Block {
    Block::Interaction(Box::new(interaction(id, Kind::SingleChoice(choices(&[correct], 3)))))
}

fn course_with(passing_score: Option<u8>, modules: Vec<Vec<Block>>) -> Course {
    let mut names = ["intro", "one", "two", "three"].iter();
    let modules = modules.into_iter().map(|blocks| module(names.next().unwrap(), blocks)).collect();
    Course { passing_score, ..course_of(modules) }
}

/// Three modules; questions `a` (answer 1) in module 1 and `b` (answer 0) in module 2.
fn course(passing_score: Option<u8>) -> Course {
    course_with(passing_score, vec![vec![], vec![question("a", 1)], vec![question("b", 0)]])
}

fn answer(q: &str, option: usize) -> Action {
    check(q, Response::Choice(option))
}

fn check(id: &str, response: Response) -> Action {
    Action::Check { id: id.to_string(), response }
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
fn completion_rules() {
    let mut course = course(Some(50));
    let mut p = Progress::new(&course);
    p.apply(&course, answer("a", 1));
    // Visited (the default): modules two and one are not visited yet.
    assert_eq!(p.status(&course), Status::Incomplete);
    course.completion = Completion::VisitedAndPassed;
    assert_eq!(p.status(&course), Status::Incomplete);
    // Passed: 50 % is reached without visiting everything.
    course.completion = Completion::Passed;
    assert_eq!(p.status(&course), Status::Passed);
    course.passing_score = Some(51);
    assert_eq!(p.status(&course), Status::Incomplete, "b is still open");
    p.apply(&course, answer("b", 1));
    assert_eq!(p.status(&course), Status::Failed, "everything answered, below the passing score");
    // Without a passing score the rule falls back to visiting and answering.
    course.passing_score = None;
    assert_eq!(p.status(&course), Status::Incomplete);
    p.apply(&course, Action::Open(1));
    p.apply(&course, Action::Open(2));
    assert_eq!(p.status(&course), Status::Completed);
    course.completion = Completion::VisitedAndPassed;
    course.passing_score = Some(50);
    assert_eq!(p.status(&course), Status::Passed);
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
fn a_checked_answer_cannot_be_changed_without_attempts_and_bad_actions_are_ignored() {
    let course = course(Some(50));
    let mut p = Progress::new(&course);
    p.apply(&course, answer("a", 0));
    p.apply(&course, answer("a", 1));
    p.apply(&course, answer("b", 9));
    p.apply(&course, answer("nope", 0));
    p.apply(&course, check("b", Response::Text("0".into())));
    p.apply(&course, Action::Open(7));
    assert_eq!(p.answers, [Answer { id: "a".into(), checks: 1, response: Response::Choice(0) }]);
    assert_eq!(p.location, 0);
    let a = course.interactions().next().unwrap().1;
    assert!(!p.may_check(a), "the one attempt is used");
}

#[test]
fn attempts_are_counted_and_a_correct_answer_stays() {
    let mut three = interaction("q", Kind::SingleChoice(choices(&[2], 3)));
    three.attempts = Some(3);
    let mut unlimited = interaction("u", Kind::SingleChoice(choices(&[2], 3)));
    unlimited.attempts = None;
    let course = course_with(
        None,
        vec![vec![
            Block::Interaction(Box::new(three.clone())),
            Block::Interaction(Box::new(unlimited.clone())),
        ]],
    );
    let mut p = Progress::new(&course);
    p.apply(&course, answer("q", 0));
    p.apply(&course, answer("q", 1));
    assert_eq!(p.answer("q").map(|a| (a.checks, a.response.clone())), Some((2, Response::Choice(1))));
    assert!(p.may_check(&three));
    p.apply(&course, answer("q", 0));
    assert!(!p.may_check(&three), "three attempts used");
    p.apply(&course, answer("q", 2));
    assert_eq!(p.answer("q").map(|a| (a.checks, a.response.clone())), Some((3, Response::Choice(0))));

    for _ in 0..10 {
        p.apply(&course, answer("u", 0));
    }
    assert!(p.may_check(&unlimited));
    p.apply(&course, answer("u", 2));
    assert_eq!(p.judged(&unlimited), Some(true));
    assert!(!p.may_check(&unlimited), "a correct answer stays");
    p.apply(&course, answer("u", 0));
    assert_eq!(p.answer("u").map(|a| (a.checks, a.response.clone())), Some((11, Response::Choice(2))));
}

#[test]
fn scores_are_weighted_and_only_graded_scorable_interactions_count() {
    let mut heavy = interaction("heavy", Kind::MultipleChoice(choices(&[0, 2], 4)));
    heavy.weight = 3;
    let mut practice = interaction("practice", Kind::TrueFalse(choices(&[0], 2)));
    practice.graded = false;
    let reflection = interaction("reflection", Kind::Reflection { report: false });
    let course = course_with(
        Some(70),
        vec![vec![
            question("one", 0),
            Block::Interaction(Box::new(heavy)),
            Block::Interaction(Box::new(practice)),
            Block::Interaction(Box::new(reflection)),
        ]],
    );
    let mut p = Progress::new(&course);
    assert!(!p.has_score(&course));
    assert_eq!(p.score(&course), Score { correct: 0, total: 4 });
    p.apply(&course, check("practice", Response::Choice(0)));
    assert!(!p.has_score(&course), "a knowledge check is not scored");
    p.apply(&course, check("heavy", Response::Choices(vec![0, 2])));
    assert!(p.has_score(&course));
    assert_eq!(p.score(&course), Score { correct: 3, total: 4 });
    assert_eq!(p.status(&course), Status::Incomplete, "`one` and the graded reflection are unanswered");
    p.apply(&course, answer("one", 1));
    p.apply(&course, check("reflection", Response::Reflection("Hm.".into())));
    assert_eq!(p.score(&course).hundredths(), 7_500);
    assert_eq!(p.status(&course), Status::Passed);
}

#[test]
fn module_scores_count_each_module_s_scored_interactions() {
    let mut heavy = interaction("heavy", Kind::MultipleChoice(choices(&[0, 2], 4)));
    heavy.weight = 3;
    let mut practice = interaction("practice", Kind::TrueFalse(choices(&[0], 2)));
    practice.graded = false;
    let course = course_with(
        Some(80),
        vec![
            vec![Block::Interaction(Box::new(practice))],
            vec![question("a", 1), Block::Interaction(Box::new(heavy))],
            vec![question("b", 0)],
        ],
    );
    let mut p = Progress::new(&course);
    let scores = |p: &Progress| -> Vec<Score> { (0..4).map(|m| p.module_score(&course, m)).collect() };
    let none = Score { correct: 0, total: 0 };
    assert_eq!(
        scores(&p),
        [none, Score { correct: 0, total: 4 }, Score { correct: 0, total: 1 }, none],
        "a knowledge check scores nothing, nor does a module that is not there"
    );
    p.apply(&course, check("practice", Response::Choice(0)));
    p.apply(&course, check("heavy", Response::Choices(vec![0, 2])));
    p.apply(&course, answer("a", 0));
    p.apply(&course, answer("b", 0));
    assert_eq!(
        scores(&p),
        [none, Score { correct: 3, total: 4 }, Score { correct: 1, total: 1 }, none],
        "weighted; a wrong answer scores nothing"
    );
    assert_eq!(p.score(&course), Score { correct: 4, total: 5 }, "the course's score is their sum");
}

fn judged(kind: &Kind, response: Response) -> Option<bool> {
    assert!(fits(kind, &response), "{response:?} fits {kind:?}");
    judge(kind, &response)
}

#[test]
fn choices_are_judged_as_a_whole() {
    let single = Kind::SingleChoice(choices(&[1], 3));
    assert_eq!(judged(&single, Response::Choice(1)), Some(true));
    assert_eq!(judged(&single, Response::Choice(2)), Some(false));
    assert!(!fits(&single, &Response::Choice(3)));
    assert!(!fits(&single, &Response::Choices(vec![1])));
    let true_false = Kind::TrueFalse(choices(&[0], 2));
    assert_eq!(judged(&true_false, Response::Choice(0)), Some(true));
    let multiple = Kind::MultipleChoice(choices(&[0, 2], 4));
    assert_eq!(judged(&multiple, Response::Choices(vec![0, 2])), Some(true));
    assert_eq!(judged(&multiple, Response::Choices(vec![0])), Some(false), "a subset");
    assert_eq!(judged(&multiple, Response::Choices(vec![0, 1, 2])), Some(false), "a superset");
    for bad in [vec![], vec![2, 0], vec![0, 0], vec![4]] {
        assert!(!fits(&multiple, &Response::Choices(bad.clone())), "{bad:?}");
    }
}

#[test]
fn fill_in_compares_trimmed_collapsed_text() {
    let answers = vec![
        TextAnswer { text: "Duldung".into(), correct: true, feedback: vec![] },
        TextAnswer { text: "Aufenthalts  gestattung".into(), correct: true, feedback: vec![] },
        TextAnswer { text: "Visum".into(), correct: false, feedback: vec![Block::Rule] },
    ];
    let insensitive = Kind::FillIn(FillIn { case_sensitive: false, answers: answers.clone() });
    let sensitive = Kind::FillIn(FillIn { case_sensitive: true, answers });
    let typed = |t: &str| Response::Text(t.into());
    assert_eq!(judged(&insensitive, typed("  duldung ")), Some(true));
    assert_eq!(judged(&insensitive, typed("AUFENTHALTS\t gestattung")), Some(true));
    assert_eq!(judged(&sensitive, typed("duldung")), Some(false));
    assert_eq!(judged(&sensitive, typed(" Duldung")), Some(true));
    assert_eq!(judged(&insensitive, typed("visum")), Some(false));
    assert_eq!(judged(&insensitive, typed("Dul dung")), Some(false));
    assert!(!fits(&insensitive, &typed("  ")), "blank text is no answer");
    let Kind::FillIn(fill) = &insensitive else { unreachable!() };
    assert_eq!(text_answer(fill, "VISUM").map(|a| a.feedback.clone()), Some(vec![Block::Rule]));
    assert_eq!(text_answer(fill, "other"), None);
    assert_eq!(normalise("ÄRGER Über Straße ЖЁЛТЫЙ ΑΒΓ ×", false), "ärger über straße жёлтый αβγ ×");
}

#[test]
fn numbers_fall_in_a_correct_range() {
    let range = |min: &str, max: &str, correct| NumberAnswer {
        min: min.into(),
        max: max.into(),
        correct,
        feedback: vec![],
    };
    let numeric = Kind::Numeric(vec![range("18", "18", false), range("-2.5", "19.5", true)]);
    let typed = |t: &str| Response::Number(t.into());
    assert_eq!(judged(&numeric, typed("19,5")), Some(true));
    assert_eq!(judged(&numeric, typed("18")), Some(true), "the correct range wins over a wrong one");
    assert_eq!(judged(&numeric, typed("-2.5")), Some(true));
    assert_eq!(judged(&numeric, typed("19.500001")), Some(false));
    assert_eq!(judged(&numeric, typed(" -3 ")), Some(false));
    assert!(!fits(&numeric, &typed("zwölf")));
    assert!(!fits(&numeric, &typed("")));
    let Kind::Numeric(answers) = &numeric else { unreachable!() };
    assert_eq!(number_answer(answers, "18").map(|a| a.correct), Some(true));
    assert_eq!(number_answer(answers, "100"), None);
}

#[test]
fn matching_and_ordering_need_every_item_in_its_place() {
    let pair = |l: &str, r: &str| Pair { left: text(l), right: text(r) };
    let matching = Kind::Matching(vec![pair("a", "1"), pair("b", "2"), pair("c", "2")]);
    assert_eq!(judged(&matching, Response::Matches(vec![0, 1, 2])), Some(true));
    assert_eq!(judged(&matching, Response::Matches(vec![0, 2, 1])), Some(true), "equal right items");
    assert_eq!(judged(&matching, Response::Matches(vec![1, 0, 2])), Some(false));
    assert_eq!(judged(&matching, Response::Matches(vec![0, 0, 0])), Some(false));
    assert!(!fits(&matching, &Response::Matches(vec![0, 1])));
    assert!(!fits(&matching, &Response::Matches(vec![0, 1, 3])));

    let ordering = Kind::Ordering(vec![text("first"), text("second"), text("third")]);
    assert_eq!(judged(&ordering, Response::Order(vec![0, 1, 2])), Some(true));
    assert_eq!(judged(&ordering, Response::Order(vec![1, 0, 2])), Some(false));
    for bad in [vec![0, 1], vec![0, 1, 1], vec![0, 1, 3]] {
        assert!(!fits(&ordering, &Response::Order(bad.clone())), "{bad:?}");
    }
}

fn scenario(success: bool) -> Kind {
    let path = |to: &str| Path { content: text(to), to: to.into(), feedback: vec![] };
    let step = |id: &str, paths: Vec<Path>, success| Step {
        id: id.into(),
        title: text(id),
        blocks: vec![],
        paths,
        success,
    };
    Kind::Scenario(vec![
        step("start", vec![path("middle"), path("bad")], false),
        step("middle", vec![path("good"), path("bad")], false),
        step("good", vec![], success),
        step("bad", vec![], false),
    ])
}

#[test]
fn a_scenario_is_graded_by_its_ending() {
    let graded = scenario(true);
    assert_eq!(judged(&graded, Response::Path(vec![0, 0])), Some(true));
    assert_eq!(judged(&graded, Response::Path(vec![1])), Some(false));
    assert_eq!(judged(&graded, Response::Path(vec![0, 1])), Some(false));
    assert!(!fits(&graded, &Response::Path(vec![0])), "the path must reach an ending");
    assert!(!fits(&graded, &Response::Path(vec![])));
    assert!(!fits(&graded, &Response::Path(vec![0, 0, 0])));
    assert!(!fits(&graded, &Response::Path(vec![2])));
    let ungraded = scenario(false);
    assert_eq!(judged(&ungraded, Response::Path(vec![0, 0])), None, "no successful ending: not scored");
    assert!(!scored(&interaction("s", ungraded)));
    assert!(scored(&interaction("s", graded)));
}

#[test]
fn reflections_and_self_assessments_are_kept_never_scored() {
    let reflection = Kind::Reflection { report: false };
    assert_eq!(judged(&reflection, Response::Reflection(String::new())), None);
    let rating = Kind::SelfAssessment(SelfAssessment {
        scale: vec![text("low"), text("mid"), text("high")],
        statements: vec![text("I can."), text("I know.")],
    });
    assert_eq!(judged(&rating, Response::Ratings(vec![2, 0])), None);
    assert!(!fits(&rating, &Response::Ratings(vec![3, 0])));
    assert!(!fits(&rating, &Response::Ratings(vec![2])));

    let mut once = interaction("r", reflection);
    once.attempts = Some(1);
    let course = course_with(None, vec![vec![Block::Interaction(Box::new(once.clone()))]]);
    let mut p = Progress::new(&course);
    p.apply(&course, check("r", Response::Reflection("first".into())));
    p.apply(&course, check("r", Response::Reflection("second".into())));
    assert!(p.may_check(&once), "a reflection can always be changed");
    assert_eq!(p.answer("r").map(|a| &a.response), Some(&Response::Reflection("second".into())));
    assert_eq!(p.score(&course), Score { correct: 0, total: 0 });
}

#[test]
fn saved_progress_survives_a_round_trip_and_drops_unknown_ids() {
    let course = course(Some(80));
    let mut p = Progress::new(&course);
    p.apply(&course, Action::Open(2));
    p.apply(&course, answer("b", 0));
    let mut saved = p.save(&course);
    assert_eq!(saved.v, 2);
    assert_eq!(Progress::restore(&course, &saved), p);
    saved.answers.push(Answer { id: "removed-question".into(), checks: 1, response: Response::Choice(0) });
    saved.answers.push(Answer { id: "a".into(), checks: 1, response: Response::Choice(7) });
    saved.answers.push(Answer { id: "b".into(), checks: 1, response: Response::Choice(1) });
    saved.visited.push("removed-module".into());
    assert_eq!(Progress::restore(&course, &saved), p, "unknown ids, answers that no longer fit, duplicates");
    let json = crate::json::quote("x");
    assert_eq!(json, "\"x\"");
    let back = Saved::from_json(&p.save(&course).to_json()).unwrap();
    assert_eq!(Progress::restore(&course, &back), p);
}

#[test]
fn saved_progress_of_version_1_restores_its_answers() {
    let course = course(Some(80));
    let old = r#"{"v":1,"location":"two","visited":["intro","two"],"answers":{"b":0,"a":2}}"#;
    let p = Progress::restore(&course, &Saved::from_json(old).unwrap());
    assert_eq!(p.location, 2);
    assert_eq!(p.visited, [true, false, true]);
    assert_eq!(p.score(&course), Score { correct: 1, total: 2 });
    assert!(!p.may_check(course.interactions().next().unwrap().1));
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

#[test]
fn shuffles_are_stable_permutations_never_in_order() {
    for n in 0..12 {
        for seed in ["", "q1", "order-the-steps", "ü"] {
            let order = shuffled(n, seed);
            assert!(is_permutation(&order, n), "{order:?}");
            assert_eq!(order, shuffled(n, seed), "the same every time");
            if n > 1 {
                assert!(order.iter().enumerate().any(|(i, &j)| i != j), "{seed} {n}: {order:?}");
            }
        }
    }
    assert_ne!(shuffled(8, "a"), shuffled(8, "b"));
}

#[test]
fn failing_is_not_final_while_an_attempt_is_left() {
    let mut q = interaction("a", Kind::SingleChoice(choices(&[1], 3)));
    q.attempts = Some(3);
    let course = course_with(Some(80), vec![vec![Block::Interaction(Box::new(q))]]);
    let mut p = Progress::new(&course);
    p.apply(&course, answer("a", 0));
    assert_eq!(p.status(&course), Status::Incomplete, "two attempts are left: no `failed` to the LMS yet");
    p.apply(&course, answer("a", 2));
    assert_eq!(p.status(&course), Status::Incomplete);
    p.apply(&course, answer("a", 0));
    assert_eq!(p.status(&course), Status::Failed, "no attempt left");
    // Finishing the course settles it too.
    let mut early = Progress::new(&course);
    early.apply(&course, answer("a", 0));
    early.apply(&course, Action::Finish);
    assert_eq!(early.status(&course), Status::Failed);
    // A retry that is right passes.
    let mut retry = Progress::new(&course);
    retry.apply(&course, answer("a", 0));
    retry.apply(&course, answer("a", 1));
    assert_eq!(retry.status(&course), Status::Passed);
}

#[test]
fn the_passing_score_is_compared_exactly() {
    assert!(!Score { correct: 19_999, total: 25_000 }.reaches(80), "79.996 % does not pass 80 %");
    assert!(Score { correct: 20_000, total: 25_000 }.reaches(80));
    assert!(Score { correct: 0, total: 0 }.reaches(80));
    assert_eq!(Score { correct: 19_999, total: 25_000 }.hundredths(), 8_000, "though it shows as 80.00 %");
}

#[test]
fn restoring_marks_only_saved_modules_as_visited() {
    let course = course(Some(80));
    let saved = Saved { v: 2, location: "two".into(), visited: vec!["two".into()], answers: vec![], time: 0 };
    let p = Progress::restore(&course, &saved);
    assert_eq!(p.visited, [false, false, true], "a module added in front is not visited unseen");
    let gone = Saved { v: 2, location: "removed".into(), visited: vec![], answers: vec![], time: 0 };
    assert_eq!(
        Progress::restore(&course, &gone).visited,
        [true, false, false],
        "the first page is on screen"
    );
}

#[test]
fn a_module_is_not_started_in_progress_or_done() {
    let mut practice = interaction("practice", Kind::TrueFalse(choices(&[0], 2)));
    practice.graded = false;
    let course = course_with(
        Some(80),
        vec![vec![Block::Interaction(Box::new(practice))], vec![question("a", 1), question("b", 0)], vec![]],
    );
    let mut p = Progress::new(&course);
    let states = |p: &Progress| -> Vec<ModuleState> { (0..4).map(|m| p.module_state(&course, m)).collect() };
    use ModuleState::*;
    assert_eq!(
        states(&p),
        [Done, NotStarted, NotStarted, NotStarted],
        "the first page is open; an ungraded question need not be answered; no fourth module"
    );
    p.apply(&course, Action::Open(1));
    assert_eq!(states(&p)[1], InProgress, "opened, graded questions unanswered");
    p.apply(&course, answer("a", 0));
    assert_eq!(states(&p)[1], InProgress, "one of two answered");
    p.apply(&course, answer("b", 1));
    assert_eq!(states(&p)[1], Done, "answered, right or wrong");
    p.apply(&course, Action::Open(2));
    assert_eq!(states(&p), [Done, Done, Done, NotStarted], "a module without questions is done once opened");
}

#[test]
fn the_newer_of_host_and_mirror_is_resumed() {
    let at = |time| Some(Saved { v: 2, location: String::new(), visited: vec![], answers: vec![], time });
    assert_eq!(Saved::newer(at(10), at(20)), at(20), "the mirror has what the host lost");
    assert_eq!(Saved::newer(at(20), at(10)), at(20), "another computer's newer progress wins");
    assert_eq!(Saved::newer(at(10), at(10)), at(10));
    assert_eq!(Saved::newer(None, at(5)), at(5));
    assert_eq!(Saved::newer(at(5), None), at(5));
    assert_eq!(Saved::newer(None, None), None);
}
