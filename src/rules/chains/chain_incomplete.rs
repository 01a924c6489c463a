use crate::rules::chains::{ChainEnd, chain_in_files};
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// The Security Pack needs the full chain in the certificate file or comma-list.
    ChainIncomplete = "chain-incomplete" {
        severity: Error,
        phase: X,
        summary: "an intermediate is missing from the certificate file",
        source: "Guide: Configuring Certificate Chains",
        bad: "certificate=leaf.pem",
        good: "certificate=leaf_and_intermediate.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    chain_in_files(cx, |v, end| {
        let f = match end {
            ChainEnd::IntermediateOnlyTrusted { top, ca } => finding(
                RuleId::ChainIncomplete,
                v.span,
                &v.object(),
                Some("certificate"),
                format!(
                    "the intermediate {} that issued {} is only in trusted-ca: the Security Pack needs it in the certificate file",
                    ca.short_name(),
                    top.short_name()
                ),
            )
            .help("append the intermediate (and the root) to the certificate file, leaf first"),
            ChainEnd::IssuerUnknown { top } => finding(
                RuleId::ChainIncomplete,
                v.span,
                &v.object(),
                Some("certificate"),
                format!(
                    "the issuer of {} ({}) is neither in the certificate file nor in any trusted-ca",
                    top.short_name(),
                    top.issuer
                ),
            )
            .help("append the missing intermediate to the certificate file, leaf first"),
            _ => return,
        };
        out.emit_once(f);
    });
}
