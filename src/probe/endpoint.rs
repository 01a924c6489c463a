//! `HOST:PORT` as users write it: names, IPv4, and bracketed IPv6.

use std::fmt;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// As given, for reports.
    pub text: String,
    /// Without brackets.
    pub host: String,
    pub port: u16,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Endpoint {
    pub fn parse(text: &str) -> Result<Endpoint, String> {
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
        Ok(Endpoint {
            text: text.to_string(),
            host: host.to_string(),
            port,
        })
    }

    pub fn new(host: &str, port: u16) -> Endpoint {
        let text = if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        Endpoint {
            text,
            host: host.to_string(),
            port,
        }
    }

    /// The first address the name resolves to.
    pub fn resolve(&self) -> Result<SocketAddr, String> {
        if let Ok(ip) = self.host.parse::<IpAddr>() {
            return Ok(SocketAddr::new(ip, self.port));
        }
        match (self.host.as_str(), self.port).to_socket_addrs() {
            Ok(mut addrs) => addrs
                .next()
                .ok_or_else(|| format!("`{}` resolves to no address", self.host)),
            Err(e) => Err(format!("cannot resolve `{}`: {e}", self.host)),
        }
    }
}

fn p_port(s: &str) -> Option<u16> {
    s.parse::<u16>().ok().filter(|p| *p != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_of_every_form_parse() {
        let e = Endpoint::parse("[::1]:8443").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("::1", 8443));
        let e = Endpoint::parse("10.0.0.1:443").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("10.0.0.1", 443));
        let e = Endpoint::parse("cs-01.lab.example.com:2021").unwrap();
        assert_eq!(e.host, "cs-01.lab.example.com");
        for bad in [
            "host",
            "::1:443",
            "host:0",
            "host:99999",
            ":443",
            "[nothost]:1",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }
}
