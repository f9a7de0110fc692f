//! The course on screen: header, table of contents, the current module, previous/next, and the
//! results once the learner finishes. Learner state is lotse-core's `Progress` behind a Yew
//! reducer; every change is handed to the host, and the session ends on "Finish course" or when
//! the page is hidden for good (`pagehide`).

use std::cell::RefCell;
use std::rc::Rc;

use lotse_core::learner::{Action, Progress, Response, Status};
use lotse_core::model::Course;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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
    course: &'static Course,
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
            let learner = Learner { course, host, progress, drafts: Vec::new(), latest, started };
            learner.report();
            learner
        })
    };

    let progress = &learner.progress;
    // The callbacks hold the reducer's dispatcher, not a handle: smaller, and no state snapshot.
    let dispatcher = learner.dispatcher();
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
        let mark = visited.then(|| el("span", Some("visually-hidden"), text(" (visited)")));
        let title = frag(vec![text(&course.modules[i].title), mark.unwrap_or_default()]);
        el("li", None, button(visited.then_some("visited"), None, current, false, open(i), title))
    });

    let recording = props.host.0.borrow().is_recording();
    let content = if progress.finished {
        results(course, progress, open(here))
    } else {
        let module = &course.modules[here];
        let ctx = Ctx {
            course,
            answers: &progress.answers,
            drafts: &learner.drafts,
            on_check: &on_check,
            on_draft: &on_draft,
            notes: Default::default(),
            terms: Default::default(),
        };
        let notice = (!recording).then(|| {
            let message = "What you do now is not recorded by your learning platform. To have it \
                           recorded, close the course and open it again from the platform.";
            fixed("p", &[("class", Static("not-recorded")), ("role", Static("status"))], text(message))
        });
        let previous = (here > 0).then(|| button(None, None, None, false, open(here - 1), text("Previous")));
        let next = if here + 1 < count {
            button(Some("primary"), None, None, false, open(here + 1), text("Next"))
        } else {
            button(Some("primary"), None, None, false, finish, text("Finish course"))
        };
        let pager = fixed(
            "nav",
            &[("class", Static("pager")), ("aria-label", Static("Pages"))],
            frag(vec![previous.unwrap_or_default(), next]),
        );
        frag(vec![notice.unwrap_or_default(), view::module(module, &ctx), pager])
    };

    let organisation =
        (!course.organisation.is_empty()).then(|| el("p", Some("organisation"), text(&course.organisation)));
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
            organisation.unwrap_or_default(),
            el("p", Some("course-title"), text(&course.title)),
            el("p", Some("progress-text"), text(&format!("{done} of {count} modules visited"))),
            bar,
        ]),
    );
    let toc =
        fixed("nav", &[("class", Static("toc")), ("aria-label", Static("Contents"))], el("ol", None, toc));
    let main = fixed("main", &[("id", Static("content"))], content);
    el("div", Some("player"), frag(vec![header, el("div", Some("columns"), frag(vec![toc, main]))]))
}

fn results(course: &Course, progress: &Progress, back: Callback<MouseEvent>) -> Html {
    let score = progress.score(course);
    let verdict = match (progress.status(course), course.passing_score) {
        (Status::Passed, Some(pass)) => format!("You passed: {pass} % was needed."),
        (Status::Failed, Some(pass)) => format!("You did not pass: {pass} % is needed."),
        (Status::Completed, _) => "You have completed the course.".to_string(),
        _ => "You have not yet visited every module and answered every graded activity, so the \
              course is not complete."
            .to_string(),
    };
    let score = (score.total > 0).then(|| {
        let percent = lotse_core::scorm12::decimal(score.hundredths());
        let line = format!("Your score: {percent} % ({} of {} points).", score.correct, score.total);
        el("p", Some("score"), text(&line))
    });
    let title = fixed("h1", &[("tabindex", Static("-1"))], text("Your results"));
    let saved = "Your result has been saved. You can close this page, or look through the course again.";
    let body = frag(vec![
        title,
        score.unwrap_or_default(),
        el("p", None, text(&verdict)),
        el("p", None, text(saved)),
        button(None, None, None, false, back, text("Back to the course")),
    ]);
    el("section", Some("results"), body)
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
