//! What each port and connection needs for its role, runtime and OS: certificates, keys,
//! trusted CAs, thumbprints on Windows, and the component-specific rules of the guide.

use std::collections::HashMap;

use crate::facts::{looks_like_thumbprint, valid_thumbprint};
use crate::findings::{Finding, ObjectRef, Place};
use crate::input::source::Span;
use crate::model::{MESSAGE_SERVER, Runtime, parse_bool};
use crate::pki::key::KeyFormat;
use crate::resolve::{ConnView, Effective, Level, Platform, PortView, SECURITY};
use crate::rules::RuleId;
use crate::rules::{Cx as Ctx, Out};

pub fn check(ctx: &Ctx, out: &mut Out) {
    let mut found = Vec::new();
    for p in &ctx.res.ports {
        port(ctx, p, &mut found);
    }
    for c in &ctx.res.conns {
        conn(ctx, c, &mut found);
    }
    references(ctx, &mut found);
    thumbprints(ctx, &mut found);
    mixed_runtimes(ctx, &mut found);
    for f in found {
        out.emit_once(f);
    }
}

/// Where a port's secure mode is written: its tls or upgrade parameter.
fn port_span(p: &PortView) -> Span {
    let port = p.port();
    port.param("tls")
        .or_else(|| port.param("upgrade"))
        .map(|t| t.span)
        .unwrap_or(port.id_span)
}

fn missing(rule: RuleId, span: Span, object: &ObjectRef, msg: String, help: &str) -> Finding {
    Finding::new(rule, Place::Span(span), msg)
        .object(object.clone())
        .help(help)
}

/// The options a TLS server needs, shared by ports and the local agents (LCA, GDA).
pub fn server_credentials(
    eff: &Effective,
    platform: Platform,
    span: Span,
    object: &ObjectRef,
    who: &str,
    out: &mut Vec<Finding>,
) {
    if eff.get("certificate").is_none() {
        out.push(missing(
            RuleId::SecurePortMissingCertificate,
            span,
            object,
            format!("{who} is secure but no level sets a certificate: the server cannot open it"),
            if platform.uses_windows_store() {
                "set certificate to the thumbprint of the host certificate at the port, application or host level"
            } else {
                "set certificate, certificate-key and trusted-ca together at the port, application or host level"
            },
        ));
    }
    if platform.native_unix() {
        for (key, rule) in [
            ("certificate-key", RuleId::SecurePortMissingKey),
            ("trusted-ca", RuleId::SecurePortMissingTrustedCa),
        ] {
            if eff.get(key).is_none() {
                out.push(missing(
                    rule,
                    span,
                    object,
                    format!(
                        "{who} is secure but has no effective {key}: a {} needs it",
                        platform.describe()
                    ),
                    "set it at the same level as the certificate",
                ));
            }
        }
    }
}

fn port(ctx: &Ctx, p: &PortView, out: &mut Vec<Finding>) {
    let port = p.port();
    if !port.secure() {
        return;
    }
    let platform = ctx.platform(p.app, p.host);
    let object = p.object();
    let who = format!("port {}:{}", p.app.name, port.id);
    server_credentials(&p.eff, platform, port_span(p), &object, &who, out);
    store_and_format(ctx, &p.eff, platform, &object, p.app.runtime, out);
    if p.app.is(MESSAGE_SERVER) && port.id != "default" {
        out.push(
            Finding::new(
                RuleId::MessageServerSecondaryPortTls,
                Place::Span(port_span(p)),
                format!(
                    "Message Server {} has TLS on its port `{}`: only the default port supports TLS",
                    p.app.name, port.id
                ),
            )
            .object(object.clone())
            .help("configure TLS on the Message Server's default port"),
        );
    }
    if port.ha_sync()
        && let Some(cert) = port.param("certificate")
    {
        out.push(
            Finding::new(
                RuleId::HaPortLevelCertificate,
                Place::Span(cert.span),
                format!(
                    "HA sync port {}:{} has its certificate at port level: Genesys does not support that for HA synchronisation",
                    p.app.name, port.id
                ),
            )
            .object(object)
            .help("configure the certificate at the application or host level"),
        );
    }
}

fn conn(ctx: &Ctx, c: &ConnView, out: &mut Vec<Finding>) {
    let Some(target) = ctx.res.target_of(c) else {
        return; // unresolved-reference covers it
    };
    let object = c.object();
    let conn = c.conn();
    let tls_params: Vec<_> = conn
        .params
        .iter()
        .filter(|p| {
            p.key == "tls"
                || p.key == "tls-mutual"
                || crate::resolve::LAYERED.contains(&p.key.as_str())
        })
        .collect();
    if target.app.is(MESSAGE_SERVER)
        && let Some(t) = conn
            .params
            .iter()
            .find(|p| p.key == "tls" && parse_bool(&p.value) == Some(true))
    {
        out.push(
            Finding::new(
                RuleId::LogClientTlsFlag,
                Place::Span(t.span),
                format!(
                    "connection {} to Message Server carries tls=1: a centralized-log client must not set it, TLS comes from the target port",
                    c.name()
                ),
            )
            .object(object.clone())
            .help("remove tls=1 from the connection's transport parameters"),
        );
    }
    if !target.port().secure() {
        if let Some(first) = tls_params.first() {
            out.push(
                Finding::new(
                    RuleId::TlsOptionsOnInsecureConnection,
                    Place::Span(first.span),
                    format!(
                        "connection {} carries TLS options but port {}:{} is not secure: the traffic is clear text",
                        c.name(),
                        target.app.name,
                        target.port().id
                    ),
                )
                .object(object.clone())
                .related(Place::Span(target.port().span), "target port defined here")
                .help("point the connection at a secure port (tls=1), or remove the TLS options"),
            );
        }
        out.push(
            Finding::new(
                RuleId::PlaintextConnection,
                Place::Span(conn.server.span),
                format!(
                    "connection {} goes to port {}:{}, which is not secure: data travels in clear text",
                    c.name(),
                    target.app.name,
                    target.port().id
                ),
            )
            .object(object),
        );
        return;
    }
    let platform = ctx.platform(c.client, c.client_host);
    if platform.native_unix() && c.eff.get("trusted-ca").is_none() {
        out.push(missing(
            RuleId::ClientMissingTrustedCa,
            conn.server.span,
            &object,
            format!(
                "connection {} goes to a secure port but the client has no effective trusted-ca: a {} cannot verify the server",
                c.name(),
                platform.describe()
            ),
            "set trusted-ca at the connection, application or host level of the client",
        ));
    }
    if target.mutual() {
        let no_cert = c.eff.get("certificate").is_none();
        let no_key = platform.native_unix() && c.eff.get("certificate-key").is_none();
        if no_cert || no_key {
            let what = match (no_cert, no_key) {
                (true, true) => "no certificate and no certificate-key",
                (true, false) => "no certificate",
                _ => "no certificate-key",
            };
            let mutual = target.eff.get("tls-mutual").map(|r| r.taken.span);
            let mut f = missing(
                RuleId::MutualClientMissingCertificate,
                conn.server.span,
                &object,
                format!(
                    "port {}:{} requires mutual TLS but client {} has {what}: the server will refuse it",
                    target.app.name,
                    target.port().id,
                    c.client.name
                ),
                "give the client a certificate (and, native UNIX, its key) at the connection, application or host level",
            );
            if let Some(s) = mutual {
                f = f.related(Place::Span(s), "tls-mutual set here");
            }
            out.push(f);
        }
    }
    store_and_format(ctx, &c.eff, platform, &object, c.client.runtime, out);
}

/// Windows store semantics and the Java key format, for one effective setting set.
fn store_and_format(
    ctx: &Ctx,
    eff: &Effective,
    platform: Platform,
    object: &ObjectRef,
    runtime: Runtime,
    out: &mut Vec<Finding>,
) {
    if platform.uses_windows_store() {
        if let Some(cert) = eff.get("certificate")
            && !looks_like_thumbprint(cert.taken.value)
        {
            out.push(
                Finding::new(
                    RuleId::WindowsCertificateNotThumbprint,
                    Place::Span(cert.taken.span),
                    format!(
                        "`certificate={}` is a file path, but a {} takes the certificate's thumbprint from the Windows certificate store",
                        cert.taken.value,
                        platform.describe()
                    ),
                )
                .key(SECURITY, "certificate")
                .object(object.clone())
                .help("import the certificate into the Windows store and set certificate to its thumbprint (`tlskit cert inspect` prints it)"),
            );
        }
        for key in ["certificate-key", "trusted-ca"] {
            if let Some(r) = eff.get(key) {
                out.push(
                    Finding::new(
                        RuleId::WindowsKeyIgnored,
                        Place::Span(r.taken.span),
                        format!(
                            "`{key}` is ignored by a {}: the key and trusted CAs come from the Windows certificate store",
                            platform.describe()
                        ),
                    )
                    .key(SECURITY, key)
                    .object(object.clone())
                    .help("remove it, and install the key and the CA certificate in the Windows store"),
                );
            }
        }
    }
    if runtime == Runtime::Java
        && let Some(key) = eff.get("certificate-key")
    {
        let host = object.host.as_deref();
        if let Some(file) = ctx.facts.files(host, key.taken.span).first()
            && file.keys.iter().any(|k| k.format == KeyFormat::Pkcs1)
        {
            out.push(
                Finding::new(
                    RuleId::JavaKeyFormat,
                    Place::Span(key.taken.span),
                    format!(
                        "{} is a Java (Platform SDK) application but its certificate-key {} is PKCS#1 (BEGIN RSA PRIVATE KEY): the Platform SDK needs PKCS#8",
                        object.application.as_deref().unwrap_or("the application"),
                        key.taken.value
                    ),
                )
                .key(SECURITY, "certificate-key")
                .object(object.clone())
                .help(format!(
                    "convert it: tlskit key convert {} NEW.pem --outformat pkcs8",
                    key.taken.value
                )),
            );
        }
    }
}

fn references(ctx: &Ctx, out: &mut Vec<Finding>) {
    let d = ctx.d;
    for app in &d.apps {
        let obj = ObjectRef {
            application: Some(app.name.clone()),
            ..ObjectRef::default()
        };
        if let Some(h) = &app.host
            && d.host_index(&h.name).is_none()
        {
            out.push(
                Finding::new(
                    RuleId::UnresolvedReference,
                    Place::Span(h.span),
                    format!(
                        "application {} runs on host `{}`, which the deployment does not define: host-level settings cannot be resolved",
                        app.name, h.name
                    ),
                )
                .object(obj.clone()),
            );
        }
        if let Some(b) = &app.backup
            && d.app_index(&b.name).is_none()
            && d.disabled_app(&b.name).is_none()
        {
            out.push(
                Finding::new(
                    RuleId::UnresolvedReference,
                    Place::Span(b.span),
                    format!(
                        "the backup server `{}` of {} is not in the deployment",
                        b.name, app.name
                    ),
                )
                .object(obj.clone()),
            );
        }
        for c in &app.conns {
            let conn_obj = ObjectRef {
                connection: Some(format!("{} -> {}:{}", app.name, c.server.name, c.port_id)),
                ..obj.clone()
            };
            match d.app(&c.server.name) {
                // Said by connection-to-disabled-server.
                None if d.disabled_app(&c.server.name).is_some() => {}
                None => out.push(
                    Finding::new(
                        RuleId::UnresolvedReference,
                        Place::Span(c.server.span),
                        format!(
                            "{} connects to `{}`, which the deployment does not define",
                            app.name, c.server.name
                        ),
                    )
                    .object(conn_obj),
                ),
                Some(server) if server.port(&c.port_id).is_none() => {
                    let ids: Vec<&str> = server.ports.iter().map(|p| p.id.as_str()).collect();
                    out.push(
                        Finding::new(
                            RuleId::UnresolvedReference,
                            Place::Span(c.server.span),
                            format!(
                                "{} connects to port ID `{}` of {}, which has no such port (ports: {})",
                                app.name,
                                c.port_id,
                                server.name,
                                if ids.is_empty() { "none".to_string() } else { crate::error::listed(&ids, ", ") }
                            ),
                        )
                        .object(conn_obj),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// Every `certificate` value that is meant as a thumbprint must be one.
fn thumbprints(ctx: &Ctx, out: &mut Vec<Finding>) {
    for site in &ctx.facts.sites {
        let values: Vec<(&str, Span)> = site
            .values()
            .filter(|(k, _, _)| *k == "certificate")
            .map(|(_, v, s)| (v, s))
            .collect();
        for (value, span) in values {
            if looks_like_thumbprint(value) && !valid_thumbprint(value) {
                let digits: String = value.chars().filter(|c| *c != ' ').collect();
                let bad: Vec<char> = digits.chars().filter(|c| !c.is_ascii_hexdigit()).collect();
                let why = if !bad.is_empty() {
                    format!(
                        "it contains the non-hex character{} {}",
                        if bad.len() > 1 { "s" } else { "" },
                        crate::error::listed(bad.iter().map(|c| format!("`{c}`")), ", ")
                    )
                } else {
                    format!("it has {} hex digits instead of 40", digits.len())
                };
                let mut f = Finding::new(
                    RuleId::ThumbprintMalformed,
                    Place::Span(span),
                    format!("certificate thumbprint `{value}` is not 20 bytes of hex: {why}"),
                )
                .object(site.object())
                .help("copy the SHA-1 thumbprint again from the certificate (`tlskit cert inspect` prints it)");
                if !matches!(site.level, Level::Port | Level::Connection) {
                    f = f.key(SECURITY, "certificate");
                }
                out.push(f);
            }
        }
    }
}

/// One host-level key file cannot be both PKCS#8 (Java) and RSA (native).
fn mixed_runtimes(ctx: &Ctx, out: &mut Vec<Finding>) {
    // Per host: where the key is written, and the Java and native applications using it.
    type Users<'a> = (Option<Span>, Vec<&'a str>, Vec<&'a str>);
    let mut by_host: HashMap<usize, Users> = HashMap::new();
    let users = ctx
        .res
        .ports
        .iter()
        .filter(|p| p.port().secure())
        .map(|p| (&p.eff, p.app, p.host))
        .chain(
            ctx.res
                .conns
                .iter()
                .filter(|c| c.secure(ctx.res))
                .map(|c| (&c.eff, c.client, c.client_host)),
        );
    for (eff, app, host) in users {
        let (Some(key), Some(host)) = (eff.get("certificate-key"), host) else {
            continue;
        };
        if key.taken.level != Level::Host {
            continue;
        }
        let Some(hi) = ctx.d.host_index(&host.name) else {
            continue;
        };
        let e = by_host.entry(hi).or_default();
        e.0 = Some(key.taken.span);
        let list = if app.runtime == Runtime::Java {
            &mut e.1
        } else {
            &mut e.2
        };
        if !list.contains(&app.name.as_str()) {
            list.push(&app.name);
        }
    }
    let mut hosts: Vec<_> = by_host.into_iter().collect();
    hosts.sort_by_key(|(h, _)| *h);
    for (hi, (span, java, native)) in hosts {
        if java.is_empty() || native.is_empty() {
            continue;
        }
        let host = &ctx.d.hosts[hi];
        out.push(
            Finding::new(
                RuleId::HostKeyMixedRuntimes,
                Place::Span(span.expect("set with the lists")),
                format!(
                    "the host-level certificate-key of {} is used by Java application{} {} and native application{} {}: Java needs PKCS#8, native applications RSA",
                    host.name,
                    if java.len() > 1 { "s" } else { "" },
                    crate::error::listed(&java, ", "),
                    if native.len() > 1 { "s" } else { "" },
                    crate::error::listed(&native, ", ")
                ),
            )
            .key(SECURITY, "certificate-key")
            .object(ObjectRef {
                host: Some(host.name.clone()),
                ..ObjectRef::default()
            })
            .help("give the Java applications their own application-level certificate and PKCS#8 key"),
        );
    }
}
