//! What a client and a server port will negotiate, from their effective settings: the
//! protocol versions sec-protocol allows on each side, the suites of each side's
//! cipher-list and ciphersuites, and the server certificate's key type. OpenSSL picks the
//! highest common version, then (server preference) the first of the server's suites that
//! the client offers.

use serde::Serialize;

use super::cipherstring::{ciphersuites_cached, evaluate_cached};
use super::{DEFAULT_CIPHERSUITES, Suite};
use crate::pki::cert::{KeyInfo, KeyKind, signature_security_bits};

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

    /// TLS <= 1.2 suites in preference order (OpenSSL's DEFAULT when unset). TLS 1.2 suites
    /// named (by IANA name) in `ciphersuites` come first: `SSL_CTX_set_ciphersuites` keeps
    /// them in its TLS 1.3 list, and `update_cipher_list` puts that list in front of the
    /// cipher list, where a TLS 1.2 handshake offers and picks them.
    pub fn suites12(&self) -> Vec<&'static Suite> {
        let list = &evaluate_cached(self.cipher_list.unwrap_or("DEFAULT")).suites;
        let named = self
            .ciphersuites
            .map(|c| ciphersuites_cached(c).tls12.clone())
            .unwrap_or_default();
        if named.is_empty() {
            return list.clone();
        }
        let rest = list.iter().filter(|s| !named.contains(s)).copied();
        let mut all = named.clone();
        all.extend(rest);
        all
    }

    /// The security level this side runs at: its cipher list's last `@SECLEVEL=n`, else
    /// the build's default (`cipherstring::DEFAULT_SECLEVEL`).
    pub fn seclevel(&self) -> u8 {
        evaluate_cached(self.cipher_list.unwrap_or("DEFAULT")).effective_seclevel()
    }

    /// Whether OpenSSL accepts this side's lists at all. `SSL_CTX_set_cipher_list` fails
    /// for a string with a syntax error (`invalid command`) and for one that selects no
    /// TLS <= 1.2 suite (`no cipher match`) alike, and OpenSSL's own applications refuse to
    /// start for both; the guide says nothing of a refused list, so both are taken as the
    /// application failing to set up TLS. `SSL_CTX_set_ciphersuites` fails only for a
    /// non-empty value naming no suite it knows: unknown names next to a known one are
    /// ignored.
    pub fn valid(&self) -> bool {
        let list_ok = self
            .cipher_list
            .is_none_or(|l| evaluate_cached(l).refusal().is_none());
        let suites_ok = self
            .ciphersuites
            .is_none_or(|c| !ciphersuites_cached(c).refused(c));
        list_ok && suites_ok
    }

    /// The TLS 1.3 suites. An empty value is the guide's default ("empty string, which is
    /// equivalent to TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256").
    pub fn suites13(&self) -> Vec<&'static Suite> {
        let value = self
            .ciphersuites
            .filter(|c| !c.is_empty())
            .unwrap_or(DEFAULT_CIPHERSUITES);
        ciphersuites_cached(value).suites.clone()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Prediction {
    Succeeds {
        version: Version,
        suite: &'static str,
    },
    // Boxed slices and strings: one prediction per connection, a million of them in the
    // largest exports.
    NoCommonProtocol {
        client: Box<[Version]>,
        server: Box<[Version]>,
        /// Which runtime refuses what, when an end is Java (see `jsse`).
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<Box<str>>,
    },
    NoCommonCipher {
        version: Version,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<Box<str>>,
    },
    /// An OpenSSL end's security level refuses a certificate: the server cannot load its
    /// own (its port does not open), or a verifying end refuses the peer's chain.
    CertificateRefused {
        /// "server" or "client": the end that refuses.
        by: &'static str,
        reason: Box<str>,
    },
}

impl Prediction {
    /// The prediction as JSON (`resolve`, the HTML report), the suite under both its names.
    pub fn json(&self) -> Option<serde_json::Value> {
        let mut v = serde_json::to_value(self).ok()?;
        if let Prediction::Succeeds { suite, .. } = self
            && let Some(s) = crate::tls::by_openssl(suite)
            && let Some(m) = v.as_object_mut()
        {
            m.insert("suite_iana".into(), serde_json::Value::from(s.iana));
        }
        Some(v)
    }
}

/// The security bits each level asks for (`SSL_CTX_set_security_level(3)`): 80, 112, 128,
/// 192 and 256 for levels 1 to 5; level 0 asks nothing.
pub fn min_bits(level: u8) -> u32 {
    match level {
        0 => 0,
        1 => 80,
        2 => 112,
        3 => 128,
        4 => 192,
        _ => 256,
    }
}

/// Whether a suite passes a side's security level (ssl_security_default_callback,
/// SSL_SECOP_CIPHER_*): from level 1 no suite below the level's bits, no anonymous suite,
/// no MD5 MAC, no SHA-1 MAC above 160 bits (levels 4 and 5); from level 2 no RC4; from
/// level 3 TLS <= 1.2 suites must be forward secret.
pub fn allowed_at(s: &Suite, level: u8) -> bool {
    if level == 0 {
        return true;
    }
    let min = min_bits(level);
    if u32::from(s.strength()) < min || s.au == "None" || s.mac == "MD5" {
        return false;
    }
    if min > 160 && s.mac == "SHA1" || level >= 2 && s.enc == "RC4" {
        return false;
    }
    !(level >= 3 && s.protocol != "TLSv1.3" && !s.forward_secret())
}

/// The security bits of a key as OpenSSL counts them (RSA, DSA: NIST SP 800-57 for the
/// modulus size; EC: half the field size; Ed25519 128, Ed448 224).
pub fn key_security_bits(key: &KeyInfo) -> u32 {
    match key.kind {
        KeyKind::Rsa | KeyKind::Dsa => match key.bits {
            b if b >= 15360 => 256,
            b if b >= 7680 => 192,
            b if b >= 3072 => 128,
            b if b >= 2048 => 112,
            b if b >= 1024 => 80,
            _ => 0,
        },
        KeyKind::Ec => key.bits / 2,
        KeyKind::Ed25519 => 128,
        KeyKind::Ed448 => 224,
        KeyKind::Other => u32::MAX,
    }
}

/// Whether `cert_refused_at` refuses a certificate that is not self-signed, without
/// saying why (nothing is formatted).
pub fn cert_falls_short(level: u8, key: &KeyInfo, sig_bits: Option<u32>) -> bool {
    let min = min_bits(level);
    key_security_bits(key) < min || sig_bits.is_some_and(|sb| sb < min)
}

/// Why OpenSSL at `level` refuses a certificate with this key and signature: on the server,
/// `SSL_CTX_use_certificate` fails (`ee key too small`, `ca md too weak`) and the server
/// does not start; on a client that verifies its peer, chain verification fails (errors 66,
/// 67, 68) and the handshake ends with alert 42. A self-signed certificate's own
/// signature is not checked.
pub fn cert_refused_at(
    level: u8,
    key: &KeyInfo,
    sig_alg: &str,
    self_signed: bool,
) -> Option<String> {
    let min = min_bits(level);
    let kb = key_security_bits(key);
    if kb < min {
        return Some(format!(
            "its key ({}) gives {kb} bits of security, below the {min} bits of security level {level} (key too small)",
            key.describe()
        ));
    }
    if !self_signed
        && let Some(sb) = signature_security_bits(sig_alg)
        && sb < min
    {
        return Some(format!(
            "its signature {sig_alg} counts {sb} bits of security in OpenSSL 3.0, below the {min} bits of security level {level} (md too weak)"
        ));
    }
    None
}

/// Whether the server's certificate can serve a TLS <= 1.2 suite's authentication.
/// Anonymous suites need no certificate: OpenSSL offers and accepts them only when both
/// sides run at security level 0 (`anonymous`).
pub(crate) fn usable(s: &Suite, key: Option<KeyKind>, anonymous: bool) -> bool {
    // PSK and SRP need secrets Genesys does not configure.
    if matches!(s.au, "PSK" | "SRP") || s.kx.contains("PSK") || s.kx == "SRP" {
        return false;
    }
    if s.au == "None" {
        return anonymous;
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
///
/// Each side applies its own security level (`@SECLEVEL=n` of its cipher list, else the
/// build's default) to the suites it offers or accepts; TLS 1.0 and 1.1 need level 0 on
/// both sides in OpenSSL 3.0 (their MD5-SHA1 signatures count 63 bits), and so do
/// anonymous suites (the guide's "Encryption Only" mode). A side with TLS 1.3 enabled and
/// no TLS 1.3 suite fails every handshake ("No ciphers enabled for max supported SSL/TLS
/// version"), even with a TLS 1.2 peer.
pub fn predict(
    client: &Endpoint,
    server: &Endpoint,
    server_key: Option<KeyKind>,
) -> Option<Prediction> {
    let cv = client.versions()?;
    let sv = server.versions()?;
    let (cl, sl) = (client.seclevel(), server.seclevel());
    for (side, versions) in [(client, &cv), (server, &sv)] {
        if versions.contains(&Version::Tls13) && side.suites13().is_empty() {
            return Some(Prediction::NoCommonCipher {
                version: Version::Tls13,
                reason: None,
            });
        }
    }
    let legacy_ok = cl == 0 && sl == 0;
    let Some(version) = cv
        .iter()
        .filter(|v| sv.contains(v) && (legacy_ok || **v >= Version::Tls12))
        .max()
        .copied()
    else {
        return Some(Prediction::NoCommonProtocol {
            client: cv.into(),
            server: sv.into(),
            reason: None,
        });
    };
    let pick = if version == Version::Tls13 {
        let offered: Vec<_> = client
            .suites13()
            .into_iter()
            .filter(|s| allowed_at(s, cl))
            .collect();
        server
            .suites13()
            .into_iter()
            .find(|s| offered.contains(s) && allowed_at(s, sl))
    } else {
        let offered: Vec<_> = client
            .suites12()
            .into_iter()
            .filter(|s| allowed_at(s, cl))
            .collect();
        server.suites12().into_iter().find(|s| {
            offered.contains(s)
                && allowed_at(s, sl)
                && usable(s, server_key, legacy_ok)
                && allowed_in(s, version)
        })
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

    fn key(kind: KeyKind, bits: u32) -> KeyInfo {
        KeyInfo {
            kind,
            bits,
            curve: None,
            explicit_curve: false,
            spki: Vec::new(),
            public_key: Vec::new(),
        }
    }

    /// The measured table of issue 17 (OpenSSL 3.0.19, s_server loading its certificate).
    #[test]
    fn security_levels_constrain_keys_and_signatures() {
        let rsa2048 = key(KeyKind::Rsa, 2048);
        assert!(cert_refused_at(2, &rsa2048, "sha256WithRSAEncryption", false).is_none());
        assert!(cert_refused_at(3, &rsa2048, "sha256WithRSAEncryption", false).is_some());
        assert!(
            cert_refused_at(
                3,
                &key(KeyKind::Rsa, 3072),
                "sha256WithRSAEncryption",
                false
            )
            .is_none()
        );
        assert!(
            cert_refused_at(
                2,
                &key(KeyKind::Rsa, 1024),
                "sha256WithRSAEncryption",
                false
            )
            .is_some()
        );
        assert!(cert_refused_at(1, &rsa2048, "sha1WithRSAEncryption", false).is_some());
        assert!(cert_refused_at(0, &rsa2048, "md5WithRSAEncryption", false).is_none());
        assert!(cert_refused_at(2, &rsa2048, "sha1WithRSAEncryption", true).is_none());
        assert!(cert_refused_at(2, &key(KeyKind::Ec, 224), "ecdsa-with-SHA256", false).is_none());
        assert!(cert_refused_at(3, &key(KeyKind::Ec, 224), "ecdsa-with-SHA256", false).is_some());
        assert!(cert_refused_at(4, &key(KeyKind::Ec, 384), "ecdsa-with-SHA384", false).is_none());
        assert!(cert_refused_at(4, &key(KeyKind::Ec, 384), "ecdsa-with-SHA256", false).is_some());
        assert!(cert_refused_at(5, &key(KeyKind::Ec, 521), "ecdsa-with-SHA512", false).is_none());
    }

    /// The quick check the chains use refuses exactly what the worded one refuses of a
    /// certificate that is not self-signed, whatever the case of the algorithm's name.
    #[test]
    fn falling_short_is_being_refused() {
        let keys = [
            key(KeyKind::Rsa, 1024),
            key(KeyKind::Rsa, 2048),
            key(KeyKind::Rsa, 3072),
            key(KeyKind::Ec, 224),
            key(KeyKind::Ec, 256),
            key(KeyKind::Ec, 384),
            key(KeyKind::Ed25519, 256),
        ];
        let algs = [
            "md5WithRSAEncryption",
            "MD2withRSA",
            "sha1WithRSAEncryption",
            "ecdsa-with-SHA224",
            "SHA256withRSA",
            "ecdsa-with-SHA384",
            "sha512WithRSAEncryption",
            "ED25519",
            "rsassa-pss",
        ];
        for level in 0..=5 {
            for k in &keys {
                for alg in algs {
                    let bits = signature_security_bits(alg);
                    assert_eq!(
                        cert_falls_short(level, k, bits),
                        cert_refused_at(level, k, alg, false).is_some(),
                        "level {level}, {k:?}, {alg}"
                    );
                }
            }
        }
        assert_eq!(signature_security_bits("MD2withRSA"), Some(0));
        assert_eq!(signature_security_bits("ecdsa-with-SHA224"), Some(112));
        assert_eq!(signature_security_bits("ED25519"), Some(128));
        assert_eq!(signature_security_bits("rsassa-pss"), None);
    }

    #[test]
    fn security_levels_remove_suites() {
        let by = |n: &str| {
            crate::tls::table::SUITES
                .iter()
                .chain(crate::tls::table::TLS13)
                .find(|s| s.openssl == n || s.iana == n)
                .unwrap()
        };
        assert!(allowed_at(by("ADH-AES256-GCM-SHA384"), 0));
        assert!(!allowed_at(by("ADH-AES256-GCM-SHA384"), 1));
        assert!(allowed_at(by("AES128-GCM-SHA256"), 2));
        assert!(!allowed_at(by("AES128-GCM-SHA256"), 3));
        assert!(!allowed_at(by("ECDHE-ECDSA-AES256-SHA"), 4));
        assert!(!allowed_at(by("TLS_AES_128_GCM_SHA256"), 4));
        assert!(allowed_at(by("TLS_AES_256_GCM_SHA384"), 5));
    }

    #[test]
    fn anonymous_suites_need_level_0_on_both_sides() {
        let both = ep(Some("TLSv12"), Some("aNULL:HIGH:@SECLEVEL=0"));
        let client2 = ep(None, Some("aNULL:HIGH"));
        assert_eq!(
            predict(&both, &both, Some(KeyKind::Rsa)).unwrap(),
            Prediction::Succeeds {
                version: Version::Tls12,
                suite: "ADH-AES256-GCM-SHA384"
            }
        );
        assert_eq!(
            predict(&client2, &both, Some(KeyKind::Rsa)).unwrap(),
            Prediction::Succeeds {
                version: Version::Tls12,
                suite: "ECDHE-RSA-AES256-GCM-SHA384"
            }
        );
    }

    /// Measured with OpenSSL 3.0.19: a TLS 1.2 IANA name in `ciphersuites` is offered, and
    /// preferred, in TLS 1.2 on either side.
    #[test]
    fn tls12_names_in_ciphersuites_come_first_in_tls12() {
        let with = |list: &'static str, cs: &'static str| Endpoint {
            sec_protocol: Some("TLSv12"),
            cipher_list: Some(list),
            ciphersuites: Some(cs),
        };
        let aes128_sha = Prediction::Succeeds {
            version: Version::Tls12,
            suite: "AES128-SHA",
        };
        let server = with(
            "ECDHE-RSA-AES256-GCM-SHA384",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
        );
        assert_eq!(
            predict(&ep(None, None), &server, Some(KeyKind::Rsa)).unwrap(),
            aes128_sha
        );
        let client = with("ECDHE-ECDSA-AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");
        let server = ep(
            Some("TLSv12"),
            Some("ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA"),
        );
        assert_eq!(
            predict(&client, &server, Some(KeyKind::Rsa)).unwrap(),
            aes128_sha
        );
    }

    #[test]
    fn ciphersuites_with_an_unknown_name_still_negotiate() {
        let server = Endpoint {
            sec_protocol: None,
            cipher_list: None,
            ciphersuites: Some("TLS_AES_128_GCM_SHA256:FOO"),
        };
        assert!(server.valid());
        assert_eq!(
            predict(&ep(None, None), &server, Some(KeyKind::Rsa)).unwrap(),
            Prediction::Succeeds {
                version: Version::Tls13,
                suite: "TLS_AES_128_GCM_SHA256"
            }
        );
        let refused = Endpoint {
            ciphersuites: Some("FOO"),
            ..server.clone()
        };
        assert!(!refused.valid());
        assert!(!ep(None, Some("RC4")).valid());
    }
}
