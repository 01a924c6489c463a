use crate::model::MESSAGE_SERVER;
use crate::resolve::PortView;
use crate::rules::prelude::*;
use crate::rules::roles::{port_span, secure_ports};

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
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let secondary = |p: &&PortView| p.app.is(MESSAGE_SERVER) && p.port().id != "default";
    for p in secure_ports(cx).filter(secondary) {
        out.emit_once(
            Finding::new(
                RuleId::MessageServerSecondaryPortTls,
                Place::Span(port_span(p)),
                format!(
                    "Message Server {} has TLS on its port `{}`: only the default port supports TLS",
                    p.app.name,
                    p.port().id
                ),
            )
            .object(p.object())
            .help("configure TLS on the Message Server's default port"),
        );
    }
}
