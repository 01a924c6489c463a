//! Full handshakes with rustls, one protocol version at a time. The certificate verifier
//! accepts any chain and records it: judging the chain is `pki::verify`'s job, with the
//! same messages as `cert verify`, and a chain must be reported even when it is bad.

use std::io::{ErrorKind, Read};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::client::ResolvesClientCert;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, aws_lc_rs};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use x509_parser::prelude::FromDer;

use super::io::Deadlined;
use super::{Attempt, ProbeOptions};
use crate::pki::cert::Certificate;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Version {
    Tls13,
    Tls12,
}

impl Version {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Version::Tls13 => "TLS 1.3",
            Version::Tls12 => "TLS 1.2",
        }
    }
}

/// A client certificate chain and its key, ready for rustls.
#[derive(Clone)]
pub(crate) struct ClientCredentials(Arc<CertifiedKey>);

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ClientCredentials({} certificates)", self.0.cert.len())
    }
}

impl ClientCredentials {
    pub(crate) fn new(chain: Vec<Vec<u8>>, key: PrivateKeyDer<'static>) -> Result<Self, String> {
        let chain = chain.into_iter().map(CertificateDer::from).collect();
        CertifiedKey::from_der(chain, key, &provider())
            .map(|k| ClientCredentials(Arc::new(k)))
            .map_err(|e| format!("the key cannot be used by rustls: {e}"))
    }
}

fn provider() -> CryptoProvider {
    aws_lc_rs::default_provider()
}

/// What one handshake showed.
pub(crate) struct Handshake {
    pub attempt: Attempt,
    pub chain: Vec<Arc<Certificate>>,
    pub ca_names: Vec<String>,
    /// TCP could not connect: the endpoint is unreachable.
    pub connect_error: Option<String>,
    /// The server sent at least one byte.
    pub answered: bool,
    pub connections: usize,
}

#[derive(Debug, Default)]
struct Seen {
    chain: Vec<Vec<u8>>,
    requested: bool,
    ca_names: Vec<Vec<u8>>,
}

#[derive(Debug)]
struct Recorder {
    seen: Arc<Mutex<Seen>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut seen = self.seen.lock().expect("not poisoned");
        seen.chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.as_ref().to_vec())
            .collect();
        Ok(ServerCertVerified::assertion())
    }

    // The handshake signature is still checked: a server that cannot prove it holds the
    // key has not really presented that certificate.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[derive(Debug)]
struct ClientCert {
    seen: Arc<Mutex<Seen>>,
    key: Option<Arc<CertifiedKey>>,
}

impl ResolvesClientCert for ClientCert {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        _schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let mut seen = self.seen.lock().expect("not poisoned");
        seen.requested = true;
        seen.ca_names = root_hint_subjects.iter().map(|s| s.to_vec()).collect();
        self.key.clone()
    }

    fn has_certs(&self) -> bool {
        self.key.is_some()
    }
}

/// A distinguished name as sent in a CertificateRequest, in the `CN=…, O=…` form.
fn dn_text(raw: &[u8]) -> String {
    // Some servers send the RDN sequence without its outer SEQUENCE.
    let wrapped;
    let der = if raw.first() == Some(&0x30) {
        raw
    } else {
        wrapped = crate::pki::der::wrap(0x30, raw);
        &wrapped
    };
    match x509_parser::x509::X509Name::from_der(der) {
        Ok((_, name)) => name.to_string(),
        Err(_) => format!("(undecodable name, {} bytes)", raw.len()),
    }
}

fn config(version: Version, seen: &Arc<Mutex<Seen>>, opts: &ProbeOptions) -> Arc<ClientConfig> {
    let provider = Arc::new(provider());
    let versions: &[&rustls::SupportedProtocolVersion] = match version {
        Version::Tls13 => &[&rustls::version::TLS13],
        Version::Tls12 => &[&rustls::version::TLS12],
    };
    let verifier = Arc::new(Recorder {
        seen: seen.clone(),
        provider: provider.clone(),
    });
    let resolver = Arc::new(ClientCert {
        seen: seen.clone(),
        key: opts.client.as_ref().map(|c| c.0.clone()),
    });
    let mut cfg = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .expect("the provider supports TLS 1.2 and 1.3")
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_client_cert_resolver(resolver);
    cfg.enable_sni = true;
    Arc::new(cfg)
}

/// Why a handshake failed, in words an administrator can act on.
fn reason(e: &std::io::Error, what: &str) -> String {
    if let Some(r) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return match r {
            rustls::Error::AlertReceived(a) => {
                format!("the server sent alert {}", alert_words(a))
            }
            rustls::Error::PeerIncompatible(p) => {
                format!("the server is incompatible: {}", words(&format!("{p:?}")))
            }
            rustls::Error::PeerMisbehaved(p) => {
                format!("the server misbehaved: {}", words(&format!("{p:?}")))
            }
            // The first byte of the answer is no TLS record type: HTTP, SIP or another
            // protocol in clear text.
            rustls::Error::InvalidMessage(
                rustls::InvalidMessage::InvalidContentType
                | rustls::InvalidMessage::UnknownProtocolVersion,
            ) => "the endpoint answered in clear text, not TLS".into(),
            rustls::Error::InvalidMessage(m) => {
                format!(
                    "the server sent an invalid message: {}",
                    words(&format!("{m:?}"))
                )
            }
            rustls::Error::InvalidCertificate(c) => {
                format!("invalid certificate: {}", words(&format!("{c:?}")))
            }
            other => other.to_string(),
        };
    }
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => format!("no answer {what}"),
        ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset | ErrorKind::BrokenPipe => {
            "the server closed the connection during the handshake".into()
        }
        _ => e.to_string(),
    }
}

/// A library's name for a condition (`NoCipherSuitesInCommon`) in words ("no cipher
/// suites in common"): what is shown is a sentence, not a Rust identifier.
fn words(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len() + 8);
    let mut prev_lower = false;
    for c in debug.chars() {
        match c {
            '(' | ')' | '"' | '{' | '}' => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
                prev_lower = false;
            }
            c if c.is_ascii_uppercase() => {
                if prev_lower {
                    out.push(' ');
                }
                out.push(c.to_ascii_lowercase());
                prev_lower = false;
            }
            c => {
                out.push(c);
                prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            }
        }
    }
    out.trim().to_string()
}

fn alert_words(a: &rustls::AlertDescription) -> String {
    super::hello::alert_name(u8::from(*a)).to_string()
}

/// Reads and writes until the handshake ends or the deadline passes: every read and write
/// is held to the deadline, so a server that trickles bytes cannot stretch the handshake.
fn drive(conn: &mut ClientConnection, io: &mut Deadlined<'_>) -> Result<(), std::io::Error> {
    while conn.is_handshaking() {
        let (rd, wr) = conn.complete_io(io)?;
        if rd == 0 && wr == 0 && conn.is_handshaking() {
            return Err(ErrorKind::UnexpectedEof.into());
        }
    }
    Ok(())
}

/// After a TLS 1.3 handshake the client has finished before the server has judged its
/// certificate: the verdict, a ticket or an alert, comes in the next flight.
fn await_verdict(
    conn: &mut ClientConnection,
    io: &mut Deadlined<'_>,
    wait: Duration,
) -> Result<(), String> {
    io.tighten(Instant::now() + wait.max(Duration::from_millis(10)));
    let mut buf = [0u8; 1];
    // One read: the server writes its verdict (tickets, or an alert) as one flight.
    match conn.read_tls(io) {
        Ok(0) => Err("the server closed the connection after the handshake".into()),
        Ok(_) => match conn.process_new_packets() {
            Ok(_) => {
                let _ = conn.reader().read(&mut buf);
                Ok(())
            }
            Err(rustls::Error::AlertReceived(a)) => Err(format!(
                "the server sent alert {} after the handshake",
                alert_words(&a)
            )),
            Err(e) => Err(e.to_string()),
        },
        // Silence: no objection within the wait.
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => Ok(()),
        Err(e) => Err(reason(&e, "after the handshake")),
    }
}

/// One handshake at `version`, within the probe's timeout and never past `until` (the
/// endpoint's deadline).
pub(crate) fn handshake(
    addr: &SocketAddr,
    name: &str,
    version: Version,
    opts: &ProbeOptions,
    until: Instant,
) -> Handshake {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let mut out = Handshake {
        attempt: Attempt {
            version: version.name(),
            ok: false,
            suite: None,
            group: None,
            error: None,
            client_cert_requested: false,
        },
        chain: Vec::new(),
        ca_names: Vec::new(),
        connect_error: None,
        answered: false,
        connections: 1,
    };
    let started = Instant::now();
    let deadline = (started + opts.timeout).min(until);
    let connect_within = deadline.saturating_duration_since(started);
    if connect_within.is_zero() {
        out.connections = 0;
        out.attempt.error = Some("not tried: the endpoint's deadline has passed".into());
        return out;
    }
    let mut sock = match connect(addr, connect_within, opts) {
        Ok(s) => s,
        Err(e) => {
            out.connect_error = Some(e);
            return out;
        }
    };
    let _ = sock.set_nodelay(true);
    let server_name = match ServerName::try_from(name.to_string()) {
        Ok(n) => n,
        Err(_) => {
            out.attempt.error = Some(format!("`{name}` is not a valid server name"));
            return out;
        }
    };
    let mut conn = match ClientConnection::new(config(version, &seen, opts), server_name) {
        Ok(c) => c,
        Err(e) => {
            out.attempt.error = Some(e.to_string());
            return out;
        }
    };
    let within = format!("within {} s", opts.timeout.as_secs_f64());
    let mut io = Deadlined::new(&mut sock, deadline);
    let result = drive(&mut conn, &mut io).map_err(|e| {
        if io.received > 0 && matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) {
            // Bytes came, the handshake did not: a slow or stalling server.
            format!("the handshake did not finish {within}")
        } else {
            reason(&e, &within)
        }
    });
    // A TLS 1.3 server judges the client's certificate after the client's Finished.
    let result = result.and_then(|()| match version {
        Version::Tls13 if seen.lock().expect("not poisoned").requested => {
            let left = deadline.saturating_duration_since(Instant::now());
            await_verdict(&mut conn, &mut io, left.min(Duration::from_secs(2)))
        }
        _ => Ok(()),
    });
    record(&mut out, &mut conn, &mut io, result, &seen);
    out
}

/// What one handshake showed: whether the server answered, the negotiated suite and group
/// or the error, and what the server sent (its chain, whether it asked for a client
/// certificate and from which CAs).
fn record(
    out: &mut Handshake,
    conn: &mut ClientConnection,
    io: &mut Deadlined,
    result: Result<(), String>,
    seen: &Mutex<Seen>,
) {
    let seen = seen.lock().expect("not poisoned");
    out.answered = io.received > 0
        || conn.peer_certificates().is_some()
        || conn.protocol_version().is_some()
        || !seen.chain.is_empty()
        || result
            .as_ref()
            .err()
            .is_some_and(|e| e.starts_with("the server sent"));
    match result {
        Ok(()) => {
            out.attempt.ok = true;
            out.attempt.suite = conn
                .negotiated_cipher_suite()
                .map(|s| suite_name(u16::from(s.suite())));
            out.attempt.group = conn
                .negotiated_key_exchange_group()
                .map(|g| format!("{:?}", g.name()));
            conn.send_close_notify();
            let _ = conn.write_tls(io);
        }
        Err(e) => out.attempt.error = Some(e),
    }
    out.attempt.client_cert_requested = seen.requested;
    out.ca_names = seen.ca_names.iter().map(|n| dn_text(n)).collect();
    out.chain = seen
        .chain
        .iter()
        .filter_map(|der| Certificate::from_der(der).ok().map(Arc::new))
        .collect();
}

/// A TCP connection within `within`, or why there is none, in words.
fn connect(addr: &SocketAddr, within: Duration, opts: &ProbeOptions) -> Result<TcpStream, String> {
    TcpStream::connect_timeout(addr, within).map_err(|e| match e.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => {
            format!("no TCP connection within {} s", opts.timeout.as_secs_f64())
        }
        ErrorKind::ConnectionRefused => "connection refused: nothing listens there".into(),
        _ => format!("cannot connect: {e}"),
    })
}

/// The IANA name of a suite from its code, as the cipher table knows it.
pub(crate) fn suite_name(code: u16) -> String {
    let c = code.to_be_bytes();
    crate::tls::table::SUITES
        .iter()
        .chain(crate::tls::table::TLS13)
        .find(|s| s.code == c)
        .map(|s| s.iana.to_string())
        .unwrap_or_else(|| format!("0x{:02X},0x{:02X}", c[0], c[1]))
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn library_names_become_words() {
        assert_eq!(
            words("NoCipherSuitesInCommon"),
            "no cipher suites in common"
        );
        assert_eq!(words("UnknownIssuer"), "unknown issuer");
        assert_eq!(
            words("MissingData(\"ServerHello\")"),
            "missing data server hello"
        );
    }
}
