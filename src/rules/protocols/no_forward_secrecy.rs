use crate::rules::prelude::*;

use super::{accepted_cipher_lists, list, usable_suites};
use crate::tls::Suite;

declare_rule! {
    /// Static RSA offers no forward secrecy.
    NoForwardSecrecy = "no-forward-secrecy" {
        severity: Warning,
        phase: P,
        summary: "static-RSA key exchange suites enabled",
        source: "Guide: Tuning Available Cipher Lists for TLS v1.2",
        bad: "cipher-list=AES256-SHA",
        good: "cipher-list=ECDHE+AESGCM",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (v, ev) in accepted_cipher_lists(cx) {
        let static_rsa: Vec<&Suite> = usable_suites(&ev).filter(|s| s.kx == "RSA").collect();
        if static_rsa.is_empty() {
            continue;
        }
        out.emit_once(
            v.finding(
                RuleId::NoForwardSecrecy,
                format!(
                    "the cipher list enables {} static-RSA key exchange suite{} without forward secrecy: {}",
                    static_rsa.len(),
                    if static_rsa.len() == 1 { "" } else { "s" },
                    list(&static_rsa, 4)
                ),
            )
            .help("add :!kRSA"),
        );
    }
}
