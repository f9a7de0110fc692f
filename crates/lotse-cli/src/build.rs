//! `lotse build COURSE --out DIR [--host-origin URL]... [--player DIR]`: a course as a static web
//! folder (the player, `course.json` and the course's images), ready for any web server; the same
//! as `lotse package COURSE --format web`. With `--host-origin`, the page may be embedded by a host
//! page at those origins (`docs/embedding.md`): they are written into `index.html` as
//! `<meta name="lotse-host-origin" content="...">`, with the player's embed build.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use lotse_core::compile::{translation_json, COURSE_FILE, COURSE_JSON};

use crate::folder::{self, Course};
use crate::player::{self, Files};
use crate::report;

/// Build a course into a static web folder.
#[derive(clap::Args)]
pub struct Args {
    /// The course folder (with course.toml).
    course: PathBuf,
    /// A player build folder (made by `cargo xtask build`) instead of the one inside `lotse`:
    /// `dist/web`, or `dist/embed` with `--host-origin`.
    #[arg(long)]
    player: Option<PathBuf>,
    /// Where to write the site; replaced if it exists.
    #[arg(long)]
    out: PathBuf,
    /// The origin of a host page that may embed the course and receive its progress
    /// (`https://intranet.example.org`); repeat for several. See docs/embedding.md.
    #[arg(long = "host-origin", value_name = "URL")]
    host_origin: Vec<String>,
}

/// The player's page element that names the host origins allowed (read by `src/bridge/embed.rs`).
const HOST_META: &str = "lotse-host-origin";

/// `url` as an origin (`https://host[:port]`, scheme and host in lower case, no trailing `/`), or
/// why it is not one.
pub fn origin(url: &str) -> Result<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") { "https://" } else { "http://" };
    let host = lower.strip_prefix(scheme).map(|r| r.strip_suffix('/').unwrap_or(r)).unwrap_or_default();
    let fine = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        && !host.starts_with(':')
        && !host.ends_with(':');
    anyhow::ensure!(
        fine,
        "--host-origin {url:?} is not an origin: write the scheme and host (and port) of the page \
         that embeds the course, without a path, e.g. https://intranet.example.org or \
         http://127.0.0.1:8080 (\"*\" is never allowed)"
    );
    Ok([scheme, host].concat())
}

/// The player's `index.html` with the allowed host origins written into its head.
fn allow_hosts(index: &[u8], origins: &[String]) -> Result<Vec<u8>> {
    let page = std::str::from_utf8(index).context("the player's index.html is not UTF-8")?;
    let meta = format!("<meta name=\"{HOST_META}\" content=\"{}\">\n", origins.join(" "));
    let at = match page.find("<meta charset=\"utf-8\">") {
        Some(i) => page[i..].find('\n').map_or(page.len(), |n| i + n + 1),
        None => page.find("</head>").context("the player's index.html has no <head>")?,
    };
    Ok([&page[..at], &meta, &page[at..]].concat().into_bytes())
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let origins = args.host_origin.iter().map(|url| origin(url)).collect::<Result<Vec<_>>>()?;
    folder::readable_dir(&args.course, "build")?;
    let course = folder::compile(&args.course)?;
    print!("{}", report::render(&course));
    let Some(site) = web_site(&course, &origins, args.player.as_deref())? else {
        return Ok(ExitCode::FAILURE);
    };
    write_folder(&args.out, site)?;
    println!("built {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The course's web folder: the web build of the player, or the embed build with the host origins
/// written into its page. `None` when the course has errors.
pub fn web_site(course: &Course, origins: &[String], player: Option<&Path>) -> Result<Option<Files>> {
    if course.compiled.course.is_none() {
        return Ok(None);
    }
    let build = if origins.is_empty() { player::WEB } else { player::EMBED };
    let mut site = player::load(build, player)?;
    if !origins.is_empty() {
        let index = site.get("index.html").context("the player has no index.html")?;
        let index = allow_hosts(index, origins)?;
        site.insert("index.html".to_string(), index);
    }
    Ok(site_with(course, site))
}

/// Writes `files` into the folder `out`, replacing an earlier build there (and nothing else).
pub fn write_folder(out: &Path, files: Files) -> Result<()> {
    if out.exists() {
        anyhow::ensure!(
            is_earlier_build(out)?,
            "{} exists and is not an earlier build of a course; choose a new folder for --out \
             (nothing was changed)",
            out.display()
        );
        std::fs::remove_dir_all(out)?;
    }
    for (path, bytes) in files {
        let target = out.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
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

/// The player's files plus the course's: its compiled document, one per further language
/// (`course.<lang>.json`) and its images and attachments. `None` when the course has errors.
pub fn site_with(course: &Course, player: Files) -> Option<Files> {
    let document = course.compiled.course.as_ref()?;
    // The model has no maps with other keys than strings: serde_json cannot fail on it.
    let json = |value| serde_json::to_vec(value).expect("a course document is JSON");
    let mut site = player;
    for (path, bytes) in &course.files {
        // The compiler reports a course file that would take a player file's name.
        if folder::is_asset(path) && !site.contains_key(path) && path != COURSE_JSON {
            site.insert(path.clone(), bytes.clone());
        }
    }
    // The browser's tab, a screen reader and the LMS's window name the course before the player
    // runs (and where it never does), not the player's word "Course".
    if let Some(page) = site.get("index.html").and_then(|page| std::str::from_utf8(page).ok()) {
        let title = ["<title>", &crate::serve::escape(&document.title), "</title>"].concat();
        let page = page.replacen("<title>Course</title>", &title, 1);
        site.insert("index.html".to_string(), page.into_bytes());
    }
    site.insert(COURSE_JSON.to_string(), json(document));
    for translation in &course.compiled.translations {
        site.insert(translation_json(&translation.language), json(translation));
    }
    Some(site)
}
