//! `tlskit probe` against real servers started on 127.0.0.1: what each one presents and
//! accepts, reported exactly; failures reported as results, never as crashes or hangs.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::pki::{Ca, Lab, Leaf, Spec};
use crate::common::servers::{Server, openssl_has};
use crate::common::tlskit;
use serde_json::Value;

const NAME: &str = "srv.example.com";
/// What a default OpenSSL server negotiates with rustls, with the lab's EC key.
const TLS13_SUITE: &str = "TLS_AES_256_GCM_SHA384 X25519";
const TLS12_SUITE: &str = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 X25519";
const PROTOCOL_VERSION: &str = "the server sent alert protocol_version";

fn ok(detail: &str) -> (bool, String) {
    (true, detail.to_string())
}

fn failed(why: &str) -> (bool, String) {
    (false, why.to_string())
}

struct Pki {
    lab: Lab,
    ca: Ca,
    server: Leaf,
}

impl Pki {
    fn new() -> Pki {
        let lab = Lab::new();
        let ca = lab.root("Probe Root");
        let server = lab.issue(&ca, "srv", &Spec::server(NAME));
        Pki { lab, ca, server }
    }

    fn serve(&self, flags: &[&str]) -> Server {
        Server::openssl(&self.server.cert, &self.server.key, flags)
    }
}

/// `tlskit probe ENDPOINT --sni srv.example.com --trusted-ca ROOT --format json` and the
/// one endpoint's object.
fn probe(pki: &Pki, endpoint: &str, extra: &[&str]) -> (i32, Value) {
    let root = pki.ca.cert.display().to_string();
    let mut args = vec![
        "probe",
        endpoint,
        "--sni",
        NAME,
        "--trusted-ca",
        &root,
        "--format",
        "json",
    ];
    args.extend(extra);
    let run = tlskit(&args);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let doc = run.json()["endpoints"].clone();
    assert_eq!(doc.as_array().map(Vec::len), Some(1), "{doc}");
    (run.code, doc[0].clone())
}

fn attempt(r: &Value, version: &str) -> (bool, String) {
    let a = r["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["version"] == version)
        .unwrap_or_else(|| panic!("no {version} attempt in {r}"));
    let detail = if a["ok"] == true {
        format!(
            "{} {}",
            a["suite"].as_str().unwrap(),
            a["group"].as_str().unwrap()
        )
    } else {
        a["error"].as_str().unwrap().to_string()
    };
    (a["ok"] == true, detail)
}

fn legacy(r: &Value) -> (Value, Value, Value) {
    let l = &r["legacy"];
    (l["sslv3"].clone(), l["tls1_0"].clone(), l["tls1_1"].clone())
}

fn accepted(r: &Value, version: &str) -> Vec<String> {
    let mut v: Vec<String> = r["accepted_suites"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["version"] == version)
        .map(|a| a["suite"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn weak(r: &Value) -> Vec<String> {
    let mut v: Vec<String> = r["weak_suites_accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// The TLS 1.2 suites of OpenSSL's DEFAULT list that an ECDSA certificate can serve, in
/// IANA names: what a default s_server with the lab's EC key accepts.
fn openssl_default_ecdsa_tls12() -> Vec<String> {
    let out = Command::new("openssl")
        .args(["ciphers", "-tls1_2", "-s", "-stdname", "DEFAULT"])
        .output()
        .unwrap();
    let mut v: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| {
            n.contains("_ECDSA_") && !n.starts_with("TLS_AES") && !n.starts_with("TLS_CHACHA")
        })
        .map(String::from)
        .collect();
    v.sort();
    v
}

#[test]
fn a_default_server_negotiates_tls13_and_tls12_with_a_valid_chain_and_nothing_legacy() {
    let pki = Pki::new();
    let s = pki.serve(&[]);
    let (code, r) = probe(&pki, &s.endpoint(), &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["reachable"], true);
    assert_eq!(attempt(&r, "TLS 1.3"), ok(TLS13_SUITE));
    assert_eq!(attempt(&r, "TLS 1.2"), ok(TLS12_SUITE));
    assert_eq!(r["valid"], true, "{r:#}");
    assert_eq!(r["problems"], serde_json::json!([]));
    assert_eq!(r["chain"][0]["subject"], format!("CN={NAME}"));
    assert_eq!(r["chain"][0]["issuer"], "CN=Probe Root");
    assert_eq!(r["client_auth"]["requested"], false);
    assert_eq!(legacy(&r), (false.into(), false.into(), false.into()));
    assert_eq!(accepted(&r, "TLS 1.2"), openssl_default_ecdsa_tls12());
    assert_eq!(weak(&r), Vec::<String>::new());
    // 2 handshakes + 4 version hellos (the TLS 1.2 one names the first suite) + one
    // hello per further suite + the one the server refuses.
    let n = accepted(&r, "TLS 1.2").len();
    assert_eq!(r["connections"], 2 + 4 + (n - 1) + 1);
}

#[test]
fn an_ipv6_endpoint_is_probed_like_any_other() {
    let pki = Pki::new();
    let Some(s) = Server::openssl_v6(&pki.server.cert, &pki.server.key, &["-no_tls1_3"]) else {
        eprintln!("skipped: this machine has no IPv6 loopback");
        return;
    };
    let endpoint = s.endpoint();
    assert!(endpoint.starts_with("[::1]:"), "{endpoint}");
    let (code, r) = probe(&pki, &endpoint, &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["endpoint"], endpoint);
    assert_eq!(r["address"], endpoint);
    assert_eq!(attempt(&r, "TLS 1.3"), failed(PROTOCOL_VERSION));
    assert_eq!(attempt(&r, "TLS 1.2"), ok(TLS12_SUITE));
    assert_eq!(r["valid"], true, "{r:#}");
    assert_eq!(accepted(&r, "TLS 1.2"), openssl_default_ecdsa_tls12());
}

#[test]
fn a_server_without_tls13_refuses_it_with_protocol_version() {
    let pki = Pki::new();
    let s = pki.serve(&["-no_tls1_3"]);
    let (code, r) = probe(&pki, &s.endpoint(), &["--no-scan"]);
    assert_eq!(code, 0);
    assert_eq!(attempt(&r, "TLS 1.3"), failed(PROTOCOL_VERSION));
    assert_eq!(attempt(&r, "TLS 1.2"), ok(TLS12_SUITE));
    assert_eq!(r["connections"], 2);
    assert_eq!(legacy(&r), (Value::Null, Value::Null, Value::Null));
}

#[test]
fn a_tls13_only_server_refuses_tls12_and_every_legacy_hello() {
    let pki = Pki::new();
    let s = pki.serve(&["-tls1_3"]);
    let (code, r) = probe(&pki, &s.endpoint(), &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(attempt(&r, "TLS 1.3"), ok(TLS13_SUITE));
    assert_eq!(attempt(&r, "TLS 1.2"), failed(PROTOCOL_VERSION));
    assert_eq!(legacy(&r), (false.into(), false.into(), false.into()));
    assert_eq!(r["accepted_suites"], serde_json::json!([]));
    assert_eq!(r["connections"], 2 + 4);
}

#[test]
fn a_tls10_server_is_found_by_the_hello_scan_with_its_suites_and_certificate() {
    let pki = Pki::new();
    let s = pki.serve(&["-tls1", "-cipher", "ALL:@SECLEVEL=0"]);
    let (code, r) = probe(&pki, &s.endpoint(), &[]);
    assert_eq!(code, 1);
    assert_eq!(attempt(&r, "TLS 1.3"), failed(PROTOCOL_VERSION));
    assert_eq!(attempt(&r, "TLS 1.2"), failed(PROTOCOL_VERSION));
    assert_eq!(legacy(&r), (false.into(), true.into(), false.into()));
    assert_eq!(accepted(&r, "TLS 1.2"), Vec::<String>::new());
    let tls10 = accepted(&r, "TLS 1.0");
    assert!(
        tls10.contains(&"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA".to_string()),
        "{tls10:?}"
    );
    // ALL includes the anonymous suites: no certificate, so weak.
    assert_eq!(
        weak(&r),
        [
            "TLS_DH_anon_WITH_AES_128_CBC_SHA",
            "TLS_DH_anon_WITH_AES_256_CBC_SHA",
            "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA",
            "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",
            "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
            "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
        ]
    );
    // The certificate came with the TLS 1.0 ServerHello, and it is still validated.
    assert_eq!(r["chain"][0]["subject"], format!("CN={NAME}"));
    assert_eq!(r["valid"], true);
    // In text: only the scan succeeded, said as such; suites with their OpenSSL names.
    let text = tlskit(["probe", &s.endpoint(), "--sni", NAME]).stdout;
    assert!(
        text.contains("  no handshake at TLS 1.2/1.3; legacy versions accepted: TLS 1.0\n"),
        "{text}"
    );
    assert!(
        text.contains("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA (ECDHE-ECDSA-AES256-SHA)"),
        "{text}"
    );
}

#[test]
fn a_3des_server_is_reported_as_accepting_a_weak_suite() {
    let pki = Pki::new();
    // Debian's OpenSSL has no 3DES; the JDK still implements it when asked to.
    let (s, suite) = if openssl_has("DES-CBC3-SHA:@SECLEVEL=0") {
        let rsa = pki.lab.issue(
            &pki.ca,
            "rsa",
            &Spec {
                key: "rsa:2048".into(),
                ..Spec::server(NAME)
            },
        );
        let s = Server::openssl(
            &rsa.cert,
            &rsa.key,
            &["-cipher", "DES-CBC3-SHA:@SECLEVEL=0", "-no_tls1_3"],
        );
        (s, "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
    } else {
        let p12 = pki.lab.path("srv.p12");
        common::pki::openssl(
            pki.lab.dir.path(),
            &[
                "pkcs12",
                "-export",
                "-in",
                pki.server.cert.to_str().unwrap(),
                "-inkey",
                pki.server.key.to_str().unwrap(),
                "-passout",
                "pass:changeit",
                "-out",
                p12.to_str().unwrap(),
            ],
        );
        let s = Server::java(&p12, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA");
        (s, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA")
    };
    let (code, r) = probe(&pki, &s.endpoint(), &[]);
    assert_eq!(code, 1, "{r:#}");
    // rustls offers no 3DES: its TLS 1.2 handshake finds nothing in common.
    assert!(!attempt(&r, "TLS 1.2").0);
    assert_eq!(accepted(&r, "TLS 1.2"), [suite]);
    assert_eq!(weak(&r), [suite]);
    assert_eq!(
        r["accepted_suites"][0]["why"],
        "3DES (64-bit blocks: SWEET32)"
    );
}

#[test]
fn a_mutual_tls_server_fails_without_a_client_certificate_and_succeeds_with_one() {
    let pki = Pki::new();
    let client = pki
        .lab
        .issue(&pki.ca, "client", &Spec::server("client.example.com"));
    let s = pki.serve(&["-Verify", "1", "-CAfile", pki.ca.cert.to_str().unwrap()]);

    let (code, r) = probe(&pki, &s.endpoint(), &["--no-scan"]);
    assert_eq!(code, 1);
    assert_eq!(
        attempt(&r, "TLS 1.3"),
        failed("the server sent alert certificate_required after the handshake")
    );
    assert_eq!(
        attempt(&r, "TLS 1.2"),
        failed("the server sent alert handshake_failure")
    );
    assert_eq!(r["client_auth"]["requested"], true);
    assert_eq!(r["client_auth"]["client_cert_sent"], false);
    assert_eq!(
        r["client_auth"]["ca_names"],
        serde_json::json!(["CN=Probe Root"])
    );
    // The server's own chain arrived before it asked: still reported and validated.
    assert_eq!(r["valid"], true);

    let cert = client.cert.display().to_string();
    let key = client.key.display().to_string();
    let (code, r) = probe(
        &pki,
        &s.endpoint(),
        &["--no-scan", "--cert", &cert, "--key", &key],
    );
    assert_eq!(code, 0, "{r:#}");
    assert!(attempt(&r, "TLS 1.3").0, "{r:#}");
    assert!(attempt(&r, "TLS 1.2").0, "{r:#}");
    assert_eq!(r["client_auth"]["client_cert_sent"], true);
}

#[test]
fn an_expired_server_certificate_fails_validation_with_the_cert_verify_message() {
    let pki = Pki::new();
    let old = pki.lab.issue(
        &pki.ca,
        "old",
        &Spec {
            start: "20200101000000Z".into(),
            end: "20210101000000Z".into(),
            ..Spec::server(NAME)
        },
    );
    let s = Server::openssl(&old.cert, &old.key, &[]);
    let (code, r) = probe(&pki, &s.endpoint(), &["--no-scan"]);
    assert_eq!(code, 1);
    assert!(
        attempt(&r, "TLS 1.3").0,
        "the handshake itself succeeds: {r:#}"
    );
    assert_eq!(r["valid"], false);
    let problems = r["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["rule"], "cert-expired");
    assert_eq!(problems[0]["depth"], 0);
    // The same words `cert verify` uses for the same file.
    let root = pki.ca.cert.display().to_string();
    let cert = old.cert.display().to_string();
    let v = tlskit([
        "cert",
        "verify",
        &cert,
        "--trusted-ca",
        &root,
        "--host",
        NAME,
        "--purpose",
        "server",
        "--format",
        "json",
    ]);
    assert_eq!(v.json()["problems"][0]["message"], problems[0]["message"]);
}

#[test]
fn a_port_where_nothing_listens_is_unreachable() {
    let pki = Pki::new();
    let s = Server::nothing();
    let (code, r) = probe(&pki, &s.endpoint(), &[]);
    assert_eq!(code, 1);
    assert_eq!(r["reachable"], false);
    assert_eq!(
        r["unreachable"],
        "connection refused: nothing listens there"
    );
    assert_eq!(r["attempts"], serde_json::json!([]));
}

#[test]
fn a_listener_that_never_answers_times_out_without_hanging_the_probe() {
    let pki = Pki::new();
    let s = Server::silent();
    let started = Instant::now();
    let (code, r) = probe(&pki, &s.endpoint(), &["--timeout", "1"]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 1);
    assert_eq!(r["reachable"], true);
    assert_eq!(attempt(&r, "TLS 1.3"), failed("no answer within 1 s"));
    assert_eq!(attempt(&r, "TLS 1.2"), failed("no answer within 1 s"));
    assert_eq!(
        r["scan_note"],
        "legacy scan skipped: the endpoint sent nothing to either handshake"
    );
    assert_eq!(r["connections"], 2);
}

#[test]
fn many_endpoints_come_back_in_the_order_given() {
    let pki = Pki::new();
    let a = pki.serve(&["-tls1_3"]);
    let gone = Server::nothing();
    let b = pki.serve(&["-no_tls1_3"]);
    let root = pki.ca.cert.display().to_string();
    let run = tlskit([
        "probe",
        &b.endpoint(),
        &gone.endpoint(),
        &a.endpoint(),
        "--sni",
        NAME,
        "--trusted-ca",
        &root,
        "--no-scan",
        "--parallel",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json()["endpoints"].clone();
    let order: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["endpoint"].as_str().unwrap())
        .collect();
    assert_eq!(order, [b.endpoint(), gone.endpoint(), a.endpoint()]);
    assert_eq!(doc[1]["reachable"], false);

    let text = tlskit([
        "probe",
        &a.endpoint(),
        "--sni",
        NAME,
        "--trusted-ca",
        &root,
        "--no-scan",
    ]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("TLS 1.3  ok      TLS_AES_256_GCM_SHA384  X25519"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains(&format!("validation against {root} for {NAME}: valid"))
    );
}

#[test]
fn bad_endpoints_and_options_are_one_line_errors() {
    for (args, want) in [
        (
            vec!["probe", "no-port"],
            "endpoint `no-port`: expected HOST:PORT",
        ),
        (
            vec!["probe", "::1:443"],
            "write an IPv6 address in brackets",
        ),
        (
            vec!["probe", "h:70000"],
            "the port must be a number from 1 to 65535",
        ),
        (
            vec!["probe", "h:1", "--timeout", "0"],
            "--timeout 0: expected seconds between 0 and 600",
        ),
    ] {
        let run = tlskit(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(want), "{}", run.stderr);
    }
}
