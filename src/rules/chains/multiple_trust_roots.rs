use std::collections::BTreeMap;

use crate::input::source::Span;
use crate::rules::prelude::*;
use crate::rules::presented::path_values;

declare_rule! {
    /// Genesys recommends one CA for all components.
    MultipleTrustRoots = "multiple-trust-roots" {
        severity: Notice,
        phase: X,
        summary: "the deployment trusts more than one root CA",
        source: "Guide: TLS Certificates (\"use the same CA\")",
        bad: "two roots",
        good: "one root",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let mut roots: BTreeMap<[u8; 32], (String, Span)> = BTreeMap::new();
    for v in path_values(cx).filter(|v| v.key == "trusted-ca") {
        for c in v.certs() {
            if c.self_issued() && c.is_ca() {
                roots.entry(c.sha256).or_insert((c.short_name(), v.span));
            }
        }
    }
    if roots.len() < 2 {
        return;
    }
    let names: Vec<&str> = roots.values().map(|(n, _)| n.as_str()).collect();
    let (_, span) = roots.values().next().expect("more than one");
    out.emit_once(
        Finding::new(
            RuleId::MultipleTrustRoots,
            Place::Span(*span),
            format!(
                "the deployment trusts {} root CAs: {}",
                roots.len(),
                crate::error::listed(&names, ", ")
            ),
        )
        .help("the guide recommends one CA for all components (TLS Certificates)"),
    );
}
