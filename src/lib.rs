//! tlskit: lint Genesys TLS configuration, generate lab PKI, probe live endpoints.

pub mod ca;
pub mod cli;
pub mod error;
pub mod escape;
pub mod facts;
pub mod harness;
pub mod input;
pub mod lint;
pub mod load;
pub mod model;
pub mod par;
pub mod pki;
pub mod probe;
pub mod redact;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod settings;
pub mod severity;
mod suggest;
pub mod tls;

/// The OpenSSL release whose cipher-string semantics tlskit follows.
pub const OPENSSL_SEMANTICS: &str = "3.0";
