//! Course builders shared by the browser tests (`tests/player.rs`, `tests/scorm.rs`).
#![allow(dead_code)]

use lotse_core::learner::{Action, Answer, Response};
use lotse_core::model::{
    Block, Choice, Completion, Course, Heading, Inline, Interaction, Kind, Module, FORMAT_VERSION,
};

// A small course: module 1 is text, module 2 holds one question whose option 1 is correct.

pub fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text(t.to_string())]
}

pub fn title(t: &str) -> Block {
    Block::Heading(Heading { level: 1, id: None, content: text(t) })
}

pub fn module(id: &str, name: &str, blocks: Vec<Block>) -> Module {
    let mut all = vec![title(name)];
    all.extend(blocks);
    Module {
        id: id.to_string(),
        title: name.to_string(),
        estimated_minutes: None,
        objectives: vec![],
        blocks: all,
        footnotes: vec![],
    }
}

/// An interaction as the compiler writes a question: graded, weight 1, one attempt.
pub fn interaction(id: &str, prompt: &str, kind: Kind) -> Block {
    Block::Interaction(Box::new(Interaction {
        id: id.to_string(),
        level: 2,
        prompt: text(prompt),
        context: vec![],
        hint: vec![],
        feedback: vec![],
        graded: true,
        weight: 1,
        attempts: Some(1),
        solution: true,
        kind,
    }))
}

pub fn course_of(id: &str, modules: Vec<Module>) -> Course {
    Course {
        format: FORMAT_VERSION,
        id: id.to_string(),
        title: "Harbour pilotage".to_string(),
        description: String::new(),
        audience: String::new(),
        language: "en".to_string(),
        languages: vec![],
        version: "1.0.0".to_string(),
        estimated_minutes: Some(5),
        passing_score: Some(80),
        completion: Completion::Visited,
        completion_threshold: None,
        organisation: String::new(),
        colour: String::new(),
        logo: String::new(),
        glossary: vec![],
        modules,
    }
}

pub fn course(id: &str) -> Course {
    let choice = |t: &str, correct: bool| Choice {
        content: text(t),
        correct,
        feedback: vec![Block::Paragraph(text(if correct { "Well spotted." } else { "Look again." }))],
    };
    let question = interaction(
        "q1",
        "Which side of a red lateral buoy do you pass when entering port?",
        Kind::SingleChoice(vec![
            choice("Port side", false),
            choice("Starboard side", true),
            choice("Either side", false),
        ]),
    );
    course_of(
        id,
        vec![
            module("welcome", "Welcome aboard", vec![Block::Paragraph(text("A pilot guides ships."))]),
            module("buoys", "Reading buoys", vec![question]),
        ],
    )
}

pub const CORRECT: usize = 1;
pub const WRONG: usize = 0;

pub fn answer(option: usize) -> Action {
    Action::Check { id: "q1".to_string(), response: Response::Choice(option) }
}

/// The saved form of that answer.
pub fn saved_answer(option: usize) -> Vec<Answer> {
    vec![Answer { id: "q1".to_string(), checks: 1, response: Response::Choice(option) }]
}
