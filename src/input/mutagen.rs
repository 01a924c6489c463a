//! Deployment exports in the JSON that mutagen (`mutagen config export`) writes: top-level
//! `hosts` and `applications` arrays. Several exports merge; an object defined twice with
//! different content is an input error naming both files.

use std::collections::HashMap;

use super::json::{Json, Node};
use super::options::{OptEntry, OptSection, OptionMap};
use super::source::{Sources, Span};
use super::transport;
use crate::error::{InputError, Result};
use crate::model::{App, Conn, Host, Named, Os, Port, Runtime, normalize_type, parse_bool};

/// Upper bound on hosts plus applications in one run: far beyond real sites, low enough
/// that a hostile export cannot exhaust memory through object count alone.
pub const MAX_OBJECTS: usize = 200_000;

pub fn is_export(node: &Node) -> bool {
    matches!(node.value, Json::Obj(_))
        && ["hosts", "applications", "__metadata__"]
            .iter()
            .any(|k| node.get(k).is_some())
}

#[derive(Debug)]
struct Entry {
    name: String,
    node: Node,
}

/// Objects from every export of a run, by kind, in first-seen order.
#[derive(Debug, Default)]
pub struct Merged {
    hosts: Vec<Entry>,
    apps: Vec<Entry>,
    host_seen: HashMap<String, usize>,
    app_seen: HashMap<String, usize>,
}

fn err(sources: &Sources, span: Span, what: impl std::fmt::Display) -> InputError {
    InputError::at(sources.display(span.file), span.line, span.col, what)
}

impl Merged {
    pub fn add_export(&mut self, sources: &Sources, root: Node) -> Result<()> {
        // The export is taken apart, not copied: each host and application keeps its own
        // subtree (a deep copy of every object cost more than parsing the file).
        let Json::Obj(mut members) = root.value else {
            return Ok(());
        };
        for (field, is_host) in [("hosts", true), ("applications", false)] {
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
            let Json::Arr(items) = list.value else {
                return Err(err(
                    sources,
                    list.span,
                    format!("`{field}` must be an array, found {}", list.kind()),
                ));
            };
            for item in items {
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
                let (list, seen) = if is_host {
                    (&mut self.hosts, &mut self.host_seen)
                } else {
                    (&mut self.apps, &mut self.app_seen)
                };
                if let Some(&i) = seen.get(&name) {
                    let first = &list[i].node;
                    if !first.same_content(&item) {
                        return Err(err(
                            sources,
                            item.span,
                            format!(
                                "{} `{name}` is defined again with different content (first at {}:{})",
                                if is_host { "host" } else { "application" },
                                sources.display(first.span.file),
                                first.span.line
                            ),
                        ));
                    }
                    continue;
                }
                if list.len() >= MAX_OBJECTS {
                    return Err(err(
                        sources,
                        item.span,
                        format!("more than {MAX_OBJECTS} objects of one kind"),
                    ));
                }
                seen.insert(name.clone(), list.len());
                list.push(Entry { name, node: item });
            }
        }
        Ok(())
    }

    pub fn build(self, sources: &Sources) -> Result<(Vec<Host>, Vec<App>)> {
        let hosts = self
            .hosts
            .into_iter()
            .map(|e| build_host(sources, e))
            .collect::<Result<Vec<_>>>()?;
        let apps = self
            .apps
            .into_iter()
            .map(|e| build_app(sources, e))
            .collect::<Result<Vec<_>>>()?;
        Ok((hosts, apps))
    }
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
            let text = match value.scalar_text() {
                Some(t) => t,
                None if matches!(value.value, Json::Null) => String::new(),
                None => {
                    return Err(err(
                        sources,
                        value.span,
                        format!(
                            "option `{}/{}` must be a string, number or boolean, found {}",
                            section.name,
                            key.name,
                            value.kind()
                        ),
                    ));
                }
            };
            sec.entries.push(OptEntry {
                key: key.name.clone(),
                key_span: key.span.shifted(1, key.name.chars().count().max(1)),
                value: text,
                value_span: inner_span(value),
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

fn build_host(sources: &Sources, e: Entry) -> Result<Host> {
    let n = &e.node;
    let os = match n.get("osInfo") {
        Some(info) => match info.get("type").and_then(Node::scalar_text) {
            Some(t) if t.to_ascii_lowercase().starts_with("windows") => Some(Os::Windows),
            Some(_) => Some(Os::Unix),
            None => None,
        },
        None => None,
    };
    Ok(Host {
        name: e.name,
        ip: string_field(sources, n, "ipAddress")?.map(|(s, _)| s),
        os,
        annex: options(sources, n.get("userProperties"), "userProperties")?,
        span: n.span,
    })
}

fn build_app(sources: &Sources, e: Entry) -> Result<App> {
    let n = &e.node;
    let type_raw = string_field(sources, n, "type")?
        .map(|(s, _)| s)
        .unwrap_or_default();
    let info = n.get("serverInfo");
    let host = match info.and_then(|i| i.get("host")).or_else(|| n.get("host")) {
        Some(h) => reference(sources, h, "serverInfo.host")?,
        None => None,
    };
    let backup = match info.and_then(|i| i.get("backupServer")) {
        Some(b) => reference(sources, b, "serverInfo.backupServer")?,
        None => None,
    };
    let flag = |key: &str| {
        n.get(key)
            .and_then(Node::scalar_text)
            .and_then(|t| parse_bool(&t))
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
    Ok(App {
        name: e.name,
        kind: normalize_type(&type_raw),
        type_raw,
        host,
        backup,
        is_primary: flag("isPrimary"),
        is_server: flag("isServer"),
        ports,
        conns,
        options: options(sources, n.get("options"), "options")?,
        annex: options(sources, n.get("userProperties"), "userProperties")?,
        runtime: Runtime::Native,
        span: n.span,
    })
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
        let (hosts, apps) = m.build(&sources).unwrap();
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
}
