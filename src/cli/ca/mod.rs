//! `tlskit ca init|issue|sign|revoke|crl|list|renew`: the lab CA of the Security Pack
//! scripts. One file per subcommand, each with its arguments and its `run`.

mod crl;
mod init;
mod issue;
mod list;
mod renew;
mod revoke;
mod sign;

use clap::{Args, Subcommand, ValueEnum};

use crate::ca::authority::Ca;
use crate::ca::issue::{Digest, KeyType, Lifetime, Subject};
use crate::error::{InputError, Result};

#[derive(Subcommand)]
pub(crate) enum CaCommand {
    /// Create a CA in DIR/ca_conf (like create_ca.sh)
    #[command(after_long_help = crate::cli::docs::CA_INIT)]
    Init(init::InitArgs),
    /// Issue host certificates (like create_cert.sh)
    #[command(after_long_help = crate::cli::docs::CA_ISSUE)]
    Issue(issue::IssueArgs),
    /// Sign a certificate request
    Sign(sign::SignArgs),
    /// Revoke a certificate by serial
    Revoke(revoke::RevokeArgs),
    /// Write a CRL from ca.db
    Crl(crl::CrlArgs),
    /// List issued certificates
    List(list::ListArgs),
    /// Re-issue the certificates that expire soon, or those named
    #[command(after_long_help = crate::cli::docs::CA_RENEW)]
    Renew(renew::RenewArgs),
}

pub(crate) fn run(c: CaCommand) -> Result<i32> {
    match c {
        CaCommand::Init(a) => init::run(a),
        CaCommand::Issue(a) => issue::run(a),
        CaCommand::Sign(a) => sign::run(a),
        CaCommand::Revoke(a) => revoke::run(a),
        CaCommand::Crl(a) => crl::run(a),
        CaCommand::List(a) => list::run(a),
        CaCommand::Renew(a) => renew::run(a),
    }
}

/// The subject fields besides the common name.
#[derive(Args, Clone)]
pub(crate) struct SubjectArgs {
    /// Email address in the subject (ASCII; encoded as IA5String)
    #[arg(long)]
    pub email: Option<String>,
    /// Organizational unit
    #[arg(long)]
    pub ou: Option<String>,
    /// Organization
    #[arg(long)]
    pub org: Option<String>,
    /// Locality (city)
    #[arg(long)]
    pub locality: Option<String>,
    /// State or province
    #[arg(long)]
    pub state: Option<String>,
    /// Country, two upper-case letters (encoded as PrintableString)
    #[arg(long)]
    pub country: Option<String>,
}

impl SubjectArgs {
    /// The subject with common name `cn`, checked; `cn_flag` names where `cn` came from.
    pub(crate) fn subject(&self, cn: &str, cn_flag: &str) -> Result<Subject> {
        let subject = Subject {
            cn: cn.to_string(),
            email: self.email.clone(),
            ou: self.ou.clone(),
            org: self.org.clone(),
            locality: self.locality.clone(),
            state: self.state.clone(),
            country: self.country.clone(),
        };
        subject.validate(cn_flag)?;
        Ok(subject)
    }
}

/// Key algorithms.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KeyTypeArg {
    /// RSA (--key-size bits)
    Rsa,
    /// ECDSA on P-256
    EcdsaP256,
    /// ECDSA on P-384
    EcdsaP384,
    /// Ed25519
    Ed25519,
}

/// How a key is generated and how the CA signs.
#[derive(Args, Clone)]
pub(crate) struct KeyArgs {
    /// Key algorithm
    #[arg(long = "key-type", value_enum, default_value = "rsa")]
    pub key_type: KeyTypeArg,
    /// RSA key size: 2048 (default), 3072 or 4096; RSA keys only
    #[arg(long = "key-size", value_name = "BITS")]
    pub key_size: Option<u32>,
    /// Hash of RSA signatures (ECDSA and Ed25519 fix their own)
    #[arg(long, value_enum, default_value = "sha256")]
    pub digest: Digest,
}

impl KeyArgs {
    /// The key type; `--key-size` with a key that has no size choice is an error.
    pub(crate) fn key_type(&self) -> Result<KeyType> {
        let kt = match self.key_type {
            KeyTypeArg::Rsa => {
                return match self.key_size.unwrap_or(2048) {
                    b @ (2048 | 3072 | 4096) => Ok(KeyType::Rsa(b)),
                    b => Err(InputError(format!(
                        "--key-size {b}: use 2048, 3072 or 4096"
                    ))),
                };
            }
            KeyTypeArg::EcdsaP256 => KeyType::P256,
            KeyTypeArg::EcdsaP384 => KeyType::P384,
            KeyTypeArg::Ed25519 => KeyType::Ed25519,
        };
        match self.key_size {
            Some(b) => Err(InputError(format!(
                "--key-size {b}: --key-type {} has no size choice (--key-size is for RSA keys only)",
                self.key_type
                    .to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            ))),
            None => Ok(kt),
        }
    }
}

/// Says, once, that certificates end with the CA instead of after the days asked for.
pub(crate) fn warn_clipped(life: &Lifetime, days: u32, ca: &Ca) {
    if life.clipped {
        eprintln!(
            "tlskit: warning: --days {days} would outlive the CA (valid until {}): the certificate ends with it (--allow-beyond-ca keeps {days} days)",
            crate::ca::rfc3339(ca.not_after)
        );
    }
}

/// Whether progress lines go to stderr: a terminal, and more than one item.
pub(crate) fn show_progress(items: usize) -> bool {
    items > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr())
}
