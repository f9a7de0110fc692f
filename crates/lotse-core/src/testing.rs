//! Small builders for the unit tests of several modules, and for `worst_case` (tests and the
//! feature `worst-case` only).

use crate::model::{Block, Completion, Course, Inline, Interaction, Kind, Module, FORMAT_VERSION};

pub fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_string())]
}

/// A question as the compiler writes one by default: graded, weight 1, one attempt, solution shown.
pub fn interaction(id: &str, kind: Kind) -> Interaction {
    Interaction {
        id: id.to_string(),
        level: 3,
        prompt: text("?"),
        context: vec![],
        hint: vec![],
        feedback: vec![],
        graded: true,
        weight: 1,
        attempts: Some(1),
        solution: true,
        kind,
    }
}

pub fn module(id: &str, blocks: Vec<Block>) -> Module {
    Module {
        id: id.to_string(),
        title: String::new(),
        estimated_minutes: None,
        objectives: vec![],
        blocks,
        footnotes: vec![],
    }
}

/// A course in English with a passing score of 80 and the `visited` completion rule.
pub fn course(modules: Vec<Module>) -> Course {
    Course {
        format: FORMAT_VERSION,
        id: "c".into(),
        title: "C".into(),
        description: String::new(),
        audience: String::new(),
        language: "en".into(),
        languages: vec![],
        version: "1".into(),
        estimated_minutes: None,
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
