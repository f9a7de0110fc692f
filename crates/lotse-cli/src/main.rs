//! `lotse`: the trainer's tool. Thin: each subcommand is a module with its arguments and an
//! `execute` function. Reading folders and writing files happens here, never in lotse-core.

mod build;
mod check;
mod folder;
mod manifest;
mod new;
mod package;
mod player;
mod report;
mod serve;
mod stats;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "lotse", version, about = "Start, check, count, preview, build and package Lotse courses")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    New(new::Args),
    Check(check::Args),
    Serve(serve::Args),
    Build(build::Args),
    Package(package::Args),
    Stats(stats::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `lotse check | head` ends quietly, as other command-line tools do, when the reader stops
    // reading: Rust ignores SIGPIPE, and printing to the closed pipe would panic. Not `serve`:
    // a browser that closes a connection must never end the server (its output never panics).
    #[cfg(unix)]
    if !matches!(cli.command, Command::Serve(_)) {
        // SAFETY: before any thread is started; SIG_DFL is the signal's default action.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let outcome = match cli.command {
        Command::New(args) => new::execute(args),
        Command::Check(args) => check::execute(args),
        Command::Serve(args) => serve::execute(args),
        Command::Build(args) => build::execute(args),
        Command::Package(args) => package::execute(args),
        Command::Stats(args) => stats::execute(args),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
