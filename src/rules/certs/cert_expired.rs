use crate::rules::prelude::*;
use crate::rules::presented::{DAY, day, each_dated, finding};

declare_rule! {
    /// An expired certificate fails validation on every peer.
    CertExpired = "cert-expired" {
        severity: Error,
        phase: X,
        summary: "a certificate in use (leaf, chain, trusted CA) past notAfter",
        source: "Guide: Troubleshooting Genesys TLS (\"not expired\")",
        bad: "certificate valid until 2024-01-01",
        good: "a renewed certificate",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_dated(cx, |d| {
        let c = d.cert;
        if c.not_after < cx.at {
            out.emit_about(
                About::Cert(c.sha256),
                finding(
                    RuleId::CertExpired,
                    d.span,
                    &(d.object)(),
                    Some(d.key),
                    format!(
                        "{} {} expired on {} ({} days ago)",
                        d.what,
                        c.short_name(),
                        day(c.not_after),
                        (cx.at - c.not_after) / DAY
                    ),
                )
                .help("issue a new certificate (tlskit ca issue) and replace the file"),
                || d.also(),
            );
        }
    });
}
