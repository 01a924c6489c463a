use crate::rules::prelude::*;

use super::cipher_list_iana_names::iana_names;

use super::accepted_cipher_lists;

declare_rule! {
    /// `SSL_CTX_set_cipher_list` fails with `no cipher match` when the string parses but
    /// selects no TLS 1.2-or-earlier suite (`RC4`, `3DES` and `LOW` select nothing in
    /// OpenSSL 3.0; IANA names are no cipher-list names). The call fails just as for a
    /// syntax error, and OpenSSL's own servers refuse to start for both; the guide says
    /// nothing of a refused list, so tlskit treats both alike: TLS is not set up, and no
    /// handshake is predicted.
    CipherListEmpty = "cipher-list-empty" {
        severity: Error,
        phase: P,
        summary: "the cipher string selects no TLS 1.2 cipher: OpenSSL refuses it (no cipher match)",
        source: "Guide: Tuning Available Cipher Lists for TLS v1.2",
        bad: "cipher-list=!ALL",
        good: "cipher-list=HIGH:!aNULL",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (v, ev) in accepted_cipher_lists(cx) {
        // A list of IANA names only is cipher-list-iana-names': it names the cause.
        if ev.suites.is_empty() && iana_names(v.value).is_empty() {
            out.emit_once(
                v.finding(
                    RuleId::CipherListEmpty,
                    format!(
                        "cipher list `{}` selects no TLS 1.2-or-earlier cipher: OpenSSL refuses it (SSL_CTX_set_cipher_list fails with `no cipher match`), as it refuses a syntax error",
                        v.value
                    ),
                )
                .help(
                    "OpenSSL's own servers refuse to start with such a list, and tlskit predicts no handshake \
                     (the guide does not say what the Security Pack does when the call fails; an application \
                     that ignored the failure would be left with TLS 1.3 suites only). List suites this OpenSSL \
                     has: `tlskit ciphers STRING` shows what a string selects",
                ),
            );
        }
    }
}
