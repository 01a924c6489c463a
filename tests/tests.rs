//! The integration tests, in one binary so that a test run links once (as ripgrep does:
//! `autotests = false` in Cargo.toml). Each module is a file of this folder; `common` holds
//! the scaffolding they share. `cargo test --test tests MODULE::` runs one module's tests.

mod common;

mod bad_input;
mod ca;
mod ca_faults;
mod ca_renew;
mod ca_safety;
mod certs;
mod cli_conventions;
mod commands;
mod differential_ciphers;
mod differential_verify;
mod escaping;
mod exports;
mod fuzz_regressions;
mod guide_samples;
mod handshake;
mod handshake_differential;
mod handshake_seclevel;
mod html_report;
mod inputs;
mod java_handshake;
mod java_names;
mod java_trust;
mod kdf_bombs;
mod limbo;
mod lint_certs;
mod lint_probe;
mod lint_protocols;
mod lint_rules;
mod posture;
mod probe;
mod probe_bounds;
mod probe_sslyze;
mod reports;
mod rule_fixtures;
mod structure;
