use crate::rules::prelude::*;

use super::written;
use crate::tls::cipherstring::evaluate_cached;

declare_rule! {
    /// A native application (the Genesys common library, OpenSSL) reads `cipher-list` in
    /// OpenSSL's syntax and names: `ECDHE-RSA-AES256-GCM-SHA384`, not the IANA name
    /// `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384` that Java (JSSE) and .NET use. OpenSSL 3.0
    /// matches no suite for an IANA name: it drops the name silently, and when the list
    /// holds nothing else `SSL_CTX_set_cipher_list` fails ("no cipher match") and the
    /// application cannot set up TLS. TLS 1.3 suites (`TLS_AES_256_GCM_SHA384`) are not set
    /// in `cipher-list` at all but in `ciphersuites`.
    ///
    /// Bad: `cipher-list = TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384` on Configuration Server.
    /// Fixed: `cipher-list = ECDHE-RSA-AES256-GCM-SHA384`. Guide: Cipher List; Cipher List
    /// Formatting Rules; docs/java-tls.md (a Java application takes the IANA names).
    CipherListIanaNames = "cipher-list-iana-names" {
        severity: Error,
        phase: P,
        summary: "a native application's cipher-list holds IANA (Java) suite names, which OpenSSL does not know",
        source: "Guide: Cipher List; Cipher List Formatting Rules",
        bad: "confserv: cipher-list=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        good: "confserv: cipher-list=ECDHE-RSA-AES256-GCM-SHA384",
        check: check,
    }
}

/// The IANA suite names of an OpenSSL cipher string, without their operators.
pub(super) fn iana_names(value: &str) -> Vec<&str> {
    value
        .split([':', ',', ' ', ';'])
        .map(|t| t.trim_start_matches(['!', '-', '+']))
        .filter(|t| crate::tls::jsse::by_iana(t).is_some())
        .collect()
}

fn check(cx: &Cx, out: &mut Out) {
    // Java applications' lists are left out by `written`: IANA names are theirs.
    for v in written(cx, "cipher-list") {
        let names = iana_names(v.value);
        if names.is_empty() {
            continue;
        }
        let refused = evaluate_cached(v.value).suites.is_empty();
        let (tls13, tls12): (Vec<&str>, Vec<&str>) = names
            .iter()
            .partition(|n| crate::tls::jsse::by_iana(n).is_some_and(|s| s.protocol == "TLSv1.3"));
        let openssl: Vec<&str> = tls12
            .iter()
            .filter_map(|n| crate::tls::jsse::by_iana(n))
            .map(|s| s.openssl)
            .collect();
        let effect = if refused {
            "and the list holds nothing else, so OpenSSL refuses it (SSL_CTX_set_cipher_list fails with `no cipher match`) and the application cannot set up TLS"
        } else {
            "so OpenSSL drops them silently and uses the rest of the list"
        };
        let mut help = Vec::new();
        if !openssl.is_empty() {
            help.push(format!("in OpenSSL's names: {}", openssl.join(":")));
        }
        if !tls13.is_empty() {
            help.push(format!(
                "TLS 1.3 suites go in ciphersuites: {}",
                tls13.join(":")
            ));
        }
        let f = v
            .finding(
                RuleId::CipherListIanaNames,
                format!(
                    "the cipher list holds IANA (Java) suite name{} {}, which a native application's OpenSSL does not know, {effect}",
                    if names.len() == 1 { "" } else { "s" },
                    crate::error::listed(names.iter().map(|n| format!("`{n}`")), ", ")
                ),
            )
            .help(help.join("; "));
        // A list OpenSSL still takes loses only these names; a shadowed value stays a notice.
        let f = if refused || f.severity == Severity::Notice {
            f
        } else {
            f.severity(Severity::Warning)
        };
        out.emit_once(f);
    }
}
