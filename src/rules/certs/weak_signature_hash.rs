use crate::rules::prelude::*;
use crate::rules::presented::{each_file_certificate, finding};

declare_rule! {
    /// Use SHA-256 or stronger signatures.
    WeakSignatureHash = "weak-signature-hash" {
        severity: Error,
        phase: X,
        summary: "an MD4, MD5 or SHA-1 signature on a leaf or intermediate",
        source: "Guide: Certificate Signature Hash Function",
        bad: "sha1WithRSAEncryption",
        good: "sha256WithRSAEncryption",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_file_certificate(cx, |v, c, what| {
        // A self-issued certificate's own signature is never checked by a peer.
        if c.weak_signature() && !c.self_issued() {
            out.emit_about(
                About::Cert(c.sha256),
                finding(
                    RuleId::WeakSignatureHash,
                    v.span,
                    &v.object(),
                    Some("certificate"),
                    format!(
                        "{what} {} is signed with {}: refused by OpenSSL 3 at security level 2, Java and Windows",
                        c.short_name(),
                        c.sig_alg
                    ),
                )
                .help("reissue it with SHA-256"),
                || format!("{what} is named here too, for {}", v.object().describe()),
            );
        }
    });
}
