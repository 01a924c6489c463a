use super::*;
use crate::pki::der::wrap;

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

fn oid(o: &[u8]) -> Vec<u8> {
    wrap(0x06, o)
}

fn aes256() -> Vec<u8> {
    let aes = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a];
    wrap(0x30, &[oid(&aes), wrap(0x04, &[7; 16])].concat())
}

pub(super) fn scrypt_pkcs8(n: u64, r: u64, p: u64) -> Vec<u8> {
    let kdf = wrap(
        0x30,
        &[
            oid(OID_SCRYPT),
            wrap(
                0x30,
                &[wrap(0x04, &[1; 16]), int(n), int(r), int(p)].concat(),
            ),
        ]
        .concat(),
    );
    let alg = wrap(
        0x30,
        &[oid(OID_PBES2), wrap(0x30, &[kdf, aes256()].concat())].concat(),
    );
    wrap(0x30, &[alg, wrap(0x04, &[9; 48])].concat())
}

fn pbkdf2_pkcs8(iterations: u64) -> Vec<u8> {
    let kdf = wrap(
        0x30,
        &[
            oid(OID_PBKDF2),
            wrap(0x30, &[wrap(0x04, &[1; 8]), int(iterations)].concat()),
        ]
        .concat(),
    );
    let alg = wrap(
        0x30,
        &[oid(OID_PBES2), wrap(0x30, &[kdf, aes256()].concat())].concat(),
    );
    wrap(0x30, &[alg, wrap(0x04, &[9; 48])].concat())
}

#[test]
fn scrypt_and_pbkdf2_costs_are_judged_before_deriving() {
    assert_eq!(check_encrypted_pkcs8(&scrypt_pkcs8(1 << 14, 8, 1)), Ok(()));
    assert_eq!(check_encrypted_pkcs8(&scrypt_pkcs8(1 << 18, 8, 1)), Ok(()));
    assert_eq!(
        check_encrypted_pkcs8(&scrypt_pkcs8(1 << 40, 8, 1)).unwrap_err(),
        "key derivation beyond tlskit's limits: scrypt N=2^40, r=8, p=1 needs 1 PiB of memory (the limit is 256 MiB)"
    );
    assert_eq!(
        check_encrypted_pkcs8(&scrypt_pkcs8(1 << 21, 8, 1)).unwrap_err(),
        "key derivation beyond tlskit's limits: scrypt N=2^21, r=8, p=1 needs 2 GiB of memory (the limit is 256 MiB)"
    );
    assert!(
        check_encrypted_pkcs8(&scrypt_pkcs8(1 << 14, 8, 64))
            .unwrap_err()
            .ends_with("parallelism 64 (the limit is 16)")
    );
    assert!(
        check_encrypted_pkcs8(&scrypt_pkcs8(1 << 18, 8, 8))
            .unwrap_err()
            .contains("more than 1 GiB of work")
    );
    assert!(
        check_encrypted_pkcs8(&scrypt_pkcs8(1000, 8, 1))
            .unwrap_err()
            .contains("not valid scrypt parameters")
    );
    assert_eq!(check_encrypted_pkcs8(&pbkdf2_pkcs8(2048)), Ok(()));
    assert_eq!(check_encrypted_pkcs8(&pbkdf2_pkcs8(10_000_000)), Ok(()));
    assert_eq!(
        check_encrypted_pkcs8(&pbkdf2_pkcs8(2_147_483_647)).unwrap_err(),
        "key derivation beyond tlskit's limits: PBKDF2 with 2,147,483,647 iterations (the limit is 10,000,000)"
    );
    // Huge integers saturate rather than wrap.
    assert!(check_encrypted_pkcs8(&pbkdf2_pkcs8(u64::MAX)).is_err());
    assert_eq!(check_encrypted_pkcs8(b"\x30\x00"), Ok(()));
}

/// A PKCS#12 file from `openssl pkcs12 -export` with `flags`, password `pw`.
fn openssl_p12(dir: &std::path::Path, flags: &[&str]) -> Vec<u8> {
    let key = dir.join("k.pem");
    let cert = dir.join("c.pem");
    let out = dir.join("o.p12");
    let run = |args: &[&str]| {
        let o = std::process::Command::new("openssl")
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let (k, c, o) = (
        key.to_str().unwrap(),
        cert.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    run(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=kdf",
        "-days",
        "1",
        "-keyout",
        k,
        "-out",
        c,
    ]);
    let mut args = vec![
        "pkcs12", "-export", "-inkey", k, "-in", c, "-out", o, "-passout", "pass:pw",
    ];
    args.extend(flags);
    run(&args);
    std::fs::read(&out).unwrap()
}

#[test]
fn openssl_pkcs12_files_pass_and_their_encrypted_safes_are_opened() {
    let dir = tempfile::tempdir().unwrap();
    // OpenSSL 3's default: PBES2, PBKDF2 and AES-256-CBC throughout.
    let modern = openssl_p12(dir.path(), &[]);
    assert_eq!(check_pkcs12_opening(&modern, "pw"), Ok(1));
    // -legacy: 40-bit RC2 for the certificates, triple DES for the key (PKCS#12 PBE).
    let legacy = openssl_p12(dir.path(), &["-legacy"]);
    assert_eq!(check_pkcs12_opening(&legacy, "pw"), Ok(1));
    let des3 = openssl_p12(
        dir.path(),
        &["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES"],
    );
    assert_eq!(check_pkcs12_opening(&des3, "pw"), Ok(1));
    // The wrong password opens nothing, and refuses nothing either.
    assert_eq!(check_pkcs12_opening(&modern, "no"), Ok(0));
}

#[test]
fn units_read_well() {
    assert_eq!(bytes(256 * 1024 * 1024), "256 MiB");
    assert_eq!(bytes(1 << 50), "1 PiB");
    assert_eq!(bytes(1536), "1.5 KiB");
    assert_eq!(thousands(10_000_000), "10,000,000");
    assert_eq!(thousands(999), "999");
}
