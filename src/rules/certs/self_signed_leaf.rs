use crate::rules::prelude::*;
use crate::rules::presented::{each_leaf, finding};

declare_rule! {
    /// Peers can trust it only by trusting it directly.
    SelfSignedLeaf = "self-signed-leaf" {
        severity: Warning,
        phase: X,
        summary: "a self-signed end-entity certificate",
        source: "Guide: TLS Certificates",
        bad: "self-signed host.pem",
        good: "host.pem issued by the lab CA",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_leaf(cx, |l| {
        let c = &l.cert;
        // A self-signed CA is leaf-is-ca's.
        if !c.is_ca() && c.self_issued() && cx.facts.sigs.cert(c, c).is_ok() {
            out.emit_once(
                finding(
                    RuleId::SelfSignedLeaf,
                    l.span,
                    &(l.object)(),
                    Some("certificate"),
                    format!(
                        "{} is self-signed: peers can trust it only by listing it in their trusted-ca",
                        c.short_name()
                    ),
                )
                .help("issue it from the deployment's CA"),
            );
        }
    });
}
