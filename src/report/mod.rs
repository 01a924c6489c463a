//! Rendering findings: text like rustc, JSON as DESIGN.md fixes it, SARIF 2.1.0, JUnit XML,
//! GitHub Actions workflow commands, GitLab Code Quality and a self-contained HTML page
//! (docs/html-report-data.md).

pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod text;

use crate::input::source::Sources;
use crate::model::ObjectRef;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;

/// Everything a report needs: the findings, the sources for snippets and file names, and
/// the objects that were checked (JUnit lists one test case per object).
pub(crate) struct Report<'a> {
    pub findings: &'a [Finding],
    pub sources: &'a Sources,
    pub at: String,
    /// Every object, for JUnit (empty for the other formats).
    pub checked: Vec<Checked>,
    /// How many objects of each kind were checked, for the summary line.
    pub counts: Counts,
    pub suppressed: usize,
}

/// Objects checked, by kind.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Counts {
    pub ports: usize,
    pub connections: usize,
    pub local_files: usize,
    pub option_files: usize,
}

/// One object that was checked, for JUnit's test cases and the summary line.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub kind: &'static str,
    pub name: String,
    pub object: ObjectRef,
    /// For files linted on their own: their displayed path.
    pub file: Option<String>,
}

/// File, line and column of a place, as shown to users.
pub(crate) fn location(sources: &Sources, place: &Place) -> (String, Option<u32>, Option<u32>) {
    match place {
        Place::Span(s) => (
            sources.display(s.file).to_string(),
            Some(s.line),
            Some(s.col),
        ),
    }
}
