//! `HOST:PORT` as users write it: names, IPv4, and bracketed IPv6.

use std::fmt;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostPort {
    /// As given, for reports.
    pub text: String,
    /// Without brackets.
    pub host: String,
    pub port: u16,
}

impl fmt::Display for HostPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl HostPort {
    pub(crate) fn parse(text: &str) -> Result<HostPort, String> {
        let bad = |why: &str| Err(format!("endpoint `{text}`: {why}"));
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let Some((h, p)) = rest.split_once("]:") else {
                return bad("expected [IPv6]:PORT");
            };
            if h.parse::<std::net::Ipv6Addr>().is_err() {
                return bad("not an IPv6 address between the brackets");
            }
            (h, p)
        } else {
            let Some((h, p)) = text.rsplit_once(':') else {
                return bad("expected HOST:PORT");
            };
            if h.contains(':') {
                return bad("write an IPv6 address in brackets: [::1]:PORT");
            }
            (h, p)
        };
        if host.is_empty() {
            return bad("no host");
        }
        let port = match p_port(port) {
            Some(p) => p,
            None => return bad("the port must be a number from 1 to 65535"),
        };
        Ok(HostPort {
            text: text.to_string(),
            host: host.to_string(),
            port,
        })
    }

    pub(crate) fn new(host: &str, port: u16) -> HostPort {
        let text = if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        HostPort {
            text,
            host: host.to_string(),
            port,
        }
    }

    /// The first address the name resolves to, within `timeout`.
    pub(crate) fn resolve(&self, timeout: Duration) -> Result<SocketAddr, String> {
        if let Ok(ip) = self.host.parse::<IpAddr>() {
            return Ok(SocketAddr::new(ip, self.port));
        }
        let (host, port) = (self.host.clone(), self.port);
        resolve_within(&self.host, timeout, move || {
            (host.as_str(), port).to_socket_addrs().map(|a| a.collect())
        })
    }
}

/// Runs a name lookup on its own thread and gives up after `timeout`: the system resolver
/// has no deadline of its own, and a dead DNS server would hold the probe for its retries.
/// A lookup given up on finishes (or not) on its detached thread.
fn resolve_within(
    host: &str,
    timeout: Duration,
    lookup: impl FnOnce() -> std::io::Result<Vec<SocketAddr>> + Send + 'static,
) -> Result<SocketAddr, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("resolve".into())
        .spawn(move || {
            let _ = tx.send(lookup());
        });
    if let Err(e) = spawned {
        return Err(format!("cannot resolve `{host}`: {e}"));
    }
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) => addrs
            .into_iter()
            .next()
            .ok_or_else(|| format!("`{host}` resolves to no address")),
        Ok(Err(e)) => Err(format!("cannot resolve `{host}`: {e}")),
        Err(_) => Err(format!(
            "cannot resolve `{host}`: no answer from the resolver within {:.1} s",
            timeout.as_secs_f64()
        )),
    }
}

fn p_port(s: &str) -> Option<u16> {
    s.parse::<u16>().ok().filter(|p| *p != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resolver_that_never_answers_is_given_up_on() {
        let (_hold, wait) = std::sync::mpsc::channel::<()>();
        let r = resolve_within("slow.example", Duration::from_millis(100), move || {
            let _ = wait.recv(); // never sent: the lookup hangs until the test ends
            Ok(Vec::new())
        });
        assert_eq!(
            r.unwrap_err(),
            "cannot resolve `slow.example`: no answer from the resolver within 0.1 s"
        );
    }

    #[test]
    fn lookups_that_answer_give_their_first_address_or_say_why_not() {
        let a: SocketAddr = "192.0.2.7:443".parse().unwrap();
        let ok = resolve_within("h", Duration::from_secs(5), move || Ok(vec![a]));
        assert_eq!(ok, Ok(a));
        let none = resolve_within("h", Duration::from_secs(5), || Ok(Vec::new()));
        assert_eq!(none.unwrap_err(), "`h` resolves to no address");
        let failed = resolve_within("h", Duration::from_secs(5), || {
            Err(std::io::Error::other("no such host"))
        });
        assert_eq!(failed.unwrap_err(), "cannot resolve `h`: no such host");
        let ip = HostPort::parse("127.0.0.1:1").unwrap();
        assert_eq!(
            ip.resolve(Duration::ZERO).unwrap().to_string(),
            "127.0.0.1:1"
        );
    }

    #[test]
    fn endpoints_of_every_form_parse() {
        let e = HostPort::parse("[::1]:8443").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("::1", 8443));
        let e = HostPort::parse("10.0.0.1:443").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("10.0.0.1", 443));
        let e = HostPort::parse("cs-01.lab.example.com:2021").unwrap();
        assert_eq!(e.host, "cs-01.lab.example.com");
        for bad in [
            "host",
            "::1:443",
            "host:0",
            "host:99999",
            ":443",
            "[nothost]:1",
        ] {
            assert!(HostPort::parse(bad).is_err(), "{bad}");
        }
    }
}
