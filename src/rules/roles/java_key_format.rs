use crate::model::Runtime;
use crate::pki::key::KeyFormat;
use crate::resolve::SECURITY;
use crate::rules::prelude::*;
use crate::rules::roles::tls_sides;

declare_rule! {
    /// The Java Platform SDK reads private keys in PKCS#8; native applications write RSA
    /// (PKCS#1) keys. Convert with `tlskit key convert --outformat pkcs8`.
    JavaKeyFormat = "java-key-format" {
        severity: Error,
        phase: C,
        summary: "a Java application whose certificate-key is PKCS#1 (BEGIN RSA PRIVATE KEY)",
        source: "Guide: Installing Certificates for Applications with Java dependency; Configuring Secure Connections to Java/PSDK-Based Applications",
        bad: "UCS: [security] certificate-key=/etc/sec/certs/priv_key.pem   # BEGIN RSA PRIVATE KEY",
        good: "UCS: [security] certificate-key=/etc/sec/certs/priv_key_NEW.pem  # BEGIN PRIVATE KEY",
        check: check,
    }
}

/// Java applications' keys, server and client side, judged by the first file of the value.
fn check(cx: &Cx, out: &mut Out) {
    for side in tls_sides(cx).filter(|s| s.app.runtime == Runtime::Java) {
        let Some(key) = side.eff.get("certificate-key") else {
            continue;
        };
        let host = side.host.map(|h| h.name.as_str());
        let pkcs1 = cx
            .facts
            .files(host, key.taken.span)
            .first()
            .is_some_and(|file| file.keys.iter().any(|k| k.format == KeyFormat::Pkcs1));
        if !pkcs1 {
            continue;
        }
        out.emit_once(
            Finding::new(
                RuleId::JavaKeyFormat,
                Place::Span(key.taken.span),
                format!(
                    "{} is a Java (Platform SDK) application but its certificate-key {} is PKCS#1 (BEGIN RSA PRIVATE KEY): the Platform SDK needs PKCS#8",
                    side.app.name, key.taken.value
                ),
            )
            .key(SECURITY, "certificate-key")
            .object(side.object())
            .help(format!(
                "convert it: tlskit key convert {} NEW.pem --outformat pkcs8",
                key.taken.value
            )),
        );
    }
}
