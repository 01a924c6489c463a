//! Host-name checks as the Genesys Security Pack does them (Guide: Check Certificate Host
//! Matching): the SAN when there is one, else the subject CN; case-insensitive; no wildcard
//! is ever accepted; an IP address is compared with IP SANs.

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

pub fn check(cert: &Certificate, name: &PeerName) -> NameResult {
    let listed = |names: &[String]| {
        if names.is_empty() {
            "none".to_string()
        } else {
            crate::error::listed(names, ", ")
        }
    };
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
                NameResult::Mismatch(format!(
                    "the certificate's IP SANs are {}",
                    listed(
                        &cert
                            .san_ip
                            .iter()
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                    )
                ))
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
