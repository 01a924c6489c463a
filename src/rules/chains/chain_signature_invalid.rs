use crate::rules::chains::{ChainEnd, chain_in_files};
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// The chain is corrupt or mixed up.
    ChainSignatureInvalid = "chain-signature-invalid" {
        severity: Error,
        phase: X,
        summary: "a signature in the chain does not verify",
        source: "Guide: Certificate Exchange and Validation",
        bad: "leaf signed by another key",
        good: "leaf signed by its issuer",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    chain_in_files(cx, |v, end| {
        if let ChainEnd::BadSignature { cert, issuer, why } = end {
            out.emit_once(finding(
                RuleId::ChainSignatureInvalid,
                v.span,
                &v.object(),
                Some("certificate"),
                format!(
                    "{} names {} as its issuer, but {why}",
                    cert.short_name(),
                    issuer.short_name()
                ),
            ));
        }
    });
}
