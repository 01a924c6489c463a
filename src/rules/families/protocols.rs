//! Phase P: sec-protocol, cipher-list and ciphersuites as written, and FIPS mode against
//! the suites a port or connection will offer.

use crate::findings::{Finding, Place};
use crate::resolve::{Level, SECURITY};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out};
use crate::tls::Suite;
use crate::tls::cipherstring::{ciphersuites, evaluate_cached, syntax_problem};

fn list(suites: &[&Suite], max: usize) -> String {
    let mut names: Vec<String> = suites
        .iter()
        .take(max)
        .map(|s| s.openssl.to_string())
        .collect();
    if suites.len() > max {
        names.push(format!("and {} more", suites.len() - max));
    }
    names.join(", ")
}

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    for site in &ctx.facts.sites {
        let values = site.values();
        let keyed = !matches!(site.level, Level::Port | Level::Connection);
        for (key, value, span) in values {
            let f = |rule: RuleId, msg: String| {
                let mut f = Finding::new(rule, Place::Span(span), msg).object(site.object());
                if keyed {
                    f = f.key(SECURITY, key);
                }
                f
            };
            match key {
                "sec-protocol" if value == "SSLv23" => found.push(
                    f(
                        RuleId::SecProtocolCompatMode,
                        "sec-protocol=SSLv23 is compatibility mode: it still accepts TLS 1.1"
                            .into(),
                    )
                    .help("use TLSv12 (or leave it empty for TLS 1.2 and 1.3)"),
                ),
                "cipher-list" => {
                    if let Some(why) = syntax_problem(value) {
                        found.push(
                            f(RuleId::CipherListSyntax, why)
                                .help("separate names with colons, without spaces"),
                        );
                    }
                    let ev = evaluate_cached(value);
                    if let Some(why) = &ev.invalid {
                        found.push(f(
                            RuleId::CipherListSyntax,
                            format!("OpenSSL refuses the whole cipher list: {why}"),
                        ));
                        continue;
                    }
                    if !ev.unknown.is_empty() {
                        found.push(
                            f(RuleId::CipherListUnknownName, format!(
                                "{} in the cipher list match{} no cipher: OpenSSL ignores {} silently",
                                crate::error::listed(ev.unknown.iter().map(|u| format!("`{u}`")), ", "),
                                if ev.unknown.len() == 1 { "es" } else { "" },
                                if ev.unknown.len() == 1 { "it" } else { "them" }
                            ))
                            .help("check the spelling against `tlskit ciphers`"),
                        );
                    }
                    if ev.suites.is_empty() {
                        found.push(f(RuleId::CipherListEmpty, format!(
                            "cipher list `{value}` selects no TLS 1.2 cipher: every TLS 1.2 handshake fails"
                        )));
                        continue;
                    }
                    let weak: Vec<&Suite> = ev
                        .suites
                        .iter()
                        .copied()
                        .filter(|s| s.weakness().is_some())
                        .collect();
                    if !weak.is_empty() {
                        let mut reasons: Vec<&str> =
                            weak.iter().filter_map(|s| s.weakness()).collect();
                        reasons.sort_unstable();
                        reasons.dedup();
                        found.push(
                            f(RuleId::WeakCipherEnabled, format!(
                                "the cipher list enables {} weak suite{} ({}): {}",
                                weak.len(),
                                if weak.len() == 1 { "" } else { "s" },
                                reasons.join("; "),
                                list(&weak, 5)
                            ))
                            .help("append :!aNULL:!eNULL:!3DES:!RC4:!MD5:!DES:!IDEA:!SEED:!RC2 or start from HIGH"),
                        );
                    }
                    let static_rsa: Vec<&Suite> = ev
                        .suites
                        .iter()
                        .copied()
                        .filter(|s| s.kx == "RSA")
                        .collect();
                    if !static_rsa.is_empty() {
                        found.push(
                            f(RuleId::NoForwardSecrecy, format!(
                                "the cipher list enables {} static-RSA key exchange suite{} without forward secrecy: {}",
                                static_rsa.len(),
                                if static_rsa.len() == 1 { "" } else { "s" },
                                list(&static_rsa, 4)
                            ))
                            .help("add :!kRSA"),
                        );
                    }
                }
                "ciphersuites" => {
                    let (_, unknown) = ciphersuites(value);
                    if !unknown.is_empty() {
                        found.push(
                            f(RuleId::CiphersuitesUnknown, format!(
                                "{} {} not a TLS 1.3 suite of RFC 8446: OpenSSL refuses the whole list",
                                crate::error::listed(unknown.iter().map(|u| format!("`{u}`")), ", "),
                                if unknown.len() == 1 { "is" } else { "are" }
                            ))
                            .help("use TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256, TLS_AES_128_CCM_SHA256 or TLS_AES_128_CCM_8_SHA256"),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    fips(ctx, &mut found);
    for f in found {
        out.emit_once(f);
    }
}

/// With fips140-enabled, every suite a port or connection offers must be FIPS-approved.
fn fips(ctx: &Ctx, out: &mut Vec<Finding>) {
    let views = ctx
        .res
        .ports
        .iter()
        .filter(|p| p.port().secure())
        .map(|p| (&p.eff, p.object()))
        .chain(
            ctx.res
                .conns
                .iter()
                .filter(|c| c.secure(ctx.res))
                .map(|c| (&c.eff, c.object())),
        );
    for (eff, object) in views {
        if !eff.flag("fips140-enabled") && !ctx.fips {
            continue;
        }
        let (value, span) = match (eff.get("cipher-list"), eff.get("fips140-enabled")) {
            (Some(r), _) => (r.taken.value, r.taken.span),
            (None, Some(f)) => ("DEFAULT", f.taken.span),
            // --fips and nothing written here: no option to point at.
            (None, None) => continue,
        };
        let bad: Vec<&Suite> = evaluate_cached(value)
            .suites
            .iter()
            .copied()
            .filter(|s| !s.fips())
            .collect();
        if !bad.is_empty() {
            out.push(
                Finding::new(
                    RuleId::FipsNoncompliantCipher,
                    Place::Span(span),
                    format!(
                        "FIPS mode is on for {} but the cipher list `{value}` offers {} suites outside FIPS 140: {}",
                        object.describe(),
                        bad.len(),
                        list(&bad, 4)
                    ),
                )
                .object(object)
                .help("restrict the list to FIPS suites, e.g. FIPS:!aNULL:!eNULL"),
            );
        }
    }
}
