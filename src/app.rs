//! Loads `course.json` from beside the page, checks its format version and mounts the
//! [`Player`] with the host found by [`bridge::discover`]. Every failure becomes a message a
//! learner can act on. Not a component: the page says "Loading the course …" (`index.html`)
//! until the course is there, which keeps a component and its hooks out of the wasm.

use lotse_core::json::CourseError;
use lotse_core::model::{Course, FORMAT_VERSION};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::bridge;
use crate::player::{Player, Props};

/// Where the course document lies, relative to the page.
const COURSE_URL: &str = "course.json";

/// Loads the course and shows the player, or what went wrong, in `root`.
pub fn run(root: Element) {
    wasm_bindgen_futures::spawn_local(async move {
        root.set_inner_html("");
        match fetch_course().await {
            Ok(course) => {
                set_document_metadata(&course);
                // Kept for the life of the page.
                let props = Props { course: Box::leak(Box::new(course)), host: bridge::discover() };
                yew::Renderer::<Player>::with_root_and_props(root, props).render();
            }
            Err(message) => show_failure(&root, &message),
        }
    });
}

/// `<main class="notice" role="alert">` with a heading, the message and what to do, as text nodes.
fn show_failure(root: &Element, message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let element = |tag: &str| document.create_element(tag).ok();
    let Some(main) = element("main") else { return };
    let _ = main.set_attribute("class", "notice");
    let _ = main.set_attribute("role", "alert");
    let advice = "Reload the page to try again. If it happens again, tell the person who gave you this \
                  course and quote the message above.";
    for (tag, text) in [("h1", "This course could not be opened"), ("p", message), ("p", advice)] {
        if let Some(child) = element(tag) {
            let _ = child.append_child(&document.create_text_node(text));
            let _ = main.append_child(&child);
        }
    }
    let _ = root.append_child(&main);
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
    // `fetch` resolves to a `Response` only.
    let response: web_sys::Response = response.unchecked_into();
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
    if let Ok(Some(html)) = document.query_selector("html") {
        let _ = html.set_attribute("lang", &course.language);
    }
}
