//! What a check found: a rule id, a severity, a sentence, where, about which object, and
//! the other places that matter.

use serde::Serialize;

use crate::input::source::Span;
use crate::model::ObjectRef;
use crate::rules::id::RuleId;
use crate::severity::Severity;

/// Where a finding points: a span in a source file tlskit read. (A referenced certificate's
/// findings point at the option that names it.)
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Place {
    Span(Span),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Related {
    pub place: Place,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    pub place: Place,
    /// The option section and key the finding is about, where it is about one option.
    pub section: Option<String>,
    pub key: Option<String>,
    pub object: ObjectRef,
    pub related: Vec<Related>,
    pub help: Option<String>,
    /// Set when a suppression in tlskit.toml silenced it; such findings are not reported.
    pub suppressed: Option<String>,
}

/// Longest word a message quotes in full: a value of megabytes (a hostile or broken file)
/// is shown by its start and its length, not copied into every report.
const MAX_WORD: usize = 200;

fn clip(message: String) -> String {
    if message.len() <= MAX_WORD || !message.split(' ').any(|w| w.len() > MAX_WORD) {
        return message;
    }
    message
        .split(' ')
        .map(|w| {
            if w.len() <= MAX_WORD {
                return w.to_string();
            }
            let head: String = w.chars().take(80).collect();
            format!("{head}… ({} characters)", w.chars().count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Finding {
    pub(crate) fn new(rule: RuleId, place: Place, message: impl Into<String>) -> Finding {
        let severity = rule.rule().severity;
        Finding {
            rule,
            severity,
            message: clip(message.into()),
            place,
            section: None,
            key: None,
            object: ObjectRef::default(),
            related: Vec::new(),
            help: None,
            suppressed: None,
        }
    }

    pub(crate) fn key(mut self, section: &str, key: &str) -> Finding {
        self.section = Some(section.to_string());
        self.key = Some(key.to_string());
        self
    }

    pub(crate) fn object(mut self, object: ObjectRef) -> Finding {
        self.object = object;
        self
    }

    pub(crate) fn related(mut self, place: Place, note: impl Into<String>) -> Finding {
        self.related.push(Related {
            place,
            note: note.into(),
        });
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

/// Counts by severity, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub error: usize,
    pub warning: usize,
    pub notice: usize,
}

impl Summary {
    pub(crate) fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.error += 1,
                Severity::Warning => s.warning += 1,
                Severity::Notice => s.notice += 1,
            }
        }
        s
    }

    pub(crate) fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.error,
            Severity::Warning => self.error + self.warning,
            Severity::Notice => self.error + self.warning + self.notice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_value_is_quoted_by_its_start_and_length() {
        let value = "A".repeat(1_000_000);
        let m = clip(format!("cipher list `{value}` selects nothing"));
        assert!(m.len() < 200, "{m}");
        assert!(m.starts_with("cipher list `AAAA"));
        assert!(m.ends_with("… (1000002 characters) selects nothing"), "{m}");
        assert_eq!(clip("short words stay".into()), "short words stay");
    }
}
