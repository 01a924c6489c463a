//! Protocol versions and cipher lists, as OpenSSL 3.0 reads them.

pub(super) mod cipher_list_empty;
pub(super) mod cipher_list_syntax;
pub(super) mod cipher_list_unknown_name;
pub(super) mod ciphersuites_unknown;
pub(super) mod fips_noncompliant_cipher;
pub(super) mod no_forward_secrecy;
pub(super) mod sec_protocol_compat_mode;
pub(super) mod weak_cipher_enabled;
