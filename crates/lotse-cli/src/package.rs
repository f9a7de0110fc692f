//! `lotse package COURSE --format scorm12|scorm2004|cmi5|web [-o PATH]`: a course as a package an
//! LMS administrator uploads, a zip with the player, the course document, its media and the
//! manifest (a folder for `web`). `--all DIR -o OUT` packages every course of a folder. A course
//! with errors gives no package, only its diagnostics.
//!
//! The same course gives a byte-identical zip: entries in path order, the DOS epoch as their time,
//! the same permissions and compression, nothing taken from the machine or the clock.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::build::{self, origin};
use crate::folder::{self, Course};
use crate::manifest::{self, Package};
use crate::player::{self, Files};
use crate::report;

/// What the package is for.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A SCORM 1.2 zip (Moodle, ILIAS, most LMSs).
    Scorm12,
    /// A SCORM 2004 4th edition zip.
    Scorm2004,
    /// A cmi5 zip (an LMS with an xAPI learning record store).
    Cmi5,
    /// A folder for any web server; no LMS, progress kept in the browser.
    Web,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Scorm12 => "scorm12",
            Format::Scorm2004 => "scorm2004",
            Format::Cmi5 => "cmi5",
            Format::Web => "web",
        }
    }

    /// Where a course's package goes when no path is given: `<course id>-<format>.zip`, or a
    /// folder `<course id>-web`.
    fn file_name(self, id: &str) -> String {
        match self {
            Format::Web => format!("{id}-web"),
            _ => format!("{id}-{}.zip", self.name()),
        }
    }
}

/// Package a course for an LMS (SCORM 1.2, SCORM 2004, cmi5) or as a web folder.
#[derive(clap::Args)]
pub struct Args {
    /// The course folder (with course.toml); with --all, a folder of course folders.
    course: PathBuf,
    /// The kind of package: scorm12 (the default, which every LMS takes), scorm2004, cmi5 or web.
    /// docs/lms.md says which suits an LMS.
    #[arg(long, value_enum, default_value = "scorm12")]
    format: Format,
    /// Where to write the package: a .zip file (a folder for web). With --all, the folder that
    /// receives one package per course. Default: `<course id>-<format>.zip` here (`packages/`
    /// with --all).
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    out: Option<PathBuf>,
    /// Package every course in the folder, each as `<course id>-<format>.zip`.
    #[arg(long)]
    all: bool,
    /// For web: the origin of a host page that may embed the course (docs/embedding.md).
    #[arg(long = "host-origin", value_name = "URL")]
    host_origin: Vec<String>,
    /// A player build folder (made by `cargo xtask build`) instead of the one inside `lotse`.
    #[arg(long, value_name = "DIR")]
    player: Option<PathBuf>,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let origins = args.host_origin.iter().map(|url| origin(url)).collect::<Result<Vec<_>>>()?;
    anyhow::ensure!(
        origins.is_empty() || args.format == Format::Web,
        "--host-origin is for --format web (a course embedded in a host page); an LMS package finds \
         its LMS by itself"
    );
    folder::readable_dir(&args.course, "package")?;
    let dirs = if args.all { folder::courses(&args.course)? } else { vec![args.course.clone()] };
    let progress = progress_bar();
    let mut failed = Vec::new();
    let mut written = Vec::new();
    for (n, dir) in dirs.iter().enumerate() {
        if args.all {
            progress.set_prefix(format!("course {} of {}", n + 1, dirs.len()));
        }
        let course = folder::compile(dir)?;
        progress.suspend(|| print!("{}", report::render(&course)));
        let Some(document) = &course.compiled.course else {
            failed.push(dir.display().to_string());
            continue;
        };
        let out = match (&args.out, args.all) {
            (Some(out), true) => out.join(args.format.file_name(&document.id)),
            (None, true) => Path::new("packages").join(args.format.file_name(&document.id)),
            (Some(out), false) => out.clone(),
            (None, false) => PathBuf::from(args.format.file_name(&document.id)),
        };
        let files = package(&course, args.format, &origins, args.player.as_deref())?
            .context("a course without errors has a package")?;
        if args.format == Format::Web {
            build::write_folder(&out, files)?;
        } else {
            progress.inc_length(files.values().map(|b| b.len() as u64).sum());
            progress.set_message(document.id.clone());
            write_zip(&out, &files, &progress)?;
        }
        written.push(out);
    }
    progress.finish_and_clear();
    for out in &written {
        println!("packaged {}", out.display());
    }
    if failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "not packaged, because of the errors above: {} (nothing was written for {})",
        failed.join(", "),
        if failed.len() == 1 { "it" } else { "them" }
    );
    Ok(ExitCode::FAILURE)
}

/// A bar on standard error while zipping, only when it is a terminal: a log or a CI job sees the
/// result lines alone.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let style = ProgressStyle::with_template("{prefix} {msg} [{bar:30}] {bytes}/{total_bytes}")
        .expect("the template is valid")
        .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// Every file of the course's package by path, the manifest included; `None` when the course has
/// errors.
pub fn package(
    course: &Course,
    format: Format,
    origins: &[String],
    player: Option<&Path>,
) -> Result<Option<Files>> {
    // The player build, the SCORM version its page names, and the manifest.
    type Manifest = fn(&Package) -> String;
    let (build, scorm, name, manifest_of): (_, _, _, Manifest) = match format {
        Format::Web => return build::web_site(course, origins, player),
        Format::Scorm12 => (player::SCORM, Some("1.2"), "imsmanifest.xml", manifest::scorm12),
        Format::Scorm2004 => (player::SCORM, Some("2004"), "imsmanifest.xml", manifest::scorm2004),
        Format::Cmi5 => (player::CMI5, None, "cmi5.xml", manifest::cmi5),
    };
    let Some(document) = &course.compiled.course else { return Ok(None) };
    let mut files = player::load(build, player)?;
    if let Some(version) = scorm {
        // The SCORM player reads the version from the page (src/bridge/scorm.rs).
        let index = files.get("index.html").context("the player has no index.html")?;
        let index = with_scorm_version(index, version)?;
        files.insert("index.html".to_string(), index);
    }
    let Some(mut files) = build::site_with(course, files) else { return Ok(None) };
    let described = Package {
        course: document,
        translations: &course.compiled.translations,
        files: files.keys().map(String::as_str).collect(),
    };
    let text = manifest_of(&described);
    anyhow::ensure!(!files.contains_key(name), "the course has a file named {name}, which the package needs");
    files.insert(name.to_string(), text.into_bytes());
    Ok(Some(files))
}

/// The player's page with `data-scorm="<version>"` on its `<html>` element.
fn with_scorm_version(index: &[u8], version: &str) -> Result<Vec<u8>> {
    let page = std::str::from_utf8(index).context("the player's index.html is not UTF-8")?;
    let at = page.find("<html").context("the player's index.html has no <html> element")? + "<html".len();
    Ok([&page[..at], " data-scorm=\"", version, "\"", &page[at..]].concat().into_bytes())
}

/// Files already compressed, stored as they are: deflating them again costs time and gains nothing.
fn is_compressed(path: &str) -> bool {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    [
        "png", "jpg", "jpeg", "gif", "webp", "avif", "mp4", "webm", "m4v", "mp3", "m4a", "ogg", "oga", "pdf",
        "zip", "woff2",
    ]
    .contains(&extension.as_str())
}

/// Writes the zip beside `out` and renames it into place once complete, so that a failure leaves
/// no half package; replaces only a zip (or an empty file), never another file.
fn write_zip(out: &Path, files: &Files, progress: &ProgressBar) -> Result<()> {
    if out.exists() {
        // The first bytes only: a zip starts with a local file header.
        let mut head = Vec::new();
        let read = std::fs::File::open(out).and_then(|f| f.take(4).read_to_end(&mut head));
        anyhow::ensure!(
            out.is_file() && read.is_ok() && (head.is_empty() || head == b"PK\x03\x04"),
            "{} exists and is not a zip; choose another path with -o (nothing was changed)",
            out.display()
        );
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let part = out.with_extension("zip.part");
    let result = zip_into(&part, files, progress).and_then(|()| {
        std::fs::rename(&part, out).with_context(|| format!("cannot write {}", out.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

fn zip_into(path: &Path, files: &Files, progress: &ProgressBar) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(file));
    let options =
        SimpleFileOptions::default().last_modified_time(DateTime::default()).unix_permissions(0o644);
    for (name, bytes) in files {
        let method =
            if is_compressed(name) { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        zip.start_file(name.as_str(), options.compression_method(method))?;
        // In pieces, so that the bar moves through a large video.
        for piece in bytes.chunks(1 << 20) {
            zip.write_all(piece)?;
            progress.inc(piece.len() as u64);
        }
    }
    zip.finish()?.into_inner().context("cannot finish the zip")?.sync_all()?;
    Ok(())
}
