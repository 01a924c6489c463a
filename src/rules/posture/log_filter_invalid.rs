use super::app_object;
use crate::input::options::{OptEntry, OptionMap};
use crate::rules::prelude::*;

declare_rule! {
    /// `[log-filter] default-filter-type` and the `[log-filter-data]` options (one per key)
    /// say how a server logs the values of User Data, Extensions and Reasons: `copy` (the
    /// default: in clear), `hide`, `skip`, `hide-first,<n>`, `hide-last,<n>`,
    /// `unhide-first,<n>`, `unhide-last,<n>`, or `tag(<prefix>,<postfix>)` (tags of up to 16
    /// characters; `tag()` uses `<#` and `#>`). A value outside that list is not a filter:
    /// the data it was meant to hide may be logged in clear.
    LogFilterInvalid = "log-filter-invalid" {
        severity: Warning,
        phase: S,
        summary: "a [log-filter] or [log-filter-data] value that is not a valid filter",
        source: "Guide: Hide Selected Data in Logs, Feature Configuration",
        bad: "[log-filter]\ndefault-filter-type=hide-first\n[log-filter-data]\nPASSWORD=mask",
        good: "[log-filter]\ndefault-filter-type=hide-first,3\n[log-filter-data]\nPASSWORD=hide",
        check: check,
    }
}

const VALID: &str = "copy, hide, skip, hide-first,<n>, hide-last,<n>, unhide-first,<n>, unhide-last,<n>, tag(<prefix>,<postfix>)";

/// Whether a filter value is in the grammar.
pub(crate) fn valid(v: &str) -> bool {
    let v = v.trim();
    if matches!(v, "copy" | "hide" | "skip" | "tag" | "tag()") {
        return true;
    }
    if v.starts_with("custom-filter") {
        return true; // some components define their own filters
    }
    if let Some(inner) = v.strip_prefix("tag(").and_then(|r| r.strip_suffix(')')) {
        return match inner.split_once(',') {
            Some((a, b)) => a.chars().count() <= 16 && b.chars().count() <= 16,
            None => false,
        };
    }
    if let Some((kind, n)) = v.split_once(',') {
        return matches!(
            kind,
            "hide-first" | "hide-last" | "unhide-first" | "unhide-last"
        ) && n.trim().parse::<u32>().is_ok_and(|n| n > 0);
    }
    false
}

fn entries(options: &OptionMap) -> impl Iterator<Item = (&'static str, &OptEntry)> {
    options
        .entries("log-filter")
        .filter(|e| e.key == "default-filter-type")
        .map(|e| ("log-filter", e))
        .chain(
            options
                .entries("log-filter-data")
                .map(|e| ("log-filter-data", e)),
        )
}

fn finding(who: &str, sec: &str, e: &OptEntry) -> Finding {
    Finding::new(
        RuleId::LogFilterInvalid,
        Place::Span(e.value_span),
        format!(
            "{who}: [{sec}] {}={} is not a valid log filter; the data it was meant to hide may be logged in clear",
            e.key,
            e.value.trim()
        ),
    )
    .key(sec, &e.key)
    .help(format!("use one of {VALID}"))
}

fn check(cx: &Cx, out: &mut Out) {
    for app in &cx.d.apps {
        for (sec, e) in entries(&app.options) {
            // An empty [log-filter-data] value means "no additional processing".
            if sec == "log-filter-data" && e.value.trim().is_empty() {
                continue;
            }
            if !valid(&e.value) {
                out.emit(
                    finding(&format!("application {}", app.name), sec, e)
                        .object(app_object(cx.d, app)),
                );
            }
        }
    }
    for s in &cx.d.standalone {
        for (sec, e) in entries(&s.options) {
            let unset = sec == "log-filter-data" && e.value.trim().is_empty();
            if !unset && !valid(&e.value) {
                out.emit(finding(cx.file_name(s.file), sec, e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn the_guides_examples_are_valid_filters() {
        for v in [
            "copy",
            "hide-first,3",
            "tag()",
            "tag(<*>,<*>)",
            "hide",
            "unhide-last,5",
            "tag(<!--,-->)",
            " tag()",
            "skip",
        ] {
            assert!(valid(v), "{v}");
        }
        for v in [
            "hide-first",
            "hide-first,0",
            "hide-first,abc",
            "mask",
            "tag(<12345678901234567>,>)",
            "Hide",
        ] {
            assert!(!valid(v), "{v}");
        }
    }
}
