//! The command-line contract of DESIGN.md: the clap definition of the command tree and the
//! dispatch. One file (or folder) per command does the work and declares its arguments;
//! `common` holds what several commands share and imports none of them.

mod ca;
mod cert;
mod ciphers;
mod common;
mod key;
mod lint;
pub mod pass;
mod probe;
mod resolve;
mod rules;

use clap::{Parser, Subcommand};

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
    Lint(lint::LintArgs),
    /// Show the effective TLS settings of every port and connection, and where each came from
    Resolve(resolve::ResolveArgs),
    /// Inspect and verify certificates
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// Expand an OpenSSL cipher string
    Ciphers(ciphers::CiphersArgs),
    /// Connect to live endpoints and report what they present and accept
    Probe(probe::ProbeArgs),
    /// A lab certificate authority compatible with the Security Pack scripts and `openssl ca`
    #[command(subcommand)]
    Ca(ca::CaCommand),
    /// Convert private keys between formats
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// List the rule catalog, or explain one rule
    Rules(rules::RulesArgs),
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
        Command::Cert(c) => cert::run(c),
        Command::Ciphers(a) => ciphers::run(a),
        Command::Probe(a) => probe::run(&a),
        Command::Ca(c) => ca::run(c),
        Command::Key(c) => key::run(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => common::fail(&e),
    }
}
