//! The Lotse player: a Yew single-page app that renders a compiled course (`course.json`, see
//! lotse-core's `model`) and reports the learner's progress to the host through [`bridge`].
//!
//! - [`app`]: loads the course document next to the page and mounts the player, or shows a clear
//!   error.
//! - [`player`]: layout, table of contents, navigation, results; owns the learner state.
//! - [`interaction`]: one interaction of any kind (choices, text, number, matching, ordering,
//!   self-assessment, scenario).
//! - [`view`]: plain functions rendering model blocks with `html!` (never innerHTML).
//! - [`bridge`]: the only module that talks to an LMS or browser storage.
//! - `preview` (feature `preview`, the trainer's build for `lotse serve`): the "LMS preview" panel.

pub mod app;
pub mod bridge;
pub mod interaction;
pub mod player;
#[cfg(feature = "preview")]
pub mod preview;
pub mod view;

use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Mounts the player into `#lotse` (or the body) when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    // `querySelector` for `#lotse` and `body` alike: fewer browser methods, less JS glue.
    let find = |selector| document.query_selector(selector).ok().flatten();
    let root = find("#lotse").or_else(|| find("body"));
    if let Some(root) = root {
        app::run(root);
    }
}
