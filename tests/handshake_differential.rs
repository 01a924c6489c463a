//! Seeded random handshake differential (issue 17): every scenario is one client application
//! connecting to one server port, both ends configured at random — `sec-protocol`,
//! `cipher-list` (with `@SECLEVEL`, aliases, operators, IANA names, suites this OpenSSL
//! lacks and syntax errors), `ciphersuites`, RSA and EC certificates (some weak: RSA 1024,
//! SHA-1 signed), mutual TLS, the right or a wrong trusted CA, target-name checks — each
//! setting written at a random layering level (host annex, application options, application
//! annex, port or connection transport parameters), sometimes over a shadowed value at a
//! lower level. All scenarios form one deployment; `tlskit resolve` and `tlskit lint` run
//! once on it, and tlskit's verdict for each connection (success with protocol and suite, or
//! failure) is compared with a real `openssl s_server` / `openssl s_client` pair configured
//! with the effective settings the layering gives. Every disagreement fails.
//!
//! `TLSKIT_DIFF_SEED` and `TLSKIT_DIFF_N` override the seed and the count, `TLSKIT_DIFF_JOBS`
//! the pairs run at once (3). `cargo test --test tests handshake_differential:: -- --nocapture`
//! prints `handshake differential: N scenarios, M agree, seed S`; the 2,000-scenario run is
//! `-- --ignored`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::pki::{Lab, Leaf, Spec};
use crate::common::servers::free_port;
use crate::common::*;

/// splitmix64: small, seedable, good enough to draw configurations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// `sec-protocol` values the Security Pack accepts (`tls::handshake::versions`); unset half
/// the time. Removed values (`TLSv1`, …) open no port at all and have rules of their own.
const SEC_PROTOCOLS: &[&str] = &["", "SSLv23", "TLSv12", "TLSv13"];

/// Cipher lists as deployments write them, and as they go wrong. The empty string is left
/// out: what the Security Pack does with `cipher-list=` (OpenSSL's default, or an empty
/// list it refuses) is not documented, and `cipher-list-empty` reports it instead.
const CIPHER_LISTS: &[&str] = &[
    "DEFAULT",
    "HIGH",
    "HIGH:!aNULL:!MD5",
    "HIGH:!aNULL:!kRSA:!SHA1",
    "ECDHE+AESGCM",
    "ECDHE+AESGCM:ECDHE+CHACHA20",
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA",
    "AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256",
    "AES128-GCM-SHA256",
    "AES128-SHA",
    "kRSA",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA",
    "EECDH+AESGCM:EDH+AESGCM",
    "DHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=3",
    "AES256-GCM-SHA384:@SECLEVEL=1",
    "CAMELLIA:ARIA",
    "ALL:-aRSA",
    "HIGH:-ECDSA",
    "HIGH:!ECDH",
    "DEFAULT:!ECDHE",
    "MEDIUM:HIGH:@STRENGTH",
    "@STRENGTH:HIGH",
    "-ALL:HIGH",
    "AESGCM+ECDSA:AESGCM+RSA",
    "DEFAULT:@SECLEVEL=0",
    "DEFAULT:@SECLEVEL=1",
    "DEFAULT:@SECLEVEL=2",
    "DEFAULT:@SECLEVEL=3",
    "HIGH:@SECLEVEL=3",
    "ECDHE+AESGCM:@SECLEVEL=3",
    "AES128-GCM-SHA256:@SECLEVEL=3",
    "AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=3",
    "ECDHE-RSA-AES256-SHA:@SECLEVEL=3",
    "ALL:@SECLEVEL=0",
    "aNULL:HIGH:@SECLEVEL=0",
    "AECDH:ECDHE-RSA-AES128-SHA:@SECLEVEL=0",
    "AES128-SHA:@SECLEVEL=0",
    "ECDHE-ECDSA-AES128-SHA:AES256-SHA:@SECLEVEL=0",
    "HIGH:@SECLEVEL=1",
    // IANA names: OpenSSL's cipher-list does not take them.
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256",
    // RC4 and 3DES: nothing on this OpenSSL, alone or next to suites that exist.
    "RC4-SHA",
    "DES-CBC3-SHA",
    "RC4:3DES",
    "RC4:HIGH",
    "HIGH:!RC4:!3DES",
    // Syntax errors and lists that select nothing.
    "AES_GCM",
    "FOO+:HIGH",
    "HIGH+FIPS",
    "CBC",
    "HIGH:!",
    "PSK",
];

const CIPHERSUITES: &[&str] = &[
    "TLS_AES_128_GCM_SHA256",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256",
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384",
    "TLS_AES_128_CCM_SHA256:TLS_CHACHA20_POLY1305_SHA256",
    // One unknown name next to a known one: ignored.
    "TLS_AES_128_GCM_SHA256:FOO",
    // Only unknown: refused.
    "FOO",
    // A TLS 1.2 IANA name only: accepted, but no TLS 1.3 suite; in TLS 1.2 it comes first.
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    // The guide's default.
    "",
];

/// Certificates both ends draw from: name, key, signature digest, whether the SAN names
/// every server host (else only `srv.example.com`), and the issuing root (0: root A, EC
/// P-256; 1: root R, RSA 2048, which security level 3 refuses as a CA).
const CERTS: &[(&str, &str, &str, bool, usize)] = &[
    ("rsa2048", "rsa:2048", "sha256", true, 0),
    ("rsa3072", "rsa:3072", "sha256", true, 0),
    ("ec256", "ec", "sha256", true, 0),
    ("rsa2048-narrow", "rsa:2048", "sha256", false, 0),
    ("ec256-narrow", "ec", "sha256", false, 0),
    ("rsa1024", "rsa:1024", "sha256", true, 0),
    ("rsa2048-sha1", "rsa:2048", "sha1", true, 0),
    ("ec256-sha1", "ec", "sha1", true, 0),
    ("rsa3072-r", "rsa:3072", "sha256", true, 1),
    ("ec256-r", "ec", "sha256", true, 1),
];

/// How often each certificate is drawn: strong ones mostly.
const CERT_WEIGHTS: &[usize] = &[4, 3, 4, 1, 1, 1, 1, 1, 2, 2];

/// The name every certificate carries, and one none carries.
const CERT_NAME: &str = "srv.example.com";
const WRONG_NAME: &str = "wrong.example.com";

/// Layering levels, highest priority first: the port's (server) or connection's (client)
/// transport parameters, application options, application annex, host annex.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Own,
    App,
    Annex,
    Host,
}

const LEVELS: [Level; 4] = [Level::Own, Level::App, Level::Annex, Level::Host];

impl Level {
    /// As `resolve` names it.
    fn json(self, server: bool) -> &'static str {
        match (self, server) {
            (Level::Own, true) => "port",
            (Level::Own, false) => "connection",
            (Level::App, _) => "application",
            (Level::Annex, _) => "annex",
            (Level::Host, _) => "host",
        }
    }
}

/// One option as written at one level.
#[derive(Clone, Debug)]
struct Written {
    level: Level,
    key: &'static str,
    value: String,
}

/// The effective settings of one end: what the real peer is configured with.
#[derive(Clone, Debug, Default)]
struct Eff {
    values: BTreeMap<&'static str, String>,
}

impl Eff {
    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }
}

const GROUP: &[&str] = &["certificate", "certificate-key", "trusted-ca"];

/// Genesys layering over what was written (`resolve.rs`, DESIGN.md "Layering"): the
/// credential group whole from the highest-priority level that sets any of it, every other
/// option from the highest-priority level that sets it.
fn layer(written: &[Written]) -> Eff {
    let mut eff = Eff::default();
    let group_level = LEVELS.into_iter().find(|l| {
        written
            .iter()
            .any(|w| w.level == *l && GROUP.contains(&w.key))
    });
    for w in written {
        let wins = if GROUP.contains(&w.key) {
            Some(w.level) == group_level
        } else {
            !written.iter().any(|o| o.key == w.key && o.level < w.level)
        };
        if wins {
            eff.values.insert(w.key, w.value.clone());
        }
    }
    eff
}

struct Pki {
    lab: Lab,
    /// Root A and root R, which issue the certificates.
    roots: [PathBuf; 2],
    /// Both roots in one file.
    both: PathBuf,
    /// Root B, which issues nothing.
    stranger: PathBuf,
    certs: Vec<Leaf>,
}

fn pki(n: usize) -> Pki {
    let lab = Lab::new();
    let a = lab.root("RootA");
    let r = lab.root_with("RootR", "rsa:2048");
    let b = lab.root("RootB");
    let wide: Vec<String> = std::iter::once(format!("DNS:{CERT_NAME}"))
        .chain((0..n).map(|i| format!("DNS:{}", server_host(i))))
        .collect();
    let certs = CERTS
        .iter()
        .map(|&(name, key, md, all_hosts, issuer)| {
            let mut spec = Spec::server(CERT_NAME);
            spec.key = key.into();
            spec.md = md.into();
            if all_hosts {
                spec.san = Some(wide.join(","));
            }
            let leaf = lab.issue(if issuer == 0 { &a } else { &r }, name, &spec);
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&leaf.key, std::fs::Permissions::from_mode(0o600)).unwrap();
            leaf
        })
        .collect();
    Pki {
        both: lab.cat("RootA+R.pem", &[&a.cert, &r.cert]),
        roots: [a.cert, r.cert],
        stranger: b.cert,
        certs,
        lab,
    }
}

fn server_host(i: usize) -> String {
    format!("s{i}.lab.example")
}

fn client_host(i: usize) -> String {
    format!("c{i}.lab.example")
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

/// One scenario: what each end writes where, and the effective settings that follow.
struct Case {
    i: usize,
    server: Vec<Written>,
    client: Vec<Written>,
    s: Eff,
    c: Eff,
}

impl Case {
    fn conn(&self) -> String {
        format!("C{} -> S{}:default", self.i, self.i)
    }
}

/// Writes `values` (one option, or the credential group) at a random level; a third of the
/// time also a different value (or part of the group) at a lower-priority level, which the
/// layering must ignore.
fn place(
    rng: &mut Rng,
    out: &mut Vec<Written>,
    values: &[(&'static str, String)],
    decoy: &[(&'static str, String)],
) {
    let at = rng.below(LEVELS.len());
    for (k, v) in values {
        out.push(Written {
            level: LEVELS[at],
            key: k,
            value: v.clone(),
        });
    }
    if at + 1 < LEVELS.len() && rng.chance(1, 3) {
        let lower = LEVELS[at + 1 + rng.below(LEVELS.len() - at - 1)];
        let keep = 1 + rng.below(decoy.len());
        for (k, v) in decoy.iter().take(keep) {
            out.push(Written {
                level: lower,
                key: k,
                value: v.clone(),
            });
        }
    }
}

fn weighted_cert(rng: &mut Rng) -> usize {
    let total: usize = CERT_WEIGHTS.iter().sum();
    let mut x = rng.below(total);
    for (i, w) in CERT_WEIGHTS.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    unreachable!()
}

/// The negotiation options of one end, each at its own random level or unset.
fn negotiation(rng: &mut Rng, out: &mut Vec<Written>) {
    let drawn: [(&'static str, Option<&str>); 3] = [
        (
            "sec-protocol",
            rng.chance(1, 2).then(|| rng.pick(SEC_PROTOCOLS)),
        ),
        (
            "cipher-list",
            rng.chance(3, 5).then(|| rng.pick(CIPHER_LISTS)),
        ),
        (
            "ciphersuites",
            rng.chance(1, 3).then(|| rng.pick(CIPHERSUITES)),
        ),
    ];
    for (key, value) in drawn {
        if let Some(v) = value {
            let decoy = match key {
                "sec-protocol" => rng.pick(SEC_PROTOCOLS),
                "cipher-list" => rng.pick(CIPHER_LISTS),
                _ => rng.pick(CIPHERSUITES),
            };
            place(rng, out, &[(key, v.into())], &[(key, decoy.into())]);
        }
    }
}

/// A credential group: the certificate `cert`, and a trusted CA file that holds the root of
/// the peer's certificate `peer` (alone or with the other root) or does not (root B, or
/// the other root).
fn credentials(
    rng: &mut Rng,
    pki: &Pki,
    cert: usize,
    peer: usize,
    right_ca: bool,
) -> Vec<(&'static str, String)> {
    let issuer = CERTS[peer].4;
    let ca = match (right_ca, rng.chance(1, 3)) {
        (true, false) => &pki.roots[issuer],
        (true, true) => &pki.both,
        (false, false) => &pki.stranger,
        (false, true) => &pki.roots[1 - issuer],
    };
    let cert = &pki.certs[cert];
    vec![
        ("certificate", p(&cert.cert)),
        ("certificate-key", p(&cert.key)),
        ("trusted-ca", p(ca)),
    ]
}

fn generate(rng: &mut Rng, i: usize, pki: &Pki) -> Case {
    let (scert, ccert) = (weighted_cert(rng), weighted_cert(rng));
    let mut server = Vec::new();
    negotiation(rng, &mut server);
    // Every end has a whole credential group (certificate, key, trusted CA): an end without
    // one fails by the role rules (`secure-port-missing-certificate`,
    // `client-missing-trusted-ca`, `mutual-client-missing-certificate`), which say what
    // the Security Pack requires, not what a handshake does; s_client without a CA file
    // would merely not verify, which is no model of a Genesys client.
    let right = rng.chance(5, 6);
    let group = credentials(rng, pki, scert, ccert, right);
    let (decoy_cert, decoy_right) = (weighted_cert(rng), rng.chance(1, 2));
    let decoy = credentials(rng, pki, decoy_cert, ccert, decoy_right);
    place(rng, &mut server, &group, &decoy);
    if rng.chance(1, 2) {
        let mutual = if rng.chance(2, 3) { "1" } else { "0" };
        let decoy = if mutual == "1" { "0" } else { "1" };
        place(
            rng,
            &mut server,
            &[("tls-mutual", mutual.into())],
            &[("tls-mutual", decoy.into())],
        );
    }
    let mut client = Vec::new();
    negotiation(rng, &mut client);
    let right = rng.chance(5, 6);
    let group = credentials(rng, pki, ccert, scert, right);
    let (decoy_cert, decoy_right) = (weighted_cert(rng), rng.chance(1, 2));
    let decoy = credentials(rng, pki, decoy_cert, scert, decoy_right);
    place(rng, &mut client, &group, &decoy);
    if rng.chance(1, 2) {
        let check = rng.pick(&["host", "Host", "no"]);
        place(
            rng,
            &mut client,
            &[("tls-target-name-check", check.into())],
            &[("tls-target-name-check", "no".into())],
        );
    }
    if rng.chance(1, 2) {
        let own = server_host(i);
        let name = rng.pick(&[CERT_NAME, WRONG_NAME, own.as_str()]).to_string();
        place(
            rng,
            &mut client,
            &[("tls-target-name", name)],
            &[("tls-target-name", WRONG_NAME.into())],
        );
    }
    let (s, c) = (layer(&server), layer(&client));
    Case {
        i,
        server,
        client,
        s,
        c,
    }
}

fn security_at<'v>(v: &'v mut Value, path: &[&str]) -> &'v mut serde_json::Map<String, Value> {
    let mut at = v;
    for k in path {
        if at.get(*k).is_none() {
            at[*k] = json!({});
        }
        at = &mut at[*k];
    }
    at.as_object_mut().unwrap()
}

/// The case's hosts and applications, as a mutagen export has them.
fn export(case: &Case) -> (Vec<Value>, Vec<Value>) {
    let i = case.i;
    let mut shost = json!({"name": server_host(i), "osInfo": {"type": "Linux"}});
    let mut chost = json!({"name": client_host(i), "osInfo": {"type": "Linux"}});
    let mut sapp = json!({"name": format!("S{i}"), "type": "CFGStatServer",
                          "serverInfo": {"host": server_host(i)}});
    let mut capp = json!({"name": format!("C{i}"), "type": "CFGRouterServer",
                          "serverInfo": {"host": client_host(i)}});
    let mut port_params = vec!["tls=1".to_string()];
    let mut conn_params: Vec<String> = Vec::new();
    for (written, host, app, params) in [
        (&case.server, &mut shost, &mut sapp, &mut port_params),
        (&case.client, &mut chost, &mut capp, &mut conn_params),
    ] {
        for w in written {
            let v = Value::from(w.value.clone());
            match w.level {
                Level::Own => params.push(format!("{}={}", w.key, w.value)),
                Level::App => {
                    security_at(app, &["options", "security"]).insert(w.key.into(), v);
                }
                Level::Annex => {
                    security_at(app, &["userProperties", "security"]).insert(w.key.into(), v);
                }
                Level::Host => {
                    security_at(host, &["userProperties", "security"]).insert(w.key.into(), v);
                }
            }
        }
    }
    sapp["portInfos"] =
        json!([{"id": "default", "port": "3000", "transportParams": port_params.join(";")}]);
    capp["appServers"] = json!([{"appServer": format!("S{i}"), "id": "default",
                                  "transportParams": conn_params.join(";")}]);
    (vec![shost, chost], vec![sapp, capp])
}

#[derive(Clone, Debug, PartialEq)]
enum Verdict {
    Succeeds { version: String, suite: String },
    Fails(String),
}

impl Verdict {
    fn agrees(&self, other: &Verdict) -> bool {
        match (self, other) {
            (Verdict::Fails(_), Verdict::Fails(_)) => true,
            (a, b) => a == b,
        }
    }

    fn show(&self) -> String {
        match self {
            Verdict::Succeeds { version, suite } => format!("succeeds {version} {suite}"),
            Verdict::Fails(why) => format!("fails: {why}"),
        }
    }
}

fn protocol_args(sec: Option<&str>) -> Vec<&'static str> {
    match sec {
        Some("TLSv12") => vec!["-tls1_2"],
        Some("TLSv13") => vec!["-tls1_3"],
        // Compatibility mode: TLS 1.1 and up.
        Some("SSLv23") => vec!["-min_protocol", "TLSv1.1"],
        // Unset or empty: TLS 1.2 and 1.3.
        _ => vec!["-min_protocol", "TLSv1.2"],
    }
}

/// `-cipher` and `-ciphersuites` for one end; an empty ciphersuites is the guide's
/// default, which is OpenSSL's.
fn cipher_args(e: &Eff) -> Vec<String> {
    let mut a = vec![
        "-cipher".to_string(),
        e.get("cipher-list").unwrap_or("DEFAULT").to_string(),
    ];
    if let Some(cs) = e.get("ciphersuites").filter(|c| !c.is_empty()) {
        a.extend(["-ciphersuites".into(), cs.into()]);
    }
    a
}

fn is_on(v: Option<&str>) -> bool {
    matches!(
        v.map(str::to_ascii_lowercase).as_deref(),
        Some("1" | "true" | "yes" | "on")
    )
}

fn field(text: &str, name: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
}

/// Whether `child` exited within `limit`.
fn exited_within(child: &mut Child, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

/// The real pair with the case's effective settings: s_server (server preference, as
/// tlskit predicts) on 127.0.0.1, s_client against it, no system configuration.
fn real(case: &Case, dir: &Path) -> Verdict {
    let (s, c) = (&case.s, &case.c);
    let mutual = is_on(s.get("tls-mutual"));
    let mut sargs: Vec<String> = ["s_server", "-naccept", "1", "-brief", "-serverpref"]
        .map(String::from)
        .to_vec();
    sargs.extend(["-cert", s.get("certificate").unwrap()].map(String::from));
    sargs.extend(["-key", s.get("certificate-key").unwrap()].map(String::from));
    sargs.extend(
        protocol_args(s.get("sec-protocol"))
            .into_iter()
            .map(String::from),
    );
    sargs.extend(cipher_args(s));
    // The server's trusted CAs are loaded whether or not it asks for client certificates
    // (the Security Pack requires trusted-ca on every secure port): OpenSSL builds the chain
    // the server sends from them.
    sargs.extend(
        [
            "-CAfile",
            s.get("trusted-ca").unwrap(),
            "-no-CApath",
            "-no-CAstore",
        ]
        .map(String::from),
    );
    if mutual {
        sargs.extend(["-Verify", "1", "-verify_return_error"].map(String::from));
    }
    let (mut srv, port, log) = match start_server(&sargs, dir, case.i) {
        Ok(x) => x,
        Err(e) => return Verdict::Fails(format!("s_server refuses its settings: {e}")),
    };
    let mut cargs: Vec<String> = vec![
        "s_client".into(),
        "-connect".into(),
        format!("127.0.0.1:{port}"),
        "-brief".into(),
    ];
    cargs.extend(
        protocol_args(c.get("sec-protocol"))
            .into_iter()
            .map(String::from),
    );
    cargs.extend(cipher_args(c));
    cargs.extend(
        [
            "-CAfile",
            c.get("trusted-ca").unwrap(),
            "-no-CApath",
            "-no-CAstore",
            "-verify_return_error",
        ]
        .map(String::from),
    );
    if c.get("tls-target-name-check")
        .is_some_and(|v| v.eq_ignore_ascii_case("host"))
    {
        let name = c
            .get("tls-target-name")
            .map(String::from)
            .unwrap_or_else(|| server_host(case.i));
        cargs.extend(["-verify_hostname".into(), name]);
    }
    // A native client loads the certificate it is configured with whether or not the port
    // asks for one (so OpenSSL may refuse it at the client's level), as tlskit assumes.
    cargs.extend(["-cert", c.get("certificate").unwrap()].map(String::from));
    cargs.extend(["-key", c.get("certificate-key").unwrap()].map(String::from));
    let mut client = Command::new("openssl")
        .args(&cargs)
        .current_dir(dir)
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl s_client starts");
    let mut cerr = String::new();
    client
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut cerr)
        .unwrap();
    let _ = client.wait();
    // The server has the last word: in TLS 1.3 it judges the client's certificate after the
    // client has finished its handshake. A client that never connected (it refused its own
    // settings) leaves the server waiting: a bare TCP connection, closed at once, ends it
    // (queued behind the client's, it changes nothing when the client did connect).
    if !exited_within(&mut srv, Duration::from_millis(100)) && listens(&srv, port) {
        drop(std::net::TcpStream::connect(("127.0.0.1", port)));
        if !exited_within(&mut srv, Duration::from_secs(10)) {
            let _ = srv.kill();
            let _ = srv.wait();
        }
    }
    let serr = std::fs::read_to_string(log.join("err")).unwrap_or_default();
    let first_error = |t: &str| {
        t.lines()
            .find(|l| l.contains(":error:") || l.starts_with("verify error"))
            .map(|l| l.rsplit(':').nth(3).unwrap_or(l).to_string())
    };
    match (
        field(&cerr, "Protocol version:"),
        field(&cerr, "Ciphersuite:"),
        field(&serr, "Ciphersuite:"),
    ) {
        (Some(version), Some(suite), Some(ssuite)) if !serr.contains("ERROR") => {
            assert_eq!(suite, ssuite, "client and server disagree:\n{cerr}\n{serr}");
            Verdict::Succeeds { version, suite }
        }
        _ => Verdict::Fails(
            first_error(&cerr)
                .map(|e| format!("client: {e}"))
                .or_else(|| first_error(&serr).map(|e| format!("server: {e}")))
                .unwrap_or_else(|| "no handshake".into()),
        ),
    }
}

/// Starts s_server on a free port and waits until it accepts. Err: it exited first (its
/// settings refused), with the reason it gave. Its output goes to files in a folder of
/// its own: a pipe nobody reads could fill up and stop it.
fn start_server(args: &[String], dir: &Path, i: usize) -> Result<(Child, u16, PathBuf), String> {
    let log = dir.join(format!("log-{i}"));
    std::fs::create_dir_all(&log).unwrap();
    for _ in 0..5 {
        let port = free_port();
        let mut child = Command::new("openssl")
            .args(args)
            .args(["-accept", &format!("127.0.0.1:{port}")])
            .current_dir(dir)
            .env("OPENSSL_CONF", "/dev/null")
            .stdin(Stdio::piped())
            .stdout(std::fs::File::create(log.join("out")).unwrap())
            .stderr(std::fs::File::create(log.join("err")).unwrap())
            .spawn()
            .expect("openssl s_server starts");
        let start = Instant::now();
        loop {
            if listens(&child, port) {
                return Ok((child, port, log));
            }
            if let Ok(Some(_)) = child.try_wait() {
                let err = std::fs::read_to_string(log.join("err")).unwrap_or_default();
                if err.contains("in use") {
                    break;
                }
                let why = err
                    .lines()
                    .find(|l| l.contains(":error:"))
                    .map(|l| l.rsplit(':').nth(3).unwrap_or(l).to_string())
                    .unwrap_or(err);
                return Err(why);
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "s_server did not start: {args:?}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    panic!("no free port for s_server")
}

/// Whether `child` listens on 127.0.0.1:`port`. With -brief, s_server does not print
/// ACCEPT; /proc/net/tcp lists the socket in LISTEN (0A) state, and its inode must be one
/// of the child's descriptors: another test's server may have been given the same port by
/// `free_port` and listen there while this one fails to bind.
fn listens(child: &Child, port: u16) -> bool {
    let Ok(table) = std::fs::read_to_string("/proc/net/tcp") else {
        return false;
    };
    let local = format!("0100007F:{port:04X}");
    let Some(inode) = table.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        (f.len() > 9 && f[1] == local && f[3] == "0A").then(|| f[9].to_string())
    }) else {
        return false;
    };
    let socket = format!("socket:[{inode}]");
    std::fs::read_dir(format!("/proc/{}/fd", child.id())).is_ok_and(|fds| {
        fds.flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t.as_os_str() == socket.as_str()))
    })
}

/// tlskit's verdict per connection: resolve's prediction, failed by any error-level
/// `handshake-*` finding on the connection or its server port (trust, names, security
/// levels).
fn predicted(resolve: &Value, lint: &Value) -> BTreeMap<String, Verdict> {
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in lint["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        let message = f["message"].as_str().unwrap_or_default();
        // handshake-anonymous-suite reports a handshake that succeeds, unauthenticated.
        if !rule.starts_with("handshake-")
            || rule == "handshake-anonymous-suite"
            || f["severity"] != "error"
        {
            continue;
        }
        assert!(
            !message.contains("not listed: a report shows at most"),
            "findings were capped: {message}"
        );
        let o = &f["object"];
        // On a connection, or on the server port (a port that does not open fails every
        // connection to it).
        let at = match (
            o["connection"].as_str(),
            o["application"].as_str(),
            o["port"].as_str(),
        ) {
            (Some(conn), _, _) => conn.to_string(),
            (None, Some(app), Some(port)) => format!("{app}:{port}"),
            _ => panic!("a handshake finding on neither a connection nor a port: {f}"),
        };
        errors.entry(at).or_default().push(rule.into());
    }
    let mut out = BTreeMap::new();
    for c in resolve["connections"].as_array().unwrap() {
        let name = format!(
            "{} -> {}:{}",
            c["client"].as_str().unwrap(),
            c["server"].as_str().unwrap(),
            c["port"].as_str().unwrap()
        );
        let pred = &c["prediction"];
        let verdict = if pred.is_null() {
            Verdict::Fails("no prediction (settings refused)".into())
        } else if pred["outcome"] != "succeeds" {
            Verdict::Fails(pred["outcome"].as_str().unwrap_or("?").into())
        } else if let Some(rules) = errors.get(&name).or_else(|| {
            errors.get(&format!(
                "{}:{}",
                c["server"].as_str().unwrap(),
                c["port"].as_str().unwrap()
            ))
        }) {
            Verdict::Fails(rules.join(", "))
        } else {
            Verdict::Succeeds {
                version: pred["version"].as_str().unwrap().into(),
                suite: pred["suite"].as_str().unwrap().into(),
            }
        };
        out.insert(name, verdict);
    }
    out
}

/// Effective values as `resolve` shows them for one port or connection: key → (value,
/// level).
fn resolved(settings: &Value) -> BTreeMap<String, (String, String)> {
    settings
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["key"].as_str().unwrap().to_string(),
                (
                    s["value"].as_str().unwrap().to_string(),
                    s["level"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

/// Where the layering should have taken each effective value from.
fn expected(written: &[Written], eff: &Eff, server: bool) -> BTreeMap<String, (String, String)> {
    eff.values
        .iter()
        .map(|(k, v)| {
            let level = written
                .iter()
                .filter(|w| w.key == *k && w.value == *v)
                .map(|w| w.level)
                .min()
                .unwrap();
            (k.to_string(), (v.clone(), level.json(server).to_string()))
        })
        .collect()
}

fn describe(e: &Eff) -> String {
    e.values
        .iter()
        .map(|(k, v)| {
            let v = Path::new(v)
                .file_name()
                .filter(|_| v.starts_with('/'))
                .map_or(v.clone(), |f| f.to_string_lossy().into_owned());
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn differential(default_n: u64, default_seed: u64) {
    if !Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("OpenSSL 3.0."))
    {
        skip("handshake differential: no OpenSSL 3.0");
        return;
    }
    let n = env_or("TLSKIT_DIFF_N", default_n) as usize;
    let seed = env_or("TLSKIT_DIFF_SEED", default_seed);
    let jobs = env_or("TLSKIT_DIFF_JOBS", 3).max(1) as usize;
    eprintln!(
        "handshake differential: seed {seed}, {n} scenarios (TLSKIT_DIFF_SEED, TLSKIT_DIFF_N)"
    );
    let pki = pki(n);
    let mut rng = Rng(seed);
    let cases: Vec<Case> = (0..n).map(|i| generate(&mut rng, i, &pki)).collect();

    // One deployment, in files of 50 scenarios: a report lists at most 100 findings of one
    // rule in one file.
    let s = Scenario::empty();
    for (k, chunk) in cases.chunks(50).enumerate() {
        let (mut hosts, mut apps) = (Vec::new(), Vec::new());
        for case in chunk {
            let (h, a) = export(case);
            hosts.extend(h);
            apps.extend(a);
        }
        s.write(
            &format!("export-{k:03}.json"),
            &serde_json::to_string_pretty(&json!({"hosts": hosts, "applications": apps})).unwrap(),
        );
    }
    let dir = s.path().to_str().unwrap();
    let resolve = tlskit(["resolve", dir, "--format", "json"]);
    assert_eq!(resolve.code, 0, "{}", resolve.stderr);
    let resolve = resolve.json();
    let lint = tlskit(["lint", dir, "--format", "json"]);
    assert!(lint.code <= 1, "{}", lint.stderr);
    let lint = lint.json();
    let verdicts = predicted(&resolve, &lint);
    assert_eq!(verdicts.len(), n, "one connection per scenario");

    let mut wrong: Vec<(usize, String)> = Vec::new();
    // The layering first: the real pair is configured with the effective values computed
    // here, and they must be the ones resolve computes.
    let conns: BTreeMap<&str, &Value> = resolve["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["client"].as_str().unwrap(), c))
        .collect();
    let ports: BTreeMap<&str, &Value> = resolve["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["application"].as_str().unwrap(), p))
        .collect();
    for case in &cases {
        let c = resolved(&conns[format!("C{}", case.i).as_str()]["settings"]);
        let mut srv = resolved(&ports[format!("S{}", case.i).as_str()]["settings"]);
        srv.remove("tls");
        let (want_c, want_s) = (
            expected(&case.client, &case.c, false),
            expected(&case.server, &case.s, true),
        );
        if c != want_c || srv != want_s {
            wrong.push((
                case.i,
                format!(
                    "scenario {} (seed {seed}): resolve differs\n  client: resolve {c:?}\n          expected {want_c:?}\n  server: resolve {srv:?}\n          expected {want_s:?}",
                    case.i
                ),
            ));
        }
    }

    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    let work = tempfile::tempdir().unwrap();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(k) else { break };
                    let actual = real(case, work.path());
                    let _ = std::fs::remove_dir_all(work.path().join(format!("log-{}", case.i)));
                    let tlskit = &verdicts[&case.conn()];
                    if !tlskit.agrees(&actual) {
                        found.lock().unwrap().push((
                            case.i,
                            format!(
                                "scenario {} (seed {seed}): {}\n  server: {}\n  client: {}\n  tlskit:  {}\n  openssl: {}",
                                case.i,
                                case.conn(),
                                describe(&case.s),
                                describe(&case.c),
                                tlskit.show(),
                                actual.show()
                            ),
                        ));
                    }
                }
            });
        }
    });
    wrong.extend(found.into_inner().unwrap());
    wrong.sort();
    let agree = n - wrong
        .iter()
        .map(|(i, _)| *i)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    // What the scenarios came to, so that a run shows what it exercised.
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for v in verdicts.values() {
        let class = match v {
            Verdict::Succeeds { version, .. } => format!("succeeds {version}"),
            Verdict::Fails(why) => why.clone(),
        };
        *tally.entry(class).or_default() += 1;
    }
    eprintln!(
        "tlskit's verdicts: {}",
        tally
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    eprintln!("handshake differential: {n} scenarios, {agree} agree, seed {seed}");
    drop(pki.lab);
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong
            .iter()
            .map(|(_, w)| w.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn random_configurations_agree_with_openssl() {
    differential(300, 20261201);
}

#[test]
#[ignore = "2,000 real handshakes: run with --ignored"]
fn two_thousand_random_configurations_agree_with_openssl() {
    differential(2000, 17005);
}

/// Found by the differential (seed 17005, scenarios 618 and 1649): an end that sends its
/// certificate sends the chain OpenSSL builds from its own trusted CAs, and refuses it at its
/// own level first. An EC P-256 server certificate issued by an RSA 2048 root passes
/// `@SECLEVEL=3` alone, but with that root in the server's trusted-ca every handshake ends
/// with internal_error; with another root there, the chain is the leaf alone and all is well.
#[test]
fn an_end_refuses_its_own_chain_below_its_level() {
    let lab = Lab::new();
    let rsa_root = lab.root_with("RsaRoot", "rsa:2048");
    let other = lab.root("Other");
    let leaf = lab.issue(&rsa_root, "srv", &Spec::server(CERT_NAME));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&leaf.key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let lint = |server_ca: &Path| {
        let security = |ca: &Path| {
            json!({"security": {"certificate": p(&leaf.cert), "certificate-key": p(&leaf.key),
                                "trusted-ca": p(ca)}})
        };
        let d = json!({
            "hosts": [{"name": CERT_NAME, "osInfo": {"type": "Linux"}, "userProperties": security(server_ca)},
                      {"name": "cli.example.com", "osInfo": {"type": "Linux"},
                       "userProperties": security(&rsa_root.cert)}],
            "applications": [
                {"name": "S", "type": "CFGStatServer", "serverInfo": {"host": CERT_NAME},
                 "portInfos": [{"id": "default", "port": "3000",
                                "transportParams": "tls=1;cipher-list=HIGH:@SECLEVEL=3"}]},
                {"name": "C", "type": "CFGRouterServer", "serverInfo": {"host": "cli.example.com"},
                 "appServers": [{"appServer": "S", "id": "default"}]}]});
        let s = Scenario::new(&d);
        tlskit(["lint", s.path().to_str().unwrap(), "--format", "json"])
            .findings("handshake-certificate-below-seclevel")
            .iter()
            .map(|f| {
                f["object"]["connection"]
                    .as_str()
                    .unwrap_or("-")
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(lint(&rsa_root.cert), ["C -> S:default"]);
    assert!(lint(&other.cert).is_empty());
}
