//! Endpoint identification as a Java client does it (`pki::names::check_jsse`) against the
//! real JDK: every certificate of a table (DNS and IP SANs, CN only, wildcards of every
//! shape, upper case, an IP address as a DNS SAN...) presented by `openssl s_server`, every
//! target name of a table checked by `tests/peers/JsseTrust.java` (a JSSE client with
//! endpoint identification "HTTPS" for that name, trusting the private CA). Every case where
//! the JDK and tlskit's model disagree fails the test. Skips, saying why, without `java`
//! (JDK 17) or `openssl`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use tlskit::pki::cert::Certificate;
use tlskit::pki::names::{self, NameResult, PeerName};

use crate::common::pki::{Lab, Spec};
use crate::common::*;

pub fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether `java` (JDK 17, the release tlskit models) and `openssl` are here.
pub fn jdk17_and_openssl() -> bool {
    if !have("java", "-version") {
        skip("no `java` on PATH (the JSSE differential tests need a JDK 17)");
        return false;
    }
    if !have("openssl", "version") {
        skip("no `openssl` on PATH (the JSSE differential tests need s_server)");
        return false;
    }
    let v = Command::new("java").arg("-version").output().unwrap();
    let v = String::from_utf8_lossy(&v.stderr).to_string();
    if !v.contains("\"17.") {
        skip(format!("tlskit models JDK 17 and `java -version` says {v}"));
        return false;
    }
    true
}

/// Runs JsseTrust over `cases` (its input lines); its answer per case id.
pub fn run_jsse_trust(cases: &str) -> Vec<(usize, String)> {
    let peer = repo().join("tests/peers/JsseTrust.java");
    let mut child = Command::new("java")
        .arg(&peer)
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(cases.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let (id, r) = l.split_once(' ').unwrap();
            (id.parse().unwrap(), r.to_string())
        })
        .collect()
}

pub fn read_certs(p: &Path) -> Vec<Arc<Certificate>> {
    tlskit::pki::pem::parse(&std::fs::read(p).unwrap())
        .blocks
        .iter()
        .filter(|b| b.label == "CERTIFICATE")
        .map(|b| Arc::new(Certificate::from_der(&b.der).unwrap()))
        .collect()
}

/// The certificates: file name, subject CN(s) (`/CN=` between several), SAN.
const CERTS: &[(&str, &str, Option<&str>)] = &[
    ("plain", "cs.example.com", Some("DNS:cs.example.com")),
    ("star", "x", Some("DNS:*.example.com")),
    ("partial", "x", Some("DNS:f*.example.com")),
    ("partial-end", "x", Some("DNS:*s.example.com")),
    ("partial-mid", "x", Some("DNS:w*b.example.com")),
    ("two-stars", "x", Some("DNS:*.*.example.com")),
    ("lone-star", "x", Some("DNS:*")),
    ("star-dot", "x", Some("DNS:*.")),
    ("star-com", "x", Some("DNS:*.com")),
    ("star-last", "x", Some("DNS:cs.example.*")),
    ("star-mid-label", "x", Some("DNS:cs.*.com")),
    ("ip-as-dns", "10.0.0.5", Some("DNS:10.0.0.5")),
    ("ip", "x", Some("IP:10.0.0.5,IP:::1")),
    ("ip-and-cn", "cs.example.com", Some("IP:10.0.0.5")),
    ("cn-only", "cs.example.com", None),
    ("cn-star", "*.example.com", None),
    ("cn-ip", "10.0.0.5", None),
    ("cn-two", "other.example.com/CN=cs.example.com", None),
    ("cn-two-rev", "cs.example.com/CN=other.example.com", None),
    ("upper", "x", Some("DNS:CS.Example.COM")),
    (
        "other-san-cn",
        "cs.example.com",
        Some("DNS:other.example.com"),
    ),
    ("email-san", "cs.example.com", Some("email:ops@example.com")),
    ("underscore", "x", Some("DNS:cs_1.example.com")),
    ("trailing-dot", "x", Some("DNS:cs.example.com.")),
];

const TARGETS: &[&str] = &[
    "cs.example.com",
    "CS.EXAMPLE.COM",
    "cs.example.com.",
    "foo.example.com",
    "f.example.com",
    "web.example.com",
    "a.b.example.com",
    "example.com",
    "com",
    "cs.example.org",
    "other.example.com",
    "cs_1.example.com",
    "10.0.0.5",
    "::1",
];

#[test]
fn java_endpoint_identification_agrees_with_the_real_jdk() {
    if !have("openssl", "version") {
        skip("no `openssl` on PATH (the certificates are made by openssl)");
        return;
    }
    let lab = Lab::new();
    let ca = lab.root("Names CA");
    let mut certs: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    for (file, cn, san) in CERTS {
        let mut spec = Spec::server("x");
        spec.cn = cn.to_string();
        spec.san = san.map(str::to_string);
        let leaf = lab.issue(&ca, file, &spec);
        certs.push((file.to_string(), leaf.cert, leaf.key));
    }
    // The model, which runs everywhere.
    let mut lines = String::new();
    let mut want = Vec::new();
    let mut genesys_differs = 0;
    for (file, cert, key) in &certs {
        let parsed = &read_certs(cert)[0];
        for target in TARGETS {
            let name = PeerName::parse(target);
            let jsse = names::check_jsse(parsed, &name);
            if (jsse == NameResult::Match) != (names::check(parsed, &name) == NameResult::Match) {
                genesys_differs += 1;
            }
            lines.push_str(&format!(
                "{}\t{}\t{}\t-\t{}\t{target}\n",
                want.len(),
                cert.display(),
                key.display(),
                ca.cert.display()
            ));
            want.push((format!("{file} for {target}"), jsse));
        }
    }
    if !jdk17_and_openssl() {
        return;
    }
    let got = run_jsse_trust(&lines);
    assert_eq!(got.len(), want.len(), "JsseTrust answered {got:?}");
    let mut agree = 0;
    let accepted = got.iter().filter(|(_, r)| r == "OK").count();
    let mut disagreements = Vec::new();
    for (i, real) in &got {
        let (what, model) = &want[*i];
        let model_ok = *model == NameResult::Match;
        if std::env::var_os("JAVA_NAMES_SHOW").is_some() {
            println!("{what}: {real}");
        }
        if model_ok == (real == "OK") {
            agree += 1;
        } else {
            disagreements.push(format!("{what}: tlskit says {model:?}, the JDK {real}"));
        }
    }
    println!(
        "JSSE names differential: {agree}/{} cases agree ({} certificates x {} names, {accepted} accepted by the JDK; the Security Pack's rules differ on {genesys_differs})",
        want.len(),
        CERTS.len(),
        TARGETS.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
