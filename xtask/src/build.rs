//! The player build: release wasm (opt-level "z", LTO, one codegen unit, panic=abort) →
//! wasm-bindgen (the `wasm-bindgen-cli-support` library, `--target web`) → `wasm-opt` (-Os, then
//! twice flatten, rereloop, -Os) from the npm `binaryen` package → `dist/`, with the JS glue and
//! `www/lotse.css` minified by the npm `esbuild` package and `www/index.html` copied.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::{cargo, run, setup};

/// `--remap-path-prefix` for this workspace and the crate sources in cargo's registry: shorter
/// file names in the panic locations the wasm carries (about 60 bytes gzip). Space-separated, so
/// a path with white space is left as it is.
fn remap_flags(root: &Path) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let mut dirs = vec![root.to_path_buf()];
    if let Some(sources) = cargo_home.map(|home| home.join("registry/src")) {
        dirs.extend(std::fs::read_dir(sources).into_iter().flatten().flatten().map(|entry| entry.path()));
    }
    let mut flags = Vec::new();
    for dir in dirs {
        let dir = dir.display().to_string();
        if !dir.contains(char::is_whitespace) {
            flags.push(format!("--remap-path-prefix={dir}/="));
        }
    }
    flags.join(" ")
}

/// Builds `dist/` and returns its path.
pub fn player(root: &Path) -> Result<PathBuf> {
    setup::wasm_target()?;
    setup::npm_packages(root)?;
    run(cargo()
        .args(["build", "--quiet", "--release", "-p", "lotse", "--target", "wasm32-unknown-unknown"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", remap_flags(root)))?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/lotse.wasm");

    let bindgen_dir = root.join("target/bindgen");
    let _ = std::fs::remove_dir_all(&bindgen_dir);
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .typescript(false)
        .remove_producers_section(true)
        .generate(&bindgen_dir)
        .context("wasm-bindgen failed")?;

    let dist = root.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist)?;
    run(Command::new(root.join("node_modules/.bin/wasm-opt"))
        // -Os, then flattening and re-looping the control flow and -Os again, twice: measured
        // about 0.5 KB gzip smaller than `-Oz --converge` alone (gzip favours -Os's more regular
        // code); the second round about 50 bytes more.
        .args(["-Os", "--converge", "--flatten", "--rereloop", "-Os", "--converge"])
        .args(["--flatten", "--rereloop", "-Os", "--converge"])
        // Rust puts the 1 MiB stack first, growing down towards 0, and the data above it: the low
        // 1 KiB is only reached by a stack overflow, which is fatal anyway. About 0.7 KB gzip.
        .arg("--low-memory-unused")
        .arg("--enable-bulk-memory")
        .arg("--enable-nontrapping-float-to-int")
        .arg("--enable-sign-ext")
        .arg("--enable-mutable-globals")
        .arg(bindgen_dir.join("lotse_bg.wasm"))
        .arg("-o")
        .arg(dist.join("lotse_bg.wasm")))?;
    // Minified JS glue and stylesheet: about 2 KB gzip less payload.
    let esbuild = root.join("node_modules/.bin/esbuild");
    for (source, target) in
        [(bindgen_dir.join("lotse.js"), "lotse.js"), (root.join("www/lotse.css"), "lotse.css")]
    {
        run(Command::new(&esbuild)
            .arg(source)
            .args(["--minify", "--log-level=warning", "--legal-comments=none"])
            .arg(format!("--outfile={}", dist.join(target).display())))?;
    }
    std::fs::copy(root.join("www/index.html"), dist.join("index.html")).context("copying www/index.html")?;
    eprintln!("player built in {}", dist.display());
    Ok(dist)
}
