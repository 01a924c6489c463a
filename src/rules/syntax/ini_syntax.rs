use crate::rules::prelude::*;

use crate::input::options::OptionMap;

declare_rule! {
    /// Genesys skips lines it cannot read, and options before the first [section] belong to
    /// no section: what they say never takes effect.
    IniSyntax = "ini-syntax" {
        severity: Warning,
        phase: C,
        summary: "a line of an option file that is neither a section, an option nor a comment",
        source: "Guide: Sample Configuration Files for LCA (file format)",
        bad: "[security\ncertificate /etc/sec/certs/host.pem",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for bad in &cx.d.bad_lines {
        out.emit(Finding::new(
            RuleId::IniSyntax,
            Place::Span(bad.span),
            format!("{}: Genesys skips this line", bad.reason),
        ));
    }
    // The reader keeps a bounded number of bad lines per file and counts the rest.
    for &(file, n) in &cx.d.more_bad_lines {
        out.count_dropped(RuleId::IniSyntax, file, n);
    }
    for s in &cx.d.standalone {
        orphan_keys(out, &s.options);
    }
    for l in &cx.d.local_files {
        orphan_keys(out, &l.options);
    }
    for app in &cx.d.apps {
        orphan_keys(out, &app.options);
        orphan_keys(out, &app.annex);
    }
    for h in &cx.d.hosts {
        orphan_keys(out, &h.annex);
    }
}

/// Options before the first `[section]`: the reader files them under the empty name.
fn orphan_keys(out: &mut Out, map: &OptionMap) {
    for e in map.entries("") {
        out.emit(
            Finding::new(
                RuleId::IniSyntax,
                Place::Span(e.key_span),
                format!(
                    "`{}` stands before any [section]: Genesys reads it in no section",
                    e.key
                ),
            )
            .help("move it under the section it belongs to, e.g. [security]"),
        );
    }
}
