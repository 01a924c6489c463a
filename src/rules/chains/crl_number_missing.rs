use crate::pki::verify::Defect;
use crate::pki::verify::structure::crl_defects;
use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// RFC 5280 5.2.3: every CRL carries a CRL number that grows with each CRL the CA
    /// issues, so that a client can tell the newest one. `openssl ca -gencrl` writes one only
    /// when the CA has a `crlnumber` file, and lab CRLs often have none. OpenSSL 3.0 (the
    /// Security Pack), JSSE and SChannel accept such CRLs: a notice. (A critical CRL number,
    /// which OpenSSL refuses, is `critical-extension-unhandled`.)
    CrlNumberMissing = "crl-number-missing" {
        severity: Notice,
        phase: X,
        summary: "a CRL without a CRL number",
        source: "RFC 5280 5.2.3",
        bad: "openssl ca -gencrl without a crlnumber file",
        good: "echo 1000 > crlnumber; openssl ca -gencrl (tlskit ca crl)",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| matches!(v.key, "crl" | "tls-crl")) {
        for crl in v.crls() {
            for (_, msg) in crl_defects(crl)
                .into_iter()
                .filter(|(d, _)| *d == Defect::CrlNumber)
            {
                out.emit_once(
                    finding(
                        RuleId::CrlNumberMissing,
                        v.span,
                        &v.object(),
                        Some(v.key),
                        format!("{msg} ({})", v.value),
                    )
                    .help("issue CRLs with a CRL number (openssl ca needs a crlnumber file; tlskit ca crl writes one)"),
                );
            }
        }
    }
}
