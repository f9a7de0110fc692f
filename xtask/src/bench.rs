//! `cargo xtask bench`: the design's budgets (shared/design.md, "Budgets"), measured and printed
//! as one Markdown table per section, then written to `bench/results.json` (pretty, keys sorted;
//! committed when the numbers change meaningfully), with the machine they were taken on:
//! - `payload`: each player build, raw, gzip -9 and brotli (quality 11), against the 100 KB gzip
//!   budget (1 KB = 1,024 bytes); the trainer's preview build, which learners never load, listed as
//!   not shipped. `cargo xtask test` checks the same budget, since the size of a build is
//!   deterministic;
//! - `compile`, `scale`, `suspend_data`: from `crates/lotse-bench` in release mode (the compiler
//!   against pulldown-cmark, a 500-module course's compile time, the worst case's suspend_data
//!   per course against 4,096 and 64,000 characters);
//! - `browser`: what `bench/browser.mjs` writes to `target/bench/browser.json`, if that script is
//!   there and succeeds, run with the release `lotse` tool (the players inside) and Chromium.
//!
//! Numbers are printed and written, never asserted: a wall-clock figure depends on the machine.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use flate2::{write::GzEncoder, Compression};
use serde_json::{json, Value};

use crate::build;

/// Player payload budget: wasm + js (the glue and `boot.js`) + css, gzip -9.
pub const PAYLOAD_BUDGET: usize = 100 * 1024;

/// The files the browser loads to run the player (index.html and the course document aside).
const PAYLOAD_FILES: [&str; 4] = ["lotse_bg.wasm", "lotse.js", "boot.js", "lotse.css"];

pub struct Payload {
    /// (file, raw bytes, gzip -9 bytes, brotli quality 11 bytes)
    pub rows: Vec<(&'static str, usize, usize, usize)>,
}

impl Payload {
    pub fn measure(dist: &Path) -> Result<Payload> {
        let mut rows = Vec::new();
        for name in PAYLOAD_FILES {
            let bytes = std::fs::read(dist.join(name))?;
            rows.push((name, bytes.len(), gzip_len(&bytes)?, brotli_len(&bytes)?));
        }
        Ok(Payload { rows })
    }

    pub fn raw(&self) -> usize {
        self.rows.iter().map(|r| r.1).sum()
    }

    pub fn gzip(&self) -> usize {
        self.rows.iter().map(|r| r.2).sum()
    }

    pub fn brotli(&self) -> usize {
        self.rows.iter().map(|r| r.3).sum()
    }

    pub fn verdict(&self) -> String {
        let used = self.gzip() as f64 * 100.0 / PAYLOAD_BUDGET as f64;
        let word = if self.gzip() <= PAYLOAD_BUDGET { "within budget" } else { "OVER BUDGET" };
        format!(
            "Budget: {PAYLOAD_BUDGET} bytes gzip (100 KB); payload {} bytes, {used:.1} % — {word}.",
            self.gzip()
        )
    }

    /// The line for a build that learners never load (see `build::Variant::shipped`).
    pub fn unbudgeted(&self, name: &str) -> String {
        format!("{name}: not shipped, not budgeted; payload {} bytes gzip.", self.gzip())
    }

    /// Fails when the payload of a shipped build is over budget: for `cargo xtask test`.
    /// `ceiling`: a build known to be over budget (see `build::Variant::ceiling`) fails only above
    /// it, so it cannot grow unnoticed while the breach is worked on. A build that is not shipped
    /// is only reported.
    pub fn check(&self, variant: &build::Variant) -> Result<()> {
        if !variant.shipped {
            eprintln!("{}", self.unbudgeted(variant.name));
            return Ok(());
        }
        let ceiling = variant.ceiling;
        if self.gzip() > PAYLOAD_BUDGET {
            match ceiling {
                Some(ceiling) if self.gzip() <= ceiling => eprintln!(
                    "{}
KNOWN BREACH: this build is held at {ceiling} bytes until it is brought within budget.",
                    self.verdict()
                ),
                _ => bail!("the player's payload is over budget.\n{}", self.verdict()),
            }
            return Ok(());
        }
        eprintln!("{}", self.verdict());
        Ok(())
    }
}

pub fn run(root: &Path) -> Result<()> {
    let machine = machine();
    let dist = build::player(root)?;
    println!("\nMachine\n\n{}", table(&["machine", "value"], &machine_rows(&machine)));
    let payload = payload(&dist)?;
    let measured = lotse_bench(root)?;
    let browser = browser(root);
    let mut results = json!({
        "machine": machine,
        "payload": payload,
        "compile": measured["compile"],
        "scale": measured["scale"],
        "suspend_data": measured["suspend_data"],
    });
    if let Some(browser) = browser {
        results["browser"] = browser;
    }
    let path = root.join("bench/results.json");
    std::fs::create_dir_all(root.join("bench"))?;
    std::fs::write(&path, serde_json::to_string_pretty(&results)? + "\n")?;
    println!("\nwritten to {}", path.display());
    Ok(())
}

/// A Markdown table; a header starting with `>` is right-aligned (without the `>`).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("|");
    for h in header {
        out += &format!(" {} |", h.trim_start_matches('>'));
    }
    out += "\n|";
    for h in header {
        out += if h.starts_with('>') { "---:|" } else { "---|" };
    }
    out += "\n";
    for row in rows {
        out += &format!("| {} |\n", row.join(" | "));
    }
    out
}

/// A JSON value as a table cell: strings without their quotes.
pub fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "?".into(),
        other => other.to_string(),
    }
}

/// Each build of the player (a learner loads one of them): a table and a JSON object.
fn payload(dist: &Path) -> Result<Value> {
    let mut builds = Vec::new();
    let mut rows = Vec::new();
    for variant in &build::VARIANTS {
        // A build left out by LOTSE_VARIANTS is not measured.
        if !dist.join(variant.name).is_dir() {
            continue;
        }
        let payload = Payload::measure(&dist.join(variant.name))?;
        let verdict = if !variant.shipped {
            "not shipped, not budgeted".to_string()
        } else if payload.gzip() <= PAYLOAD_BUDGET {
            format!("within budget ({:.1} %)", payload.gzip() as f64 * 100.0 / PAYLOAD_BUDGET as f64)
        } else {
            let held = variant.ceiling.map(|c| format!("; known breach, held at {c}")).unwrap_or_default();
            format!("OVER BUDGET ({:.1} %{held})", payload.gzip() as f64 * 100.0 / PAYLOAD_BUDGET as f64)
        };
        rows.push(vec![
            format!("`{}`", variant.name),
            variant.features_or_none().to_string(),
            payload.raw().to_string(),
            payload.gzip().to_string(),
            payload.brotli().to_string(),
            verdict,
        ]);
        let files: Vec<Value> = payload
            .rows
            .iter()
            .map(
                |(file, raw, gzip, brotli)| json!({"file": file, "raw": raw, "gzip": gzip, "brotli": brotli}),
            )
            .collect();
        builds.push(json!({
            "build": variant.name,
            "features": variant.features,
            "shipped": variant.shipped,
            "total_raw": payload.raw(),
            "total_gzip": payload.gzip(),
            "total_brotli": payload.brotli(),
            "files": files,
        }));
    }
    let header =
        ["build", "features", ">raw bytes", ">gzip -9 bytes", ">brotli 11 bytes", "against 100 KB gzip"];
    println!(
        "\nPlayer payload (wasm + js + css; budget {PAYLOAD_BUDGET} bytes gzip -9)\n\n{}",
        table(&header, &rows)
    );
    Ok(json!({ "budget_gzip": PAYLOAD_BUDGET, "builds": builds }))
}

/// Runs `crates/lotse-bench` in release mode on `courses/` and prints its tables: the compiler
/// against pulldown-cmark (design.md: within 2×), the 500-module course, suspend_data.
fn lotse_bench(root: &Path) -> Result<Value> {
    let out = Command::new(crate::cargo_path())
        .args(["run", "--quiet", "--release", "-p", "lotse-bench", "--"])
        .arg(root.join("courses"))
        .current_dir(root)
        .output()?;
    if !out.status.success() {
        bail!("lotse-bench failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let v: Value = serde_json::from_slice(&out.stdout).context("reading lotse-bench's output")?;

    let c = &v["compile"];
    let ratio = c["ratio"].as_f64().unwrap_or(f64::NAN);
    let verdict = if ratio <= 2.0 { "within the 2× target" } else { "SLOWER than the 2× target" };
    let rows = vec![
        vec![
            "lotse-core compile (tree, model, diagnostics)".into(),
            format!("{} ms", cell(&c["lotse_ms"])),
            format!("{} MB/s", cell(&c["lotse_mb_s"])),
        ],
        vec![
            "pulldown-cmark Markdown → HTML".into(),
            format!("{} ms", cell(&c["pulldown_ms"])),
            format!("{} MB/s", cell(&c["pulldown_mb_s"])),
        ],
    ];
    let header =
        format!("measurement ({} modules, {} bytes of Markdown)", cell(&c["modules"]), cell(&c["bytes"]));
    let runs = format!(">fastest of {}", cell(&c["runs"]));
    println!(
        "\nCompile throughput\n\n{}\nThe compiler takes {ratio:.2}× pulldown-cmark's time: {verdict}. Both exclude \
         freeing their output (the compiled course; the HTML pages).",
        table(&[&header, &runs, ">throughput"], &rows)
    );

    let s = &v["scale"];
    let rows = vec![vec![
        cell(&s["modules"]),
        cell(&s["questions"]),
        cell(&s["bytes"]),
        format!("{} ms", cell(&s["ms"])),
        format!("{} MB/s", cell(&s["mb_s"])),
    ]];
    let runs = format!(">compile, fastest of {}", cell(&s["runs"]));
    println!(
        "\nScale: a generated course\n\n{}",
        table(&[">modules", ">questions", ">bytes of Markdown", &runs, ">throughput"], &rows)
    );

    let yes = |v: &Value| if v.as_bool() == Some(true) { "yes" } else { "NO" }.to_string();
    let rows: Vec<Vec<String>> = v["suspend_data"]["courses"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| match r.get("error") {
            Some(e) => {
                vec![cell(&r["course"]), String::new(), String::new(), format!("not compiled: {}", cell(e))]
            }
            None => vec![
                cell(&r["course"]),
                cell(&r["modules"]),
                format!("{} of {}", cell(&r["answered"]), cell(&r["questions"])),
                cell(&r["length"]),
                yes(&r["fits_4096"]),
                yes(&r["fits_64000"]),
            ],
        })
        .collect();
    println!(
        "\nsuspend_data, worst case (every module visited, every question answered, most checks)\n\n{}",
        table(
            &[
                "course",
                ">modules",
                ">answered",
                ">characters",
                "≤ 4,096 (SCORM 1.2)",
                "≤ 64,000 (SCORM 2004)"
            ],
            &rows
        )
    );
    Ok(v)
}

/// The browser measurements: `node bench/browser.mjs`, if it is there, with the release `lotse`
/// tool (the players just built inside), then its `target/bench/browser.json`. Any failure is
/// printed and leaves the section out; the rest is still written.
fn browser(root: &Path) -> Option<Value> {
    let script = root.join("bench/browser.mjs");
    if !script.is_file() {
        println!("\nbrowser measurements: bench/browser.mjs not found");
        return None;
    }
    let out = root.join("target/bench/browser.json");
    let measured = (|| -> Result<Value> {
        // The same browser and node as the end-to-end tests, installed the same way.
        let chromium = crate::setup::chromium()?.chromium;
        crate::setup::node(20, "the browser measurements (playwright-core)")?;
        crate::release_tool(root)?;
        // LiaScript, the peer measured beside us, from bench/package-lock.json: for the benchmark
        // only, never for the tests. Without it the script measures Lotse alone and says so.
        if let Err(e) =
            crate::run(Command::new("npm").args(["ci", "--prefix", "bench", "--no-audit", "--no-fund"]))
        {
            println!("LiaScript could not be installed ({e:#}); measuring Lotse alone");
        }
        std::fs::create_dir_all(root.join("target/bench"))?;
        let _ = std::fs::remove_file(&out);
        crate::run(
            Command::new("node")
                .arg(&script)
                .env("LOTSE", root.join("target/release/lotse"))
                .env("LOTSE_BENCH_OUT", &out)
                .env("LOTSE_CHROMIUM", chromium),
        )?;
        let text = std::fs::read(&out).with_context(|| format!("reading {}", out.display()))?;
        serde_json::from_slice(&text).with_context(|| format!("reading {}", out.display()))
    })();
    match measured {
        Ok(v) => {
            println!("\nBrowser\n\n{}", table(&["measurement", ">value"], &flat_rows("", &v)));
            Some(v)
        }
        Err(e) => {
            println!("\nbrowser measurements failed: {e:#}");
            None
        }
    }
}

/// A JSON value's leaves as rows of (dotted path, value): a table for a shape this file does not know.
fn flat_rows(prefix: &str, v: &Value) -> Vec<Vec<String>> {
    let join = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
        Value::Object(map) => map.iter().flat_map(|(k, v)| flat_rows(&join(k), v)).collect(),
        Value::Array(items) => {
            items.iter().enumerate().flat_map(|(i, v)| flat_rows(&join(&i.to_string()), v)).collect()
        }
        leaf => vec![vec![prefix.to_string(), cell(leaf)]],
    }
}

/// The machine the numbers were taken on: CPU model and count, memory, OS, rustc, date (UTC).
pub fn machine() -> Value {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let field = |text: &str, key: &str| -> Option<String> {
        text.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
    };
    let cpus =
        cpuinfo.lines().filter(|l| l.split(':').next().is_some_and(|k| k.trim() == "processor")).count();
    let memory_kib: Option<u64> =
        field(&read("/proc/meminfo"), "MemTotal").and_then(|v| v.trim_end_matches("kB").trim().parse().ok());
    let os_release = read("/etc/os-release");
    let os = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| std::env::consts::OS.to_string());
    let output = |cmd: &str, args: &[&str]| -> String {
        Command::new(cmd)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    json!({
        "cpu": field(&cpuinfo, "model name").unwrap_or_default(),
        "cpus": cpus,
        "memory_gib": memory_kib.map(|k| (k as f64 / 1024.0 / 1024.0 * 10.0).round() / 10.0),
        "os": format!("{os}, Linux {}", read("/proc/sys/kernel/osrelease").trim()),
        "rustc": output("rustc", &["--version"]),
        "date": output("date", &["-u", "+%Y-%m-%d"]),
    })
}

fn machine_rows(machine: &Value) -> Vec<Vec<String>> {
    ["cpu", "cpus", "memory_gib", "os", "rustc", "date"]
        .iter()
        .map(|k| vec![k.to_string(), cell(&machine[*k])])
        .collect()
}

pub fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// Brotli at quality 11 (the most), window 2^22, as a server would precompress the files.
pub fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}
