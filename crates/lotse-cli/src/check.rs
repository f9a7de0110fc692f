//! `lotse check DIR`: compile one course, or every course in a folder, and print every problem.
//! Exit status 1 when there is an error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::{folder, report};

/// Check a course folder (or a folder of courses) and report every problem.
#[derive(clap::Args)]
pub struct Args {
    /// A course folder (with course.toml), or a folder of course folders.
    dir: PathBuf,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let mut failed = false;
    for dir in folder::courses(&args.dir)? {
        let course = folder::compile(&dir)?;
        print!("{}", report::render(&course));
        failed |= course.compiled.errors() > 0;
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
