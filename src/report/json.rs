//! The machine-readable lint report of DESIGN.md ("Machine-readable lint output").
//!
//! Written through borrowed structs rather than a `serde_json::Value` tree: a large
//! deployment has tens of thousands of findings, and a map per finding cost more than the
//! writing. Fields are declared in alphabetical order, the order the report has always had.

use serde::Serialize;

use super::{Report, location};
use crate::input::source::Sources;
use crate::model::ObjectRef;
use crate::rules::finding::Finding;
use crate::rules::finding::Summary;
use crate::severity::Severity;

#[derive(Serialize)]
struct Doc<'a> {
    at: &'a str,
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
    suppressed: usize,
    tool: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    error: usize,
    notice: usize,
    warning: usize,
}

/// One finding as the report has it (the HTML report's data holds the same).
#[derive(Serialize)]
pub(super) struct JsonFinding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    pub location: Location<'a>,
    pub message: &'a str,
    pub object: JsonObject<'a>,
    pub related: Vec<Related<'a>>,
    pub rule: &'a str,
    pub severity: Severity,
}

#[derive(Serialize)]
pub(super) struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Related<'a> {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    note: &'a str,
}

/// `ObjectRef` with every field present (null when unknown), alphabetically.
#[derive(Serialize)]
pub(super) struct JsonObject<'a> {
    application: Option<&'a str>,
    connection: Option<&'a str>,
    host: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<&'a str>,
    port: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tenant: Option<&'a str>,
}

impl<'a> From<&'a ObjectRef> for JsonObject<'a> {
    fn from(o: &'a ObjectRef) -> Self {
        JsonObject {
            application: o.application.as_deref(),
            connection: o.connection.as_deref(),
            host: o.host.as_deref(),
            person: o.person.as_deref(),
            port: o.port.as_deref(),
            tenant: o.tenant.as_deref(),
        }
    }
}

pub(super) fn finding<'a>(sources: &Sources, f: &'a Finding) -> JsonFinding<'a> {
    let (file, line, column) = location(sources, &f.place);
    JsonFinding {
        help: f.help.as_deref(),
        location: Location {
            column,
            file,
            key: f.key.as_deref(),
            line,
            section: f.section.as_deref(),
        },
        message: &f.message,
        object: (&f.object).into(),
        related: f
            .related
            .iter()
            .map(|r| {
                let (file, line, _) = location(sources, &r.place);
                Related {
                    file,
                    line,
                    note: &r.note,
                }
            })
            .collect(),
        rule: f.rule.as_str(),
        severity: f.severity,
    }
}

pub(crate) fn render(report: &Report) -> String {
    let s = Summary::of(report.findings);
    let doc = Doc {
        at: &report.at,
        findings: report
            .findings
            .iter()
            .map(|f| finding(report.sources, f))
            .collect(),
        summary: JsonSummary {
            error: s.error,
            notice: s.notice,
            warning: s.warning,
        },
        suppressed: report.suppressed,
        tool: "tlskit",
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("plain structs always serialise");
    out.push('\n');
    out
}
