use crate::rules::prelude::*;

use super::accepted_cipher_lists;

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
        if ev.unknown.is_empty() {
            continue;
        }
        let one = ev.unknown.len() == 1;
        out.emit_once(
            v.finding(
                RuleId::CipherListUnknownName,
                format!(
                    "{} in the cipher list match{} no cipher: OpenSSL ignores {} silently",
                    crate::error::listed(ev.unknown.iter().map(|u| format!("`{u}`")), ", "),
                    if one { "es" } else { "" },
                    if one { "it" } else { "them" }
                ),
            )
            .help("check the spelling against `tlskit ciphers`"),
        );
    }
}
