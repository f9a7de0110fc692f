//! Model → HTML, as plain functions without hooks. Text is always a text node (Yew escapes it);
//! nothing is ever passed to innerHTML. Link targets are checked again here, in case a document
//! was written by something other than the compiler.

use std::rc::Rc;

use lotse_core::model::{is_safe_href, Align, Block, Course, Inline};
use yew::prelude::*;

use crate::question::QuestionView;

/// What a question needs from the player: the answers given so far and where to send a new one.
pub struct Answers<'a> {
    pub course: &'a Rc<Course>,
    pub given: &'a [(String, usize)],
    pub on_answer: &'a Callback<(String, usize)>,
}

pub fn blocks(blocks: &[Block], answers: &Answers) -> Html {
    blocks.iter().map(|b| block(b, answers)).collect()
}

fn block(block: &Block, answers: &Answers) -> Html {
    match block {
        Block::Heading(h) => {
            let tag = format!("h{}", h.level.clamp(1, 6));
            // The module title receives focus when the page changes.
            let tabindex = (h.level == 1).then_some("-1");
            html! { <@{tag} id={h.id.clone()} {tabindex}>{ inlines(&h.content) }</@> }
        }
        Block::Paragraph(content) => html! { <p>{ inlines(content) }</p> },
        Block::List(list) => {
            let items: Html =
                list.items.iter().map(|item| html! { <li>{ blocks(item, answers) }</li> }).collect();
            match list.start {
                Some(start) => html! { <ol start={start.to_string()}>{ items }</ol> },
                None => html! { <ul>{ items }</ul> },
            }
        }
        Block::Quote(content) => html! { <blockquote>{ blocks(content, answers) }</blockquote> },
        Block::Code(text) => html! { <pre><code>{ text }</code></pre> },
        Block::Rule => html! { <hr /> },
        Block::Table(table) => {
            let class = |i: usize| match table.align.get(i) {
                Some(Align::Left) => Some("left"),
                Some(Align::Center) => Some("center"),
                Some(Align::Right) => Some("right"),
                _ => None,
            };
            let head: Html = table
                .head
                .iter()
                .enumerate()
                .map(|(i, c)| html! { <th scope="col" class={class(i)}>{ inlines(c) }</th> })
                .collect();
            let rows: Html = table
                .rows
                .iter()
                .map(|row| {
                    let cells: Html = row
                        .iter()
                        .enumerate()
                        .map(|(i, c)| html! { <td class={class(i)}>{ inlines(c) }</td> })
                        .collect();
                    html! { <tr>{ cells }</tr> }
                })
                .collect();
            html! {
                <div class="table-scroll">
                    <table><thead><tr>{ head }</tr></thead><tbody>{ rows }</tbody></table>
                </div>
            }
        }
        Block::Question(q) => html! {
            <QuestionView
                course={answers.course.clone()}
                id={q.id.clone()}
                answer={answers.given.iter().find(|(id, _)| *id == q.id).map(|&(_, o)| o)}
                on_answer={answers.on_answer.clone()}
            />
        },
    }
}

pub fn inlines(content: &[Inline]) -> Html {
    content.iter().map(inline).collect()
}

fn inline(inline: &Inline) -> Html {
    match inline {
        Inline::Text(text) => html! { text },
        Inline::Emphasis(c) => html! { <em>{ inlines(c) }</em> },
        Inline::Strong(c) => html! { <strong>{ inlines(c) }</strong> },
        Inline::Strikethrough(c) => html! { <s>{ inlines(c) }</s> },
        Inline::Code(text) => html! { <code>{ text }</code> },
        Inline::LineBreak => html! { <br /> },
        Inline::Image(image) => html! { <img src={image.src.clone()} alt={image.alt.clone()} /> },
        Inline::Link(link) if !is_safe_href(&link.href) => inlines(&link.content),
        Inline::Link(link) if link.href.contains(':') => html! {
            // Outside links open a new tab so the course (often in an LMS frame) stays open.
            <a href={link.href.clone()} target="_blank" rel="noopener noreferrer">
                { inlines(&link.content) }
                <span class="visually-hidden">{ " (opens in a new tab)" }</span>
            </a>
        },
        Inline::Link(link) => html! { <a href={link.href.clone()}>{ inlines(&link.content) }</a> },
    }
}
