//! Installs what the build and the tests need on a fresh Debian machine, or stops with a message
//! that says exactly what to install: the wasm32 target and the standard library's source
//! (rustup), Chromium and its driver (apt,
//! as root), wrk for the load test (apt), Node.js packages (`npm ci` from the committed lock file).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::run;

pub fn wasm_target() -> Result<()> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown") => Ok(()),
        Ok(_) => run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
            .context("could not add the wasm32 target: run `rustup target add wasm32-unknown-unknown`"),
        Err(_) => bail!(
            "rustup was not found. Install the wasm32 target for your Rust toolchain \
             (`rustup target add wasm32-unknown-unknown`) and run this again."
        ),
    }
}

/// The standard library's source (rustup's `rust-src` component): the player's release build
/// compiles std itself (`-Zbuild-std`, `build::build_variant`) so that panics abort at once.
pub fn rust_src() -> Result<()> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(rustc).args(["--print", "sysroot"]).output();
    let library = match sysroot {
        Ok(out) if out.status.success() => {
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("lib/rustlib/src/rust/library")
        }
        _ => bail!("could not run `rustc --print sysroot` to find the standard library's source"),
    };
    if library.join("Cargo.lock").is_file() {
        return Ok(());
    }
    match Command::new("rustup").arg("--version").output() {
        Ok(_) => run(Command::new("rustup").args(["component", "add", "rust-src"])).with_context(|| {
            format!(
                "could not add the standard library's source, which the player's build compiles \
                 (-Zbuild-std): run `rustup component add rust-src` (it goes to {})",
                library.display()
            )
        }),
        Err(_) => bail!(
            "the player's build compiles the standard library (-Zbuild-std), whose source is missing \
             ({} not found) and rustup was not found. Install the rust-src component of your Rust \
             toolchain (`rustup component add rust-src`) and run this again.",
            library.display()
        ),
    }
}

pub struct Browser {
    pub chromium: PathBuf,
    pub driver: PathBuf,
}

/// Debian's Chromium and ChromeDriver, installed with apt when running as root.
pub fn chromium() -> Result<Browser> {
    let browser = Browser {
        chromium: PathBuf::from("/usr/bin/chromium"),
        driver: PathBuf::from("/usr/bin/chromedriver"),
    };
    if browser.chromium.exists() && browser.driver.exists() {
        return Ok(browser);
    }
    apt_install(&["chromium", "chromium-driver"], "the browser tests need Chromium and ChromeDriver")?;
    Ok(browser)
}

/// Debian's `wrk`, the HTTP load tool `cargo xtask load` runs, installed with apt when running
/// as root.
pub fn wrk() -> Result<()> {
    // `wrk -v` exits with 1 after its version; that it starts is enough.
    if Command::new("wrk").arg("-v").output().is_ok() {
        return Ok(());
    }
    apt_install(&["wrk"], "the load test of `lotse serve` needs wrk, an HTTP load tool")
}

/// Node.js `min_major` or newer with npm: the machine's own, or Debian's when running as root.
/// The build (wasm-opt, esbuild) runs on Debian 12's Node 18; the end-to-end tests need 20.
pub fn node(min_major: u32, purpose: &str) -> Result<()> {
    let version = |program: &str| {
        Command::new(program)
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    if version("node").is_none() || version("npm").is_none() {
        apt_install(&["nodejs", "npm"], &format!("{purpose} need Node.js {min_major} or newer with npm"))?;
    }
    let found = version("node").unwrap_or_default();
    let major: u32 =
        found.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < min_major {
        bail!(
            "{purpose} need Node.js {min_major} or newer (found {found:?}); install a newer Node.js \
             (for example from your distribution's backports) and run this again."
        );
    }
    Ok(())
}

/// Python 3, whose standard `zipfile` unzips the packages in the end-to-end tests as an LMS
/// would, with an implementation that is not ours.
pub fn python3() -> Result<()> {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        apt_install(&["python3"], "the end-to-end tests unzip packages with Python 3's zipfile")?;
    }
    Ok(())
}

fn apt_install(packages: &[&str], why: &str) -> Result<()> {
    let list = packages.join(" ");
    if !is_root() {
        bail!("{why}. Install them with:\n    sudo apt-get install {list}\nand run this again.");
    }
    eprintln!("{why}: installing {list} with apt-get");
    run(Command::new("apt-get").args(["update", "-q"]))
        .and_then(|()| {
            run(Command::new("apt-get")
                .args(["install", "-y", "-q"])
                .args(packages)
                .env("DEBIAN_FRONTEND", "noninteractive"))
        })
        .with_context(|| format!("could not install {list}: install them with `apt-get install {list}`"))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `npm ci` from the committed lock file, when node_modules is missing or older than the lock.
pub fn npm_packages(root: &Path) -> Result<()> {
    node(18, "wasm-opt and esbuild")?;
    let lock = root.join("package-lock.json");
    let marker = root.join("node_modules/.package-lock.json");
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let fresh = matches!((modified(&marker), modified(&lock)), (Some(m), Some(l)) if m >= l);
    if fresh {
        return Ok(());
    }
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root))
        .context("`npm ci` failed: the npm registry must be reachable the first time")
}

/// Chrome options for wasm-bindgen's runner: headless, as root, with a fresh profile so that
/// profile folders do not pile up in /tmp, and without background traffic to the internet.
pub fn webdriver_json(root: &Path) -> Result<PathBuf> {
    let dir = root.join("target/webdriver");
    let profile = dir.join("profile");
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile)?;
    let args = [
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let quoted: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
    let json = format!("{{\"goog:chromeOptions\": {{\"args\": [{}]}}}}\n", quoted.join(", "));
    let path = dir.join("webdriver.json");
    std::fs::write(&path, json)?;
    Ok(path)
}
