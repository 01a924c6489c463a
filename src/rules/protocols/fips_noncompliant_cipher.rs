use crate::rules::prelude::*;

use super::{list, usable_suites};
use crate::tls::Suite;
use crate::tls::cipherstring::evaluate_cached;

declare_rule! {
    /// FIPS mode refuses such suites.
    FipsNoncompliantCipher = "fips-noncompliant-cipher" {
        severity: Warning,
        phase: P,
        summary: "with FIPS enabled, a suite or algorithm outside FIPS 140",
        source: "Guide: Federal Information Processing Standards",
        bad: "fips140-enabled=1, cipher-list=CHACHA20",
        good: "fips140-enabled=1, cipher-list=ECDHE+AESGCM",
        check: check,
    }
}

/// With fips140-enabled (or `--fips`), every suite a secure port or connection offers must
/// be FIPS-approved. Judged on the effective settings, since FIPS mode and the cipher list
/// may be set at different levels; one finding per place a list is written.
fn check(cx: &Cx, out: &mut Out) {
    let views = cx
        .res
        .ports
        .iter()
        .filter(|p| p.port().secure())
        .map(|p| (&p.eff, p.object()))
        .chain(
            cx.res
                .conns
                .iter()
                .filter(|c| c.secure(cx.res))
                .map(|c| (&c.eff, c.object())),
        );
    for (eff, object) in views {
        if !eff.flag("fips140-enabled") && !cx.fips {
            continue;
        }
        let (value, span) = match (eff.get("cipher-list"), eff.get("fips140-enabled")) {
            (Some(r), _) => (r.taken.value, r.taken.span),
            (None, Some(f)) => ("DEFAULT", f.taken.span),
            // --fips and nothing written here: no option to point at.
            (None, None) => continue,
        };
        let bad: Vec<&Suite> = usable_suites(&evaluate_cached(value))
            .filter(|s| !s.fips())
            .collect();
        if bad.is_empty() {
            continue;
        }
        out.emit_once(
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
