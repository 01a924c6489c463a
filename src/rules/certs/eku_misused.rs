use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// RFC 5280 4.2.1.12 allows either criticality and anyExtendedKeyUsage, but the CA/B
    /// Forum BR do not: the extension must not be critical, an end-entity certificate must
    /// name its purposes rather than anyExtendedKeyUsage, and a root must have no
    /// extendedKeyUsage at all (7.1.2.1.2). OpenSSL 3.0 (which then requires the purpose in
    /// a root's EKU), JSSE and SChannel accept these certificates: a notice.
    EkuMisused = "eku-misused" {
        severity: Notice,
        phase: X,
        summary: "a critical extendedKeyUsage, anyExtendedKeyUsage in an end-entity certificate, or an extendedKeyUsage on a root",
        source: "RFC 5280 4.2.1.12; CA/B Forum BR 7.1.2.1.2",
        bad: "extendedKeyUsage = critical,serverAuth,anyExtendedKeyUsage",
        good: "extendedKeyUsage = serverAuth,clientAuth",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::EkuMisused,
        Defect::EkuMisused,
        "list serverAuth and clientAuth in a non-critical extendedKeyUsage, and none in the root",
    );
}
