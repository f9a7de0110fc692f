//! Loads `course.json` from beside the page, checks its format version and hands it to the
//! [`Player`] with the host found by [`bridge::discover`]. Every failure becomes a message a
//! learner can act on.

use std::rc::Rc;

use lotse_core::json::CourseError;
use lotse_core::model::{Course, FORMAT_VERSION};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::bridge;
use crate::player::Player;

/// Where the course document lies, relative to the page.
const COURSE_URL: &str = "course.json";

enum Load {
    Loading,
    Ready(Rc<Course>, bridge::HostHandle),
    Failed(String),
}

#[function_component]
pub fn App() -> Html {
    let load = use_state(|| Load::Loading);
    {
        let load = load.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                load.set(match fetch_course().await {
                    Ok(course) => {
                        set_document_metadata(&course);
                        Load::Ready(Rc::new(course), bridge::discover())
                    }
                    Err(message) => Load::Failed(message),
                });
            });
        });
    }
    match &*load {
        Load::Loading => html! { <p class="notice" role="status">{ "Loading the course …" }</p> },
        Load::Failed(message) => html! {
            <main class="notice" role="alert">
                <h1>{ "This course could not be opened" }</h1>
                <p>{ message }</p>
                <p>{ "Reload the page to try again. If it happens again, tell the person who \
                      gave you this course and quote the message above." }</p>
            </main>
        },
        Load::Ready(course, host) => html! { <Player course={course.clone()} host={host.clone()} /> },
    }
}

/// Parses a course document, refusing other format versions with an explanation.
pub fn parse_course(text: &str) -> Result<Course, String> {
    Course::from_json(text).map_err(|error| match error {
        CourseError::Version(format) => format!(
            "The course file has format version {format}, but this player reads version \
             {FORMAT_VERSION}. Rebuild the course with the same version of lotse."
        ),
        CourseError::Damaged(detail) => format!("The course file is damaged ({detail})."),
    })
}

async fn fetch_course() -> Result<Course, String> {
    let window = web_sys::window().ok_or("No browser window.")?;
    let unreachable = |_| format!("The course file {COURSE_URL} could not be loaded.");
    let response = JsFuture::from(window.fetch_with_str(COURSE_URL)).await.map_err(unreachable)?;
    let response: web_sys::Response = response.dyn_into().map_err(unreachable)?;
    if !response.ok() {
        return Err(format!(
            "The course file {COURSE_URL} could not be loaded (HTTP {}).",
            response.status()
        ));
    }
    let text = JsFuture::from(response.text().map_err(unreachable)?).await.map_err(unreachable)?;
    parse_course(&text.as_string().unwrap_or_default())
}

/// The page's title and language follow the course, for screen readers and browser tabs.
fn set_document_metadata(course: &Course) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    document.set_title(&course.title);
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", &course.language);
    }
}
