//! GitHub Actions workflow commands, one line per finding, so that findings annotate the
//! pull request: `::error file=F,line=L,col=C,title=RULE::MESSAGE`.

use std::fmt::Write;

use super::{Report, location};
use crate::severity::Severity;

/// A message (the part after `::`): `%`, CR and LF escaped as the runner expects.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as `data`, and `:` and `,` too.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        };
        let (file, line, col) = location(report.sources, &f.place);
        let mut props = format!("file={}", property(&file));
        if let Some(l) = line {
            let _ = write!(props, ",line={l}");
        }
        if let Some(c) = col {
            let _ = write!(props, ",col={c}");
        }
        let _ = write!(props, ",title={}", property(f.rule.as_str()));
        let mut message = f.message.clone();
        if let Some(h) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        let _ = writeln!(out, "::{level} {props}::{}", data(&message));
    }
    out
}
