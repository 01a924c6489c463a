//! Phase P on the clean baseline: each protocol or cipher mistake alone, and `tlskit ciphers`.

use crate::common::*;
use serde_json::json;

fn with(key: &str, value: &str) -> Vec<String> {
    lint_changed(|d| {
        host(d, "ucs-01")["userProperties"]["security"][key] = json!(value);
    })
}

#[test]
fn compatibility_mode_accepts_tls_1_1() {
    assert_eq!(
        with("sec-protocol", "SSLv23"),
        ids(&["sec-protocol-compat-mode"])
    );
    assert_eq!(with("sec-protocol", "TLSv12"), Vec::<String>::new());
}

#[test]
fn cipher_lists_must_follow_the_formatting_rules() {
    assert_eq!(
        with("cipher-list", "ECDHE+AESGCM, DHE+AESGCM"),
        ids(&["cipher-list-syntax"])
    );
    assert_eq!(
        with("cipher-list", "ECDHE+AESGCM:DHE+AESGCM"),
        Vec::<String>::new()
    );
}

#[test]
fn misspelt_cipher_names_match_nothing() {
    assert_eq!(
        with("cipher-list", "ECDHE+AESGCM:ECDHE-RSA-AES256-GCM-SHA348"),
        ids(&["cipher-list-unknown-name"])
    );
}

#[test]
fn a_list_that_selects_nothing_breaks_tls_1_2() {
    assert_eq!(
        with("cipher-list", "aNULL+kRSA"),
        ids(&["cipher-list-empty"])
    );
}

#[test]
fn weak_and_static_rsa_suites_are_named() {
    assert_eq!(
        with("cipher-list", "ALL"),
        ids(&["no-forward-secrecy", "weak-cipher-enabled"])
    );
    assert_eq!(
        with(
            "cipher-list",
            "ECDHE-RSA-AES256-GCM-SHA384:AES256-GCM-SHA384"
        ),
        ids(&["no-forward-secrecy"])
    );
    assert_eq!(
        with("cipher-list", "HIGH:!aNULL:!kRSA:!PSK:!SRP"),
        Vec::<String>::new()
    );
}

#[test]
fn tls13_suites_must_be_rfc_8446_names() {
    assert_eq!(
        with("ciphersuites", "TLS_AES_256_SHA"),
        ids(&["ciphersuites-unknown"])
    );
    assert_eq!(
        with(
            "ciphersuites",
            "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn fips_mode_flags_suites_outside_fips() {
    // fips140-enabled belongs to the credential group: it goes where the certificate is.
    let found = lint_changed(|d| {
        host(d, "ms-01")["userProperties"]["security"]["fips140-enabled"] = json!("1");
    });
    assert_eq!(found, ids(&["fips-noncompliant-cipher"]));
    let found = lint_changed(|d| {
        let sec = &mut host(d, "ms-01")["userProperties"]["security"];
        sec["fips140-enabled"] = json!("1");
        sec["cipher-list"] = json!("ECDHE+AESGCM:DHE+AESGCM");
    });
    assert_eq!(found, Vec::<String>::new());
    // --fips judges every written cipher list as FIPS mode would.
    let mut d = clean();
    host(&mut d, "ucs-01")["userProperties"]["security"]["cipher-list"] =
        json!("ECDHE+CHACHA20:ECDHE+AESGCM");
    let s = Scenario::new(&d);
    assert_eq!(s.lint(&[]).rules(), Vec::<String>::new());
    assert_eq!(
        s.lint(&["--fips"]).rules(),
        ids(&["fips-noncompliant-cipher"])
    );
}

#[test]
fn ciphers_lists_suites_in_openssl_order_with_grades() {
    let run = tlskit([
        "ciphers",
        "ECDHE-RSA-AES256-GCM-SHA384:ADH-AES128-SHA:FOO",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0);
    let doc = run.json();
    assert_eq!(doc["openssl_semantics"], "3.0");
    let c = doc["ciphers"].as_array().unwrap();
    // TLS 1.3 defaults first, as `openssl ciphers` prints them.
    assert_eq!(c[0]["protocol"], "TLSv1.3");
    assert_eq!(c[3]["openssl_name"], "ECDHE-RSA-AES256-GCM-SHA384");
    assert_eq!(c[3]["iana_name"], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assert_eq!(c[3]["code"], "0xC0,0x30");
    assert_eq!(c[3]["grade"], "strong");
    assert_eq!(c[4]["openssl_name"], "ADH-AES128-SHA");
    assert_eq!(c[4]["grade"], "weak");
    assert_eq!(doc["unknown"], json!(["FOO"]));
    let empty = tlskit(["ciphers", "!ALL", "--format", "json"]);
    assert_eq!(empty.code, 1);
    assert_eq!(empty.json()["ciphers"].as_array().unwrap().len(), 3);
    let tls13 = tlskit([
        "ciphers",
        "HIGH",
        "--tls13",
        "TLS_AES_128_GCM_SHA256",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        tls13["ciphers"][0]["openssl_name"],
        "TLS_AES_128_GCM_SHA256"
    );
    assert_eq!(tls13["ciphers"][1]["protocol"], "TLSv1.2");
    let text = tlskit(["ciphers", "-ALL:AES256-SHA"]);
    assert!(text.stdout.contains("AES256-SHA"), "{}", text.stdout);
}
