use super::*;

fn t(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_string())]
}

/// A course using every kind of block and inline, and every optional field.
fn everything() -> Course {
    let all_inlines = vec![
        Inline::Text("Grüße \"quoted\" \\ / \n\t \u{1} 😀 عربى".into()),
        Inline::Emphasis(t("em")),
        Inline::Strong(vec![Inline::Emphasis(t("nested"))]),
        Inline::Strikethrough(t("gone")),
        Inline::Code("let x = 1;".into()),
        Inline::Link(Link { href: "https://example.org/?a=1&b=2".into(), content: t("Example") }),
        Inline::Image(Image { src: "img/pic.svg".into(), alt: "A picture".into() }),
        Inline::LineBreak,
    ];
    let blocks = vec![
        Block::Heading(Heading { level: 1, id: None, content: t("Title") }),
        Block::Heading(Heading { level: 2, id: Some("sec".into()), content: all_inlines.clone() }),
        Block::Paragraph(all_inlines),
        Block::List(List { start: None, items: vec![vec![Block::Paragraph(t("a"))], vec![]] }),
        Block::List(List { start: Some(3), items: vec![vec![Block::Rule]] }),
        Block::Quote(vec![Block::Code("pre\n  formatted".into())]),
        Block::Table(Table {
            align: vec![Align::None, Align::Left, Align::Center, Align::Right],
            head: vec![t("h1"), t("h2"), vec![], t("h4")],
            rows: vec![vec![t("1"), t("2"), t("3"), t("4")], vec![]],
        }),
        Block::Rule,
        Block::Question(Question {
            id: "q-1".into(),
            prompt: t("Which?"),
            options: vec![
                Choice { content: t("A"), correct: false, feedback: vec![] },
                Choice { content: t("B"), correct: true, feedback: vec![Block::Paragraph(t("Yes."))] },
            ],
        }),
    ];
    Course {
        format: FORMAT_VERSION,
        id: "c".into(),
        title: "Kurs".into(),
        description: "d".into(),
        audience: "a".into(),
        language: "de".into(),
        version: "1.2.3".into(),
        estimated_minutes: Some(45),
        passing_score: Some(80),
        modules: vec![
            Module { id: "m1".into(), title: "One".into(), blocks },
            Module { id: "m2".into(), title: "Two".into(), blocks: vec![] },
        ],
    }
}

#[test]
fn reads_back_exactly_what_serde_writes() {
    let course = everything();
    for json in [serde_json::to_string(&course).unwrap(), serde_json::to_string_pretty(&course).unwrap()] {
        assert_eq!(Course::from_json(&json), Ok(course.clone()));
    }
    let mut minimal = everything();
    (minimal.description, minimal.audience) = (String::new(), String::new());
    (minimal.estimated_minutes, minimal.passing_score) = (None, None);
    let json = serde_json::to_string(&minimal).unwrap();
    assert!(!json.contains("passing_score"), "optional fields are left out: {json}");
    assert_eq!(Course::from_json(&json), Ok(minimal));
}

#[test]
fn reads_a_compiled_course() {
    let files: crate::compile::Files = [
        ("course.toml", "id = \"x\"\ntitle = \"X\"\nlanguage = \"en\"\nversion = \"1\"\nmodules = [\"a.md\"]\n"),
        ("a.md", "# A\n\nText *em* [Site](https://a.org).\n\n### Q {#q .question}\n\n- [x] Yes\n  > Right.\n- [ ] No\n  > Wrong.\n"),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
    .collect();
    let course = crate::compile::compile(&files).course.expect("compiles");
    let json = serde_json::to_string(&course).unwrap();
    assert_eq!(Course::from_json(&json), Ok(course));
}

#[test]
fn escapes_and_surrogate_pairs_decode() {
    let v = parse(r#"["\u00e4\ud83d\ude00\n\"\/", 12, true, null, {}]"#).unwrap();
    assert_eq!(
        v,
        Value::Array(vec![
            Value::String("ä😀\n\"/".into()),
            Value::Number("12".into()),
            Value::Bool(true),
            Value::Null,
            Value::Object(vec![]),
        ])
    );
}

#[test]
fn broken_documents_are_errors_with_a_reason() {
    let good = serde_json::to_string(&everything()).unwrap();
    // Every truncation of a valid document is an error, never a panic.
    for end in (0..good.len()).filter(|&i| good.is_char_boundary(i)) {
        assert!(Course::from_json(&good[..end]).is_err(), "truncated at {end}");
    }
    let cases = [
        ("", "expected a value at byte 0"),
        ("{\"format\": 1", "expected ',' or '}' at byte 12"),
        ("[1] x", "unexpected text after the end at byte 4"),
        ("\"\\ud800\"", "unpaired surrogate at byte 7"),
        ("{\"format\": 1}", "missing field `modules`"),
    ];
    for (text, expected) in cases {
        assert_eq!(Course::from_json(text), Err(CourseError::Damaged(expected.into())), "{text}");
    }
    let damaged = |s: &str| Err(CourseError::Damaged(s.into()));
    assert_eq!(Course::from_json("{\"format\": 1.5}"), damaged("format: expected a whole number, got 1.5"));
    assert_eq!(Course::from_json("{\"format\": 2, \"new\": []}"), Err(CourseError::Version(2)));
    let deep = "[".repeat(100_000);
    assert!(parse(&deep).unwrap_err().starts_with("nested too deeply"));
    let mut empty = everything();
    empty.modules.clear();
    let empty = serde_json::to_string(&empty).unwrap();
    assert_eq!(Course::from_json(&empty), damaged("the course has no modules"));
    let wrong_kind = good.replacen("\"rule\"", "\"marquee\"", 1);
    assert_eq!(Course::from_json(&wrong_kind), damaged("module m1: unknown block kind `marquee`"));
}

#[test]
fn saved_progress_round_trips() {
    let saved = Saved {
        v: 1,
        location: "m\"2".into(),
        visited: vec!["m1".into(), "m\"2".into()],
        answers: vec![("q-2".to_string(), 1), ("q-1".to_string(), 0)],
    };
    assert_eq!(
        saved.to_json(),
        r#"{"v":1,"location":"m\"2","visited":["m1","m\"2"],"answers":{"q-2":1,"q-1":0}}"#
    );
    assert_eq!(Saved::from_json(&saved.to_json()), Ok(saved));
    assert!(Saved::from_json("{\"v\":1}").is_err());
}
