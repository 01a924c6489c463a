use crate::model::Runtime;
use crate::pki::names::{self, NameResult, PeerName};
use crate::rules::certs::hostname_mismatch::checks_names;
use crate::rules::prelude::*;

declare_rule! {
    /// The client aborts the handshake. A Security Pack client checks names as the guide
    /// says (SAN, else CN; no wildcard); a Java (Platform SDK) client as JSSE's endpoint
    /// identification "HTTPS" does (IP addresses against IP SANs only; the DNS SANs when
    /// there is any, else the most specific CN; wildcards accepted within a label) and
    /// against the host's own name, as the PSDK reads no `tls-target-name`
    /// (docs/java-tls.md).
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
            let java = c.client.runtime == Runtime::Java;
            let target = match c.eff.value("tls-target-name") {
                Some(t) if !java => t,
                _ => host.name.as_str(),
            };
            let name = PeerName::parse(target);
            let verdict = if java {
                names::check_jsse(leaf, &name)
            } else {
                names::check(leaf, &name)
            };
            if let NameResult::Mismatch(why) | NameResult::WildcardOnly(why) = verdict {
                let who = if java {
                    "the Java client checks names as JSSE's HTTPS endpoint identification does (tls-target-name-check=host)"
                } else {
                    "the client checks names (tls-target-name-check=host)"
                };
                out.emit_once(
                    Finding::new(
                        RuleId::HandshakeNameMismatch,
                        Place::Span(c.conn().server.span),
                        format!(
                            "connection {}: {who} and {} does not name {target}: {why}",
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
