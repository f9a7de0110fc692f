//! The player's own words, one catalogue per interface language, and the choice of language.
//!
//! A catalogue is a [`Ui`] value: every language has every string, or the code does not
//! compile. Strings with a `{name}` placeholder are filled by [`fill`]; the tests check that
//! every language uses the same placeholders. The interface language follows the learner: the
//! LMS's learner preference first, then the browser's languages, then the course's language
//! ([`choose`]); a language without a catalogue gets English.

/// Every text the player shows that does not come from the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    /// BCP 47 tag of this catalogue.
    pub language: &'static str,
    pub loading: &'static str,
    pub not_opened: &'static str,
    /// `{detail}`: what is wrong with the file.
    pub damaged: &'static str,
    pub not_loaded: &'static str,
    pub contents: &'static str,
    pub pages: &'static str,
    /// `{visited}`, `{total}`.
    pub modules_visited: &'static str,
    pub visited: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub finish: &'static str,
    pub results: &'static str,
    /// `{pass}`: the passing score in percent.
    pub passed: &'static str,
    pub not_passed: &'static str,
    pub completed: &'static str,
    /// `{percent}`, `{correct}`, `{total}`.
    pub score: &'static str,
    pub back_to_course: &'static str,
    pub objectives: &'static str,
    pub note: &'static str,
    pub tip: &'static str,
    pub important: &'static str,
    pub warning: &'static str,
    pub practice: &'static str,
    pub captions: &'static str,
    pub transcript: &'static str,
    pub opens_new_tab: &'static str,
    pub footnotes: &'static str,
    /// `{n}`: the footnote's number.
    pub footnote: &'static str,
    pub back_to_text: &'static str,
    pub glossary: &'static str,
    pub check_answer: &'static str,
    pub save: &'static str,
    pub your_answer: &'static str,
    pub choose: &'static str,
    /// `{item}`: the item's text.
    pub move_up: &'static str,
    pub move_down: &'static str,
    /// `{item}`, `{position}`, `{total}`.
    pub moved: &'static str,
    pub start_again: &'static str,
    pub correct: &'static str,
    pub wrong_try_again: &'static str,
    pub wrong: &'static str,
    pub saved: &'static str,
    pub choose_first: &'static str,
    pub number_first: &'static str,
    pub write_first: &'static str,
    pub every_item_first: &'static str,
    pub hint: &'static str,
    pub correct_answer: &'static str,
    /// `{language}`: the name of a language, in that language.
    pub language_switch: &'static str,
}

pub const EN: Ui = Ui {
    language: "en",
    loading: "Loading the course …",
    not_opened: "This course could not be opened",
    damaged: "The course file is damaged ({detail}).",
    not_loaded: "The course file could not be loaded. Please check your connection and reload the page.",
    contents: "Contents",
    pages: "Pages",
    modules_visited: "{visited} of {total} modules visited",
    visited: "visited",
    previous: "Previous",
    next: "Next",
    finish: "Finish course",
    results: "Your results",
    passed: "You passed: {pass} % was needed.",
    not_passed: "You did not pass: {pass} % is needed.",
    completed: "You have completed the course.",
    score: "Your score: {percent} % ({correct} of {total} points).",
    back_to_course: "Back to the course",
    objectives: "In this module you will",
    note: "Note",
    tip: "Tip",
    important: "Important",
    warning: "Warning",
    practice: "In practice",
    captions: "Captions",
    transcript: "Transcript",
    opens_new_tab: "opens in a new tab",
    footnotes: "Footnotes",
    footnote: "Footnote {n}",
    back_to_text: "Back to the text",
    glossary: "Glossary",
    check_answer: "Check answer",
    save: "Save",
    your_answer: "Your answer",
    choose: "Choose …",
    move_up: "Move {item} up",
    move_down: "Move {item} down",
    moved: "{item}: position {position} of {total}",
    start_again: "Start again",
    correct: "Correct.",
    wrong_try_again: "Not correct. Try again.",
    wrong: "Not correct.",
    saved: "Saved.",
    choose_first: "Choose an option first.",
    number_first: "Enter a number, for example 12 or 2.5.",
    write_first: "Write your answer first.",
    every_item_first: "Answer every item first.",
    hint: "Hint",
    correct_answer: "The correct answer:",
    language_switch: "Language: {language}",
};

pub const DE: Ui = Ui {
    language: "de",
    loading: "Der Kurs wird geladen …",
    not_opened: "Dieser Kurs konnte nicht geöffnet werden",
    damaged: "Die Kursdatei ist beschädigt ({detail}).",
    not_loaded: "Die Kursdatei konnte nicht geladen werden. Bitte prüfen Sie die Verbindung und laden Sie die Seite neu.",
    contents: "Inhalt",
    pages: "Seiten",
    modules_visited: "{visited} von {total} Modulen besucht",
    visited: "besucht",
    previous: "Zurück",
    next: "Weiter",
    finish: "Kurs abschließen",
    results: "Ihr Ergebnis",
    passed: "Bestanden: Nötig waren {pass} %.",
    not_passed: "Nicht bestanden: Nötig sind {pass} %.",
    completed: "Sie haben den Kurs abgeschlossen.",
    score: "Ihre Punktzahl: {percent} % ({correct} von {total} Punkten).",
    back_to_course: "Zurück zum Kurs",
    objectives: "In diesem Modul werden Sie",
    note: "Hinweis",
    tip: "Tipp",
    important: "Wichtig",
    warning: "Warnung",
    practice: "In der Praxis",
    captions: "Untertitel",
    transcript: "Transkript",
    opens_new_tab: "öffnet in einem neuen Tab",
    footnotes: "Fußnoten",
    footnote: "Fußnote {n}",
    back_to_text: "Zurück zum Text",
    glossary: "Glossar",
    check_answer: "Antwort prüfen",
    save: "Speichern",
    your_answer: "Ihre Antwort",
    choose: "Bitte wählen …",
    move_up: "{item} nach oben",
    move_down: "{item} nach unten",
    moved: "{item}: Platz {position} von {total}",
    start_again: "Von vorn beginnen",
    correct: "Richtig.",
    wrong_try_again: "Nicht richtig. Versuchen Sie es noch einmal.",
    wrong: "Nicht richtig.",
    saved: "Gespeichert.",
    choose_first: "Wählen Sie zuerst eine Antwort.",
    number_first: "Geben Sie eine Zahl ein, zum Beispiel 12 oder 2,5.",
    write_first: "Schreiben Sie zuerst Ihre Antwort.",
    every_item_first: "Beantworten Sie zuerst jeden Punkt.",
    hint: "Tipp",
    correct_answer: "Die richtige Antwort:",
    language_switch: "Sprache: {language}",
};

/// Every catalogue, English first (the fallback).
pub const CATALOGUES: &[&Ui] = &[&EN, &DE];

/// The catalogue for a BCP 47 tag (`de-AT` → German), or English.
pub fn catalogue(language: &str) -> &'static Ui {
    let wanted = primary(language);
    CATALOGUES.iter().copied().find(|ui| ui.language == wanted).unwrap_or(&EN)
}

/// A tag's language without region or script, lower case: `de-AT` → `de`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// The first of `wanted` (most preferred first: the LMS's learner preference, then the browser's
/// languages) that `available` has, matched by primary language; else `available`'s first (the
/// course's original language). Returns an index into `available`; 0 when it is empty.
pub fn choose(wanted: &[&str], available: &[&str]) -> usize {
    for want in wanted.iter().filter(|w| !w.trim().is_empty()) {
        // An exact match (`pt-br`) beats a primary-language one (`pt`).
        if let Some(i) = available.iter().position(|a| a.eq_ignore_ascii_case(want.trim())) {
            return i;
        }
        if let Some(i) = available.iter().position(|a| primary(a) == primary(want)) {
            return i;
        }
    }
    0
}

/// Whether a language is written right to left (Arabic, Persian, Hebrew, Urdu, Pashto, Kurdish
/// in Arabic script, Dhivehi, Yiddish).
pub fn is_rtl(language: &str) -> bool {
    ["ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi"].contains(&primary(language).as_str())
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], &after[close + 1..])) {
            Some((name, tail)) => {
                match values.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of a catalogue with its field name, through its Debug form (which names each
    /// field): a new field is covered without touching this test.
    fn entries(ui: &Ui) -> Vec<(String, String)> {
        let debug = format!("{ui:#?}");
        debug
            .lines()
            .filter_map(|line| {
                let (key, value) = line.trim().split_once(": ")?;
                let value = value.trim_end_matches(',');
                Some((key.to_string(), serde_json::from_str::<String>(value).ok()?))
            })
            .collect()
    }

    fn placeholders(text: &str) -> Vec<String> {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_catalogue_has_every_string_with_the_same_placeholders() {
        let english = entries(&EN);
        assert!(english.len() > 40, "the Debug form names every field: {}", english.len());
        for ui in CATALOGUES {
            let theirs = entries(ui);
            let keys = |e: &[(String, String)]| e.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
            assert_eq!(keys(&theirs), keys(&english), "{}: the same keys", ui.language);
            for ((key, text), (_, original)) in theirs.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{}.{key} is empty", ui.language);
                assert_eq!(placeholders(text), placeholders(original), "{}.{key}: {text:?}", ui.language);
            }
        }
    }

    #[test]
    fn the_german_catalogue_is_german_not_a_copy() {
        let (english, german) = (entries(&EN), entries(&DE));
        let same: Vec<&String> = english
            .iter()
            .zip(&german)
            .filter(|((key, a), (_, b))| key != "language" && a == b)
            .map(|((key, _), _)| key)
            .collect();
        // "Transcript"/"Transkript" differ; only words that are the same in both languages may be equal.
        assert!(same.len() <= 2, "untranslated: {same:?}");
    }

    #[test]
    fn the_learner_s_language_wins_then_the_browser_s_then_the_course_s() {
        let available = ["en", "de", "pt-br", "ar"];
        assert_eq!(choose(&["de-AT", "en"], &available), 1, "LMS preference de-AT → de");
        assert_eq!(choose(&["", "fr", "ar-SY"], &available), 3, "no LMS preference; browser fr, then ar");
        assert_eq!(choose(&["pt-BR"], &available), 2, "exact match, case aside");
        assert_eq!(choose(&["fr", "it"], &available), 0, "nothing fits: the course's language");
        assert_eq!(choose(&[], &[]), 0);
        assert_eq!(catalogue("de-CH").language, "de");
        assert_eq!(catalogue("fa").language, "en", "no Persian catalogue yet: English");
        assert!(is_rtl("ar") && is_rtl("fa-IR") && is_rtl("ckb") && !is_rtl("de") && !is_rtl("en"));
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(
            fill(EN.score, &[("percent", "80"), ("correct", "4"), ("total", "5")]),
            "Your score: 80 % (4 of 5 points)."
        );
        assert_eq!(fill("{a} and {b", &[("a", "x")]), "x and {b");
        assert_eq!(fill("{unknown}", &[]), "{unknown}");
        assert_eq!(
            fill(DE.moved, &[("item", "Antrag"), ("position", "2"), ("total", "5")]),
            "Antrag: Platz 2 von 5"
        );
    }
}
