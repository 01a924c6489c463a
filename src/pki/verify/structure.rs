//! How a certificate or a CRL is written, judged against RFC 5280 and the CA/Browser
//! Forum's Baseline Requirements: the structural defects x509-limbo tests. Most of them
//! OpenSSL 3.0 (the Security Pack), JSSE and SChannel accept, and each message says which
//! runtimes do; the two that OpenSSL refuses (a critical extension it does not process, a
//! CRL whose issuer may not sign CRLs) make a path invalid.
//!
//! Every function here reads the certificate alone (its place in a path is not needed: a
//! root is a self-issued CA, an end-entity certificate one that is not a CA), so
//! `cert inspect`, `cert verify` and `lint` report the same defects with the same words.

use std::net::IpAddr;

use crate::pki::cert::{Certificate, KU_CRL_SIGN};
use crate::pki::crl::Crl;
use crate::pki::verify::Defect;

/// Who accepts what the notices describe, in the words every message ends with.
const ALL_ACCEPT: &str = "the Security Pack's OpenSSL 3.0, JSSE and SChannel accept it";
const STRICT_ONLY: &str =
    "OpenSSL 3.0 refuses it only with -x509_strict; the Security Pack, JSSE and SChannel accept it";

/// The structural defects of one certificate: (defect, sentence). The sentence starts with
/// the certificate's short name.
pub fn certificate_defects(c: &Certificate) -> Vec<(Defect, String)> {
    let mut out = Vec::new();
    let mut add = |d: Defect, what: String| out.push((d, format!("{} {what}", c.short_name())));
    let f = &c.form;
    let root = c.is_ca() && c.self_issued();

    // Critical extensions OpenSSL does not process: RFC 5280 4.2.1.1, 4.2.1.2, 4.2.2.1 (and
    // 4.2 for the others) want them non-critical.
    for ext in &f.critical_unhandled {
        add(
            Defect::CriticalUnhandled,
            format!(
                "marks its {ext} extension critical: OpenSSL 3.0 (the Security Pack) does not process it and refuses the certificate (unhandled critical extension); RFC 5280 {} requires it non-critical",
                match *ext {
                    "authorityKeyIdentifier" => "4.2.1.1",
                    "subjectKeyIdentifier" => "4.2.1.2",
                    "authorityInfoAccess" => "4.2.2.1",
                    "issuerAltName" => "4.2.1.7 (SHOULD)",
                    "subjectInfoAccess" => "4.2.2.2",
                    _ => "4.2",
                }
            ),
        );
    }

    // Serial number: RFC 5280 4.1.2.2.
    if f.serial_octets > 20 {
        add(
            Defect::SerialNumber,
            format!(
                "has a serial number of {} octets: RFC 5280 4.1.2.2 allows at most 20 ({ALL_ACCEPT})",
                f.serial_octets
            ),
        );
    }
    if f.serial_negative {
        add(
            Defect::SerialNumber,
            format!(
                "has a negative serial number ({}): RFC 5280 4.1.2.2 requires a positive integer ({ALL_ACCEPT})",
                c.serial_text()
            ),
        );
    } else if c.serial.iter().all(|b| *b == 0) {
        add(
            Defect::SerialNumber,
            format!(
                "has serial number 0: RFC 5280 4.1.2.2 requires a positive integer ({ALL_ACCEPT})"
            ),
        );
    }

    // Key identifiers: RFC 5280 4.2.1.1 and 4.2.1.2; CA/B Forum BR 7.1.2.1.3 for roots.
    for (ext, section) in [
        ("authorityKeyIdentifier", "4.2.1.1"),
        ("subjectKeyIdentifier", "4.2.1.2"),
    ] {
        if f.unparsed.contains(&ext) {
            add(
                Defect::KeyIdentifier,
                format!(
                    "has an {ext} extension that could not be parsed (RFC 5280 {section}; {STRICT_ONLY})"
                ),
            );
        }
    }
    if f.aki_critical.is_none() && !c.self_issued() {
        add(
            Defect::KeyIdentifier,
            format!(
                "has no authorityKeyIdentifier: RFC 5280 4.2.1.1 requires one in every certificate that is not self-signed, for path building ({STRICT_ONLY})"
            ),
        );
    }
    if f.aki_critical.is_some()
        && c.aki.is_none()
        && !f.unparsed.contains(&"authorityKeyIdentifier")
    {
        add(
            Defect::KeyIdentifier,
            format!(
                "has an authorityKeyIdentifier without its keyIdentifier field: RFC 5280 4.2.1.1 and the CA/B Forum BR 7.1.2.1.3 require it ({ALL_ACCEPT})"
            ),
        );
    }
    if root && f.aki_issuer_serial {
        add(
            Defect::KeyIdentifier,
            "is a root whose authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber, which the CA/B Forum BR 7.1.2.1.3 forbid (OpenSSL 3.0 accepts it only when they name the root itself)".to_string(),
        );
    }
    if root
        && let (Some(aki), Some(ski)) = (&c.aki, &c.ski)
        && aki != ski
        && c.signed_by(c).is_ok()
    {
        add(
            Defect::KeyIdentifier,
            "is a self-signed root whose authorityKeyIdentifier differs from its subjectKeyIdentifier, which the CA/B Forum BR 7.1.2.1.3 forbid (OpenSSL 3.0 then does not take it as self-signed)".to_string(),
        );
    }
    if c.is_ca() && f.ski_critical.is_none() && !f.unparsed.contains(&"subjectKeyIdentifier") {
        add(
            Defect::KeyIdentifier,
            format!(
                "is a CA certificate without subjectKeyIdentifier: RFC 5280 4.2.1.2 requires one in every CA certificate ({STRICT_ONLY})"
            ),
        );
    }

    // Criticality: RFC 5280 4.2.1.9, 4.2.1.6, 4.2.1.11, 4.2.2.1.
    if c.is_ca() && f.basic_critical == Some(false) {
        add(
            Defect::Criticality,
            format!(
                "is a CA certificate whose basicConstraints is not critical: RFC 5280 4.2.1.9 requires it critical in CA certificates ({STRICT_ONLY})"
            ),
        );
    }
    match (f.empty_subject, f.san_critical) {
        (true, Some(false)) => add(
            Defect::Criticality,
            format!(
                "has an empty subject and a non-critical subjectAltName: RFC 5280 4.2.1.6 requires the SAN critical when the subject is empty ({STRICT_ONLY})"
            ),
        ),
        (false, Some(true)) => add(
            Defect::Criticality,
            format!(
                "marks its subjectAltName critical although its subject is not empty: RFC 5280 4.2.1.6 says non-critical, and the CA/B Forum BR require it ({ALL_ACCEPT})"
            ),
        ),
        _ => {}
    }
    if f.policy_constraints_critical == Some(false) {
        add(
            Defect::Criticality,
            format!(
                "has a non-critical policyConstraints extension: RFC 5280 4.2.1.11 requires it critical ({ALL_ACCEPT})"
            ),
        );
    }
    // The CN repeats a SAN entry exactly: CA/B Forum BR 7.1.4.3.
    if !c.is_ca() && c.has_san {
        if c.common_names.len() > 1 {
            add(
                Defect::CnNotInSan,
                format!(
                    "has {} common names: the CA/B Forum BR 7.1.4.3 allow one, a copy of a SAN entry (the runtimes accept it)",
                    c.common_names.len()
                ),
            );
        }
        for cn in &c.common_names {
            if let Some(why) = cn_not_in_san(c, cn) {
                add(
                    Defect::CnNotInSan,
                    format!(
                        "has the common name `{cn}`, {why}: the CA/B Forum BR 7.1.4.3 require the CN to repeat a SAN entry exactly (the runtimes accept it; the Security Pack reads the CN only when there is no SAN)"
                    ),
                );
            }
        }
    }

    // DNS names of the SAN: RFC 5280 4.2.1.6 (the preferred name syntax of RFC 1034).
    if f.unparsed.contains(&"subjectAltName") {
        add(
            Defect::DnsName,
            "has a subjectAltName extension that could not be parsed (RFC 5280 4.2.1.6): its names cannot be checked, and OpenSSL 3.0 refuses the certificate".to_string(),
        );
    }
    for d in &c.san_dns {
        if let Some(why) = dns_syntax(d, true) {
            add(
                Defect::DnsName,
                format!(
                    "has the SAN DNS name `{d}`, which {why}: RFC 5280 4.2.1.6 requires the preferred name syntax (letters, digits and hyphens) ({ALL_ACCEPT})"
                ),
            );
        }
    }

    // Name constraints: RFC 5280 4.2.1.10.
    if f.unparsed.contains(&"nameConstraints") {
        add(
            Defect::NameConstraints,
            "has a nameConstraints extension that could not be parsed (RFC 5280 4.2.1.10; an empty permitted or excluded list is one such): OpenSSL 3.0 and webpki accept some such extensions, tlskit cannot read them".to_string(),
        );
    }
    if c.name_constraints && f.nc_empty {
        add(
            Defect::NameConstraints,
            format!(
                "has name constraints with neither permitted nor excluded subtrees: RFC 5280 4.2.1.10 forbids an empty nameConstraints ({ALL_ACCEPT})"
            ),
        );
    }
    for d in &f.nc_dns {
        let why = if d.starts_with('.') {
            Some("begins with a period (a dNSName constraint is a domain: `example.com` also covers its subdomains)".to_string())
        } else if d.is_empty() {
            None
        } else {
            dns_syntax(d, false)
        };
        if let Some(why) = why {
            add(
                Defect::NameConstraints,
                format!(
                    "has the DNS name constraint `{d}`, which {why}: RFC 5280 4.2.1.10 ({ALL_ACCEPT})"
                ),
            );
        }
    }

    // Authority information access: RFC 5280 4.2.2.1.
    if f.unparsed.contains(&"authorityInfoAccess") {
        add(
            Defect::Aia,
            format!(
                "has an authorityInfoAccess extension that could not be parsed: RFC 5280 4.2.2.1 requires one or more access descriptions ({ALL_ACCEPT}; no Genesys runtime fetches issuers from it)"
            ),
        );
    } else if f.aia_empty {
        add(
            Defect::Aia,
            format!(
                "has an authorityInfoAccess extension with no access description: RFC 5280 4.2.2.1 requires one or more ({ALL_ACCEPT})"
            ),
        );
    }

    // Extended key usage: RFC 5280 4.2.1.12; CA/B Forum BR 7.1.2.1.2 (roots) and the
    // subscriber profile.
    if let Some(eku) = &c.eku {
        if f.eku_critical == Some(true) {
            add(
                Defect::EkuMisused,
                format!(
                    "marks its extendedKeyUsage critical, which the CA/B Forum BR forbid (RFC 5280 4.2.1.12 allows it; {ALL_ACCEPT})"
                ),
            );
        }
        if eku.any && !c.is_ca() {
            add(
                Defect::EkuMisused,
                format!(
                    "is an end-entity certificate with anyExtendedKeyUsage, which the CA/B Forum BR forbid (RFC 5280 4.2.1.12; {ALL_ACCEPT})"
                ),
            );
        }
        if root {
            add(
                Defect::EkuMisused,
                "is a root with an extendedKeyUsage extension, which the CA/B Forum BR 7.1.2.1.2 forbid (RFC 5280 4.2.1.12): OpenSSL 3.0 then requires the purpose in it, JSSE and SChannel accept it".to_string(),
            );
        }
    }
    out
}

/// Why a common name is not a copy of a SAN entry, if it is not.
fn cn_not_in_san(c: &Certificate, cn: &str) -> Option<String> {
    if c.san_dns.iter().any(|d| d == cn) {
        return None;
    }
    if let Ok(ip) = cn.parse::<IpAddr>()
        && c.san_ip.contains(&ip)
    {
        return (ip.to_string() != cn).then(|| {
            format!(
                "the address {ip} written otherwise than RFC 3986 (IPv4) or RFC 5952 (IPv6) spell it (`{ip}`)"
            )
        });
    }
    if let Some(ip) = loose_ipv4(cn).filter(|ip| c.san_ip.contains(ip)) {
        return Some(format!(
            "the address {ip} written otherwise than RFC 3986 spells it (`{ip}`)"
        ));
    }
    if let Some(d) = c.san_dns.iter().find(|d| d.eq_ignore_ascii_case(cn)) {
        return Some(format!(
            "which differs from the SAN entry `{d}` in letter case"
        ));
    }
    Some("which is not among its SAN entries".to_string())
}

/// An IPv4 address written with leading zeros or in hex (`010.0.0.1`, `0x0a.0.0.1`), as
/// inet_aton would read it.
fn loose_ipv4(s: &str) -> Option<IpAddr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (o, p) in octets.iter_mut().zip(&parts) {
        let v = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
            u8::from_str_radix(h, 16).ok()?
        } else if p.len() > 1 && p.starts_with('0') {
            u8::from_str_radix(p, 8)
                .ok()
                .or_else(|| p.parse::<u8>().ok())?
        } else {
            p.parse::<u8>().ok()?
        };
        *o = v;
    }
    Some(IpAddr::from(octets))
}

/// Why a DNS name breaks the preferred name syntax (RFC 1034 3.5 as RFC 1123 2.1 relaxed
/// it), if it does. `wildcard` allows a leading `*.` label.
pub fn dns_syntax(name: &str, wildcard: bool) -> Option<String> {
    if name.trim().is_empty() {
        return Some("is empty".into());
    }
    let body = match name.strip_prefix("*.") {
        Some(rest) if wildcard => rest,
        _ => name,
    };
    if name.len() > 253 {
        return Some("is longer than 253 characters".into());
    }
    if name.contains('_') {
        return Some("contains an underscore".into());
    }
    for label in body.split('.') {
        if label.is_empty() {
            return Some("has an empty label".into());
        }
        if label.len() > 63 {
            return Some(format!(
                "has a label of {} characters (at most 63)",
                label.len()
            ));
        }
        if let Some(ch) = label
            .chars()
            .find(|ch| !(ch.is_ascii_alphanumeric() || *ch == '-'))
        {
            return Some(format!("contains `{}`", ch.escape_default()));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!(
                "has a label `{label}` that begins or ends with a hyphen"
            ));
        }
    }
    None
}

/// The structural defects of one CRL: its CRL number (RFC 5280 5.2.3), missing or critical.
pub fn crl_defects(crl: &Crl) -> Vec<(Defect, String)> {
    let mut out = Vec::new();
    if crl.number.is_none() {
        out.push((
            Defect::CrlNumber,
            format!(
                "the CRL of {} has no CRL number: RFC 5280 5.2.3 requires one ({ALL_ACCEPT}; `openssl ca -gencrl` writes one only with a crlnumber file)",
                crl.issuer
            ),
        ));
    }
    if crl.number_critical {
        out.push((
            Defect::CriticalUnhandled,
            format!(
                "the CRL of {} marks its CRL number critical: OpenSSL 3.0 (the Security Pack) refuses every certificate checked against it (unhandled critical CRL extension); RFC 5280 5.2.3 requires it non-critical",
                crl.issuer
            ),
        ));
    }
    out
}

/// Why `issuer` may not sign `crl`, if it may not: its keyUsage lacks cRLSign (RFC 5280
/// 4.2.1.3 and 6.3.3 (f)). OpenSSL 3.0 refuses every certificate checked against such a CRL
/// ("key usage does not include CRL signing").
pub fn crl_issuer_problem(crl: &Crl, issuer: &Certificate) -> Option<String> {
    let ku = issuer.key_usage?;
    (ku & KU_CRL_SIGN == 0).then(|| {
        format!(
            "the CRL of {} is signed by {}, whose keyUsage lacks cRLSign (RFC 5280 4.2.1.3): OpenSSL 3.0 refuses every certificate checked against it (key usage does not include CRL signing)",
            crl.issuer,
            issuer.short_name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names_are_held_to_the_preferred_syntax() {
        for ok in [
            "ms-01.lab.example.com",
            "xn--bcher-kva.example",
            "a",
            "1.example",
        ] {
            assert_eq!(dns_syntax(ok, true), None, "{ok}");
        }
        assert_eq!(dns_syntax("*.lab.example.com", true), None);
        for (bad, why) in [
            ("ms_01.lab.example.com", "contains an underscore"),
            ("*.lab.example.com", "contains `*`"),
            ("a..b", "has an empty label"),
            ("example.com.", "has an empty label"),
            (
                "-a.example",
                "has a label `-a` that begins or ends with a hyphen",
            ),
            ("a b.example", "contains ` `"),
            (" ", "is empty"),
        ] {
            assert_eq!(
                dns_syntax(bad, bad != "*.lab.example.com").as_deref(),
                Some(why),
                "{bad}"
            );
        }
    }

    #[test]
    fn loosely_written_ipv4_addresses_are_read_as_inet_aton_would() {
        assert_eq!(loose_ipv4("010.0.0.1"), Some(IpAddr::from([8, 0, 0, 1])));
        assert_eq!(loose_ipv4("0x0a.0.0.1"), Some(IpAddr::from([10, 0, 0, 1])));
        assert_eq!(loose_ipv4("example.com"), None);
    }
}
