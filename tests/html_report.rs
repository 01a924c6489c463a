//! `lint --format html` (docs/html-report-data.md): the data document against the
//! reference composer (scripts/html-report-data.py) and the committed fixtures, the
//! assembly (markers, escaping, one file), and the page in real headless Chromium
//! (scripts/check-html-report.py) for the example, the example with broken handshakes,
//! hostile text and the benchmark deployment. The Chromium checks skip, saying so, when
//! `chromium` or `python3` is missing; `.ci/run` installs both.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use serde_json::{Value, json};

const AT: &str = "2026-11-22T00:00:00Z";

/// The data document embedded in a page: the one `<script type="application/json">`.
fn data_of(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"tlskit-data\">";
    let start = page.find(open).expect("the data element") + open.len();
    let end = start + page[start..].find("</script>").expect("its end");
    let raw = &page[start..end];
    assert!(
        !raw.contains('<'),
        "every `<` of the data is written \\u003c"
    );
    serde_json::from_str(raw).expect("the data is JSON")
}

/// `tlskit lint ARGS --format html -o OUT` in `dir`; the page's text.
fn render(dir: &Path, args: &[&str], out: &Path) -> String {
    let mut all: Vec<String> = vec!["lint".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    all.extend(["--format", "html", "-o"].map(String::from));
    all.push(out.display().to_string());
    let run = tlskit_in(dir, &all);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    assert!(run.stdout.is_empty(), "-o writes nothing to stdout");
    std::fs::read_to_string(out).expect("the report was written")
}

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd} >/dev/null")])
        .status()
        .is_ok_and(|s| s.success())
}

/// The checker's verdict on a page, when it can run: `Some((exit code, its line))`.
fn check(html: &Path, extra: &[&str]) -> Option<(i32, String)> {
    if !have("python3") {
        skip("python3 missing: the page is not checked in Chromium");
        return None;
    }
    if !have("chromium") {
        skip("chromium missing (apt-get install chromium): the page is not checked in Chromium");
        return None;
    }
    let out = Command::new("python3")
        .arg(repo().join("scripts/check-html-report.py"))
        .arg(html)
        .args(extra)
        .output()
        .expect("python3 runs");
    let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
    eprintln!("{line}");
    let code = out.status.code().unwrap_or(-1);
    if code == 2 {
        skip(format!("the Chromium check could not run: {line}"));
        return None;
    }
    Some((code, line))
}

fn assert_checks(html: &Path, extra: &[&str]) {
    if let Some((code, line)) = check(html, extra) {
        assert_eq!(code, 0, "{line}");
    }
}

/// Every rule id of `lint --format json` is a finding of the page's data, with the same
/// counts.
fn assert_same_as_json(data: &Value, lint_json: &Value) {
    assert_eq!(data["schema"], "tlskit-html-report/1");
    for k in ["error", "warning", "notice"] {
        assert_eq!(data["summary"][k], lint_json["summary"][k], "{k}");
    }
    assert_eq!(data["summary"]["suppressed"], lint_json["suppressed"]);
    let rules = |v: &Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(data), rules(lint_json));
    for r in rules(lint_json) {
        assert!(data["rules"].get(&r).is_some(), "catalog entry of {r}");
    }
}

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["lint"];
    all.extend(args);
    all.extend(["--format", "json"]);
    tlskit_in(dir, &all).json()
}

/// The connections whose findings include a `handshake-*` rule, by index.
fn handshake_connections(data: &Value) -> Vec<usize> {
    let findings = data["findings"].as_array().unwrap();
    data["connections"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c["findings"].as_array().unwrap().iter().any(|i| {
                findings[i.as_u64().unwrap() as usize]["rule"]
                    .as_str()
                    .unwrap()
                    .starts_with("handshake-")
            })
        })
        .map(|(i, _)| i)
        .collect()
}

fn red_connections(data: &Value) -> Vec<usize> {
    data["connections"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| c["state"] == "fail")
        .map(|(i, _)| i)
        .collect()
}

/// The reference composer's document for PATH, run in `dir` with this build's binary.
fn composed(dir: &Path, path: &str) -> Option<Value> {
    if !have("python3") {
        skip("python3 missing: the data is not compared with scripts/html-report-data.py");
        return None;
    }
    let out = Command::new("python3")
        .arg(repo().join("scripts/html-report-data.py"))
        .args(["--tlskit", BIN, path, "--at", AT])
        .current_dir(dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "html-report-data.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("the composer writes JSON"))
}

/// Compares two documents field by field (objects in any key order), naming the first
/// difference.
/// `TLSKIT_BLESS=1` writes the Rust document over a fixture under `testdata/` instead, for
/// a change of findings that is meant (review the diff before committing it).
fn assert_same_doc(rust: &Value, reference: &Value, what: &str) {
    if std::env::var_os("TLSKIT_BLESS").is_some() && what.starts_with("testdata/") {
        use serde::Serialize;
        let mut text = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b" ");
        rust.serialize(&mut serde_json::Serializer::with_formatter(&mut text, fmt))
            .unwrap();
        text.push(b'\n');
        std::fs::write(repo().join(what), text).unwrap();
        return;
    }
    fn diff(a: &Value, b: &Value, path: &str) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for k in x.keys().chain(y.keys()) {
                    match (x.get(k), y.get(k)) {
                        (Some(p), Some(q)) => {
                            if let Some(d) = diff(p, q, &format!("{path}.{k}")) {
                                return Some(d);
                            }
                        }
                        (p, q) => return Some(format!("{path}.{k}: {p:?} vs {q:?}")),
                    }
                }
                None
            }
            (Value::Array(x), Value::Array(y)) => {
                if x.len() != y.len() {
                    return Some(format!("{path}: {} vs {} items", x.len(), y.len()));
                }
                x.iter()
                    .zip(y)
                    .enumerate()
                    .find_map(|(i, (p, q))| diff(p, q, &format!("{path}[{i}]")))
            }
            _ if a == b => None,
            _ => Some(format!("{path}: {a} vs {b}")),
        }
    }
    if let Some(d) = diff(rust, reference, "") {
        panic!("{what}: the Rust document differs at {d}");
    }
}

#[test]
fn the_example_report_has_the_data_of_the_json_report_and_of_the_reference_composer() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.html");
    let page = render(&repo(), &["testdata/genesys-lab", "--at", AT], &out);
    let data = data_of(&page);
    assert_same_as_json(
        &data,
        &json_of(&repo(), &["testdata/genesys-lab", "--at", AT]),
    );
    // The committed fixture is the reference composer's output at the same date.
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("testdata/html/genesys-lab.json")).unwrap(),
    )
    .unwrap();
    assert_same_doc(&data, &fixture, "testdata/html/genesys-lab.json");
    if let Some(reference) = composed(&repo(), "testdata/genesys-lab") {
        assert_same_doc(&data, &reference, "scripts/html-report-data.py");
    }
    // One application per node, one connection per edge; no handshake fails here.
    assert_eq!(data["summary"]["checked"]["applications"], 8);
    assert_eq!(data["summary"]["checked"]["connections"], 11);
    assert!(red_connections(&data).is_empty());
    // Self-contained: nothing fetched, nothing linked.
    // (SVG's namespace names www.w3.org without fetching it.)
    let names = page.replace("http://www.w3.org/", "");
    for outside in ["http://", "https://", "src=\"//", "@import"] {
        assert!(!names.contains(outside), "the page names {outside}");
    }
    // The same run gives the same bytes.
    let again = tmp.path().join("again.html");
    assert_eq!(
        page,
        render(&repo(), &["testdata/genesys-lab", "--at", AT], &again),
        "the report is deterministic with --at"
    );
    assert_checks(&out, &[]);
}

#[test]
fn standard_output_gets_the_page_without_o_and_a_bad_o_is_an_input_error() {
    let run = tlskit([
        "lint",
        "testdata/genesys-lab",
        "--format",
        "html",
        "--at",
        AT,
    ]);
    assert_eq!(run.code, 1, "errors found: exit 1 as for every format");
    assert!(run.stdout.starts_with("<!DOCTYPE html>"));
    assert_eq!(data_of(&run.stdout)["deployment"]["name"], "genesys-lab");
    let run = tlskit([
        "lint",
        "testdata/genesys-lab",
        "--format",
        "html",
        "--output-file",
        "/nonexistent-dir/report.html",
    ]);
    assert_input_error(&run, "/nonexistent-dir/report.html", "cannot write");
    // -o serves the other formats too.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.json");
    let run = tlskit([
        "lint",
        "testdata/genesys-lab",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["tool"], "tlskit");
}

/// The example with three handshakes broken (as scripts/html-report-test.sh breaks them):
/// red edges exactly for the connections with `handshake-*` findings.
#[test]
fn broken_handshakes_are_the_red_edges() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("testdata/genesys-lab-handshake");
    copy_dir(&repo().join("testdata/genesys-lab"), &root);
    let apps = root.join("export/applications.json");
    let mut d: Value = serde_json::from_str(&std::fs::read_to_string(&apps).unwrap()).unwrap();
    for a in d["applications"].as_array_mut().unwrap() {
        let name = a["name"].as_str().unwrap().to_string();
        if let Some(conns) = a.get_mut("appServers").and_then(Value::as_array_mut) {
            for c in conns {
                let params = match (name.as_str(), c["appServer"].as_str().unwrap()) {
                    ("StatServer", "confserv") => {
                        "tls-target-name-check=host;tls-target-name=wrong.example.com"
                    }
                    ("SCS", "confserv") => "sec-protocol=TLSv12;cipher-list=RC4-SHA:NULL-SHA256",
                    ("UCS", "MessageServer") => "sec-protocol=TLSv12",
                    _ => continue,
                };
                c["transportParams"] = json!(params);
            }
        }
        if name == "MessageServer" {
            a["portInfos"][0]["transportParams"] = json!("tls=1;tls-mutual=1;sec-protocol=TLSv13");
        }
    }
    std::fs::write(&apps, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    let out = tmp.path().join("hs.html");
    let path = "testdata/genesys-lab-handshake";
    let data = data_of(&render(tmp.path(), &[path, "--at", AT], &out));
    assert_same_as_json(&data, &json_of(tmp.path(), &[path, "--at", AT]));
    let red = handshake_connections(&data);
    assert_eq!(red.len(), 3, "three connections with handshake-* findings");
    assert_eq!(red_connections(&data), red);
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("testdata/html/genesys-lab-handshake.json")).unwrap(),
    )
    .unwrap();
    assert_same_doc(&data, &fixture, "testdata/html/genesys-lab-handshake.json");
    assert_checks(&out, &[]);
}

/// Host names, option values and the deployment's folder name are text the page shows;
/// none of them may end the data element or start a script.
#[test]
fn hostile_text_stays_data() {
    let evil = "</script><script>alert(1)</script>";
    let sneaky = "<!--<script>document.title='owned'</script>";
    let mut d = clean();
    for a in d["applications"].as_array_mut().unwrap() {
        if a["serverInfo"]["host"] == "ucs-01.lab.example.com" {
            a["serverInfo"]["host"] = json!(evil);
        }
    }
    host(&mut d, "ucs-01")["name"] = json!(evil);
    app(&mut d, "SCS")["options"] = json!({"security": {
        "cipher-list": format!("HIGH{sneaky}"), "trusted-ca": format!("/etc/sec/{evil}.pem")}});
    app(&mut d, "MessageServer")["portInfos"][0]["transportParams"] =
        json!(format!("tls=1;tls-mutual=1;sec-protocol={evil}"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("<!--<script>lab");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("deployment.json"),
        serde_json::to_string_pretty(&d).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("tlskit.toml"), windows_store_toml()).unwrap();
    let out = tmp.path().join("hostile.html");
    let map = format!("/etc/sec={}", lab_certs().display());
    let page = render(
        tmp.path(),
        &["<!--<script>lab", "--path-map", &map, "--at", AT],
        &out,
    );
    // The page holds no script but the template's two, and no `<!--` at all.
    assert_eq!(
        page.matches("<script").count(),
        3,
        "collector, data, report.js"
    );
    assert_eq!(page.matches("</script").count(), 3);
    assert!(!page.contains("<!--"));
    assert!(!page.contains("alert(1)</script>"));
    let data = data_of(&page);
    assert_eq!(data["deployment"]["name"], "<!--<script>lab");
    let text = data.to_string();
    assert!(text.contains(evil), "the host name is kept as text");
    assert!(
        data["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"] == evil),
        "the hostile host is a host of the map"
    );
    let snippets: Vec<&str> = data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["snippet"]["text"].as_str())
        .collect();
    assert!(
        snippets.iter().any(|s| s.contains("<script>")),
        "a finding quotes a hostile line: {snippets:?}"
    );
    assert_checks(&out, &[]);
}

/// The checker is worth something: a page that loads an outside image fails it.
#[test]
fn the_checker_fails_a_page_that_reaches_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.html");
    let page = render(&repo(), &["testdata/genesys-lab", "--at", AT], &out);
    let bad = tmp.path().join("outside.html");
    std::fs::write(
        &bad,
        page.replacen(
            "<body>",
            "<body><img src=\"https://example.invalid/pixel.png\" alt=\"\">",
            1,
        ),
    )
    .unwrap();
    if let Some((code, line)) = check(&bad, &[]) {
        assert_eq!(code, 1, "{line}");
        assert!(
            line.contains("blocked") || line.contains("outside"),
            "{line}"
        );
    }
}

/// The benchmark deployment (300 hosts, 3,000 applications, 15,000 connections), one
/// connection in 200 offering only a suite no server has: under 20 MiB, ready within 3 s.
/// (Under 100 of them, so that no handshake finding is capped and red edges are exactly
/// the connections with handshake-* findings.)
#[test]
fn the_benchmark_deployment_stays_small_and_quick() {
    if !have("python3") {
        skip("python3 missing: no benchmark deployment to render");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bench = tmp.path().join("bench");
    // --certs 300: one certificate per host (the generator names a host twice in the
    // batch when it issues more certificates than hosts, which `ca issue --batch` refuses).
    let gen_out = Command::new("python3")
        .arg(repo().join("scripts/gen-bench-deployment"))
        .arg(&bench)
        .args(["--certs", "300", "--revoked", "5000", "--tlskit", BIN])
        .output()
        .expect("python3 runs");
    assert!(
        gen_out.status.success(),
        "gen-bench-deployment: {}",
        String::from_utf8_lossy(&gen_out.stderr)
    );
    let export = bench.join("export/deployment.json");
    let mut d: Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let mut n = 0u32;
    for a in d["applications"].as_array_mut().unwrap() {
        if let Some(conns) = a.get_mut("appServers").and_then(Value::as_array_mut) {
            for c in conns {
                n += 1;
                if n.is_multiple_of(200) {
                    c["transportParams"] =
                        json!("sec-protocol=TLSv12;cipher-list=PSK-AES128-CBC-SHA");
                }
            }
        }
    }
    std::fs::write(&export, serde_json::to_string(&d).unwrap()).unwrap();
    let out = tmp.path().join("bench.html");
    let data = data_of(&render(&bench, &[".", "--at", AT], &out));
    assert_eq!(data["summary"]["checked"]["applications"], 3000);
    assert_eq!(data["summary"]["checked"]["connections"], 15000);
    let red = handshake_connections(&data);
    assert!(red.len() >= 50, "{} broken handshakes", red.len());
    assert_eq!(red_connections(&data), red);
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(size < 20 << 20, "{size} bytes");
    assert_checks(&out, &["--max-ready-ms", "3000"]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest: PathBuf = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
            // As an administrator keeps them (Git keeps no modes): no key-file-permissions
            // findings that the committed fixture does not have.
            if e.file_name().to_string_lossy().contains("priv") {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
        }
    }
}
