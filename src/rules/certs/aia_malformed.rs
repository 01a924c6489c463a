use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// RFC 5280 4.2.2.1: authorityInfoAccess is a sequence of one or more access
    /// descriptions (caIssuers, OCSP). No Genesys runtime fetches issuers or OCSP answers
    /// from it and OpenSSL 3.0, JSSE, SChannel and webpki accept a malformed one, but the
    /// CA/B Forum BR forbid it, and tools that do follow it (browsers, monitoring) cannot:
    /// a notice.
    AiaMalformed = "aia-malformed" {
        severity: Notice,
        phase: X,
        summary: "an authorityInfoAccess extension that does not parse or holds no access description",
        source: "RFC 5280 4.2.2.1",
        bad: "an empty authorityInfoAccess",
        good: "authorityInfoAccess = caIssuers;URI:http://pki.lab.example.com/ca.crt",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::AiaMalformed,
        Defect::Aia,
        "reissue the certificate without the extension or with a valid access description",
    );
}
