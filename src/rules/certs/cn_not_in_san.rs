use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// The CA/B Forum BR 7.1.4.3: when a certificate has both, its common name must be a
    /// character-for-character copy of one SAN entry (an IP address in its RFC 3986 or
    /// RFC 5952 text form). The Security Pack reads the CN only when there is no SAN, and
    /// webpki, Java and Windows match names against the SAN, so a CN that says something
    /// else misleads the people who read it; OpenSSL 3.0, JSSE and SChannel accept it: a
    /// notice. The guide recommends the FQDN in both.
    CnNotInSan = "cn-not-in-san" {
        severity: Notice,
        phase: X,
        summary: "a common name that does not repeat a SAN entry exactly",
        source: "CA/B Forum BR 7.1.4.3",
        bad: "CN=ms-01, SAN DNS:ms-01.lab.example.com",
        good: "CN=ms-01.lab.example.com, SAN DNS:ms-01.lab.example.com",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::CnNotInSan,
        Defect::CnNotInSan,
        "make the CN a copy of the SAN's first DNS name (tlskit ca issue does)",
    );
}
