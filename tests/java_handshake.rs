//! Differential test of tlskit's JSSE model (`tls::jsse`) against the real JDK: seeded
//! random configurations of a Java end (SSLContext protocol, enabled protocols, enabled
//! suites) and of an OpenSSL end (sec-protocol, cipher-list, ciphersuites), each run by
//! `tests/peers/JssePeer.java` as Java to Java, Java client to `openssl s_server` and
//! `openssl s_client` to Java server, with an RSA or an EC server key. Every case whose real
//! outcome (protocol and suite, or failure) differs from tlskit's prediction fails the test.
//!
//! `JAVA_DIFF_CASES` (default 240) and `JAVA_DIFF_SEED` change the run. Skips, saying why,
//! without `java` or `openssl`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use tlskit::pki::cert::KeyKind;
use tlskit::tls::handshake::{Endpoint, Prediction};
use tlskit::tls::jsse::{self, JsseConfig, Peer};

/// xorshift64*: the same cases for the same seed on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A few suites JDK 17 knows but disables, to mix into random lists.
const DISABLED: &[&str] = &[
    "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_DH_anon_WITH_AES_128_CBC_SHA",
];

fn java_cfg(rng: &mut Rng) -> JsseConfig {
    let context = rng
        .pick(&[
            "TLS", "TLS", "TLS", "TLSv1.2", "TLSv1.3", "TLSv1.1", "TLSv1",
        ])
        .to_string();
    let protocols = rng.chance(45).then(|| {
        let mut all: Vec<&str> = jsse::PROTOCOLS.to_vec();
        let mut out = Vec::new();
        let n = 1 + rng.below(4);
        while out.len() < n && !all.is_empty() {
            let i = rng.below(all.len());
            out.push(all.remove(i).to_string());
        }
        out
    });
    let suites = rng.chance(50).then(|| {
        let mut out: Vec<String> = Vec::new();
        let n = 1 + rng.below(6);
        while out.len() < n {
            let s = if rng.chance(12) {
                rng.pick(DISABLED)
            } else {
                rng.pick(jsse::JDK17_DEFAULT_SUITES)
            };
            if !out.iter().any(|x| x == s) {
                out.push(s.to_string());
            }
        }
        out
    });
    JsseConfig {
        context,
        protocols,
        suites,
    }
}

fn cfg_text(c: &JsseConfig) -> String {
    let list = |l: &Option<Vec<String>>| l.as_ref().map_or("-".to_string(), |l| l.join(","));
    format!("{};{};{}", c.context, list(&c.protocols), list(&c.suites))
}

const CIPHER_LISTS: &[&str] = &[
    "",
    "",
    "HIGH",
    "ECDHE+AESGCM",
    "AES128-SHA",
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305",
    "DHE-RSA-AES256-GCM-SHA384:AES128-SHA",
    "AES256-GCM-SHA384:AES128-SHA256",
    "ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:AES256-SHA",
];
const SEC_PROTOCOLS: &[&str] = &["", "", "TLSv12", "TLSv13", "SSLv23"];
const CIPHERSUITES: &[&str] = &[
    "",
    "",
    "TLS_AES_128_GCM_SHA256",
    "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
];

fn opt(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

fn openssl_end(rng: &mut Rng) -> Endpoint<'static> {
    Endpoint {
        sec_protocol: opt(rng.pick(SEC_PROTOCOLS)),
        cipher_list: opt(rng.pick(CIPHER_LISTS)),
        ciphersuites: opt(rng.pick(CIPHERSUITES)),
    }
}

/// The s_server / s_client arguments that stand for an OpenSSL end's settings: the
/// Security Pack's versions for its sec-protocol, its lists, and (server) its own order.
fn openssl_args(e: &Endpoint, server: bool) -> String {
    let mut a: Vec<&str> = Vec::new();
    if server {
        a.push("-serverpref");
    }
    match e.sec_protocol {
        Some("TLSv12") => a.push("-tls1_2"),
        Some("TLSv13") => a.push("-tls1_3"),
        Some("SSLv23") => a.extend(["-min_protocol", "TLSv1.1"]),
        _ => a.extend(["-min_protocol", "TLSv1.2"]),
    }
    a.extend(["-cipher", e.cipher_list.unwrap_or("DEFAULT")]);
    if let Some(cs) = e.ciphersuites {
        a.extend(["-ciphersuites", cs]);
    }
    a.join("|")
}

/// What tlskit predicts, as JssePeer prints it: "OK PROTOCOL IANA-SUITE" or "FAIL".
fn expected(p: Option<Prediction>) -> String {
    match p {
        Some(Prediction::Succeeds { version, suite }) => {
            let iana = jsse::by_openssl(suite).map_or(suite, |s| s.iana);
            format!("OK {} {iana}", version.name())
        }
        _ => "FAIL".to_string(),
    }
}

/// Runs JssePeer over `cases` with the given key material; its output.
fn run_peer(keys: &[std::path::PathBuf], cases: &str) -> String {
    let peer = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/JssePeer.java");
    let mut child = Command::new("java")
        .arg(&peer)
        .args(keys)
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
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the peers this file needs are here (and the JDK is the release modelled).
fn peers_present() -> bool {
    if !have("java", "-version") {
        eprintln!("skipped: no `java` on PATH (the JSSE differential test needs a JDK 17)");
        return false;
    }
    if !have("openssl", "version") {
        eprintln!("skipped: no `openssl` on PATH");
        return false;
    }
    let version = Command::new("java").arg("-version").output().unwrap();
    let version = String::from_utf8_lossy(&version.stderr).to_string();
    if !version.contains("\"17.") {
        eprintln!("skipped: tlskit models JDK 17 and `java -version` says {version}");
        return false;
    }
    true
}

/// The bundled example's Java connections: ChatServer -> UCS:default (Java to Java, the
/// client's cipher-list in IANA names) and UCS -> confserv:secure (Java client to the
/// Security Pack). `resolve` must show both ends' stacks and predict what the real JDK
/// (and OpenSSL) then do with the lab's RSA certificate.
#[test]
fn the_bundled_examples_java_connections_are_predicted_as_jsse_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_tlskit"))
        .args(["resolve", "testdata/genesys-lab", "--format", "json"])
        .current_dir(root)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let conn = |client: &str, server: &str| {
        doc["connections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["client"] == client && c["server"] == server)
            .unwrap_or_else(|| panic!("{client} -> {server}"))
            .clone()
    };
    let chat = conn("ChatServer", "UCS");
    assert_eq!(chat["stacks"]["client"], "Java (JSSE, JDK 17)");
    assert_eq!(chat["stacks"]["server"], "Java (JSSE, JDK 17)");
    assert_eq!(chat["prediction"]["version"], "TLSv1.3");
    assert_eq!(chat["prediction"]["suite"], "TLS_AES_128_GCM_SHA256");
    let ucs = conn("UCS", "confserv");
    assert_eq!(ucs["stacks"]["client"], "Java (JSSE, JDK 17)");
    assert_eq!(ucs["stacks"]["server"], "OpenSSL (Security Pack)");
    assert_eq!(ucs["prediction"]["version"], "TLSv1.3");
    assert_eq!(ucs["prediction"]["suite_iana"], "TLS_AES_256_GCM_SHA384");

    if !peers_present() {
        return;
    }
    let certs = root.join("testdata/genesys-lab/certs/certs");
    let got = run_peer(
        &[
            certs.join("ucs_cert.pem"),
            certs.join("ucs_priv_key_NEW.pem"),
        ],
        "chat\tjava-java\trsa\tTLS;-;TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256\tTLS;-;-\n\
         ucs\tjava-client\trsa\tTLS;-;-\t-serverpref|-min_protocol|TLSv1.2|-cipher|DEFAULT\n",
    );
    let real: Vec<&str> = got.lines().collect();
    let shown = |c: &serde_json::Value| {
        format!(
            "OK {} {}",
            c["prediction"]["version"].as_str().unwrap(),
            c["prediction"]["suite_iana"].as_str().unwrap()
        )
    };
    assert_eq!(
        real,
        [
            format!("chat {}", shown(&chat)),
            format!("ucs {}", shown(&ucs))
        ]
    );
}

fn keygen(dir: &Path) {
    let run = |args: &[&str]| {
        let ok = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .env("OPENSSL_CONF", "/dev/null")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "openssl {args:?}");
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "rsa.key",
        "-out",
        "rsa.pem",
        "-subj",
        "/CN=localhost",
        "-days",
        "30",
    ]);
    run(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "ec.key",
        "-out",
        "ec.pem",
        "-subj",
        "/CN=localhost",
        "-days",
        "30",
    ]);
}

#[test]
fn jsse_model_agrees_with_the_real_jdk_and_openssl() {
    if !peers_present() {
        return;
    }
    let version = Command::new("java").arg("-version").output().unwrap();
    let version = String::from_utf8_lossy(&version.stderr).to_string();
    let cases: usize = std::env::var("JAVA_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(240);
    let seed: u64 = std::env::var("JAVA_DIFF_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_1a7a);
    let dir = tempfile::tempdir().unwrap();
    keygen(dir.path());

    let mut rng = Rng(seed | 1);
    let mut lines = String::new();
    let mut want = Vec::new();
    for i in 0..cases {
        let (kind, key) = if rng.chance(50) {
            ("rsa", KeyKind::Rsa)
        } else {
            ("ec", KeyKind::Ec)
        };
        let (mode, client, server, a, b) = match rng.below(3) {
            0 => {
                let (c, s) = (java_cfg(&mut rng), java_cfg(&mut rng));
                let (a, b) = (cfg_text(&c), cfg_text(&s));
                ("java-java", Peer::Java(c), Peer::Java(s), a, b)
            }
            1 => {
                let (c, s) = (java_cfg(&mut rng), openssl_end(&mut rng));
                let (a, b) = (cfg_text(&c), openssl_args(&s, true));
                ("java-client", Peer::Java(c), Peer::OpenSsl(s), a, b)
            }
            _ => {
                let (c, s) = (openssl_end(&mut rng), java_cfg(&mut rng));
                let (a, b) = (cfg_text(&s), openssl_args(&c, false));
                ("java-server", Peer::OpenSsl(c), Peer::Java(s), a, b)
            }
        };
        let predicted = expected(jsse::predict(&client, &server, Some(key), 17));
        lines.push_str(&format!("{i}\t{mode}\t{kind}\t{a}\t{b}\n"));
        want.push((format!("{mode} key={kind} [{a}] [{b}]"), predicted));
    }

    let d = dir.path();
    let out = run_peer(
        &[
            d.join("rsa.pem"),
            d.join("rsa.key"),
            d.join("ec.pem"),
            d.join("ec.key"),
        ],
        &lines,
    );

    let mut agree = 0;
    let mut disagreements = Vec::new();
    for line in out.lines() {
        let (id, got) = line.split_once(' ').unwrap();
        let i: usize = id.parse().unwrap();
        let (what, predicted) = &want[i];
        let same = if predicted == "FAIL" {
            got.starts_with("FAIL")
        } else {
            got == predicted
        };
        if same {
            agree += 1;
        } else {
            disagreements.push(format!(
                "case {i} {what}: tlskit predicts {predicted}, JSSE/OpenSSL did {got}"
            ));
        }
    }
    println!(
        "JSSE differential: {agree}/{cases} cases agree (seed {seed:#x}, JDK {})",
        version.lines().next().unwrap_or("?")
    );
    assert_eq!(
        out.lines().count(),
        cases,
        "JssePeer answered {} of {cases} cases",
        out.lines().count()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
