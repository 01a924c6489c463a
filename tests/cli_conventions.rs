//! Issue 20: the conventions of the command line — help on every option, completions,
//! manual pages, standard input and output, CI report formats, colour, friendly errors,
//! one JSON envelope, and the Security Pack shims.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tlskit");
const AT: &str = "2026-11-22T00:00:00Z";
const LAB: &str = "testdata/genesys-lab";
const LAB_CERTS: &str = "testdata/genesys-lab/certs";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("tlskit runs");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("tlskit ends");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(args, None, &[])
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

// 1. Help that teaches.

fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            missing.push(format!("{path} {id}"));
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_about().is_none() {
            missing.push(format!("{path} {} (no about)", sub.get_name()));
        }
        walk(sub, &format!("{path} {}", sub.get_name()), missing);
    }
}

#[test]
fn every_option_of_every_command_has_help() {
    let mut cmd = tlskit::cli::command();
    cmd.build();
    let mut missing = Vec::new();
    walk(&cmd, "tlskit", &mut missing);
    assert!(missing.is_empty(), "options without help: {missing:#?}");
}

#[test]
fn long_help_has_examples_where_the_issue_asks() {
    for args in [
        &["lint"][..],
        &["resolve"],
        &["cert", "verify"],
        &["cert", "inspect"],
        &["ca", "init"],
        &["ca", "issue"],
        &["ca", "renew"],
        &["key", "convert"],
        &["probe"],
        &["ciphers"],
    ] {
        let mut a = args.to_vec();
        a.push("--help");
        let r = run(&a);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            r.stdout.contains("Examples:"),
            "{args:?} --help: {}",
            r.stdout
        );
        assert!(
            r.stdout.contains("$ tlskit"),
            "{args:?} --help: {}",
            r.stdout
        );
    }
    // Possible values are listed.
    let r = run(&["lint", "--help"]);
    assert!(r.stdout.contains("github") && r.stdout.contains("gitlab"));
    let top = run(&["--help"]);
    assert!(top.stdout.contains("Exit codes:"), "{}", top.stdout);
}

// 2. Completions and manual pages.

#[test]
fn completions_for_every_shell_are_non_empty_and_load() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("tlskit"), "{shell}: empty");
        let file = dir.path().join(format!("tlskit.{shell}"));
        std::fs::write(&file, &r.stdout).unwrap();
        let check: Option<(&str, Vec<&str>)> = match shell {
            "bash" => Some(("bash", vec!["-n"])),
            "zsh" if have("zsh") => Some(("zsh", vec!["-n"])),
            "fish" if have("fish") => Some(("fish", vec!["--no-execute"])),
            _ => None,
        };
        if let Some((tool, flags)) = check {
            let out = Command::new(tool)
                .args(flags)
                .arg(&file)
                .output()
                .expect("shell runs");
            assert!(
                out.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let bad = run(&["completions", "bsh"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("bash"), "{}", bad.stderr);
}

fn renders_cleanly(page: &Path) {
    if !have("groff") {
        return;
    }
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(page)
        .output()
        .expect("groff runs");
    assert!(out.status.success(), "{}", page.display());
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.trim().is_empty(), "{}: {warnings}", page.display());
}

#[test]
fn man_page_renders_and_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&["man"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(".TH tlskit"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    let page = dir.path().join("printed.1");
    std::fs::write(&page, &r.stdout).unwrap();
    renders_cleanly(&page);
    let out = dir.path().join("man1");
    let r = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in [
        "tlskit.1",
        "tlskit-lint.1",
        "tlskit-cert-verify.1",
        "tlskit-ca-issue.1",
    ] {
        let p = out.join(name);
        assert!(p.is_file(), "{name} missing");
        renders_cleanly(&p);
    }
}

// 3. `-` and --output-file; lint with no path.

fn lab_cert() -> String {
    format!("{LAB_CERTS}/certs/cs-01_cert.pem")
}

#[test]
fn stdin_is_read_by_cert_inspect_and_cert_verify() {
    let pem = std::fs::read(lab_cert()).unwrap();
    let from_file = run(&["cert", "inspect", &lab_cert(), "--at", AT]);
    let from_stdin = run_with(&["cert", "inspect", "-", "--at", AT], Some(&pem), &[]);
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert!(
        from_stdin.stdout.starts_with("<stdin> (PEM)"),
        "{}",
        from_stdin.stdout
    );
    // The same certificate: everything but the first line is the same.
    let tail = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(tail(&from_file.stdout), tail(&from_stdin.stdout));
    let ca = format!("{LAB_CERTS}/ca/ca_cert.pem");
    let v = run_with(
        &["cert", "verify", "-", "--trusted-ca", &ca, "--at", AT],
        Some(&pem),
        &[],
    );
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains(": valid"), "{}", v.stdout);
}

#[test]
fn stdin_is_one_option_file_for_lint() {
    let cfg = b"[security]\ntransport=tls=1\n";
    let r = run_with(
        &[
            "lint",
            "-",
            "--at",
            AT,
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        Some(cfg),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = json(&r.stdout);
    assert!(doc["findings"].is_array());
    let files: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["location"]["file"].as_str())
        .collect();
    assert!(files.iter().all(|f| *f == "<stdin>"), "{files:?}");
}

#[test]
fn key_convert_reads_stdin_and_writes_stdout() {
    let key = std::fs::read(format!("{LAB_CERTS}/certs/cs-01_priv_key.pem")).unwrap();
    let r = run_with(
        &["key", "convert", "-", "-", "--outformat", "pkcs8"],
        Some(&key),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("-----BEGIN PRIVATE KEY-----"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("wrote"), "the key alone goes to stdout");
    let back = run_with(
        &["key", "convert", "-", "-", "--outformat", "rsa"],
        Some(r.stdout.as_bytes()),
        &[],
    );
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert!(back.stdout.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
}

#[test]
fn ca_sign_reads_stdin_and_ca_crl_writes_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let init = run(&[
        "ca",
        "init",
        "--dir",
        d,
        "--cn",
        "Test CA",
        "--key-type",
        "ecdsa-p256",
    ]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    // A CSR made by rcgen.
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["h1.lab.example.com".to_string()]).unwrap();
    let csr = params.serialize_request(&key).unwrap().pem().unwrap();
    let r = run_with(&["ca", "sign", "--dir", d, "-"], Some(csr.as_bytes()), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let crl = run(&["ca", "crl", "--dir", d, "--out", "-"]);
    assert_eq!(crl.code, 0, "{}", crl.stderr);
    assert!(
        crl.stdout.starts_with("-----BEGIN X509 CRL-----"),
        "{}",
        crl.stdout
    );
}

#[test]
fn output_file_on_every_reporting_command() {
    let dir = tempfile::tempdir().unwrap();
    let ca = format!("{LAB_CERTS}/ca/ca_cert.pem");
    let cert = lab_cert();
    let cases: Vec<Vec<&str>> = vec![
        vec!["lint", LAB, "--at", AT, "--fail-on", "never"],
        vec!["resolve", LAB],
        vec!["rules"],
        vec!["cert", "inspect", &cert, "--at", AT],
        vec!["cert", "verify", &cert, "--trusted-ca", &ca, "--at", AT],
        vec!["ciphers", "HIGH"],
    ];
    for (i, args) in cases.iter().enumerate() {
        let file = dir.path().join(format!("out{i}"));
        let mut a = args.clone();
        let f = file.to_str().unwrap().to_string();
        a.extend(["-o", &f]);
        let to_file = run(&a);
        assert_eq!(to_file.code, 0, "{args:?}: {}", to_file.stderr);
        assert!(
            to_file.stdout.is_empty(),
            "{args:?} printed: {}",
            to_file.stdout
        );
        let printed = run(args);
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            printed.stdout,
            "{args:?}"
        );
    }
}

#[test]
fn a_run_that_fails_leaves_the_previous_report_in_place_and_no_stray_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    std::fs::write(&report, "yesterday's report").unwrap();
    let r = report.to_str().unwrap();
    let failed = run(&["lint", "no/such/folder", "--format", "json", "-o", r]);
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "yesterday's report"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.json")]);
    // Findings are a success: exit 1, and the report is replaced.
    let found = run(&["lint", LAB, "--at", AT, "--format", "json", "-o", r]);
    assert_eq!(found.code, 1, "{}", found.stderr);
    assert!(std::fs::read_to_string(&report).unwrap().starts_with('{'));
}

#[test]
fn lint_without_a_path_lints_the_current_directory() {
    let here = Command::new(BIN)
        .args(["lint", "--at", AT, "--format", "json"])
        .current_dir(LAB)
        .output()
        .unwrap();
    let there = run(&["lint", ".", "--at", AT, "--format", "json"]);
    let _ = there;
    let named = Command::new(BIN)
        .args(["lint", ".", "--at", AT, "--format", "json"])
        .current_dir(LAB)
        .output()
        .unwrap();
    assert_eq!(here.status.code(), named.status.code());
    assert_eq!(here.stdout, named.stdout);
    assert!(!here.stdout.is_empty());
}

// 4. Formats for CI systems.

#[test]
fn github_format_is_one_workflow_command_per_line() {
    let r = run(&["lint", LAB, "--at", AT, "--format", "github"]);
    assert_eq!(r.code, 1, "the lab has errors");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let rest = line
            .strip_prefix("::error ")
            .or_else(|| line.strip_prefix("::warning "))
            .or_else(|| line.strip_prefix("::notice "))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let (props, message) = rest.split_once("::").expect("properties::message");
        assert!(!message.is_empty());
        let keys: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').expect("key=value").0)
            .collect();
        assert_eq!(keys.first(), Some(&"file"), "{line}");
        assert_eq!(keys.last(), Some(&"title"), "{line}");
        for k in &keys {
            assert!(["file", "line", "col", "title"].contains(k), "{line}");
        }
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains(",line=") && l.contains(",col="))
    );
}

#[test]
fn gitlab_format_has_the_code_quality_fields() {
    let r = run(&["lint", LAB, "--at", AT, "--format", "gitlab"]);
    let doc = json(&r.stdout);
    let issues = doc.as_array().expect("an array of issues");
    assert!(!issues.is_empty());
    let mut prints = std::collections::HashSet::new();
    for i in issues {
        assert!(i["description"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(i["check_name"].as_str().is_some_and(|s| !s.is_empty()));
        let fp = i["fingerprint"].as_str().expect("fingerprint");
        assert!(prints.insert(fp.to_string()), "duplicate fingerprint {fp}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        assert!(i["location"]["path"].as_str().is_some());
        assert!(
            i["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
    }
    // Stable: the same run gives the same fingerprints.
    let again = run(&["lint", LAB, "--at", AT, "--format", "gitlab"]);
    assert_eq!(r.stdout, again.stdout);
}

#[test]
fn pre_commit_hooks_file_names_tlskit() {
    let text = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    assert!(text.contains("id: tlskit-lint"));
    assert!(text.contains("entry: tlskit lint"));
}

// 5. Colour.

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let esc = |r: &Run| r.stdout.contains('\x1b');
    let args = ["lint", LAB, "--at", AT];
    assert!(!esc(&run(&args)), "a pipe is not coloured");
    let mut always = args.to_vec();
    always.extend(["--color", "always"]);
    assert!(esc(&run(&always)));
    assert!(esc(&run_with(&args, None, &[("CLICOLOR_FORCE", "1")])));
    assert!(!esc(&run_with(
        &args,
        None,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    let mut never = args.to_vec();
    never.extend(["--color", "never"]);
    assert!(!esc(&run_with(&never, None, &[("CLICOLOR_FORCE", "1")])));
    // Verdict words are coloured like severities.
    let ca = format!("{LAB_CERTS}/ca/ca_cert.pem");
    let v = run(&[
        "cert",
        "verify",
        &lab_cert(),
        "--trusted-ca",
        &ca,
        "--at",
        "2040-01-01",
        "--color",
        "always",
    ]);
    assert!(
        v.stdout.contains("\x1b[1;31mINVALID\x1b[0m"),
        "{}",
        v.stdout
    );
}

#[test]
fn colour_on_a_terminal_unless_term_is_dumb_or_no_color() {
    if !have("script") {
        return;
    }
    let ca = format!("{LAB_CERTS}/ca/ca_cert.pem");
    let line = format!(
        "{BIN} cert verify {} --trusted-ca {ca} --at 2040-01-01",
        lab_cert()
    );
    // `script` gives the command a terminal.
    let on_tty = |env: &[(&str, &str)]| {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("TERM", "xterm");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    assert!(on_tty(&[]).contains("\x1b[1;31mINVALID"));
    assert!(!on_tty(&[("TERM", "dumb")]).contains('\x1b'));
    assert!(!on_tty(&[("NO_COLOR", "1")]).contains('\x1b'));
}

// 6. Friendly input and errors.

#[test]
fn at_takes_a_plain_date() {
    let date = run(&["lint", LAB, "--at", "2026-11-22", "--format", "json"]);
    let full = run(&["lint", LAB, "--at", AT, "--format", "json"]);
    assert_eq!(date.stdout, full.stdout);
    let bad = run(&["lint", LAB, "--at", "yesterday"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("give a date (2027-03-01)"),
        "{}",
        bad.stderr
    );
    assert!(!bad.stderr.contains("component"), "{}", bad.stderr);
}

#[test]
fn no_rust_debug_names_in_cert_inspect() {
    for f in [format!("{LAB_CERTS}/certs/cs-01_priv_key.pem"), lab_cert()] {
        let r = run(&["cert", "inspect", &f, "--at", AT]);
        for debug in ["(Pem", "(Der", "(Pkcs12", "Rsa ", "Ec "] {
            assert!(!r.stdout.contains(debug), "{f}: {debug}: {}", r.stdout);
        }
    }
}

#[test]
fn no_library_internals_in_errors() {
    let r = run(&["cert", "inspect", "testdata/bad/garbage.pfx"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("its DER encoding is broken"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("ASN.1"), "{}", r.stderr);
    // Standard input is named as such.
    let r = run_with(&["key", "convert", "-", "-"], Some(b"junk\n"), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("tlskit: error: standard input: "),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_rule_ids_in_tlskit_toml_get_a_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.cfg"), "[security]\ntransport=tls=1\n").unwrap();
    std::fs::write(
        dir.path().join("tlskit.toml"),
        "[rules]\nplaintext-conection = \"off\"\n",
    )
    .unwrap();
    let r = run(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `plaintext-connection`?"),
        "{}",
        r.stderr
    );
    std::fs::write(
        dir.path().join("tlskit.toml"),
        "[[suppress]]\nrule = \"plaintext-conection\"\napplication = \"A\"\nreason = \"r\"\n",
    )
    .unwrap();
    let r = run(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("tlskit.toml:1"), "{}", r.stderr);
    assert!(
        r.stderr.contains("did you mean `plaintext-connection`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn unused_suppressions_are_reported_by_entry() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.cfg"), "[security]\ntransport=tls=1\n").unwrap();
    std::fs::write(
        dir.path().join("tlskit.toml"),
        "[[suppress]]\nrule = \"plaintext-connection\"\napplication = \"NoSuchApp\"\nreason = \"isolated VLAN\"\n",
    )
    .unwrap();
    let r = run(&["lint", dir.path().to_str().unwrap(), "--fail-on", "never"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("tlskit.toml:1: [[suppress]] rule = \"plaintext-connection\", application = \"NoSuchApp\": matched no finding"),
        "{}",
        r.stderr
    );
}

#[test]
fn enumerations_get_a_did_you_mean() {
    let r = run(&["ca", "revoke", "01", "--reason", "keycompromise"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("keyCompromise"), "{}", r.stderr);
    let r = run(&["lint", "--format", "sarf"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("sarif"), "{}", r.stderr);
}

// 7. Consistent machine output.

#[test]
fn every_json_document_has_the_envelope() {
    let ca = format!("{LAB_CERTS}/ca/ca_cert.pem");
    let cert = lab_cert();
    let other = format!("{LAB_CERTS}/certs/cs-02_cert.pem");
    let cases: Vec<Vec<&str>> = vec![
        vec!["lint", LAB, "--at", AT],
        vec!["resolve", LAB],
        vec!["rules"],
        vec!["rules", "plaintext-connection"],
        vec!["cert", "inspect", &cert, "--at", AT],
        vec!["cert", "verify", &cert, "--trusted-ca", &ca, "--at", AT],
        vec![
            "cert",
            "verify",
            &cert,
            &other,
            "--trusted-ca",
            &ca,
            "--at",
            AT,
        ],
        vec!["ciphers"],
        vec!["probe", "127.0.0.1:1", "--timeout", "1", "--no-scan"],
    ];
    for args in cases {
        let mut a = args.clone();
        a.extend(["--format", "json"]);
        let r = run(&a);
        let doc = json(&r.stdout);
        assert_eq!(doc["tool"], "tlskit", "{args:?}");
        assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"), "{args:?}");
        if args[0] != "lint" {
            assert!(
                r.stdout
                    .starts_with("{\n  \"tool\": \"tlskit\",\n  \"version\""),
                "{args:?}"
            );
        }
    }
}

#[test]
fn ca_list_json_has_the_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert_eq!(
        run(&[
            "ca",
            "init",
            "--dir",
            d,
            "--cn",
            "T",
            "--key-type",
            "ecdsa-p256"
        ])
        .code,
        0
    );
    let r = run(&["ca", "list", "--dir", d, "--format", "json"]);
    let doc = json(&r.stdout);
    assert_eq!(doc["tool"], "tlskit");
    assert!(doc["certificates"].is_array());
}

#[test]
fn junit_has_one_failure_per_test_case() {
    let r = run(&["lint", LAB, "--at", AT, "--format", "junit"]);
    for case in r.stdout.split("<testcase").skip(1) {
        let case = case.split("</testcase>").next().unwrap();
        assert!(case.matches("<failure").count() <= 1, "{case}");
    }
    assert!(r.stdout.contains("<failure"));
}

#[test]
fn sarif_messages_carry_no_help_text() {
    let r = run(&["lint", LAB, "--at", AT, "--format", "sarif"]);
    let doc = json(&r.stdout);
    for result in doc["runs"][0]["results"].as_array().unwrap() {
        let text = result["message"]["text"].as_str().unwrap();
        assert!(!text.contains("Help:"), "{text}");
    }
}

// 8. The Security Pack shims.

#[test]
fn shims_answer_help_and_name_missing_values() {
    for shim in ["create_ca.sh", "create_cert.sh", "convert_priv_key.sh"] {
        let path = format!("scripts/{shim}");
        for flag in ["-h", "--help"] {
            let out = Command::new("bash").args([&path, flag]).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{shim} {flag}");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains("Usage") || text.contains("usage"),
                "{shim}: {text}"
            );
        }
    }
    // A flag without its value is named.
    let out = Command::new("bash")
        .args(["scripts/create_cert.sh", "-host"])
        .env(
            "PATH",
            format!(
                "{}:/usr/bin:/bin",
                Path::new(BIN).parent().unwrap().display()
            ),
        )
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(!err.contains("unbound variable"), "{err}");
    assert!(err.contains("-host"), "{err}");
    // No tlskit on the PATH: where to get it.
    let out = Command::new("bash")
        .args(["scripts/create_ca.sh"])
        .env("PATH", "/usr/bin:/bin")
        .env_remove("TLSKIT")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(err.contains("cargo install"), "{err}");
}

#[test]
fn a_port_that_answers_in_clear_text_is_said_so() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 512];
            let _ = std::io::Read::read(&mut stream, &mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let endpoint = format!("127.0.0.1:{port}");
    let r = run(&["probe", &endpoint, "--no-scan", "--timeout", "2"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("FAILED  the endpoint answered in clear text, not TLS"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("InvalidContentType"), "{}", r.stdout);
}
