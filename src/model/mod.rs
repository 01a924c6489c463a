//! The deployment as Genesys sees it: hosts, applications, their listening ports and
//! connections, and the option maps at each level, every piece with the place it came from.

// Names are looked up once per connection by several rules: a keyed hash faster than
// SipHash (the names are the export's to choose).
use hashbrown::HashMap;

use serde::Serialize;

use crate::input::ini::BadLine;
use crate::input::options::OptionMap;
use crate::input::source::{FileId, Span};
use crate::input::transport::TransportParam;

mod object;
pub(crate) mod vocab;
pub(crate) use object::ObjectRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Os {
    Unix,
    Windows,
}

/// How an application does TLS: the Security Pack (OpenSSL on UNIX, SChannel on Windows),
/// the Java Platform SDK (JSSE, files in PKCS#8), or .NET (the Windows certificate store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Runtime {
    Native,
    Java,
    Dotnet,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Named {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct Host {
    pub name: String,
    pub ip: Option<String>,
    /// The OS family, when the export names one tlskit can place.
    pub os: Option<Os>,
    /// `osInfo.type` as written, for messages about an OS that could not be placed.
    pub os_raw: Option<String>,
    /// The host annex (`userProperties`), where host-level `[security]` lives.
    pub annex: OptionMap,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct Port {
    pub id: String,
    pub id_span: Span,
    pub number: Option<String>,
    pub params: Vec<TransportParam>,
    pub app_params: Vec<TransportParam>,
    pub span: Span,
    /// `tls=1` and `upgrade=1`, read once: nearly every rule asks.
    secured: (bool, bool),
}

impl Port {
    pub(crate) fn new(
        id: String,
        id_span: Span,
        number: Option<String>,
        params: Vec<TransportParam>,
        app_params: Vec<TransportParam>,
        span: Span,
    ) -> Port {
        let on = |key| {
            crate::input::transport::first_of(&params, key)
                .is_some_and(|p| parse_bool(&p.value) == Some(true))
        };
        let secured = (on("tls"), on("upgrade"));
        Port {
            id,
            id_span,
            number,
            params,
            app_params,
            span,
            secured,
        }
    }

    /// The parameter a runtime reads when a key is written twice: the first, as the Java
    /// Platform SDK's `ConfigurationUtil.findTransportParameter` does (see
    /// `transport::first_of`).
    pub(crate) fn param(&self, key: &str) -> Option<&TransportParam> {
        crate::input::transport::first_of(&self.params, key)
    }

    /// The HA sync check box of Genesys Administrator: `hasync=1` in the port's appParams.
    pub(crate) fn ha_sync(&self) -> bool {
        self.app_params
            .iter()
            .any(|p| p.key == "hasync" && parse_bool(&p.value) == Some(true))
    }

    /// `tls=1`: the listening mode is Secured.
    pub(crate) fn tls(&self) -> bool {
        self.secured.0
    }

    /// An auto-detect (upgrade) port accepts both clear and TLS connections.
    pub(crate) fn upgrade(&self) -> bool {
        self.secured.1
    }

    pub(crate) fn secure(&self) -> bool {
        self.tls() || self.upgrade()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Conn {
    pub server: Named,
    /// The target port's ID; a connection that names none uses the server's `default` port.
    pub port_id: String,
    pub params: Vec<TransportParam>,
}

/// Where an application's type came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeOrigin {
    /// The `type` of its application template (`appPrototype`), as Genesys sets it.
    Prototype(String),
    /// The application's own `type` field (older exports and hand-written files).
    Field,
    /// Not determined; the sentence says why.
    Unknown(String),
}

impl TypeOrigin {
    /// Where the type came from, in words (`resolve`'s `type_source`).
    pub(crate) fn describe(&self) -> String {
        match self {
            TypeOrigin::Prototype(p) => format!("application template {p}"),
            TypeOrigin::Field => "the application's type field".to_string(),
            TypeOrigin::Unknown(why) => format!("unknown: {why}"),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct App {
    pub name: String,
    /// CfgAppType in mutagen's short form (`messageserver`); empty when unknown.
    pub kind: String,
    pub type_origin: TypeOrigin,
    pub host: Option<Named>,
    pub backup: Option<Named>,
    pub is_primary: Option<bool>,
    pub is_server: Option<bool>,
    pub ports: Vec<Port>,
    pub conns: Vec<Conn>,
    pub options: OptionMap,
    pub annex: OptionMap,
    pub runtime: Runtime,
    pub span: Span,
}

impl App {
    pub(crate) fn port(&self, id: &str) -> Option<&Port> {
        self.ports.iter().find(|p| p.id == id)
    }

    pub(crate) fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }

    /// Whether the type is one tlskit knows, so that component checks could judge it.
    pub(crate) fn type_known(&self) -> bool {
        !self.kind.is_empty() && known_type(&self.kind)
    }
}

/// A type from the CfgAppType list or one of tlskit's runtime tables.
pub(crate) fn known_type(kind: &str) -> bool {
    vocab::APP_TYPES.contains(&kind)
        || JAVA_TYPES.contains(&kind)
        || DOTNET_TYPES.contains(&kind)
        || GUI_TYPES.contains(&kind)
}

/// An object whose `state` says it does not run (or that runs on a host that does not):
/// kept out of the rules, listed by `resolve` and `--verbose`.
#[derive(Debug, Clone)]
pub(crate) struct Disabled {
    pub kind: DisabledKind,
    pub name: String,
    pub span: Span,
    /// Why, in words: "state `disabled`", "its host cs-01 is disabled".
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DisabledKind {
    Host,
    Application,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LocalKind {
    Lca,
    Gda,
}

impl LocalKind {
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            LocalKind::Lca => "lca.cfg",
            LocalKind::Gda => "gda.cfg",
        }
    }
}

/// lca.cfg or gda.cfg: a local agent whose own file sets its TLS, including `tls`/`upgrade`.
#[derive(Debug, Clone)]
pub(crate) struct LocalFile {
    pub kind: LocalKind,
    pub host: Option<usize>,
    pub file: FileId,
    pub options: OptionMap,
}

/// A Tenant: its annex (`userProperties`) holds `[security-authentication-rules]`, the
/// password and account policy of its users, inherited by its child tenants.
#[derive(Debug, Clone)]
pub(crate) struct Tenant {
    pub name: String,
    /// `parentTenant`, when the export names one.
    pub parent: Option<Named>,
    pub annex: OptionMap,
    pub span: Span,
}

/// A Person (user): its annex may exempt it from the tenant's policy
/// (`account-override-lockout`, `override-password-expiration`, `override-account-expiration`).
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// `userName`, else `employeeId`.
    pub name: String,
    pub tenant: Option<String>,
    /// `externalAuth` or an `externalId`: the password rules of the tenant do not apply.
    pub external: bool,
    pub annex: OptionMap,
}

/// Configuration Server's own configuration file (`confserv.conf`, `confserv.cfg`): the
/// Configuration Database sections and `encryption` are read from it alone. Its options are
/// also laid over the Configuration Server application's (`app`), as before.
#[derive(Debug, Clone)]
pub(crate) struct CsFile {
    pub file: FileId,
    /// The Configuration Server application it belongs to (an index into `apps`).
    pub app: Option<usize>,
    pub options: OptionMap,
}

/// An option file that belongs to no object of the deployment, linted on its own.
#[derive(Debug, Clone)]
pub(crate) struct Standalone {
    pub file: FileId,
    pub options: OptionMap,
}

#[derive(Debug, Default)]
pub(crate) struct Deployment {
    pub hosts: Vec<Host>,
    pub apps: Vec<App>,
    pub local_files: Vec<LocalFile>,
    pub standalone: Vec<Standalone>,
    pub tenants: Vec<Tenant>,
    pub persons: Vec<Person>,
    pub cs_files: Vec<CsFile>,
    pub bad_lines: Vec<BadLine>,
    /// Bad lines an option file had past those kept, by file.
    pub more_bad_lines: Vec<(FileId, usize)>,
    /// Hosts and applications that do not run, in export order.
    pub disabled: Vec<Disabled>,
    host_index: HashMap<String, usize>,
    app_index: HashMap<String, usize>,
}

impl Deployment {
    pub(crate) fn new(hosts: Vec<Host>, apps: Vec<App>) -> Deployment {
        let mut d = Deployment {
            hosts,
            apps,
            ..Deployment::default()
        };
        d.reindex();
        d
    }

    fn reindex(&mut self) {
        self.host_index = index(self.hosts.iter().map(|h| h.name.as_str()));
        self.app_index = index(self.apps.iter().map(|a| a.name.as_str()));
    }

    /// Genesys object names are unique regardless of case; an exact match wins.
    pub(crate) fn host_index(&self, name: &str) -> Option<usize> {
        lookup(&self.host_index, name)
    }

    pub(crate) fn app_index(&self, name: &str) -> Option<usize> {
        lookup(&self.app_index, name)
    }

    pub(crate) fn app(&self, name: &str) -> Option<&App> {
        self.app_index(name).map(|i| &self.apps[i])
    }

    pub(crate) fn host_of(&self, app: &App) -> Option<&Host> {
        app.host
            .as_ref()
            .and_then(|h| self.host_index(&h.name))
            .map(|i| &self.hosts[i])
    }

    /// The disabled application of that name, if one is.
    pub(crate) fn disabled_app(&self, name: &str) -> Option<&Disabled> {
        self.disabled
            .iter()
            .find(|d| d.kind == DisabledKind::Application && d.name.eq_ignore_ascii_case(name))
    }

    pub(crate) fn tenant(&self, name: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.name == name).or_else(|| {
            self.tenants
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case(name))
        })
    }

    /// Whether the inputs hold posture data no TLS lint ever needed: tenants or persons.
    /// Applications, hosts, option files and confserv.conf are what TLS gates have always
    /// been fed, so they alone do not turn the posture rules on (see `rules::enabled`).
    pub(crate) fn has_posture_inputs(&self) -> bool {
        !self.tenants.is_empty() || !self.persons.is_empty()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.tenants.is_empty()
            && self.persons.is_empty()
            && self.hosts.is_empty()
            && self.apps.is_empty()
            && self.local_files.is_empty()
            && self.standalone.is_empty()
    }
}

fn index<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, name) in names.enumerate() {
        map.entry(name.to_string()).or_insert(i);
        map.entry(format!("\0{}", name.to_lowercase())).or_insert(i);
    }
    map
}

fn lookup(map: &HashMap<String, usize>, name: &str) -> Option<usize> {
    map.get(name)
        .or_else(|| map.get(&format!("\0{}", name.to_lowercase())))
        .copied()
}

/// Genesys booleans: `1/0`, `true/false`, `yes/no`, `on/off`, in any case.
pub(crate) fn parse_bool(value: &str) -> Option<bool> {
    let is = |w: &str| value.eq_ignore_ascii_case(w);
    if is("1") || is("true") || is("yes") || is("on") {
        Some(true)
    } else if is("0") || is("false") || is("no") || is("off") {
        Some(false)
    } else {
        None
    }
}

/// CfgAppType as written in an export (`CFGMessageServer`, `MessageServer`,
/// `messageserver`) in mutagen's short form.
pub(crate) fn normalize_type(raw: &str) -> String {
    vocab::short_name(raw)
}

/// Application types built on the Java Platform SDK: they read PEM files through JSSE and
/// need PKCS#8 keys (Guide: Configuring Secure Connections to Java/PSDK-Based Applications).
pub(crate) const JAVA_TYPES: &[&str] = &[
    "contactserver",
    "chatserver",
    "emailserver",
    "smsserver",
    "socialms",
    "socialmessagingserver",
    "classificationserver",
    "trainingserver",
    "webapiserver",
    "infomart",
    "genesysinfomart",
    "genesysadministratorserver",
    "gax",
    "genesysmobileservices",
    "knowledgecenterserver",
    "knowledgecenterclustercenter",
    "webengagementserver",
    "interactionrecordingwebservices",
    "workspacewebedition",
];

/// Application types built on .NET: on Windows they take certificates from the store.
pub(crate) const DOTNET_TYPES: &[&str] = &[
    "interactionworkspace",
    "workspacedesktop",
    "agentdesktop",
    "webapiservernet",
];

/// Interactive applications: their certificates need only clientAuth, and they have an
/// inactivity timeout.
pub(crate) const GUI_TYPES: &[&str] = &[
    "sce",
    "sci",
    "genesysadministrator",
    "interactionworkspace",
    "workspacedesktop",
    "agentdesktop",
    "callcenteradministrator",
];

pub(crate) const MESSAGE_SERVER: &str = "messageserver";
pub(crate) const CONFIG_SERVER: &str = "configserver";
pub(crate) const CONFIG_SERVER_PROXY: &str = "configserverproxy";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_matched_with_or_without_the_cfg_prefix() {
        assert_eq!(normalize_type("CFGMessageServer"), "messageserver");
        assert_eq!(normalize_type("messageserver"), "messageserver");
        assert_eq!(normalize_type("ContactServer"), "contactserver");
        assert_eq!(normalize_type("cfg"), "cfg");
    }

    #[test]
    fn booleans_follow_genesys() {
        for t in ["1", "true", "TRUE", "yes", "On"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["0", "false", "No", "off"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        assert_eq!(parse_bool("2"), None);
        assert_eq!(parse_bool(" 1"), None);
    }
}
