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
use crate::view::{self, button, each, el, frag, node, text, Ctx};

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

/// Yew's adapter around the pure state in lotse-core, with the drafts of the page.
#[derive(Clone)]
struct Learner {
    course: &'static Course,
    progress: Progress,
    drafts: Vec<Draft>,
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
            Msg::Learn(action) => next.progress.apply(self.course, action),
            Msg::Draft(draft) => {
                next.drafts.retain(|d| d.id != draft.id);
                next.drafts.push(draft);
            }
        }
        Rc::new(next)
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
            Learner { course, progress, drafts: Vec::new() }
        })
    };
    // The latest progress, for the pagehide handler registered once below, and when this page
    // load started.
    let latest: Rc<RefCell<(Progress, f64)>> =
        use_mut_ref(|| (learner.progress.clone(), js_sys::Date::now()));

    {
        let (host, latest) = (props.host.clone(), latest.clone());
        use_effect_with(learner.progress.clone(), move |progress| {
            let mut latest = latest.borrow_mut();
            let moved = (latest.0.location, latest.0.finished) != (progress.location, progress.finished);
            latest.0 = progress.clone();
            let mut host = host.0.borrow_mut();
            host.update(course, progress);
            if progress.finished {
                host.finish(course, progress, elapsed(latest.1));
            }
            if moved {
                focus_on("main h1");
            }
        });
    }

    {
        let host = props.host.clone();
        use_effect_with((), move |_| {
            let handler = Closure::<dyn Fn()>::new(move || {
                let latest = latest.borrow();
                host.0.borrow_mut().finish(course, &latest.0, elapsed(latest.1));
            });
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = window {
                    let _ = window
                        .remove_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
                }
            }
        });
    }

    let progress = &learner.progress;
    let open = |n: usize| {
        let learner = learner.clone();
        Callback::from(move |_: MouseEvent| learner.dispatch(Msg::Learn(Action::Open(n))))
    };
    let on_check = {
        let learner = learner.clone();
        Callback::from(move |(id, response): (String, Response)| {
            learner.dispatch(Msg::Learn(Action::Check { id, response }))
        })
    };
    let on_draft = {
        let learner = learner.clone();
        Callback::from(move |draft: Draft| learner.dispatch(Msg::Draft(draft)))
    };
    let finish = {
        let learner = learner.clone();
        Callback::from(move |_: MouseEvent| learner.dispatch(Msg::Learn(Action::Finish)))
    };
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
            node(
                "p",
                &["class", "role"],
                vec![Some("not-recorded".into()), Some("status".into())],
                text(message),
            )
        });
        let previous = (here > 0).then(|| button(None, None, None, false, open(here - 1), text("Previous")));
        let next = if here + 1 < count {
            button(Some("primary"), None, None, false, open(here + 1), text("Next"))
        } else {
            button(Some("primary"), None, None, false, finish, text("Finish course"))
        };
        let pager = node(
            "nav",
            &["class", "aria-label"],
            vec![Some("pager".into()), Some("Pages".into())],
            frag(vec![previous.unwrap_or_default(), next]),
        );
        frag(vec![notice.unwrap_or_default(), view::module(module, &ctx), pager])
    };

    let organisation =
        (!course.organisation.is_empty()).then(|| el("p", Some("organisation"), text(&course.organisation)));
    let bar = node(
        "progress",
        &["max", "value", "aria-hidden"],
        vec![Some(count.to_string().into()), Some(done.to_string().into()), Some("true".into())],
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
    let toc = node(
        "nav",
        &["class", "aria-label"],
        vec![Some("toc".into()), Some("Contents".into())],
        el("ol", None, toc),
    );
    let main = node("main", &["id"], vec![Some("content".into())], content);
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
    let title = node("h1", &["tabindex"], vec![Some("-1".into())], text("Your results"));
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

/// Moves keyboard and screen-reader focus to the first element matching `selector` (nothing for
/// an empty one): the new page's heading when the page changes (not on first load, where the
/// browser's own focus handling is right), or what `Ctx::focus` names.
pub fn focus_on(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .map(|e| e.unchecked_into::<web_sys::HtmlElement>());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
