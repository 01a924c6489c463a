//! Handshake prediction: a deployment of eleven connections covering every phase-H rule
//! and several that succeed, whose predicted protocol and suite are then checked against
//! a real `openssl s_server` / `openssl s_client` pair configured with the same effective
//! settings on 127.0.0.1.

use crate::common;

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::pki::{Lab, Spec};
use crate::common::servers::s_server_accepting;
use crate::common::*;
use serde_json::{Value, json};

fn p(path: &std::path::Path) -> String {
    path.display().to_string()
}

struct World {
    lab: Lab,
    deployment: Value,
}

/// Servers (port transport parameters) and clients (connection transport parameters).
const SERVERS: &[(&str, &str, &str)] = &[
    ("S1", "srv.example.com", "tls=1"),
    (
        "S2",
        "srv.example.com",
        "tls=1;sec-protocol=TLSv12;cipher-list=ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA",
    ),
    (
        "S3",
        "srv.example.com",
        "tls=1;sec-protocol=TLSv13;ciphersuites=TLS_CHACHA20_POLY1305_SHA256",
    ),
    ("S4", "ec.example.com", "tls=1;sec-protocol=TLSv12"),
    ("S5", "srv.example.com", "tls=1;tls-mutual=1"),
];

fn world() -> World {
    let lab = Lab::new();
    let root = lab.root("Root");
    let other = lab.root("Other");
    let mut rsa = Spec::server("srv.example.com");
    rsa.key = "rsa:2048".into();
    let srv = lab.issue(&root, "srv", &rsa);
    let ec = lab.issue(&root, "ec", &Spec::server("ec.example.com"));
    let cli = lab.issue(&root, "cli", &Spec::server("cli.example.com"));
    for k in [&srv.key, &ec.key, &cli.key, &root.key] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(k, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let host = |name: &str, cert: &common::pki::Leaf, ca: &std::path::Path| {
        json!({"name": name, "osInfo": {"type": "Linux"}, "userProperties": {"security": {
            "certificate": p(&cert.cert), "certificate-key": p(&cert.key), "trusted-ca": p(ca)}}})
    };
    let ca = p(&root.cert);
    let oca = p(&other.cert);
    let cert = p(&cli.cert);
    let key = p(&cli.key);
    let clients: Vec<(&str, &str, String)> = vec![
        ("C01", "S1", String::new()),
        (
            "C02",
            "S2",
            "sec-protocol=TLSv12;cipher-list=AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256".into(),
        ),
        ("C03", "S3", String::new()),
        ("C04", "S4", String::new()),
        ("C05", "S2", "sec-protocol=TLSv13".into()),
        (
            "C06",
            "S2",
            "cipher-list=ECDHE-ECDSA-AES256-GCM-SHA384".into(),
        ),
        ("C07", "S1", format!("trusted-ca={oca}")),
        (
            "C08",
            "S5",
            format!("trusted-ca={ca};certificate={cert};certificate-key={key}"),
        ),
        (
            "C09",
            "S1",
            "tls-target-name-check=host;tls-target-name=wrong.example.com".into(),
        ),
        ("C10", "S3", "ciphersuites=TLS_AES_128_GCM_SHA256".into()),
        ("C11", "S1", "sec-protocol=TLSv12".into()),
    ];
    let mut apps: Vec<Value> = SERVERS
        .iter()
        .map(|(name, host, params)| {
            json!({"name": name, "type": "CFGStatServer", "serverInfo": {"host": host},
                   "portInfos": [{"id": "default", "port": "3000", "transportParams": params}]})
        })
        .collect();
    // S5 trusts another root: the client certificate of C08 is not accepted.
    apps[4]["options"] = json!({"security": {"certificate": p(&srv.cert), "certificate-key": p(&srv.key), "trusted-ca": oca}});
    for (name, server, params) in &clients {
        apps.push(json!({"name": name, "type": "CFGRouterServer", "serverInfo": {"host": "cli.example.com"},
                         "appServers": [{"appServer": server, "id": "default", "transportParams": params}]}));
    }
    let deployment = json!({
        "hosts": [host("srv.example.com", &srv, &root.cert), host("ec.example.com", &ec, &root.cert),
                  host("cli.example.com", &cli, &root.cert)],
        "applications": apps,
    });
    World { lab, deployment }
}

fn conn(name: &str, server: &str) -> String {
    format!("{name} -> {server}:default")
}

#[test]
fn every_handshake_rule_fires_on_its_connection_and_only_there() {
    let w = world();
    let s = Scenario::new(&w.deployment);
    let run = tlskit(["lint", s.path().to_str().unwrap(), "--format", "json"]);
    let doc = run.json();
    let mut by_conn: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for f in doc["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        if rule.starts_with("handshake-") {
            by_conn
                .entry(f["object"]["connection"].as_str().unwrap().to_string())
                .or_default()
                .push(rule.to_string());
        }
    }
    let expected: std::collections::BTreeMap<String, Vec<String>> = [
        (conn("C05", "S2"), vec!["handshake-no-common-protocol"]),
        (conn("C06", "S2"), vec!["handshake-no-common-cipher"]),
        (conn("C07", "S1"), vec!["handshake-server-untrusted"]),
        (conn("C08", "S5"), vec!["handshake-client-untrusted"]),
        (conn("C09", "S1"), vec!["handshake-name-mismatch"]),
        (conn("C10", "S3"), vec!["handshake-no-common-cipher"]),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(by_conn, expected, "{}", run.stdout);
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn proto_flag(sec: Option<&str>) -> Vec<&'static str> {
    match sec {
        Some("TLSv12") => vec!["-tls1_2"],
        Some("TLSv13") => vec!["-tls1_3"],
        _ => vec![],
    }
}

fn param<'a>(params: &'a str, key: &str) -> Option<&'a str> {
    params
        .split(';')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
}

/// Runs s_server and s_client with the effective settings and returns (protocol, suite).
fn negotiate(w: &World, server: &str, client_params: &str) -> (String, String) {
    let (_, host, sparams) = SERVERS.iter().find(|(n, _, _)| *n == server).unwrap();
    let label = if *host == "ec.example.com" {
        "ec"
    } else {
        "srv"
    };
    let port = free_port();
    let mut sargs: Vec<String> = vec![
        "s_server".into(),
        "-accept".into(),
        format!("127.0.0.1:{port}"),
        "-naccept".into(),
        "1".into(),
        "-serverpref".into(),
        "-cert".into(),
        p(&w.lab.path(&format!("{label}.pem"))),
        "-key".into(),
        p(&w.lab.path(&format!("{label}.key"))),
    ];
    sargs.extend(
        proto_flag(param(sparams, "sec-protocol"))
            .into_iter()
            .map(String::from),
    );
    sargs.extend([
        "-cipher".into(),
        param(sparams, "cipher-list")
            .unwrap_or("DEFAULT")
            .to_string(),
    ]);
    if let Some(cs) = param(sparams, "ciphersuites") {
        sargs.extend(["-ciphersuites".into(), cs.to_string()]);
    }
    let mut srv = s_server_accepting(&sargs, Path::new("."))
        .unwrap_or_else(|e| panic!("s_server exited: {sargs:?}: {e}"));
    let mut cargs: Vec<String> = vec![
        "s_client".into(),
        "-connect".into(),
        format!("127.0.0.1:{port}"),
        "-brief".into(),
    ];
    cargs.extend(
        proto_flag(param(client_params, "sec-protocol"))
            .into_iter()
            .map(String::from),
    );
    cargs.extend([
        "-cipher".into(),
        param(client_params, "cipher-list")
            .unwrap_or("DEFAULT")
            .to_string(),
    ]);
    if let Some(cs) = param(client_params, "ciphersuites") {
        cargs.extend(["-ciphersuites".into(), cs.to_string()]);
    }
    let mut client = Command::new("openssl")
        .args(&cargs)
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(client.stdin.take());
    let mut err = String::new();
    client
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let _ = client.wait();
    let _ = srv.kill();
    let _ = srv.wait();
    let field = |name: &str| {
        err.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| panic!("no `{name}` in s_client output:\n{err}"))
    };
    (field("Protocol version:"), field("Ciphersuite:"))
}

#[test]
fn predicted_suites_are_what_openssl_negotiates() {
    let w = world();
    let s = Scenario::new(&w.deployment);
    let doc = tlskit(["resolve", s.path().to_str().unwrap(), "--format", "json"]).json();
    let cases = [
        ("C01", "S1"),
        ("C02", "S2"),
        ("C03", "S3"),
        ("C04", "S4"),
        ("C11", "S1"),
    ];
    for (client, server) in cases {
        let c = doc["connections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["client"] == client)
            .unwrap();
        let pred = &c["prediction"];
        assert_eq!(pred["outcome"], "succeeds", "{client}: {pred}");
        let params = w.deployment["applications"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == client)
            .unwrap()["appServers"][0]["transportParams"]
            .as_str()
            .unwrap()
            .to_string();
        let (proto, suite) = negotiate(&w, server, &params);
        assert_eq!(
            (
                pred["version"].as_str().unwrap(),
                pred["suite"].as_str().unwrap()
            ),
            (proto.as_str(), suite.as_str()),
            "{client} -> {server}"
        );
    }
}
