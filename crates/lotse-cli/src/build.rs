//! `lotse build COURSE --player DIST --out DIR`: a course as a static web folder (the player,
//! `course.json` and the course's images), ready for any web server or a package.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use lotse_core::compile::{translation_json, COURSE_FILE, COURSE_JSON, PLAYER_FILES};

use crate::folder::{self, Course};
use crate::report;

/// Build a course into a static web folder.
#[derive(clap::Args)]
pub struct Args {
    /// The course folder (with course.toml).
    course: PathBuf,
    /// The built player (`dist/web`, made by `cargo xtask build`).
    #[arg(long, default_value = "dist/web")]
    player: PathBuf,
    /// Where to write the site; replaced if it exists.
    #[arg(long)]
    out: PathBuf,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let course = folder::compile(&args.course)?;
    print!("{}", report::render(&course));
    let Some(site) = site(&course, &args.player)? else { return Ok(ExitCode::FAILURE) };
    if args.out.exists() {
        anyhow::ensure!(
            is_earlier_build(&args.out)?,
            "{} exists and is not an earlier build of a course; choose a new folder for --out \
             (nothing was changed)",
            args.out.display()
        );
        std::fs::remove_dir_all(&args.out)?;
    }
    for (path, bytes) in site {
        let target = args.out.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))?;
    }
    println!("built {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// Only a folder this command wrote (or an empty one) may be replaced: never a course, the working
/// folder or anything else a trainer keeps.
fn is_earlier_build(dir: &Path) -> Result<bool> {
    if std::fs::read_dir(dir)?.next().is_none() {
        return Ok(true);
    }
    let has = |name: &str| dir.join(name).is_file();
    Ok(has("course.json") && has("lotse_bg.wasm") && !has(COURSE_FILE))
}

/// Every file of a course's site by path, or `None` when the course has errors.
pub fn site(course: &Course, player: &Path) -> Result<Option<BTreeMap<String, Vec<u8>>>> {
    let Some(document) = &course.compiled.course else { return Ok(None) };
    let mut site = BTreeMap::new();
    for name in PLAYER_FILES {
        let path = player.join(name);
        let bytes = std::fs::read(&path).with_context(|| {
            format!("the player file {} is missing: run `cargo xtask build` first", path.display())
        })?;
        site.insert(name.to_string(), bytes);
    }
    for (path, bytes) in &course.files {
        // The compiler reports a course file that would take a player file's name.
        if folder::is_asset(path) && !site.contains_key(path) && path != COURSE_JSON {
            site.insert(path.clone(), bytes.clone());
        }
    }
    site.insert(COURSE_JSON.to_string(), serde_json::to_vec(document)?);
    // Each further language as `course.<lang>.json` beside it.
    for translation in &course.compiled.translations {
        site.insert(translation_json(&translation.language), serde_json::to_vec(translation)?);
    }
    Ok(Some(site))
}
