//! The probe's time bound against hostile servers on 127.0.0.1: one that trickles a
//! ServerHello a byte every half second, one that sends endless tiny records, and one that
//! accepts and says nothing. `probe --no-scan`, `probe` with its scan and `lint --probe`
//! each end within the documented bound (six timeouts per endpoint) and report the endpoint
//! as timed out. These are bounds, not performance figures: a few seconds of margin.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::common::{Scenario, tlskit};
use serde_json::{Value, json};

/// `--timeout 1`: six timeouts, plus room for process start and a loaded machine.
const BOUND: Duration = Duration::from_secs(8);
/// No hostile connection lives longer than this, whatever the client does.
const SERVER_LIFE: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug)]
enum Hostile {
    /// A ServerHello, one byte every 0.5 s.
    Trickle,
    /// A ServerHello declared 60,000 bytes long, sent in one-byte records every 20 ms.
    TinyRecords,
    /// Accepts, reads the ClientHello, and never answers.
    Silent,
}

/// A hostile server on 127.0.0.1, serving each connection on its own thread until the
/// client leaves or `SERVER_LIFE` passes; stopped when dropped.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(kind: Hostile) -> Server {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let port = l.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let accept = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match l.accept() {
                    Ok((s, _)) => {
                        let flag = flag.clone();
                        std::thread::spawn(move || serve(kind, s, &flag));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Server {
            port,
            stop,
            accept: Some(accept),
        }
    }

    fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// A TLS 1.2 ServerHello record choosing TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.
fn server_hello() -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend([0x5a; 32]); // random
    body.push(0); // no session id
    body.extend([0xc0, 0x2f, 0x00]); // suite, no compression
    let mut msg = vec![2, 0, 0, body.len() as u8];
    msg.extend(body);
    let mut rec = vec![22, 3, 3, 0, msg.len() as u8];
    rec.extend(msg);
    rec
}

fn serve(kind: Hostile, mut s: TcpStream, stop: &AtomicBool) {
    let started = Instant::now();
    let alive = || started.elapsed() < SERVER_LIFE && !stop.load(Ordering::Relaxed);
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = [0u8; 4096];
    let _ = s.read(&mut buf); // the ClientHello
    match kind {
        Hostile::Trickle => {
            for b in server_hello().into_iter().cycle() {
                if !alive() || s.write_all(&[b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        }
        Hostile::TinyRecords => {
            // A handshake header announcing a 60,000-byte ServerHello, then its body a byte
            // per record: each read brings a whole, valid record, and the message never ends.
            if s.write_all(&[22, 3, 3, 0, 4, 2, 0, 0xea, 0x60]).is_err() {
                return;
            }
            while alive() {
                if s.write_all(&[22, 3, 3, 0, 1, 0]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Hostile::Silent => {
            // Until the client leaves (EOF or reset) or the server's life ends.
            while alive() {
                match s.read(&mut buf) {
                    Ok(0) => return,
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => return,
                }
            }
        }
    }
}

const ALL: [Hostile; 3] = [Hostile::Trickle, Hostile::TinyRecords, Hostile::Silent];

/// Why a handshake against `kind` failed: a timeout, said as such.
fn timed_out(kind: Hostile, why: &str) -> bool {
    match kind {
        Hostile::Silent => why == "no answer within 1 s",
        _ => why == "the handshake did not finish within 1 s",
    }
}

fn probe_json(endpoint: &str, extra: &[&str]) -> (Value, Duration) {
    let started = Instant::now();
    let mut args = vec!["probe", endpoint, "--timeout", "1", "--format", "json"];
    args.extend(extra);
    let run = tlskit(&args);
    let took = started.elapsed();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    (doc["endpoints"][0].clone(), took)
}

fn check_probe(scan: bool) {
    let servers: Vec<(Hostile, Server)> = ALL.iter().map(|k| (*k, Server::start(*k))).collect();
    // Side by side: each endpoint is bounded alone, so the three together are too.
    let results: Vec<(Hostile, Value, Duration)> = std::thread::scope(|s| {
        let handles: Vec<_> = servers
            .iter()
            .map(|(kind, server)| {
                s.spawn(move || {
                    let extra: &[&str] = if scan { &[] } else { &["--no-scan"] };
                    let (r, took) = probe_json(&server.endpoint(), extra);
                    (*kind, r, took)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (kind, r, took) in results {
        eprintln!("probe {kind:?} (scan: {scan}): {:.1} s", took.as_secs_f64());
        assert!(took < BOUND, "{kind:?}: {took:?}\n{r}");
        assert_eq!(r["reachable"], true, "{kind:?}: {r}");
        let attempts = r["attempts"].as_array().unwrap();
        assert_eq!(attempts.len(), 2, "{kind:?}: {r}");
        for a in attempts {
            assert_eq!(a["ok"], false, "{kind:?}: {a}");
            assert!(
                timed_out(kind, a["error"].as_str().unwrap()),
                "{kind:?}: {a}"
            );
        }
        if scan {
            match kind {
                Hostile::Silent => assert_eq!(
                    r["scan_note"],
                    "legacy scan skipped: the endpoint sent nothing to either handshake"
                ),
                // The scan ran into the deadline, or judged nothing it could not finish.
                _ => {
                    let note = r["scan_note"].as_str().unwrap_or_default();
                    assert!(
                        note == "scan stopped at the endpoint's deadline"
                            || note.contains("could not be judged"),
                        "{kind:?}: {r}"
                    );
                    assert_eq!(r["accepted_suites"], json!([]), "{kind:?}: {r}");
                }
            }
        }
    }
}

#[test]
fn probe_without_scan_ends_in_time_against_slow_servers() {
    check_probe(false);
}

#[test]
fn probe_with_its_scan_ends_in_time_against_slow_servers() {
    check_probe(true);
}

#[test]
fn lint_probe_ends_in_time_against_slow_servers() {
    let servers: Vec<(Hostile, Server)> = ALL.iter().map(|k| (*k, Server::start(*k))).collect();
    let apps: Vec<Value> = servers
        .iter()
        .map(|(kind, s)| {
            json!({"name": format!("{kind:?}"), "type": "CFGStatServer",
                   "serverInfo": {"host": "slow-host"},
                   "portInfos": [{"id": "default", "port": s.port.to_string(),
                                  "transportParams": "tls=1"}]})
        })
        .collect();
    let d = json!({
        "hosts": [{"name": "slow-host", "ipAddress": "127.0.0.1", "osInfo": {"type": "Linux"},
                   "userProperties": {"security": {
                       "certificate": "/etc/sec/certs/ms-01_cert.pem",
                       "certificate-key": "/etc/sec/certs/ms-01_priv_key.pem",
                       "trusted-ca": "/etc/sec/ca/ca_cert.pem"}}}],
        "applications": apps,
    });
    let s = Scenario::new(&d);
    let started = Instant::now();
    let run = s.lint(&["--probe", "--probe-timeout", "1"]);
    let took = started.elapsed();
    eprintln!(
        "lint --probe, three slow servers: {:.1} s",
        took.as_secs_f64()
    );
    assert!(took < BOUND, "{took:?}");
    let failed = run.findings("probe-handshake-failed");
    for (kind, server) in &servers {
        let f = failed
            .iter()
            .find(|f| f["object"]["application"] == format!("{kind:?}"))
            .unwrap_or_else(|| panic!("no probe-handshake-failed for {kind:?}: {failed:?}"));
        let want = match kind {
            Hostile::Silent => "no answer within 1 s",
            _ => "the handshake did not finish within 1 s",
        };
        assert_eq!(
            f["message"],
            format!(
                "no TLS handshake with {} succeeds (TLS 1.3: {want}; TLS 1.2: {want})",
                server.endpoint()
            ),
            "{kind:?}"
        );
    }
}
