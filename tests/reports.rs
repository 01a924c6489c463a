//! The four report formats, the exit codes and `--fail-on`, on the bundled example.

use std::process::Command;

use crate::common::*;

fn lab(format: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "lint",
        "testdata/genesys-lab",
        "--format",
        format,
        "--at",
        "2026-11-22T00:00:00Z",
    ];
    args.extend(extra);
    tlskit(args)
}

/// Runs a Python check on a document; the checks need only the standard library and
/// `jsonschema`, which .ci/run installs when missing.
fn python(script: &str, doc: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc");
    std::fs::write(&path, doc).unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .arg(repo().join("tests/schemas/sarif-2.1.0.json"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn text_output_reads_like_rustc_with_snippets_and_help() {
    let run = lab("text", &[]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(
        out.contains("error[split-level-settings]: port MessageServer:default"),
        "{out}"
    );
    assert!(
        out.contains(" --> testdata/genesys-lab/options/MessageServer.cfg:6:19"),
        "{out}"
    );
    assert!(
        out.contains("6 | certificate-key = /etc/sec/certs/ms-01_priv_key.pem"),
        "{out}"
    );
    assert!(
        out.contains("  |                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"),
        "{out}"
    );
    assert!(
        out.contains("= note: ignored value set here: certificate=/etc/sec/certs/ms-01_cert.pem"),
        "{out}"
    );
    assert!(out.contains("= help: "), "{out}");
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("tlskit: 8 errors, 1 warning, 0 notices"),
        "{out}"
    );
}

#[test]
fn json_output_has_the_documented_shape() {
    let run = lab("json", &[]);
    let doc = run.json();
    assert_eq!(doc["tool"], "tlskit");
    assert_eq!(doc["at"], "2026-11-22T00:00:00Z");
    assert_eq!(doc["summary"]["error"], 8);
    assert_eq!(doc["summary"]["warning"], 1);
    let split = &run.findings("split-level-settings")[0];
    assert_eq!(split["severity"], "error");
    assert_eq!(
        split["location"]["file"],
        "testdata/genesys-lab/options/MessageServer.cfg"
    );
    assert_eq!(split["location"]["line"], 6);
    assert_eq!(split["location"]["section"], "security");
    assert_eq!(split["location"]["key"], "certificate-key");
    assert_eq!(split["object"]["application"], "MessageServer");
    assert_eq!(split["object"]["port"], "default");
    assert_eq!(split["related"][0]["line"], 2);
    assert_eq!(
        split["related"][0]["note"],
        "ignored value set here: certificate=/etc/sec/certs/ms-01_cert.pem"
    );
    for f in doc["findings"].as_array().unwrap() {
        for field in ["rule", "severity", "message"] {
            assert!(f[field].is_string(), "{f}");
        }
        assert!(f["location"]["file"].is_string(), "{f}");
    }
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0_with_one_descriptor_per_rule() {
    let run = lab("sarif", &[]);
    assert_eq!(run.code, 1);
    let checked = python(
        r#"
import json, sys, jsonschema
doc = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
jsonschema.Draft4Validator(schema).validate(doc)
run = doc["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(ids) == len(set(ids))
for r in run["results"]:
    assert ids[r["ruleIndex"]] == r["ruleId"]
    region = r["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1
print(len(ids), len(run["results"]))
"#,
        &run.stdout,
    );
    let catalog = tlskit(["rules", "--format", "json"]).json();
    let n = catalog["rules"].as_array().unwrap().len();
    assert_eq!(checked.trim(), format!("{n} 9"));
}

#[test]
fn junit_output_has_a_test_case_per_object_and_failures_per_finding() {
    let run = lab("junit", &[]);
    let checked = python(
        r#"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
cases = suite.findall("testcase")
failures = [f for c in cases for f in c.findall("failure")]
failing = [c for c in cases if c.find("failure") is not None]
assert int(suite.get("tests")) == len(cases)
assert int(suite.get("failures")) == len(failing)
names = {c.get("name") for c in cases}
assert "port MessageServer:default" in names
assert "connection SCS -> MessageServer:default" in names
ms = [c for c in cases if c.get("name") == "port MessageServer:default"][0]
# One <failure> per test case, holding every failing finding of it.
assert len(failures) == len(failing)
f = ms.find("failure")
rules = sorted(l.split("[")[1].split("]")[0] for l in f.text.splitlines() if l.startswith("error["))
print(len(failures), f.get("type"), f.get("message").split(";")[0], rules)
"#,
        &run.stdout,
    );
    assert_eq!(
        checked.trim(),
        "6 tlskit 3 findings ['secure-port-missing-certificate', 'secure-port-missing-trusted-ca', 'split-level-settings']"
    );
    // Below --fail-on, findings are reported as output, not failures.
    let run = lab("junit", &["--fail-on", "never"]);
    assert!(!run.stdout.contains("<failure"));
    assert!(run.stdout.contains("<system-out>"));
}

#[test]
fn fail_on_decides_the_exit_code() {
    let mut d = clean();
    host(&mut d, "ms-01")["userProperties"]["security"]["sec-protocol"] =
        serde_json::json!("TLSv12");
    let ms = app(&mut d, "MessageServer");
    ms["portInfos"][0]["transportParams"] =
        serde_json::json!("tls=1;tls-mutual=1;sec-protocol=TLSv13");
    ms["appServers"][0]["transportParams"] = serde_json::json!("sec-protocol=TLSv13");
    let s = Scenario::new(&d);
    // One notice (shadowed-setting) only.
    assert_eq!(s.lint(&[]).code, 0);
    assert_eq!(s.lint(&["--fail-on", "warning"]).code, 0);
    assert_eq!(s.lint(&["--fail-on", "notice"]).code, 1);
    assert_eq!(lab("json", &["--fail-on", "never"]).code, 0);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(tlskit(["lint", "--format", "yaml", "x"]).code, 2);
    assert_eq!(
        tlskit(["lint", "testdata/genesys-lab", "--at", "yesterday"]).code,
        2
    );
    assert_eq!(tlskit(["frobnicate"]).code, 2);
    // No path is the current directory (tests/cli_conventions.rs); one that holds no
    // configuration is an input error.
    let run = tlskit(["lint", "src/cli"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no deployment export or option file found")
    );
}
