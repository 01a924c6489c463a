use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

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
    for v in path_values(cx).filter(|v| v.key == "certificate") {
        let certs = v.certs();
        if certs.is_empty() {
            continue;
        }
        let leaf = crate::pki::verify::leaf_of(&certs);
        // A self-issued certificate's own signature is never checked by a peer.
        for c in certs
            .iter()
            .filter(|c| c.weak_signature() && !c.self_issued())
        {
            let what = if c.sha256 == leaf.sha256 {
                "the certificate"
            } else {
                "the chain certificate"
            };
            out.emit_once(
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
            );
        }
    }
}
