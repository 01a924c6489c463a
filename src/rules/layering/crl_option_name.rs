use crate::rules::prelude::*;

use super::{Consumer, consumers};
use crate::model::Runtime;
use crate::resolve::{Level, Resolved, SECURITY};

declare_rule! {
    /// The Security Pack of native applications reads `crl`; the Java Platform SDK reads
    /// `tls-crl`. The other name is ignored by that runtime.
    CrlOptionName = "crl-option-name" {
        severity: Notice,
        phase: C,
        summary: "tls-crl on a native application or crl on a Java application",
        source: "Guide: CRL with Security Pack on Unix vs. Mutual TLS on UNIX sample",
        bad: "native T-Server: [security] tls-crl=/etc/sec/crl.pem",
        good: "native T-Server: [security] crl=/etc/sec/crl.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for c in consumers(cx) {
        let Some((r, right, why)) = wrong_name(&c) else {
            continue;
        };
        out.emit_once(
            Finding::new(
                RuleId::CrlOptionName,
                Place::Span(r.taken.span),
                format!(
                    "{} reads no `{}`: {why}, so this CRL is not checked for {}",
                    c.app.name,
                    r.key,
                    c.object().describe()
                ),
            )
            .key(SECURITY, r.key)
            .object(c.object())
            .help(format!("rename the option to `{right}`")),
        );
    }
}

/// The CRL option of the name the runtime does not read, with the name it reads and why.
/// A host-level value may be meant for neighbours of the other runtime: it is wrong for
/// this application only when the name it reads is absent. Its own levels are its own.
fn wrong_name<'c>(c: &'c Consumer) -> Option<(&'c Resolved<'c>, &'static str, &'static str)> {
    let own = |name: &str| {
        c.eff
            .get(name)
            .is_some_and(|r| r.taken.level != Level::Host)
    };
    match c.app.runtime {
        Runtime::Java if own("crl") || c.eff.get("tls-crl").is_none() => c
            .eff
            .get("crl")
            .map(|r| (r, "tls-crl", "the Java Platform SDK reads `tls-crl`")),
        Runtime::Native if own("tls-crl") || c.eff.get("crl").is_none() => {
            c.eff.get("tls-crl").map(|r| {
                (
                    r,
                    "crl",
                    "the Security Pack of native applications reads `crl`",
                )
            })
        }
        _ => None,
    }
}
