use crate::model::Runtime;
use crate::rules::prelude::*;

declare_rule! {
    /// A Java (Platform SDK) client validates the server's chain with PKIX under the JDK's
    /// `jdk.certpath.disabledAlgorithms`: on JDK 17 `MD2, MD5, SHA1 jdkCA & usage
    /// TLSServer, RSA keySize < 1024, DSA keySize < 1024, EC keySize < 224`. A certificate
    /// signed with MD5 or MD2, or holding an RSA or DSA key under 1024 bits or an EC key
    /// under 224, makes the handshake fail ("Algorithm constraints check failed", "keysize
    /// limits"), whatever the client's trusted-ca. (SHA-1 under a private CA, and RSA
    /// 1024, still pass JDK 17; `weak-signature-hash` and `weak-key` judge those by the
    /// guide's bar.) Guide: Certificate Signature Hash Function, Recommended Certificate
    /// Properties; docs/java-tls.md.
    HandshakeJavaRejectsCertificate = "handshake-java-rejects-certificate" {
        severity: Error,
        phase: H,
        summary: "a Java client's JDK refuses the server's certificate (MD5/MD2 signature, RSA/DSA under 1024 bits, EC under 224)",
        source: "Guide: Certificate Signature Hash Function; Recommended Certificate Properties",
        bad: "UCS (Java) -> confserv:secure whose certificate is RSA 768",
        good: "confserv's certificate RSA 2048, SHA-256",
        check: check,
    }
}

/// Why JDK 17's `jdk.certpath.disabledAlgorithms` refuses a certificate of a chain.
fn refused(c: &crate::pki::cert::Certificate) -> Option<String> {
    use crate::pki::cert::KeyKind;
    let sig = c.sig_alg.to_ascii_lowercase();
    if !c.self_issued() && (sig.starts_with("md5") || sig.starts_with("md2")) {
        return Some(format!("it is signed with {}", c.sig_alg));
    }
    let (kind, min) = match c.key.kind {
        KeyKind::Rsa => ("RSA", 1024),
        KeyKind::Dsa => ("DSA", 1024),
        KeyKind::Ec => ("EC", 224),
        _ => return None,
    };
    (c.key.bits < min).then(|| {
        format!(
            "its {kind} key has {} bits ({kind} keySize < {min})",
            c.key.bits
        )
    })
}

fn check(cx: &Cx, out: &mut Out) {
    let res = cx.res;
    let release = cx.settings.java_release();
    for c in res.conns.iter().filter(|c| c.secure) {
        if c.client.runtime != Runtime::Java {
            continue;
        }
        let Some(target) = res.target_of(c) else {
            continue;
        };
        let Some(r) = target.eff.get("certificate") else {
            continue;
        };
        let host = target.host.map(|h| h.name.as_str());
        for cert in cx.facts.certs(host, r.taken.span) {
            let Some(why) = refused(cert) else {
                continue;
            };
            out.emit_once(
                Finding::new(
                    RuleId::HandshakeJavaRejectsCertificate,
                    Place::Span(c.conn().server.span),
                    format!(
                        "connection {}: the Java client refuses the server's certificate {}: {why}, which JDK {release} disables (jdk.certpath.disabledAlgorithms): the handshake fails",
                        c.name(),
                        cert.short_name()
                    ),
                )
                .object(c.object())
                .related(Place::Span(r.taken.span), "the server's certificate")
                .help("reissue the certificate with an RSA 2048 (or EC P-256) key, signed with SHA-256"),
            );
        }
    }
}
