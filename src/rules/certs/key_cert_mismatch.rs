use crate::resolve::Level;
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// The server cannot use the pair.
    KeyCertMismatch = "key-cert-mismatch" {
        severity: Error,
        phase: X,
        summary: "the private key does not belong to the certificate",
        source: "Guide: Installing Certificates on UNIX",
        bad: "certificate-key of another host",
        good: "the key made with the certificate",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let res = cx.res;
    for link in &cx.facts.links {
        let p = &res.ports[link.port];
        let Some((leaf, _, _)) = &link.server.leaf else {
            continue;
        };
        let host = p.host.map(|h| h.name.as_str());
        if let Some(key_r) = p.eff.get("certificate-key")
            && let Some(public) = first_public_key(cx, host, key_r.taken.span)
            && public != leaf.key.public_key
        {
            out.emit_once(
                finding(
                    RuleId::KeyCertMismatch,
                    key_r.taken.span,
                    &p.object(),
                    Some("certificate-key"),
                    format!(
                        "the private key {} does not belong to the certificate {} ({})",
                        key_r.taken.value,
                        p.eff.value("certificate").unwrap_or(""),
                        leaf.short_name()
                    ),
                )
                .help("configure the key made with this certificate"),
            );
        }
    }
    // Certificates used as clients: only a key set on the connection itself is the
    // client's own (one inherited from its application is judged with its ports).
    for c in &res.conns {
        if !c.secure(res) || !cx.platform(c.client, c.client_host).uses_files() {
            continue;
        }
        let host = c.client_host.map(|h| h.name.as_str());
        let Some(cert_r) = c.eff.get("certificate") else {
            continue;
        };
        let Some((leaf, _)) = cx.facts.chain_file(host, cert_r.taken.span) else {
            continue;
        };
        if let Some(key_r) = c.eff.get("certificate-key")
            && let Some(public) = first_public_key(cx, host, key_r.taken.span)
            && public != leaf.key.public_key
            && key_r.taken.level == Level::Connection
        {
            out.emit_once(finding(
                RuleId::KeyCertMismatch,
                key_r.taken.span,
                &c.object(),
                Some("certificate-key"),
                format!(
                    "the private key {} does not belong to the certificate {} of connection {}",
                    key_r.taken.value,
                    leaf.short_name(),
                    c.name()
                ),
            ));
        }
    }
}

/// The public key of the first private key in a certificate-key value's files.
fn first_public_key<'x>(
    cx: &Cx<'x, '_>,
    host: Option<&str>,
    span: crate::input::source::Span,
) -> Option<&'x [u8]> {
    cx.facts
        .files(host, span)
        .iter()
        .flat_map(|f| f.keys.iter())
        .next()
        .and_then(|k| k.public_key.as_deref())
}
