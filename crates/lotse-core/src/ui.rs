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
    /// A module's state in the contents, after its title (read by screen readers; a symbol shows it).
    pub not_started: &'static str,
    pub in_progress: &'static str,
    pub done: &'static str,
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
    /// One module's score on the results page: `{module}` (its title), `{correct}`, `{total}`.
    pub module_score: &'static str,
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
    /// The name of the group of buttons that show the course in another language.
    pub language_switch: &'static str,
    /// `score` and `module_score` when the total is one point (no plural).
    pub score_one: &'static str,
    pub module_score_one: &'static str,
    /// Headings on the results page.
    pub points_per_module: &'static str,
    pub to_review: &'static str,
    /// Above the buttons that open the modules to review.
    pub review_advice: &'static str,
    pub certificate: &'static str,
    pub show_certificate: &'static str,
    /// On the certificate, between the learner's name and the course title.
    pub has_completed: &'static str,
    /// The field for the name when the learning platform does not give one.
    pub name_on_certificate: &'static str,
    pub date: &'static str,
    /// The locale for dates (day, month, year in this order: `en-GB`, not `en-US`).
    pub date_locale: &'static str,
    pub time_spent: &'static str,
    pub print: &'static str,
    pub back_to_results: &'static str,
    /// The whole course on one page, to print as a handout.
    pub handout: &'static str,
    pub not_complete: &'static str,
    pub result_saved: &'static str,
    pub not_recorded: &'static str,
    /// The learning platform did not take the latest progress; it is kept and sent again.
    pub not_saved: &'static str,
    /// This browser does not keep the progress (storage full or turned off), and no host has it.
    pub not_kept: &'static str,
    /// What to do when the course could not be opened.
    pub reload_advice: &'static str,
    /// `{format}`: the file's format version; `{version}`: the one this player reads.
    pub other_version: &'static str,
    /// A numeric answer's range: `{min}`, `{max}`.
    pub range: &'static str,
}

pub static EN: Ui = Ui {
    language: "en",
    loading: "Loading the course …",
    not_opened: "This course could not be opened",
    damaged: "The course file is damaged ({detail}).",
    not_loaded: "The course file could not be loaded. Please check your connection and reload the page.",
    contents: "Contents",
    pages: "Pages",
    modules_visited: "{visited} of {total} modules visited",
    not_started: "not started",
    in_progress: "in progress",
    done: "done",
    previous: "Previous",
    next: "Next",
    finish: "Finish course",
    results: "Your results",
    passed: "You passed: {pass} % was needed.",
    not_passed: "You did not pass: {pass} % is needed.",
    completed: "You have completed the course.",
    score: "Your score: {percent} % ({correct} of {total} points).",
    back_to_course: "Back to the course",
    module_score: "{module}: {correct} of {total} points",
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
    language_switch: "Language",
    score_one: "Your score: {percent} % ({correct} of 1 point).",
    module_score_one: "{module}: {correct} of 1 point",
    points_per_module: "Points per module",
    to_review: "What to review",
    review_advice: "These modules have questions you did not answer or did not answer correctly:",
    certificate: "Certificate of completion",
    show_certificate: "Show the certificate",
    has_completed: "has completed the course",
    name_on_certificate: "Name on the certificate",
    date: "Date",
    date_locale: "en-GB",
    time_spent: "Time spent",
    print: "Print",
    back_to_results: "Back to the results",
    handout: "Whole course for printing",
    not_complete: "You have not yet visited every module and answered every graded activity, so the course is not complete.",
    result_saved: "Your result has been saved. You can close this page, or look through the course again.",
    not_recorded: "What you do now is not recorded by your learning platform. To have it recorded, close the course and open it again from the platform.",
    not_saved: "Your learning platform did not save your latest progress. It is kept in this browser and sent again; you can go on.",
    not_kept: "This browser cannot keep your progress (storage full or turned off). You can go on, but it is lost when you close this page.",
    reload_advice: "Reload the page to try again. If it happens again, tell the person who gave you this course and quote the message above.",
    other_version: "The course file has format version {format}, but this player reads version {version}. Rebuild the course with the same version of lotse.",
    range: "{min} to {max}",
};

pub static DE: Ui = Ui {
    language: "de",
    loading: "Der Kurs wird geladen …",
    not_opened: "Dieser Kurs konnte nicht geöffnet werden",
    damaged: "Die Kursdatei ist beschädigt ({detail}).",
    not_loaded: "Die Kursdatei konnte nicht geladen werden. Bitte prüfen Sie die Verbindung und laden Sie die Seite neu.",
    contents: "Inhalt",
    pages: "Seiten",
    modules_visited: "{visited} von {total} Modulen besucht",
    not_started: "nicht begonnen",
    in_progress: "begonnen",
    done: "erledigt",
    previous: "Zurück",
    next: "Weiter",
    finish: "Kurs abschließen",
    results: "Ihr Ergebnis",
    passed: "Bestanden: Nötig waren {pass} %.",
    not_passed: "Nicht bestanden: Nötig sind {pass} %.",
    completed: "Sie haben den Kurs abgeschlossen.",
    score: "Ihre Punktzahl: {percent} % ({correct} von {total} Punkten).",
    back_to_course: "Zurück zum Kurs",
    module_score: "{module}: {correct} von {total} Punkten",
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
    language_switch: "Sprache",
    score_one: "Ihre Punktzahl: {percent} % ({correct} von 1 Punkt).",
    module_score_one: "{module}: {correct} von 1 Punkt",
    points_per_module: "Punkte je Modul",
    to_review: "Zum Wiederholen",
    review_advice: "In diesen Modulen gibt es Fragen, die Sie nicht oder nicht richtig beantwortet haben:",
    certificate: "Teilnahmebescheinigung",
    show_certificate: "Bescheinigung anzeigen",
    has_completed: "hat den folgenden Kurs abgeschlossen:",
    name_on_certificate: "Name auf der Bescheinigung",
    date: "Datum",
    date_locale: "de-DE",
    time_spent: "Bearbeitungszeit",
    print: "Drucken",
    back_to_results: "Zurück zum Ergebnis",
    handout: "Ganzer Kurs zum Drucken",
    not_complete: "Sie haben noch nicht jedes Modul besucht und jede bewertete Aufgabe beantwortet; der Kurs ist noch nicht abgeschlossen.",
    result_saved: "Ihr Ergebnis wurde gespeichert. Sie können diese Seite schließen oder sich den Kurs noch einmal ansehen.",
    not_recorded: "Was Sie jetzt tun, wird von Ihrer Lernplattform nicht gespeichert. Damit es gespeichert wird, schließen Sie den Kurs und öffnen Sie ihn erneut über die Plattform.",
    not_saved: "Ihre Lernplattform hat Ihren letzten Fortschritt nicht gespeichert. Er bleibt in diesem Browser erhalten und wird erneut gesendet; Sie können weitermachen.",
    not_kept: "Dieser Browser kann Ihren Fortschritt nicht speichern (Speicher voll oder abgeschaltet). Sie können weitermachen, aber er geht beim Schließen der Seite verloren.",
    reload_advice: "Laden Sie die Seite neu, um es noch einmal zu versuchen. Wenn es wieder geschieht, wenden Sie sich an die Person, die Ihnen diesen Kurs gegeben hat, und nennen Sie die Meldung oben.",
    other_version: "Die Kursdatei hat das Format {format}, dieser Player liest aber Format {version}. Erstellen Sie den Kurs mit derselben Version von lotse neu.",
    range: "{min} bis {max}",
};

/// Every catalogue, English first (the fallback).
pub static CATALOGUES: &[&Ui] = &[&EN, &DE];

/// The catalogue for a BCP 47 tag (`de-AT` → German), or English.
pub fn catalogue(language: &str) -> &'static Ui {
    interface(&[language])
}

/// The catalogue of the first language in `wanted` (most preferred first) that has one, else
/// English.
pub fn interface<W: AsRef<str>>(wanted: &[W]) -> &'static Ui {
    for want in wanted {
        for ui in CATALOGUES {
            if same_language(ui.language, want.as_ref()) {
                return ui;
            }
        }
    }
    &EN
}

/// Languages with a name in [`language_name`]: tag, name in that language.
const NAMES: [(&str, &str); 16] = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
];

/// A language's name in that language (for a language switch), or the tag itself.
pub fn language_name(tag: &str) -> &str {
    for (known, name) in NAMES {
        if known.eq_ignore_ascii_case(tag) {
            return name;
        }
    }
    tag
}

/// A tag's language without region or script, lower case: `de-AT` → `de`.
pub fn primary(tag: &str) -> String {
    primary_bytes(tag).to_ascii_lowercase()
}

/// The bytes of `tag` up to its first `-` or `_`, without surrounding ASCII spaces (byte loops:
/// smaller in the player's wasm than char patterns and Unicode trimming).
fn primary_bytes(tag: &str) -> &str {
    let mut end = 0;
    for &b in tag.as_bytes() {
        if b == b'-' || b == b'_' {
            break;
        }
        end += 1;
    }
    tag.split_at(end).0.trim_ascii()
}

/// Whether two tags have the same primary language, case aside.
pub fn same_language(a: &str, b: &str) -> bool {
    primary_bytes(a).eq_ignore_ascii_case(primary_bytes(b))
}

/// The first of `wanted` (most preferred first: the LMS's learner preference, then the browser's
/// languages) that `available` has, matched by primary language; else `available`'s first (the
/// course's original language). Returns an index into `available`; 0 when it is empty.
pub fn choose<W: AsRef<str>, A: AsRef<str>>(wanted: &[W], available: &[A]) -> usize {
    for want in wanted {
        let want = want.as_ref().trim_ascii();
        if want.is_empty() {
            continue;
        }
        // An exact match (`pt-br`) beats a primary-language one (`pt`).
        for (i, a) in available.iter().enumerate() {
            if a.as_ref().eq_ignore_ascii_case(want) {
                return i;
            }
        }
        for (i, a) in available.iter().enumerate() {
            if same_language(a.as_ref(), want) {
                return i;
            }
        }
    }
    0
}

/// Whether a language is written right to left (Arabic, Persian, Hebrew, Urdu, Pashto, Kurdish
/// in Arabic script, Dhivehi, Yiddish).
pub fn is_rtl(language: &str) -> bool {
    for rtl in ["ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi"] {
        if same_language(rtl, language) {
            return true;
        }
    }
    false
}

/// `text` with each `{name}` replaced by its value (byte loops, for the player's size).
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    loop {
        let bytes = rest.as_bytes();
        let Some(open) = position(bytes, b'{', 0) else { break };
        let Some(close) = position(bytes, b'}', open) else { break };
        let (before, after) = rest.split_at(open);
        let (name, tail) = after.split_at(close - open);
        let name = name.split_at(1).1;
        out.push_str(before);
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = tail.split_at(1).1;
    }
    out.push_str(rest);
    out
}

/// The index of the first `byte` in `bytes` from `from` on.
fn position(bytes: &[u8], byte: u8, from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == byte {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The words of the trainer's preview panel, which shows what the player would send to an LMS
/// (the player's `preview` build, for `lotse serve`). Apart from [`Ui`], so that the learners'
/// builds carry none of them.
#[cfg(feature = "preview")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewUi {
    /// BCP 47 tag of this catalogue.
    pub language: &'static str,
    /// The button that shows and hides the panel.
    pub toggle: &'static str,
    /// The panel's heading.
    pub title: &'static str,
    pub intro: &'static str,
    /// The length of `cmi.suspend_data`: `{length}`, `{limit}` (characters).
    pub characters: &'static str,
    /// After `characters` when the progress had to be shortened to fit: `{needed}`.
    pub shortened: &'static str,
    /// The heading of the interaction records.
    pub records: &'static str,
    pub no_records: &'static str,
}

#[cfg(feature = "preview")]
pub static PREVIEW_EN: PreviewUi = PreviewUi {
    language: "en",
    toggle: "LMS preview",
    title: "What the LMS would receive",
    intro: "Nothing is sent from this preview. These are the values the course would set in a SCORM LMS if the learner left now, and the interaction records sent since the page was loaded.",
    characters: "{length} of {limit} characters",
    shortened: "shortened to fit; the whole progress needs {needed}",
    records: "Interaction records",
    no_records: "None yet: each checked answer of a graded question is sent as a record.",
};

#[cfg(feature = "preview")]
pub static PREVIEW_DE: PreviewUi = PreviewUi {
    language: "de",
    toggle: "LMS-Vorschau",
    title: "Was die Lernplattform erhielte",
    intro: "Aus dieser Vorschau wird nichts gesendet. Hier stehen die Werte, die der Kurs in einer SCORM-Lernplattform setzen würde, wenn die lernende Person ihn jetzt verließe, und die Interaktionsdatensätze, die seit dem Laden der Seite gesendet wurden.",
    characters: "{length} von {limit} Zeichen",
    shortened: "gekürzt, damit es passt; der ganze Fortschritt braucht {needed}",
    records: "Interaktionsdatensätze",
    no_records: "Noch keine: Jede geprüfte Antwort auf eine bewertete Frage wird als Datensatz gesendet.",
};

/// The preview panel's words in the interface's language (`ui`), or English.
#[cfg(feature = "preview")]
pub fn preview(ui: &Ui) -> &'static PreviewUi {
    if ui.language == DE.language {
        &PREVIEW_DE
    } else {
        &PREVIEW_EN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of a catalogue with its field name, through its Debug form (which names each
    /// field): a new field is covered without touching this test.
    fn entries(ui: &impl std::fmt::Debug) -> Vec<(String, String)> {
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

    #[cfg(feature = "preview")]
    #[test]
    fn the_preview_panel_speaks_every_interface_language() {
        let english = entries(&PREVIEW_EN);
        assert_eq!(english.len(), 8, "the Debug form names every field");
        for ui in CATALOGUES {
            let words = preview(ui);
            assert_eq!(words.language, ui.language, "the panel follows the interface");
            let theirs = entries(words);
            for ((key, text), (original_key, original)) in theirs.iter().zip(&english) {
                assert_eq!(key, original_key);
                assert!(!text.trim().is_empty(), "{}.{key} is empty", ui.language);
                assert_eq!(placeholders(text), placeholders(original), "{}.{key}: {text:?}", ui.language);
                if ui.language != "en" && key != "language" {
                    assert_ne!(text, original, "{}.{key} is not translated", ui.language);
                }
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
        assert_eq!(choose::<&str, &str>(&[], &[]), 0);
        assert_eq!(catalogue("de-CH").language, "de");
        assert_eq!(catalogue("fa").language, "en", "no Persian catalogue yet: English");
        assert!(is_rtl("ar") && is_rtl("fa-IR") && is_rtl("ckb") && !is_rtl("de") && !is_rtl("en"));
    }

    #[test]
    fn the_interface_speaks_the_first_wanted_language_it_has() {
        assert_eq!(interface(&["fr", "de-AT", "en"]).language, "de");
        assert_eq!(interface(&["en-US", "de"]).language, "en");
        assert_eq!(interface(&["ar", "fa"]).language, "en", "no catalogue: English");
        assert_eq!(interface::<&str>(&[]).language, "en");
    }

    #[test]
    fn languages_are_named_in_themselves() {
        assert_eq!(language_name("de"), "Deutsch");
        assert_eq!(language_name("EN"), "English");
        assert_eq!(language_name("uk"), "Українська");
        assert_eq!(language_name("ar"), "العربية");
        assert_eq!(language_name("pt-BR"), "pt-BR", "unknown: the tag");
        for tag in
            ["en", "de", "ar", "fa", "uk", "ru", "tr", "fr", "es", "it", "pl", "ro", "so", "ti", "prs", "ps"]
        {
            assert_ne!(language_name(tag), tag, "{tag} has a name");
        }
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
