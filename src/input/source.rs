//! The text of every configuration file read in a run, kept so that findings can point at
//! a line and show it.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct FileId(pub u32);

/// A place in a source file: 1-based line and column (in characters), and a length in
/// characters for the caret underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Span {
    /// The same place moved `chars` characters to the right, `len` long.
    pub(crate) fn shifted(self, chars: usize, len: usize) -> Span {
        Span {
            col: self.col + chars as u32,
            len: len as u32,
            ..self
        }
    }
}

#[derive(Debug)]
pub(crate) struct SourceFile {
    pub path: PathBuf,
    /// How the path is shown to the user: as given on the command line or relative to it.
    pub display: String,
    pub text: String,
    /// Byte offsets of line starts: u32, as files are at most 64 MiB.
    line_starts: Vec<u32>,
    /// All ASCII: character columns are byte offsets.
    pub ascii: bool,
}

impl SourceFile {
    /// The 1-based line holding byte `at`, and the byte where that line starts.
    pub(crate) fn line_at(&self, at: usize) -> (u32, usize) {
        let i = self
            .line_starts
            .partition_point(|&s| s as usize <= at)
            .max(1)
            - 1;
        (i as u32 + 1, self.line_starts[i] as usize)
    }

    pub(crate) fn line(&self, line: u32) -> Option<&str> {
        let i = line.checked_sub(1)? as usize;
        let start = *self.line_starts.get(i)? as usize;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }
}

#[derive(Debug, Default)]
pub(crate) struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub(crate) fn add(&mut self, path: &Path, display: String, text: String) -> FileId {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        self.files.push(SourceFile {
            path: path.to_path_buf(),
            display,
            ascii: text.is_ascii(),
            text,
            line_starts,
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub(crate) fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub(crate) fn display(&self, id: FileId) -> &str {
        &self.get(id).display
    }

    pub(crate) fn text(&self, id: FileId) -> &str {
        &self.get(id).text
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}
