//! Phase H: for every connection to a secure port, whether client and server share a
//! protocol version and a cipher suite. The certificate-trust and name parts of the
//! prediction are made with the certificate checks (rules/certs.rs).

use super::certs::server_leaf;
use crate::findings::{Finding, Place};
use crate::resolve::{ConnView, PortView, Resolution};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out};
use crate::tls::handshake::{Endpoint, Prediction, predict};

pub fn endpoint<'e>(eff: &'e crate::resolve::Effective<'e>) -> Endpoint<'e> {
    Endpoint {
        sec_protocol: eff.value("sec-protocol"),
        cipher_list: eff.value("cipher-list"),
        ciphersuites: eff.value("ciphersuites"),
    }
}

/// The prediction for one connection, when both ends negotiate through OpenSSL (on
/// Windows, SChannel and the registry decide).
pub fn prediction(ctx: &Ctx, c: &ConnView, target: &PortView) -> Option<Prediction> {
    let client = ctx.platform(c.client, c.client_host);
    let server = ctx.platform(target.app, target.host);
    if client.uses_windows_store() || server.uses_windows_store() {
        return None;
    }
    let (client, server) = (endpoint(&c.eff), endpoint(&target.eff));
    // A list OpenSSL refuses stops the application from configuring TLS at all; its own
    // rules say so, and there is no negotiation to predict.
    if !client.valid() || !server.valid() {
        return None;
    }
    let key = server_leaf(ctx, target).map(|l| l.key.kind);
    predict(&client, &server, key)
}

fn versions(v: &[crate::tls::handshake::Version]) -> String {
    if v.is_empty() {
        "none (the value is refused)".into()
    } else {
        v.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
    }
}

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    let res: &Resolution = ctx.res;
    for c in &res.conns {
        if !c.secure(res) {
            continue;
        }
        let Some(target) = res.target_of(c) else {
            continue;
        };
        let Some(p) = prediction(ctx, c, target) else {
            continue;
        };
        let span = c.conn().server.span;
        // Named only for a finding: most connections succeed.
        let both = || {
            format!(
                "connection {} (server {}:{})",
                c.name(),
                target.app.name,
                target.port().id
            )
        };
        let mut f = match p {
            Prediction::Succeeds { .. } => continue,
            Prediction::NoCommonProtocol { client, server } => Finding::new(
                RuleId::HandshakeNoCommonProtocol,
                Place::Span(span),
                format!(
                    "{}: the client allows {} and the server {}: no common protocol version, the handshake fails (protocol_version)",
                    both(),
                    versions(&client),
                    versions(&server)
                ),
            )
            .help("set the same sec-protocol on both sides, or leave it empty for TLS 1.2 and 1.3"),
            Prediction::NoCommonCipher { version } => Finding::new(
                RuleId::HandshakeNoCommonCipher,
                Place::Span(span),
                format!(
                    "{}: both speak {} but share no cipher suite the server's certificate can serve: the handshake fails (handshake_failure)",
                    both(),
                    version.name()
                ),
            )
            .help("compare both cipher lists with `tlskit ciphers`"),
        };
        for (key, side) in [
            ("sec-protocol", &c.eff),
            ("cipher-list", &c.eff),
            ("ciphersuites", &c.eff),
        ] {
            if let Some(r) = side.get(key) {
                f = f.related(Place::Span(r.taken.span), format!("the client's {key}"));
            }
        }
        for key in ["sec-protocol", "cipher-list", "ciphersuites"] {
            if let Some(r) = target.eff.get(key) {
                f = f.related(Place::Span(r.taken.span), format!("the server's {key}"));
            }
        }
        found.push(f.object(c.object()));
    }
    for f in found {
        out.emit(f);
    }
}
