//! A socket that keeps a deadline on every read and write. A timeout set once on a socket
//! bounds each read, not the exchange: a server that trickles a byte every half second, or
//! sends endless tiny records, would keep a reader that loops (rustls' `complete_io`, the
//! scan's ServerHello reader) waiting for ever. Here every call gets the time left before
//! the deadline as its timeout, and fails with `TimedOut` once none is left.

use std::io::{self, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

pub(crate) struct Deadlined<'a> {
    sock: &'a mut TcpStream,
    deadline: Instant,
    /// Bytes the server has sent so far.
    pub received: usize,
}

impl<'a> Deadlined<'a> {
    pub(crate) fn new(sock: &'a mut TcpStream, deadline: Instant) -> Self {
        Deadlined {
            sock,
            deadline,
            received: 0,
        }
    }

    /// Moves the deadline earlier (never later).
    pub(crate) fn tighten(&mut self, deadline: Instant) {
        self.deadline = self.deadline.min(deadline);
    }

    fn left(&self) -> io::Result<std::time::Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(ErrorKind::TimedOut.into())
        } else {
            Ok(left)
        }
    }
}

impl Read for Deadlined<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.sock.set_read_timeout(Some(left))?;
        let n = self.sock.read(buf).map_err(timed_out)?;
        self.received += n;
        Ok(n)
    }
}

impl Write for Deadlined<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.sock.set_write_timeout(Some(left))?;
        self.sock.write(buf).map_err(timed_out)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sock.flush()
    }
}

/// A socket timeout shows as `WouldBlock` on Unix: call it what it is.
fn timed_out(e: io::Error) -> io::Error {
    if e.kind() == ErrorKind::WouldBlock {
        ErrorKind::TimedOut.into()
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::time::Duration;

    #[test]
    fn a_trickling_peer_cannot_outlast_the_deadline() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            // One byte every 50 ms for 3 s, far past the reader's 300 ms.
            for _ in 0..60 {
                if s.write_all(b"x").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let mut sock = TcpStream::connect(addr).unwrap();
        let started = Instant::now();
        let mut d = Deadlined::new(&mut sock, started + Duration::from_millis(300));
        let mut sink = Vec::new();
        let e = d.read_to_end(&mut sink).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut);
        assert!(started.elapsed() < Duration::from_millis(1000));
        assert!(d.received > 0 && d.received == sink.len());
        drop(sock);
        server.join().unwrap();
    }

    #[test]
    fn past_the_deadline_nothing_is_read_or_written() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut sock = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let mut d = Deadlined::new(&mut sock, Instant::now());
        assert_eq!(
            d.read(&mut [0u8; 4]).unwrap_err().kind(),
            ErrorKind::TimedOut
        );
        assert_eq!(d.write(b"hi").unwrap_err().kind(), ErrorKind::TimedOut);
    }
}
