//! The course on screen: header, table of contents, the current module, previous/next, and the
//! results once the learner finishes. Learner state is lotse-core's `Progress` behind a Yew
//! reducer; every change is handed to the host, and the session ends on "Finish course" or when
//! the page is hidden for good (`pagehide`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lotse_core::learner::{Action, Progress, Response, Score, Status};
use lotse_core::model::Course;
use lotse_core::ui::{self, fill, Ui};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::{browser_languages, load};
use crate::bridge::HostHandle;
use crate::interaction::Draft;
use crate::view::{self, button, each, el, fixed, frag, node, text, Ctx};
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
    host: HostHandle,
    progress: Progress,
    drafts: Vec<Draft>,
    latest: Rc<RefCell<Progress>>,
    /// When this page load started (`Date.now()`), for the session time.
    started: f64,
}

pub enum Msg {
    Learn(Action),
    Draft(Draft),
    /// Show the course in another language; the progress stays (translations keep the ids).
    Course(&'static Course),
}

impl Reducible for Learner {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Learn(action) => {
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
                dress(course);
                next.course = course;
            }
        }
        Rc::new(next)
    }
}

impl Learner {
    /// Hands the progress to the host, and ends the session once the learner finished: in the
    /// reducer, not in an effect (smaller, with one hook less).
    fn report(&self) {
        *self.latest.borrow_mut() = self.progress.clone();
        let mut host = self.host.0.borrow_mut();
        host.update(self.course, &self.progress);
        if self.progress.finished {
            host.finish(self.course, &self.progress, elapsed(self.started));
        }
    }
}

#[function_component]
pub fn Player(props: &Props) -> Html {
    let course = props.course;
    let learner = {
        let host = props.host.clone();
        use_reducer(move || {
            let saved = host.0.borrow_mut().start(course);
            let progress = match saved {
                Some(saved) => Progress::restore(course, &saved),
                None => Progress::new(course),
            };
            dress(course);
            // The learner's language: the LMS's preference, then the browser's, then the course's.
            let mut wanted: Vec<String> = host.0.borrow().language().into_iter().collect();
            wanted.extend(browser_languages());
            wanted.push(course.language.clone());
            let ui = ui::interface(&wanted);
            let pending = match course.languages.get(ui::choose(&wanted, &course.languages)) {
                Some(language) if *language != course.language => Some(language.as_str()),
                _ => None,
            };
            // When the page is hidden for good, the session ends. Registered once, for the life
            // of the page, like the course (no hook and no clean-up code for it).
            let latest = Rc::new(RefCell::new(progress.clone()));
            let (started, last, pagehide_host) = (js_sys::Date::now(), latest.clone(), host.clone());
            let handler = Closure::<dyn Fn()>::new(move || {
                pagehide_host.0.borrow_mut().finish(course, &last.borrow(), elapsed(started));
            });
            if let Some(window) = web_sys::window() {
                let _ = window.add_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
            }
            handler.forget();
            let pending = Cell::new(pending);
            let learner =
                Learner { course, ui, pending, host, progress, drafts: Vec::new(), latest, started };
            learner.report();
            learner
        })
    };

    let progress = &learner.progress;
    let (original, course, ui) = (course, learner.course, learner.ui);
    // The callbacks hold the reducer's dispatcher, not a handle: smaller, and no state snapshot.
    let dispatcher = learner.dispatcher();
    if let Some(language) = learner.pending.take() {
        translate(original, language, ui, dispatcher.clone());
    }
    // Opening a page or the results, then focus goes to the new page's heading once it is
    // rendered (see `focus_later`), not when the learner opens the page already on screen.
    let go = |action: Action, moves: bool| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Msg::Learn(action.clone()));
            if moves {
                focus_later("main h1".into());
            }
        })
    };
    let open = |n: usize| go(Action::Open(n), n != progress.location || progress.finished);
    let on_check = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |(id, response): (String, Response)| {
            dispatcher.dispatch(Msg::Learn(Action::Check { id, response }))
        })
    };
    let on_draft = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |draft: Draft| dispatcher.dispatch(Msg::Draft(draft)))
    };
    let finish = go(Action::Finish, true);
    let count = course.modules.len();
    let here = progress.location;
    let mut done = 0;
    for &v in &progress.visited {
        done += usize::from(v);
    }

    let toc = each(count, &|i| {
        let current = (i == here && !progress.finished).then_some("page");
        let visited = progress.visited[i];
        let mark =
            visited.then(|| el("span", Some("visually-hidden"), text(&[" (", ui.visited, ")"].concat())));
        let title = frag(vec![text(&course.modules[i].title), mark.unwrap_or_default()]);
        el("li", None, button(visited.then_some("visited"), None, current, false, open(i), title))
    });

    let recording = props.host.0.borrow().is_recording();
    let content = if progress.finished {
        results(course, ui, progress, &open)
    } else {
        let module = &course.modules[here];
        let ctx = Ctx {
            course,
            ui,
            answers: &progress.answers,
            drafts: &learner.drafts,
            on_check: &on_check,
            on_draft: &on_draft,
            notes: Default::default(),
            terms: Default::default(),
        };
        let notice = (!recording).then(|| {
            fixed(
                "p",
                &[("class", Static("not-recorded")), ("role", Static("status"))],
                text(ui.not_recorded),
            )
        });
        let previous = (here > 0).then(|| button(None, None, None, false, open(here - 1), text(ui.previous)));
        let next = if here + 1 < count {
            button(Some("primary"), None, None, false, open(here + 1), text(ui.next))
        } else {
            button(Some("primary"), None, None, false, finish, text(ui.finish))
        };
        let pager = nav("pager", ui.pages, frag(vec![previous.unwrap_or_default(), next]));
        frag(vec![notice.unwrap_or_default(), view::module(module, &ctx), pager])
    };

    let organisation =
        (!course.organisation.is_empty()).then(|| el("p", Some("organisation"), text(&course.organisation)));
    // The organisation's logo, named by the organisation (or the course); only from the course's site.
    let logo = (!course.logo.is_empty() && view::local(&course.logo)).then(|| {
        let alt = if course.organisation.is_empty() { &course.title } else { &course.organisation };
        node(
            "img",
            &["class", "src", "alt"],
            vec![
                Some(Static("logo")),
                Some(Attr(course.logo.clone().into())),
                Some(Attr(alt.clone().into())),
            ],
            Html::default(),
        )
    });
    let bar = node(
        "progress",
        &["max", "value", "aria-hidden"],
        vec![Some(Attr(count.to_string().into())), Some(Attr(done.to_string().into())), Some(Static("true"))],
        Html::default(),
    );
    let header = el(
        "header",
        Some("top"),
        frag(vec![
            logo.unwrap_or_default(),
            organisation.unwrap_or_default(),
            el("p", Some("course-title"), text(&course.title)),
            el(
                "p",
                Some("progress-text"),
                text(&fill(
                    ui.modules_visited,
                    &[("visited", &done.to_string()), ("total", &count.to_string())],
                )),
            ),
            bar,
        ]),
    );
    let toc = nav("toc", ui.contents, el("ol", None, toc));
    let main = fixed("main", &[("id", Static("content"))], content);
    el("div", Some("player"), frag(vec![header, el("div", Some("columns"), frag(vec![toc, main]))]))
}

/// A `<nav>` named `label`.
fn nav(class: &'static str, label: &'static str, children: Html) -> Html {
    node("nav", &["class", "aria-label"], vec![Some(Static(class)), Some(Static(label))], children)
}

/// The results: the score, each module's score (modules with scored interactions; one with a
/// wrong or missing answer, to review, is a button that opens it), the verdict.
fn results(
    course: &Course,
    ui: &'static Ui,
    progress: &Progress,
    open: &dyn Fn(usize) -> Callback<MouseEvent>,
) -> Html {
    let score = progress.score(course);
    // Passed and failed only with a passing score.
    let verdict = match progress.status(course) {
        Status::Passed => ui.passed,
        Status::Failed => ui.not_passed,
        Status::Completed => ui.completed,
        Status::Incomplete => ui.not_complete,
    };
    let verdict = fill(verdict, &[("pass", &u32::from(course.passing_score.unwrap_or(0)).to_string())]);
    // Each module's score; a module with a wrong or missing answer is a button that opens it.
    let mut scores = Vec::new();
    for (m, module) in course.modules.iter().enumerate() {
        let s = progress.module_score(course, m);
        if s.total > 0 {
            let line = text(&points(ui.module_score, s, &module.title));
            let line =
                if s.correct < s.total { button(None, None, None, false, open(m), line) } else { line };
            scores.push(el("li", None, line));
        }
    }
    let score = (score.total > 0).then(|| {
        frag(vec![el("p", Some("score"), text(&points(ui.score, score, ""))), el("ul", None, frag(scores))])
    });
    let title = fixed("h1", &[("tabindex", Static("-1"))], text(ui.results));
    let body = frag(vec![
        title,
        score.unwrap_or_default(),
        el("p", None, text(&verdict)),
        el("p", None, text(ui.result_saved)),
        button(None, None, None, false, open(progress.location), text(ui.back_to_course)),
    ]);
    el("section", Some("results"), body)
}

/// `template` filled with a score: `{percent}`, `{correct}`, `{total}`, and `{module}`.
fn points(template: &str, score: Score, module: &str) -> String {
    let percent = lotse_core::scorm12::decimal(score.hundredths());
    let values = [
        ("percent", percent.as_str()),
        ("correct", &score.correct.to_string()),
        ("total", &score.total.to_string()),
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
    let style = if valid { ["--lotse-accent:", &course.colour].concat() } else { String::new() };
    let _ = html.set_attribute("style", &style);
}

/// Milliseconds since `started` (a `Date.now()` value).
fn elapsed(started: f64) -> u64 {
    (js_sys::Date::now() - started).max(0.0) as u64
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
