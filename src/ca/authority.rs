//! An opened CA: its certificate, key and the chain above it, ready to sign.

use std::path::Path;

use time::OffsetDateTime;

use super::issue::{self, Digest};
use super::store::Store;
use crate::error::{InputError, Result};

pub(crate) struct Ca {
    pub store: Store,
    pub cert_pem: String,
    pub cert_der: Vec<u8>,
    pub key: rcgen::KeyPair,
    /// Intermediates and root above the CA certificate, as DER.
    pub above: Vec<Vec<u8>>,
    /// When the CA certificate expires: nothing it signs ends later (see `issue::lifetime`).
    pub not_after: OffsetDateTime,
}

impl Ca {
    /// The CA in `dir/ca_conf`, its key signing with `digest`.
    pub(crate) fn open(dir: &Path, digest: Digest) -> Result<Ca> {
        let store = Store::new(dir);
        check_present(&store)?;
        let cert_pem = store.read("ca_cert.pem")?;
        let cert_der = crate::pki::pem::parse(cert_pem.as_bytes())
            .blocks
            .into_iter()
            .find(|b| b.label == "CERTIFICATE")
            .map(|b| b.der)
            .ok_or_else(|| InputError::file(&store.cert_path(), "no certificate in it"))?;
        let parsed = crate::pki::cert::Certificate::from_der(&cert_der)
            .map_err(|e| InputError::file(&store.cert_path(), e))?;
        let not_after = OffsetDateTime::from_unix_timestamp(parsed.not_after)
            .map_err(|e| InputError::file(&store.cert_path(), e))?;
        let key = issue::load_key(&store.read("ca_priv_key.pem")?, digest)
            .map_err(|e| InputError::file(&store.key_path(), e.0))?;
        let above = if store.path("ca_chain.pem").exists() {
            crate::pki::pem::parse(store.read("ca_chain.pem")?.as_bytes())
                .blocks
                .into_iter()
                .filter(|b| b.label == "CERTIFICATE")
                .map(|b| b.der)
                .skip(1)
                .collect()
        } else {
            Vec::new()
        };
        Ok(Ca {
            store,
            cert_pem,
            cert_der,
            key,
            above,
            not_after,
        })
    }

    /// The CA certificate and those above it: what a chain file or PFX carries.
    pub(crate) fn chain(&self) -> Vec<Vec<u8>> {
        let mut chain = vec![self.cert_der.clone()];
        chain.extend(self.above.iter().cloned());
        chain
    }

    pub(crate) fn sign(
        &self,
        params: &rcgen::CertificateParams,
        key: &impl rcgen::PublicKeyData,
    ) -> Result<rcgen::Certificate> {
        let issuer = rcgen::Issuer::from_ca_cert_pem(&self.cert_pem, &self.key)
            .map_err(|e| InputError(format!("cannot use the CA certificate: {e}")))?;
        params
            .signed_by(key, &issuer)
            .map_err(|e| InputError(format!("cannot make the certificate: {e}")))
    }
}

/// A store with a CA certificate, or one clear sentence on what is there instead.
pub(crate) fn check_present(store: &Store) -> Result<()> {
    if store.cert_path().exists() {
        return Ok(());
    }
    if store.key_path().exists() {
        return Err(InputError::file(
            &store.root,
            "holds ca_priv_key.pem but no ca_cert.pem: an earlier `ca init` was cut short; \
             remove this ca_conf/ folder and run `tlskit ca init` again",
        ));
    }
    Err(InputError::file(
        &store.root,
        "no CA here (ca_conf/ca_cert.pem is missing): run `tlskit ca init` first",
    ))
}
