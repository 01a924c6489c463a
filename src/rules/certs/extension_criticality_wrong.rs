use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// RFC 5280 fixes the criticality of several extensions: basicConstraints is critical in
    /// every CA certificate (4.2.1.9); subjectAltName is critical when the subject is empty
    /// and otherwise non-critical (4.2.1.6, a CA/B Forum requirement too); policyConstraints
    /// is critical (4.2.1.11). A wrong flag makes a strict validator refuse the certificate
    /// (OpenSSL 3.0 with -x509_strict for basicConstraints and an empty subject's SAN); the
    /// Security Pack, JSSE and SChannel accept it: a notice. (Extensions OpenSSL does not
    /// process, marked critical, are `critical-extension-unhandled`.)
    ExtensionCriticalityWrong = "extension-criticality-wrong" {
        severity: Notice,
        phase: X,
        summary: "basicConstraints, subjectAltName or policyConstraints with the wrong criticality",
        source: "RFC 5280 4.2.1.9, 4.2.1.6, 4.2.1.11",
        bad: "basicConstraints = CA:TRUE (not critical)",
        good: "basicConstraints = critical,CA:TRUE",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::ExtensionCriticalityWrong,
        Defect::Criticality,
        "reissue the certificate with the criticality RFC 5280 gives the extension",
    );
}
