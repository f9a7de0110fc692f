//! `lotse serve DIR`: a preview server on 127.0.0.1 for trainers. `/` lists the courses; each
//! course is at `/<folder>/`. Every page load compiles the course afresh, so an edited file shows
//! on reload; a course with errors shows its diagnostics instead of the player.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use tiny_http::{Header, Request, Response, Server};

use crate::folder;
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

pub fn execute(args: Args) -> Result<ExitCode> {
    folder::courses(&args.dir)?;
    // Say now, not on the first page load, when there is no player.
    player::load(player::WEB, args.player.as_deref())?;
    let server = Server::http(("127.0.0.1", args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    let addr = server.server_addr().to_ip().context("not an IP address")?;
    println!("Serving the courses in {} at http://{addr}/ (Ctrl+C stops)", args.dir.display());
    for request in server.incoming_requests() {
        let response = respond(&args, request.url());
        if let Err(err) = reply(request, response) {
            eprintln!("could not answer a request: {err}");
        }
    }
    Ok(ExitCode::SUCCESS)
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
    let courses = folder::courses(&args.dir).unwrap_or_default();
    let Some((name, rest)) = parts.split_first() else {
        return ok("text/html; charset=utf-8", listing(&courses).into_bytes());
    };
    let Some(dir) = courses.iter().find(|d| folder_name(d) == *name) else { return not_found() };
    if rest.is_empty() && !path.ends_with('/') {
        let location = Some(format!("/{name}/"));
        return Reply { status: 308, location, ..ok("text/plain", Vec::new()) };
    }
    let file = if rest.is_empty() { "index.html".to_string() } else { rest.join("/") };
    let course = match folder::compile(dir) {
        Ok(course) => course,
        Err(err) => return ok("text/plain; charset=utf-8", format!("{err:#}").into_bytes()),
    };
    let site = player::load(player::WEB, args.player.as_deref()).map(|p| build::site_with(&course, p));
    match site {
        Ok(Some(mut site)) => match site.remove(&file) {
            Some(body) => ok(content_type(&file), body),
            None => not_found(),
        },
        Ok(None) if file == "index.html" => {
            ok("text/html; charset=utf-8", problems_page(&course).into_bytes())
        }
        Ok(None) => not_found(),
        Err(err) => Reply { status: 500, ..ok("text/plain; charset=utf-8", format!("{err:#}").into_bytes()) },
    }
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

fn listing(courses: &[PathBuf]) -> String {
    let mut items = String::new();
    for dir in courses {
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

fn problems_page(course: &folder::Course) -> String {
    let body = format!(
        "<h1>This course has problems</h1><p>Correct them and reload this page.</p><pre>{}</pre>",
        escape(&report::render(course))
    );
    page("Course problems", &body)
}
