//! tlskit: lint Genesys TLS configuration, generate lab PKI, probe live endpoints.
//!
//! The library serves the binary; `cli`, `harness` (fuzz targets) and the parts of `pki` and
//! `tls` the integration tests judge against real peers are public, everything else is
//! crate-private.

#![warn(unreachable_pub)]

mod ca;
pub mod cli;
mod error;
mod escape;
mod facts;
pub mod harness;
mod input;
mod lint;
mod load;
mod model;
mod par;
pub mod pki;
mod probe;
mod redact;
mod report;
mod resolve;
mod rules;
mod settings;
mod severity;
mod suggest;
pub mod tls;

/// The OpenSSL release whose cipher-string semantics tlskit follows.
pub const OPENSSL_SEMANTICS: &str = "3.0";
