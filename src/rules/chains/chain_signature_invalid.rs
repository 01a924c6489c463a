use crate::pki::verify::Defect;
use crate::rules::chains::{ChainEnd, chain_in_files, each_verdict};
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// The chain is corrupt or mixed up: a certificate names an issuer whose key did not
    /// sign it. The usual cause is a CA regenerated under the same name: the peer's
    /// trusted-ca holds the new CA, the certificate was issued by the old one. OpenSSL
    /// reports "certificate signature failure" (error 7) or, when the key identifiers
    /// differ, "unable to get local issuer certificate"; either way the name matches and
    /// the key does not, and this rule says so rather than a generic untrusted chain.
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
    // The peer's trusted CAs hold the issuer's name with another key.
    each_verdict(cx, |v| {
        let Some((Defect::SignatureInvalid, why)) = &v.verdict.0 else {
            return;
        };
        let (p, c) = (v.port, v.conn);
        let (object, whose, judge) = if v.of_server {
            (
                p.object(),
                format!("port {}:{}", p.app.name, p.port().id),
                format!("client {}", c.client.name),
            )
        } else {
            (
                c.object(),
                format!("client {}", c.client.name),
                format!("port {}:{}", p.app.name, p.port().id),
            )
        };
        out.emit_once(
            finding(
                RuleId::ChainSignatureInvalid,
                v.span,
                &object,
                Some("certificate"),
                format!(
                    "{} of {whose} does not verify against the trusted-ca of {judge} ({}): {why}",
                    v.cert.short_name(),
                    v.cas_value
                ),
            )
            .help("reissue the certificate from the CA the peer trusts now, or give the peer the CA that issued it"),
        );
    });
}
