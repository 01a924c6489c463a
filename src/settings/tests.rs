use super::*;

#[test]
fn longest_whole_component_prefix_wins() {
    let mut m = PathMap::default();
    m.global.push(Mapping {
        from: "/etc/sec".into(),
        to: "certs".into(),
    });
    m.global.push(Mapping {
        from: "/etc/sec/ca".into(),
        to: "ca".into(),
    });
    assert_eq!(
        m.map(None, "/etc/sec/certs/a.pem"),
        Some("certs/certs/a.pem".into())
    );
    assert_eq!(
        m.map(None, "/etc/sec/ca/root.pem"),
        Some("ca/root.pem".into())
    );
    assert_eq!(m.map(None, "/etc/secret/a.pem"), None);
    assert_eq!(m.map(None, "etc/sec/a.pem"), None);
}

#[test]
fn windows_paths_map_case_insensitively_and_hosts_first() {
    let mut m = PathMap::default();
    m.global.push(Mapping {
        from: "C:\\Certs".into(),
        to: "win".into(),
    });
    m.per_host.insert(
        "h1".into(),
        vec![Mapping {
            from: "c:\\certs".into(),
            to: "h1".into(),
        }],
    );
    assert_eq!(m.map(None, "c:\\CERTS\\x.pem"), Some("win/x.pem".into()));
    assert_eq!(
        m.map(Some("h1"), "C:\\certs\\x.pem"),
        Some("h1/x.pem".into())
    );
}

#[test]
fn lines_are_counted_from_one_index() {
    let text = "a\nb\n\nc";
    let lines = Lines::new(text);
    for offset in 0..text.len() {
        assert_eq!(lines.of(offset), line_of(text, offset), "{offset}");
    }
}

/// The rule ids these tests use.
fn known(id: &str) -> std::result::Result<(), Option<&'static str>> {
    match id {
        "plaintext-connection" | "shadowed-setting" | "no-password-history" => Ok(()),
        "plaintext-conection" => Err(Some("plaintext-connection")),
        _ => Err(None),
    }
}

#[test]
fn suppressions_need_a_reason_and_an_object() {
    let p = Path::new("/x/tlskit.toml");
    let no_reason = "[[suppress]]\nrule = \"plaintext-connection\"\napplication = \"A\"\n";
    let e = Settings::parse(p, no_reason, known).unwrap_err();
    assert!(
        e.0.contains("/x/tlskit.toml:1") && e.0.contains("no reason"),
        "{e}"
    );
    let no_object = "\n[[suppress]]\nrule = \"plaintext-connection\"\nreason = \"r\"\n";
    let e = Settings::parse(p, no_object, known).unwrap_err();
    assert!(e.0.contains("names no object"), "{e}");
    let ok = "[[suppress]]\nrule = \"plaintext-connection\"\napplication = \"A\"\nreason = \"isolated VLAN\"\n";
    assert_eq!(Settings::parse(p, ok, known).unwrap().suppressions.len(), 1);
}

#[test]
fn java_release_accepts_only_modelled_releases() {
    let p = Path::new("/x/tlskit.toml");
    let s = Settings::parse(p, "java-release = 17\n", known).unwrap();
    assert_eq!(s.java_release(), 17);
    assert_eq!(Settings::parse(p, "", known).unwrap().java_release(), 17);
    let e = Settings::parse(p, "\njava-release = 11\n", known).unwrap_err();
    assert!(
        e.0.contains("/x/tlskit.toml:2") && e.0.contains("models JDK 17 only"),
        "{e}"
    );
}

#[test]
fn severity_overrides_and_mappings_parse() {
    let text = "expiry-warn-days = 60\n[rules]\nplaintext-connection = \"off\"\nshadowed-setting = \"warning\"\n[path-map]\n\"/etc/sec\" = \"certs\"\n[path-map.hosts.\"cs-01\"]\n\"/etc/sec\" = \"cs01\"\n";
    let s = Settings::parse(Path::new("/d/tlskit.toml"), text, known).unwrap();
    assert_eq!(s.expiry_warn_days, Some(60));
    assert_eq!(s.severity["plaintext-connection"], None);
    assert_eq!(s.severity["shadowed-setting"], Some(Severity::Warning));
    assert_eq!(s.path_map.global[0].to, PathBuf::from("/d/certs"));
    assert_eq!(s.path_map.per_host["cs-01"][0].to, PathBuf::from("/d/cs01"));
    let bad = Settings::parse(
        Path::new("t.toml"),
        "[rules]\nno-such-rule = \"off\"\n",
        known,
    );
    assert!(bad.unwrap_err().0.contains("unknown rule"));
    let sel = Settings::parse(
        Path::new("t.toml"),
        "[rules]\nselect = [\"tls\", \"no-password-history\"]\nignore = [\"posture\"]\nplaintext-connection = \"off\"\n",
        known,
    )
    .unwrap();
    assert_eq!(
        sel.select.as_deref(),
        Some(&["tls".to_string(), "no-password-history".to_string()][..])
    );
    assert_eq!(sel.ignore, vec!["posture".to_string()]);
    assert_eq!(sel.severity["plaintext-connection"], None);
    let bad_family = Settings::parse(Path::new("t.toml"), "[rules]\nselect = [\"ssl\"]\n", known);
    assert!(bad_family.unwrap_err().0.contains("neither a rule family"));
    let not_list = Settings::parse(
        Path::new("t.toml"),
        "[rules]\nignore = \"posture\"\n",
        known,
    );
    assert!(not_list.unwrap_err().0.contains("must be a list"));
    let typo = Settings::parse(Path::new("t.toml"), "\n\nexpiry-days = 3\n", known);
    assert!(typo.unwrap_err().0.starts_with("t.toml:3:"));
}
