//! What is written, option by option: names, values, duplicates and transport-parameter
//! syntax.

pub(super) mod duplicate_option;
pub(super) mod duplicate_transport_param;
pub(super) mod ini_syntax;
pub(super) mod invalid_option_value;
pub(super) mod sec_protocol_removed_value;
pub(super) mod target_name_check_on_server;
pub(super) mod tls_flag_not_on_port;
pub(super) mod transport_param_unknown;
pub(super) mod transport_param_whitespace;
pub(super) mod unknown_option;
