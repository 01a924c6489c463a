//! webpki's signature algorithms with a memory: webpki verifies every signature of a path
//! each time it builds one, so a thousand leaves under one intermediate would verify the
//! intermediate's signature a thousand times. Each (algorithm, key, message, signature)
//! verdict is computed once per process — and tlskit's own checks (`Certificate::signed_by`)
//! go through the same memory when they would run the same aws-lc algorithm, so that a
//! signature is verified once, not once by tlskit and once by webpki.

use rustc_hash::FxHashMap as HashMap;
use std::sync::{LazyLock, Mutex};

use rustls_pki_types::{AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm};

/// A verdict remembered with the key, message and signature it was reached on, compared
/// in full on every hit.
struct Entry {
    public_key: Box<[u8]>,
    message: Box<[u8]>,
    signature: Box<[u8]>,
    ok: bool,
}

/// By algorithm index in `ALGORITHMS` and the last bytes of the signature: signatures look
/// random, so a few bytes of one find the entries to compare without hashing kilobytes.
type Memo = HashMap<(usize, [u8; 16]), Vec<Entry>>;

fn tail(signature: &[u8]) -> [u8; 16] {
    let mut t = [0u8; 16];
    let n = signature.len().min(16);
    t[..n].copy_from_slice(&signature[signature.len() - n..]);
    t
}

static VERDICTS: LazyLock<Mutex<Memo>> = LazyLock::new(|| Mutex::new(HashMap::default()));

#[derive(Debug)]
struct Remembering(usize, &'static dyn SignatureVerificationAlgorithm);

fn remembered(alg: usize, public_key: &[u8], message: &[u8], signature: &[u8]) -> Option<bool> {
    let memo = VERDICTS.lock().expect("not poisoned");
    memo.get(&(alg, tail(signature)))?
        .iter()
        .find(|e| {
            *e.signature == *signature && *e.public_key == *public_key && *e.message == *message
        })
        .map(|e| e.ok)
}

fn remember(alg: usize, public_key: &[u8], message: &[u8], signature: &[u8], ok: bool) {
    VERDICTS
        .lock()
        .expect("not poisoned")
        .entry((alg, tail(signature)))
        .or_default()
        .push(Entry {
            public_key: public_key.into(),
            message: message.into(),
            signature: signature.into(),
            ok,
        });
}

/// `ALGORITHMS[alg]`'s verdict, computed at most once per process.
fn verify_once(alg: usize, public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    if let Some(ok) = remembered(alg, public_key, message, signature) {
        return ok;
    }
    let ok = match parsed_key(alg, public_key) {
        Some(key) => key
            .as_ref()
            .is_some_and(|k| k.verify_sig(message, signature).is_ok()),
        None => webpki::ALL_VERIFICATION_ALGS[alg]
            .verify_signature(public_key, message, signature)
            .is_ok(),
    };
    remember(alg, public_key, message, signature, ok);
    ok
}

/// The aws-lc algorithm behind webpki's algorithm `alg` when it is one whose public key is
/// worth parsing once for all the signatures it checks (a thousand leaves under one
/// intermediate: parsing an RSA key, its Montgomery constants included, costs about what
/// verifying with it does), and whether its keys are EC points. webpki runs the same
/// aws-lc algorithm on the same bytes.
fn reusable(alg: usize) -> Reusable {
    REUSABLE.get(alg).copied().flatten()
}

type Reusable = Option<(
    &'static dyn aws_lc_rs::signature::VerificationAlgorithm,
    bool,
)>;

/// `reusable`'s answer for each index of `webpki::ALL_VERIFICATION_ALGS`. webpki's
/// algorithms are told apart by their description (identifiers and aws-lc algorithm), not
/// by address: the statics' referents are not one object across crates, and two of them
/// (RSA 2048–8192 and 3072–8192 with SHA-384) share their identifiers.
static REUSABLE: LazyLock<Vec<Reusable>> = LazyLock::new(|| {
    use aws_lc_rs::signature as sig;
    use webpki::aws_lc_rs as w;
    type Pair = (
        &'static dyn SignatureVerificationAlgorithm,
        &'static dyn sig::VerificationAlgorithm,
        bool,
    );
    let table: [Pair; 7] = [
        (
            w::RSA_PKCS1_2048_8192_SHA256,
            &sig::RSA_PKCS1_2048_8192_SHA256,
            false,
        ),
        (
            w::RSA_PKCS1_2048_8192_SHA384,
            &sig::RSA_PKCS1_2048_8192_SHA384,
            false,
        ),
        (
            w::RSA_PKCS1_2048_8192_SHA512,
            &sig::RSA_PKCS1_2048_8192_SHA512,
            false,
        ),
        (w::ECDSA_P256_SHA256, &sig::ECDSA_P256_SHA256_ASN1, true),
        (w::ECDSA_P256_SHA384, &sig::ECDSA_P256_SHA384_ASN1, true),
        (w::ECDSA_P384_SHA256, &sig::ECDSA_P384_SHA256_ASN1, true),
        (w::ECDSA_P384_SHA384, &sig::ECDSA_P384_SHA384_ASN1, true),
    ];
    let described: Vec<(String, &'static dyn sig::VerificationAlgorithm, bool)> = table
        .iter()
        .map(|&(w, a, ec)| (format!("{w:?}"), a, ec))
        .collect();
    webpki::ALL_VERIFICATION_ALGS
        .iter()
        .map(|theirs| {
            let theirs = format!("{theirs:?}");
            described
                .iter()
                .find(|(d, _, _)| *d == theirs)
                .map(|&(_, a, ec)| (a, ec))
        })
        .collect()
});

type ParsedKey = Option<std::sync::Arc<aws_lc_rs::signature::ParsedPublicKey>>;

/// Keys parsed so far, by algorithm index and key bytes (looked up by the bytes as they
/// stand: no copy is made to ask).
type ParsedKeys = HashMap<usize, HashMap<Box<[u8]>, ParsedKey>>;

static PARSED: LazyLock<Mutex<ParsedKeys>> = LazyLock::new(|| Mutex::new(HashMap::default()));

/// `public_key` parsed once for `alg` (None inside: a key it refuses, whose every
/// signature fails, as webpki's verification then fails); None when `alg` is not one of
/// `reusable`'s.
fn parsed_key(alg: usize, public_key: &[u8]) -> Option<ParsedKey> {
    let (aws, ec) = reusable(alg)?;
    let known = PARSED
        .lock()
        .expect("not poisoned")
        .get(&alg)
        .and_then(|keys| keys.get(public_key).cloned());
    if let Some(k) = known {
        return Some(k);
    }
    // webpki's own check of EC point encodings (RFC 5480 2.2), before aws-lc parses.
    let ec_refused = ec && !matches!(public_key.first(), Some(0x02..=0x04));
    let parsed = (!ec_refused)
        .then(|| aws_lc_rs::signature::ParsedPublicKey::new(aws, public_key).ok())
        .flatten()
        .map(std::sync::Arc::new);
    PARSED
        .lock()
        .expect("not poisoned")
        .entry(alg)
        .or_default()
        .insert(public_key.into(), parsed.clone());
    Some(parsed)
}

impl SignatureVerificationAlgorithm for Remembering {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        if verify_once(self.0, public_key, message, signature) {
            Ok(())
        } else {
            Err(InvalidSignature)
        }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.1.public_key_alg_id()
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.1.signature_alg_id()
    }

    fn fips(&self) -> bool {
        self.1.fips()
    }
}

/// `webpki::ALL_VERIFICATION_ALGS`, each remembering its verdicts.
pub(crate) static ALGORITHMS: LazyLock<Vec<&'static dyn SignatureVerificationAlgorithm>> =
    LazyLock::new(|| {
        webpki::ALL_VERIFICATION_ALGS
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let leaked: &'static Remembering = Box::leak(Box::new(Remembering(i, *a)));
                leaked as &'static dyn SignatureVerificationAlgorithm
            })
            .collect()
    });

/// The parts of a signed certificate: the tbsCertificate (whole), the contents of its
/// signatureAlgorithm, and the signature's bits.
fn signed_parts(der: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    use super::der::{header, tlv};
    let (0x30, body, _) = tlv(der)? else {
        return None;
    };
    let h = header(body).ok()?;
    let (tbs, rest) = body.split_at(h.end);
    let (0x30, sig_alg, rest) = tlv(rest)? else {
        return None;
    };
    let (0x03, [0, signature @ ..], _) = tlv(rest)? else {
        return None;
    };
    Some((tbs, sig_alg, signature))
}

/// The contents of a certificate's SubjectPublicKeyInfo algorithm, and the key's bits.
fn public_key_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    use super::der::tlv;
    let (tbs, _, _) = signed_parts(der)?;
    let (0x30, mut rest, _) = tlv(tbs)? else {
        return None;
    };
    if rest.first() == Some(&0xa0) {
        rest = tlv(rest)?.2; // version
    }
    // serial, signature, issuer, validity, subject
    for _ in 0..5 {
        rest = tlv(rest)?.2;
    }
    let (0x30, spki, _) = tlv(rest)? else {
        return None;
    };
    let (0x30, alg, rest) = tlv(spki)? else {
        return None;
    };
    let (0x03, [0, key @ ..], _) = tlv(rest)? else {
        return None;
    };
    Some((alg, key))
}

/// Whether the certificate `child` verifies under `issuer`'s key, through the memory, when
/// x509-parser (tlskit's own check) and webpki would run the same aws-lc algorithm on the
/// same bytes: RSA PKCS#1 with SHA-256/384/512 and ECDSA P-256/P-384 with SHA-256/384.
/// None for anything else, which the caller verifies its own way.
pub(crate) fn certificate_signed_by(child: &[u8], issuer: &[u8]) -> Option<bool> {
    let q = question(child, issuer)?;
    Some(verify_once(q.alg, q.public_key, q.message, q.signature))
}

/// What the memory is asked about a certificate under its issuer.
struct Question<'a> {
    /// webpki's algorithm, by index in `ALL_VERIFICATION_ALGS`.
    alg: usize,
    public_key: &'a [u8],
    message: &'a [u8],
    signature: &'a [u8],
}

/// The question for `child` under `issuer`; None outside the shared algorithms.
fn question<'a>(child: &'a [u8], issuer: &'a [u8]) -> Option<Question<'a>> {
    use rustls_pki_types::alg_id;
    let (tbs, sig_alg, signature) = signed_parts(child)?;
    let (key_alg, public_key) = public_key_parts(issuer)?;
    let shared = [
        (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA256),
        (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA384),
        (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA512),
        (alg_id::ECDSA_P256, alg_id::ECDSA_SHA256),
        (alg_id::ECDSA_P256, alg_id::ECDSA_SHA384),
        (alg_id::ECDSA_P384, alg_id::ECDSA_SHA256),
        (alg_id::ECDSA_P384, alg_id::ECDSA_SHA384),
    ];
    if !shared
        .iter()
        .any(|(k, s)| k.as_ref() == key_alg && s.as_ref() == sig_alg)
    {
        return None;
    }
    // The algorithm webpki picks: the first whose identifiers both match.
    let alg = webpki::ALL_VERIFICATION_ALGS.iter().position(|a| {
        a.signature_alg_id().as_ref() == sig_alg && a.public_key_alg_id().as_ref() == key_alg
    })?;
    Some(Question {
        alg,
        public_key,
        message: tbs,
        signature,
    })
}

/// Whether the verdict on `child` under `issuer` is already in the memory (for tests of
/// who fills it).
#[cfg(test)]
pub(crate) fn remembers(child: &[u8], issuer: &[u8]) -> bool {
    question(child, issuer)
        .is_some_and(|q| remembered(q.alg, q.public_key, q.message, q.signature).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_rsa_and_ecdsa_algorithms_parse_their_keys_once() {
        use rustls_pki_types::alg_id;
        let common = [
            (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA256),
            (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA384),
            (alg_id::ECDSA_P256, alg_id::ECDSA_SHA256),
            (alg_id::ECDSA_P384, alg_id::ECDSA_SHA384),
        ];
        for (key, sig) in common {
            let alg = webpki::ALL_VERIFICATION_ALGS
                .iter()
                .position(|a| a.signature_alg_id() == sig && a.public_key_alg_id() == key)
                .expect("webpki has it");
            assert!(
                reusable(alg).is_some(),
                "{:?}",
                webpki::ALL_VERIFICATION_ALGS[alg]
            );
        }
        let reused = (0..webpki::ALL_VERIFICATION_ALGS.len())
            .filter(|&i| reusable(i).is_some())
            .count();
        assert_eq!(reused, 7);
    }

    #[test]
    fn a_3072_bit_minimum_is_not_taken_for_the_2048_bit_one() {
        // Same identifiers as RSA_PKCS1_2048_8192_SHA384, stricter key size.
        let strict = webpki::ALL_VERIFICATION_ALGS
            .iter()
            .position(|a| format!("{a:?}").contains("RSA_PKCS1_3072_8192_SHA384"))
            .expect("webpki has it");
        assert!(reusable(strict).is_none());
    }

    #[test]
    fn a_key_is_parsed_once_for_all_its_signatures() {
        let pem = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("key");
        let alg = webpki::ALL_VERIFICATION_ALGS
            .iter()
            .position(|a| {
                a.signature_alg_id() == rustls_pki_types::alg_id::ECDSA_SHA256
                    && a.public_key_alg_id() == rustls_pki_types::alg_id::ECDSA_P256
            })
            .expect("webpki has it");
        let first = parsed_key(alg, pem.public_key_raw()).expect("reusable");
        let again = parsed_key(alg, pem.public_key_raw()).expect("reusable");
        let (first, again) = (first.expect("parses"), again.expect("parses"));
        assert!(std::sync::Arc::ptr_eq(&first, &again));
    }
}
