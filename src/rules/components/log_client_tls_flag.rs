use crate::rules::prelude::*;

declare_rule! {
    /// For a connection to the Centralized Log Message Server, do not configure tls=1 in
    /// the Advanced tab of the Connection Info: TLS comes from the target port.
    LogClientTlsFlag = "log-client-tls-flag" {
        severity: Warning,
        phase: C,
        summary: "tls=1 in the transport parameters of a centralized-log client's connection to Message Server",
        source: "Guide: Configuring TLS on a Centralized Log Client",
        bad: "appServers: [{appServer: MessageServer, transportParams: tls=1}]",
        good: "appServers: [{appServer: MessageServer}]   # target port has tls=1",
    }
}
