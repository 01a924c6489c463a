use crate::rules::prelude::*;

use super::written;
use crate::tls::cipherstring::ciphersuites;

declare_rule! {
    /// Use the RFC 8446 names. OpenSSL 3.0 skips a name it does not know as long as
    /// another name of the list is known; a list of which no name is known makes
    /// `SSL_CTX_set_ciphersuites` fail (`no cipher match`), and OpenSSL's own servers refuse
    /// to start.
    CiphersuitesUnknown = "ciphersuites-unknown" {
        severity: Error,
        phase: P,
        summary: "a TLS 1.3 ciphersuites name outside RFC 8446's five",
        source: "Guide: Tuning Available Cipher Lists for TLS v1.3",
        bad: "ciphersuites=TLS_AES_256_SHA",
        good: "ciphersuites=TLS_AES_256_GCM_SHA384",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in written(cx, "ciphersuites") {
        let parsed = ciphersuites(v.value);
        let unknown = &parsed.unknown;
        if unknown.is_empty() {
            continue;
        }
        let consequence = if parsed.refused(v.value) {
            "no name of the list is known, so OpenSSL refuses the whole list (SSL_CTX_set_ciphersuites fails with `no cipher match`)".to_string()
        } else if parsed.suites.is_empty() {
            "OpenSSL ignores it, and the list names no TLS 1.3 suite: with TLS 1.3 enabled, every handshake fails (no ciphers available)".to_string()
        } else {
            format!(
                "OpenSSL ignores {} and uses {}",
                if unknown.len() == 1 { "it" } else { "them" },
                crate::error::listed(parsed.suites.iter().map(|s| format!("`{}`", s.iana)), ", ")
            )
        };
        out.emit_once(
            v.finding(
                RuleId::CiphersuitesUnknown,
                format!(
                    "{} {} not a TLS 1.3 suite of RFC 8446: {consequence}",
                    crate::error::listed(unknown.iter().map(|u| format!("`{u}`")), ", "),
                    if unknown.len() == 1 { "is" } else { "are" }
                ),
            )
            .help("use TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256, TLS_AES_128_CCM_SHA256 or TLS_AES_128_CCM_8_SHA256"),
        );
    }
}
