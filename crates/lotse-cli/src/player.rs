//! The player builds that go into a course's site: the ones embedded into `lotse` when it was
//! compiled (`build.rs`), or a build folder named with `--player DIR` (for developers and tests).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use lotse_core::compile::PLAYER_FILES;

/// One embedded build's files: name and bytes.
type Embedded = &'static [(&'static str, &'static [u8])];

include!(concat!(env!("OUT_DIR"), "/players.rs"));

/// A site's files by their `/`-separated path.
pub type Files = BTreeMap<String, Vec<u8>>;

/// A player build: which one (`web`, `scorm`, `cmi5`, `embed`, `preview`) and a text only its wasm holds,
/// so that a folder given with `--player` can be checked for the host it must speak to.
#[derive(Clone, Copy)]
pub struct Build {
    pub name: &'static str,
    /// The text, and what a player without it cannot do.
    pub marker: Option<(&'static str, &'static str)>,
}

pub const WEB: Build = Build { name: "web", marker: None };
pub const SCORM: Build = Build { name: "scorm", marker: Some(("API_1484_11", "talk to a SCORM LMS")) };
pub const CMI5: Build = Build { name: "cmi5", marker: Some(("LMS.LaunchData", "talk to a cmi5 LMS")) };
/// The element `src/bridge/embed.rs` reads the host origins from.
pub const EMBED: Build =
    Build { name: "embed", marker: Some(("lotse-host-origin", "be embedded by a host page")) };
/// The trainer's preview (the player's `preview` feature): standalone, with a panel that shows what
/// an LMS would receive. Only for `lotse serve`, never packaged; no marker, so that `serve
/// --player dist/web` still works.
pub const PREVIEW: Build = Build { name: "preview", marker: None };
/// The build `lotse serve` shows courses with: the preview build when this `lotse` has it, else
/// the web build.
pub const SERVE: Build = if HAS_PREVIEW { PREVIEW } else { WEB };

/// The files of `build`: from `dir` when given, else the ones embedded in this binary.
pub fn load(build: Build, dir: Option<&Path>) -> Result<Files> {
    let mut files = Files::new();
    match dir {
        Some(dir) => {
            for name in PLAYER_FILES {
                let path = dir.join(name);
                let bytes = std::fs::read(&path).with_context(|| {
                    format!("the player file {} is missing: run `cargo xtask build` first", path.display())
                })?;
                files.insert(name.to_string(), bytes);
            }
        }
        None => {
            let (_, embedded) = EMBEDDED.iter().find(|(name, _)| *name == build.name).with_context(|| {
                format!(
                    "this `lotse` was compiled without the player's {0} build (dist/{0} was missing): \
                     run `cargo xtask build`, which builds the player and then `lotse` with it, or \
                     give a player build with --player DIR",
                    build.name
                )
            })?;
            files.extend(embedded.iter().map(|(name, bytes)| (name.to_string(), bytes.to_vec())));
        }
    }
    if let Some((marker, purpose)) = build.marker {
        let wasm = files.get("lotse_bg.wasm").map(Vec::as_slice).unwrap_or_default();
        anyhow::ensure!(
            wasm.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "the player in {} cannot {purpose}: it is not the player's {} build; use --player \
             dist/{} (nothing was changed)",
            dir.map_or_else(|| "this `lotse`".to_string(), |d| d.display().to_string()),
            build.name,
            build.name
        );
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    #[test]
    fn serve_uses_the_preview_build_when_it_is_embedded() {
        let embedded = super::EMBEDDED.iter().any(|(name, _)| *name == "preview");
        assert_eq!(super::SERVE.name, if embedded { "preview" } else { "web" });
    }

    #[test]
    fn the_embedded_files_are_the_player_files() {
        // build.rs cannot use lotse-core; its list must be the compiler's.
        let script = include_str!("../build.rs");
        let listed = format!(
            "const FILES: [&str; {}] = {:?};",
            lotse_core::compile::PLAYER_FILES.len(),
            lotse_core::compile::PLAYER_FILES
        );
        // As rustfmt may break the line.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert!(squash(script).contains(&squash(&listed)), "build.rs must list {listed}");
    }
}
