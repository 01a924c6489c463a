//! Fault injection for the tests of kill and failure safety: `TLSKIT_FAULT=kill:POINT`
//! makes the process SIGKILL itself when it reaches POINT, `fail:POINT` makes the step at
//! POINT fail as a full disk would (several, comma-separated). Unset, it costs one lookup.

use std::sync::OnceLock;

use crate::error::{InputError, Result};

fn spec() -> &'static str {
    static SPEC: OnceLock<String> = OnceLock::new();
    SPEC.get_or_init(|| std::env::var("TLSKIT_FAULT").unwrap_or_default())
}

/// Dies or fails here when the environment asks for it.
pub(crate) fn point(name: &str) -> Result<()> {
    for item in spec().split(',') {
        match item.split_once(':') {
            Some(("kill", p)) if p == name => {
                // SAFETY: signalling our own process; SIGKILL cannot be caught, so nothing
                // runs after it, exactly as when an operator kills the run.
                unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
            }
            Some(("fail", p)) if p == name => {
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
    if spec()
        .split(',')
        .any(|item| item.strip_prefix("kill:") == Some(name))
    {
        // SAFETY: as in `point`.
        unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
    }
}
