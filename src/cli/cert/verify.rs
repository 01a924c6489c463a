//! `tlskit cert verify`: builds and validates a certificate's path and explains every
//! problem.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use crate::cli::common::{
    OutputArgs, SimpleFormat, date, envelope, format_at, is_stdio, parse_at, print_out,
    print_verdicts, read_pki,
};
use crate::error::{InputError, Result};
use crate::pki::cert::Certificate;
use crate::pki::names::PeerName;
use crate::pki::verify::{self, NameRules, Options, Purpose, SigCache};

/// What the certificate must be good for, as `openssl verify -purpose` names it.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PurposeArg {
    /// A TLS server (extended key usage serverAuth)
    #[value(alias = "sslserver")]
    Server,
    /// A TLS client (extended key usage clientAuth)
    #[value(alias = "sslclient")]
    Client,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// Certificate files (a bundle in any order); several are checked in one run; `-` is
    /// standard input
    #[arg(required = true, value_name = "CERT")]
    pub certs: Vec<PathBuf>,
    /// The CA certificates to trust (a PEM bundle, DER or PKCS#12)
    #[arg(long = "trusted-ca", required = true, value_name = "FILE")]
    pub trusted_ca: PathBuf,
    /// Intermediate certificates to build the path with, beside those in the file
    #[arg(long, value_name = "FILE")]
    pub untrusted: Option<PathBuf>,
    /// CRLs to check revocation against (repeatable)
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// The name the certificate must match: a host name or IP address (SAN, else CN)
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// What the certificate must be good for (its extended key usage)
    #[arg(long, value_enum)]
    pub purpose: Option<PurposeArg>,
    /// The longest path allowed, in certificates below the trusted one
    #[arg(long = "max-depth", value_name = "N")]
    pub max_depth: Option<u32>,
    /// Judge validity at this time instead of now: a date (2027-03-01, midnight UTC) or an
    /// RFC 3339 time (2027-03-01T12:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(crate) fn run(a: VerifyArgs) -> Result<i32> {
    a.output.open()?;
    let at = parse_at(a.at.as_deref())?;
    let purpose = a.purpose.map(|p| match p {
        PurposeArg::Server => Purpose::Server,
        PurposeArg::Client => Purpose::Client,
    });
    let trusted = read_pki(&a.trusted_ca, None)?;
    if trusted.certs.is_empty() {
        return Err(InputError::file(&a.trusted_ca, "no certificate in it"));
    }
    let untrusted: Vec<Arc<Certificate>> = match &a.untrusted {
        Some(u) => read_pki(u, None)?.certs.clone(),
        None => Vec::new(),
    };
    let mut crls = Vec::new();
    for c in &a.crl {
        let f = read_pki(c, None)?;
        if f.crls.is_empty() {
            return Err(InputError::file(
                c,
                format!("no CRL in it: it holds {}", f.describe()),
            ));
        }
        crls.extend(f.crls.iter().cloned());
    }
    let opts = Options {
        at: at.unix_timestamp(),
        purpose,
        name: a.host.as_deref().map(PeerName::parse),
        name_rules: NameRules::Genesys,
        max_depth: a.max_depth.map(|d| d as usize),
        pkix: false,
    };
    // One signature cache for the run: intermediates and CRLs are verified once, however
    // many leaves are checked.
    let sigs = SigCache::default();
    let check = |cert: &PathBuf| -> Result<verify::Verification> {
        let file = read_pki(cert, None)?;
        if file.certs.is_empty() {
            return Err(InputError::file(
                cert,
                format!("no certificate in it: it holds {}", file.describe()),
            ));
        }
        let mut pool: Vec<Arc<Certificate>> = file.certs.clone();
        pool.extend(untrusted.iter().cloned());
        let leaf = verify::leaf_of(&file.certs);
        let mut outcome = verify::verify(&leaf, &pool, &trusted.certs, &crls, &opts, &sigs);
        if let Some(order) = verify::order_problem(&file.certs) {
            outcome.problems.insert(
                0,
                verify::Problem {
                    defect: verify::Defect::Order,
                    depth: 0,
                    message: order,
                },
            );
        }
        Ok(outcome)
    };
    // The first leaf alone (it verifies what the others share: the intermediates, the
    // CRLs), then the others on every core; reported in order, the first failure first.
    // Standard input is read by one leaf, in order.
    let outcomes: Vec<Result<verify::Verification>> = match a.certs.split_first() {
        Some((first, rest)) if !a.certs.iter().any(|c| is_stdio(c)) => {
            let first = check(first);
            std::iter::once(first)
                .chain(crate::par::map(rest, check))
                .collect()
        }
        _ => a.certs.iter().map(check).collect(),
    };
    let mut docs = Vec::new();
    let mut text = String::new();
    let mut all_valid = true;
    for (cert, outcome) in a.certs.iter().zip(outcomes) {
        let outcome = outcome?;
        all_valid &= outcome.valid;
        if a.format == SimpleFormat::Json {
            docs.push(outcome_json(cert, &outcome, at));
        } else {
            outcome_text(&mut text, cert, &outcome, at, purpose, a.host.as_deref());
        }
    }
    if a.format == SimpleFormat::Json {
        let doc = if docs.len() == 1 {
            docs.pop().expect("one")
        } else {
            json!({"valid": all_valid, "results": docs})
        };
        print_out(&envelope(doc));
    } else {
        print_verdicts(&text);
    }
    Ok(if all_valid { 0 } else { 1 })
}

fn outcome_json(cert: &Path, outcome: &verify::Verification, at: time::OffsetDateTime) -> Value {
    let last = outcome.chain.len();
    let chain: Vec<Value> = outcome
        .chain
        .iter()
        .enumerate()
        .map(|(depth, c)| {
            json!({
                "depth": depth,
                "subject": c.subject,
                "issuer": c.issuer,
                "serial": c.serial_text(),
                "not_after": date(c.not_after),
                "trusted": outcome.anchored && depth + 1 == last,
            })
        })
        .collect();
    json!({
        "file": cert.display().to_string(),
        "valid": outcome.valid,
        "at": format_at(at),
        "chain": chain,
        "problems": problems_json(&outcome.problems),
        "notes": outcome.notes,
        "webpki": match &outcome.webpki { Ok(()) => "valid".to_string(), Err(e) => e.clone() },
    })
}

fn outcome_text(
    s: &mut String,
    cert: &Path,
    outcome: &verify::Verification,
    at: time::OffsetDateTime,
    purpose: Option<Purpose>,
    host: Option<&str>,
) {
    let what = match (purpose, host) {
        (Some(Purpose::Server), Some(h)) => format!(" for a server named {h}"),
        (Some(Purpose::Client), Some(h)) => format!(" for a client named {h}"),
        (Some(Purpose::Server), None) => " for a server".into(),
        (Some(Purpose::Client), None) => " for a client".into(),
        (None, Some(h)) => format!(" for {h}"),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        s,
        "{}: {}{what} at {}",
        cert.display(),
        if outcome.valid { "valid" } else { "INVALID" },
        format_at(at)
    );
    let _ = writeln!(s, "chain:");
    let last = outcome.chain.len();
    for (depth, c) in outcome.chain.iter().enumerate() {
        let trusted = outcome.anchored && depth + 1 == last;
        let _ = writeln!(
            s,
            "  {depth}  {}{}  serial {}  expires {}",
            c.short_name(),
            if trusted { " (trusted)" } else { "" },
            c.serial_text(),
            date(c.not_after)
        );
    }
    if !outcome.problems.is_empty() {
        let _ = writeln!(s, "problems:");
        for p in &outcome.problems {
            let rule = crate::rules::rule_of_defect(p.defect);
            let sev = rule.rule().severity.as_str();
            let _ = writeln!(s, "  depth {}  {sev}[{rule}]: {}", p.depth, p.message);
        }
    }
    if !outcome.notes.is_empty() {
        let _ = writeln!(s, "notes:");
        for n in &outcome.notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    s.push('\n');
}

/// Problems as `cert verify --format json` shows them: the catalog rule, the depth, the
/// sentence.
pub(crate) fn problems_json(problems: &[verify::Problem]) -> Vec<serde_json::Value> {
    problems
        .iter()
        .map(|p| {
            json!({
                "depth": p.depth,
                "message": p.message,
                "rule": crate::rules::rule_of_defect(p.defect),
            })
        })
        .collect()
}
