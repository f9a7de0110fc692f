//! The `lotse` binary as a trainer uses it: `check` on good and broken courses, `build` into a
//! folder, and `serve` answering a browser's requests on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

fn lotse() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lotse"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample() -> PathBuf {
    repo().join("courses/integration-basics")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A course folder with the given files.
fn course(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const TOML: &str = "id = \"t\"\ntitle = \"T\"\nlanguage = \"en\"\nversion = \"1\"\nmodules = [\"01-a.md\"]\n";

#[test]
fn every_course_passes_check_without_a_warning_in_every_language() {
    let out = lotse().args(["check", "--deny-warnings"]).arg(repo().join("courses")).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    for course in [
        "integration-basics",
        "intercultural-communication-asylum",
        "labour-market-mentoring",
        "resettlement-humanitarian-admission",
        "welcoming-newcomers",
    ] {
        assert!(stdout(&out).contains(&format!("{course}: no problems found")), "{}", stdout(&out));
    }
}

#[test]
fn check_shows_every_problem_with_its_place_and_fails() {
    let dir = course(&[
        ("course.toml", TOML),
        (
            "01-a.md",
            "# A\n\n![](missing.png)\n\n### Q {#q .question}\n\n- [ ] one\n  > no\n- [ ] two\n  > no\n",
        ),
    ]);
    let out = lotse().arg("check").arg(dir.path()).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("error: this image has no alt text"), "{text}");
    assert!(text.contains("01-a.md:3:1"), "file:line:column of the image: {text}");
    assert!(text.contains("error: this question has no correct option"), "{text}");
    assert!(text.contains("01-a.md:5:1"), "{text}");
    assert!(text.contains("hint: mark the correct option with `- [x]`"), "{text}");
    assert!(text.contains("^"), "a caret under the problem: {text}");
    assert!(text.contains("3 errors, 1 warning"), "{text}");
}

#[test]
fn warnings_alone_do_not_fail_a_check() {
    let dir = course(&[("course.toml", TOML), ("01-a.md", "# A\n\n[click here](https://example.org)\n")]);
    let out = lotse().arg("check").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 errors, 1 warning"), "{}", stdout(&out));
}

#[test]
fn deny_warnings_fails_on_warnings_and_json_lists_every_problem() {
    let dir = course(&[
        ("course.toml", TOML),
        ("01-a.md", "# A\n\n[click here](https://example.org)\n\n![](x.png)\n"),
    ]);
    let denied = lotse().arg("check").arg("--deny-warnings").arg(dir.path()).output().unwrap();
    assert_eq!(denied.status.code(), Some(1));
    let out = lotse().args(["check", "--format", "json"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "an error fails in JSON form too");
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let problems = problems.as_array().expect("an array");
    assert_eq!(problems.len(), 3, "{problems:#?}");
    let first = &problems[0];
    assert_eq!(first["file"], "01-a.md");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(3), Some(1)));
    assert_eq!((first["end_line"].as_u64(), first["end_column"].as_u64()), (Some(3), Some(34)));
    assert_eq!(first["severity"], "warning");
    assert!(first["hint"].as_str().is_some_and(|h| h.contains("link text")), "{first}");
    assert!(problems
        .iter()
        .any(|p| p["severity"] == "error" && p["message"] == "this image has no alt text"));
}

#[test]
fn a_folder_without_a_course_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = lotse().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("holds no course: a course is a folder with a course.toml"), "{err}");
}

/// Stand-ins for the built player, so these tests do not need the wasm build.
fn fake_player() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["index.html", "boot.js", "lotse.js", "lotse_bg.wasm", "lotse.css", "lotse-icon.svg"] {
        std::fs::write(dir.path().join(name), format!("player file {name}")).unwrap();
    }
    // The page's title, as the player's own page has it, for the course's title to replace.
    std::fs::write(dir.path().join("index.html"), "<title>Course</title>player file index.html").unwrap();
    dir
}

#[test]
fn build_writes_the_host_origins_a_page_may_embed_from() {
    let player = fake_player();
    std::fs::write(
        player.path().join("index.html"),
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Course</title>\n</head>\n",
    )
    .unwrap();
    std::fs::write(player.path().join("lotse_bg.wasm"), "wasm reading meta[name=lotse-host-origin]").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let run = |extra: &[&str]| {
        lotse()
            .arg("build")
            .arg(sample())
            .arg("--player")
            .arg(player.path())
            .arg("--out")
            .arg(&site)
            .args(extra)
            .output()
            .unwrap()
    };
    let out =
        run(&["--host-origin", "https://Intranet.Example.org/", "--host-origin", "http://127.0.0.1:8080"]);
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains(
            "<meta charset=\"utf-8\">\n<meta name=\"lotse-host-origin\" content=\"https://intranet.example.org http://127.0.0.1:8080\">\n<title>"
        ),
        "{index}"
    );
    for bad in [
        "*",
        "intranet.example.org",
        "https://intranet.example.org/courses/",
        "ftp://x",
        "https://",
        "https://a b",
    ] {
        let out = run(&["--host-origin", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not an origin"), "{bad}");
    }
    // A player without the embed feature would never answer the host page.
    std::fs::write(player.path().join("lotse_bg.wasm"), "a standalone player").unwrap();
    let out = run(&["--host-origin", "https://intranet.example.org"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot be embedded"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Without --host-origin the page is left as the player has it.
    let plain = build(&sample(), &site);
    assert!(plain.status.success());
    assert!(!std::fs::read_to_string(site.join("index.html")).unwrap().contains("lotse-host-origin"));
}

/// `lotse build COURSE --player (a fake player) --out OUT`.
fn build(course: &Path, out: &Path) -> Output {
    let player = fake_player();
    lotse()
        .arg("build")
        .arg(course)
        .arg("--player")
        .arg(player.path())
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn build_never_replaces_a_folder_it_did_not_write() {
    let dir = course(&[("course.toml", TOML), ("01-a.md", "# A\n")]);
    for out in [dir.path().to_path_buf(), dir.path().join("..")] {
        let result = build(dir.path(), &out);
        assert_eq!(result.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&result.stderr).contains("is not an earlier build"));
    }
    assert!(dir.path().join("course.toml").is_file() && dir.path().join("01-a.md").is_file(), "sources kept");
}

#[test]
fn snippets_point_at_the_right_place_in_a_file_with_a_byte_order_mark() {
    let dir = course(&[("course.toml", TOML), ("01-a.md", "\u{feff}# A\n\nÄÄ<b>x</b>\n")]);
    let text = stdout(&lotse().arg("check").arg(dir.path()).output().unwrap());
    assert!(text.contains("01-a.md:3:3"), "{text}");
    assert!(text.contains("3 │ ÄÄ<b>x</b>\n  │   ^^^"), "the caret under <b>: {text}");
}

#[test]
fn build_writes_the_player_the_document_and_the_images() {
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let out = build(&sample(), &site);
    assert!(out.status.success(), "{}", stdout(&out));
    for name in
        ["index.html", "boot.js", "lotse.js", "lotse_bg.wasm", "lotse.css", "course.json", "two-way.svg"]
    {
        assert!(site.join(name).is_file(), "{name} is in the site");
    }
    assert!(!site.join("course.toml").exists() && !site.join("01-two-way-process.md").exists(), "no sources");
    let json = std::fs::read_to_string(site.join("course.json")).unwrap();
    assert!(json.starts_with(r#"{"format":2,"id":"integration-basics""#), "{json}");
    let page = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(page.contains("<title>Integration as a two-way process</title>"), "the course's title: {page}");
}

#[test]
fn the_page_is_titled_with_the_course_escaped() {
    let dir = course(&[
        ("course.toml", &TOML.replace("title = \"T\"", "title = \"Rights & duties <basics>\"")),
        ("01-a.md", "# A\n"),
    ]);
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    assert!(build(dir.path(), &site).status.success());
    let page = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(page.contains("<title>Rights &amp; duties &lt;basics&gt;</title>"), "{page}");
}

#[test]
fn build_writes_one_document_per_language() {
    let toml =
        "id = \"t\"\ntitle = \"T\"\nlanguage = \"en\"\nlanguages = [\"en\", \"de\"]\nversion = \"1\"\n\
                modules = [\"01-a.md\"]\n[translations.de]\ntitle = \"T (de)\"\n";
    let dir = course(&[("course.toml", toml), ("01-a.md", "# A\n"), ("01-a.de.md", "# A auf Deutsch\n")]);
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let out = build(dir.path(), &site);
    assert!(out.status.success(), "{}", stdout(&out));
    let en = std::fs::read_to_string(site.join("course.json")).unwrap();
    let de = std::fs::read_to_string(site.join("course.de.json")).unwrap();
    assert!(en.contains(r#""language":"en""#) && en.contains(r#""languages":["en","de"]"#), "{en}");
    assert!(de.contains(r#""title":"T (de)""#) && de.contains("A auf Deutsch"), "{de}");
}

/// `lotse serve` on a free port, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, player: &Path) -> Server {
    let mut child = lotse()
        .arg("serve")
        .arg(dir)
        .arg("--player")
        .arg(player)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect(&line).to_string();
    assert!(addr.starts_with("127.0.0.1:"), "listens on loopback only: {line}");
    Server { child, addr }
}

/// (status code, headers and body) of a GET.
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.addr).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, response)
}

#[test]
fn serve_lists_courses_serves_them_and_shows_problems() {
    let player = fake_player();
    let courses = tempfile::tempdir().unwrap();
    let good = courses.path().join("good");
    let broken = courses.path().join("broken");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(good.join("course.toml"), TOML.replace("title = \"T\"", "title = \"A <good> course\""))
        .unwrap();
    std::fs::write(good.join("01-a.md"), "# A\n\nHello.\n").unwrap();
    std::fs::write(broken.join("course.toml"), TOML).unwrap();
    std::fs::write(broken.join("01-a.md"), "No title.\n").unwrap();
    let server = serve(courses.path(), player.path());

    let (status, page) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(page.contains("A &lt;good&gt; course"), "titles are escaped: {page}");
    assert!(page.contains("href=\"/good/\"") && page.contains("1 error"), "{page}");

    let (status, page) = get(&server, "/good");
    assert_eq!(status, 308, "{page}");
    assert!(page.to_ascii_lowercase().contains("\r\nlocation: /good/\r\n"), "{page}");
    let (status, page) = get(&server, "/good/");
    assert!(status == 200 && page.contains("player file index.html"), "{page}");
    let (status, page) = get(&server, "/good/course.json");
    assert!(
        status == 200 && page.contains("application/json") && page.contains(r#""title":"A <good> course""#)
    );
    let (status, page) = get(&server, "/good/lotse_bg.wasm");
    assert!(status == 200 && page.contains("application/wasm"), "{page}");

    // An edit shows on the next request, without restarting the server.
    std::fs::write(good.join("01-a.md"), "# Renamed\n").unwrap();
    assert!(get(&server, "/good/course.json").1.contains(r#""title":"Renamed""#));

    let (status, page) = get(&server, "/broken/");
    assert_eq!(status, 200);
    assert!(page.contains("This course has problems") && page.contains("this module has no title"), "{page}");

    std::fs::write(good.join("mein bild.png"), "png").unwrap();
    let (status, page) = get(&server, "/good/mein%20bild.png");
    assert!(status == 200 && page.contains("image/png"), "a file name with a space: {page}");

    for path in [
        "/good/../broken/course.toml",
        "/good/01-a.md",
        "/good/course.toml",
        "/nope/",
        "/good/%2e%2e/broken/course.toml",
        "/good/..%2fbroken%2fcourse.toml",
        "/good/%2ehidden",
        "/good/%ff",
    ] {
        assert_eq!(get(&server, path).0, 404, "{path}");
    }
}

/// The events `lotse serve` sends a page that shows `version` of the course `name`.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(server: &Server, name: &str, version: &str) -> Events {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "GET /.lotse/events?course={name}&shows=course&version={version} HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .unwrap();
        let mut events = Events(BufReader::new(stream));
        let head = events.until("retry: 1000");
        assert!(
            head.starts_with("HTTP/1.1 200 OK\r\n")
                && head.to_ascii_lowercase().contains("\r\ncontent-type: text/event-stream\r\n"),
            "{head}"
        );
        events
    }

    /// What arrives up to the end of the first event (or field) that contains `text`: the head,
    /// then the stream's text without the chunks' framing (their lines end in CR LF, which the
    /// events' lines never do).
    fn until(&mut self, text: &str) -> String {
        let mut seen = String::new();
        while !(seen.contains(text) && seen.ends_with("\n\n")) {
            let mut line = String::new();
            assert!(self.0.read_line(&mut line).unwrap() > 0, "the stream ended before {text:?}: {seen}");
            let framing = line.ends_with("\r\n") && seen.contains("\r\n\r\n");
            if !framing {
                seen += &line;
            }
        }
        seen
    }
}

#[test]
fn serve_tells_open_pages_to_reload_or_to_show_the_problems() {
    let player = fake_player();
    let root = tempfile::tempdir().unwrap();
    // Not the temporary folder itself: its name begins with a dot, which is never served.
    let dir = root.path().join("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("course.toml"), TOML).unwrap();
    std::fs::write(dir.join("01-a.md"), "# A\n\nHello.\n").unwrap();
    let server = serve(&dir, player.path());
    let (_, page) = get(&server, "/mine/");
    let version =
        page.split("data-version=\"").nth(1).and_then(|r| r.split('"').next()).expect(&page).to_string();
    assert!(
        page.contains(&format!(
            "<script src=\"/.lotse/live.js\" data-course=\"mine\" data-shows=\"course\" data-version=\"{version}\"></script>"
        )),
        "the live script, in the served page only: {page}"
    );
    let (status, script) = get(&server, "/.lotse/live.js");
    assert!(
        status == 200 && script.contains("text/javascript") && script.contains("EventSource"),
        "{script}"
    );

    // An error: the problems, as `lotse check` writes them, for the page to show over itself.
    let mut events = Events::open(&server, "mine", &version);
    std::fs::write(dir.join("01-a.md"), "# A\n\n![](x.png)\n").unwrap();
    // Up to the problems of the file as written: an editor's save (and this test's) may first show
    // the server an empty file, whose own problems come first.
    let seen = events.until("01-a.md:3:1");
    let data = seen.rsplit("event: problems\ndata: ").next().and_then(|r| r.lines().next()).expect(&seen);
    let problems: serde_json::Value = serde_json::from_str(data).unwrap();
    let text = problems["text"].as_str().unwrap();
    assert!(text.contains("01-a.md:3:1") && text.contains("3 │ ![](x.png)"), "{text}");
    assert!(text.contains("hint: describe what the image shows"), "{text}");

    // Fixed as the page has it: the problems go; changed: the page reloads.
    std::fs::write(dir.join("01-a.md"), "# A\n\nHello.\n").unwrap();
    events.until("event: clear");
    std::fs::write(dir.join("01-a.md"), "# B\n").unwrap();
    events.until("event: reload");
    // A page of another version is told at once.
    Events::open(&server, "mine", &version).until("event: reload");
}

/// A browser holds several connections open to a server and reuses them (six per host, and
/// more across tabs); `lotse serve` once left the ones beyond its fourth busy thread unanswered
/// for as long as the others stayed open, so a page load hung. Sixteen connections opened at
/// once, kept open, each with a request: every one is answered.
#[test]
fn serve_answers_every_connection_a_browser_holds_open() {
    let player = fake_player();
    let server = serve(&sample(), player.path());
    for round in 0..3 {
        let answered: Vec<_> = (0..16)
            .map(|_| {
                let addr = server.addr.clone();
                std::thread::spawn(move || {
                    let mut stream = TcpStream::connect(&addr).unwrap();
                    // Only so that a hang fails the test instead of stopping it.
                    stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
                    write!(stream, "GET /.lotse/live.js HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
                    let mut head = String::new();
                    let read = BufReader::new(&stream).read_line(&mut head);
                    (stream, read.map(|_| head))
                })
            })
            .collect();
        // Joined only once all were sent: the connections stay open meanwhile.
        let answered: Vec<_> = answered.into_iter().map(|t| t.join().unwrap()).collect();
        for (n, (_, head)) in answered.iter().enumerate() {
            match head {
                Ok(head) => {
                    assert!(head.starts_with("HTTP/1.1 200"), "round {round}, connection {n}: {head}")
                }
                Err(err) => panic!("round {round}, connection {n} had no answer: {err}"),
            }
        }
    }
}

#[test]
fn serve_says_what_to_do_when_the_port_is_taken_or_the_folder_missing() {
    let player = fake_player();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = lotse()
        .arg("serve")
        .arg(sample())
        .arg("--player")
        .arg(player.path())
        .args(["--port", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let want = format!(
        "error: port {port} is in use by another program: stop it, or run `lotse serve {} --port {}`\n",
        sample().display(),
        port + 1
    );
    assert_eq!(err, want);

    let gone = tempfile::tempdir().unwrap().path().join("no-such-course");
    let out = lotse().arg("serve").arg(&gone).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        format!(
            "error: {} does not exist: give the folder of a course (the one with course.toml), or a folder of courses\n",
            gone.display()
        )
    );
}

/// `lotse stats courses | head -1`: the reader stops reading, and lotse ends quietly instead of
/// panicking on the closed pipe.
#[test]
fn a_reader_that_stops_reading_ends_lotse_quietly() {
    let courses = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../courses");
    for command in ["stats", "check"] {
        let mut child =
            lotse().arg(command).arg(&courses).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        // Closed before lotse has read the courses, let alone written a line.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && out.status.code() != Some(101),
            "{command}: {:?} {err}",
            out.status
        );
    }
}
