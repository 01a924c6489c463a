//! The bad-input corpus: every file of testdata/bad, plus large and special files made
//! here, through `lint`, `cert inspect`, `cert verify`, `key convert` and `ciphers`. No
//! panic, no hang: exit 0, 1 or 2, and an exit 2 says one line that names the file.
//! (scripts/bad-input.sh runs the same matrix on the release build under /usr/bin/time -v
//! for peak memory.)

use crate::common;

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{BIN, repo};

/// A whole command is allowed this long; the corpus as a whole, `CORPUS_BOUND`.
const COMMAND_BOUND: Duration = Duration::from_secs(20);
const CORPUS_BOUND: Duration = Duration::from_secs(120);

use tlskit::pki::der::wrap as tlv;

/// A CRL of `n` revoked serials, with a structurally valid but wrong signature.
fn big_crl(n: u32) -> Vec<u8> {
    let alg = tlv(
        0x30,
        &[
            &[
                0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
            ][..],
            &[0x05, 0x00],
        ]
        .concat(),
    );
    let cn = tlv(
        0x30,
        &[&[0x06, 0x03, 0x55, 0x04, 0x03][..], &tlv(0x0c, b"Big CRL")].concat(),
    );
    let issuer = tlv(0x30, &tlv(0x31, &cn));
    let when = tlv(0x17, b"260101000000Z");
    let mut entries = Vec::with_capacity(n as usize * 23);
    for i in 1..=n {
        let serial = tlv(0x02, &(i | 0x0100_0000).to_be_bytes());
        entries.extend(tlv(0x30, &[serial, when.clone()].concat()));
    }
    let tbs = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            alg.clone(),
            issuer,
            when.clone(),
            tlv(0x17, b"360101000000Z"),
            tlv(0x30, &entries),
        ]
        .concat(),
    );
    let sig = tlv(0x03, &[vec![0u8], vec![0x5a; 256]].concat());
    tlv(0x30, &[tbs, alg, sig].concat())
}

/// The large and special inputs, made in `dir`.
fn generated(dir: &Path) -> Vec<PathBuf> {
    let lab = repo().join("testdata/genesys-lab/certs/certs");
    let cert = std::fs::read_to_string(lab.join("ms-01_cert.pem")).unwrap();
    let mut out = Vec::new();

    let bundle = dir.join("bundle-10000.pem");
    std::fs::write(&bundle, cert.repeat(10_000)).unwrap();
    out.push(bundle);

    // A certificate whose SAN list is over 100 KB.
    let cnf = dir.join("san.cnf");
    let mut conf = String::from(
        "[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=many.example.com\n[ext]\nsubjectAltName=@alt\n[alt]\n",
    );
    for i in 0..5_000 {
        let _ = writeln!(conf, "DNS.{i}=host-{i:05}.san.example.com");
    }
    std::fs::write(&cnf, conf).unwrap();
    let san = dir.join("san-100k.pem");
    let key = dir.join("san.key");
    let ok = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "30",
        ])
        .arg("-config")
        .arg(&cnf)
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&san)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(std::fs::metadata(&san).unwrap().len() > 100_000);
    out.push(san);

    let crl = dir.join("crl-1000000.crl");
    std::fs::write(&crl, big_crl(1_000_000)).unwrap();
    out.push(crl);

    let ini = dir.join("one-line-50mb.cfg");
    let mut f = std::fs::File::create(&ini).unwrap();
    f.write_all(b"[security]\ncipher-list=").unwrap();
    f.write_all(&vec![b'A'; 50 * 1024 * 1024]).unwrap();
    f.write_all(b"\n").unwrap();
    out.push(ini);

    let a = dir.join("loop-a.pem");
    let b = dir.join("loop-b.pem");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    out.push(a);

    let fifo = dir.join("fifo.pem");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    out.push(fifo);

    let d = dir.join("directory.pem");
    std::fs::create_dir(&d).unwrap();
    out.push(d);

    out.push(PathBuf::from("/dev/zero"));
    out
}

struct Outcome {
    code: i32,
    stderr: String,
    took: Duration,
}

fn run(args: &[&str]) -> Outcome {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    // Reading stderr to its end means the process is done or has closed it; bound the rest.
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Outcome {
                code: status.code().unwrap_or(-1),
                stderr,
                took: start.elapsed(),
            };
        }
        if start.elapsed() > COMMAND_BOUND {
            let _ = child.kill();
            panic!("tlskit {args:?} ran longer than {COMMAND_BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn check(args: &[&str], names: Option<&str>, log: &mut Vec<String>) {
    let o = run(args);
    assert!(
        matches!(o.code, 0..=2),
        "tlskit {args:?}: exit {} (a signal or panic):\n{}",
        o.code,
        o.stderr
    );
    assert!(
        !o.stderr.contains("panicked"),
        "tlskit {args:?} panicked:\n{}",
        o.stderr
    );
    if o.code == 2 {
        assert_eq!(
            o.stderr.lines().count(),
            1,
            "tlskit {args:?}: not one line:\n{}",
            o.stderr
        );
        if let Some(name) = names {
            assert!(
                o.stderr.contains(name),
                "tlskit {args:?}: the error does not name {name}: {}",
                o.stderr
            );
        }
    }
    log.push(format!(
        "{:>6} ms  exit {}  {}",
        o.took.as_millis(),
        o.code,
        args.join(" ")
    ));
}

#[test]
fn no_bad_input_crashes_hangs_or_says_more_than_one_line() {
    // scripts/bad-input.sh sets TLSKIT_BAD_DIR to keep the generated files for its
    // memory measurements.
    let tmp = tempfile::tempdir().unwrap();
    let dir = match std::env::var_os("TLSKIT_BAD_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).unwrap();
            d
        }
        None => tmp.path().to_path_buf(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("testdata/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 25,
        "the committed corpus is missing: {files:?}"
    );
    files.extend(generated(&dir));
    let out = tmp.path().join("converted.key");
    let started = Instant::now();
    let mut log = Vec::new();
    for f in &files {
        let p = f.to_str().unwrap();
        check(&["lint", p], Some(p), &mut log);
        check(&["cert", "inspect", p], Some(p), &mut log);
        check(&["cert", "verify", p, "--trusted-ca", p], Some(p), &mut log);
        let _ = std::fs::remove_file(&out);
        check(
            &["key", "convert", p, out.to_str().unwrap()],
            Some(p),
            &mut log,
        );
        // Text small enough for a command line is also tried as a cipher string.
        if let Ok(meta) = std::fs::metadata(f)
            && meta.is_file()
            && meta.len() < 64 * 1024
            && let Ok(text) = std::fs::read_to_string(f)
            && !text.contains('\0')
        {
            check(&["ciphers", &text], None, &mut log);
        }
    }
    let ciphers = std::fs::read_to_string(repo().join("testdata/bad/bad-ciphers.txt")).unwrap();
    for line in ciphers.lines() {
        check(&["ciphers", line], None, &mut log);
    }
    let took = started.elapsed();
    eprintln!("{}", log.join("\n"));
    eprintln!(
        "bad-input corpus: {} runs in {:.1} s",
        log.len(),
        took.as_secs_f64()
    );
    assert!(took < CORPUS_BOUND, "the corpus took {took:?}");
}

/// Inputs that once made memory grow far past their size: a file of millions of junk
/// lines, a million repeats of one option, an export of a million connections, a
/// windows-store folder of large CRLs, a tlskit.toml of 40,000 suppressions. Full size in a
/// release build (scripts/bad-input.sh), a quarter in a debug one.
fn proportional(dir: &Path) -> Vec<PathBuf> {
    let scale = if cfg!(debug_assertions) { 4 } else { 1 };
    let mut out = Vec::new();

    let junk = dir.join("junk-lines.cfg");
    std::fs::write(
        &junk,
        format!("[security]\n{}", "x\n".repeat(4_000_000 / scale)),
    )
    .unwrap();
    out.push(junk);

    let dups = dir.join("duplicate-keys.cfg");
    let dup_text = format!("[security]\n{}", "tls-mutual=1\n".repeat(1_200_000 / scale));
    std::fs::write(&dups, dup_text).unwrap();
    out.push(dups);

    // 1,000 applications with 1,000 connections each.
    let apps = 1_000 / scale.min(2);
    let per = 1_000 / (scale / scale.min(2)).max(1);
    let mut json = String::from("{\"applications\":[");
    for i in 0..apps {
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            "{{\"name\":\"a{i}\",\"type\":\"CFGStatServer\",\"portInfos\":[{{\"id\":\"default\",\"port\":\"1\",\"transportParams\":\"tls=1\"}}],\"appServers\":["
        );
        for j in 0..per {
            if j > 0 {
                json.push(',');
            }
            let _ = write!(
                json,
                "{{\"appServer\":\"a{}\",\"id\":\"default\"}}",
                (i + j) % apps
            );
        }
        json.push_str("]}");
    }
    json.push_str("]}");
    let export = dir.join("connections.json");
    std::fs::write(&export, json).unwrap();
    out.push(export);

    // One large CRL named under a hundred spellings (`d/../crl.crl`, `d/../d/../crl.crl`,
    // …): read and held once, however early the files start loading.
    let spellings = dir.join("one-crl-many-spellings");
    std::fs::create_dir_all(spellings.join("d")).unwrap();
    std::fs::write(spellings.join("crl.crl"), big_crl(200_000 / scale as u32)).unwrap();
    let mut json = String::from("{\"applications\":[");
    for i in 0..100 {
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            "{{\"name\":\"s{i}\",\"type\":\"CFGStatServer\",\"options\":{{\"security\":{{\"crl\":\"{}crl.crl\"}}}}}}",
            "d/../".repeat(i + 1)
        );
    }
    json.push_str("]}");
    std::fs::write(spellings.join("deployment.json"), json).unwrap();
    out.push(spellings);

    let store = dir.join("windows-store-of-crls");
    std::fs::create_dir_all(store.join("store")).unwrap();
    std::fs::write(store.join("tlskit.toml"), "windows-store = \"store\"\n").unwrap();
    let crl = big_crl(400_000 / scale as u32);
    for i in 0..12 {
        std::fs::write(store.join(format!("store/crl-{i}.crl")), &crl).unwrap();
    }
    std::fs::write(
        store.join("export.json"),
        r#"{"hosts": [{"name": "ts", "osInfo": {"type": "windows"}, "userProperties": {"security": {"certificate": "9c cf 69 c3 98 6a 12 59 c6 e5 23 52 39 7b 2f fc fa 6d 68 5a"}}}],
            "applications": [{"name": "T", "type": "tserver", "serverInfo": {"host": "ts"},
                              "portInfos": [{"id": "default", "port": "7000", "transportParams": "tls=1"}]}]}"#,
    )
    .unwrap();
    out.push(store);

    let suppress = dir.join("suppressions");
    std::fs::create_dir_all(&suppress).unwrap();
    let mut toml = String::new();
    for i in 0..40_000 / scale {
        let _ = write!(
            toml,
            "[[suppress]]\nrule = \"plaintext-connection\"\napplication = \"app{i}\"\nreason = \"lab\"\n\n"
        );
    }
    std::fs::write(suppress.join("tlskit.toml"), toml).unwrap();
    std::fs::write(
        suppress.join("export.json"),
        r#"{"applications": [{"name": "app1", "type": "statserver", "appServers": [{"appServer": "app2"}]},
                             {"name": "app2", "type": "statserver", "portInfos": [{"id": "default", "port": "1"}]}]}"#,
    )
    .unwrap();
    out.push(suppress);
    out
}

/// Bytes of a file, or of every file under a folder.
fn size_of(path: &Path) -> u64 {
    let meta = std::fs::metadata(path).unwrap();
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .unwrap()
        .map(|e| size_of(&e.unwrap().path()))
        .sum()
}

/// The README's bound: peak resident memory at most 10 times the input and 64 MiB, and
/// never above 512 MiB; the JSON report at most a few megabytes whatever the input holds.
#[test]
fn memory_and_reports_stay_proportional_to_the_input() {
    if !Path::new("/usr/bin/time").exists() {
        common::skip("memory bounds: /usr/bin/time is not installed (apt-get install time)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = match std::env::var_os("TLSKIT_BAD_DIR") {
        Some(d) => {
            let d = PathBuf::from(format!("{}-bounds", d.to_string_lossy()));
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).unwrap();
            d
        }
        None => tmp.path().to_path_buf(),
    };
    let report = tmp.path().join("report.json");
    let mut log = Vec::new();
    for input in proportional(&dir) {
        let size = size_of(&input);
        // tlskit.toml is the documented exception: its TOML reader holds ~30 times the text
        // (hence its 8 MiB cap).
        let factor = if input.join("tlskit.toml").exists() {
            30
        } else {
            10
        };
        let bound_kib = ((factor * size) / 1024 + 64 * 1024).min(512 * 1024);
        let time = tmp.path().join("time.txt");
        let started = Instant::now();
        let status = Command::new("/usr/bin/time")
            .arg("-v")
            .arg("-o")
            .arg(&time)
            .arg(BIN)
            .args(["lint", "--format", "json"])
            .arg(&input)
            .stdout(std::fs::File::create(&report).unwrap())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        let took = started.elapsed();
        let code = status.code().unwrap_or(-1);
        assert!(matches!(code, 0..=2), "{}: exit {code}", input.display());
        let stats = std::fs::read_to_string(&time).unwrap();
        let rss_kib: u64 = stats
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.parse().ok())
            .expect("time -v reports the peak");
        let written = std::fs::metadata(&report).unwrap().len();
        log.push(format!(
            "{:>9} KiB input, peak {:>7} KiB (bound {bound_kib}), report {written} bytes, {:.1} s: {}",
            size / 1024,
            rss_kib,
            took.as_secs_f64(),
            input.file_name().unwrap().to_string_lossy()
        ));
        // A hang guard, not a timing: the 40,000 suppressions once took 49 s.
        assert!(took < COMMAND_BOUND, "{}: {took:?}", input.display());
        assert!(
            rss_kib <= bound_kib,
            "{}: peak {rss_kib} KiB for {size} bytes of input (bound {bound_kib} KiB)",
            input.display()
        );
        assert!(
            written < 4 << 20,
            "{}: a report of {written} bytes",
            input.display()
        );
    }
    eprintln!("{}", log.join("\n"));
}

// ---- bounded-io: a path swapped between a regular file and a FIFO (issue 15, item 7) ----

/// Runs `args` with a time limit; a run past it is killed and reported as a hang.
fn run_bounded(args: &[&str], limit: Duration) -> Result<(i32, String), String> {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            return Ok((status.code().unwrap_or(-1), stderr));
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("tlskit {args:?} still ran after {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_path_swapped_between_a_file_and_a_fifo_never_hangs_a_reader() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let lab = repo().join("testdata/genesys-lab");
    let cert = dir.path().join("cert.regular");
    std::fs::copy(lab.join("certs/certs/ms-01_cert.pem"), &cert).unwrap();
    let cfg = dir.path().join("cfg.regular");
    std::fs::copy(lab.join("options/MessageServer.cfg"), &cfg).unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let cert_path = dir.path().join("swapped.pem");
    let cfg_path = dir.path().join("swapped.cfg");
    std::fs::copy(&cert, &cert_path).unwrap();
    std::fs::copy(&cfg, &cfg_path).unwrap();
    // Each swap is a rename over the path: at every instant it is a whole file or a FIFO.
    let stop = Arc::new(AtomicBool::new(false));
    let swaps = Arc::new(AtomicUsize::new(0));
    let swapper = {
        let (stop, swaps, dir) = (stop.clone(), swaps.clone(), dir.path().to_path_buf());
        let pairs = [
            (cert.clone(), cert_path.clone()),
            (cfg.clone(), cfg_path.clone()),
        ];
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let tmp = dir.join("tmp");
            while !stop.load(Ordering::Relaxed) {
                for (regular, path) in &pairs {
                    for src in [regular, &fifo] {
                        let _ = std::fs::remove_file(&tmp);
                        std::fs::hard_link(src, &tmp).unwrap();
                        std::fs::rename(&tmp, path).unwrap();
                    }
                }
                swaps.fetch_add(1, Ordering::Relaxed);
                std::thread::yield_now();
            }
        })
    };
    let (cert_s, cfg_s) = (cert_path.to_str().unwrap(), cfg_path.to_str().unwrap());
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    let mut failures = Vec::new();
    const RUNS: usize = 200;
    for i in 0..RUNS {
        let (args, name): (Vec<&str>, &str) = if i % 2 == 0 {
            (vec!["cert", "inspect", cert_s], cert_s)
        } else {
            (vec!["lint", cfg_s, "--format", "json"], cfg_s)
        };
        match run_bounded(&args, Duration::from_secs(10)) {
            Err(hang) => failures.push(hang),
            Ok((code, stderr)) => {
                let ok = match code {
                    0 | 1 => !stderr.contains("panicked"),
                    2 => stderr.lines().count() == 1 && stderr.contains(name),
                    _ => false,
                };
                if !ok {
                    failures.push(format!("tlskit {args:?}: exit {code}: {stderr}"));
                }
                *outcomes
                    .entry(format!("{} exit {code}", args[0]))
                    .or_default() += 1;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();
    eprintln!(
        "file/FIFO race: {RUNS} runs, {} swaps, outcomes {outcomes:?}",
        swaps.load(Ordering::Relaxed)
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- bounded-io: error lines stay lines (issue 15, item 8) ----

#[test]
fn two_hundred_thousand_empty_pem_blocks_make_one_short_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("empty-blocks.pem");
    std::fs::write(
        &f,
        "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".repeat(200_000),
    )
    .unwrap();
    let p = f.to_str().unwrap();
    for args in [
        vec!["cert", "inspect", p],
        vec!["cert", "verify", p, "--trusted-ca", p],
    ] {
        let o = run(&args);
        assert_eq!(
            o.code,
            2,
            "{args:?}: {}",
            &o.stderr[..o.stderr.len().min(500)]
        );
        assert_eq!(o.stderr.lines().count(), 1);
        assert!(o.stderr.len() < 1024, "{args:?}: {} bytes", o.stderr.len());
        assert!(o.stderr.contains(p), "{}", o.stderr);
        assert!(
            o.stderr
                .contains("the CERTIFICATE block at line 9: empty block; and 199995 more)"),
            "{}",
            o.stderr
        );
    }
    // In lint, the same file named as a certificate: one finding, one short message.
    let mut d = common::clean();
    common::app(&mut d, "UCS")["options"]["security"]["certificate"] = p.into();
    let s = common::Scenario::new(&d);
    let run = s.lint(&[]);
    let found = run.findings("file-unreadable");
    let msg = found
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .find(|m| m.contains(p))
        .unwrap_or_else(|| panic!("no file-unreadable for {p}: {found:?}"));
    assert!(msg.len() < 1024, "{} bytes", msg.len());
    assert!(msg.contains("and 199995 more"), "{msg}");
}
