//! `lotse serve DIR`: a preview server on 127.0.0.1 for trainers. `/` lists the courses; each
//! course is at `/<folder>/`. Every page load shows the course as it is on disk; the course's page gets a
//! script (`serve/live.js`, added here and never to a package) that reloads it when a course file
//! is saved, and shows the course's problems over it while it has errors (`serve/live.rs`: the
//! watcher and the Server-Sent Events). A course with errors when its page is opened shows its
//! diagnostics instead of the player.
//!
//! Connections are hyper's, on a small tokio runtime: an idle keep-alive connection costs no
//! thread, so a browser that holds six of them, or a page's live-reload stream, never keeps
//! another request waiting. Each answer is made on tokio's blocking pool: it reads the course's
//! files afresh, and compiles them only when they differ from the ones the last answer was made
//! from ([`made`]): a page, its player files and its images then cost one compile, not one
//! each, and what a request shows is still the course as it is on disk at that moment.

mod live;

use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context, Result};
use http_body_util::{Either, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

use crate::folder::{self, Course};
use crate::player::Files;
use crate::{build, player, report};

/// Serve courses for preview in the browser.
#[derive(clap::Args)]
pub struct Args {
    /// A course folder, or a folder of course folders.
    dir: PathBuf,
    /// A player build folder (`dist/web`, made by `cargo xtask build`) instead of the one inside
    /// `lotse`; read on every page load, so a rebuilt player shows on reload.
    #[arg(long)]
    player: Option<PathBuf>,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    port: u16,
}

pub fn execute(mut args: Args) -> Result<ExitCode> {
    // `.` or `..` have no name to serve the course under: use the folder's own.
    if args.dir.file_name().is_none() {
        args.dir = args.dir.canonicalize().unwrap_or(args.dir);
    }
    let dir = args.dir.display().to_string();
    anyhow::ensure!(
        args.dir.exists(),
        "{dir} does not exist: give the folder of a course (the one with course.toml), or a folder of courses"
    );
    anyhow::ensure!(
        args.dir.is_dir(),
        "{dir} is not a folder: give the folder of a course (the one with course.toml), or a folder of courses"
    );
    folder::courses(&args.dir)?;
    // Say now, not on the first page load, when there is no player.
    player::load(player::SERVE, args.player.as_deref())?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", args.port)).map_err(|err| match err.kind() {
        ErrorKind::AddrInUse => anyhow::anyhow!(
            "port {0} is in use by another program: stop it, or run `lotse serve {dir} --port {1}`",
            args.port,
            args.port.checked_add(1).unwrap_or(8080)
        ),
        _ => anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {err}", args.port),
    })?;
    let addr = listener.local_addr().context("cannot listen on 127.0.0.1")?;
    let shared = Arc::new(Shared { args, changes: Arc::default(), made: Mutex::default() });
    live::watch(&shared.args.dir, Arc::clone(&shared.changes))?;
    live::say(&format!(
        "Serving the courses in {dir} at http://{addr}/ (pages reload when a file is saved; Ctrl+C stops)"
    ));
    listener.set_nonblocking(true).context("cannot listen on 127.0.0.1")?;
    // Answers block on files and compiles (see [`answer`]): a few threads for them, not tokio's
    // default of up to 512, which under 200 connections left hundreds runnable at once and
    // starved the machine (the browser and everything beside it) for seconds.
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cpus.clamp(1, 4))
        .max_blocking_threads((2 * cpus).clamp(4, 16))
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(accept(listener, shared))
}

/// Takes the connections, each on a task of its own, until Ctrl+C.
async fn accept(listener: std::net::TcpListener, shared: Arc<Shared>) -> Result<ExitCode> {
    let listener = tokio::net::TcpListener::from_std(listener).context("cannot listen on 127.0.0.1")?;
    let mut failing = false;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => {
                failing = false;
                stream
            }
            // Out of file descriptors (too many connections open at once), or a connection gone
            // before it was taken: said once, and the next connection is taken when it can be.
            Err(err) => {
                if !failing {
                    eprintln!("lotse serve cannot take a connection now ({err}); it goes on trying");
                }
                failing = true;
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // A small answer is sent at once, not after the browser acknowledged the last packet.
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| answer(request, Arc::clone(&shared)));
            // A connection that breaks (the page went) concerns nobody else.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// What the server's threads share.
pub struct Shared {
    pub args: Args,
    pub changes: Arc<live::Changes>,
    /// Per course folder name, the last compile and what it was made from (see [`made`]).
    made: Mutex<HashMap<String, Arc<Made>>>,
}

/// A course compiled, with the page it gives: made from `course.files` and `player`.
struct Made {
    course: Course,
    /// The `--player` folder's files it was made with (`None`: the embedded build, which never
    /// changes while `lotse serve` runs).
    player: Option<Files>,
    view: View,
}

/// What a folder's name needs encoded to be a path segment of a URL again (beside every byte
/// that is not ASCII).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// What answers take: a file, a page, or a page's live-reload stream.
pub type Body = Either<Full<Bytes>, live::Events>;

async fn answer(request: Request<Incoming>, shared: Arc<Shared>) -> Result<Response<Body>, Infallible> {
    let url = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    if request.uri().path() == live::EVENTS_PATH {
        return Ok(live::stream(&url, shared));
    }
    // Reading files and compiling block: not on the threads that move the bytes.
    let made = tokio::task::spawn_blocking(move || respond(&shared, &url)).await;
    let reply = made.unwrap_or_else(|err| Reply {
        status: 500,
        ..ok("text/plain; charset=utf-8", format!("lotse serve failed to answer: {err}").into_bytes())
    });
    Ok(reply.response())
}

/// What the page of a course shows now.
#[derive(Clone)]
pub enum View {
    /// The player with the course: the site's files (shared by every answer made from them),
    /// the course's warnings as `lotse check` writes them ("" without any), and their version.
    Course { site: Arc<Files>, warnings: Arc<Warnings>, version: String },
    /// The course's diagnostics as `lotse check` writes them, and their version.
    Problems { report: String, version: String },
    /// The course folder is not there (any more): why, and what to do.
    Missing { message: String },
}

/// A course's warnings: how many, and as `lotse check` writes them ("" without any).
#[derive(Default)]
pub struct Warnings {
    count: usize,
    text: String,
}

/// The course in the folder called `name` as it is now: compiled, with the player. An error only
/// when the player cannot be loaded.
pub fn view(shared: &Shared, name: &str) -> Result<View> {
    let args = &shared.args;
    let missing = |message| Ok(View::Missing { message });
    let courses = match folder::courses(&args.dir) {
        Ok(courses) => courses,
        Err(_) if !args.dir.is_dir() => return missing(live::Gone(&args.dir).to_string()),
        Err(err) => return missing(format!("{err:#}")),
    };
    let Some(dir) = courses.iter().find(|d| folder_name(d) == name) else {
        return missing(format!(
            "there is no course {name:?} in {}: was its folder deleted or renamed? Put it back, and \
             this page shows it again",
            args.dir.display()
        ));
    };
    match made(shared, dir)? {
        Ok(made) => Ok(made.view.clone()),
        Err(err) => missing(format!("{err:#}")),
    }
}

/// The course in `dir` compiled, with its page: the last one made if the course's files (and a
/// `--player` folder's) are the same bytes now, else made afresh. The outer error: the player
/// cannot be loaded; the inner one: the course folder cannot be read.
fn made(shared: &Shared, dir: &Path) -> Result<Result<Arc<Made>>> {
    let files = match folder::read(dir) {
        Ok(files) => files,
        Err(err) => return Ok(Err(err)),
    };
    let player = match shared.args.player.as_deref() {
        Some(folder) => Some(player::load(player::SERVE, Some(folder))?),
        None => None,
    };
    let name = folder_name(dir);
    // Held while compiling: pages that ask at once wait for one compile instead of each making
    // their own.
    let mut all = shared.made.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(made) = all.get(&name) {
        if made.course.files == files && made.player == player {
            return Ok(Ok(Arc::clone(made)));
        }
    }
    let compiled = lotse_core::compile::compile(&files);
    let course = Course { dir: dir.to_path_buf(), files, compiled };
    let site_player = match &player {
        Some(files) => files.clone(),
        None => player::load(player::SERVE, None)?,
    };
    let view = match build::site_with(&course, site_player) {
        Some(site) => {
            let warnings = Warnings {
                count: course.compiled.warnings(),
                text: if course.compiled.warnings() > 0 { report::render(&course) } else { String::new() },
            };
            // A change of the warnings alone gives the page a new version too: it reloads.
            let version = version(&(&site, &warnings.text));
            View::Course { version, site: Arc::new(site), warnings: Arc::new(warnings) }
        }
        None => {
            let report = report::render(&course);
            View::Problems { version: version(&report), report }
        }
    };
    let made = Arc::new(Made { course, player, view });
    all.insert(name, Arc::clone(&made));
    Ok(Ok(made))
}

/// A short name for `what`: the same within one run of `lotse serve`, which is all a page needs.
pub fn version(what: &impl Hash) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    what.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

fn ok(content_type: &'static str, body: Vec<u8>) -> Reply {
    Reply { status: 200, content_type, body, location: None }
}

fn not_found() -> Reply {
    Reply {
        status: 404,
        content_type: "text/plain; charset=utf-8",
        body: b"Not found".to_vec(),
        location: None,
    }
}

impl Reply {
    fn response(self) -> Response<Body> {
        let mut response = Response::builder()
            .status(self.status)
            .header(CONTENT_TYPE, self.content_type)
            .header(CACHE_CONTROL, "no-store");
        if let Some(location) = &self.location {
            response = response.header(LOCATION, location);
        }
        response.body(Either::Left(Full::new(Bytes::from(self.body)))).unwrap_or_else(|_| {
            let mut response = Response::new(Either::Left(Full::new(Bytes::from_static(b"Not found"))));
            *response.status_mut() = hyper::StatusCode::NOT_FOUND;
            response
        })
    }
}

fn respond(shared: &Shared, url: &str) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == live::SCRIPT_PATH {
        return ok("text/javascript; charset=utf-8", live::SCRIPT.as_bytes().to_vec());
    }
    // Each segment decoded on its own (`mein%20bild.png` is `mein bild.png`), then checked, so
    // that no encoded `/`, `..` or hidden name gets through.
    let decoded: Option<Vec<String>> = path
        .split('/')
        .filter(|p| !p.is_empty())
        .map(|p| percent_encoding::percent_decode_str(p).decode_utf8().ok().map(|s| s.into_owned()))
        .collect();
    let Some(decoded) = decoded else { return not_found() };
    if decoded.iter().any(|p| p.starts_with('.') || p.contains(['/', '\\', '\0'])) {
        return not_found();
    }
    let parts: Vec<&str> = decoded.iter().map(String::as_str).collect();
    let Some((name, rest)) = parts.split_first() else {
        // The list follows the folder too: a course added, renamed or fixed shows by itself.
        let page = listing(shared);
        let version = version(&page);
        return ok(
            "text/html; charset=utf-8",
            with_live(&page, "", live::Shows::Listing, &version).into_bytes(),
        );
    };
    let view = match view(shared, name) {
        Ok(view) => view,
        Err(err) => {
            return Reply { status: 500, ..ok("text/plain; charset=utf-8", format!("{err:#}").into_bytes()) }
        }
    };
    let index = rest.is_empty();
    if index && !path.ends_with('/') {
        if let View::Missing { .. } = view {
            return not_found();
        }
        let name = percent_encoding::utf8_percent_encode(name, PATH_SEGMENT);
        let location = Some(format!("/{name}/"));
        return Reply { status: 308, location, ..ok("text/plain", Vec::new()) };
    }
    let html = |status, page: String, shows: live::Shows, version: &str| Reply {
        status,
        ..ok("text/html; charset=utf-8", with_live(&page, name, shows, version).into_bytes())
    };
    match view {
        View::Course { site, warnings, version } if index => match site.get("index.html") {
            Some(page) => {
                let page = with_warnings(&String::from_utf8_lossy(page), &warnings);
                html(200, page, live::Shows::Course, &version)
            }
            None => not_found(),
        },
        View::Course { site, .. } => match site.get(&rest.join("/")) {
            Some(body) => ok(content_type(&rest.join("/")), body.clone()),
            None => not_found(),
        },
        View::Problems { report, version } if index => {
            html(200, problems_page(&report), live::Shows::Problems, &version)
        }
        View::Missing { message } if index => {
            let body = format!("<h1>The course is not there</h1><p>{}</p>", escape(&message));
            html(404, page("Course not found", &body), live::Shows::Missing, "")
        }
        View::Problems { .. } | View::Missing { .. } => not_found(),
    }
}

/// `page` with the course's warnings, if it has any, in a `<template>` at the end of its body,
/// for `live.js` to offer in a small panel: the course still shows, and the trainer sees what
/// `lotse check` would say without looking at the terminal.
fn with_warnings(page: &str, warnings: &Warnings) -> String {
    if warnings.count == 0 {
        return page.to_string();
    }
    let template = format!(
        "<template id=\"lotse-serve-warnings\" data-count=\"{}\">{}</template>\n",
        warnings.count,
        escape(&warnings.text)
    );
    let at = page.rfind("</body>").unwrap_or(page.len());
    [&page[..at], &template, &page[at..]].concat()
}

/// `page` with the live preview's script (`serve/live.js`) at the end of its body: only
/// `lotse serve` adds it, never a package.
fn with_live(page: &str, name: &str, shows: live::Shows, version: &str) -> String {
    let script = format!(
        "<script src=\"{}\" data-course=\"{}\" data-shows=\"{}\" data-version=\"{}\"></script>\n",
        live::SCRIPT_PATH,
        escape(name),
        shows.name(),
        escape(version)
    );
    let at = page.rfind("</body>").unwrap_or(page.len());
    [&page[..at], &script, &page[at..]].concat()
}

fn folder_name(dir: &Path) -> String {
    dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\"><title>{}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;\
         line-height:1.5;color:#1f2328}}a{{color:#1d4f91}}pre{{background:#f3f5f8;padding:1rem;\
         overflow-x:auto}}.errors{{color:#a1261d}}</style></head>\n<body><main>{body}</main></body></html>\n",
        escape(title)
    )
}

/// The page at `/`: the courses in the folder, each with its title or its problems counted.
pub fn listing(shared: &Shared) -> String {
    let dir = &shared.args.dir;
    let courses = match folder::courses(dir) {
        Ok(courses) => courses,
        Err(_) if !dir.is_dir() => {
            return page("Lotse courses", &format!("<p>{}</p>", escape(&live::Gone(dir).to_string())))
        }
        Err(err) => return page("Lotse courses", &format!("<p>{}</p>", escape(&format!("{err:#}")))),
    };
    let mut items = String::new();
    for dir in &courses {
        let name = escape(&folder_name(dir));
        let line = match made(shared, dir) {
            Ok(Ok(made)) => match &made.course.compiled.course {
                Some(c) => format!(
                    "<a href=\"/{name}/\">{}</a> <small>({} modules, {})</small><br>{}",
                    escape(&c.title),
                    c.modules.len(),
                    escape(&c.language),
                    escape(&c.description)
                ),
                None => format!(
                    "<a href=\"/{name}/\">{name}</a> <span class=\"errors\">{}</span>",
                    escape(report::summary(&made.course).trim())
                ),
            },
            Ok(Err(err)) | Err(err) => format!("{name}: {}", escape(&format!("{err:#}"))),
        };
        items += &format!("<li>{line}</li>\n");
    }
    page("Lotse courses", &format!("<h1>Courses</h1>\n<ul>\n{items}</ul>"))
}

fn problems_page(report: &str) -> String {
    let body = format!(
        "<h1>This course has problems</h1><p>Correct them and save: this page shows the course once \
         they are gone.</p><pre>{}</pre>",
        escape(report)
    );
    page("Course problems", &body)
}
