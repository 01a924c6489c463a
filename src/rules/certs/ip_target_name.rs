use crate::pki::names::PeerName;
use crate::rules::certs::hostname_mismatch::checks_names;
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// The client must connect with the same FQDN as in the certificate, not an IP address.
    IpTargetName = "ip-target-name" {
        severity: Warning,
        phase: X,
        summary: "name checking is on but the client reaches the server by IP address",
        source: "Guide: Check Certificate Host Matching (\"not an IP address\")",
        bad: "host name 10.0.0.5, tls-target-name-check=host",
        good: "host name cs.example.com",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let res = cx.res;
    for link in &cx.facts.links {
        let p = &res.ports[link.port];
        let (Some((_, _, cert_span)), Some(host)) = (&link.server.leaf, p.host) else {
            continue;
        };
        let checking = link
            .clients
            .iter()
            .map(|cl| &res.conns[cl.conn])
            .filter(|c| checks_names(c));
        let mut target = None;
        let mut any = false;
        for c in checking {
            any = true;
            if target.is_none() {
                target = c.eff.value("tls-target-name");
            }
        }
        if !any {
            continue;
        }
        if let PeerName::Ip(ip) = PeerName::parse(target.unwrap_or(host.name.as_str())) {
            out.emit_once(
                finding(
                    RuleId::IpTargetName,
                    *cert_span,
                    &p.object(),
                    Some("certificate"),
                    format!(
                        "clients of port {}:{} check names (tls-target-name-check=host) but reach it by the address {ip}: the Security Pack needs the FQDN",
                        p.app.name,
                        p.port().id
                    ),
                )
                .help("name the host by its FQDN in the deployment"),
            );
        }
    }
}
