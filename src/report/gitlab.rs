//! GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues, each
//! with a description, the rule as check_name, a fingerprint that stays the same while the
//! finding does (it leaves out line numbers, so edits above a finding keep it), a severity
//! and the file and line.

use std::collections::HashMap;

use serde::Serialize;

use super::{Report, location};
use crate::severity::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// tlskit's three severities on GitLab's scale: an error breaks or exposes a connection
/// (critical), a warning weakens one (minor), a notice is advice (info).
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "minor",
        Severity::Notice => "info",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn render(report: &Report) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue> = report
        .findings
        .iter()
        .map(|f| {
            let (path, line, _) = location(report.sources, &f.place);
            let key = format!(
                "{}\0{path}\0{}\0{}",
                f.rule.as_str(),
                f.object.describe(),
                f.message
            );
            // Two identical findings get distinct fingerprints: GitLab drops duplicates.
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let key = format!("{key}\0{n}");
            let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, key.as_bytes());
            let mut description = f.message.clone();
            if let Some(h) = &f.help {
                description.push_str(" (help: ");
                description.push_str(h);
                description.push(')');
            }
            Issue {
                description,
                check_name: f.rule.as_str(),
                fingerprint: hex(&digest.as_ref()[..16]),
                severity: severity(f.severity),
                location: Location {
                    path,
                    lines: Lines {
                        begin: line.unwrap_or(1),
                    },
                },
            }
        })
        .collect();
    serde_json::to_string_pretty(&issues).expect("serialisable") + "\n"
}
