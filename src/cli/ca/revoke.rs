//! `tlskit ca revoke`: marks a certificate revoked in ca.db, as `openssl ca -revoke` does.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::ca::authority::check_present;
use crate::ca::name::shown;
use crate::ca::serial::{parse_hex, same, serial_text};
use crate::ca::store::Store;
use crate::cli::common::print_out;
use crate::error::{InputError, Result};

/// CRL reasons, named as `openssl ca -crl_reason` takes them.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Reason {
    #[value(name = "unspecified")]
    Unspecified,
    #[value(name = "keyCompromise")]
    KeyCompromise,
    #[value(name = "CACompromise")]
    CaCompromise,
    #[value(name = "affiliationChanged")]
    AffiliationChanged,
    #[value(name = "superseded")]
    Superseded,
    #[value(name = "cessationOfOperation")]
    CessationOfOperation,
    #[value(name = "certificateHold")]
    CertificateHold,
    #[value(name = "removeFromCRL")]
    RemoveFromCrl,
}

impl Reason {
    fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

#[derive(Args)]
pub(crate) struct RevokeArgs {
    /// The folder that holds ca_conf/
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The serial to revoke (hex, as in ca.db and the file names)
    pub serial: String,
    /// Why, as the CRL will say
    #[arg(long, value_enum)]
    pub reason: Option<Reason>,
}

pub(crate) fn run(a: RevokeArgs) -> Result<i32> {
    let store = Store::new(&a.dir);
    check_present(&store)?;
    let want = parse_hex(a.serial.trim()).ok_or_else(|| {
        InputError(format!(
            "`{}` is not a hexadecimal serial",
            shown(&a.serial)
        ))
    })?;
    let _lock = store.lock()?;
    let mut entries = store.read_db()?;
    let e = entries
        .iter_mut()
        .find(|e| same(&e.serial, &serial_text(&want)))
        .ok_or_else(|| {
            InputError(format!(
                "serial {} is not in {}",
                serial_text(&want),
                store.path("ca.db").display()
            ))
        })?;
    if e.status == 'R' {
        return Err(InputError(format!(
            "serial {} is already revoked",
            e.serial
        )));
    }
    e.revoke(a.reason.map(Reason::name).as_deref());
    let line = format!("revoked {} ({})\n", e.serial, e.subject);
    store.write_db(&entries)?;
    print_out(&line);
    Ok(0)
}
