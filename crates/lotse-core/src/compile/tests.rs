use super::*;
use crate::model::{Block, Inline};

const TOML: &str = r#"id = "demo"
title = "Demo"
language = "en"
version = "1.0.0"
passing-score = 80
modules = ["01-first.md", "02-second.md"]
"#;

const QUESTION: &str = "## Check\n\n### Which is right? {#pick .question}\n\n\
- [ ] Wrong\n  > No.\n- [x] Right\n  > Yes.\n";

fn files(entries: &[(&str, &str)]) -> Files {
    entries.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect()
}

/// A two-module course whose second module is `second`.
fn course_with(second: &str) -> Compiled {
    compile(&files(&[
        ("course.toml", TOML),
        ("01-first.md", "# First\n\nHello *world*.\n"),
        ("02-second.md", second),
        ("pic.svg", "<svg/>"),
    ]))
}

/// The diagnostics as `file:line:col: severity: message` lines, hints left out.
fn rendered(compiled: &Compiled) -> Vec<String> {
    compiled.diagnostics.iter().map(|d| Diagnostic { hint: None, ..d.clone() }.to_string()).collect()
}

#[track_caller]
fn check(second: &str, expected: &[&str]) {
    assert_eq!(rendered(&course_with(second)), expected);
}

#[test]
fn a_clean_course_compiles_every_construct() {
    let md = format!(
        "# Second\n\nA [Example site](https://example.org) and `code`, **strong**, ~~gone~~.\n\n\
         ![Two arrows](pic.svg)\n\n1. one\n2. two\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n{QUESTION}"
    );
    let compiled = course_with(&md);
    assert_eq!(rendered(&compiled), Vec::<String>::new());
    let course = compiled.course.expect("a course");
    assert_eq!(course.modules.len(), 2);
    assert_eq!(course.modules[0].id, "first");
    assert_eq!(course.modules[1].title, "Second");
    assert_eq!(course.passing_score, Some(80));
    let blocks = &course.modules[1].blocks;
    assert!(
        matches!(&blocks[1], Block::Paragraph(p) if matches!(&p[1], Inline::Link(l) if l.href == "https://example.org"))
    );
    assert!(
        matches!(&blocks[2], Block::Paragraph(p) if matches!(&p[0], Inline::Image(i) if i.alt == "Two arrows" && i.src == "pic.svg"))
    );
    assert!(matches!(&blocks[3], Block::List(l) if l.start == Some(1) && l.items.len() == 2));
    assert!(matches!(&blocks[4], Block::Table(t) if t.head.len() == 2 && t.rows.len() == 1));
    let Block::Question(q) = &blocks[6] else { panic!("a question, got {:?}", blocks[6]) };
    assert_eq!(q.id, "pick");
    assert_eq!(crate::model::plain_text(&q.prompt), "Which is right?");
    assert_eq!(q.options.iter().map(|o| o.correct).collect::<Vec<_>>(), [false, true]);
    assert!(
        matches!(&q.options[1].feedback[..], [Block::Paragraph(p)] if p == &[Inline::Text("Yes.".into())])
    );
}

#[test]
fn the_document_round_trips_through_json() {
    let course = course_with(&format!("# Second\n\n{QUESTION}")).course.expect("a course");
    let json = serde_json::to_string(&course).expect("serialises");
    assert!(json.starts_with(r#"{"format":1,"#), "{json}");
    let back: crate::model::Course = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, course);
}

#[test]
fn question_mistakes_point_at_the_heading() {
    check(
        "# S\n\n## Q\n\n### Pick one {#pick .question}\n\n- [ ] A\n  > a\n- [ ] B\n  > b\n",
        &["02-second.md:5:1: error: this question has no correct option"],
    );
    check(
        "# S\n\n## Q\n\n### Pick one {#pick .question}\n\n- [x] A\n  > a\n- [x] B\n  > b\n",
        &["02-second.md:5:1: error: this single-choice question has 2 options marked correct"],
    );
    check(
        "# S\n\n## Q\n\n### Pick one {.question}\n\n- [x] A\n  > a\n- [ ] B\n  > b\n",
        &["02-second.md:5:1: error: this question has no id"],
    );
    check(
        "# S\n\n## Q\n\n### Pick one {#pick .question}\n\nText.\n",
        &["02-second.md:5:1: error: this question has no options"],
    );
    check(
        "# S\n\n## Q\n\n### Pick one {#pick .question}\n\n- [x] A\n- [ ] B\n  > b\n",
        &["02-second.md:7:1: warning: this option has no feedback"],
    );
}

#[test]
fn a_question_id_used_twice_in_the_course_is_an_error() {
    let compiled = compile(&files(&[
        ("course.toml", TOML),
        ("01-first.md", &format!("# First\n\n{QUESTION}")),
        ("02-second.md", &format!("# Second\n\n{QUESTION}")),
    ]));
    assert_eq!(
        rendered(&compiled),
        ["02-second.md:5:1: error: the question id `pick` is already used in 01-first.md"]
    );
    assert!(compiled.course.is_none());
}

#[test]
fn accessibility_problems_are_reported_where_they_are() {
    check(
        "# S\n\nSee ![](pic.svg) and ![A map](missing.png).\n\n### Deep\n\n[click here](https://example.org)\n",
        &[
            "02-second.md:3:5: error: this image has no alt text",
            "02-second.md:3:22: error: the image file `missing.png` does not exist",
            "02-second.md:5:1: warning: heading level 3 follows level 1: a level is skipped",
            "02-second.md:7:1: warning: the link text \"click here\" does not say where the link goes",
        ],
    );
}

#[test]
fn titles_html_and_hostile_links() {
    check("Just text.\n", &["02-second.md:1:1: error: this module has no title"]);
    check(
        "## Sub\n",
        &[
            "02-second.md:1:1: error: a module must start with its title, a level-1 heading",
            "02-second.md:1:1: error: this module has no title",
        ],
    );
    check(
        "# S\n\n# T\n",
        &["02-second.md:3:1: error: a module has one level-1 heading, its title; this is a second one"],
    );
    check(
        "# S\n\nA <b>bold</b> claim.\n",
        &[
            "02-second.md:3:3: warning: HTML is not allowed in a course; it is shown as plain text",
            "02-second.md:3:10: warning: HTML is not allowed in a course; it is shown as plain text",
        ],
    );
    check("# S\n\n[Bad](javascript:alert(1)) ![x](https://tracker.example/p.gif)\n", &[
        "02-second.md:3:1: error: the link target `javascript:alert(1)` is not allowed",
        "02-second.md:3:28: error: the image `https://tracker.example/p.gif` would be loaded from another site",
    ]);
}

#[test]
fn course_toml_mistakes_carry_their_position() {
    let bad = |toml: &str| rendered(&compile(&files(&[("course.toml", toml), ("01-first.md", "# F\n")])));
    assert_eq!(
        bad("id = \"x\"\ntitel = \"T\"\nlanguage = \"en\"\ncolor = \"blue\"\n"),
        [
            "course.toml:1:1: error: course.toml has no `title`",
            "course.toml:1:1: error: course.toml has no `version`",
            "course.toml:1:1: error: course.toml has no `modules`",
            "course.toml:2:1: error: unknown key `titel`",
            "course.toml:4:1: error: unknown key `color`",
        ],
        "every unknown and missing key in one run"
    );
    assert_eq!(
        bad("id = \"Bad Id\"\ntitle = \"T\"\nlanguage = \"en\"\nversion = \"1\"\npassing-score = 120\n\
             modules = [\"01-first.md\", \"02-gone.md\"]\n"),
        [
            "course.toml:1:6: error: `Bad Id` is not a valid course id",
            "course.toml:5:17: error: passing-score is a percentage from 0 to 100",
            "course.toml:6:27: error: module file `02-gone.md` does not exist",
        ]
    );
    assert_eq!(rendered(&compile(&Files::new())), ["course.toml:1:1: error: this folder has no course.toml"]);
}

#[test]
fn broken_files_are_diagnostics_not_panics() {
    let compiled = compile(&Files::from([
        ("course.toml".to_string(), TOML.as_bytes().to_vec()),
        ("01-first.md".to_string(), b"# First\n\nbad \xFF byte\n".to_vec()),
        ("02-second.md".to_string(), b"# Second\n\n[unclosed](\n\n- [x\n> > > >\n|a|\n|-|\n".to_vec()),
        ("notes/extra.md".to_string(), b"# Draft\n".to_vec()),
    ]));
    assert_eq!(
        rendered(&compiled),
        [
            "01-first.md:3:5: error: this file is not UTF-8 text",
            "notes/extra.md:1:1: warning: this Markdown file is not part of the course",
        ]
    );
}

#[test]
fn a_misspelt_key_gets_a_suggestion() {
    let hint = |key: &str| {
        let toml = format!("{key} = \"x\"\n");
        let compiled = compile(&files(&[("course.toml", &toml)]));
        compiled.diagnostics[0].hint.clone().unwrap_or_default()
    };
    assert_eq!(hint("titel"), "did you mean `title`?");
    assert_eq!(hint("passing_score"), "did you mean `passing-score`?");
    assert_eq!(hint("Estimated-Minute"), "did you mean `estimated-minutes`?");
    assert!(
        hint("colour").starts_with("remove the key or correct its spelling; course.toml knows `id`, `title`")
    );
}

#[test]
fn every_documented_key_is_read() {
    let toml: String = config::KEYS
        .iter()
        .map(|key| match *key {
            "estimated-minutes" | "passing-score" => format!("{key} = 10\n"),
            "modules" => "modules = [\"01-first.md\"]\n".to_string(),
            _ => format!("{key} = \"x\"\n"),
        })
        .collect();
    let compiled = compile(&files(&[("course.toml", &toml), ("01-first.md", "# F\n")]));
    assert_eq!(rendered(&compiled), Vec::<String>::new());
}

#[test]
fn an_unclosed_code_fence_is_reported_and_closed_ones_are_not() {
    check("# S\n\n```\ncode\n```\n\n> ~~~~\n> quoted\n> ~~~~\n\n- item\n\n  ```\n  x\n  ```\n", &[]);
    check(
        "# S\n\n````\ncode\n```\n\nThe rest.\n",
        &["02-second.md:3:1: warning: this code block is not closed: everything after it is shown as code"],
    );
}

#[test]
fn module_ids_come_from_file_names() {
    assert_eq!(config::module_id("01-first-contact.md"), "first-contact");
    assert_eq!(config::module_id("part/2_Case_Work.md"), "case-work");
    assert_eq!(config::module_id("07.md"), "07");
}

#[test]
fn unsafe_hrefs_are_recognised() {
    use crate::model::is_safe_href;
    for ok in ["https://a.org", "mailto:x@y.z", "tel:+43", "other.md", "#top", "a/b:c"] {
        assert!(is_safe_href(ok), "{ok}");
    }
    for bad in ["javascript:alert(1)", " JavaScript:x", "data:text/html,x", "vbscript:x"] {
        assert!(!is_safe_href(bad), "{bad}");
    }
}

#[test]
fn a_question_inside_a_list_or_quote_is_an_error_not_lost() {
    check(
        "# S\n\n> ## Q {#q .question}\n>\n> - [x] a\n>   > yes\n> - [ ] b\n>   > no\n",
        &["02-second.md:3:3: error: a question cannot stand inside a list, a quote or feedback"],
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_and_never_overflows() {
    let deep = format!("# S\n\n{}deep\n", "> ".repeat(5_000));
    let compiled = course_with(&deep);
    assert!(rendered(&compiled).iter().any(|d| d.contains("nested too deeply")), "{:?}", rendered(&compiled));
    let mut lists = String::from("# S\n\n");
    for level in 0..70 {
        lists += &format!("{}- level {level}\n", "  ".repeat(level));
    }
    assert!(rendered(&course_with(&lists)).iter().any(|d| d.contains("nested too deeply")));
    // What stays within the limit reads back in the player's JSON reader.
    let mut ok = String::from("# S\n\n");
    for level in 0..super::markdown::MAX_NESTING / 2 - 2 {
        ok += &format!("{}- level {level}\n", "  ".repeat(level));
    }
    let course = course_with(&ok).course.expect("compiles");
    let json = serde_json::to_string(&course).unwrap();
    assert_eq!(crate::model::Course::from_json(&json), Ok(course));
}

#[test]
fn empty_titles_questions_and_options_are_errors() {
    check("#\n\nText.\n", &["02-second.md:1:1: error: the module title is empty"]);
    check(
        "# S\n\n## {#q .question}\n\n- [x] a\n  > yes\n- [ ]\n  > no\n",
        &[
            "02-second.md:3:1: error: this question has no text",
            "02-second.md:7:1: error: this option has no text",
        ],
    );
}

#[test]
fn course_toml_numbers_paths_and_reserved_names() {
    let bad = |toml: &str, extra: &[(&str, &str)]| {
        let mut all = vec![("course.toml", toml), ("01-first.md", "# F\n"), ("b c.png", "png")];
        all.extend_from_slice(extra);
        rendered(&compile(&files(&all)))
    };
    let toml = |rest: &str| format!("id = \"x\"\ntitle = \"T\"\nlanguage = \"en\"\nversion = \"1\"\n{rest}");
    assert_eq!(
        bad(&toml("passing-score = 300\nestimated-minutes = -5\nmodules = [\"./01-first.md\"]\n"), &[]),
        [
            "course.toml:5:17: error: passing-score is a percentage from 0 to 100",
            "course.toml:6:21: error: estimated-minutes is the time the course takes, in minutes",
        ]
    );
    assert_eq!(
        bad(&toml("modules = [\"01-first.md\"]\n"), &[("index.html", "<p>"), ("course.json", "{}")]),
        [
            "course.json:1:1: error: `course.json` is a name the course player needs for itself",
            "index.html:1:1: error: `index.html` is a name the course player needs for itself",
        ]
    );
    let with_image = compile(&files(&[
        ("course.toml", &toml("modules = [\"01-first.md\"]\n")),
        ("01-first.md", "# F\n\n![A picture](b%20c.png)\n"),
        ("b c.png", "png"),
    ]));
    assert_eq!(rendered(&with_image), Vec::<String>::new(), "a URL-encoded file name finds the file");
}

#[test]
fn a_twenty_megabyte_module_and_ten_thousand_questions_compile() {
    // Every paragraph has a vague link text: 270,000 warnings, found without rescanning the file.
    let paragraph = "Plain text with *emphasis*, a [link](https://example.org/a) and `code`.\n\n";
    let big = format!("# Big\n\n{}", paragraph.repeat(20 * 1024 * 1024 / paragraph.len()));
    assert!(big.len() >= 20 * 1024 * 1024 - paragraph.len());
    let compiled = course_with(&big);
    assert_eq!(compiled.warnings(), 20 * 1024 * 1024 / paragraph.len());
    let last = compiled.diagnostics.last().expect("warnings");
    assert_eq!((last.line, last.column), (3 + 2 * (compiled.warnings() - 1), 31));
    assert_eq!((last.end_line, last.end_column), (last.line, 60), "just after `[link](...)`");

    let mut many = String::from("# Many\n\n## Questions\n\n");
    for i in 0..10_000 {
        many += &format!(
            "### Question {i}? {{#q-{i} .question}}\n\n- [x] Yes\n  > Right.\n- [ ] No\n  > Wrong.\n\n"
        );
    }
    let course = course_with(&many).course.expect("compiles");
    assert_eq!(course.questions().count(), 10_000);
}

/// A small deterministic generator (xorshift), so that the run is the same in CI every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn randomly_damaged_courses_never_panic_the_compiler() {
    let module = format!(
        "# Second\n\nText *em* **strong** ~~s~~ `c` [Site](https://a.org) ![Alt](pic.svg)\n\n\
         > quote\n\n1. one\n   - nested\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n```\ncode\n```\n\n{QUESTION}"
    );
    let pieces: &[&[u8]] = &[
        b"#",
        b"\n",
        b"- [x] ",
        b"> ",
        b"{#",
        b".question}",
        b"|",
        b"```",
        b"*",
        b"[",
        b"](",
        b"\xff",
        b"\t",
    ];
    let mut rng = Rng(0x5eed_1e55_0000_0001);
    for round in 0..2_000 {
        let mut bytes = if round % 2 == 0 { module.clone().into_bytes() } else { TOML.as_bytes().to_vec() };
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 => bytes.truncate(at),
                1 if at < bytes.len() => {
                    bytes.remove(at);
                }
                2 => {
                    let piece = pieces[rng.below(pieces.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
                _ => bytes.insert(at, rng.next() as u8),
            }
        }
        let (toml, md) = if round % 2 == 0 {
            (TOML.as_bytes().to_vec(), bytes)
        } else {
            (bytes, module.clone().into_bytes())
        };
        let files = Files::from([
            ("course.toml".to_string(), toml),
            ("01-first.md".to_string(), b"# First\n".to_vec()),
            ("02-second.md".to_string(), md),
            ("pic.svg".to_string(), b"<svg/>".to_vec()),
        ]);
        let compiled = compile(&files);
        for d in &compiled.diagnostics {
            assert!(d.line >= 1 && d.column >= 1 && d.range.start <= d.range.end, "round {round}: {d:?}");
        }
        if let Some(course) = compiled.course {
            let json = serde_json::to_string(&course).unwrap();
            assert_eq!(crate::model::Course::from_json(&json), Ok(course), "round {round}");
        }
    }
}

/// Every example in docs/authoring.md compiles: the `toml` block is the course.toml, each
/// `markdown` block becomes a module under a title. A block marked `markdown,broken` must fail.
#[test]
fn the_examples_in_the_authoring_guide_compile() {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let guide = include_str!("../../../../docs/authoring.md");
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(guide) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some((info.to_string(), String::new()))
            }
            Event::Text(text) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    let toml: Vec<&String> = blocks.iter().filter(|(info, _)| info == "toml").map(|(_, b)| b).collect();
    assert_eq!(toml.len(), 1, "the guide shows one course.toml");
    let examples: Vec<&(String, String)> =
        blocks.iter().filter(|(info, _)| info.starts_with("markdown")).collect();
    assert!(!examples.is_empty());
    for (info, body) in examples {
        let module = format!("# Example\n\n## Section\n\n{body}");
        let mut entries = vec![("course.toml", toml[0].as_str()), ("01-two-way-process.md", module.as_str())];
        let toml_names = ["02-integration-management.md", "two-way.svg"];
        let second = "# Second\n";
        entries.push((toml_names[0], second));
        entries.push((toml_names[1], "<svg/>"));
        let compiled = compile(&files(&entries));
        if info.contains("broken") {
            assert!(compiled.errors() > 0, "a broken example fails:\n{body}");
        } else {
            assert_eq!(rendered(&compiled), Vec::<String>::new(), "example:\n{body}");
        }
    }
}

#[test]
fn relative_links_must_name_a_course_file() {
    check(
        "# S\n\n[The handout](handout.pdf), [the diagram](pic.svg#top), [Module one](01-first.md), [Top](#s).\n",
        &[
            "02-second.md:3:1: error: the link target `handout.pdf` does not exist in the course",
            "02-second.md:3:57: warning: links from one module to another do not work in the course player yet",
        ],
    );
}
