//! Real TLS servers on 127.0.0.1 for the probe tests: `openssl s_server`, the JDK's
//! SunJSSE (for what Debian's OpenSSL lacks), and a TCP listener that never answers. Each
//! is stopped by PID when dropped.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    free_port_on(LOOPBACK_V4).expect("127.0.0.1 is available")
}

const LOOPBACK_V4: &str = "127.0.0.1";
const LOOPBACK_V6: &str = "::1";

/// A port free on `host` now, or None when the address cannot be bound (no IPv6).
fn free_port_on(host: &str) -> Option<u16> {
    TcpListener::bind((host, 0))
        .ok()
        .and_then(|l| l.local_addr().ok())
        .map(|a| a.port())
}

pub struct Server {
    pub port: u16,
    /// The loopback address it listens on, without brackets.
    host: &'static str,
    child: Option<Child>,
    /// What holds the port when no process does: a listener never accepted on, or a
    /// socket bound and never listening.
    _held: Option<Held>,
}

#[allow(dead_code)] // held for its Drop only
enum Held {
    Listener(TcpListener),
    Bound(std::os::fd::OwnedFd),
}

impl Server {
    pub fn endpoint(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// `openssl s_server` with a certificate and key and the extra flags given.
    pub fn openssl(cert: &Path, key: &Path, flags: &[&str]) -> Server {
        Server::openssl_on(LOOPBACK_V4, cert, key, flags)
    }

    /// The same on ::1, or None where this machine has no IPv6 loopback.
    pub fn openssl_v6(cert: &Path, key: &Path, flags: &[&str]) -> Option<Server> {
        free_port_on(LOOPBACK_V6)?;
        Some(Server::openssl_on(LOOPBACK_V6, cert, key, flags))
    }

    fn openssl_on(host: &'static str, cert: &Path, key: &Path, flags: &[&str]) -> Server {
        for _ in 0..5 {
            let port = free_port_on(host).expect("the loopback address binds");
            // A file, not a pipe: s_server logs every aborted handshake, and a pipe nobody
            // reads fills up and stops the server.
            let log = tempfile::NamedTempFile::new().unwrap();
            let mut child = Command::new("openssl")
                .args(["s_server", "-quiet", "-accept"])
                .arg(if host.contains(':') {
                    format!("[{host}]:{port}")
                } else {
                    format!("{host}:{port}")
                })
                .arg("-cert")
                .arg(cert)
                .arg("-key")
                .arg(key)
                .args(flags)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::from(log.reopen().unwrap()))
                .spawn()
                .expect("openssl s_server starts");
            if wait_listening(host, port, &mut child) {
                return Server {
                    port,
                    host,
                    child: Some(child),
                    _held: None,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
            let err = std::fs::read_to_string(log.path()).unwrap_or_default();
            assert!(
                err.contains("in use"),
                "s_server {flags:?} did not start: {err}"
            );
        }
        panic!("no free port for s_server");
    }

    /// The JDK's TLS server (tests/peers/LegacyTlsServer.java) with a PKCS#12 keystore
    /// whose password is `changeit`.
    pub fn java(p12: &Path, protocols: &str, suites: &str) -> Server {
        let source = super::repo().join("tests/peers/LegacyTlsServer.java");
        let mut child = Command::new("java")
            .arg(source)
            .args(["0", p12.to_str().unwrap(), "changeit", protocols, suites])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("java runs (install a JDK: openjdk-17-jdk-headless)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the Java server did not start: {line:?}"));
        Server {
            port,
            host: LOOPBACK_V4,
            child: Some(child),
            _held: None,
        }
    }

    /// A port where the kernel completes the TCP handshake and then nothing ever answers.
    pub fn silent() -> Server {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        Server {
            port: l.local_addr().unwrap().port(),
            host: LOOPBACK_V4,
            child: None,
            _held: Some(Held::Listener(l)),
        }
    }

    /// A port where nothing listens. The port stays bound (without listen) for the Server's
    /// life: the kernel refuses connections to it, and a server another test starts meanwhile
    /// cannot be given it (a port merely found free once could be, and then answered).
    pub fn nothing() -> Server {
        use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
        // SAFETY: plain socket calls on a descriptor this function owns from creation; the
        // address structures are zeroed and sized as the kernel expects.
        unsafe {
            let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
            assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
            let fd = OwnedFd::from_raw_fd(fd);
            let mut addr: libc::sockaddr_in = std::mem::zeroed();
            addr.sin_family = libc::AF_INET as libc::sa_family_t;
            addr.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
            let mut len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            let sa = &mut addr as *mut libc::sockaddr_in as *mut libc::sockaddr;
            assert_eq!(
                libc::bind(fd.as_raw_fd(), sa, len),
                0,
                "bind: {}",
                std::io::Error::last_os_error()
            );
            assert_eq!(libc::getsockname(fd.as_raw_fd(), sa, &mut len), 0);
            Server {
                port: u16::from_be(addr.sin_port),
                host: LOOPBACK_V4,
                child: None,
                _held: Some(Held::Bound(fd)),
            }
        }
    }
}

fn wait_listening(host: &str, port: u16, child: &mut Child) -> bool {
    let start = Instant::now();
    // /proc/net/tcp(6) lists the socket in LISTEN (0A) state without connecting to it.
    let (table, hex) = if host.contains(':') {
        (
            "/proc/net/tcp6",
            format!(":{port:04X} {}:0000 0A", "0".repeat(32)),
        )
    } else {
        ("/proc/net/tcp", format!(":{port:04X} 00000000:0000 0A"))
    };
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if std::fs::read_to_string(table).is_ok_and(|t| t.contains(&hex)) {
            return true;
        }
        if !Path::new(table).exists() && TcpStream::connect((host, port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(c) = &mut self.child {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Whether this machine's OpenSSL can serve `cipher` (Debian builds without 3DES).
pub fn openssl_has(cipher: &str) -> bool {
    Command::new("openssl")
        .args(["ciphers", cipher])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Starts `openssl s_server ARGS` in `dir` (no system configuration) and waits until it
/// prints ACCEPT; its stdin stays open, or it would hang up. Err: what it wrote on stderr
/// before it exited (a configuration it refuses).
pub fn s_server_accepting(args: &[String], dir: &Path) -> Result<Child, String> {
    use std::io::{BufRead, Read};
    let mut srv = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .env("OPENSSL_CONF", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl s_server starts");
    let mut out = std::io::BufReader::new(srv.stdout.take().expect("stdout"));
    let mut line = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !line.contains("ACCEPT") {
        line.clear();
        assert!(
            std::time::Instant::now() < deadline,
            "s_server did not start"
        );
        if out.read_line(&mut line).expect("s_server's output") == 0 {
            let mut err = String::new();
            let _ = srv.stderr.take().expect("stderr").read_to_string(&mut err);
            let _ = srv.wait();
            return Err(err);
        }
    }
    Ok(srv)
}
