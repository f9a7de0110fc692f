//! Model → HTML, as plain functions without hooks. Text is always a text node (Yew escapes it);
//! nothing is ever passed to innerHTML. Link targets are checked again here, in case a document
//! was written by something other than the compiler.
//!
//! Size matters here (the player's 100 KB budget): elements are built by three small functions,
//! [`node`], [`el`] and [`each`], instead of one `html!` expansion and one iterator chain per
//! kind of element, which cost several KB gzip more in the wasm.

use lotse_core::learner::Answer;
use lotse_core::model::{
    is_safe_href, plain_text, Align, Block, CalloutKind, Course, Heading, Inline, MediaKind, Module,
};
use lotse_core::ui::{fill, Ui};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

use yew::virtual_dom::AttributeOrProperty::{Attribute as Attr, Static};
use yew::virtual_dom::{AttributeOrProperty, Attributes, Listener, Listeners, VList, VTag, VText};

use crate::interaction::{interaction, Draft};
use crate::player::Msg;

/// What rendering needs from the player: the course, the answers given so far and the drafts being
/// edited, and where to send a newly checked answer or a changed draft.
pub struct Ctx<'a> {
    pub course: &'static Course,
    /// The interface's words.
    pub ui: &'static Ui,
    pub answers: &'a [Answer],
    pub drafts: &'a [Draft],
    /// The player's reducer: a draft changed, an answer is checked.
    pub send: &'a Callback<Msg>,
    /// Footnotes referenced and glossary terms used (indices into `course.glossary`) so far in
    /// this render, in order: the first reference gets the id `fnref-N`, the terms are listed at the
    /// module's end.
    pub notes: RefCell<Vec<usize>>,
    pub terms: RefCell<Vec<usize>>,
    /// Put before the ids of footnotes, terms and headings: "" for a module on its own page, the
    /// module's id and `-` in the whole-course handout, so that ids stay unique there.
    pub prefix: String,
    /// Heading levels added: 1 in the handout, whose h1 is the course title.
    pub shift: u8,
}

/// Whether `list` holds `n` (a plain loop: smaller than `contains`).
#[inline(never)]
pub fn has(list: &[usize], n: usize) -> bool {
    for &i in list {
        if i == n {
            return true;
        }
    }
    false
}

/// Whether `n` is new in `seen`; it is added.
#[inline(never)]
fn first(seen: &RefCell<Vec<usize>>, n: usize) -> bool {
    let mut seen = seen.borrow_mut();
    let new = !has(&seen, n);
    if new {
        seen.push(n);
    }
    new
}

/// Whether a media or image source is a path on the course's own site, as the compiler requires:
/// no colon (so no scheme) and no leading `//` (another host). Since browsers read a backslash as
/// `/`, drop tabs and line breaks and skip leading spaces and control characters, none of those
/// is allowed either. Whatever the compiler checked, a document written by something else must
/// not make the player request other sites.
#[inline(never)]
pub fn local(src: &str) -> bool {
    let b = src.as_bytes();
    !(b.first().is_some_and(|&c| c <= b' ')
        || b.starts_with(b"//")
        || b.iter().any(|&c| matches!(c, b':' | b'\\' | b'\t' | b'\n' | b'\r')))
}

/// The attributes `keys` with the values `values` (`None` leaves one out): `Static("…")` for
/// text known at compile time, else `Attr(…)`.
#[inline(never)]
pub fn attributes(keys: &'static [&'static str], values: Vec<Option<AttributeOrProperty>>) -> Attributes {
    Attributes::Dynamic { keys, values: values.into_boxed_slice() }
}

/// An element with the attributes `keys`, whose values are `values` (`None` leaves one out), and
/// an event listener (`yew::html::onclick::Wrapper::new(callback)`...).
#[inline(never)]
pub fn node_on(
    name: &'static str,
    keys: &'static [&'static str],
    values: Vec<Option<AttributeOrProperty>>,
    listener: Option<Rc<dyn Listener>>,
    children: Html,
) -> Html {
    let listeners = match listener {
        Some(listener) => Listeners::Pending(Box::new([Some(listener)])),
        None => Listeners::None,
    };
    tag(name, attributes(keys, values), listeners, children)
}

/// An element: the one place that builds a `VTag` for [`node_on`], [`el`] and [`fixed`].
#[inline(never)]
fn tag(name: &'static str, attributes: Attributes, listeners: Listeners, children: Html) -> Html {
    VTag::__new_other(AttrValue::Static(name), NodeRef::default(), None, attributes, listeners, children)
        .into()
}

/// An element whose attributes are all known at compile time (`&[("class", Static("x"))]`): no
/// allocation and no code to build them.
pub fn fixed(
    name: &'static str,
    attributes: &'static [(&'static str, AttributeOrProperty)],
    children: Html,
) -> Html {
    tag(name, Attributes::Static(attributes), Listeners::None, children)
}

/// An element with the attributes `keys`, whose values are `values` (`None` leaves one out).
pub fn node<const N: usize>(
    name: &'static str,
    keys: &'static [&'static str],
    values: [Option<AttributeOrProperty>; N],
    children: Html,
) -> Html {
    node_on(name, keys, values.into(), None, children)
}

/// An element with one attribute, `key="value"`.
#[inline(never)]
pub fn node1(name: &'static str, key: &'static [&'static str; 1], value: String, children: Html) -> Html {
    node(name, key, [Some(Attr(value.into()))], children)
}

/// An element with an optional class.
#[inline(never)]
pub fn el(name: &'static str, class: Option<&'static str>, children: Html) -> Html {
    let attributes = match class {
        Some(class) => Attributes::Dynamic {
            keys: &["class"],
            values: Box::new([Some(AttributeOrProperty::Static(class))]),
        },
        None => Attributes::Static(&[]),
    };
    tag(name, attributes, Listeners::None, children)
}

/// The children `f(0)`, …, `f(n - 1)`: one loop for every list in the view.
#[inline(never)]
pub fn each(n: usize, f: &dyn Fn(usize) -> Html) -> Html {
    let mut children = Vec::with_capacity(n);
    for i in 0..n {
        children.push(f(i));
    }
    VList::with_children(children, None).into()
}

/// `html` (an element) with the key `key`: Yew replaces, rather than patches, an element whose key
/// changed (a new module's article, another interaction's fieldset), so no browser state (an open
/// `<details>`, a select the learner changed) carries over; in a list of keyed elements, each
/// keeps its element when the list is reordered.
#[inline(never)]
pub fn keyed(key: &str, mut html: Html) -> Html {
    if let Some(tag) = match &mut html {
        Html::VTag(tag) => Rc::get_mut(tag),
        _ => None,
    } {
        tag.key = Some(key.into());
    }
    html
}

/// A button that does not submit a form.
#[inline(never)]
pub fn button(
    class: Option<&'static str>,
    label: Option<&'static str>,
    current: Option<&'static str>,
    disabled: bool,
    onclick: Callback<MouseEvent>,
    children: Html,
) -> Html {
    let values = vec![
        Some(Static("button")),
        class.map(Static),
        label.map(Static),
        current.map(Static),
        disabled.then_some(Static("")),
    ];
    node_on(
        "button",
        &["type", "class", "aria-label", "aria-current", "disabled"],
        values,
        Some(Rc::new(yew::html::onclick::Wrapper::new(onclick))),
        children,
    )
}

/// Several nodes side by side: a `Vec`, or an array (`frag([a, b])`), which saves each caller
/// the code that moves the nodes into a `vec!`'s allocation.
#[inline(never)]
pub fn frag<C: Into<Vec<Html>>>(children: C) -> Html {
    VList::with_children(children.into(), None).into()
}

thread_local! {
    /// The interface's language while it differs from the course's, else `None` (see [`say`]).
    static INTERFACE: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Sets the interface's language for [`say`]: `Some` while it is not the course's language.
pub fn interface_language(language: Option<&'static str>) {
    INTERFACE.with(|l| l.set(language));
}

/// The interface's own words: a text node, or in a `<span lang>` when the interface speaks
/// another language than the course (English buttons in an Arabic course), so that screen
/// readers pronounce them in their language (WCAG 3.1.2, language of parts).
#[inline(never)]
pub fn say(words: &str) -> Html {
    match INTERFACE.with(Cell::get) {
        Some(language) => node("span", &["lang"], [Some(Static(language))], text(words)),
        None => text(words),
    }
}

/// A text node.
pub fn text(text: &str) -> Html {
    VText::new(AttrValue::from(text)).into()
}

/// A box with a visible label (a callout, the objectives): `<div class role="note">`, the label
/// in bold, then the content.
fn labelled(class: &'static str, label: &'static str, children: Html) -> Html {
    let label = el("p", Some("label"), el("strong", None, say(label)));
    node("div", &["class", "role"], [Some(Static(class)), Some(Static("note"))], frag([label, children]))
}

/// A disclosure: a `<details>` whose `<summary>` is always visible.
pub fn details(class: &'static str, summary: Html, children: Html) -> Html {
    el("details", Some(class), frag([el("summary", None, summary), children]))
}

/// A module: its blocks, with the objectives under the title, and the footnotes and the glossary
/// terms it uses at the end.
pub fn module(module: &'static Module, ctx: &Ctx) -> Html {
    let (title, rest) = match module.blocks.split_first() {
        Some((first @ Block::Heading(_), rest)) => (block(first, ctx), rest),
        _ => (Html::default(), &module.blocks[..]),
    };
    let objectives = if module.objectives.is_empty() {
        Html::default()
    } else {
        let items = each(module.objectives.len(), &|i| el("li", None, inlines(&module.objectives[i], ctx)));
        labelled("objectives", ctx.ui.objectives, el("ul", None, items))
    };
    let body = blocks(rest, ctx);
    let footnotes = if module.footnotes.is_empty() {
        Html::default()
    } else {
        let items = each(module.footnotes.len(), &|i| {
            let n = lotse_core::text::number(i as u64 + 1);
            let back =
                node1("a", &["href"], ["#", &ctx.prefix, "fnref-", &n].concat(), say(ctx.ui.back_to_text));
            node1(
                "li",
                &["id"],
                [&ctx.prefix, "fn-", &n].concat(),
                frag([blocks(&module.footnotes[i], ctx), back]),
            )
        });
        end("footnotes", ctx.ui.footnotes, el("ol", None, items))
    };
    // Every term used above, then those the definitions use, each once with its whole definition.
    let mut terms = Vec::new();
    loop {
        // (The borrow ends before the definition is rendered, which may add terms.)
        let Some(t) = ctx.terms.borrow().get(terms.len() / 2).copied() else { break };
        let term = &ctx.course.glossary[t];
        terms.push(node1("dt", &["id"], [&ctx.prefix, "term-", &term.id].concat(), text(&term.term)));
        terms.push(el("dd", None, blocks(&term.definition, ctx)));
    }
    let glossary = if terms.is_empty() {
        Html::default()
    } else {
        end("glossary", ctx.ui.glossary, el("dl", None, frag(terms)))
    };
    let children = [title, objectives, body, footnotes, glossary];
    keyed(&module.id, el("article", None, frag(children)))
}

/// A section at the end of a module (footnotes, glossary): a rule, then `list`.
#[inline(never)]
fn end(class: &'static str, label: &'static str, list: Html) -> Html {
    let children = frag([el("hr", None, Html::default()), list]);
    node("section", &["class", "aria-label"], [Some(Static(class)), Some(Static(label))], children)
}

pub fn blocks(blocks: &'static [Block], ctx: &Ctx) -> Html {
    each(blocks.len(), &|i| block(&blocks[i], ctx))
}

const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

fn heading(h: &'static Heading, ctx: &Ctx) -> Html {
    let level = h.level.saturating_add(ctx.shift).clamp(1, 6);
    // The module title receives focus when the page changes.
    let tabindex = (level == 1).then_some(Static("-1"));
    node(
        HEADINGS[usize::from(level) - 1],
        &["id", "tabindex"],
        [h.id.as_ref().map(|id| Attr([ctx.prefix.as_str(), id].concat().into())), tabindex],
        inlines(&h.content, ctx),
    )
}

fn block(block: &'static Block, ctx: &Ctx) -> Html {
    match block {
        Block::Heading(h) => heading(h, ctx),
        Block::Paragraph(content) => el("p", None, inlines(content, ctx)),
        Block::List(list) => {
            let items = each(list.items.len(), &|i| el("li", None, blocks(&list.items[i], ctx)));
            match list.start {
                Some(start) => node1("ol", &["start"], lotse_core::text::number(start), items),
                None => el("ul", None, items),
            }
        }
        Block::Quote(content) => el("blockquote", None, blocks(content, ctx)),
        Block::Code(code) => el("pre", None, el("code", None, text(code))),
        Block::Rule => el("hr", None, Html::default()),
        Block::Table(table) => {
            let cells = |name, row: &'static [Vec<Inline>]| {
                each(row.len(), &|i| {
                    let class = match table.align.get(i) {
                        Some(Align::Left) => Some("left"),
                        Some(Align::Center) => Some("center"),
                        Some(Align::Right) => Some("right"),
                        _ => None,
                    };
                    el(name, class, inlines(&row[i], ctx))
                })
            };
            let head = el("thead", None, el("tr", None, cells("th", &table.head)));
            let rows =
                el("tbody", None, each(table.rows.len(), &|r| el("tr", None, cells("td", &table.rows[r]))));
            // A table wider than the page scrolls; keyboard users reach the scrolling box by Tab.
            let scroll = &[("class", Static("table-scroll")), ("tabindex", Static("0"))];
            fixed("div", scroll, el("table", None, frag([head, rows])))
        }
        Block::Callout(callout) => {
            let ui = ctx.ui;
            let (class, label) = match callout.kind {
                CalloutKind::Note => ("callout note", ui.note),
                CalloutKind::Tip => ("callout tip", ui.tip),
                CalloutKind::Important => ("callout important", ui.important),
                CalloutKind::Warning => ("callout warning", ui.warning),
                CalloutKind::Practice => ("callout practice", ui.practice),
            };
            labelled(class, label, blocks(&callout.blocks, ctx))
        }
        Block::Expandable(section) => {
            details("expandable", inlines(&section.heading.content, ctx), blocks(&section.blocks, ctx))
        }
        Block::Takeaways(section) => el(
            "section",
            Some("takeaways"),
            frag([heading(&section.heading, ctx), blocks(&section.blocks, ctx)]),
        ),
        Block::Media(media) => {
            let name = if media.kind == MediaKind::Video { "video" } else { "audio" };
            let captions = match &media.captions {
                Some(src) if local(src) => node(
                    "track",
                    &["kind", "src", "srclang", "label", "default"],
                    [
                        Some(Static("captions")),
                        Some(Static(src)),
                        Some(Static(&ctx.course.language)),
                        Some(Static(ctx.ui.captions)),
                        Some(Static("")),
                    ],
                    Html::default(),
                ),
                _ => Html::default(),
            };
            // An outside source is not played: the caption below still names the media.
            let player = if !local(&media.src) {
                Html::default()
            } else {
                node(
                    name,
                    &["controls", "preload", "src", "aria-label"],
                    [
                        Some(Static("")),
                        Some(Static("metadata")),
                        Some(Static(&media.src)),
                        Some(Static(&media.title)),
                    ],
                    captions,
                )
            };
            let transcript = if media.transcript.is_empty() {
                Html::default()
            } else {
                details("transcript", say(ctx.ui.transcript), blocks(&media.transcript, ctx))
            };
            el(
                "figure",
                Some("media"),
                frag([player, el("figcaption", None, text(&media.title)), transcript]),
            )
        }
        Block::Interaction(i) => interaction(i, ctx),
    }
}

pub fn inlines(content: &'static [Inline], ctx: &Ctx) -> Html {
    each(content.len(), &|i| inline(&content[i], ctx))
}

fn inline(inline: &'static Inline, ctx: &Ctx) -> Html {
    match inline {
        Inline::Text(t) => text(t),
        Inline::Emphasis(c) => el("em", None, inlines(c, ctx)),
        Inline::Strong(c) => el("strong", None, inlines(c, ctx)),
        Inline::Strikethrough(c) => el("s", None, inlines(c, ctx)),
        Inline::Code(code) => el("code", None, text(code)),
        Inline::LineBreak => el("br", None, Html::default()),
        Inline::Image(image) if local(&image.src) => node(
            "img",
            &["src", "alt"],
            [Some(Static(&image.src)), Some(Static(&image.alt))],
            Html::default(),
        ),
        Inline::Image(image) => text(&image.alt),
        Inline::Link(link) if !is_safe_href(&link.href) => inlines(&link.content, ctx),
        // Outside links open a new tab so the course (often in an LMS frame) stays open.
        Inline::Link(link) if link.href.bytes().any(|b| b == b':') => node(
            "a",
            &["href", "target", "rel"],
            [Some(Static(&link.href)), Some(Static("_blank")), Some(Static("noopener noreferrer"))],
            frag([
                inlines(&link.content, ctx),
                el("span", Some("visually-hidden"), say(&[" (", ctx.ui.opens_new_tab, ")"].concat())),
            ]),
        ),
        Inline::Link(link) => node("a", &["href"], [Some(Static(&link.href))], inlines(&link.content, ctx)),
        // A link to the term's definition at the end of the module (see `module`).
        Inline::Term(term) => match ctx.course.glossary.iter().position(|t| t.id == term.id) {
            // A button that opens the definition as a popover (the browser's own: Escape or a
            // click elsewhere closes it), rendered after the term's first use, with a link to the
            // whole entry at the module's end (which is also what prints). A browser without
            // popovers shows the definition after the term instead.
            Some(t) => {
                let entry = &ctx.course.glossary[t];
                let id = [ctx.prefix.as_str(), "def-", &entry.id].concat();
                let popover = first(&ctx.terms, t).then(|| {
                    let mut words = String::new();
                    for block in &entry.definition {
                        if let Block::Paragraph(p) = block {
                            words.push(' ');
                            words += &plain_text(p);
                        }
                    }
                    let href = ["#", ctx.prefix.as_str(), "term-", &entry.id].concat();
                    let children = frag([
                        el("strong", None, text(&entry.term)),
                        text(&words),
                        text(" "),
                        node1("a", &["href"], href, say(ctx.ui.glossary)),
                    ]);
                    let values =
                        [Some(Attr(id.clone().into())), Some(Static("definition")), Some(Static(""))];
                    node("span", &["id", "class", "popover"], values, children)
                });
                let values = [Some(Static("button")), Some(Static("term")), Some(Attr(id.into()))];
                let button =
                    node("button", &["type", "class", "popovertarget"], values, inlines(&term.content, ctx));
                frag([button, popover.unwrap_or_default()])
            }
            None => inlines(&term.content, ctx),
        },
        Inline::Footnote(n) => {
            // Only the first reference gets the id the footnote's "Back to the text" targets.
            let first = first(&ctx.notes, *n as usize);
            let n = lotse_core::text::number((*n).into());
            let id = first.then(|| Attr([&ctx.prefix, "fnref-", &n].concat().into()));
            let link = node(
                "a",
                &["href", "id", "aria-label"],
                [
                    Some(Attr(["#", &ctx.prefix, "fn-", &n].concat().into())),
                    id,
                    Some(Attr(fill(ctx.ui.footnote, &[("n", &n)]).into())),
                ],
                text(&n),
            );
            el("sup", None, link)
        }
        Inline::Attachment(file) if is_safe_href(&file.src) => {
            let size = [" (", &file.kind, ", ", &lotse_core::text::file_size(file.bytes), ")"].concat();
            let link = node(
                "a",
                &["href", "download"],
                [Some(Static(&file.src)), Some(Static(""))],
                inlines(&file.content, ctx),
            );
            frag([link, text(&size)])
        }
        Inline::Attachment(file) => inlines(&file.content, ctx),
    }
}
