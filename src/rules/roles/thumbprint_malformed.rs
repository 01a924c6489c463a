use crate::escape::Esc;
use crate::facts::{cleaned_thumbprint, invisible, looks_like_thumbprint, valid_thumbprint};
use crate::resolve::{Level, SECURITY};
use crate::rules::prelude::*;

declare_rule! {
    /// A thumbprint is the SHA-1 hash of the certificate: 40 hexadecimal digits, spaces
    /// allowed. The guide's own example `61 cc b8 76 3c ap 2a …` contains the non-hex `ap`.
    /// A thumbprint copied from the Windows Certificates console (MMC) starts with an
    /// invisible U+200E LEFT-TO-RIGHT MARK, and one pasted through a document may hold
    /// no-break spaces: the value looks right and names no certificate. The finding names
    /// each invisible character by code point and position, and gives the cleaned value.
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
            let cleaned = cleaned_thumbprint(value);
            let help = if cleaned != value.trim() && valid_thumbprint(&cleaned) {
                format!("retype it without the invisible characters: certificate = {cleaned}")
            } else {
                "copy the SHA-1 thumbprint again from the certificate (`tlskit cert inspect` prints it)".to_string()
            };
            let mut f = Finding::new(
                RuleId::ThumbprintMalformed,
                Place::Span(span),
                format!(
                    "certificate thumbprint `{}` is not 20 bytes of hex: {}",
                    Esc(value),
                    why(value)
                ),
            )
            .object(site.object())
            .help(help);
            // A transport parameter has no [security] section to name.
            if !matches!(site.level, Level::Port | Level::Connection) {
                f = f.key(SECURITY, "certificate");
            }
            out.emit_once(f);
        }
    }
}

/// What is wrong with a thumbprint: invisible characters (by code point, name and
/// position), characters that are not hex, else its length.
fn why(value: &str) -> String {
    let hidden: Vec<String> = value
        .chars()
        .enumerate()
        .filter_map(|(i, c)| {
            invisible(c).map(|name| format!("U+{:04X} {name} at character {}", c as u32, i + 1))
        })
        .collect();
    if !hidden.is_empty() {
        let mmc = value.starts_with('\u{200E}');
        return format!(
            "it contains the invisible character{} {}{}",
            if hidden.len() > 1 { "s" } else { "" },
            crate::error::listed(hidden.iter(), ", "),
            if mmc {
                " (the Windows Certificates console adds a left-to-right mark in front of a thumbprint copied from it)"
            } else {
                ""
            }
        );
    }
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
