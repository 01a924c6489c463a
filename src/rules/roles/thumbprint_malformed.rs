use crate::facts::{looks_like_thumbprint, valid_thumbprint};
use crate::resolve::{Level, SECURITY};
use crate::rules::prelude::*;

declare_rule! {
    /// A thumbprint is the SHA-1 hash of the certificate: 40 hexadecimal digits, spaces
    /// allowed. The guide's own example `61 cc b8 76 3c ap 2a …` contains the non-hex `ap`.
    ThumbprintMalformed = "thumbprint-malformed" {
        severity: Error,
        phase: C,
        summary: "a thumbprint that is not 20 bytes of hex",
        source: "Guide: Secure Network Logging Connections, On Windows",
        bad: "certificate=61 cc b8 76 3c ap 2a ff 00 13 98 6d 8e 51 7c 41 47 be f5 ee",
        good: "certificate=61 cc b8 76 3c a0 2a ff 00 13 98 6d 8e 51 7c 41 47 be f5 ee",
        check: check,
    }
}

/// Every `certificate` value written anywhere that is meant as a thumbprint must be one:
/// judged where it is written, whichever port or connection it takes effect for.
fn check(cx: &Cx, out: &mut Out) {
    for site in &cx.facts.sites {
        for (key, value, span) in site.values() {
            if key != "certificate" || !looks_like_thumbprint(value) || valid_thumbprint(value) {
                continue;
            }
            let mut f = Finding::new(
                RuleId::ThumbprintMalformed,
                Place::Span(span),
                format!(
                    "certificate thumbprint `{value}` is not 20 bytes of hex: {}",
                    why(value)
                ),
            )
            .object(site.object())
            .help("copy the SHA-1 thumbprint again from the certificate (`tlskit cert inspect` prints it)");
            // A transport parameter has no [security] section to name.
            if !matches!(site.level, Level::Port | Level::Connection) {
                f = f.key(SECURITY, "certificate");
            }
            out.emit_once(f);
        }
    }
}

/// What is wrong with a thumbprint: characters that are not hex, else its length.
fn why(value: &str) -> String {
    let digits: String = value.chars().filter(|c| *c != ' ').collect();
    let bad: Vec<char> = digits.chars().filter(|c| !c.is_ascii_hexdigit()).collect();
    if bad.is_empty() {
        return format!("it has {} hex digits instead of 40", digits.len());
    }
    format!(
        "it contains the non-hex character{} {}",
        if bad.len() > 1 { "s" } else { "" },
        crate::error::listed(bad.iter().map(|c| format!("`{c}`")), ", ")
    )
}
