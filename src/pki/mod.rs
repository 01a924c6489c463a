//! Certificates, keys, CRLs and the paths between them.

pub mod cert;
pub mod crl;
pub mod der;
pub mod kdf;
pub mod key;
pub mod load;
pub mod names;
pub mod pem;
pub mod sigmemo;
pub mod verify;
