//! The course on screen: header, table of contents, the current module, previous/next, and the
//! results once the learner finishes. Learner state is lotse-core's `Progress` behind a Yew
//! reducer; every change is handed to the host, and the session ends on "Finish course" or when
//! the page is hidden for good (`pagehide`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lotse_core::learner::{Action, ModuleState, Progress, Score, Status};
use lotse_core::model::Course;
use lotse_core::ui::{self, fill, Ui};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::app::{browser_languages, load};
use crate::bridge::{elapsed, HostHandle};
use crate::interaction::Draft;
use crate::view::{self, button, each, el, fixed, frag, node, node_on, say, text, Ctx};
use yew::virtual_dom::AttributeOrProperty::{Attribute as Attr, Static};

#[derive(Properties)]
pub struct Props {
    /// The course, loaded once and kept for the life of the page (never dropped, so the
    /// player carries no clean-up code for the model).
    pub course: &'static Course,
    pub host: HostHandle,
}

/// The same course and host: comparing by pointer, not by walking the whole course on every
/// render (which would also put a deep comparison of the model into the wasm).
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.course, other.course) && self.host == other.host
    }
}

/// Yew's adapter around the pure state in lotse-core, with the drafts of the page, the host, and
/// the latest progress handed to it (shared with the `pagehide` handler).
#[derive(Clone)]
struct Learner {
    /// The course in the language shown: the original (`Props::course`) or a translation.
    course: &'static Course,
    /// The interface's words.
    ui: &'static Ui,
    /// A translation to load once the player is on screen (the learner's language).
    pending: Cell<Option<&'static str>>,
    progress: Progress,
    drafts: Vec<Draft>,
    /// What the main area shows besides a module or the results.
    page: Page,
    session: &'static Session,
}

/// What stays the same for the life of the page (kept for it, like the course: no clean-up code).
struct Session {
    host: HostHandle,
    /// The latest progress, for the `pagehide` handler.
    latest: Rc<RefCell<Progress>>,
    /// When this page load started (`Date.now()`), for the session time.
    started: f64,
    /// For the certificate: the learner's name from the host, and the time spent in earlier
    /// sessions.
    name: Option<String>,
    earlier: u64,
    /// The course in each language loaded so far (for the language switch).
    courses: RefCell<Vec<&'static Course>>,
    /// The page's events are handed to the host (once, at the first render).
    watched: Cell<bool>,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Page {
    /// The current module, or the results once the learner finished.
    Course,
    Certificate,
    /// Every module on one page, to print.
    Handout,
}

#[derive(Clone)]
pub enum Msg {
    Learn(Action),
    Draft(Draft),
    /// Show the course in another language; the progress stays (translations keep the ids).
    /// The interface follows if the player speaks that language.
    Course(&'static Course),
    /// The learner chose a language: its course if loaded, else loaded first (see `pending`).
    Language(&'static str),
    Show(Page),
    /// The host's state changed after a timer (a save failed or succeeded again): render anew.
    Refresh,
}

impl Reducible for Learner {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Learn(action) => {
                next.page = Page::Course;
                next.progress.apply(self.course, action);
                if next.progress != self.progress {
                    next.report();
                }
            }
            Msg::Draft(draft) => {
                next.drafts.retain(|d| d.id != draft.id);
                next.drafts.push(draft);
            }
            Msg::Course(course) => {
                self.session.courses.borrow_mut().push(course);
                next.show(course);
            }
            Msg::Language(tag) => match self.session.courses.borrow().iter().find(|c| c.language == tag) {
                Some(course) => next.show(course),
                None => next.pending.set(Some(tag)),
            },
            Msg::Show(page) => next.page = page,
            Msg::Refresh => {}
        }
        Rc::new(next)
    }
}

impl Learner {
    /// Shows `course` (the original or a translation), in the interface's language if the
    /// player speaks it, else in the language the interface had.
    fn show(&mut self, course: &'static Course) {
        dress(course);
        self.course = course;
        self.ui = ui::interface(&[course.language.as_str(), self.ui.language]);
    }

    /// Hands the progress to the host, and ends the session once the learner finished: in the
    /// reducer, not in an effect (smaller, with one hook less).
    fn report(&self) {
        let session = self.session;
        *session.latest.borrow_mut() = self.progress.clone();
        session.host.update(self.course, &self.progress);
        if self.progress.finished {
            session.host.finish(self.course, &self.progress, elapsed(session.started));
        }
    }
}

#[function_component]
pub fn Player(props: &Props) -> Html {
    let course = props.course;
    let learner = {
        let host = props.host.clone();
        use_reducer(move || {
            let saved = host.start(course);
            let mut progress = match saved {
                Some(saved) => Progress::restore(course, &saved),
                None => Progress::new(course),
            };
            // The LMS's passing score and completion threshold, if it has them.
            progress.rules = host.host().rules();
            dress(course);
            // The learner's language: the LMS's preference, then the browser's, then the course's.
            let mut wanted: Vec<String> = host.host().language().into_iter().collect();
            wanted.extend(browser_languages());
            wanted.push(course.language.clone());
            let ui = ui::interface(&wanted);
            let pending = match course.languages.get(ui::choose(&wanted, &course.languages)) {
                Some(language) if *language != course.language => Some(language.as_str()),
                _ => None,
            };
            // The host flushes when the page is hidden and ends the session when it goes away.
            // Registered once, for the life of the page, like the course (no hook, no clean-up).
            let latest = Rc::new(RefCell::new(progress.clone()));
            let started = js_sys::Date::now();
            let pending = Cell::new(pending);
            let (name, earlier) = {
                let host = host.host();
                (host.learner_name(), host.earlier_millis())
            };
            let session = Box::leak(Box::new(Session {
                host,
                latest,
                started,
                name,
                earlier,
                courses: RefCell::new(vec![course]),
                watched: Cell::new(false),
            }));
            let learner =
                Learner { course, ui, pending, progress, drafts: Vec::new(), page: Page::Course, session };
            learner.report();
            learner
        })
    };

    let progress = &learner.progress;
    let (original, course, ui) = (course, learner.course, learner.ui);
    // The interface's words are marked with their language where the course speaks another.
    view::interface_language((!ui::same_language(ui.language, &course.language)).then_some(ui.language));
    // The callbacks hold the reducer's dispatcher, not a handle: smaller, and no state snapshot.
    let dispatcher = learner.dispatcher();
    let session = learner.session;
    if !session.watched.replace(true) {
        let refresh = dispatcher.clone();
        let notify = Rc::new(move || refresh.dispatch(Msg::Refresh));
        session.host.watch_page(original, session.latest.clone(), session.started, notify);
    }
    if let Some(language) = learner.pending.take() {
        translate(original, language, ui, dispatcher.clone());
    }
    // Opening a page or the results, then focus goes to the new page's heading once it is
    // rendered (see `focus_later`), not when the learner opens the page already on screen.
    let go = |msg: Msg, moves: bool| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(msg.clone());
            if moves {
                focus_later("main h1".into());
            }
        })
    };
    let on_page = learner.page == Page::Course;
    let open =
        |n: usize| go(Msg::Learn(Action::Open(n)), n != progress.location || progress.finished || !on_page);
    let show = |page: Page| go(Msg::Show(page), true);
    let send = dispatcher.to_callback();
    let finish = go(Msg::Learn(Action::Finish), true);
    let count = course.modules.len();
    let here = progress.location;
    let mut done = 0;
    for &v in &progress.visited {
        done += usize::from(v);
    }

    let toc = each(count, &|i| {
        let current = (i == here && !progress.finished && on_page).then_some("page");
        // The state in words for screen readers, as a symbol on screen (the stylesheet's).
        let (class, state) = match progress.module_state(course, i) {
            ModuleState::NotStarted => (None, ui.not_started),
            ModuleState::InProgress => (Some("in-progress"), ui.in_progress),
            ModuleState::Done => (Some("done"), ui.done),
        };
        let mark = el("span", Some("visually-hidden"), say(&[" (", state, ")"].concat()));
        let title = frag([text(&course.modules[i].title), mark]);
        el("li", None, button(class, None, current, false, open(i), title))
    });

    let (recording, trouble, unkept) = {
        let host = props.host.host();
        (host.is_recording(), host.trouble(), host.unkept())
    };
    let ctx = |prefix: String, shift: u8| Ctx {
        course,
        ui,
        answers: &progress.answers,
        drafts: &learner.drafts,
        send: &send,
        notes: Default::default(),
        terms: Default::default(),
        prefix,
        shift,
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let content = if learner.page == Page::Handout {
        // The course title is the page's h1; each module's headings one level down.
        let mut parts = vec![
            fixed("h1", &[("tabindex", Static("-1"))], text(&course.title)),
            actions(ui, &print, show(Page::Course), ui.back_to_course),
        ];
        for module in &course.modules {
            parts.push(view::module(module, &ctx([module.id.as_str(), "-"].concat(), 1)));
        }
        el("div", Some("handout"), frag(parts))
    } else if learner.page == Page::Certificate {
        let session = learner.session;
        let millis = session.earlier.saturating_add(elapsed(session.started));
        let actions = actions(ui, &print, show(Page::Course), ui.back_to_results);
        certificate(course, ui, progress, session.name.as_deref(), millis, actions)
    } else if progress.finished {
        let certify = matches!(progress.status(course), Status::Passed | Status::Completed);
        results(course, ui, progress, &open, certify.then(|| show(Page::Certificate)))
    } else {
        let module = &course.modules[here];
        let ctx = ctx(String::new(), 0);
        let notice = match (recording, trouble) {
            _ if unkept => Some(ui.not_kept),
            (false, _) => Some(ui.not_recorded),
            (true, true) => Some(ui.not_saved),
            (true, false) => None,
        }
        .map(|words| {
            fixed("p", &[("class", Static("not-recorded")), ("role", Static("status"))], say(words))
        });
        let previous = (here > 0).then(|| button(None, None, None, false, open(here - 1), say(ui.previous)));
        let next = if here + 1 < count {
            button(Some("primary"), None, None, false, open(here + 1), say(ui.next))
        } else {
            button(Some("primary"), None, None, false, finish, say(ui.finish))
        };
        let pager = nav("pager", ui.pages, frag([previous.unwrap_or_default(), next]));
        frag([notice.unwrap_or_default(), view::module(module, &ctx), pager])
    };

    let (logo, organisation) = branding(course);
    // The course in another language: a button per language, named in that language.
    let languages = &original.languages;
    let switch = (languages.len() > 1).then(|| {
        let buttons = each(languages.len(), &|i| {
            let tag = languages[i].as_str();
            let onclick = go(Msg::Language(tag), false);
            node_on(
                "button",
                &["type", "lang", "aria-current"],
                vec![
                    Some(Static("button")),
                    Some(Attr(AttrValue::Static(tag))),
                    (tag == course.language).then_some(Static("true")),
                ],
                Some(Rc::new(yew::html::onclick::Wrapper::new(onclick))),
                text(ui::language_name(tag)),
            )
        });
        node(
            "div",
            &["class", "role", "aria-label"],
            [Some(Static("languages")), Some(Static("group")), Some(Static(ui.language_switch))],
            buttons,
        )
    });
    let bar = node(
        "progress",
        &["max", "value", "aria-hidden"],
        [
            Some(Attr(lotse_core::text::number(count as u64).into())),
            Some(Attr(lotse_core::text::number(done as u64).into())),
            Some(Static("true")),
        ],
        Html::default(),
    );
    let header = el(
        "header",
        Some("top"),
        frag([
            logo,
            organisation,
            el("p", Some("course-title"), text(&course.title)),
            switch.unwrap_or_default(),
            el(
                "p",
                Some("progress-text"),
                say(&fill(
                    ui.modules_visited,
                    &[
                        ("visited", &lotse_core::text::number(done as u64)),
                        ("total", &lotse_core::text::number(count as u64)),
                    ],
                )),
            ),
            bar,
        ]),
    );
    let handout = button(Some("handout-button"), None, None, false, show(Page::Handout), say(ui.handout));
    let toc = nav("toc", ui.contents, frag([el("ol", None, toc), handout]));
    let main = fixed("main", &[("id", Static("content"))], content);
    el("div", Some("player"), frag([header, columns(toc, main, &props.host, ui)]))
}

/// A `<nav>` named `label`.
fn nav(class: &'static str, label: &'static str, children: Html) -> Html {
    node("nav", &["class", "aria-label"], [Some(Static(class)), Some(Static(label))], children)
}

/// The results: the score and the verdict, each module's points (modules with scored
/// interactions), the modules to review (a wrong or missing answer) as buttons that open them,
/// and the certificate once the course is completed.
fn results(
    course: &Course,
    ui: &'static Ui,
    progress: &Progress,
    open: &dyn Fn(usize) -> Callback<MouseEvent>,
    certificate: Option<Callback<MouseEvent>>,
) -> Html {
    let score = progress.score(course);
    // Passed and failed only with a passing score.
    let verdict = match progress.status(course) {
        Status::Passed => ui.passed,
        Status::Failed => ui.not_passed,
        Status::Completed => ui.completed,
        Status::Incomplete => ui.not_complete,
    };
    let verdict = fill(
        verdict,
        &[("pass", &lotse_core::text::number((progress.passing(course).unwrap_or(0) / 100).into()))],
    );
    let (mut scores, mut review) = (Vec::new(), Vec::new());
    for (m, module) in course.modules.iter().enumerate() {
        let s = progress.module_score(course, m);
        if s.total > 0 {
            let line = points(ui.module_score, ui.module_score_one, s, &module.title);
            scores.push(el("li", None, say(&line)));
            if s.correct < s.total {
                review.push(el("li", None, button(None, None, None, false, open(m), text(&module.title))));
            }
        }
    }
    let h2 = |title: &'static str| el("h2", None, say(title));
    let score = (score.total > 0).then(|| {
        frag([
            el("p", Some("score"), say(&points(ui.score, ui.score_one, score, ""))),
            el("p", None, say(&verdict)),
            h2(ui.points_per_module),
            el("ul", None, frag(scores)),
        ])
    });
    let review = (!review.is_empty()).then(|| {
        frag([h2(ui.to_review), el("p", None, say(ui.review_advice)), el("ul", None, frag(review))])
    });
    let certificate =
        certificate.map(|show| button(Some("primary"), None, None, false, show, say(ui.show_certificate)));
    let title = fixed("h1", &[("tabindex", Static("-1"))], say(ui.results));
    let body = frag([
        title,
        score.unwrap_or_else(|| el("p", None, say(&verdict))),
        review.unwrap_or_default(),
        el("p", None, say(ui.result_saved)),
        el(
            "p",
            Some("actions"),
            frag([
                certificate.unwrap_or_default(),
                button(None, None, None, false, open(progress.location), say(ui.back_to_course)),
            ]),
        ),
    ]);
    el("section", Some("results"), body)
}

/// A certificate of completion to print: the organisation, the learner's name (from the host,
/// else a field the learner fills in), the course, the score, the date and the time spent.
fn certificate(
    course: &'static Course,
    ui: &'static Ui,
    progress: &Progress,
    name: Option<&str>,
    millis: u64,
    actions: Html,
) -> Html {
    let (logo, organisation) = branding(course);
    let name = match name {
        Some(name) => el("p", Some("learner"), text(name)),
        None => el(
            "label",
            Some("learner"),
            frag([
                el("span", Some("hint"), say(ui.name_on_certificate)),
                node(
                    "input",
                    &["type", "autocomplete"],
                    [Some(Static("text")), Some(Static("name"))],
                    Html::default(),
                ),
            ]),
        ),
    };
    let score = progress.score(course);
    let score = (score.total > 0).then(|| el("p", None, say(&points(ui.score, ui.score_one, score, ""))));
    // Today, as the browser writes dates in the interface's language: day, month, year.
    let date: String =
        js_sys::Date::new_0().to_locale_date_string(ui.date_locale, &JsValue::UNDEFINED).into();
    let time = lotse_core::text::duration(millis);
    let body = frag([
        logo,
        organisation,
        fixed("h1", &[("tabindex", Static("-1"))], say(ui.certificate)),
        name,
        el("p", None, say(ui.has_completed)),
        el("p", Some("course-title"), text(&course.title)),
        score.unwrap_or_default(),
        el("p", None, say(&[ui.date, ": ", &date].concat())),
        el("p", None, say(&[ui.time_spent, ": ", &time].concat())),
        actions,
    ]);
    el("section", Some("certificate"), body)
}

/// Print, and a button back (`back`, labelled `label`), not printed.
fn actions(
    ui: &'static Ui,
    print: &Callback<MouseEvent>,
    back: Callback<MouseEvent>,
    label: &'static str,
) -> Html {
    let print = button(Some("primary"), None, None, false, print.clone(), say(ui.print));
    el("p", Some("actions"), frag([print, button(None, None, None, false, back, say(label))]))
}

/// The organisation's logo and name, if the course names them. The logo only from the course's
/// site, and with an empty `alt`: the organisation's name or the course title is beside it, and a
/// screen reader would otherwise read the name twice.
fn branding(course: &'static Course) -> (Html, Html) {
    let mut organisation = Html::default();
    if !course.organisation.is_empty() {
        organisation = el("p", Some("organisation"), text(&course.organisation));
    }
    let mut logo = Html::default();
    if !course.logo.is_empty() && view::local(&course.logo) {
        logo = node(
            "img",
            &["class", "src", "alt"],
            [Some(Static("logo")), Some(Attr(AttrValue::Static(&course.logo))), Some(Static(""))],
            Html::default(),
        );
    }
    (logo, organisation)
}

/// `template` (or `one`, when the total is one point) filled with a score: `{percent}`,
/// `{correct}`, `{total}`, and `{module}`.
fn points(template: &str, one: &str, score: Score, module: &str) -> String {
    let template = if score.total == 1 { one } else { template };
    let percent = lotse_core::scorm12::decimal(score.hundredths());
    let values = [
        ("percent", percent.as_str()),
        ("correct", &lotse_core::text::number(score.correct.into())),
        ("total", &lotse_core::text::number(score.total.into())),
        ("module", module),
    ];
    fill(template, &values)
}

/// Shows the course's translation into `language`, `course.{language}.json` beside the page, once
/// it is loaded; one that cannot be loaded, or does not have the original's modules, is not shown.
fn translate(
    original: &'static Course,
    language: &'static str,
    ui: &'static Ui,
    dispatcher: UseReducerDispatcher<Learner>,
) {
    // A language tag only (letters, digits, hyphens): the name stays a file beside the page.
    for b in language.bytes() {
        if !(b.is_ascii_alphanumeric() || b == b'-') {
            return;
        }
    }
    let url = ["course.", language, ".json"].concat();
    load(
        url,
        ui,
        Box::new(move |loaded| {
            if let Some(course) = loaded.ok().filter(|c| c.modules.len() == original.modules.len()) {
                dispatcher.dispatch(Msg::Course(course));
            }
        }),
    );
}

/// The page follows the course shown: its title, language and direction (`lang`, `dir` on
/// `<html>`), and the organisation's colour as the accent (`--lotse-accent`), if it is `#` and
/// 3 or 6 hexadecimal digits (else the stylesheet's).
pub fn dress(course: &Course) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    document.set_title(&course.title);
    let Ok(Some(html)) = document.query_selector("html") else { return };
    let _ = html.set_attribute("lang", &course.language);
    let _ = html.set_attribute("dir", if ui::is_rtl(&course.language) { "rtl" } else { "ltr" });
    let colour = course.colour.as_bytes();
    let mut valid = (colour.len() == 4 || colour.len() == 7) && colour[0] == b'#';
    for &b in colour.iter().skip(1) {
        valid &= b.is_ascii_hexdigit();
    }
    // Through the CSSOM, which the page's Content-Security-Policy allows (`style-src 'self'`
    // refuses a `style` attribute); an empty value removes an earlier course's colour.
    let colour = if valid { course.colour.as_str() } else { "" };
    let _ = html.unchecked_ref::<web_sys::HtmlElement>().style().set_property("--lotse-accent", colour);
}

/// Moves keyboard and screen-reader focus to the first element matching `selector` once Yew has
/// rendered what the current event changed: the new page's heading (not on first load, where the
/// browser's own focus handling is right), the feedback, a scenario's new step, a moved item.
/// Called after the dispatch, which scheduled the render as a task before this one, and spawned
/// tasks run in order.
pub fn focus_later(selector: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .map(|e| e.unchecked_into::<web_sys::HtmlElement>());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// The contents and the page side by side, and after them, in the trainer's preview build, the "LMS
/// preview" panel with what the host says an LMS would receive (the other builds have no such host).
/// At the end of the file, so that the shipped builds' panic locations keep their lines.
#[cfg_attr(not(feature = "preview"), allow(unused_variables))]
fn columns(toc: Html, main: Html, host: &HostHandle, ui: &'static Ui) -> Html {
    let columns = el("div", Some("columns"), frag([toc, main]));
    #[cfg(feature = "preview")]
    if let Some(reports) = host.host().preview() {
        let words = ui::preview(ui);
        return frag([columns, html! { <crate::preview::LmsPreview {reports} {words} /> }]);
    }
    columns
}
