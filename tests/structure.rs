//! The structural defects of RFC 5280 and the CA/B Forum (issue 17 item 4), in certificates
//! and CRLs made by openssl: `cert inspect` (text and JSON problems) and `cert verify` name
//! each one under the same rule, and the verdict is OpenSSL's own (`openssl verify` is the
//! judge): the notices do not make a chain invalid, the two defects OpenSSL refuses do.
//! `lint` reports them from the same code; `rule_fixtures` runs a deployment for each.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::pki::openssl;
use crate::common::*;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A folder with a root CA (EC P-256, basicConstraints critical, SKI) and a way to issue
/// leaves signed by it with any extensions and serial.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let p = Pki {
            dir: tempfile::tempdir().unwrap(),
        };
        p.root("root", &[]);
        p
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A self-signed CA `NAME.pem` (key `NAME.key`) with these `-addext` values besides
    /// the defaults (basicConstraints critical CA:TRUE, keyUsage keyCertSign, cRLSign),
    /// which an `-addext` of the same extension replaces.
    fn root(&self, name: &str, addext: &[&str]) -> PathBuf {
        let mut args = vec![
            "req",
            "-x509",
            "-nodes",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-subj",
        ];
        let subj = format!("/CN={name}");
        let (key, cert) = (format!("{name}.key"), format!("{name}.pem"));
        args.extend([
            subj.as_str(),
            "-keyout",
            &key,
            "-out",
            &cert,
            "-days",
            "3650",
        ]);
        let has = |ext: &str| addext.iter().any(|a| a.starts_with(ext));
        if !has("basicConstraints") {
            args.extend(["-addext", "basicConstraints=critical,CA:TRUE"]);
        }
        if !has("keyUsage") {
            args.extend(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
        }
        for a in addext {
            args.extend(["-addext", a]);
        }
        openssl(self.dir.path(), &args);
        self.path(&cert)
    }

    /// A leaf `NAME.pem` for `cn`, issued by `ca` with serial `serial` and these extension
    /// lines (an extfile section).
    fn leaf(&self, ca: &str, name: &str, cn: &str, serial: &str, ext: &[String]) -> PathBuf {
        let (key, csr, cert, conf) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.pem"),
            format!("{name}.ext"),
        );
        std::fs::write(self.path(&conf), format!("[ext]\n{}\n", ext.join("\n"))).unwrap();
        openssl(
            self.dir.path(),
            &[
                "req",
                "-new",
                "-nodes",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-subj",
                &format!("/CN={cn}"),
                "-keyout",
                &key,
                "-out",
                &csr,
            ],
        );
        openssl(
            self.dir.path(),
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                &format!("{ca}.pem"),
                "-CAkey",
                &format!("{ca}.key"),
                "-set_serial",
                serial,
                "-days",
                "365",
                "-extfile",
                &conf,
                "-extensions",
                "ext",
                "-out",
                &cert,
            ],
        );
        self.path(&cert)
    }

    /// The CA `ca`'s CRL (no revocation), with a CRL number unless `number` is false.
    fn crl(&self, ca: &str, number: bool) -> PathBuf {
        let db = self.path(&format!("{ca}.db"));
        std::fs::create_dir_all(&db).unwrap();
        std::fs::write(db.join("index.txt"), "").unwrap();
        std::fs::write(db.join("crlnumber"), "01\n").unwrap();
        let conf = format!(
            "[ca]\ndefault_ca=x\n[x]\ndatabase={}/index.txt\n{}certificate={ca}.pem\nprivate_key={ca}.key\ndefault_md=sha256\ndefault_crl_days=30\n",
            db.display(),
            if number {
                format!("crlnumber={}/crlnumber\n", db.display())
            } else {
                String::new()
            }
        );
        let conf_path = self.path(&format!("{ca}-crl.cnf"));
        std::fs::write(&conf_path, conf).unwrap();
        let out = format!("{ca}.crl.pem");
        openssl(
            self.dir.path(),
            &["ca", "-gencrl", "-config", s(&conf_path), "-out", &out],
        );
        self.path(&out)
    }

    /// Whether `openssl verify` accepts `leaf` under the root `ca` (and `crl` if any).
    fn openssl_accepts(&self, ca: &str, leaf: &Path, crl: Option<&Path>) -> bool {
        let mut args = vec!["verify".to_string()];
        match crl {
            Some(crl) => {
                let both = self.path(&format!("{ca}+crl.pem"));
                let mut all = std::fs::read(self.path(&format!("{ca}.pem"))).unwrap();
                all.extend(std::fs::read(crl).unwrap());
                std::fs::write(&both, all).unwrap();
                args.extend(["-crl_check".into(), "-CAfile".into(), s(&both).into()]);
            }
            None => args.extend(["-CAfile".into(), format!("{ca}.pem")]),
        }
        args.push(s(leaf).into());
        Command::new("openssl")
            .args(&args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
            .status
            .success()
    }
}

/// A leaf case: file, CN, serial, extension changes, rule, severity.
type LeafCase<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a str, &'a str);

/// A CA or CRL case: the root's name, its `-addext` values, whether a CRL is made (with a
/// CRL number or not), the rule.
type CaCase<'a> = (&'a str, &'a [&'a str], Option<bool>, &'a str);

const GOOD: &[&str] = &[
    "basicConstraints=CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=serverAuth,clientAuth",
    "subjectAltName=DNS:h.example.com",
    "subjectKeyIdentifier=hash",
    "authorityKeyIdentifier=keyid",
];

/// GOOD with the lines of the same extensions replaced (an empty value drops one).
fn ext(changes: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = GOOD
        .iter()
        .filter(|l| {
            let name = l.split('=').next().unwrap();
            !changes.iter().any(|c| c.split('=').next().unwrap() == name)
        })
        .map(|l| l.to_string())
        .collect();
    out.extend(
        changes
            .iter()
            .filter(|c| !c.ends_with('='))
            .map(|c| c.to_string()),
    );
    out
}

/// `cert inspect`'s problems for a file: JSON strings, and the text lines.
fn inspect(file: &Path) -> (Vec<String>, String) {
    let json = tlskit(["cert", "inspect", "--format", "json", s(file)]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let problems = json.json()["files"][0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let text = tlskit(["cert", "inspect", s(file)]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    (problems, text.stdout)
}

/// `cert verify`'s verdict and problem rules for a leaf under a root (and a CRL).
fn verify(leaf: &Path, root: &Path, crl: Option<&Path>) -> (bool, Vec<String>) {
    let mut args = vec![
        "cert",
        "verify",
        "--format",
        "json",
        s(leaf),
        "--trusted-ca",
        s(root),
    ];
    if let Some(crl) = crl {
        args.extend(["--crl", s(crl)]);
    }
    let run = tlskit(&args);
    assert!(run.code <= 1, "{}", run.stderr);
    let doc = run.json();
    let rules = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap().to_string())
        .collect();
    (doc["valid"].as_bool().unwrap(), rules)
}

fn openssl_missing() -> bool {
    if Command::new("openssl").arg("version").output().is_err() {
        skip("openssl is not installed");
        return true;
    }
    false
}

#[test]
fn a_conforming_leaf_has_no_structural_problem() {
    if openssl_missing() {
        return;
    }
    let pki = Pki::new();
    let leaf = pki.leaf("root", "good", "h.example.com", "0x1001", &ext(&[]));
    let (problems, text) = inspect(&leaf);
    assert_eq!(problems, Vec::<String>::new(), "{text}");
    let root = pki.path("root.pem");
    assert_eq!(inspect(&root).0, Vec::<String>::new());
    assert_eq!(verify(&leaf, &root, None), (true, Vec::new()));
}

#[test]
fn each_leaf_defect_is_named_alike_and_judged_as_openssl_judges_it() {
    if openssl_missing() {
        return;
    }
    let pki = Pki::new();
    let cases: &[LeafCase] = &[
        (
            "zero",
            "h.example.com",
            "0",
            &[],
            "serial-number-invalid",
            "notice",
        ),
        (
            "negative",
            "h.example.com",
            "-0x1234",
            &[],
            "serial-number-invalid",
            "notice",
        ),
        (
            "long",
            "h.example.com",
            "0x0102030405060708090a0b0c0d0e0f101112131415",
            &[],
            "serial-number-invalid",
            "notice",
        ),
        (
            "no-aki",
            "h.example.com",
            "0x2001",
            &["authorityKeyIdentifier=none"],
            "key-identifier-invalid",
            "notice",
        ),
        (
            "san-critical",
            "h.example.com",
            "0x2002",
            &["subjectAltName=critical,DNS:h.example.com"],
            "extension-criticality-wrong",
            "notice",
        ),
        ("cn-short", "h", "0x2003", &[], "cn-not-in-san", "notice"),
        (
            "cn-case",
            "H.example.com",
            "0x2004",
            &[],
            "cn-not-in-san",
            "notice",
        ),
        (
            "underscore",
            "h_1.example.com",
            "0x2005",
            &["subjectAltName=DNS:h_1.example.com"],
            "dns-name-invalid",
            "notice",
        ),
        (
            "aia-empty",
            "h.example.com",
            "0x2006",
            &["1.3.6.1.5.5.7.1.1=DER:30:00"],
            "aia-malformed",
            "notice",
        ),
        (
            "eku-critical",
            "h.example.com",
            "0x2007",
            &["extendedKeyUsage=critical,serverAuth,clientAuth"],
            "eku-misused",
            "notice",
        ),
        (
            "eku-any",
            "h.example.com",
            "0x2008",
            &["extendedKeyUsage=serverAuth,anyExtendedKeyUsage"],
            "eku-misused",
            "notice",
        ),
        (
            "aki-critical",
            "h.example.com",
            "0x2009",
            &["authorityKeyIdentifier=critical,keyid"],
            "critical-extension-unhandled",
            "error",
        ),
    ];
    let root = pki.path("root.pem");
    for (name, cn, serial, changes, rule, severity) in cases {
        let leaf = pki.leaf("root", name, cn, serial, &ext(changes));
        let (problems, text) = inspect(&leaf);
        let tag = format!("{severity}[{rule}]: ");
        assert!(
            problems.iter().any(|p| p.starts_with(&tag)),
            "{name}: {problems:?}"
        );
        assert!(
            problems.iter().all(|p| p.starts_with(&tag)),
            "{name}: only {rule} expected: {problems:?}"
        );
        assert!(text.contains(&format!(": {tag}")), "{name}: {text}");
        let (valid, rules) = verify(&leaf, &root, None);
        assert!(
            !rules.is_empty() && rules.iter().all(|r| r == rule),
            "{name}: {rules:?}"
        );
        assert_eq!(
            valid,
            pki.openssl_accepts("root", &leaf, None),
            "{name}: tlskit and openssl verify disagree"
        );
        assert_eq!(valid, *severity != "error", "{name}");
    }
}

#[test]
fn each_ca_and_crl_defect_is_named_alike_and_judged_as_openssl_judges_it() {
    if openssl_missing() {
        return;
    }
    let pki = Pki::new();
    let cases: &[CaCase] = &[
        (
            "bc-noncritical",
            &["basicConstraints=CA:TRUE"],
            None,
            "extension-criticality-wrong",
        ),
        (
            "root-eku",
            &["extendedKeyUsage=serverAuth,clientAuth"],
            None,
            "eku-misused",
        ),
        (
            "nc-period",
            &["nameConstraints=critical,permitted;DNS:.example.com"],
            None,
            "name-constraints-malformed",
        ),
        ("crl-no-number", &[], Some(false), "crl-number-missing"),
        (
            "no-crlsign",
            &["keyUsage=critical,keyCertSign"],
            Some(true),
            "crl-issuer-without-crl-sign",
        ),
    ];
    for (ca, addext, crl, rule) in cases {
        let root = pki.root(ca, addext);
        let leaf = pki.leaf(
            ca,
            &format!("{ca}-leaf"),
            "h.example.com",
            "0x3001",
            &ext(&[]),
        );
        let crl = crl.map(|number| pki.crl(ca, number));
        let inspected = crl.clone().unwrap_or(root.clone());
        let (problems, _) = inspect(&inspected);
        let severity = if *rule == "crl-issuer-without-crl-sign" {
            "error"
        } else {
            "notice"
        };
        if severity == "notice" {
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with(&format!("notice[{rule}]: "))),
                "{ca}: {problems:?}"
            );
        }
        let (valid, rules) = verify(&leaf, &root, crl.as_deref());
        assert_eq!(rules, vec![rule.to_string()], "{ca}");
        assert_eq!(
            valid,
            pki.openssl_accepts(ca, &leaf, crl.as_deref()),
            "{ca}: tlskit and openssl verify disagree"
        );
        assert_eq!(valid, severity == "notice", "{ca}");
    }
}

#[test]
fn inspect_prints_a_negative_serial_with_its_sign_an_explicit_curve_size_and_an_unparsed_san() {
    if openssl_missing() {
        return;
    }
    let pki = Pki::new();
    let negative = pki.leaf("root", "neg", "h.example.com", "-0x1234", &ext(&[]));
    let (_, text) = inspect(&negative);
    assert!(text.contains("serial:               -1234\n"), "{text}");
    let json = tlskit(["cert", "inspect", "--format", "json", s(&negative)]).json();
    assert_eq!(json["files"][0]["certificates"][0]["serial"], "-1234");

    // A SAN whose contents are not GeneralNames.
    let bad_san = pki.leaf(
        "root",
        "bad-san",
        "h.example.com",
        "0x4001",
        &ext(&["subjectAltName=", "2.5.29.17=DER:30:03:82:05:61"]),
    );
    let (problems, text) = inspect(&bad_san);
    assert!(
        text.contains("subject alt names:    present, but the extension could not be parsed"),
        "{text}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("notice[dns-name-invalid]: ")
                && p.contains("could not be parsed")),
        "{problems:?}"
    );
    // OpenSSL refuses such a certificate ("invalid certificate"), and so does tlskit; it
    // does not say that the certificate has no SAN.
    let root = pki.path("root.pem");
    let (valid, rules) = verify(&bad_san, &root, None);
    assert!(!pki.openssl_accepts("root", &bad_san, None));
    assert!(!valid);
    assert_eq!(rules, ["chain-untrusted", "dns-name-invalid"]);

    // An EC key on explicit curve parameters (P-256 spelled out).
    openssl(
        pki.dir.path(),
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-param_enc",
            "explicit",
            "-genkey",
            "-noout",
            "-out",
            "explicit.key",
        ],
    );
    openssl(
        pki.dir.path(),
        &[
            "req",
            "-x509",
            "-key",
            "explicit.key",
            "-subj",
            "/CN=explicit.example.com",
            "-days",
            "30",
            "-out",
            "explicit.pem",
        ],
    );
    let (_, text) = inspect(&pki.path("explicit.pem"));
    assert!(
        text.contains("key:                  EC with explicit curve parameters (256 bits)"),
        "{text}"
    );
}

/// The sentence after the role (`the certificate `, `the trusted CA `) or the tag
/// (`notice[rule]: `): what every command says about the defect itself.
fn body(message: &str) -> &str {
    let m = message.split_once("]: ").map_or(message, |(_, m)| m);
    m.strip_prefix("the certificate ")
        .or_else(|| m.strip_prefix("the trusted CA "))
        .unwrap_or(m)
}

#[test]
fn lint_inspect_and_verify_say_the_same_of_each_fixture_defect() {
    // The rule fixtures whose bad certificate is ms-01's (testdata/rules/<rule>/files/bad).
    for rule in [
        "serial-number-invalid",
        "key-identifier-invalid",
        "extension-criticality-wrong",
        "cn-not-in-san",
        "dns-name-invalid",
        "aia-malformed",
        "eku-misused",
        "critical-extension-unhandled",
    ] {
        let dir = repo().join("testdata/rules").join(rule);
        let lint = tlskit([
            "lint",
            s(&dir.join("bad")),
            "--format",
            "json",
            "--at",
            "2030-06-01T00:00:00Z",
        ]);
        let linted: Vec<String> = lint
            .findings(rule)
            .iter()
            .map(|f| body(f["message"].as_str().unwrap()).to_string())
            .collect();
        assert!(!linted.is_empty(), "{rule}: {}", lint.stdout);
        let cert = dir.join("files/bad/ms-01_cert.pem");
        let (problems, _) = inspect(&cert);
        let inspected: Vec<&str> = problems.iter().map(|p| body(p)).collect();
        let run = tlskit([
            "cert",
            "verify",
            "--format",
            "json",
            "--at",
            "2030-06-01T00:00:00Z",
            s(&cert),
            "--trusted-ca",
            s(&dir.join("files/ca/ca_cert.pem")),
        ]);
        let verified: Vec<String> = run.json()["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["rule"] == rule)
            .map(|p| body(p["message"].as_str().unwrap()).to_string())
            .collect();
        assert_eq!(linted, inspected, "{rule}: lint and cert inspect");
        assert_eq!(linted, verified, "{rule}: lint and cert verify");
    }
}
