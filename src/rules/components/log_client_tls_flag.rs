use crate::input::transport::TransportParam;
use crate::model::{MESSAGE_SERVER, parse_bool};
use crate::rules::prelude::*;
use crate::rules::roles::targeted;

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
        check: check,
    }
}

/// Connections to Message Server that set tls=1 themselves, secure target or not.
fn check(cx: &Cx, out: &mut Out) {
    for (c, _) in targeted(cx).filter(|(_, t)| t.app.is(MESSAGE_SERVER)) {
        let tls_on = |p: &&TransportParam| p.key == "tls" && parse_bool(&p.value) == Some(true);
        let Some(t) = c.conn().params.iter().find(tls_on) else {
            continue;
        };
        out.emit_once(
            Finding::new(
                RuleId::LogClientTlsFlag,
                Place::Span(t.span),
                format!(
                    "connection {} to Message Server carries tls=1: a centralized-log client must not set it, TLS comes from the target port",
                    c.name()
                ),
            )
            .object(c.object())
            .help("remove tls=1 from the connection's transport parameters"),
        );
    }
}
