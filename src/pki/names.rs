//! Host-name checks as the Genesys Security Pack does them (Guide: Check Certificate Host
//! Matching): the SAN when there is one, else the subject CN; case-insensitive; no wildcard
//! is ever accepted; an IP address is compared with IP SANs. And as a Java end does them
//! (`check_jsse`): JSSE's endpoint identification "HTTPS" (JDK 17 `HostnameChecker`, TYPE_TLS),
//! which tests/java_names.rs checks against the installed JDK.

use std::net::IpAddr;

use super::cert::Certificate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerName {
    Dns(String),
    Ip(IpAddr),
}

impl PeerName {
    pub fn parse(s: &str) -> PeerName {
        let trimmed = s.trim_start_matches('[').trim_end_matches(']');
        match trimmed.parse::<IpAddr>() {
            Ok(ip) => PeerName::Ip(ip),
            Err(_) => PeerName::Dns(s.trim_end_matches('.').to_string()),
        }
    }

    pub fn text(&self) -> String {
        match self {
            PeerName::Dns(d) => d.clone(),
            PeerName::Ip(ip) => ip.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameResult {
    Match,
    /// Matched only through a wildcard, which Genesys refuses.
    WildcardOnly(String),
    Mismatch(String),
}

fn wildcard_matches(pattern: &str, name: &str) -> bool {
    let Some(rest) = pattern.strip_prefix("*.") else {
        return false;
    };
    match name.split_once('.') {
        Some((label, domain)) => !label.is_empty() && domain.eq_ignore_ascii_case(rest),
        None => false,
    }
}

/// The names a certificate presents, in the order a check reads them.
pub fn presented(cert: &Certificate) -> Vec<String> {
    if cert.has_san {
        cert.san_dns
            .iter()
            .cloned()
            .chain(cert.san_ip.iter().map(|ip| ip.to_string()))
            .collect()
    } else {
        cert.common_names.clone()
    }
}

/// Names for a message, or "none".
fn listed(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        crate::error::listed(names, ", ")
    }
}

/// Why an address matches no IP SAN: the ones the certificate has.
fn ip_sans(cert: &Certificate) -> String {
    let ips: Vec<String> = cert.san_ip.iter().map(|i| i.to_string()).collect();
    format!("the certificate's IP SANs are {}", listed(&ips))
}

pub fn check(cert: &Certificate, name: &PeerName) -> NameResult {
    match name {
        PeerName::Ip(ip) => {
            if cert.san_ip.contains(ip) {
                NameResult::Match
            } else if !cert.has_san && cert.common_names.iter().any(|cn| cn == &ip.to_string()) {
                // OpenSSL's X509_check_ip reads only IP SANs; a CN holding the address is not
                // enough.
                NameResult::Mismatch(format!(
                    "{ip} appears only in the subject CN, and IP addresses are matched only against IP SANs"
                ))
            } else {
                NameResult::Mismatch(ip_sans(cert))
            }
        }
        PeerName::Dns(dns) => {
            let (names, source) = if cert.has_san {
                (&cert.san_dns, "SAN")
            } else {
                (&cert.common_names, "subject CN (there is no SAN)")
            };
            if names.iter().any(|n| n.eq_ignore_ascii_case(dns)) {
                return NameResult::Match;
            }
            if let Some(w) = names.iter().find(|n| wildcard_matches(n, dns)) {
                return NameResult::WildcardOnly(w.clone());
            }
            NameResult::Mismatch(format!(
                "the certificate's {source} names {}",
                listed(names)
            ))
        }
    }
}

/// Whether JSSE takes `name` as a host name: `SNIHostName`'s test (IDN with the STD3 rules:
/// letters, digits and hyphens, no label empty, longer than 63 or with a hyphen at either end;
/// no trailing dot).
fn jsse_host_name(name: &str) -> bool {
    !name.is_empty()
        && !name.ends_with('.')
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// `HostnameChecker.hasIllegalWildcard` for a certificate that does not chain to a CA of the
/// JDK's `cacerts` (a Genesys deployment's own CA): `*` and `*.` never match, nor does a
/// template with no dot after its last `*`. (The public-suffix test applies to public CAs only.)
fn jsse_illegal_wildcard(template: &str) -> bool {
    if template == "*" || template == "*." {
        return true;
    }
    match template.rfind('*') {
        None => false,
        Some(i) => !template[i..].contains('.'),
    }
}

/// `HostnameChecker.matchWildCards`: one label against one template label, where each `*`
/// stands for any run of characters (empty too) within the label.
fn jsse_label_matches(name: &str, template: &str) -> bool {
    let mut parts = template.split('*');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return name == template;
    }
    if !name.starts_with(first) {
        return false;
    }
    let mut name = &name[first.len()..];
    let (last, middle) = rest.split_last().expect("non-empty");
    for m in middle {
        match name.find(m) {
            Some(i) => name = &name[i + m.len()..],
            None => return false,
        }
    }
    name.ends_with(last)
}

/// `HostnameChecker.isMatched` (TYPE_TLS): the template must be a legal wildcard and, its
/// `*` read as a letter, a host name; then every label matches, with as many labels on each
/// side (empty labels are skipped), case-insensitively.
fn jsse_matches(name: &str, template: &str) -> bool {
    if jsse_illegal_wildcard(template) || !jsse_host_name(&template.replace('*', "z")) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let template = template.to_ascii_lowercase();
    let labels = |s: &str| -> Vec<String> {
        s.split('.')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (n, t) = (labels(&name), labels(&template));
    n.len() == t.len() && n.iter().zip(&t).all(|(n, t)| jsse_label_matches(n, t))
}

/// Endpoint identification as a Java client does it (JSSE, "HTTPS", JDK 17): an IP address
/// matches IP SANs only; a host name matches the DNS SANs when there is any, else the most
/// specific (last) CN; wildcards anywhere in a label (`*.example.com`, `f*.example.com`,
/// `*.*.example.com`) cover one label each, but never `*`, `*.` or a template with no dot
/// after its last `*`. Never `WildcardOnly`: JSSE accepts the wildcards it matches.
pub fn check_jsse(cert: &Certificate, name: &PeerName) -> NameResult {
    match name {
        PeerName::Ip(ip) => {
            if cert.san_ip.contains(ip) {
                NameResult::Match
            } else if !cert.has_san {
                NameResult::Mismatch(format!(
                    "the certificate has no SAN, and JSSE matches an IP address against IP SANs only{}",
                    if cert.common_names.iter().any(|cn| cn == &ip.to_string()) {
                        " (not the CN)"
                    } else {
                        ""
                    }
                ))
            } else {
                NameResult::Mismatch(ip_sans(cert))
            }
        }
        PeerName::Dns(dns) => {
            if !jsse_host_name(dns) {
                return NameResult::Mismatch(format!(
                    "JSSE refuses {dns} as a host name (letters, digits and hyphens only)"
                ));
            }
            if !cert.san_dns.is_empty() {
                if cert.san_dns.iter().any(|t| jsse_matches(dns, t)) {
                    return NameResult::Match;
                }
                return NameResult::Mismatch(format!(
                    "the certificate's DNS SANs are {} (JSSE then ignores the CN)",
                    listed(&cert.san_dns)
                ));
            }
            match cert.common_names.last() {
                Some(cn) if jsse_matches(dns, cn) => NameResult::Match,
                Some(cn) => NameResult::Mismatch(format!(
                    "the certificate has no DNS SAN and its most specific CN is {cn}"
                )),
                None => NameResult::Mismatch(
                    "the certificate has neither a DNS SAN nor a CN".to_string(),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_cover_one_label_only() {
        assert!(wildcard_matches("*.example.com", "a.example.com"));
        assert!(wildcard_matches("*.example.com", "A.EXAMPLE.com"));
        assert!(!wildcard_matches("*.example.com", "a.b.example.com"));
        assert!(!wildcard_matches("*.example.com", "example.com"));
    }

    #[test]
    fn jsse_wildcards_match_within_one_label() {
        assert!(jsse_matches("cs.example.com", "*.example.com"));
        assert!(jsse_matches("CS.example.com", "*.EXAMPLE.com"));
        assert!(jsse_matches("foo.example.com", "f*.example.com"));
        assert!(jsse_matches("f.example.com", "f*.example.com"));
        assert!(jsse_matches("a.b.example.com", "*.*.example.com"));
        assert!(jsse_matches("abc.example.com", "a*b*c.example.com"));
        assert!(!jsse_matches("a.b.example.com", "*.example.com"));
        assert!(!jsse_matches("example.com", "*.example.com"));
        assert!(!jsse_matches("com", "*"));
        assert!(!jsse_matches("cs.example.com", "cs.example.*"));
        assert!(!jsse_matches("aba.example.com", "ab*ba.example.com"));
    }

    #[test]
    fn peer_names_parse_addresses() {
        assert_eq!(
            PeerName::parse("10.0.0.1"),
            PeerName::Ip("10.0.0.1".parse().unwrap())
        );
        assert_eq!(
            PeerName::parse("[::1]"),
            PeerName::Ip("::1".parse().unwrap())
        );
        assert_eq!(
            PeerName::parse("cs.example.com."),
            PeerName::Dns("cs.example.com".into())
        );
    }
}
