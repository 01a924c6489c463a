//! Phase X in `lint`: a two-host deployment (a server port and a client connecting to it)
//! whose certificate files are made by openssl, clean as built, then each mistake alone.

use crate::common::pki::{Ca, Lab, Leaf, Spec, openssl};
use crate::common::*;
use serde_json::{Value, json};

const SERVER: &str = "srv.example.com";
const CLIENT: &str = "cli.example.com";

struct World {
    lab: Lab,
    root: Ca,
    server: Leaf,
    client: Leaf,
}

fn world() -> World {
    let lab = Lab::new();
    let root = lab.root("Lab Root");
    let server = lab.issue(&root, "server", &Spec::server(SERVER));
    let client = lab.issue(&root, "client", &Spec::server(CLIENT));
    for k in [&server.key, &client.key] {
        chmod(k, 0o600);
    }
    World {
        lab,
        root,
        server,
        client,
    }
}

fn chmod(p: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn p(path: &std::path::Path) -> String {
    path.display().to_string()
}

impl World {
    /// Server StatServer on srv (port tls=1;tls-mutual=1), client Router on cli, both with
    /// host-level credentials, the client checking the server's name.
    fn deployment(&self) -> Value {
        let sec = |leaf: &Leaf| {
            json!({"security": {
                "certificate": p(&leaf.cert),
                "certificate-key": p(&leaf.key),
                "trusted-ca": p(&self.root.cert)}})
        };
        json!({
            "hosts": [
                {"name": SERVER, "osInfo": {"type": "Linux"}, "userProperties": sec(&self.server)},
                {"name": CLIENT, "osInfo": {"type": "Linux"}, "userProperties": sec(&self.client)}
            ],
            "applications": [
                {"name": "StatServer", "type": "CFGStatServer", "serverInfo": {"host": SERVER},
                 "portInfos": [{"id": "default", "port": "3000", "transportParams": "tls=1;tls-mutual=1"}]},
                {"name": "Router", "type": "CFGRouterServer", "serverInfo": {"host": CLIENT},
                 "portInfos": [{"id": "default", "port": "4000", "transportParams": "tls=1"}],
                 "options": {"security": {"tls-target-name-check": "host"}},
                 "appServers": [{"appServer": "StatServer", "id": "default"}]}
            ]
        })
    }

    fn lint(&self, d: &Value, extra: &[&str]) -> Run {
        self.lint_at(d, "2030-06-01T00:00:00Z", extra)
    }

    /// `lint` as of `at`.
    fn lint_at(&self, d: &Value, at: &str, extra: &[&str]) -> Run {
        let s = Scenario::new(d);
        let mut args = vec![
            "lint",
            s.path().to_str().unwrap(),
            "--format",
            "json",
            "--at",
            at,
        ];
        args.extend(extra);
        let run = tlskit(&args);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        run
    }
}

fn server_sec(d: &mut Value) -> &mut Value {
    &mut host(d, "srv")["userProperties"]["security"]
}

#[test]
fn certificates_made_right_lint_clean() {
    let w = world();
    let run = w.lint(&w.deployment(), &[]);
    assert_eq!(run.rules(), Vec::<String>::new(), "{}", run.stdout);
}

#[test]
fn a_key_of_another_certificate_does_not_match() {
    let w = world();
    let mut d = w.deployment();
    server_sec(&mut d)["certificate-key"] = json!(p(&w.client.key));
    assert_eq!(w.lint(&d, &[]).rules(), ids(&["key-cert-mismatch"]));
}

#[test]
fn an_encrypted_key_is_unreadable_for_genesys() {
    let w = world();
    let enc = w.lab.path("enc.key");
    openssl(
        w.lab.dir.path(),
        &[
            "pkcs8",
            "-topk8",
            "-in",
            &p(&w.server.key),
            "-out",
            &p(&enc),
            "-passout",
            "pass:x",
        ],
    );
    chmod(&enc, 0o600);
    let mut d = w.deployment();
    server_sec(&mut d)["certificate-key"] = json!(p(&enc));
    let run = w.lint(&d, &[]);
    assert_eq!(run.rules(), ids(&["file-unreadable"]));
    assert!(
        run.findings("file-unreadable")[0]["message"]
            .as_str()
            .unwrap()
            .contains("encrypted")
    );
}

#[test]
fn a_world_readable_key_is_reported() {
    let w = world();
    chmod(&w.server.key, 0o644);
    assert_eq!(
        w.lint(&w.deployment(), &[]).rules(),
        ids(&["key-file-permissions"])
    );
}

/// A path-mapped copy (a git checkout of the deployment's files) has the modes of the copy,
/// not of the host's file: it is judged only when tlskit.toml says the mapping is the
/// hosts' own files.
#[test]
fn the_mode_of_a_path_mapped_key_is_judged_only_where_it_is_the_hosts_file() {
    let w = world();
    chmod(&w.server.key, 0o644);
    let mut d = w.deployment();
    let dir = w.server.key.parent().unwrap().to_str().unwrap().to_string();
    let name = w.server.key.file_name().unwrap().to_str().unwrap();
    server_sec(&mut d)["certificate-key"] = json!(format!("/etc/sec/{name}"));
    let map = format!("/etc/sec={dir}");
    assert_eq!(
        w.lint(&d, &["--path-map", &map]).rules(),
        Vec::<String>::new()
    );
    let s = Scenario::new(&d);
    s.write(
        "tlskit.toml",
        &format!("path-map-is-host-files = true\n[path-map]\n\"/etc/sec\" = {dir:?}\n"),
    );
    let run = tlskit([
        "lint",
        s.path().to_str().unwrap(),
        "--format",
        "json",
        "--at",
        "2030-06-01T00:00:00Z",
    ]);
    assert_eq!(run.rules(), ids(&["key-file-permissions"]));
}

#[test]
fn a_server_certificate_needs_both_usages() {
    let w = world();
    let mut spec = Spec::server(SERVER);
    spec.eku = Some("serverAuth".into());
    let only = w.lab.issue(&w.root, "server-only", &spec);
    chmod(&only.key, 0o600);
    let mut d = w.deployment();
    server_sec(&mut d)["certificate"] = json!(p(&only.cert));
    server_sec(&mut d)["certificate-key"] = json!(p(&only.key));
    assert_eq!(w.lint(&d, &[]).rules(), ids(&["missing-eku"]));
}

#[test]
fn the_name_checked_by_the_client_must_be_in_the_certificate() {
    let w = world();
    let other = w
        .lab
        .issue(&w.root, "other", &Spec::server("other.example.com"));
    chmod(&other.key, 0o600);
    let mut d = w.deployment();
    server_sec(&mut d)["certificate"] = json!(p(&other.cert));
    server_sec(&mut d)["certificate-key"] = json!(p(&other.key));
    let run = w.lint(&d, &[]);
    // Per certificate, and per connection that will fail because of it.
    assert_eq!(
        run.rules(),
        ids(&["handshake-name-mismatch", "hostname-mismatch"])
    );
    assert_eq!(run.findings("hostname-mismatch")[0]["severity"], "error");
    // Without a client checking names it is a warning.
    app(&mut d, "Router")
        .as_object_mut()
        .unwrap()
        .remove("options");
    let run = w.lint(&d, &[]);
    assert_eq!(run.findings("hostname-mismatch")[0]["severity"], "warning");
}

#[test]
fn name_checks_against_an_address_cannot_work() {
    let w = world();
    let mut d = w.deployment();
    host(&mut d, "srv")["name"] = json!("10.9.8.7");
    app(&mut d, "StatServer")["serverInfo"]["host"] = json!("10.9.8.7");
    // The handshake itself fails too: the address is not among the certificate's names.
    assert_eq!(
        w.lint(&d, &[]).rules(),
        ids(&["handshake-name-mismatch", "ip-target-name"])
    );
}

#[test]
fn the_client_must_trust_the_server_and_the_server_the_client() {
    let w = world();
    let other = w.lab.root("Other Root");
    let mut d = w.deployment();
    host(&mut d, "cli")["userProperties"]["security"]["trusted-ca"] = json!(p(&other.cert));
    let run = w.lint(&d, &[]);
    // The client trusts another root: it refuses the server; the server (mutual) still
    // trusts the client. Two roots in the deployment are worth a notice.
    assert_eq!(
        run.rules(),
        ids(&[
            "chain-untrusted",
            "handshake-server-untrusted",
            "multiple-trust-roots"
        ])
    );
    assert_eq!(
        run.findings("chain-untrusted")[0]["object"]["port"],
        "default"
    );
    let mut d = w.deployment();
    server_sec(&mut d)["trusted-ca"] = json!(p(&other.cert));
    let run = w.lint(&d, &[]);
    let untrusted = run.findings("chain-untrusted");
    assert_eq!(untrusted.len(), 1, "{}", run.stdout);
    assert!(untrusted[0]["object"]["connection"].is_string());
    assert_eq!(run.findings("handshake-client-untrusted").len(), 1);
}

#[test]
fn the_peers_crl_revokes_a_certificate() {
    let w = world();
    w.lab.revoke(&w.root, &w.server);
    let crl = w
        .lab
        .crl(&w.root, "crl.pem", "20300101000000Z", "20301231000000Z");
    let mut d = w.deployment();
    host(&mut d, "cli")["userProperties"]["security"]["crl"] = json!(p(&crl));
    let run = w.lint(&d, &[]);
    assert_eq!(run.rules(), ids(&["cert-revoked"]));
    // A stale CRL, or one from a CA nobody trusts.
    let stale = w
        .lab
        .crl(&w.root, "stale.pem", "20290101000000Z", "20290201000000Z");
    host(&mut d, "cli")["userProperties"]["security"]["crl"] = json!(p(&stale));
    assert!(w.lint(&d, &[]).rules().contains(&"crl-expired".to_string()));
    let stranger_lab = Lab::new();
    let stranger = stranger_lab.root("Stranger");
    let foreign = stranger_lab.crl(
        &stranger,
        "foreign.pem",
        "20300101000000Z",
        "20301231000000Z",
    );
    host(&mut d, "cli")["userProperties"]["security"]["crl"] = json!(p(&foreign));
    assert_eq!(w.lint(&d, &[]).rules(), ids(&["crl-issuer-unknown"]));
}

#[test]
fn expiry_is_judged_at_the_given_time_with_the_warning_window() {
    let w = world();
    let d = w.deployment();
    let s = Scenario::new(&d);
    let lint = |at: &str, extra: &[&str]| {
        let mut args = vec![
            "lint",
            s.path().to_str().unwrap(),
            "--format",
            "json",
            "--at",
            at,
        ];
        args.extend(extra);
        tlskit(&args).rules()
    };
    // The lab's certificates end on 2035-01-01; the root lives 20 years from today.
    assert_eq!(
        lint("2034-12-20T00:00:00Z", &[]),
        ids(&["cert-expires-soon", "cert-expires-soon"])
    );
    assert_eq!(
        lint("2034-12-20T00:00:00Z", &["--expiry-warn-days", "5"]),
        Vec::<String>::new()
    );
    let expired = lint("2035-02-01T00:00:00Z", &[]);
    assert!(
        expired.iter().filter(|r| *r == "cert-expired").count() >= 2,
        "{expired:?}"
    );
    assert!(lint("2024-06-01T00:00:00Z", &[]).contains(&"cert-not-yet-valid".to_string()));
}

#[test]
fn the_certificate_file_must_hold_the_whole_chain_in_order() {
    let w = world();
    let inter = w.lab.intermediate(&w.root, "Issuing", &Spec::ca("Issuing"));
    let leaf = w.lab.issue(&inter, "srv-i", &Spec::server(SERVER));
    chmod(&leaf.key, 0o600);
    let mut d = w.deployment();
    server_sec(&mut d)["certificate"] = json!(p(&leaf.cert));
    server_sec(&mut d)["certificate-key"] = json!(p(&leaf.key));
    let run = w.lint(&d, &[]);
    // The client cannot build the path either.
    assert_eq!(
        run.rules(),
        ids(&[
            "chain-incomplete",
            "chain-untrusted",
            "handshake-server-untrusted"
        ])
    );
    let reversed = w.lab.cat("reversed.pem", &[&inter.cert, &leaf.cert]);
    server_sec(&mut d)["certificate"] = json!(p(&reversed));
    assert_eq!(w.lint(&d, &[]).rules(), ids(&["chain-order"]));
    // The comma-separated form of the option, in order, is complete.
    server_sec(&mut d)["certificate"] = json!(format!("{},{}", p(&leaf.cert), p(&inter.cert)));
    assert_eq!(w.lint(&d, &[]).rules(), Vec::<String>::new());
}

#[test]
fn weak_wildcard_self_signed_and_ca_certificates_are_named() {
    let w = world();
    let rsa_root = w.lab.root_with("RSA Root", "rsa:2048");
    let mut weak = Spec::server(SERVER);
    weak.md = "sha1".into();
    weak.key = "rsa:1024".into();
    weak.san = Some(format!("DNS:{SERVER},DNS:*.example.com"));
    let cert = w.lab.issue(&rsa_root, "weak", &weak);
    chmod(&cert.key, 0o600);
    let mut d = w.deployment();
    let both = w.lab.cat("both.pem", &[&w.root.cert, &rsa_root.cert]);
    server_sec(&mut d)["certificate"] = json!(p(&cert.cert));
    server_sec(&mut d)["certificate-key"] = json!(p(&cert.key));
    host(&mut d, "cli")["userProperties"]["security"]["trusted-ca"] = json!(p(&both));
    server_sec(&mut d)["trusted-ca"] = json!(p(&both));
    let found = w.lint(&d, &[]).rules();
    for r in [
        "weak-key",
        "weak-signature-hash",
        "wildcard-name",
        "multiple-trust-roots",
    ] {
        assert!(found.contains(&r.to_string()), "{r} in {found:?}");
    }
    // A CA certificate as the server's certificate, and a host certificate as trusted CA.
    let mut d = w.deployment();
    server_sec(&mut d)["certificate"] = json!(p(&w.root.cert));
    server_sec(&mut d)["certificate-key"] = json!(p(&w.root.key));
    host(&mut d, "cli")["userProperties"]["security"]["trusted-ca"] =
        json!(p(&w.lab.cat("mixed.pem", &[&w.root.cert, &w.client.cert])));
    chmod(&w.root.key, 0o600);
    let found = w.lint(&d, &[]).rules();
    assert!(found.contains(&"leaf-is-ca".to_string()), "{found:?}");
    assert!(
        found.contains(&"trusted-ca-not-ca".to_string()),
        "{found:?}"
    );
}

#[test]
fn windows_thumbprints_resolve_against_the_store_folder() {
    let w = world();
    let store = w.lab.path("store");
    std::fs::create_dir_all(&store).unwrap();
    let mut expired = Spec::server("ts.example.com");
    expired.end = "20300101000000Z".into();
    let ts = w.lab.issue(&w.root, "ts", &expired);
    std::fs::copy(&ts.cert, store.join("ts.pem")).unwrap();
    let out = std::process::Command::new("openssl")
        .args([
            "x509",
            "-in",
            &p(&ts.cert),
            "-noout",
            "-fingerprint",
            "-sha1",
        ])
        .output()
        .unwrap();
    let thumb = String::from_utf8_lossy(&out.stdout)
        .trim()
        .split('=')
        .nth(1)
        .unwrap()
        .replace(':', " ");
    let d = json!({
        "hosts": [{"name": "ts.example.com", "osInfo": {"type": "Windows Server 2019"},
                   "userProperties": {"security": {"certificate": thumb}}}],
        "applications": [{"name": "TServer", "type": "CFGTServer", "serverInfo": {"host": "ts.example.com"},
                          "portInfos": [{"id": "default", "port": "7000", "transportParams": "tls=1"}]}]
    });
    let s = Scenario::new(&d);
    s.write(
        "tlskit.toml",
        &format!("windows-store = \"{}\"\n", p(&store)),
    );
    let run = tlskit([
        "lint",
        s.path().to_str().unwrap(),
        "--format",
        "json",
        "--at",
        "2030-06-01T00:00:00Z",
    ]);
    assert_eq!(run.rules(), ids(&["cert-expired"]));
    // A thumbprint the store does not hold.
    std::fs::remove_file(store.join("ts.pem")).unwrap();
    let run = tlskit([
        "lint",
        s.path().to_str().unwrap(),
        "--format",
        "json",
        "--at",
        "2030-06-01T00:00:00Z",
    ]);
    assert_eq!(run.rules(), ids(&["file-not-found"]));
    assert!(
        run.findings("file-not-found")[0]["message"]
            .as_str()
            .unwrap()
            .contains("thumbprint")
    );
}

/// The client reaches srv through a DNS alias (tls-target-name) and checks names; the
/// certificate names srv itself, as it should. The handshake fails on the connection (as
/// `openssl verify -verify_hostname` says), and the port's certificate is not at fault.
#[test]
fn a_client_using_a_dns_alias_fails_on_its_connection_only() {
    let w = world();
    let mut d = w.deployment();
    app(&mut d, "Router")["appServers"][0]["transportParams"] =
        json!("tls-target-name=stats.example.com");
    let run = w.lint(&d, &[]);
    assert_eq!(
        run.rules(),
        ids(&["handshake-name-mismatch"]),
        "{}",
        run.stdout
    );
    let verify = |name: &str| {
        std::process::Command::new("openssl")
            .args([
                "verify",
                "-CAfile",
                &p(&w.root.cert),
                "-verify_hostname",
                name,
            ])
            .arg(&w.server.cert)
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(verify(SERVER) && !verify("stats.example.com"));
}

/// The lab CA was regenerated under the same name: the client's trusted-ca holds a CA whose
/// subject is the server certificate's issuer, but whose key did not sign it. OpenSSL
/// refuses it ("unable to get local issuer certificate", the key identifiers differing);
/// tlskit names the defect, a signature the trusted CA of that name cannot verify, not a
/// generic untrusted chain.
#[test]
fn a_ca_regenerated_under_the_same_name_is_a_signature_failure() {
    let w = world();
    let other = Lab::new();
    let regenerated = other.root("Lab Root");
    let mut d = w.deployment();
    host(&mut d, "cli")["userProperties"]["security"]["trusted-ca"] = json!(p(&regenerated.cert));
    let run = w.lint(&d, &[]);
    let rules = run.rules();
    assert!(
        rules.contains(&"chain-signature-invalid".to_string())
            && !rules.contains(&"chain-untrusted".to_string()),
        "{rules:?}\n{}",
        run.stdout
    );
    let out = std::process::Command::new("openssl")
        .args(["verify", "-CAfile", &p(&regenerated.cert)])
        .arg(&w.server.cert)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success() && said.contains("unable to get local issuer certificate"),
        "{said}"
    );
    let message = run.findings("chain-signature-invalid")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("a CA regenerated under the same name")
            && message.contains("authority key identifier"),
        "{message}"
    );
}

/// Both hosts trust the same root, which has expired: one finding for the CA, pointing at
/// the second host's trusted-ca as a related place, not one finding per host.
#[test]
fn an_expired_ca_trusted_by_two_hosts_is_reported_once_with_both_places() {
    let w = world();
    let run = w.lint_at(&w.deployment(), "2060-01-01T00:00:00Z", &[]);
    let ca: Vec<_> = run
        .findings("cert-expired")
        .into_iter()
        .filter(|f| f["message"].as_str().unwrap().contains("the trusted CA"))
        .collect();
    assert_eq!(ca.len(), 1, "{}", run.stdout);
    let related = ca[0]["related"].as_array().expect("related places");
    assert!(
        related.iter().any(|r| r["note"]
            .as_str()
            .unwrap()
            .contains("the trusted CA is named here too")),
        "{related:?}"
    );
}

/// The server's host asks for security level 4 (192 bits), which its EC P-256 certificate
/// (128 bits) does not give: `openssl s_server` at that level refuses to start with it, and
/// tlskit predicts the connection fails because the server cannot load its certificate.
#[test]
fn a_server_below_its_own_security_level_cannot_load_its_certificate() {
    let w = world();
    let mut d = w.deployment();
    server_sec(&mut d)["cipher-list"] = json!("DEFAULT:@SECLEVEL=4");
    let s = Scenario::new(&d);
    let resolved = tlskit(["resolve", s.path().to_str().unwrap(), "--format", "json"]);
    let doc: Value = serde_json::from_str(&resolved.stdout).expect(&resolved.stderr);
    let prediction = &doc["connections"][0]["prediction"];
    assert_eq!(prediction["outcome"], "certificate-refused", "{prediction}");
    assert_eq!(prediction["by"], "server");
    let run = w.lint(&d, &[]);
    assert!(
        run.rules()
            .contains(&"handshake-certificate-below-seclevel".to_string()),
        "{}",
        run.stdout
    );
    let started = crate::common::servers::s_server_accepting(
        &[
            "s_server".to_string(),
            "-accept".into(),
            format!("127.0.0.1:{}", crate::common::servers::free_port()),
            "-naccept".into(),
            "1".into(),
            "-cert".into(),
            p(&w.server.cert),
            "-key".into(),
            p(&w.server.key),
            "-cipher".into(),
            "DEFAULT:@SECLEVEL=4".into(),
        ],
        w.lab.dir.path(),
    );
    assert!(
        started.is_err(),
        "s_server loaded a P-256 certificate at level 4"
    );
}
