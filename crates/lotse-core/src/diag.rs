//! Diagnostics: what the compiler tells a trainer, with file, line and column.
//!
//! Plain data; the `lotse` binary renders them with a snippet and a caret.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file inside the course folder, with `/` separators.
    pub file: String,
    /// Byte range in the file's text that the problem is about (empty for a whole file).
    pub range: std::ops::Range<usize>,
    /// 1-based line and column (in characters) of `range.start`, and of `range.end`.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    /// What to write instead, in words a trainer understands.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: error: message`, the form editors and CI logs understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {kind}: {}", self.file, self.line, self.column, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// 1-based line and character column of a byte offset in `text`. Offsets past the end or inside
/// a character are clamped to the nearest character boundary before them.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a\nÄrger x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        // "Ärger " is 7 bytes but 6 characters: 'x' is in column 7.
        assert_eq!(line_col(text, 2 + "Ärger ".len()), (2, 7));
        assert_eq!(line_col(text, 1000), (3, 1));
        assert_eq!(line_col(text, 3), (2, 1), "inside 'Ä' clamps back to its start");
    }
}
