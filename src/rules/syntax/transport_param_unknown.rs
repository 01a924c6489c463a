use crate::rules::prelude::*;

use super::{known_param, known_param_names};
use crate::facts::SiteValues;
use crate::suggest::closest;

declare_rule! {
    /// Transport parameters take tls, tls-mutual, upgrade, the [security] TLS options and
    /// the connection keys (port, address, backup-port, ip-version, enable-ipv6,
    /// listening-nicname). Anything else is ignored.
    TransportParamUnknown = "transport-param-unknown" {
        severity: Warning,
        phase: C,
        summary: "an unknown key in a port's or connection's transport parameters",
        source: "Genesys transport-parameter syntax",
        bad: "transportParams: tls=1;tls-mutal=1",
        good: "transportParams: tls=1;tls-mutual=1",
        check: check,
    }
}

/// Keys of transport parameters that no component reads. A key with white space around
/// it is transport-param-whitespace's: its trimmed name may well be known.
fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        let SiteValues::Params(params) = site.written else {
            continue;
        };
        for p in params
            .iter()
            .filter(|p| !p.has_whitespace() && !known_param(&p.key))
        {
            let mut f = Finding::new(
                RuleId::TransportParamUnknown,
                Place::Span(p.key_span),
                format!(
                    "unknown transport parameter `{}`: no Genesys component reads it, so it has no effect",
                    p.key
                ),
            )
            .object(site.object());
            if let Some(c) = closest(&p.key, known_param_names()) {
                f = f.help(format!(
                    "did you mean `{c}`? option names are case-sensitive"
                ));
            }
            out.emit(f);
        }
    }
}
