//! JSSE, the JDK's TLS, as a Java Platform SDK application drives it: the JSSE calls the
//! application's options stand for (`tls-version` names the SSLContext, `protocol-list` and
//! `sec-protocol` the enabled protocols, `cipher-list` the enabled suites), what the JDK
//! release then enables (its defaults less `jdk.tls.disabledAlgorithms`), and the combined
//! prediction when one end or both are Java. docs/java-tls.md gives the sources; the JDK 17
//! lists below were measured on OpenJDK 17.0.15 and are checked against the installed JDK by
//! tests/java_handshake.rs.

use serde::Serialize;

pub use super::by_openssl;
use super::handshake::{Endpoint, Prediction, Version, allowed_in, usable};
use super::{Suite, table};
use crate::pki::cert::KeyKind;

/// The JDK releases tlskit models (`java-release` in tlskit.toml).
pub const RELEASES: &[u16] = &[17];
pub const DEFAULT_RELEASE: u16 = 17;

/// JDK 17's enabled suites, in ClientHello order, which is also a JDK server's preference
/// order (`TLS_EMPTY_RENEGOTIATION_INFO_SCSV` left out: it is no suite).
pub const JDK17_DEFAULT_SUITES: &[&str] = &[
    "TLS_AES_256_GCM_SHA384",
    "TLS_AES_128_GCM_SHA256",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
];

/// Every other suite name JDK 17's `setEnabledCipherSuites` accepts (with its `TLS_`
/// aliases of `SSL_` names): all of them are covered by `jdk.tls.disabledAlgorithms`, so
/// they are never negotiated.
pub const JDK17_DISABLED_SUITES: &[&str] = &[
    "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "SSL_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA",
    "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
    "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
    "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
    "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
    "TLS_DH_anon_WITH_AES_256_CBC_SHA",
    "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
    "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
    "TLS_DH_anon_WITH_AES_128_CBC_SHA",
    "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA",
    "SSL_DH_anon_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
    "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
    "SSL_RSA_WITH_RC4_128_SHA",
    "TLS_ECDH_ECDSA_WITH_RC4_128_SHA",
    "TLS_ECDH_RSA_WITH_RC4_128_SHA",
    "SSL_RSA_WITH_RC4_128_MD5",
    "TLS_ECDH_anon_WITH_RC4_128_SHA",
    "SSL_DH_anon_WITH_RC4_128_MD5",
    "SSL_RSA_WITH_DES_CBC_SHA",
    "SSL_DHE_RSA_WITH_DES_CBC_SHA",
    "SSL_DHE_DSS_WITH_DES_CBC_SHA",
    "SSL_DH_anon_WITH_DES_CBC_SHA",
    "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA",
    "SSL_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
    "SSL_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",
    "SSL_DH_anon_EXPORT_WITH_DES40_CBC_SHA",
    "SSL_RSA_EXPORT_WITH_RC4_40_MD5",
    "SSL_DH_anon_EXPORT_WITH_RC4_40_MD5",
    "TLS_RSA_WITH_NULL_SHA256",
    "TLS_ECDHE_ECDSA_WITH_NULL_SHA",
    "TLS_ECDHE_RSA_WITH_NULL_SHA",
    "SSL_RSA_WITH_NULL_SHA",
    "TLS_ECDH_ECDSA_WITH_NULL_SHA",
    "TLS_ECDH_RSA_WITH_NULL_SHA",
    "TLS_ECDH_anon_WITH_NULL_SHA",
    "SSL_RSA_WITH_NULL_MD5",
    "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA",
    "TLS_RSA_WITH_RC4_128_SHA",
    "TLS_RSA_WITH_RC4_128_MD5",
    "TLS_DH_anon_WITH_RC4_128_MD5",
    "TLS_RSA_WITH_DES_CBC_SHA",
    "TLS_DHE_RSA_WITH_DES_CBC_SHA",
    "TLS_DHE_DSS_WITH_DES_CBC_SHA",
    "TLS_DH_anon_WITH_DES_CBC_SHA",
    "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",
    "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
    "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",
    "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA",
    "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
    "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5",
    "TLS_RSA_WITH_NULL_SHA",
    "TLS_RSA_WITH_NULL_MD5",
];

/// Protocol names `setEnabledProtocols` accepts (case-sensitive).
pub const PROTOCOLS: &[&str] = &[
    "SSLv2Hello",
    "SSLv3",
    "TLSv1",
    "TLSv1.1",
    "TLSv1.2",
    "TLSv1.3",
];

/// Protocols `jdk.tls.disabledAlgorithms` switches off in JDK 17.
pub const JDK17_DISABLED_PROTOCOLS: &[&str] = &["SSLv3", "TLSv1", "TLSv1.1"];

/// `sec-protocol` values the guide lists for Java (Java PSDK Implementation).
pub const SEC_PROTOCOL_VALUES: &[&str] = &["SSLv23", "SSLv3", "TLSv1", "TLSv11", "TLSv12"];

/// `tls-version` values: the SSLContext protocol names JSSE knows (case-insensitive).
pub const CONTEXTS: &[&str] = &[
    "TLS", "SSL", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3",
];

/// Which `jdk.tls.disabledAlgorithms` entry of JDK 17 disables a suite JSSE knows.
pub fn disabled_by(name: &str) -> Option<&'static str> {
    if JDK17_DEFAULT_SUITES.contains(&name) {
        return None;
    }
    if !JDK17_DISABLED_SUITES.contains(&name) {
        return None;
    }
    Some(if name.contains("_anon_") {
        "anon"
    } else if name.contains("_NULL_") {
        "NULL"
    } else if name.contains("RC4") {
        "RC4"
    } else if name.contains("3DES_EDE_CBC") {
        "3DES_EDE_CBC"
    } else if name.contains("DES") {
        "DES"
    } else {
        // TLS_ECDH_ECDSA_* and TLS_ECDH_RSA_*: static ECDH.
        "ECDH"
    })
}

/// Whether JDK 17's `setEnabledCipherSuites` accepts a name.
pub fn known_suite(name: &str) -> bool {
    JDK17_DEFAULT_SUITES.contains(&name) || JDK17_DISABLED_SUITES.contains(&name)
}

/// A suite by its IANA (JSSE) name.
pub fn by_iana(name: &str) -> Option<&'static Suite> {
    table::TLS13
        .iter()
        .chain(table::SUITES)
        .find(|s| s.iana == name)
}

/// The items of a Java list option: split on commas, colons and white space.
pub fn split_list(value: &str) -> Vec<&str> {
    value
        .split(|c: char| c == ',' || c == ':' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The JSSE calls one Java end makes: `SSLContext.getInstance(context)`, then
/// `setEnabledProtocols(protocols)` and `setEnabledCipherSuites(suites)` when set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsseConfig {
    pub context: String,
    pub protocols: Option<Vec<String>>,
    pub suites: Option<Vec<String>>,
}

impl Default for JsseConfig {
    fn default() -> Self {
        JsseConfig {
            context: "TLS".into(),
            protocols: None,
            suites: None,
        }
    }
}

impl JsseConfig {
    /// What a PSDK application's options stand for (docs/java-tls.md 4.1): `tls-version`
    /// names the context; `protocol-list` the enabled protocols; `sec-protocol` (a Genesys
    /// spelling the PSDK translates) overrides `protocol-list`, and `SSLv23` or a value
    /// the Java table does not list leaves the context's defaults; `cipher-list` the suites.
    pub fn from_options(
        tls_version: Option<&str>,
        protocol_list: Option<&str>,
        sec_protocol: Option<&str>,
        cipher_list: Option<&str>,
    ) -> JsseConfig {
        let from_sec = match sec_protocol {
            Some("TLSv12") => Some(Some(vec!["TLSv1.2".to_string()])),
            Some("TLSv11") => Some(Some(vec!["TLSv1.1".to_string()])),
            Some("TLSv1") => Some(Some(vec!["TLSv1".to_string()])),
            Some("SSLv3") => Some(Some(vec!["SSLv3".to_string()])),
            Some("SSLv23") => Some(None),
            _ => None,
        };
        let protocols = match from_sec {
            Some(p) => p,
            None => protocol_list.map(|l| split_list(l).into_iter().map(String::from).collect()),
        };
        JsseConfig {
            context: tls_version.unwrap_or("TLS").to_string(),
            protocols,
            suites: cipher_list.map(|l| split_list(l).into_iter().map(String::from).collect()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Client,
    Server,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Server => "server",
        }
    }
}

/// Why JSSE refuses a configuration outright (the application cannot set up TLS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsseError {
    /// `SSLContext.getInstance`: NoSuchAlgorithmException.
    UnknownContext(String),
    /// `setEnabledProtocols`: IllegalArgumentException.
    UnknownProtocol(String),
    /// `setEnabledCipherSuites`: IllegalArgumentException ("Unsupported CipherSuite").
    UnknownSuite(String),
    /// An empty list: IllegalArgumentException.
    Empty(&'static str),
}

impl std::fmt::Display for JsseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsseError::UnknownContext(c) => write!(f, "JSSE has no SSLContext protocol `{c}`"),
            JsseError::UnknownProtocol(p) => write!(f, "JSSE knows no protocol `{p}`"),
            JsseError::UnknownSuite(s) => write!(f, "Unsupported CipherSuite: {s}"),
            JsseError::Empty(what) => write!(f, "an empty {what}"),
        }
    }
}

/// What one Java end enables once the JDK has had its say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsseEnd {
    pub role: Role,
    /// Versions with at least one usable suite (JSSE's active protocols), highest first.
    pub versions: Vec<Version>,
    /// Enabled suites usable in some active version, in order.
    pub suites: Vec<&'static Suite>,
    /// `SSLv2Hello` is enabled: a client then sends an SSLv2-format ClientHello unless it
    /// also enables TLS 1.3; a server accepts one.
    pub sslv2_hello: bool,
    /// Protocols the configuration asks for that the JDK disables.
    pub dropped_protocols: Vec<String>,
    /// Suites the configuration asks for that the JDK disables, with the entry of
    /// `jdk.tls.disabledAlgorithms` that does.
    pub dropped_suites: Vec<(String, &'static str)>,
}

fn version_of(p: &str) -> Option<Version> {
    Some(match p {
        "TLSv1" => Version::Tls10,
        "TLSv1.1" => Version::Tls11,
        "TLSv1.2" => Version::Tls12,
        "TLSv1.3" => Version::Tls13,
        _ => return None,
    })
}

/// Whether JSSE can use a suite in a version.
pub fn usable_in(s: &Suite, v: Version) -> bool {
    if s.protocol == "TLSv1.3" {
        v == Version::Tls13
    } else {
        v != Version::Tls13 && allowed_in(s, v)
    }
}

/// What a Java end enables on JDK `release` (only 17 is modelled).
pub fn enabled(cfg: &JsseConfig, role: Role, _release: u16) -> Result<JsseEnd, JsseError> {
    let ctx = CONTEXTS
        .iter()
        .find(|c| c.eq_ignore_ascii_case(&cfg.context))
        .ok_or_else(|| JsseError::UnknownContext(cfg.context.clone()))?;
    // The context's name shapes a client's defaults only; a server gets every version
    // the JDK enables whatever the name.
    let defaults: Vec<&str> = match (role, *ctx) {
        (Role::Server, _) | (Role::Client, "TLS" | "SSL" | "TLSv1.3") => {
            vec!["TLSv1.3", "TLSv1.2"]
        }
        (Role::Client, "TLSv1.2") => vec!["TLSv1.2"],
        (Role::Client, "TLSv1.1") => vec!["TLSv1.1", "TLSv1"],
        (Role::Client, "TLSv1") => vec!["TLSv1"],
        _ => vec!["SSLv3"],
    };
    let requested: Vec<String> = match &cfg.protocols {
        Some(list) => {
            if list.is_empty() {
                return Err(JsseError::Empty("protocol list"));
            }
            if let Some(bad) = list.iter().find(|p| !PROTOCOLS.contains(&p.as_str())) {
                return Err(JsseError::UnknownProtocol(bad.clone()));
            }
            list.clone()
        }
        None => defaults.iter().map(|s| s.to_string()).collect(),
    };
    // Protocols the JDK has, before its disabled list: the context's own name counts for
    // a client left at its defaults.
    let mut dropped_protocols: Vec<String> = Vec::new();
    let wanted_names: Vec<String> = if cfg.protocols.is_none() && role == Role::Client {
        match *ctx {
            "TLSv1.1" | "TLSv1" | "SSLv3" => vec![ctx.to_string()],
            _ => requested.clone(),
        }
    } else {
        requested.clone()
    };
    for p in &wanted_names {
        if JDK17_DISABLED_PROTOCOLS.contains(&p.as_str()) && !dropped_protocols.contains(p) {
            dropped_protocols.push(p.clone());
        }
    }
    let mut enabled_versions: Vec<Version> = requested
        .iter()
        .filter(|p| !JDK17_DISABLED_PROTOCOLS.contains(&p.as_str()))
        .filter_map(|p| version_of(p))
        .collect();
    enabled_versions.sort_unstable_by(|a, b| b.cmp(a));
    enabled_versions.dedup();
    let sslv2_hello = requested.iter().any(|p| p == "SSLv2Hello");

    let mut dropped_suites = Vec::new();
    // The default suites are those the context's default protocols can use, once the
    // JDK has disabled some: a client context named TLSv1.2 offers no TLS 1.3 suite even
    // with TLSv1.3 enabled, and one named TLSv1.1, TLSv1 or SSLv3 none at all.
    let default_versions: Vec<Version> = defaults
        .iter()
        .filter(|p| !JDK17_DISABLED_PROTOCOLS.contains(p))
        .filter_map(|p| version_of(p))
        .collect();
    let suites: Vec<&'static Suite> = match &cfg.suites {
        None => JDK17_DEFAULT_SUITES
            .iter()
            .filter_map(|n| by_iana(n))
            .filter(|s| default_versions.iter().any(|v| usable_in(s, *v)))
            .collect(),
        Some(list) => {
            if list.is_empty() {
                return Err(JsseError::Empty("cipher suite list"));
            }
            let mut out = Vec::new();
            for n in list {
                if n == "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" {
                    continue;
                }
                if !known_suite(n) {
                    return Err(JsseError::UnknownSuite(n.clone()));
                }
                if let Some(why) = disabled_by(n) {
                    dropped_suites.push((n.clone(), why));
                    continue;
                }
                if let Some(s) = by_iana(n)
                    && !out.contains(&s)
                {
                    out.push(s);
                }
            }
            out
        }
    };
    let versions: Vec<Version> = enabled_versions
        .into_iter()
        .filter(|v| suites.iter().any(|s| usable_in(s, *v)))
        .collect();
    let suites = suites
        .into_iter()
        .filter(|s| versions.iter().any(|v| usable_in(s, *v)))
        .collect();
    Ok(JsseEnd {
        role,
        versions,
        suites,
        sslv2_hello,
        dropped_protocols,
        dropped_suites,
    })
}

/// One end of a connection, by the TLS stack it runs.
#[derive(Debug, Clone)]
pub enum Peer<'a> {
    /// The Genesys Security Pack (OpenSSL semantics).
    OpenSsl(Endpoint<'a>),
    /// A Java (Platform SDK) application: JSSE.
    Java(JsseConfig),
}

impl Peer<'_> {
    pub fn is_java(&self) -> bool {
        matches!(self, Peer::Java(_))
    }
}

/// What an end offers or accepts, whatever its stack.
struct Side {
    java: bool,
    role: Role,
    versions: Vec<Version>,
    /// TLS 1.3 suites, then TLS <= 1.2 suites, each in preference order.
    suites13: Vec<&'static Suite>,
    suites12: Vec<&'static Suite>,
    sslv2_hello: bool,
    end: Option<JsseEnd>,
}

fn side(p: &Peer, role: Role, release: u16) -> Option<Side> {
    match p {
        Peer::OpenSsl(e) => {
            if !e.valid() {
                return None;
            }
            Some(Side {
                java: false,
                role,
                versions: e.versions()?,
                suites13: e.suites13(),
                suites12: e.suites12(),
                sslv2_hello: false,
                end: None,
            })
        }
        Peer::Java(cfg) => {
            let end = enabled(cfg, role, release).ok()?;
            let (suites13, suites12) = end.suites.iter().partition(|s| s.protocol == "TLSv1.3");
            Some(Side {
                java: true,
                role,
                versions: end.versions.clone(),
                suites13,
                suites12,
                sslv2_hello: end.sslv2_hello,
                end: Some(end),
            })
        }
    }
}

impl Side {
    fn who(&self) -> String {
        format!(
            "the {} {}",
            if self.java { "Java" } else { "OpenSSL" },
            self.role.name()
        )
    }

    /// "the Java client disables TLSv1.1 by default in JDK 17 (...)", when it does.
    fn dropped_protocols(&self, release: u16) -> Option<String> {
        let end = self.end.as_ref()?;
        (!end.dropped_protocols.is_empty()).then(|| {
            format!(
                "{} disables {} by default in JDK {release} (jdk.tls.disabledAlgorithms)",
                self.who(),
                end.dropped_protocols.join(", ")
            )
        })
    }

    fn dropped_suites(&self, release: u16) -> Option<String> {
        let end = self.end.as_ref()?;
        (!end.dropped_suites.is_empty()).then(|| {
            let mut why: Vec<&str> = end.dropped_suites.iter().map(|(_, w)| *w).collect();
            why.dedup();
            format!(
                "{} disables {} of its cipher-list by default in JDK {release} (jdk.tls.disabledAlgorithms: {})",
                self.who(),
                end.dropped_suites
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                why.join(", ")
            )
        })
    }
}

fn reasons(parts: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The handshake of a client and a server of which at least one runs Java (two OpenSSL
/// ends are `handshake::predict`'s). None when an end's configuration is refused outright
/// (its own rules say why) or its sec-protocol is not a value the Security Pack accepts.
pub fn predict(
    client: &Peer,
    server: &Peer,
    server_key: Option<KeyKind>,
    release: u16,
) -> Option<Prediction> {
    if let (Peer::OpenSsl(c), Peer::OpenSsl(s)) = (client, server) {
        if !c.valid() || !s.valid() {
            return None;
        }
        return super::handshake::predict(c, s, server_key);
    }
    let c = side(client, Role::Client, release)?;
    let s = side(server, Role::Server, release)?;
    let no_protocol = |reason: Option<String>| Prediction::NoCommonProtocol {
        client: c.versions.clone().into(),
        server: s.versions.clone().into(),
        reason: reason.map(Into::into),
    };
    if c.versions.is_empty() || s.versions.is_empty() {
        let empty = if c.versions.is_empty() { &c } else { &s };
        let why = empty
            .dropped_protocols(release)
            .map(|d| format!("{d}, and enables no other protocol"))
            .or_else(|| empty.dropped_suites(release))
            .unwrap_or_else(|| {
                format!(
                    "{} has no protocol for which it enables a cipher suite",
                    empty.who()
                )
            });
        return Some(no_protocol(Some(why)));
    }
    // An SSLv2-format ClientHello carries no extensions: OpenSSL 3 finds no signature
    // algorithm for it, and a JDK server refuses it unless it enables SSLv2Hello too.
    if c.java && c.sslv2_hello && c.versions[0] < Version::Tls13 && !(s.java && s.sslv2_hello) {
        return Some(no_protocol(Some(format!(
            "{} enables SSLv2Hello without TLSv1.3, so it sends an SSLv2-format ClientHello, which {} refuses",
            c.who(),
            if s.java {
                "a JDK server without SSLv2Hello"
            } else {
                "OpenSSL"
            }
        ))));
    }
    let Some(version) = c
        .versions
        .iter()
        .filter(|v| s.versions.contains(v))
        .max()
        .copied()
    else {
        return Some(no_protocol(reasons([
            c.dropped_protocols(release),
            s.dropped_protocols(release),
        ])));
    };
    let offered: Vec<&Suite> = c.suites13.iter().chain(&c.suites12).copied().collect();
    let pick = if version == Version::Tls13 {
        s.suites13.iter().find(|x| offered.contains(x))
    } else {
        s.suites12.iter().find(|x| {
            offered.contains(x)
                // Anonymous suites: JSSE disables them (jdk.tls.disabledAlgorithms).
                && usable(x, server_key, false)
                && if s.java || c.java {
                    usable_in(x, version)
                } else {
                    allowed_in(x, version)
                }
        })
    };
    Some(match pick {
        Some(x) => Prediction::Succeeds {
            version,
            suite: x.openssl,
        },
        None => Prediction::NoCommonCipher {
            version,
            reason: reasons([c.dropped_suites(release), s.dropped_suites(release)]).map(Into::into),
        },
    })
}

#[cfg(test)]
mod tests;
