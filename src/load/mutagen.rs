//! Deployment exports in the JSON that mutagen (`mutagen config export --format JSON`)
//! writes: `__metadata__`, and arrays of hosts, applications and application templates
//! (`appPrototypes`). Several exports merge; an object defined twice with different content
//! is an input error naming both files. Each object becomes part of the model as soon as it
//! is read, so that one export's parse is gone before the next file is read.

// Keyed by the export's names: a keyed hash faster than SipHash.
use hashbrown::HashMap;

use crate::error::{InputError, Result};
use crate::input::json::{Kind as JsonKind, Val};
use crate::input::options::{OptEntry, OptSection, OptionMap, Shape};
use crate::input::source::{Sources, Span};
use crate::input::transport;
use crate::model::vocab::{CLIENT_ONLY_TYPES, os_family, state_stops};
use crate::model::{
    App, Conn, Disabled, DisabledKind, Host, Named, Person, Port, Runtime, Tenant, TypeOrigin,
    normalize_type, parse_bool,
};

/// Upper bound on hosts plus applications in one run: far beyond real sites, low enough
/// that a hostile export cannot exhaust memory through object count alone.
pub(crate) const MAX_OBJECTS: usize = 200_000;

/// The top-level members that make a JSON file a deployment export.
const EXPORT_KEYS: &[&str] = &[
    "__metadata__",
    "hosts",
    "applications",
    "appPrototypes",
    "tenants",
    "persons",
];

pub(crate) fn is_export(root: Val) -> bool {
    root.kind() == JsonKind::Obj && EXPORT_KEYS.iter().any(|k| root.get(k).is_some())
}

/// The kinds of object an export's arrays hold that tlskit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Host,
    App,
    Prototype,
    Tenant,
    Person,
}

const KINDS: [(&str, Kind, &str); 5] = [
    ("hosts", Kind::Host, "host"),
    ("applications", Kind::App, "application"),
    ("appPrototypes", Kind::Prototype, "application template"),
    ("tenants", Kind::Tenant, "tenant"),
    ("persons", Kind::Person, "person"),
];

/// Where an object was first defined, and a digest of its content, to tell a repeat from a
/// conflict. In the last export of a run the digest is taken only when the name comes
/// again (most objects are defined once, and digesting every one was a tenth of a load):
/// until then `first` is its position among that export's first definitions.
struct Seen {
    digest: Option<u64>,
    first: usize,
    span: Span,
}

/// An application read, whose type waits for every template of the run.
struct Pending {
    app: App,
    prototype: Option<Named>,
    field_type: Option<String>,
    stopped: Option<String>,
}

/// Objects from every export of a run, by kind, in first-seen order.
#[derive(Default)]
pub(crate) struct Merged {
    hosts: Vec<(Host, Option<String>)>,
    apps: Vec<Pending>,
    /// Template name in lower case → its type, short form.
    prototypes: HashMap<String, String>,
    tenants: Vec<Tenant>,
    persons: Vec<Person>,
    seen: [HashMap<String, Seen>; 5],
}

/// What the exports hold, built: the running hosts and applications, and the ones whose
/// state (or host) says they do not run.
pub(crate) struct Built {
    pub hosts: Vec<Host>,
    pub apps: Vec<App>,
    pub disabled: Vec<Disabled>,
    pub tenants: Vec<Tenant>,
    pub persons: Vec<Person>,
}

fn err(sources: &Sources, span: Span, what: impl std::fmt::Display) -> InputError {
    InputError::at(sources.display(span.file), span.line, span.col, what)
}

/// The export format of `__metadata__.formatName`: mutagen writes RAW (its default: the
/// Platform SDK's XML turned into JSON, another structure), JSON or COMPACT_JSON.
fn compact_format(sources: &Sources, root: Val) -> Result<bool> {
    if let Some((k, _)) = root.members().find(|(k, _)| k.name().starts_with("CFG")) {
        return Err(err(
            sources,
            k.span(),
            format!(
                "`{}` is a key of mutagen's RAW export format, which tlskit does not read: export with `mutagen config export --format JSON`",
                k.name().chars().take(40).collect::<String>()
            ),
        ));
    }
    let Some(format) = root.get("__metadata__").and_then(|m| m.get("formatName")) else {
        return Ok(false);
    };
    match format.text().as_deref() {
        Some("JSON") => Ok(false),
        Some("COMPACT_JSON") => Ok(true),
        Some("RAW") => Err(err(
            sources,
            format.span(),
            "this export is in mutagen's RAW format (the default of `mutagen config export`), which tlskit does not read: export with `--format JSON`",
        )),
        _ => Err(err(
            sources,
            format.span(),
            format!(
                "unknown export format `{}`: tlskit reads mutagen's JSON and COMPACT_JSON formats",
                format.text().map_or_else(
                    || format.describe().to_string(),
                    |t| t.chars().take(40).collect()
                )
            ),
        )),
    }
}

impl Merged {
    pub(crate) fn add_export(&mut self, sources: &Sources, root: Val) -> Result<()> {
        self.add_any_export(sources, root, None)
    }

    /// `add_export` for the last export of a run: no later export compares with it, so its
    /// objects are digested only when a name repeats within it.
    pub(crate) fn add_last_export(&mut self, sources: &Sources, root: Val) -> Result<()> {
        self.add_any_export(sources, root, Some(&mut Vec::new()))
    }

    /// `firsts`: in the last export, its first definitions, digested when needed.
    fn add_any_export<'v>(
        &mut self,
        sources: &Sources,
        root: Val<'v>,
        mut firsts: Option<&mut Vec<Val<'v>>>,
    ) -> Result<()> {
        if root.kind() != JsonKind::Obj {
            return Ok(());
        }
        let compact = compact_format(sources, root)?;
        for (at, (field, kind, noun)) in KINDS.into_iter().enumerate() {
            let Some(list) = root.get(field) else {
                continue;
            };
            match list.kind() {
                JsonKind::Arr => {}
                JsonKind::Null => continue,
                _ => {
                    return Err(err(
                        sources,
                        list.span(),
                        format!("`{field}` must be an array, found {}", list.describe()),
                    ));
                }
            }
            for item in list.items() {
                self.add(
                    sources,
                    (at, kind, field, noun),
                    item,
                    compact,
                    firsts.as_deref_mut(),
                )?;
            }
        }
        Ok(())
    }

    fn add<'v>(
        &mut self,
        sources: &Sources,
        (at, kind, field, noun): (usize, Kind, &str, &str),
        item: Val<'v>,
        compact: bool,
        firsts: Option<&mut Vec<Val<'v>>>,
    ) -> Result<()> {
        if item.kind() != JsonKind::Obj {
            return Err(err(
                sources,
                item.span(),
                format!(
                    "an entry of `{field}` must be an object, found {}",
                    item.describe()
                ),
            ));
        }
        // A Person is known by its employeeId (mutagen's key); the others by name.
        let name_key = if kind == Kind::Person {
            "employeeId"
        } else {
            "name"
        };
        let name = match item.get(name_key).and_then(|n| n.text()) {
            Some(n) if !n.trim().is_empty() => n.into_owned(),
            _ => {
                return Err(err(
                    sources,
                    item.span(),
                    format!("an entry of `{field}` has no `{name_key}`"),
                ));
            }
        };
        if let Some(first) = self.seen[at].get_mut(&name) {
            // A first definition without a digest is one of this (last) export's.
            let theirs = match (first.digest, &firsts) {
                (Some(d), _) => d,
                (None, Some(f)) => *first.digest.insert(f[first.first].content_digest()),
                (None, None) => unreachable!("an earlier export's objects are digested"),
            };
            if theirs != item.content_digest() {
                return Err(err(
                    sources,
                    item.span(),
                    format!(
                        "{noun} `{name}` is defined again with different content (first at {}:{})",
                        sources.display(first.span.file),
                        first.span.line
                    ),
                ));
            }
            return Ok(());
        }
        if matches!(kind, Kind::Host | Kind::App)
            && self.hosts.len() + self.apps.len() >= MAX_OBJECTS
        {
            return Err(err(
                sources,
                item.span(),
                format!("more than {MAX_OBJECTS} hosts and applications"),
            ));
        }
        let seen = match firsts {
            Some(f) => {
                f.push(item);
                Seen {
                    digest: None,
                    first: f.len() - 1,
                    span: item.span(),
                }
            }
            None => Seen {
                digest: Some(item.content_digest()),
                first: 0,
                span: item.span(),
            },
        };
        self.seen[at].insert(name.clone(), seen);
        match kind {
            Kind::Host => self.hosts.push(build_host(sources, item, name)?),
            Kind::App => self.apps.push(build_app(sources, item, name, compact)?),
            Kind::Prototype => {
                let kind = string_field(sources, item, "type")?
                    .map(|(t, _)| normalize_type(&t))
                    .unwrap_or_default();
                self.prototypes.insert(name.to_ascii_lowercase(), kind);
            }
            Kind::Tenant => {
                if stopped(sources, item)?.is_none() {
                    self.tenants.push(Tenant {
                        parent: match item.get("parentTenant") {
                            Some(p) => reference(sources, p, "parentTenant")?,
                            None => None,
                        },
                        annex: options(sources, item.get("userProperties"), "userProperties")?,
                        span: item.span(),
                        name,
                    });
                }
            }
            Kind::Person => {
                if stopped(sources, item)?.is_none() {
                    let user = string_field(sources, item, "userName")?
                        .map(|(u, _)| u)
                        .filter(|u| !u.is_empty());
                    let external = item
                        .get("externalAuth")
                        .and_then(|v| v.text())
                        .and_then(|t| parse_bool(&t))
                        .unwrap_or(false);
                    self.persons.push(Person {
                        name: user.unwrap_or(name),
                        tenant: string_field(sources, item, "tenant")?.map(|(t, _)| t),
                        external,
                        annex: options(sources, item.get("userProperties"), "userProperties")?,
                    });
                }
            }
        }
        Ok(())
    }

    /// Types every application through the templates of the whole run, and sets apart
    /// what does not run.
    pub(crate) fn build(self) -> Result<Built> {
        let mut disabled = Vec::new();
        let mut hosts = Vec::with_capacity(self.hosts.len());
        for (host, stopped) in self.hosts {
            match stopped {
                Some(why) => disabled.push(Disabled {
                    kind: DisabledKind::Host,
                    name: host.name,
                    span: host.span,
                    why,
                }),
                None => hosts.push(host),
            }
        }
        let stopped_hosts: std::collections::HashSet<String> = disabled
            .iter()
            .map(|d| d.name.to_ascii_lowercase())
            .collect();
        let mut apps = Vec::with_capacity(self.apps.len());
        for p in self.apps {
            let mut app = p.app;
            (app.kind, app.type_origin) =
                app_type(p.prototype.as_ref(), p.field_type, &self.prototypes);
            // mutagen writes no `isServer`; its list of types that never listen stands in.
            if app.is_server.is_none() && CLIENT_ONLY_TYPES.contains(&app.kind.as_str()) {
                app.is_server = Some(false);
            }
            let host_stopped = app
                .host
                .as_ref()
                .filter(|h| stopped_hosts.contains(&h.name.to_ascii_lowercase()));
            let why = match (p.stopped, host_stopped) {
                (Some(why), _) => Some(why),
                (None, Some(h)) => Some(format!("its host {} is disabled", h.name)),
                (None, None) => None,
            };
            match why {
                Some(why) => disabled.push(Disabled {
                    kind: DisabledKind::Application,
                    name: app.name,
                    span: app.span,
                    why,
                }),
                None => apps.push(app),
            }
        }
        Ok(Built {
            hosts,
            apps,
            disabled,
            tenants: self.tenants,
            persons: self.persons,
        })
    }
}

/// An application's type: its template's (`appPrototype` → `appPrototypes[].type`), as
/// Genesys sets it, else its own `type` field, else unknown with the reason.
fn app_type(
    proto: Option<&Named>,
    field: Option<String>,
    prototypes: &HashMap<String, String>,
) -> (String, TypeOrigin) {
    let found = proto.map(|p| (p, prototypes.get(&p.name.to_ascii_lowercase())));
    match (found, field) {
        (Some((p, Some(t))), _) if !t.is_empty() => {
            (t.clone(), TypeOrigin::Prototype(p.name.clone()))
        }
        (_, Some(t)) => (t, TypeOrigin::Field),
        (Some((p, Some(_))), None) => (
            String::new(),
            TypeOrigin::Unknown(format!(
                "its application template `{}` has no `type`",
                p.name
            )),
        ),
        (Some((p, None)), None) => (
            String::new(),
            TypeOrigin::Unknown(format!(
                "its application template `{}` is not in the export (no `appPrototypes` entry of that name)",
                p.name
            )),
        ),
        (None, None) => (
            String::new(),
            TypeOrigin::Unknown(
                "it names no application template (`appPrototype`) and has no `type`".into(),
            ),
        ),
    }
}

/// `Some(why)` when an object's `state` says it does not run.
fn stopped(sources: &Sources, n: Val) -> Result<Option<String>> {
    Ok(string_field(sources, n, "state")?
        .filter(|(s, _)| state_stops(s))
        .map(|(s, _)| format!("state `{s}`")))
}

/// A reference to another object: its name (as mutagen writes it), or an object with a
/// `name`.
fn reference(sources: &Sources, node: Val, what: &str) -> Result<Option<Named>> {
    match node.kind() {
        JsonKind::Null => Ok(None),
        JsonKind::Str => {
            let name = node.as_str().unwrap_or_default();
            Ok((!name.is_empty()).then(|| Named {
                name: name.into_owned(),
                span: node.span(),
            }))
        }
        JsonKind::Obj => match node.get("name").and_then(|n| n.text()) {
            Some(name) => Ok(Some(Named {
                name: name.into_owned(),
                span: node.span(),
            })),
            None => Err(err(
                sources,
                node.span(),
                format!("{what} reference has no `name`"),
            )),
        },
        _ => Err(err(
            sources,
            node.span(),
            format!(
                "{what} must be a name or a reference object, found {}",
                node.describe()
            ),
        )),
    }
}

fn options(sources: &Sources, node: Option<Val>, what: &str) -> Result<OptionMap> {
    let mut map = OptionMap::default();
    let Some(node) = node else { return Ok(map) };
    match node.kind() {
        JsonKind::Null => return Ok(map),
        JsonKind::Obj => {}
        _ => {
            return Err(err(
                sources,
                node.span(),
                format!(
                    "`{what}` must be an object of sections, found {}",
                    node.describe()
                ),
            ));
        }
    }
    for (section, body) in node.members() {
        if body.kind() != JsonKind::Obj {
            return Err(err(
                sources,
                body.span(),
                format!(
                    "section `{}` of `{what}` must be an object of options, found {}",
                    section.name(),
                    body.describe()
                ),
            ));
        }
        let mut sec = OptSection {
            name: section.name().into_owned(),
            span: section.span(),
            entries: Vec::new(),
        };
        for (key, value) in body.members() {
            // mutagen writes text as strings, integers as numbers, a binary value as
            // `["<base64>"]` and a nested key-value list as an object. The last two are
            // kept with their shape: no setting tlskit reads has it, and one where a TLS
            // option is expected is reported by the rules, not refused here.
            let (text, shape) = match value.kind() {
                JsonKind::Arr => (String::new(), Shape::Binary),
                JsonKind::Obj => (String::new(), Shape::Nested),
                JsonKind::Null => (String::new(), Shape::Text),
                _ => (
                    value.text().map(|t| t.into_owned()).unwrap_or_default(),
                    Shape::Text,
                ),
            };
            sec.entries.push(OptEntry {
                key: key.name().as_ref().into(),
                key_span: key.inner_span(),
                value: text.as_str().into(),
                value_span: value.inner_span(),
                shape,
            });
        }
        map.sections.push(sec);
    }
    Ok(map)
}

fn string_field(sources: &Sources, obj: Val, key: &str) -> Result<Option<(String, Span)>> {
    match obj.get(key) {
        None => Ok(None),
        Some(n) if n.is_null() => Ok(None),
        Some(n) => match n.text() {
            Some(t) => Ok(Some((t.into_owned(), n.inner_span()))),
            None => Err(err(
                sources,
                n.span(),
                format!("`{key}` must be a string, found {}", n.describe()),
            )),
        },
    }
}

fn params(sources: &Sources, obj: Val, key: &str) -> Result<Vec<transport::TransportParam>> {
    Ok(match string_field(sources, obj, key)? {
        Some((text, span)) => transport::split(&text, span),
        None => Vec::new(),
    })
}

/// The items of an array member; none when it is absent or null.
fn array<'d>(sources: &Sources, obj: Val<'d>, key: &str) -> Result<Option<Val<'d>>> {
    match obj.get(key) {
        None => Ok(None),
        Some(n) => match n.kind() {
            JsonKind::Null => Ok(None),
            JsonKind::Arr => Ok(Some(n)),
            _ => Err(err(
                sources,
                n.span(),
                format!("`{key}` must be an array, found {}", n.describe()),
            )),
        },
    }
}

fn build_host(sources: &Sources, n: Val, name: String) -> Result<(Host, Option<String>)> {
    let os_raw = match n.get("osInfo") {
        Some(info) => string_field(sources, info, "type")?.map(|(t, _)| t),
        None => None,
    };
    let state = stopped(sources, n)?;
    let host = Host {
        name,
        ip: string_field(sources, n, "ipAddress")?.map(|(s, _)| s),
        os: os_raw.as_deref().and_then(os_family),
        os_raw,
        annex: options(sources, n.get("userProperties"), "userProperties")?,
        span: n.span(),
    };
    Ok((host, state))
}

fn build_app(sources: &Sources, n: Val, name: String, compact: bool) -> Result<Pending> {
    let prototype = match n.get("appPrototype") {
        Some(p) => reference(sources, p, "appPrototype")?,
        None => None,
    };
    let field_type = string_field(sources, n, "type")?
        .map(|(t, _)| normalize_type(&t))
        .filter(|t| !t.is_empty());
    let info = n.get("serverInfo");
    let host = match info.and_then(|i| i.get("host")).or_else(|| n.get("host")) {
        Some(h) => reference(sources, h, "serverInfo.host")?,
        None => None,
    };
    let backup = match info.and_then(|i| i.get("backupServer")) {
        Some(b) => reference(sources, b, "serverInfo.backupServer")?,
        None => None,
    };
    // COMPACT_JSON leaves out every `false`: there, a missing flag is false.
    let flag = |key: &str| match n.get(key) {
        Some(v) => v.text().and_then(|t| parse_bool(&t)),
        None => compact.then_some(false),
    };
    let mut ports = ports(sources, n)?;
    let mut conns = connections(sources, n)?;
    ports.shrink_to_fit();
    conns.shrink_to_fit();
    let app = App {
        name,
        kind: String::new(),
        type_origin: TypeOrigin::Field,
        host,
        backup,
        is_primary: flag("isPrimary"),
        is_server: n
            .get("isServer")
            .and_then(|v| v.text())
            .and_then(|t| parse_bool(&t)),
        ports,
        conns,
        options: options(sources, n.get("options"), "options")?,
        annex: options(sources, n.get("userProperties"), "userProperties")?,
        runtime: Runtime::Native,
        span: n.span(),
    };
    Ok(Pending {
        app,
        prototype,
        field_type,
        stopped: stopped(sources, n)?,
    })
}

/// An application's listening ports (`portInfos`).
fn ports(sources: &Sources, n: Val) -> Result<Vec<Port>> {
    let mut ports = Vec::new();
    for p in array(sources, n, "portInfos")?
        .iter()
        .flat_map(|a| a.items())
    {
        let (id, id_span) =
            string_field(sources, p, "id")?.unwrap_or_else(|| ("default".to_string(), p.span()));
        let app_params = match p.get("appParams") {
            Some(ap) if ap.kind() == JsonKind::Obj => options_flat(ap),
            _ => params(sources, p, "appParams")?,
        };
        ports.push(Port::new(
            id,
            id_span,
            string_field(sources, p, "port")?.map(|(s, _)| s),
            params(sources, p, "transportParams")?,
            app_params,
            p.span(),
        ));
    }
    Ok(ports)
}

/// An application's connections to servers (`appServers`).
fn connections(sources: &Sources, n: Val) -> Result<Vec<Conn>> {
    let mut conns = Vec::new();
    for c in array(sources, n, "appServers")?
        .iter()
        .flat_map(|a| a.items())
    {
        let server_node = c.get("appServer").or_else(|| c.get("server"));
        let server = match server_node {
            Some(s) => reference(sources, s, "appServer")?,
            None => None,
        }
        .ok_or_else(|| {
            err(
                sources,
                c.span(),
                "a connection in `appServers` names no `appServer`",
            )
        })?;
        let port_id = string_field(sources, c, "id")?
            .map(|(s, _)| s)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "default".to_string());
        conns.push(Conn {
            server,
            port_id,
            params: params(sources, c, "transportParams")?,
        });
    }
    Ok(conns)
}

/// `appParams` written as an object (`{"hasync": "1"}`) rather than a parameter string.
fn options_flat(node: Val) -> Vec<transport::TransportParam> {
    node.members()
        .filter_map(|(k, v)| {
            Some(transport::TransportParam {
                key: k.name().into_owned(),
                value: v.text()?.into_owned(),
                key_span: k.span(),
                value_span: v.inner_span(),
                span: k.span(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
