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
    let read_crls = || -> Result<Vec<Arc<crate::pki::crl::Crl>>> {
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
        Ok(crls)
    };
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
    let issuers: Vec<Arc<Certificate>> = untrusted.iter().chain(&trusted.certs).cloned().collect();
    let read_leaf = |cert: &PathBuf| -> Result<Arc<crate::pki::load::PkiFile>> {
        let file = read_pki(cert, None)?;
        if file.certs.is_empty() {
            return Err(InputError::file(
                cert,
                format!("no certificate in it: it holds {}", file.describe()),
            ));
        }
        // Its signatures are verified now, while the CRLs are still being read.
        sigs.settle(&file.certs, &issuers);
        Ok(file)
    };
    // Each leaf's verdict, rendered where it is reached: a JSON value or the text lines.
    let check = |crls: &[Arc<crate::pki::crl::Crl>],
                 cert: &PathBuf,
                 file: &Result<Arc<crate::pki::load::PkiFile>>|
     -> Result<(bool, Rendered)> {
        let file = file.as_ref().map_err(Clone::clone)?;
        let mut pool: Vec<Arc<Certificate>> = file.certs.clone();
        pool.extend(untrusted.iter().cloned());
        let leaf = verify::leaf_of(&file.certs);
        let mut outcome = verify::verify(&leaf, &pool, &trusted.certs, crls, &opts, &sigs);
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
        let rendered = if a.format == SimpleFormat::Json && a.certs.len() == 1 {
            Rendered::Json(outcome_json(cert, &outcome, at))
        } else if a.format == SimpleFormat::Json {
            // Printed here, on this core, as the pretty printer prints an element of
            // `results` (four spaces in); the document then takes it as it stands.
            let doc = serde_json::to_string_pretty(&outcome_json(cert, &outcome, at))
                .expect("serialisable")
                .replace('\n', "\n    ");
            Rendered::Element(doc)
        } else {
            let mut text = String::new();
            outcome_text(&mut text, cert, &outcome, at, purpose, a.host.as_deref());
            Rendered::Text(text)
        };
        Ok((outcome.valid, rendered))
    };
    // Standard input is read by one leaf, in order. Otherwise the leaves are read (and
    // their signatures verified) on every core while another thread reads the CRLs and
    // verifies their signatures (a CRL of 50,000 entries takes as long as reading a
    // thousand leaves); then the first leaf is checked alone (it verifies what the others
    // share: the intermediates), the others on every core. Errors come in the order of
    // the command line: the CRLs', then the leaves' in turn.
    let outcomes: Vec<Result<(bool, Rendered)>> = if a.certs.iter().any(|c| is_stdio(c)) {
        let crls = read_crls()?;
        a.certs
            .iter()
            .map(|c| check(&crls, c, &read_leaf(c)))
            .collect()
    } else {
        let (crls, files) = std::thread::scope(|s| {
            let crls = s.spawn(|| {
                let crls = read_crls()?;
                sigs.settle_crls(&crls, &issuers);
                Ok(crls)
            });
            let files = crate::par::map(&a.certs, read_leaf);
            let crls = crls.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (crls, files)
        });
        let crls = crls?;
        let jobs: Vec<_> = a.certs.iter().zip(&files).collect();
        let (first, rest) = jobs.split_at(1.min(jobs.len()));
        let outcomes = first
            .iter()
            .map(|(c, f)| check(&crls, c, f))
            .collect::<Vec<_>>()
            .into_iter()
            .chain(crate::par::map(rest, |(c, f)| check(&crls, c, f)))
            .collect();
        drop(jobs);
        // The process ends soon: the files and CRLs are left for the exit to reclaim.
        std::mem::forget((files, crls));
        outcomes
    };
    let mut docs = Vec::new();
    let mut elements = Vec::new();
    let mut text = String::new();
    let mut all_valid = true;
    for outcome in outcomes {
        let (valid, rendered) = outcome?;
        all_valid &= valid;
        match rendered {
            Rendered::Json(doc) => docs.push(doc),
            Rendered::Element(e) => elements.push(e),
            Rendered::Text(t) => text.push_str(&t),
        }
    }
    if a.format == SimpleFormat::Json {
        match docs.pop() {
            Some(doc) => print_out(&envelope(doc)),
            None => print_out(&results_document(&elements, all_valid)),
        }
    } else {
        print_verdicts(&text);
    }
    Ok(if all_valid { 0 } else { 1 })
}

/// `{"results": […], "valid": …}` in the envelope, with its keys in the order a JSON map
/// sorts them, as the single-leaf document has. The elements were printed on the cores
/// that checked them, four spaces in, and are set between the brackets as they stand:
/// handed to the serialiser as raw values, each would be parsed again to be validated.
fn results_document(elements: &[String], valid: bool) -> String {
    #[derive(serde::Serialize)]
    struct Results {
        results: [(); 0],
        valid: bool,
    }
    let doc = envelope(Results { results: [], valid });
    let empty = "\"results\": []";
    let at = doc.find(empty).expect("the envelope has the key") + empty.len() - 1;
    if elements.is_empty() {
        return doc;
    }
    let mut out =
        String::with_capacity(doc.len() + elements.iter().map(|e| e.len() + 6).sum::<usize>());
    out.push_str(&doc[..at]);
    for (i, e) in elements.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(e);
    }
    out.push_str("\n  ");
    out.push_str(&doc[at..]);
    out
}

/// One leaf's verdict as the chosen format prints it: the JSON document of a lone leaf,
/// one element of the `results` of several, or text.
enum Rendered {
    Json(OutcomeDoc),
    Element(String),
    Text(String),
}

/// One leaf's verdict in JSON. Its keys are in the order a JSON map sorts them, as the
/// documents built with `json!` had them; serialised straight from these structs, a
/// thousand verdicts build no maps.
#[derive(serde::Serialize)]
struct OutcomeDoc {
    at: String,
    chain: Vec<ChainDoc>,
    file: String,
    notes: Vec<String>,
    problems: Vec<Value>,
    valid: bool,
    webpki: String,
}

#[derive(serde::Serialize)]
struct ChainDoc {
    depth: usize,
    issuer: String,
    not_after: String,
    serial: String,
    subject: String,
    trusted: bool,
}

fn outcome_json(
    cert: &Path,
    outcome: &verify::Verification,
    at: time::OffsetDateTime,
) -> OutcomeDoc {
    let last = outcome.chain.len();
    let chain = outcome
        .chain
        .iter()
        .enumerate()
        .map(|(depth, c)| ChainDoc {
            depth,
            issuer: c.issuer.clone(),
            not_after: date(c.not_after),
            serial: c.serial_text(),
            subject: c.subject.clone(),
            trusted: outcome.anchored && depth + 1 == last,
        })
        .collect();
    OutcomeDoc {
        at: format_at(at),
        chain,
        file: cert.display().to_string(),
        notes: outcome.notes.clone(),
        problems: problems_json(&outcome.problems),
        valid: outcome.valid,
        webpki: match &outcome.webpki {
            Ok(()) => "valid".to_string(),
            Err(e) => e.clone(),
        },
    }
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

#[cfg(test)]
mod tests {
    /// The results set between the brackets as printed read as the serialiser would have
    /// printed the whole document, for none, one and several leaves.
    #[test]
    fn the_results_document_is_the_serialisers() {
        let leaf = |n: u32| serde_json::json!({"file": format!("l{n}.pem"), "chain": [{"depth": n}], "valid": n.is_multiple_of(2)});
        for n in 0..4u32 {
            let leaves: Vec<serde_json::Value> = (0..n).map(leaf).collect();
            let printed: Vec<String> = leaves
                .iter()
                .map(|l| {
                    serde_json::to_string_pretty(l)
                        .expect("serialisable")
                        .replace('\n', "\n    ")
                })
                .collect();
            let whole = super::envelope(serde_json::json!({"results": leaves, "valid": n < 2}));
            assert_eq!(
                super::results_document(&printed, n < 2),
                whole,
                "{n} leaves"
            );
        }
    }
}
