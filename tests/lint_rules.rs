//! Every phase-C rule (and the file rules): a realistic deployment that lints clean, and the
//! same deployment with one mistake that raises exactly the findings it should.

use crate::common::*;
use serde_json::json;

#[test]
fn the_realistic_baseline_lints_clean() {
    let run = Scenario::new(&clean()).lint(&[]);
    assert_eq!(run.rules(), Vec::<String>::new(), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn a_miscased_or_misspelt_option_is_unknown_with_a_suggestion() {
    let mut d = clean();
    app(&mut d, "UCS")["options"]["security"]["Tls-Mutual"] = json!("1");
    let run = Scenario::new(&d).lint(&[]);
    assert_eq!(run.rules(), ids(&["unknown-option"]));
    let f = &run.findings("unknown-option")[0];
    assert!(f["help"].as_str().unwrap().contains("`tls-mutual`"), "{f}");
    assert_eq!(f["location"]["key"], "Tls-Mutual");
}

#[test]
fn values_outside_their_set_are_invalid() {
    let found = lint_changed(|d| {
        let sec = &mut host(d, "ucs-01")["userProperties"]["security"];
        sec["sec-protocol"] = json!("TLSv1.2");
        sec["tls-target-name-check"] = json!("yes");
        app(d, "SCS")["portInfos"][0]["transportParams"] = json!("tls=maybe");
    });
    assert_eq!(
        found,
        ids(&[
            "invalid-option-value",
            "invalid-option-value",
            "invalid-option-value"
        ])
    );
}

#[test]
fn valid_values_in_every_spelling_are_accepted() {
    let found = lint_changed(|d| {
        let sec = &mut host(d, "ucs-01")["userProperties"]["security"];
        sec["sec-protocol"] = json!("TLSv13");
        sec["tls-target-name-check"] = json!("Host");
        app(d, "SCS")["portInfos"][0]["transportParams"] = json!("tls=true");
        app(d, "SCS")["options"] = json!({"security": {"tls-target-name-check": "no"}});
    });
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn removed_protocol_values_raise_only_their_own_rule() {
    let found = lint_changed(|d| {
        host(d, "ms-01")["userProperties"]["security"]["sec-protocol"] = json!("TLSv11");
    });
    assert_eq!(found, ids(&["sec-protocol-removed-value"]));
}

#[test]
fn an_option_written_twice_is_a_duplicate_and_the_last_wins() {
    let s = Scenario::new(&clean());
    s.write(
        "options/SCS.cfg",
        "[security]\nsec-protocol=TLSv12\nsec-protocol=TLSv13\n",
    );
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["duplicate-option"]));
    let f = &run.findings("duplicate-option")[0];
    assert!(f["message"].as_str().unwrap().contains("`TLSv13`"), "{f}");
    assert_eq!(f["location"]["line"], 3);
    let resolved = tlskit(["resolve", s.path().to_str().unwrap(), "--format", "json"]).json();
    let scs = resolved["ports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["application"] == "SCS")
        .unwrap()
        .clone();
    let sp = scs["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["key"] == "sec-protocol")
        .unwrap()
        .clone();
    assert_eq!(sp["value"], "TLSv13");
}

#[test]
fn whitespace_in_transport_parameters_is_reported_once_and_not_as_unknown() {
    let found = lint_changed(|d| {
        app(d, "SCS")["portInfos"][0]["transportParams"] = json!("tls = 1");
    });
    // The port is no longer secure, so the connections to it carry nothing to check.
    assert_eq!(found, ids(&["transport-param-whitespace"]));
}

#[test]
fn unknown_transport_parameters_are_reported() {
    let found = lint_changed(|d| {
        app(d, "SCS")["portInfos"][0]["transportParams"] = json!("tls=1;tls-mutal=1");
    });
    assert_eq!(found, ids(&["transport-param-unknown"]));
}

#[test]
fn tls_at_application_or_host_level_does_not_secure_anything() {
    let found = lint_changed(|d| {
        host(d, "cs-01")["userProperties"]["security"]["tls"] = json!("1");
        app(d, "StatServer")["options"] = json!({"security": {"tls": "1"}});
    });
    assert_eq!(
        found,
        ids(&["tls-flag-not-on-port", "tls-flag-not-on-port"])
    );
}

#[test]
fn certificate_on_the_host_and_key_on_the_application_is_a_split_level() {
    let run = {
        let mut d = clean();
        app(&mut d, "MessageServer")["options"] =
            json!({"security": {"certificate-key": "/etc/sec/certs/ms-01_priv_key.pem"}});
        Scenario::new(&d).lint(&[])
    };
    let found = run.rules();
    assert!(
        found.contains(&"split-level-settings".to_string()),
        "{found:?}"
    );
    let f = &run.findings("split-level-settings")[0];
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("certificate (host annex") && msg.contains("trusted-ca (host annex"),
        "{msg}"
    );
    assert_eq!(f["location"]["key"], "certificate-key");
    assert_eq!(f["related"].as_array().unwrap().len(), 2);
    // The consequences are reported by their own rules.
    assert_eq!(
        found,
        ids(&[
            "client-missing-trusted-ca",
            "secure-port-missing-certificate",
            "secure-port-missing-trusted-ca",
            // The host's certificate-key is set at the level the group comes from, but
            // every consumer takes the application's: dead configuration.
            "shadowed-setting",
            "split-level-settings",
        ])
    );
}

#[test]
fn a_whole_group_at_one_level_is_not_split() {
    let found = lint_changed(|d| {
        app(d, "MessageServer")["options"] = json!({"security": {
            "certificate": "/etc/sec/certs/ms-01_cert.pem",
            "certificate-key": "/etc/sec/certs/ms-01_priv_key.pem",
            "trusted-ca": "/etc/sec/ca/ca_cert.pem"}});
    });
    // The host's group is now used by nobody on ms-01: that is worth a notice each.
    assert_eq!(
        found,
        ids(&["shadowed-setting", "shadowed-setting", "shadowed-setting"])
    );
}

#[test]
fn a_host_value_every_port_overrides_is_shadowed() {
    let found = lint_changed(|d| {
        host(d, "ms-01")["userProperties"]["security"]["sec-protocol"] = json!("TLSv12");
        let ms = app(d, "MessageServer");
        ms["portInfos"][0]["transportParams"] = json!("tls=1;tls-mutual=1;sec-protocol=TLSv13");
        ms["appServers"][0]["transportParams"] = json!("sec-protocol=TLSv13");
    });
    assert_eq!(found, ids(&["shadowed-setting"]));
}

#[test]
fn tls_mutual_apart_from_the_certificate_is_a_level_mismatch() {
    let found = lint_changed(|d| {
        app(d, "StatServer")["options"] = json!({"security": {"tls-mutual": "1"}});
    });
    assert_eq!(found, ids(&["mutual-level-mismatch"]));
    // tls-mutual in the port's transport parameters is always right.
    let found = lint_changed(|d| {
        app(d, "StatServer")["portInfos"][0]["transportParams"] = json!("tls=1;tls-mutual=1");
    });
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_crl_apart_from_the_certificates_is_a_level_mismatch() {
    let found = lint_changed(|d| {
        app(d, "StatServer")["options"] = json!({"security": {"crl": "/etc/sec/ca/ca_cert.pem"}});
    });
    // ca_cert.pem is no CRL either: the file rule says so.
    assert_eq!(found, ids(&["crl-level-mismatch", "file-unreadable"]));
}

#[test]
fn crl_option_names_follow_the_runtime() {
    let s = Scenario::new(&{
        let mut d = clean();
        host(&mut d, "ucs-01")["userProperties"]["security"]["tls-crl"] = json!("/etc/sec/crl.pem");
        app(&mut d, "UCS")["options"]["security"]["crl"] = json!("/etc/sec/crl.pem");
        d
    });
    let map = format!(
        "/etc/sec/crl.pem={}",
        lab_certs().join("ca/crl.pem").display()
    );
    let run = s.lint(&["--path-map", &map]);
    // UCS writes `crl`, which it does not read; it does read the host's `tls-crl`, which
    // stands at another level than its certificates. Stat Server reads no `tls-crl`.
    assert_eq!(
        run.rules(),
        ids(&["crl-level-mismatch", "crl-option-name", "crl-option-name"])
    );
    // The right names for each runtime raise nothing.
    let s = Scenario::new(&{
        let mut d = clean();
        host(&mut d, "ucs-01")["userProperties"]["security"]["crl"] = json!("/etc/sec/crl.pem");
        app(&mut d, "UCS")["options"]["security"]["tls-crl"] = json!("/etc/sec/crl.pem");
        d
    });
    assert_eq!(s.lint(&["--path-map", &map]).rules(), Vec::<String>::new());
}

#[test]
fn name_checks_on_the_server_side_have_no_effect() {
    let found = lint_changed(|d| {
        app(d, "TServer_SIP")["portInfos"][0]["transportParams"] =
            json!("tls=1;tls-target-name-check=host");
        // The Configuration Servers have ports but no client connections at all.
        for cs in ["confserv", "confserv_backup"] {
            app(d, cs)["options"] = json!({"security": {"tls-target-name-check": "host"}});
        }
        // SCS is a client too: there it is right.
        app(d, "SCS")["options"] = json!({"security": {"tls-target-name-check": "host"}});
    });
    assert_eq!(
        found,
        ids(&[
            "target-name-check-on-server",
            "target-name-check-on-server",
            "target-name-check-on-server"
        ])
    );
}

#[test]
fn unreadable_lines_and_orphan_keys_are_ini_syntax() {
    let s = Scenario::new(&clean());
    s.write(
        "options/SCS.cfg",
        "sec-protocol=TLSv12\n[security\ncertificate /x.pem\n[security]\n",
    );
    assert_eq!(
        s.lint(&[]).rules(),
        ids(&["ini-syntax", "ini-syntax", "ini-syntax"])
    );
}

#[test]
fn connections_to_unknown_servers_and_ports_are_unresolved() {
    let found = lint_changed(|d| {
        let scs = app(d, "SCS");
        scs["appServers"] = json!([
            {"appServer": "NoSuchServer", "id": "default"},
            {"appServer": "MessageServer", "id": "secure"},
            {"appServer": "SCS", "id": "default"}
        ]);
    });
    // SCS connecting to itself is odd but resolvable: its own port is secure.
    assert_eq!(
        found,
        ids(&["unresolved-reference", "unresolved-reference"])
    );
}

#[test]
fn a_secure_port_without_certificate_key_and_ca_is_three_errors() {
    let found = lint_changed(|d| {
        host(d, "ms-01")["userProperties"] = json!({});
    });
    assert_eq!(
        found,
        ids(&[
            "client-missing-trusted-ca",
            "secure-port-missing-certificate",
            "secure-port-missing-key",
            "secure-port-missing-trusted-ca",
        ])
    );
}

#[test]
fn a_java_server_needs_no_trusted_ca_for_its_port() {
    let found = lint_changed(|d| {
        let sec = &mut app(d, "UCS")["options"]["security"];
        sec.as_object_mut().unwrap().remove("trusted-ca");
    });
    // The host's trusted-ca is now split off (the group comes from the application), but
    // no secure-port-missing-trusted-ca: that is a native UNIX requirement.
    assert_eq!(found, ids(&["split-level-settings"]));
}

#[test]
fn a_native_unix_client_needs_a_trusted_ca() {
    let found = lint_changed(|d| {
        host(d, "cs-01")["userProperties"]["security"]
            .as_object_mut()
            .unwrap()
            .remove("trusted-ca");
    });
    // cs-01 hosts confserv and SCS: their ports and SCS's connections lose the CA.
    assert_eq!(
        found,
        ids(&[
            "client-missing-trusted-ca",
            "client-missing-trusted-ca",
            "secure-port-missing-trusted-ca",
            "secure-port-missing-trusted-ca",
        ])
    );
}

#[test]
fn mutual_tls_needs_a_client_certificate() {
    let found = lint_changed(|d| {
        // SCS gets its own client settings at connection level: CA only. The host's
        // certificate no longer applies to that connection.
        app(d, "SCS")["appServers"][1]["transportParams"] =
            json!("trusted-ca=/etc/sec/ca/ca_cert.pem");
    });
    assert_eq!(
        found,
        ids(&["mutual-client-missing-certificate", "split-level-settings"])
    );
}

#[test]
fn tls_options_on_a_clear_text_connection_are_misleading() {
    let found = lint_changed(|d| {
        app(d, "StatServer")["portInfos"] = json!([
            {"id": "default", "port": "3000", "transportParams": ""}
        ]);
        app(d, "TServer_SIP")["appServers"][1]["transportParams"] = json!("tls-mutual=1");
    });
    assert_eq!(
        found,
        ids(&["plaintext-connection", "tls-options-on-insecure-connection"])
    );
}

#[test]
fn windows_native_applications_take_thumbprints_not_paths() {
    let found = lint_changed(|d| {
        host(d, "ts-01")["userProperties"]["security"] = json!({
            "certificate": "C:\\certs\\ts-01_cert.pem",
            "certificate-key": "C:\\certs\\ts-01_priv_key.pem"});
    });
    assert_eq!(
        found,
        ids(&["windows-certificate-not-thumbprint", "windows-key-ignored",])
    );
}

#[test]
fn a_thumbprint_with_a_non_hex_digit_is_malformed() {
    let found = lint_changed(|d| {
        host(d, "ts-01")["userProperties"]["security"]["certificate"] =
            json!("61 cc b8 76 3c ap 2a ff 00 13 98 6d 8e 51 7c 41 47 be f5 ee");
    });
    assert_eq!(found, ids(&["thumbprint-malformed"]));
}

#[test]
fn tls_on_a_secondary_message_server_port_is_unsupported() {
    let found = lint_changed(|d| {
        let ms = app(d, "MessageServer");
        ms["portInfos"] = json!([
            {"id": "default", "port": "4020", "transportParams": "tls=1;tls-mutual=1"},
            {"id": "secure2", "port": "4021", "transportParams": "tls=1"}
        ]);
    });
    assert_eq!(found, ids(&["message-server-secondary-port-tls"]));
}

#[test]
fn a_log_client_must_not_set_tls_on_its_connection() {
    let found = lint_changed(|d| {
        app(d, "SCS")["appServers"][1]["transportParams"] = json!("tls=1");
    });
    assert_eq!(found, ids(&["log-client-tls-flag"]));
}

#[test]
fn ha_sync_ports_take_no_port_level_certificate() {
    let found = lint_changed(|d| {
        for name in ["confserv", "confserv_backup"] {
            let cs = app(d, name);
            cs["portInfos"].as_array_mut().unwrap().push(json!({
                "id": "hasync", "port": "2022",
                "transportParams": if name == "confserv" {
                    "tls=1;certificate=/etc/sec/certs/cs-01_cert.pem;certificate-key=/etc/sec/certs/cs-01_priv_key.pem;trusted-ca=/etc/sec/ca/ca_cert.pem"
                } else { "tls=1" },
                "appParams": "hasync=1"}));
        }
    });
    assert_eq!(found, ids(&["ha-port-level-certificate"]));
}

#[test]
fn ha_pairs_need_the_same_ports_and_modes() {
    let found = lint_changed(|d| {
        app(d, "confserv_backup")["portInfos"] = json!([
            {"id": "default", "port": "2020", "transportParams": "tls=1"},
            {"id": "other", "port": "2023", "transportParams": ""}
        ]);
    });
    // secure missing on the backup, default differs in mode, other missing on the primary.
    assert_eq!(
        found,
        ids(&["ha-port-mismatch", "ha-port-mismatch", "ha-port-mismatch"])
    );
}

#[test]
fn ha_pairs_need_the_same_tls_settings_and_their_own_certificates() {
    let found = lint_changed(|d| {
        app(d, "confserv")["options"] = json!({"security": {"sec-protocol": "TLSv13"}});
    });
    assert_eq!(found, ids(&["ha-config-mismatch"]));
    let found = lint_changed(|d| {
        for name in ["confserv", "confserv_backup"] {
            app(d, name)["options"] = json!({"security": {
                "certificate": "/etc/sec/certs/cs-01_cert.pem",
                "certificate-key": "/etc/sec/certs/cs-01_priv_key.pem",
                "trusted-ca": "/etc/sec/ca/ca_cert.pem"}});
        }
    });
    // The backup on cs-02 presents cs-01's certificate; cs-02's host group is unused.
    assert!(
        found.contains(&"ha-config-mismatch".to_string()),
        "{found:?}"
    );
    assert_eq!(
        found.iter().filter(|r| *r == "ha-config-mismatch").count(),
        1
    );
}

#[test]
fn lca_upgrade_needs_the_host_annex_to_agree() {
    let s = Scenario::new(&clean());
    s.write(
        "hosts/ms-01/lca.cfg",
        "[security]\nupgrade=1\ncertificate=/etc/sec/certs/ms-01_cert.pem\ncertificate-key=/etc/sec/certs/ms-01_priv_key.pem\ntrusted-ca=/etc/sec/ca/ca_cert.pem\n",
    );
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["lca-upgrade-mismatch"]));
    assert_eq!(
        run.findings("lca-upgrade-mismatch")[0]["object"]["host"],
        "ms-01.lab.example.com"
    );
    let mut d = clean();
    host(&mut d, "ms-01")["userProperties"]["security"]["lca-upgrade"] = json!("1");
    let s2 = Scenario::new(&d);
    s2.write(
        "hosts/ms-01/lca.cfg",
        &std::fs::read_to_string(s.path().join("hosts/ms-01/lca.cfg")).unwrap(),
    );
    assert_eq!(s2.lint(&[]).rules(), Vec::<String>::new());
}

#[test]
fn gda_tls_needs_the_host_annex_to_agree() {
    let mut d = clean();
    host(&mut d, "cs-01")["userProperties"]["security"]["gda-tls"] = json!("1");
    let s = Scenario::new(&d);
    s.write("hosts/cs-01.lab.example.com/gda.cfg", "[security]\ntls=0\n");
    assert_eq!(s.lint(&[]).rules(), ids(&["gda-tls-mismatch"]));
}

#[test]
fn a_java_application_with_an_rsa_key_cannot_read_it() {
    let found = lint_changed(|d| {
        app(d, "UCS")["options"]["security"]["certificate-key"] =
            json!("/etc/sec/certs/ucs_priv_key.pem");
    });
    assert_eq!(found, ids(&["java-key-format"]));
}

#[test]
fn one_host_key_for_java_and_native_applications_conflicts() {
    let found = lint_changed(|d| {
        app(d, "UCS").as_object_mut().unwrap().remove("options");
    });
    // UCS now uses the host's PKCS#1 key, which is also the native Stat Server's.
    assert_eq!(found, ids(&["host-key-mixed-runtimes", "java-key-format"]));
}

#[test]
fn missing_and_wrong_files_are_reported_at_the_option() {
    let run = {
        let mut d = clean();
        let sec = &mut host(&mut d, "ucs-01")["userProperties"]["security"];
        sec["certificate"] =
            json!("/etc/sec/certs/ucs-01_cert.pem,/etc/sec/certs/intermediate.pem");
        sec["trusted-ca"] = json!("/etc/sec/certs/ucs-01_priv_key.pem");
        Scenario::new(&d).lint(&[])
    };
    assert_eq!(run.rules(), ids(&["file-not-found", "file-unreadable"]));
    let nf = &run.findings("file-not-found")[0];
    assert!(
        nf["message"].as_str().unwrap().contains("intermediate.pem"),
        "{nf}"
    );
    let ur = &run.findings("file-unreadable")[0];
    assert!(
        ur["message"]
            .as_str()
            .unwrap()
            .contains("BEGIN RSA PRIVATE KEY"),
        "{ur}"
    );
}

#[test]
fn a_directory_or_device_named_as_a_file_is_unreadable_not_a_hang() {
    let found = lint_changed(|d| {
        host(d, "ucs-01")["userProperties"]["security"]["trusted-ca"] = json!("/dev/zero");
    });
    assert_eq!(found, ids(&["file-unreadable"]));
}

#[test]
fn a_windows_host_running_a_java_application_still_needs_its_host_files() {
    // The Java application reads the host-level paths as files; the Windows store is not
    // where it looks, so the files are checked (and here, missing).
    let found = lint_changed(|d| {
        host(d, "ts-01")["userProperties"]["security"] = json!({
            "certificate": "C:\\certs\\ts-01_cert.pem",
            "certificate-key": "C:\\certs\\ts-01_priv_key.pem"});
        app(d, "UCS")["serverInfo"]["host"] = json!("ts-01.lab.example.com");
    });
    assert_eq!(
        found.iter().filter(|r| *r == "file-not-found").count(),
        2,
        "{found:?}"
    );
}

/// A thumbprint pasted from the Windows Certificates console starts with the bytes
/// E2 80 8E (U+200E LEFT-TO-RIGHT MARK): it is a malformed thumbprint, named as such with
/// the character and the cleaned value, not a file that cannot be found.
#[test]
fn a_thumbprint_pasted_from_mmc_names_its_invisible_mark() {
    let fixture = repo().join("testdata/rules/thumbprint-malformed/good");
    let dir = tempfile::tempdir().unwrap();
    let export = std::fs::read(fixture.join("export.json")).unwrap();
    let clean = b"\"9c cf 69 c3";
    let at = export
        .windows(clean.len())
        .position(|w| w == clean)
        .expect("the fixture's thumbprint");
    let mut pasted = export[..=at].to_vec();
    pasted.extend_from_slice(&[0xE2, 0x80, 0x8E]);
    pasted.extend_from_slice(&export[at + 1..]);
    std::fs::write(dir.path().join("export.json"), pasted).unwrap();
    std::fs::write(
        dir.path().join("tlskit.toml"),
        format!(
            "windows-store = {:?}\n",
            lab_certs().join("windows").display().to_string()
        ),
    )
    .unwrap();
    let run = tlskit([
        "lint",
        "--format",
        "json",
        "--at",
        "2030-06-01T00:00:00Z",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        run.rules(),
        ids(&["thumbprint-malformed"]),
        "{}",
        run.stdout
    );
    let f = &run.findings("thumbprint-malformed")[0];
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("U+200E LEFT-TO-RIGHT MARK at character 1")
            && message.contains("Windows Certificates console"),
        "{message}"
    );
    assert_eq!(
        f["help"].as_str().unwrap(),
        "retype it without the invisible characters: certificate = 9c cf 69 c3 98 6a 12 59 c6 e5 23 52 39 7b 2f fc fa 6d 68 5a"
    );
    // Text output shows the mark as an escape, never raw.
    let text = tlskit([
        "lint",
        "--at",
        "2030-06-01T00:00:00Z",
        dir.path().to_str().unwrap(),
    ]);
    assert!(text.stdout.contains("`\\u{200E}9c cf"), "{}", text.stdout);
    assert!(!text.stdout.contains('\u{200E}'));
}
