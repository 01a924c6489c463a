//! The registry test: every rule's bad and fixed examples are real fixtures, and they say
//! what they claim. `testdata/rules/README.md` describes the folders; in short, for each
//! folder `testdata/rules/<id>/`:
//!
//! - `<id>` is a rule of the catalog (`tlskit rules --format json`);
//! - `bad/`, linted as `tlskit lint testdata/rules/<id>/bad --format json [args]` from the
//!   repository root, raises `<id>`, every companion of its `case.toml`, and nothing else;
//! - `good/`, linted the same way, does not raise `<id>`;
//! - the `[bad]` and `[good]` setup commands of `case.toml` run (`sh -c`, in the rule's
//!   folder) before their side is linted.
//!
//! Every implemented rule has such a folder, except those of [`EXEMPT`]. A folder whose
//! rule is in the catalog but not implemented yet (emitted by code that is not its rule's
//! `check` yet) is run all the same: it must pass already.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

use crate::common::{private_keys_owner_only, repo, tlskit};

const FIXTURES: &str = "testdata/rules";

/// Implemented rules that have no fixture folder: (rule, why, the test that judges it).
/// Each must be an implemented rule of the catalog, have no folder, and be named (as a
/// string literal) by its test, which must exist in [`COVERING`].
const EXEMPT: &[(&str, &str, &str)] = &[
    (
        "probe-unreachable",
        LIVE,
        "lint_probe::lint_probe_reports_an_endpoint_down_and_one_accepting_weak_suites",
    ),
    (
        "probe-handshake-failed",
        LIVE,
        "probe_bounds::lint_probe_ends_in_time_against_slow_servers",
    ),
    (
        "probe-cert-drift",
        LIVE,
        "lint_probe::lint_probe_reports_drift_and_legacy_and_nothing_else",
    ),
    (
        "probe-legacy-protocol",
        LIVE,
        "lint_probe::lint_probe_reports_drift_and_legacy_and_nothing_else",
    ),
    (
        "probe-weak-cipher-accepted",
        LIVE,
        "lint_probe::lint_probe_reports_an_endpoint_down_and_one_accepting_weak_suites",
    ),
];

const LIVE: &str = "judges what a live endpoint does (lint --probe), which a folder cannot \
    hold: its test starts real peers (openssl s_server) on ports picked at run time, with \
    the same deployment as bad and as fixed example";

/// The source of the modules that hold the tests named by [`EXEMPT`].
const COVERING: &[(&str, &str)] = &[
    ("lint_probe", include_str!("lint_probe.rs")),
    ("probe_bounds", include_str!("probe_bounds.rs")),
];

#[derive(Debug, Deserialize)]
struct Rule {
    id: String,
    implemented: bool,
}

/// A fixture's case.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Extra lint arguments, for both sides.
    #[serde(default)]
    args: Vec<String>,
    /// Rules that bad/ raises too, unavoidably; each must be raised.
    #[serde(default)]
    companions: Vec<String>,
    #[serde(default)]
    bad: Side,
    #[serde(default)]
    good: Side,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Side {
    /// A shell command, run in the rule's folder before this side is linted.
    setup: Option<String>,
}

fn catalog() -> Vec<Rule> {
    let run = tlskit(["rules", "--format", "json"]);
    assert_eq!(run.code, 0, "tlskit rules: {}", run.stderr);
    #[derive(Deserialize)]
    struct Catalog {
        rules: Vec<Rule>,
    }
    let c: Catalog = serde_json::from_str(&run.stdout)
        .expect("tlskit rules --format json holds the list of rules");
    c.rules
}

/// The names of the folders under testdata/rules.
fn folders() -> BTreeSet<String> {
    std::fs::read_dir(repo().join(FIXTURES))
        .expect("testdata/rules")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// What is wrong with the list of folders against the catalog and the exemptions, before
/// any fixture runs: one line per problem.
fn bookkeeping(
    catalog: &[Rule],
    folders: &BTreeSet<String>,
    exempt: &[(&str, &str, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let known: BTreeSet<&str> = catalog.iter().map(|r| r.id.as_str()).collect();
    for f in folders {
        if !known.contains(f.as_str()) {
            problems.push(format!("{FIXTURES}/{f} names no rule of the catalog"));
        }
    }
    for &(rule, _, test) in exempt {
        match catalog.iter().find(|r| r.id == rule) {
            None => problems.push(format!("{rule}: exempt, but not a rule of the catalog")),
            Some(r) if !r.implemented => problems.push(format!(
                "{rule}: exempt, but not implemented (an exemption is for a rule that is \
                 judged by {test} instead of fixtures)"
            )),
            Some(_) => {}
        }
        if folders.contains(rule) {
            problems.push(format!(
                "{rule}: exempt, but {FIXTURES}/{rule} exists: take it off EXEMPT"
            ));
        }
        if let Err(why) = covered(rule, test) {
            problems.push(format!("{rule}: exempt, but {why}"));
        }
    }
    for r in catalog {
        let exempted = exempt.iter().any(|(e, ..)| *e == r.id);
        if r.implemented && !exempted && !folders.contains(&r.id) {
            problems.push(format!(
                "{}: implemented, and no fixture folder {FIXTURES}/{}",
                r.id, r.id
            ));
        }
    }
    problems
}

/// Whether `test` ("module::function") exists among [`COVERING`] and its module names
/// `rule`.
fn covered(rule: &str, test: &str) -> Result<(), String> {
    let (module, function) = test
        .split_once("::")
        .ok_or_else(|| format!("{test:?} is not module::function"))?;
    let (_, source) = COVERING
        .iter()
        .find(|(m, _)| *m == module)
        .ok_or_else(|| format!("its test's module {module} is not in COVERING"))?;
    if !source.contains(&format!("fn {function}(")) {
        return Err(format!("its test {test} does not exist"));
    }
    if !source.contains(&format!("\"{rule}\"")) {
        return Err(format!("tests/{module}.rs never names it"));
    }
    Ok(())
}

fn read_case(dir: &Path) -> Result<Case, String> {
    let path = dir.join("case.toml");
    if !path.exists() {
        return Ok(Case::default());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("case.toml: {e}"))?;
    toml::from_str(&text).map_err(|e| format!("case.toml: {e}"))
}

/// Runs one side's setup, then lints it: the rule ids found, or why there are none.
fn lint(
    rule: &str,
    side: &str,
    setup: Option<&str>,
    args: &[String],
) -> Result<Vec<String>, String> {
    if let Some(setup) = setup {
        let out = Command::new("sh")
            .args(["-c", setup])
            .current_dir(repo().join(FIXTURES).join(rule))
            .output()
            .map_err(|e| format!("{side}: setup `{setup}` does not run: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{side}: setup `{setup}` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    let target = format!("{FIXTURES}/{rule}/{side}");
    let mut cmd = vec!["lint", target.as_str(), "--format", "json"];
    cmd.extend(args.iter().map(String::as_str));
    let run = tlskit(&cmd);
    if run.code != 0 && run.code != 1 {
        return Err(format!("{side}: exit {}: {}", run.code, run.stderr.trim()));
    }
    let report: Value = serde_json::from_str(&run.stdout)
        .map_err(|e| format!("{side}: the output is not JSON ({e})"))?;
    let findings = report["findings"]
        .as_array()
        .ok_or_else(|| format!("{side}: the output is not a lint report"))?;
    let mut found: Vec<String> = findings
        .iter()
        .filter_map(|f| f["rule"].as_str().map(String::from))
        .collect();
    found.sort();
    found.dedup();
    Ok(found)
}

/// What is wrong with one rule's fixture: one line per problem.
fn check(rule: &str, known: &BTreeSet<&str>) -> Vec<String> {
    let dir = repo().join(FIXTURES).join(rule);
    let mut fails = Vec::new();
    for side in ["bad", "good"] {
        if !dir.join(side).is_dir() {
            fails.push(format!("no {side}/ folder"));
        }
    }
    let case = read_case(&dir).unwrap_or_else(|e| {
        fails.push(e);
        Case::default()
    });
    let companions: BTreeSet<&str> = case.companions.iter().map(String::as_str).collect();
    for c in &companions {
        if !known.contains(c) {
            fails.push(format!("companion {c} is not a rule of the catalog"));
        }
    }
    if companions.contains(rule) {
        fails.push("the rule itself is listed among its companions".into());
    }
    if !fails.is_empty() {
        return fails;
    }

    match lint(rule, "bad", case.bad.setup.as_deref(), &case.args) {
        Err(e) => fails.push(e),
        Ok(bad) => {
            let bad: BTreeSet<&str> = bad.iter().map(String::as_str).collect();
            if !bad.contains(rule) {
                fails.push(format!("bad: {rule} not raised; found {bad:?}"));
            }
            let extra: Vec<&&str> = bad
                .iter()
                .filter(|r| **r != rule && !companions.contains(**r))
                .collect();
            if !extra.is_empty() {
                fails.push(format!(
                    "bad: also raises {extra:?}, not declared as companions"
                ));
            }
            let missing: Vec<&&str> = companions.difference(&bad).collect();
            if !missing.is_empty() {
                fails.push(format!(
                    "bad: companions {missing:?} declared but not raised"
                ));
            }
        }
    }
    match lint(rule, "good", case.good.setup.as_deref(), &case.args) {
        Err(e) => fails.push(e),
        Ok(good) if good.iter().any(|r| r == rule) => {
            fails.push(format!("good: still raises {rule}; found {good:?}"));
        }
        Ok(_) => {}
    }
    fails
}

#[test]
fn every_rule_has_a_bad_and_a_fixed_fixture_and_they_pass() {
    let catalog = catalog();
    let folders = folders();
    let mut problems = bookkeeping(&catalog, &folders, EXEMPT);

    // Git keeps no modes: the keys are made owner-only first, as for every test, so that
    // no later run undoes what a setup did.
    private_keys_owner_only();
    let known: BTreeSet<&str> = catalog.iter().map(|r| r.id.as_str()).collect();
    let mut ran = 0;
    for rule in folders.iter().filter(|f| known.contains(f.as_str())) {
        ran += 1;
        problems.extend(
            check(rule, &known)
                .into_iter()
                .map(|p| format!("{rule}: {p}")),
        );
    }
    assert!(
        problems.is_empty(),
        "{} problems with the rule fixtures ({ran} run; testdata/rules/README.md):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(ran > 0, "no fixture under {FIXTURES}");
}

/// The bookkeeping itself, on a made-up catalog: a rule without fixtures, a folder without
/// a rule, and each way an exemption can be wrong are all reported.
#[test]
fn a_rule_without_fixtures_and_a_folder_without_a_rule_fail_the_registry_test() {
    let rule = |id: &str, implemented| Rule {
        id: id.into(),
        implemented,
    };
    let catalog = [
        rule("has-fixtures", true),
        rule("lacks-fixtures", true),
        rule("not-yet", false),
        rule("not-yet-with-fixtures", false),
        rule("probe-unreachable", true),
        rule("probe-cert-drift", true),
        rule("probe-legacy-protocol", false),
    ];
    let folders: BTreeSet<String> = [
        "has-fixtures",
        "not-yet-with-fixtures",
        "no-such-rule",
        "probe-cert-drift",
    ]
    .map(String::from)
    .into();
    let exempt = [
        ("probe-unreachable", LIVE, EXEMPT[0].2),
        ("probe-cert-drift", LIVE, EXEMPT[2].2),
        ("probe-legacy-protocol", LIVE, EXEMPT[3].2),
        ("probe-gone", LIVE, EXEMPT[0].2),
        ("probe-unreachable", LIVE, "lint_probe::no_such_test"),
        ("probe-unreachable", LIVE, "ca::a_test_elsewhere"),
        ("probe-unreachable", LIVE, EXEMPT[1].2),
    ];
    assert_eq!(
        bookkeeping(&catalog, &folders, &exempt),
        [
            "testdata/rules/no-such-rule names no rule of the catalog",
            "probe-cert-drift: exempt, but testdata/rules/probe-cert-drift exists: take it off EXEMPT",
            "probe-legacy-protocol: exempt, but not implemented (an exemption is for a rule that is judged by lint_probe::lint_probe_reports_drift_and_legacy_and_nothing_else instead of fixtures)",
            "probe-gone: exempt, but not a rule of the catalog",
            "probe-gone: exempt, but tests/lint_probe.rs never names it",
            "probe-unreachable: exempt, but its test lint_probe::no_such_test does not exist",
            "probe-unreachable: exempt, but its test's module ca is not in COVERING",
            "probe-unreachable: exempt, but tests/probe_bounds.rs never names it",
            "lacks-fixtures: implemented, and no fixture folder testdata/rules/lacks-fixtures",
        ]
    );
}
