//! `tlskit ca renew` (issue 14): what expires within the window is re-issued with the same
//! subject, SANs, EKU and key type; openssl verifies the new certificates, keytool reads
//! the new PFX files, --dry-run changes nothing, --revoke-old reaches the CRL.

use crate::common;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Run, tlskit};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

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

/// A CA with four hosts: a (RSA, PKCS#8 key, 20 days), b (ECDSA, client, an IP and a
/// second name, 20 days), c (200 days), d (20 days, revoked).
struct Lab {
    dir: tempfile::TempDir,
}

impl Lab {
    fn new() -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let d = s(dir.path()).to_string();
        ok(&tlskit([
            "ca",
            "init",
            "--dir",
            &d,
            "--cn",
            "Renew CA",
            "--country",
            "US",
            "--org",
            "Example",
        ]));
        let issue = |host: &str, extra: &[&str]| {
            let mut args = vec![
                "ca",
                "issue",
                "--dir",
                &d,
                "--host",
                host,
                "--org",
                "Example",
                "--country",
                "US",
            ];
            args.extend(extra);
            ok(&tlskit(&args));
        };
        issue(
            "a.example.com",
            &["--days", "20", "--key-format", "pkcs8", "--chain"],
        );
        issue(
            "b.example.com",
            &[
                "--days",
                "20",
                "--key-type",
                "ecdsa-p256",
                "--profile",
                "client",
                "--ip",
                "10.1.2.3",
                "--san-dns",
                "b2.example.com",
            ],
        );
        issue(
            "c.example.com",
            &["--days", "200", "--key-type", "ecdsa-p256"],
        );
        issue(
            "d.example.com",
            &["--days", "20", "--key-type", "ecdsa-p256"],
        );
        ok(&tlskit(["ca", "revoke", "--dir", &d, "04"]));
        Lab { dir }
    }
    fn d(&self) -> &str {
        s(self.dir.path())
    }
    fn conf(&self, name: &str) -> PathBuf {
        self.dir.path().join("ca_conf").join(name)
    }
    fn repo(&self, name: &str) -> PathBuf {
        self.conf("repository").join(name)
    }
    fn renew(&self, extra: &[&str]) -> Run {
        let mut args = vec!["ca", "renew", "--dir", self.d()];
        args.extend(extra);
        tlskit(&args)
    }
    /// Every file of the store with its mode and content.
    fn snapshot(&self) -> BTreeMap<PathBuf, (u32, Vec<u8>)> {
        let mut out = BTreeMap::new();
        let mut todo = vec![self.dir.path().to_path_buf()];
        while let Some(dir) = todo.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                let m = std::fs::symlink_metadata(&p).unwrap();
                if m.is_dir() {
                    todo.push(p.clone());
                }
                let content = if m.is_file() {
                    std::fs::read(&p).unwrap()
                } else {
                    Vec::new()
                };
                out.insert(p, (m.permissions().mode(), content));
            }
        }
        out
    }
}

fn x509(cert: &Path, what: &[&str]) -> String {
    let mut args = vec!["x509", "-in", s(cert), "-noout"];
    args.extend(what);
    ossl(&args).1
}

fn public_key(cert: &Path) -> String {
    x509(cert, &["-pubkey"])
}

#[test]
fn renew_reissues_what_expires_and_openssl_and_keytool_accept_it() {
    let lab = Lab::new();
    let run = lab.renew(&["--days", "100"]);
    ok(&run);
    // a and b expire within 30 days; c does not, d is revoked.
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("05  a.example.com  ") && run.stdout.contains("(renews 01)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("06  b.example.com  "), "{}", run.stdout);
    let root = lab.conf("ca_cert.pem");
    for (old, new) in [("01_a", "05_a"), ("02_b", "06_b")] {
        let (o, n) = (
            lab.repo(&format!("{old}_cert.pem")),
            lab.repo(&format!("{new}_cert.pem")),
        );
        let (good, out) = ossl(&["verify", "-x509_strict", "-CAfile", s(&root), s(&n)]);
        assert!(good, "{new}: {out}");
        for args in [
            &["-subject", "-nameopt", "RFC2253"][..],
            &[
                "-ext",
                "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints",
            ][..],
        ] {
            assert_eq!(x509(&o, args), x509(&n, args), "{old} -> {new}");
        }
        assert_ne!(public_key(&o), public_key(&n), "a new key");
        let (_, text) = ossl(&["x509", "-in", s(&n), "-noout", "-text"]);
        let (_, old_text) = ossl(&["x509", "-in", s(&o), "-noout", "-text"]);
        let key_line = |t: &str| {
            t.lines()
                .find(|l| l.contains("Public-Key:"))
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(
            key_line(&text),
            key_line(&old_text),
            "same key type and size"
        );
        assert!(lab.repo(&format!("{new}_priv_key.pem")).is_file());
    }
    // The file forms follow the old ones: a's key is PKCS#8 and it has a chain file.
    assert!(
        std::fs::read_to_string(lab.repo("05_a_priv_key.pem"))
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    assert!(lab.repo("05_a_chain.pem").is_file() && !lab.repo("06_b_chain.pem").exists());
    // keytool reads a renewed PFX with the store's empty password.
    let out = Command::new("keytool")
        .args([
            "-list",
            "-storetype",
            "PKCS12",
            "-keystore",
            s(&lab.repo("05_a_cert.pfx")),
            "-storepass",
            "",
        ])
        .output()
        .expect("keytool (Java) is required: .ci/run installs a JDK when it is missing");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("PrivateKeyEntry"),
        "{text}"
    );
    // ca.db: the new entries, the old ones still valid (no --revoke-old).
    let list =
        tlskit(["ca", "list", "--dir", lab.d(), "--format", "json"]).json()["certificates"].clone();
    let status: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        status,
        ["valid", "valid", "valid", "revoked", "valid", "valid"]
    );
    assert_eq!(list[4]["subject"], list[0]["subject"]);
    // A second run finds them renewed already (the new ones last beyond the window).
    let again = lab.renew(&["--dry-run"]);
    ok(&again);
    assert_eq!(
        again.stdout,
        "skipped 01  a.example.com: already renewed as serial 05\nskipped 02  b.example.com: already renewed as serial 06\n"
    );
}

#[test]
fn renew_with_reuse_key_and_revoke_old_reaches_the_crl_and_json() {
    let lab = Lab::new();
    let run = lab.renew(&[
        "01",
        "03",
        "--reuse-key",
        "--revoke-old",
        "--format",
        "json",
    ]);
    ok(&run);
    let doc = run.json();
    assert_eq!(doc["dry_run"], false);
    assert_eq!(doc["within_days"], serde_json::Value::Null);
    let renewed = doc["renewed"].as_array().unwrap();
    assert_eq!(renewed.len(), 2, "{doc}");
    assert_eq!(renewed[0]["old_serial"], "01");
    assert_eq!(renewed[0]["serial"], "05");
    assert_eq!(renewed[0]["host"], "a.example.com");
    assert_eq!(renewed[0]["key_reused"], true);
    assert_eq!(renewed[0]["old_revoked"], true);
    assert!(
        renewed[1]["cert"]
            .as_str()
            .unwrap()
            .ends_with("06_c_cert.pem")
    );
    assert_eq!(
        public_key(&lab.repo("01_a_cert.pem")),
        public_key(&lab.repo("05_a_cert.pem"))
    );
    assert_eq!(
        public_key(&lab.repo("03_c_cert.pem")),
        public_key(&lab.repo("06_c_cert.pem"))
    );
    let list =
        tlskit(["ca", "list", "--dir", lab.d(), "--format", "json"]).json()["certificates"].clone();
    assert_eq!(list[0]["status"], "revoked");
    assert_eq!(list[0]["reason"], "superseded");
    assert_eq!(list[2]["reason"], "superseded");
    ok(&tlskit(["ca", "crl", "--dir", lab.d()]));
    let (_, crl) = ossl(&["crl", "-in", s(&lab.conf("crl.pem")), "-noout", "-text"]);
    assert!(
        crl.contains("Serial Number: 01") && crl.contains("Superseded"),
        "{crl}"
    );
    let (good, out) = ossl(&[
        "verify",
        "-x509_strict",
        "-crl_check",
        "-CRLfile",
        s(&lab.conf("crl.pem")),
        "-CAfile",
        s(&lab.conf("ca_cert.pem")),
        s(&lab.repo("05_a_cert.pem")),
    ]);
    assert!(good, "{out}");
    // Named serials that cannot be renewed are errors.
    for (serial, words) in [("04", "revoked"), ("99", "not in"), ("zz", "hexadecimal")] {
        let run = lab.renew(&[serial]);
        assert_eq!(run.code, 2, "{serial}: {}", run.stdout);
        assert!(
            run.stderr.contains(words) && run.stderr.lines().count() == 1,
            "{}",
            run.stderr
        );
    }
}

#[test]
fn renew_dry_run_changes_nothing() {
    let lab = Lab::new();
    let before = lab.snapshot();
    for extra in [
        vec!["--dry-run"],
        vec!["--dry-run", "--format", "json", "--within", "365"],
        vec!["--dry-run", "01", "--revoke-old"],
    ] {
        let run = lab.renew(&extra);
        ok(&run);
        assert!(run.stdout.contains("01"), "{}", run.stdout);
        assert_eq!(lab.snapshot(), before, "{extra:?} changed the store");
    }
    let text = lab.renew(&["--dry-run"]).stdout;
    assert!(
        text.contains("would renew 01  a.example.com")
            && text.contains("would renew 02  b.example.com"),
        "{text}"
    );
    assert!(!text.contains("c.example.com"), "{text}");
    let doc = lab
        .renew(&["--dry-run", "--format", "json", "--within", "365"])
        .json();
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["within_days"], 365);
    assert_eq!(doc["renewed"].as_array().unwrap().len(), 3);
    assert_eq!(doc["renewed"][0]["serial"], serde_json::Value::Null);
    let quiet = lab.renew(&["--within", "1"]);
    ok(&quiet);
    assert_eq!(quiet.stdout, "nothing to renew within 1 days\n");
}

/// Two `ca renew` runs started at once on the same store: what to renew is decided under
/// the CA's lock with ca.db read again, so each expiring certificate is renewed exactly
/// once (two ca.db rows per subject), and the run that comes second reports the others as
/// already renewed. Several rounds, each on a new store.
#[test]
fn concurrent_renews_renew_each_certificate_once() {
    for round in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let d = s(dir.path()).to_string();
        ok(&tlskit([
            "ca",
            "init",
            "--dir",
            &d,
            "--cn",
            "Race CA",
            "--key-type",
            "ecdsa-p256",
        ]));
        // One RSA host: its new key is made before the lock is taken, which keeps both
        // runs between planning and locking for a while.
        ok(&tlskit([
            "ca",
            "issue",
            "--dir",
            &d,
            "--host",
            "rsa.example.com",
            "--days",
            "10",
        ]));
        let csv = dir.path().join("hosts.csv");
        std::fs::write(
            &csv,
            (0..4)
                .map(|i| format!("e{i}.example.com\n"))
                .collect::<String>(),
        )
        .unwrap();
        ok(&tlskit([
            "ca",
            "issue",
            "--dir",
            &d,
            "--batch",
            s(&csv),
            "--key-type",
            "ecdsa-p256",
            "--days",
            "10",
        ]));
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(common::BIN)
                    .args(["ca", "renew", "--dir", &d, "--format", "json"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut renewed = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "round {round}: {stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            renewed += doc["renewed"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["serial"].is_string())
                .count();
            for skip in doc["skipped"].as_array().unwrap() {
                assert!(
                    skip["reason"]
                        .as_str()
                        .unwrap()
                        .starts_with("already renewed as serial"),
                    "round {round}: {doc:#}"
                );
            }
        }
        let db = std::fs::read_to_string(dir.path().join("ca_conf/ca.db")).unwrap();
        let mut rows: BTreeMap<&str, usize> = BTreeMap::new();
        for line in db.lines() {
            *rows.entry(line.split('\t').nth(5).unwrap()).or_default() += 1;
        }
        assert_eq!(rows.len(), 5, "round {round}:\n{db}");
        assert!(
            rows.values().all(|n| *n == 2),
            "round {round}: a certificate renewed twice (or not at all):\n{db}"
        );
        assert_eq!(renewed, 5, "round {round}:\n{db}");
    }
}
