//! A Genesys option-file reader that keeps the place of every section, key and value.
//!
//! It accepts what real files contain: CRLF, a BOM (removed by decoding), spaces around
//! `=`, `#`/`;` comment lines, and a trailing ` #comment` after a value, as the guide's own
//! lca.cfg sample has (`tls-mutual=1           #only if using mutual TLS`).

use super::options::{OptEntry, OptSection, OptionMap};
use super::source::{FileId, Span};

/// A line that is neither a section header, an option nor a comment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BadLine {
    pub span: Span,
    pub reason: &'static str,
}

/// Bad lines kept per file: past the report's bound of findings of one rule in one file,
/// only their number matters (a file of a million junk lines is one summary).
pub(crate) const MAX_BAD_LINES: usize = 128;

impl IniDoc {
    fn bad(&mut self, line: BadLine) {
        if self.bad_lines.len() < MAX_BAD_LINES {
            self.bad_lines.push(line);
        } else {
            self.more_bad_lines += 1;
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct IniDoc {
    pub options: OptionMap,
    pub bad_lines: Vec<BadLine>,
    /// Bad lines past MAX_BAD_LINES: counted, not kept.
    pub more_bad_lines: usize,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Longest option line read: real values (cipher lists, paths) are far shorter, and a
/// megabyte-long line is a broken or hostile file, refused before it is copied around.
pub(crate) const MAX_LINE: usize = 64 * 1024;

/// How many option lines stand before the first section header (index 0) and under each
/// header after it: the sections' lists are allocated once, at their size (a list grown by
/// doubling holds up to twice what it needs, and a file of a million options is the case
/// where that matters).
fn entry_counts(text: &str) -> Vec<usize> {
    let mut counts = vec![0];
    for line in text.split('\n') {
        let body = line.trim_start();
        if body.starts_with('[') && body.contains(']') {
            counts.push(0);
        } else if body.contains('=') && !body.starts_with(['#', ';']) {
            *counts.last_mut().expect("never empty") += 1;
        }
    }
    counts
}

pub(crate) fn parse(file: FileId, text: &str) -> IniDoc {
    let mut doc = IniDoc::default();
    let counts = entry_counts(text);
    let mut headers = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i as u32 + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let body = line.trim_start();
        let indent = chars(line) - chars(body);
        let at = |offset: usize, len: usize| Span {
            file,
            line: line_no,
            col: (offset + 1) as u32,
            len: len as u32,
        };
        let body = body.trim_end();
        if body.is_empty() || body.starts_with('#') || body.starts_with(';') {
            continue;
        }
        if let Some(rest) = body.strip_prefix('[') {
            match rest.find(']') {
                Some(end) => {
                    let name = rest[..end].trim();
                    headers += 1;
                    doc.options.sections.push(OptSection {
                        name: name.to_string(),
                        span: at(indent, chars(body)),
                        entries: Vec::with_capacity(counts.get(headers).copied().unwrap_or(0)),
                    });
                }
                None => doc.bad(BadLine {
                    span: at(indent, chars(body)),
                    reason: "section header without a closing `]`",
                }),
            }
            continue;
        }
        let Some(eq) = body.find('=') else {
            doc.bad(BadLine {
                span: at(indent, chars(body)),
                reason: "line is not `option=value`",
            });
            continue;
        };
        let key_raw = &body[..eq];
        let key = key_raw.trim_end();
        if key.is_empty() {
            doc.bad(BadLine {
                span: at(indent, chars(body)),
                reason: "option without a name",
            });
            continue;
        }
        let after = &body[eq + 1..];
        let value_lead = chars(after) - chars(after.trim_start());
        let value = strip_trailing_comment(after.trim_start());
        let value_col = indent + chars(&body[..eq + 1]) + value_lead;
        let entry = OptEntry {
            key: key.into(),
            key_span: at(indent, chars(key)),
            value: value.into(),
            value_span: at(value_col, chars(value).max(1)),
            shape: super::options::Shape::Text,
        };
        if doc.options.sections.is_empty() {
            doc.options.sections.push(OptSection {
                name: String::new(),
                span: at(indent, 0),
                entries: Vec::with_capacity(counts[0]),
            });
        }
        doc.options
            .sections
            .last_mut()
            .expect("a section was just ensured")
            .entries
            .push(entry);
    }
    doc
}

/// `1           #only if using mutual TLS` → `1`. A `#` starts a comment only after white
/// space, so values such as `a#b` survive.
fn strip_trailing_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b'#' && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return value[..i].trim_end();
        }
    }
    value.trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LCA_SAMPLE: &str = "[log]\r\nverbose=standard\r\nstandard=stdout, logfile\r\n[security]\r\nupgrade=1\r\ntls-mutual=1           #only if using mutual TLS\r\ncertificate=/home/tech/sec/aix_cert.pem\r\n";

    #[test]
    fn the_guides_lca_sample_reads_with_comments_and_crlf() {
        let doc = parse(FileId(0), LCA_SAMPLE);
        assert!(doc.bad_lines.is_empty());
        let mutual = doc.options.get("security", "tls-mutual").unwrap();
        assert_eq!(mutual.value, "1");
        assert_eq!((mutual.value_span.line, mutual.value_span.col), (6, 12));
        let cert = doc.options.get("security", "certificate").unwrap();
        assert_eq!(cert.value, "/home/tech/sec/aix_cert.pem");
        assert_eq!(
            doc.options.get("log", "standard").unwrap().value,
            "stdout, logfile"
        );
    }

    #[test]
    fn spaces_around_equals_and_keys_before_sections_are_kept() {
        let doc = parse(
            FileId(0),
            "orphan=1\n[security]\n  certificate = /a b.pem \n",
        );
        assert_eq!(doc.options.sections[0].name, "");
        let e = doc.options.get("security", "certificate").unwrap();
        assert_eq!(e.value, "/a b.pem");
        assert_eq!((e.key_span.col, e.value_span.col), (3, 17));
    }

    #[test]
    fn duplicates_are_all_kept_and_the_last_wins() {
        let doc = parse(FileId(0), "[security]\ntls-mutual=0\ntls-mutual=1\n");
        assert_eq!(doc.options.entries("security").count(), 2);
        assert_eq!(
            doc.options.get("security", "tls-mutual").unwrap().value,
            "1"
        );
    }

    #[test]
    fn malformed_lines_are_reported_not_fatal() {
        let doc = parse(FileId(0), "[security\nno equals here\n=x\n[ok]\na=b#c\n");
        assert_eq!(doc.bad_lines.len(), 3);
        assert_eq!(doc.options.get("ok", "a").unwrap().value, "b#c");
    }
}
