//! The command-line contract of DESIGN.md: clap definitions and dispatch. One file per
//! command does the work.

mod ca;
mod cert;
mod ciphers;
mod key;
mod lint;
pub mod pass;
mod probe;
mod resolve;
mod rules;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::InputError;
use crate::findings::Severity;
use crate::model::Os;

const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (cipher semantics and defaults: OpenSSL 3.0)"
);

#[derive(Parser)]
#[command(
    name = "tlskit",
    version = VERSION,
    about = "Lint Genesys TLS configuration, generate lab PKI, probe live endpoints",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Check option files and deployments against the rule catalog
    Lint(LintArgs),
    /// Show the effective TLS settings of every port and connection, and where each came from
    Resolve(ResolveArgs),
    /// Inspect and verify certificates
    #[command(subcommand)]
    Cert(CertCommand),
    /// Expand an OpenSSL cipher string
    Ciphers(CiphersArgs),
    /// Connect to live endpoints and report what they present and accept
    Probe(ProbeArgs),
    /// A lab certificate authority compatible with the Security Pack scripts and `openssl ca`
    #[command(subcommand)]
    Ca(ca::CaCommand),
    /// Convert private keys between formats
    #[command(subcommand)]
    Key(KeyCommand),
    /// List the rule catalog, or explain one rule
    Rules(RulesArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    /// One self-contained HTML page: summary, deployment map, findings, certificates
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimpleFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Notice,
    Never,
}

impl FailOn {
    pub fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Notice => Some(Severity::Notice),
            FailOn::Never => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    Unix,
    Windows,
}

impl PlatformArg {
    pub fn os(self) -> Os {
        match self {
            PlatformArg::Unix => Os::Unix,
            PlatformArg::Windows => Os::Windows,
        }
    }
}

/// What lint and resolve share: where the configuration is and how to read it.
#[derive(Args)]
pub struct InputArgs {
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

#[derive(Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity remains
    #[arg(long = "fail-on", value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Judge validity at this time instead of now (RFC 3339)
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Warn about certificates expiring within N days
    #[arg(long = "expiry-warn-days", value_name = "N")]
    pub expiry_warn_days: Option<u32>,
    /// Also connect to every secure port and compare with the configuration
    #[arg(long)]
    pub probe: bool,
    /// Seconds allowed for each connect and handshake of --probe (default 5)
    #[arg(long = "probe-timeout", requires = "probe")]
    pub probe_timeout: Option<f64>,
    /// Judge every port and connection as if fips140-enabled were set
    #[arg(long)]
    pub fips: bool,
    /// Write the report to FILE instead of standard output
    #[arg(short = 'o', long = "output-file", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

#[derive(Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
}

#[derive(Subcommand)]
pub enum CertCommand {
    /// Show what a certificate file holds, with fingerprints and the Windows thumbprint
    Inspect {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: SimpleFormat,
        /// Password of PKCS#12 files: env:VAR, file:PATH or prompt (empty by default)
        #[arg(long, value_name = "SPEC")]
        passin: Option<String>,
        /// Count days left from this time instead of now (RFC 3339)
        #[arg(long)]
        at: Option<String>,
    },
    /// Build and validate a certificate's path, and explain every problem
    Verify {
        /// Certificate files (a bundle in any order); several are checked in one run
        #[arg(required = true)]
        certs: Vec<PathBuf>,
        #[arg(long = "trusted-ca", required = true)]
        trusted_ca: PathBuf,
        #[arg(long)]
        untrusted: Option<PathBuf>,
        #[arg(long)]
        crl: Vec<PathBuf>,
        #[arg(long)]
        host: Option<String>,
        #[arg(long)]
        purpose: Option<String>,
        #[arg(long = "max-depth")]
        max_depth: Option<u32>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: SimpleFormat,
    },
}

#[derive(Args)]
pub struct CiphersArgs {
    /// An OpenSSL cipher string, as in the cipher-list option (default: DEFAULT)
    #[arg(allow_hyphen_values = true)]
    pub string: Option<String>,
    /// TLS 1.3 suites, as in the ciphersuites option (default: OpenSSL's three)
    #[arg(long)]
    pub tls13: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
}

#[derive(Args)]
pub struct ProbeArgs {
    /// Endpoints: name:port, 10.0.0.1:port or [::1]:port
    #[arg(value_name = "HOST:PORT", required = true)]
    pub endpoints: Vec<String>,
    /// Server name to send and to check the certificate against (default: the host given)
    #[arg(long)]
    pub sni: Option<String>,
    /// CA certificates to validate the presented chain against
    #[arg(long = "trusted-ca")]
    pub trusted_ca: Option<PathBuf>,
    /// Client certificate (chain) for servers that ask for one
    #[arg(long, requires = "key")]
    pub cert: Option<PathBuf>,
    /// Unencrypted private key of --cert
    #[arg(long, requires = "cert")]
    pub key: Option<PathBuf>,
    /// Seconds allowed for each connect and each handshake (default 5)
    #[arg(long)]
    pub timeout: Option<f64>,
    /// Endpoints probed at once
    #[arg(long, default_value_t = crate::probe::DEFAULT_PARALLEL)]
    pub parallel: usize,
    /// Most connections the legacy version and suite scan makes per endpoint
    #[arg(long = "max-connections", default_value_t = crate::probe::DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Only the TLS 1.3 and TLS 1.2 handshakes: no legacy version or suite scan
    #[arg(long = "no-scan")]
    pub no_scan: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Convert a private key (like convert_priv_key.sh)
    Convert(key::ConvertArgs),
}

#[derive(Args)]
pub struct RulesArgs {
    /// A rule id to explain
    pub id: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
}

/// Prints an input error the one way the contract allows: one line, exit code 2.
pub fn fail(e: &InputError) -> i32 {
    eprintln!("tlskit: error: {e}");
    2
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Lint(a) => lint::run(a),
        Command::Resolve(a) => resolve::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Cert(CertCommand::Inspect {
            files,
            format,
            passin,
            at,
        }) => cert::inspect(&files, format, passin.as_deref(), at.as_deref()),
        Command::Cert(CertCommand::Verify {
            certs,
            trusted_ca,
            untrusted,
            crl,
            host,
            purpose,
            max_depth,
            at,
            format,
        }) => cert::run_verify(cert::VerifyArgs {
            certs: &certs,
            trusted_ca: &trusted_ca,
            untrusted: untrusted.as_deref(),
            crls: &crl,
            host: host.as_deref(),
            purpose: purpose.as_deref(),
            max_depth,
            at: at.as_deref(),
            format,
        }),
        Command::Ciphers(a) => ciphers::run(a),
        Command::Probe(a) => probe::run(&a),
        Command::Ca(c) => ca::run(c),
        Command::Key(KeyCommand::Convert(a)) => key::convert(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}
