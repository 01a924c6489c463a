//! The command-line contract of DESIGN.md: the clap definition of the command tree and the
//! dispatch. One file (or folder) per command does the work and declares its arguments;
//! `common` holds what several commands share and imports none of them.

mod ca;
mod cert;
mod ciphers;
mod common;
mod docs;
mod key;
mod lint;
pub mod pass;
mod probe;
mod resolve;
mod rules;

use clap::{CommandFactory, Parser, Subcommand};

use crate::error;

use common::ColorChoice;

const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (cipher semantics and defaults: OpenSSL 3.0)"
);

#[derive(Parser)]
#[command(
    name = "tlskit",
    version = VERSION,
    about = "Lint Genesys TLS configuration, generate lab PKI, probe live endpoints",
    propagate_version = true,
    after_long_help = docs::EXIT_CODES
)]
pub struct Cli {
    /// When to colour output: auto is on a terminal, unless NO_COLOR is set or TERM=dumb
    /// (CLICOLOR_FORCE forces colour)
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// The whole command tree, for the tests that walk it (help text of every option).
pub fn command() -> clap::Command {
    Cli::command()
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Check option files and deployments against the rule catalog
    #[command(after_long_help = docs::LINT)]
    Lint(lint::LintArgs),
    /// Show the effective TLS settings of every port and connection, and where each came from
    #[command(after_long_help = docs::RESOLVE)]
    Resolve(resolve::ResolveArgs),
    /// Inspect and verify certificates
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// Expand an OpenSSL cipher string
    #[command(after_long_help = docs::CIPHERS)]
    Ciphers(ciphers::CiphersArgs),
    /// Connect to live endpoints and report what they present and accept
    #[command(after_long_help = docs::PROBE)]
    Probe(probe::ProbeArgs),
    /// A lab certificate authority compatible with the Security Pack scripts and `openssl ca`
    #[command(subcommand)]
    Ca(ca::CaCommand),
    /// Convert private keys between formats
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// List the rule catalog, or explain one rule
    Rules(rules::RulesArgs),
    /// Print a shell completion script
    #[command(after_long_help = docs::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the manual page, or write one page per command to a folder
    #[command(after_long_help = docs::MAN)]
    Man(ManArgs),
}

#[derive(clap::Args)]
struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(clap::Args)]
struct ManArgs {
    /// Write tlskit.1 and a page per command (tlskit-lint.1, …) into DIR instead of
    /// printing tlskit.1
    #[arg(long, value_name = "DIR")]
    out: Option<std::path::PathBuf>,
}

fn completions(a: CompletionsArgs) -> error::Result<i32> {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "tlskit", &mut buf);
    common::print_out(&String::from_utf8_lossy(&buf));
    Ok(0)
}

fn man(a: ManArgs) -> error::Result<i32> {
    let cmd = Cli::command();
    match a.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| error::InputError::file(&dir, e))?;
            clap_mangen::generate_to(cmd, &dir).map_err(|e| error::InputError::file(&dir, e))?;
            common::print_out(&format!("wrote the manual pages to {}\n", dir.display()));
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| error::InputError(format!("cannot render the manual page: {e}")))?;
            common::print_out(&String::from_utf8_lossy(&buf));
        }
    }
    Ok(0)
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
    common::set_color(cli.color);
    let result = match cli.command {
        Command::Lint(a) => lint::run(a),
        Command::Resolve(a) => resolve::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Cert(c) => cert::run(c),
        Command::Ciphers(a) => ciphers::run(a),
        Command::Probe(a) => probe::run(&a),
        Command::Ca(c) => ca::run(c),
        Command::Key(c) => key::run(c),
        Command::Completions(a) => completions(a),
        Command::Man(a) => man(a),
    };
    let finished = common::finish_output(result.is_ok());
    match (result, finished) {
        (Ok(code), Ok(())) => code,
        (Ok(_), Err(why)) => {
            eprintln!("tlskit: error: {why}");
            2
        }
        (Err(e), _) => common::fail(&e),
    }
}
