use crate::pki::verify::Defect;
use crate::pki::verify::structure::crl_defects;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// RFC 5280 wants authorityKeyIdentifier (4.2.1.1), subjectKeyIdentifier (4.2.1.2),
    /// authorityInfoAccess (4.2.2.1) and a CRL's CRL number (5.2.3) non-critical. OpenSSL
    /// 3.0 does not process these extensions, so when one is marked critical it refuses the
    /// certificate ("unhandled critical extension") or every certificate checked against
    /// the CRL ("unhandled critical CRL extension"): the Security Pack's handshakes fail.
    /// Extensions no verifier knows at all are `chain-untrusted`.
    CriticalExtensionUnhandled = "critical-extension-unhandled" {
        severity: Error,
        phase: X,
        summary: "a critical extension OpenSSL does not process (authorityKeyIdentifier, subjectKeyIdentifier, authorityInfoAccess, a CRL's CRL number)",
        source: "RFC 5280 4.2.1.1, 4.2.1.2, 4.2.2.1, 5.2.3",
        bad: "authorityKeyIdentifier = critical,keyid",
        good: "authorityKeyIdentifier = keyid",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::CriticalExtensionUnhandled,
        Defect::CriticalUnhandled,
        "reissue it with the extension non-critical",
    );
    for v in path_values(cx).filter(|v| matches!(v.key, "crl" | "tls-crl")) {
        for crl in v.crls() {
            for (_, msg) in crl_defects(crl)
                .into_iter()
                .filter(|(d, _)| *d == Defect::CriticalUnhandled)
            {
                out.emit_once(
                    finding(
                        RuleId::CriticalExtensionUnhandled,
                        v.span,
                        &v.object(),
                        Some(v.key),
                        format!("{msg} ({})", v.value),
                    )
                    .help("issue the CRL with a non-critical CRL number"),
                );
            }
        }
    }
}
