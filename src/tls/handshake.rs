//! What a client and a server port will negotiate, from their effective settings: the
//! protocol versions sec-protocol allows on each side, the suites of each side's
//! cipher-list and ciphersuites, and the server certificate's key type. OpenSSL picks the
//! highest common version, then (server preference) the first of the server's suites that
//! the client offers.

use serde::Serialize;

use super::cipherstring::{ciphersuites, evaluate_cached};
use super::{DEFAULT_CIPHERSUITES, Suite};
use crate::pki::cert::KeyKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Version {
    #[serde(rename = "TLSv1")]
    Tls10,
    #[serde(rename = "TLSv1.1")]
    Tls11,
    #[serde(rename = "TLSv1.2")]
    Tls12,
    #[serde(rename = "TLSv1.3")]
    Tls13,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::Tls10 => "TLSv1",
            Version::Tls11 => "TLSv1.1",
            Version::Tls12 => "TLSv1.2",
            Version::Tls13 => "TLSv1.3",
        }
    }
}

/// The versions a `sec-protocol` value enables (Guide: Tuning Protocol Version
/// Availability): empty means TLS 1.2 and 1.3; SSLv23 is compatibility mode down to
/// TLS 1.1; TLSv12 and TLSv13 are strict. Removed values open no port at all.
/// None for values the Security Pack refuses (the port does not open at all; those are
/// reported by their own rules, not as a failed negotiation).
pub fn versions(sec_protocol: Option<&str>) -> Option<Vec<Version>> {
    Some(match sec_protocol.unwrap_or("") {
        "" => vec![Version::Tls12, Version::Tls13],
        "SSLv23" => vec![Version::Tls11, Version::Tls12, Version::Tls13],
        "TLSv12" => vec![Version::Tls12],
        "TLSv13" => vec![Version::Tls13],
        _ => return None,
    })
}

/// One end of a connection, as far as negotiation is concerned.
#[derive(Debug, Clone)]
pub struct Endpoint<'a> {
    pub sec_protocol: Option<&'a str>,
    pub cipher_list: Option<&'a str>,
    pub ciphersuites: Option<&'a str>,
}

impl Endpoint<'_> {
    pub fn versions(&self) -> Option<Vec<Version>> {
        versions(self.sec_protocol)
    }

    /// TLS <= 1.2 suites in preference order (OpenSSL's DEFAULT when unset).
    pub fn suites12(&self) -> Vec<&'static Suite> {
        evaluate_cached(self.cipher_list.unwrap_or("DEFAULT"))
            .suites
            .clone()
    }

    /// Whether OpenSSL accepts this side's lists at all.
    pub fn valid(&self) -> bool {
        let list_ok = self
            .cipher_list
            .is_none_or(|l| evaluate_cached(l).invalid.is_none());
        let suites_ok = self
            .ciphersuites
            .is_none_or(|c| ciphersuites(c).1.is_empty());
        list_ok && suites_ok
    }

    pub fn suites13(&self) -> Vec<&'static Suite> {
        ciphersuites(self.ciphersuites.unwrap_or(DEFAULT_CIPHERSUITES)).0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Prediction {
    Succeeds {
        version: Version,
        suite: &'static str,
    },
    NoCommonProtocol {
        client: Vec<Version>,
        server: Vec<Version>,
        /// Which runtime refuses what, when an end is Java (see `jsse`).
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    NoCommonCipher {
        version: Version,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// Whether the server's certificate can serve a TLS <= 1.2 suite's authentication.
pub(crate) fn usable(s: &Suite, key: Option<KeyKind>) -> bool {
    // PSK and SRP need secrets Genesys does not configure; anonymous suites no certificate
    // at all, which OpenSSL refuses above security level 0.
    if matches!(s.au, "PSK" | "SRP" | "None") || s.kx.contains("PSK") || s.kx == "SRP" {
        return false;
    }
    match key {
        None => true,
        Some(KeyKind::Rsa) => s.au == "RSA",
        Some(KeyKind::Ec) => s.au == "ECDSA",
        Some(KeyKind::Dsa) => s.au == "DSS",
        Some(KeyKind::Ed25519 | KeyKind::Ed448) => s.au == "ECDSA",
        Some(KeyKind::Other) => true,
    }
}

/// None when a side's sec-protocol is not a value the Security Pack accepts.
pub fn predict(
    client: &Endpoint,
    server: &Endpoint,
    server_key: Option<KeyKind>,
) -> Option<Prediction> {
    let cv = client.versions()?;
    let sv = server.versions()?;
    let Some(version) = cv.iter().filter(|v| sv.contains(v)).max().copied() else {
        return Some(Prediction::NoCommonProtocol {
            client: cv,
            server: sv,
            reason: None,
        });
    };
    let pick = if version == Version::Tls13 {
        let offered = client.suites13();
        server.suites13().into_iter().find(|s| offered.contains(s))
    } else {
        let offered = client.suites12();
        server
            .suites12()
            .into_iter()
            .find(|s| offered.contains(s) && usable(s, server_key) && allowed_in(s, version))
    };
    Some(match pick {
        Some(s) => Prediction::Succeeds {
            version,
            suite: s.openssl,
        },
        None => Prediction::NoCommonCipher {
            version,
            reason: None,
        },
    })
}

/// TLS 1.2-only suites (SHA-256/384 MACs, AEAD) cannot be used in TLS 1.1.
pub(crate) fn allowed_in(s: &Suite, v: Version) -> bool {
    v >= Version::Tls12 || s.protocol != "TLSv1.2"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(p: Option<&'static str>, c: Option<&'static str>) -> Endpoint<'static> {
        Endpoint {
            sec_protocol: p,
            cipher_list: c,
            ciphersuites: None,
        }
    }

    #[test]
    fn defaults_negotiate_tls13_with_the_first_default_suite() {
        assert_eq!(
            predict(&ep(None, None), &ep(None, None), Some(KeyKind::Rsa)).unwrap(),
            Prediction::Succeeds {
                version: Version::Tls13,
                suite: "TLS_AES_256_GCM_SHA384"
            }
        );
    }

    #[test]
    fn strict_versions_that_differ_share_nothing() {
        assert!(matches!(
            predict(&ep(Some("TLSv12"), None), &ep(Some("TLSv13"), None), None).unwrap(),
            Prediction::NoCommonProtocol { .. }
        ));
    }

    #[test]
    fn tls12_picks_the_servers_first_suite_the_client_offers_and_the_key_can_sign() {
        let client = ep(
            Some("TLSv12"),
            Some("AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384"),
        );
        let server = ep(
            Some("TLSv12"),
            Some("ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA"),
        );
        assert_eq!(
            predict(&client, &server, Some(KeyKind::Rsa)).unwrap(),
            Prediction::Succeeds {
                version: Version::Tls12,
                suite: "ECDHE-RSA-AES256-GCM-SHA384"
            }
        );
        let only_ecdsa = ep(Some("TLSv12"), Some("ECDHE-ECDSA-AES256-GCM-SHA384"));
        assert!(matches!(
            predict(&only_ecdsa, &server, Some(KeyKind::Rsa)).unwrap(),
            Prediction::NoCommonCipher { .. }
        ));
    }
}
