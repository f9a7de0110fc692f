//! Live preview: a watcher on the course folder (notify, debounced) counts changes in
//! [`Changes`]; each open page holds a Server-Sent Events stream ([`stream`], on its own thread,
//! since writing it never ends) that tells the page, after each change, whether to reload, to show
//! the course's problems over itself, or to hide them again. The page's side is `live.js`, which
//! `lotse serve` alone adds to the pages it serves.

use std::convert::Infallible;
use std::io::Write;
use std::path::Path;
use std::pin::Pin;
use std::sync::{mpsc, Arc, Condvar, Mutex, PoisonError};
use std::task::{Context as TaskContext, Poll};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};
use http_body_util::{Either, Full};
use hyper::body::{Bytes, Frame};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE};
use hyper::Response;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebouncedEvent};

use super::{Body, Shared, View};
use crate::{folder, report};

/// The page's script, served at [`SCRIPT_PATH`].
pub const SCRIPT: &str = include_str!("live.js");
/// Names beginning with `.` are never course files (`folder::read` skips them), so these paths
/// cannot hide one.
pub const SCRIPT_PATH: &str = "/.lotse/live.js";
pub const EVENTS_PATH: &str = "/.lotse/events";

/// How long the watcher waits for more changes before it tells the pages: an editor's save (a
/// temporary file, a rename) or a copied folder arrives as one change.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// A comment line this often keeps the stream open and ends the thread of a page that has gone.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Counts the changes to the course files seen so far; streams wait on it.
#[derive(Default)]
pub struct Changes {
    count: Mutex<u64>,
    changed: Condvar,
}

impl Changes {
    fn now(&self) -> u64 {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn bump(&self) {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.changed.notify_all();
    }

    /// The count once it is no longer `seen`, or `seen` after `timeout`.
    fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        let (count, _) = self
            .changed
            .wait_timeout_while(count, timeout, |count| *count == seen)
            .unwrap_or_else(PoisonError::into_inner);
        *count
    }
}

/// Writes a line to the terminal. Never fails: whoever started `lotse serve` may have stopped
/// reading its output.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Watches `dir` (as the trainer wrote it) and everything in it, and its parent folder, so that
/// a course folder deleted and put back is watched again. After each change, `changes` counts
/// one more and the terminal says how the courses are now.
pub fn watch(dir: &Path, changes: Arc<Changes>) -> Result<()> {
    let shown = dir.to_path_buf();
    let dir = dir.canonicalize().with_context(|| format!("cannot read {}", dir.display()))?;
    let (sender, batches) = mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, sender).context("cannot watch the course files")?;
    debouncer
        .watch(&dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {} for changes", shown.display()))?;
    if let Some(parent) = dir.parent() {
        // Without it, a folder that comes back is not seen; the rest still works.
        let _ = debouncer.watch(parent, RecursiveMode::NonRecursive);
    }
    thread::Builder::new().name("watcher".into()).spawn(move || {
        let mut there = true;
        for batch in batches {
            let events = match batch {
                Ok(events) => events,
                Err(errors) => {
                    for err in errors {
                        say(&format!("watching {} for changes failed: {err}", shown.display()));
                    }
                    continue;
                }
            };
            let events: Vec<&DebouncedEvent> = events.iter().filter(|e| changes_course(e, &dir)).collect();
            if events.is_empty() {
                continue;
            }
            let now = dir.is_dir();
            if now && (!there || events.iter().any(|e| e.paths.contains(&dir))) {
                // The folder is new (put back, or replaced): watch the new one. A change made
                // meanwhile is read below all the same.
                let _ = debouncer.unwatch(&dir);
                if let Err(err) = debouncer.watch(&dir, RecursiveMode::Recursive) {
                    say(&format!("cannot watch {} for changes: {err}", shown.display()));
                }
            }
            changes.bump();
            if !now {
                if there {
                    say(&format!("{}", Gone(&shown)));
                }
            } else {
                if !there {
                    say(&format!("{} is back", shown.display()));
                }
                summaries(&shown);
            }
            there = now;
        }
    })?;
    Ok(())
}

/// Whether `event` may have changed what is in `dir`. Reading a file is no change: every page
/// load and every compile opens the course files, which inotify reports too.
fn changes_course(event: &DebouncedEvent, dir: &Path) -> bool {
    let read = match event.kind {
        EventKind::Access(kind) => kind != AccessKind::Close(AccessMode::Write),
        _ => false,
    };
    // The parent folder's other entries are none of our business either.
    !read && event.paths.iter().any(|p| p.starts_with(dir))
}

/// The message for a course folder that has gone.
pub struct Gone<'a>(pub &'a Path);

impl std::fmt::Display for Gone<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is gone (deleted or moved?): put the course folder back and the page shows it again; \
             lotse serve keeps running (Ctrl+C stops it)",
            self.0.display()
        )
    }
}

/// One line per course: its problems counted, as `lotse check` ends.
fn summaries(dir: &Path) {
    match folder::courses(dir) {
        Ok(courses) => {
            for course in courses {
                match folder::compile(&course) {
                    Ok(course) => say(report::summary(&course).trim_end()),
                    Err(err) => say(&format!("{err:#}")),
                }
            }
        }
        Err(err) => say(&format!("{err:#}")),
    }
}

/// What a page shows, as its script says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shows {
    Course,
    Problems,
    Missing,
    /// The list of courses at `/`.
    Listing,
}

impl Shows {
    pub fn name(self) -> &'static str {
        match self {
            Shows::Course => "course",
            Shows::Problems => "problems",
            Shows::Missing => "missing",
            Shows::Listing => "listing",
        }
    }
}

/// The page at the other end of a stream: which course, what it shows and which version of it.
#[derive(Debug, PartialEq)]
struct Page {
    course: String,
    shows: Shows,
    version: String,
}

impl Page {
    /// From the query of `/.lotse/events?course=..&shows=..&version=..`.
    fn from_url(url: &str) -> Option<Page> {
        let query = url.split_once('?')?.1;
        let (mut course, mut shows, mut version) = (None, None, String::new());
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_encoding::percent_decode_str(value).decode_utf8().ok()?.into_owned();
            match key {
                "course" => course = Some(value),
                "shows" => {
                    shows = [Shows::Course, Shows::Problems, Shows::Missing, Shows::Listing]
                        .into_iter()
                        .find(|s| s.name() == value)
                }
                "version" => version = value,
                _ => {}
            }
        }
        Some(Page { course: course?, shows: shows?, version })
    }
}

/// What a page is told.
#[derive(Debug, PartialEq)]
enum Event {
    Reload,
    /// Nothing over the page: it shows what is there.
    Clear,
    Problems {
        title: String,
        text: String,
    },
}

impl Event {
    fn wire(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: reload\n\n".to_string(),
            Event::Clear => "event: clear\ndata: clear\n\n".to_string(),
            // JSON on one line: its newlines are escaped.
            Event::Problems { title, text } => {
                format!("event: problems\ndata: {}\n\n", serde_json::json!({ "title": title, "text": text }))
            }
        }
    }
}

/// What `page` must do now that the course is `view`.
fn decide(page: &Page, view: &View) -> Event {
    match view {
        View::Course { version, .. } if page.shows == Shows::Course && *version == page.version => {
            Event::Clear
        }
        View::Course { .. } => Event::Reload,
        // A problems page shows the problems themselves: another version of them is a new page.
        View::Problems { version, .. } if page.shows == Shows::Problems => {
            if *version == page.version {
                Event::Clear
            } else {
                Event::Reload
            }
        }
        View::Problems { report, .. } => {
            Event::Problems { title: "This course has problems".to_string(), text: report.clone() }
        }
        View::Missing { .. } if page.shows == Shows::Missing => Event::Clear,
        View::Missing { message } => {
            Event::Problems { title: "The course is not there".to_string(), text: message.clone() }
        }
    }
}

/// Answers `/.lotse/events?…`: a stream of events for one page, written by a thread of its own
/// ([`feed`]) until the page goes away or is told to reload.
pub fn stream(url: &str, shared: Arc<Shared>) -> Response<Body> {
    let plain = |status: u16, text: &'static str| {
        let mut response = Response::new(Either::Left(Full::new(Bytes::from_static(text.as_bytes()))));
        *response.status_mut() =
            hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_REQUEST);
        response
    };
    let Some(page) = Page::from_url(url) else {
        return plain(400, "Not a page of lotse serve");
    };
    // A few events queued are plenty: the page is told only the last state anyway.
    let (sender, events) = tokio::sync::mpsc::channel(4);
    let fed = thread::Builder::new().name("events".into()).spawn(move || feed(&page, &sender, &shared));
    if fed.is_err() {
        return plain(503, "lotse serve has too many pages open");
    }
    let response = Response::builder()
        .header(CONTENT_TYPE, "text/event-stream")
        .header(CACHE_CONTROL, "no-store")
        .body(Either::Right(Events(events)));
    response.unwrap_or_else(|_| plain(500, "lotse serve failed to answer"))
}

/// The body of a stream: what [`feed`] sends, as it comes.
pub struct Events(tokio::sync::mpsc::Receiver<Bytes>);

impl hyper::body::Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(|chunk| Ok(Frame::data(chunk))))
    }
}

/// Tells `page`, through `out`, what to do after each change, until the page has gone (its
/// connection closed, so the stream's body is dropped and sending fails: seen at the latest at
/// the next [`KEEP_ALIVE`]) or is told to reload.
fn feed(page: &Page, out: &tokio::sync::mpsc::Sender<Bytes>, shared: &Shared) {
    let changes = &shared.changes;
    let send = |text: &str| out.blocking_send(Bytes::copy_from_slice(text.as_bytes())).is_ok();
    // The browser reconnects a second after the stream broke (`lotse serve` was restarted).
    if !send("retry: 1000\n\n") {
        return;
    }
    // The page has nothing over it when it opens.
    let mut told = Event::Clear;
    let mut seen = changes.now();
    loop {
        let event = if page.shows == Shows::Listing {
            // The list of courses: reloaded when it would read otherwise now.
            if super::version(&super::listing(shared)) == page.version {
                Event::Clear
            } else {
                Event::Reload
            }
        } else {
            match super::view(shared, &page.course) {
                Ok(view) => decide(page, &view),
                Err(err) => Event::Problems {
                    title: "The player cannot be loaded".to_string(),
                    text: format!("{err:#}"),
                },
            }
        };
        if event != told {
            if !send(&event.wire()) || event == Event::Reload {
                return;
            }
            told = event;
        }
        loop {
            let count = changes.wait(seen, KEEP_ALIVE);
            if count != seen {
                seen = count;
                break;
            }
            if !send(": still here\n\n") {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(shows: Shows, version: &str) -> Page {
        Page { course: "c".into(), shows, version: version.into() }
    }

    fn course(version: &str) -> View {
        View::Course { site: Default::default(), warnings: Default::default(), version: version.into() }
    }

    fn problems(version: &str) -> View {
        View::Problems { report: "error: x".into(), version: version.into() }
    }

    #[test]
    fn a_page_reads_its_query() {
        assert_eq!(
            Page::from_url("/.lotse/events?course=mein%20kurs&shows=problems&version=ab12"),
            Some(Page { course: "mein kurs".into(), shows: Shows::Problems, version: "ab12".into() })
        );
        assert_eq!(Page::from_url("/.lotse/events?course=c&shows=other&version=1"), None);
        assert_eq!(Page::from_url("/.lotse/events?shows=course"), None);
        assert_eq!(Page::from_url("/.lotse/events"), None);
    }

    #[test]
    fn a_page_reloads_for_a_new_version_and_shows_problems_over_the_course() {
        assert_eq!(decide(&page(Shows::Course, "1"), &course("1")), Event::Clear);
        assert_eq!(decide(&page(Shows::Course, "1"), &course("2")), Event::Reload);
        let over = decide(&page(Shows::Course, "1"), &problems("3"));
        assert!(matches!(over, Event::Problems { ref text, .. } if text == "error: x"), "{over:?}");
        // The problems page becomes the course, or the new problems.
        assert_eq!(decide(&page(Shows::Problems, "3"), &course("1")), Event::Reload);
        assert_eq!(decide(&page(Shows::Problems, "3"), &problems("3")), Event::Clear);
        assert_eq!(decide(&page(Shows::Problems, "3"), &problems("4")), Event::Reload);
        let gone = View::Missing { message: "gone".into() };
        assert!(matches!(decide(&page(Shows::Course, "1"), &gone), Event::Problems { .. }));
        assert_eq!(decide(&page(Shows::Missing, ""), &gone), Event::Clear);
        assert_eq!(decide(&page(Shows::Missing, ""), &course("1")), Event::Reload);
    }

    #[test]
    fn problems_go_out_as_one_line_of_json() {
        let event = Event::Problems { title: "T".into(), text: "a\n<b>\n".into() };
        assert_eq!(event.wire(), "event: problems\ndata: {\"text\":\"a\\n<b>\\n\",\"title\":\"T\"}\n\n");
    }
}
