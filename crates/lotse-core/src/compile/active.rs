//! Content that could run scripts in the course's site: text that looks like HTML where the
//! parser saw none (it is shown as plain text, but a trainer should know), and files of the course
//! that are web pages or drawings with scripts in them, which a browser runs on the course's origin
//! when a learner opens them (the LMS's session and every course's saved progress live there).

/// Where `text` has something that looks like an HTML tag, a comment or a declaration: `<` then
/// an optional `/` and a letter-led name ended by white space, `>`, `/` or the end, or `<!`, `<?`.
/// CommonMark reads `<img src=x onerror=alert(1)>` as plain text (an attribute value may not hold
/// parentheses or quotes unquoted), and character references (`&lt;script&gt;`) become text too:
/// neither runs, but both are attempts a trainer should hear of. `a < b`, `<5` and `<=` pass.
pub(super) fn markup_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('<') {
        let rest = &bytes[i + 1..];
        if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            return Some(i);
        }
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        if rest.get(name).is_none_or(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/') {
            return Some(i);
        }
    }
    None
}

/// What to do about a file that [`active_content`] refuses.
pub(super) const ACTIVE_HINT: &str =
    "give the learners a PDF or a plain image instead; an SVG from a drawing program has no script \
     unless one was added";

/// Why the course's file `path` could run scripts when a learner opens it, or `None`: a web page
/// or script by its name, an SVG or XML file by what is in it (a script element, an event
/// attribute, a `javascript:` URL, embedded HTML).
pub(super) fn active_content(path: &str, bytes: &[u8]) -> Option<&'static str> {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" | "xhtml" | "xht" | "shtml" | "mhtml" | "hta" => Some("is a web page"),
        "js" | "mjs" | "wasm" => Some("is a program"),
        "svg" | "svgz" | "xml" | "xsl" | "xslt" => {
            let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
            let event_attribute = text.match_indices("on").any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let name: String = text[i..].chars().take_while(char::is_ascii_alphabetic).collect();
                let after = text[i + name.len()..].trim_start();
                name.len() > 2 && before.is_some_and(char::is_whitespace) && after.starts_with('=')
            });
            if text.contains("<script") || text.contains(":script") {
                Some("has a script in it")
            } else if event_attribute {
                Some("has an event attribute (onload=, onclick=, ...) in it")
            } else if text.contains("javascript:") || text.contains("vbscript:") {
                Some("has a javascript: link in it")
            } else if text.contains("<foreignobject") || text.contains("<iframe") || text.contains("<embed") {
                Some("has embedded HTML in it")
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_like_html() {
        for text in [
            "<img src=x onerror=alert(1)>",
            "a <script>",
            "</b>",
            "<!-- x",
            "<?php",
            "x <svg",
            "<math><mtext>",
            "<custom-element>",
        ] {
            assert!(markup_at(text).is_some(), "{text}");
        }
        assert_eq!(markup_at("1 < 2 and <img>"), Some(10));
        for text in ["a < b", "<5 years", "x <= y", "<<", "<", "an arrow <- here", "<_x>"] {
            assert_eq!(markup_at(text), None, "{text}");
        }
    }

    #[test]
    fn files_that_run_scripts() {
        assert_eq!(active_content("handout.HTML", b""), Some("is a web page"));
        assert_eq!(active_content("a/b.js", b""), Some("is a program"));
        let svg = |s: &str| active_content("d.svg", s.as_bytes());
        assert_eq!(svg("<svg><SCRIPT>x</SCRIPT></svg>"), Some("has a script in it"));
        assert_eq!(svg("<svg><svg:script/></svg>"), Some("has a script in it"));
        assert_eq!(
            svg("<svg onload = \"x\">"),
            Some("has an event attribute (onload=, onclick=, ...) in it")
        );
        assert_eq!(svg("<svg><a href=\"JavaScript:x\"/></svg>"), Some("has a javascript: link in it"));
        assert_eq!(svg("<svg><foreignObject/></svg>"), Some("has embedded HTML in it"));
        // A drawing program's ordinary output passes: "font" and "transform" hold "on".
        assert_eq!(
            svg("<svg font-family=\"x\" transform=\"rotate(1)\" data-on=\"1\"><g id=\"one\"/></svg>"),
            None
        );
        assert_eq!(active_content("photo.png", b"<script>"), None);
        assert_eq!(active_content("notes.pdf", b"javascript:"), None);
    }
}
