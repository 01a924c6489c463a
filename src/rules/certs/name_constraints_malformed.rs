use crate::pki::verify::Defect;
use crate::rules::certs::emit_structure;
use crate::rules::prelude::*;

declare_rule! {
    /// RFC 5280 4.2.1.10: a nameConstraints extension holds permitted or excluded subtrees
    /// (an empty one is forbidden), and a dNSName constraint is a domain (`example.com`
    /// covers its subdomains; a leading period is URI syntax, not DNS). OpenSSL accepts a
    /// leading period and webpki an empty extension, so the Security Pack will not complain,
    /// but a constraint that is not what it seems may not constrain what the CA's owner
    /// thinks it does: a notice.
    NameConstraintsMalformed = "name-constraints-malformed" {
        severity: Notice,
        phase: X,
        summary: "empty or malformed name constraints in a CA certificate",
        source: "RFC 5280 4.2.1.10",
        bad: "nameConstraints = critical,permitted;DNS:.lab.example.com",
        good: "nameConstraints = critical,permitted;DNS:lab.example.com",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    emit_structure(
        cx,
        out,
        RuleId::NameConstraintsMalformed,
        Defect::NameConstraints,
        "reissue the CA with permitted or excluded subtrees in RFC 5280 syntax (DNS:lab.example.com)",
    );
}
