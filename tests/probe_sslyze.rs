//! tlskit's protocol versions and TLS ≤ 1.2 suites against sslyze's, for the same real
//! servers. sslyze comes from PyPI (`pip install sslyze`); without it the test says so and
//! passes, as the issue allows.

use crate::common;

use std::collections::BTreeMap;
use std::process::Command;

use crate::common::pki::{Lab, Spec};
use crate::common::servers::Server;
use crate::common::{skip, tlskit};
use serde_json::Value;

type Versions = BTreeMap<String, Vec<String>>;

fn sslyze_available() -> bool {
    Command::new("python3")
        .args(["-c", "import sslyze"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Accepted suites per version, as sslyze reports them.
fn sslyze(endpoint: &str, dir: &std::path::Path) -> Versions {
    let out = dir.join("sslyze.json");
    let run = Command::new("python3")
        .args([
            "-m",
            "sslyze",
            "--quiet",
            "--sslv3",
            "--tlsv1",
            "--tlsv1_1",
            "--tlsv1_2",
        ])
        .arg(format!("--json_out={}", out.display()))
        .arg(endpoint)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let scan = &doc["server_scan_results"][0]["scan_result"];
    let mut v = Versions::new();
    for (key, name) in [
        ("ssl_3_0_cipher_suites", "SSLv3"),
        ("tls_1_0_cipher_suites", "TLS 1.0"),
        ("tls_1_1_cipher_suites", "TLS 1.1"),
        ("tls_1_2_cipher_suites", "TLS 1.2"),
    ] {
        let mut suites: Vec<String> = scan[key]["result"]["accepted_cipher_suites"]
            .as_array()
            .unwrap_or_else(|| panic!("{key} in {scan}"))
            .iter()
            .map(|s| s["cipher_suite"]["name"].as_str().unwrap().to_string())
            .collect();
        suites.sort();
        if !suites.is_empty() {
            v.insert(name.to_string(), suites);
        }
    }
    v
}

fn tlskit_scan(endpoint: &str) -> (Versions, Vec<String>) {
    let run = tlskit([
        "probe",
        endpoint,
        "--format",
        "json",
        "--max-connections",
        "200",
    ]);
    let doc = run.json()["endpoints"].clone();
    let mut v = Versions::new();
    for a in doc[0]["accepted_suites"].as_array().unwrap() {
        v.entry(a["version"].as_str().unwrap().to_string())
            .or_default()
            .push(a["suite"].as_str().unwrap().to_string());
    }
    for s in v.values_mut() {
        s.sort();
    }
    let weak = doc[0]["weak_suites_accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    (v, weak)
}

#[test]
fn tlskit_and_sslyze_agree_on_versions_and_suites() {
    if !sslyze_available() {
        skip("probe_sslyze: sslyze is not installed (pip install sslyze)");
        return;
    }
    let lab = Lab::new();
    let ca = lab.root("Cmp Root");
    let ec = lab.issue(&ca, "ec", &Spec::server("cmp.example.com"));
    let rsa = lab.issue(
        &ca,
        "rsa",
        &Spec {
            key: "rsa:2048".into(),
            ..Spec::server("cmp.example.com")
        },
    );
    let p12 = lab.path("rsa.p12");
    common::pki::openssl(
        lab.dir.path(),
        &[
            "pkcs12",
            "-export",
            "-in",
            rsa.cert.to_str().unwrap(),
            "-inkey",
            rsa.key.to_str().unwrap(),
            "-passout",
            "pass:changeit",
            "-out",
            p12.to_str().unwrap(),
        ],
    );
    let servers = [
        ("default, EC", Server::openssl(&ec.cert, &ec.key, &[])),
        ("default, RSA", Server::openssl(&rsa.cert, &rsa.key, &[])),
        (
            "TLS 1.0 with ALL",
            Server::openssl(
                &rsa.cert,
                &rsa.key,
                &["-tls1", "-cipher", "ALL:@SECLEVEL=0"],
            ),
        ),
        (
            "3DES on the JDK",
            Server::java(
                &p12,
                "TLSv1,TLSv1.2",
                "TLS_RSA_WITH_3DES_EDE_CBC_SHA,TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            ),
        ),
    ];
    for (what, s) in &servers {
        let theirs = sslyze(&s.endpoint(), lab.dir.path());
        let (ours, weak) = tlskit_scan(&s.endpoint());
        assert_eq!(
            ours, theirs,
            "{what}: tlskit (left) and sslyze (right) differ"
        );
        let has_weak = ours
            .values()
            .flatten()
            .any(|n| n.contains("3DES") || n.contains("_anon_"));
        assert_eq!(!weak.is_empty(), has_weak, "{what}: {weak:?}");
        eprintln!(
            "{what}: agree on {} versions, {} suites",
            ours.len(),
            ours.values().map(Vec::len).sum::<usize>()
        );
    }
}
