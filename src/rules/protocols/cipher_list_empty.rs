use crate::rules::prelude::*;

use super::accepted_cipher_lists;

declare_rule! {
    /// TLS 1.2 handshakes fail.
    CipherListEmpty = "cipher-list-empty" {
        severity: Error,
        phase: P,
        summary: "the cipher string selects no TLS 1.2 cipher",
        source: "Guide: Tuning Available Cipher Lists for TLS v1.2",
        bad: "cipher-list=!ALL",
        good: "cipher-list=HIGH:!aNULL",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (v, ev) in accepted_cipher_lists(cx) {
        if ev.suites.is_empty() {
            out.emit_once(v.finding(
                RuleId::CipherListEmpty,
                format!(
                    "cipher list `{}` selects no TLS 1.2 cipher: every TLS 1.2 handshake fails",
                    v.value
                ),
            ));
        }
    }
}
