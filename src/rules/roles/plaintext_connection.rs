use crate::rules::prelude::*;

declare_rule! {
    /// Inventory of connections that carry data in clear text; raise the severity in
    /// tlskit.toml to make it a policy.
    PlaintextConnection = "plaintext-connection" {
        severity: Notice,
        phase: C,
        summary: "a connection to a non-secure port",
        source: "Guide: Securing Connections – An Overview",
        bad: "appServers: [{appServer: StatServer, id: default}]   # port without tls=1",
        good: "appServers: [{appServer: StatServer, id: secure}]    # port with tls=1",
    }
}
