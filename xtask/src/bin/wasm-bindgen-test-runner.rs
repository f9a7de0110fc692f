//! wasm-bindgen's test runner, built from the `wasm-bindgen-cli` library so that its version is
//! pinned by Cargo.lock together with `wasm-bindgen` itself. `.cargo/config.toml` names the built
//! binary as the runner for `wasm32-unknown-unknown`; `cargo xtask test` builds it first.

fn main() -> anyhow::Result<()> {
    env_logger::init();
    wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
}
