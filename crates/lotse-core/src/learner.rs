//! The learner's progress through one course: data + [`Action`] + a pure [`Progress::apply`].
//!
//! The player keeps a `Progress` in a Yew reducer and asks it for the score and status; the LMS
//! bridge maps those to CMI values ([`crate::scorm12`]). [`Saved`] is the form kept in browser
//! storage, keyed by stable module and question ids so that editing a course does not scramble it.

use crate::model::Course;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Index of the module on screen.
    pub location: usize,
    /// One flag per module of the course.
    pub visited: Vec<bool>,
    /// (question id, index of the option the learner checked), in the order they were checked.
    /// An answer, once checked, stays. A list, not a map: a course has few questions, and the
    /// player stays smaller without a map type.
    pub answers: Vec<(String, usize)>,
    /// The learner pressed "Finish course" and is looking at the results.
    pub finished: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show module `n` (out-of-range indices are ignored). After finishing, this takes the
    /// learner from the results back into the course.
    Open(usize),
    /// Check `option` as the answer to the question `question`.
    Answer { question: String, option: usize },
    /// The learner finished the course.
    Finish,
}

/// Where a learner stands, in the terms SCORM and the results page use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Incomplete,
    /// Everything visited and answered; the course has no passing score.
    Completed,
    Passed,
    Failed,
}

/// Questions answered correctly out of all questions of the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub correct: u32,
    pub total: u32,
}

impl Score {
    /// The score in hundredths of a percent (0–10,000), rounded half up; a course without
    /// questions scores 10,000. Integers keep float formatting out of the player.
    pub fn hundredths(self) -> u32 {
        if self.total == 0 {
            return 10_000;
        }
        let (correct, total) = (u64::from(self.correct.min(self.total)), u64::from(self.total));
        ((correct * 20_000 + total) / (2 * total)) as u32
    }
}

impl Progress {
    /// A learner who has just opened the first module.
    pub fn new(course: &Course) -> Self {
        let mut visited = vec![false; course.modules.len()];
        if let Some(first) = visited.first_mut() {
            *first = true;
        }
        Progress { location: 0, visited, answers: Vec::new(), finished: false }
    }

    pub fn apply(&mut self, course: &Course, action: Action) {
        match action {
            Action::Open(n) if n < self.visited.len() => {
                self.location = n;
                self.visited[n] = true;
                self.finished = false;
            }
            Action::Open(_) => {}
            Action::Answer { question, option } => {
                let valid = course.questions().any(|(_, q)| q.id == question && option < q.options.len());
                if valid && self.answer(&question).is_none() {
                    self.answers.push((question, option));
                }
            }
            Action::Finish => self.finished = true,
        }
    }

    /// The option checked for `question`, if any.
    pub fn answer(&self, question: &str) -> Option<usize> {
        self.answers.iter().find(|(id, _)| id == question).map(|&(_, option)| option)
    }

    pub fn score(&self, course: &Course) -> Score {
        let mut score = Score { correct: 0, total: 0 };
        for (_, q) in course.questions() {
            score.total += 1;
            let right = self.answer(&q.id).and_then(|o| q.options.get(o)).is_some_and(|c| c.correct);
            if right {
                score.correct += 1;
            }
        }
        score
    }

    /// Every module visited and every question answered.
    pub fn is_complete(&self, course: &Course) -> bool {
        self.visited.iter().all(|&v| v) && course.questions().all(|(_, q)| self.answer(&q.id).is_some())
    }

    pub fn status(&self, course: &Course) -> Status {
        if !self.is_complete(course) {
            return Status::Incomplete;
        }
        match course.passing_score {
            None => Status::Completed,
            Some(pass) if self.score(course).hundredths() >= u32::from(pass) * 100 => Status::Passed,
            Some(_) => Status::Failed,
        }
    }

    /// The form kept in browser storage.
    pub fn save(&self, course: &Course) -> Saved {
        Saved {
            v: 1,
            location: course.modules.get(self.location).map(|m| m.id.clone()).unwrap_or_default(),
            visited: course
                .modules
                .iter()
                .zip(&self.visited)
                .filter(|(_, &v)| v)
                .map(|(m, _)| m.id.clone())
                .collect(),
            answers: self.answers.clone(),
        }
    }

    /// Progress from a saved state; ids that the course no longer has are dropped.
    pub fn restore(course: &Course, saved: &Saved) -> Self {
        let mut progress = Progress::new(course);
        for (i, module) in course.modules.iter().enumerate() {
            if saved.visited.contains(&module.id) {
                progress.visited[i] = true;
            }
            if module.id == saved.location {
                progress.apply(course, Action::Open(i));
            }
        }
        for &(ref question, option) in &saved.answers {
            progress.apply(course, Action::Answer { question: question.clone(), option });
        }
        progress
    }
}

/// Saved progress, keyed by stable ids. `v` is the version of this form; its JSON form is
/// written and read by [`crate::json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub v: u32,
    pub location: String,
    pub visited: Vec<String>,
    pub answers: Vec<(String, usize)>,
}

#[cfg(test)]
mod tests;
