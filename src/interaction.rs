//! One interaction: a fieldset with the prompt as its legend, the kind's controls, "Check answer"
//! (or "Save"), and feedback announced through a live region. What is right, how often the
//! learner may try and what is kept is decided by lotse-core's `learner`; what the learner is
//! editing before checking is a [`Draft`] kept by the player. A plain function, not a component,
//! and controls built by a few shared functions, for the same reason as in [`crate::view`]: the
//! payload budget.

use lotse_core::learner::{
    fits, judge, may_check, number_answer, scenario_step, shuffled, text_answer, Response,
};
use lotse_core::model::{plain_text, Block, Inline, Interaction, Kind};
use std::rc::Rc;
use web_sys::HtmlInputElement;

use yew::prelude::*;
use yew::virtual_dom::{AttributeOrProperty, Attributes, Listener, Listeners, VTag};

use crate::view::{self, button, details, each, el, frag, node, node_on, text, Ctx};

/// What the learner is editing in an interaction before checking it, and whether they were told
/// to answer first: state of the page, not progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    pub response: Option<Response>,
    pub nudge: bool,
}

/// A radio button or checkbox.
#[inline(never)]
fn input(
    kind: &'static str,
    id: String,
    name: String,
    checked: bool,
    label: Option<String>,
    on: Callback<Event>,
) -> Html {
    let values = [Some(kind.into()), Some(id.into()), Some(name.into()), label.map(Into::into)];
    let values = values.into_iter().map(|v| v.map(AttributeOrProperty::Attribute)).collect();
    let attributes = Attributes::Dynamic { keys: &["type", "id", "name", "aria-label"], values };
    let listener: Rc<dyn Listener> = Rc::new(yew::html::onchange::Wrapper::new(on));
    let listeners = Listeners::Pending(Box::new([Some(listener)]));
    VTag::__new_input(None, Some(checked), NodeRef::default(), None, attributes, listeners).into()
}

/// A text field, or with `multiline` a text area, for the learner's answer.
#[inline(never)]
fn text_input(
    multiline: bool,
    id: String,
    value: String,
    mode: Option<&'static str>,
    on: Callback<InputEvent>,
) -> Html {
    let values =
        [Some(id.into()), Some("Your answer".into()), multiline.then_some("5".into()), mode.map(Into::into)];
    let values = values.into_iter().map(|v| v.map(AttributeOrProperty::Attribute)).collect();
    let attributes = Attributes::Dynamic { keys: &["id", "aria-label", "rows", "inputmode"], values };
    let listener: Rc<dyn Listener> = Rc::new(yew::html::oninput::Wrapper::new(on));
    let listeners = Listeners::Pending(Box::new([Some(listener)]));
    let (node_ref, value) = (NodeRef::default(), Some(AttrValue::from(value)));
    let tag = if multiline {
        VTag::__new_textarea(value, None, node_ref, None, attributes, listeners)
    } else {
        VTag::__new_input(value, None, node_ref, None, attributes, listeners)
    };
    tag.into()
}

/// A callback that sets the response being edited to `r`, whatever the event: one closure type
/// for every control that stands for one response.
fn pick<E: 'static>(set: &Callback<Response>, r: Response) -> Callback<E> {
    set.reform(move |_| r.clone())
}

/// `<label for=id>`
fn label(id: String, children: Html) -> Html {
    node("label", &["for"], vec![Some(id.into())], children)
}

/// The chosen indices of a choice response.
fn chosen(response: &Option<Response>) -> &[usize] {
    match response {
        Some(Response::Choice(n)) => std::slice::from_ref(n),
        Some(
            Response::Choices(v)
            | Response::Matches(v)
            | Response::Ratings(v)
            | Response::Order(v)
            | Response::Path(v),
        ) => v,
        _ => &[],
    }
}

/// One interaction of the module on screen, with what the learner has answered and is editing.
pub fn interaction(it: &Interaction, ctx: &Ctx) -> Html {
    let inl = |content: &[Inline]| view::inlines(content, ctx);
    let answer = ctx.answers.iter().find(|a| a.id == it.id);
    let draft = ctx.drafts.iter().find(|d| d.id == it.id);
    let open = may_check(it, answer);
    // What the controls show: the response being edited, else the last one checked.
    let last = answer.map(|a| a.response.clone());
    let shown = if open { draft.and_then(|d| d.response.clone()).or(last) } else { last };
    let current = chosen(&shown);
    let name = format!("i-{}", it.id);
    let id_of = |n: usize| format!("{name}-{n}");
    let set = {
        let id = it.id.clone();
        ctx.on_draft.reform(move |r: Response| Draft { id: id.clone(), response: Some(r), nudge: false })
    };
    // The response "Check answer" sends when the learner has not touched the controls.
    let mut initial = None;
    let mut save = false;

    let controls = match &it.kind {
        Kind::SingleChoice(choices) | Kind::TrueFalse(choices) | Kind::MultipleChoice(choices) => {
            let multiple = matches!(it.kind, Kind::MultipleChoice(_));
            each(choices.len(), &|n| {
                let on = !current.contains(&n);
                let next = if multiple {
                    // The chosen set with `n` toggled, in ascending order.
                    Response::Choices(
                        (0..choices.len())
                            .filter(|&c| if c == n { on } else { current.contains(&c) })
                            .collect(),
                    )
                } else {
                    Response::Choice(n)
                };
                let kind = if multiple { "checkbox" } else { "radio" };
                let control = input(kind, id_of(n), name.clone(), !on, None, pick(&set, next));
                el("div", Some("option"), frag(vec![control, label(id_of(n), inl(&choices[n].content))]))
            })
        }
        Kind::FillIn(_) | Kind::Numeric(_) | Kind::Reflection { .. } => {
            let make: fn(String) -> Response = match it.kind {
                Kind::FillIn(_) => Response::Text,
                Kind::Numeric(_) => Response::Number,
                _ => {
                    save = true;
                    Response::Reflection
                }
            };
            let value = match &shown {
                Some(Response::Text(t) | Response::Number(t) | Response::Reflection(t)) => t.clone(),
                _ => String::new(),
            };
            let oninput =
                set.reform(move |e: InputEvent| make(e.target_unchecked_into::<HtmlInputElement>().value()));
            let mode = matches!(it.kind, Kind::Numeric(_)).then_some("decimal");
            text_input(save, id_of(0), value, mode, oninput)
        }
        Kind::Matching(pairs) => {
            let offered = shuffled(pairs.len(), &it.id);
            each(pairs.len(), &|l| {
                let before = if current.len() == pairs.len() {
                    current.to_vec()
                } else {
                    vec![usize::MAX; pairs.len()]
                };
                let choice = before[l];
                let onchange = set.reform(move |e: Event| {
                    let mut v = before.clone();
                    v[l] =
                        e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(usize::MAX);
                    Response::Matches(v)
                });
                let options = each(offered.len() + 1, &|k| {
                    // First "Choose …", then the right items in their shuffled order.
                    let (value, selected, content) = match k.checked_sub(1).map(|k| offered[k]) {
                        Some(r) => (r.to_string(), choice == r, plain_text(&pairs[r].right)),
                        None => (String::new(), choice >= pairs.len(), "Choose …".to_string()),
                    };
                    let selected = selected.then_some(AttrValue::Static(""));
                    node("option", &["value", "selected"], vec![Some(value.into()), selected], text(&content))
                });
                let listener: Rc<dyn Listener> = Rc::new(yew::html::onchange::Wrapper::new(onchange));
                let select = node_on("select", &["id"], vec![Some(id_of(l).into())], Some(listener), options);
                el("div", Some("option"), frag(vec![label(id_of(l), inl(&pairs[l].left)), select]))
            })
        }
        Kind::Ordering(items) => {
            let order =
                if current.len() == items.len() { current.to_vec() } else { shuffled(items.len(), &it.id) };
            let rows = each(order.len(), &|k| {
                let mut up = order.clone();
                up.swap(k, k.saturating_sub(1));
                let move_up =
                    button(None, Some("Move up"), None, k == 0, pick(&set, Response::Order(up)), text("↑"));
                el("li", None, frag(vec![inl(&items[order[k]]), move_up]))
            });
            initial = Some(Response::Order(order));
            el("ol", Some("ordering"), rows)
        }
        Kind::SelfAssessment(sa) => {
            save = true;
            let ratings = if current.len() == sa.statements.len() {
                current.to_vec()
            } else {
                vec![usize::MAX; sa.statements.len()]
            };
            let head = each(sa.scale.len(), &|k| {
                node("th", &["scope"], vec![Some("col".into())], inl(&sa.scale[k]))
            });
            let rows = each(sa.statements.len(), &|s| {
                let cells = each(sa.scale.len(), &|k| {
                    let mut next = ratings.clone();
                    next[s] = k;
                    let on = pick(&set, Response::Ratings(next));
                    let label = Some(plain_text(&sa.scale[k]));
                    el("td", None, input("radio", id_of(s * 1000 + k), id_of(s), ratings[s] == k, label, on))
                });
                let statement = node("th", &["scope"], vec![Some("row".into())], inl(&sa.statements[s]));
                el("tr", None, frag(vec![statement, cells]))
            });
            let head = el("thead", None, el("tr", None, frag(vec![el("td", None, Html::default()), head])));
            el(
                "div",
                Some("table-scroll"),
                el("table", Some("rating"), frag(vec![head, el("tbody", None, rows)])),
            )
        }
        Kind::Scenario(steps) => {
            let (path, at) = match scenario_step(steps, current) {
                Some(at) => (current.to_vec(), at),
                None => (Vec::new(), 0),
            };
            let Some(step) = steps.get(at) else { return Html::default() };
            // The consequence of the last choice, shown before the step it led to.
            let consequence = path
                .split_last()
                .and_then(|(last, before)| steps.get(scenario_step(steps, before)?)?.paths.get(*last))
                .map(|p| view::blocks(&p.feedback, ctx));
            let paths = each(step.paths.len(), &|k| {
                let mut next = path.clone();
                next.push(k);
                let ending =
                    steps.iter().find(|s| s.id == step.paths[k].to).is_some_and(|s| s.paths.is_empty());
                let (set, on_check, id) = (set.clone(), ctx.on_check.clone(), it.id.clone());
                let onclick = Callback::from(move |_: MouseEvent| {
                    let r = Response::Path(next.clone());
                    set.emit(r.clone());
                    if ending {
                        on_check.emit((id.clone(), r));
                    }
                });
                button(None, None, None, false, onclick, inl(&step.paths[k].content))
            });
            let restart = (open && step.paths.is_empty()).then(|| {
                button(None, None, None, false, pick(&set, Response::Path(vec![])), text("Start again"))
            });
            let title = el("p", Some("label"), el("strong", None, inl(&step.title)));
            let paths = el("div", Some("paths"), frag(vec![paths, restart.unwrap_or_default()]));
            let children =
                vec![consequence.unwrap_or_default(), title, view::blocks(&step.blocks, ctx), paths];
            el("div", Some("step"), frag(children))
        }
    };

    let check = {
        let (on_draft, on_check, id) = (ctx.on_draft.clone(), ctx.on_check.clone(), it.id.clone());
        let response = shown.clone().or(initial).filter(|r| fits(&it.kind, r));
        let draft = draft.and_then(|d| d.response.clone());
        Callback::from(move |_: MouseEvent| match &response {
            Some(r) => on_check.emit((id.clone(), r.clone())),
            None => on_draft.emit(Draft { id: id.clone(), response: draft.clone(), nudge: true }),
        })
    };
    let scenario = matches!(it.kind, Kind::Scenario(_));

    let feedback = answer.map(|a| {
        let verdict = judge(&it.kind, &a.response);
        let (class, message) = match verdict {
            Some(true) => ("feedback correct", "Correct."),
            Some(false) if open => ("feedback wrong", "Not correct. Try again."),
            Some(false) => ("feedback wrong", "Not correct."),
            None if scenario => ("feedback", ""),
            None => ("feedback", "Saved."),
        };
        let mut shown: Vec<&Vec<Block>> = Vec::new();
        match (&it.kind, &a.response) {
            (Kind::SingleChoice(c) | Kind::TrueFalse(c) | Kind::MultipleChoice(c), r) => {
                shown.extend(chosen(&Some(r.clone())).iter().filter_map(|&n| c.get(n)).map(|c| &c.feedback));
            }
            (Kind::FillIn(f), Response::Text(t)) => shown.extend(text_answer(f, t).map(|a| &a.feedback)),
            (Kind::Numeric(n), Response::Number(t)) => shown.extend(number_answer(n, t).map(|a| &a.feedback)),
            _ => {}
        }
        if !open || verdict.is_none() {
            shown.push(&it.feedback);
        }
        let solution = (!open && verdict == Some(false) && it.solution).then(|| solution(&it.kind, ctx));
        let message =
            (!message.is_empty()).then(|| el("p", Some("verdict"), el("strong", None, text(message))));
        let blocks = each(shown.len(), &|i| view::blocks(shown[i], ctx));
        el("div", Some(class), frag(vec![message.unwrap_or_default(), blocks, solution.unwrap_or_default()]))
    });
    let nudge = draft.is_some_and(|d| d.nudge).then(|| {
        let message = match it.kind {
            Kind::SingleChoice(_) | Kind::TrueFalse(_) | Kind::MultipleChoice(_) => "Choose an option first.",
            Kind::Numeric(_) => "Enter a number, for example 12 or 2.5.",
            Kind::FillIn(_) | Kind::Reflection { .. } => "Write your answer first.",
            _ => "Answer every item first.",
        };
        el("p", None, text(message))
    });
    let hint =
        (open && !it.hint.is_empty()).then(|| details("hint", text("Hint"), view::blocks(&it.hint, ctx)));
    let check = (open && !scenario)
        .then(|| button(None, None, None, false, check, text(if save { "Save" } else { "Check answer" })));
    let status = node(
        "div",
        &["role"],
        vec![Some("status".into())],
        frag(vec![nudge.unwrap_or_default(), feedback.unwrap_or_default()]),
    );
    let legend = el("legend", None, inl(&it.prompt));
    // A fieldset disabled once no answer may be checked locks every control in it.
    let children = vec![
        legend,
        view::blocks(&it.context, ctx),
        controls,
        hint.unwrap_or_default(),
        check.unwrap_or_default(),
        status,
    ];
    let disabled = (!open).then_some(AttrValue::Static(""));
    node(
        "fieldset",
        &["class", "id", "disabled"],
        vec![Some("question".into()), Some(name.into()), disabled],
        frag(children),
    )
}

/// The correct answer, shown once no attempt is left when the author allows it.
fn solution(kind: &Kind, ctx: &Ctx) -> Html {
    let item = |content: Html| el("li", None, content);
    let items: Vec<Html> = match kind {
        Kind::SingleChoice(c) | Kind::TrueFalse(c) | Kind::MultipleChoice(c) => {
            c.iter().filter(|c| c.correct).map(|c| item(view::inlines(&c.content, ctx))).collect()
        }
        Kind::FillIn(f) => {
            f.answers.iter().filter(|a| a.correct).take(1).map(|a| item(text(&a.text))).collect()
        }
        Kind::Numeric(n) => n
            .iter()
            .filter(|a| a.correct)
            .take(1)
            .map(|a| {
                item(text(&if a.min == a.max { a.min.clone() } else { format!("{} to {}", a.min, a.max) }))
            })
            .collect(),
        Kind::Matching(pairs) => pairs
            .iter()
            .map(|p| item(frag(vec![view::inlines(&p.left, ctx), text(" → "), view::inlines(&p.right, ctx)])))
            .collect(),
        Kind::Ordering(items) => items.iter().map(|i| item(view::inlines(i, ctx))).collect(),
        _ => return Html::default(),
    };
    let title = el("p", None, el("strong", None, text("The correct answer:")));
    el("div", Some("solution"), frag(vec![title, el("ul", None, frag(items))]))
}
