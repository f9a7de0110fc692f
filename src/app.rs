//! Loads `course.json` from beside the page, checks its format version and mounts the
//! [`Player`] with the host found by [`bridge::discover`] (which may look for an LMS for a few seconds). Every failure becomes a message a
//! learner can act on, in the browser's language when the player speaks it. Not a component:
//! the page says "Loading the course …" (`index.html`) until the course is there, which keeps a
//! component and its hooks out of the wasm.

use lotse_core::json::CourseError;
use lotse_core::model::{Course, FORMAT_VERSION};
use lotse_core::ui::{self, fill, Ui};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::bridge;
use crate::player::{Player, Props};

/// Where the course document lies, relative to the page.
const COURSE_URL: &str = "course.json";

/// Loads the course and shows the player, or what went wrong, in `root`.
pub fn run(root: Element) {
    root.set_inner_html("");
    let ui = ui::interface(&browser_languages());
    load(
        COURSE_URL.to_string(),
        ui,
        Box::new(move |loaded| match loaded {
            Ok(course) => bridge::discover(
                course,
                Box::new(move |host| {
                    yew::Renderer::<Player>::with_root_and_props(root, Props { course, host }).render();
                }),
            ),
            Err(message) => show_failure(&root, ui, &message),
        }),
    );
}

/// Fetches the course document at `url` (relative to the page), then hands it to `then`, kept
/// for the life of the page, or what went wrong. One function for the course and its
/// translations: one future in the wasm.
pub fn load(url: String, ui: &'static Ui, then: Box<dyn FnOnce(Result<&'static Course, String>)>) {
    wasm_bindgen_futures::spawn_local(async move {
        // Fetched and parsed here, not in futures of their own: one state machine in the wasm.
        // `None` for every way a fetch fails.
        let mut fetched = None;
        if let Some(window) = web_sys::window() {
            if let Ok(response) = JsFuture::from(window.fetch_with_str(&url)).await {
                // `fetch` resolves to a `Response` only.
                let response: web_sys::Response = response.unchecked_into();
                if response.ok() {
                    if let Ok(text) = response.text() {
                        if let Ok(text) = JsFuture::from(text).await {
                            fetched = Some(text.as_string().unwrap_or_default());
                        }
                    }
                }
            }
        }
        let loaded = match fetched {
            Some(text) => parse_course(&text, ui),
            None => Err(ui.not_loaded.to_string()),
        };
        then(loaded.map(|course| &*Box::leak(Box::new(course))));
    });
}

/// The browser's languages (`navigator.languages`), most preferred first.
pub fn browser_languages() -> Vec<String> {
    let mut out = Vec::new();
    if let Some(window) = web_sys::window() {
        let languages = window.navigator().languages();
        for i in 0..languages.length() {
            if let Some(language) = languages.get(i).as_string() {
                out.push(language);
            }
        }
    }
    out
}

/// `<main class="notice" role="alert">` with a heading, the message and what to do, as text nodes.
fn show_failure(root: &Element, ui: &Ui, message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let element = |tag: &str| document.create_element(tag).ok();
    let Some(main) = element("main") else { return };
    let _ = main.set_attribute("class", "notice");
    let _ = main.set_attribute("role", "alert");
    for (tag, text) in [("h1", ui.not_opened), ("p", message), ("p", ui.reload_advice)] {
        if let Some(child) = element(tag) {
            let _ = child.append_child(&document.create_text_node(text));
            let _ = main.append_child(&child);
        }
    }
    let _ = root.append_child(&main);
}

/// Parses a course document, refusing other format versions with an explanation in `ui`'s
/// language.
pub fn parse_course(text: &str, ui: &Ui) -> Result<Course, String> {
    Course::from_json(text).map_err(|error| match error {
        CourseError::Version(format) => fill(
            ui.other_version,
            &[
                ("format", &lotse_core::text::number(format.into())),
                ("version", &lotse_core::text::number(FORMAT_VERSION.into())),
            ],
        ),
        CourseError::Damaged(detail) => fill(ui.damaged, &[("detail", &detail)]),
    })
}
