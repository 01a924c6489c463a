//! Reading inputs: how files are found, merged and attached, and how bad input ends — one
//! line naming the file with exit 2, or a finding — never a panic or a hang.

use crate::common::*;
use serde_json::json;

#[test]
fn a_binary_file_is_an_input_error_naming_it() {
    let s = Scenario::empty();
    let p = s.write("app.cfg", "");
    std::fs::write(&p, b"\x7fELF\x02\x01\x01\0\0\0\0\0").unwrap();
    let run = tlskit(["lint", p.to_str().unwrap()]);
    assert_input_error(&run, "app.cfg", "binary data");
}

#[test]
fn a_ten_gigabyte_sparse_file_is_refused_without_reading_it() {
    let s = Scenario::empty();
    let p = s.write("huge.json", "");
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(10 << 30)
        .unwrap();
    let run = tlskit(["lint", p.to_str().unwrap()]);
    assert_input_error(&run, "huge.json", "too large");
}

#[test]
fn dev_zero_as_a_path_is_refused() {
    let run = tlskit(["lint", "/dev/zero"]);
    assert_input_error(&run, "/dev/zero", "not a regular file");
}

#[test]
fn a_missing_path_is_an_input_error() {
    let run = tlskit(["lint", "no/such/deployment"]);
    assert_input_error(&run, "no/such/deployment", "no such file");
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_not_rejected() {
    let s = Scenario::empty();
    let p = s.write("TServer.cfg", "");
    std::fs::write(
        &p,
        b"[security]\r\nsec-protocol=TLSv12\r\n; caf\xe9 \x93quoted\x94\r\ncertificat\xe9=x\r\n",
    )
    .unwrap();
    let run = tlskit(["lint", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rules(), ids(&["unknown-option"]));
    assert!(run.stdout.contains("certificaté"));
}

#[test]
fn utf16_option_files_with_a_bom_are_read() {
    let s = Scenario::empty();
    let p = s.write("gui.cfg", "");
    let text = "[security]\r\ntls-mutal=1\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(&p, bytes).unwrap();
    let run = tlskit(["lint", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.rules(), ids(&["unknown-option"]));
    assert_eq!(run.findings("unknown-option")[0]["location"]["line"], 2);
}

#[test]
fn a_json_file_that_is_not_a_deployment_is_an_error_when_named_and_ignored_in_a_folder() {
    let s = Scenario::new(&clean());
    let p = s.write("package.json", "{\"name\": \"x\", \"version\": \"1\"}");
    let run = tlskit(["lint", p.to_str().unwrap()]);
    assert_input_error(&run, "package.json", "not a deployment export");
    let run = s.lint(&["--verbose"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("ignored") && run.stderr.contains("package.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let s = Scenario::empty();
    let p = s.write(
        "export.json",
        "{\n  \"hosts\": [\n    {\"name\": \"a\",}\n  ]\n}\n",
    );
    let run = tlskit(["lint", p.to_str().unwrap()]);
    assert_input_error(&run, "export.json:3:", "member name");
}

#[test]
fn a_json_nesting_bomb_is_an_error_not_a_stack_overflow() {
    let s = Scenario::empty();
    let bomb = format!(
        "{{\"hosts\": {}{}}}",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let p = s.write("bomb.json", &bomb);
    let run = tlskit(["lint", p.to_str().unwrap()]);
    assert_input_error(&run, "bomb.json:1:", "nesting deeper");
}

#[test]
fn structural_mistakes_in_an_export_name_the_line() {
    let s = Scenario::empty();
    s.write(
        "export.json",
        "{\"applications\": [\n  {\"name\": \"A\", \"portInfos\": {\"id\": \"default\"}}\n]}",
    );
    let run = tlskit(["lint", s.path().to_str().unwrap()]);
    assert_input_error(&run, "export.json:2:", "`portInfos` must be an array");
}

#[test]
fn a_symlink_loop_in_a_folder_is_walked_once() {
    let s = Scenario::new(&clean());
    std::os::unix::fs::symlink(s.path(), s.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(s.path().join("nowhere"), s.path().join("dangling.cfg")).unwrap();
    std::os::unix::fs::symlink("self.cfg", s.path().join("self.cfg")).unwrap();
    let run = s.lint(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rules(), Vec::<String>::new());
}

#[test]
fn exports_in_several_files_merge_and_conflicts_name_both_files() {
    let mut d = clean();
    let hosts = d["hosts"].take();
    let s = Scenario::empty();
    s.write("tlskit.toml", &windows_store_toml());
    s.write(
        "export/applications.json",
        &json!({"applications": d["applications"]}).to_string(),
    );
    s.write("export/hosts.json", &json!({"hosts": hosts}).to_string());
    // The same host again with the same content merges silently.
    s.write(
        "more/hosts-copy.json",
        &json!({"hosts": [hosts[0].clone()]}).to_string(),
    );
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    let mut changed = hosts[0].clone();
    changed["ipAddress"] = json!("10.99.99.99");
    s.write(
        "more/hosts-copy.json",
        &json!({"hosts": [changed]}).to_string(),
    );
    let run = tlskit(["lint", s.path().to_str().unwrap()]);
    assert_input_error(&run, "hosts-copy.json", "export/hosts.json");
}

#[test]
fn option_files_attach_to_applications_annexes_and_hosts_by_name() {
    let s = Scenario::new(&clean());
    // <APP>.cfg replaces the export's [security] of the application.
    s.write("options/StatServer.cfg", "[security]\ntls-mutal=1\n");
    // <APP>.annex.cfg is the application's annex; <HOST>.cfg a host annex.
    s.write("annex/UCS.annex.cfg", "[security]\nsec-protocol=TLSv1.3\n");
    s.write(
        "hosts/ts-01.lab.example.com.cfg",
        "[security]\ncertificate=61 cc b8 76 3c ap 2a ff 00 13 98 6d 8e 51 7c 41 47 be f5 ee\n",
    );
    // Anything else is linted on its own.
    s.write(
        "misc/custom.ini",
        "[security]\ncertificate-key=/etc/sec/certs/none.pem\n",
    );
    let run = s.lint(&[]);
    assert_eq!(
        run.rules(),
        ids(&[
            "file-not-found",
            "invalid-option-value",
            "thumbprint-malformed",
            "unknown-option"
        ])
    );
    let objects: Vec<_> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["object"].clone()))
        .collect();
    let of = |rule: &str| objects.iter().find(|(r, _)| r == rule).unwrap().1.clone();
    assert_eq!(of("unknown-option")["application"], "StatServer");
    assert_eq!(of("invalid-option-value")["application"], "UCS");
    assert_eq!(of("thumbprint-malformed")["host"], "ts-01.lab.example.com");
}

#[test]
fn lca_cfg_belongs_to_the_host_named_like_its_folder_or_the_only_host() {
    let s = Scenario::new(
        &json!({"hosts": [{"name": "solo.example.com", "osInfo": {"type": "Linux"}}]}),
    );
    s.write("anywhere/lca.cfg", "[security]\nupgrade=1\ncertificate=/etc/sec/certs/ms-01_cert.pem\ncertificate-key=/etc/sec/certs/ms-01_priv_key.pem\ntrusted-ca=/etc/sec/ca/ca_cert.pem\n");
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["lca-upgrade-mismatch"]));
    assert_eq!(
        run.findings("lca-upgrade-mismatch")[0]["object"]["host"],
        "solo.example.com"
    );
}

#[test]
fn confserv_conf_belongs_to_the_configuration_server_of_its_host() {
    let s = Scenario::new(&clean());
    s.write(
        "cs-01/confserv.conf",
        "[confserv]\nport=2020\n[security]\ntls=1\n",
    );
    let run = s.lint(&[]);
    assert_eq!(run.rules(), ids(&["tls-flag-not-on-port"]));
    assert_eq!(
        run.findings("tls-flag-not-on-port")[0]["object"]["application"],
        "confserv"
    );
}

#[test]
fn tlskit_toml_mistakes_are_input_errors_with_a_line() {
    let s = Scenario::new(&clean());
    s.write("tlskit.toml", "[rules]\nplaintext-connection = \"off\"\n\n[[suppress]]\nrule = \"split-level-settings\"\napplication = \"SCS\"\n");
    let run = tlskit(["lint", s.path().to_str().unwrap()]);
    assert_input_error(&run, "tlskit.toml:4", "no reason");
}

#[test]
fn suppressions_and_severity_overrides_apply() {
    let mut d = clean();
    app(&mut d, "StatServer")["options"] = json!({"security": {"tls": "1"}});
    host(&mut d, "ucs-01")["userProperties"]["security"]["tls"] = json!("1");
    let s = Scenario::new(&d);
    s.write(
        "tlskit.toml",
        &(windows_store_toml() + "[rules]\ntls-flag-not-on-port = \"error\"\n\n[[suppress]]\nrule = \"tls-flag-not-on-port\"\napplication = \"StatServer\"\nreason = \"template default, ignored by Genesys\"\n"),
    );
    let run = s.lint(&[]);
    let found = run.json();
    assert_eq!(found["suppressed"], 1);
    assert_eq!(run.rules(), ids(&["tls-flag-not-on-port"]));
    assert_eq!(run.findings("tls-flag-not-on-port")[0]["severity"], "error");
    assert_eq!(run.code, 1);
}

#[test]
fn path_mappings_from_the_command_line_win_over_the_file() {
    let s = Scenario::new(&clean());
    s.write(
        "tlskit.toml",
        &(windows_store_toml() + "[path-map]\n\"/etc/sec\" = \"nowhere\"\n"),
    );
    // The scenario's --path-map points at the real certificates and takes precedence.
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    let run = tlskit(["lint", s.path().to_str().unwrap(), "--format", "json"]);
    assert!(
        run.rules().iter().all(|r| r == "file-not-found"),
        "{:?}",
        run.rules()
    );
    assert!(!run.rules().is_empty());
}

/// A link that leads out of the scanned folder is another folder's business: an option
/// file of another site, /etc, the whole file system. Not followed, listed with --verbose.
#[test]
fn links_out_of_the_deployment_folder_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("Elsewhere.cfg"),
        "[confserv]\ndb_password=hunter2\n[security]\ntls-mutal=1\n",
    )
    .unwrap();
    let s = Scenario::new(&clean());
    std::os::unix::fs::symlink(outside.path(), s.path().join("other-site")).unwrap();
    std::os::unix::fs::symlink("/", s.path().join("root")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("Elsewhere.cfg"),
        s.path().join("linked.cfg"),
    )
    .unwrap();
    let run = s.lint(&[]);
    assert_eq!(run.rules(), Vec::<String>::new());
    let verbose = tlskit(["lint", s.path().to_str().unwrap(), "--verbose"]);
    for link in ["other-site", "root", "linked.cfg"] {
        assert!(
            verbose.stderr.contains(&format!("{link} -> ")) && verbose.stderr.contains("outside"),
            "{link}: {}",
            verbose.stderr
        );
    }
}

/// The value of an option that holds a password never appears in a report, in any format.
#[test]
fn secrets_are_never_quoted() {
    let s = Scenario::new(&clean());
    // A duplicate, an unknown option and a bad line on the password's own line: every
    // finding that would quote or show it.
    s.write(
        "StatServer.cfg",
        "db_password=hunter2\n[security]\npassword=s3cr3t-value\npassword=s3cr3t-value\n",
    );
    for format in ["text", "json", "sarif", "junit", "html"] {
        let run = tlskit(["lint", s.path().to_str().unwrap(), "--format", format]);
        assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
        for secret in ["hunter2", "s3cr3t-value"] {
            assert!(
                !run.stdout.contains(secret),
                "{format} shows {secret}:\n{}",
                run.stdout
            );
        }
        if format == "text" || format == "html" {
            assert!(run.stdout.contains("***"), "{}", run.stdout);
        }
    }
}
