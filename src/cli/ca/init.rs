//! `tlskit ca init`: a root CA, or an intermediate signed by the CA in `--parent`. The new
//! `ca_conf/` is built in a temporary folder beside it and renamed into place, so a run cut
//! short leaves no half-made CA.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{KeyArgs, SubjectArgs, warn_clipped};
use crate::ca::authority::{Ca, check_present};
use crate::ca::db::Entry;
use crate::ca::fault;
use crate::ca::issue;
use crate::ca::name::subject_oneline;
use crate::ca::serial::increment;
use crate::ca::store::{Store, make_dir, sync_dir, write_atomic};
use crate::cli::common::print_out;
use crate::error::{InputError, Result};

/// Temporary folders of `ca init` in DIR: `.ca_conf.tmp.PID`.
const TEMP_PREFIX: &str = ".ca_conf.tmp.";

#[derive(Args)]
pub(crate) struct InitArgs {
    /// The folder that holds ca_conf/ (the scripts' working directory)
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Common name of the CA
    #[arg(long)]
    pub cn: String,
    #[command(flatten)]
    pub subject: SubjectArgs,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Validity in days (an intermediate ends with its parent at the latest)
    #[arg(long, default_value_t = 365)]
    pub days: u32,
    /// Make an intermediate CA (pathLen 0) signed by the CA in --parent
    #[arg(long, requires = "parent")]
    pub intermediate: bool,
    /// The folder holding the parent CA's ca_conf/ (with --intermediate)
    #[arg(long, requires = "intermediate")]
    pub parent: Option<PathBuf>,
    /// Let an intermediate outlive its parent instead of ending with it
    #[arg(long = "allow-beyond-ca", requires = "intermediate")]
    pub allow_beyond_ca: bool,
}

pub(crate) fn run(a: InitArgs) -> Result<i32> {
    let kt = a.key.key_type()?;
    let subject = a.subject.subject(&a.cn, "--cn")?;
    subject.dn()?;
    let life = issue::lifetime(a.days, None, false)?;
    let target = Store::new(&a.dir);
    refuse_existing(&target)?;
    make_parent(&a.dir)?;
    remove_stale_temps(&a.dir);
    let temp = Store::at(a.dir.join(format!("{TEMP_PREFIX}{}", std::process::id())));
    let result = (|| {
        temp.create_dirs()?;
        let key = issue::generate_key(kt, a.key.digest)?;
        match &a.parent {
            Some(parent) => intermediate(&a, parent, &subject, &key, &temp),
            None => {
                let params = issue::ca_params(&subject, &life, &random_serial()?, None)?;
                let cert = params
                    .self_signed(&key)
                    .map_err(|e| InputError(format!("cannot make the CA certificate: {e}")))?;
                write_ca(&temp, &key, &cert, None)
            }
        }?;
        put_in_place(&temp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp.root);
    }
    result?;
    print_out(&format!(
        "created {} CA `{}` in {} (ca_cert.pem, ca_priv_key.pem, ca_cert.pfx, ca.db, serial.num, repository/)\n",
        if a.intermediate {
            "intermediate"
        } else {
            "root"
        },
        a.cn,
        target.root.display()
    ));
    Ok(0)
}

/// A CA (even half of one) is never touched; an empty `ca_conf/` is used.
fn refuse_existing(target: &Store) -> Result<()> {
    if target.exists() {
        return Err(match check_present(target) {
            Ok(()) => InputError::file(
                &target.root,
                "a CA already exists here; tlskit never touches an existing CA",
            ),
            Err(e) => e,
        });
    }
    let Ok(mut entries) = std::fs::read_dir(&target.root) else {
        return Ok(());
    };
    match entries.next() {
        None => Ok(()),
        Some(e) => Err(InputError::file(
            &target.root,
            format!(
                "exists and is not a CA (it holds {}): move it away, or choose another --dir",
                e.map(|e| e.file_name().to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
        )),
    }
}

/// `--dir`, made (0755) when it is not there.
fn make_parent(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
        .map_err(|e| InputError::file(dir, e))
}

/// Temporary folders of `ca init` runs that were killed (their process is gone).
fn remove_stale_temps(dir: &Path) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        // SAFETY: kill with signal 0 only asks whether the process exists.
        let gone = unsafe { libc::kill(pid, 0) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if gone {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn random_serial() -> Result<[u8; 8]> {
    let mut serial = [0u8; 8];
    aws_lc_rs::rand::fill(&mut serial).map_err(|_| InputError::msg("no randomness"))?;
    serial[0] &= 0x7f;
    Ok(serial)
}

/// Signs the intermediate with the parent (under its lock) and records it in the parent's
/// ca.db; the serial taken is given back if anything fails before that record.
fn intermediate(
    a: &InitArgs,
    parent_dir: &Path,
    subject: &issue::Subject,
    key: &rcgen::KeyPair,
    temp: &Store,
) -> Result<()> {
    let parent = Ca::open(parent_dir, a.key.digest)?;
    let life = issue::lifetime(a.days, Some(parent.not_after), a.allow_beyond_ca)?;
    warn_clipped(&life, a.days, &parent);
    let _lock = parent.store.lock()?;
    let serial = parent.store.next_serial()?;
    let mut entries = parent.store.read_db()?;
    parent.store.set_next_serial(&increment(&serial))?;
    let recorded = (|| {
        let cert = parent.sign(&issue::ca_params(subject, &life, &serial, Some(0))?, key)?;
        let mut chain = cert.pem();
        for d in parent.chain() {
            chain.push_str(&crate::pki::pem::encode("CERTIFICATE", &d));
        }
        write_ca(temp, key, &cert, Some(&chain))?;
        entries.push(Entry::valid(
            &serial,
            life.not_after,
            subject_oneline(cert.der())?,
        ));
        fault::point("init-parent-db")?;
        parent.store.write_db(&entries)
    })();
    if recorded.is_err() {
        let _ = parent.store.set_next_serial(&serial);
    }
    recorded
}

/// The files of a new CA, in its (temporary) folder.
fn write_ca(
    store: &Store,
    key: &rcgen::KeyPair,
    cert: &rcgen::Certificate,
    chain: Option<&str>,
) -> Result<()> {
    let pkcs8 = issue::portable_pkcs8(key.serialize_der());
    write_atomic(
        &store.key_path(),
        crate::ca::batch::key_pem(key, false).as_bytes(),
        0o400,
        false,
    )?;
    fault::kill_point("init-key-written");
    write_atomic(&store.cert_path(), cert.pem().as_bytes(), 0o644, false)?;
    let pfx = issue::pfx(cert.der(), &pkcs8, &[], "", false)?;
    write_atomic(&store.path("ca_cert.pfx"), &pfx, 0o600, false)?;
    if let Some(chain) = chain {
        write_atomic(&store.path("ca_chain.pem"), chain.as_bytes(), 0o644, false)?;
    }
    write_atomic(&store.path("ca.db"), b"", 0o644, false)?;
    write_atomic(&store.path("serial.num"), b"01\n", 0o644, false)?;
    write_atomic(&store.path("crl.num"), b"01\n", 0o644, false)?;
    sync_dir(&store.repository());
    fault::kill_point("init-files-written");
    Ok(())
}

/// Renames the finished temporary folder to `ca_conf/` (atomic: the CA is all there or
/// not there), and makes the rename durable.
fn put_in_place(temp: &Store, target: &Store) -> Result<()> {
    make_dir(&temp.root, crate::ca::store::CONF_MODE)?;
    std::fs::rename(&temp.root, &target.root).map_err(|e| {
        if target.exists() {
            InputError::file(
                &target.root,
                "a CA was created here meanwhile; tlskit never touches an existing CA",
            )
        } else {
            InputError::file(&target.root, e)
        }
    })?;
    sync_dir(target.root.parent().unwrap_or(Path::new(".")));
    Ok(())
}
