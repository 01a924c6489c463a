//! What could not be judged for lack of information, said as notices, so that a run that
//! skipped checks never ends in a clean summary.

pub(super) mod application_type_unknown;
pub(super) mod connection_to_disabled_server;
pub(super) mod host_os_unknown;
pub(super) mod thumbprint_not_checked;
