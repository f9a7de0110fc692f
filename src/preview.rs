//! The trainer's "LMS preview" panel (feature `preview`: the build `lotse serve` uses, never a
//! learner's): a button (`aria-expanded`) that shows and hides a region with a heading, and in it,
//! per SCORM version, the values the LMS would hold (a `<dl>`: element, value), the length of
//! `cmi.suspend_data` against the version's limit, and the interaction records sent so far. It
//! renders what the host returns (`Host::preview`, worked out in lotse-core's `preview`); it knows
//! nothing of the host itself. Not size-tuned like `view.rs`: this build carries no budget.

use lotse_core::preview::{Record, Report};
use lotse_core::text::number;
use lotse_core::ui::{fill, PreviewUi};
use yew::prelude::*;

use crate::view::say;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub reports: Vec<Report>,
    pub words: &'static PreviewUi,
}

/// The id of the region the button controls, and of its heading.
const REGION: &str = "lms-preview";
const TITLE: &str = "lms-preview-title";

#[function_component]
pub fn LmsPreview(props: &Props) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let words = props.words;
    let content = if *open {
        html! {
            <>
                <h2 id={TITLE}>{ say(words.title) }</h2>
                <p>{ say(words.intro) }</p>
                { for props.reports.iter().map(|r| report(r, words)) }
            </>
        }
    } else {
        Html::default()
    };
    html! {
        <aside class="lms-preview">
            <button
                type="button"
                class="lms-preview-toggle"
                aria-expanded={if *open { "true" } else { "false" }}
                aria-controls={REGION}
                onclick={toggle}
            >
                { say(words.toggle) }
            </button>
            <section id={REGION} aria-labelledby={TITLE} hidden={!*open}>{ content }</section>
        </aside>
    }
}

/// One version: its values, the length of `cmi.suspend_data`, its interaction records.
fn report(report: &Report, words: &'static PreviewUi) -> Html {
    let mut size = fill(
        words.characters,
        &[("length", &number(report.suspend as u64)), ("limit", &number(report.limit as u64))],
    );
    if report.needed > report.suspend {
        size =
            [size.as_str(), " (", &fill(words.shortened, &[("needed", &number(report.needed as u64))]), ")"]
                .concat();
    }
    let records = if report.records.is_empty() {
        html! { <p>{ say(words.no_records) }</p> }
    } else {
        html! { <ol class="lms-records">{ for report.records.iter().map(record) }</ol> }
    };
    html! {
        <section class="lms-version">
            <h3>{ report.name() }</h3>
            <dl class="lms-values">
                { for report.values.iter().map(|(element, value)| row(element, value)) }
                <dt><code>{ "cmi.suspend_data" }</code></dt>
                <dd class="lms-suspend">{ say(&size) }</dd>
            </dl>
            <h4>{ say(words.records) }</h4>
            { records }
        </section>
    }
}

fn record(record: &Record) -> Html {
    html! {
        <li>
            <code>{ &record.element }</code>
            <dl class="lms-values">
                { for record.fields.iter().map(|(field, value)| row(field, value)) }
            </dl>
        </li>
    }
}

/// An element and its value; an empty value is shown as `""` (SCORM 1.2's exit of a finished course).
fn row(element: &str, value: &str) -> Html {
    let value = if value.is_empty() { "\"\"" } else { value };
    html! {
        <>
            <dt><code>{ element.to_string() }</code></dt>
            <dd><code>{ value.to_string() }</code></dd>
        </>
    }
}
