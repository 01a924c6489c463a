//! `tlskit cert inspect|verify`: one file per subcommand.

mod inspect;
mod verify;

use clap::Subcommand;

use crate::error::Result;

pub(crate) use inspect::cert_json;
pub(crate) use verify::problems_json;

#[derive(Subcommand)]
pub(crate) enum CertCommand {
    /// Show what a certificate file holds, with fingerprints and the Windows thumbprint
    #[command(after_long_help = crate::cli::docs::CERT_INSPECT)]
    Inspect(inspect::InspectArgs),
    /// Build and validate a certificate's path, and explain every problem
    #[command(after_long_help = crate::cli::docs::CERT_VERIFY)]
    Verify(verify::VerifyArgs),
}

pub(crate) fn run(c: CertCommand) -> Result<i32> {
    match c {
        CertCommand::Inspect(a) => inspect::run(a),
        CertCommand::Verify(a) => verify::run(a),
    }
}
