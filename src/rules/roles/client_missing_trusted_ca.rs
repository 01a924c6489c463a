use crate::rules::prelude::*;

declare_rule! {
    /// For client connections of native applications on UNIX you must configure trusted-ca,
    /// at the connection, application or host level; without it the server cannot be
    /// verified and the handshake fails.
    ClientMissingTrustedCa = "client-missing-trusted-ca" {
        severity: Error,
        phase: C,
        summary: "a connection to a secure port from a native UNIX client without trusted-ca",
        source: "Guide: Client Connections",
        bad: "client host annex: [security]   (empty)",
        good: "client host annex: [security] trusted-ca=/etc/sec/ca/ca.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for c in cx.res.conns.iter().filter(|c| c.secure) {
        let platform = cx.platform(c.client, c.client_host);
        if !platform.native_unix() || c.eff.get("trusted-ca").is_some() {
            continue;
        }
        out.emit_once(
            Finding::new(
                RuleId::ClientMissingTrustedCa,
                Place::Span(c.conn().server.span),
                format!(
                    "connection {} goes to a secure port but the client has no effective trusted-ca: a {} cannot verify the server",
                    c.name(),
                    platform.describe()
                ),
            )
            .object(c.object())
            .help("set trusted-ca at the connection, application or host level of the client"),
        );
    }
}
