//! Test scaffolding: run the tlskit binary, and build deployments in temporary folders from
//! a clean baseline that each scenario changes in one place.
#![allow(dead_code)]

pub mod pki;
pub mod servers;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_tlskit");

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The certificates of testdata/genesys-lab, which the baseline names under /etc/sec.
pub fn lab_certs() -> PathBuf {
    repo().join("testdata/genesys-lab/certs")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    /// Rule ids of a `lint --format json` run, sorted, duplicates kept.
    pub fn rules(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.json()["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .map(|f| f["rule"].as_str().expect("rule id").to_string())
            .collect();
        ids.sort();
        ids
    }

    pub fn findings(&self, rule: &str) -> Vec<Value> {
        self.json()["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .filter(|f| f["rule"] == rule)
            .cloned()
            .collect()
    }
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn tlskit<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    tlskit_in(&repo(), args)
}

/// Git keeps no file modes but the executable bit, so a fresh checkout has its test keys
/// readable by everyone. The keys are made owner-only once, as an administrator would, so
/// that key-file-permissions findings come only from the scenarios that want them.
pub fn private_keys_owner_only() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        fn walk(dir: &Path) {
            use std::os::unix::fs::PermissionsExt;
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p);
                } else if p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.contains("priv"))
                {
                    let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600));
                }
            }
        }
        walk(&repo().join("testdata"));
    });
}

pub fn tlskit_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    private_keys_owner_only();
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("tlskit runs");
    finish(out)
}

fn security(cert: &str) -> Value {
    json!({
        "security": {
            "certificate": format!("/etc/sec/certs/{cert}_cert.pem"),
            "certificate-key": format!("/etc/sec/certs/{cert}_priv_key.pem"),
            "trusted-ca": "/etc/sec/ca/ca_cert.pem"
        }
    })
}

/// A realistic deployment that lints clean: host-level credentials on every UNIX host, a
/// Configuration Server pair, Message Server with mutual TLS, SCS, Stat Server, a Java
/// UCS with its own PKCS#8 key, and a T-Server on Windows with a thumbprint.
pub fn clean() -> Value {
    json!({
        "hosts": [
            {"name": "cs-01.lab.example.com", "ipAddress": "10.20.0.11", "osInfo": {"type": "Linux"}, "userProperties": security("cs-01")},
            {"name": "cs-02.lab.example.com", "ipAddress": "10.20.0.12", "osInfo": {"type": "Linux"}, "userProperties": security("cs-02")},
            {"name": "ms-01.lab.example.com", "ipAddress": "10.20.0.21", "osInfo": {"type": "Linux"}, "userProperties": security("ms-01")},
            {"name": "ucs-01.lab.example.com", "ipAddress": "10.20.0.31", "osInfo": {"type": "Linux"}, "userProperties": security("ucs-01")},
            {"name": "ts-01.lab.example.com", "ipAddress": "10.20.0.41", "osInfo": {"type": "Windows Server 2019"},
             "userProperties": {"security": {"certificate": "9c cf 69 c3 98 6a 12 59 c6 e5 23 52 39 7b 2f fc fa 6d 68 5a"}}}
        ],
        "applications": [
            {"name": "confserv", "type": "CFGConfigServer", "isPrimary": true,
             "serverInfo": {"host": "cs-01.lab.example.com", "backupServer": "confserv_backup"},
             "portInfos": [{"id": "default", "port": "2020", "transportParams": ""},
                           {"id": "secure", "port": "2021", "transportParams": "tls=1"}]},
            {"name": "confserv_backup", "type": "CFGConfigServer", "isPrimary": false,
             "serverInfo": {"host": "cs-02.lab.example.com"},
             "portInfos": [{"id": "default", "port": "2020", "transportParams": ""},
                           {"id": "secure", "port": "2021", "transportParams": "tls=1"}]},
            {"name": "MessageServer", "type": "CFGMessageServer",
             "serverInfo": {"host": "ms-01.lab.example.com"},
             "portInfos": [{"id": "default", "port": "4020", "transportParams": "tls=1;tls-mutual=1"}],
             "appServers": [{"appServer": "confserv", "id": "secure"}]},
            {"name": "SCS", "type": "CFGSCS", "serverInfo": {"host": "cs-01.lab.example.com"},
             "portInfos": [{"id": "default", "port": "4000", "transportParams": "tls=1"}],
             "appServers": [{"appServer": "confserv", "id": "secure"},
                            {"appServer": "MessageServer", "id": "default"}]},
            {"name": "StatServer", "type": "CFGStatServer", "serverInfo": {"host": "ucs-01.lab.example.com"},
             "portInfos": [{"id": "default", "port": "3000", "transportParams": "tls=1"}],
             "appServers": [{"appServer": "confserv", "id": "secure"},
                            {"appServer": "MessageServer", "id": "default"},
                            {"appServer": "TServer_SIP", "id": "default"}]},
            {"name": "UCS", "type": "CFGContactServer", "serverInfo": {"host": "ucs-01.lab.example.com"},
             "portInfos": [{"id": "default", "port": "5130", "transportParams": "tls=1"}],
             "appServers": [{"appServer": "confserv", "id": "secure"},
                            {"appServer": "MessageServer", "id": "default"}],
             "options": {"security": {
                 "certificate": "/etc/sec/certs/ucs_cert.pem",
                 "certificate-key": "/etc/sec/certs/ucs_priv_key_NEW.pem",
                 "trusted-ca": "/etc/sec/ca/ca_cert.pem"}}},
            {"name": "TServer_SIP", "type": "CFGTServer", "serverInfo": {"host": "ts-01.lab.example.com"},
             "portInfos": [{"id": "default", "port": "7000", "transportParams": "tls=1"}],
             "appServers": [{"appServer": "confserv", "id": "secure"},
                            {"appServer": "StatServer", "id": "default"}]}
        ]
    })
}

/// A deployment folder in a temporary directory.
pub struct Scenario {
    pub dir: tempfile::TempDir,
}

impl Scenario {
    /// The deployment, and a tlskit.toml whose windows-store holds the T-Server host's
    /// certificate (the one the baseline's thumbprint names).
    pub fn new(deployment: &Value) -> Scenario {
        let s = Scenario::empty();
        s.write(
            "deployment.json",
            &serde_json::to_string_pretty(deployment).unwrap(),
        );
        s.write("tlskit.toml", &windows_store_toml());
        s
    }

    pub fn empty() -> Scenario {
        Scenario {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `tlskit lint DIR --format json` with /etc/sec mapped to the lab certificates.
    pub fn lint(&self, extra: &[&str]) -> Run {
        let map = format!("/etc/sec={}", lab_certs().display());
        let mut args = vec!["lint".to_string(), self.path().display().to_string()];
        args.extend(["--format", "json", "--path-map", &map].map(String::from));
        args.extend(extra.iter().map(|s| s.to_string()));
        let run = tlskit(&args);
        assert!(
            run.code == 0 || run.code == 1,
            "exit {}: {}",
            run.code,
            run.stderr
        );
        run
    }
}

/// The `windows-store` line every scenario starts with; tests that write their own
/// tlskit.toml add it to keep the baseline's thumbprint resolved.
pub fn windows_store_toml() -> String {
    let store = lab_certs().join("windows");
    format!("windows-store = {:?}\n", store.display().to_string())
}

/// Finds an application of a deployment by name, to change it.
pub fn app<'a>(d: &'a mut Value, name: &str) -> &'a mut Value {
    d["applications"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no application {name}"))
}

pub fn host<'a>(d: &'a mut Value, name: &str) -> &'a mut Value {
    d["hosts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|h| h["name"].as_str().unwrap().starts_with(name))
        .unwrap_or_else(|| panic!("no host {name}"))
}

/// Lints the clean baseline after `change`, returning the sorted rule ids found.
pub fn lint_changed(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut d = clean();
    change(&mut d);
    Scenario::new(&d).lint(&[]).rules()
}

pub fn ids(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Exit 2 with one stderr line naming `names` and saying `says`.
pub fn assert_input_error(run: &Run, names: &str, says: &str) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {:?}", run.stderr);
    assert!(
        run.stderr.contains(names),
        "{:?} should name {names}",
        run.stderr
    );
    assert!(
        run.stderr.contains(says),
        "{:?} should say {says}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

/// Says that a test skipped, and why, where the run shows it: straight to the process's
/// stderr, past the test harness's capture, so that a passing run still tells.
pub fn skip(why: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "skipped: {why}");
}
