//! Embeds the player builds into the `lotse` binary, so that a trainer needs that one file to
//! package a course. The builds are the folders `cargo xtask build` writes (`dist/<build>/` at the
//! workspace root, or `$LOTSE_PLAYERS/<build>/`). A build that is missing is left out: `lotse`
//! then says which build it lacks and how to get it, or takes one from `--players DIR`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The player builds `lotse` uses, as xtask's `VARIANTS` names them.
/// `preview` is the trainer's (`lotse serve`), never packaged.
const BUILDS: [&str; 5] = ["web", "scorm", "cmi5", "embed", "preview"];
/// The files of a build, as lotse-core's `PLAYER_FILES` names them (a test checks they agree).
const FILES: [&str; 6] =
    ["index.html", "boot.js", "lotse.js", "lotse_bg.wasm", "lotse.css", "lotse-icon.svg"];

fn main() {
    println!("cargo:rerun-if-env-changed=LOTSE_PLAYERS");
    let dist = std::env::var_os("LOTSE_PLAYERS").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("../../dist")
    });
    let mut code = String::from(
        "/// Each player build found when `lotse` was compiled: its name and its files.\n\
         pub static EMBEDDED: &[(&str, Embedded)] = &[\n",
    );
    for build in BUILDS {
        let paths: Vec<PathBuf> = FILES.iter().map(|file| dist.join(build).join(file)).collect();
        for path in &paths {
            // A missing file makes cargo run this script again on the next build, so a player
            // built later is picked up.
            println!("cargo:rerun-if-changed={}", path.display());
        }
        if paths.iter().all(|p| p.is_file()) {
            let _ = writeln!(code, "    (\"{build}\", &[");
            for (file, path) in FILES.iter().zip(&paths) {
                let path = path.canonicalize().expect("the file exists");
                let _ =
                    writeln!(code, "        (\"{file}\", include_bytes!({:?})),", path.display().to_string());
            }
            code.push_str("    ]),\n");
        }
    }
    code.push_str("];\n");
    let preview =
        BUILDS.iter().any(|b| *b == "preview" && FILES.iter().all(|f| dist.join(b).join(f).is_file()));
    let _ = writeln!(
        code,
        "/// Whether the trainer's preview build is among them.\nconst HAS_PREVIEW: bool = {preview};"
    );
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets it")).join("players.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
