//! Certificates, keys, chains and CRLs made by openssl: `cert verify` names the exact rule
//! of each problem with its depth, a correct counterpart is clean, and `cert inspect` reads
//! PEM, DER and PKCS#12 (legacy and modern).

use crate::common;

use crate::common::pki::{Lab, Spec, openssl};
use crate::common::*;
use serde_json::Value;

const AT: &str = "2030-06-01T00:00:00Z";

fn verify(args: &[&str]) -> (bool, Vec<String>, Value) {
    let mut all = vec!["cert", "verify", "--format", "json", "--at", AT];
    all.extend(args);
    let run = tlskit(&all);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let doc = run.json();
    let valid = doc["valid"].as_bool().unwrap();
    assert_eq!(valid, run.code == 0);
    let mut rules: Vec<String> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    (valid, rules, doc)
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

struct Fixture {
    lab: Lab,
    root: common::pki::Ca,
}

fn fixture() -> Fixture {
    let lab = Lab::new();
    let root = lab.root("Root CA");
    Fixture { lab, root }
}

#[test]
fn a_good_server_certificate_is_valid_with_no_problem() {
    let f = fixture();
    let leaf = f
        .lab
        .issue(&f.root, "good", &Spec::server("good.example.com"));
    let (valid, rules, doc) = verify(&[
        s(&leaf.cert),
        "--trusted-ca",
        s(&f.root.cert),
        "--host",
        "good.example.com",
        "--purpose",
        "server",
    ]);
    assert!(valid, "{doc}");
    assert_eq!(rules, Vec::<String>::new());
    assert_eq!(doc["chain"].as_array().unwrap().len(), 2);
    assert_eq!(doc["chain"][1]["trusted"], true);
}

#[test]
fn validity_problems_name_the_certificate_and_depth() {
    let f = fixture();
    let mut expired = Spec::server("old.example.com");
    expired.end = "20300101000000Z".into();
    let leaf = f.lab.issue(&f.root, "expired", &expired);
    let (valid, rules, doc) = verify(&[s(&leaf.cert), "--trusted-ca", s(&f.root.cert)]);
    assert!(!valid);
    assert_eq!(rules, ids(&["cert-expired"]));
    assert_eq!(doc["problems"][0]["depth"], 0);
    let mut future = Spec::server("new.example.com");
    future.start = "20310101000000Z".into();
    let leaf = f.lab.issue(&f.root, "future", &future);
    assert_eq!(
        verify(&[s(&leaf.cert), "--trusted-ca", s(&f.root.cert)]).1,
        ids(&["cert-not-yet-valid"])
    );
}

#[test]
fn sha1_md5_and_small_keys_are_weak() {
    let f = fixture();
    // ECDSA has no MD5 form: the weak signatures come from an RSA CA.
    let rsa_root = f.lab.root_with("RSA Root", "rsa:2048");
    for md in ["sha1", "md5"] {
        let mut spec = Spec::server("h.example.com");
        spec.md = md.into();
        let leaf = f.lab.issue(&rsa_root, md, &spec);
        let (valid, rules, _) = verify(&[s(&leaf.cert), "--trusted-ca", s(&rsa_root.cert)]);
        assert!(!valid, "{md}");
        assert_eq!(rules, ids(&["weak-signature-hash"]), "{md}");
    }
    let mut small = Spec::server("h.example.com");
    small.key = "rsa:1024".into();
    let leaf = f.lab.issue(&f.root, "rsa1024", &small);
    assert_eq!(
        verify(&[s(&leaf.cert), "--trusted-ca", s(&f.root.cert)]).1,
        ids(&["weak-key"])
    );
}

#[test]
fn usages_must_allow_the_purpose() {
    let f = fixture();
    let mut server_only = Spec::server("h.example.com");
    server_only.eku = Some("serverAuth".into());
    let leaf = f.lab.issue(&f.root, "server-only", &server_only);
    assert_eq!(
        verify(&[
            s(&leaf.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--purpose",
            "client"
        ])
        .1,
        ids(&["missing-eku"])
    );
    assert!(
        verify(&[
            s(&leaf.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--purpose",
            "server"
        ])
        .0
    );
    let mut ku = Spec::server("h.example.com");
    ku.ku = Some("critical,nonRepudiation".into());
    let leaf = f.lab.issue(&f.root, "ku", &ku);
    assert_eq!(
        verify(&[s(&leaf.cert), "--trusted-ca", s(&f.root.cert)]).1,
        ids(&["key-usage-incompatible"])
    );
}

#[test]
fn names_follow_the_security_pack() {
    let f = fixture();
    let mut wild = Spec::server("*.example.com");
    wild.san = Some("DNS:*.example.com".into());
    let leaf = f.lab.issue(&f.root, "wild", &wild);
    assert_eq!(
        verify(&[
            s(&leaf.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--host",
            "cs.example.com"
        ])
        .1,
        ids(&["wildcard-name"])
    );
    // CN only: the Security Pack falls back to the CN, so the name matches; no-san warns.
    let mut cn_only = Spec::server("cs.example.com");
    cn_only.san = None;
    let leaf = f.lab.issue(&f.root, "cn-only", &cn_only);
    let (valid, rules, doc) = verify(&[
        s(&leaf.cert),
        "--trusted-ca",
        s(&f.root.cert),
        "--host",
        "cs.example.com",
    ]);
    assert!(valid);
    assert_eq!(rules, ids(&["no-san"]));
    assert!(
        doc["notes"].to_string().contains("falls back to the CN"),
        "{doc}"
    );
    assert_eq!(
        verify(&[
            s(&leaf.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--host",
            "other.example.com"
        ])
        .1,
        ids(&["hostname-mismatch", "no-san"])
    );
    let mut ip = Spec::server("10.1.2.3");
    ip.san = Some("IP:10.1.2.3,DNS:ts.example.com".into());
    let leaf = f.lab.issue(&f.root, "ip", &ip);
    assert!(
        verify(&[
            s(&leaf.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--host",
            "10.1.2.3"
        ])
        .0
    );
    assert_eq!(
        verify(&[
            s(&leaf.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--host",
            "10.1.2.4"
        ])
        .1,
        ids(&["hostname-mismatch"])
    );
}

#[test]
fn chains_missing_reversed_untrusted_and_v1_intermediates() {
    let f = fixture();
    let inter = f
        .lab
        .intermediate(&f.root, "Issuing CA", &Spec::ca("Issuing CA"));
    let leaf = f.lab.issue(&inter, "leaf", &Spec::server("h.example.com"));
    // Missing intermediate.
    let (valid, rules, _) = verify(&[s(&leaf.cert), "--trusted-ca", s(&f.root.cert)]);
    assert!(!valid);
    assert_eq!(rules, ids(&["chain-incomplete"]));
    // Complete, in order.
    let bundle = f.lab.cat("bundle.pem", &[&leaf.cert, &inter.cert]);
    let (valid, rules, doc) = verify(&[s(&bundle), "--trusted-ca", s(&f.root.cert)]);
    assert!(valid, "{doc}");
    assert_eq!(rules, Vec::<String>::new());
    assert_eq!(doc["chain"].as_array().unwrap().len(), 3);
    // Reversed: still valid, but out of order.
    let reversed = f.lab.cat("reversed.pem", &[&inter.cert, &leaf.cert]);
    let (valid, rules, _) = verify(&[s(&reversed), "--trusted-ca", s(&f.root.cert)]);
    assert!(valid);
    assert_eq!(rules, ids(&["chain-order"]));
    // The intermediate given as --untrusted works the same.
    assert!(
        verify(&[
            s(&leaf.cert),
            "--untrusted",
            s(&inter.cert),
            "--trusted-ca",
            s(&f.root.cert)
        ])
        .0
    );
    // Another root trusts nothing of this.
    let other = f.lab.root("Other CA");
    assert_eq!(
        verify(&[s(&bundle), "--trusted-ca", s(&other.cert)]).1,
        ids(&["chain-untrusted"])
    );
    // A version 1 certificate as intermediate is no CA.
    let mut v1 = Spec::ca("V1 CA");
    v1.v1 = true;
    let v1ca = f.lab.intermediate(&f.root, "V1 CA", &v1);
    let below = f
        .lab
        .issue(&v1ca, "below-v1", &Spec::server("h.example.com"));
    let (valid, rules, doc) = verify(&[
        s(&below.cert),
        "--untrusted",
        s(&v1ca.cert),
        "--trusted-ca",
        s(&f.root.cert),
    ]);
    assert!(!valid);
    // A version 1 CA has no subjectKeyIdentifier, so the leaf's authorityKeyIdentifier
    // names it by issuer and serial only, and the v1 CA itself has none: RFC 5280 4.2.1.1
    // wants a keyIdentifier in both (notices).
    assert_eq!(
        rules,
        ids(&[
            "chain-untrusted",
            "key-identifier-invalid",
            "key-identifier-invalid"
        ]),
        "{doc}"
    );
    assert!(
        doc["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("version 1"),
        "{doc}"
    );
    assert_eq!(doc["problems"][0]["depth"], 1);
}

#[test]
fn revocation_stale_crls_and_forged_crls() {
    let f = fixture();
    let good = f
        .lab
        .issue(&f.root, "good", &Spec::server("good.example.com"));
    let bad = f
        .lab
        .issue(&f.root, "bad", &Spec::server("bad.example.com"));
    f.lab.revoke(&f.root, &bad);
    let crl = f
        .lab
        .crl(&f.root, "crl.pem", "20300101000000Z", "20301231000000Z");
    assert!(
        verify(&[
            s(&good.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--crl",
            s(&crl)
        ])
        .0
    );
    let (valid, rules, doc) = verify(&[
        s(&bad.cert),
        "--trusted-ca",
        s(&f.root.cert),
        "--crl",
        s(&crl),
    ]);
    assert!(!valid);
    assert_eq!(rules, ids(&["cert-revoked"]));
    assert!(
        doc["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("revoked on")
    );
    let stale = f
        .lab
        .crl(&f.root, "stale.pem", "20290101000000Z", "20290201000000Z");
    assert_eq!(
        verify(&[
            s(&good.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--crl",
            s(&stale)
        ])
        .1,
        ids(&["crl-expired"])
    );
    // A CRL in the root's name, signed by an impostor with the same name.
    let impostor_lab = Lab::new();
    let impostor = impostor_lab.root("Root CA");
    let forged = impostor_lab.crl(
        &impostor,
        "forged.pem",
        "20300101000000Z",
        "20301231000000Z",
    );
    assert_eq!(
        verify(&[
            s(&good.cert),
            "--trusted-ca",
            s(&f.root.cert),
            "--crl",
            s(&forged)
        ])
        .1,
        ids(&["crl-signature-invalid"])
    );
}

#[test]
fn pkcs12_files_open_in_modern_and_legacy_encryption() {
    let f = fixture();
    let leaf = f.lab.issue(&f.root, "p12", &Spec::server("h.example.com"));
    let dir = f.lab.dir.path();
    for (name, extra) in [("modern.pfx", vec![]), ("legacy.pfx", vec!["-legacy"])] {
        let out = dir.join(name);
        let mut args = vec![
            "pkcs12",
            "-export",
            "-in",
            s(&leaf.cert),
            "-inkey",
            s(&leaf.key),
            "-certfile",
            s(&f.root.cert),
            "-out",
            s(&out),
            "-passout",
            "pass:secret",
        ];
        args.extend(extra);
        openssl(dir, &args);
        let run = tlskit([
            "cert",
            "inspect",
            s(&out),
            "--format",
            "json",
            "--passin",
            "pass:secret",
        ]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let doc = run.json();
        assert_eq!(doc["files"][0]["container"], "pkcs12", "{name}");
        assert_eq!(
            doc["files"][0]["certificates"].as_array().unwrap().len(),
            2,
            "{name}"
        );
        assert_eq!(doc["files"][0]["keys"][0]["format"], "pkcs8", "{name}");
        let no_pass = tlskit(["cert", "inspect", s(&out)]);
        assert_eq!(no_pass.code, 2, "{name}");
        assert!(no_pass.stderr.contains("password"), "{}", no_pass.stderr);
    }
    // The scripts' empty password opens without --passin.
    let empty = dir.join("empty.pfx");
    openssl(
        dir,
        &[
            "pkcs12",
            "-export",
            "-in",
            s(&leaf.cert),
            "-inkey",
            s(&leaf.key),
            "-out",
            s(&empty),
            "-passout",
            "pass:",
        ],
    );
    assert_eq!(tlskit(["cert", "inspect", s(&empty)]).code, 0);
}

#[test]
fn inspect_prints_fingerprints_and_the_windows_thumbprint() {
    let f = fixture();
    let leaf = f
        .lab
        .issue(&f.root, "ins", &Spec::server("ins.example.com"));
    let der = f.lab.path("ins.der");
    openssl(
        f.lab.dir.path(),
        &[
            "x509",
            "-in",
            s(&leaf.cert),
            "-outform",
            "DER",
            "-out",
            s(&der),
        ],
    );
    let expected = std::process::Command::new("openssl")
        .args([
            "x509",
            "-in",
            s(&leaf.cert),
            "-noout",
            "-fingerprint",
            "-sha1",
        ])
        .output()
        .unwrap();
    let fp = String::from_utf8_lossy(&expected.stdout)
        .trim()
        .split('=')
        .nth(1)
        .unwrap()
        .to_lowercase();
    let thumb = fp.replace(':', " ");
    for file in [&leaf.cert, &der] {
        let doc = tlskit(["cert", "inspect", s(file), "--format", "json"]).json();
        let c = &doc["files"][0]["certificates"][0];
        assert_eq!(c["thumbprint"], thumb.as_str());
        assert_eq!(c["san"]["dns"][0], "ins.example.com");
        assert_eq!(c["key"]["type"], "ec");
        assert_eq!(
            c["extended_key_usage"],
            serde_json::json!(["serverAuth", "clientAuth"])
        );
    }
    let text = tlskit(["cert", "inspect", s(&leaf.cert)]);
    assert!(text.stdout.contains(&thumb));
}

#[test]
fn unreadable_inputs_are_one_line_errors() {
    let f = fixture();
    let junk = f.lab.path("junk.pem");
    std::fs::write(
        &junk,
        "-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    for args in [
        vec!["cert", "inspect", s(&junk)],
        vec!["cert", "verify", s(&junk), "--trusted-ca", s(&f.root.cert)],
        vec!["cert", "inspect", "/dev/zero"],
        vec![
            "cert",
            "verify",
            "/nonexistent.pem",
            "--trusted-ca",
            s(&f.root.cert),
        ],
    ] {
        let run = tlskit(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    }
}
