//! Probing many endpoints at once, with results in the order given.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{EndpointReport, HostPort, ProbeOptions, probe};

/// Probes `endpoints` with at most `parallel` at a time. A progress line is drawn on stderr
/// when it is a terminal and there is more than one endpoint.
pub(crate) fn probe_all(
    endpoints: &[HostPort],
    opts: &ProbeOptions,
    parallel: usize,
) -> Vec<EndpointReport> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<EndpointReport>>> =
        endpoints.iter().map(|_| Mutex::new(None)).collect();
    let progress = endpoints.len() > 1 && std::io::stderr().is_terminal();
    let workers = parallel.clamp(1, endpoints.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(e) = endpoints.get(i) else { break };
                    let r = probe(e, opts);
                    *slots[i].lock().expect("not poisoned") = Some(r);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if progress {
                        draw(n, endpoints.len());
                    }
                }
            });
        }
    });
    if progress {
        eprint!("\r\x1b[K");
    }
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .expect("not poisoned")
                .expect("every slot filled")
        })
        .collect()
}

fn draw(done: usize, total: usize) {
    const WIDTH: usize = 30;
    let filled = done * WIDTH / total;
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r\x1b[Kprobing [{}{}] {done}/{total}",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled)
    );
    let _ = err.flush();
}
