//! The certificates a port or connection presents: validity, keys, signatures, usages and
//! names.

pub(super) mod cert_expired;
pub(super) mod cert_expires_soon;
pub(super) mod cert_not_yet_valid;
pub(super) mod hostname_mismatch;
pub(super) mod ip_target_name;
pub(super) mod key_cert_mismatch;
pub(super) mod key_usage_incompatible;
pub(super) mod leaf_is_ca;
pub(super) mod missing_eku;
pub(super) mod no_san;
pub(super) mod self_signed_leaf;
pub(super) mod weak_key;
pub(super) mod weak_signature_hash;
pub(super) mod wildcard_name;
