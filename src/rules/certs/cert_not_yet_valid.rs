use crate::rules::prelude::*;
use crate::rules::presented::{day, each_dated, finding};

declare_rule! {
    /// Peers reject a certificate before its validity starts (check the clocks too).
    CertNotYetValid = "cert-not-yet-valid" {
        severity: Error,
        phase: X,
        summary: "a certificate whose notBefore is in the future",
        source: "Guide: Certificate Exchange and Validation",
        bad: "notBefore tomorrow",
        good: "notBefore in the past",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_dated(cx, |d| {
        let c = d.cert;
        if c.not_before > cx.at {
            out.emit_about(
                About::Cert(c.sha256),
                finding(
                    RuleId::CertNotYetValid,
                    d.span,
                    &(d.object)(),
                    Some(d.key),
                    format!(
                        "{} {} is not valid before {}",
                        d.what,
                        c.short_name(),
                        day(c.not_before)
                    ),
                ),
                || d.also(),
            );
        }
    });
}
