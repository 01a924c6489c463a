//! `tlskit ca crl`: a CRL of every revoked certificate in ca.db, numbered from crl.num.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::ca::authority::Ca;
use crate::ca::db::{Entry, parse_asn1_time};
use crate::ca::issue::{self, Digest};
use crate::ca::serial::{increment, parse_hex, serial_text};
use crate::ca::store::{STORE_FILES, Store, write_atomic};
use crate::cli::common::{is_stdio, print_out};
use crate::error::{InputError, Result};

#[derive(Args)]
pub(crate) struct CrlArgs {
    /// The folder that holds ca_conf/
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Days until nextUpdate
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Where to write the CRL (default: ca_conf/crl.pem); an existing file is replaced
    /// only when it holds a CRL, and never a file of the CA; `-` is standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Hash of the CA's signature when its key is RSA
    #[arg(long, value_enum, default_value = "sha256")]
    pub digest: Digest,
}

pub(crate) fn run(a: CrlArgs) -> Result<i32> {
    let ca = Ca::open(&a.dir, a.digest)?;
    let life = issue::lifetime(a.days, None, false)?;
    let out = a.out.clone().unwrap_or_else(|| ca.store.path("crl.pem"));
    let to_stdout = is_stdio(&out);
    if !to_stdout {
        check_out(&ca.store, &out)?;
    }
    let _lock = ca.store.lock()?;
    let entries = ca.store.read_db()?;
    let number = if ca.store.path("crl.num").exists() {
        ca.store.read("crl.num")?.trim().to_string()
    } else {
        "01".into()
    };
    let number_bytes = parse_hex(&number).unwrap_or_else(|| vec![1]);
    let revoked: Vec<_> = entries
        .iter()
        .filter(|e| e.status == 'R')
        .map(revoked_cert)
        .collect();
    let count = revoked.len();
    let params = rcgen::CertificateRevocationListParams {
        this_update: life.not_before + time::Duration::minutes(5),
        next_update: life.not_after,
        crl_number: rcgen::SerialNumber::from_slice(&number_bytes),
        issuing_distribution_point: None,
        revoked_certs: revoked,
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    };
    let issuer = rcgen::Issuer::from_ca_cert_pem(&ca.cert_pem, &ca.key)
        .map_err(|e| InputError(e.to_string()))?;
    let crl = params
        .signed_by(&issuer)
        .map_err(|e| InputError(format!("cannot sign the CRL: {e}")))?;
    let pem = crl.pem().map_err(|e| InputError(e.to_string()))?;
    if to_stdout {
        print_out(&pem);
    } else {
        write_atomic(&out, pem.as_bytes(), 0o644, true)?;
    }
    write_atomic(
        &ca.store.path("crl.num"),
        format!("{}\n", serial_text(&increment(&number_bytes))).as_bytes(),
        0o644,
        true,
    )?;
    if to_stdout {
        return Ok(0);
    }
    print_out(&format!(
        "wrote {} (CRL number {number}, {count} revoked, next update in {} days)\n",
        out.display(),
        a.days
    ));
    Ok(0)
}

fn revoked_cert(e: &Entry) -> rcgen::RevokedCertParams {
    let (when, reason) = e.revocation.split_once(',').unwrap_or((&e.revocation, ""));
    let reason_code = match reason {
        "keyCompromise" => Some(rcgen::RevocationReason::KeyCompromise),
        "CACompromise" => Some(rcgen::RevocationReason::CaCompromise),
        "affiliationChanged" => Some(rcgen::RevocationReason::AffiliationChanged),
        "superseded" => Some(rcgen::RevocationReason::Superseded),
        "cessationOfOperation" => Some(rcgen::RevocationReason::CessationOfOperation),
        "certificateHold" => Some(rcgen::RevocationReason::CertificateHold),
        "unspecified" => Some(rcgen::RevocationReason::Unspecified),
        _ => None,
    };
    rcgen::RevokedCertParams {
        serial_number: issue::serial_number(&parse_hex(&e.serial).unwrap_or_default()),
        revocation_time: parse_asn1_time(when).unwrap_or_else(time::OffsetDateTime::now_utc),
        reason_code,
        invalidity_date: None,
    }
}

/// `--out` may name a new file, or replace a CRL; never a file of the CA store (its key,
/// certificate, ca.db, serials, lock, journal) nor anything in repository/.
fn check_out(store: &Store, out: &Path) -> Result<()> {
    let refuse = |why: &str| {
        Err(InputError::file(
            out,
            format!("{why}: choose another --out"),
        ))
    };
    if out.is_dir() {
        return refuse("is a folder");
    }
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let (Ok(dir), Ok(root)) = (dir.canonicalize(), store.root.canonicalize()) {
        if dir == root && STORE_FILES.contains(&name) {
            return refuse("is a file of the CA, which tlskit never overwrites");
        }
        if dir.starts_with(root.join("repository")) {
            return refuse("is in the CA's repository/, which holds issued certificates");
        }
    }
    if out.symlink_metadata().is_ok() {
        let bytes = crate::input::read::read_capped(out, crate::pki::load::MAX_PKI_BYTES)
            .unwrap_or_default();
        let holds_crl = crate::pki::pem::parse(&bytes)
            .blocks
            .iter()
            .any(|b| b.label == "X509 CRL");
        if !holds_crl {
            return refuse("exists and holds no CRL; tlskit replaces only a CRL");
        }
    }
    Ok(())
}
