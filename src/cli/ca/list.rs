//! `tlskit ca list`: every certificate of ca.db with its host, status and expiry.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;
use serde_json::json;
use time::OffsetDateTime;

use crate::ca::authority::check_present;
use crate::ca::db::{Entry, parse_asn1_time};
use crate::ca::serial::{parse_hex, serial_text};
use crate::ca::store::Store;
use crate::cli::common::{OutputArgs, SimpleFormat, envelope, format_at, print_out};
use crate::error::Result;

#[derive(Args)]
pub(crate) struct ListArgs {
    /// The folder that holds ca_conf/
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// One line of the list.
struct Row<'a> {
    entry: &'a Entry,
    host: String,
    expiry: Option<OffsetDateTime>,
    days: Option<i64>,
    status: &'static str,
}

pub(crate) fn run(a: ListArgs) -> Result<i32> {
    a.output.open()?;
    let store = Store::new(&a.dir);
    check_present(&store)?;
    store.settle()?;
    let entries = store.read_db()?;
    let now = OffsetDateTime::now_utc();
    let hosts = hosts(&store);
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            let expiry = parse_asn1_time(&e.expiry);
            let days = expiry.map(|t| (t - now).whole_days());
            let status = match (e.status, days) {
                ('R', _) => "revoked",
                (_, Some(d)) if d < 0 => "expired",
                ('E', _) => "expired",
                _ => "valid",
            };
            let key = parse_hex(&e.serial).map(|s| serial_text(&s));
            Row {
                entry: e,
                host: key
                    .and_then(|k| hosts.get(&k).cloned())
                    .unwrap_or_else(|| e.common_name()),
                expiry,
                days,
                status,
            }
        })
        .collect();
    match a.format {
        SimpleFormat::Json => print_out(&json_list(&rows)),
        SimpleFormat::Text => crate::cli::common::print_text(&text_list(&rows)),
    }
    Ok(0)
}

/// The host of each certificate in repository/ (by serial): the first DNS name of its
/// SAN, else its CN — ca.db only has the subject, whose CN may be another name.
fn hosts(store: &Store) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for e in std::fs::read_dir(store.repository())
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((serial, _)) = name
            .strip_suffix("_cert.pem")
            .and_then(|rest| rest.split_once('_'))
        else {
            continue;
        };
        let Some(serial) = parse_hex(serial).map(|s| serial_text(&s)) else {
            continue;
        };
        let bytes = crate::input::read::read_capped(&e.path(), crate::pki::load::MAX_PKI_BYTES)
            .unwrap_or_default();
        let host = crate::pki::pem::parse(&bytes)
            .blocks
            .iter()
            .find(|b| b.label == "CERTIFICATE")
            .and_then(|b| crate::pki::cert::Certificate::from_der(&b.der).ok())
            .and_then(|c| c.san_dns.first().or(c.common_names.first()).cloned());
        if let Some(host) = host {
            out.insert(serial, host);
        }
    }
    out
}

fn json_list(rows: &[Row]) -> String {
    let list: Vec<_> = rows
        .iter()
        .map(|r| {
            let (revoked_at, reason) = r.entry.revoked();
            json!({
                "serial": r.entry.serial,
                "host": r.host,
                "subject": r.entry.subject,
                "status": r.status,
                "expires": r.expiry.map(format_at),
                "days_left": r.days,
                "revoked_at": revoked_at.map(format_at),
                "reason": reason,
            })
        })
        .collect();
    envelope(json!({ "certificates": list }))
}

fn text_list(rows: &[Row]) -> String {
    let mut s = format!(
        "{:<10} {:<34} {:<8} {:<22} days left\n",
        "serial", "host", "status", "expires"
    );
    for r in rows {
        s.push_str(&format!(
            "{:<10} {:<34} {:<8} {:<22} {}\n",
            r.entry.serial,
            crate::ca::name::shown(&r.host),
            r.status,
            r.expiry
                .map(format_at)
                .unwrap_or_else(|| r.entry.expiry.clone()),
            r.days.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    s
}
