//! JUnit XML: one test case per object checked, failed by the findings at or above the
//! failing severity — one `<failure>` holding all of them, since several in a test case
//! are invalid for some readers — while lower ones go to the test case's system-out.

use std::fmt::Write;

use super::{Checked, Report, location};
use crate::rules::finding::Finding;
use crate::severity::Severity;

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The most specific checked object a finding is about.
fn owner(report: &Report, f: &Finding) -> Option<usize> {
    let o = &f.object;
    let eq = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let find = |kind: &str, pred: &dyn Fn(&Checked) -> bool| {
        report
            .checked
            .iter()
            .position(|c| c.kind == kind && pred(c))
    };
    if o.connection.is_some()
        && let Some(i) = find("connection", &|c| eq(&c.object.connection, &o.connection))
    {
        return Some(i);
    }
    if o.port.is_some()
        && let Some(i) = find("port", &|c| {
            eq(&c.object.application, &o.application) && eq(&c.object.port, &o.port)
        })
    {
        return Some(i);
    }
    if o.application.is_some() {
        let app = find("application", &|c| {
            eq(&c.object.application, &o.application)
        })
        .or_else(|| {
            find("local", &|c| {
                eq(&c.object.application, &o.application) && c.object.host == o.host
            })
        });
        if app.is_some() {
            return app;
        }
    }
    if o.host.is_some()
        && let Some(i) = find("host", &|c| eq(&c.object.host, &o.host))
    {
        return Some(i);
    }
    let (file, _, _) = location(report.sources, &f.place);
    find("file", &|c| c.file.as_deref() == Some(file.as_str()))
}

pub(crate) fn render(report: &Report, fail_on: Option<Severity>) -> String {
    let mut per: Vec<Vec<&Finding>> = vec![Vec::new(); report.checked.len() + 1];
    for f in report.findings {
        let i = owner(report, f).unwrap_or(report.checked.len());
        per[i].push(f);
    }
    let fails = |f: &&Finding| fail_on.is_some_and(|l| f.severity >= l);
    let failing = |v: &Vec<&Finding>| v.iter().any(&fails);
    let failures: usize = per.iter().filter(|v| failing(v)).count();
    let tests = report.checked.len() + 1;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"tlskit lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"tlskit lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" timestamp=\"{}\">",
        escape(report.at.trim_end_matches('Z'))
    );
    let deployment = Checked {
        kind: "deployment",
        name: "deployment".into(),
        object: Default::default(),
        file: None,
    };
    for (i, findings) in per.iter().enumerate() {
        let c = report.checked.get(i).unwrap_or(&deployment);
        let _ = write!(
            out,
            "    <testcase classname=\"tlskit.{}\" name=\"{}\"",
            c.kind,
            escape(&c.name)
        );
        if findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let mut notes = String::new();
        let mut failed: Vec<&Finding> = Vec::new();
        let mut failure = String::new();
        for f in findings {
            let (file, line, col) = location(report.sources, &f.place);
            let at = match (line, col) {
                (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
                _ => file,
            };
            let body = format!(
                "{}[{}] {}\n  --> {at}{}",
                f.severity.as_str(),
                f.rule,
                f.message,
                f.help
                    .as_ref()
                    .map(|h| format!("\n  help: {h}"))
                    .unwrap_or_default()
            );
            if fails(f) {
                failed.push(f);
                failure.push_str(&body);
                failure.push('\n');
            } else {
                notes.push_str(&body);
                notes.push('\n');
            }
        }
        if let Some(first) = failed.first() {
            let kind = if failed.iter().all(|f| f.rule == first.rule) {
                first.rule.as_str()
            } else {
                "tlskit"
            };
            let message = if failed.len() == 1 {
                first.message.clone()
            } else {
                format!("{} findings; the first: {}", failed.len(), first.message)
            };
            let _ = writeln!(
                out,
                "      <failure type=\"{kind}\" message=\"{}\">{}</failure>",
                escape(&message),
                escape(&failure)
            );
        }
        if !notes.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&notes));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
