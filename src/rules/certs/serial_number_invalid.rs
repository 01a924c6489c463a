use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// RFC 5280 4.1.2.2: the serial number must be a positive integer of at most 20 octets,
    /// unique per CA. A serial of 0 (`openssl req -x509 -set_serial 0`), a negative one
    /// (an INTEGER whose first octet has the high bit set, written by old tools that did not
    /// add a leading zero) or a longer one breaks revocation lookups in strict clients and
    /// is refused by strict validators and CA/B Forum linters. OpenSSL 3.0 (the Security
    /// Pack), JSSE and SChannel accept it: a notice.
    SerialNumberInvalid = "serial-number-invalid" {
        severity: Notice,
        phase: X,
        summary: "a certificate serial number that is zero, negative or longer than 20 octets",
        source: "RFC 5280 4.1.2.2",
        bad: "openssl req -x509 -set_serial 0 ...",
        good: "a random positive serial of up to 20 octets (openssl's default)",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::SerialNumberInvalid,
        Defect::SerialNumber,
        "reissue the certificate with a positive serial of at most 20 octets (openssl's default is a random 20-octet one)",
    );
}
