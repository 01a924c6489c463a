use crate::model::GUI_TYPES;
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// Genesys servers act as TLS servers and clients, so their certificates need both
    /// extended key usages.
    MissingEku = "missing-eku" {
        severity: Error,
        phase: X,
        summary: "a server certificate without serverAuth and clientAuth, or a GUI's without clientAuth",
        source: "Guide: Recommended Certificate Properties",
        bad: "extendedKeyUsage = serverAuth",
        good: "extendedKeyUsage = serverAuth, clientAuth",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let res = cx.res;
    for link in &cx.facts.links {
        let p = &res.ports[link.port];
        let Some((leaf, _, cert_span)) = &link.server.leaf else {
            continue;
        };
        // A server application's certificate is used as server and as client.
        if let Some(eku) = &leaf.eku
            && !eku.any
            && !(eku.server && eku.client)
        {
            out.emit_once(
                finding(
                    RuleId::MissingEku,
                    *cert_span,
                    &p.object(),
                    Some("certificate"),
                    format!(
                        "{} has extended key usage {} but the certificate of server application {} needs serverAuth and clientAuth",
                        leaf.short_name(),
                        crate::error::listed(&eku.names, ", "),
                        p.app.name
                    ),
                )
                .help("reissue it with both (tlskit ca issue does by default)"),
            );
        }
        if !p.mutual() {
            continue;
        }
        // A client certificate presented for mutual TLS, of the clients whose own trust
        // could be judged.
        for cl in link.clients.iter().filter(|cl| cl.server_trusted.is_some()) {
            let c = &res.conns[cl.conn];
            let Some((cleaf, _, cspan)) = &cl.client.leaf else {
                continue;
            };
            let gui =
                GUI_TYPES.contains(&c.client.kind.as_str()) || c.client.is_server == Some(false);
            if let Some(eku) = &cleaf.eku
                && !eku.any
                && !eku.client
            {
                out.emit_once(finding(
                    RuleId::MissingEku,
                    *cspan,
                    &c.object(),
                    Some("certificate"),
                    format!(
                        "{} has extended key usage {} but a {} certificate presented for mutual TLS needs clientAuth",
                        cleaf.short_name(),
                        crate::error::listed(&eku.names, ", "),
                        if gui { "GUI" } else { "client" }
                    ),
                ));
            }
        }
    }
}
