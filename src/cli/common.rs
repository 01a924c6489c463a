//! What the commands share: output formats and other enumerated options, the inputs of
//! `lint` and `resolve`, times given with `--at`, reading certificate files named on the
//! command line, and writing reports. Commands import this module; it imports no command.

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use clap::{Args, ValueEnum};

use crate::error::{InputError, Result};
use crate::load::{Loaded, load};
use crate::model::Os;
use crate::pki::load::{LoadError, PkiFile};
use crate::severity::Severity;

/// Report formats of `lint`. A new format is a variant here and a renderer in `report`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable, coloured on a terminal
    Text,
    /// One JSON document
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps)
    Sarif,
    /// JUnit XML, one test case per object
    Junit,
    /// GitHub Actions workflow commands: findings annotate pull requests
    Github,
    /// GitLab Code Quality JSON (artifacts:reports:codequality)
    Gitlab,
    /// One self-contained HTML page: summary, deployment map, findings, certificates
    Html,
}

/// When to colour text output.
#[derive(Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)
    #[default]
    Auto,
    /// Always, even into a pipe or a file
    Always,
    /// Never
    Never,
}

static COLOR: OnceLock<ColorChoice> = OnceLock::new();

/// Sets `--color` for the run (once, before any output).
pub(crate) fn set_color(c: ColorChoice) {
    let _ = COLOR.set(c);
}

/// Whether text written to standard output is coloured: `--color`, then the conventions
/// of no-color.org and bixense.com/clicolors, then whether standard output is a terminal.
pub(crate) fn color() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match COLOR.get().copied().unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR") {
                return false;
            }
            if set("CLICOLOR_FORCE") && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0")
            {
                return true;
            }
            if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
                return false;
            }
            output_is_stdout() && std::io::stdout().is_terminal()
        }
    }
}

/// Where a report goes: `-o/--output-file`, on every command that reports.
#[derive(Args)]
pub(crate) struct OutputArgs {
    /// Write the report to PATH instead of standard output (`-` is standard output)
    #[arg(short = 'o', long = "output-file", value_name = "PATH")]
    pub output_file: Option<PathBuf>,
}

impl OutputArgs {
    /// Opens the report file, if one is named, before any work is done: a temporary file
    /// beside it, which `finish_output` renames into place once the command succeeds, so
    /// that a run that fails leaves the previous report as it was and no empty one.
    pub(crate) fn open(&self) -> Result<()> {
        let Some(path) = self.output_file.as_deref().filter(|p| !is_stdio(p)) else {
            return Ok(());
        };
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = path.with_file_name(format!(".{name}.tlskit-{}", std::process::id()));
        let file = File::create(&tmp).map_err(|e| {
            InputError::file(
                path,
                format!("cannot write: {}", crate::input::read::io_phrase(&e)),
            )
        })?;
        *OUTPUT.lock().unwrap_or_else(|e| e.into_inner()) = Some(Output {
            file,
            tmp,
            path: path.to_path_buf(),
        });
        Ok(())
    }
}

/// The report file being written, and where it goes when the command succeeds.
struct Output {
    file: File,
    tmp: PathBuf,
    path: PathBuf,
}

static OUTPUT: Mutex<Option<Output>> = Mutex::new(None);

/// Puts the report file in place when the command succeeded (exit 0 or 1), else removes it.
pub(crate) fn finish_output(succeeded: bool) -> std::result::Result<(), String> {
    let Some(out) = OUTPUT.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return Ok(());
    };
    drop(out.file);
    if succeeded {
        std::fs::rename(&out.tmp, &out.path).map_err(|e| {
            let _ = std::fs::remove_file(&out.tmp);
            format!(
                "{}: cannot write: {}",
                out.path.display(),
                crate::input::read::io_phrase(&e)
            )
        })
    } else {
        let _ = std::fs::remove_file(&out.tmp);
        Ok(())
    }
}

fn output_is_stdout() -> bool {
    OUTPUT.lock().map(|o| o.is_none()).unwrap_or(true)
}

/// Whether a path argument is `-`: standard input where a command reads, standard output
/// where it writes.
pub(crate) fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A file argument as an error names it: `-` is "standard input".
pub(crate) fn arg_name(path: &Path) -> PathBuf {
    if is_stdio(path) {
        PathBuf::from("standard input")
    } else {
        path.to_path_buf()
    }
}

/// The bytes of standard input, at most `cap` of them.
pub(crate) fn read_stdin(cap: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError(format!("standard input: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(InputError(format!(
            "standard input: more than {cap} bytes: not a file tlskit reads"
        )));
    }
    Ok(bytes)
}

/// A file argument's bytes: the file, or standard input for `-`.
pub(crate) fn read_arg(path: &Path, cap: u64) -> Result<Vec<u8>> {
    if is_stdio(path) {
        return read_stdin(cap);
    }
    crate::input::read::read_capped(path, cap).map_err(|e| InputError::file(path, e))
}

/// A JSON document in the envelope every command's JSON has: `tool`, `version`, then the
/// data (the fields of `data`, an object).
pub(crate) fn envelope<T: serde::Serialize>(data: T) -> String {
    #[derive(serde::Serialize)]
    struct Envelope<T> {
        tool: &'static str,
        version: &'static str,
        #[serde(flatten)]
        data: T,
    }
    let doc = Envelope {
        tool: "tlskit",
        version: env!("CARGO_PKG_VERSION"),
        data,
    };
    serde_json::to_string_pretty(&doc).expect("serialisable") + "\n"
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
    /// Deployment folders, exports (.json) and option files (.cfg, .conf, .ini); `-` reads
    /// one option file from standard input; none: the current directory
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

/// Loads the inputs shared by lint and resolve, with command-line settings on top. No
/// path is the current directory, as for ruff. `signatures`: whether the run will judge
/// trust (see `Preloading`).
pub(crate) fn load_inputs(input: &InputArgs, signatures: bool) -> Result<Loaded> {
    let here = [PathBuf::from(".")];
    let paths = if input.paths.is_empty() {
        &here[..]
    } else {
        &input.paths[..]
    };
    let preloading = crate::load::Preloading {
        maps: &input.path_map,
        signatures,
    };
    let mut loaded = load(paths, input.config.as_deref(), Some(preloading))?;
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
            paths[0].display()
        )));
    }
    Ok(loaded)
}

/// The time `--at` names, or now: RFC 3339 (`2027-03-01T12:00:00Z`) or a plain date
/// (`2027-03-01`, midnight UTC).
pub(crate) fn parse_at(at: Option<&str>) -> Result<time::OffsetDateTime> {
    let Some(s) = at else {
        return Ok(time::OffsetDateTime::now_utc());
    };
    if let Ok(t) = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
        return Ok(t);
    }
    let plain = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(s.trim(), &plain) {
        return Ok(d.midnight().assume_utc());
    }
    Err(InputError(format!(
        "--at `{s}`: not a date or time: give a date (2027-03-01) or an RFC 3339 time (2027-03-01T12:00:00Z)"
    )))
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

/// Reads a certificate, key or CRL file given on the command line (`-`: standard input):
/// anything that stops it being used is an input error naming the file.
pub(crate) fn read_pki(path: &Path, password: Option<&str>) -> Result<Arc<PkiFile>> {
    if is_stdio(path) {
        let bytes = read_stdin(crate::pki::load::MAX_PKI_BYTES)?;
        let f = crate::pki::load::parse(&bytes, password, false);
        if f.is_empty() {
            return Err(InputError(format!(
                "standard input: no certificate, key or CRL found: {}",
                f.describe()
            )));
        }
        return Ok(Arc::new(f));
    }
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

/// A text report with its verdict words (`INVALID`, `FAILED`, `ACCEPTED`…) coloured
/// when colour is on, as lint colours its severities.
pub(crate) fn print_verdicts(s: &str) {
    let escaped = crate::escape::esc_lines(s);
    if !color() {
        return print_out(&escaped);
    }
    const RED: &[&str] = &["INVALID", "FAILED", "UNREACHABLE", "EXPIRED", "WEAK"];
    const YELLOW: &[&str] = &["ACCEPTED"];
    const GREEN: &[&str] = &["valid"];
    let mut out = String::with_capacity(escaped.len());
    for line in escaped.split_inclusive('\n') {
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            let w = word.as_str();
            let code = if RED.contains(&w) {
                Some("1;31")
            } else if YELLOW.contains(&w) {
                Some("1;33")
            } else if GREEN.contains(&w) {
                Some("32")
            } else {
                None
            };
            match code {
                Some(c) => out.push_str(&format!("\x1b[{c}m{w}\x1b[0m")),
                None => out.push_str(w),
            }
            word.clear();
        };
        for ch in line.chars() {
            if ch.is_ascii_alphanumeric() {
                word.push(ch);
            } else {
                flush(&mut word, &mut out);
                out.push(ch);
            }
        }
        flush(&mut word, &mut out);
    }
    print_out(&out)
}

/// Writes a report to standard output or to `--output-file`; a closed pipe
/// (`tlskit lint | head`) is not an error worth a panic.
pub(crate) fn print_out(s: &str) {
    let mut file = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(Output { file: f, .. }) = file.as_mut() {
        if let Err(e) = f.write_all(s.as_bytes()).and_then(|_| f.flush()) {
            eprintln!("tlskit: error: cannot write the report: {e}");
        }
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
