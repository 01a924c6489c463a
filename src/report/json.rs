//! The machine-readable lint report of DESIGN.md ("Machine-readable lint output").

use serde_json::{Value, json};

use super::{Report, location};
use crate::findings::{Finding, Summary};
use crate::input::source::Sources;

pub fn finding(sources: &Sources, f: &Finding) -> Value {
    let (file, line, col) = location(sources, &f.place);
    let mut loc = json!({ "file": file });
    if let Some(l) = line {
        loc["line"] = json!(l);
    }
    if let Some(c) = col {
        loc["column"] = json!(c);
    }
    if let Some(s) = &f.section {
        loc["section"] = json!(s);
    }
    if let Some(k) = &f.key {
        loc["key"] = json!(k);
    }
    let related: Vec<Value> = f
        .related
        .iter()
        .map(|r| {
            let (file, line, _) = location(sources, &r.place);
            let mut v = json!({ "file": file, "note": r.note });
            if let Some(l) = line {
                v["line"] = json!(l);
            }
            v
        })
        .collect();
    let mut v = json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "location": loc,
        "object": f.object,
        "related": related,
    });
    if let Some(h) = &f.help {
        v["help"] = json!(h);
    }
    v
}

pub fn render(report: &Report) -> String {
    let doc = json!({
        "tool": "tlskit",
        "version": env!("CARGO_PKG_VERSION"),
        "at": report.at,
        "summary": Summary::of(report.findings),
        "suppressed": report.suppressed,
        "findings": report.findings.iter().map(|f| finding(report.sources, f)).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    s.push('\n');
    s
}
