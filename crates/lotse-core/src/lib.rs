//! Lotse's pure logic, shared by the player (wasm32) and the native tools.
//!
//! - [`model`]: the compiled course document the player renders (serde, versioned).
//! - [`compile`]: the Markdown compiler, from in-memory course files to a [`model::Course`] and
//!   [`diag::Diagnostic`]s. Behind the `compiler` feature, which the player does not enable.
//! - [`learner`]: the learner's progress as data + [`learner::Action`] + a pure `apply`, with
//!   scoring and the completion rule.
//! - [`cmi5`]: the cmi5 launch (URL, token, `LMS.LaunchData`) and the xAPI statements, in cmi5's order.
//! - [`ui`]: the player's own words in each interface language, and the choice of language.
//! - [`scorm`]: what the player reads from a SCORM 2004 or 1.2 LMS and sends to it, in the formats real LMSs accept.
//! - [`scorm12`]: SCORM 1.2 value formats (status words, decimals, timespans).
//! - [`preview`]: what the player would send to a SCORM LMS, for the trainer's preview panel
//!   (feature `preview`, on by default; the player's learners' builds leave it out).
//! - [`suspend`]: saved progress as compact, versioned `cmi.suspend_data`, keyed by stable ids.
//! - [`embed`]: the postMessage protocol for custom host pages: the messages' text, the host's read.
//! - [`stats`]: figures about a compiled course for its author (words, interactions by kind,
//!   translation coverage); native tools only, behind `compiler`.
//! - [`text`]: small texts the player shows (file sizes), without float formatting.
//!
//! Nothing here touches the web, the DOM, a clock or the disk: time comes in as milliseconds,
//! files come in as bytes.

pub mod cmi5;
#[cfg(feature = "compiler")]
pub mod compile;
pub mod diag;
pub mod embed;
pub mod json;
pub mod learner;
pub mod model;
#[cfg(feature = "preview")]
pub mod preview;
#[cfg(all(test, feature = "compiler"))]
mod properties;
pub mod scorm;
pub mod scorm12;
#[cfg(feature = "compiler")]
pub mod stats;
pub mod suspend;
#[cfg(any(test, feature = "worst-case"))]
mod testing;
pub mod text;
pub mod ui;
#[cfg(any(test, feature = "worst-case"))]
pub mod worst_case;
