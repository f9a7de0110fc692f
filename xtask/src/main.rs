//! `cargo xtask`: Lotse's build and test automation, in Rust instead of shell scripts.
//!
//! - `serve`  builds the player and the `lotse` tool and serves `courses/` at 127.0.0.1:8080;
//! - `test`   runs every check CI runs: fmt, clippy, native tests, browser tests, end-to-end,
//!   the load on `lotse serve`;
//! - `build`  builds the player into `dist/web/`, `dist/scorm/`, `dist/cmi5/`, `dist/embed/` and
//!   `dist/preview/` (the trainer's, for `lotse serve`; never packaged) (release wasm →
//!   wasm-bindgen → wasm-opt; `LOTSE_VARIANTS=web,cmi5` builds only those), then the `lotse` tool
//!   with them inside, `target/release/lotse`;
//! - `bench`  measures the design's budgets (payload per build, compile throughput and scale,
//!   worst-case suspend_data per course, the browser part if `bench/browser.mjs` is there),
//!   prints a table per section and writes them all to `bench/results.json`;
//! - `load`   puts the `lotse serve` preview server under 200 connections for 30 s with `wrk`
//!   (`load.rs`), prints the figures, writes `target/bench/load.json`, fails on any error;
//! - `screenshots` writes pictures of the player (desktop, 320 px, 200 % zoom, right-to-left,
//!   print) to `target/screenshots/`.
//!
//! Each command first installs what it needs ([`setup`]) or says exactly what to install.

mod bench;
mod build;
mod load;
mod setup;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const USAGE: &str =
    "usage: cargo xtask <serve [--port N] | test | build | bench | load [--release] [--seconds N] [--tool PATH] | screenshots>";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("build") => {
            let dist = build::player(&root)?;
            // Each build's payload against the budget, as `test` checks it, without failing here.
            for variant in build::VARIANTS.iter().filter(|v| dist.join(v.name).is_dir()) {
                eprint!("build `{}`: ", variant.name);
                if let Err(error) = bench::Payload::measure(&dist.join(variant.name))?.check(variant) {
                    eprintln!("{error:#}");
                }
            }
            release_tool(&root)
        }
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root),
        Some("bench") => bench::run(&root),
        Some("load") => load::command(&root, &args[1..]),
        Some("screenshots") => screenshots(&root),
        _ => bail!("{USAGE}"),
    }
}

/// The workspace root: the parent of this crate's folder.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Runs a command, echoing it; fails with its exit status.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(cmd));
    let status = cmd.status().with_context(|| format!("could not start {}", describe(cmd)))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(cmd));
    }
    Ok(())
}

fn describe(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

fn cargo_path() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn cargo() -> Command {
    Command::new(cargo_path())
}

/// The courses the end-to-end tests and the screenshots use, built with the players in `dist`:
/// the web build, and the SCORM and cmi5 builds for the LMS tests.
struct E2eCourses {
    /// Environment variables for the tests: each built course's folder, the `lotse` tool and the
    /// embed player (the embedding test builds courses with the host's origin, known only then).
    env: Vec<(&'static str, PathBuf)>,
}

impl E2eCourses {
    fn env(&self) -> Vec<(&'static str, &Path)> {
        self.env.iter().map(|(k, v)| (*k, v.as_path())).collect()
    }
}

/// Builds the sample course, the showcase (one module per construct), the Arabic course and the
/// hostile-input course into
/// `target/e2e/`, with each player variant that was built (`LOTSE_VARIANTS`).
fn e2e_courses(root: &Path, dist: &Path) -> Result<E2eCourses> {
    let lotse = build_cli(root)?;
    let mut env = Vec::new();
    let sample = root.join("courses/integration-basics");
    let courses = [
        ("LOTSE_E2E_SITE", sample.clone(), "integration-basics", "web"),
        ("LOTSE_E2E_SHOWCASE", root.join("tests/e2e/showcase"), "showcase", "web"),
        ("LOTSE_E2E_RTL", root.join("tests/e2e/rtl"), "rtl", "web"),
        // Script-injection attempts that compile with warnings (tests/e2e/hostile.test.mjs).
        ("LOTSE_E2E_HOSTILE", root.join("tests/hostile/rendered"), "hostile", "web"),
        ("LOTSE_E2E_SCORM", sample.clone(), "integration-basics-scorm", "scorm"),
        // The showcase with the SCORM player: every kind of interaction record
        // (tests/e2e/scorm-showcase.test.mjs).
        ("LOTSE_E2E_SCORM_SHOWCASE", root.join("tests/e2e/showcase"), "showcase-scorm", "scorm"),
        // The sample course and the showcase with the cmi5 player (tests/e2e/cmi5.test.mjs).
        ("LOTSE_E2E_CMI5", sample.clone(), "integration-basics-cmi5", "cmi5"),
        ("LOTSE_E2E_CMI5_SHOWCASE", root.join("tests/e2e/showcase"), "showcase-cmi5", "cmi5"),
        // The embed player without --host-origin: it talks to a host page of its own origin only.
        ("LOTSE_E2E_EMBED_SITE", sample, "integration-basics-embed", "embed"),
    ];
    for (var, source, name, player) in courses {
        let player = dist.join(player);
        if !player.is_dir() {
            continue;
        }
        let site = root.join("target/e2e").join(name);
        run(Command::new(&lotse)
            .arg("build")
            .arg(source)
            .arg("--player")
            .arg(&player)
            .arg("--out")
            .arg(&site))?;
        env.push((var, site));
    }
    env.push(("LOTSE_E2E_LOTSE", lotse));
    env.push(("LOTSE_E2E_EMBED_PLAYER", dist.join("embed")));
    Ok(E2eCourses { env })
}

fn screenshots(root: &Path) -> Result<()> {
    setup::wasm_target()?;
    let browser = setup::chromium()?;
    setup::npm_packages(root)?;
    setup::node(20, "the screenshots (playwright-core)")?;
    let dist = build::player(root)?;
    let sites = e2e_courses(root, &dist)?;
    let out = root.join("target/screenshots");
    run(Command::new("node")
        .arg(root.join("tests/e2e/screenshots.mjs"))
        .envs(sites.env())
        .env("LOTSE_SCREENSHOTS", &out)
        .env("LOTSE_CHROMIUM", &browser.chromium))
}

/// Builds the `lotse` tool for trainers, optimised, with the player builds just made inside it
/// (crates/lotse-cli/build.rs): the one file a trainer needs.
fn release_tool(root: &Path) -> Result<()> {
    run(cargo().args(["build", "--quiet", "--release", "-p", "lotse-cli"]))?;
    eprintln!("the `lotse` tool, with the player inside: {}", root.join("target/release/lotse").display());
    Ok(())
}

/// Builds the `lotse` tool (with the player builds in `dist/` inside) and returns its path.
fn build_cli(root: &Path) -> Result<PathBuf> {
    run(cargo().args(["build", "--quiet", "-p", "lotse-cli"]))?;
    Ok(root.join("target/debug/lotse"))
}

fn serve(root: &Path, args: &[String]) -> Result<()> {
    let port = match args {
        [] => "8080".to_string(),
        [flag, port] if flag == "--port" => port.clone(),
        _ => bail!("{USAGE}"),
    };
    let dist = build::player(root)?;
    let lotse = build_cli(root)?;
    // The trainer's preview build (the "LMS preview" panel), or the web one if it was not built.
    let player = [dist.join("preview"), dist.join("web")].into_iter().find(|d| d.is_dir());
    run(Command::new(lotse)
        .arg("serve")
        .arg(root.join("courses"))
        .arg("--player")
        .arg(player.unwrap_or_else(|| dist.join("web")))
        .args(["--port", &port]))
}

fn test(root: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    setup::wasm_target()?;
    let browser = setup::chromium()?;
    setup::npm_packages(root)?;
    setup::node(20, "the end-to-end tests (playwright-core, scorm-again)")?;
    setup::python3()?;
    setup::wrk()?;

    run(cargo().args(["fmt", "--all", "--check"]))?;
    // The player is linted and tested for wasm32 only: compiling yew for the host would only cost time.
    run(cargo().args([
        "clippy",
        "--quiet",
        "--workspace",
        "--exclude",
        "lotse",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "--quiet",
        "-p",
        "lotse",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace", "--exclude", "lotse"]))?;

    // Player tests in headless Chromium, through wasm-bindgen's runner built from its library.
    run(cargo().args(["build", "--quiet", "-p", "xtask", "--bin", "wasm-bindgen-test-runner"]))?;
    let webdriver_json = setup::webdriver_json(root)?;
    run(cargo()
        .args(["test", "-p", "lotse", "--target", "wasm32-unknown-unknown", "--all-features"])
        .env("CHROMEDRIVER", &browser.driver)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;

    // End to end: the release player and a compiled course, in an LMS harness page.
    let dist = build::player(root)?;
    for variant in &build::VARIANTS {
        eprint!("build `{}`: ", variant.name);
        bench::Payload::measure(&dist.join(variant.name))?.check(variant)?;
    }
    let sites = e2e_courses(root, &dist)?;
    // The test files by name: node's handling of a directory argument differs between versions.
    let mut e2e: Vec<PathBuf> = std::fs::read_dir(root.join("tests/e2e"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    e2e.sort();
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .args(&e2e)
        .envs(sites.env())
        .env("LOTSE_CHROMIUM", &browser.chromium))?;
    // `lotse serve` (the debug tool just built) under 200 connections for 30 s: any error fails.
    let options = load::Options { release: false, seconds: load::SECONDS, tool: None };
    load::run(root, &root.join("target/debug/lotse"), &options)?;
    eprintln!("all checks passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
