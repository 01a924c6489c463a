//! `tlskit ca renew`: re-issues the certificates that expire within a window (or those
//! named) with the same subject, SANs, EKU and key type, a new key unless --reuse-key,
//! new files beside the old ones; the old certificate is revoked (superseded) only with
//! --revoke-old. The same lock, journal and kill safety as `ca issue`.

use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::show_progress;
use crate::ca::authority::{Ca, check_present};
use crate::ca::batch::{Prepared, Progress, issue_chosen};
use crate::ca::db::Entry;
use crate::ca::issue::{self, Digest, Leaf, Lifetime};
use crate::ca::renew::{Old, Plan, Skip, changed_since, plan};
use crate::ca::store::Store;
use crate::cli::common::{OutputArgs, SimpleFormat, envelope, format_at, print_out};
use crate::error::{InputError, Result};

#[derive(Args)]
pub(crate) struct RenewArgs {
    /// The folder that holds ca_conf/
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Serials to renew (hex); without them, every valid certificate expiring within
    /// --within days
    #[arg(value_name = "SERIAL")]
    pub serials: Vec<String>,
    /// The window: renew what expires within this many days
    #[arg(
        long,
        default_value_t = 30,
        value_name = "DAYS",
        conflicts_with = "serials"
    )]
    pub within: u32,
    /// Validity of the new certificates in days (default: as long as the old ones)
    #[arg(long)]
    pub days: Option<u32>,
    /// Let a new certificate outlive the CA instead of ending with it
    #[arg(long = "allow-beyond-ca")]
    pub allow_beyond_ca: bool,
    /// Keep each certificate's key instead of making a new one
    #[arg(long = "reuse-key")]
    pub reuse_key: bool,
    /// Revoke each old certificate (reason superseded) once its successor is recorded
    #[arg(long = "revoke-old")]
    pub revoke_old: bool,
    /// List what would be renewed, and change nothing
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Hash of the CA's signature when its key is RSA
    #[arg(long, value_enum, default_value = "sha256")]
    pub digest: Digest,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A certificate to renew with what it needs: its new lifetime and its key.
struct Job<'p> {
    old: &'p Old,
    life: Lifetime,
    key: rcgen::KeyPair,
}

pub(crate) fn run(a: RenewArgs) -> Result<i32> {
    a.output.open()?;
    if let Some(d) = a.days {
        issue::lifetime(d, None, true)?;
    }
    if a.dry_run {
        // Nothing is locked, settled or written: the store is only read.
        let store = Store::new(&a.dir);
        check_present(&store)?;
        let plan = plan(&store, &store.read_db()?, a.within, &a.serials, now())?;
        let renew: Vec<&Old> = plan.renew.iter().collect();
        let skipped: Vec<&Skip> = plan.skipped.iter().collect();
        print_out(&report(&a, &renew, &skipped, &[]));
        return Ok(0);
    }
    let ca = Ca::open(&a.dir, a.digest)?;
    ca.store.settle()?;
    let planned = ca.store.read_db()?;
    let plan = plan(&ca.store, &planned, a.within, &a.serials, now())?;
    let jobs = jobs(&a, &ca, &plan)?;
    let progress = Progress {
        verb: "renewed",
        show: show_progress(jobs.len()),
    };
    let chain = ca.chain();
    // Keys were made before the lock; what to renew is decided again under it, so that a
    // certificate another run renewed meanwhile is not renewed twice.
    let mut late = Vec::new();
    let choose = |entries: &[Entry]| {
        jobs.iter()
            .map(|j| match changed_since(entries, &planned, j.old) {
                Some(reason) => {
                    late.push(Skip {
                        serial: j.old.serial.clone(),
                        host: j.old.host.clone(),
                        reason,
                    });
                    false
                }
                None => true,
            })
            .collect()
    };
    let issued = if jobs.is_empty() {
        None
    } else {
        Some(issue_chosen(
            &ca.store,
            &jobs,
            &progress,
            choose,
            |j, serial| prepare(&ca, &a, j, serial, &chain),
        )?)
    };
    let (renew, done): (Vec<&Old>, &[Prepared]) = match &issued {
        Some(i) => (i.chosen.iter().map(|&k| jobs[k].old).collect(), &i.done),
        None => (Vec::new(), &[]),
    };
    let mut skipped: Vec<&Skip> = plan.skipped.iter().collect();
    skipped.extend(&late);
    print_out(&report(&a, &renew, &skipped, done));
    match issued.and_then(|i| i.failure) {
        Some(e) => Err(e),
        None => Ok(0),
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Each renewal's lifetime and key (new ones made on every core before the CA is locked).
fn jobs<'p>(a: &RenewArgs, ca: &Ca, plan: &'p Plan) -> Result<Vec<Job<'p>>> {
    let mut clipped = 0;
    let mut lives = Vec::new();
    for old in &plan.renew {
        let life = issue::lifetime(
            a.days.unwrap_or(old.days),
            Some(ca.not_after),
            a.allow_beyond_ca,
        )?;
        clipped += usize::from(life.clipped);
        lives.push(life);
    }
    if clipped > 0 {
        eprintln!(
            "tlskit: warning: {clipped} renewed certificate(s) would outlive the CA (valid until {}): they end with it (--allow-beyond-ca keeps their lifetime)",
            crate::ca::rfc3339(ca.not_after)
        );
    }
    let keys = crate::par::map(&plan.renew, |old| {
        if a.reuse_key {
            let pem =
                crate::input::read::read_capped(&old.key_file, crate::pki::load::MAX_PKI_BYTES)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .map_err(|e| InputError::file(&old.key_file, e))?;
            issue::load_key(&pem, Digest::Sha256).map_err(|e| InputError::file(&old.key_file, e.0))
        } else {
            issue::generate_key(old.key_type, Digest::Sha256)
        }
    });
    plan.renew
        .iter()
        .zip(lives)
        .zip(keys)
        .map(|((old, life), key)| {
            Ok(Job {
                old,
                life,
                key: key?,
            })
        })
        .collect()
}

fn prepare(ca: &Ca, a: &RenewArgs, j: &Job, serial: &[u8], chain: &[Vec<u8>]) -> Result<Prepared> {
    let leaf = Leaf {
        dn: j.old.dn.clone(),
        sans: j.old.sans.clone(),
        ekus: j.old.ekus.clone(),
        rsa: j.old.key_type.is_rsa(),
        life: j.life,
    };
    // The files keep the old label: <new serial>_<label>_cert.pem beside the old ones.
    let mut p = super::issue::prepare(ca, &j.old.label, &leaf, &j.key, serial, chain, j.old.files)?;
    p.host = j.old.host.clone();
    p.supersedes = a.revoke_old.then(|| j.old.serial.clone());
    Ok(p)
}

/// Text or JSON: what was renewed (or would be, with --dry-run) and what was skipped.
fn report(a: &RenewArgs, renew: &[&Old], skipped: &[&Skip], done: &[Prepared]) -> String {
    let renewed: Vec<Value> = renew
        .iter()
        .enumerate()
        .map(|(i, old)| {
            // Issued in plan order, stopping at the first failure.
            let new = done.get(i);
            json!({
                "old_serial": old.serial,
                "host": old.host,
                "old_expires": format_at(old.expires),
                "serial": new.map(|p| p.entry.serial.clone()),
                "cert": new.map(|p| p.file("_cert.pem").display().to_string()),
                "key_reused": a.reuse_key && new.is_some(),
                "old_revoked": a.revoke_old && new.is_some(),
            })
        })
        .collect();
    let skipped: Vec<Value> = skipped
        .iter()
        .map(|s| json!({"serial": s.serial, "host": s.host, "reason": s.reason}))
        .collect();
    if a.format == SimpleFormat::Json {
        let doc = json!({
            "dry_run": a.dry_run,
            "within_days": if a.serials.is_empty() { Some(a.within) } else { None },
            "renewed": renewed,
            "skipped": skipped,
        });
        return envelope(doc);
    }
    text_report(a, &renewed, &skipped)
}

fn text_report(a: &RenewArgs, renewed: &[Value], skipped: &[Value]) -> String {
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    let mut out = String::new();
    for r in renewed {
        if a.dry_run {
            out.push_str(&format!(
                "would renew {}  {}  (expires {})\n",
                s(r, "old_serial"),
                s(r, "host"),
                s(r, "old_expires")
            ));
        } else if r["serial"].is_string() {
            out.push_str(&format!(
                "{}  {}  {}  (renews {}{})\n",
                s(r, "serial"),
                s(r, "host"),
                s(r, "cert"),
                s(r, "old_serial"),
                if a.revoke_old {
                    ", now revoked as superseded"
                } else {
                    ""
                }
            ));
        }
    }
    for k in skipped {
        out.push_str(&format!(
            "skipped {}  {}: {}\n",
            s(k, "serial"),
            crate::ca::name::shown(&s(k, "host")),
            s(k, "reason")
        ));
    }
    if renewed.is_empty() && skipped.is_empty() {
        out.push_str(&format!("nothing to renew within {} days\n", a.within));
    }
    out
}
