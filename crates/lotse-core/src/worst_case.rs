//! The worst case for `suspend_data`, which the design's budget is about ("the largest course: all
//! modules visited, every question answered, max attempts"): the synthetic largest course that
//! `suspend`'s test `the_largest_course_fits_scorm_12` checks, and [`saved`], the same worst case
//! for any compiled course, which `lotse-bench` measures for the courses in `courses/`. Tests and
//! the feature `worst-case` only (lotse-bench enables it): the player never compiles it.

use crate::learner::{fits, judge, Answer, Response, Saved};
use crate::model::{
    Block, Choice, Course, FillIn, Interaction, Kind, NumberAnswer, Pair, Path, SelfAssessment, Step,
    TextAnswer,
};
use crate::testing::{course, interaction, module, text};

pub fn choices(n: usize) -> Vec<Choice> {
    (0..n).map(|i| Choice { content: text("o"), correct: i == 0, feedback: vec![] }).collect()
}

/// A graded question of weight 1 with 99 attempts and no solution shown.
pub fn question(id: &str, kind: Kind) -> Block {
    let mut it = interaction(id, kind);
    it.level = 2;
    it.attempts = Some(99);
    it.solution = false;
    Block::Interaction(Box::new(it))
}

/// Interaction kind `k` (of ten) at size `n` (choices, items, pairs, statements on a scale of 7,
/// scenario steps of 4 paths each), and its largest response.
pub fn largest(k: usize, n: usize) -> (Kind, Response) {
    let rev: Vec<usize> = (0..n).rev().collect();
    match k {
        0 => (Kind::SingleChoice(choices(n)), Response::Choice(n - 1)),
        1 => (Kind::MultipleChoice(choices(n)), Response::Choices((0..n).collect())),
        2 => (Kind::TrueFalse(choices(2)), Response::Choice(1)),
        3 => {
            let answer = TextAnswer { text: "Aufenthaltserlaubnis".into(), correct: true, feedback: vec![] };
            let kind = Kind::FillIn(FillIn { case_sensitive: false, answers: vec![answer] });
            (kind, Response::Text("Aufenthaltserlaubnis".into()))
        }
        4 => {
            let range =
                NumberAnswer { min: "-99999".into(), max: "99999".into(), correct: true, feedback: vec![] };
            (Kind::Numeric(vec![range]), Response::Number("-1234.56".into()))
        }
        5 => {
            let pairs = (0..n).map(|_| Pair { left: text("l"), right: text("r") }).collect();
            (Kind::Matching(pairs), Response::Matches(rev))
        }
        6 => (Kind::Ordering((0..n).map(|_| text("i")).collect()), Response::Order(rev)),
        7 => (Kind::Reflection { report: false }, Response::Reflection("Akten prüfen".into())),
        8 => {
            let scale = (0..7).map(|_| text("s")).collect();
            let statements = (0..n).map(|_| text("t")).collect();
            (Kind::SelfAssessment(SelfAssessment { scale, statements }), Response::Ratings(vec![6; n]))
        }
        _ => {
            // Step i leads on by its last path, its other paths end the scenario badly.
            let mut steps = Vec::new();
            for i in 0..=n {
                let mut paths = Vec::new();
                for p in 0..4 {
                    let to = if p == 3 { format!("s{}", i + 1) } else { "bad".to_string() };
                    paths.push(Path { content: text("p"), to, feedback: vec![] });
                }
                if i == n {
                    paths.clear();
                }
                steps.push(Step {
                    id: format!("s{i}"),
                    title: text("t"),
                    blocks: vec![],
                    paths,
                    success: i == n,
                });
            }
            steps.push(Step {
                id: "bad".into(),
                title: text("t"),
                blocks: vec![],
                paths: vec![],
                success: false,
            });
            (Kind::Scenario(steps), Response::Path(vec![3; n]))
        }
    }
}

pub fn answer(id: &str, checks: u32, response: Response) -> Answer {
    Answer { id: id.to_string(), checks, response }
}

/// One module per interaction kind (`m0`…`m9`, the question `q0`…`q9` in each), each of size 5,
/// with every kind answered at its largest, `k` checks for `q{k}`: `suspend`'s tests, its property
/// test and the fuzz targets decode against this course.
pub fn every_kind() -> (Course, Saved) {
    let mut modules = Vec::new();
    let mut answers = Vec::new();
    for k in 0..10 {
        let (kind, response) = largest(k, 5);
        let id = format!("q{k}");
        modules.push(module(&format!("m{k}"), vec![question(&id, kind)]));
        answers.push(answer(&id, k as u32, response));
    }
    let saved = Saved {
        v: 2,
        location: "m3".into(),
        visited: vec!["m0".into(), "m3".into(), "m9".into()],
        answers,
        time: u64::MAX,
    };
    (course(modules), saved)
}

/// 60 modules of 5 questions, of the ten kinds in turn at their largest, ids of about 60
/// characters.
pub fn largest_course() -> (Course, Saved) {
    let mut modules = Vec::new();
    let mut answers = Vec::new();
    for m in 0..60 {
        let mut blocks = Vec::new();
        for q in 0..5 {
            let k = (m * 5 + q) % 10;
            let (kind, response) = largest(k, 10);
            let id = format!("module-{m:02}-question-{q}-what-the-residence-act-says-about-it");
            // Reflections and self-assessments may be saved without limit.
            let checks = if k == 7 || k == 8 { 999 } else { 99 };
            answers.push(answer(&id, checks, response));
            blocks.push(question(&id, kind));
        }
        modules.push(module(&format!("module-{m:02}-the-asylum-procedure-and-the-residence-act"), blocks));
    }
    let course = course(modules);
    // In the order of first checks: not the course's.
    let mut shuffled = Vec::new();
    for i in crate::learner::shuffled(answers.len(), "order") {
        shuffled.push(answers[i].clone());
    }
    let saved = Saved {
        v: 2,
        location: course.modules[59].id.clone(),
        visited: course.modules.iter().map(|m| m.id.clone()).collect(),
        answers: shuffled,
        time: 36_000_000_000, // 10,000 hours
    };
    (course, saved)
}

/// The checks saved with the answer to `interaction` at most: its attempts; for a kind without a
/// correct answer, which may be checked again without limit, and for unlimited attempts, 999 (as
/// the largest course's reflections and self-assessments).
pub fn most_checks(interaction: &Interaction, response: &Response) -> u32 {
    match judge(&interaction.kind, response) {
        None => 999,
        Some(_) => interaction.attempts.unwrap_or(999),
    }
}

/// The largest progress a learner can save in `course`: every module visited, the last one open,
/// every interaction answered with its largest response at its most checks ([`most_checks`]), in
/// the course's order, after 10,000 hours. Free texts are unbounded, so they take the lengths of
/// the largest course's: a fill-in answer the longer of its longest listed answer and 20 letters,
/// a number the longer of its longest bound and 8 characters (`-1234.56`), a reflection 12
/// (`Akten prüfen`). A scenario's path is its longest to an ending that visits no step twice (a
/// loop could make it as long as the learner likes); one with no ending is left unanswered.
pub fn saved(course: &Course) -> Saved {
    let longer =
        |a: &str, b: &str| if b.chars().count() > a.chars().count() { b.to_string() } else { a.to_string() };
    let mut answers = Vec::new();
    for (_, i) in course.interactions() {
        let response = match &i.kind {
            Kind::SingleChoice(c) | Kind::TrueFalse(c) => Response::Choice(c.len().saturating_sub(1)),
            Kind::MultipleChoice(c) => Response::Choices((0..c.len()).collect()),
            Kind::FillIn(f) => Response::Text(
                f.answers.iter().fold("Aufenthaltserlaubnis".to_string(), |t, a| longer(&t, &a.text)),
            ),
            Kind::Numeric(ranges) => Response::Number(
                ranges.iter().fold("-1234.56".to_string(), |t, r| longer(&longer(&t, &r.min), &r.max)),
            ),
            Kind::Matching(pairs) => Response::Matches((0..pairs.len()).rev().collect()),
            Kind::Ordering(items) => Response::Order((0..items.len()).rev().collect()),
            Kind::SelfAssessment(a) => {
                Response::Ratings(vec![a.scale.len().saturating_sub(1); a.statements.len()])
            }
            Kind::Reflection { .. } => Response::Reflection("Akten prüfen".into()),
            Kind::Scenario(steps) => Response::Path(longest_path(steps)),
        };
        if fits(&i.kind, &response) {
            answers.push(Answer { id: i.id.clone(), checks: most_checks(i, &response), response });
        }
    }
    Saved {
        v: 2,
        location: course.modules.last().map(|m| m.id.clone()).unwrap_or_default(),
        visited: course.modules.iter().map(|m| m.id.clone()).collect(),
        answers,
        time: 36_000_000_000,
    }
}

/// The longest path (the index of the path taken at each step) from the first step to an ending
/// that visits no step twice; empty when no ending can be reached.
fn longest_path(steps: &[Step]) -> Vec<usize> {
    fn walk(steps: &[Step], at: usize, seen: &mut Vec<bool>, path: &mut Vec<usize>, best: &mut Vec<usize>) {
        if steps[at].paths.is_empty() {
            if path.len() > best.len() {
                *best = path.clone();
            }
            return;
        }
        for (p, to) in steps[at].paths.iter().enumerate() {
            let Some(next) = steps.iter().position(|s| s.id == to.to) else { continue };
            if seen[next] {
                continue;
            }
            seen[next] = true;
            path.push(p);
            walk(steps, next, seen, path, best);
            path.pop();
            seen[next] = false;
        }
    }
    let mut best = Vec::new();
    if !steps.is_empty() {
        let mut seen = vec![false; steps.len()];
        seen[0] = true;
        walk(steps, 0, &mut seen, &mut Vec::new(), &mut best);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_case_of_a_course_answers_everything_that_can_be_answered() {
        let (course, _) = largest_course();
        let saved = saved(&course);
        assert_eq!(saved.visited.len(), 60);
        assert_eq!(saved.answers.len(), 300);
        for a in &saved.answers {
            let i = course.interactions().find(|(_, i)| i.id == a.id).unwrap().1;
            assert!(fits(&i.kind, &a.response), "{}", a.id);
            if let (Kind::Scenario(steps), Response::Path(p)) = (&i.kind, &a.response) {
                assert_eq!(p.len(), steps.len() - 2, "the way through every step to the good ending");
            }
        }
    }
}
