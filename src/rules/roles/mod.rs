//! What each port and connection needs for its role, runtime and OS: certificates, keys,
//! trusted CAs, thumbprints on Windows, the Java key format.

pub(super) mod client_missing_trusted_ca;
pub(super) mod host_key_mixed_runtimes;
pub(super) mod java_cipher_list_openssl_syntax;
pub(super) mod java_key_format;
pub(super) mod java_option_ignored;
pub(super) mod java_protocol_disabled;
pub(super) mod mutual_client_missing_certificate;
pub(super) mod plaintext_connection;
pub(super) mod secure_port_missing_certificate;
pub(super) mod secure_port_missing_key;
pub(super) mod secure_port_missing_trusted_ca;
pub(super) mod thumbprint_malformed;
pub(super) mod tls_options_on_insecure_connection;
pub(super) mod unresolved_reference;
pub(super) mod windows_certificate_not_thumbprint;
pub(super) mod windows_key_ignored;

use crate::facts::looks_like_thumbprint;
use crate::input::options::OptionMap;
use crate::input::source::Span;
use crate::model::ObjectRef;
use crate::model::{App, Host, LocalKind, Os, Runtime, parse_bool};
use crate::resolve::{ConnView, Effective, Level, Platform, PortView, SECURITY, effective, layer};
use crate::rules::context::Cx;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::id::RuleId;
use crate::rules::out::Out;

/// The secure ports: the servers that the credential rules, and the component rules of
/// Message Server and HA pairs, judge.
pub(crate) fn secure_ports<'a, 'd>(
    cx: &Cx<'a, 'd>,
) -> impl Iterator<Item = &'a PortView<'d>> + use<'a, 'd> {
    cx.res.ports.iter().filter(|p| p.port().secure())
}

/// Every connection whose target port the deployment defines, with that port: the
/// connection rules judge a connection by its target, and one to an undefined port is
/// unresolved-reference's alone.
pub(crate) fn targeted<'a, 'd>(
    cx: &Cx<'a, 'd>,
) -> impl Iterator<Item = (&'a ConnView<'d>, &'a PortView<'d>)> + use<'a, 'd> {
    let res = cx.res;
    res.conns
        .iter()
        .filter_map(move |c| Some((c, res.target_of(c)?)))
}

/// Where a port's secure mode is written, its tls or upgrade parameter: the place every
/// finding about a secure port points at, so that one port's findings stand together.
pub(crate) fn port_span(p: &PortView) -> Span {
    let port = p.port();
    port.param("tls")
        .or_else(|| port.param("upgrade"))
        .map(|t| t.span)
        .unwrap_or(port.id_span)
}

/// What a server-credential rule says of one TLS server, if anything: its settings, how it
/// does TLS, the place to point at, and its object and name, built only for a finding.
pub(super) type ServerCheck =
    fn(&Effective, Platform, Span, &dyn Fn() -> (ObjectRef, String)) -> Option<Finding>;

/// Runs a server-credential rule over every TLS server: the secure ports, then the local
/// agents (LCA, GDA) once their TLS switch is on, and option files that belong to no object.
/// One report per place: a host-level omission is the same omission for every port of the
/// host.
pub(super) fn each_tls_server(cx: &Cx, out: &mut Out, rule: ServerCheck) {
    for p in secure_ports(cx) {
        let name = || (p.object(), format!("port {}:{}", p.app.name, p.port().id));
        if let Some(f) = rule(&p.eff, cx.platform(p.app, p.host), port_span(p), &name) {
            out.emit_once(f);
        }
    }
    for l in local_servers(cx) {
        let name = || (l.object.clone(), l.who.clone());
        if let Some(f) = rule(&l.eff, l.platform, l.span, &name) {
            out.emit_once(f);
        }
    }
}

/// A server configured by a file of its own rather than by ports.
struct LocalServer<'d> {
    eff: Effective<'d>,
    platform: Platform,
    /// Its TLS switch, or the certificate option of a standalone file.
    span: Span,
    object: ObjectRef,
    who: String,
}

/// The local agents whose TLS switch is on (lca.cfg upgrade=1, gda.cfg tls=1), then the
/// option files of no object that set a certificate, taken as a server's configuration.
fn local_servers<'d>(cx: &Cx<'_, 'd>) -> Vec<LocalServer<'d>> {
    let mut servers = Vec::new();
    for l in &cx.d.local_files {
        let host = l.host.map(|i| &cx.d.hosts[i]);
        let flag = match l.kind {
            LocalKind::Lca => "upgrade",
            LocalKind::Gda => "tls",
        };
        let Some(switch) = l
            .options
            .get(SECURITY, flag)
            .filter(|e| parse_bool(&e.value) == Some(true))
        else {
            continue;
        };
        let mut w = Vec::new();
        layer(Level::LocalFile, &mut w, &l.options);
        let os = host
            .and_then(|h| h.os)
            .unwrap_or_else(|| inferred_os(cx, &l.options));
        servers.push(LocalServer {
            eff: effective(w),
            // lca.cfg and gda.cfg are local files: their form tells the OS well enough.
            platform: Platform {
                os,
                os_known: true,
                runtime: Runtime::Native,
            },
            span: switch.value_span,
            object: ObjectRef {
                host: host.map(|h| h.name.clone()),
                application: Some(l.kind.file_name().to_string()),
                ..ObjectRef::default()
            },
            who: match l.kind {
                LocalKind::Lca => "the LCA port (lca.cfg upgrade=1)",
                LocalKind::Gda => "the GDA port (gda.cfg tls=1)",
            }
            .to_string(),
        });
    }
    for s in &cx.d.standalone {
        let Some(cert) = s.options.get(SECURITY, "certificate") else {
            continue;
        };
        let mut w = Vec::new();
        layer(Level::File, &mut w, &s.options);
        servers.push(LocalServer {
            eff: effective(w),
            platform: Platform {
                os: inferred_os(cx, &s.options),
                os_known: true,
                runtime: Runtime::Native,
            },
            span: cert.key_span,
            object: ObjectRef::default(),
            who: format!("the server configured in {}", cx.file_name(s.file)),
        });
    }
    servers
}

/// The OS an object without a known host runs on: `--platform`, else what its certificate
/// option looks like (a thumbprint means Windows).
fn inferred_os(cx: &Cx, options: &OptionMap) -> Os {
    if let Some(os) = cx.platform {
        return os;
    }
    match options.get(SECURITY, "certificate") {
        Some(e) if looks_like_thumbprint(&e.value) => Os::Windows,
        _ => Os::Unix,
    }
}

/// A secure native UNIX server without `key`, which it must read from a file of its own:
/// secure-port-missing-key and secure-port-missing-trusted-ca word it alike.
pub(super) fn unix_server_missing(
    rule: RuleId,
    key: &str,
    eff: &Effective,
    platform: Platform,
    span: Span,
    name: &dyn Fn() -> (ObjectRef, String),
) -> Option<Finding> {
    if !platform.native_unix() || eff.get(key).is_some() {
        return None;
    }
    let (object, who) = name();
    Some(
        Finding::new(
            rule,
            Place::Span(span),
            format!(
                "{who} is secure but has no effective {key}: a {} needs it",
                platform.describe()
            ),
        )
        .object(object)
        .help("set it at the same level as the certificate"),
    )
}

/// A port or connection with TLS on, as the side that configures its credentials: a
/// secure port is a server, a connection to one a client. The Windows-store, key-format
/// and mixed-runtime rules judge both alike, ports first, so that where a host-level value
/// serves both, the port's finding is the one kept.
pub(super) struct Side<'a, 'd> {
    pub(super) app: &'d App,
    pub(super) host: Option<&'d Host>,
    pub(super) eff: &'a Effective<'d>,
    of: Of<'a, 'd>,
}

#[derive(Clone, Copy)]
enum Of<'a, 'd> {
    Port(&'a PortView<'d>),
    Conn(&'a ConnView<'d>),
}

impl Side<'_, '_> {
    /// The port or connection, named only for a finding: tens of thousands of connections,
    /// few findings.
    pub(super) fn object(&self) -> ObjectRef {
        match self.of {
            Of::Port(p) => p.object(),
            Of::Conn(c) => c.object(),
        }
    }

    /// Whether this side listens (a port) or connects (a connection).
    pub(super) fn role(&self) -> crate::tls::jsse::Role {
        match self.of {
            Of::Port(_) => crate::tls::jsse::Role::Server,
            Of::Conn(_) => crate::tls::jsse::Role::Client,
        }
    }

    pub(super) fn platform(&self, cx: &Cx) -> Platform {
        cx.platform(self.app, self.host)
    }
}

/// Every secure port, then every connection to one.
pub(super) fn tls_sides<'a, 'd>(
    cx: &Cx<'a, 'd>,
) -> impl Iterator<Item = Side<'a, 'd>> + use<'a, 'd> {
    let ports = secure_ports(cx).map(|p| Side {
        app: p.app,
        host: p.host,
        eff: &p.eff,
        of: Of::Port(p),
    });
    let conns = cx.res.conns.iter().filter(|c| c.secure).map(|c| Side {
        app: c.client,
        host: c.client_host,
        eff: &c.eff,
        of: Of::Conn(c),
    });
    ports.chain(conns)
}

/// Whether a native (or .NET) application of the deployment runs on the host.
pub(super) fn shared_with_native(cx: &Cx, host: &crate::model::Host) -> bool {
    cx.d.apps.iter().any(|a| {
        a.runtime != Runtime::Java && cx.d.host_of(a).is_some_and(|h| std::ptr::eq(h, host))
    })
}
