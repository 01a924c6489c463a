use crate::rules::prelude::*;

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
    }
}
