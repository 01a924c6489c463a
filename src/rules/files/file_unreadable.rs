use crate::rules::files::file_problems;
use crate::rules::prelude::*;

declare_rule! {
    /// The file exists but is not a regular file, cannot be read, or does not hold what the
    /// option expects (a certificate, a private key, CA certificates, a CRL); the message
    /// says what was found instead.
    FileUnreadable = "file-unreadable" {
        severity: Error,
        phase: X,
        summary: "a referenced file that cannot be read or parsed as what the option expects",
        source: "Guide: TLS Certificates",
        bad: "certificate=/etc/sec/certs/priv_key.pem",
        good: "certificate=/etc/sec/certs/cert.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    file_problems(cx, |f| {
        if f.rule == RuleId::FileUnreadable {
            out.emit_once(f);
        }
    });
}
