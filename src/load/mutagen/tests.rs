use super::*;
use crate::input::json;
use crate::model::Os;
use std::path::Path;

/// Reads the exports in order into one merge, the last as `load` reads it.
fn merge(files: &[(&str, &str)]) -> Result<Merged> {
    let mut sources = Sources::default();
    let mut m = Merged::default();
    for (i, (name, text)) in files.iter().enumerate() {
        let id = sources.add(Path::new(name), name.to_string(), text.to_string());
        let doc = json::parse(id, sources.get(id)).unwrap();
        if i + 1 == files.len() {
            m.add_last_export(&sources, doc.root())?;
        } else {
            m.add_export(&sources, doc.root())?;
        }
    }
    Ok(m)
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
    let Built { hosts, apps, .. } = built(&[("export.json", EXPORT)]).unwrap();
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
    let a = ("a.json", r#"{"hosts":[{"name":"h","ipAddress":"1"}]}"#);
    let b = ("b.json", r#"{"hosts":[{"ipAddress":"1","name":"h"}]}"#);
    let c = ("c.json", r#"{"hosts":[{"name":"h","ipAddress":"2"}]}"#);
    assert!(merge(&[a, b]).is_ok());
    let e = merge(&[a, b, c]).err().unwrap();
    assert!(
        e.0.starts_with("c.json:1:") && e.0.contains("a.json:1"),
        "{e}"
    );
}

#[test]
fn an_object_twice_in_the_last_export_is_compared_as_in_any_other() {
    let same = (
        "a.json",
        "{\"hosts\":[{\"name\":\"h\",\"ipAddress\":\"1\"},\n{\"ipAddress\":\"1\", \"name\":\"h\"}]}",
    );
    assert!(merge(&[same]).is_ok());
    let conflict = (
        "b.json",
        "{\"hosts\":[{\"name\":\"h\",\"ipAddress\":\"1\"},\n{\"name\":\"h\",\"ipAddress\":\"2\"}]}",
    );
    let e = merge(&[conflict]).err().unwrap();
    assert!(
        e.0.starts_with("b.json:2:") && e.0.contains("(first at b.json:1)"),
        "{e}"
    );
    // Defined in an earlier export, then twice in the last: each compared with the first.
    let earlier = ("x.json", r#"{"hosts":[{"name":"h","ipAddress":"1"}]}"#);
    assert!(merge(&[earlier, same]).is_ok());
    let e = merge(&[earlier, conflict]).err().unwrap();
    assert!(
        e.0.starts_with("b.json:2:") && e.0.contains("x.json:1"),
        "{e}"
    );
}

#[test]
fn structural_mistakes_name_the_line() {
    let e = merge(&[("x.json", "{\"applications\": [\n {\"type\": \"x\"}]}")])
        .err()
        .unwrap();
    assert_eq!(e.0, "x.json:2:2: an entry of `applications` has no `name`");
}

fn built(files: &[(&str, &str)]) -> Result<Built> {
    merge(files)?.build()
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
