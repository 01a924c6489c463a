use std::sync::Arc;

use crate::facts::{chain_refused, level_of, load_refused, sent_chain_refused};
use crate::model::Runtime;
use crate::pki::cert::Certificate;
use crate::rules::prelude::*;

declare_rule! {
    /// OpenSSL's security level (`@SECLEVEL=n` in `cipher-list`, else the build's default
    /// of 1) constrains certificates as well as suites. Each level asks for 80, 112, 128,
    /// 192 or 256 bits of security (levels 1–5): an RSA or DSA key counts by its modulus
    /// (2048 bits give 112, 3072 give 128), an EC key half its field size, and a signature
    /// by its digest (SHA-1 and MD5 count under 80 bits in OpenSSL 3.0, SHA-256 128).
    ///
    /// Two things then fail. A server whose own certificate falls below its level cannot
    /// load it (`SSL_CTX_use_certificate`: "ee key too small", "ca md too weak"): the
    /// secure port does not open and every handshake on it fails. A side that verifies its
    /// peer (a client with `trusted-ca`, a server with `tls-mutual`) checks every key of the
    /// peer's chain and every signature but the trust anchor's at its own level, and ends
    /// the handshake with alert 42 (bad_certificate) on the first that falls short. And an
    /// end that sends its certificate (a server, a client asked for one by `tls-mutual`)
    /// sends the chain OpenSSL builds from its own `trusted-ca`, and checks that chain at its
    /// own level first (`ssl_add_cert_chain`): a root of its own below the level (an RSA
    /// 2048 CA at level 3) ends every handshake with alert 80 (internal_error).
    ///
    /// Bad: `cipher-list = HIGH:@SECLEVEL=3` on a server whose certificate is RSA 2048.
    /// Fixed: an RSA 3072 (or EC P-256) certificate, or a level the certificate meets.
    /// Guide: Cipher List; Recommended Certificate Properties; Certificate Signature Hash
    /// Function. OpenSSL: SSL_CTX_set_security_level(3).
    HandshakeCertificateBelowSeclevel = "handshake-certificate-below-seclevel" {
        severity: Error,
        phase: H,
        summary: "a certificate's key or signature falls below the security level of an OpenSSL end that loads or verifies it",
        source: "Guide: Cipher List; Recommended Certificate Properties; OpenSSL SSL_CTX_set_security_level(3)",
        bad: "server cipher-list=HIGH:@SECLEVEL=3, certificate RSA 2048",
        good: "server certificate RSA 3072, or cipher-list=HIGH:@SECLEVEL=2",
        check: check,
    }
}

/// `sent_chain_refused` for an end with CAs of its own.
fn own_chain_refused(
    leaf: &Arc<Certificate>,
    file: &[Arc<Certificate>],
    cas: Option<&(Vec<Arc<Certificate>>, &str)>,
    level: u8,
) -> Option<(Arc<Certificate>, String)> {
    let (cas, _) = cas?;
    sent_chain_refused(leaf, file, cas, level)
}

fn check(cx: &Cx, out: &mut Out) {
    for link in &cx.facts.links {
        let p = &cx.res.ports[link.port];
        let Some((leaf, file, span)) = &link.server.leaf else {
            continue;
        };
        let native_server = link.server.uses_files && p.app.runtime != Runtime::Java;
        let (server_level, server_words) = level_of(&p.eff);
        if native_server && let Some(why) = load_refused(leaf, server_level) {
            out.emit_once(
                Finding::new(
                    RuleId::HandshakeCertificateBelowSeclevel,
                    Place::Span(*span),
                    format!(
                        "server {}:{}: OpenSSL at {server_words} refuses to load its certificate {}: {why}: the secure port does not open and every handshake on it fails",
                        p.app.name,
                        p.port().id,
                        leaf.short_name()
                    ),
                )
                .object(p.object())
                .help("reissue the certificate with a key and signature digest the level accepts (RSA 3072 or EC P-256 with SHA-256 for level 3), or lower the level"),
            );
            continue;
        }
        let server_chain = native_server
            .then(|| own_chain_refused(leaf, file, link.server.cas.as_ref(), server_level))
            .flatten();
        for cl in &link.clients {
            let c = &cx.res.conns[cl.conn];
            if cx.facts.anonymous(cl.conn) {
                continue;
            }
            if let Some((cert, why)) = &server_chain {
                out.emit_once(
                    Finding::new(
                        RuleId::HandshakeCertificateBelowSeclevel,
                        Place::Span(c.conn().server.span),
                        format!(
                            "connection {}: the server, at OpenSSL {server_words}, refuses the chain it would send (built from its trusted-ca): {} {why}: the handshake fails (internal_error)",
                            c.name(),
                            cert.short_name()
                        ),
                    )
                    .object(c.object())
                    .related(Place::Span(*span), "the server's certificate")
                    .help("give the server a trusted-ca whose CAs its level accepts, or reissue its certificate under such a CA, or lower the level"),
                );
                continue;
            }
            let native_client = cl.client.uses_files && c.client.runtime != Runtime::Java;
            if !native_client {
                continue;
            }
            let (client_level, client_words) = level_of(&c.eff);
            if let Some((cleaf, _, cspan)) = &cl.client.leaf
                && let Some(why) = load_refused(cleaf, client_level)
            {
                out.emit_once(
                    Finding::new(
                        RuleId::HandshakeCertificateBelowSeclevel,
                        Place::Span(*cspan),
                        format!(
                            "connection {}: OpenSSL at the client's {client_words} refuses to load its certificate {}: {why}: the client cannot set up TLS and the connection fails",
                            c.name(),
                            cleaf.short_name()
                        ),
                    )
                    .object(c.object())
                    .help("reissue the client's certificate with a key and digest its level accepts, or lower the level"),
                );
                continue;
            }
            // Mutual TLS: the client sends its own chain, checked at its own level.
            if p.mutual()
                && let Some((cleaf, cfile, cspan)) = &cl.client.leaf
                && let Some((cert, why)) =
                    own_chain_refused(cleaf, cfile, cl.client.cas.as_ref(), client_level)
            {
                out.emit_once(
                    Finding::new(
                        RuleId::HandshakeCertificateBelowSeclevel,
                        Place::Span(c.conn().server.span),
                        format!(
                            "connection {}: the client, at OpenSSL {client_words}, refuses the chain it would send to the mutual TLS port (built from its trusted-ca): {} {why}: the handshake fails (internal_error)",
                            c.name(),
                            cert.short_name()
                        ),
                    )
                    .object(c.object())
                    .related(Place::Span(*cspan), "the client's certificate")
                    .help("give the client a trusted-ca whose CAs its level accepts, or reissue its certificate under such a CA, or lower the level"),
                );
                continue;
            }
            if let Some((cas, _)) = &cl.client.cas
                && let Some((cert, why)) = chain_refused(leaf, file, cas, client_level)
            {
                out.emit_once(
                    Finding::new(
                        RuleId::HandshakeCertificateBelowSeclevel,
                        Place::Span(c.conn().server.span),
                        format!(
                            "connection {}: the client, at OpenSSL {client_words}, refuses the server's chain: {} {why}: the handshake fails (bad_certificate)",
                            c.name(),
                            cert.short_name()
                        ),
                    )
                    .object(c.object())
                    .related(Place::Span(*span), "the server's certificate")
                    .help("reissue the certificate (and CA) with keys and digests the client's level accepts, or lower the client's @SECLEVEL"),
                );
            }
            // Mutual TLS: the server verifies the client's chain at its own level.
            if native_server
                && cl.client_trusted.is_some()
                && let (Some((cleaf, cfile, cspan)), Some((cas, _))) =
                    (&cl.client.leaf, &link.server.cas)
                && let Some((cert, why)) = chain_refused(cleaf, cfile, cas, server_level)
            {
                out.emit_once(
                    Finding::new(
                        RuleId::HandshakeCertificateBelowSeclevel,
                        Place::Span(*cspan),
                        format!(
                            "connection {}: the server, at OpenSSL {server_words}, refuses the client's chain: {} {why}: the handshake fails (bad_certificate)",
                            c.name(),
                            cert.short_name()
                        ),
                    )
                    .object(c.object())
                    .related(Place::Span(*span), "the server's certificate")
                    .help("reissue the client's certificate with a key and digest the server's level accepts, or lower the server's @SECLEVEL"),
                );
            }
        }
    }
}
