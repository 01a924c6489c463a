//! Component-specific rules of the guide: Message Server and its log clients, redundant
//! (HA) pairs, the local agents LCA and GDA.

pub(super) mod gda_tls_mismatch;
pub(super) mod ha_config_mismatch;
pub(super) mod ha_port_level_certificate;
pub(super) mod ha_port_mismatch;
pub(super) mod lca_upgrade_mismatch;
pub(super) mod log_client_tls_flag;
pub(super) mod message_server_secondary_port_tls;
