use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// RFC 5280 4.2.1.6: SAN DNS names use the preferred name syntax of RFC 1034 (letters,
    /// digits and hyphens in labels of at most 63 characters, no empty label), a leading
    /// `*.` aside. Host names with underscores (Windows NetBIOS names) are the usual case;
    /// no client can be told to expect such a name under the RFC, and strict validators
    /// refuse them. OpenSSL 3.0, JSSE, SChannel and webpki accept them: a notice. A SAN extension
    /// that does not parse at all is reported here too: OpenSSL 3.0 refuses that
    /// certificate ("invalid certificate"), and path validation refuses it as
    /// `chain-untrusted`.
    DnsNameInvalid = "dns-name-invalid" {
        severity: Notice,
        phase: X,
        summary: "a SAN DNS name outside the preferred name syntax (underscores, empty labels), or a SAN that does not parse",
        source: "RFC 5280 4.2.1.6",
        bad: "SAN DNS:ms_01.lab.example.com",
        good: "SAN DNS:ms-01.lab.example.com",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::DnsNameInvalid,
        Defect::DnsName,
        "rename the host or issue the certificate for a DNS name with letters, digits and hyphens only",
    );
}
