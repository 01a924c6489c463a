//! Effective TLS settings of every listening port and connection, with the level each value
//! came from and what it shadowed (Guide: Where to Set TLS Properties).
//!
//! Server port:        port transport parameters → application options → annex → host annex.
//! Client connection:  connection transport parameters → client application options →
//!                     client annex → client host annex; TLS is on when the target port is.
//! The credential group is taken whole from the first level that sets any of it; other
//! options resolve one by one.

use std::sync::Arc;

use serde::Serialize;

use crate::input::options::OptionMap;
use crate::input::source::Span;
use crate::input::transport::TransportParam;
use crate::model::ObjectRef;
use crate::model::{App, Deployment, Host, Os, Runtime, parse_bool};

pub(crate) const SECURITY: &str = "security";

/// Options that travel together: the first level that sets any of them supplies all.
pub(crate) const CREDENTIAL_GROUP: &[&str] = &[
    "provider",
    "certificate",
    "certificate-key",
    "trusted-ca",
    "fips140-enabled",
];

/// Every option that takes part in layering, in the order `resolve` shows them.
pub(crate) const LAYERED: &[&str] = &[
    "certificate",
    "certificate-key",
    "trusted-ca",
    "provider",
    "fips140-enabled",
    "tls-mutual",
    "crl",
    "tls-crl",
    "sec-protocol",
    "cipher-list",
    "ciphersuites",
    "tls-target-name-check",
    "tls-target-name",
    // Java (Platform SDK) applications' protocol options (guide: Java PSDK Implementation).
    "tls-version",
    "protocol-list",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Level {
    Port,
    Connection,
    Application,
    Annex,
    Host,
    /// lca.cfg or gda.cfg.
    LocalFile,
    /// An option file that belongs to no object.
    File,
}

impl Level {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Level::Port => "port transport parameters",
            Level::Connection => "connection transport parameters",
            Level::Application => "application options",
            Level::Annex => "application annex",
            Level::Host => "host annex",
            Level::LocalFile => "local configuration file",
            Level::File => "option file",
        }
    }
}

/// One value as written at one level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Written<'d> {
    pub key: &'d str,
    pub value: &'d str,
    pub span: Span,
    pub level: Level,
}

#[derive(Debug, Clone)]
pub(crate) struct Resolved<'d> {
    pub key: &'static str,
    pub taken: Written<'d>,
    /// Values of the same option at the same or later levels that lost to `taken`.
    pub shadowed: Vec<Written<'d>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Effective<'d> {
    pub values: Vec<Resolved<'d>>,
    /// The level that supplies the credential group.
    pub group_level: Option<Level>,
    /// Credential options at other levels than `group_level` that the taking level does not
    /// set: silently ignored by Genesys.
    pub ignored: Vec<Written<'d>>,
}

impl<'d> Effective<'d> {
    pub(crate) fn get(&self, key: &str) -> Option<&Resolved<'d>> {
        self.values.iter().find(|r| r.key == key)
    }

    pub(crate) fn value(&self, key: &str) -> Option<&'d str> {
        self.get(key).map(|r| r.taken.value)
    }

    pub(crate) fn flag(&self, key: &str) -> bool {
        self.value(key).and_then(parse_bool) == Some(true)
    }

    /// The certificate revocation option, whichever name it was given.
    pub(crate) fn crl(&self) -> Option<&Resolved<'d>> {
        self.get("crl").or_else(|| self.get("tls-crl"))
    }

    /// The revocation option a runtime reads: `crl` for the Security Pack, `tls-crl` for the
    /// Java Platform SDK; .NET and Windows use the certificate's distribution points.
    pub(crate) fn crl_read_by(&self, runtime: crate::model::Runtime) -> Option<&Resolved<'d>> {
        match runtime {
            crate::model::Runtime::Native => self.get("crl"),
            crate::model::Runtime::Java => self.get("tls-crl"),
            crate::model::Runtime::Dotnet => None,
        }
    }
}

/// Collects the layered options of one level, in written order.
pub(crate) fn layer<'d>(level: Level, out: &mut Vec<Written<'d>>, options: &'d OptionMap) {
    // The last value of a key in one level wins; of the ones it shadows, the last few are
    // shown (duplicate-option reports every one): a file that repeats an option a million
    // times stays a few values here.
    let slot = |key: &str| LAYERED.iter().position(|k| *k == key);
    let mut count = [0usize; LAYERED.len()];
    for e in options.entries(SECURITY) {
        if let Some(i) = slot(&e.key) {
            count[i] += 1;
        }
    }
    let mut seen = [0usize; LAYERED.len()];
    for e in options.entries(SECURITY) {
        let Some(i) = slot(&e.key) else { continue };
        seen[i] += 1;
        if count[i] - seen[i] < MAX_SAME_KEY {
            out.push(Written {
                key: LAYERED[i],
                value: &e.value,
                span: e.value_span,
                level,
            });
        }
    }
}

/// Values of one key kept per level: the one that takes effect and those it shadows last.
const MAX_SAME_KEY: usize = 8;

/// Collects the layered transport parameters of a port or connection. A key written twice
/// counts once, by its first occurrence, as the runtimes read it (`transport::first_of`).
pub(crate) fn param_layer<'d>(
    level: Level,
    out: &mut Vec<Written<'d>>,
    params: &'d [TransportParam],
) {
    for (i, p) in params.iter().enumerate() {
        if params[..i].iter().any(|q| q.key == p.key) {
            continue;
        }
        if let Some(&key) = LAYERED.iter().find(|k| **k == p.key) {
            out.push(Written {
                key,
                value: &p.value,
                span: p.value_span,
                level,
            });
        }
    }
}

/// Resolves values given in priority order (lowest level first, written order within).
pub(crate) fn effective(written: Vec<Written<'_>>) -> Effective<'_> {
    let group_level = written
        .iter()
        .find(|w| CREDENTIAL_GROUP.contains(&w.key))
        .map(|w| w.level);
    let mut eff = Effective {
        group_level,
        ..Effective::default()
    };
    for &key in LAYERED {
        let all: Vec<Written> = written.iter().filter(|w| w.key == key).copied().collect();
        if all.is_empty() {
            continue;
        }
        let in_group = CREDENTIAL_GROUP.contains(&key);
        let candidates: Vec<Written> = if in_group {
            all.iter()
                .filter(|w| Some(w.level) == group_level)
                .copied()
                .collect()
        } else {
            let first = all[0].level;
            all.iter().filter(|w| w.level == first).copied().collect()
        };
        match candidates.last() {
            Some(&taken) => {
                let shadowed = all.iter().filter(|w| **w != taken).copied().collect();
                eff.values.push(Resolved {
                    key,
                    taken,
                    shadowed,
                });
            }
            None => eff.ignored.extend(all),
        }
    }
    eff
}

#[derive(Debug)]
pub(crate) struct PortView<'d> {
    pub app: &'d App,
    /// The application's index in the deployment.
    pub ai: usize,
    pub host: Option<&'d Host>,
    pub port: usize,
    /// Shared by every port of the application that writes no layered option itself.
    pub eff: std::sync::Arc<Effective<'d>>,
}

impl<'d> PortView<'d> {
    pub(crate) fn port(&self) -> &'d crate::model::Port {
        &self.app.ports[self.port]
    }

    pub(crate) fn object(&self) -> ObjectRef {
        ObjectRef {
            host: self.host.map(|h| h.name.clone()),
            application: Some(self.app.name.clone()),
            port: Some(self.port().id.clone()),
            ..ObjectRef::default()
        }
    }

    pub(crate) fn mutual(&self) -> bool {
        self.eff.flag("tls-mutual")
    }
}

#[derive(Debug)]
pub(crate) struct ConnView<'d> {
    pub client: &'d App,
    pub client_host: Option<&'d Host>,
    pub conn: usize,
    /// The target port, when the deployment defines it.
    pub target: Option<(usize, usize)>,
    /// Whether the target port is secure, computed once: every rule family asks.
    pub secure: bool,
    /// Shared by every connection of the application that writes no layered option itself.
    pub eff: std::sync::Arc<Effective<'d>>,
}

impl<'d> ConnView<'d> {
    pub(crate) fn conn(&self) -> &'d crate::model::Conn {
        &self.client.conns[self.conn]
    }

    pub(crate) fn name(&self) -> String {
        let c = self.conn();
        format!("{} -> {}:{}", self.client.name, c.server.name, c.port_id)
    }

    pub(crate) fn object(&self) -> ObjectRef {
        ObjectRef {
            host: self.client_host.map(|h| h.name.clone()),
            application: Some(self.client.name.clone()),
            connection: Some(self.name()),
            ..ObjectRef::default()
        }
    }
}

/// Every port and connection of a deployment, resolved once.
#[derive(Debug)]
pub(crate) struct Resolution<'d> {
    pub ports: Vec<PortView<'d>>,
    pub conns: Vec<ConnView<'d>>,
    /// Index into `ports` by (application index, port index).
    /// By our own indices: hashed as integers.
    port_index: rustc_hash::FxHashMap<(usize, usize), usize>,
}

impl<'d> Resolution<'d> {
    pub(crate) fn target_of(&self, c: &ConnView<'d>) -> Option<&PortView<'d>> {
        self.port_view(c.target?)
    }

    /// The port `(application index, port index)` of the deployment, resolved.
    pub(crate) fn port_view(&self, at: (usize, usize)) -> Option<&PortView<'d>> {
        self.port_index.get(&at).map(|&i| &self.ports[i])
    }
}

impl<'d> ConnView<'d> {
    /// TLS is on for a connection when its target port is secure.
    pub(crate) fn secure(&self, _res: &Resolution<'d>) -> bool {
        self.secure
    }
}

/// The effective settings of one port or connection: its own layer over its
/// application's. Most write nothing of their own and share the application's, computed
/// once: tens of thousands of connections then point at a few thousand settings.
fn layered<'d>(
    own: Vec<Written<'d>>,
    app: &'d App,
    host: Option<&'d Host>,
    app_only: &mut Option<Arc<Effective<'d>>>,
) -> Arc<Effective<'d>> {
    if own.is_empty() {
        return app_only
            .get_or_insert_with(|| {
                let mut w = Vec::new();
                app_layers(&mut w, app, host);
                Arc::new(effective(w))
            })
            .clone();
    }
    let mut w = own;
    app_layers(&mut w, app, host);
    Arc::new(effective(w))
}

pub(crate) fn resolve(d: &Deployment) -> Resolution<'_> {
    let mut ports = Vec::new();
    let mut conns = Vec::new();
    let mut port_index = rustc_hash::FxHashMap::default();
    // One pass per application: its ports and its connections share its settings.
    for (ai, app) in d.apps.iter().enumerate() {
        let host = d.host_of(app);
        let mut app_only = None;
        for (pi, port) in app.ports.iter().enumerate() {
            let mut w = Vec::new();
            param_layer(Level::Port, &mut w, &port.params);
            port_index.insert((ai, pi), ports.len());
            ports.push(PortView {
                app,
                ai,
                host,
                port: pi,
                eff: layered(w, app, host, &mut app_only),
            });
        }
        for (ci, conn) in app.conns.iter().enumerate() {
            let mut w = Vec::new();
            param_layer(Level::Connection, &mut w, &conn.params);
            let target = d.app_index(&conn.server.name).and_then(|si| {
                d.apps[si]
                    .ports
                    .iter()
                    .position(|p| p.id == conn.port_id)
                    .map(|pi| (si, pi))
            });
            let secure = target.is_some_and(|(si, pi)| d.apps[si].ports[pi].secure());
            conns.push(ConnView {
                client: app,
                client_host: host,
                conn: ci,
                target,
                secure,
                eff: layered(w, app, host, &mut app_only),
            });
        }
    }
    Resolution {
        ports,
        conns,
        port_index,
    }
}

fn app_layers<'d>(w: &mut Vec<Written<'d>>, app: &'d App, host: Option<&'d Host>) {
    layer(Level::Application, w, &app.options);
    layer(Level::Annex, w, &app.annex);
    if let Some(h) = host {
        layer(Level::Host, w, &h.annex);
    }
}

/// How an application on a host does TLS, which decides what it needs configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Platform {
    /// The host's OS; UNIX when it is not known (see `os_known`).
    pub os: Os,
    /// Whether the host's OS (or `--platform`) says which OS it is. When it does not, the
    /// checks that differ between UNIX and Windows are not judged (`host-os-unknown`).
    pub os_known: bool,
    pub runtime: Runtime,
}

impl Platform {
    /// Native UNIX (OpenSSL Security Pack) and Java read certificate, key and CA files.
    pub(crate) fn uses_files(self) -> bool {
        self.os == Os::Unix || self.runtime == Runtime::Java
    }

    /// Native and .NET applications on Windows take certificates from the Windows store.
    pub(crate) fn uses_windows_store(self) -> bool {
        self.os == Os::Windows && self.runtime != Runtime::Java
    }

    /// A native application known to run on UNIX: it needs key and CA files of its own.
    pub(crate) fn native_unix(self) -> bool {
        self.os_known && self.os == Os::Unix && self.runtime == Runtime::Native
    }

    pub(crate) fn describe(self) -> &'static str {
        if !self.os_known && self.runtime != Runtime::Java {
            return match self.runtime {
                Runtime::Dotnet => ".NET application (OS unknown)",
                _ => "native application (OS unknown)",
            };
        }
        match (self.os, self.runtime) {
            (Os::Unix, Runtime::Native) => "native UNIX application (OpenSSL Security Pack)",
            (Os::Windows, Runtime::Native) => "native Windows application (SChannel)",
            (_, Runtime::Java) => "Java (Platform SDK) application",
            (Os::Windows, Runtime::Dotnet) => ".NET application on Windows",
            (Os::Unix, Runtime::Dotnet) => ".NET application",
        }
    }
}

/// How `app` on `host` does TLS; `fallback` is `--platform`, for hosts whose OS is unknown.
pub(crate) fn platform(app: &App, host: Option<&Host>, fallback: Option<Os>) -> Platform {
    let os = host.and_then(|h| h.os).or(fallback);
    Platform {
        os: os.unwrap_or(Os::Unix),
        os_known: os.is_some(),
        runtime: app.runtime,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::FileId;

    fn w(key: &'static str, value: &'static str, level: Level, line: u32) -> Written<'static> {
        Written {
            key,
            value,
            span: Span {
                file: FileId(0),
                line,
                col: 1,
                len: 1,
            },
            level,
        }
    }

    #[test]
    fn the_credential_group_comes_whole_from_the_first_level_that_sets_any_of_it() {
        // The guide's warning case: certificate on the host, certificate-key on the app.
        let eff = effective(vec![
            w("certificate-key", "/app/key.pem", Level::Application, 1),
            w("certificate", "/host/cert.pem", Level::Host, 2),
            w("trusted-ca", "/host/ca.pem", Level::Host, 3),
        ]);
        assert_eq!(eff.group_level, Some(Level::Application));
        assert_eq!(eff.value("certificate-key"), Some("/app/key.pem"));
        assert_eq!(eff.value("certificate"), None);
        let ignored: Vec<_> = eff.ignored.iter().map(|w| w.key).collect();
        assert_eq!(ignored, ["certificate", "trusted-ca"]);
    }

    #[test]
    fn other_options_resolve_one_by_one_and_remember_what_they_shadow() {
        let eff = effective(vec![
            w("sec-protocol", "TLSv13", Level::Port, 1),
            w("tls-mutual", "1", Level::Application, 2),
            w("sec-protocol", "TLSv12", Level::Host, 3),
            w("tls-mutual", "0", Level::Host, 4),
        ]);
        let sp = eff.get("sec-protocol").unwrap();
        assert_eq!((sp.taken.value, sp.taken.level), ("TLSv13", Level::Port));
        assert_eq!(sp.shadowed.len(), 1);
        assert!(eff.flag("tls-mutual"));
        assert_eq!(
            eff.get("tls-mutual").map(|r| r.taken.level),
            Some(Level::Application)
        );
    }

    #[test]
    fn within_one_level_the_last_duplicate_wins() {
        let eff = effective(vec![
            w("tls-mutual", "1", Level::Application, 1),
            w("tls-mutual", "0", Level::Application, 2),
        ]);
        assert!(!eff.flag("tls-mutual"));
        assert_eq!(eff.get("tls-mutual").unwrap().shadowed[0].span.line, 1);
    }
}
