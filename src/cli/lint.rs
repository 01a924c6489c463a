//! `tlskit lint`: findings for a deployment or option files, in seven formats.

use clap::Args;

use crate::cli::common::{
    FailOn, Format, InputArgs, OutputArgs, color, format_at, load_inputs, parse_at, print_out,
};
use crate::error::Result;
use crate::report::{Report, github, gitlab, html, json, junit, sarif, text};
use crate::rules::finding::Summary;

#[derive(Args)]
pub(crate) struct LintArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Report format
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity remains
    #[arg(long = "fail-on", value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Judge validity at this time instead of now: a date (2027-03-01, midnight UTC) or an
    /// RFC 3339 time (2027-03-01T12:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Warn about certificates expiring within N days
    #[arg(long = "expiry-warn-days", value_name = "N")]
    pub expiry_warn_days: Option<u32>,
    /// Also connect to every secure port and compare with the configuration
    #[arg(long)]
    pub probe: bool,
    /// Seconds allowed for each connect and handshake of --probe (default 5)
    #[arg(long = "probe-timeout", requires = "probe")]
    pub probe_timeout: Option<f64>,
    /// Judge every port and connection as if fips140-enabled were set
    #[arg(long)]
    pub fips: bool,
    /// Run only these rule families: tls, posture, or tls,posture (overrides [rules] select)
    #[arg(long, value_name = "FAMILY", value_delimiter = ',', value_parser = ["tls", "posture"])]
    pub only: Vec<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(crate) fn run(args: LintArgs) -> Result<i32> {
    let at = parse_at(args.at.as_deref())?;
    let probe = args.probe.then(|| {
        crate::cli::probe::lint_options(std::time::Duration::from_secs_f64(
            args.probe_timeout.unwrap_or(5.0).clamp(0.1, 600.0),
        ))
    });
    args.output.open()?;
    let input = args.input;
    let mut loaded = load_inputs(&input, true)?;
    if !args.only.is_empty() {
        loaded.settings.select = Some(args.only.clone());
    }
    if let Some(days) = args.expiry_warn_days {
        loaded.settings.expiry_warn_days = Some(days);
    }
    let platform = input.platform.map(|p| p.os());
    let crate::lint::Analysis {
        res,
        facts,
        outcome,
    } = crate::lint::analyse(
        &loaded,
        platform,
        at.unix_timestamp(),
        args.fips,
        probe.as_ref(),
    );
    // Only the HTML report draws the resolution and the facts. The other formats leave them
    // to the exit with the rest of the run, unfreed: freeing them piece by piece took a
    // thirtieth of a lint, and a report is small beside them (findings past a rule's cap are
    // counted, not formatted).
    let kept = if args.format == Format::Html {
        Some((res, facts))
    } else {
        std::mem::forget((res, facts));
        None
    };
    let report = Report {
        findings: &outcome.findings,
        sources: &loaded.sources,
        at: format_at(at),
        // Only JUnit names every object: a test case each.
        checked: match args.format {
            Format::Junit => crate::lint::checked(&loaded),
            _ => Vec::new(),
        },
        counts: crate::lint::counts(&loaded.deployment),
        suppressed: outcome.suppressed,
    };
    let fail_on = args.fail_on.level();
    let out = match args.format {
        Format::Text => text::render(&report, &text::Style { color: color() }),
        Format::Json => json::render(&report),
        Format::Sarif => sarif::render(&report),
        Format::Junit => junit::render(&report, fail_on),
        Format::Github => github::render(&report),
        Format::Gitlab => gitlab::render(&report),
        Format::Html => {
            let (res, facts) = kept.as_ref().expect("kept for the HTML report");
            html::render(
                &report,
                &html::Run {
                    loaded: &loaded,
                    res,
                    facts,
                    paths: &input.paths,
                    platform,
                    at: at.unix_timestamp(),
                },
            )
        }
    };
    print_out(&out);
    for entry in &outcome.unused_suppressions {
        eprintln!("tlskit: warning: {entry}: matched no finding in this run; remove it or fix it");
    }
    let summary = Summary::of(&outcome.findings);
    let code = match fail_on {
        Some(level) if summary.at_or_above(level) > 0 => 1,
        _ => 0,
    };
    // The process ends here: what the run built is left for the exit to reclaim, not
    // freed piece by piece.
    std::mem::forget((out, report, kept));
    std::mem::forget((outcome, loaded));
    Ok(code)
}
