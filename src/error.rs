//! Input errors: what cannot be read at all. They end the run with exit code 2 and one line
//! on stderr that names the file (and line, where there is one).

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl InputError {
    pub fn at(file: &str, line: u32, col: u32, what: impl fmt::Display) -> InputError {
        InputError(format!("{file}:{line}:{col}: {what}"))
    }

    pub fn file(path: &Path, what: impl fmt::Display) -> InputError {
        InputError(format!("{}: {what}", path.display()))
    }

    pub fn msg(what: impl fmt::Display) -> InputError {
        InputError(what.to_string())
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, always: a path or value with a newline must not break the contract.
        f.write_str(&self.0.replace(['\n', '\r'], " "))
    }
}

impl std::error::Error for InputError {}

pub type Result<T> = std::result::Result<T, InputError>;
