//! Deployment exports in the JSON that mutagen (`mutagen config export`) writes: top-level
//! `hosts` and `applications` arrays. Several exports merge; an object defined twice with
//! different content is an input error naming both files.

use std::collections::HashMap;

use super::json::{Json, Key, Node};
use super::options::{OptEntry, OptSection, OptionMap, Shape};
use super::source::{Sources, Span};
use super::transport;
use crate::error::{InputError, Result};
use crate::model::vocab::{CLIENT_ONLY_TYPES, os_family, state_stops};
use crate::model::{
    App, Conn, Disabled, DisabledKind, Host, Named, Port, Runtime, TypeOrigin, normalize_type,
    parse_bool,
};

/// Upper bound on hosts plus applications in one run: far beyond real sites, low enough
/// that a hostile export cannot exhaust memory through object count alone.
pub const MAX_OBJECTS: usize = 200_000;

/// The top-level members that make a JSON file a deployment export.
const EXPORT_KEYS: &[&str] = &[
    "__metadata__",
    "hosts",
    "applications",
    "appPrototypes",
    "tenants",
    "persons",
];

pub fn is_export(node: &Node) -> bool {
    matches!(node.value, Json::Obj(_)) && EXPORT_KEYS.iter().any(|k| node.get(k).is_some())
}

/// The kinds of object an export's arrays hold that tlskit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Host,
    App,
    Prototype,
}

const KINDS: [(&str, Kind, &str); 3] = [
    ("hosts", Kind::Host, "host"),
    ("applications", Kind::App, "application"),
    ("appPrototypes", Kind::Prototype, "application template"),
];

#[derive(Debug)]
struct Entry {
    name: String,
    node: Node,
    /// From a COMPACT_JSON export, which leaves out `false`, `0` and empty values.
    compact: bool,
}

/// Objects from every export of a run, by kind, in first-seen order.
#[derive(Debug, Default)]
pub struct Merged {
    lists: [Vec<Entry>; 3],
    seen: [HashMap<String, usize>; 3],
}

/// What the exports hold, built: the running hosts and applications, and the ones whose
/// state (or host) says they do not run.
pub struct Built {
    pub hosts: Vec<Host>,
    pub apps: Vec<App>,
    pub disabled: Vec<Disabled>,
}

fn err(sources: &Sources, span: Span, what: impl std::fmt::Display) -> InputError {
    InputError::at(sources.display(span.file), span.line, span.col, what)
}

/// The export format of `__metadata__.formatName`: mutagen writes RAW (its default: the
/// Platform SDK's XML turned into JSON, another structure), JSON or COMPACT_JSON.
fn compact_format(sources: &Sources, members: &[(Key, Node)]) -> Result<bool> {
    if let Some((k, _)) = members.iter().find(|(k, _)| k.name.starts_with("CFG")) {
        return Err(err(
            sources,
            k.span,
            format!(
                "`{}` is a key of mutagen's RAW export format, which tlskit does not read: export with `mutagen config export --format JSON`",
                k.name
            ),
        ));
    }
    let meta = members.iter().rev().find(|(k, _)| k.name == "__metadata__");
    let Some(format) = meta.and_then(|(_, m)| m.get("formatName")) else {
        return Ok(false);
    };
    match format.scalar_text().as_deref() {
        Some("JSON") => Ok(false),
        Some("COMPACT_JSON") => Ok(true),
        Some("RAW") => Err(err(
            sources,
            format.span,
            "this export is in mutagen's RAW format (the default of `mutagen config export`), which tlskit does not read: export with `--format JSON`",
        )),
        _ => Err(err(
            sources,
            format.span,
            format!(
                "unknown export format `{}`: tlskit reads mutagen's JSON and COMPACT_JSON formats",
                format
                    .scalar_text()
                    .unwrap_or_else(|| format.kind().to_string())
                    .chars()
                    .take(40)
                    .collect::<String>()
            ),
        )),
    }
}

impl Merged {
    pub fn add_export(&mut self, sources: &Sources, root: Node) -> Result<()> {
        // The export is taken apart, not copied: each object keeps its own subtree (a deep
        // copy of every object cost more than parsing the file).
        let Json::Obj(mut members) = root.value else {
            return Ok(());
        };
        let compact = compact_format(sources, &members)?;
        for (at_kind, (field, kind, noun)) in KINDS.into_iter().enumerate() {
            // The last member of that name, as `Node::get` reads it.
            let Some(at) = members.iter().rposition(|(k, _)| k.name == field) else {
                continue;
            };
            let span = members[at].1.span;
            let list = std::mem::replace(
                &mut members[at].1,
                Node {
                    value: Json::Null,
                    span,
                },
            );
            let items = match list.value {
                Json::Arr(items) => items,
                Json::Null => continue,
                _ => {
                    return Err(err(
                        sources,
                        list.span,
                        format!("`{field}` must be an array, found {}", list.kind()),
                    ));
                }
            };
            for item in items {
                self.add(sources, (at_kind, kind, field, noun), item, compact)?;
            }
        }
        Ok(())
    }

    fn add(
        &mut self,
        sources: &Sources,
        (at, kind, field, noun): (usize, Kind, &str, &str),
        item: Node,
        compact: bool,
    ) -> Result<()> {
        if !matches!(item.value, Json::Obj(_)) {
            return Err(err(
                sources,
                item.span,
                format!(
                    "an entry of `{field}` must be an object, found {}",
                    item.kind()
                ),
            ));
        }
        let name = match item.get("name").and_then(Node::scalar_text) {
            Some(n) if !n.trim().is_empty() => n,
            _ => {
                return Err(err(
                    sources,
                    item.span,
                    format!("an entry of `{field}` has no `name`"),
                ));
            }
        };
        let (list, seen) = (&mut self.lists[at], &mut self.seen[at]);
        if let Some(&i) = seen.get(&name) {
            let first = &list[i].node;
            if !first.same_content(&item) {
                return Err(err(
                    sources,
                    item.span,
                    format!(
                        "{noun} `{name}` is defined again with different content (first at {}:{})",
                        sources.display(first.span.file),
                        first.span.line
                    ),
                ));
            }
            return Ok(());
        }
        let objects = self.lists[0].len() + self.lists[1].len();
        if kind != Kind::Prototype && objects >= MAX_OBJECTS {
            return Err(err(
                sources,
                item.span,
                format!("more than {MAX_OBJECTS} hosts and applications"),
            ));
        }
        let (list, seen) = (&mut self.lists[at], &mut self.seen[at]);
        seen.insert(name.clone(), list.len());
        list.push(Entry {
            name,
            node: item,
            compact,
        });
        Ok(())
    }

    pub fn build(self, sources: &Sources) -> Result<Built> {
        let [hosts, apps, prototypes] = self.lists;
        let prototypes = prototypes
            .iter()
            .map(|e| {
                let kind = string_field(sources, &e.node, "type")?
                    .map(|(t, _)| normalize_type(&t))
                    .unwrap_or_default();
                Ok((e.name.to_ascii_lowercase(), kind))
            })
            .collect::<Result<HashMap<String, String>>>()?;
        let mut disabled = Vec::new();
        let mut running_hosts = Vec::with_capacity(hosts.len());
        for e in hosts {
            let (host, state) = build_host(sources, e)?;
            match state {
                Some(why) => disabled.push(Disabled {
                    kind: DisabledKind::Host,
                    name: host.name,
                    span: host.span,
                    why,
                }),
                None => running_hosts.push(host),
            }
        }
        let stopped_hosts: HashMap<String, ()> = disabled
            .iter()
            .map(|d| (d.name.to_ascii_lowercase(), ()))
            .collect();
        let mut running_apps = Vec::with_capacity(apps.len());
        for e in apps {
            let (app, state) = build_app(sources, e, &prototypes)?;
            let host_stopped = app
                .host
                .as_ref()
                .filter(|h| stopped_hosts.contains_key(&h.name.to_ascii_lowercase()));
            let why = match (state, host_stopped) {
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
                None => running_apps.push(app),
            }
        }
        Ok(Built {
            hosts: running_hosts,
            apps: running_apps,
            disabled,
        })
    }
}

/// `Some(why)` when an object's `state` says it does not run.
fn stopped(sources: &Sources, n: &Node) -> Result<Option<String>> {
    Ok(string_field(sources, n, "state")?
        .filter(|(s, _)| state_stops(s))
        .map(|(s, _)| format!("state `{s}`")))
}

/// A reference to another object: its name, or `{"type": …, "name": …}`.
fn reference(sources: &Sources, node: &Node, what: &str) -> Result<Option<Named>> {
    match &node.value {
        Json::Null => Ok(None),
        Json::Str(s) if s.is_empty() => Ok(None),
        Json::Str(s) => Ok(Some(Named {
            name: s.clone(),
            span: node.span,
        })),
        Json::Obj(_) => match node.get("name").and_then(Node::scalar_text) {
            Some(name) => Ok(Some(Named {
                name,
                span: node.span,
            })),
            None => Err(err(
                sources,
                node.span,
                format!("{what} reference has no `name`"),
            )),
        },
        _ => Err(err(
            sources,
            node.span,
            format!(
                "{what} must be a name or a reference object, found {}",
                node.kind()
            ),
        )),
    }
}

/// A string value's text starts one column after its opening quote.
fn inner_span(node: &Node) -> Span {
    match node.value {
        Json::Str(ref s) => node.span.shifted(1, s.chars().count().max(1)),
        _ => node.span,
    }
}

fn options(sources: &Sources, node: Option<&Node>, what: &str) -> Result<OptionMap> {
    let mut map = OptionMap::default();
    let Some(node) = node else { return Ok(map) };
    let sections = match &node.value {
        Json::Null => return Ok(map),
        Json::Obj(m) => m,
        _ => {
            return Err(err(
                sources,
                node.span,
                format!(
                    "`{what}` must be an object of sections, found {}",
                    node.kind()
                ),
            ));
        }
    };
    for (section, body) in sections {
        let Json::Obj(entries) = &body.value else {
            return Err(err(
                sources,
                body.span,
                format!(
                    "section `{}` of `{what}` must be an object of options, found {}",
                    section.name,
                    body.kind()
                ),
            ));
        };
        let mut sec = OptSection {
            name: section.name.clone(),
            span: section.span,
            entries: Vec::with_capacity(entries.len()),
        };
        for (key, value) in entries {
            // mutagen writes text as strings, integers as numbers, a binary value as
            // `["<base64>"]` and a nested key-value list as an object. The last two are
            // kept with their shape: no setting tlskit reads has it, and one where a TLS
            // option is expected is reported by the rules, not refused here.
            let (text, shape) = match &value.value {
                Json::Arr(_) => (String::new(), Shape::Binary),
                Json::Obj(_) => (String::new(), Shape::Nested),
                Json::Null => (String::new(), Shape::Text),
                _ => (value.scalar_text().unwrap_or_default(), Shape::Text),
            };
            sec.entries.push(OptEntry {
                key: key.name.clone(),
                key_span: key.span.shifted(1, key.name.chars().count().max(1)),
                value: text,
                value_span: inner_span(value),
                shape,
            });
        }
        map.sections.push(sec);
    }
    Ok(map)
}

fn string_field(sources: &Sources, obj: &Node, key: &str) -> Result<Option<(String, Span)>> {
    match obj.get(key) {
        None => Ok(None),
        Some(n) if matches!(n.value, Json::Null) => Ok(None),
        Some(n) => match n.scalar_text() {
            Some(t) => Ok(Some((t, inner_span(n)))),
            None => Err(err(
                sources,
                n.span,
                format!("`{key}` must be a string, found {}", n.kind()),
            )),
        },
    }
}

fn params(sources: &Sources, obj: &Node, key: &str) -> Result<Vec<transport::TransportParam>> {
    Ok(match string_field(sources, obj, key)? {
        Some((text, span)) => transport::split(&text, span),
        None => Vec::new(),
    })
}

fn array<'a>(sources: &Sources, obj: &'a Node, key: &str) -> Result<&'a [Node]> {
    match obj.get(key) {
        None => Ok(&[]),
        Some(n) => match &n.value {
            Json::Null => Ok(&[]),
            Json::Arr(items) => Ok(items),
            _ => Err(err(
                sources,
                n.span,
                format!("`{key}` must be an array, found {}", n.kind()),
            )),
        },
    }
}

fn build_host(sources: &Sources, e: Entry) -> Result<(Host, Option<String>)> {
    let n = &e.node;
    let os_raw = match n.get("osInfo") {
        Some(info) => string_field(sources, info, "type")?.map(|(t, _)| t),
        None => None,
    };
    let state = stopped(sources, n)?;
    let host = Host {
        name: e.name,
        ip: string_field(sources, n, "ipAddress")?.map(|(s, _)| s),
        os: os_raw.as_deref().and_then(os_family),
        os_raw,
        annex: options(sources, n.get("userProperties"), "userProperties")?,
        span: n.span,
    };
    Ok((host, state))
}

/// An application's type: its template's (`appPrototype` → `appPrototypes[].type`), as
/// Genesys sets it, else its own `type` field, else unknown with the reason.
fn app_type(
    sources: &Sources,
    n: &Node,
    prototypes: &HashMap<String, String>,
) -> Result<(String, TypeOrigin)> {
    let proto = match n.get("appPrototype") {
        Some(p) => reference(sources, p, "appPrototype")?,
        None => None,
    };
    let field = string_field(sources, n, "type")?
        .map(|(t, _)| normalize_type(&t))
        .filter(|t| !t.is_empty());
    let found = proto
        .as_ref()
        .map(|p| (p, prototypes.get(&p.name.to_ascii_lowercase())));
    Ok(match (found, field) {
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
    })
}

fn build_app(
    sources: &Sources,
    e: Entry,
    prototypes: &HashMap<String, String>,
) -> Result<(App, Option<String>)> {
    let n = &e.node;
    let (kind, type_origin) = app_type(sources, n, prototypes)?;
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
        Some(v) => v.scalar_text().and_then(|t| parse_bool(&t)),
        None => e.compact.then_some(false),
    };
    let mut ports = Vec::new();
    for p in array(sources, n, "portInfos")? {
        let (id, id_span) =
            string_field(sources, p, "id")?.unwrap_or_else(|| ("default".to_string(), p.span));
        let app_params = match p.get("appParams") {
            Some(ap) if matches!(ap.value, Json::Obj(_)) => options_flat(ap),
            _ => params(sources, p, "appParams")?,
        };
        ports.push(Port {
            id,
            id_span,
            number: string_field(sources, p, "port")?.map(|(s, _)| s),
            params: params(sources, p, "transportParams")?,
            app_params,
            span: p.span,
        });
    }
    let mut conns = Vec::new();
    for c in array(sources, n, "appServers")? {
        let server_node = c.get("appServer").or_else(|| c.get("server"));
        let server = match server_node {
            Some(s) => reference(sources, s, "appServer")?,
            None => None,
        }
        .ok_or_else(|| {
            err(
                sources,
                c.span,
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
            span: c.span,
        });
    }
    let state = stopped(sources, n)?;
    // mutagen writes no `isServer`; its list of types that never listen stands in.
    let is_server = n
        .get("isServer")
        .and_then(Node::scalar_text)
        .and_then(|t| parse_bool(&t))
        .or_else(|| CLIENT_ONLY_TYPES.contains(&kind.as_str()).then_some(false));
    let app = App {
        name: e.name,
        kind,
        type_origin,
        host,
        backup,
        is_primary: flag("isPrimary"),
        is_server,
        ports,
        conns,
        options: options(sources, n.get("options"), "options")?,
        annex: options(sources, n.get("userProperties"), "userProperties")?,
        runtime: Runtime::Native,
        span: n.span,
    };
    Ok((app, state))
}

/// `appParams` written as an object (`{"hasync": "1"}`) rather than a parameter string.
fn options_flat(node: &Node) -> Vec<transport::TransportParam> {
    let Json::Obj(members) = &node.value else {
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|(k, v)| {
            Some(transport::TransportParam {
                key: k.name.clone(),
                value: v.scalar_text()?,
                key_span: k.span,
                value_span: inner_span(v),
                span: k.span,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json;
    use crate::model::Os;
    use std::path::Path;

    fn load(sources: &mut Sources, name: &str, text: &str) -> Node {
        let id = sources.add(Path::new(name), name.to_string(), text.to_string());
        json::parse(id, text).unwrap()
    }

    const EXPORT: &str = r#"{
  "hosts": [{"name": "cs-01", "ipAddress": "10.0.0.1", "osInfo": {"type": "Windows Server 2019"},
             "userProperties": {"security": {"certificate": "ab cd"}}}],
  "applications": [{
    "name": "MessageServer", "type": "CFGMessageServer",
    "serverInfo": {"host": {"type": "CfgHost", "name": "cs-01"}, "backupServer": "MessageServer_B"},
    "portInfos": [{"id": "default", "port": "4020", "transportParams": "tls=1;tls-mutual=1", "appParams": "hasync=1"}],
    "appServers": [{"appServer": "confserv", "id": "secure", "transportParams": "certificate=/a.pem"}],
    "options": {"security": {"tls-mutual": 1, "sec-protocol": "TLSv12"}}
  }]
}"#;

    #[test]
    fn an_export_becomes_hosts_and_applications_with_places() {
        let mut sources = Sources::default();
        let root = load(&mut sources, "export.json", EXPORT);
        assert!(is_export(&root));
        let mut m = Merged::default();
        m.add_export(&sources, root).unwrap();
        let Built { hosts, apps, .. } = m.build(&sources).unwrap();
        assert_eq!(hosts[0].os, Some(Os::Windows));
        assert_eq!(
            hosts[0].annex.get("security", "certificate").unwrap().value,
            "ab cd"
        );
        let ms = &apps[0];
        assert_eq!(ms.kind, "messageserver");
        assert_eq!(ms.host.as_ref().unwrap().name, "cs-01");
        assert_eq!(ms.backup.as_ref().unwrap().name, "MessageServer_B");
        assert!(ms.ports[0].tls() && ms.ports[0].ha_sync());
        assert_eq!(ms.ports[0].params[1].key_span.line, 7);
        assert_eq!(ms.conns[0].port_id, "secure");
        let mutual = ms.options.get("security", "tls-mutual").unwrap();
        assert_eq!((mutual.value.as_str(), mutual.value_span.line), ("1", 9));
    }

    #[test]
    fn the_same_object_twice_merges_but_a_conflict_is_an_error() {
        let mut sources = Sources::default();
        let a = load(
            &mut sources,
            "a.json",
            r#"{"hosts":[{"name":"h","ipAddress":"1"}]}"#,
        );
        let b = load(
            &mut sources,
            "b.json",
            r#"{"hosts":[{"ipAddress":"1","name":"h"}]}"#,
        );
        let c = load(
            &mut sources,
            "c.json",
            r#"{"hosts":[{"name":"h","ipAddress":"2"}]}"#,
        );
        let mut m = Merged::default();
        m.add_export(&sources, a).unwrap();
        m.add_export(&sources, b).unwrap();
        let e = m.add_export(&sources, c).unwrap_err();
        assert!(
            e.0.starts_with("c.json:1:") && e.0.contains("a.json:1"),
            "{e}"
        );
    }

    #[test]
    fn structural_mistakes_name_the_line() {
        let mut sources = Sources::default();
        let bad = load(
            &mut sources,
            "x.json",
            "{\"applications\": [\n {\"type\": \"x\"}]}",
        );
        let e = Merged::default().add_export(&sources, bad).unwrap_err();
        assert_eq!(e.0, "x.json:2:2: an entry of `applications` has no `name`");
    }

    fn built(files: &[(&str, &str)]) -> Result<Built> {
        let mut sources = Sources::default();
        let mut m = Merged::default();
        for (name, text) in files {
            let root = load(&mut sources, name, text);
            m.add_export(&sources, root)?;
        }
        m.build(&sources)
    }

    #[test]
    fn an_application_takes_its_type_from_its_template_even_in_another_file() {
        let b = built(&[
            (
                "applications.json",
                r#"{"__metadata__": {"formatName": "JSON", "formatVersion": "1.0.0"},
                "applications": [{"name": "UCS", "appPrototype": "UCS_851", "state": "enabled"},
                                 {"name": "Old", "type": "CFGStatServer"},
                                 {"name": "Lost", "appPrototype": "Nowhere"}]}"#,
            ),
            (
                "appPrototypes.json",
                r#"{"appPrototypes": [{"name": "UCS_851", "type": "contactserver", "version": "8.5.1"}]}"#,
            ),
        ])
        .unwrap();
        assert_eq!(b.apps[0].kind, "contactserver");
        assert_eq!(
            b.apps[0].type_origin,
            TypeOrigin::Prototype("UCS_851".into())
        );
        assert_eq!(
            (b.apps[1].kind.as_str(), &b.apps[1].type_origin),
            ("statserver", &TypeOrigin::Field)
        );
        assert!(
            matches!(&b.apps[2].type_origin, TypeOrigin::Unknown(w) if w.contains("`Nowhere` is not in the export"))
        );
    }

    #[test]
    fn binary_and_nested_values_are_read_with_their_shape() {
        let b = built(&[(
            "x.json",
            r#"{"applications": [{"name": "A", "options": {
                "custom": {"blob": ["AAEC"], "nested": {"k": "v"}, "n": 5},
                "security": {"certificate": {"oops": "x"}}}}]}"#,
        )])
        .unwrap();
        let o = &b.apps[0].options;
        let shape = |sec: &str, key: &str| o.all(sec).find(|e| e.key == key).unwrap().shape;
        assert_eq!(shape("custom", "blob"), Shape::Binary);
        assert_eq!(shape("custom", "nested"), Shape::Nested);
        assert_eq!(o.get("custom", "n").unwrap().value, "5");
        assert!(o.get("security", "certificate").is_none());
    }

    #[test]
    fn disabled_objects_and_applications_on_disabled_hosts_do_not_run() {
        let b = built(&[(
            "x.json",
            r#"{"hosts": [{"name": "h1", "state": "disabled"}, {"name": "h2", "state": "enabled"}],
                "applications": [{"name": "A", "serverInfo": {"host": "h1"}},
                                 {"name": "B", "serverInfo": {"host": "h2"}, "state": "disabled"},
                                 {"name": "C", "serverInfo": {"host": "h2"}}]}"#,
        )])
        .unwrap();
        let names: Vec<(&str, &str)> = b
            .disabled
            .iter()
            .map(|d| (d.name.as_str(), d.why.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("h1", "state `disabled`"),
                ("A", "its host h1 is disabled"),
                ("B", "state `disabled`")
            ]
        );
        assert_eq!(b.apps.len(), 1);
        assert_eq!(b.hosts.len(), 1);
    }

    #[test]
    fn the_raw_format_is_refused_with_what_to_do() {
        let e = built(&[(
            "raw.json",
            r#"{"__metadata__": {"formatName": "RAW"}, "CFGApplication": []}"#,
        )])
        .err()
        .unwrap();
        assert!(e.0.contains("RAW") && e.0.contains("--format JSON"), "{e}");
    }

    #[test]
    fn compact_json_leaves_out_false_flags() {
        let b = built(&[(
            "c.json",
            r#"{"__metadata__": {"formatName": "COMPACT_JSON"}, "applications": [{"name": "A"}]}"#,
        )])
        .unwrap();
        assert_eq!(b.apps[0].is_primary, Some(false));
    }
}
