//! Limits on password-based key derivation, checked on the parameters a file states before
//! anything is derived. An encrypted key names its own cost: scrypt with N=2^40 asks for a
//! petabyte, PBKDF2 with 2^31−1 iterations for minutes of CPU, and a PKCS#12 file may hold
//! thousands of bags that each ask for a million. Beyond these limits a file is refused in
//! one sentence that names the limit; within them no file costs more than a few seconds and
//! 256 MiB.
//!
//! | what | limit |
//! | --- | --- |
//! | scrypt memory, 128·r·N, per derivation | 256 MiB |
//! | scrypt parallelism p | 16 |
//! | scrypt work, 128·r·N·p, all derivations of a file | 1 GiB |
//! | PBKDF2 / PBES1 iterations, per derivation (PKCS#8) | 10,000,000 |
//! | iterations per derivation in PKCS#12 (MAC, PBE, PBKDF2) | 1,000,000 |
//! | iterations, all derivations of a file | 10,000,000 |

use super::der::tlv;

pub(crate) const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;
pub(crate) const MAX_SCRYPT_PARALLELISM: u64 = 16;
pub(crate) const MAX_SCRYPT_WORK: u64 = 1024 * 1024 * 1024;
pub(crate) const MAX_ITERATIONS: u64 = 10_000_000;
/// What p12-keystore itself accepts for one MAC or bag; said here so that the refusal names
/// it rather than the library's bare "invalid parameters".
pub(crate) const MAX_PKCS12_ITERATIONS: u64 = 1_000_000;
/// A PKCS#12 file nests safes in safes; deeper than this is not a key store.
const MAX_NESTING: usize = 8;

const OID_PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
const OID_PBKDF2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
const OID_SCRYPT: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b];
/// PKCS#5 PBES1 schemes: 1.2.840.113549.1.5.{1,3,4,6,10,11}.
const PBES1_PREFIX: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
/// PKCS#12 PBE schemes: 1.2.840.113549.1.12.1.{1..6}.
const PKCS12_PBE_PREFIX: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01];
const OID_PKCS12_3DES: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];
const OID_PKCS12_RC2_40: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x06];
const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
const OID_ENCRYPTED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
const OID_SHROUDED_KEY_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
];
const OID_SAFE_CONTENTS_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x06,
];

/// What a file's derivations add up to so far, and the per-derivation iteration limit of
/// its kind.
struct Budget {
    per_derivation: u64,
    iterations: u64,
    scrypt_work: u64,
    /// Encrypted safes opened to look inside.
    opened: usize,
}

impl Budget {
    fn new(per_derivation: u64) -> Budget {
        Budget {
            per_derivation,
            iterations: 0,
            scrypt_work: 0,
            opened: 0,
        }
    }

    fn iterations(&mut self, what: &str, n: u64) -> Result<(), String> {
        if n > self.per_derivation {
            return Err(format!(
                "{what} with {} iterations (the limit is {})",
                thousands(n),
                thousands(self.per_derivation)
            ));
        }
        self.iterations = self.iterations.saturating_add(n);
        if self.iterations > MAX_ITERATIONS {
            return Err(format!(
                "key derivations adding up to more than {} iterations in one file (the limit)",
                thousands(MAX_ITERATIONS)
            ));
        }
        Ok(())
    }

    fn scrypt(&mut self, n: u64, r: u64, p: u64) -> Result<(), String> {
        let shown = format!("scrypt N={}, r={r}, p={p}", power(n));
        if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
            return Err(format!("{shown}: not valid scrypt parameters"));
        }
        if p > MAX_SCRYPT_PARALLELISM {
            return Err(format!(
                "{shown}: parallelism {p} (the limit is {MAX_SCRYPT_PARALLELISM})"
            ));
        }
        let memory = 128u64.saturating_mul(r).saturating_mul(n);
        if memory > MAX_SCRYPT_MEMORY {
            return Err(format!(
                "{shown} needs {} of memory (the limit is {})",
                bytes(memory),
                bytes(MAX_SCRYPT_MEMORY)
            ));
        }
        self.scrypt_work = self.scrypt_work.saturating_add(memory.saturating_mul(p));
        if self.scrypt_work > MAX_SCRYPT_WORK {
            return Err(format!(
                "scrypt derivations adding up to more than {} of work (128·r·N·p) in one file (the limit)",
                bytes(MAX_SCRYPT_WORK)
            ));
        }
        Ok(())
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn power(n: u64) -> String {
    if n.is_power_of_two() && n > 1 {
        format!("2^{}", n.trailing_zeros())
    } else {
        n.to_string()
    }
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if v.fract() == 0.0 {
        format!("{v} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// A non-negative INTEGER's value, saturating at u64::MAX; None when negative or empty.
fn uint(body: &[u8]) -> Option<u64> {
    if body.is_empty() || body[0] & 0x80 != 0 {
        return None;
    }
    let digits: Vec<u8> = body.iter().copied().skip_while(|b| *b == 0).collect();
    if digits.len() > 8 {
        return Some(u64::MAX);
    }
    Some(
        digits
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    )
}

fn seq(input: &[u8]) -> Option<(&[u8], &[u8])> {
    match tlv(input)? {
        (0x30, body, rest) => Some((body, rest)),
        _ => None,
    }
}

fn integer(input: &[u8]) -> Option<(u64, &[u8])> {
    match tlv(input)? {
        (0x02, body, rest) => Some((uint(body)?, rest)),
        _ => None,
    }
}

/// An AlgorithmIdentifier's OID and parameters.
fn algorithm(alg: &[u8]) -> Option<(&[u8], &[u8])> {
    let (body, _) = seq(alg)?;
    match tlv(body)? {
        (0x06, oid, params) => Some((oid, params)),
        _ => None,
    }
}

/// Checks one encryption AlgorithmIdentifier (the whole TLV). Schemes that derive nothing
/// from a password pass; a known scheme whose parameters cannot be read is refused, since
/// the library that runs it might read them.
fn check_algorithm(alg: &[u8], budget: &mut Budget) -> Result<(), String> {
    let unreadable = || Err("unreadable key-derivation parameters".to_string());
    let Some((oid, params)) = algorithm(alg) else {
        return Ok(()); // not an algorithm at all: the decoder refuses it, deriving nothing
    };
    if oid == OID_PBES2 {
        let Some((body, _)) = seq(params) else {
            return unreadable();
        };
        let Some((kdf_oid, kdf_params)) = algorithm(body) else {
            return unreadable();
        };
        let Some((kdf_body, _)) = seq(kdf_params) else {
            return unreadable();
        };
        // Both start with the salt (PBKDF2's may in theory be an AlgorithmIdentifier).
        let Some((_, _salt, rest)) = tlv(kdf_body) else {
            return unreadable();
        };
        if kdf_oid == OID_PBKDF2 {
            let Some((iterations, _)) = integer(rest) else {
                return unreadable();
            };
            return budget.iterations("PBKDF2", iterations);
        }
        if kdf_oid == OID_SCRYPT {
            let Some((n, rest)) = integer(rest) else {
                return unreadable();
            };
            let Some((r, rest)) = integer(rest) else {
                return unreadable();
            };
            let Some((p, _)) = integer(rest) else {
                return unreadable();
            };
            return budget.scrypt(n, r, p);
        }
        return Ok(()); // an unknown KDF: the decoder refuses it
    }
    let pbes1 = oid.len() == PBES1_PREFIX.len() + 1 && oid.starts_with(PBES1_PREFIX);
    let pkcs12 = oid.len() == PKCS12_PBE_PREFIX.len() + 1 && oid.starts_with(PKCS12_PBE_PREFIX);
    if pbes1 || pkcs12 {
        let Some((body, _)) = seq(params) else {
            return unreadable();
        };
        let Some((0x04, _salt, rest)) = tlv(body) else {
            return unreadable();
        };
        let Some((iterations, _)) = integer(rest) else {
            return unreadable();
        };
        return budget.iterations(if pbes1 { "PBES1" } else { "PKCS#12 PBE" }, iterations);
    }
    Ok(())
}

fn refused(why: String) -> String {
    format!("key derivation beyond tlskit's limits: {why}")
}

/// Checks an EncryptedPrivateKeyInfo (`BEGIN ENCRYPTED PRIVATE KEY`) before decrypting it.
pub(crate) fn check_encrypted_pkcs8(der: &[u8]) -> Result<(), String> {
    let mut budget = Budget::new(MAX_ITERATIONS);
    let Some((body, _)) = seq(der) else {
        return Ok(()); // not the structure: the decoder refuses it, deriving nothing
    };
    let Some((_, _, _)) = tlv(body) else {
        return Ok(());
    };
    check_algorithm(body, &mut budget).map_err(refused)
}

/// Checks every derivation a PKCS#12 file asks for before p12-keystore runs any: the MAC,
/// each encrypted safe, each shrouded key bag, and (by decrypting the safes with
/// `password`, within the same limits) the bags inside encrypted safes. Whatever cannot be
/// read is left to the library, which then fails on it without deriving more.
pub(crate) fn check_pkcs12(der: &[u8], password: &str) -> Result<(), String> {
    check_pkcs12_opening(der, password).map(|_| ())
}

/// `check_pkcs12`, saying how many encrypted safes it opened.
fn check_pkcs12_opening(der: &[u8], password: &str) -> Result<usize, String> {
    let mut budget = Budget::new(MAX_PKCS12_ITERATIONS);
    pkcs12(der, password, &mut budget).map_err(refused)?;
    Ok(budget.opened)
}

fn pkcs12(der: &[u8], password: &str, budget: &mut Budget) -> Result<(), String> {
    let Some((pfx, _)) = seq(der) else {
        return Ok(());
    };
    let Some((_version, rest)) = integer(pfx) else {
        return Ok(());
    };
    let Some((auth_safe, rest)) = seq(rest) else {
        return Ok(());
    };
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
    if let Some((mac, _)) = seq(rest)
        && let Some((_, _, mac_rest)) = tlv(mac)
        && let Some((0x04, _, iter)) = tlv(mac_rest)
    {
        let iterations = match integer(iter) {
            Some((n, _)) => n,
            None if iter.is_empty() => 1,
            None => return Err("unreadable MAC parameters".into()),
        };
        budget.iterations("the PKCS#12 MAC", iterations)?;
    }
    let Some(safes) = content(auth_safe, OID_DATA).and_then(octets) else {
        return Ok(());
    };
    let Some((mut list, _)) = seq(safes) else {
        return Ok(());
    };
    while let Some((info, rest)) = seq(list) {
        list = rest;
        if let Some(data) = content(info, OID_DATA).and_then(octets) {
            safe_contents(data, budget, 0)?;
        } else if let Some(enc) = content(info, OID_ENCRYPTED_DATA) {
            encrypted_data(enc, password, budget)?;
        }
    }
    Ok(())
}

/// ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }: the content when
/// the type is `oid`.
fn content<'a>(info: &'a [u8], oid: &[u8]) -> Option<&'a [u8]> {
    let (0x06, t, rest) = tlv(info)? else {
        return None;
    };
    if t != oid {
        return None;
    }
    match tlv(rest)? {
        (0xa0, inner, _) => Some(inner),
        _ => None,
    }
}

fn octets(input: &[u8]) -> Option<&[u8]> {
    match tlv(input)? {
        (0x04, body, _) => Some(body),
        _ => None,
    }
}

/// EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE { contentType,
/// contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL } }
fn encrypted_data(enc: &[u8], password: &str, budget: &mut Budget) -> Result<(), String> {
    let Some((body, _)) = seq(enc) else {
        return Ok(());
    };
    let Some((_version, rest)) = integer(body) else {
        return Ok(());
    };
    let Some((info, _)) = seq(rest) else {
        return Ok(());
    };
    let Some((0x06, _, rest)) = tlv(info) else {
        return Ok(());
    };
    let Some((_, _, after_alg)) = tlv(rest) else {
        return Ok(());
    };
    let alg = &rest[..rest.len() - after_alg.len()];
    check_algorithm(alg, budget)?;
    let Some((0x80, ciphertext, _)) = tlv(after_alg) else {
        return Ok(());
    };
    // Within the limits: open it to see the bags inside, which p12-keystore would open
    // with limits of its own (a GiB of scrypt per bag, no count of bags).
    if let Some(plain) = decrypt(alg, ciphertext, password) {
        budget.opened += 1;
        safe_contents(&plain, budget, 0)?;
    }
    Ok(())
}

/// SafeContents ::= SEQUENCE OF SafeBag; SafeBag ::= SEQUENCE { bagId, [0] EXPLICIT value, attrs }
fn safe_contents(data: &[u8], budget: &mut Budget, depth: usize) -> Result<(), String> {
    if depth > MAX_NESTING {
        return Err("PKCS#12 safes nested too deep".into());
    }
    let Some((mut bags, _)) = seq(data) else {
        return Ok(());
    };
    while let Some((bag, rest)) = seq(bags) {
        bags = rest;
        let Some((0x06, id, rest)) = tlv(bag) else {
            continue;
        };
        let Some((0xa0, value, _)) = tlv(rest) else {
            continue;
        };
        if id == OID_SHROUDED_KEY_BAG {
            if let Some((epki, _)) = seq(value) {
                check_algorithm(epki, budget)?;
            }
        } else if id == OID_SAFE_CONTENTS_BAG {
            safe_contents(value, budget, depth + 1)?;
        }
    }
    Ok(())
}

/// Decrypts an encrypted safe as p12-keystore would, once its parameters are known to be
/// within the limits; None when it cannot (wrong password, unknown scheme).
fn decrypt(alg: &[u8], data: &[u8], password: &str) -> Option<Vec<u8>> {
    let (oid, params) = algorithm(alg)?;
    if oid == OID_PBES2 {
        let scheme = pkcs8::pkcs5::EncryptionScheme::try_from(alg).ok()?;
        return scheme.decrypt(password.as_bytes(), data).ok();
    }
    if oid == OID_PKCS12_3DES || oid == OID_PKCS12_RC2_40 {
        let (body, _) = seq(params)?;
        let (0x04, salt, rest) = tlv(body)? else {
            return None;
        };
        let (iterations, _) = integer(rest)?;
        let iterations = i32::try_from(iterations).ok()?;
        return pkcs12_pbe(oid == OID_PKCS12_3DES, salt, iterations, data, password);
    }
    None
}

/// PKCS#12 PBE (RFC 7292 B.2) with SHA-1: 3-key triple DES or 40-bit RC2, CBC.
fn pkcs12_pbe(
    des3: bool,
    salt: &[u8],
    iterations: i32,
    data: &[u8],
    password: &str,
) -> Option<Vec<u8>> {
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
    use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
    let size = if des3 { 24 } else { 5 };
    let key = derive_key_utf8::<sha1::Sha1>(
        password,
        salt,
        Pkcs12KeyType::EncryptionKey,
        iterations,
        size,
    )
    .ok()?;
    let iv =
        derive_key_utf8::<sha1::Sha1>(password, salt, Pkcs12KeyType::Iv, iterations, 8).ok()?;
    if des3 {
        cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
            .ok()?
            .decrypt_padded_vec::<Pkcs7>(data)
            .ok()
    } else {
        cbc::Decryptor::<rc2::Rc2>::new_from_slices(&key, &iv)
            .ok()?
            .decrypt_padded_vec::<Pkcs7>(data)
            .ok()
    }
}

#[cfg(test)]
mod tests;
