//! The live probe (`lint --probe`): what each secure port's endpoint presents and accepts.

pub(super) mod probe_cert_drift;
pub(super) mod probe_handshake_failed;
pub(super) mod probe_legacy_protocol;
pub(super) mod probe_unreachable;
pub(super) mod probe_weak_cipher_accepted;
