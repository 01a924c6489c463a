//! The native CA, checked by real peers: openssl verify, x509, pkcs12, pkey, ca -gencrl,
//! s_server/s_client, and Java's keytool; the scripts' shims; concurrency and crashes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::*;

fn ok(run: &Run) {
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

fn ossl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .env("OPENSSL_CONF", "/dev/null")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

struct Ca {
    dir: tempfile::TempDir,
}

impl Ca {
    fn new(extra: &[&str]) -> Ca {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec![
            "ca",
            "init",
            "--dir",
            dir.path().to_str().unwrap(),
            "--cn",
            "Lab CA",
            "--country",
            "US",
        ];
        args.extend(extra);
        ok(&tlskit(&args));
        Ca { dir }
    }
    fn d(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }
    fn conf(&self, name: &str) -> PathBuf {
        self.dir.path().join("ca_conf").join(name)
    }
    fn repo(&self, name: &str) -> PathBuf {
        self.conf("repository").join(name)
    }
    fn issue(&self, host: &str, extra: &[&str]) -> Run {
        let mut args = vec!["ca", "issue", "--dir", self.d(), "--host", host];
        args.extend(extra);
        let run = tlskit(&args);
        ok(&run);
        run
    }
    fn db(&self) -> String {
        std::fs::read_to_string(self.conf("ca.db")).unwrap()
    }
}

#[test]
fn issued_certificates_pass_openssl_and_carry_the_recommended_extensions() {
    let ca = Ca::new(&[]);
    ca.issue("cs-01.example.com", &["--ip", "10.0.0.5"]);
    let cert = ca.repo("01_cs-01_cert.pem");
    let (good, out) = ossl(&[
        "verify",
        "-x509_strict",
        "-CAfile",
        s(&ca.conf("ca_cert.pem")),
        s(&cert),
    ]);
    assert!(good, "{out}");
    let (_, text) = ossl(&["x509", "-in", s(&cert), "-noout", "-text"]);
    for want in [
        "DNS:cs-01.example.com, IP Address:10.0.0.5",
        "TLS Web Server Authentication, TLS Web Client Authentication",
        "Digital Signature, Key Encipherment",
        "CA:FALSE",
        "X509v3 Subject Key Identifier",
        "X509v3 Authority Key Identifier",
        "sha256WithRSAEncryption",
        "Public-Key: (2048 bit)",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    let (_, ca_text) = ossl(&["x509", "-in", s(&ca.conf("ca_cert.pem")), "-noout", "-text"]);
    assert!(
        ca_text.contains("CA:TRUE") && ca_text.contains("Certificate Sign, CRL Sign"),
        "{ca_text}"
    );
    // The PFX opens in OpenSSL 3 without -legacy, with the empty password of the scripts.
    let (good, info) = ossl(&[
        "pkcs12",
        "-info",
        "-in",
        s(&ca.repo("01_cs-01_cert.pfx")),
        "-passin",
        "pass:",
        "-noout",
    ]);
    assert!(good && info.contains("AES-256-CBC"), "{info}");
    // Keys: PKCS#1 for native applications, owner-only.
    let key = ca.repo("01_cs-01_priv_key.pem");
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
    assert!(ossl(&["pkey", "-in", s(&key), "-noout"]).0);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(ca.conf("ca_priv_key.pem"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o400
    );
    // And tlskit itself finds nothing wrong with them.
    let v = tlskit([
        "cert",
        "verify",
        s(&cert),
        "--trusted-ca",
        s(&ca.conf("ca_cert.pem")),
        "--host",
        "cs-01.example.com",
        "--purpose",
        "server",
    ]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn every_key_type_and_format_is_readable_by_openssl() {
    let ca = Ca::new(&["--key-type", "ecdsa-p384"]);
    ca.issue("ec.example.com", &["--key-type", "ecdsa-p256"]);
    ca.issue(
        "java.example.com",
        &["--key-format", "pkcs8", "--key-size", "3072"],
    );
    ca.issue("ed.example.com", &["--key-type", "ed25519"]);
    ca.issue("legacy.example.com", &["--pfx-legacy"]);
    for f in [
        "01_ec_priv_key.pem",
        "02_java_priv_key.pem",
        "03_ed_priv_key.pem",
    ] {
        let (good, out) = ossl(&["pkey", "-in", s(&ca.repo(f)), "-noout"]);
        assert!(good, "{f}: {out}");
    }
    assert!(
        std::fs::read_to_string(ca.repo("02_java_priv_key.pem"))
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    for f in ["01_ec_cert.pem", "02_java_cert.pem", "03_ed_cert.pem"] {
        let (good, out) = ossl(&[
            "verify",
            "-x509_strict",
            "-CAfile",
            s(&ca.conf("ca_cert.pem")),
            s(&ca.repo(f)),
        ]);
        assert!(good, "{f}: {out}");
    }
    // 3DES is still in OpenSSL 3's default provider: old Windows and OpenSSL both read it.
    let (good, info) = ossl(&[
        "pkcs12",
        "-info",
        "-in",
        s(&ca.repo("04_legacy_cert.pfx")),
        "-passin",
        "pass:",
        "-noout",
    ]);
    assert!(good && info.contains("3-KeyTripleDES"), "{info}");
}

#[test]
fn java_keytool_lists_the_pfx() {
    if Command::new("keytool").arg("-help").output().is_err() {
        panic!("keytool (Java) is required: .ci/run installs a JDK when it is missing");
    }
    let ca = Ca::new(&[]);
    ca.issue("ucs.example.com", &["--key-format", "pkcs8"]);
    let out = Command::new("keytool")
        .args([
            "-list",
            "-storetype",
            "PKCS12",
            "-keystore",
            s(&ca.repo("01_ucs_cert.pfx")),
            "-storepass",
            "",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("PrivateKeyEntry"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn revocation_reaches_ca_db_the_crl_and_openssl() {
    let ca = Ca::new(&[]);
    ca.issue("a.example.com", &[]);
    ca.issue("b.example.com", &[]);
    ok(&tlskit([
        "ca",
        "revoke",
        "--dir",
        ca.d(),
        "02",
        "--reason",
        "keyCompromise",
    ]));
    assert!(
        ca.db().lines().nth(1).unwrap().starts_with("R\t"),
        "{}",
        ca.db()
    );
    assert!(ca.db().contains(",keyCompromise\t02\t"), "{}", ca.db());
    ok(&tlskit(["ca", "crl", "--dir", ca.d()]));
    let crl = ca.conf("crl.pem");
    let root = ca.conf("ca_cert.pem");
    let (good, out) = ossl(&[
        "verify",
        "-x509_strict",
        "-crl_check",
        "-CRLfile",
        s(&crl),
        "-CAfile",
        s(&root),
        s(&ca.repo("02_b_cert.pem")),
    ]);
    assert!(!good && out.contains("certificate revoked"), "{out}");
    assert!(
        ossl(&[
            "verify",
            "-crl_check",
            "-CRLfile",
            s(&crl),
            "-CAfile",
            s(&root),
            s(&ca.repo("01_a_cert.pem"))
        ])
        .0
    );
    let (_, text) = ossl(&["crl", "-in", s(&crl), "-noout", "-text"]);
    assert!(
        text.contains("X509v3 CRL Number") && text.contains("X509v3 Authority Key Identifier"),
        "{text}"
    );
    let list =
        tlskit(["ca", "list", "--dir", ca.d(), "--format", "json"]).json()["certificates"].clone();
    assert_eq!(list[1]["status"], "revoked");
    assert_eq!(list[0]["host"], "a.example.com");
    assert_eq!(list[0]["status"], "valid");
    // openssl ca still works on the directory.
    let cnf = ca.conf("openssl.cnf");
    std::fs::write(&cnf, format!(
        "[ca]\ndefault_ca=x\n[x]\ndatabase={}\nserial={}\ncertificate={}\nprivate_key={}\ndefault_md=sha256\ndefault_crl_days=7\n",
        s(&ca.conf("ca.db")), s(&ca.conf("serial.num")), s(&root), s(&ca.conf("ca_priv_key.pem"))
    )).unwrap();
    let (good, out) = ossl(&[
        "ca",
        "-gencrl",
        "-config",
        s(&cnf),
        "-out",
        s(&ca.conf("openssl-crl.pem")),
    ]);
    assert!(good, "{out}");
    let (_, text) = ossl(&[
        "crl",
        "-in",
        s(&ca.conf("openssl-crl.pem")),
        "-noout",
        "-text",
    ]);
    assert!(text.contains("Serial Number: 02"), "{text}");
}

#[test]
fn a_real_handshake_verifies_with_names_and_mutual_tls() {
    let ca = Ca::new(&[]);
    ca.issue("srv.example.com", &[]);
    ca.issue("cli.example.com", &["--profile", "client"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let root = ca.conf("ca_cert.pem");
    let mut srv = Command::new("openssl")
        .args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-naccept",
            "1",
            "-cert",
            s(&ca.repo("01_srv_cert.pem")),
            "-key",
            s(&ca.repo("01_srv_priv_key.pem")),
            "-CAfile",
            s(&root),
            "-Verify",
            "1",
            "-verify_return_error",
        ])
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(srv.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("ACCEPT") {
        line.clear();
        assert!(
            std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0,
            "s_server exited"
        );
    }
    let client = Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-verify_return_error",
            "-verify_hostname",
            "srv.example.com",
            "-CAfile",
            s(&root),
            "-cert",
            s(&ca.repo("02_cli_cert.pem")),
            "-key",
            s(&ca.repo("02_cli_priv_key.pem")),
        ])
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let _ = srv.kill();
    let _ = srv.wait();
    let text = String::from_utf8_lossy(&client.stdout);
    assert!(
        text.contains("Verify return code: 0 (ok)"),
        "{text}{}",
        String::from_utf8_lossy(&client.stderr)
    );
}

#[test]
fn the_shims_reproduce_the_guides_examples() {
    let dir = tempfile::tempdir().unwrap();
    let scripts = repo().join("scripts");
    let run = |script: &str, args: &[&str]| {
        let out = Command::new("bash")
            .arg(scripts.join(script))
            .args(args)
            .current_dir(dir.path())
            .env("TLSKIT", BIN)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(
        "create_ca.sh",
        &[
            "-CN",
            "Basic Certification Authority",
            "-E",
            "admin@example.com",
            "-OU",
            "IT",
            "-O",
            "Example",
            "-L",
            "Daly City",
            "-S",
            "CA",
            "-C",
            "US",
        ],
    );
    run(
        "create_cert.sh",
        &[
            "-host",
            "myHOST.domain1.domain2.com",
            "-CN",
            "myWorkstation",
        ],
    );
    let repo_dir = dir.path().join("ca_conf/repository");
    for f in [
        "01_myHOST_cert.pem",
        "01_myHOST_priv_key.pem",
        "01_myHOST_cert.pfx",
    ] {
        assert!(repo_dir.join(f).is_file(), "{f} missing");
    }
    let (_, subject) = ossl(&[
        "x509",
        "-in",
        s(&dir.path().join("ca_conf/ca_cert.pem")),
        "-noout",
        "-subject",
    ]);
    assert!(
        subject.contains("Basic Certification Authority") && subject.contains("C = US"),
        "{subject}"
    );
    run(
        "convert_priv_key.sh",
        &[
            "-in",
            s(&repo_dir.join("01_myHOST_priv_key.pem")),
            "-out",
            "01_myHOST_priv_key_NEW.pem",
            "-outformat",
            "pkcs8",
        ],
    );
    let new = std::fs::read_to_string(dir.path().join("01_myHOST_priv_key_NEW.pem")).unwrap();
    assert!(new.starts_with("-----BEGIN PRIVATE KEY-----"));
}

#[test]
fn key_convert_round_trips_and_encrypts_for_openssl() {
    let ca = Ca::new(&[]);
    ca.issue("k.example.com", &[]);
    let rsa = ca.repo("01_k_priv_key.pem");
    let out = ca.dir.path().join("k8.pem");
    ok(&tlskit([
        "key",
        "convert",
        s(&rsa),
        s(&out),
        "--outformat",
        "pkcs8",
    ]));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    let back = ca.dir.path().join("k1.pem");
    ok(&tlskit([
        "key",
        "convert",
        s(&out),
        s(&back),
        "--outformat",
        "rsa",
    ]));
    assert_eq!(std::fs::read(&back).unwrap(), std::fs::read(&rsa).unwrap());
    // Never overwritten.
    assert_eq!(
        tlskit(["key", "convert", s(&out), s(&back), "--outformat", "rsa"]).code,
        2
    );
    // Encrypted with PBES2, readable by openssl with the password.
    let enc = ca.dir.path().join("enc.pem");
    let run = Command::new(BIN)
        .args([
            "key",
            "convert",
            s(&rsa),
            s(&enc),
            "--encrypt",
            "--passout",
            "env:KEYPASS",
        ])
        .env("KEYPASS", "s3cret")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (good, text) = ossl(&["pkey", "-in", s(&enc), "-passin", "pass:s3cret", "-noout"]);
    assert!(good, "{text}");
    let (_, asn1) = ossl(&["asn1parse", "-in", s(&enc)]);
    assert!(
        asn1.contains("PBES2") && asn1.contains("aes-256-cbc") && asn1.contains("hmacWithSHA256"),
        "{asn1}"
    );
    // And back, with --passin.
    let plain = ca.dir.path().join("plain.pem");
    let run = Command::new(BIN)
        .args([
            "key",
            "convert",
            s(&enc),
            s(&plain),
            "--passin",
            "env:KEYPASS",
            "--outformat",
            "rsa",
        ])
        .env("KEYPASS", "s3cret")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(std::fs::read(&plain).unwrap(), std::fs::read(&rsa).unwrap());
    let wrong = tlskit([
        "key",
        "convert",
        s(&enc),
        s(&ca.dir.path().join("x.pem")),
        "--passin",
        "pass:nope",
    ]);
    assert_eq!(wrong.code, 2);
    // From the PFX.
    let from_pfx = ca.dir.path().join("from-pfx.pem");
    ok(&tlskit([
        "key",
        "convert",
        s(&ca.repo("01_k_cert.pfx")),
        s(&from_pfx),
        "--informat",
        "pfx",
        "--outformat",
        "rsa",
    ]));
    assert_eq!(
        std::fs::read(&from_pfx).unwrap(),
        std::fs::read(&rsa).unwrap()
    );
}

#[test]
fn intermediates_sign_requests_and_write_chains() {
    let root = Ca::new(&[]);
    let inter_dir = tempfile::tempdir().unwrap();
    ok(&tlskit([
        "ca",
        "init",
        "--dir",
        inter_dir.path().to_str().unwrap(),
        "--cn",
        "Issuing CA",
        "--intermediate",
        "--parent",
        root.d(),
    ]));
    let inter = Ca { dir: inter_dir };
    inter.issue("h.example.com", &["--chain"]);
    let chain = inter.repo("01_h_chain.pem");
    let (good, out) = ossl(&[
        "verify",
        "-x509_strict",
        "-CAfile",
        s(&root.conf("ca_cert.pem")),
        "-untrusted",
        s(&inter.conf("ca_cert.pem")),
        s(&inter.repo("01_h_cert.pem")),
    ]);
    assert!(good, "{out}");
    let v = tlskit([
        "cert",
        "verify",
        s(&chain),
        "--trusted-ca",
        s(&root.conf("ca_cert.pem")),
        "--host",
        "h.example.com",
    ]);
    assert_eq!(v.code, 0, "{}", v.stdout);
    let (_, text) = ossl(&[
        "x509",
        "-in",
        s(&inter.conf("ca_cert.pem")),
        "-noout",
        "-text",
    ]);
    assert!(text.contains("CA:TRUE, pathlen:0"), "{text}");
    assert!(root.db().contains("/CN=Issuing CA"));
    // A host that made its own key.
    let d = inter.dir.path();
    assert!(
        ossl(&[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            s(&d.join("own.key")),
            "-out",
            s(&d.join("own.csr")),
            "-subj",
            "/CN=own.example.com",
            "-addext",
            "subjectAltName=DNS:own.example.com"
        ])
        .0
    );
    ok(&tlskit([
        "ca",
        "sign",
        "--dir",
        inter.d(),
        s(&d.join("own.csr")),
    ]));
    let signed = inter.repo("02_own_cert.pem");
    let (good, out) = ossl(&[
        "verify",
        "-x509_strict",
        "-CAfile",
        s(&root.conf("ca_cert.pem")),
        "-untrusted",
        s(&inter.conf("ca_cert.pem")),
        "-purpose",
        "sslserver",
        s(&signed),
    ]);
    assert!(good, "{out}");
}

#[test]
fn an_existing_ca_is_never_touched_and_bad_input_is_refused() {
    let ca = Ca::new(&[]);
    let before = std::fs::read(ca.conf("ca_priv_key.pem")).unwrap();
    let again = tlskit(["ca", "init", "--dir", ca.d(), "--cn", "Other"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"));
    assert_eq!(std::fs::read(ca.conf("ca_priv_key.pem")).unwrap(), before);
    let d = tempfile::tempdir().unwrap();
    assert_eq!(
        tlskit([
            "ca",
            "init",
            "--dir",
            d.path().to_str().unwrap(),
            "--cn",
            "X",
            "--country",
            "USA"
        ])
        .code,
        2
    );
    assert_eq!(
        tlskit([
            "ca",
            "issue",
            "--dir",
            d.path().to_str().unwrap(),
            "--host",
            "h"
        ])
        .code,
        2
    );
    assert_eq!(tlskit(["ca", "revoke", "--dir", ca.d(), "99"]).code, 2);
}

#[test]
fn eight_parallel_issues_take_eight_serials() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    let children: Vec<_> = (0..8)
        .map(|i| {
            Command::new(BIN)
                .args([
                    "ca",
                    "issue",
                    "--dir",
                    ca.d(),
                    "--host",
                    &format!("h{i}.example.com"),
                    "--key-type",
                    "ecdsa-p256",
                ])
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let db = ca.db();
    let mut serials: Vec<&str> = db.lines().map(|l| l.split('\t').nth(3).unwrap()).collect();
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), 8, "{db}");
    assert_eq!(
        std::fs::read_to_string(ca.conf("serial.num"))
            .unwrap()
            .trim(),
        "09"
    );
    let files = std::fs::read_dir(ca.conf("repository")).unwrap().count();
    assert_eq!(files, 8 * 3);
}

#[test]
fn a_killed_issuance_leaves_the_ca_usable() {
    let ca = Ca::new(&[]);
    for delay in [5u64, 20, 40, 80] {
        let mut c = Command::new(BIN)
            .args([
                "ca",
                "issue",
                "--dir",
                ca.d(),
                "--host",
                "victim.example.com",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = c.kill();
        let _ = c.wait();
    }
    // Whatever was cut short, the CA issues again, with a serial beyond every recorded one.
    let run = ca.issue("after.example.com", &[]);
    let db = ca.db();
    let recorded: Vec<&str> = db.lines().map(|l| l.split('\t').nth(3).unwrap()).collect();
    let last = run.stdout.split_whitespace().next().unwrap().to_string();
    assert_eq!(recorded.last().unwrap(), &last, "{db}");
    let mut sorted = recorded.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), recorded.len(), "a serial was reused: {db}");
    // Every recorded serial has its files.
    let files: Vec<String> = std::fs::read_dir(ca.conf("repository"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for serial in recorded {
        assert!(
            files
                .iter()
                .any(|f| f.starts_with(&format!("{serial}_")) && f.ends_with("_cert.pem")),
            "{serial}: {files:?}"
        );
    }
    assert!(
        !files.iter().any(|f| f.contains(".tmp.")),
        "temporary files left: {files:?}"
    );
}

#[test]
fn a_ca_made_by_openssl_ca_is_adopted_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("ca_conf");
    std::fs::create_dir_all(conf.join("repository")).unwrap();
    let c = |n: &str| conf.join(n).to_str().unwrap().to_string();
    assert!(
        ossl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &c("ca_priv_key.pem"),
            "-out",
            &c("ca_cert.pem"),
            "-subj",
            "/CN=OpenSSL CA",
            "-days",
            "30",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign"
        ])
        .0
    );
    std::fs::write(conf.join("ca.db"), "").unwrap();
    std::fs::write(conf.join("serial.num"), "1A\n").unwrap();
    let cnf = conf.join("openssl.cnf");
    std::fs::write(&cnf, format!(
        "[ca]\ndefault_ca=x\n[x]\ndatabase={}\nserial={}\nnew_certs_dir={}\ncertificate={}\nprivate_key={}\ndefault_md=sha256\ndefault_days=30\ndefault_crl_days=7\npolicy=p\n[p]\ncommonName=supplied\n",
        c("ca.db"), c("serial.num"), c("repository"), c("ca_cert.pem"), c("ca_priv_key.pem")
    )).unwrap();
    assert!(
        ossl(&[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            s(&dir.path().join("o.key")),
            "-out",
            s(&dir.path().join("o.csr")),
            "-subj",
            "/CN=old.example.com"
        ])
        .0
    );
    let (good, out) = ossl(&[
        "ca",
        "-batch",
        "-config",
        s(&cnf),
        "-in",
        s(&dir.path().join("o.csr")),
        "-out",
        s(&dir.path().join("o.pem")),
    ]);
    assert!(good, "{out}");
    // tlskit continues where openssl left off: serial 1B.
    let run = tlskit([
        "ca",
        "issue",
        "--dir",
        dir.path().to_str().unwrap(),
        "--host",
        "new.example.com",
    ]);
    ok(&run);
    assert!(run.stdout.starts_with("1B "), "{}", run.stdout);
    ok(&tlskit([
        "ca",
        "revoke",
        "--dir",
        dir.path().to_str().unwrap(),
        "1A",
    ]));
    ok(&tlskit([
        "ca",
        "crl",
        "--dir",
        dir.path().to_str().unwrap(),
    ]));
    let (good, out) = ossl(&[
        "ca",
        "-gencrl",
        "-config",
        s(&cnf),
        "-out",
        s(&dir.path().join("after.pem")),
    ]);
    assert!(good, "{out}");
    let (_, text) = ossl(&[
        "crl",
        "-in",
        s(&dir.path().join("after.pem")),
        "-noout",
        "-text",
    ]);
    assert!(text.contains("Serial Number: 1A"), "{text}");
}

#[test]
fn lint_finds_no_certificate_errors_in_a_deployment_issued_by_the_ca() {
    let ca = Ca::new(&[]);
    ca.issue("srv.example.com", &[]);
    ca.issue("cli.example.com", &[]);
    use std::os::unix::fs::PermissionsExt;
    let root = ca.conf("ca_cert.pem");
    let sec = |n: &str, host: &str| {
        serde_json::json!({"security": {
        "certificate": s(&ca.repo(&format!("{n}_{host}_cert.pem"))),
        "certificate-key": s(&ca.repo(&format!("{n}_{host}_priv_key.pem"))),
        "trusted-ca": s(&root)}})
    };
    let _ = std::fs::Permissions::from_mode(0o600);
    let d = serde_json::json!({
        "hosts": [
            {"name": "srv.example.com", "osInfo": {"type": "Linux"}, "userProperties": sec("01", "srv")},
            {"name": "cli.example.com", "osInfo": {"type": "Linux"}, "userProperties": sec("02", "cli")}],
        "applications": [
            {"name": "StatServer", "type": "CFGStatServer", "serverInfo": {"host": "srv.example.com"},
             "portInfos": [{"id": "default", "port": "3000", "transportParams": "tls=1;tls-mutual=1"}]},
            {"name": "Router", "type": "CFGRouterServer", "serverInfo": {"host": "cli.example.com"},
             "options": {"security": {"tls-target-name-check": "host"}},
             "appServers": [{"appServer": "StatServer", "id": "default"}]}]
    });
    let sc = Scenario::new(&d);
    let run = tlskit(["lint", sc.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.rules(), Vec::<String>::new(), "{}", run.stdout);
}

#[test]
fn batches_issue_for_a_csv_and_for_every_host_of_a_deployment() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    let csv = ca.dir.path().join("hosts.csv");
    std::fs::write(&csv, "host,cn,ips,dns\ncs-01.example.com,,10.0.0.1;10.0.0.2,cs.example.com\nms-01.example.com,Message Server,,\n").unwrap();
    ok(&tlskit([
        "ca",
        "issue",
        "--dir",
        ca.d(),
        "--batch",
        s(&csv),
        "--key-type",
        "ecdsa-p256",
    ]));
    let (_, text) = ossl(&[
        "x509",
        "-in",
        s(&ca.repo("01_cs-01_cert.pem")),
        "-noout",
        "-ext",
        "subjectAltName",
    ]);
    assert!(
        text.contains(
            "DNS:cs-01.example.com, DNS:cs.example.com, IP Address:10.0.0.1, IP Address:10.0.0.2"
        ),
        "{text}"
    );
    let (_, subject) = ossl(&[
        "x509",
        "-in",
        s(&ca.repo("02_ms-01_cert.pem")),
        "-noout",
        "-subject",
    ]);
    assert!(subject.contains("CN = Message Server"), "{subject}");
    let bad = ca.dir.path().join("bad.csv");
    std::fs::write(&bad, "host,cn,ips,dns\nx.example.com,,not-an-ip,\n").unwrap();
    let run = tlskit(["ca", "issue", "--dir", ca.d(), "--batch", s(&bad)]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.csv:2"), "{}", run.stderr);
    // Every host of a deployment.
    let dep = Scenario::new(&clean());
    ok(&tlskit([
        "ca",
        "issue",
        "--dir",
        ca.d(),
        "--from-deployment",
        dep.path().to_str().unwrap(),
        "--key-type",
        "ecdsa-p256",
    ]));
    let list =
        tlskit(["ca", "list", "--dir", ca.d(), "--format", "json"]).json()["certificates"].clone();
    assert_eq!(list.as_array().unwrap().len(), 2 + 5);
    assert!(ca.conf("repository").join("07_ts-01_cert.pem").is_file());
    let (_, text) = ossl(&[
        "x509",
        "-in",
        s(&ca.repo("07_ts-01_cert.pem")),
        "-noout",
        "-ext",
        "subjectAltName",
    ]);
    assert!(text.contains("IP Address:10.20.0.41"), "{text}");
}
