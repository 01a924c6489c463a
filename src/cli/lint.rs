//! `tlskit lint`: findings for a deployment or option files, in four formats.

use std::io::IsTerminal;

use super::{Format, LintArgs};
use crate::error::{InputError, Result};
use crate::findings::Summary;
use crate::input::load::{Loaded, load};
use crate::report::{Report, html, json, junit, sarif, text};

pub fn parse_at(at: Option<&str>) -> Result<time::OffsetDateTime> {
    match at {
        None => Ok(time::OffsetDateTime::now_utc()),
        Some(s) => time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map_err(|e| InputError(format!("--at `{s}`: not an RFC 3339 time ({e})"))),
    }
}

pub fn format_at(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Loads the inputs shared by lint and resolve, with command-line settings on top.
pub fn load_inputs(input: &super::InputArgs) -> Result<Loaded> {
    if input.paths.is_empty() {
        return Err(InputError::msg(
            "no PATH given: name a deployment folder, an export (.json) or an option file",
        ));
    }
    let mut loaded = load(&input.paths, input.config.as_deref())?;
    for spec in &input.path_map {
        loaded.settings.path_map.add_cli(spec)?;
    }
    if input.verbose {
        for (_, f) in loaded.sources.iter() {
            eprintln!("tlskit: read {}", f.display);
        }
        for p in &loaded.ignored {
            eprintln!("tlskit: ignored {} (not a deployment export)", p.display());
        }
        for (link, target) in &loaded.outside {
            eprintln!(
                "tlskit: not followed: {} -> {} (outside the folder scanned)",
                link.display(),
                target.display()
            );
        }
        for x in &loaded.deployment.disabled {
            let kind = match x.kind {
                crate::model::DisabledKind::Host => "host",
                crate::model::DisabledKind::Application => "application",
            };
            eprintln!("tlskit: not linted: {kind} {} ({})", x.name, x.why);
        }
    }
    if loaded.deployment.is_empty() {
        return Err(InputError::msg(format!(
            "{}: no deployment export or option file found",
            input.paths[0].display()
        )));
    }
    Ok(loaded)
}

pub fn run(args: LintArgs) -> Result<i32> {
    let at = parse_at(args.at.as_deref())?;
    let probe = args.probe.then(|| {
        super::probe::lint_options(std::time::Duration::from_secs_f64(
            args.probe_timeout.unwrap_or(5.0).clamp(0.1, 600.0),
        ))
    });
    let mut loaded = load_inputs(&args.input)?;
    if let Some(days) = args.expiry_warn_days {
        loaded.settings.expiry_warn_days = Some(days);
    }
    let platform = args.input.platform.map(|p| p.os());
    let analysis = crate::lint::analyse(
        &loaded,
        platform,
        at.unix_timestamp(),
        args.fips,
        probe.as_ref(),
    );
    let crate::lint::Analysis {
        res,
        facts,
        outcome,
    } = analysis;
    // Only the HTML report draws the resolution and the facts: the other formats free them
    // before they render (a million connections' worth).
    let kept = (args.format == Format::Html).then_some((res, facts));
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
        Format::Text => text::render(
            &report,
            &text::Style {
                color: args.output_file.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none(),
            },
        ),
        Format::Json => json::render(&report),
        Format::Sarif => sarif::render(&report),
        Format::Junit => junit::render(&report, fail_on),
        Format::Html => {
            let (res, facts) = kept.as_ref().expect("kept for the HTML report");
            html::render(
                &report,
                &html::Run {
                    loaded: &loaded,
                    res,
                    facts,
                    paths: &args.input.paths,
                    platform,
                    at: at.unix_timestamp(),
                },
            )
        }
    };
    match &args.output_file {
        Some(path) => write_file(path, &out)?,
        None => print_out(&out),
    }
    let summary = Summary::of(&outcome.findings);
    Ok(match fail_on {
        Some(level) if summary.at_or_above(level) > 0 => 1,
        _ => 0,
    })
}

/// Writes to stdout; a closed pipe (`tlskit lint | head`) is not an error worth a panic.
/// A text report on standard output, its control characters escaped (see `escape`). JSON
/// goes through `print_out`: serde escapes what JSON must.
pub fn print_text(s: &str) {
    print_out(&crate::escape::esc_lines(s));
}

/// Writes a report to `-o FILE`; a file that cannot be written is an input error.
pub fn write_file(path: &std::path::Path, s: &str) -> Result<()> {
    std::fs::write(path, s).map_err(|e| InputError::file(path, format!("cannot write: {e}")))
}

pub fn print_out(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
