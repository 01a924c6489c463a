use crate::rules::prelude::*;

use super::accepted_cipher_lists;
use super::cipher_list_iana_names::iana_names;

declare_rule! {
    /// OpenSSL ignores unknown names silently.
    CipherListUnknownName = "cipher-list-unknown-name" {
        severity: Warning,
        phase: P,
        summary: "a cipher name or alias that matches nothing",
        source: "Guide: Cipher List Formatting Rules",
        bad: "cipher-list=ECDHE-RSA-AES256-GCM-SHA348",
        good: "cipher-list=ECDHE-RSA-AES256-GCM-SHA384",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (v, ev) in accepted_cipher_lists(cx) {
        // IANA names are cipher-list-iana-names': the cause is the naming scheme.
        let iana = iana_names(v.value);
        let unknown: Vec<&String> = ev
            .unknown
            .iter()
            // OpenSSL reads `TLS_ECDHE_…` as the unknown name `TLS` up to the `_`.
            .filter(|u| !iana.iter().any(|n| n.starts_with(u.as_str())))
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let one = unknown.len() == 1;
        out.emit_once(
            v.finding(
                RuleId::CipherListUnknownName,
                format!(
                    "{} in the cipher list match{} no cipher: OpenSSL ignores {} silently",
                    crate::error::listed(unknown.iter().map(|u| format!("`{u}`")), ", "),
                    if one { "es" } else { "" },
                    if one { "it" } else { "them" }
                ),
            )
            .help("check the spelling against `tlskit ciphers`"),
        );
    }
}
