//! `tlskit lint --probe`: a small deployment whose secure ports are served by real
//! `openssl s_server` processes, one of them with the wrong certificate and one accepting
//! TLS 1.0 and 1.1. The probe adds exactly those findings; without `--probe` nothing is
//! probed.

use crate::common::servers::Server;
use crate::common::{Scenario, lab_certs};
use serde_json::{Value, json};

fn serve(cert: &str, flags: &[&str]) -> Server {
    let certs = lab_certs().join("certs");
    Server::openssl(
        &certs.join(format!("{cert}_cert.pem")),
        &certs.join(format!("{cert}_priv_key.pem")),
        flags,
    )
}

fn app(name: &str, port: u16, params: &str) -> Value {
    json!({"name": name, "type": "CFGStatServer", "serverInfo": {"host": "probe-host"},
           "portInfos": [{"id": "default", "port": port.to_string(), "transportParams": params}]})
}

/// The applications on one host, 127.0.0.1, whose credentials are the lab's ms-01.
fn deployment(apps: Vec<Value>) -> Value {
    json!({
        "hosts": [{"name": "probe-host", "ipAddress": "127.0.0.1", "osInfo": {"type": "Linux"},
                   "userProperties": {"security": {
                       "certificate": "/etc/sec/certs/ms-01_cert.pem",
                       "certificate-key": "/etc/sec/certs/ms-01_priv_key.pem",
                       "trusted-ca": "/etc/sec/ca/ca_cert.pem"}}}],
        "applications": apps,
    })
}

fn phase_l(findings: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("probe-"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["object"]["application"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn others(findings: &Value) -> Vec<Value> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["rule"].as_str().unwrap().starts_with("probe-"))
        .cloned()
        .collect()
}

#[test]
fn lint_probe_reports_drift_and_legacy_and_nothing_else() {
    let good = serve("ms-01", &[]);
    let drift = serve("cs-01", &[]);
    let legacy = serve(
        "ms-01",
        &["-cipher", "DEFAULT:@SECLEVEL=0", "-min_protocol", "TLSv1"],
    );
    let ca = lab_certs().join("ca/ca_cert.pem");
    let mutual = serve("ms-01", &["-Verify", "1", "-CAfile", ca.to_str().unwrap()]);
    // Not secure: must not be probed, though nothing listens there.
    let plain = Server::nothing();
    let s = Scenario::new(&deployment(vec![
        app("Good", good.port, "tls=1"),
        app("Drift", drift.port, "tls=1"),
        app("Legacy", legacy.port, "tls=1"),
        app("Mutual", mutual.port, "tls=1;tls-mutual=1"),
        app("Plain", plain.port, ""),
    ]));
    let without = s.lint(&[]).json();
    assert_eq!(phase_l(&without["findings"]), vec![]);

    let with = s.lint(&["--probe", "--probe-timeout", "3"]).json();
    assert_eq!(
        phase_l(&with["findings"]),
        vec![
            ("probe-cert-drift".to_string(), "Drift".to_string()),
            ("probe-legacy-protocol".to_string(), "Legacy".to_string()),
        ]
    );
    assert_eq!(others(&with["findings"]), others(&without["findings"]));

    let find = |rule: &str| {
        with["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let drift_msg = find("probe-cert-drift");
    assert!(
        drift_msg.starts_with(&format!(
            "127.0.0.1:{} presents CN=cs-01.lab.example.com",
            drift.port
        )),
        "{drift_msg}"
    );
    assert!(
        drift_msg.contains("/etc/sec/certs/ms-01_cert.pem"),
        "{drift_msg}"
    );
    assert_eq!(
        find("probe-legacy-protocol"),
        format!("127.0.0.1:{} accepts TLS 1.0, TLS 1.1", legacy.port)
    );
}

#[test]
fn lint_probe_reports_an_endpoint_down_and_one_accepting_weak_suites() {
    // ALL includes the anonymous suites, which present no certificate: weak. Security
    // level 0 would also allow TLS 1.0 and 1.1 (probe-legacy-protocol): not here.
    let weak = serve(
        "ms-01",
        &["-cipher", "ALL:@SECLEVEL=0", "-min_protocol", "TLSv1.2"],
    );
    let down = Server::nothing();
    let s = Scenario::new(&deployment(vec![
        app("Weak", weak.port, "tls=1"),
        app("Down", down.port, "tls=1"),
    ]));
    let with = s.lint(&["--probe", "--probe-timeout", "3"]).json();
    assert_eq!(
        phase_l(&with["findings"]),
        vec![
            ("probe-unreachable".to_string(), "Down".to_string()),
            ("probe-weak-cipher-accepted".to_string(), "Weak".to_string()),
        ]
    );
    let message = |rule: &str| {
        with["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let unreachable = message("probe-unreachable");
    assert!(
        unreachable.starts_with(&format!("127.0.0.1:{} is unreachable: ", down.port)),
        "{unreachable}"
    );
    let weak_msg = message("probe-weak-cipher-accepted");
    assert!(
        weak_msg.starts_with(&format!("127.0.0.1:{} negotiates weak suites: ", weak.port))
            && weak_msg.contains("_anon_"),
        "{weak_msg}"
    );
}
