//! Key-derivation bombs: encrypted keys whose stated cost (scrypt N=2^40, 2 GiB of scrypt,
//! 2^31−1 PBKDF2 iterations, thousands of PKCS#12 bags) would abort the process, eat
//! gigabytes or run for minutes. Each is refused before anything is derived, in one line
//! naming the file and the limit — `key convert` and `cert inspect` with exit 2, `lint` as
//! a `file-unreadable` finding — and keys within the limits still convert.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{Scenario, app, clean, tlskit};
use tlskit::pki::der::wrap;

/// Refusing derives nothing: any of these well inside a second on an idle machine.
const FAST: Duration = Duration::from_secs(5);

const OID_PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
const OID_PBKDF2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
const OID_SCRYPT: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b];
const OID_AES256_CBC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a];
const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
const OID_ENCRYPTED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
const OID_SHROUDED_KEY_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
];
const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

fn int(n: u64) -> Vec<u8> {
    let mut b = n.to_be_bytes().to_vec();
    while b.len() > 1 && b[0] == 0 && b[1] & 0x80 == 0 {
        b.remove(0);
    }
    if b[0] & 0x80 != 0 {
        b.insert(0, 0);
    }
    wrap(0x02, &b)
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    wrap(0x30, &parts.concat())
}

fn oid(o: &[u8]) -> Vec<u8> {
    wrap(0x06, o)
}

enum Kdf {
    Scrypt { n: u64, r: u64, p: u64 },
    Pbkdf2(u64),
}

/// A PBES2 AlgorithmIdentifier with AES-256-CBC.
fn pbes2(kdf: &Kdf) -> Vec<u8> {
    let kdf = match *kdf {
        Kdf::Scrypt { n, r, p } => seq(&[
            oid(OID_SCRYPT),
            seq(&[wrap(0x04, &[1; 16]), int(n), int(r), int(p)]),
        ]),
        Kdf::Pbkdf2(iterations) => seq(&[
            oid(OID_PBKDF2),
            seq(&[wrap(0x04, &[1; 16]), int(iterations)]),
        ]),
    };
    let aes = seq(&[oid(OID_AES256_CBC), wrap(0x04, &[7; 16])]);
    seq(&[oid(OID_PBES2), seq(&[kdf, aes])])
}

/// An EncryptedPrivateKeyInfo whose ciphertext is noise: deriving the key is the cost.
fn epki(kdf: &Kdf) -> Vec<u8> {
    seq(&[pbes2(kdf), wrap(0x04, &[9; 48])])
}

fn pem(label: &str, der: &[u8]) -> String {
    tlskit::pki::pem::encode(label, der)
}

fn shrouded_bag(kdf: &Kdf) -> Vec<u8> {
    seq(&[oid(OID_SHROUDED_KEY_BAG), wrap(0xa0, &epki(kdf))])
}

fn data_info(content: &[u8]) -> Vec<u8> {
    seq(&[oid(OID_DATA), wrap(0xa0, &wrap(0x04, content))])
}

/// A PFX of `safes` (ContentInfos), with a SHA-256 MAC of `mac_iterations` when given (its
/// value is not checked before the iteration count is).
fn pfx(safes: &[Vec<u8>], mac_iterations: Option<u64>) -> Vec<u8> {
    let auth = data_info(&seq(safes));
    let mut parts = vec![int(3), auth];
    if let Some(n) = mac_iterations {
        let digest = seq(&[
            seq(&[oid(OID_SHA256), vec![0x05, 0x00]]),
            wrap(0x04, &[0; 32]),
        ]);
        parts.push(seq(&[digest, wrap(0x04, &[2; 8]), int(n)]));
    }
    seq(&parts)
}

/// An encrypted safe (PBES2, PBKDF2 2,048 rounds, AES-256-CBC) of `bags`, under `password`,
/// as OpenSSL 3 writes them.
fn encrypted_safe(bags: &[Vec<u8>], password: &str) -> Vec<u8> {
    use pkcs8::der::Encode;
    let params =
        pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, &[3; 16], &[4; 16]).unwrap();
    let scheme = pkcs8::pkcs5::EncryptionScheme::from(params);
    let ciphertext = scheme.encrypt(password.as_bytes(), &seq(bags)).unwrap();
    let alg = scheme.to_der().unwrap();
    let info = seq(&[oid(OID_DATA), alg, wrap(0x80, &ciphertext)]);
    seq(&[oid(OID_ENCRYPTED_DATA), wrap(0xa0, &seq(&[int(0), info]))])
}

struct Bomb {
    name: &'static str,
    bytes: Vec<u8>,
    /// What the one line must say.
    says: &'static str,
}

fn bombs() -> Vec<Bomb> {
    let key = |kdf| pem("ENCRYPTED PRIVATE KEY", &epki(&kdf)).into_bytes();
    vec![
        Bomb {
            name: "scrypt-2p40.pem",
            bytes: key(Kdf::Scrypt {
                n: 1 << 40,
                r: 8,
                p: 1,
            }),
            says: "scrypt N=2^40, r=8, p=1 needs 1 PiB of memory (the limit is 256 MiB)",
        },
        Bomb {
            name: "scrypt-2p21.pem",
            bytes: key(Kdf::Scrypt {
                n: 1 << 21,
                r: 8,
                p: 1,
            }),
            says: "scrypt N=2^21, r=8, p=1 needs 2 GiB of memory (the limit is 256 MiB)",
        },
        Bomb {
            name: "pbkdf2-2p31.pem",
            bytes: key(Kdf::Pbkdf2(2_147_483_647)),
            says: "PBKDF2 with 2,147,483,647 iterations (the limit is 10,000,000)",
        },
        // p12-keystore would run this: a GiB of scrypt, sixteen times over.
        Bomb {
            name: "scrypt-1gib-p16.p12",
            bytes: pfx(
                &[data_info(&seq(&[shrouded_bag(&Kdf::Scrypt {
                    n: 1 << 20,
                    r: 8,
                    p: 16,
                })]))],
                None,
            ),
            says: "scrypt N=2^20, r=8, p=16 needs 1 GiB of memory (the limit is 256 MiB)",
        },
        Bomb {
            name: "mac-2p31.p12",
            bytes: pfx(&[data_info(&seq(&[]))], Some(2_147_483_647)),
            says: "the PKCS#12 MAC with 2,147,483,647 iterations (the limit is 1,000,000)",
        },
        // 200 bags of a million rounds each, hidden in a safe encrypted under the empty
        // password that tlskit tries by default: 200 M rounds if run one by one.
        Bomb {
            name: "many-bags.p12",
            bytes: pfx(
                &[encrypted_safe(
                    &vec![shrouded_bag(&Kdf::Pbkdf2(1_000_000)); 200],
                    "",
                )],
                None,
            ),
            says: "key derivations adding up to more than 10,000,000 iterations in one file (the limit)",
        },
    ]
}

fn write_bombs(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    bombs()
        .into_iter()
        .map(|b| {
            let p = dir.join(b.name);
            std::fs::write(&p, &b.bytes).unwrap();
            (p, b.says)
        })
        .collect()
}

fn one_line_naming(stderr: &str, path: &Path, says: &str) {
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(stderr.contains(says), "wanted `{says}` in: {stderr}");
}

#[test]
fn key_convert_refuses_every_bomb_in_one_line_before_deriving() {
    let dir = tempfile::tempdir().unwrap();
    for (path, says) in write_bombs(dir.path()) {
        let out = dir.path().join("out.pem");
        let started = Instant::now();
        let p = path.to_str().unwrap();
        let run = tlskit([
            "key",
            "convert",
            p,
            out.to_str().unwrap(),
            "--passin",
            "pass:",
        ]);
        let took = started.elapsed();
        eprintln!("key convert {}: {took:?}", path.display());
        assert_eq!(run.code, 2, "{}: {}", path.display(), run.stderr);
        one_line_naming(&run.stderr, &path, says);
        assert!(took < FAST, "{}: {took:?}", path.display());
        assert!(!out.exists());
    }
}

#[test]
fn cert_inspect_refuses_pkcs12_bombs_and_derives_nothing_for_pkcs8_ones() {
    let dir = tempfile::tempdir().unwrap();
    for (path, says) in write_bombs(dir.path()) {
        let started = Instant::now();
        let run = tlskit(["cert", "inspect", path.to_str().unwrap()]);
        let took = started.elapsed();
        assert!(took < FAST, "{}: {took:?}", path.display());
        if path.extension().unwrap() == "p12" {
            assert_eq!(run.code, 2, "{}: {}", path.display(), run.stderr);
            one_line_naming(&run.stderr, &path, says);
        } else {
            // An encrypted PKCS#8 key is shown as such; inspecting decrypts nothing.
            assert_eq!(run.code, 0, "{}: {}", path.display(), run.stderr);
            assert!(run.stdout.contains("encrypted PKCS#8"), "{}", run.stdout);
        }
    }
}

#[test]
fn lint_reports_a_bomb_as_an_unreadable_key_file() {
    let dir = tempfile::tempdir().unwrap();
    for (path, says) in write_bombs(dir.path())
        .into_iter()
        .filter(|(p, _)| p.extension().unwrap() == "p12")
    {
        let mut d = clean();
        app(&mut d, "UCS")["options"]["security"]["certificate-key"] =
            path.display().to_string().into();
        let s = Scenario::new(&d);
        let started = Instant::now();
        let run = s.lint(&[]);
        assert!(started.elapsed() < FAST, "{}", path.display());
        let found = run.findings("file-unreadable");
        let f = found
            .iter()
            .find(|f| {
                f["message"]
                    .as_str()
                    .unwrap()
                    .contains(path.to_str().unwrap())
            })
            .unwrap_or_else(|| panic!("no file-unreadable for {}: {found:?}", path.display()));
        assert!(f["message"].as_str().unwrap().contains(says), "{f}");
    }
}

/// Keys OpenSSL makes with its defaults (scrypt N=2^14, PBKDF2) are within the limits.
#[test]
fn ordinary_encrypted_keys_still_convert() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.pem");
    let ok = std::process::Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
        ])
        .arg(&plain)
        .status()
        .unwrap();
    assert!(ok.success());
    for (name, flags) in [
        ("scrypt.pem", &["-scrypt"][..]),
        ("pbkdf2.pem", &["-iter", "100000"][..]),
    ] {
        let enc = dir.path().join(name);
        let ok = std::process::Command::new("openssl")
            .args([
                "pkcs8",
                "-topk8",
                "-v2",
                "aes-256-cbc",
                "-passout",
                "pass:pw",
                "-in",
            ])
            .arg(&plain)
            .arg("-out")
            .arg(&enc)
            .args(flags)
            .status()
            .unwrap();
        assert!(ok.success());
        let out = dir.path().join(format!("out-{name}"));
        let run = tlskit([
            "key",
            "convert",
            enc.to_str().unwrap(),
            out.to_str().unwrap(),
            "--passin",
            "pass:pw",
        ]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(
            std::fs::read_to_string(&out)
                .unwrap()
                .starts_with("-----BEGIN PRIVATE KEY-----")
        );
    }
}

// Memory and time of the same files on the release build: scripts/bad-input.sh.
