use crate::pki::verify::structure::crl_issuer_problem;
use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// RFC 5280 4.2.1.3 and 6.3.3 (f): a CA whose keyUsage is present signs CRLs only if it
    /// includes cRLSign. OpenSSL 3.0 (the Security Pack) refuses every certificate checked
    /// against a CRL from such an issuer ("key usage does not include CRL signing"), so
    /// with CRL checking on, every connection to or from that CA's certificates fails.
    CrlIssuerWithoutCrlSign = "crl-issuer-without-crl-sign" {
        severity: Error,
        phase: X,
        summary: "a CRL signed by a CA whose keyUsage lacks cRLSign",
        source: "RFC 5280 4.2.1.3, 6.3.3",
        bad: "CA keyUsage = critical,keyCertSign",
        good: "CA keyUsage = critical,keyCertSign,cRLSign",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| matches!(v.key, "crl" | "tls-crl")) {
        for crl in v.crls() {
            for ca in cx
                .facts
                .cas
                .iter()
                .filter(|ca| ca.subject_raw == crl.issuer_raw)
                .filter(|ca| cx.facts.sigs.crl(crl, ca).is_ok())
            {
                if let Some(msg) = crl_issuer_problem(crl, ca) {
                    out.emit_once(
                        finding(
                            RuleId::CrlIssuerWithoutCrlSign,
                            v.span,
                            &v.object(),
                            Some(v.key),
                            format!("{msg} ({})", v.value),
                        )
                        .help("reissue the CA with keyUsage keyCertSign, cRLSign (tlskit ca init does)"),
                    );
                }
            }
        }
    }
}
