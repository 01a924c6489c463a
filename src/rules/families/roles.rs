//! The role rules live in `rules/roles/`; local agents still reach their shared check here.
pub(super) use crate::rules::roles::server_credentials;
