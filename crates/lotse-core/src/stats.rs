//! Figures about a compiled course for its author (`lotse stats`): modules, words and reading time,
//! interactions by kind, glossary size, and how much of each translation differs from the original.
//! Counted from the model alone, so the numbers are those of what learners get.

use serde::Serialize;

use crate::model::{plain_text, Block, Course, Inline, Interaction, Kind, Module, KIND_CLASSES};

/// The reading speed the reading time assumes: a common figure for adults reading an informative
/// text on screen in their own language.
pub const WORDS_PER_MINUTE: usize = 180;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub id: String,
    pub title: String,
    pub modules: Vec<ModuleStats>,
    /// The words of every module (see [`words`]).
    pub words: usize,
    /// `words` at [`WORDS_PER_MINUTE`], rounded up.
    pub reading_minutes: usize,
    /// As the author set it in course.toml.
    pub estimated_minutes: Option<u32>,
    /// Every kind (`KIND_CLASSES`), with the number of graded and ungraded ones.
    pub interactions: Vec<KindCount>,
    pub glossary_terms: usize,
    /// The original language first.
    pub languages: Vec<String>,
    /// One per further language, in the order of `languages`.
    pub translations: Vec<Coverage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleStats {
    pub id: String,
    pub words: usize,
    pub reading_minutes: usize,
    /// From the module's front matter.
    pub estimated_minutes: Option<u32>,
    pub interactions: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// The class that makes it, as in `{#id .single-choice}`.
    pub kind: &'static str,
    pub graded: usize,
    pub ungraded: usize,
}

/// A module or glossary term counts as translated when it differs from the original: a file copied
/// to `.de.md` and not yet translated compiles, but counts as not translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub language: String,
    pub modules_translated: usize,
    pub modules: usize,
    pub terms_translated: usize,
    pub terms: usize,
}

/// The figures of `course` and its `translations` (as `compile::Compiled` has them).
pub fn stats(course: &Course, translations: &[Course]) -> Stats {
    let modules: Vec<ModuleStats> = course.modules.iter().map(module_stats).collect();
    let words = modules.iter().map(|m| m.words).sum();
    let mut interactions: Vec<KindCount> =
        KIND_CLASSES.iter().map(|&kind| KindCount { kind, graded: 0, ungraded: 0 }).collect();
    for (_, interaction) in course.interactions() {
        let class = interaction.kind.class();
        let Some(count) = interactions.iter_mut().find(|k| k.kind == class) else { continue };
        if interaction.graded {
            count.graded += 1;
        } else {
            count.ungraded += 1;
        }
    }
    let translations = translations
        .iter()
        .map(|t| Coverage {
            language: t.language.clone(),
            modules_translated: differing(&course.modules, &t.modules, |a, b| a.id == b.id),
            modules: course.modules.len(),
            terms_translated: differing(&course.glossary, &t.glossary, |a, b| a.id == b.id),
            terms: course.glossary.len(),
        })
        .collect();
    let languages =
        if course.languages.is_empty() { vec![course.language.clone()] } else { course.languages.clone() };
    Stats {
        id: course.id.clone(),
        title: course.title.clone(),
        modules,
        words,
        reading_minutes: minutes(words),
        estimated_minutes: course.estimated_minutes,
        interactions,
        glossary_terms: course.glossary.len(),
        languages,
        translations,
    }
}

/// How many of `originals` have a counterpart (by `same`) in `translated` that differs from them.
fn differing<T: PartialEq>(originals: &[T], translated: &[T], same: impl Fn(&T, &T) -> bool) -> usize {
    originals.iter().filter(|o| translated.iter().any(|t| same(o, t) && t != *o)).count()
}

fn module_stats(module: &Module) -> ModuleStats {
    let words = words(module);
    let interactions = module.blocks.iter().filter(|b| matches!(b, Block::Interaction(_))).count();
    ModuleStats {
        id: module.id.clone(),
        words,
        reading_minutes: minutes(words),
        estimated_minutes: module.estimated_minutes,
        interactions,
    }
}

/// `words` at [`WORDS_PER_MINUTE`], rounded up: 1 word is a minute, 181 words are two.
pub fn minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE)
}

/// The words a learner can read in a module: its headings and text, image descriptions, tables,
/// callouts and sections, the objectives, every interaction with its answers, hints and feedback
/// (not the answers a learner types in), and the footnotes. Not the glossary, which the modules
/// share. A word is anything between spaces with a letter or digit in it (`–` is none).
pub fn words(module: &Module) -> usize {
    let mut text = Text::default();
    for objective in &module.objectives {
        text.inlines(objective);
    }
    text.blocks(&module.blocks);
    for footnote in &module.footnotes {
        text.blocks(footnote);
    }
    text.0
}

#[derive(Default)]
struct Text(usize);

impl Text {
    fn inlines(&mut self, inlines: &[Inline]) {
        self.str(&plain_text(inlines));
    }

    fn str(&mut self, text: &str) {
        self.0 += text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(h) => self.inlines(&h.content),
            Block::Paragraph(inlines) => self.inlines(inlines),
            Block::List(list) => list.items.iter().for_each(|item| self.blocks(item)),
            Block::Quote(blocks) => self.blocks(blocks),
            Block::Code(code) => self.str(code),
            Block::Table(table) => {
                table.head.iter().for_each(|cell| self.inlines(cell));
                table.rows.iter().flatten().for_each(|cell| self.inlines(cell));
            }
            Block::Rule => {}
            Block::Callout(callout) => self.blocks(&callout.blocks),
            Block::Expandable(section) | Block::Takeaways(section) => {
                self.inlines(&section.heading.content);
                self.blocks(&section.blocks);
            }
            Block::Media(media) => {
                self.str(&media.title);
                self.blocks(&media.transcript);
            }
            Block::Interaction(interaction) => self.interaction(interaction),
        }
    }

    fn interaction(&mut self, i: &Interaction) {
        self.inlines(&i.prompt);
        self.blocks(&i.context);
        self.blocks(&i.hint);
        self.blocks(&i.feedback);
        match &i.kind {
            Kind::SingleChoice(choices) | Kind::MultipleChoice(choices) | Kind::TrueFalse(choices) => {
                for choice in choices {
                    self.inlines(&choice.content);
                    self.blocks(&choice.feedback);
                }
            }
            Kind::FillIn(fill_in) => fill_in.answers.iter().for_each(|a| self.blocks(&a.feedback)),
            Kind::Numeric(answers) => answers.iter().for_each(|a| self.blocks(&a.feedback)),
            Kind::Matching(pairs) => pairs.iter().for_each(|p| {
                self.inlines(&p.left);
                self.inlines(&p.right);
            }),
            Kind::Ordering(items) => items.iter().for_each(|item| self.inlines(item)),
            Kind::Reflection { .. } => {}
            Kind::SelfAssessment(s) => s.scale.iter().chain(&s.statements).for_each(|x| self.inlines(x)),
            Kind::Scenario(steps) => {
                for step in steps {
                    self.inlines(&step.title);
                    self.blocks(&step.blocks);
                    for path in &step.paths {
                        self.inlines(&path.content);
                        self.blocks(&path.feedback);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, Files};

    fn course(files: &[(&str, &str)]) -> (Course, Vec<Course>) {
        let files: Files = files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
        let compiled = compile(&files);
        assert_eq!(compiled.errors() + compiled.warnings(), 0, "{:#?}", compiled.diagnostics);
        (compiled.course.unwrap(), compiled.translations)
    }

    const TOML: &str =
        "id = \"t\"\ntitle = \"T\"\nlanguage = \"en\"\nversion = \"1\"\nmodules = [\"01-a.md\"]\n";

    #[test]
    fn words_are_counted_in_text_tables_callouts_footnotes_and_interactions() {
        let module = "# One two\n\nThree **four** five.[^n] – 6\n\n| Seven | eight |\n| --- | --- |\n| nine | |\n\n\
                      > [!TIP]\n> Ten.\n\n## Eleven {#q .question}\n\n- [x] Twelve\n  > Thirteen.\n- [ ] Fourteen\n  \
                      > Fifteen.\n\n## Sixteen {#f .fill-in}\n\n- [x] notcounted\n  > Seventeen.\n\n[^n]: Eighteen.\n";
        let (course, _) = course(&[("course.toml", TOML), ("01-a.md", module)]);
        assert_eq!(words(&course.modules[0]), 18);
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!((minutes(0), minutes(1), minutes(180), minutes(181)), (0, 1, 1, 2));
    }

    #[test]
    fn interactions_are_counted_by_kind_graded_and_ungraded() {
        let module = "# A\n\n## Q {#q .question}\n\n- [x] a\n  > y\n- [ ] b\n  > n\n\n\
                      ## P {#p .true-false graded=no}\n\n- [x] True\n  > y\n- [ ] False\n  > n\n\n\
                      ## R {#r .reflection}\n\nWrite.\n";
        let (course, _) = course(&[("course.toml", TOML), ("01-a.md", module)]);
        let stats = stats(&course, &[]);
        let counted: Vec<_> = stats
            .interactions
            .iter()
            .filter(|k| k.graded + k.ungraded > 0)
            .map(|k| (k.kind, k.graded, k.ungraded))
            .collect();
        assert_eq!(counted, [("single-choice", 1, 0), ("true-false", 0, 1), ("reflection", 0, 1)]);
        assert_eq!(stats.interactions.len(), KIND_CLASSES.len(), "every kind, even when not used");
        assert_eq!((stats.modules[0].interactions, stats.languages.as_slice()), (3, &["en".to_string()][..]));
    }

    #[test]
    fn a_copied_module_or_term_counts_as_not_translated() {
        let toml = "id = \"t\"\ntitle = \"T\"\nlanguage = \"en\"\nlanguages = [\"en\", \"de\"]\nversion = \"1\"\n\
                    glossary = \"glossary.md\"\nmodules = [\"01-a.md\", \"02-b.md\"]\n[translations.de]\ntitle = \"T\"\n";
        let glossary = "# Glossary\n\n## Term {#term}\n\nMeaning.\n\n## Other {#other}\n\nMeaning.\n";
        let glossary_de = "# Glossar\n\n## Begriff {#term}\n\nBedeutung.\n\n## Other {#other}\n\nMeaning.\n";
        let (course, translations) = course(&[
            ("course.toml", toml),
            ("glossary.md", glossary),
            ("glossary.de.md", glossary_de),
            ("01-a.md", "# A\n\nA [term](glossary.md#term) and an [other](glossary.md#other).\n"),
            ("01-a.de.md", "# A\n\nEin [Begriff](glossary.de.md#term), [other](glossary.de.md#other).\n"),
            ("02-b.md", "# B\n\nText.\n"),
            ("02-b.de.md", "# B\n\nText.\n"),
        ]);
        let stats = stats(&course, &translations);
        assert_eq!(
            stats.translations,
            [Coverage {
                language: "de".into(),
                modules_translated: 1,
                modules: 2,
                terms_translated: 1,
                terms: 2
            }]
        );
        assert_eq!((stats.glossary_terms, stats.languages.len()), (2, 2));
    }
}
