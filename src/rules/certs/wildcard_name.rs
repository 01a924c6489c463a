use crate::rules::prelude::*;
use crate::rules::presented::{each_leaf, finding};

declare_rule! {
    /// The Security Pack and Windows accept no wildcards in certificate names.
    WildcardName = "wildcard-name" {
        severity: Error,
        phase: X,
        summary: "a `*` in a SAN or CN",
        source: "Guide: Check Certificate Host Matching; Genesys Native Applications on Windows",
        bad: "SAN DNS:*.example.com",
        good: "SAN DNS:host.example.com",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_leaf(cx, |l| {
        let c = &l.cert;
        if let Some(w) = c
            .san_dns
            .iter()
            .chain(&c.common_names)
            .find(|n| n.contains('*'))
        {
            out.emit_once(
                finding(
                    RuleId::WildcardName,
                    l.span,
                    &(l.object)(),
                    Some("certificate"),
                    format!(
                        "{} names `{w}`: the Security Pack and Windows accept no wildcards",
                        c.short_name()
                    ),
                )
                .help("issue a certificate per host, naming its FQDN"),
            );
        }
    });
}
