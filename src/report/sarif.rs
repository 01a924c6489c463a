//! SARIF 2.1.0: one reportingDescriptor per catalog rule, results with physical locations.

use serde_json::{Value, json};

use super::{Report, location};
use crate::input::source::Sources;
use crate::rules::RULES;
use crate::rules::finding::Place;
use crate::severity::Severity;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "note",
    }
}

/// A relative URI reference for a file path: forward slashes, reserved characters escaped.
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn physical(sources: &Sources, place: &Place) -> Value {
    let (file, _, _) = location(sources, place);
    let Place::Span(s) = place;
    let loc = json!({
        "artifactLocation": { "uri": uri(&file) },
        "region": {
            "startLine": s.line,
            "startColumn": s.col,
            "endColumn": s.col + s.len.max(1),
        },
    });
    json!({ "physicalLocation": loc })
}

pub(crate) fn render(report: &Report) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explanation() },
                "help": { "text": format!("{}\n\nBad:\n{}\n\nFixed:\n{}\n\nSource: {}", r.explanation(), r.bad, r.good, r.source) },
                "defaultConfiguration": { "level": level(r.severity), "enabled": true },
                "properties": { "phase": r.phase, "source": r.source, "implemented": r.implemented() },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = f.rule as usize;
            let related: Vec<Value> = f
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut v = physical(report.sources, &r.place);
                    v["id"] = json!(i);
                    v["message"] = json!({ "text": r.note });
                    v
                })
                .collect();
            let mut v = json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [physical(report.sources, &f.place)],
                "properties": { "object": f.object },
            });
            // The fix of this finding; the rule's help (shown beside the message by code
            // scanning) says the same in general, so the message does not repeat it.
            if let Some(h) = &f.help {
                v["properties"]["help"] = json!(h);
            }
            if !related.is_empty() {
                v["relatedLocations"] = json!(related);
            }
            v
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tlskit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{ "executionSuccessful": true, "endTimeUtc": report.at }],
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    s.push('\n');
    s
}
