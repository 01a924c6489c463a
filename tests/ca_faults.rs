//! The CA under faults: `ca issue` and `ca revoke` killed with SIGKILL at random moments,
//! and writes failing on a full disk. Afterwards the CA must be consistent: ca.db parses,
//! every serial has its record and all its files or neither, serial.num is beyond every
//! serial used, no temporary file is left, and `openssl ca -gencrl` works on it.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::common::{BIN, tlskit};

/// A small xorshift generator: the seed is printed so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("TLSKIT_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("fault seed: TLSKIT_FAULT_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn init(dir: &Path) {
    let run = tlskit([
        "ca",
        "init",
        "--dir",
        dir.to_str().unwrap(),
        "--cn",
        "Fault CA",
        "--key-type",
        "ecdsa-p256",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn serial_of(file: &str) -> Option<String> {
    let (s, _) = file.split_once('_')?;
    s.chars()
        .all(|c| c.is_ascii_hexdigit())
        .then(|| s.to_uppercase())
}

fn hex_value(s: &str) -> u128 {
    u128::from_str_radix(s.trim(), 16).unwrap()
}

/// Everything the issue asks of a CA directory after a fault.
fn assert_consistent(dir: &Path, scratch: &Path) -> usize {
    let conf = dir.join("ca_conf");
    // Reading the CA settles what a killed process left (and proves ca.db parses).
    let list = tlskit([
        "ca",
        "list",
        "--dir",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(list.code, 0, "ca list: {}", list.stderr);
    let db = std::fs::read_to_string(conf.join("ca.db")).unwrap();
    let mut recorded = BTreeSet::new();
    for line in db.lines() {
        let serial = line.split('\t').nth(3).expect("six fields").to_uppercase();
        assert!(
            recorded.insert(serial.clone()),
            "serial {serial} recorded twice:\n{db}"
        );
    }
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in std::fs::read_dir(conf.join("repository")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(!name.contains(".tmp."), "temporary file left: {name}");
        let serial = serial_of(&name).unwrap_or_else(|| panic!("stray file {name}"));
        files.entry(serial).or_default().push(name);
    }
    for e in std::fs::read_dir(&conf).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(!name.contains(".tmp."), "temporary file left: {name}");
        assert_ne!(name, ".pending", "the issuance journal was not settled");
    }
    for serial in &recorded {
        let mut have = files.get(serial).cloned().unwrap_or_default();
        have.sort();
        let kinds: Vec<&str> = have
            .iter()
            .map(|f| f.rsplit_once('_').map_or("", |x| x.1))
            .collect();
        assert_eq!(
            kinds,
            ["cert.pem", "cert.pfx", "key.pem"],
            "serial {serial}: {have:?}"
        );
    }
    for serial in files.keys() {
        assert!(
            recorded.contains(serial),
            "files without a record: {:?}",
            files[serial]
        );
    }
    let next = hex_value(&std::fs::read_to_string(conf.join("serial.num")).unwrap());
    for serial in recorded.iter().chain(files.keys()) {
        assert!(
            next > hex_value(serial),
            "serial.num {next:X} is not beyond {serial}"
        );
    }
    let cnf = scratch.join("openssl.cnf");
    std::fs::write(
        &cnf,
        format!(
            "[ca]\ndefault_ca=x\n[x]\ndatabase={0}/ca.db\nserial={0}/serial.num\ncertificate={0}/ca_cert.pem\nprivate_key={0}/ca_priv_key.pem\ndefault_md=sha256\ndefault_crl_days=7\n",
            conf.display()
        ),
    )
    .unwrap();
    let out = Command::new("openssl")
        .args(["ca", "-gencrl", "-config"])
        .arg(&cnf)
        .arg("-out")
        .arg(scratch.join("crl.pem"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl ca -gencrl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    recorded.len()
}

#[test]
fn issue_and_revoke_killed_at_random_points_leave_a_consistent_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ca");
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    init(&dir);
    let d = dir.to_str().unwrap().to_string();
    let mut rng = Rng::new();
    let mut issued = 0;
    // Issue runs that recorded a certificate, and those that recorded several at once.
    let (mut issuing_runs, mut batch_runs, mut killed) = (0, 0, 0);
    let log = tmp.path().join("stderr");
    for i in 0..60 {
        let revoke = i % 4 == 3 && issued > 0;
        let mut cmd = Command::new(BIN);
        if revoke {
            let serial = format!("{:02X}", 1 + rng.below(issued as u64));
            cmd.args([
                "ca",
                "revoke",
                "--dir",
                &d,
                &serial,
                "--reason",
                "superseded",
            ]);
        } else {
            // One to three hosts in one run: a batch, since `--host` is given once.
            let csv = tmp.path().join(format!("hosts{i}.csv"));
            let hosts: String = (0..=rng.below(3))
                .map(|h| format!("h{i}-{h}.example.com\n"))
                .collect();
            std::fs::write(&csv, hosts).unwrap();
            cmd.args(["ca", "issue", "--dir", &d, "--key-type", "ecdsa-p256"])
                .arg("--batch")
                .arg(&csv);
        }
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(30_000)));
        let _ = child.kill(); // SIGKILL; it may have finished already
        let status = child.wait().unwrap();
        // An issue run that ended on its own issued: a usage error would prove nothing.
        assert!(
            revoke || status.code().is_none_or(|c| c == 0),
            "run {i} ({status}): {}",
            std::fs::read_to_string(&log).unwrap()
        );
        killed += usize::from(!revoke && status.code().is_none());
        let now = assert_consistent(&dir, &scratch);
        if !revoke && now > issued {
            issuing_runs += 1;
            batch_runs += usize::from(now - issued > 1);
        }
        issued = now;
    }
    eprintln!(
        "ca issue: {issuing_runs} runs recorded certificates ({batch_runs} several at once), {issued} in all; {killed} killed before they ended"
    );
    assert!(
        issuing_runs >= 3 && batch_runs >= 1,
        "too few issue runs recorded anything: {issuing_runs} ({batch_runs} several at once)"
    );
    assert!(
        killed >= 3,
        "only {killed} issue runs were killed before they ended"
    );
    // After all that, the CA still issues, with a fresh serial.
    let run = tlskit([
        "ca",
        "issue",
        "--dir",
        &d,
        "--host",
        "after.example.com",
        "--key-type",
        "ecdsa-p256",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(assert_consistent(&dir, &scratch), issued + 1);
}

/// A tmpfs of `kib` KiB mounted for the test's lifetime, when this process may mount.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, kib: u32) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Issues until a write fails; returns the failed run's stderr and how many succeeded.
fn issue_until_failure(dir: &Path, limit: impl Fn(&mut Command)) -> (String, usize) {
    for i in 0..100 {
        let mut cmd = Command::new(BIN);
        cmd.args(["ca", "issue", "--dir", dir.to_str().unwrap(), "--host"])
            .arg(format!("full{i}.example.com"))
            .args(["--key-type", "rsa", "--key-size", "3072"]);
        limit(&mut cmd);
        let out = cmd.output().unwrap();
        match out.status.code() {
            Some(0) => continue,
            Some(2) => return (String::from_utf8_lossy(&out.stderr).into_owned(), i),
            other => panic!("exit {other:?}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    }
    panic!("no write ever failed");
}

#[test]
fn a_full_disk_fails_cleanly_without_partial_files() {
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();

    // A real full file system, where the test may mount one.
    if let Some(fs) = Tmpfs::mount(&tmp.path().join("small"), 160) {
        let dir = fs.0.join("ca");
        init(&dir);
        let (err, ok) = issue_until_failure(&dir, |_| {});
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("No space left on device"), "{err}");
        assert!(
            err.contains(fs.0.to_str().unwrap()),
            "the error names the file: {err}"
        );
        assert_eq!(assert_consistent(&dir, &scratch), ok);
    } else {
        eprintln!("cannot mount a tmpfs here: only the file-size limit case runs");
    }

    // Everywhere: a file-size limit (RLIMIT_FSIZE) makes the kernel refuse the write that
    // would pass it, with EFBIG, the way a quota does.
    let dir = tmp.path().join("limited");
    init(&dir);
    let (err, ok) = issue_until_failure(&dir, |cmd| {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let lim = libc::rlimit {
                    rlim_cur: 3000,
                    rlim_max: 3000,
                };
                libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
                Ok(())
            });
        }
    });
    assert_eq!(ok, 0, "a 3072-bit key does not fit in 3000 bytes");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(assert_consistent(&dir, &scratch), 0);
    // Without the limit, the same CA issues again.
    let run = tlskit([
        "ca",
        "issue",
        "--dir",
        dir.to_str().unwrap(),
        "--host",
        "ok.example.com",
        "--key-type",
        "ecdsa-p256",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(assert_consistent(&dir, &scratch), 1);
}

/// Every certificate revoked as superseded has its successor: a valid entry with the same
/// subject and a later serial (renew --revoke-old revokes only what it recorded a
/// successor for, in the same ca.db write or in the journal's recovery).
fn assert_superseded_have_successors(dir: &Path) {
    let db = std::fs::read_to_string(dir.join("ca_conf/ca.db")).unwrap();
    let rows: Vec<Vec<&str>> = db.lines().map(|l| l.split('\t').collect()).collect();
    for r in rows.iter().filter(|r| r[2].ends_with(",superseded")) {
        assert!(
            rows.iter()
                .any(|n| n[5] == r[5] && hex_value(n[3]) > hex_value(r[3])),
            "serial {} superseded by nothing:\n{db}",
            r[3]
        );
    }
}

#[test]
fn renew_killed_at_random_points_leaves_a_consistent_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ca");
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    init(&dir);
    let d = dir.to_str().unwrap().to_string();
    let csv = tmp.path().join("hosts.csv");
    std::fs::write(
        &csv,
        (0..6)
            .map(|i| format!("r{i}.example.com\n"))
            .collect::<String>(),
    )
    .unwrap();
    let run = tlskit([
        "ca",
        "issue",
        "--dir",
        &d,
        "--batch",
        csv.to_str().unwrap(),
        "--key-type",
        "ecdsa-p256",
        "--days",
        "10",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut rng = Rng::new();
    for i in 0..30 {
        let mut cmd = Command::new(BIN);
        cmd.args(["ca", "renew", "--dir", &d, "--within", "30", "--revoke-old"]);
        if i % 3 == 1 {
            cmd.arg("--reuse-key");
        }
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        let _ = child.kill();
        let _ = child.wait();
        assert_consistent(&dir, &scratch);
        assert_superseded_have_successors(&dir);
    }
    // Afterwards a renewal runs to the end: six valid certificates again, all verified.
    let run = tlskit(["ca", "renew", "--dir", &d, "--within", "30", "--revoke-old"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_consistent(&dir, &scratch);
    assert_superseded_have_successors(&dir);
    let list =
        tlskit(["ca", "list", "--dir", &d, "--format", "json"]).json()["certificates"].clone();
    let valid = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "valid")
        .count();
    assert_eq!(valid, 6, "{list:#}");
}

#[test]
fn init_killed_at_random_points_leaves_nothing_or_a_whole_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rng = Rng::new();
    let mut cut_short = 0;
    for i in 0..16 {
        let dir = tmp.path().join(format!("ca{i}"));
        let d = dir.to_str().unwrap().to_string();
        let mut child = Command::new(BIN)
            .args([
                "ca",
                "init",
                "--dir",
                &d,
                "--cn",
                "Killed CA",
                "--key-size",
                "3072",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(400_000)));
        let _ = child.kill();
        let _ = child.wait();
        if !dir.join("ca_conf").exists() {
            cut_short += 1;
            init(&dir);
        }
        let run = tlskit([
            "ca",
            "issue",
            "--dir",
            &d,
            "--host",
            "h.example.com",
            "--key-type",
            "ecdsa-p256",
        ]);
        assert_eq!(run.code, 0, "run {i}: {}", run.stderr);
        let left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            left.iter().all(|n| n == "ca_conf"),
            "run {i}: temporary folders left: {left:?}"
        );
    }
    eprintln!("ca init: {cut_short} of 16 runs killed before the CA was in place");
}
