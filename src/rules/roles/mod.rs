//! What each port and connection needs for its role, runtime and OS: certificates, keys,
//! trusted CAs, thumbprints on Windows, the Java key format.

pub(super) mod client_missing_trusted_ca;
pub(super) mod host_key_mixed_runtimes;
pub(super) mod java_key_format;
pub(super) mod mutual_client_missing_certificate;
pub(super) mod plaintext_connection;
pub(super) mod secure_port_missing_certificate;
pub(super) mod secure_port_missing_key;
pub(super) mod secure_port_missing_trusted_ca;
pub(super) mod thumbprint_malformed;
pub(super) mod tls_options_on_insecure_connection;
pub(super) mod unresolved_reference;
pub(super) mod windows_certificate_not_thumbprint;
pub(super) mod windows_key_ignored;
