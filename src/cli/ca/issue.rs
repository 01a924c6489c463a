//! `tlskit ca issue`: host certificates, one (`--host`) or many (`--batch`, a CSV file;
//! `--from-deployment`, every host of a deployment). Every name is checked before the CA
//! is locked; keys are made on every core before it is locked too.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{KeyArgs, SubjectArgs, show_progress, warn_clipped};
use crate::ca::authority::Ca;
use crate::ca::batch::{FileOptions, Prepared, Progress, host_files, issue_all};
use crate::ca::db::Entry;
use crate::ca::issue::{self, Digest, KeyType, Leaf, Profile};
use crate::ca::name::{check_dns, file_label, subject_oneline};
use crate::ca::serial::serial_text;
use crate::cli::common::{KeyFormat, print_out};
use crate::error::{InputError, Result};

#[derive(Args)]
pub(crate) struct IssueArgs {
    /// The folder that holds ca_conf/
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Host FQDN (RFC 1123, no wildcard): in the SAN (and the CN unless --cn), and in the
    /// file names
    #[arg(long, required_unless_present_any = ["batch", "from_deployment"],
          conflicts_with_all = ["batch", "from_deployment"])]
    pub host: Option<String>,
    /// Common name (default: the host)
    #[arg(long, conflicts_with_all = ["batch", "from_deployment"])]
    pub cn: Option<String>,
    /// The host's IP address, added to the SAN
    #[arg(long, conflicts_with_all = ["batch", "from_deployment"])]
    pub ip: Option<IpAddr>,
    /// More DNS names for the SAN, comma-separated
    #[arg(long = "san-dns", value_delimiter = ',',
          conflicts_with_all = ["batch", "from_deployment"])]
    pub san_dns: Vec<String>,
    /// More IP addresses for the SAN, comma-separated
    #[arg(long = "san-ip", value_delimiter = ',',
          conflicts_with_all = ["batch", "from_deployment"])]
    pub san_ip: Vec<IpAddr>,
    /// Validity in days (ends with the CA at the latest, unless --allow-beyond-ca)
    #[arg(long, default_value_t = 100)]
    pub days: u32,
    /// Let the certificate outlive the CA instead of ending with it
    #[arg(long = "allow-beyond-ca")]
    pub allow_beyond_ca: bool,
    #[command(flatten)]
    pub key: KeyArgs,
    /// What the certificate is for (its extended key usage)
    #[arg(long, value_enum, default_value = "server-client")]
    pub profile: Profile,
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// Form of the key file
    #[arg(long = "key-format", value_enum, default_value = "rsa")]
    pub key_format: KeyFormat,
    /// Write the PFX with 3DES and SHA-1 for old Windows instead of AES-256
    #[arg(long = "pfx-legacy")]
    pub pfx_legacy: bool,
    /// Also write <serial>_<host>_chain.pem (leaf, intermediates, root)
    #[arg(long)]
    pub chain: bool,
    /// Issue for every line of a CSV file (RFC 4180): host,cn,ips,dns (lists separated by ;)
    #[arg(long, value_name = "FILE.csv", conflicts_with = "from_deployment")]
    pub batch: Option<PathBuf>,
    /// Issue for every host of a deployment
    #[arg(long = "from-deployment", value_name = "PATH")]
    pub from_deployment: Option<PathBuf>,
}

/// One host to issue for, its names checked.
struct Request {
    host: String,
    leaf: Leaf,
}

pub(crate) fn run(a: IssueArgs) -> Result<i32> {
    let kt = a.key.key_type()?;
    let ca = Ca::open(&a.dir, a.key.digest)?;
    let life = issue::lifetime(a.days, Some(ca.not_after), a.allow_beyond_ca)?;
    let reqs: Vec<Request> = requests(&a)?
        .into_iter()
        .map(|r| r.checked(&a, kt, life))
        .collect::<Result<_>>()?;
    if reqs.is_empty() {
        return Err(InputError::msg("nothing to issue: no host given"));
    }
    warn_clipped(&life, a.days, &ca);
    // Keys first, on every core, before the CA is locked: RSA key generation is the slow part.
    let keys = generate_keys(kt, a.key.digest, reqs.len())?;
    let jobs: Vec<(Request, rcgen::KeyPair)> = reqs.into_iter().zip(keys).collect();
    let chain = ca.chain();
    let files = FileOptions {
        pkcs1: a.key_format == KeyFormat::Rsa,
        pfx_legacy: a.pfx_legacy,
        chain_file: a.chain,
    };
    let progress = Progress {
        verb: "issued",
        show: show_progress(jobs.len()),
    };
    let issued = issue_all(&ca.store, &jobs, &progress, |(r, key), serial| {
        prepare(&ca, &r.host, &r.leaf, key, serial, &chain, files)
    })?;
    let mut report = String::new();
    for p in &issued.done {
        report.push_str(&format!(
            "{}  {}  {}_cert.pem\n",
            p.entry.serial,
            p.host,
            p.stem.display()
        ));
    }
    print_out(&report);
    match issued.failure {
        Some(e) => Err(e),
        None => Ok(0),
    }
}

/// Signs one host's certificate for `serial` and makes its files.
pub(super) fn prepare(
    ca: &Ca,
    host: &str,
    leaf: &Leaf,
    key: &rcgen::KeyPair,
    serial: &[u8],
    chain: &[Vec<u8>],
    files: FileOptions,
) -> Result<Prepared> {
    let params = issue::leaf_params(leaf, serial);
    let cert = ca.sign(&params, key)?;
    let stem = ca
        .store
        .repository()
        .join(format!("{}_{}", serial_text(serial), file_label(host)));
    Ok(Prepared {
        host: host.to_string(),
        stem,
        files: host_files(&cert, key, chain, files),
        entry: Entry::valid(serial, leaf.life.not_after, subject_oneline(cert.der())?),
        supersedes: None,
    })
}

fn generate_keys(kt: KeyType, digest: Digest, n: usize) -> Result<Vec<rcgen::KeyPair>> {
    let slots: Vec<usize> = (0..n).collect();
    crate::par::map(&slots, |_| issue::generate_key(kt, digest))
        .into_iter()
        .collect()
}

/// A host as a source gives it, before its names are checked; `at` says where it came
/// from (`--host`, `hosts.csv:3: host`, `dep.json:12: host`) for the error messages.
struct Raw {
    at: String,
    /// Where an IP address belongs instead of the host name, for the error message.
    ip_where: &'static str,
    host: String,
    cn: Option<String>,
    ips: Vec<IpAddr>,
    dns: Vec<String>,
}

impl Raw {
    fn checked(self, a: &IssueArgs, kt: KeyType, life: issue::Lifetime) -> Result<Request> {
        let (host_what, cn_what, dns_what) = if self.at.is_empty() {
            (
                "--host".to_string(),
                "--cn".to_string(),
                "--san-dns".to_string(),
            )
        } else {
            (
                format!("{}: host", self.at),
                format!("{}: cn", self.at),
                format!("{}: dns", self.at),
            )
        };
        check_dns(&host_what, &self.host, self.ip_where)?;
        let san_ip_where = if self.at.is_empty() {
            "--san-ip"
        } else {
            self.ip_where
        };
        for d in &self.dns {
            check_dns(&dns_what, d, san_ip_where)?;
        }
        let subject = match &self.cn {
            Some(cn) => a.subject.subject(cn, &cn_what)?,
            None => a.subject.subject(&self.host, &host_what)?,
        };
        let mut sans = issue::host_sans(&self.host, &self.dns, &self.ips)?;
        sans.extend(subject.email_san()?);
        Ok(Request {
            leaf: Leaf {
                dn: subject.dn()?,
                sans,
                ekus: a.profile.ekus(),
                rsa: kt.is_rsa(),
                life,
            },
            host: self.host,
        })
    }
}

fn requests(a: &IssueArgs) -> Result<Vec<Raw>> {
    if let Some(csv) = &a.batch {
        return csv_hosts(csv);
    }
    if let Some(path) = &a.from_deployment {
        return deployment_hosts(path);
    }
    let host = a.host.clone().unwrap_or_default();
    let mut ips: Vec<IpAddr> = a.ip.into_iter().collect();
    ips.extend(a.san_ip.iter().copied());
    Ok(vec![Raw {
        at: String::new(),
        ip_where: "--ip",
        cn: a.cn.clone(),
        host,
        ips,
        dns: a.san_dns.clone(),
    }])
}

/// The columns of a hosts CSV, in the order used when it has no header.
const COLUMNS: [&str; 4] = ["host", "cn", "ips", "dns"];

/// A hosts file as RFC 4180 has it (quoted fields, CRLF, a UTF-8 BOM), with an optional
/// `host,cn,ips,dns` header (columns in any order), `#` comment lines and blank lines.
/// A host listed twice is an error naming both lines.
fn csv_hosts(csv: &Path) -> Result<Vec<Raw>> {
    let bytes = crate::input::read::read_capped(csv, 64 * 1024 * 1024)
        .map_err(|e| InputError::file(csv, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(body);
    let mut columns: Option<Vec<usize>> = None;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| InputError::file(csv, csv_error(&e)))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if columns.is_none()
            && out.is_empty()
            && record
                .get(0)
                .is_some_and(|h| h.eq_ignore_ascii_case("host"))
        {
            columns = Some(header(csv, line, &record)?);
            continue;
        }
        let order = columns.get_or_insert_with(|| (0..COLUMNS.len()).collect());
        let raw = csv_row(csv, line, &record, order)?;
        if let Some(first) = seen.insert(raw.host.to_ascii_lowercase(), line) {
            return Err(InputError(format!(
                "{}:{line}: host `{}` is listed twice (lines {first} and {line})",
                csv.display(),
                raw.host
            )));
        }
        out.push(raw);
    }
    Ok(out)
}

/// A csv error in one line, without the crate's "CSV error:" prefix.
fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { pos, .. } => format!(
            "line {}: not UTF-8 text",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        _ => e.to_string(),
    }
}

/// For each of `COLUMNS`, its index in the file's header.
fn header(csv: &Path, line: u64, record: &csv::StringRecord) -> Result<Vec<usize>> {
    for name in record.iter() {
        if !COLUMNS.iter().any(|c| name.eq_ignore_ascii_case(c)) {
            return Err(InputError(format!(
                "{}:{line}: unknown column `{}` (the columns are host, cn, ips, dns)",
                csv.display(),
                crate::ca::name::shown(name)
            )));
        }
    }
    Ok(COLUMNS
        .iter()
        .map(|c| {
            record
                .iter()
                .position(|n| n.eq_ignore_ascii_case(c))
                .unwrap_or(usize::MAX)
        })
        .collect())
}

fn csv_row(csv: &Path, line: u64, record: &csv::StringRecord, order: &[usize]) -> Result<Raw> {
    let at = format!("{}:{line}", csv.display());
    let field = |k: usize| record.get(order[k]).unwrap_or("");
    let list = |k: usize| -> Vec<String> {
        field(k)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    let host = field(0);
    if host.is_empty() {
        return Err(InputError(format!("{at}: no host")));
    }
    let ips = list(2)
        .iter()
        .map(|ip| {
            ip.parse().map_err(|_| {
                InputError(format!(
                    "{at}: `{}` is not an IP address",
                    crate::ca::name::shown(ip)
                ))
            })
        })
        .collect::<Result<Vec<IpAddr>>>()?;
    Ok(Raw {
        ip_where: "the ips column",
        host: host.to_string(),
        cn: Some(field(1)).filter(|c| !c.is_empty()).map(String::from),
        ips,
        dns: list(3),
        at,
    })
}

/// Every host of a deployment: its name, and its address when it has a valid one. A host
/// named by an IP address has no DNS name to certify (nor to name its files): it is
/// skipped with a warning that says how to issue for it, and the other hosts are issued.
fn deployment_hosts(path: &PathBuf) -> Result<Vec<Raw>> {
    let loaded = crate::load::load(std::slice::from_ref(path), None, None)?;
    let mut skipped = 0;
    let mut out = Vec::new();
    for h in &loaded.deployment.hosts {
        let at = format!("{}:{}", loaded.sources.display(h.span.file), h.span.line);
        if let Ok(ip) = h.name.trim().parse::<IpAddr>() {
            eprintln!(
                "tlskit: warning: {at}: host `{ip}` is named by an IP address, not a DNS name: skipped; issue for its DNS name with `tlskit ca issue --host NAME --ip {ip}`"
            );
            skipped += 1;
            continue;
        }
        out.push(Raw {
            at,
            ip_where: "the host's ipAddress",
            host: h.name.clone(),
            cn: None,
            ips: h
                .ip
                .as_deref()
                .and_then(|ip| ip.parse().ok())
                .into_iter()
                .collect(),
            dns: Vec::new(),
        });
    }
    if out.is_empty() && skipped > 0 {
        return Err(InputError(format!(
            "nothing to issue: every host of {} is named by an IP address (skipped above)",
            path.display()
        )));
    }
    Ok(out)
}
