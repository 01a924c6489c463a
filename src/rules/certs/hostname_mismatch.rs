use crate::model::Runtime;
use crate::pki::names::{self, NameResult, PeerName};
use crate::rules::prelude::*;
use crate::rules::presented::{finding, store_certs};

declare_rule! {
    /// Clients that check names compare the host they connect to with the SAN (else CN).
    HostnameMismatch = "hostname-mismatch" {
        severity: Error,
        phase: X,
        summary: "the server certificate does not name the host's FQDN",
        source: "Guide: Target Hostname Check; Troubleshooting Genesys TLS",
        bad: "SAN DNS:other.example.com",
        good: "SAN DNS:host.example.com",
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
        // The port's certificate is judged against its host's own name. A client that
        // reaches the host through another name (tls-target-name, a DNS alias) is judged
        // on its connection, by handshake-name-mismatch: one cause, one finding.
        let target = host.name.as_str();
        let checking: Vec<_> = link
            .clients
            .iter()
            .map(|cl| &res.conns[cl.conn])
            .filter(|c| checks_names(c))
            .filter(|c| {
                // A Java client reads no tls-target-name: it checks the host's own name.
                c.client.runtime == Runtime::Java
                    || c.eff
                        .value("tls-target-name")
                        .is_none_or(|t| t.eq_ignore_ascii_case(target))
            })
            .collect();
        let name = PeerName::parse(target);
        // A client checking names by address is ip-target-name's.
        if !checking.is_empty() && !matches!(name, PeerName::Dns(_)) {
            continue;
        }
        // When every client that checks is Java, the certificate is judged as JSSE's
        // endpoint identification judges it (wildcards accepted).
        let all_java =
            !checking.is_empty() && checking.iter().all(|c| c.client.runtime == Runtime::Java);
        let verdict = if all_java {
            names::check_jsse(leaf, &name)
        } else {
            names::check(leaf, &name)
        };
        if let NameResult::Mismatch(why) | NameResult::WildcardOnly(why) = verdict {
            let severity = if checking.is_empty() {
                Severity::Warning
            } else {
                Severity::Error
            };
            out.emit_once(
                finding(
                    RuleId::HostnameMismatch,
                    *cert_span,
                    &p.object(),
                    Some("certificate"),
                    format!(
                        "{} of port {}:{} does not name {target}, the name its clients use: {why}{}",
                        leaf.short_name(),
                        p.app.name,
                        p.port().id,
                        if checking.is_empty() {
                            " (no client checks names today)"
                        } else {
                            ""
                        }
                    ),
                )
                .severity(severity)
                .help(format!("reissue it with {target} in the SAN")),
            );
        }
    }
    for s in store_certs(cx) {
        if let (Some(c), Some(host)) = (s.cert, s.port.host)
            && let NameResult::Mismatch(why) = names::check(c, &PeerName::parse(&host.name))
        {
            out.emit_once(
                finding(
                    RuleId::HostnameMismatch,
                    s.option.taken.span,
                    &s.port.object(),
                    Some("certificate"),
                    format!("{} does not name {}: {why}", c.short_name(), host.name),
                )
                .severity(Severity::Warning),
            );
        }
    }
}

/// A client that checks the server's name (tls-target-name-check=host).
pub(crate) fn checks_names(c: &crate::resolve::ConnView) -> bool {
    c.eff
        .value("tls-target-name-check")
        .is_some_and(|v| v.eq_ignore_ascii_case("host"))
}
