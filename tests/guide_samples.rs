//! The Security Deployment Guide's own samples lint clean when their files exist: the LCA,
//! GDA and SCS samples ("Sample Configuration Files for LCA", "… for Genesys Deployment
//! Agent", "Sample Configuration of security Section") and the tables of "Sample Basic
//! Configurations". Each sample folder maps the guide's paths to copies in
//! testdata/guide/files through its tlskit.toml.

use crate::common::*;

fn lint_sample(name: &str) -> Run {
    let run = tlskit([
        "lint",
        &format!("testdata/guide/{name}"),
        "--format",
        "json",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
    run
}

#[test]
fn the_lca_samples_lint_clean_on_unix_and_windows() {
    for sample in ["lca-unix", "lca-windows"] {
        assert_eq!(
            lint_sample(sample).rules(),
            Vec::<String>::new(),
            "{sample}"
        );
    }
}

#[test]
fn the_gda_samples_lint_clean_on_unix_and_windows() {
    for sample in ["gda-unix", "gda-windows"] {
        assert_eq!(
            lint_sample(sample).rules(),
            Vec::<String>::new(),
            "{sample}"
        );
    }
}

#[test]
fn the_scs_security_section_samples_lint_clean() {
    for sample in ["scs-unix", "scs-windows"] {
        assert_eq!(
            lint_sample(sample).rules(),
            Vec::<String>::new(),
            "{sample}"
        );
    }
}

#[test]
fn the_simple_tls_tables_lint_clean_but_say_the_windows_thumbprints_were_not_checked() {
    // The guide's thumbprints name certificates in Windows stores that are not here.
    for (sample, expected) in [
        ("simple-tls-unix", vec![]),
        ("simple-tls-windows", vec!["thumbprint-not-checked"]),
        ("simple-tls-mixed", vec![]),
    ] {
        assert_eq!(lint_sample(sample).rules(), expected, "{sample}");
    }
}

#[test]
fn the_mutual_tls_table_lints_clean_but_for_two_notices() {
    // The table sets tls-mutual on the server host as well as on the port (the port's wins),
    // and gives the native client `tls-crl`, which only Java reads.
    let run = lint_sample("mutual-tls-unix");
    assert_eq!(run.rules(), ids(&["crl-option-name", "shadowed-setting"]));
}

#[test]
fn the_lca_sample_without_its_files_reports_each_missing_file() {
    let run = tlskit([
        "lint",
        "testdata/guide/lca-unix/lca.cfg",
        "--format",
        "json",
    ]);
    assert_eq!(
        run.rules(),
        ids(&["file-not-found", "file-not-found", "file-not-found"])
    );
}
