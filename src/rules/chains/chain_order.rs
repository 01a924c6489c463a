use crate::pki::verify::order_problem;
use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// List the end-entity certificate first, then intermediates, up to the root.
    ChainOrder = "chain-order" {
        severity: Warning,
        phase: X,
        summary: "the chain file is not in leaf → intermediates → root order",
        source: "Guide: PEM file Containing Multiple Certificates",
        bad: "cat root.pem leaf.pem",
        good: "cat leaf.pem intermediate.pem root.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| v.key == "certificate") {
        if let Some(order) = order_problem(v.certs()) {
            out.emit_once(
                finding(
                    RuleId::ChainOrder,
                    v.span,
                    &v.object(),
                    Some("certificate"),
                    format!("{}: {order}", v.value),
                )
                .help(
                    "list the end-entity certificate first, then the intermediates, then the root",
                ),
            );
        }
    }
}
