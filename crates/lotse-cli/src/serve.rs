//! `lotse serve DIR`: a preview server on 127.0.0.1 for trainers. `/` lists the courses; each
//! course is at `/<folder>/`. Every page load compiles the course afresh; the course's page gets a
//! script (`serve/live.js`, added here and never to a package) that reloads it when a course file
//! is saved, and shows the course's problems over it while it has errors (`serve/live.rs`: the
//! watcher and the Server-Sent Events). A course with errors when its page is opened shows its
//! diagnostics instead of the player.

mod live;

use std::hash::{Hash, Hasher};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use tiny_http::{Header, Request, Response, Server};

use crate::folder;
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
    let dir = args.dir.display();
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
    let server = Server::http(("127.0.0.1", args.port)).map_err(|err| {
        match err.downcast_ref::<std::io::Error>().map(std::io::Error::kind) {
            Some(ErrorKind::AddrInUse) => anyhow::anyhow!(
                "port {0} is in use by another program: stop it, or run `lotse serve {dir} --port {1}`",
                args.port,
                args.port.checked_add(1).unwrap_or(8080)
            ),
            _ => anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {err}", args.port),
        }
    })?;
    let addr = server.server_addr().to_ip().context("not an IP address")?;
    let changes = Arc::new(live::Changes::default());
    live::watch(&args.dir, Arc::clone(&changes))?;
    live::say(&format!(
        "Serving the courses in {dir} at http://{addr}/ (pages reload when a file is saved; Ctrl+C stops)"
    ));
    let args = Arc::new(args);
    for request in server.incoming_requests() {
        if request.url().split('?').next() == Some(live::EVENTS_PATH) {
            // The stream is written until the page goes: not on this thread, which answers the
            // other requests.
            let (args, changes) = (Arc::clone(&args), Arc::clone(&changes));
            let spawned = std::thread::Builder::new()
                .name("events".into())
                .spawn(move || live::stream(request, &args, &changes));
            if let Err(err) = spawned {
                eprintln!("could not answer a request: {err}");
            }
            continue;
        }
        let response = respond(&args, request.url());
        if let Err(err) = reply(request, response) {
            eprintln!("could not answer a request: {err}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What the page of a course shows now.
pub enum View {
    /// The player with the course: the site's files and their version.
    Course { site: Files, version: String },
    /// The course's diagnostics as `lotse check` writes them, and their version.
    Problems { report: String, version: String },
    /// The course folder is not there (any more): why, and what to do.
    Missing { message: String },
}

/// The course in the folder called `name` as it is now: compiled, with the player. An error only
/// when the player cannot be loaded.
fn view(args: &Args, name: &str) -> Result<View> {
    let courses = match folder::courses(&args.dir) {
        Ok(courses) => courses,
        Err(_) if !args.dir.is_dir() => {
            return Ok(View::Missing { message: live::Gone(&args.dir).to_string() });
        }
        Err(err) => return Ok(View::Missing { message: format!("{err:#}") }),
    };
    let Some(dir) = courses.iter().find(|d| folder_name(d) == name) else {
        let message = format!(
            "there is no course {name:?} in {}: was its folder deleted or renamed? Put it back, and \
             this page shows it again",
            args.dir.display()
        );
        return Ok(View::Missing { message });
    };
    let course = match folder::compile(dir) {
        Ok(course) => course,
        Err(err) => return Ok(View::Missing { message: format!("{err:#}") }),
    };
    let player = player::load(player::SERVE, args.player.as_deref())?;
    Ok(match build::site_with(&course, player) {
        Some(site) => View::Course { version: version(&site), site },
        None => {
            let report = report::render(&course);
            View::Problems { version: version(&report), report }
        }
    })
}

/// A short name for `what`: the same within one run of `lotse serve`, which is all a page needs.
fn version(what: &impl Hash) -> String {
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

fn reply(request: Request, reply: Reply) -> std::io::Result<()> {
    let mut response = Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = vec![("Content-Type", reply.content_type), ("Cache-Control", "no-store")];
    if let Some(location) = &reply.location {
        headers.push(("Location", location));
    }
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name, value) {
            response.add_header(header);
        }
    }
    request.respond(response)
}

fn respond(args: &Args, url: &str) -> Reply {
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
        return ok("text/html; charset=utf-8", listing(&args.dir).into_bytes());
    };
    let view = match view(args, name) {
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
        let location = Some(format!("/{name}/"));
        return Reply { status: 308, location, ..ok("text/plain", Vec::new()) };
    }
    let html = |status, page: String, shows: live::Shows, version: &str| Reply {
        status,
        ..ok("text/html; charset=utf-8", with_live(&page, name, shows, version).into_bytes())
    };
    match view {
        View::Course { site, version } if index => match site.get("index.html") {
            Some(page) => {
                html(200, String::from_utf8_lossy(page).into_owned(), live::Shows::Course, &version)
            }
            None => not_found(),
        },
        View::Course { mut site, .. } => match site.remove(&rest.join("/")) {
            Some(body) => ok(content_type(&rest.join("/")), body),
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

fn listing(dir: &Path) -> String {
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
        let line = match folder::compile(dir) {
            Ok(course) => match &course.compiled.course {
                Some(c) => format!(
                    "<a href=\"/{name}/\">{}</a> <small>({} modules, {})</small><br>{}",
                    escape(&c.title),
                    c.modules.len(),
                    escape(&c.language),
                    escape(&c.description)
                ),
                None => format!(
                    "<a href=\"/{name}/\">{name}</a> <span class=\"errors\">{}</span>",
                    escape(report::summary(&course).trim())
                ),
            },
            Err(err) => format!("{name}: {}", escape(&format!("{err:#}"))),
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
