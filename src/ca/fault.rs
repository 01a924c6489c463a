//! Fault injection for the tests of kill and failure safety: `TLSKIT_FAULT=kill:POINT`
//! makes the process SIGKILL itself when it reaches POINT, `fail:POINT` makes the step at
//! POINT fail as a full disk would (several, comma-separated). `POINT@N` acts only the
//! Nth time the point is reached (`issue-write@N`: at the Nth file of the run in order,
//! whichever thread writes it). Unset, it costs one lookup.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::error::{InputError, Result};

fn spec() -> &'static str {
    static SPEC: OnceLock<String> = OnceLock::new();
    SPEC.get_or_init(|| std::env::var("TLSKIT_FAULT").unwrap_or_default())
}

/// Whether `p` (`NAME` or `NAME@N`) names this passage through `name`; `hits` is how
/// many times `name` was reached, this time included.
fn matches(p: &str, name: &str, hits: usize) -> bool {
    match p.split_once('@') {
        Some((n, at)) => n == name && at.parse() == Ok(hits),
        None => p == name,
    }
}

/// Counts the passages through `name` (only when a fault is asked for).
fn hit(name: &str) -> usize {
    static HITS: OnceLock<Mutex<HashMap<String, usize>>> = OnceLock::new();
    let mut map = HITS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let n = map.entry(name.to_string()).or_insert(0);
    *n += 1;
    *n
}

/// Dies or fails here when the environment asks for it.
pub(crate) fn point(name: &str) -> Result<()> {
    if spec().is_empty() {
        return Ok(());
    }
    act(name, hit(name))
}

/// Like `point`, for passage `n` (from 1) through `name` in an order the caller fixes
/// rather than the order threads happen to reach it: work spread over threads keeps
/// `NAME@N` deterministic.
pub(crate) fn point_nth(name: &str, n: usize) -> Result<()> {
    if spec().is_empty() {
        return Ok(());
    }
    act(name, n)
}

fn act(name: &str, hits: usize) -> Result<()> {
    for item in spec().split(',') {
        match item.split_once(':') {
            Some(("kill", p)) if matches(p, name, hits) => {
                // SAFETY: signalling our own process; SIGKILL cannot be caught, so nothing
                // runs after it, exactly as when an operator kills the run.
                unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
            }
            Some(("fail", p)) if matches(p, name, hits) => {
                return Err(InputError(format!(
                    "injected failure at {name} (TLSKIT_FAULT)"
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Dies here when the environment asks for it (a point where only a kill makes sense: a
/// failure there would leave a journal that a later run finishes).
pub(crate) fn kill_point(name: &str) {
    if spec().is_empty() {
        return;
    }
    let hits = hit(name);
    if spec().split(',').any(|item| {
        item.strip_prefix("kill:")
            .is_some_and(|p| matches(p, name, hits))
    }) {
        // SAFETY: as in `point`.
        unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
    }
}
