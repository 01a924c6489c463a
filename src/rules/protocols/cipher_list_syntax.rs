use crate::rules::prelude::*;

use super::cipher_list_iana_names::iana_names;
use super::written;
use crate::tls::cipherstring::{evaluate_cached, syntax_problem};

declare_rule! {
    /// Separate with colons; no spaces; only a-z A-Z 0-9 - + ! @ =.
    CipherListSyntax = "cipher-list-syntax" {
        severity: Error,
        phase: P,
        summary: "a cipher string that breaks the formatting rules",
        source: "Guide: Cipher List Formatting Rules",
        bad: "cipher-list=AES256-SHA, AES128-SHA",
        good: "cipher-list=AES256-SHA:AES128-SHA",
        check: check,
    }
}

/// The guide's formatting rules first; then whether OpenSSL refuses the list, said only
/// when the formatting is right (one finding per value).
fn check(cx: &Cx, out: &mut Out) {
    for v in written(cx, "cipher-list") {
        // IANA names are cipher-list-iana-names': their `_` is not judged again here.
        let mut judged = std::borrow::Cow::Borrowed(v.value);
        for name in iana_names(v.value) {
            judged = std::borrow::Cow::Owned(judged.replace(name, "IANA"));
        }
        if let Some(why) = syntax_problem(&judged) {
            out.emit_once(
                v.finding(RuleId::CipherListSyntax, why)
                    .help("separate names with colons, without spaces"),
            );
        }
        if let Some(why) = &evaluate_cached(v.value).invalid {
            out.emit_once(
                v.finding(
                    RuleId::CipherListSyntax,
                    format!(
                        "OpenSSL refuses the whole cipher list (SSL_CTX_set_cipher_list fails with `invalid command`): {why}"
                    ),
                )
                .help(
                    "OpenSSL's own servers refuse to start with such a list; the guide does not say what the \
                     Security Pack does when the call fails, so tlskit takes it that TLS is not set up and predicts \
                     no handshake. Check the string with `tlskit ciphers`",
                ),
            );
        }
    }
}
