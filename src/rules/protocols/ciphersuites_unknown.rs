use crate::rules::prelude::*;

use super::written;
use crate::tls::cipherstring::ciphersuites;

declare_rule! {
    /// Use the RFC 8446 names.
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
        let (_, unknown) = ciphersuites(v.value);
        if unknown.is_empty() {
            continue;
        }
        out.emit_once(
            v.finding(
                RuleId::CiphersuitesUnknown,
                format!(
                    "{} {} not a TLS 1.3 suite of RFC 8446: OpenSSL refuses the whole list",
                    crate::error::listed(unknown.iter().map(|u| format!("`{u}`")), ", "),
                    if unknown.len() == 1 { "is" } else { "are" }
                ),
            )
            .help("use TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256, TLS_AES_128_CCM_SHA256 or TLS_AES_128_CCM_8_SHA256"),
        );
    }
}
