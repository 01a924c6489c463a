//! Option maps as Genesys stores them (`[section]` → `key=value`), each key and value with
//! the place it was read from. INI files and deployment JSON both end up here.

use super::source::Span;

/// Option names and values: inline up to 24 bytes, as nearly all are, so that a file of a
/// million short lines is not two million small allocations.
pub(crate) type Text = compact_str::CompactString;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OptEntry {
    pub key: Text,
    pub key_span: Span,
    /// The text of a string or number value; empty for the other shapes.
    pub value: Text,
    pub value_span: Span,
    pub shape: Shape,
}

/// What an option value is. Option files hold text only; mutagen also writes a binary
/// value as `["<base64>"]` and a nested key-value list as an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Text,
    Binary,
    Nested,
}

impl Shape {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Shape::Text => "text",
            Shape::Binary => "a binary value",
            Shape::Nested => "a nested list of options",
        }
    }
}

impl OptEntry {
    /// Text values only: a binary or nested value is never a setting tlskit reads.
    pub(crate) fn text(&self) -> Option<&str> {
        (self.shape == Shape::Text).then_some(self.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OptSection {
    /// Empty for keys that stand before any `[section]` line of an INI file.
    pub name: String,
    pub span: Span,
    pub entries: Vec<OptEntry>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct OptionMap {
    pub sections: Vec<OptSection>,
}

impl OptionMap {
    /// Every section of that name (an INI file may repeat one; Genesys reads them as one).
    pub(crate) fn sections_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a OptSection> {
        self.sections.iter().filter(move |s| s.name == name)
    }

    /// The text entries of a section, in file order, duplicates included. Binary and
    /// nested values are left out: no setting tlskit reads has that shape (see `all`).
    pub(crate) fn entries<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a OptEntry> {
        self.all(section).filter(|e| e.shape == Shape::Text)
    }

    /// Every entry of a section, whatever its shape.
    pub(crate) fn all<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a OptEntry> {
        self.sections_named(section).flat_map(|s| s.entries.iter())
    }

    /// The entry that takes effect: the last one, as a later line overwrites an earlier one.
    pub(crate) fn get<'a>(&'a self, section: &'a str, key: &str) -> Option<&'a OptEntry> {
        self.entries(section).filter(|e| e.key == key).last()
    }

    /// An option file exported from Genesys Administrator replaces the export's sections of
    /// the same name and adds the others.
    pub(crate) fn overlay(&mut self, other: OptionMap) {
        let names: Vec<String> = other.sections.iter().map(|s| s.name.clone()).collect();
        self.sections.retain(|s| !names.contains(&s.name));
        self.sections.extend(other.sections);
    }
}
