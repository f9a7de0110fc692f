//! The API of `console_error_panic_hook` that yew uses (`hook`, and `set_once`), for the player.
//!
//! The release player is built with `-Cpanic=immediate-abort` (xtask's `WASM_SIZE_FLAGS`): a panic
//! traps at once and no hook ever runs, yet the original `hook` kept Rust's formatting code in the
//! wasm because yew installs it. Here the release hook is empty; a debug build (the wasm tests)
//! still writes the panic's message to the console.

use std::panic::PanicHookInfo;

#[cfg(debug_assertions)]
mod console {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = console)]
        pub fn error(text: &str);
    }
}

/// Writes the panic's message and location to the console (debug builds only).
pub fn hook(info: &PanicHookInfo) {
    #[cfg(debug_assertions)]
    console::error(&info.to_string());
    #[cfg(not(debug_assertions))]
    let _ = info;
}

/// Installs [`hook`] once.
pub fn set_once() {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| std::panic::set_hook(Box::new(hook)));
}
