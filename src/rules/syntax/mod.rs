//! What is written, option by option: names, values, duplicates and transport-parameter
//! syntax.

pub(super) mod duplicate_option;
pub(super) mod duplicate_transport_param;
pub(super) mod ini_syntax;
pub(super) mod invalid_option_value;
pub(super) mod sec_protocol_removed_value;
pub(super) mod target_name_check_on_server;
pub(super) mod tls_flag_not_on_port;
pub(super) mod transport_param_unknown;
pub(super) mod transport_param_whitespace;
pub(super) mod unknown_option;

use crate::facts::Site;
use crate::facts::SiteValues;
use crate::input::source::Span;
use crate::resolve::{LAYERED, Level, SECURITY};
use crate::rules::finding::Finding;

/// Options of a `[security]` section that some Genesys component reads.
const SECURITY_OPTIONS: &[&str] = &[
    "tls",
    "upgrade",
    "lca-upgrade",
    "gda-tls",
    "tls-version",
    "protocol-list",
    "no-default-access",
    "inactivity-timeout",
    "objbrief-api-permission-check",
    "disable-rbac",
    "last-login",
    "last-login-synchronization",
];

/// Transport-parameter keys besides the layered TLS options.
const PARAM_KEYS: &[&str] = &[
    "tls",
    "tls-mutual",
    "upgrade",
    "port",
    "address",
    "backup-port",
    "ip-version",
    "enable-ipv6",
    "listening-nicname",
];

/// sec-protocol values that Security Pack 8.5.100.16 and later refuse: a rule of their own
/// (sec-protocol-removed-value), so invalid-option-value does not report them again.
pub(super) const REMOVED_PROTOCOLS: &[&str] = &["SSLv3", "TLSv1", "TLSv11"];

/// The names the unknown-name rules accept and suggest: in `[security]`, and in transport
/// parameters.
pub(super) fn known_security_names() -> impl Iterator<Item = &'static str> {
    LAYERED.iter().chain(SECURITY_OPTIONS).copied()
}

pub(super) fn known_param_names() -> impl Iterator<Item = &'static str> {
    LAYERED.iter().chain(PARAM_KEYS).copied()
}

pub(super) fn known_security(key: &str) -> bool {
    LAYERED.contains(&key) || SECURITY_OPTIONS.contains(&key)
}

pub(super) fn known_param(key: &str) -> bool {
    LAYERED.contains(&key) || PARAM_KEYS.contains(&key)
}

/// An option or a transport parameter as written: the rules about values and placement
/// read both alike.
pub(super) struct Entry<'d> {
    pub(super) key: &'d str,
    pub(super) value: &'d str,
    pub(super) key_span: Span,
    pub(super) value_span: Span,
}

/// The options and transport parameters of a site that Genesys reads by name: a known
/// name, and no white space around a parameter. The others are reported by the name rules
/// (unknown-option, transport-param-unknown, transport-param-whitespace) alone, since
/// Genesys never reads their values.
pub(super) fn recognised<'d>(site: &Site<'d>) -> impl Iterator<Item = Entry<'d>> + use<'d> {
    let (options, params) = match site.written {
        SiteValues::Options(m) => (Some(m.entries(SECURITY)), None),
        SiteValues::Params(ps) => (None, Some(ps.iter())),
    };
    let options = options
        .into_iter()
        .flatten()
        .filter(|e| known_security(&e.key))
        .map(|e| Entry {
            key: e.key.as_str(),
            value: e.value.as_str(),
            key_span: e.key_span,
            value_span: e.value_span,
        });
    let params = params
        .into_iter()
        .flatten()
        .filter(|p| !p.has_whitespace() && known_param(&p.key))
        .map(|p| Entry {
            key: p.key.as_str(),
            value: p.value.as_str(),
            key_span: p.key_span,
            value_span: p.value_span,
        });
    options.chain(params)
}

/// Names the option's `[security]` key when the site is an option map: a port's or
/// connection's transport parameters have no section to name.
pub(super) fn keyed(f: Finding, site: &Site, key: &str) -> Finding {
    if site.level == Level::Port || site.level == Level::Connection {
        f
    } else {
        f.key(SECURITY, key)
    }
}
