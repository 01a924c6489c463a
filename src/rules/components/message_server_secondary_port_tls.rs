use crate::rules::prelude::*;

declare_rule! {
    /// Message Server must configure its default port with the security settings; TLS on
    /// secondary listening ports is not supported.
    MessageServerSecondaryPortTls = "message-server-secondary-port-tls" {
        severity: Error,
        phase: C,
        summary: "TLS on a Message Server listening port other than its default port",
        source: "Guide: Secure Network Logging Connections (Warning)",
        bad: "Message Server portInfos: {id: secure, transportParams: tls=1}",
        good: "Message Server portInfos: {id: default, transportParams: tls=1}",
    }
}
