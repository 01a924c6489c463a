//! `tlskit resolve` and `tlskit rules`, and the commands later work will fill.

use crate::common::*;
use serde_json::json;

#[test]
fn resolve_explains_the_guides_warning_case() {
    // Certificate on the host, certificate-key on the application.
    let mut d = clean();
    app(&mut d, "MessageServer")["options"] =
        json!({"security": {"certificate-key": "/etc/sec/certs/ms-01_priv_key.pem"}});
    let s = Scenario::new(&d);
    let dir = s.path().to_str().unwrap();
    let text = tlskit(["resolve", dir]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let block: String = text
        .stdout
        .split("\n\n")
        .find(|b| b.starts_with("port MessageServer:default"))
        .expect("a block for the port")
        .to_string();
    assert!(
        block.contains("certificate-key  /etc/sec/certs/ms-01_priv_key.pem  application options"),
        "{block}"
    );
    assert!(
        block.contains("ignored: certificate=/etc/sec/certs/ms-01_cert.pem in the host annex"),
        "{block}"
    );
    assert!(
        block.contains("the credential group comes from the application options"),
        "{block}"
    );
    assert!(
        block.contains(
            "shadows certificate-key=/etc/sec/certs/ms-01_priv_key.pem in the host annex"
        ),
        "{block}"
    );

    let doc = tlskit(["resolve", dir, "--format", "json"]).json();
    let port = doc["ports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["application"] == "MessageServer")
        .unwrap()
        .clone();
    assert_eq!(port["credential_level"], "application");
    assert_eq!(port["tls"], true);
    assert_eq!(port["mutual"], true);
    let ignored: Vec<_> = port["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(ignored, ["certificate", "trusted-ca"]);
    assert_eq!(port["ignored"][0]["level"], "host");
    assert!(port["ignored"][0]["line"].as_u64().unwrap() > 1);
}

#[test]
fn resolve_shows_connections_with_tls_from_the_target_port() {
    let doc = tlskit(["resolve", "testdata/genesys-lab", "--format", "json"]).json();
    let conns = doc["connections"].as_array().unwrap();
    let scs_ms = conns
        .iter()
        .find(|c| c["client"] == "SCS" && c["server"] == "MessageServer")
        .unwrap();
    assert_eq!(scs_ms["tls"], true);
    assert_eq!(scs_ms["mutual_required"], true);
    assert_eq!(scs_ms["credential_level"], "host");
    let ts_stat = conns
        .iter()
        .find(|c| c["client"] == "TServer_SIP" && c["server"] == "StatServer")
        .unwrap();
    assert_eq!(ts_stat["tls"], false);
    assert_eq!(ts_stat["os"], "windows");
    assert_eq!(doc["local_files"].as_array().unwrap().len(), 2);
}

#[test]
fn rules_lists_the_whole_catalog_and_says_what_is_implemented() {
    let list = tlskit(["rules", "--format", "json"]).json();
    let rules = list["rules"].as_array().unwrap();
    // The catalog as first written, beside a developer's checkout; a fresh clone has none.
    let shared = std::fs::read_to_string(repo().join("../shared/RULES.md")).unwrap_or_else(|_| {
        skip("the RULES.md half of rules_lists_the_whole_catalog: ../shared/RULES.md is absent (a clone without the shared folder)");
        String::new()
    });
    for line in shared.lines().filter(|l| l.starts_with("| `")) {
        let id = line[3..].split('`').next().unwrap();
        let r = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        for field in ["severity", "phase", "summary", "source"] {
            assert!(r[field].is_string(), "{id}.{field}");
        }
        assert!(r["implemented"].is_boolean());
    }
    let implemented =
        |id: &str| rules.iter().find(|r| r["id"] == id).unwrap()["implemented"] == true;
    assert!(implemented("split-level-settings"));
    assert!(implemented("handshake-no-common-cipher"));
    // `lint --probe` emits it: implemented because it has a check.
    assert!(implemented("probe-cert-drift"));
    let text = tlskit(["rules"]);
    assert!(text.stdout.contains("split-level-settings"));
    assert!(text.stdout.contains("implemented"));
}

#[test]
fn rules_explains_one_rule_with_its_source_and_examples() {
    let run = tlskit(["rules", "split-level-settings"]);
    assert_eq!(run.code, 0);
    for part in [
        "error",
        "Where to Set TLS Properties",
        "bad:",
        "fixed:",
        "certificate-key",
    ] {
        assert!(run.stdout.contains(part), "{part}: {}", run.stdout);
    }
    let unknown = tlskit(["rules", "split-level-setting"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("did you mean `split-level-settings`"),
        "{}",
        unknown.stderr
    );
}
