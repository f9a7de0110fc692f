use super::*;
use crate::model::{plain_text, Block, Inline};

const TOML: &str = r#"id = "demo"
title = "Demo"
language = "en"
version = "1.0.0"
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
    assert_eq!(course.passing_score, None);
    assert_eq!(course.completion, crate::model::Completion::Visited);
    let blocks = &course.modules[1].blocks;
    assert!(
        matches!(&blocks[1], Block::Paragraph(p) if matches!(&p[1], Inline::Link(l) if l.href == "https://example.org"))
    );
    assert!(
        matches!(&blocks[2], Block::Paragraph(p) if matches!(&p[0], Inline::Image(i) if i.alt == "Two arrows" && i.src == "pic.svg"))
    );
    assert!(matches!(&blocks[3], Block::List(l) if l.start == Some(1) && l.items.len() == 2));
    assert!(matches!(&blocks[4], Block::Table(t) if t.head.len() == 2 && t.rows.len() == 1));
    let Block::Interaction(q) = &blocks[6] else { panic!("a question, got {:?}", blocks[6]) };
    assert_eq!(q.id, "pick");
    assert_eq!(crate::model::plain_text(&q.prompt), "Which is right?");
    let crate::model::Kind::SingleChoice(options) = &q.kind else { panic!("single choice: {q:?}") };
    assert_eq!(options.iter().map(|o| o.correct).collect::<Vec<_>>(), [false, true]);
    assert!(matches!(&options[1].feedback[..], [Block::Paragraph(p)] if p == &[Inline::Text("Yes.".into())]));
}

#[test]
fn the_document_round_trips_through_json() {
    let course = course_with(&format!("# Second\n\n{QUESTION}")).course.expect("a course");
    let json = serde_json::to_string(&course).expect("serialises");
    assert!(json.starts_with(r#"{"format":2,"#), "{json}");
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
        ["02-second.md:5:1: error: the id `pick` is already used in 01-first.md"]
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
    assert!(hint("color-scheme")
        .starts_with("remove the key or correct its spelling; course.toml knows `id`, `title`"));
}

#[test]
fn every_documented_key_is_read() {
    let toml: String = config::KEYS
        .iter()
        .map(|key| match *key {
            "estimated-minutes" | "passing-score" | "attempts" | "completion-threshold" => {
                format!("{key} = 10\n")
            }
            "modules" => "modules = [\"01-first.md\"]\n".to_string(),
            "language" => "language = \"en\"\n".to_string(),
            "languages" => "languages = [\"en\", \"de\"]\n".to_string(),
            "completion" => "completion = \"passed\"\n".to_string(),
            "colour" => "colour = \"#1d4f91\"\n".to_string(),
            "logo" => "logo = \"logo.svg\"\n".to_string(),
            "glossary" => "glossary = \"glossary.md\"\n".to_string(),
            // A table, so last in the file.
            "translations" => String::new(),
            _ => format!("{key} = \"x\"\n"),
        })
        .collect::<String>()
        + "[translations.de]\ntitle = \"Titel\"\n";
    let module =
        "# F\n\nA [term](glossary.md#term).\n\n## Q? {#q .question}\n\n- [x] a\n  > ok\n- [ ] b\n  > no\n";
    let german = "# F\n\nEin [Begriff](glossary.md#term).\n\n## F? {#q .question}\n\n- [x] a\n  > ja\n- [ ] b\n  > nein\n";
    let compiled = compile(&files(&[
        ("course.toml", &toml),
        ("01-first.md", module),
        ("01-first.de.md", german),
        ("logo.svg", "<svg/>"),
        ("glossary.md", "# Glossary\n\n## Term\n\nA word.\n"),
        ("glossary.de.md", "# Glossar\n\n## Begriff {#term}\n\nEin Wort.\n"),
    ]));
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
        &["02-second.md:3:3: error: a question cannot stand inside a list, a quote, a callout or a section"],
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
        bad(
            &toml(
                "passing-score = 300\nestimated-minutes = -5\ncompletion-threshold = 0\n\
                 modules = [\"./01-first.md\"]\n"
            ),
            &[]
        ),
        [
            "course.toml:5:17: error: passing-score is a percentage from 0 to 100",
            "course.toml:6:21: error: estimated-minutes is the time the course takes, in minutes",
            "course.toml:7:24: error: completion-threshold is the percentage of the course that completes it, from 1 to 100",
        ]
    );
    let fine = files(&[
        ("course.toml", &toml("completion-threshold = 75\nmodules = [\"01-first.md\"]\n")),
        ("01-first.md", "# F\n"),
    ]);
    assert_eq!(compile(&fine).course.map(|c| c.completion_threshold), Some(Some(75)));
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
    assert_eq!(course.interactions().count(), 10_000);
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
        "+++\ntitle = \"Short\"\nobjectives = [\"One\"]\n+++\n# Second\n\n\
         Text *em* **strong** ~~s~~ `c` [Site](https://a.org) ![Alt](pic.svg) [term](glossary.md#term)[^n]\n\n\
         > quote\n\n> [!TIP]\n> A tip.\n\n1. one\n   - nested\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n```\ncode\n```\n\n\
         ## More {{.expandable}}\n\nHidden.\n\n![A talk](talk.mp4)\n\n{QUESTION}\n\
         ### Fill {{#fill .fill-in case=sensitive}}\n\n- [x] Duldung\n- [ ] Other\n  > No.\n\n\
         ### Number {{#num .numeric weight=2}}\n\n- [x] 6 ± 1\n\n\
         ### Pairs {{#pairs .matching}}\n\n- a -> b\n- c → d\n\n\
         ### Order {{#order .ordering}}\n\n1. a\n2. b\n\n\
         ### Rate {{#rate .self-assessment}}\n\n| | low | high |\n|---|---|---|\n| I can. | | |\n\n\
         ## Desk {{#desk .scenario}}\n\n### Start {{#start}}\n\n- [Ask](#ask)\n  > Fine.\n- [Loop](#start)\n\n\
         ### Ask {{#ask .success}}\n\nGood.\n\n### Debrief {{.debrief}}\n\nDone.\n\n[^n]: A note.\n"
    );
    let toml = format!("{}glossary = \"glossary.md\"\nlanguages = [\"en\", \"de\"]\n", TOML);
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
        b"](#",
        b"\xff",
        b"\t",
        b"[!",
        b"+++",
        b"->",
        b"{.",
        b"[^",
        b"=",
        b"\"",
    ];
    let mut rng = Rng(0x5eed_1e55_0000_0001);
    for round in 0..3_000 {
        let mut bytes = if round % 2 == 0 { module.clone().into_bytes() } else { toml.as_bytes().to_vec() };
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
            (toml.as_bytes().to_vec(), bytes)
        } else {
            (bytes, module.clone().into_bytes())
        };
        let files = Files::from([
            ("course.toml".to_string(), toml),
            ("01-first.md".to_string(), b"# First\n".to_vec()),
            ("01-first.de.md".to_string(), b"# Erstes\n".to_vec()),
            ("02-second.md".to_string(), md.clone()),
            ("02-second.de.md".to_string(), md),
            ("pic.svg".to_string(), b"<svg/>".to_vec()),
            ("talk.mp4".to_string(), b"v".to_vec()),
            ("talk.vtt".to_string(), b"WEBVTT\n".to_vec()),
            ("talk.de.md".to_string(), b"Transcript [term](glossary.md#term).\n".to_vec()),
            ("glossary.md".to_string(), b"# Glossary\n\n## Term\n\nA word.\n".to_vec()),
            ("glossary.de.md".to_string(), b"# Glossar\n\n## Begriff {#term}\n\nEin Wort.\n".to_vec()),
        ]);
        let compiled = compile(&files);
        for d in &compiled.diagnostics {
            assert!(d.line >= 1 && d.column >= 1 && d.range.start <= d.range.end, "round {round}: {d:?}");
        }
        for course in compiled.course.into_iter().chain(compiled.translations) {
            let json = serde_json::to_string(&course).unwrap();
            assert_eq!(crate::model::Course::from_json(&json), Ok(course), "round {round}");
        }
    }
}

/// Every example in the authoring guides compiles. In each guide, the `toml` block is the
/// course.toml; a `markdown` block is a snippet put into a module under a title and a section;
/// `markdown whole` is a whole module; `markdown file=NAME` and `text file=NAME` are further files
/// of the course; a block marked `broken` must fail. Files the guide only names (a logo, a video)
/// are given as placeholders.
#[track_caller]
fn check_guide(name: &str, guide: &str) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
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
    assert_eq!(toml.len(), 1, "{name} shows one course.toml");
    let placeholders = [
        ("two-way.svg", "<svg/>"),
        ("logo.svg", "<svg/>"),
        ("interview.mp4", "video"),
        ("interview.mp3", "audio"),
        ("handout.pdf", "%PDF-1.4"),
        ("booking-interpreters.mp3", "audio"),
        ("dolmetschen-buchen.mp3", "audio"),
        ("02-integration-management.md", "# Second\n"),
    ];
    let mut extra: Vec<(String, String)> =
        placeholders.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    for (info, body) in &blocks {
        if let Some(file) = info.split_whitespace().find_map(|w| w.strip_prefix("file=")) {
            extra.push((file.to_string(), body.clone()));
        }
    }
    let examples: Vec<&(String, String)> =
        blocks.iter().filter(|(info, _)| info.starts_with("markdown") && !info.contains("file=")).collect();
    assert!(examples.len() > 10, "{name} has examples");
    for (info, body) in examples {
        let module =
            if info.contains("whole") { body.clone() } else { format!("# Example\n\n## Section\n\n{body}") };
        let mut entries: Vec<(&str, &str)> = vec![("course.toml", toml[0].as_str())];
        entries.extend(extra.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        entries.push(("01-two-way-process.md", module.as_str()));
        let compiled = compile(&files(&entries));
        if info.contains("broken") {
            assert!(compiled.errors() + compiled.warnings() > 0, "{name}: a broken example fails:\n{body}");
        } else {
            // A glossary term no example marks is expected: each example is compiled alone.
            // Nor is a transcript another example uses.
            let problems: Vec<String> = rendered(&compiled)
                .into_iter()
                .filter(|d| {
                    !d.contains("no module marks the term") && !d.contains("is not part of the course")
                })
                .collect();
            assert_eq!(problems, Vec::<String>::new(), "{name}, example:\n{body}");
        }
    }
}

#[test]
fn the_examples_in_the_authoring_guides_compile() {
    check_guide("docs/authoring.md", include_str!("../../../../docs/authoring.md"));
    check_guide("docs/authoring.de.md", include_str!("../../../../docs/authoring.de.md"));
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

/// A one-module course with extra files, compiled; course.toml's extra lines come first.
fn course_of(toml_extra: &str, module: &str, extra: &[(&str, &str)]) -> Compiled {
    let toml = format!(
        "id = \"demo\"\ntitle = \"Demo\"\nlanguage = \"en\"\nversion = \"1.0.0\"\n{toml_extra}modules = [\"01-first.md\"]\n"
    );
    let mut entries = vec![("course.toml", toml.as_str()), ("01-first.md", module)];
    entries.extend_from_slice(extra);
    compile(&files(&entries))
}

fn first_interaction(compiled: &Compiled) -> crate::model::Interaction {
    let course = compiled.course.as_ref().unwrap_or_else(|| panic!("a course: {:?}", rendered(compiled)));
    course.interactions().next().expect("an interaction").1.clone()
}

#[test]
fn every_interaction_kind_is_read() {
    use crate::model::Kind;
    let kinds = [
        ("multiple-choice", "- [x] A\n  > a\n- [x] B\n  > b\n- [ ] C\n  > c\n"),
        ("true-false", "- [x] True\n  > yes\n- [ ] False\n  > no\n"),
        ("fill-in", "- [x] Duldung\n- [ ]  Aufenthalts  erlaubnis \n  > A permit.\n"),
        ("numeric", "- [x] 6 ± 1\n- [x] 2,5\n- [ ] -12 +/- 0.25\n  > No.\n"),
        ("matching", "- BAMF -> asylum decisions\n- Jobcenter → basic income support\n"),
        ("ordering", "1. Apply\n2. Interview\n3. Decision\n"),
        ("self-assessment", "| | not at all | fully |\n|---|---|---|\n| I can explain it. | | |\n"),
    ];
    for (class, answers) in kinds {
        let module = format!("# M\n\n## Q? {{#q .{class}}}\n\n{answers}");
        let compiled = course_of("", &module, &[]);
        assert_eq!(rendered(&compiled), Vec::<String>::new(), "{class}");
        let kind = first_interaction(&compiled).kind;
        match (class, kind) {
            ("multiple-choice", Kind::MultipleChoice(c)) => {
                assert_eq!(c.iter().filter(|c| c.correct).count(), 2)
            }
            ("true-false", Kind::TrueFalse(c)) => assert_eq!(c.len(), 2),
            ("fill-in", Kind::FillIn(f)) => {
                assert!(!f.case_sensitive);
                assert_eq!(f.answers[1].text, "Aufenthalts erlaubnis");
                assert!(!f.answers[1].feedback.is_empty());
            }
            ("numeric", Kind::Numeric(n)) => {
                let ranges: Vec<(&str, &str, bool)> =
                    n.iter().map(|a| (a.min.as_str(), a.max.as_str(), a.correct)).collect();
                assert_eq!(ranges, [("5", "7", true), ("2.5", "2.5", true), ("-12.25", "-11.75", false)]);
            }
            ("matching", Kind::Matching(p)) => {
                assert_eq!(plain_text(&p[1].left), "Jobcenter");
                assert_eq!(plain_text(&p[1].right), "basic income support");
            }
            ("ordering", Kind::Ordering(o)) => assert_eq!(plain_text(&o[2]), "Decision"),
            ("self-assessment", Kind::SelfAssessment(s)) => {
                assert_eq!((s.scale.len(), s.statements.len()), (2, 1))
            }
            (class, kind) => panic!("{class}: {kind:?}"),
        }
    }
}

#[test]
fn question_settings_hint_context_and_feedback() {
    let module = "# M\n\n## Q? {#q .question weight=3 attempts=unlimited solution=no}\n\nA case.\n\n\
                  > [!TIP]\n> Think of the plan.\n\n- [x] A\n  > a\n- [ ] B\n  > b\n\n> For everyone.\n\nAfter.\n";
    let compiled = course_of("attempts = 2\n", module, &[]);
    let q = first_interaction(&compiled);
    assert_eq!((q.weight, q.attempts, q.solution, q.graded), (3, None, false, true));
    assert_eq!(q.context, [Block::Paragraph(vec![Inline::Text("A case.".into())])]);
    assert_eq!(q.hint, [Block::Paragraph(vec![Inline::Text("Think of the plan.".into())])]);
    assert_eq!(q.feedback, [Block::Paragraph(vec![Inline::Text("For everyone.".into())])]);
    // What follows the feedback is the module's again.
    let blocks = &compiled.course.as_ref().unwrap().modules[0].blocks;
    assert_eq!(blocks.last(), Some(&Block::Paragraph(vec![Inline::Text("After.".into())])));
    // The course's attempts apply to graded questions; knowledge checks are unlimited.
    let graded = first_interaction(&course_of(
        "attempts = 2\n",
        "# M\n\n## Q {#q .true-false}\n\n- [x] T\n  > t\n- [ ] F\n  > f\n",
        &[],
    ));
    assert_eq!(graded.attempts, Some(2));
    let check =
        course_of("", "# M\n\n## Q {#q .true-false graded=no}\n\n- [x] T\n  > t\n- [ ] F\n  > f\n", &[]);
    assert_eq!((first_interaction(&check).graded, first_interaction(&check).attempts), (false, None));
}

#[test]
fn scenario_steps_paths_and_graph_problems() {
    let good = "# M\n\n## Desk {#desk .scenario}\n\nA family arrives.\n\n### Start {#start}\n\nWhat now?\n\n\
                - [Ask](#ask)\n  > They relax.\n- [Papers first](#papers)\n\n### Ask {#ask .success}\n\nGood.\n\n\
                ### Papers {#papers}\n\nTense.\n\n- [Try again](#start)\n\n### Debrief {.debrief}\n\nListening helps.\n";
    let compiled = course_of("", good, &[]);
    let s = first_interaction(&compiled);
    let crate::model::Kind::Scenario(steps) = &s.kind else { panic!("{s:?}") };
    assert_eq!(steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["start", "ask", "papers"]);
    assert_eq!(steps[0].paths[0].to, "ask");
    assert!(steps[1].success && s.graded && s.attempts.is_none());
    assert_eq!(s.context.len(), 1);
    assert_eq!(s.feedback, [Block::Paragraph(vec![Inline::Text("Listening helps.".into())])]);

    let broken = "# M\n\n## Desk {#desk .scenario}\n\n### Start {#start}\n\n- [Ask](#aks)\n- [Loop](#loop)\n\n\
                  ### Ask {#ask}\n\nEnd.\n\n### Loop {#loop}\n\n- [Back](#loop)\n\n### Lost {#lost}\n\nNobody comes here.\n";
    let compiled = course_of("", broken, &[]);
    let problems = rendered(&compiled);
    assert_eq!(compiled.diagnostics[0].hint.as_deref(), Some("did you mean `#ask`?"));
    assert_eq!(
        problems,
        [
            // Taken as the typo it is (`#ask`) for the other checks: one mistake, one message.
            "01-first.md:7:1: error: this choice leads to `#aks`, which is not a step of the scenario",
            "01-first.md:14:1: error: from the step `loop` no ending can be reached: the learner would go round in circles",
            "01-first.md:18:1: warning: no choice leads to the step `lost`",
        ]
    );
}

#[test]
fn callouts_sections_media_attachments_footnotes_and_front_matter() {
    let module = "+++\ntitle = \"Short\"\nestimated-minutes = 5\nobjectives = [\"Name the steps\"]\n+++\n\
                  # Long title\n\nText[^a] with [the handout](files/handout.pdf).\n\n> [!PRAXIS]\n> At the desk.\n\n\
                  ## More {.expandable}\n\nHidden.\n\n## Points {.takeaways}\n\n- One\n\n## Video\n\n\
                  ![An interview](interview.mp4)\n\n[^a]: A source.\n";
    let compiled = course_of(
        "",
        module,
        &[
            ("files/handout.pdf", "%PDF"),
            ("interview.mp4", "v"),
            ("interview.vtt", "WEBVTT\n"),
            ("interview.md", "Q: Hello.\n"),
        ],
    );
    assert_eq!(rendered(&compiled), Vec::<String>::new());
    let module = &compiled.course.unwrap().modules[0];
    assert_eq!((module.title.as_str(), module.estimated_minutes), ("Short", Some(5)));
    assert_eq!(module.objectives.len(), 1);
    assert_eq!(module.footnotes, [vec![Block::Paragraph(vec![Inline::Text("A source.".into())])]]);
    let b = &module.blocks;
    assert!(matches!(&b[0], Block::Heading(h) if h.level == 1));
    let Block::Paragraph(p) = &b[1] else { panic!("{:?}", b[1]) };
    assert_eq!(p[1], Inline::Footnote(1));
    assert!(
        matches!(&p[3], Inline::Attachment(a) if a.src == "files/handout.pdf" && a.kind == "PDF" && a.bytes == 4)
    );
    assert!(
        matches!(&b[2], Block::Callout(c) if c.kind == crate::model::CalloutKind::Practice && c.blocks.len() == 1)
    );
    assert!(matches!(&b[3], Block::Expandable(s) if s.blocks.len() == 1));
    assert!(matches!(&b[4], Block::Takeaways(s) if s.blocks.len() == 1));
    let Block::Media(m) = &b[6] else { panic!("{:?}", b[6]) };
    assert_eq!((m.captions.as_deref(), m.transcript.len()), (Some("interview.vtt"), 1));
}

#[test]
fn glossary_terms_are_marked_and_checked() {
    let glossary = "# Glossary\n\n## Integration course\n\nLessons.\n\n## Toleration {#duldung}\n\nA suspension.\n\n## Unused\n\nX.\n";
    let module =
        "# M\n\nAn [integration course](glossary.md#integration-course), [Duldung](glossary.md#dulding), \
                  [the glossary](glossary.md).\n";
    let compiled = course_of("glossary = \"glossary.md\"\n", module, &[("glossary.md", glossary)]);
    assert_eq!(
        rendered(&compiled),
        [
            "01-first.md:3:58: error: the glossary has no term `dulding`",
            "01-first.md:3:90: error: this link leads to the whole glossary, not to a term",
            "glossary.md:7:1: warning: no module marks the term `duldung`",
            "glossary.md:11:1: warning: no module marks the term `unused`",
        ]
    );
    assert_eq!(compiled.diagnostics[0].hint.as_deref(), Some("did you mean `glossary.md#duldung`?"));
}

#[test]
fn translations_keep_ids_and_shapes() {
    let toml = "languages = [\"en\", \"de\"]\n[translations.de]\ntitle = \"Demo (de)\"\n";
    // A table in course.toml must come last, so the modules key moves into it otherwise: write it whole.
    let toml = format!(
        "id = \"demo\"\ntitle = \"Demo\"\nlanguage = \"en\"\nversion = \"1.0.0\"\nmodules = [\"01-first.md\", \"02-second.md\"]\n{toml}"
    );
    let q = |id: &str, correct_first: bool| {
        let (a, b) = if correct_first { ("x", " ") } else { (" ", "x") };
        format!("## Q {{#{id} .question}}\n\n- [{a}] A\n  > a\n- [{b}] B\n  > b\n")
    };
    let en1 = format!("# One\n\n{}\n{}", q("q1", true), q("q2", true));
    let de1 = format!("# Eins\n\n{}\n{}", q("q1", false), q("q3", true));
    let compiled = compile(&files(&[
        ("course.toml", &toml),
        ("01-first.md", &en1),
        ("01-first.de.md", &de1),
        ("02-second.md", "# Two\n"),
    ]));
    assert_eq!(
        rendered(&compiled),
        [
            "01-first.de.md:1:1: error: the question `q2` of 01-first.md is missing in this translation",
            "01-first.de.md:3:1: error: the question `q1` differs from the original in 01-first.md",
            "01-first.de.md:10:1: error: the question `q3` is not in the original language",
            "course.toml:5:27: error: the module `02-second.md` has no translation into `de`: `02-second.de.md` does not exist",
        ]
    );
    let fixed = compile(&files(&[
        ("course.toml", &toml),
        ("01-first.md", &en1),
        ("01-first.de.md", &en1.replace("# One", "# Eins")),
        ("02-second.md", "# Two\n"),
        ("02-second.de.md", "# Zwei\n"),
    ]));
    assert_eq!(rendered(&fixed), Vec::<String>::new());
    assert_eq!(fixed.translations.len(), 1);
    assert_eq!(fixed.translations[0].title, "Demo (de)");
    assert_eq!(fixed.translations[0].language, "de");
    assert_eq!(fixed.translations[0].modules[0].title, "Eins");
    assert_eq!(fixed.course.unwrap().languages, ["en", "de"]);
}

#[test]
fn course_settings_are_checked() {
    let c = |extra: &str| rendered(&course_of(extra, "# M\n", &[("logo.txt", "x")]));
    assert_eq!(c("colour = \"#1d4f91\"\n"), Vec::<String>::new());
    assert_eq!(
        c("colour = \"#f0c040\"\n"),
        ["course.toml:5:10: error: white text on `#f0c040` has a contrast of 1.7:1; WCAG 2.1 AA needs 4.5:1"]
    );
    assert_eq!(c("colour = \"blue\"\n"), ["course.toml:5:10: error: `blue` is not a colour"]);
    assert_eq!(
        c("completion = \"visted\"\n"),
        ["course.toml:5:14: error: `visted` is not a completion rule"]
    );
    assert_eq!(
        c("completion = \"passed\"\n"),
        ["course.toml:5:14: error: completion = \"passed\" needs a passing score"]
    );
    assert_eq!(
        c("logo = \"logo.txt\"\n"),
        ["course.toml:5:8: error: the logo `logo.txt` is not an image the player can show"]
    );
    assert_eq!(
        c("languages = [\"de\", \"en\"]\n"),
        ["course.toml:5:13: error: the first of `languages` must be the course's `language`"]
    );
}

#[test]
fn decimals_read_alike_in_compiler_and_player() {
    use crate::model::parse_decimal;
    assert_eq!(parse_decimal("6"), Some(6_000_000));
    assert_eq!(parse_decimal(" -2,5 "), Some(-2_500_000));
    assert_eq!(parse_decimal("0.000001"), Some(1));
    assert_eq!(parse_decimal(".5"), Some(500_000));
    for bad in ["", "-", "1.2.3", "1e5", "0.0000001", "abc", "1 000", "9999999999999"] {
        assert_eq!(parse_decimal(bad), None, "{bad}");
    }
}

#[test]
fn every_wrong_type_in_course_toml_is_reported_in_one_run() {
    let toml = "id = \"demo\"\ntitle = 5\nlanguage = \"en\"\nversion = 1.0\npassing-score = \"80\"\nmodules = \"01-first.md\"\n";
    let compiled = compile(&files(&[("course.toml", toml), ("01-first.md", "# F\n")]));
    assert_eq!(
        rendered(&compiled),
        [
            "course.toml:2:9: error: `title` should be a text",
            "course.toml:4:11: error: `version` should be a text",
            "course.toml:5:17: error: `passing-score` should be a whole number",
            "course.toml:6:11: error: `modules` should be a list of texts",
        ]
    );
    assert_eq!(compiled.diagnostics[2].hint.as_deref(), Some("write it like passing-score = 80"));
}

#[test]
fn html_comments_are_dropped_br_is_a_line_break_other_html_is_text() {
    let compiled =
        course_with("# S\n\n<!-- a note for co-authors -->\n\nOne<br>two <!-- inline --> <b>bold</b>\n");
    assert_eq!(
        rendered(&compiled),
        [
            "02-second.md:5:28: warning: HTML is not allowed in a course; it is shown as plain text",
            "02-second.md:5:35: warning: HTML is not allowed in a course; it is shown as plain text",
        ]
    );
    let blocks = &compiled.course.unwrap().modules[1].blocks;
    assert_eq!(blocks.len(), 2);
    let Block::Paragraph(p) = &blocks[1] else { panic!("{blocks:?}") };
    assert_eq!(p[1], Inline::LineBreak);
    assert_eq!(plain_text(p), "One two  <b>bold</b>");
}

/// Mistakes found by testing the first version of these checks: each gets one clear message.
#[test]
fn one_mistake_one_message() {
    let problems = |module: &str, extra: &[(&str, &str)]| rendered(&course_of("", module, extra));
    // A footnote nobody wrote stays text in pulldown-cmark; it is still reported.
    assert_eq!(
        problems("# M\n\nRegister within two weeks.[^law]\n", &[]),
        ["01-first.md:3:27: error: the footnote [^law] is not defined"]
    );
    // Lists before the answers are context.
    let q = "# M\n\n## Which office? {#q .question}\n\n* She moved.\n* She has a passport.\n\nSo:\n\n- [x] A\n  > a\n- [ ] B\n  > b\n";
    assert_eq!(problems(q, &[]), Vec::<String>::new());
    let q = first_interaction(&course_of("", q, &[]));
    assert_eq!(q.context.len(), 2);
    let o = "# M\n\n## Order {#o .ordering}\n\n- a passport\n\n1. First\n2. Second\n";
    assert_eq!(problems(o, &[]), Vec::<String>::new());
    // True/false with two correct options.
    assert_eq!(
        problems("# M\n\n## T {#t .true-false}\n\n- [x] True\n  > t\n- [x] False\n  > f\n", &[]),
        ["01-first.md:3:1: error: a true/false question has one correct option; this one has two"]
    );
    // YAML front matter: one warning, not also a missing title.
    assert_eq!(
        problems("---\ntitle: Short\n---\n\n# A\n", &[]),
        ["01-first.md:1:1: warning: front matter between `---` lines is not read"]
    );
    // Only scenario steps can be .success or .debrief.
    assert_eq!(
        problems("# M\n\n## Intro {.success}\n", &[]),
        ["01-first.md:3:1: error: `.success` only applies to a step of a scenario"]
    );
    // A number that is no number: that error, not also "no accepted answer".
    assert_eq!(
        problems("# M\n\n## N {#n .numeric}\n\n- [x] fourteen\n", &[]),
        ["01-first.md:5:1: error: `fourteen` is not a number"]
    );
    // A question in a section: that error, not also "the section is empty".
    assert_eq!(
        problems(
            "# M\n\n## More {.expandable}\n\n### Q {#q .question}\n\n- [x] a\n  > a\n- [ ] b\n  > b\n",
            &[]
        ),
        ["01-first.md:5:1: error: a question cannot stand inside a list, a quote, a callout or a section"]
    );
    // A recording from another site: that error only.
    assert_eq!(
        problems("# M\n\n![A talk](https://example.org/talk.mp4)\n", &[]),
        ["01-first.md:3:1: error: the recording `https://example.org/talk.mp4` would be loaded from another site"]
    );
    // A transcript that is not UTF-8: reported at the bad byte, and only there.
    assert_eq!(
        problems("# M\n\n![A talk](talk.mp3)\n", &[("talk.mp3", "a"), ("talk.md", "Hello \u{0}")]).len(),
        0
    );
    let compiled = compile(&{
        let mut f = files(&[
            ("course.toml", "id = \"d\"\ntitle = \"D\"\nlanguage = \"en\"\nversion = \"1\"\nmodules = [\"01-first.md\"]\n"),
            ("01-first.md", "# M\n\n![A talk](talk.mp3)\n"),
            ("talk.mp3", "a"),
        ]);
        f.insert("talk.md".into(), b"Hello \xff there".to_vec());
        f
    });
    assert_eq!(rendered(&compiled), ["talk.md:1:7: error: this file is not UTF-8 text"]);
    // A glossary needs no title, and refuses questions.
    let glossary = "## Term\n\nA word.\n\n### Q {#gq .question}\n\n- [x] a\n  > a\n- [ ] b\n  > b\n";
    assert_eq!(
        rendered(&course_of(
            "glossary = \"glossary.md\"\n",
            "# M\n\n[term](glossary.md#term)\n",
            &[("glossary.md", glossary)]
        )),
        ["glossary.md:5:1: error: a question cannot stand inside a list, a quote, a callout or a section"]
    );
}

#[test]
fn module_ids_from_front_matter() {
    let toml =
        "id = \"d\"\ntitle = \"D\"\nlanguage = \"en\"\nlanguages = [\"en\", \"de\"]\nversion = \"1\"\n\
                modules = [\"01-Ärger.md\"]\n[translations.de]\ntitle = \"D\"\n";
    let compiled = compile(&files(&[
        ("course.toml", toml),
        ("01-Ärger.md", "+++\nid = \"aerger\"\n+++\n# Trouble\n"),
        ("01-Ärger.de.md", "+++\nid = \"anders\"\n+++\n# Ärger\n"),
    ]));
    assert_eq!(
        rendered(&compiled),
        ["01-Ärger.de.md:1:1: error: this translation gives the module the id `anders`; the original's is `aerger`"]
    );
}

#[test]
fn a_scenario_of_twenty_thousand_steps_compiles() {
    let mut module = String::from("# M\n\n## Long {#long .scenario}\n\n");
    for i in 0..20_000 {
        module += &format!("### Step {i} {{#s{i}}}\n\n- [On](#s{})\n- [Back](#s0)\n\n", i + 1);
    }
    module += "### End {#s20000 .success}\n\nDone.\n";
    // The graph checks are linear (they were quadratic once: minutes for this course).
    let compiled = course_of("", &module, &[]);
    assert_eq!(rendered(&compiled), Vec::<String>::new());
}

#[test]
fn media_need_the_alternative_their_kind_needs() {
    let p = |module: &str, extra: &[(&str, &str)]| rendered(&course_of("", module, extra));
    let video = "# M\n\n![A talk](talk.mp4)\n";
    let audio = "# M\n\n![A talk](talk.mp3)\n";
    let (vtt, md) = (("talk.vtt", "WEBVTT\n"), ("talk.md", "Hello.\n"));
    assert_eq!(p(video, &[("talk.mp4", "v"), vtt]), Vec::<String>::new());
    assert_eq!(
        p(video, &[("talk.mp4", "v"), md]),
        ["01-first.md:3:1: error: the video `talk.mp4` has no captions"]
    );
    assert_eq!(p(audio, &[("talk.mp3", "a"), md]), Vec::<String>::new());
    let compiled = course_of("", audio, &[("talk.mp3", "a"), vtt]);
    assert_eq!(rendered(&compiled), ["01-first.md:3:1: error: the recording `talk.mp3` has no transcript"]);
    assert!(compiled.diagnostics[0]
        .hint
        .as_deref()
        .unwrap_or_default()
        .contains("browsers do not show captions for audio"));
}

#[test]
fn a_reflection_has_its_hint_task_and_feedback() {
    let module =
        "# M\n\n## Think back {#think .reflection}\n\nA time you felt lost.\n\n> [!TIP]\n> Start small.\n\n\
                  - What helped?\n\n> Thank you for thinking about it.\n\n## Next\n";
    let r = first_interaction(&course_of("", module, &[]));
    assert_eq!(r.context.len(), 2, "{:?}", r.context);
    assert_eq!(r.hint, [Block::Paragraph(vec![Inline::Text("Start small.".into())])]);
    assert_eq!(r.feedback, [Block::Paragraph(vec![Inline::Text("Thank you for thinking about it.".into())])]);
}

#[test]
fn a_number_that_looks_like_thousands_is_a_warning() {
    let compiled = course_of(
        "",
        "# M\n\n## How many? {#n .numeric}\n\n- [x] 1,000\n- [ ] 0,125\n  > No.\n- [ ] 2.5\n  > No.\n",
        &[],
    );
    assert_eq!(rendered(&compiled), ["01-first.md:5:1: warning: `1,000` is read as 1, with a decimal point"]);
}

/// Found by the `compile` fuzz target: a question id used twice in a translation and not in the
/// original was reported in the second file at the first one's position, past the end of a
/// shorter file (a caret in the wrong place, or none).
#[test]
fn a_translation_problem_is_reported_where_the_question_is() {
    let toml = "id = \"demo\"\ntitle = \"Demo\"\nlanguage = \"en\"\nlanguages = [\"en\", \"de\"]\n\
                version = \"1.0.0\"\nmodules = [\"01-first.md\", \"02-second.md\"]\n";
    let q = "## Extra {#extra .question}\n\n- [x] A\n  > a\n- [ ] B\n  > b\n";
    let long = format!("# Eins\n\n{}{q}", "Ein langer Absatz.\n\n".repeat(20));
    let course = files(&[
        ("course.toml", toml),
        ("01-first.md", "# One\n"),
        ("01-first.de.md", &long),
        ("02-second.md", "# Two\n"),
        ("02-second.de.md", &format!("# Zwei\n\n{q}")),
    ]);
    let compiled = compile(&course);
    assert_eq!(
        rendered(&compiled),
        [
            "01-first.de.md:43:1: error: the question `extra` is not in the original language",
            "02-second.de.md:3:1: error: the id `extra` is already used in 01-first.de.md",
            "course.toml:4:20: warning: the course title has no translation into `de`; the original title is shown",
        ]
    );
    for d in &compiled.diagnostics {
        assert!(d.range.end <= course[&d.file].len(), "{d:?}");
    }
}
