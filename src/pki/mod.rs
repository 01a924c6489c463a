//! Certificates, keys, CRLs and the paths between them.

pub mod cert;
pub mod crl;
pub mod der;
pub(crate) mod kdf;
pub(crate) mod key;
pub(crate) mod load;
pub mod names;
pub mod pem;
pub(crate) mod sigmemo;
pub mod verify;
