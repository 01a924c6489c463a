//! Transport parameters (`tls=1;tls-mutual=1;certificate=…`), split exactly as Genesys
//! does: on `;`, then on the first `=`, with no trimming. `tls = 1` therefore has the key
//! `tls ` and is not the `tls` parameter at all.

use super::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TransportParam {
    pub key: String,
    pub value: String,
    pub key_span: Span,
    pub value_span: Span,
    /// The whole `key=value` segment.
    pub span: Span,
}

impl TransportParam {
    pub(crate) fn has_whitespace(&self) -> bool {
        self.key.starts_with(char::is_whitespace)
            || self.key.ends_with(char::is_whitespace)
            || self.value.starts_with(char::is_whitespace)
            || self.value.ends_with(char::is_whitespace)
    }
}

/// The parameter of that key that a runtime reads when the key is written more than once:
/// the first. The Java Platform SDK's `ConfigurationUtil.findTransportParameter` returns
/// the first `key=` segment; the guide does not say what the native (C++) libraries do,
/// and tlskit assumes the same of them (`duplicate-transport-param` says so).
pub(crate) fn first_of<'p>(params: &'p [TransportParam], key: &str) -> Option<&'p TransportParam> {
    params.iter().find(|p| p.key == key)
}

/// Splits `text`; `start` is where its first character stands in the source.
pub(crate) fn split(text: &str, start: Span) -> Vec<TransportParam> {
    let mut out = Vec::new();
    let mut offset = 0usize; // in characters
    for segment in text.split(';') {
        let seg_len = segment.chars().count();
        if !segment.is_empty() {
            let (key, value) = match segment.split_once('=') {
                Some((k, v)) => (k, v),
                None => (segment, ""),
            };
            let key_len = key.chars().count();
            let value_off = if segment.contains('=') {
                key_len + 1
            } else {
                key_len
            };
            out.push(TransportParam {
                key: key.to_string(),
                value: value.to_string(),
                key_span: start.shifted(offset, key_len.max(1)),
                value_span: start.shifted(offset + value_off, value.chars().count().max(1)),
                span: start.shifted(offset, seg_len),
            });
        }
        offset += seg_len + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::FileId;

    fn at() -> Span {
        Span {
            file: FileId(0),
            line: 3,
            col: 10,
            len: 0,
        }
    }

    #[test]
    fn splits_on_semicolon_then_first_equals() {
        let p = split("tls=1;tls-mutual=1;certificate=/a=b.pem;", at());
        let keys: Vec<_> = p
            .iter()
            .map(|p| (p.key.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("tls", "1"),
                ("tls-mutual", "1"),
                ("certificate", "/a=b.pem")
            ]
        );
        assert_eq!(p[1].key_span.col, 16);
        assert_eq!(p[1].value_span.col, 27);
    }

    #[test]
    fn whitespace_is_not_trimmed() {
        let p = split("tls = 1; tls-mutual=1", at());
        assert_eq!(p[0].key, "tls ");
        assert_eq!(p[0].value, " 1");
        assert!(p[0].has_whitespace());
        assert_eq!(p[1].key, " tls-mutual");
        assert!(p[1].has_whitespace());
    }
}
