use crate::rules::prelude::*;
use crate::rules::roles::targeted;

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
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (c, target) in targeted(cx).filter(|(_, t)| !t.port().secure()) {
        let span = c.conn().server.span;
        out.emit_once_with(RuleId::PlaintextConnection, span, || {
            Finding::new(
                RuleId::PlaintextConnection,
                Place::Span(span),
                format!(
                    "connection {} goes to port {}:{}, which is not secure: data travels in clear text",
                    c.name(),
                    target.app.name,
                    target.port().id
                ),
            )
            .object(c.object())
        });
    }
}
