//! `tlskit rules`: the catalog, or one rule explained.

use std::fmt::Write;

use serde_json::json;

use clap::Args;

use crate::cli::common::{OutputArgs, SimpleFormat, envelope, print_out};
use crate::error::{InputError, Result};
use crate::rules::{RULES, Rule, find};

fn entry(r: &Rule) -> serde_json::Value {
    json!({
        "id": r.name,
        "severity": r.severity,
        "phase": r.phase,
        "summary": r.summary,
        "source": r.source,
        "implemented": r.implemented(),
    })
}

#[derive(Args)]
pub(crate) struct RulesArgs {
    /// A rule id to explain
    pub id: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: SimpleFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(crate) fn run(args: RulesArgs) -> Result<i32> {
    args.output.open()?;
    if let Some(id) = &args.id {
        let Some(r) = find(id) else {
            let near = crate::rules::closest_rule(id);
            return Err(InputError(format!(
                "no rule `{id}`{}; `tlskit rules` lists them",
                near.map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default()
            )));
        };
        let out = if args.format == SimpleFormat::Json {
            let mut v = entry(r);
            v["explanation"] = json!(r.explanation());
            v["bad"] = json!(r.bad);
            v["good"] = json!(r.good);
            envelope(v)
        } else {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "{} ({}, phase {:?}: {})",
                r.name,
                r.severity.as_str(),
                r.phase,
                r.phase.title()
            );
            let _ = writeln!(s, "{}\n", r.summary);
            let _ = writeln!(s, "{}\n", r.explanation());
            let _ = writeln!(s, "source: {}", r.source);
            let _ = writeln!(
                s,
                "implemented: {}\n",
                if r.implemented() { "yes" } else { "not yet" }
            );
            let _ = writeln!(s, "bad:\n{}\n", indent(r.bad));
            let _ = writeln!(s, "fixed:\n{}", indent(r.good));
            s
        };
        print_out(&out);
        return Ok(0);
    }
    let out = if args.format == SimpleFormat::Json {
        envelope(json!({ "rules": RULES.iter().map(|r| entry(r)).collect::<Vec<_>>() }))
    } else {
        let mut s = String::new();
        let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
        let _ = writeln!(s, "{:width$}  {:7}  ph  {:5}  summary", "id", "sev", "impl");
        for r in RULES {
            let _ = writeln!(
                s,
                "{:width$}  {:7}  {:?}   {:5}  {}",
                r.name,
                r.severity.as_str(),
                r.phase,
                if r.implemented() { "yes" } else { "later" },
                r.summary
            );
        }
        let done = RULES.iter().filter(|r| r.implemented()).count();
        let _ = writeln!(
            s,
            "\n{} rules, {done} implemented; `tlskit rules ID` explains one",
            RULES.len()
        );
        s
    };
    print_out(&out);
    Ok(0)
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
