//! A single-choice question: a fieldset of radio buttons, "Check answer", and feedback announced
//! through a live region. Once checked, the answer is kept and the options are locked.

use std::rc::Rc;

use lotse_core::model::Course;
use yew::prelude::*;

use crate::view;

#[derive(Properties)]
pub struct Props {
    pub course: Rc<Course>,
    /// The question's id in `course`.
    pub id: AttrValue,
    /// The option the learner checked, if any.
    pub answer: Option<usize>,
    pub on_answer: Callback<(String, usize)>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.course, &other.course)
            && self.id == other.id
            && self.answer == other.answer
            && self.on_answer == other.on_answer
    }
}

#[function_component]
pub fn QuestionView(props: &Props) -> Html {
    let selected = use_state(|| props.answer);
    let nudge = use_state(|| false);
    let Some((_, q)) = props.course.questions().find(|(_, q)| q.id == props.id.as_str()) else {
        return html! {};
    };
    let name = format!("q-{}", q.id);
    let checked = props.answer;
    let current = checked.or(*selected);

    let options = q.options.iter().enumerate().map(|(i, option)| {
        let id = format!("{name}-{i}");
        let onchange = {
            let (selected, nudge) = (selected.clone(), nudge.clone());
            Callback::from(move |_: Event| {
                selected.set(Some(i));
                nudge.set(false);
            })
        };
        html! {
            <div class="option">
                <input type="radio" id={id.clone()} name={name.clone()} value={i.to_string()}
                    checked={current == Some(i)} disabled={checked.is_some()} {onchange} />
                <label for={id}>{ view::inlines(&option.content) }</label>
            </div>
        }
    });

    let check = {
        let (selected, nudge, on_answer, id) =
            (selected.clone(), nudge.clone(), props.on_answer.clone(), q.id.clone());
        Callback::from(move |_: MouseEvent| match *selected {
            Some(option) => on_answer.emit((id.clone(), option)),
            None => nudge.set(true),
        })
    };

    let feedback = match checked.and_then(|i| q.options.get(i)) {
        Some(option) => {
            let (class, verdict) =
                if option.correct { ("correct", "Correct.") } else { ("wrong", "Not correct.") };
            let answers = view::Answers { course: &props.course, given: &[], on_answer: &props.on_answer };
            html! {
                <div class={classes!("feedback", class)}>
                    <p class="verdict"><strong>{ verdict }</strong></p>
                    { view::blocks(&option.feedback, &answers) }
                </div>
            }
        }
        None if *nudge => html! { <p>{ "Choose an option first." }</p> },
        None => html! {},
    };

    html! {
        <fieldset class="question" id={name.clone()}>
            <legend>{ view::inlines(&q.prompt) }</legend>
            { for options }
            if checked.is_none() {
                <button type="button" onclick={check}>{ "Check answer" }</button>
            }
            <div role="status">{ feedback }</div>
        </fieldset>
    }
}
