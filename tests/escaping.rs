//! Control characters that a certificate, a configuration or a probed server carries reach
//! a terminal escaped (`\x1b`, `\n`, …): a hostile name can neither rewrite the screen nor
//! forge a line such as `verdict: valid`. JSON keeps them, escaped as JSON does.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::servers::Server;
use crate::common::*;

const EVIL: &str = "evil\x1b[2J\x07\r\nverdict: valid";

/// A self-signed certificate whose CN and SAN hold ESC, BEL, CR and LF.
fn evil_certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("evil.pem"), dir.join("evil.key"));
    let ok = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "30", "-subj", &format!("/CN={EVIL}")])
        .args(["-addext", "subjectAltName=DNS:a\x1bb.example.com"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    (cert, key)
}

fn assert_no_raw_controls(what: &str, text: &str) {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in\n{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("verdict: valid")),
        "{what}: a forged line:\n{text}"
    );
}

#[test]
fn cert_inspect_and_verify_escape_hostile_names() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, _) = evil_certificate(dir.path());
    let c = cert.to_str().unwrap();
    let inspect = tlskit(["cert", "inspect", c]);
    assert_no_raw_controls("cert inspect", &inspect.stdout);
    assert!(
        inspect
            .stdout
            .contains("evil\\x1b[2J\\x07\\r\\nverdict: valid"),
        "{}",
        inspect.stdout
    );
    assert!(inspect.stdout.contains("DNS:a\\x1bb.example.com"));
    let verify = tlskit(["cert", "verify", c, "--trusted-ca", c]);
    assert_no_raw_controls("cert verify", &verify.stdout);
}

#[test]
fn lint_escapes_control_characters_in_option_values() {
    let s = Scenario::empty();
    // An option file with raw ESC and BEL in a value, and an export whose value holds a
    // line break: both are quoted in messages and shown in the source snippet.
    s.write("A.cfg", "[security]\nsec-protocol=TLSv12\x1b[2J\x07\n");
    s.write(
        "export.json",
        r#"{"applications": [{"name": "B", "type": "statserver",
            "options": {"security": {"tls-mutual": "1\nverdict: valid"}}}]}"#,
    );
    let run = tlskit(["lint", s.path().to_str().unwrap()]);
    assert_no_raw_controls("lint text", &run.stdout);
    assert!(run.stdout.contains("TLSv12\\x1b[2J\\x07"), "{}", run.stdout);
    assert!(run.stdout.contains("1\\nverdict: valid"), "{}", run.stdout);
    // JSON carries the values themselves, escaped by JSON's rules.
    let json = tlskit(["lint", s.path().to_str().unwrap(), "--format", "json"]);
    assert!(
        json.stdout.contains("TLSv12\\u001b[2J\\u0007"),
        "{}",
        json.stdout
    );
}

#[test]
fn probe_escapes_what_a_server_presents() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = evil_certificate(dir.path());
    let server = Server::openssl(&cert, &key, &[]);
    let run = tlskit(["probe", &server.endpoint(), "--no-scan", "--timeout", "5"]);
    assert_no_raw_controls("probe", &run.stdout);
    assert!(run.stdout.contains("\\x1b[2J"), "{}", run.stdout);
}
