//! The text of every configuration file read in a run, kept so that findings can point at
//! a line and show it.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A place in a source file: 1-based line and column (in characters), and a length in
/// characters for the caret underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Span {
    /// The same place moved `chars` characters to the right, `len` long.
    pub fn shifted(self, chars: usize, len: usize) -> Span {
        Span {
            col: self.col + chars as u32,
            len: len as u32,
            ..self
        }
    }
}

#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// How the path is shown to the user: as given on the command line or relative to it.
    pub display: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// All ASCII: character columns are byte offsets.
    pub ascii: bool,
}

impl SourceFile {
    pub fn line(&self, line: u32) -> Option<&str> {
        let i = line.checked_sub(1)? as usize;
        let start = *self.line_starts.get(i)?;
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }
}

#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: &Path, display: String, text: String) -> FileId {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.files.push(SourceFile {
            path: path.to_path_buf(),
            display,
            ascii: text.is_ascii(),
            text,
            line_starts,
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn display(&self, id: FileId) -> &str {
        &self.get(id).display
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.get(id).text
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}
