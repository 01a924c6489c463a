use crate::rules::prelude::*;

use super::{known_security, known_security_names};
use crate::facts::SiteValues;
use crate::resolve::SECURITY;
use crate::suggest::closest;

declare_rule! {
    /// Section names, option names and predefined values are case-sensitive. A misspelt or
    /// miscased option is silently ignored, so the setting you meant never takes effect.
    /// tlskit suggests the closest known name.
    UnknownOption = "unknown-option" {
        severity: Warning,
        phase: C,
        summary: "an option name in [security] or a transport parameter that no Genesys component reads",
        source: "Guide: Where to Set TLS Properties (\"case-sensitive\")",
        bad: "[security]\nCertificate=/etc/sec/certs/host.pem\ntls-mutal=1",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem\ntls-mutual=1",
        check: check,
    }
}

/// Names in `[security]` sections that no component reads.
fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        let SiteValues::Options(map) = site.written else {
            continue;
        };
        for e in map.entries(SECURITY).filter(|e| !known_security(&e.key)) {
            let mut f = Finding::new(
                RuleId::UnknownOption,
                Place::Span(e.key_span),
                format!(
                    "unknown option `{}`: no Genesys component reads it, so it has no effect",
                    e.key
                ),
            )
            .object(site.object())
            .key(SECURITY, &e.key);
            if let Some(c) = closest(&e.key, known_security_names()) {
                f = f.help(format!(
                    "did you mean `{c}`? option names are case-sensitive"
                ));
            }
            out.emit(f);
        }
    }
}
