use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// RFC 5280 4.2.1.1 and 4.2.1.2: every certificate that is not self-signed carries an
    /// authorityKeyIdentifier with its keyIdentifier field, every CA certificate a
    /// subjectKeyIdentifier; the CA/B Forum BR 7.1.2.1.3 add that a root's
    /// authorityKeyIdentifier, if any, holds only the keyIdentifier, equal to its subject key
    /// identifier. The identifiers let path builders pick the right issuer when a CA has
    /// been renewed with a new key. OpenSSL 3.0 refuses missing identifiers only with
    /// -x509_strict; the Security Pack, JSSE and SChannel accept them: a notice. (A root
    /// whose identifier names another key, serial or issuer is also one OpenSSL does not
    /// take as self-signed: `chain-untrusted` reports that. A critical identifier is
    /// `critical-extension-unhandled`.)
    KeyIdentifierInvalid = "key-identifier-invalid" {
        severity: Notice,
        phase: X,
        summary: "a missing or malformed authority or subject key identifier",
        source: "RFC 5280 4.2.1.1, 4.2.1.2; CA/B Forum BR 7.1.2.1.3",
        bad: "a CA without subjectKeyIdentifier; a host certificate without authorityKeyIdentifier",
        good: "subjectKeyIdentifier = hash; authorityKeyIdentifier = keyid",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::KeyIdentifierInvalid,
        Defect::KeyIdentifier,
        "issue CA certificates with subjectKeyIdentifier = hash and every other certificate with authorityKeyIdentifier = keyid (tlskit ca does)",
    );
}
