use crate::rules::prelude::*;
use crate::rules::presented::{DAY, day, each_dated, finding};

declare_rule! {
    /// Rotate the certificate before it expires; the window is set by --expiry-warn-days.
    CertExpiresSoon = "cert-expires-soon" {
        severity: Warning,
        phase: X,
        summary: "a certificate that expires within the warning window (default 30 days)",
        source: "Guide: Recommended Certificate Properties (\"rotated or replaced before it expires\")",
        bad: "expires in 12 days",
        good: "expires in 300 days",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let window = cx.settings.expiry_warn_days.unwrap_or(30) as i64;
    each_dated(cx, |d| {
        let c = d.cert;
        // An expired certificate is cert-expired's.
        if c.not_after >= cx.at && c.not_after < cx.at + window * DAY {
            out.emit_about(
                About::Cert(c.sha256),
                finding(
                    RuleId::CertExpiresSoon,
                    d.span,
                    &(d.object)(),
                    Some(d.key),
                    format!(
                        "{} {} expires on {} ({} days left; the warning window is {window} days)",
                        d.what,
                        c.short_name(),
                        day(c.not_after),
                        (c.not_after - cx.at) / DAY
                    ),
                )
                .help("rotate it before it expires"),
                || d.also(),
            );
        }
    });
}
