//! webpki's signature algorithms with a memory: webpki verifies every signature of a path
//! each time it builds one, so a thousand leaves under one intermediate would verify the
//! intermediate's signature a thousand times. Each (algorithm, key, message, signature)
//! verdict is computed once per process.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use rustls_pki_types::{AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm};

static VERDICTS: LazyLock<Mutex<HashMap<[u8; 32], bool>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

#[derive(Debug)]
struct Remembering(&'static dyn SignatureVerificationAlgorithm);

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut ctx = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
    for p in parts {
        // Length-prefixed, so that no two different inputs hash the same parts.
        ctx.update(&(p.len() as u64).to_be_bytes());
        ctx.update(p);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

impl SignatureVerificationAlgorithm for Remembering {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let key = digest(&[
            self.0.public_key_alg_id().as_ref(),
            self.0.signature_alg_id().as_ref(),
            public_key,
            message,
            signature,
        ]);
        if let Some(&ok) = VERDICTS.lock().expect("not poisoned").get(&key) {
            return if ok { Ok(()) } else { Err(InvalidSignature) };
        }
        let r = self.0.verify_signature(public_key, message, signature);
        VERDICTS
            .lock()
            .expect("not poisoned")
            .insert(key, r.is_ok());
        r
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.0.public_key_alg_id()
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.0.signature_alg_id()
    }

    fn fips(&self) -> bool {
        self.0.fips()
    }
}

/// `webpki::ALL_VERIFICATION_ALGS`, each remembering its verdicts.
pub static ALGORITHMS: LazyLock<Vec<&'static dyn SignatureVerificationAlgorithm>> =
    LazyLock::new(|| {
        webpki::ALL_VERIFICATION_ALGS
            .iter()
            .map(|a| {
                let leaked: &'static Remembering = Box::leak(Box::new(Remembering(*a)));
                leaked as &'static dyn SignatureVerificationAlgorithm
            })
            .collect()
    });
