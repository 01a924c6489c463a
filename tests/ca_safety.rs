//! The lab CA under hostile names, interruptions and misuse (issue 14): every way a name
//! could break ca.db, every way a path, mode, lock, flag or lifetime could be misused, and
//! what a killed or failing run leaves. Each test names the item it proves.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{BIN, Run, Scenario, tlskit};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(run: &Run) {
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

/// Exit 2 with one line on stderr that contains every one of `words`.
fn refused(run: &Run, words: &[&str]) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    if run.stderr.starts_with("tlskit: error:") {
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    for w in words {
        assert!(run.stderr.contains(w), "`{w}` missing: {}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

fn ossl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .env("OPENSSL_CONF", "/dev/null")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn run_out(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// tlskit with `TLSKIT_FAULT` set (and run from `cwd`).
fn faulty(cwd: &Path, fault: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("TLSKIT_FAULT", fault)
        .output()
        .unwrap()
}

struct Ca {
    dir: tempfile::TempDir,
}

impl Ca {
    fn new(extra: &[&str]) -> Ca {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["ca", "init", "--dir", s(dir.path()), "--cn", "Lab CA"];
        args.extend(extra);
        ok(&tlskit(&args));
        Ca { dir }
    }
    fn d(&self) -> &str {
        s(self.dir.path())
    }
    fn conf(&self, name: &str) -> PathBuf {
        self.dir.path().join("ca_conf").join(name)
    }
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.conf(name)).unwrap_or_default()
    }
    fn run(&self, cmd: &str, extra: &[&str]) -> Run {
        let mut args = vec!["ca", cmd, "--dir", self.d()];
        args.extend(extra);
        tlskit(&args)
    }
    fn repository(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.conf("repository"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }
    /// ca.db, serial.num and the repository: what a refused command must leave as it was.
    fn state(&self) -> (String, String, Vec<String>) {
        (
            self.read("ca.db"),
            self.read("serial.num"),
            self.repository(),
        )
    }
    fn gencrl(&self) -> String {
        let cnf = self.dir.path().join("openssl.cnf");
        std::fs::write(&cnf, format!(
            "[ca]\ndefault_ca=x\n[x]\ndatabase={}\nserial={}\ncertificate={}\nprivate_key={}\ndefault_md=sha256\ndefault_crl_days=7\n",
            s(&self.conf("ca.db")), s(&self.conf("serial.num")), s(&self.conf("ca_cert.pem")), s(&self.conf("ca_priv_key.pem"))
        )).unwrap();
        let out = self.dir.path().join("openssl-crl.pem");
        let (good, text) = ossl(&["ca", "-gencrl", "-config", s(&cnf), "-out", s(&out)]);
        assert!(good, "openssl ca -gencrl: {text}");
        ossl(&["crl", "-in", s(&out), "-noout", "-text"]).1
    }
}

/// The subject field of every ca.db line, which must have exactly six fields.
fn db_subjects(db: &str) -> Vec<String> {
    db.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "not six fields: {l:?}");
            f[5].to_string()
        })
        .collect()
}

/// A CSR whose subject has a newline, a tab, `/`, `+` and UTF-8 in its CN (an openssl req
/// configuration turns `\n` into a newline).
fn hostile_csr(dir: &Path) -> PathBuf {
    let cnf = dir.join("req.cnf");
    std::fs::write(
        &cnf,
        "[req]\ndistinguished_name=dn\nprompt=no\nutf8=yes\nstring_mask=utf8only\n[dn]\nO=Org\\, Inc\nCN=x\\nR\t270101000000Z\t\t01\tunknown\t/CN=f+g \u{e9}\n",
    )
    .unwrap();
    let csr = dir.join("hostile.csr");
    let (good, text) = ossl(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        s(&dir.join("hostile.key")),
        "-out",
        s(&csr),
        "-config",
        s(&cnf),
    ]);
    assert!(good, "{text}");
    csr
}

/// The subject `openssl ca` itself writes into index.txt for a CSR (DN kept as it is).
fn openssl_ca_subject(csr: &Path) -> String {
    let d = tempfile::tempdir().unwrap();
    let p = |n: &str| d.path().join(n).to_str().unwrap().to_string();
    std::fs::write(p("index.txt"), "").unwrap();
    std::fs::write(p("serial"), "01\n").unwrap();
    std::fs::create_dir(p("certs")).unwrap();
    assert!(
        ossl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-subj",
            "/CN=Ref",
            "-days",
            "30",
        ])
        .0
    );
    std::fs::write(
        p("ca.cnf"),
        format!(
            "[ca]\ndefault_ca=x\n[x]\ndatabase={}\nserial={}\nnew_certs_dir={}\ncertificate={}\nprivate_key={}\ndefault_md=sha256\ndefault_days=30\npolicy=p\n[p]\norganizationName=optional\ncommonName=supplied\n",
            p("index.txt"), p("serial"), p("certs"), p("ca.pem"), p("ca.key")
        ),
    )
    .unwrap();
    let (good, text) = ossl(&[
        "ca",
        "-batch",
        "-config",
        &p("ca.cnf"),
        "-in",
        s(csr),
        "-out",
        &p("out.pem"),
    ]);
    assert!(good, "{text}");
    let index = std::fs::read_to_string(p("index.txt")).unwrap();
    db_subjects(&index).remove(0)
}

const INJECTED: &str = "x\nR\t270101000000Z\t250101000000Z,keyCompromise\t01\tunknown\t/CN=f";

/// Item 1: the row injection through `issue --cn`, `--org`, a CSV field, a deployment's
/// host name is refused; through a CSR's subject it is escaped exactly as `openssl ca`
/// escapes it; afterwards `ca crl` revokes nothing and `openssl ca -gencrl` works.
#[test]
fn hostile_names_are_refused_or_escaped_and_openssl_ca_still_works() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    ok(&ca.run(
        "issue",
        &["--host", "victim.example.com", "--key-type", "ecdsa-p256"],
    ));
    let before = ca.state();
    refused(
        &ca.run("issue", &["--host", "a.example.com", "--cn", INJECTED]),
        &["--cn", "U+000A"],
    );
    refused(
        &ca.run("issue", &["--host", "a.example.com", "--org", "Ac\tme"]),
        &["--org", "U+0009", "Ac\\tme"],
    );
    let csv = ca.dir.path().join("hosts.csv");
    std::fs::write(
        &csv,
        format!("host,cn,ips,dns\nok.example.com,,,\nb.example.com,\"{INJECTED}\",,\n"),
    )
    .unwrap();
    refused(
        &ca.run("issue", &["--batch", s(&csv)]),
        &["hosts.csv:3: cn", "U+000A"],
    );
    let dep = Scenario::new(&serde_json::json!({"hosts": [
        {"name": "good.example.com", "osInfo": {"type": "redhatlinux"}},
        {"name": "h\nR\t270101000000Z", "osInfo": {"type": "redhatlinux"}}]}));
    refused(
        &ca.run("issue", &["--from-deployment", s(dep.path())]),
        &["host", "U+000A"],
    );
    assert_eq!(ca.state(), before, "a refused command changed the CA");
    // --org on the CA itself.
    let d = tempfile::tempdir().unwrap();
    refused(
        &tlskit([
            "ca",
            "init",
            "--dir",
            s(d.path()),
            "--cn",
            "X",
            "--org",
            "A\tB",
        ]),
        &["--org", "U+0009"],
    );
    assert!(!d.path().join("ca_conf").exists());

    // A CSR may carry anything: signed, its subject escaped as openssl ca does.
    let csr = hostile_csr(ca.dir.path());
    ok(&ca.run("sign", &[s(&csr)]));
    let subjects = db_subjects(&ca.read("ca.db"));
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert_eq!(subjects[1], openssl_ca_subject(&csr));
    assert!(subjects[1].contains("\\x0AR\\x09"), "{}", subjects[1]);
    assert!(!ca.read("ca.db").contains("\nR\t"), "{}", ca.read("ca.db"));
    // Nothing got revoked, by tlskit or by openssl.
    let crl = ca.run("crl", &[]);
    ok(&crl);
    assert!(crl.stdout.contains(", 0 revoked"), "{}", crl.stdout);
    let text = ca.gencrl();
    assert!(text.contains("No Revoked Certificates"), "{text}");
    let list = ca.run("list", &["--format", "json"]).json()["certificates"].clone();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] == "valid")
    );
}

/// Item 2: the journal names files relative to the store, so a run from another working
/// directory finishes (or undoes) the right issuance and touches nothing else.
#[test]
fn recovery_from_another_working_directory_uses_the_stores_own_paths() {
    let top = tempfile::tempdir().unwrap();
    let ca_dir = top.path().join("a/caA");
    ok(&tlskit([
        "ca",
        "init",
        "--dir",
        s(&ca_dir),
        "--cn",
        "A",
        "--key-type",
        "ecdsa-p256",
    ]));
    let w1 = top.path().join("w1");
    let w2 = top.path().join("deep/w2");
    std::fs::create_dir_all(&w1).unwrap();
    std::fs::create_dir_all(&w2).unwrap();
    let issue = [
        "ca",
        "issue",
        "--dir",
        "../a/caA",
        "--host",
        "v.example.com",
        "--key-type",
        "ecdsa-p256",
    ];
    let out = faulty(&w1, "kill:issue-files", &issue);
    assert_eq!(out.status.code(), None, "killed by the fault");
    let journal = std::fs::read_to_string(ca_dir.join("ca_conf/.pending")).unwrap();
    assert!(
        journal.contains("F\trepository/01_v_cert.pem\n"),
        "{journal}"
    );
    // Where the old journal's paths would have led from w2: a file that must survive.
    let decoy = top
        .path()
        .join("deep/a/caA/ca_conf/repository/01_v_cert.pem");
    std::fs::create_dir_all(decoy.parent().unwrap()).unwrap();
    std::fs::write(&decoy, "not yours").unwrap();
    let run = run_out(
        Command::new(BIN)
            .args(["ca", "list", "--dir", "../../a/caA", "--format", "json"])
            .current_dir(&w2)
            .output()
            .unwrap(),
    );
    ok(&run);
    assert_eq!(
        run.json()["certificates"][0]["serial"],
        "01",
        "the issuance was recorded"
    );
    assert_eq!(std::fs::read_to_string(&decoy).unwrap(), "not yours");
    assert!(ca_dir.join("ca_conf/repository/01_v_cert.pem").is_file());
    assert!(!ca_dir.join("ca_conf/.pending").exists());

    // Cut short after its first file: undone in the store, from elsewhere too.
    let out = faulty(&w1, "kill:issue-file-written", &issue);
    assert_eq!(out.status.code(), None);
    let decoy2 = top
        .path()
        .join("deep/a/caA/ca_conf/repository/02_v_priv_key.pem");
    std::fs::write(&decoy2, "not yours either").unwrap();
    let run = run_out(
        Command::new(BIN)
            .args([
                "ca",
                "issue",
                "--dir",
                "../../a/caA",
                "--host",
                "w.example.com",
                "--key-type",
                "ecdsa-p256",
            ])
            .current_dir(&w2)
            .output()
            .unwrap(),
    );
    ok(&run);
    assert!(run.stdout.starts_with("03 "), "{}", run.stdout);
    assert!(decoy2.is_file());
    let repo: Vec<String> = std::fs::read_dir(ca_dir.join("ca_conf/repository"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("02_"))
        .collect();
    assert!(repo.is_empty(), "partial files left: {repo:?}");
}

/// Item 3: `--out` never replaces a file of the store (or a non-CRL); out-of-range days
/// are one-line errors that take no serial.
#[test]
fn out_never_overwrites_the_store_and_days_out_of_range_are_refused() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    ok(&ca.run(
        "issue",
        &["--host", "a.example.com", "--key-type", "ecdsa-p256"],
    ));
    let key = std::fs::read(ca.conf("ca_priv_key.pem")).unwrap();
    let state = ca.state();
    for target in [
        "ca_priv_key.pem",
        "ca_cert.pem",
        "ca.db",
        "serial.num",
        ".lock",
        "repository/01_a_cert.pem",
        "repository/new.pem",
    ] {
        let out = ca.conf(target);
        refused(&ca.run("crl", &["--out", s(&out)]), &["--out"]);
    }
    // The same file reached by another path.
    let sneaky = ca.dir.path().join("ca_conf/repository/../ca_priv_key.pem");
    refused(
        &ca.run("crl", &["--out", s(&sneaky)]),
        &["never overwrites"],
    );
    let other = ca.dir.path().join("notes.txt");
    std::fs::write(&other, "keep me").unwrap();
    refused(&ca.run("crl", &["--out", s(&other)]), &["holds no CRL"]);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep me");
    assert_eq!(std::fs::read(ca.conf("ca_priv_key.pem")).unwrap(), key);
    assert_eq!(ca.state(), state);
    // A new file, then the same CRL file again, are fine.
    let crl = ca.dir.path().join("lab.crl.pem");
    ok(&ca.run("crl", &["--out", s(&crl)]));
    ok(&ca.run("crl", &["--out", s(&crl)]));

    let crl_num = ca.read("crl.num");
    for (cmd, extra) in [
        (
            "issue",
            vec!["--host", "b.example.com", "--days", "3000000"],
        ),
        ("issue", vec!["--host", "b.example.com", "--days", "0"]),
        ("crl", vec!["--days", "3000000"]),
        ("sign", vec!["x.csr", "--days", "4294967295"]),
        ("renew", vec!["01", "--days", "3000000"]),
    ] {
        refused(&ca.run(cmd, &extra), &["--days"]);
    }
    assert_eq!(ca.state(), state, "no serial taken, nothing written");
    assert_eq!(ca.read("crl.num"), crl_num);
    let d = tempfile::tempdir().unwrap();
    refused(
        &tlskit([
            "ca",
            "init",
            "--dir",
            s(d.path()),
            "--cn",
            "X",
            "--days",
            "3000000",
        ]),
        &["--days 3000000"],
    );
    assert!(!d.path().join("ca_conf").exists());
}

/// Item 4: ca_conf/ 0700 and repository/ 0755 whatever the umask; files keep their modes.
#[test]
fn directories_and_files_get_their_modes_under_umask_000() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("new/ca");
    let run = |args: &[&str]| {
        let mut cmd = Command::new(BIN);
        cmd.args(args);
        // SAFETY: umask is async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0);
                Ok(())
            });
        }
        run_out(cmd.output().unwrap())
    };
    ok(&run(&[
        "ca",
        "init",
        "--dir",
        s(&dir),
        "--cn",
        "U",
        "--key-type",
        "ecdsa-p256",
    ]));
    ok(&run(&[
        "ca",
        "issue",
        "--dir",
        s(&dir),
        "--host",
        "m.example.com",
        "--key-type",
        "ecdsa-p256",
    ]));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let conf = dir.join("ca_conf");
    assert_eq!(mode(&dir), 0o755, "--dir made");
    assert_eq!(mode(&conf), 0o700);
    assert_eq!(mode(&conf.join("repository")), 0o755);
    assert_eq!(mode(&conf.join("ca_priv_key.pem")), 0o400);
    assert_eq!(mode(&conf.join("ca_cert.pfx")), 0o600);
    assert_eq!(mode(&conf.join("ca.db")), 0o644);
    assert_eq!(mode(&conf.join(".lock")), 0o600);
    assert_eq!(mode(&conf.join("repository/01_m_priv_key.pem")), 0o600);
    assert_eq!(mode(&conf.join("repository/01_m_cert.pfx")), 0o600);
    assert_eq!(mode(&conf.join("repository/01_m_cert.pem")), 0o644);
}

/// Item 4: a symbolic link planted as `.lock` is refused, not followed.
#[test]
fn a_symlinked_lock_is_refused_not_followed() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    let target = ca.dir.path().join("created-through-the-link");
    let _ = std::fs::remove_file(ca.conf(".lock"));
    std::os::unix::fs::symlink(&target, ca.conf(".lock")).unwrap();
    let state = ca.state();
    for (cmd, extra) in [
        (
            "issue",
            vec!["--host", "a.example.com", "--key-type", "ecdsa-p256"],
        ),
        ("revoke", vec!["01"]),
        ("crl", vec![]),
    ] {
        refused(&ca.run(cmd, &extra), &[".lock", "symbolic link"]);
    }
    assert!(!target.exists(), "the lock followed the link");
    assert_eq!(ca.state(), state);
}

/// Item 5: `ca init` killed before it finishes leaves no ca_conf/; the next init works and
/// clears the temporary folder; a store an older init left half made is named precisely.
#[test]
fn a_killed_init_leaves_no_half_made_ca() {
    for point in ["init-key-written", "init-files-written"] {
        let d = tempfile::tempdir().unwrap();
        let args = [
            "ca",
            "init",
            "--dir",
            s(d.path()),
            "--cn",
            "K",
            "--key-type",
            "ecdsa-p256",
        ];
        let out = faulty(d.path(), &format!("kill:{point}"), &args);
        assert_eq!(out.status.code(), None, "{point}: killed");
        assert!(
            !d.path().join("ca_conf").exists(),
            "{point}: half a CA in place"
        );
        ok(&tlskit(args));
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, ["ca_conf"], "{point}");
        ok(&tlskit([
            "ca",
            "issue",
            "--dir",
            s(d.path()),
            "--host",
            "h.example.com",
            "--key-type",
            "ecdsa-p256",
        ]));
    }
    // What an interrupted init of an older tlskit left: a key and no certificate.
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("ca_conf/repository")).unwrap();
    std::fs::write(d.path().join("ca_conf/ca_priv_key.pem"), "x").unwrap();
    for args in [
        vec!["ca", "init", "--dir", s(d.path()), "--cn", "K"],
        vec![
            "ca",
            "issue",
            "--dir",
            s(d.path()),
            "--host",
            "h.example.com",
        ],
    ] {
        refused(&tlskit(&args), &["cut short", "remove", "ca init"]);
    }
}

/// Item 6: a failure at any step after the serials were taken gives them all back; the
/// next issuance gets the same serial and the store is as before.
#[test]
fn serials_are_given_back_on_every_failure() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    let csr = hostile_csr(ca.dir.path());
    let one = [
        "ca",
        "issue",
        "--dir",
        ca.d(),
        "--host",
        "f.example.com",
        "--key-type",
        "ecdsa-p256",
    ];
    let batch = [
        "ca",
        "issue",
        "--dir",
        ca.d(),
        "--batch",
        "hosts.csv",
        "--key-type",
        "ecdsa-p256",
    ];
    std::fs::write(
        ca.dir.path().join("hosts.csv"),
        "a.example.com\nb.example.com\nc.example.com\n",
    )
    .unwrap();
    let sign = ["ca", "sign", "--dir", ca.d(), s(&csr)];
    let state = ca.state();
    for point in [
        "issue-db-read",
        "issue-prepare",
        "issue-write",
        "issue-db-write",
    ] {
        for args in [&one[..], &batch[..], &sign[..]] {
            let run = run_out(faulty(ca.dir.path(), &format!("fail:{point}"), args));
            refused(&run, &[point]);
            assert_eq!(ca.state(), state, "{point}: {args:?}");
            assert!(!ca.conf(".pending").exists(), "{point}");
        }
    }
    // A batch failing at its second host's first file (the fourth file written) keeps
    // the first host and gives back the serials of the other two.
    let run = run_out(faulty(ca.dir.path(), "fail:issue-write@4", &batch));
    refused(&run, &["issue-write"]);
    assert!(
        run.stdout.starts_with("01  a.example.com"),
        "{}",
        run.stdout
    );
    assert_eq!(ca.read("serial.num"), "02\n");
    assert_eq!(ca.repository().len(), 3, "{:?}", ca.repository());
    let run = tlskit(one);
    ok(&run);
    assert!(run.stdout.starts_with("02 "), "{}", run.stdout);
    assert_eq!(ca.read("serial.num"), "03\n");
    // An intermediate whose record cannot be written gives its parent's serial back.
    let child = tempfile::tempdir().unwrap();
    let run = run_out(faulty(
        child.path(),
        "fail:init-parent-db",
        &[
            "ca",
            "init",
            "--dir",
            s(child.path()),
            "--cn",
            "I",
            "--intermediate",
            "--parent",
            ca.d(),
            "--key-type",
            "ecdsa-p256",
        ],
    ));
    refused(&run, &["init-parent-db"]);
    assert_eq!(ca.read("serial.num"), "03\n");
    assert!(!child.path().join("ca_conf").exists());
}

fn not_after(cert: &Path) -> String {
    ossl(&["x509", "-in", s(cert), "-noout", "-enddate"]).1
}

/// Item 7: host names as RFC 1123 has them (an IP address points at --ip), --san-dns the
/// same, --days 0 refused, certificates end with the CA unless --allow-beyond-ca, and
/// conflicting flags are errors.
#[test]
fn names_lifetimes_and_conflicting_flags_are_checked() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256", "--days", "30"]);
    let state = ca.state();
    let ec = ["--key-type", "ecdsa-p256"];
    for (host, words) in [
        ("*.example.com", vec!["wildcard"]),
        ("a b.example.com", vec!["` `"]),
        ("a/b.example.com", vec!["`/`"]),
        ("10.0.0.7", vec!["IP address", "--ip"]),
        ("a-.example.com", vec!["hyphen"]),
        ("a..example.com", vec!["empty label"]),
    ] {
        let mut args = vec!["--host", host];
        args.extend(ec);
        refused(&ca.run("issue", &args), &words);
    }
    for (dns, words) in [
        (
            "ok.example.com,*.example.com",
            vec!["--san-dns", "wildcard"],
        ),
        ("10.0.0.8", vec!["--san-dns", "--san-ip"]),
    ] {
        let mut args = vec!["--host", "h.example.com", "--san-dns", dns];
        args.extend(ec);
        refused(&ca.run("issue", &args), &words);
    }
    refused(
        &ca.run("issue", &["--host", "h.example.com", "--days", "0"]),
        &["--days 0"],
    );
    assert_eq!(ca.state(), state);
    // 100 days asked of a 30-day CA: the certificate ends with the CA, and says so.
    let run = ca.run(
        "issue",
        &["--host", "clip.example.com", "--key-type", "ecdsa-p256"],
    );
    ok(&run);
    assert!(
        run.stderr
            .contains("warning: --days 100 would outlive the CA"),
        "{}",
        run.stderr
    );
    let clipped = ca.conf("repository/01_clip_cert.pem");
    assert_eq!(not_after(&clipped), not_after(&ca.conf("ca_cert.pem")));
    let (good, out) = ossl(&[
        "verify",
        "-x509_strict",
        "-CAfile",
        s(&ca.conf("ca_cert.pem")),
        s(&clipped),
    ]);
    assert!(good, "{out}");
    let run = ca.run(
        "issue",
        &[
            "--host",
            "long.example.com",
            "--allow-beyond-ca",
            "--key-type",
            "ecdsa-p256",
        ],
    );
    ok(&run);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_ne!(
        not_after(&ca.conf("repository/02_long_cert.pem")),
        not_after(&ca.conf("ca_cert.pem"))
    );

    // Conflicting flags: clap's usage errors, exit 2, nothing done.
    let state = ca.state();
    let csv = ca.dir.path().join("h.csv");
    std::fs::write(&csv, "x.example.com\n").unwrap();
    let d = tempfile::tempdir().unwrap();
    for (args, words) in [
        (
            vec![
                "ca",
                "init",
                "--dir",
                s(d.path()),
                "--cn",
                "X",
                "--parent",
                ca.d(),
            ],
            vec!["--intermediate"],
        ),
        (
            vec![
                "ca",
                "issue",
                "--dir",
                ca.d(),
                "--host",
                "a.example.com",
                "--batch",
                s(&csv),
            ],
            vec!["--host", "--batch"],
        ),
        (
            vec![
                "ca",
                "issue",
                "--dir",
                ca.d(),
                "--cn",
                "A",
                "--batch",
                s(&csv),
            ],
            vec!["--cn", "--batch"],
        ),
        (
            vec![
                "ca",
                "issue",
                "--dir",
                ca.d(),
                "--host",
                "a.example.com",
                "--key-type",
                "ecdsa-p256",
                "--key-size",
                "4096",
            ],
            vec!["--key-size 4096", "RSA"],
        ),
        (
            vec![
                "ca",
                "init",
                "--dir",
                s(d.path()),
                "--cn",
                "X",
                "--key-type",
                "ed25519",
                "--key-size",
                "2048",
            ],
            vec!["--key-size 2048"],
        ),
        (
            vec!["ca", "renew", "--dir", ca.d(), "01", "--within", "5"],
            vec!["--within"],
        ),
        (
            vec![
                "key",
                "convert",
                s(&ca.conf("repository/01_clip_priv_key.pem")),
                s(&d.path().join("k.pem")),
                "--passout",
                "env:X",
            ],
            vec!["--encrypt"],
        ),
    ] {
        refused(&tlskit(&args), &words);
    }
    assert_eq!(ca.state(), state);
    assert!(!d.path().join("ca_conf").exists() && !d.path().join("k.pem").exists());
}

/// Item 8: hosts CSV files as RFC 4180 writes them (BOM, CRLF, quoted fields with commas
/// and quotes, columns in any order); a host listed twice names both lines.
#[test]
fn host_csv_files_are_read_as_rfc_4180() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    let csv = ca.dir.path().join("hosts.csv");
    std::fs::write(
        &csv,
        "\u{feff}host,dns,cn,ips\r\n\
         cs-01.example.com,\"cs.example.com;cs-a.example.com\",\"Configuration Server, East\",10.0.0.1\r\n\
         # a comment\r\n\
         \r\n\
         ms-01.example.com,,\"Message \"\"MS\"\" Server\",\r\n",
    )
    .unwrap();
    ok(&ca.run("issue", &["--batch", s(&csv), "--key-type", "ecdsa-p256"]));
    let (_, text) = ossl(&[
        "x509",
        "-in",
        s(&ca.conf("repository/01_cs-01_cert.pem")),
        "-noout",
        "-subject",
        "-ext",
        "subjectAltName",
    ]);
    assert!(
        text.contains("CN = \"Configuration Server, East\""),
        "{text}"
    );
    assert!(
        text.contains(
            "DNS:cs-01.example.com, DNS:cs.example.com, DNS:cs-a.example.com, IP Address:10.0.0.1"
        ),
        "{text}"
    );
    let (_, text) = ossl(&[
        "x509",
        "-in",
        s(&ca.conf("repository/02_ms-01_cert.pem")),
        "-noout",
        "-subject",
    ]);
    assert!(text.contains(r#"Message \"MS\" Server"#), "{text}");
    let dup = ca.dir.path().join("dup.csv");
    std::fs::write(
        &dup,
        "host,cn\na.example.com,\nb.example.com,\nA.example.com,x\n",
    )
    .unwrap();
    let state = ca.state();
    refused(
        &ca.run("issue", &["--batch", s(&dup)]),
        &["dup.csv:4", "lines 2 and 4"],
    );
    let bad = ca.dir.path().join("bad.csv");
    std::fs::write(&bad, "host,cm\na.example.com,\n").unwrap();
    refused(
        &ca.run("issue", &["--batch", s(&bad)]),
        &["bad.csv:1", "unknown column `cm`"],
    );
    std::fs::write(&bad, b"a.example.com,\xff\n").unwrap();
    refused(
        &ca.run("issue", &["--batch", s(&bad)]),
        &["bad.csv", "UTF-8"],
    );
    assert_eq!(ca.state(), state);
}

/// Runs pkilint's lint_pkix_cert on a PEM certificate: its ERROR and FATAL findings.
fn pkilint_errors(cert: &Path) -> Option<String> {
    let out = Command::new("lint_pkix_cert")
        .args(["lint", "-s", "ERROR", "--document-format", "PEM", s(cert)])
        .output()
        .ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(if out.status.success() && text.trim().is_empty() {
        String::new()
    } else {
        text
    })
}

/// Item 9: countryName is a PrintableString and emailAddress an IA5String, and pkilint
/// finds no error in a CA, an intermediate and its server, client and server-client
/// certificates (RSA, ECDSA, Ed25519).
#[test]
fn subjects_are_encoded_as_rfc_5280_asks_and_pkilint_finds_no_error() {
    let subject = [
        "--country",
        "US",
        "--email",
        "pki@example.com",
        "--org",
        "Example Société",
        "--ou",
        "IT",
        "--state",
        "CA",
        "--locality",
        "Daly City",
    ];
    let mut args = vec!["--key-type", "ecdsa-p384"];
    args.extend(subject);
    let root = Ca::new(&args);
    let inter = tempfile::tempdir().unwrap();
    let mut init = vec![
        "ca",
        "init",
        "--dir",
        s(inter.path()),
        "--cn",
        "Issuing CA",
        "--intermediate",
        "--parent",
        root.d(),
    ];
    init.extend(subject);
    ok(&tlskit(&init));
    let conf = inter.path().join("ca_conf");
    let mut certs = vec![root.conf("ca_cert.pem"), conf.join("ca_cert.pem")];
    for (host, extra) in [
        ("srv.example.com", vec!["--profile", "server"]),
        (
            "cli.example.com",
            vec!["--profile", "client", "--key-type", "ecdsa-p256"],
        ),
        (
            "both.example.com",
            vec!["--key-type", "ed25519", "--ip", "10.0.0.9"],
        ),
    ] {
        let mut a = vec!["ca", "issue", "--dir", s(inter.path()), "--host", host];
        a.extend(subject);
        a.extend(extra);
        let run = tlskit(&a);
        ok(&run);
        certs.push(PathBuf::from(run.stdout.split_whitespace().nth(2).unwrap()));
    }
    for c in &certs {
        let (_, asn1) = ossl(&["asn1parse", "-in", s(c)]);
        let country = asn1
            .lines()
            .skip_while(|l| !l.contains(":countryName"))
            .nth(1)
            .unwrap_or("");
        assert!(
            country.contains("PRINTABLESTRING") && country.contains(":US"),
            "{}: {country}",
            c.display()
        );
        let email = asn1
            .lines()
            .skip_while(|l| !l.contains(":emailAddress"))
            .nth(1)
            .unwrap_or("");
        assert!(email.contains("IA5STRING"), "{}: {email}", c.display());
    }
    match pkilint_errors(&certs[0]) {
        None => eprintln!(
            "pkilint (lint_pkix_cert) is not installed: the RFC 5280 lint is skipped (python3 -m pip install pkilint)"
        ),
        Some(_) => {
            for c in &certs {
                let errors = pkilint_errors(c).unwrap();
                assert!(errors.is_empty(), "pkilint on {}:\n{errors}", c.display());
            }
        }
    }
    // A non-ASCII email cannot be an IA5String: refused.
    let d = tempfile::tempdir().unwrap();
    refused(
        &tlskit([
            "ca",
            "init",
            "--dir",
            s(d.path()),
            "--cn",
            "X",
            "--email",
            "é@example.com",
        ]),
        &["--email", "IA5String"],
    );
}

/// Drives `tlskit key convert --encrypt --passout prompt` on a pseudo-terminal, sends
/// SIGINT while it waits for the password, and reports the terminal's echo flag during
/// the prompt and after the process died.
const PTY_SCRIPT: &str = r#"
import os, pty, select, signal, sys, termios, time
argv = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
buf, deadline = b"", time.time() + 20
while b"New password:" not in buf:
    if time.time() > deadline:
        print("no prompt:", buf); sys.exit(3)
    if select.select([fd], [], [], 0.2)[0]:
        buf += os.read(fd, 1024)
echo = lambda: bool(termios.tcgetattr(fd)[3] & termios.ECHO)
while echo() and time.time() < deadline:
    time.sleep(0.01)
print("during", "echo" if echo() else "noecho")
os.kill(pid, signal.SIGINT)
_, status = os.waitpid(pid, 0)
print("died of", os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exit %d" % os.WEXITSTATUS(status))
print("after", "echo" if echo() else "noecho")
"#;

/// Item 10: a --passin value of no known form is not echoed in the error; SIGINT at a
/// password prompt puts the terminal's echo back.
#[test]
fn passwords_are_never_echoed_and_sigint_at_a_prompt_restores_echo() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    ok(&ca.run(
        "issue",
        &["--host", "k.example.com", "--key-type", "ecdsa-p256"],
    ));
    let key = ca.conf("repository/01_k_priv_key.pem");
    let pfx = ca.conf("repository/01_k_cert.pfx");
    let out = ca.dir.path().join("out.pem");
    for args in [
        vec!["key", "convert", s(&pfx), s(&out), "--passin", "S3cretPW"],
        vec![
            "key",
            "convert",
            s(&key),
            s(&out),
            "--encrypt",
            "--passout",
            "S3cretPW",
        ],
        vec!["cert", "inspect", s(&pfx), "--passin", "S3cretPW"],
    ] {
        let run = tlskit(&args);
        refused(&run, &["env:VAR", "file:PATH", "prompt", "not shown"]);
        assert!(!run.stderr.contains("S3cretPW"), "{}", run.stderr);
    }
    let flag = &tlskit(["key", "convert", s(&pfx), s(&out), "--passin", "S3cretPW"]).stderr;
    assert!(flag.contains("--passin"), "{flag}");

    let run = Command::new("python3")
        .args([
            "-c",
            PTY_SCRIPT,
            BIN,
            "key",
            "convert",
            s(&key),
            s(&out),
            "--encrypt",
            "--passout",
            "prompt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        text.contains("during noecho"),
        "the prompt did not switch echo off: {text}"
    );
    assert!(
        text.contains(&format!("died of {}", libc::SIGINT)),
        "{text}"
    );
    assert!(text.contains("after echo"), "echo was left off: {text}");
    assert!(!out.exists());
}

/// Item 11: every file written is fsynced, and its folder, without syncfs (which flushes
/// the whole file system). Needs strace; skips, saying so, without it.
#[test]
fn files_and_their_folders_are_fsynced_without_syncfs() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("strace is not installed: the fsync test is skipped");
        return;
    }
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    let trace = ca.dir.path().join("trace.txt");
    let out = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-y",
            "-e",
            "trace=syncfs,fsync,fdatasync",
            "-o",
            s(&trace),
            BIN,
        ])
        .args([
            "ca",
            "issue",
            "--dir",
            ca.d(),
            "--batch",
            "/dev/stdin",
            "--key-type",
            "ecdsa-p256",
        ])
        .stdin(
            std::fs::File::open({
                let csv = ca.dir.path().join("h.csv");
                std::fs::write(&csv, "a.example.com\nb.example.com\n").unwrap();
                csv
            })
            .unwrap(),
        )
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    assert!(
        out.status.success(),
        "{}{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    if text.trim().is_empty() {
        eprintln!("strace cannot trace here (no ptrace?): the fsync test is skipped");
        return;
    }
    assert!(!text.contains("syncfs("), "{text}");
    let synced = |path: &str| {
        text.lines()
            .any(|l| l.contains("fsync(") && l.contains(path))
    };
    for f in ca.repository() {
        assert!(synced(&format!("/.{f}.tmp.")), "{f} not fsynced:\n{text}");
    }
    for f in ["ca.db", "serial.num", ".pending"] {
        assert!(synced(&format!("/.{f}.tmp.")), "{f} not fsynced:\n{text}");
    }
    let repo = format!("{}>", s(&ca.conf("repository")));
    let conf = format!("{}>", s(&ca.conf("")).trim_end_matches('/'));
    assert!(synced(&repo), "repository/ not fsynced:\n{text}");
    assert!(synced(&conf), "ca_conf/ not fsynced:\n{text}");
}

/// Item 12: `ca list` shows the full host name, and revocation in JSON as fields.
#[test]
fn list_shows_full_host_names_and_revocation_fields() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    ok(&ca.run(
        "issue",
        &[
            "--host",
            "cs-01.emea.example.com",
            "--cn",
            "Config Server",
            "--key-type",
            "ecdsa-p256",
        ],
    ));
    ok(&ca.run(
        "issue",
        &[
            "--host",
            "ms-01.emea.example.com",
            "--key-type",
            "ecdsa-p256",
        ],
    ));
    ok(&ca.run("revoke", &["02", "--reason", "superseded"]));
    let text = ca.run("list", &[]).stdout;
    assert!(
        text.contains("01         cs-01.emea.example.com "),
        "{text}"
    );
    let list = ca.run("list", &["--format", "json"]).json()["certificates"].clone();
    assert_eq!(list[0]["host"], "cs-01.emea.example.com");
    assert_eq!(list[0]["revoked_at"], serde_json::Value::Null);
    assert_eq!(list[0]["reason"], serde_json::Value::Null);
    assert_eq!(list[1]["status"], "revoked");
    assert_eq!(list[1]["reason"], "superseded");
    let at = list[1]["revoked_at"].as_str().unwrap();
    assert!(
        at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T',
        "not RFC 3339: {at}"
    );
    assert!(list[1].get("revocation").is_none(), "{}", list[1]);
}

/// A deployment host named by its IP address has no DNS name to certify: `ca issue
/// --from-deployment` skips it with one warning line naming it and pointing at `--ip` on
/// the host's DNS name, and issues for the other hosts (a named host's `ipAddress` in its
/// SAN). A deployment of IP-named hosts only issues nothing, exit 2.
#[test]
fn deployment_hosts_named_by_ip_address_are_skipped_with_a_warning() {
    let ca = Ca::new(&["--key-type", "ecdsa-p256"]);
    let dep = Scenario::new(&serde_json::json!({"hosts": [
        {"name": "10.20.0.5", "ipAddress": "10.20.0.5", "osInfo": {"type": "redhatlinux"}},
        {"name": "app-01.example.com", "ipAddress": "10.20.0.6", "osInfo": {"type": "redhatlinux"}},
        {"name": "fd00::7", "osInfo": {"type": "redhatlinux"}}]}));
    let run = ca.run(
        "issue",
        &[
            "--from-deployment",
            s(dep.path()),
            "--key-type",
            "ecdsa-p256",
        ],
    );
    ok(&run);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    for (line, host) in warnings.iter().zip(["10.20.0.5", "fd00::7"]) {
        assert!(
            line.starts_with("tlskit: warning: ")
                && line.contains(&format!("`{host}`"))
                && line.contains("skipped")
                && line.contains(&format!("--ip {host}")),
            "{line}"
        );
    }
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert_eq!(
        ca.repository(),
        [
            "01_app-01_cert.pem",
            "01_app-01_cert.pfx",
            "01_app-01_priv_key.pem"
        ]
    );
    let (_, san) = ossl(&[
        "x509",
        "-in",
        s(&ca.conf("repository/01_app-01_cert.pem")),
        "-noout",
        "-ext",
        "subjectAltName",
    ]);
    assert!(
        san.contains("DNS:app-01.example.com, IP Address:10.20.0.6"),
        "{san}"
    );
    // Only IP-named hosts: nothing to issue, and the CA is left as it was.
    let state = ca.state();
    let only = Scenario::new(&serde_json::json!({"hosts": [
        {"name": "10.20.0.9", "osInfo": {"type": "redhatlinux"}}]}));
    let run = ca.run("issue", &["--from-deployment", s(only.path())]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let last = run.stderr.lines().last().unwrap_or("");
    assert!(
        last.starts_with("tlskit: error: nothing to issue") && last.contains("IP address"),
        "{}",
        run.stderr
    );
    assert_eq!(ca.state(), state);
}
