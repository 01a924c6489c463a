use crate::rules::files::file_problems;
use crate::rules::prelude::*;
use crate::rules::presented::{finding, store_certs};

declare_rule! {
    /// Every path-valued option (certificate, certificate-key, trusted-ca, crl, tls-crl)
    /// must name an existing file on the host. Map host paths to local copies with
    /// --path-map or tlskit.toml [path-map]. Windows thumbprints are not paths.
    FileNotFound = "file-not-found" {
        severity: Error,
        phase: X,
        summary: "a referenced file that does not exist (after path mapping)",
        source: "Guide: Installing Certificates on UNIX",
        bad: "[security]\ncertificate=/etc/sec/certs/hots.pem",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    file_problems(cx, |f| {
        if f.rule == RuleId::FileNotFound {
            out.emit_once(f);
        }
    });
    let Some(dir) = &cx.settings.windows_store else {
        return;
    };
    for s in store_certs(cx).into_iter().filter(|s| s.cert.is_none()) {
        out.emit_once(finding(
            RuleId::FileNotFound,
            s.option.taken.span,
            &s.port.object(),
            Some("certificate"),
            format!(
                "no certificate with thumbprint {} in the windows-store folder {}",
                s.option.taken.value,
                dir.display()
            ),
        ));
    }
}
