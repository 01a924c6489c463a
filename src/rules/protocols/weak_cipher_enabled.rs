use crate::rules::prelude::*;

use super::{accepted_cipher_lists, list, usable_suites};
use crate::tls::Suite;

declare_rule! {
    /// Remove weak suites with !aNULL:!eNULL:!3DES….
    WeakCipherEnabled = "weak-cipher-enabled" {
        severity: Error,
        phase: P,
        summary: "NULL, anonymous, EXPORT, DES, 3DES, RC4, RC2, IDEA, SEED or MD5 suites enabled",
        source: "Guide: Aliases; SWEET32/RC4 guidance",
        bad: "cipher-list=ALL",
        good: "cipher-list=HIGH:!aNULL:!3DES",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (v, ev) in accepted_cipher_lists(cx) {
        let weak: Vec<&Suite> = usable_suites(&ev)
            .filter(|s| s.weakness().is_some())
            .collect();
        if weak.is_empty() {
            continue;
        }
        let mut reasons: Vec<&str> = weak.iter().filter_map(|s| s.weakness()).collect();
        reasons.sort_unstable();
        reasons.dedup();
        out.emit_once(
            v.finding(
                RuleId::WeakCipherEnabled,
                format!(
                    "the cipher list enables {} weak suite{} ({}): {}",
                    weak.len(),
                    if weak.len() == 1 { "" } else { "s" },
                    reasons.join("; "),
                    list(&weak, 5)
                ),
            )
            .help("append :!aNULL:!eNULL:!3DES:!RC4:!MD5:!DES:!IDEA:!SEED:!RC2 or start from HIGH"),
        );
    }
}
