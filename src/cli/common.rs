//! What the commands share: output formats and other enumerated options, the inputs of
//! `lint` and `resolve`, times given with `--at`, reading certificate files named on the
//! command line, and writing reports. Commands import this module; it imports no command.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use clap::{Args, ValueEnum};

use crate::error::{InputError, Result};
use crate::findings::Severity;
use crate::input::load::{Loaded, load};
use crate::model::Os;
use crate::pki::load::{LoadError, PkiFile};

/// Report formats of `lint`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable, coloured on a terminal
    Text,
    /// One JSON document
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// JUnit XML, one test case per object
    Junit,
}

/// Formats of the commands that report in text or JSON.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SimpleFormat {
    /// Human-readable
    Text,
    /// One JSON document
    Json,
}

/// The severity at which `lint` fails.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Errors only
    Error,
    /// Warnings and errors
    Warning,
    /// Any finding
    Notice,
    /// Never: exit 0 whatever is found
    Never,
}

impl FailOn {
    pub(crate) fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Notice => Some(Severity::Notice),
            FailOn::Never => None,
        }
    }
}

/// The OS assumed for objects whose host is unknown.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlatformArg {
    /// Linux and other Unix systems
    Unix,
    /// Windows
    Windows,
}

impl PlatformArg {
    pub(crate) fn os(self) -> Os {
        match self {
            PlatformArg::Unix => Os::Unix,
            PlatformArg::Windows => Os::Windows,
        }
    }
}

/// The form of a private key file that is written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KeyFormat {
    /// PKCS#1 (RSA PRIVATE KEY), for native applications
    Rsa,
    /// PKCS#8 (PRIVATE KEY), for Java
    Pkcs8,
}

/// What lint and resolve share: where the configuration is and how to read it.
#[derive(Args)]
pub(crate) struct InputArgs {
    /// Deployment folders, exports (.json) and option files (.cfg, .conf, .ini)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Map configured paths to local copies: FROM=TO (longest prefix wins; repeatable)
    #[arg(long = "path-map", value_name = "FROM=TO")]
    pub path_map: Vec<String>,
    /// tlskit.toml to use in addition to the one at a folder's root
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The OS of objects whose host is unknown (default: inferred, else unix)
    #[arg(long, value_enum)]
    pub platform: Option<PlatformArg>,
    /// List the files that were read and the JSON files that were ignored
    #[arg(long)]
    pub verbose: bool,
}

/// Loads the inputs shared by lint and resolve, with command-line settings on top.
pub(crate) fn load_inputs(input: &InputArgs) -> Result<Loaded> {
    if input.paths.is_empty() {
        return Err(InputError::msg(
            "no PATH given: name a deployment folder, an export (.json) or an option file",
        ));
    }
    let mut loaded = load(&input.paths, input.config.as_deref())?;
    for spec in &input.path_map {
        loaded.settings.path_map.add_cli(spec)?;
    }
    if input.verbose {
        for (_, f) in loaded.sources.iter() {
            eprintln!("tlskit: read {}", f.display);
        }
        for p in &loaded.ignored {
            eprintln!("tlskit: ignored {} (not a deployment export)", p.display());
        }
        for (link, target) in &loaded.outside {
            eprintln!(
                "tlskit: not followed: {} -> {} (outside the folder scanned)",
                link.display(),
                target.display()
            );
        }
        for x in &loaded.deployment.disabled {
            let kind = match x.kind {
                crate::model::DisabledKind::Host => "host",
                crate::model::DisabledKind::Application => "application",
            };
            eprintln!("tlskit: not linted: {kind} {} ({})", x.name, x.why);
        }
    }
    if loaded.deployment.is_empty() {
        return Err(InputError::msg(format!(
            "{}: no deployment export or option file found",
            input.paths[0].display()
        )));
    }
    Ok(loaded)
}

/// The time `--at` names, or now.
pub(crate) fn parse_at(at: Option<&str>) -> Result<time::OffsetDateTime> {
    match at {
        None => Ok(time::OffsetDateTime::now_utc()),
        Some(s) => time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map_err(|e| InputError(format!("--at `{s}`: not an RFC 3339 time ({e})"))),
    }
}

/// A time as reports show it: RFC 3339 in UTC, whole seconds.
pub(crate) fn format_at(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A Unix time as reports show it (see `format_at`).
pub(crate) fn date(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(format_at)
        .unwrap_or_else(|_| t.to_string())
}

/// Reads a certificate, key or CRL file given on the command line: anything that stops it
/// being used is an input error naming the file.
pub(crate) fn read_pki(path: &Path, password: Option<&str>) -> Result<Rc<PkiFile>> {
    match crate::pki::load::load(path, password) {
        Ok(f) if f.is_empty() => Err(InputError::file(
            path,
            format!("no certificate, key or CRL found: {}", f.describe()),
        )),
        Ok(f) => Ok(f),
        Err(LoadError::Missing) => Err(InputError::file(path, "no such file")),
        Err(LoadError::Unreadable(why)) => Err(InputError::file(path, why)),
    }
}

/// Prints an input error the one way the contract allows: one line, exit code 2.
pub(crate) fn fail(e: &InputError) -> i32 {
    eprintln!("tlskit: error: {e}");
    2
}

/// A text report on standard output, its control characters escaped (see `escape`). JSON
/// goes through `print_out`: serde escapes what JSON must.
pub(crate) fn print_text(s: &str) {
    print_out(&crate::escape::esc_lines(s));
}

/// Writes to stdout; a closed pipe (`tlskit lint | head`) is not an error worth a panic.
pub(crate) fn print_out(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
