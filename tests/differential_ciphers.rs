//! The cipher-string evaluator against `openssl ciphers -V STRING` itself: the guide's
//! example, real-world strings, and thousands of random combinations of names, aliases and
//! operators must give the same ordered list of TLS <= 1.2 suites. OpenSSL prints the
//! TLS 1.3 suites first (they are configured separately); they are left out here.

use std::process::Command;

use tlskit::tls::cipherstring::evaluate;
use tlskit::tls::table::{ALIASES, SUITES};

const REAL_WORLD: &[&str] = &[
    // The guide's example (Tuning Available Cipher Lists for TLS v1.2, Example).
    "!ADH:RC4+RSA:HIGH:MEDIUM:LOW:EXP:+SSLv2:+EXP",
    // Mozilla's intermediate and old configurations.
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA",
    "HIGH:!aNULL:!MD5",
    "HIGH:MEDIUM:!aNULL:!MD5:!RC4",
    "DEFAULT",
    "DEFAULT:!3DES",
    "DEFAULT:@STRENGTH",
    "ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2",
    "EECDH+AESGCM:EDH+AESGCM",
    "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH",
    "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:!aNULL:!MD5:!DSS",
    "kEECDH+ECDSA+AES128:kEECDH+ECDSA+AES256:kEECDH+AES128:kEECDH+AES256:kEDH+AES128:kEDH+AES256:DES-CBC3-SHA:+SHA:!aNULL:!eNULL:!LOW:!kECDH:!DSS:!MD5:!RC4:!EXP:!PSK:!SRP:!CAMELLIA:!SEED",
    "TLSv1.2+HIGH:!aNULL:@STRENGTH",
    "ALL:COMPLEMENTOFALL",
    "COMPLEMENTOFDEFAULT",
    "HIGH:!aNULL:!eNULL:@SECLEVEL=0",
    "RSA:!COMPLEMENTOFDEFAULT",
    "AES:-SHA1:+AES256",
];

/// A small deterministic generator, so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn random_string(rng: &mut Rng) -> String {
    let unknown = [
        "FOO",
        "SSLv2",
        "AES512",
        "ECDHE-RSA-AES256-GCM-SHA348",
        "DEFAULT",
        "TLS_AES_128_GCM_SHA256",
    ];
    let mut parts = Vec::new();
    if rng.below(8) == 0 {
        parts.push("DEFAULT".to_string());
    }
    for _ in 0..1 + rng.below(6) {
        let op = match rng.below(10) {
            0 | 1 => "!",
            2 => "-",
            3 => "+",
            _ => "",
        };
        let mut names = Vec::new();
        for _ in 0..1 + usize::from(rng.below(4) == 0) {
            let name = match rng.below(10) {
                0..=5 => rng.pick(ALIASES).to_string(),
                6..=8 => SUITES[rng.below(SUITES.len())].openssl.to_string(),
                _ => rng.pick(&unknown).to_string(),
            };
            names.push(name);
        }
        parts.push(format!("{op}{}", names.join("+")));
        if rng.below(12) == 0 {
            parts.push("@STRENGTH".into());
        }
    }
    if rng.below(15) == 0 {
        parts.push(format!("@SECLEVEL={}", rng.below(4)));
    }
    let sep = match rng.below(20) {
        0 => ",",
        1 => " ",
        2 => ";",
        _ => ":",
    };
    parts.join(sep)
}

fn openssl_ciphers(string: &str) -> Vec<String> {
    let out = Command::new("openssl")
        .args(["ciphers", "-V", "--", string])
        .env("OPENSSL_CONF", "/dev/null")
        .output()
        .expect("openssl runs");
    if !out.status.success() {
        return Vec::new();
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() > 3 && f[3] != "TLSv1.3").then(|| f[2].to_string())
        })
        .collect()
}

#[test]
fn cipher_strings_evaluate_exactly_as_openssl_ciphers_does() {
    let mut rng = Rng(0x7115_6b17);
    let mut strings: Vec<String> = REAL_WORLD.iter().map(|s| s.to_string()).collect();
    while strings.len() < 2_000 {
        strings.push(random_string(&mut rng));
    }
    let mut mismatches = Vec::new();
    for s in &strings {
        let ours: Vec<String> = evaluate(s)
            .suites
            .iter()
            .map(|c| c.openssl.to_string())
            .collect();
        let theirs = openssl_ciphers(s);
        if ours != theirs {
            mismatches.push(format!("{s:?}\n  openssl: {theirs:?}\n  tlskit:  {ours:?}"));
        }
    }
    let version = Command::new("openssl").arg("version").output().unwrap();
    eprintln!(
        "cipher strings: {} compared with {}, {} mismatches",
        strings.len(),
        String::from_utf8_lossy(&version.stdout).trim(),
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} strings differ; first ones:\n{}",
        mismatches.len(),
        strings.len(),
        mismatches
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
