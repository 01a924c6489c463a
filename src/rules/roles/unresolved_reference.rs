use crate::rules::prelude::*;

declare_rule! {
    /// A connection is secure only when it targets a secure port of a server. When the
    /// target application or port ID is not in the export, nothing can be checked for it
    /// and Genesys will use the server's default port or fail to connect.
    UnresolvedReference = "unresolved-reference" {
        severity: Warning,
        phase: C,
        summary: "a connection or server reference names an application, host or port ID the deployment does not define",
        source: "Guide: Client Connections",
        bad: "appServers: [{appServer: MessageServer, id: secure}]   # no port `secure`",
        good: "appServers: [{appServer: MessageServer, id: default}]",
    }
}
