//! `cargo xtask bench`: the player's payload, raw and gzip -9, against the 100 KB gzip budget
//! (shared/design.md; 1 KB = 1,024 bytes); the trainer's preview build, which learners never
//! load, with its size only. Printed as a table and written to
//! `target/bench/payload.json` and `.md`. `cargo xtask test` checks the same budget, since the
//! size of a build is deterministic.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};
use flate2::{write::GzEncoder, Compression};

use crate::build;

/// Player payload budget: wasm + js + css, gzip -9.
pub const PAYLOAD_BUDGET: usize = 100 * 1024;

/// The files the browser loads to run the player (index.html and the course document aside).
const PAYLOAD_FILES: [&str; 3] = ["lotse_bg.wasm", "lotse.js", "lotse.css"];

pub struct Payload {
    /// (file, raw bytes, gzip -9 bytes)
    pub rows: Vec<(&'static str, usize, usize)>,
}

impl Payload {
    pub fn measure(dist: &Path) -> Result<Payload> {
        let mut rows = Vec::new();
        for name in PAYLOAD_FILES {
            let bytes = std::fs::read(dist.join(name))?;
            rows.push((name, bytes.len(), gzip_len(&bytes)?));
        }
        Ok(Payload { rows })
    }

    pub fn raw(&self) -> usize {
        self.rows.iter().map(|r| r.1).sum()
    }

    pub fn gzip(&self) -> usize {
        self.rows.iter().map(|r| r.2).sum()
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
    payload(root)?;
    compile_throughput(root)
}

/// The compiler against pulldown-cmark's Markdown → HTML on the same generated course, measured
/// by `crates/lotse-bench` in release mode (design.md: within 2×).
fn compile_throughput(root: &Path) -> Result<()> {
    let out = std::process::Command::new(crate::cargo_path())
        .args(["run", "--quiet", "--release", "-p", "lotse-bench"])
        .current_dir(root)
        .output()?;
    if !out.status.success() {
        bail!("lotse-bench failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let field = |key: &str| -> String {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .unwrap_or("?")
            .to_string()
    };
    let ratio: f64 = field("ratio").parse().unwrap_or(f64::NAN);
    let verdict = if ratio <= 2.0 { "within the 2× target" } else { "SLOWER than the 2× target" };
    let table = format!(
        "| measurement ({} modules, {} bytes of Markdown) | fastest of 7 | throughput |\n|---|---:|---:|\n\
         | lotse-core compile (tree, model, diagnostics) | {} ms | {} MB/s |\n\
         | pulldown-cmark Markdown → HTML | {} ms | {} MB/s |\n\n\
         The compiler takes {ratio:.2}× pulldown-cmark's time: {verdict}. Both exclude freeing \
         their output (the compiled course; the HTML pages).\n",
        field("modules"),
        field("bytes"),
        field("lotse_ms"),
        field("lotse_mb_s"),
        field("pulldown_ms"),
        field("pulldown_mb_s"),
    );
    println!("\nCompile throughput\n\n{table}");
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("compile.md"), format!("# Compile throughput\n\n{table}"))?;
    std::fs::write(dir.join("compile.txt"), format!("{line}\n"))?;
    println!("written to {}", dir.join("compile.{md,txt}").display());
    Ok(())
}

/// One table and one JSON object per build of the player (a learner loads one of them).
fn payload(root: &Path) -> Result<()> {
    let dist = build::player(root)?;
    let mut markdown = String::from("# Player payload\n");
    let mut builds = Vec::new();
    for variant in &build::VARIANTS {
        // A build left out by LOTSE_VARIANTS is not measured.
        if !dist.join(variant.name).is_dir() {
            continue;
        }
        let payload = Payload::measure(&dist.join(variant.name))?;
        let mut table = String::from("| file | raw bytes | gzip -9 bytes |\n|---|---:|---:|\n");
        for (name, raw, gz) in &payload.rows {
            table += &format!("| {name} | {raw} | {gz} |\n");
        }
        let verdict = if variant.shipped { payload.verdict() } else { payload.unbudgeted(variant.name) };
        table += &format!("| **total** | {} | {} |\n\n{verdict}\n", payload.raw(), payload.gzip());
        let title =
            format!("Player payload, build `{}` (features: {})", variant.name, variant.features_or_none());
        println!("\n{title}\n\n{table}");
        markdown += &format!("\n## {title}\n\n{table}");
        let files: Vec<String> = payload
            .rows
            .iter()
            .map(|(n, raw, gz)| format!("        {{\"file\": \"{n}\", \"raw\": {raw}, \"gzip\": {gz}}}"))
            .collect();
        builds.push(format!(
            "    {{\n      \"build\": \"{}\",\n      \"shipped\": {},\n      \"total_raw\": {},\n      \"total_gzip\": {},\n      \"files\": [\n{}\n      ]\n    }}",
            variant.name,
            variant.shipped,
            payload.raw(),
            payload.gzip(),
            files.join(",\n")
        ));
    }
    let json = format!(
        "{{\n  \"budget_gzip\": {PAYLOAD_BUDGET},\n  \"builds\": [\n{}\n  ]\n}}\n",
        builds.join(",\n")
    );

    let out = root.join("target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("payload.md"), markdown)?;
    std::fs::write(out.join("payload.json"), json)?;
    println!("written to {}", out.join("payload.{md,json}").display());
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
