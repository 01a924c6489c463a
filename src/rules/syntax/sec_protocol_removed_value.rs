use crate::rules::prelude::*;

use super::{REMOVED_PROTOCOLS, keyed, recognised};

declare_rule! {
    /// Security Pack 8.5.100.16 and later no longer accept SSLv3, TLSv1 and TLSv11 in
    /// sec-protocol; the port does not open and connections fail.
    SecProtocolRemovedValue = "sec-protocol-removed-value" {
        severity: Error,
        phase: C,
        summary: "sec-protocol = SSLv3, TLSv1 or TLSv11: refused by Security Pack 8.5.100.16 and later",
        source: "Guide: Tuning Protocol Version Availability",
        bad: "[security]\nsec-protocol=TLSv11",
        good: "[security]\nsec-protocol=TLSv12",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        for e in recognised(site)
            .filter(|e| e.key == "sec-protocol" && REMOVED_PROTOCOLS.contains(&e.value))
        {
            let f = Finding::new(
                RuleId::SecProtocolRemovedValue,
                Place::Span(e.value_span),
                format!(
                    "sec-protocol={} is refused by Security Pack 8.5.100.16 and later: the port will not open",
                    e.value
                ),
            )
            .object(site.object())
            .help("use TLSv12 or TLSv13 (or leave sec-protocol empty for the default)");
            out.emit(keyed(f, site, e.key));
        }
    }
}
