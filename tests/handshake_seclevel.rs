//! The prediction engine (`tls::handshake::predict`) against real `openssl s_server` /
//! `openssl s_client` pairs for the cases issue 17 found it wrong on: a `ciphersuites` with
//! an unknown name next to a known one, a TLS 1.2 IANA name as the only TLS 1.3 suite,
//! security levels that remove suites (`@SECLEVEL=3` and kRSA, `@SECLEVEL=4` and 128-bit
//! suites), anonymous suites at `@SECLEVEL=0` on both sides and at level 0 on one side only,
//! and compatibility mode at level 0. Lists OpenSSL refuses (`valid()` false)
//! must be the ones s_server refuses to start with. Skipped without OpenSSL 3.0.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::servers::{free_port, s_server_accepting};
use tlskit::pki::cert::KeyKind;
use tlskit::tls::handshake::{Endpoint, Prediction, predict};

fn openssl_30() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("OpenSSL 3.0."))
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .env("OPENSSL_CONF", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "openssl {args:?}: {out:?}");
}

/// One side: sec-protocol, cipher-list, ciphersuites as Genesys options.
#[derive(Clone, Copy, Debug)]
struct Side {
    sec_protocol: Option<&'static str>,
    cipher_list: Option<&'static str>,
    ciphersuites: Option<&'static str>,
}

const fn side(
    sec_protocol: Option<&'static str>,
    cipher_list: Option<&'static str>,
    ciphersuites: Option<&'static str>,
) -> Side {
    Side {
        sec_protocol,
        cipher_list,
        ciphersuites,
    }
}

impl Side {
    fn endpoint(&self) -> Endpoint<'static> {
        Endpoint {
            sec_protocol: self.sec_protocol,
            cipher_list: self.cipher_list,
            ciphersuites: self.ciphersuites,
        }
    }

    fn args(&self) -> Vec<String> {
        let mut a: Vec<String> = match self.sec_protocol {
            Some("TLSv12") => vec!["-tls1_2".into()],
            Some("TLSv13") => vec!["-tls1_3".into()],
            // Compatibility mode: TLS 1.1 and up.
            Some("SSLv23") => vec!["-min_protocol".into(), "TLSv1.1".into()],
            _ => vec![],
        };
        a.extend([
            "-cipher".into(),
            self.cipher_list.unwrap_or("DEFAULT").into(),
        ]);
        if let Some(cs) = self.ciphersuites.filter(|c| !c.is_empty()) {
            a.extend(["-ciphersuites".into(), cs.into()]);
        }
        a
    }
}

/// What the real pair does: Some((protocol, suite)) on success, None when the handshake
/// fails; Err when s_server does not start.
fn real(dir: &Path, server: Side, client: Side) -> Result<Option<(String, String)>, String> {
    let port = free_port();
    let mut sargs: Vec<String> = vec![
        "s_server".into(),
        "-accept".into(),
        format!("127.0.0.1:{port}"),
        "-naccept".into(),
        "1".into(),
        "-serverpref".into(),
        "-cert".into(),
        "rsa.pem".into(),
        "-key".into(),
        "rsa.key".into(),
    ];
    sargs.extend(server.args());
    let mut srv = s_server_accepting(&sargs, dir)?;
    let mut cargs: Vec<String> = vec![
        "s_client".into(),
        "-connect".into(),
        format!("127.0.0.1:{port}"),
        "-brief".into(),
    ];
    cargs.extend(client.args());
    let mut c = Command::new("openssl")
        .args(&cargs)
        .current_dir(dir)
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(c.stdin.take());
    let mut err = String::new();
    c.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let _ = c.wait();
    let _ = srv.kill();
    let _ = srv.wait();
    let field = |name: &str| {
        err.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    Ok(field("Protocol version:").zip(field("Ciphersuite:")))
}

#[test]
fn predictions_agree_with_real_pairs_on_levels_and_suites() {
    if !openssl_30() {
        eprintln!("skipped: no OpenSSL 3.0");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    openssl(
        dir.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:3072",
            "-nodes",
            "-keyout",
            "rsa.key",
            "-out",
            "rsa.pem",
            "-subj",
            "/CN=localhost",
            "-days",
            "2",
            "-sha256",
        ],
    );
    let default = side(None, None, None);
    let cases: &[(Side, Side)] = &[
        // Unknown TLS 1.3 name next to a known one: ignored.
        (
            side(None, None, Some("TLS_AES_128_GCM_SHA256:FOO")),
            default,
        ),
        (
            side(None, None, Some(" TLS_AES_128_GCM_SHA256 : FOO ")),
            default,
        ),
        // Only unknown names: refused, s_server does not start.
        (side(None, None, Some("FOO:BAR")), default),
        // A TLS 1.2 IANA name only: accepted, but no TLS 1.3 suite with TLS 1.3 on.
        (
            side(None, None, Some("TLS_RSA_WITH_AES_128_CBC_SHA")),
            default,
        ),
        // No cipher match and invalid command alike: s_server does not start.
        (side(None, Some("RC4"), None), default),
        (side(None, Some("AES_GCM"), None), default),
        (side(None, Some("HIGH+FIPS"), None), default),
        (side(Some("TLSv12"), Some("FOO+:HIGH"), None), default),
        (side(Some("TLSv12"), Some("CBC"), None), default),
        // Level 3 removes kRSA; level 4 removes 128-bit and SHA-1 MAC suites.
        (
            side(Some("TLSv12"), Some("AES128-GCM-SHA256:@SECLEVEL=3"), None),
            default,
        ),
        (
            side(
                Some("TLSv12"),
                Some("AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=3"),
                None,
            ),
            default,
        ),
        (
            side(
                Some("TLSv12"),
                Some("ECDHE-RSA-AES256-SHA:@SECLEVEL=3"),
                None,
            ),
            side(None, Some("DEFAULT:@SECLEVEL=4"), None),
        ),
        (
            side(
                None,
                Some("DEFAULT:@SECLEVEL=3"),
                Some("TLS_AES_128_GCM_SHA256"),
            ),
            side(None, Some("DEFAULT:@SECLEVEL=4"), None),
        ),
        // Anonymous suites: both sides at level 0, or one side only.
        (
            side(Some("TLSv12"), Some("aNULL:HIGH:@SECLEVEL=0"), None),
            side(None, Some("aNULL:HIGH:@SECLEVEL=0"), None),
        ),
        (
            side(Some("TLSv12"), Some("aNULL:HIGH:@SECLEVEL=0"), None),
            side(None, Some("aNULL:HIGH"), None),
        ),
        (
            side(
                Some("TLSv12"),
                Some("AECDH:ECDHE-RSA-AES128-SHA:@SECLEVEL=0"),
                None,
            ),
            side(
                Some("TLSv12"),
                Some("AECDH:ECDHE-RSA-AES128-SHA:@SECLEVEL=0"),
                None,
            ),
        ),
        // Compatibility mode at level 0 on both sides still negotiates TLS 1.3; an empty
        // ciphersuites is the guide's default.
        (
            side(Some("SSLv23"), Some("DEFAULT:@SECLEVEL=0"), None),
            side(Some("SSLv23"), Some("AES128-SHA:@SECLEVEL=0"), Some("")),
        ),
    ];
    let mut wrong = Vec::new();
    for &(server, client) in cases {
        let predicted = if server.endpoint().valid() && client.endpoint().valid() {
            Ok(
                match predict(&client.endpoint(), &server.endpoint(), Some(KeyKind::Rsa)).unwrap() {
                    Prediction::Succeeds { version, suite } => {
                        Some((version.name().to_string(), suite.to_string()))
                    }
                    _ => None,
                },
            )
        } else {
            Err(())
        };
        // The client's own list is refused by s_client as s_server refuses its own: only
        // server-side refusals are tested live.
        let actual = real(dir.path(), server, client).map_err(|_| ());
        if predicted != actual {
            wrong.push(format!(
                "server {server:?}\n client {client:?}\n  predicted {predicted:?}\n  openssl   {actual:?}"
            ));
        }
    }
    eprintln!(
        "security-level handshakes: {} pairs, {} disagreements",
        cases.len(),
        wrong.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A certificate below a side's level: the server cannot load its own (s_server refuses to
/// start), and a verifying client at that level refuses the server's chain. Each case is a
/// leaf issued by an RSA 3072 CA (whose self-signed signature is never judged) and checked
/// at levels 1 to 4 against `tls::handshake::cert_refused_at`, on both ends.
#[test]
fn certificates_below_the_level_are_refused_as_predicted() {
    use tlskit::tls::handshake::cert_refused_at;
    if !openssl_30() {
        eprintln!("skipped: no OpenSSL 3.0");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:3072",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=Level CA",
            "-days",
            "2",
            "-sha256",
        ],
    );
    // (name, key algorithm options, signature digest)
    let leaves: &[(&str, &[&str], &str)] = &[
        ("rsa2048", &["-newkey", "rsa:2048"], "-sha256"),
        ("rsa3072", &["-newkey", "rsa:3072"], "-sha256"),
        ("rsa3072sha1", &["-newkey", "rsa:3072"], "-sha1"),
        ("rsa1024", &["-newkey", "rsa:1024"], "-sha256"),
        (
            "p256",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
            "-sha256",
        ),
        (
            "p384",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
            "-sha384",
        ),
    ];
    let ca = first_certificate(&d.join("ca.pem"));
    let mut wrong = Vec::new();
    let mut pairs = 0;
    for (name, key, digest) in leaves {
        let mut req = vec!["req", "-nodes", "-keyout"];
        let (k, csr, crt) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.pem"),
        );
        req.extend([k.as_str(), "-out", csr.as_str(), "-subj", "/CN=localhost"]);
        req.extend(key.iter());
        openssl(d, &req);
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                digest,
                "-out",
                &crt,
            ],
        );
        let leaf = first_certificate(&d.join(&crt));
        for level in 1..=4u8 {
            pairs += 1;
            let cipher = format!("DEFAULT:@SECLEVEL={level}");
            // The server loads its certificate at `level`.
            let predicted_load = cert_refused_at(level, &leaf.key, leaf.sig_alg, false).is_none();
            let args = serving(free_port(), &crt, &k, &cipher);
            let loaded = match s_server_accepting(&args, d) {
                Ok(mut s) => {
                    let _ = s.kill();
                    let _ = s.wait();
                    true
                }
                Err(_) => false,
            };
            if predicted_load != loaded {
                wrong.push(format!("{name} at level {level}: server loads predicted {predicted_load}, openssl {loaded}"));
            }
            // A verifying client at `level` against a server at level 0.
            let predicted_accept = cert_refused_at(level, &leaf.key, leaf.sig_alg, false).is_none()
                && cert_refused_at(level, &ca.key, ca.sig_alg, true).is_none();
            let port = free_port();
            let sargs = serving(port, &crt, &k, "DEFAULT:@SECLEVEL=0");
            let mut srv = s_server_accepting(&sargs, d).expect("level 0 loads every certificate");
            let out = Command::new("openssl")
                .args([
                    "s_client",
                    "-connect",
                    &format!("127.0.0.1:{port}"),
                    "-brief",
                    "-CAfile",
                    "ca.pem",
                    "-verify_return_error",
                    "-cipher",
                    &cipher,
                ])
                .current_dir(d)
                .env("OPENSSL_CONF", "/dev/null")
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let _ = srv.kill();
            let _ = srv.wait();
            let accepted = String::from_utf8_lossy(&out.stderr).contains("Protocol version:");
            if predicted_accept != accepted {
                wrong.push(format!("{name} at level {level}: client accepts predicted {predicted_accept}, openssl {accepted}"));
            }
        }
    }
    eprintln!(
        "certificates at security levels: {pairs} cases, both ends, {} disagreements",
        wrong.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `openssl s_server` arguments serving one connection on `port` with a certificate, its
/// key and a cipher list.
fn serving(port: u16, cert: &str, key: &str, cipher: &str) -> Vec<String> {
    let accept = format!("127.0.0.1:{port}");
    [
        "s_server", "-accept", &accept, "-naccept", "1", "-cert", cert, "-key", key, "-cipher",
        cipher,
    ]
    .map(String::from)
    .to_vec()
}

/// The first certificate of a PEM file, as tlskit parses it.
fn first_certificate(path: &Path) -> tlskit::pki::cert::Certificate {
    let pem = std::fs::read(path).unwrap();
    tlskit::pki::cert::Certificate::from_der(&tlskit::pki::pem::parse(&pem).blocks[0].der).unwrap()
}
