//! Text that reaches a terminal. Certificate names, option values and whatever a probed
//! server sends are not tlskit's to print raw: an ESC rewrites the screen, a CR or LF forges
//! a line (`… verdict: valid`). Every control character is shown as an escape instead:
//! `\n`, `\r`, `\t`, `\xNN` for the other C0 controls, DEL and the C1 controls, and
//! `\u{NNNN}` for the invisible format characters that reorder or hide text (bidirectional
//! marks, embeddings, overrides and isolates, zero-width characters). JSON, SARIF and JUnit
//! escape by their own rules.

use std::borrow::Cow;
use std::fmt::Write;

fn needs(c: char) -> bool {
    c.is_control() || is_format(c)
}

/// Unicode format characters that change how surrounding text is shown.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

fn push(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x100 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        }
    }
}

/// One value for a line of text: every control and format character escaped.
pub(crate) fn esc(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs(c) {
            push(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A whole text report: its own line breaks kept, every other control and format
/// character escaped. Values that may hold a line break must go through `esc` first.
pub(crate) fn esc_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && needs(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c != '\n' && needs(c) {
            push(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An escaped value for `format!`.
pub(crate) struct Esc<'a>(pub &'a str);

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&esc(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_escapes() {
        assert_eq!(esc("plain é"), "plain é");
        assert_eq!(
            esc("a\x1b[2Jb\x07\r\nvalid\t\u{7f}\u{9b}"),
            "a\\x1b[2Jb\\x07\\r\\nvalid\\t\\x7f\\x9b"
        );
        assert_eq!(esc("\u{200E}f4 15\u{202E}"), "\\u{200E}f4 15\\u{202E}");
        assert_eq!(esc_lines("one\ntwo\x1b"), "one\ntwo\\x1b");
    }
}
