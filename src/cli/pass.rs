//! Password specifications: passwords never travel on the command line as plain text.
//! `env:VAR`, `file:PATH` (its first line), `prompt` (the terminal, not echoed), and — for
//! tests only, and unsafe because other users can read a process's arguments — `pass:TEXT`.

use crate::error::{InputError, Result};

pub fn read(spec: &str) -> Result<String> {
    if let Some(var) = spec.strip_prefix("env:") {
        return std::env::var(var).map_err(|_| {
            InputError(format!(
                "password spec `{spec}`: the variable {var} is not set"
            ))
        });
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
        "password spec `{spec}`: use env:VAR, file:PATH or prompt"
    )))
}

/// Reads a line from the terminal with echo switched off.
pub fn prompt(label: &str) -> Result<String> {
    use std::io::{BufRead, Write};
    use std::process::{Command, Stdio};
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| {
            InputError::msg("a password prompt needs a terminal: use env:VAR or file:PATH")
        })?;
    let stty = |arg: &str| {
        Command::new("stty")
            .arg(arg)
            .stdin(Stdio::from(tty.try_clone().expect("tty handle")))
            .status()
            .is_ok_and(|s| s.success())
    };
    let mut out = tty.try_clone().map_err(|e| InputError(e.to_string()))?;
    let _ = write!(out, "{label}");
    let _ = out.flush();
    let silenced = stty("-echo");
    let mut line = String::new();
    let result = std::io::BufReader::new(&tty).read_line(&mut line);
    if silenced {
        stty("echo");
    }
    let _ = writeln!(out);
    result.map_err(|e| InputError(format!("reading the password: {e}")))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
