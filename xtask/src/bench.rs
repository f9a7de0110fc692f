//! `cargo xtask bench`: the player's payload, raw and gzip -9, against the 100 KB gzip budget
//! (shared/design.md). Printed as a table and written to `target/bench/payload.json` and `.md`.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use flate2::{write::GzEncoder, Compression};

use crate::build;

/// Player payload budget: wasm + js + css, gzip -9.
pub const PAYLOAD_BUDGET: usize = 100 * 1024;

pub fn run(root: &Path) -> Result<()> {
    let dist = build::player(root)?;
    let mut rows = Vec::new();
    for name in ["lotse_bg.wasm", "lotse.js", "lotse.css"] {
        let bytes = std::fs::read(dist.join(name))?;
        rows.push((name, bytes.len(), gzip_len(&bytes)?));
    }
    let total = rows.iter().map(|r| r.1).sum::<usize>();
    let total_gz = rows.iter().map(|r| r.2).sum::<usize>();
    let verdict = if total_gz <= PAYLOAD_BUDGET { "within budget" } else { "OVER BUDGET" };

    let mut table = String::from("| file | raw bytes | gzip -9 bytes |\n|---|---:|---:|\n");
    for (name, raw, gz) in &rows {
        table += &format!("| {name} | {raw} | {gz} |\n");
    }
    table += &format!("| **total** | {total} | {total_gz} |\n");
    table += &format!(
        "\nBudget: {} bytes gzip (100 KB); used {:.1} % — {verdict}.\n",
        PAYLOAD_BUDGET,
        total_gz as f64 * 100.0 / PAYLOAD_BUDGET as f64
    );
    println!("\nPlayer payload\n\n{table}");

    let out = root.join("target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("payload.md"), format!("# Player payload\n\n{table}"))?;
    let files: Vec<String> = rows
        .iter()
        .map(|(n, raw, gz)| format!("    {{\"file\": \"{n}\", \"raw\": {raw}, \"gzip\": {gz}}}"))
        .collect();
    let json = format!(
        "{{\n  \"budget_gzip\": {PAYLOAD_BUDGET},\n  \"total_raw\": {total},\n  \"total_gzip\": {total_gz},\n  \"files\": [\n{}\n  ]\n}}\n",
        files.join(",\n")
    );
    std::fs::write(out.join("payload.json"), json)?;
    println!("written to {}", out.join("payload.{md,json}").display());
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
