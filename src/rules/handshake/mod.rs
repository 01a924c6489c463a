//! Handshake prediction: what each client and server port will negotiate, and why a
//! handshake will fail.

pub(super) mod handshake_client_untrusted;
pub(super) mod handshake_name_mismatch;
pub(super) mod handshake_no_common_cipher;
pub(super) mod handshake_no_common_protocol;
pub(super) mod handshake_server_untrusted;
