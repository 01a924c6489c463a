//! What is written, option by option: names, values, duplicates, transport-parameter
//! syntax, and options written where Genesys does not read them.

use std::collections::{HashMap, HashSet};

use crate::findings::{Finding, Place};
use crate::input::options::OptEntry;
use crate::input::source::Span;
use crate::model::{App, parse_bool};
use crate::resolve::{LAYERED, Level, SECURITY};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out, Site, Written};

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

const BOOLEANS: &[&str] = &[
    "tls",
    "tls-mutual",
    "upgrade",
    "lca-upgrade",
    "gda-tls",
    "fips140-enabled",
];
const PATHS: &[&str] = &[
    "certificate",
    "certificate-key",
    "trusted-ca",
    "crl",
    "tls-crl",
];
const REMOVED_PROTOCOLS: &[&str] = &["SSLv3", "TLSv1", "TLSv11"];
const PROTOCOLS: &[&str] = &["SSLv23", "TLSv12", "TLSv13", ""];

fn known_security(key: &str) -> bool {
    LAYERED.contains(&key) || SECURITY_OPTIONS.contains(&key)
}

fn known_param(key: &str) -> bool {
    LAYERED.contains(&key) || PARAM_KEYS.contains(&key)
}

pub fn check(ctx: &Ctx, out: &mut Out) {
    let clients: HashSet<*const App> = ctx
        .res
        .conns
        .iter()
        .filter(|c| c.secure(ctx.res))
        .map(|c| c.client as *const App)
        .collect();
    // Taken out for the loop: the checks below report through `ctx`.
    let sites = &ctx.facts.sites;
    for site in sites {
        match site.written {
            Written::Options(map) => {
                shaped(ctx, out, site, map);
                let entries: Vec<&OptEntry> = map.entries(SECURITY).collect();
                duplicates(ctx, out, site, &entries);
                for e in entries {
                    if !known_security(&e.key) {
                        unknown(
                            ctx,
                            out,
                            site,
                            &e.key,
                            e.key_span,
                            "option",
                            known_security_names(),
                        );
                        continue;
                    }
                    value(ctx, out, site, &e.key, &e.value, e.value_span);
                    placement(ctx, out, &clients, site, &e.key, &e.value, e.key_span);
                }
            }
            Written::Params(params) => {
                duplicate_params(ctx, out, site, params);
                for p in params {
                    if p.has_whitespace() {
                        out.emit(
                            Finding::new(
                                RuleId::TransportParamWhitespace,
                                Place::Span(p.span),
                                format!(
                                    "transport parameter `{}={}` has white space around `=` or `;`: Genesys does not trim it, so `{}` is not recognised{}",
                                    p.key,
                                    p.value,
                                    p.key.trim(),
                                    if p.key.trim() == "tls" { " and the port stays in clear text" } else { "" }
                                ),
                            )
                            .object(site.object())
                            .help(format!("write `{}={}`", p.key.trim(), p.value.trim())),
                        );
                        continue;
                    }
                    if !known_param(&p.key) {
                        unknown(
                            ctx,
                            out,
                            site,
                            &p.key,
                            p.key_span,
                            "transport parameter",
                            known_param_names(),
                        );
                        continue;
                    }
                    value(ctx, out, site, &p.key, &p.value, p.value_span);
                    placement(ctx, out, &clients, site, &p.key, &p.value, p.key_span);
                }
            }
        }
    }
    for bad in &ctx.d.bad_lines {
        out.emit(Finding::new(
            RuleId::IniSyntax,
            Place::Span(bad.span),
            format!("{}: Genesys skips this line", bad.reason),
        ));
    }
    for &(file, n) in &ctx.d.more_bad_lines {
        out.count_dropped(RuleId::IniSyntax, file, n);
    }
    for s in &ctx.d.standalone {
        orphan_keys(ctx, out, &s.options);
    }
    for l in &ctx.d.local_files {
        orphan_keys(ctx, out, &l.options);
    }
    for app in &ctx.d.apps {
        orphan_keys(ctx, out, &app.options);
        orphan_keys(ctx, out, &app.annex);
    }
    for h in &ctx.d.hosts {
        orphan_keys(ctx, out, &h.annex);
    }
}

fn orphan_keys(ctx: &Ctx, out: &mut Out, map: &crate::input::options::OptionMap) {
    for e in map.entries("") {
        out.emit(
            Finding::new(
                RuleId::IniSyntax,
                Place::Span(e.key_span),
                format!(
                    "`{}` stands before any [section]: Genesys reads it in no section",
                    e.key
                ),
            )
            .help("move it under the section it belongs to, e.g. [security]"),
        );
    }
}

fn known_security_names() -> impl Iterator<Item = &'static str> {
    LAYERED.iter().chain(SECURITY_OPTIONS).copied()
}

fn known_param_names() -> impl Iterator<Item = &'static str> {
    LAYERED.iter().chain(PARAM_KEYS).copied()
}

fn unknown<'k>(
    ctx: &Ctx,
    out: &mut Out,
    site: &Site,
    key: &str,
    span: Span,
    what: &str,
    known: impl Iterator<Item = &'k str>,
) {
    let closest = closest(key, known);
    let mut f = Finding::new(
        RuleId::UnknownOption,
        Place::Span(span),
        format!("unknown {what} `{key}`: no Genesys component reads it, so it has no effect"),
    )
    .object(site.object());
    if site.level != Level::Port && site.level != Level::Connection {
        f = f.key(SECURITY, key);
    }
    if site.level == Level::Port || site.level == Level::Connection {
        f.rule = RuleId::TransportParamUnknown;
        f.severity = f.rule.rule().severity;
    }
    if let Some(c) = closest {
        f = f.help(format!(
            "did you mean `{c}`? option names are case-sensitive"
        ));
    }
    out.emit(f);
}

/// The known name nearest to a misspelling, if it is near enough to be a typo.
pub fn closest<'k>(key: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let lower = key.to_ascii_lowercase().replace('_', "-");
    known
        .map(|k| (edit_distance(&lower, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions (`tls-mutal` is one transposition away from `tls-mutual`'s neighbour).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return usize::MAX;
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn invalid(ctx: &Ctx, out: &mut Out, site: &Site, key: &str, span: Span, msg: String, help: &str) {
    let mut f = Finding::new(RuleId::InvalidOptionValue, Place::Span(span), msg)
        .object(site.object())
        .help(help);
    if site.level != Level::Port && site.level != Level::Connection {
        f = f.key(SECURITY, key);
    }
    out.emit(f);
}

fn value(ctx: &Ctx, out: &mut Out, site: &Site, key: &str, value: &str, span: Span) {
    if BOOLEANS.contains(&key) && parse_bool(value).is_none() {
        invalid(
            ctx,
            out,
            site,
            key,
            span,
            format!("`{key}={value}` is not a boolean"),
            "use 1 or 0 (true/false, yes/no, on/off are also read)",
        );
    } else if key == "sec-protocol" {
        if REMOVED_PROTOCOLS.contains(&value) {
            let mut f = Finding::new(
                RuleId::SecProtocolRemovedValue,
                Place::Span(span),
                format!(
                    "sec-protocol={value} is refused by Security Pack 8.5.100.16 and later: the port will not open"
                ),
            )
            .object(site.object())
            .help("use TLSv12 or TLSv13 (or leave sec-protocol empty for the default)");
            if site.level != Level::Port && site.level != Level::Connection {
                f = f.key(SECURITY, key);
            }
            out.emit(f);
        } else if !PROTOCOLS.contains(&value) {
            let hint = PROTOCOLS
                .iter()
                .chain(REMOVED_PROTOCOLS)
                .find(|p| !p.is_empty() && p.eq_ignore_ascii_case(&value.replace('.', "")));
            invalid(
                ctx,
                out,
                site,
                key,
                span,
                format!("sec-protocol `{value}` is not one of SSLv23, TLSv12, TLSv13 or empty"),
                &match hint {
                    Some(h) => format!("did you mean `{h}`? values are case-sensitive"),
                    None => "use TLSv12 or TLSv13".to_string(),
                },
            );
        }
    } else if key == "tls-target-name-check"
        && !matches!(value.to_ascii_lowercase().as_str(), "host" | "no")
    {
        invalid(
            ctx,
            out,
            site,
            key,
            span,
            format!("tls-target-name-check `{value}` is neither `host` nor `no`"),
            "use `host` to check the server's name, `no` to skip the check",
        );
    } else if key == "provider"
        && !matches!(
            value.to_ascii_uppercase().as_str(),
            "PEM" | "MSCAPI" | "PKCS11"
        )
    {
        invalid(
            ctx,
            out,
            site,
            key,
            span,
            format!("provider `{value}` is not PEM, MSCAPI or PKCS11"),
            "leave provider unset for PEM files",
        );
    } else if PATHS.contains(&key) {
        let items = crate::facts::path_items(key, value);
        if items.iter().any(String::is_empty) {
            invalid(
                ctx,
                out,
                site,
                key,
                span,
                if items.len() > 1 {
                    format!("`{key}` has an empty item in its comma-separated list")
                } else {
                    format!("`{key}` is empty")
                },
                "give an absolute path (several certificate files separated by commas)",
            );
        }
    }
}

/// Options written at a level where Genesys ignores them.
fn placement(
    ctx: &Ctx,
    out: &mut Out,
    clients: &HashSet<*const App>,
    site: &Site,
    key: &str,
    value: &str,
    span: Span,
) {
    match (site.level, key) {
        (Level::Application | Level::Annex | Level::Host, "tls") => {
            out.emit(
                Finding::new(
                    RuleId::TlsFlagNotOnPort,
                    Place::Span(span),
                    format!(
                        "`tls={value}` in the {} is ignored: a port is secured only by tls=1 in its own transport parameters",
                        site.level.label()
                    ),
                )
                .key(SECURITY, key)
                .object(site.object())
                .help("set Listening Mode = Secured on the port (tls=1 in its transport parameters) and remove this option"),
            );
        }
        (Level::Port, "tls-target-name-check" | "tls-target-name") => {
            server_side_name_check(ctx, out, site, key, span, "a listening port");
        }
        (Level::Application | Level::Annex, "tls-target-name-check" | "tls-target-name") => {
            let app = site.app.expect("application sites have an app");
            if !app.ports.is_empty() && !clients.contains(&(app as *const App)) {
                server_side_name_check(
                    ctx,
                    out,
                    site,
                    key,
                    span,
                    "an application with no secure client connection",
                );
            }
        }
        (Level::Host, "tls-target-name-check" | "tls-target-name") => {
            let host = site.host.expect("host sites have a host");
            let apps: Vec<_> = ctx
                .d
                .apps
                .iter()
                .filter(|a| {
                    a.host
                        .as_ref()
                        .is_some_and(|h| ctx.d.host_index(&h.name) == ctx.d.host_index(&host.name))
                })
                .collect();
            if apps.iter().any(|a| !a.ports.is_empty())
                && !apps.iter().any(|a| clients.contains(&(*a as *const App)))
            {
                server_side_name_check(
                    ctx,
                    out,
                    site,
                    key,
                    span,
                    "a host with no secure client connection",
                );
            }
        }
        _ => {}
    }
}

fn server_side_name_check(
    ctx: &Ctx,
    out: &mut Out,
    site: &Site,
    key: &str,
    span: Span,
    where_: &str,
) {
    let mut f = Finding::new(
        RuleId::TargetNameCheckOnServer,
        Place::Span(span),
        format!("`{key}` on {where_} has no effect: the name check is done by the client"),
    )
    .object(site.object())
    .help("set it on the client side, at the same level as the client's certificate settings");
    if site.level != Level::Port {
        f = f.key(SECURITY, key);
    }
    out.emit(f);
}

/// A binary or nested value where `[security]` holds text: no TLS option can take it.
fn shaped(ctx: &Ctx, out: &mut Out, site: &Site, map: &crate::input::options::OptionMap) {
    for e in map.all(SECURITY).filter(|e| e.text().is_none()) {
        invalid(
            ctx,
            out,
            site,
            &e.key,
            e.value_span,
            format!(
                "`{}` in [security] is {}: Genesys reads security options as text, so it has no usable value",
                e.key,
                e.shape.describe()
            ),
            "write the value as a string",
        );
    }
}

/// A key written twice in one transport-parameter string: the first is the one read.
fn duplicate_params(
    ctx: &Ctx,
    out: &mut Out,
    site: &Site,
    params: &[crate::input::transport::TransportParam],
) {
    for (i, p) in params.iter().enumerate() {
        let Some(first) = params[..i].iter().find(|q| q.key == p.key) else {
            continue;
        };
        let same = if first.value == p.value {
            " (the same value)"
        } else {
            ""
        };
        out.emit(
            Finding::new(
                RuleId::DuplicateTransportParam,
                Place::Span(p.span),
                format!(
                    "transport parameter `{}` is written twice, `{}={}` and `{}={}`{same}: the first, `{}={}`, takes effect — the Java Platform SDK reads the first (ConfigurationUtil.findTransportParameter); the guide does not say which one the native libraries read, and tlskit assumes the first for them too",
                    p.key, first.key, first.value, p.key, p.value, first.key, first.value
                ),
            )
            .object(site.object())
            .related(Place::Span(first.span), "first written here: this value is used")
            .help(format!("keep one `{}=` in the transport parameters", p.key)),
        );
    }
}

fn duplicates(ctx: &Ctx, out: &mut Out, site: &Site, entries: &[&OptEntry]) {
    let mut by_key: HashMap<&str, Vec<&OptEntry>> = HashMap::new();
    for e in entries {
        by_key.entry(e.key.as_str()).or_default().push(e);
    }
    for e in entries {
        let all = &by_key[e.key.as_str()];
        if all.len() < 2 || std::ptr::eq(*e, all[0]) {
            continue;
        }
        let winner = all.last().expect("non-empty");
        let first = all[0];
        out.emit(
            Finding::new(
                RuleId::DuplicateOption,
                Place::Span(e.key_span),
                format!(
                    "`{}` is set {} times in [security]; the last value `{}` ({}) wins",
                    e.key,
                    all.len(),
                    winner.value,
                    ctx.at(winner.value_span)
                ),
            )
            .key(SECURITY, &e.key)
            .object(site.object())
            .related(Place::Span(first.key_span), "first set here")
            .help("keep one line"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_option() {
        let k = || LAYERED.iter().chain(SECURITY_OPTIONS).copied();
        assert_eq!(closest("tls-mutal", k()), Some("tls-mutual"));
        assert_eq!(closest("Certificate", k()), Some("certificate"));
        assert_eq!(closest("trusted_ca", k()), Some("trusted-ca"));
        assert_eq!(closest("verbose", k()), None);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("tls-crl", "tls-cr"), 1);
    }
}
