//! `tlskit key convert`: convert_priv_key.sh natively. Native Genesys applications read
//! PKCS#1 (`RSA PRIVATE KEY`), Java reads PKCS#8; PKCS#12/PFX files give up their key.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::ca::issue::{pkcs1_to_pkcs8, pkcs8_to_pkcs1};
use crate::ca::store::write_atomic;
use crate::cli::common::{KeyFormat, arg_name, is_stdio, print_out, read_arg};
use crate::cli::pass;
use crate::error::{InputError, Result};
use crate::pki::pem;

#[derive(Subcommand)]
pub(crate) enum KeyCommand {
    /// Convert a private key (like convert_priv_key.sh)
    #[command(after_long_help = crate::cli::docs::KEY_CONVERT)]
    Convert(ConvertArgs),
}

pub(crate) fn run(c: KeyCommand) -> Result<i32> {
    match c {
        KeyCommand::Convert(a) => convert(a),
    }
}

/// The form of a key that is read.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InFormat {
    /// PKCS#1 PEM (RSA PRIVATE KEY)
    Rsa,
    /// PKCS#8 PEM (PRIVATE KEY or ENCRYPTED PRIVATE KEY)
    Pkcs8,
    /// A PKCS#12/PFX file; its key is taken
    #[value(alias = "pfx")]
    Pkcs12,
}

#[derive(Args)]
pub(crate) struct ConvertArgs {
    /// The key to read (PEM, or a PKCS#12/PFX file); `-` is standard input
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// Where to write the converted key (never overwritten without --force); `-` is
    /// standard output
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
    /// Form of the input (default: from the file)
    #[arg(long, value_enum)]
    pub informat: Option<InFormat>,
    /// Form of the output
    #[arg(long, value_enum, default_value = "pkcs8")]
    pub outformat: KeyFormat,
    /// Encrypt the output (PKCS#8, PBES2: PBKDF2-SHA256 and AES-256-CBC)
    #[arg(long)]
    pub encrypt: bool,
    /// Password of the input: env:VAR, file:PATH or prompt (pass:TEXT only for tests: unsafe)
    #[arg(long, value_name = "SPEC")]
    pub passin: Option<String>,
    /// Password of the output, with --encrypt: env:VAR, file:PATH or prompt
    #[arg(long, value_name = "SPEC", requires = "encrypt")]
    pub passout: Option<String>,
    /// Replace an existing output file
    #[arg(long)]
    pub force: bool,
}

/// PBKDF2 rounds for --encrypt: OpenSSL 3's default for `pkcs8 -topk8 -v2`.
const ITERATIONS: u32 = 2048;

fn pkcs8_of(a: &ConvertArgs) -> Result<Vec<u8>> {
    let bytes = read_arg(&a.input, 16 * 1024 * 1024)?;
    let p12 = match a.informat {
        Some(f) => f == InFormat::Pkcs12,
        None => !pem::looks_like_pem(&bytes),
    };
    if p12 {
        let password = a
            .passin
            .as_deref()
            .map(|s| pass::read_flag("--passin", s))
            .transpose()?;
        let f = crate::pki::load::parse(&bytes, password.as_deref(), true);
        if let Some(problem) = f.problems.first().filter(|_| f.keys.is_empty()) {
            return Err(InputError::file(&arg_name(&a.input), problem));
        }
        let store = p12_keystore::KeyStore::from_pkcs12(
            &bytes,
            password.as_deref().unwrap_or(""),
            p12_keystore::Pkcs12ImportPolicy::Raw,
        )
        .map_err(|e| InputError::file(&arg_name(&a.input), e))?;
        return store
            .entries()
            .find_map(|(_, e)| match e {
                p12_keystore::KeyStoreEntry::PrivateKeyChain(c) => Some(c.key().as_der().to_vec()),
                _ => None,
            })
            .ok_or_else(|| {
                InputError::file(&arg_name(&a.input), "the PKCS#12 file holds no private key")
            });
    }
    let parsed = pem::parse(&bytes);
    let block = parsed
        .blocks
        .iter()
        .find(|b| b.label.ends_with("PRIVATE KEY"))
        .ok_or_else(|| InputError::file(&arg_name(&a.input), "no private key in it"))?;
    if block.encrypted {
        return Err(InputError::file(
            &arg_name(&a.input),
            "a traditional encrypted PEM key (Proc-Type): decrypt it with openssl first",
        ));
    }
    match block.label.as_str() {
        "RSA PRIVATE KEY" => Ok(pkcs1_to_pkcs8(&block.der)),
        "PRIVATE KEY" => Ok(block.der.clone()),
        "ENCRYPTED PRIVATE KEY" => {
            // The key states what deriving its key costs: judged before anything is run,
            // and before a password is asked for.
            crate::pki::kdf::check_encrypted_pkcs8(&block.der)
                .map_err(|why| InputError::file(&arg_name(&a.input), why))?;
            let spec = a.passin.as_deref().ok_or_else(|| {
                InputError::file(
                    &arg_name(&a.input),
                    "the key is encrypted: give its password with --passin",
                )
            })?;
            let password = pass::read_flag("--passin", spec)?;
            let info = pkcs8::EncryptedPrivateKeyInfo::try_from(block.der.as_slice())
                .map_err(|e| InputError::file(&arg_name(&a.input), e))?;
            let doc = info.decrypt(password.as_bytes()).map_err(|_| {
                InputError::file(&arg_name(&a.input), "the password does not decrypt the key")
            })?;
            Ok(doc.as_bytes().to_vec())
        }
        other => Err(InputError::file(
            &arg_name(&a.input),
            format!("`{other}` keys cannot be converted"),
        )),
    }
}

fn convert(a: ConvertArgs) -> Result<i32> {
    let pkcs8 = pkcs8_of(&a)?;
    let out = match (a.outformat, a.encrypt) {
        (KeyFormat::Rsa, false) => {
            let rsa = pkcs8_to_pkcs1(&pkcs8).ok_or_else(|| {
                InputError::file(
                    &arg_name(&a.input),
                    "not an RSA key: only RSA keys have the rsa (PKCS#1) form",
                )
            })?;
            pem::encode("RSA PRIVATE KEY", &rsa)
        }
        (KeyFormat::Rsa, true) => {
            return Err(InputError::msg(
                "--encrypt writes PKCS#8: use --outformat pkcs8",
            ));
        }
        (KeyFormat::Pkcs8, false) => pem::encode("PRIVATE KEY", &pkcs8),
        (KeyFormat::Pkcs8, true) => {
            let password = match a.passout.as_deref() {
                Some("prompt") | None => {
                    let first = pass::prompt("New password: ")?;
                    let again = pass::prompt("Repeat it: ")?;
                    if first != again {
                        return Err(InputError::msg("the passwords differ"));
                    }
                    first
                }
                Some(spec) => pass::read_flag("--passout", spec)?,
            };
            if password.is_empty() {
                return Err(InputError::msg("an empty password encrypts nothing"));
            }
            let mut salt = [0u8; 16];
            let mut iv = [0u8; 16];
            aws_lc_rs::rand::fill(&mut salt).map_err(|_| InputError::msg("no randomness"))?;
            aws_lc_rs::rand::fill(&mut iv).map_err(|_| InputError::msg("no randomness"))?;
            let params =
                pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(ITERATIONS, &salt, &iv)
                    .map_err(|e| InputError(e.to_string()))?;
            let info = pkcs8::PrivateKeyInfo::try_from(pkcs8.as_slice())
                .map_err(|e| InputError::file(&arg_name(&a.input), e))?;
            let doc = info
                .encrypt_with_params(params, password.as_bytes())
                .map_err(|e| InputError(format!("cannot encrypt: {e}")))?;
            pem::encode("ENCRYPTED PRIVATE KEY", doc.as_bytes())
        }
    };
    if is_stdio(&a.output) {
        print_out(&out);
        return Ok(0);
    }
    write_atomic(&a.output, out.as_bytes(), 0o600, a.force)?;
    print_out(&format!(
        "wrote {} ({}{})\n",
        a.output.display(),
        if a.outformat == KeyFormat::Rsa {
            "PKCS#1 RSA PRIVATE KEY"
        } else {
            "PKCS#8"
        },
        if a.encrypt {
            ", encrypted with AES-256-CBC"
        } else {
            ""
        }
    ));
    Ok(0)
}
