//! The cipher-string evaluator against OpenSSL 3.0 itself, three ways:
//!
//! * a fixed corpus (testdata/openssl/cipher-corpus-3.0.19.json: 6,975 strings with what
//!   the real `SSL_CTX_set_cipher_list` of OpenSSL 3.0.19 did with each: outcome, security
//!   level after the call, list) that needs no OpenSSL: every string must agree;
//! * the local `openssl ciphers -V STRING`, when there is one: the guide's example,
//!   real-world strings, thousands of random combinations, and a seeded random sample of
//!   the corpus must give the same outcome (set / `invalid command` / `no cipher match`)
//!   and the same ordered list of TLS <= 1.2 suites. OpenSSL prints the TLS 1.3 suites first
//!   (they are configured separately); they are left out here;
//! * the aliases: the names the local OpenSSL's parser knows, found by asking OpenSSL
//!   (not by hand), must be tlskit's, and each must evaluate as OpenSSL does under every
//!   operator.

use std::collections::BTreeSet;
use std::process::Command;

use tlskit::tls::cipherstring::{OPENSSL_ALIASES, Outcome, evaluate};
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

/// What `openssl ciphers` made of a string: its outcome and TLS <= 1.2 list; None when
/// there is no OpenSSL 3.0 to ask.
fn openssl_ciphers(string: &str) -> (Outcome, Vec<String>) {
    let out = Command::new("openssl")
        .args(["ciphers", "-V", "--", string])
        .env("OPENSSL_CONF", "/dev/null")
        .output()
        .expect("openssl runs");
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let outcome = if err.contains("no cipher match") {
            Outcome::NoCipherMatch
        } else {
            assert!(err.contains("invalid command"), "{string:?}: {err}");
            Outcome::InvalidCommand
        };
        return (outcome, Vec::new());
    }
    let list = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() > 3 && f[3] != "TLSv1.3").then(|| f[2].to_string())
        })
        .collect();
    (Outcome::Ok, list)
}

/// Whether the local `openssl` is a 3.0 to compare with (the live tests skip otherwise).
fn openssl_30() -> Option<String> {
    let out = Command::new("openssl").arg("version").output().ok()?;
    let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if v.starts_with("OpenSSL 3.0.") {
        Some(v)
    } else {
        eprintln!("skipped: `openssl version` is {v:?}, not OpenSSL 3.0");
        None
    }
}

fn ours(s: &str) -> (Outcome, Vec<String>) {
    let e = evaluate(s);
    let list = if e.outcome() == Outcome::Ok {
        e.suites.iter().map(|c| c.openssl.to_string()).collect()
    } else {
        Vec::new()
    };
    (e.outcome(), list)
}

fn compare_live(strings: &[String], what: &str) {
    let Some(version) = openssl_30() else {
        return;
    };
    let mut mismatches = Vec::new();
    for s in strings {
        let ours = ours(s);
        let theirs = openssl_ciphers(s);
        if ours != theirs {
            mismatches.push(format!(
                "{s:?}\n  openssl: {:?} {:?}\n  tlskit:  {:?} {:?}",
                theirs.0, theirs.1, ours.0, ours.1
            ));
        }
    }
    eprintln!(
        "{what}: {} strings compared with {version}, {} mismatches",
        strings.len(),
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

#[test]
fn cipher_strings_evaluate_exactly_as_openssl_ciphers_does() {
    let mut rng = Rng(0x7115_6b17);
    let mut strings: Vec<String> = REAL_WORLD.iter().map(|s| s.to_string()).collect();
    while strings.len() < 2_000 {
        strings.push(random_string(&mut rng));
    }
    compare_live(&strings, "random cipher strings");
}

struct Case {
    input: String,
    outcome: Outcome,
    seclevel: u8,
    list: Vec<String>,
}

fn corpus() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/openssl/cipher-corpus-3.0.19.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("corpus")).expect("json");
    let names: Vec<&str> = doc["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    let lists: Vec<Vec<String>> = doc["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l.as_str()
                .unwrap()
                .split_whitespace()
                .map(|i| names[i.parse::<usize>().unwrap()].to_string())
                .collect()
        })
        .collect();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            input: c[0].as_str().unwrap().to_string(),
            outcome: match c[1].as_str().unwrap() {
                "ok" => Outcome::Ok,
                "invalid" => Outcome::InvalidCommand,
                "nomatch" => Outcome::NoCipherMatch,
                o => panic!("outcome {o}"),
            },
            seclevel: c[2].as_u64().unwrap() as u8,
            list: c[3]
                .as_u64()
                .map(|i| lists[i as usize].clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// Known exceptions, each with its reason: none.
const CORPUS_EXCEPTIONS: &[(&str, &str)] = &[];

#[test]
fn the_openssl_3_0_19_corpus_agrees_string_for_string() {
    let cases = corpus();
    assert_eq!(cases.len(), 6_975);
    let mut mismatches = Vec::new();
    for c in &cases {
        if CORPUS_EXCEPTIONS.iter().any(|(s, _)| *s == c.input) {
            continue;
        }
        let e = evaluate(&c.input);
        let list: Vec<String> = e.suites.iter().map(|s| s.openssl.to_string()).collect();
        let same = e.outcome() == c.outcome
            && e.effective_seclevel() == c.seclevel
            && (c.outcome != Outcome::Ok || list == c.list);
        if !same {
            mismatches.push(format!(
                "{:?}\n  openssl: {:?}, level {}, {:?}\n  tlskit:  {:?}, level {}, {:?} ({:?})",
                c.input,
                c.outcome,
                c.seclevel,
                c.list,
                e.outcome(),
                e.effective_seclevel(),
                list,
                e.invalid
            ));
        }
    }
    eprintln!(
        "OpenSSL 3.0.19 corpus: {} of {} strings agree ({} known exceptions)",
        cases.len() - mismatches.len() - CORPUS_EXCEPTIONS.len(),
        cases.len(),
        CORPUS_EXCEPTIONS.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} corpus strings differ; first ones:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A seeded random sample of the corpus against the live `openssl ciphers` (which also
/// shows that the corpus still describes the local OpenSSL).
#[test]
fn a_random_sample_of_the_corpus_agrees_with_the_live_openssl() {
    let cases = corpus();
    let mut rng = Rng(0xc1f3_2025);
    let strings: Vec<String> = (0..400)
        .map(|_| cases[rng.below(cases.len())].input.clone())
        .filter(|s| !s.contains('\0'))
        .collect();
    compare_live(&strings, "corpus sample");
}

/// The names the local OpenSSL's parser knows, asked of OpenSSL: a name it knows, followed
/// by `_` (not a name character), makes the whole string fail with `invalid command`; an
/// unknown one is skipped to the next separator. Names are tested in groups, and a failing
/// group is halved until the known names stand alone.
fn known_names(candidates: &[String]) -> BTreeSet<String> {
    fn refused(names: &[String]) -> bool {
        let s = format!(
            "ALL:{}",
            names
                .iter()
                .map(|n| format!("{n}_"))
                .collect::<Vec<_>>()
                .join(":")
        );
        openssl_ciphers(&s).0 == Outcome::InvalidCommand
    }
    let mut known = BTreeSet::new();
    let mut stack: Vec<&[String]> = candidates.chunks(64).collect();
    while let Some(group) = stack.pop() {
        if !refused(group) {
            continue;
        }
        if group.len() == 1 {
            known.insert(group[0].clone());
        } else {
            let (a, b) = group.split_at(group.len() / 2);
            stack.push(a);
            stack.push(b);
        }
    }
    known
}

/// Candidate names: every name-character run in the local libssl, and every suffix of it
/// (the linker merges "ALL" into the tail of "COMPLEMENTOFALL"), plus the names tlskit and
/// the OpenSSL manual know.
fn libssl_candidates() -> Option<Vec<String>> {
    let ldd = Command::new("sh")
        .args([
            "-c",
            "ldd \"$(command -v openssl)\" | awk '/libssl/ {print $3}'",
        ])
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&ldd.stdout).trim().to_string();
    let bytes = std::fs::read(&path).ok()?;
    let name = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'=');
    let mut out = BTreeSet::new();
    for run in bytes.split(|&c| !name(c)).filter(|r| r.len() >= 2) {
        let run = String::from_utf8_lossy(run);
        for i in 0..run.len() - 1 {
            let s = &run[i..];
            if !s.starts_with(['-', '.', '=']) {
                out.insert(s.to_string());
            }
        }
    }
    out.extend(ALIASES.iter().map(|a| a.to_string()));
    out.extend(OPENSSL_ALIASES.iter().map(|a| a.to_string()));
    for s in SUITES {
        out.remove(s.openssl);
    }
    Some(out.into_iter().collect())
}

#[test]
fn the_aliases_are_the_ones_openssl_knows() {
    if openssl_30().is_none() {
        return;
    }
    let Some(candidates) = libssl_candidates() else {
        eprintln!("skipped: libssl not found");
        return;
    };
    let known = known_names(&candidates);
    let ours: BTreeSet<String> = OPENSSL_ALIASES.iter().map(|a| a.to_string()).collect();
    eprintln!(
        "aliases: {} candidate names from libssl, {} known to OpenSSL's parser",
        candidates.len(),
        known.len()
    );
    assert_eq!(
        known,
        ours,
        "OpenSSL knows {:?} that tlskit does not; tlskit knows {:?} that OpenSSL does not",
        known.difference(&ours).collect::<Vec<_>>(),
        ours.difference(&known).collect::<Vec<_>>()
    );
    // Every alias under every operator, alone, after other lists and in chains.
    let mut strings = Vec::new();
    for a in &known {
        for s in [
            a.to_string(),
            format!("ALL:COMPLEMENTOFALL:!{a}"),
            format!("ALL:-{a}:{a}"),
            format!("HIGH:+{a}"),
            format!("{a}:@STRENGTH"),
            format!("{a}+HIGH"),
            format!("HIGH+{a}"),
            format!("{a}+FIPS"),
            format!("{a}+COMPLEMENTOFDEFAULT"),
            format!("COMPLEMENTOFDEFAULT+{a}"),
            format!("{a}+TLSv1.2"),
            format!("{a}+SHA1:{a}_"),
            format!("HIGH:{a}_"),
            format!("{a}!aNULL"),
            format!("HIGH:{a}+*"),
        ] {
            strings.push(s);
        }
    }
    // Pairs in chains, a seeded sample of them.
    let known: Vec<&String> = known.iter().collect();
    let mut rng = Rng(0x0a11_a5e5);
    for _ in 0..500 {
        let (x, y) = (known[rng.below(known.len())], known[rng.below(known.len())]);
        strings.push(format!("{x}+{y}"));
    }
    compare_live(&strings, "aliases under every operator");
}
