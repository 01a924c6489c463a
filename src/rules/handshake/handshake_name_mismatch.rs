use crate::pki::names::{self, NameResult, PeerName};
use crate::rules::certs::hostname_mismatch::checks_names;
use crate::rules::prelude::*;

declare_rule! {
    /// The client aborts the handshake.
    HandshakeNameMismatch = "handshake-name-mismatch" {
        severity: Error,
        phase: H,
        summary: "the client checks names and the server certificate does not name the target",
        source: "Guide: Check Certificate Host Matching",
        bad: "tls-target-name-check=host, SAN other.example.com",
        good: "SAN host.example.com",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let res = cx.res;
    for link in &cx.facts.links {
        let p = &res.ports[link.port];
        let (Some((leaf, _, cert_span)), Some(host)) = (&link.server.leaf, p.host) else {
            continue;
        };
        // Judged of the clients whose trust in the server could be judged.
        for cl in link.clients.iter().filter(|cl| cl.server_trusted.is_some()) {
            let c = &res.conns[cl.conn];
            if !checks_names(c) || cx.facts.anonymous(cl.conn) {
                continue;
            }
            let target = c.eff.value("tls-target-name").unwrap_or(host.name.as_str());
            if let NameResult::Mismatch(why) | NameResult::WildcardOnly(why) =
                names::check(leaf, &PeerName::parse(target))
            {
                out.emit_once(
                    Finding::new(
                        RuleId::HandshakeNameMismatch,
                        Place::Span(c.conn().server.span),
                        format!(
                            "connection {}: the client checks names (tls-target-name-check=host) and {} does not name {target}: {why}",
                            c.name(),
                            leaf.short_name()
                        ),
                    )
                    .object(c.object())
                    .related(Place::Span(*cert_span), "the server's certificate"),
                );
            }
        }
    }
}
