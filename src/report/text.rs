//! Findings for people, in the manner of rustc: severity and rule, the message, the place,
//! the source line with a caret, related places as notes, and the fix as help.

use std::fmt::Write;

use super::{Report, location};
use crate::escape::{Esc, esc};
use crate::input::source::Sources;
use crate::rules::finding::Finding;
use crate::rules::finding::Place;
use crate::rules::finding::Summary;
use crate::severity::Severity;

pub(crate) struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
            Severity::Notice => self.paint("1;36", "notice"),
        }
    }
}

/// The gutter width: as wide as the line number shown, like rustc.
fn gutter(place: &Place) -> usize {
    match place {
        Place::Span(s) => s.line.to_string().len() + 1,
    }
}

fn snippet(out: &mut String, sources: &Sources, place: &Place, style: &Style) {
    let Place::Span(span) = place;
    let file = sources.get(span.file);
    let Some(line) = file.line(span.line) else {
        return;
    };
    // A password on the line is not the report's to show.
    let line = crate::redact::mask_line(line);
    let line = line.as_ref();
    let number = span.line.to_string();
    let pad = " ".repeat(number.len());
    // Long lines (minified JSON) are cut around the caret so the report stays readable.
    // Columns count characters; on ASCII lines they are byte offsets, so a megabyte-long
    // line costs nothing per finding.
    let col = span.col.saturating_sub(1) as usize;
    let start = col.saturating_sub(60);
    let want = col + span.len.max(1) as usize + 60;
    let (shown, line_len): (String, usize) = if file.ascii {
        let end = want.min(line.len());
        (line[start.min(end)..end].to_string(), line.len())
    } else {
        let chars: Vec<char> = line.chars().collect();
        let end = want.min(chars.len());
        (chars[start.min(end)..end].iter().collect(), chars.len())
    };
    let end = want.min(line_len);
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < line_len { "…" } else { "" };
    let bar = style.paint("1;34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    // The line as read may hold control characters: shown escaped, and the caret moved by
    // what the escapes add before it.
    let shown = shown.replace('\t', " ");
    let before: String = shown.chars().take(col - start.min(col)).collect();
    let widened = esc(&before).chars().count() - before.chars().count();
    let _ = writeln!(
        out,
        "{} {bar} {lead}{}{tail}",
        style.paint("1;34", &number),
        esc(&shown)
    );
    let caret_at = col - start + lead.chars().count() + widened;
    let len = (span.len.max(1) as usize).min(end.saturating_sub(col).max(1));
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(caret_at),
        style.paint("1;31", &"^".repeat(len))
    );
}

pub(crate) fn finding(out: &mut String, sources: &Sources, f: &Finding, style: &Style) {
    let _ = writeln!(
        out,
        "{}{}: {}",
        style.severity(f.severity),
        style.paint("1", &format!("[{}]", f.rule)),
        style.paint("1", &esc(&f.message))
    );
    let (file, line, col) = location(sources, &f.place);
    let file = esc(&file);
    let arrow = style.paint("1;34", "-->");
    let pad = " ".repeat(gutter(&f.place));
    match (line, col) {
        (Some(l), Some(c)) => {
            let _ = writeln!(out, "{}{arrow} {file}:{l}:{c}", &pad[1..]);
        }
        _ => {
            let _ = writeln!(out, "{}{arrow} {file}", &pad[1..]);
        }
    }
    snippet(out, sources, &f.place, style);
    for r in &f.related {
        let (file, line, _) = location(sources, &r.place);
        let at = match line {
            Some(l) => format!("{file}:{l}"),
            None => file,
        };
        let _ = writeln!(out, "{pad}= note: {}: {}", Esc(&r.note), Esc(&at));
    }
    if let Some(h) = &f.help {
        let _ = writeln!(out, "{pad}= {}: {}", style.paint("1", "help"), Esc(h));
    }
    out.push('\n');
}

pub(crate) fn render(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    for f in report.findings {
        finding(&mut out, report.sources, f, style);
    }
    let s = Summary::of(report.findings);
    let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let n = &report.counts;
    let mut checked = vec![count(n.ports, "port"), count(n.connections, "connection")];
    let locals = n.local_files;
    if locals > 0 {
        checked.push(count(locals, "local agent file"));
    }
    let files = n.option_files;
    if files > 0 {
        checked.push(count(files, "option file"));
    }
    let _ = write!(
        out,
        "tlskit: {}, {}, {} ({} checked",
        count(s.error, "error"),
        count(s.warning, "warning"),
        count(s.notice, "notice"),
        checked.join(", ")
    );
    if report.suppressed > 0 {
        let _ = write!(out, "; {} suppressed by tlskit.toml", report.suppressed);
    }
    out.push_str(")\n");
    out
}
