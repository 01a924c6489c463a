//! Security posture beyond TLS, from the guide's authentication and data-at-rest chapters.

pub(super) mod default_access_granted;
pub(super) mod empty_external_password_allowed;
pub(super) mod empty_password_allowed;
pub(super) mod force_md5_enabled;
pub(super) mod inactivity_timeout_disabled;
pub(super) mod no_account_lockout;
pub(super) mod plaintext_db_password;
