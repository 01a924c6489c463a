//! How values flow through the levels: the credential group split over levels, values no
//! consumer takes, options set apart from the certificate they go with.

pub(super) mod crl_level_mismatch;
pub(super) mod crl_option_name;
pub(super) mod mutual_level_mismatch;
pub(super) mod shadowed_setting;
pub(super) mod split_level_settings;
