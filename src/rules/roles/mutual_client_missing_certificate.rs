use crate::rules::prelude::*;
use crate::rules::roles::targeted;

declare_rule! {
    /// With tls-mutual=1 on the server side the client must present a certificate, and on
    /// native UNIX also its certificate-key.
    MutualClientMissingCertificate = "mutual-client-missing-certificate" {
        severity: Error,
        phase: C,
        summary: "the target port requires mutual TLS but the client has no certificate (or key)",
        source: "Guide: Client Connections; Mutual TLS on UNIX",
        bad: "server port: tls=1;tls-mutual=1\nclient: [security] trusted-ca=…",
        good: "client: [security] certificate=… certificate-key=… trusted-ca=…",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (c, target) in targeted(cx).filter(|(_, t)| t.port().secure() && t.mutual()) {
        let no_cert = c.eff.get("certificate").is_none();
        let no_key = cx.platform(c.client, c.client_host).native_unix()
            && c.eff.get("certificate-key").is_none();
        let what = match (no_cert, no_key) {
            (false, false) => continue,
            (true, true) => "no certificate and no certificate-key",
            (true, false) => "no certificate",
            (false, true) => "no certificate-key",
        };
        let mut f = Finding::new(
            RuleId::MutualClientMissingCertificate,
            Place::Span(c.conn().server.span),
            format!(
                "port {}:{} requires mutual TLS but client {} has {what}: the server will refuse it",
                target.app.name,
                target.port().id,
                c.client.name
            ),
        )
        .object(c.object())
        .help("give the client a certificate (and, native UNIX, its key) at the connection, application or host level");
        if let Some(r) = target.eff.get("tls-mutual") {
            f = f.related(Place::Span(r.taken.span), "tls-mutual set here");
        }
        out.emit_once(f);
    }
}
