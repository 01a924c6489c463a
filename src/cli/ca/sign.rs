//! `tlskit ca sign`: a certificate for a request (CSR) whose key the host made itself. The
//! subject is the request's, written into ca.db escaped as `openssl ca` writes it.

use std::path::PathBuf;

use clap::Args;

use super::warn_clipped;
use crate::ca::authority::Ca;
use crate::ca::batch::{Content, Prepared, Progress, issue_all};
use crate::ca::db::Entry;
use crate::ca::issue::{self, Digest, Lifetime, Profile};
use crate::ca::name::{file_label, shown, subject_oneline};
use crate::ca::serial::serial_text;
use crate::cli::common::{arg_name, print_out};
use crate::error::{InputError, Result};

#[derive(Args)]
pub(crate) struct SignArgs {
    /// The folder that holds ca_conf/
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The certificate request (PEM); `-` is standard input
    #[arg(value_name = "CSR")]
    pub csr: PathBuf,
    /// Validity in days (ends with the CA at the latest, unless --allow-beyond-ca)
    #[arg(long, default_value_t = 100)]
    pub days: u32,
    /// Let the certificate outlive the CA instead of ending with it
    #[arg(long = "allow-beyond-ca")]
    pub allow_beyond_ca: bool,
    /// What the certificate is for (its extended key usage)
    #[arg(long, value_enum, default_value = "server-client")]
    pub profile: Profile,
    /// Hash of the CA's signature when its key is RSA
    #[arg(long, value_enum, default_value = "sha256")]
    pub digest: Digest,
}

/// A request read and its signature checked.
struct Request {
    csr: rcgen::CertificateSigningRequestParams,
    rsa: bool,
    /// The host the files are named after: the first DNS SAN, else the CN.
    host: String,
}

pub(crate) fn run(a: SignArgs) -> Result<i32> {
    let ca = Ca::open(&a.dir, a.digest)?;
    let life = issue::lifetime(a.days, Some(ca.not_after), a.allow_beyond_ca)?;
    let req = read_request(&a)?;
    warn_clipped(&life, a.days, &ca);
    let progress = Progress {
        verb: "signed",
        show: false,
    };
    let issued = issue_all(&ca.store, &[()], &progress, |_, serial| {
        prepare(&ca, &req, a.profile, &life, serial)
    })?;
    if let Some(e) = issued.failure {
        return Err(e);
    }
    for p in &issued.done {
        print_out(&format!(
            "{}  {}  {}\n",
            p.entry.serial,
            shown(&p.host),
            p.file("_cert.pem").display()
        ));
    }
    Ok(0)
}

fn read_request(a: &SignArgs) -> Result<Request> {
    let bytes = crate::cli::common::read_arg(&a.csr, 1024 * 1024)?;
    let text = String::from_utf8_lossy(&bytes);
    let csr = rcgen::CertificateSigningRequestParams::from_pem(&text).map_err(|e| {
        InputError::file(&arg_name(&a.csr), format!("not a certificate request: {e}"))
    })?;
    let der = crate::pki::pem::parse(text.as_bytes())
        .blocks
        .into_iter()
        .find(|b| b.label.ends_with("CERTIFICATE REQUEST"))
        .map(|b| b.der)
        .unwrap_or_default();
    use x509_parser::prelude::FromDer;
    let (_, parsed) = x509_parser::certification_request::X509CertificationRequest::from_der(&der)
        .map_err(|e| {
            InputError::file(&arg_name(&a.csr), format!("not a certificate request: {e}"))
        })?;
    let info = &parsed.certification_request_info;
    let rsa = info.subject_pki.algorithm.algorithm.to_id_string() == "1.2.840.113549.1.1.1";
    let cn = info
        .subject
        .iter_common_name()
        .next()
        .and_then(|c| c.as_str().ok())
        .map(String::from);
    let san = csr.params.subject_alt_names.iter().find_map(|s| match s {
        rcgen::SanType::DnsName(d) => Some(d.as_str().to_string()),
        _ => None,
    });
    Ok(Request {
        host: san.or(cn).unwrap_or_else(|| "host".into()),
        csr,
        rsa,
    })
}

fn prepare(
    ca: &Ca,
    req: &Request,
    profile: Profile,
    life: &Lifetime,
    serial: &[u8],
) -> Result<Prepared> {
    let mut p = req.csr.params.clone();
    p.is_ca = rcgen::IsCa::ExplicitNoCa;
    p.key_usages = issue::key_usages(req.rsa);
    p.extended_key_usages = profile.ekus();
    p.use_authority_key_identifier_extension = true;
    p.not_before = life.not_before;
    p.not_after = life.not_after;
    p.serial_number = Some(issue::serial_number(serial));
    let cert = ca.sign(&p, &req.csr.public_key)?;
    let stem =
        ca.store
            .repository()
            .join(format!("{}_{}", serial_text(serial), file_label(&req.host)));
    Ok(Prepared {
        host: req.host.clone(),
        stem,
        files: vec![("_cert.pem", Content::Bytes(cert.pem().into_bytes()), 0o644)],
        entry: Entry::valid(serial, life.not_after, subject_oneline(cert.der())?),
        supersedes: None,
    })
}
