//! The course on screen: header, table of contents, the current module, previous/next, and the
//! results once the learner finishes. Learner state is lotse-core's `Progress` behind a Yew
//! reducer; every change is handed to the host, and the session ends on "Finish course" or when
//! the page is hidden for good (`pagehide`).

use std::cell::RefCell;
use std::rc::Rc;

use lotse_core::learner::{Action, Progress, Status};
use lotse_core::model::Course;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::bridge::HostHandle;
use crate::view::{self, Answers};

#[derive(Properties)]
pub struct Props {
    pub course: Rc<Course>,
    pub host: HostHandle,
}

/// The same course and host: comparing by pointer, not by walking the whole course on every
/// render (which would also put a deep comparison of the model into the wasm).
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.course, &other.course) && self.host == other.host
    }
}

/// Yew's adapter around the pure state in lotse-core.
struct Learner {
    course: Rc<Course>,
    progress: Progress,
}

impl Reducible for Learner {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut progress = self.progress.clone();
        progress.apply(&self.course, action);
        Rc::new(Learner { course: self.course.clone(), progress })
    }
}

#[function_component]
pub fn Player(props: &Props) -> Html {
    let course = props.course.clone();
    let learner = {
        let (course, host) = (course.clone(), props.host.clone());
        use_reducer(move || {
            let saved = host.0.borrow_mut().start(&course);
            let progress = match saved {
                Some(saved) => Progress::restore(&course, &saved),
                None => Progress::new(&course),
            };
            Learner { course, progress }
        })
    };
    let started = use_memo((), |_| js_sys::Date::now());
    // The latest progress, for the pagehide handler registered once below.
    let latest: Rc<RefCell<Progress>> = use_mut_ref(|| learner.progress.clone());

    {
        let (course, host, latest, started) =
            (course.clone(), props.host.clone(), latest.clone(), started.clone());
        use_effect_with(learner.progress.clone(), move |progress| {
            *latest.borrow_mut() = progress.clone();
            let mut host = host.0.borrow_mut();
            host.update(&course, progress);
            if progress.finished {
                host.finish(&course, progress, elapsed(*started));
            }
        });
    }
    {
        let (course, host) = (course.clone(), props.host.clone());
        use_effect_with((), move |_| {
            let handler = Closure::<dyn Fn()>::new(move || {
                let progress = latest.borrow();
                host.0.borrow_mut().finish(&course, &progress, elapsed(*started));
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
    use_focus_heading((learner.progress.location, learner.progress.finished));

    let progress = &learner.progress;
    let open = |n: usize| {
        let learner = learner.clone();
        Callback::from(move |_: MouseEvent| learner.dispatch(Action::Open(n)))
    };
    let on_answer = {
        let learner = learner.clone();
        Callback::from(move |(question, option): (String, usize)| {
            learner.dispatch(Action::Answer { question, option })
        })
    };
    let finish = {
        let learner = learner.clone();
        Callback::from(move |_: MouseEvent| learner.dispatch(Action::Finish))
    };
    let count = course.modules.len();
    let here = progress.location;
    let done = progress.visited.iter().filter(|&&v| v).count();

    let toc = course.modules.iter().enumerate().map(|(i, module)| {
        let current = (i == here && !progress.finished).then_some("page");
        let class = classes!(progress.visited[i].then_some("visited"));
        html! {
            <li key={module.id.clone()}>
                <button type="button" {class} aria-current={current} onclick={open(i)}>
                    { &module.title }
                    if progress.visited[i] { <span class="visually-hidden">{ " (visited)" }</span> }
                </button>
            </li>
        }
    });

    let recording = props.host.0.borrow().is_recording();
    let content = if progress.finished {
        results(&course, progress, open(here))
    } else {
        let module = &course.modules[here];
        let answers = Answers { course: &course, given: &progress.answers, on_answer: &on_answer };
        html! {
            <>
                if !recording {
                    <p class="not-recorded" role="status">
                        { "What you do now is not recorded by your learning platform. To have it \
                           recorded, close the course and open it again from the platform." }
                    </p>
                }
                <article>{ view::blocks(&module.blocks, &answers) }</article>
                <nav class="pager" aria-label="Pages">
                    if here > 0 {
                        <button type="button" onclick={open(here - 1)}>{ "Previous" }</button>
                    }
                    if here + 1 < count {
                        <button type="button" class="primary" onclick={open(here + 1)}>{ "Next" }</button>
                    } else {
                        <button type="button" class="primary" onclick={finish}>{ "Finish course" }</button>
                    }
                </nav>
            </>
        }
    };

    html! {
        <div class="player">
            <header class="top">
                <p class="course-title">{ &course.title }</p>
                <p class="progress-text">{ format!("{done} of {count} modules visited") }</p>
                <progress max={count.to_string()} value={done.to_string()} aria-hidden="true" />
            </header>
            <div class="columns">
                <nav class="toc" aria-label="Contents">
                    <ol>{ for toc }</ol>
                </nav>
                <main id="content">{ content }</main>
            </div>
        </div>
    }
}

fn results(course: &Course, progress: &Progress, back: Callback<MouseEvent>) -> Html {
    let score = progress.score(course);
    let percent = lotse_core::scorm12::decimal(score.hundredths());
    let verdict = match (progress.status(course), course.passing_score) {
        (Status::Passed, Some(pass)) => format!("You passed: {pass} % was needed."),
        (Status::Failed, Some(pass)) => format!("You did not pass: {pass} % is needed."),
        (Status::Completed, _) => "You have completed the course.".to_string(),
        _ => "You have not yet visited every module and answered every question, so the course \
              is not complete."
            .to_string(),
    };
    html! {
        <section class="results">
            <h1 tabindex="-1">{ "Your results" }</h1>
            if score.total > 0 {
                <p class="score">{ format!(
                    "Your score: {percent} % ({} of {} {} answered correctly).",
                    score.correct,
                    score.total,
                    if score.total == 1 { "question" } else { "questions" }
                ) }</p>
            }
            <p>{ verdict }</p>
            <p>{ "Your result has been saved. You can close this page, or look through the course again." }</p>
            <button type="button" onclick={back}>{ "Back to the course" }</button>
        </section>
    }
}

/// Milliseconds since `started` (a `Date.now()` value).
fn elapsed(started: f64) -> u64 {
    (js_sys::Date::now() - started).max(0.0) as u64
}

/// Moves keyboard and screen-reader focus to the new page's heading when the page changes (not on
/// first load, where the browser's own focus handling is right).
#[hook]
fn use_focus_heading(key: (usize, bool)) {
    let first = use_mut_ref(|| true);
    use_effect_with(key, move |_| {
        if std::mem::replace(&mut *first.borrow_mut(), false) {
            return;
        }
        let heading = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("main h1").ok().flatten())
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(heading) = heading {
            let _ = heading.focus();
        }
    });
}
