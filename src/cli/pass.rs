//! Password specifications: passwords never travel on the command line as plain text.
//! `env:VAR`, `file:PATH` (its first line), `prompt` (the terminal, not echoed), and — for
//! tests only, and unsafe because other users can read a process's arguments — `pass:TEXT`.

use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::os::unix::io::AsRawFd;
use std::sync::atomic::{AtomicI32, Ordering};

use crate::error::{InputError, Result};

/// Reads the password a spec names. A spec of no known form is refused without showing
/// it: it may well be the password itself.
pub(crate) fn read(spec: &str) -> Result<String> {
    read_flag("the password", spec)
}

/// As `read`, the error naming `flag` (`--passin`).
pub(crate) fn read_flag(flag: &str, spec: &str) -> Result<String> {
    if let Some(var) = spec.strip_prefix("env:") {
        return std::env::var(var)
            .map_err(|_| InputError(format!("{flag} env:{var}: the variable {var} is not set")));
    }
    if let Some(path) = spec.strip_prefix("file:") {
        let bytes = crate::input::read::read_capped(std::path::Path::new(path), 64 * 1024)
            .map_err(|e| InputError(format!("{path}: {e}")))?;
        let text = String::from_utf8_lossy(&bytes);
        return Ok(text.lines().next().unwrap_or("").to_string());
    }
    if let Some(text) = spec.strip_prefix("pass:") {
        return Ok(text.to_string());
    }
    if spec == "prompt" {
        return prompt("Password: ");
    }
    Err(InputError(format!(
        "{flag}: not a password spec (the value given is not shown): use env:VAR, file:PATH or prompt (pass:TEXT only for tests)"
    )))
}

/// The terminal settings to put back when a signal ends the process at a prompt.
struct Saved(UnsafeCell<MaybeUninit<libc::termios>>);

// SAFETY: written only before TTY_FD publishes it (and while no handler can read it), read
// only by the signal handler after that.
unsafe impl Sync for Saved {}

static SAVED: Saved = Saved(UnsafeCell::new(MaybeUninit::uninit()));
/// The terminal with echo off, or -1.
static TTY_FD: AtomicI32 = AtomicI32::new(-1);

/// SIGINT, SIGTERM, SIGHUP or SIGQUIT at a prompt: echo back on, then die of the signal
/// as the process would have (tcsetattr, signal and raise are async-signal-safe).
extern "C" fn restore_and_die(sig: libc::c_int) {
    let fd = TTY_FD.load(Ordering::SeqCst);
    // SAFETY: SAVED was written before fd was published; the calls are async-signal-safe.
    unsafe {
        if fd >= 0 {
            libc::tcsetattr(fd, libc::TCSANOW, (*SAVED.0.get()).as_ptr());
        }
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

const SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

/// Echo off on the terminal until dropped, even when a signal ends the process.
struct NoEcho {
    fd: i32,
    saved: libc::termios,
    old_actions: Vec<(libc::c_int, libc::sigaction)>,
}

impl NoEcho {
    fn new(fd: i32) -> Option<NoEcho> {
        let mut t = MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills the termios on success, which is checked.
        if unsafe { libc::tcgetattr(fd, t.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: initialised by tcgetattr above.
        let saved = unsafe { t.assume_init() };
        // SAFETY: no handler reads SAVED before TTY_FD is set below.
        unsafe { (*SAVED.0.get()).write(saved) };
        TTY_FD.store(fd, Ordering::SeqCst);
        let mut old_actions = Vec::new();
        for sig in SIGNALS {
            // SAFETY: installing a handler that only calls async-signal-safe functions.
            unsafe {
                let mut act: libc::sigaction = std::mem::zeroed();
                act.sa_sigaction = restore_and_die as *const () as usize;
                libc::sigemptyset(&mut act.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, &act, &mut old) == 0 {
                    old_actions.push((sig, old));
                }
            }
        }
        let mut quiet = saved;
        quiet.c_lflag &= !libc::ECHO;
        // SAFETY: a termios derived from the one tcgetattr returned.
        unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &quiet) };
        Some(NoEcho {
            fd,
            saved,
            old_actions,
        })
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        // SAFETY: the saved settings and the handlers that were there before.
        unsafe {
            libc::tcsetattr(self.fd, libc::TCSANOW, &self.saved);
            TTY_FD.store(-1, Ordering::SeqCst);
            for (sig, old) in &self.old_actions {
                libc::sigaction(*sig, old, std::ptr::null_mut());
            }
        }
    }
}

/// Reads a line from the terminal with echo switched off; a signal that ends the process
/// meanwhile switches echo back on first.
pub(crate) fn prompt(label: &str) -> Result<String> {
    use std::io::{BufRead, Write};
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| {
            InputError::msg("a password prompt needs a terminal: use env:VAR or file:PATH")
        })?;
    let mut out = tty.try_clone().map_err(|e| InputError(e.to_string()))?;
    let _ = write!(out, "{label}");
    let _ = out.flush();
    let mut line = String::new();
    let result = {
        let _quiet = NoEcho::new(tty.as_raw_fd());
        std::io::BufReader::new(&tty).read_line(&mut line)
    };
    let _ = writeln!(out);
    result.map_err(|e| InputError(format!("reading the password: {e}")))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
