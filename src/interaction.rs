//! One interaction: a fieldset with the prompt as its legend, the kind's controls, "Check answer"
//! (or "Save"), and feedback announced through a live region. What is right, how often the
//! learner may try and what is kept is decided by lotse-core's `learner`; what the learner is
//! editing before checking is a [`Draft`] kept by the player. A plain function, not a component,
//! and controls built by a few shared functions, for the same reason as in [`crate::view`]: the
//! payload budget.

use lotse_core::json::whole_number;
use lotse_core::learner::{
    fits, judge, may_check, number_answer, scenario_step, shuffled, text_answer, Action, Response,
};
use lotse_core::model::{plain_text, Block, Inline, Interaction, Kind};
use lotse_core::text::number;
use lotse_core::ui::{fill, Ui};
use std::rc::Rc;
use web_sys::HtmlInputElement;

use yew::prelude::*;
use yew::virtual_dom::{Listener, Listeners, VTag};

use crate::player::{focus_later, Msg};
use crate::view::{self, button, details, each, el, fixed, frag, keyed, node, say, text, Ctx};
use yew::virtual_dom::AttributeOrProperty::{Attribute as Attr, Static};

/// What the learner is editing in an interaction before checking it, whether they were told
/// to answer first, and which item of an ordering they moved last (its new position is
/// announced): state of the page, not progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    pub response: Option<Response>,
    pub nudge: bool,
    pub moved: Option<usize>,
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
    let values = vec![
        Some(Static(kind)),
        Some(Attr(id.into())),
        Some(Attr(name.into())),
        label.map(|l| Attr(l.into())),
    ];
    let attributes = view::attributes(&["type", "id", "name", "aria-label"], values);
    let listener: Rc<dyn Listener> = Rc::new(yew::html::onchange::Wrapper::new(on));
    let listeners = Listeners::Pending(Box::new([Some(listener)]));
    VTag::__new_input(None, Some(checked), NodeRef::default(), None, attributes, listeners).into()
}

/// A text field, or with `multiline` a text area, for the learner's answer.
#[inline(never)]
fn text_input(
    ui: &'static Ui,
    multiline: bool,
    id: String,
    value: String,
    mode: Option<&'static str>,
    on: Callback<InputEvent>,
) -> Html {
    let values = vec![
        (!multiline).then_some(Static("text")),
        Some(Attr(id.into())),
        Some(Static(ui.your_answer)),
        multiline.then_some(Static("5")),
        mode.map(Static),
    ];
    let attributes = view::attributes(&["type", "id", "aria-label", "rows", "inputmode"], values);
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

/// What a button, radio button or checkbox does, decided when rendering: keep a draft, check a
/// response, then move focus there (see [`focus_later`]). One closure type for all of them.
#[derive(Default)]
struct Act {
    draft: Option<Draft>,
    check: Option<(String, Response)>,
    focus: Option<String>,
}

/// A callback that does `act`, whatever the event.
fn does<E: 'static>(ctx: &Ctx, act: Act) -> Callback<E> {
    let send = ctx.send.clone();
    Callback::from(move |_: E| run(&send, &act))
}

#[inline(never)]
fn run(send: &Callback<Msg>, act: &Act) {
    if let Some(draft) = &act.draft {
        send.emit(Msg::Draft(draft.clone()));
    }
    if let Some((id, response)) = &act.check {
        send.emit(Msg::Learn(Action::Check { id: id.clone(), response: response.clone() }));
    }
    if let Some(selector) = &act.focus {
        focus_later(selector.clone());
    }
}

/// The draft of interaction `id` with the response `r`.
fn edit(id: &str, r: Response) -> Draft {
    Draft { id: id.to_string(), response: Some(r), nudge: false, moved: None }
}

/// An element that receives focus from the player, not from the keyboard (`tabindex="-1"`).
fn target(name: &'static str, class: &'static str, children: Html) -> Html {
    node(name, &["class", "tabindex"], [Some(Static(class)), Some(Static("-1"))], children)
}

/// `<label for=id>`
fn label(id: String, children: Html) -> Html {
    view::node1("label", &["for"], id, children)
}

/// The chosen indices of a choice response.
fn chosen(response: Option<&Response>) -> &[usize] {
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

/// `current` when it has an entry for each of `n` items, else `n` times "not chosen"
/// (`usize::MAX`): what a matching or rating shows.
#[inline(never)]
fn entries(current: &[usize], n: usize) -> Vec<usize> {
    if current.len() == n {
        return current.to_vec();
    }
    let mut none = Vec::with_capacity(n);
    for _ in 0..n {
        none.push(usize::MAX);
    }
    none
}

/// One interaction of the module on screen, with what the learner has answered and is editing.
pub fn interaction(it: &'static Interaction, ctx: &Ctx) -> Html {
    let ui = ctx.ui;
    let inl = |content: &'static [Inline]| view::inlines(content, ctx);
    let answer = ctx.answers.iter().find(|a| a.id == it.id);
    let draft = ctx.drafts.iter().find(|d| d.id == it.id);
    let open = may_check(it, answer);
    // What the controls show: the response being edited, else the last one checked.
    let last = answer.map(|a| &a.response);
    let shown = if open { draft.and_then(|d| d.response.as_ref()).or(last) } else { last };
    let current = chosen(shown);
    // Ids are [a-z0-9-], so "_" keeps interaction `x`'s item 0 apart from interaction `x-0`.
    let name = ["i_", &it.id].concat();
    let id_of = |n: usize| [&name, "_", &number(n as u64)].concat();
    // Where focus goes after the learner acts: the feedback, or a scenario's new step.
    let focus_at = |what: &str| Some(["#", &name, " ", what].concat());
    // The response "Check answer" sends when the learner has not touched the controls.
    let mut initial = None;
    let mut save = false;
    // The item of an ordering moved last and its new position, while it may be checked.
    let mut moved = None;

    let controls = match &it.kind {
        Kind::SingleChoice(choices) | Kind::TrueFalse(choices) | Kind::MultipleChoice(choices) => {
            let multiple = matches!(it.kind, Kind::MultipleChoice(_));
            each(choices.len(), &|n| {
                let on = !view::has(current, n);
                let next = if multiple {
                    // The chosen set with `n` toggled, in ascending order.
                    let mut next = Vec::new();
                    for c in 0..choices.len() {
                        if if c == n { on } else { view::has(current, c) } {
                            next.push(c);
                        }
                    }
                    Response::Choices(next)
                } else {
                    Response::Choice(n)
                };
                let kind = if multiple { "checkbox" } else { "radio" };
                let act = Act { draft: Some(edit(&it.id, next)), ..Act::default() };
                let control = input(kind, id_of(n), name.clone(), !on, None, does(ctx, act));
                el("div", Some("option"), frag([control, label(id_of(n), inl(&choices[n].content))]))
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
            let value = match shown {
                Some(Response::Text(t) | Response::Number(t) | Response::Reflection(t)) => t.clone(),
                _ => String::new(),
            };
            let id = it.id.clone();
            let oninput = ctx.send.reform(move |e: InputEvent| {
                Msg::Draft(edit(&id, make(e.target_unchecked_into::<HtmlInputElement>().value())))
            });
            let mode = matches!(it.kind, Kind::Numeric(_)).then_some("decimal");
            text_input(ui, save, id_of(0), value, mode, oninput)
        }
        Kind::Matching(pairs) => {
            let offered = shuffled(pairs.len(), &it.id);
            each(pairs.len(), &|l| {
                let before = entries(current, pairs.len());
                let choice = before[l];
                let id = it.id.clone();
                let onchange = ctx.send.reform(move |e: Event| {
                    let mut v = before.clone();
                    let value = e.target_unchecked_into::<HtmlInputElement>().value();
                    v[l] = whole_number(&value).and_then(|n| usize::try_from(n).ok()).unwrap_or(usize::MAX);
                    Msg::Draft(edit(&id, Response::Matches(v)))
                });
                let options = each(offered.len() + 1, &|k| {
                    // First "Choose …", then the right items in their shuffled order.
                    let (value, selected, content) = match k.checked_sub(1).map(|k| offered[k]) {
                        Some(r) => {
                            (lotse_core::text::number(r as u64), choice == r, plain_text(&pairs[r].right))
                        }
                        None => (String::new(), choice >= pairs.len(), ui.choose.to_string()),
                    };
                    let selected = selected.then_some(Static(""));
                    node(
                        "option",
                        &["value", "selected"],
                        [Some(Attr(value.into())), selected],
                        text(&content),
                    )
                });
                let listener: Rc<dyn Listener> = Rc::new(yew::html::onchange::Wrapper::new(onchange));
                let select = view::node_on(
                    "select",
                    &["id"],
                    vec![Some(Attr(id_of(l).into()))],
                    Some(listener),
                    options,
                );
                el("div", Some("option"), frag([label(id_of(l), inl(&pairs[l].left)), select]))
            })
        }
        Kind::Ordering(items) => {
            let order =
                if current.len() == items.len() { current.to_vec() } else { shuffled(items.len(), &it.id) };
            let n = order.len();
            if let Some(m) = draft.and_then(|d| d.moved).filter(|_| open) {
                let at = order.iter().position(|&i| i == m).unwrap_or(0) + 1;
                let (item, at, total) = (
                    plain_text(&items[m]),
                    lotse_core::text::number(at as u64),
                    lotse_core::text::number(n as u64),
                );
                moved = Some(fill(ui.moved, &[("item", &item), ("position", &at), ("total", &total)]));
            }
            let rows = each(n, &|k| {
                let item = order[k];
                let label = plain_text(&items[item]);
                // "Move ‹item› up" (or down): swaps it with its neighbour; focus follows the item,
                // to the other button when it reaches an end.
                let mover = |down: bool| {
                    let to = if down { k + 1 } else { k.wrapping_sub(1) };
                    let mut next = order.clone();
                    if to < n {
                        next.swap(k, to);
                    }
                    let at = ["li:nth-child(", &number(to.wrapping_add(1) as u64), ")"].concat();
                    let focus = focus_at(&if down {
                        [&at, ">:last-child:enabled,#", &name, " ", &at, ":last-child>button"].concat()
                    } else {
                        [&at, ">:enabled"].concat()
                    });
                    let response = Some(Response::Order(next));
                    let draft = Some(Draft { id: it.id.clone(), response, nudge: false, moved: Some(item) });
                    let onclick = does(ctx, Act { draft, check: None, focus });
                    let label = fill(if down { ui.move_down } else { ui.move_up }, &[("item", &label)]);
                    button(None, None, None, to >= n, onclick, text(&label))
                };
                keyed(&id_of(item), el("li", None, frag([inl(&items[item]), mover(false), mover(true)])))
            });
            initial = Some(Response::Order(order));
            el("ol", Some("ordering"), rows)
        }
        Kind::SelfAssessment(sa) => {
            save = true;
            let ratings = entries(current, sa.statements.len());
            let head = each(sa.scale.len(), &|k| fixed("th", &[("scope", Static("col"))], inl(&sa.scale[k])));
            let rows = each(sa.statements.len(), &|s| {
                let cells = each(sa.scale.len(), &|k| {
                    let mut next = ratings.clone();
                    next[s] = k;
                    let on = does(
                        ctx,
                        Act { draft: Some(edit(&it.id, Response::Ratings(next))), ..Act::default() },
                    );
                    let label = Some(plain_text(&sa.scale[k]));
                    el("td", None, input("radio", id_of(s * 1000 + k), id_of(s), ratings[s] == k, label, on))
                });
                let statement = fixed("th", &[("scope", Static("row"))], inl(&sa.statements[s]));
                el("tr", None, frag([statement, cells]))
            });
            let head = el("thead", None, el("tr", None, frag([el("td", None, Html::default()), head])));
            el(
                "div",
                Some("table-scroll"),
                el("table", Some("rating"), frag([head, el("tbody", None, rows)])),
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
            // A button that takes the learner along `next` (checked when it reaches an ending);
            // focus goes to the step it leads to, which replaces this one.
            let go = |next: Vec<usize>, ending: bool, content: Html| {
                let r = Response::Path(next);
                let check = ending.then(|| (it.id.clone(), r.clone()));
                let act = Act { draft: Some(edit(&it.id, r)), check, focus: focus_at(".step>.label") };
                button(None, None, None, false, does(ctx, act), content)
            };
            let paths = each(step.paths.len(), &|k| {
                let mut next = path.clone();
                next.push(k);
                let ending =
                    steps.iter().find(|s| s.id == step.paths[k].to).is_some_and(|s| s.paths.is_empty());
                go(next, ending, inl(&step.paths[k].content))
            });
            let restart = if open && step.paths.is_empty() {
                go(Vec::new(), false, say(ui.start_again))
            } else {
                Html::default()
            };
            let title = target("p", "label", el("strong", None, inl(&step.title)));
            let paths = el("div", Some("paths"), frag([paths, restart]));
            el(
                "div",
                Some("step"),
                frag([consequence.unwrap_or_default(), title, view::blocks(&step.blocks, ctx), paths]),
            )
        }
    };

    let scenario = matches!(it.kind, Kind::Scenario(_));

    let feedback = match answer {
        None => Html::default(),
        Some(a) => {
            let verdict = judge(&it.kind, &a.response);
            let (class, message) = match verdict {
                Some(true) => ("feedback correct", ui.correct),
                Some(false) if open => ("feedback wrong", ui.wrong_try_again),
                Some(false) => ("feedback wrong", ui.wrong),
                None if scenario => ("feedback", ""),
                None => ("feedback", ui.saved),
            };
            let mut shown: Vec<&'static Vec<Block>> = Vec::new();
            match (&it.kind, &a.response) {
                (Kind::SingleChoice(c) | Kind::TrueFalse(c) | Kind::MultipleChoice(c), r) => {
                    for &n in chosen(Some(r)) {
                        if let Some(c) = c.get(n) {
                            shown.push(&c.feedback);
                        }
                    }
                }
                (Kind::FillIn(f), Response::Text(t)) => {
                    if let Some(a) = text_answer(f, t) {
                        shown.push(&a.feedback);
                    }
                }
                (Kind::Numeric(n), Response::Number(t)) => {
                    if let Some(a) = number_answer(n, t) {
                        shown.push(&a.feedback);
                    }
                }
                _ => {}
            }
            if !open || verdict.is_none() {
                shown.push(&it.feedback);
            }
            let solution = if !open && verdict == Some(false) && it.solution {
                solution(&it.kind, ctx)
            } else {
                Html::default()
            };
            let message = if message.is_empty() {
                Html::default()
            } else {
                el("p", Some("verdict"), el("strong", None, say(message)))
            };
            let blocks = each(shown.len(), &|i| view::blocks(shown[i], ctx));
            target("div", class, frag([message, blocks, solution]))
        }
    };
    let nudge = if !draft.is_some_and(|d| d.nudge) {
        Html::default()
    } else {
        let message = match it.kind {
            Kind::SingleChoice(_) | Kind::TrueFalse(_) | Kind::MultipleChoice(_) => ui.choose_first,
            Kind::Numeric(_) => ui.number_first,
            Kind::FillIn(_) | Kind::Reflection { .. } => ui.write_first,
            _ => ui.every_item_first,
        };
        el("p", None, say(message))
    };
    let hint = if open && !it.hint.is_empty() {
        details("hint", say(ui.hint), view::blocks(&it.hint, ctx))
    } else {
        Html::default()
    };
    let check = if open && !scenario {
        // What "Check answer" does: check the response shown, or ask for one first.
        let check = does(
            ctx,
            match shown.cloned().or(initial).filter(|r| fits(&it.kind, r)) {
                Some(r) => {
                    Act { check: Some((it.id.clone(), r)), focus: focus_at(".feedback"), ..Act::default() }
                }
                None => {
                    let response = draft.and_then(|d| d.response.clone());
                    Act {
                        draft: Some(Draft { id: it.id.clone(), response, nudge: true, moved: None }),
                        ..Act::default()
                    }
                }
            },
        );
        button(None, None, None, false, check, say(if save { ui.save } else { ui.check_answer }))
    } else {
        Html::default()
    };
    let status =
        fixed("div", &[("role", Static("status"))], frag([nudge, say(&moved.unwrap_or_default()), feedback]));
    let legend = el("legend", None, inl(&it.prompt));
    // A fieldset disabled once no answer may be checked locks every control in it.
    let children = [legend, view::blocks(&it.context, ctx), controls, hint, check, status];
    let disabled = (!open).then_some(Static(""));
    let fieldset = node(
        "fieldset",
        &["class", "id", "disabled"],
        [Some(Static("question")), Some(Attr(name.into())), disabled],
        frag(children),
    );
    keyed(&it.id, fieldset)
}

/// The correct answer, shown once no attempt is left when the author allows it.
fn solution(kind: &'static Kind, ctx: &Ctx) -> Html {
    let mut items = Vec::new();
    let mut item = |content: Html| items.push(el("li", None, content));
    match kind {
        Kind::SingleChoice(c) | Kind::TrueFalse(c) | Kind::MultipleChoice(c) => {
            for c in c {
                if c.correct {
                    item(view::inlines(&c.content, ctx));
                }
            }
        }
        Kind::FillIn(f) => {
            if let Some(a) = f.answers.iter().find(|a| a.correct) {
                item(text(&a.text));
            }
        }
        Kind::Numeric(n) => {
            if let Some(a) = n.iter().find(|a| a.correct) {
                item(text(&if a.min == a.max {
                    a.min.clone()
                } else {
                    fill(ctx.ui.range, &[("min", &a.min), ("max", &a.max)])
                }));
            }
        }
        Kind::Matching(pairs) => {
            for p in pairs {
                item(frag([view::inlines(&p.left, ctx), text(" → "), view::inlines(&p.right, ctx)]));
            }
        }
        Kind::Ordering(order) => {
            for i in order {
                item(view::inlines(i, ctx));
            }
        }
        _ => return Html::default(),
    }
    let title = el("p", None, el("strong", None, say(ctx.ui.correct_answer)));
    el("div", Some("solution"), frag([title, el("ul", None, frag(items))]))
}
