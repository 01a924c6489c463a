use crate::rules::prelude::*;

use super::recognised;
use crate::resolve::{Level, SECURITY};

declare_rule! {
    /// Making a port secure must be done on the port itself (Listening Mode = Secured
    /// writes tls=1 in its transport parameters). tls=1 in an application's or host's
    /// [security] section does nothing; lca.cfg and gda.cfg are the exception.
    TlsFlagNotOnPort = "tls-flag-not-on-port" {
        severity: Warning,
        phase: C,
        summary: "tls=1 at application or host level, where Genesys ignores it",
        source: "Guide: Server Listening Ports",
        bad: "[security]   # application options\ntls=1",
        good: "portInfos: {id: default, transportParams: \"tls=1\"}",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        if !matches!(site.level, Level::Application | Level::Annex | Level::Host) {
            continue;
        }
        for e in recognised(site).filter(|e| e.key == "tls") {
            out.emit(
                Finding::new(
                    RuleId::TlsFlagNotOnPort,
                    Place::Span(e.key_span),
                    format!(
                        "`tls={}` in the {} is ignored: a port is secured only by tls=1 in its own transport parameters",
                        e.value,
                        site.level.label()
                    ),
                )
                .key(SECURITY, e.key)
                .object(site.object())
                .help("set Listening Mode = Secured on the port (tls=1 in its transport parameters) and remove this option"),
            );
        }
    }
}
