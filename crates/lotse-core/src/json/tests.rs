use super::*;

fn t(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_string())]
}

fn p(s: &str) -> Vec<Block> {
    vec![Block::Paragraph(t(s))]
}

fn heading(level: u8, id: Option<&str>, s: &str) -> Heading {
    Heading { level, id: id.map(String::from), content: t(s) }
}

/// One interaction of each kind, every optional field set on the first.
fn interactions() -> Vec<Block> {
    let choices = |n: usize| -> Vec<Choice> {
        (0..n)
            .map(|i| Choice {
                content: t("c"),
                correct: i == 1,
                feedback: if i == 0 { vec![] } else { p("f") },
            })
            .collect()
    };
    let kinds = vec![
        Kind::SingleChoice(choices(3)),
        Kind::MultipleChoice(choices(4)),
        Kind::TrueFalse(choices(2)),
        Kind::FillIn(FillIn {
            case_sensitive: true,
            answers: vec![
                TextAnswer { text: "Duldung".into(), correct: true, feedback: vec![] },
                TextAnswer { text: "Aufenthalt".into(), correct: false, feedback: p("No.") },
            ],
        }),
        Kind::Numeric(vec![
            NumberAnswer { min: "-2.5".into(), max: "19.5".into(), correct: true, feedback: p("Yes.") },
            NumberAnswer { min: "100".into(), max: "100".into(), correct: false, feedback: vec![] },
        ]),
        Kind::Matching(vec![Pair { left: t("l1"), right: t("r1") }, Pair { left: t("l2"), right: vec![] }]),
        Kind::Ordering(vec![t("first"), t("second"), vec![]]),
        Kind::Reflection { report: true },
        Kind::Reflection { report: false },
        Kind::SelfAssessment(SelfAssessment {
            scale: vec![t("low"), t("high")],
            statements: vec![t("I can.")],
        }),
        Kind::Scenario(vec![
            Step {
                id: "start".into(),
                title: t("At the desk"),
                blocks: p("A client arrives."),
                paths: vec![
                    Path { content: t("Greet"), to: "good".into(), feedback: p("Nice.") },
                    Path { content: t("Ignore"), to: "bad".into(), feedback: vec![] },
                ],
                success: false,
            },
            Step { id: "good".into(), title: t("Good"), blocks: vec![], paths: vec![], success: true },
            Step { id: "bad".into(), title: vec![], blocks: p("Oh."), paths: vec![], success: false },
        ]),
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(n, kind)| {
            let full = n == 0;
            Block::Interaction(Box::new(Interaction {
                id: format!("i-{n}"),
                level: 3,
                prompt: t("Which?"),
                context: if full { p("Context.") } else { vec![] },
                hint: if full { p("Hint.") } else { vec![] },
                feedback: if full { p("Debrief.") } else { vec![] },
                graded: n % 2 == 0,
                weight: n as u32,
                attempts: if full { Some(u32::MAX) } else { None },
                solution: full,
                kind,
            }))
        })
        .collect()
}

/// A course using every kind of block, inline and interaction, and every optional field.
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
        Inline::Term(TermUse { id: "duldung".into(), content: t("Duldung") }),
        Inline::Footnote(1),
        Inline::Footnote(u32::MAX),
        Inline::Attachment(Box::new(Attachment {
            src: "files/form.pdf".into(),
            content: t("The form"),
            kind: "PDF".into(),
            bytes: u64::MAX,
        })),
    ];
    let mut blocks = vec![
        Block::Heading(heading(1, None, "Title")),
        Block::Heading(Heading { level: 2, id: Some("sec".into()), content: all_inlines.clone() }),
        Block::Paragraph(all_inlines),
        Block::List(List { start: None, items: vec![p("a"), vec![]] }),
        Block::List(List { start: Some(u64::MAX), items: vec![vec![Block::Rule]] }),
        Block::Quote(vec![Block::Code("pre\n  formatted".into())]),
        Block::Table(Table {
            align: vec![Align::None, Align::Left, Align::Center, Align::Right],
            head: vec![t("h1"), t("h2"), vec![], t("h4")],
            rows: vec![vec![t("1"), t("2"), t("3"), t("4")], vec![]],
        }),
        Block::Rule,
    ];
    for kind in [
        CalloutKind::Note,
        CalloutKind::Tip,
        CalloutKind::Important,
        CalloutKind::Warning,
        CalloutKind::Practice,
    ] {
        blocks.push(Block::Callout(Callout { kind, blocks: p("Mind this.") }));
    }
    blocks.extend([
        Block::Expandable(Section { heading: heading(2, Some("more"), "More"), blocks: p("Details.") }),
        Block::Takeaways(Section { heading: heading(2, None, "Key points"), blocks: vec![] }),
        Block::Media(Box::new(Media {
            kind: MediaKind::Video,
            src: "media/intro.mp4".into(),
            title: "Intro".into(),
            captions: Some("media/intro.vtt".into()),
            transcript: p("Hello."),
        })),
        Block::Media(Box::new(Media {
            kind: MediaKind::Audio,
            src: "a.mp3".into(),
            title: "Audio".into(),
            captions: None,
            transcript: vec![],
        })),
    ]);
    blocks.extend(interactions());
    Course {
        format: FORMAT_VERSION,
        id: "c".into(),
        title: "Kurs".into(),
        description: "d".into(),
        audience: "a".into(),
        language: "de".into(),
        languages: vec!["de".into(), "en".into()],
        version: "1.2.3".into(),
        estimated_minutes: Some(45),
        passing_score: Some(80),
        completion: Completion::VisitedAndPassed,
        completion_threshold: Some(90),
        organisation: "BAMF".into(),
        colour: "#1d4f91".into(),
        logo: "logo.svg".into(),
        glossary: vec![
            Term {
                id: "duldung".into(),
                term: "Duldung".into(),
                definition: p("A suspension of deportation."),
            },
            Term { id: "empty".into(), term: "Empty".into(), definition: vec![] },
        ],
        modules: vec![
            Module {
                id: "m1".into(),
                title: "One".into(),
                estimated_minutes: Some(10),
                objectives: vec![t("Know it"), all_inlines_short()],
                blocks,
                footnotes: vec![p("A note."), vec![]],
            },
            Module {
                id: "m2".into(),
                title: "Two".into(),
                estimated_minutes: None,
                objectives: vec![],
                blocks: vec![],
                footnotes: vec![],
            },
        ],
    }
}

fn all_inlines_short() -> Vec<Inline> {
    vec![Inline::Strong(t("do")), Inline::Text(" it".into())]
}

#[test]
fn reads_back_exactly_what_serde_writes() {
    let course = everything();
    for json in [serde_json::to_string(&course).unwrap(), serde_json::to_string_pretty(&course).unwrap()] {
        assert_eq!(Course::from_json(&json), Ok(course.clone()));
    }
    // Every block, inline and interaction kind is in the document.
    let json = serde_json::to_string(&course).unwrap();
    for tag in BLOCKS.iter().chain(INLINES).chain(KINDS) {
        assert!(json.contains(&format!("\"{tag}\"")), "the test course has no {tag}");
    }
    for word in ["note", "tip", "important", "warning", "practice", "audio", "video", "visited_and_passed"] {
        assert!(json.contains(&format!("\"{word}\"")), "the test course has no {word}");
    }
    for completion in [Completion::Visited, Completion::Passed] {
        let mut other = everything();
        other.completion = completion;
        assert_eq!(Course::from_json(&serde_json::to_string(&other).unwrap()), Ok(other));
    }

    let mut minimal = everything();
    (minimal.description, minimal.audience, minimal.organisation) =
        (String::new(), String::new(), String::new());
    (minimal.colour, minimal.logo) = (String::new(), String::new());
    (minimal.estimated_minutes, minimal.passing_score, minimal.completion_threshold) = (None, None, None);
    (minimal.languages, minimal.glossary) = (vec![], vec![]);
    minimal.completion = Completion::Visited;
    minimal.modules[0].blocks.retain(|b| !matches!(b, Block::Interaction(_) | Block::Media(_)));
    minimal.modules[0].objectives.clear();
    minimal.modules[0].footnotes.clear();
    minimal.modules[0].estimated_minutes = None;
    let json = serde_json::to_string(&minimal).unwrap();
    for key in [
        "passing_score",
        "completion_threshold",
        "completion",
        "glossary",
        "languages",
        "organisation",
        "objectives",
        "footnotes",
    ] {
        if key == "completion" {
            // serde writes the default completion rule; a document without it reads as `visited`.
            let without = json.replace("\"completion\":\"visited\",", "");
            assert!(!without.contains("completion"), "{without}");
            assert_eq!(Course::from_json(&without), Ok(minimal.clone()));
        } else {
            assert!(!json.contains(key), "optional field {key} is left out: {json}");
        }
    }
    assert_eq!(Course::from_json(&json), Ok(minimal));
}

#[cfg(feature = "compiler")]
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
        ("{\"format\": 2", "expected ',' or '}' at byte 12"),
        ("[1] x", "unexpected text after the end at byte 4"),
        ("\"\\ud800\"", "unpaired surrogate at byte 7"),
        ("{\"format\": 2}", "missing field `modules`"),
        ("{\"title\": \"x\"}", "missing field `format`"),
        ("[]", "expected an object"),
    ];
    for (text, expected) in cases {
        assert_eq!(Course::from_json(text), Err(CourseError::Damaged(expected.into())), "{text}");
    }
    let damaged = |s: &str| Err(CourseError::Damaged(s.into()));
    assert_eq!(Course::from_json("{\"format\": 1.5}"), damaged("format: expected a whole number, got 1.5"));
    assert_eq!(Course::from_json("{\"format\": 3, \"new\": []}"), Err(CourseError::Version(3)));
    assert_eq!(Course::from_json("{\"format\": 1, \"modules\": []}"), Err(CourseError::Version(1)));
    let deep = "[".repeat(100_000);
    assert!(parse(&deep).unwrap_err().starts_with("nested too deeply"));
    let mut empty = everything();
    empty.modules.clear();
    let empty = serde_json::to_string(&empty).unwrap();
    assert_eq!(Course::from_json(&empty), damaged("the course has no modules"));
    let wrong_kind = good.replacen("\"rule\"", "\"marquee\"", 1);
    assert_eq!(Course::from_json(&wrong_kind), damaged("module m1: blocks: unknown kind `marquee`"));
    let wrong_interaction = good.replacen("\"true_false\"", "\"hotspot\"", 1);
    assert_eq!(
        Course::from_json(&wrong_interaction),
        damaged("module m1: interaction i-2: kind: unknown kind `hotspot`")
    );
    let level = good.replacen("\"level\":1", "\"level\":256", 1);
    assert_eq!(Course::from_json(&level), damaged("module m1: level: number out of range"));
    let graded = good.replacen("\"graded\":true", "\"graded\":1", 1);
    assert_eq!(
        Course::from_json(&graded),
        damaged("module m1: interaction i-0: graded: expected true or false")
    );
}

/// Junk never panics the reader: every byte of a document replaced by characters that matter to
/// JSON, and documents of random structural characters.
#[test]
fn junk_is_an_error_never_a_panic() {
    let good = serde_json::to_string(&everything()).unwrap();
    let bytes = good.as_bytes();
    for (i, _) in bytes.iter().enumerate().filter(|(i, _)| good.is_char_boundary(*i) && i % 7 == 0) {
        for junk in ["\"", "{", "]", "0", "-", "\\", "n", "\u{0}"] {
            let end = (i + 1..=bytes.len()).find(|&e| good.is_char_boundary(e)).unwrap();
            let text = format!("{}{junk}{}", &good[..i], &good[end..]);
            let _ = Course::from_json(&text);
            let _ = Saved::from_json(&text);
        }
    }
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..2_000 {
        let text: String = (0..40)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let alphabet = b"{}[]\":,0-1.e\\utrfalsn x";
                alphabet[(seed % alphabet.len() as u64) as usize] as char
            })
            .collect();
        let _ = Course::from_json(&text);
        let _ = Saved::from_json(&text);
    }
}

fn every_response() -> Vec<Answer> {
    let responses = vec![
        Response::Choice(1),
        Response::Choices(vec![0, 2]),
        Response::Text("Dul\"dung\n".into()),
        Response::Number("-2,5".into()),
        Response::Order(vec![2, 0, 1]),
        Response::Matches(vec![]),
        Response::Path(vec![0, 1]),
        Response::Ratings(vec![4, 0]),
        Response::Reflection("I think…\\".into()),
    ];
    responses
        .into_iter()
        .enumerate()
        .map(|(n, response)| Answer { id: format!("q\"{n}"), checks: n as u32 * 1_000_000, response })
        .collect()
}

#[test]
fn saved_progress_round_trips() {
    let saved = Saved {
        v: 2,
        location: "m\"2".into(),
        visited: vec!["m1".into(), "m\"2".into()],
        answers: every_response()[..2].to_vec(),
        time: 0,
    };
    assert_eq!(
        saved.to_json(),
        r#"{"v":2,"location":"m\"2","visited":["m1","m\"2"],"answers":[["q\"0",0,{"choice":1}],["q\"1",1000000,{"choices":[0,2]}]]}"#
    );
    assert_eq!(Saved::from_json(&saved.to_json()), Ok(saved.clone()));
    let all = Saved { v: 2, location: String::new(), visited: vec![], answers: every_response(), time: 0 };
    for tag in RESPONSES {
        assert!(all.to_json().contains(&format!("{{\"{tag}\":")), "{tag} is written");
    }
    assert_eq!(Saved::from_json(&all.to_json()), Ok(all.clone()));
    // The time spent in earlier sessions (standalone), written only when there is some.
    let timed = Saved { time: 5_400_250, ..saved.clone() };
    assert!(timed.to_json().ends_with("]],\"time\":5400250}"), "{}", timed.to_json());
    assert_eq!(Saved::from_json(&timed.to_json()), Ok(timed));
    let json = all.to_json();
    for end in (0..json.len()).filter(|&i| json.is_char_boundary(i)) {
        assert!(Saved::from_json(&json[..end]).is_err(), "truncated at {end}");
    }
    assert!(Saved::from_json("{\"v\":2}").is_err());
    assert!(Saved::from_json("{\"v\":3,\"location\":\"\",\"visited\":[],\"answers\":[]}").is_err());
    // One answer that cannot be read costs only itself; the rest of the progress is kept.
    let mixed = r#"{"v":2,"location":"m1","visited":["m1"],"answers":[["a",1],["b",1,{"choice":2}],["c",1,{"from_the_future":1}]]}"#;
    let read = Saved::from_json(mixed).expect("the readable part");
    assert_eq!(read.answers, [Answer { id: "b".into(), checks: 1, response: Response::Choice(2) }]);
}

#[test]
fn saved_progress_of_version_1_is_read_as_single_choices() {
    let old = r#"{"v":1,"location":"m2","visited":["m1","m2"],"answers":{"q-2":1,"q-1":0}}"#;
    let choice = |id: &str, option| Answer { id: id.into(), checks: 1, response: Response::Choice(option) };
    assert_eq!(
        Saved::from_json(old),
        Ok(Saved {
            v: 2,
            location: "m2".into(),
            visited: vec!["m1".into(), "m2".into()],
            answers: vec![choice("q-2", 1), choice("q-1", 0)],
            time: 0,
        })
    );
    assert!(Saved::from_json(r#"{"v":1,"location":"","visited":[],"answers":{"q":"x"}}"#).is_err());
    // Written back, the migrated progress reads as version 2.
    let migrated = Saved::from_json(old).unwrap();
    assert_eq!(Saved::from_json(&migrated.to_json()), Ok(migrated));
}

#[test]
fn control_characters_are_written_as_serde_writes_them() {
    let text = "a\u{1}\u{1f}\u{7f}\"\\\n";
    assert_eq!(quote(text), serde_json::to_string(text).unwrap());
    let saved = Saved {
        v: 2,
        location: text.into(),
        visited: vec![],
        answers: vec![Answer { id: text.into(), checks: 1, response: Response::Reflection(text.into()) }],
        time: 0,
    };
    assert_eq!(Saved::from_json(&saved.to_json()), Ok(saved));
}

/// Every golden snapshot the compiler wrote (tests/golden) reads back into the same course.
#[test]
fn reads_every_golden_snapshot() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let expected: Course = serde_json::from_str(&text).unwrap();
            assert_eq!(Course::from_json(&text), Ok(expected), "{}", path.display());
            read += 1;
        }
    }
    assert!(read > 0, "no snapshots in {}", dir.display());
}
