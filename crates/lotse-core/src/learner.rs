//! The learner's progress through one course: data + [`Action`] + a pure [`Progress::apply`].
//!
//! The player keeps a `Progress` in a Yew reducer and asks it for the score and status; the LMS
//! bridge maps those to CMI values ([`crate::scorm12`]). [`Saved`] is the form kept in browser
//! storage, keyed by stable module and interaction ids so that editing a course does not
//! scramble it.
//!
//! Scoring follows the model: only graded interactions that can be right or wrong count
//! ([`scored`]), each with its `weight`. Reflections and self-assessments are kept, never scored;
//! a scenario counts only when the author marked a successful ending.

use crate::model::{
    parse_decimal, Block, Completion, Course, FillIn, Inline, Interaction, Kind, NumberAnswer, TextAnswer,
};

/// What a learner answered, one form per kind of interaction. Indices refer to the author's
/// order in the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Single choice and true/false: the chosen choice.
    Choice(usize),
    /// Multiple choice: the chosen choices, ascending, at least one.
    Choices(Vec<usize>),
    /// Fill-in: the text as typed.
    Text(String),
    /// Numeric: the number as typed (read with [`parse_decimal`]).
    Number(String),
    /// Ordering: the items (their indices in the correct order) as the learner ordered them.
    Order(Vec<usize>),
    /// Matching: for each left item, the index of the pair whose right item the learner chose.
    Matches(Vec<usize>),
    /// Scenario: at each step, the index of the path taken, from the first step to an ending.
    Path(Vec<usize>),
    /// Self-assessment: for each statement, the index of the chosen label on the scale.
    Ratings(Vec<usize>),
    /// Reflection: the learner's text.
    Reflection(String),
}

/// The learner's answer to one interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The interaction's id.
    pub id: String,
    /// How often the learner checked an answer (saved a reflection...).
    pub checks: u32,
    /// The last response checked.
    pub response: Response,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Index of the module on screen.
    pub location: usize,
    /// One flag per module of the course.
    pub visited: Vec<bool>,
    /// One entry per interaction answered, in the order they were first checked. A list, not a
    /// map: a course has few interactions, and the player stays smaller without a map type.
    pub answers: Vec<Answer>,
    /// The learner pressed "Finish course" and is looking at the results.
    pub finished: bool,
    /// What the LMS decides instead of the course (set by the player from the host).
    pub rules: Rules,
}

/// Rules an LMS may impose on a course, in hundredths of a percent (0–10,000): a passing score
/// (SCORM 1.2's `cmi.student_data.mastery_score`, SCORM 2004's `cmi.scaled_passing_score`, cmi5's
/// `masteryScore`) that replaces the course's own, and a completion threshold (SCORM 2004's
/// `cmi.completion_threshold`) that [`Progress::measure`] must reach for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rules {
    pub passing: Option<u32>,
    pub threshold: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show module `n` (out-of-range indices are ignored). After finishing, this takes the
    /// learner from the results back into the course.
    Open(usize),
    /// Check `response` as the answer to the interaction `id`. Ignored when the response does
    /// not fit the interaction ([`fits`]), when the answer already given is correct, or when no
    /// attempt is left.
    Check { id: String, response: Response },
    /// The learner finished the course.
    Finish,
}

/// Where a learner stands, in the terms SCORM and the results page use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Incomplete,
    /// Complete by the course's rule; the course has no passing score.
    Completed,
    Passed,
    Failed,
}

/// Points (weights) of the scored interactions answered correctly, out of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub correct: u32,
    pub total: u32,
}

impl Score {
    /// The score in hundredths of a percent (0–10,000), rounded half up; a course without
    /// scored interactions scores 10,000. Integers keep float formatting out of the player.
    pub fn hundredths(self) -> u32 {
        if self.total == 0 {
            return 10_000;
        }
        let (correct, total) = (u64::from(self.correct.min(self.total)), u64::from(self.total));
        ((correct * 20_000 + total) / (2 * total)) as u32
    }

    /// Whether the score reaches `pass` percent, compared exactly (79.996 % does not pass 80 %).
    pub fn reaches(self, pass: u8) -> bool {
        self.reaches_hundredths(u32::from(pass) * 100)
    }

    /// Whether the score reaches `pass` hundredths of a percent (an LMS's passing score), exactly.
    pub fn reaches_hundredths(self, pass: u32) -> bool {
        let (correct, total) = (u64::from(self.correct.min(self.total)), u64::from(self.total));
        total == 0 || correct * 10_000 >= u64::from(pass) * total
    }
}

/// Text compared as the model says: trimmed, inner whitespace collapsed to one space, and unless
/// `case_sensitive`, upper-case letters folded to lower case. The folding covers ASCII, Latin-1,
/// Greek and Cyrillic by hand: Unicode's full case tables would cost the player several KB.
pub fn normalise(text: &str, case_sensitive: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // One pass (smaller in the player than `split_whitespace`): a space between words only.
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        let shift = match c {
            _ if case_sensitive => 0,
            'A'..='Z' | '\u{c0}'..='\u{de}' | '\u{391}'..='\u{3a9}' | '\u{410}'..='\u{42f}'
                if c != '\u{d7}' && c != '\u{3a2}' =>
            {
                32
            }
            '\u{400}'..='\u{40f}' => 80,
            _ => 0,
        };
        out.push(char::from_u32(c as u32 + shift).unwrap_or(c));
    }
    out
}

/// The author's answer (correct or anticipated wrong) that the typed text matches, correct ones
/// first; its feedback is what the learner sees.
pub fn text_answer<'c>(fill: &'c FillIn, typed: &str) -> Option<&'c TextAnswer> {
    let typed = normalise(typed, fill.case_sensitive);
    let mut first = None;
    for a in &fill.answers {
        if normalise(&a.text, fill.case_sensitive) == typed {
            if a.correct {
                return Some(a);
            }
            first = first.or(Some(a));
        }
    }
    first
}

/// The author's range (correct or anticipated wrong) that the typed number falls in, correct ones
/// first.
pub fn number_answer<'c>(answers: &'c [NumberAnswer], typed: &str) -> Option<&'c NumberAnswer> {
    let value = parse_decimal(typed)?;
    let mut first = None;
    for a in answers {
        if let (Some(min), Some(max)) = (parse_decimal(&a.min), parse_decimal(&a.max)) {
            if min <= value && value <= max {
                if a.correct {
                    return Some(a);
                }
                first = first.or(Some(a));
            }
        }
    }
    first
}

/// `0..n` in an order that looks random but is the same on every visit (seeded by `seed`, the
/// interaction's id), and never the identity when `n > 1`: how the player first shows the items
/// of an ordering and the right items of a matching.
pub fn shuffled(n: usize, seed: &str) -> Vec<usize> {
    let mut order = Vec::with_capacity(n);
    for i in 0..n {
        order.push(i);
    }
    let mut state = 0x9e37_79b9_u32;
    for b in seed.bytes() {
        state = (state ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    state |= 1;
    let mut i = n;
    while i > 1 {
        i -= 1;
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        order.swap(i, state as usize % (i + 1));
    }
    if n > 1 && in_order(&order) {
        order.swap(0, 1);
    }
    order
}

/// Whether `order` is `0, 1, 2, …`.
fn in_order(order: &[usize]) -> bool {
    for (i, &j) in order.iter().enumerate() {
        if i != j {
            return false;
        }
    }
    true
}

/// Whether `indices` holds each of `0..n` exactly once.
fn is_permutation(indices: &[usize], n: usize) -> bool {
    if indices.len() != n {
        return false;
    }
    let mut seen = vec![false; n];
    for &i in indices {
        match seen.get_mut(i) {
            Some(seen) if !*seen => *seen = true,
            _ => return false,
        }
    }
    true
}

/// Whether every index in `v` is below `n`.
fn below(v: &[usize], n: usize) -> bool {
    for &i in v {
        if i >= n {
            return false;
        }
    }
    true
}

/// The step a scenario path leads to (index into the steps), if every index is a path of the
/// step it is taken from.
pub fn scenario_step(steps: &[crate::model::Step], path: &[usize]) -> Option<usize> {
    let mut at = 0;
    steps.first()?;
    for &taken in path {
        let to = &steps[at].paths.get(taken)?.to;
        at = steps.iter().position(|s| s.id == *to)?;
    }
    Some(at)
}

/// Whether `order` puts each of the `n` items where it belongs: position `i` holds an item equal to
/// item `i` (`item(i)`, compared by content, so two items with the same text are interchangeable).
fn in_place<'a>(n: usize, item: &dyn Fn(usize) -> &'a Vec<Inline>, order: &[usize]) -> bool {
    if order.len() != n {
        return false;
    }
    for (i, &j) in order.iter().enumerate() {
        if j >= n || item(j) != item(i) {
            return false;
        }
    }
    true
}

/// Whether `response` is an answer of the right form for `kind`: the right variant, indices in
/// range, a number that reads as one, a scenario path that ends at an ending, text not blank.
pub fn fits(kind: &Kind, response: &Response) -> bool {
    match (kind, response) {
        (Kind::SingleChoice(c) | Kind::TrueFalse(c), Response::Choice(i)) => *i < c.len(),
        (Kind::MultipleChoice(c), Response::Choices(v)) => {
            let mut ascending = true;
            for k in 1..v.len() {
                ascending &= v[k - 1] < v[k];
            }
            !v.is_empty() && ascending && below(v, c.len())
        }
        (Kind::FillIn(_), Response::Text(t)) => !t.trim().is_empty(),
        (Kind::Numeric(_), Response::Number(t)) => parse_decimal(t).is_some(),
        (Kind::Matching(pairs), Response::Matches(v)) => v.len() == pairs.len() && below(v, pairs.len()),
        (Kind::Ordering(items), Response::Order(v)) => is_permutation(v, items.len()),
        (Kind::Scenario(steps), Response::Path(v)) => {
            scenario_step(steps, v).is_some_and(|s| steps[s].paths.is_empty())
        }
        (Kind::SelfAssessment(a), Response::Ratings(v)) => {
            v.len() == a.statements.len() && below(v, a.scale.len())
        }
        (Kind::Reflection { .. }, Response::Reflection(_)) => true,
        _ => false,
    }
}

/// Whether a response that [`fits`] is correct; `None` for kinds without a correct answer
/// (reflection, self-assessment, a scenario without a successful ending).
pub fn judge(kind: &Kind, response: &Response) -> Option<bool> {
    Some(match (kind, response) {
        (Kind::SingleChoice(c) | Kind::TrueFalse(c), Response::Choice(i)) => {
            c.get(*i).is_some_and(|c| c.correct)
        }
        (Kind::MultipleChoice(c), Response::Choices(v)) => {
            let mut right = true;
            for (i, choice) in c.iter().enumerate() {
                right &= choice.correct == v.contains(&i);
            }
            right
        }
        (Kind::FillIn(fill), Response::Text(t)) => text_answer(fill, t).is_some_and(|a| a.correct),
        (Kind::Numeric(answers), Response::Number(t)) => number_answer(answers, t).is_some_and(|a| a.correct),
        (Kind::Matching(pairs), Response::Matches(v)) => in_place(pairs.len(), &|i| &pairs[i].right, v),
        (Kind::Ordering(items), Response::Order(v)) => in_place(items.len(), &|i| &items[i], v),
        (Kind::Scenario(steps), Response::Path(v)) if has_success(steps) => {
            scenario_step(steps, v).is_some_and(|s| steps[s].success)
        }
        _ => return None,
    })
}

/// Whether an interaction counts toward the score: graded, and of a kind with correct answers.
pub fn scored(interaction: &Interaction) -> bool {
    interaction.graded
        && match &interaction.kind {
            Kind::Reflection { .. } | Kind::SelfAssessment(_) => false,
            Kind::Scenario(steps) => has_success(steps),
            _ => true,
        }
}

/// Whether the author marked a successful ending of a scenario.
fn has_success(steps: &[crate::model::Step]) -> bool {
    for s in steps {
        if s.success {
            return true;
        }
    }
    false
}

/// The first interaction of the course, in reading order, for which `f` is true. Plain loops and
/// one `dyn` callback instead of `Course::interactions()`'s iterator chain, which cost the player
/// a flattening iterator per use.
pub(crate) fn find<'c>(
    course: &'c Course,
    f: &mut dyn FnMut(&Interaction) -> bool,
) -> Option<&'c Interaction> {
    for module in &course.modules {
        for block in &module.blocks {
            if let Block::Interaction(i) = block {
                if f(i) {
                    return Some(i);
                }
            }
        }
    }
    None
}

/// Whether the learner may check an answer to `interaction` (again), given the answer so far:
/// not while that answer is correct, nor once the attempts are used up. Kinds without a correct
/// answer may always be changed.
pub fn may_check(interaction: &Interaction, answer: Option<&Answer>) -> bool {
    let checks = answer.map_or(0, |a| a.checks);
    match answer.and_then(|a| judge(&interaction.kind, &a.response)) {
        None if checks > 0 => true,
        Some(true) => false,
        _ => interaction.attempts.is_none_or(|n| checks < n),
    }
}

impl Progress {
    /// A learner who has just opened the first module.
    pub fn new(course: &Course) -> Self {
        let mut visited = vec![false; course.modules.len()];
        if let Some(first) = visited.first_mut() {
            *first = true;
        }
        Progress { location: 0, visited, answers: Vec::new(), finished: false, rules: Rules::default() }
    }

    pub fn apply(&mut self, course: &Course, action: Action) {
        match action {
            Action::Open(n) if n < self.visited.len() => {
                self.location = n;
                self.visited[n] = true;
                self.finished = false;
            }
            Action::Open(_) => {}
            Action::Check { id, response } => {
                let Some(interaction) = find(course, &mut |i| i.id == id) else { return };
                if !fits(&interaction.kind, &response) || !self.may_check(interaction) {
                    return;
                }
                match self.answers.iter_mut().find(|a| a.id == id) {
                    Some(answer) => {
                        answer.checks = answer.checks.saturating_add(1);
                        answer.response = response;
                    }
                    None => self.answers.push(Answer { id, checks: 1, response }),
                }
            }
            Action::Finish => self.finished = true,
        }
    }

    /// The learner's answer to the interaction `id`, if any.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.id == id)
    }

    /// Whether the answer given to `interaction` is correct (`None`: not answered, or a kind
    /// without correct answers).
    pub fn judged(&self, interaction: &Interaction) -> Option<bool> {
        judge(&interaction.kind, &self.answer(&interaction.id)?.response)
    }

    /// Whether the learner may check an answer to `interaction` (again); see [`may_check`].
    pub fn may_check(&self, interaction: &Interaction) -> bool {
        may_check(interaction, self.answer(&interaction.id))
    }

    /// Points of the course's scored interactions: the sum of its modules' [`Self::module_score`].
    pub fn score(&self, course: &Course) -> Score {
        let mut score = Score { correct: 0, total: 0 };
        for m in 0..course.modules.len() {
            let s = self.module_score(course, m);
            score.correct = score.correct.saturating_add(s.correct);
            score.total = score.total.saturating_add(s.total);
        }
        score
    }

    /// Points of module `m`'s scored interactions, answered correctly out of all of them: 0 of 0
    /// for a module without any (or no module `m`). Below `total`, something in it is wrong or
    /// unanswered: the results page lists it to review.
    pub fn module_score(&self, course: &Course, m: usize) -> Score {
        let mut score = Score { correct: 0, total: 0 };
        let blocks = course.modules.get(m).map_or(&[][..], |module| &module.blocks[..]);
        for block in blocks {
            if let Block::Interaction(i) = block {
                if scored(i) {
                    score.total = score.total.saturating_add(i.weight);
                    if self.judged(i) == Some(true) {
                        score.correct = score.correct.saturating_add(i.weight);
                    }
                }
            }
        }
        score
    }

    /// Module `m` in the contents: done once opened with every graded question in it answered,
    /// in progress once opened (or while it is the page on screen), else not started.
    pub fn module_state(&self, course: &Course, m: usize) -> ModuleState {
        if !self.visited.get(m).copied().unwrap_or(false) {
            return ModuleState::NotStarted;
        }
        let blocks = course.modules.get(m).map_or(&[][..], |module| &module.blocks[..]);
        for block in blocks {
            if let Block::Interaction(i) = block {
                if i.graded && self.answer(&i.id).is_none() {
                    return ModuleState::InProgress;
                }
            }
        }
        ModuleState::Done
    }

    /// Whether any scored interaction has been answered (before that, no score is reported).
    pub fn has_score(&self, course: &Course) -> bool {
        find(course, &mut |i| scored(i) && self.answer(&i.id).is_some()).is_some()
    }

    /// Every graded interaction answered.
    fn all_answered(&self, course: &Course) -> bool {
        find(course, &mut |i| i.graded && self.answer(&i.id).is_none()).is_none()
    }

    /// No scored answer can improve any more: each is correct or has no attempt left. Finishing
    /// the course settles it too.
    pub(crate) fn settled(&self, course: &Course) -> bool {
        self.finished
            || find(course, &mut |i| scored(i) && (self.answer(&i.id).is_none() || self.may_check(i)))
                .is_none()
    }

    /// Every module visited and every graded interaction answered.
    pub fn is_complete(&self, course: &Course) -> bool {
        !self.visited.contains(&false) && self.all_answered(course)
    }

    /// How far the learner has come, in hundredths of a percent (0–10,000): the modules visited and
    /// the graded interactions answered, out of all of them (SCORM 2004's `cmi.progress_measure`).
    pub fn measure(&self, course: &Course) -> u32 {
        let (mut done, mut all) = (0u64, 0u64);
        for &v in &self.visited {
            done += u64::from(v);
            all += 1;
        }
        for module in &course.modules {
            for block in &module.blocks {
                if let Block::Interaction(i) = block {
                    if i.graded {
                        all += 1;
                        done += u64::from(self.answer(&i.id).is_some());
                    }
                }
            }
        }
        if all == 0 {
            return 10_000;
        }
        (done * 10_000 / all) as u32
    }

    /// Complete by the course's rule, or by a completion threshold when the LMS (else course.toml's
    /// `completion-threshold`) sets one. SCORM
    /// 2004 reports this as completion apart from success: the threshold reached with a graded
    /// question still open is completed, but neither passed nor failed.
    pub fn done(&self, course: &Course) -> bool {
        let course_threshold = course.completion_threshold.map(|t| u32::from(t) * 100);
        match self.rules.threshold.or(course_threshold) {
            Some(threshold) => self.measure(course) >= threshold,
            None => self.is_complete(course),
        }
    }

    /// The passing score in force, in hundredths of a percent: the LMS's, else the course's.
    pub fn passing(&self, course: &Course) -> Option<u32> {
        self.rules.passing.or(course.passing_score.map(|p| u32::from(p) * 100))
    }

    /// The status by the course's completion rule (or the LMS's completion threshold) and the
    /// passing score in force ([`Self::passing`]). Without a passing score a course is only
    /// completed or incomplete, by the visited rule. In SCORM 1.2's single status, `visited` and
    /// `visited_and_passed` read alike: once everything is visited and answered, passed or failed.
    /// A score only grows (a correct answer stays), so passing is final at once; failing only
    /// when no answer can improve any more, or the learner finished the course.
    pub fn status(&self, course: &Course) -> Status {
        let Some(pass) = self.passing(course) else {
            return if self.done(course) { Status::Completed } else { Status::Incomplete };
        };
        let passed = self.score(course).reaches_hundredths(pass);
        let done = match course.completion {
            Completion::Passed => passed || self.all_answered(course),
            Completion::Visited | Completion::VisitedAndPassed => self.done(course),
        };
        match (done, passed) {
            (false, _) => Status::Incomplete,
            (true, true) => Status::Passed,
            (true, false) if self.settled(course) => Status::Failed,
            (true, false) => Status::Incomplete,
        }
    }

    /// The form kept in browser storage.
    pub fn save(&self, course: &Course) -> Saved {
        Saved {
            v: 2,
            location: course.modules.get(self.location).map(|m| m.id.clone()).unwrap_or_default(),
            visited: {
                let mut visited = Vec::new();
                for (m, &v) in course.modules.iter().zip(&self.visited) {
                    if v {
                        visited.push(m.id.clone());
                    }
                }
                visited
            },
            answers: self.answers.clone(),
            time: 0,
        }
    }

    /// Progress from a saved state; ids that the course no longer has, and answers that no longer
    /// fit their interaction, are dropped.
    pub fn restore(course: &Course, saved: &Saved) -> Self {
        // Only what was saved counts as visited: a module added in front since is not.
        let mut progress = Progress::new(course);
        for v in &mut progress.visited {
            *v = false;
        }
        for (i, module) in course.modules.iter().enumerate() {
            if saved.visited.contains(&module.id) {
                progress.visited[i] = true;
            }
            if module.id == saved.location {
                progress.apply(course, Action::Open(i));
            }
        }
        // The page the learner is on has been seen (the first, when the saved one is gone).
        if let Some(here) = progress.visited.get_mut(progress.location) {
            *here = true;
        }
        for answer in &saved.answers {
            let known = find(course, &mut |i| i.id == answer.id && fits(&i.kind, &answer.response)).is_some();
            if known && progress.answer(&answer.id).is_none() {
                progress.answers.push(answer.clone());
            }
        }
        progress
    }
}

/// A module's state in the contents (see [`Progress::module_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleState {
    NotStarted,
    InProgress,
    Done,
}

/// Saved progress, keyed by stable ids. `v` is the version of this form (2; version 1, which
/// kept one option per question, is read too); its JSON form is written and read by
/// [`crate::json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub v: u32,
    pub location: String,
    pub visited: Vec<String>,
    pub answers: Vec<Answer>,
    /// Milliseconds spent in the course in earlier sessions, where the host keeps no time of its
    /// own (standalone); 0 from [`Progress::save`].
    pub time: u64,
}

impl Saved {
    /// The newer of the progress a host kept and the browser's mirror of it, by the time spent in
    /// the course, which only grows; the host's on a tie. What the host lost (a failed save, a tab
    /// closed before the commit) comes back from the mirror; progress made on another computer
    /// wins over an older mirror.
    pub fn newer(host: Option<Saved>, mirror: Option<Saved>) -> Option<Saved> {
        match (host, mirror) {
            (Some(host), Some(mirror)) if mirror.time > host.time => Some(mirror),
            (None, mirror) => mirror,
            (host, _) => host,
        }
    }
}

#[cfg(test)]
mod tests;
