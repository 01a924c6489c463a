//! Deployments exported the way mutagen (`mutagen config export --format JSON`) really
//! writes them: applications typed only through `appPrototype` → `appPrototypes`, short
//! enum names, plain-string references, option values of every shape, object states.

use crate::common::*;
use serde_json::{Value, json};

fn meta() -> Value {
    json!({"date": "2026-11-20T09:14:02.318", "formatName": "JSON", "formatVersion": "1.0.0",
           "host": "cs-01", "mutagenVersion": "1.9.3", "user": "genadmin"})
}

fn host(name: &str, os: &str, security: Value) -> Value {
    json!({"ipAddress": "10.0.0.1", "lcaPort": "4999", "name": name,
           "osInfo": {"type": os}, "state": "enabled", "type": "networkserver",
           "userProperties": {"security": security}})
}

fn unix_host(name: &str, cert: &str) -> Value {
    host(
        name,
        "redhatlinux",
        json!({"certificate": format!("/etc/sec/certs/{cert}_cert.pem"),
               "certificate-key": format!("/etc/sec/certs/{cert}_priv_key.pem"),
               "trusted-ca": "/etc/sec/ca/ca_cert.pem"}),
    )
}

fn prototype(name: &str, kind: &str) -> Value {
    json!({"name": name, "state": "enabled", "type": kind, "version": "8.5.1"})
}

fn port(id: &str, number: &str, params: &str) -> Value {
    json!({"id": id, "longField1": 0, "port": number, "transportParams": params})
}

fn conn(server: &str, id: &str) -> Value {
    json!({"appServer": server, "id": id, "mode": "tmnone", "timeoutLocal": 0})
}

fn application(name: &str, proto: &str, host: &str, ports: Value, conns: Value) -> Value {
    json!({"appPrototype": proto, "appServers": conns, "componentType": "appcomponentunknown",
           "isPrimary": true, "name": name, "portInfos": ports, "redundancyType": "htnohatype",
           "serverInfo": {"attempts": 1, "host": host, "timeout": 10}, "state": "enabled",
           "tenants": ["Environment"]})
}

/// A small site in mutagen's schema: a Configuration Server, a Message Server, a Java UCS
/// with its own (PKCS#8) key, all on UNIX hosts with host-level credentials.
fn site() -> Value {
    let mut ucs = application(
        "UCS",
        "UCS_851",
        "ucs-01.lab.example.com",
        json!([port("default", "5130", "tls=1")]),
        json!([conn("confserv", "secure")]),
    );
    ucs["options"] = json!({"security": {
        "certificate": "/etc/sec/certs/ucs_cert.pem",
        "certificate-key": "/etc/sec/certs/ucs_priv_key_NEW.pem",
        "trusted-ca": "/etc/sec/ca/ca_cert.pem"}});
    json!({
        "__metadata__": meta(),
        "appPrototypes": [prototype("ConfigServer_851", "configserver"),
                          prototype("MessageServer_851", "messageserver"),
                          prototype("UCS_851", "contactserver")],
        "applications": [
            application("confserv", "ConfigServer_851", "cs-01.lab.example.com",
                json!([port("default", "2020", ""), port("secure", "2021", "tls=1")]), json!([])),
            application("MessageServer", "MessageServer_851", "ms-01.lab.example.com",
                json!([port("default", "4020", "tls=1")]), json!([conn("confserv", "secure")])),
            ucs
        ],
        "hosts": [unix_host("cs-01.lab.example.com", "cs-01"),
                  unix_host("ms-01.lab.example.com", "ms-01"),
                  // UCS brings its own credentials: nothing at host level to shadow.
                  host("ucs-01.lab.example.com", "redhatlinux", json!({}))]
    })
}

fn lint(d: &Value, extra: &[&str]) -> Run {
    Scenario::new(d).lint(extra)
}

fn app_mut<'a>(d: &'a mut Value, name: &str) -> &'a mut Value {
    app(d, name)
}

#[test]
fn the_site_in_mutagens_schema_lints_clean() {
    assert_eq!(lint(&site(), &[]).rules(), Vec::<String>::new());
}

#[test]
fn a_java_application_typed_only_through_its_template_needs_a_pkcs8_key() {
    let mut d = site();
    app_mut(&mut d, "UCS")["options"]["security"]["certificate-key"] =
        json!("/etc/sec/certs/ucs_priv_key.pem");
    let run = lint(&d, &[]);
    assert_eq!(run.rules(), ids(&["java-key-format"]));
    assert!(app_mut(&mut d, "UCS").get("type").is_none());
}

#[test]
fn a_message_server_typed_through_its_template_gets_its_rules() {
    let mut d = site();
    app_mut(&mut d, "MessageServer")["portInfos"] = json!([
        port("default", "4020", "tls=1"),
        port("secondary", "4021", "tls=1")
    ]);
    // A centralized-log client must not write tls=1 on its connection.
    app_mut(&mut d, "UCS")["appServers"] = json!([
        conn("confserv", "secure"),
        {"appServer": "MessageServer", "id": "default", "transportParams": "tls=1"}
    ]);
    let rules = lint(&d, &[]).rules();
    assert!(
        rules.contains(&"message-server-secondary-port-tls".to_string()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"log-client-tls-flag".to_string()),
        "{rules:?}"
    );
}

#[test]
fn windows_short_names_are_windows() {
    for os in ["winnt", "windowsserver2008", "windows"] {
        let mut d = site();
        d["hosts"][1] = host(
            "ms-01.lab.example.com",
            os,
            json!({"certificate": "/etc/sec/certs/ms-01_cert.pem"}),
        );
        let rules = lint(&d, &[]).rules();
        assert!(
            rules.contains(&"windows-certificate-not-thumbprint".to_string()),
            "{os}: {rules:?}"
        );
    }
}

#[test]
fn a_host_without_a_known_os_says_which_checks_it_skipped() {
    let mut d = site();
    d["hosts"][1]["osInfo"] = json!({"type": "noos"});
    // Without a key, a UNIX port would be an error; on Windows it would be fine.
    d["hosts"][1]["userProperties"]["security"]
        .as_object_mut()
        .unwrap()
        .remove("certificate-key");
    let run = lint(&d, &[]);
    assert_eq!(run.rules(), ids(&["host-os-unknown"]));
    let msg = run.findings("host-os-unknown")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("`noos`") && msg.contains("secure-port-missing-key"),
        "{msg}"
    );
    // --platform says what the export does not.
    assert_eq!(
        lint(&d, &["--platform", "unix"]).rules(),
        ids(&["secure-port-missing-key"])
    );
}

#[test]
fn binary_and_nested_option_values_are_read_and_only_security_ones_are_findings() {
    let mut d = site();
    app_mut(&mut d, "confserv")["options"] = json!({
        "log": {"verbose": "standard", "segment": 10000},
        "custom": {"blob": ["AAECAw=="], "nested": {"inner": {"k": "v"}}}
    });
    assert_eq!(lint(&d, &[]).rules(), Vec::<String>::new());
    app_mut(&mut d, "confserv")["options"]["security"] = json!({"sec-protocol": {"v": "TLSv12"}});
    let run = lint(&d, &[]);
    assert_eq!(run.rules(), ids(&["invalid-option-value"]));
    assert!(
        run.findings("invalid-option-value")[0]["message"]
            .as_str()
            .unwrap()
            .contains("nested")
    );
}

#[test]
fn a_disabled_application_is_not_linted_and_a_connection_to_it_is_noted() {
    let mut d = site();
    let ms = app_mut(&mut d, "MessageServer");
    ms["state"] = json!("disabled");
    ms["portInfos"] = json!([port("default", "4020", "tls=1;tls-mutual=maybe")]);
    ms["options"] = json!({"security": {"certificate": "/nowhere.pem"}});
    app_mut(&mut d, "UCS")["appServers"] = json!([conn("MessageServer", "default")]);
    let s = Scenario::new(&d);
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["connection-to-disabled-server"]));
    assert_eq!(run.code, 0);
    let resolved = tlskit(["resolve", s.path().to_str().unwrap()]);
    assert!(
        resolved
            .stdout
            .contains("application MessageServer is disabled (state `disabled`)"),
        "{}",
        resolved.stdout
    );
    let verbose = tlskit(["lint", s.path().to_str().unwrap(), "--verbose"]);
    assert!(
        verbose
            .stderr
            .contains("not linted: application MessageServer (state `disabled`)"),
        "{}",
        verbose.stderr
    );
}

#[test]
fn a_transport_parameter_written_twice_takes_its_first_value_and_warns() {
    let mut d = site();
    app_mut(&mut d, "confserv")["portInfos"] = json!([
        port("default", "2020", ""),
        port("secure", "2021", "tls=0;tls=1")
    ]);
    let run = lint(&d, &[]);
    // The first, tls=0, wins: the port is in clear text, so the connections to it are too.
    assert_eq!(
        run.rules(),
        ids(&[
            "duplicate-transport-param",
            "plaintext-connection",
            "plaintext-connection"
        ])
    );
    let msg = run.findings("duplicate-transport-param")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("the first, `tls=0`, takes effect") && msg.contains("native libraries"),
        "{msg}"
    );
}

#[test]
fn an_export_without_templates_says_what_it_could_not_judge() {
    let mut d = site();
    d.as_object_mut().unwrap().remove("appPrototypes");
    // The PKCS#1 key would be java-key-format, but nothing says UCS is Java.
    app_mut(&mut d, "UCS")["options"]["security"]["certificate-key"] =
        json!("/etc/sec/certs/ucs_priv_key.pem");
    let s = Scenario::new(&d);
    let run = s.lint(&[]);
    assert_eq!(
        run.rules(),
        ids(&[
            "application-type-unknown",
            "application-type-unknown",
            "application-type-unknown"
        ])
    );
    let text = tlskit(["lint", s.path().to_str().unwrap()]);
    assert!(
        text.stdout.contains("3 notices") && !text.stdout.contains("0 notices"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("`UCS_851` is not in the export"),
        "{}",
        text.stdout
    );
}

#[test]
fn the_export_split_across_files_merges() {
    let d = site();
    let s = Scenario::empty();
    s.write("tlskit.toml", &windows_store_toml());
    for key in ["hosts", "appPrototypes", "applications"] {
        s.write(
            &format!("export/{key}.json"),
            &serde_json::to_string_pretty(&json!({"__metadata__": meta(), key: d[key]})).unwrap(),
        );
    }
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
}

#[test]
fn the_raw_format_is_refused_with_what_to_do() {
    let s = Scenario::empty();
    s.write(
        "raw.json",
        r#"{"__metadata__": {"formatName": "RAW", "formatVersion": "1.0.0"}, "CFGApplication": []}"#,
    );
    let run = tlskit(["lint", s.path().to_str().unwrap()]);
    assert_input_error(&run, "raw.json", "--format JSON");
}

#[test]
fn the_bundled_example_is_in_mutagens_schema_and_keeps_its_mistakes() {
    let export = repo().join("testdata/genesys-lab/export");
    for file in ["hosts.json", "appPrototypes.json", "applications.json"] {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(export.join(file)).unwrap()).unwrap();
        assert_eq!(doc["__metadata__"]["formatName"], "JSON", "{file}");
        if let Some(apps) = doc["applications"].as_array() {
            assert!(apps.iter().all(|a| a.get("type").is_none()), "{file}");
        }
    }
    let run = tlskit([
        "lint",
        repo().join("testdata/genesys-lab").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        run.rules(),
        ids(&[
            "client-missing-trusted-ca",
            "java-key-format",
            "lca-upgrade-mismatch",
            "secure-port-missing-certificate",
            "secure-port-missing-trusted-ca",
            "split-level-settings",
            "thumbprint-malformed",
            "transport-param-whitespace",
            "unknown-option"
        ])
    );
}

#[test]
fn the_legacy_example_with_type_fields_still_reads() {
    let run = tlskit([
        "lint",
        repo().join("testdata/legacy-export").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        run.rules(),
        ids(&["java-key-format", "message-server-secondary-port-tls"])
    );
}
