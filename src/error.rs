//! Input errors: what cannot be read at all. They end the run with exit code 2 and one line
//! on stderr that names the file (and line, where there is one).

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InputError(pub String);

impl InputError {
    pub(crate) fn at(file: &str, line: u32, col: u32, what: impl fmt::Display) -> InputError {
        InputError(format!("{file}:{line}:{col}: {what}"))
    }

    pub(crate) fn file(path: &Path, what: impl fmt::Display) -> InputError {
        InputError(format!("{}: {what}", path.display()))
    }

    pub(crate) fn msg(what: impl fmt::Display) -> InputError {
        InputError(what.to_string())
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, always: a path or value with a newline must not break the contract.
        let line = self.0.replace(['\n', '\r'], " ");
        // And a line, not a file: lists are bounded where they are joined (`listed`); this
        // is the net under them, wide enough for any path.
        if line.len() <= MAX_LINE {
            return f.write_str(&line);
        }
        let mut cut = MAX_LINE;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        write!(f, "{}… ({} bytes in all)", &line[..cut], line.len())
    }
}

/// The longest error line written; a path is at most 4,096 bytes.
pub(crate) const MAX_LINE: usize = 8 * 1024;

/// Items a message lists before it says how many more there are.
pub(crate) const MAX_LISTED: usize = 5;

/// `items` joined by `sep`, the first `MAX_LISTED` of them and then "and K more": a message
/// stays one short line whatever the input holds (200,000 bad PEM blocks, a certificate
/// with thousands of extensions, a cipher list of unknown names).
pub(crate) fn listed<T: fmt::Display>(items: impl IntoIterator<Item = T>, sep: &str) -> String {
    let mut out = String::new();
    let mut more = 0usize;
    for (i, item) in items.into_iter().enumerate() {
        if i < MAX_LISTED {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(&item.to_string());
        } else {
            more += 1;
        }
    }
    if more > 0 {
        out.push_str(&format!("{sep}and {more} more"));
    }
    out
}

impl std::error::Error for InputError {}

pub(crate) type Result<T> = std::result::Result<T, InputError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_stop_at_five_and_count_the_rest() {
        assert_eq!(listed(["a", "b"], ", "), "a, b");
        assert_eq!(listed(Vec::<String>::new(), ", "), "");
        assert_eq!(listed(1..=5, "; "), "1; 2; 3; 4; 5");
        assert_eq!(listed(1..=200_000, "; "), "1; 2; 3; 4; 5; and 199995 more");
    }

    #[test]
    fn an_error_line_stays_a_line() {
        let e = InputError(format!("f.pem: {}\nnext", "x".repeat(100_000)));
        let shown = e.to_string();
        assert!(shown.len() < MAX_LINE + 64, "{}", shown.len());
        assert!(!shown.contains('\n'));
        assert!(
            shown.ends_with("(100012 bytes in all)"),
            "{}",
            &shown[shown.len() - 40..]
        );
        assert_eq!(
            InputError("é".repeat(5000)).to_string().chars().last(),
            Some(')')
        );
    }
}
