use crate::rules::prelude::*;

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
    }
}
