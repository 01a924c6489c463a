//! `tlskit ca init|issue|sign|revoke|crl|list`: the lab CA of the Security Pack scripts.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::json;

use super::SimpleFormat;
use super::lint::print_out;
use crate::ca::db::{self, Entry};
use crate::ca::issue::{self, Digest, KeyType, Leaf, Profile, Subject};
use crate::ca::store::{Store, increment, serial_text, write_atomic, write_new};
use crate::error::{InputError, Result};

#[derive(Args, Clone)]
pub struct SubjectArgs {
    /// Email address in the subject
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
    /// Country, two letters
    #[arg(long)]
    pub country: Option<String>,
}

#[derive(Args, Clone)]
pub struct KeyArgs {
    /// rsa, ecdsa-p256, ecdsa-p384 or ed25519
    #[arg(long = "key-type", default_value = "rsa")]
    pub key_type: String,
    /// RSA key size: 2048, 3072 or 4096
    #[arg(long = "key-size")]
    pub key_size: Option<u32>,
    /// sha256, sha384 or sha512 (RSA signatures)
    #[arg(long, default_value = "sha256")]
    pub digest: String,
}

#[derive(Args)]
pub struct InitArgs {
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
    /// Validity in days
    #[arg(long, default_value_t = 365)]
    pub days: u32,
    /// Make an intermediate CA (pathLen 0) signed by the CA in --parent
    #[arg(long, requires = "parent")]
    pub intermediate: bool,
    /// The folder holding the parent CA's ca_conf/
    #[arg(long)]
    pub parent: Option<PathBuf>,
}

#[derive(Args)]
pub struct IssueArgs {
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Host FQDN: in the SAN (and the CN unless --cn), and in the file names
    #[arg(long, required_unless_present_any = ["batch", "from_deployment"])]
    pub host: Option<String>,
    /// Common name (default: the host)
    #[arg(long)]
    pub cn: Option<String>,
    /// The host's IP address, added to the SAN
    #[arg(long)]
    pub ip: Option<IpAddr>,
    /// More DNS names for the SAN, comma-separated
    #[arg(long = "san-dns", value_delimiter = ',')]
    pub san_dns: Vec<String>,
    /// More IP addresses for the SAN, comma-separated
    #[arg(long = "san-ip", value_delimiter = ',')]
    pub san_ip: Vec<IpAddr>,
    #[arg(long, default_value_t = 100)]
    pub days: u32,
    #[command(flatten)]
    pub key: KeyArgs,
    /// server-client (default), server or client
    #[arg(long, default_value = "server-client")]
    pub profile: String,
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// rsa (PKCS#1, for native applications) or pkcs8 (for Java)
    #[arg(long = "key-format", default_value = "rsa")]
    pub key_format: String,
    /// Write the PFX with 3DES and SHA-1 for old Windows instead of AES-256
    #[arg(long = "pfx-legacy")]
    pub pfx_legacy: bool,
    /// Also write <serial>_<host>_chain.pem (leaf, intermediates, root)
    #[arg(long)]
    pub chain: bool,
    /// Issue for every line of a CSV file: host,cn,ips,dns (lists separated by ;)
    #[arg(long, value_name = "FILE.csv")]
    pub batch: Option<PathBuf>,
    /// Issue for every host of a deployment
    #[arg(long = "from-deployment", value_name = "PATH")]
    pub from_deployment: Option<PathBuf>,
}

#[derive(Args)]
pub struct SignArgs {
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The certificate request (PEM)
    pub csr: PathBuf,
    #[arg(long, default_value_t = 100)]
    pub days: u32,
    #[arg(long, default_value = "server-client")]
    pub profile: String,
    #[arg(long, default_value = "sha256")]
    pub digest: String,
}

#[derive(Args)]
pub struct RevokeArgs {
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The serial to revoke (hex, as in ca.db and the file names)
    pub serial: String,
    /// unspecified, keyCompromise, CACompromise, affiliationChanged, superseded,
    /// cessationOfOperation, certificateHold
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Args)]
pub struct CrlArgs {
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Days until nextUpdate
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Where to write the CRL (default: ca_conf/crl.pem)
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, default_value = "sha256")]
    pub digest: String,
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
}

fn subject(cn: &str, s: &SubjectArgs) -> Result<Subject> {
    let subject = Subject {
        cn: cn.to_string(),
        email: s.email.clone(),
        ou: s.ou.clone(),
        org: s.org.clone(),
        locality: s.locality.clone(),
        state: s.state.clone(),
        country: s.country.clone(),
    };
    subject.validate()?;
    Ok(subject)
}

fn key_pem(key: &rcgen::KeyPair, pkcs1: bool) -> String {
    let pkcs8 = issue::portable_pkcs8(key.serialize_der());
    match issue::pkcs8_to_pkcs1(&pkcs8) {
        Some(rsa) if pkcs1 => crate::pki::pem::encode("RSA PRIVATE KEY", &rsa),
        _ => crate::pki::pem::encode("PRIVATE KEY", &pkcs8),
    }
}

/// The CA's certificate (PEM), its key, and the chain above it.
struct Ca {
    store: Store,
    cert_pem: String,
    cert_der: Vec<u8>,
    key: rcgen::KeyPair,
    /// Intermediates and root above the CA certificate, as DER.
    above: Vec<Vec<u8>>,
}

fn open(dir: &Path, digest: Digest) -> Result<Ca> {
    let store = Store::new(dir);
    if !store.cert_path().exists() {
        return Err(InputError::file(
            &store.root,
            "no CA here (ca_conf/ca_cert.pem is missing): run `tlskit ca init` first",
        ));
    }
    let cert_pem = store.read("ca_cert.pem")?;
    let cert_der = crate::pki::pem::parse(cert_pem.as_bytes())
        .blocks
        .into_iter()
        .find(|b| b.label == "CERTIFICATE")
        .map(|b| b.der)
        .ok_or_else(|| InputError::file(&store.cert_path(), "no certificate in it"))?;
    let key = issue::load_key(&store.read("ca_priv_key.pem")?, digest)?;
    let above = if store.path("ca_chain.pem").exists() {
        crate::pki::pem::parse(store.read("ca_chain.pem")?.as_bytes())
            .blocks
            .into_iter()
            .filter(|b| b.label == "CERTIFICATE")
            .map(|b| b.der)
            .skip(1)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Ca {
        store,
        cert_pem,
        cert_der,
        key,
        above,
    })
}

fn read_db(store: &Store) -> Result<Vec<Entry>> {
    if !store.path("ca.db").exists() {
        return Ok(Vec::new());
    }
    db::parse(&store.read("ca.db")?)
        .map_err(|e| InputError(format!("{}: {e}", store.path("ca.db").display())))
}

pub fn init(a: InitArgs) -> Result<i32> {
    let digest = Digest::parse(&a.key.digest)?;
    let kt = KeyType::parse(&a.key.key_type, a.key.key_size)?;
    let subject = subject(&a.cn, &a.subject)?;
    let store = Store::new(&a.dir);
    if store.exists() {
        return Err(InputError::file(
            &store.root,
            "a CA already exists here; tlskit never touches an existing CA",
        ));
    }
    std::fs::create_dir_all(store.repository()).map_err(|e| InputError::file(&store.root, e))?;
    let key = issue::generate_key(kt, digest)?;
    let (cert, chain_pem) = if a.intermediate {
        let parent_dir = a.parent.as_deref().expect("clap requires --parent");
        let parent = open(parent_dir, digest)?;
        let _lock = parent.store.lock()?;
        let serial = parent.store.next_serial()?;
        let params = issue::ca_params(&subject, a.days, &serial, Some(0));
        let cert = issue::sign(&params, &key, &parent.cert_pem, &parent.key)?;
        let mut entries = read_db(&parent.store)?;
        entries.push(Entry {
            status: 'V',
            expiry: db::asn1_time(params.not_after),
            revocation: String::new(),
            serial: serial_text(&serial),
            file: "unknown".into(),
            subject: subject.oneline(),
        });
        parent.store.set_next_serial(&increment(&serial))?;
        write_atomic(
            &parent.store.path("ca.db"),
            db::render(&entries).as_bytes(),
            0o644,
            true,
        )?;
        let mut chain = cert.pem();
        chain.push_str(&crate::pki::pem::encode("CERTIFICATE", &parent.cert_der));
        for d in &parent.above {
            chain.push_str(&crate::pki::pem::encode("CERTIFICATE", d));
        }
        (cert, Some(chain))
    } else {
        let mut serial = [0u8; 8];
        aws_lc_rs::rand::fill(&mut serial).map_err(|_| InputError::msg("no randomness"))?;
        serial[0] &= 0x7f;
        let params = issue::ca_params(&subject, a.days, &serial, None);
        (
            params
                .self_signed(&key)
                .map_err(|e| InputError(e.to_string()))?,
            None,
        )
    };
    write_atomic(
        &store.key_path(),
        key_pem(&key, false).as_bytes(),
        0o400,
        false,
    )?;
    write_atomic(&store.cert_path(), cert.pem().as_bytes(), 0o644, false)?;
    let pfx = issue::pfx(
        cert.der(),
        &issue::portable_pkcs8(key.serialize_der()),
        &[],
        "",
        false,
    )?;
    write_atomic(&store.path("ca_cert.pfx"), &pfx, 0o600, false)?;
    if let Some(chain) = chain_pem {
        write_atomic(&store.path("ca_chain.pem"), chain.as_bytes(), 0o644, false)?;
    }
    write_atomic(&store.path("ca.db"), b"", 0o644, false)?;
    write_atomic(&store.path("serial.num"), b"01\n", 0o644, false)?;
    write_atomic(&store.path("crl.num"), b"01\n", 0o644, false)?;
    print_out(&format!(
        "created {} CA `{}` in {} (ca_cert.pem, ca_priv_key.pem, ca_cert.pfx, ca.db, serial.num, repository/)\n",
        if a.intermediate {
            "intermediate"
        } else {
            "root"
        },
        a.cn,
        store.root.display()
    ));
    Ok(0)
}

/// One host to issue for.
struct Request {
    host: String,
    cn: String,
    ips: Vec<IpAddr>,
    dns: Vec<String>,
}

fn requests(a: &IssueArgs) -> Result<Vec<Request>> {
    if let Some(csv) = &a.batch {
        let text = String::from_utf8_lossy(
            &crate::input::read::read_capped(csv, 64 * 1024 * 1024)
                .map_err(|e| InputError::file(csv, e))?,
        )
        .into_owned();
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || (i == 0 && line.starts_with("host")) {
                continue;
            }
            let f: Vec<&str> = line.split(',').map(str::trim).collect();
            let at = |what: String| InputError(format!("{}:{}: {what}", csv.display(), i + 1));
            let host = f
                .first()
                .filter(|h| !h.is_empty())
                .ok_or_else(|| at("no host".into()))?;
            let list = |k: usize| -> Vec<String> {
                f.get(k)
                    .map(|v| {
                        v.split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let ips = list(2)
                .iter()
                .map(|ip| {
                    ip.parse()
                        .map_err(|_| at(format!("`{ip}` is not an IP address")))
                })
                .collect::<Result<Vec<IpAddr>>>()?;
            out.push(Request {
                host: host.to_string(),
                cn: f
                    .get(1)
                    .filter(|c| !c.is_empty())
                    .unwrap_or(host)
                    .to_string(),
                ips,
                dns: list(3),
            });
        }
        return Ok(out);
    }
    if let Some(path) = &a.from_deployment {
        let loaded = crate::input::load::load(std::slice::from_ref(path), None)?;
        return Ok(loaded
            .deployment
            .hosts
            .iter()
            .map(|h| Request {
                host: h.name.clone(),
                cn: h.name.clone(),
                ips: h
                    .ip
                    .as_deref()
                    .and_then(|ip| ip.parse().ok())
                    .into_iter()
                    .collect(),
                dns: Vec::new(),
            })
            .collect());
    }
    let host = a.host.clone().expect("clap requires --host");
    let mut ips: Vec<IpAddr> = a.ip.into_iter().collect();
    ips.extend(a.san_ip.iter().copied());
    Ok(vec![Request {
        cn: a.cn.clone().unwrap_or_else(|| host.clone()),
        host,
        ips,
        dns: a.san_dns.clone(),
    }])
}

fn label(host: &str) -> String {
    host.split('.')
        .next()
        .unwrap_or(host)
        .replace(['/', '\\'], "_")
}

pub fn issue_cmd(a: IssueArgs) -> Result<i32> {
    let digest = Digest::parse(&a.key.digest)?;
    let kt = KeyType::parse(&a.key.key_type, a.key.key_size)?;
    let profile = Profile::parse(&a.profile)?;
    let pkcs1 = match a.key_format.as_str() {
        "rsa" => true,
        "pkcs8" => false,
        o => return Err(InputError(format!("--key-format {o}: use rsa or pkcs8"))),
    };
    let ca = open(&a.dir, digest)?;
    let reqs = requests(&a)?;
    if reqs.is_empty() {
        return Err(InputError::msg("nothing to issue: no host given"));
    }
    // Keys first, on every core, before the CA is locked: RSA key generation is the slow part.
    let keys = generate_keys(kt, digest, reqs.len())?;
    let _lock = ca.store.lock()?;
    let first = ca.store.next_serial()?;
    // Every serial of the batch is taken before any file is written: a crash leaves a gap,
    // never a reused serial.
    let mut end = first.clone();
    for _ in 0..reqs.len() {
        end = increment(&end);
    }
    ca.store.set_next_serial(&end)?;
    let mut entries = read_db(&ca.store)?;
    let progress = reqs.len() > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut chain = vec![ca.cert_der.clone()];
    chain.extend(ca.above.iter().cloned());
    let mut serials = Vec::with_capacity(reqs.len());
    let mut s = first.clone();
    for _ in 0..reqs.len() {
        serials.push(s.clone());
        s = increment(&s);
    }
    // Signing and the PFX's key derivation are CPU work: on every core, then the files are
    // written in order.
    let jobs: Vec<(&Request, rcgen::KeyPair, Vec<u8>)> = reqs
        .iter()
        .zip(keys)
        .zip(serials)
        .map(|((r, k), s)| (r, k, s))
        .collect();
    let ctx = Prep {
        ca: &ca,
        a: &a,
        kt,
        profile,
        pkcs1,
        chain: &chain,
    };
    let prepared = crate::par::map(&jobs, |(r, k, s)| ctx.prepare(r, k, s));
    let prepared: Vec<Prepared> = prepared.into_iter().collect::<Result<Vec<_>>>()?;
    ca.store.begin_issue(
        &prepared
            .iter()
            .map(|p| (p.entry.clone(), p.paths()))
            .collect::<Vec<_>>(),
    )?;
    let mut report = String::new();
    let mut failure = None;
    let mut next_free = first;
    let mut written: Vec<&Prepared> = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        match p.write() {
            Ok(()) => {
                report.push_str(&format!(
                    "{}  {}  {}_cert.pem\n",
                    p.entry.serial,
                    p.host,
                    p.stem.display()
                ));
                entries.push(p.entry.clone());
                written.push(p);
                next_free = increment(&next_free);
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
        if progress {
            eprint!("\rissued {}/{}", i + 1, reqs.len());
        }
    }
    crate::ca::store::sync_fs(&ca.store.repository());
    if let Err(e) = write_atomic(
        &ca.store.path("ca.db"),
        db::render(&entries).as_bytes(),
        0o644,
        true,
    ) {
        // Nothing of this run is recorded: none of its files may stay.
        for p in written {
            for f in p.paths() {
                let _ = std::fs::remove_file(f);
            }
        }
        ca.store.end_issue()?;
        return Err(e);
    }
    ca.store.end_issue()?;
    if let Some(e) = failure {
        // Give back the serials nothing was recorded under.
        ca.store.set_next_serial(&next_free)?;
        print_out(&report);
        return Err(e);
    }
    if progress {
        eprintln!();
    }
    print_out(&report);
    Ok(0)
}

fn generate_keys(kt: KeyType, digest: Digest, n: usize) -> Result<Vec<rcgen::KeyPair>> {
    let slots: Vec<usize> = (0..n).collect();
    crate::par::map(&slots, |_| issue::generate_key(kt, digest))
        .into_iter()
        .collect()
}

/// What the issuance of one host needs, shared by the worker threads.
struct Prep<'c> {
    ca: &'c Ca,
    a: &'c IssueArgs,
    kt: KeyType,
    profile: Profile,
    pkcs1: bool,
    chain: &'c [Vec<u8>],
}

/// One host's files, ready to write, and its ca.db entry.
struct Prepared {
    host: String,
    stem: PathBuf,
    files: Vec<(&'static str, Vec<u8>, u32)>,
    entry: Entry,
}

impl Prep<'_> {
    fn prepare(&self, r: &Request, key: &rcgen::KeyPair, serial: &[u8]) -> Result<Prepared> {
        let subj = subject(&r.cn, &self.a.subject)?;
        let leaf = Leaf {
            host: &r.host,
            subject: subj.clone(),
            ips: r.ips.clone(),
            dns: r.dns.clone(),
            days: self.a.days,
            profile: self.profile,
            rsa: matches!(self.kt, KeyType::Rsa(_)),
        };
        let params = issue::leaf_params(&leaf, serial)?;
        let cert = issue::sign(&params, key, &self.ca.cert_pem, &self.ca.key)?;
        let stem =
            self.ca
                .store
                .repository()
                .join(format!("{}_{}", serial_text(serial), label(&r.host)));
        let pfx = issue::pfx(
            cert.der(),
            &issue::portable_pkcs8(key.serialize_der()),
            self.chain,
            "",
            self.a.pfx_legacy,
        )?;
        let mut files = vec![
            (
                "_priv_key.pem",
                key_pem(key, self.pkcs1).into_bytes(),
                0o600,
            ),
            ("_cert.pem", cert.pem().into_bytes(), 0o644),
            ("_cert.pfx", pfx, 0o600),
        ];
        if self.a.chain {
            let mut text = cert.pem();
            for c in self.chain {
                text.push_str(&crate::pki::pem::encode("CERTIFICATE", c));
            }
            files.push(("_chain.pem", text.into_bytes(), 0o644));
        }
        Ok(Prepared {
            host: r.host.clone(),
            stem,
            files,
            entry: Entry {
                status: 'V',
                expiry: db::asn1_time(params.not_after),
                revocation: String::new(),
                serial: serial_text(serial),
                file: "unknown".into(),
                subject: subj.oneline(),
            },
        })
    }
}

impl Prepared {
    fn paths(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .map(|(suffix, ..)| PathBuf::from(format!("{}{suffix}", self.stem.display())))
            .collect()
    }

    /// Writes every file, or none: a failure removes what was written.
    fn write(&self) -> Result<()> {
        let mut written = Vec::new();
        for (suffix, data, mode) in &self.files {
            let path = PathBuf::from(format!("{}{suffix}", self.stem.display()));
            if let Err(e) = write_new(&path, data, *mode) {
                for p in written {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e);
            }
            written.push(path);
        }
        Ok(())
    }
}

pub fn sign_cmd(a: SignArgs) -> Result<i32> {
    let digest = Digest::parse(&a.digest)?;
    let profile = Profile::parse(&a.profile)?;
    let ca = open(&a.dir, digest)?;
    let text = String::from_utf8_lossy(
        &crate::input::read::read_capped(&a.csr, 1024 * 1024)
            .map_err(|e| InputError::file(&a.csr, e))?,
    )
    .into_owned();
    let mut csr = rcgen::CertificateSigningRequestParams::from_pem(&text)
        .map_err(|e| InputError::file(&a.csr, format!("not a certificate request: {e}")))?;
    let _lock = ca.store.lock()?;
    let serial = ca.store.next_serial()?;
    let p = &mut csr.params;
    p.is_ca = rcgen::IsCa::ExplicitNoCa;
    p.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyEncipherment,
    ];
    p.extended_key_usages = match profile {
        Profile::ServerClient => vec![
            rcgen::ExtendedKeyUsagePurpose::ServerAuth,
            rcgen::ExtendedKeyUsagePurpose::ClientAuth,
        ],
        Profile::Server => vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth],
        Profile::Client => vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth],
    };
    p.use_authority_key_identifier_extension = true;
    issue::validity(p, a.days);
    p.serial_number = Some(issue::serial_number(&serial));
    let not_after = p.not_after;
    let issuer = rcgen::Issuer::from_ca_cert_pem(&ca.cert_pem, &ca.key)
        .map_err(|e| InputError(e.to_string()))?;
    let cert = csr
        .signed_by(&issuer)
        .map_err(|e| InputError(format!("cannot sign: {e}")))?;
    // Name the files after the host the certificate names: its first DNS SAN, else its CN.
    let parsed = crate::pki::cert::Certificate::from_der(cert.der()).map_err(InputError)?;
    let host = parsed
        .san_dns
        .first()
        .or(parsed.common_names.first())
        .cloned()
        .unwrap_or_else(|| "host".into());
    let stem = ca
        .store
        .repository()
        .join(format!("{}_{}", serial_text(&serial), label(&host)));
    ca.store.set_next_serial(&increment(&serial))?;
    let out = PathBuf::from(format!("{}_cert.pem", stem.display()));
    let entry = Entry {
        status: 'V',
        expiry: db::asn1_time(not_after),
        revocation: String::new(),
        serial: serial_text(&serial),
        file: "unknown".into(),
        subject: format!(
            "/CN={}",
            parsed.common_names.first().cloned().unwrap_or_default()
        ),
    };
    let mut entries = read_db(&ca.store)?;
    ca.store
        .begin_issue(&[(entry.clone(), vec![out.clone()])])?;
    write_atomic(&out, cert.pem().as_bytes(), 0o644, false)?;
    entries.push(entry);
    if let Err(e) = write_atomic(
        &ca.store.path("ca.db"),
        db::render(&entries).as_bytes(),
        0o644,
        true,
    ) {
        let _ = std::fs::remove_file(&out);
        ca.store.end_issue()?;
        return Err(e);
    }
    ca.store.end_issue()?;
    print_out(&format!(
        "{}  {host}  {}\n",
        serial_text(&serial),
        out.display()
    ));
    Ok(0)
}

pub fn revoke(a: RevokeArgs) -> Result<i32> {
    let store = Store::new(&a.dir);
    if !store.cert_path().exists() {
        return Err(InputError::file(&store.root, "no CA here"));
    }
    if let Some(r) = &a.reason
        && !db::REASONS.contains(&r.as_str())
    {
        return Err(InputError(format!(
            "--reason {r}: use one of {}",
            db::REASONS.join(", ")
        )));
    }
    let want = crate::ca::store::parse_hex(a.serial.trim())
        .ok_or_else(|| InputError(format!("`{}` is not a hexadecimal serial", a.serial)))?;
    let _lock = store.lock()?;
    let mut entries = read_db(&store)?;
    let e = entries
        .iter_mut()
        .find(|e| {
            crate::ca::store::parse_hex(&e.serial)
                .is_some_and(|s| serial_text(&s) == serial_text(&want))
        })
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
    e.status = 'R';
    e.revocation = match &a.reason {
        Some(r) => format!("{},{r}", db::asn1_time(time::OffsetDateTime::now_utc())),
        None => db::asn1_time(time::OffsetDateTime::now_utc()),
    };
    let line = format!("revoked {} ({})\n", e.serial, e.subject);
    write_atomic(
        &store.path("ca.db"),
        db::render(&entries).as_bytes(),
        0o644,
        true,
    )?;
    print_out(&line);
    Ok(0)
}

pub fn crl(a: CrlArgs) -> Result<i32> {
    let digest = Digest::parse(&a.digest)?;
    let ca = open(&a.dir, digest)?;
    let _lock = ca.store.lock()?;
    let entries = read_db(&ca.store)?;
    let number = if ca.store.path("crl.num").exists() {
        ca.store.read("crl.num")?.trim().to_string()
    } else {
        "01".into()
    };
    let number_bytes = crate::ca::store::parse_hex(&number).unwrap_or_else(|| vec![1]);
    let mut revoked = Vec::new();
    for e in entries.iter().filter(|e| e.status == 'R') {
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
        let serial = crate::ca::store::parse_hex(&e.serial).unwrap_or_default();
        let mut s = serial.clone();
        if s.first().is_some_and(|b| b & 0x80 != 0) {
            s.insert(0, 0);
        }
        revoked.push(rcgen::RevokedCertParams {
            serial_number: rcgen::SerialNumber::from_slice(&s),
            revocation_time: db::parse_asn1_time(when)
                .unwrap_or_else(time::OffsetDateTime::now_utc),
            reason_code,
            invalidity_date: None,
        });
    }
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    let params = rcgen::CertificateRevocationListParams {
        this_update: now,
        next_update: now + time::Duration::days(a.days as i64),
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
    let out = a.out.clone().unwrap_or_else(|| ca.store.path("crl.pem"));
    let pem = crl.pem().map_err(|e| InputError(e.to_string()))?;
    write_atomic(&out, pem.as_bytes(), 0o644, true)?;
    write_atomic(
        &ca.store.path("crl.num"),
        format!("{}\n", serial_text(&increment(&number_bytes))).as_bytes(),
        0o644,
        true,
    )?;
    print_out(&format!(
        "wrote {} (CRL number {number}, {} revoked, next update in {} days)\n",
        out.display(),
        entries.iter().filter(|e| e.status == 'R').count(),
        a.days
    ));
    Ok(0)
}

pub fn list(a: ListArgs) -> Result<i32> {
    let store = Store::new(&a.dir);
    if !store.cert_path().exists() {
        return Err(InputError::file(&store.root, "no CA here"));
    }
    store.settle()?;
    let entries = read_db(&store)?;
    let now = time::OffsetDateTime::now_utc();
    // The host of an entry is in its file names (<serial>_<host>_cert.pem); ca.db only
    // has the subject.
    let files: Vec<String> = std::fs::read_dir(store.repository())
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let host_of = |e: &Entry| -> String {
        let prefix = format!("{}_", e.serial);
        files
            .iter()
            .find_map(|f| {
                f.strip_prefix(&prefix)
                    .and_then(|r| r.strip_suffix("_cert.pem"))
            })
            .map(String::from)
            .unwrap_or_else(|| e.host().to_string())
    };
    let rows: Vec<_> = entries
        .iter()
        .map(|e| {
            let expiry = db::parse_asn1_time(&e.expiry);
            let days = expiry.map(|t| (t - now).whole_days());
            let status = match (e.status, days) {
                ('R', _) => "revoked",
                (_, Some(d)) if d < 0 => "expired",
                ('E', _) => "expired",
                _ => "valid",
            };
            (e, expiry, days, status)
        })
        .collect();
    let out = if a.format == SimpleFormat::Json {
        let list: Vec<_> = rows
            .iter()
            .map(|(e, expiry, days, status)| {
                json!({
                    "serial": e.serial,
                    "host": host_of(e),
                    "subject": e.subject,
                    "status": status,
                    "expires": expiry.map(super::lint::format_at),
                    "days_left": days,
                    "revocation": (!e.revocation.is_empty()).then(|| e.revocation.clone()),
                })
            })
            .collect();
        serde_json::to_string_pretty(&list).expect("serialisable") + "\n"
    } else {
        let mut s = format!(
            "{:<10} {:<34} {:<8} {:<22} days left\n",
            "serial", "host", "status", "expires"
        );
        for (e, expiry, days, status) in &rows {
            s.push_str(&format!(
                "{:<10} {:<34} {:<8} {:<22} {}\n",
                e.serial,
                host_of(e),
                status,
                expiry
                    .map(super::lint::format_at)
                    .unwrap_or_else(|| e.expiry.clone()),
                days.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        s
    };
    print_out(&out);
    Ok(0)
}
