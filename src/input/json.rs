//! A JSON reader for deployment exports that keeps every value where it was written, so
//! that a finding about an option can point at its line.
//!
//! The document is a flat tape of tokens over the file's text, not a tree of owned values:
//! 16 bytes a value, strings left in the text until asked for. A 40 MB export of a million
//! connections is then a few hundred megabytes smaller at its peak than a tree would be, and
//! lines and columns are computed only for the values the model keeps. Nesting is capped so
//! that a nesting bomb is an error, not a stack overflow.

use std::borrow::Cow;
use std::cell::Cell;
use std::hash::{Hash, Hasher};

use super::source::{FileId, SourceFile, Span};

pub(crate) const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Num,
    Str,
    Arr,
    Obj,
}

/// One value. `start..end` is its text (a string with its quotes, a container with its
/// brackets); `next` is the index of the token after its whole subtree. An object's
/// members are a string token (the name) followed by the value's tokens.
#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    /// A string with a backslash escape: its text must be decoded.
    escaped: bool,
    start: u32,
    end: u32,
    next: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JsonError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// A parsed document over the text of one source file.
pub(crate) struct Doc<'s> {
    file: FileId,
    text: &'s str,
    source: &'s SourceFile,
    toks: Vec<Tok>,
    /// The last (byte, column) computed, per line: columns count characters, and an export
    /// written on one line is megabytes long, so counting resumes from here.
    checkpoint: Cell<(usize, u32)>,
}

pub(crate) fn parse<'s>(file: FileId, source: &'s SourceFile) -> Result<Doc<'s>, JsonError> {
    let text = source.text.as_str();
    let mut p = Parser {
        src: text.as_bytes(),
        pos: 0,
        toks: Vec::new(),
    };
    let done = (|| {
        p.skip_ws();
        p.value(0)?;
        p.skip_ws();
        if p.pos < p.src.len() {
            return Err("unexpected text after the JSON value");
        }
        Ok(())
    })();
    let mut doc = Doc {
        file,
        text,
        source,
        toks: Vec::new(),
        checkpoint: Cell::new((0, 1)),
    };
    match done {
        Ok(()) => {
            p.toks.shrink_to_fit();
            doc.toks = p.toks;
            Ok(doc)
        }
        Err(message) => {
            let span = doc.span_of(p.pos, p.pos + 1);
            Err(JsonError {
                line: span.line,
                col: span.col,
                message: message.to_string(),
            })
        }
    }
}

impl<'s> Doc<'s> {
    pub(crate) fn root(&self) -> Val<'_> {
        Val { doc: self, i: 0 }
    }

    /// The span of the bytes `start..end`: line, column and length in characters.
    fn span_of(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.text.len());
        let end = end.clamp(start, self.text.len());
        let (line, line_start) = self.source.line_at(start);
        let col = if self.source.ascii {
            (start - line_start) as u32 + 1
        } else {
            let (mut at, mut col) = self.checkpoint.get();
            if at < line_start || at > start {
                (at, col) = (line_start, 1);
            }
            let col = col + count_chars(&self.text.as_bytes()[at..start]);
            self.checkpoint.set((start, col));
            col
        };
        let len = if self.source.ascii {
            end - start
        } else {
            count_chars(&self.text.as_bytes()[start..end]) as usize
        };
        Span {
            file: self.file,
            line,
            col,
            len: len.max(1) as u32,
        }
    }
}

/// Characters in a slice that may start or end inside one (spans never do; clamped input
/// might).
fn count_chars(s: &[u8]) -> u32 {
    // A character is its first byte: every byte but UTF-8's continuation bytes.
    s.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32
}

/// A value of a document.
#[derive(Clone, Copy)]
pub(crate) struct Val<'d> {
    doc: &'d Doc<'d>,
    i: u32,
}

/// An object member's name.
#[derive(Clone, Copy)]
pub(crate) struct Key<'d>(Val<'d>);

impl<'d> Key<'d> {
    pub(crate) fn name(&self) -> Cow<'d, str> {
        self.0.string()
    }

    /// The name's place, quotes included.
    pub(crate) fn span(&self) -> Span {
        self.0.span()
    }

    /// The name's place inside its quotes.
    pub(crate) fn inner_span(&self) -> Span {
        self.0.inner_span()
    }
}

impl<'d> Val<'d> {
    fn tok(&self) -> Tok {
        self.doc.toks[self.i as usize]
    }

    pub(crate) fn kind(&self) -> Kind {
        self.tok().kind
    }

    pub(crate) fn is_null(&self) -> bool {
        self.kind() == Kind::Null
    }

    /// The whole value's place (a string with its quotes).
    pub(crate) fn span(&self) -> Span {
        let t = self.tok();
        self.doc.span_of(t.start as usize, t.end as usize)
    }

    /// Where a string's text stands, inside its quotes; other values' whole span.
    pub(crate) fn inner_span(&self) -> Span {
        let t = self.tok();
        match t.kind {
            Kind::Str if t.end - t.start >= 2 => {
                let mut s = self.doc.span_of(t.start as usize + 1, t.end as usize - 1);
                if t.end - t.start == 2 {
                    s.len = 1;
                }
                s
            }
            _ => self.span(),
        }
    }

    fn raw(&self) -> &'d str {
        let t = self.tok();
        &self.doc.text[t.start as usize..t.end as usize]
    }

    /// A string's text, decoded.
    fn string(&self) -> Cow<'d, str> {
        let t = self.tok();
        let inner = &self.doc.text[t.start as usize + 1..t.end as usize - 1];
        if t.escaped {
            Cow::Owned(unescape(inner))
        } else {
            Cow::Borrowed(inner)
        }
    }

    pub(crate) fn as_str(&self) -> Option<Cow<'d, str>> {
        (self.kind() == Kind::Str).then(|| self.string())
    }

    /// Strings, numbers and booleans as Genesys would store them in an option.
    pub(crate) fn text(&self) -> Option<Cow<'d, str>> {
        match self.kind() {
            Kind::Str => Some(self.string()),
            Kind::Num | Kind::Bool => Some(Cow::Borrowed(self.raw())),
            _ => None,
        }
    }

    pub(crate) fn describe(&self) -> &'static str {
        match self.kind() {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Num => "a number",
            Kind::Str => "a string",
            Kind::Arr => "an array",
            Kind::Obj => "an object",
        }
    }

    /// The members of an object, in written order (nothing for other values).
    pub(crate) fn members(&self) -> impl Iterator<Item = (Key<'d>, Val<'d>)> + 'd {
        let doc = self.doc;
        let t = self.tok();
        let mut at = self.i + 1;
        let end = if t.kind == Kind::Obj { t.next } else { at };
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let key = Val { doc, i: at };
            let value = Val { doc, i: at + 1 };
            at = value.tok().next;
            Some((Key(key), value))
        })
    }

    /// The items of an array (nothing for other values).
    pub(crate) fn items(&self) -> impl Iterator<Item = Val<'d>> + 'd {
        let doc = self.doc;
        let t = self.tok();
        let mut at = self.i + 1;
        let end = if t.kind == Kind::Arr { t.next } else { at };
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let v = Val { doc, i: at };
            at = v.tok().next;
            Some(v)
        })
    }

    /// The member of that name; the last one when a name is written twice, as a JSON
    /// reader that fills a map would keep.
    pub(crate) fn get(&self, key: &str) -> Option<Val<'d>> {
        self.members()
            .filter(|(k, _)| k.name() == key)
            .last()
            .map(|(_, v)| v)
    }

    /// A digest of the content, blind to layout and member order: two objects defined in
    /// two exports are the same object when their digests agree.
    pub(crate) fn content_digest(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        self.digest_into(&mut h);
        h.finish()
    }

    fn digest_into(&self, h: &mut impl Hasher) {
        let kind = self.kind();
        (kind as u8).hash(h);
        match kind {
            Kind::Null => {}
            Kind::Bool | Kind::Num => self.raw().hash(h),
            Kind::Str => self.string().hash(h),
            Kind::Arr => {
                for v in self.items() {
                    v.content_digest().hash(h);
                }
            }
            Kind::Obj => {
                // Order-blind: the members' digests, combined by a commutative sum.
                let mut sum = 0u64;
                let mut n = 0u64;
                for (k, v) in self.members() {
                    let mut m = std::hash::DefaultHasher::new();
                    k.name().hash(&mut m);
                    v.content_digest().hash(&mut m);
                    sum = sum.wrapping_add(m.finish());
                    n += 1;
                }
                (sum, n).hash(h);
            }
        }
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex = |chars: &mut std::str::Chars| {
                    let d: String = chars.by_ref().take(4).collect();
                    u16::from_str_radix(&d, 16).unwrap_or(0xFFFD)
                };
                let hi = hex(&mut chars);
                let c = if (0xD800..0xDC00).contains(&hi) && chars.as_str().starts_with("\\u") {
                    chars.next();
                    chars.next();
                    let lo = hex(&mut chars);
                    char::decode_utf16([hi, lo]).next().and_then(|r| r.ok())
                } else {
                    char::from_u32(hi as u32)
                };
                out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    toks: Vec<Tok>,
}

type Step = Result<(), &'static str>;

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    fn push(&mut self, kind: Kind, escaped: bool, start: usize) -> usize {
        let i = self.toks.len();
        self.toks.push(Tok {
            kind,
            escaped,
            start: start as u32,
            end: self.pos as u32,
            next: i as u32 + 1,
        });
        i
    }

    fn value(&mut self, depth: usize) -> Step {
        if depth > MAX_DEPTH {
            return Err(nesting_message());
        }
        let start = self.pos;
        match self.src.get(self.pos) {
            None => Err("unexpected end of file"),
            Some(b'{') => self.container(Kind::Obj, depth),
            Some(b'[') => self.container(Kind::Arr, depth),
            Some(b'"') => {
                let escaped = self.string()?;
                self.push(Kind::Str, escaped, start);
                Ok(())
            }
            Some(b't') => self.literal(b"true", Kind::Bool),
            Some(b'f') => self.literal(b"false", Kind::Bool),
            Some(b'n') => self.literal(b"null", Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err("expected a JSON value"),
        }
    }

    fn literal(&mut self, word: &[u8], kind: Kind) -> Step {
        if !self.src[self.pos..].starts_with(word) {
            return Err("expected a JSON value");
        }
        let start = self.pos;
        self.pos += word.len();
        self.push(kind, false, start);
        Ok(())
    }

    fn number(&mut self) -> Step {
        let start = self.pos;
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.src.get(self.pos) {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("");
        if text.parse::<f64>().is_err() {
            self.pos = start;
            return Err("malformed number");
        }
        self.push(Kind::Num, false, start);
        Ok(())
    }

    /// Moves past a string; whether it holds an escape.
    fn string(&mut self) -> Result<bool, &'static str> {
        self.pos += 1; // the opening quote
        let mut escaped = false;
        loop {
            match self.src.get(self.pos) {
                None => return Err("unterminated string"),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match self.src.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            let hex = self.src.get(self.pos + 1..self.pos + 5);
                            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                                return Err("invalid \\u escape");
                            }
                            self.pos += 5;
                        }
                        _ => return Err("invalid escape in string"),
                    }
                }
                Some(&b) if b < 0x20 => return Err("control character in string"),
                Some(_) => self.pos += 1,
            }
        }
    }

    fn container(&mut self, kind: Kind, depth: usize) -> Step {
        let start = self.pos;
        let at = self.push(kind, false, start);
        let close = if kind == Kind::Obj { b'}' } else { b']' };
        self.pos += 1;
        self.skip_ws();
        if self.src.get(self.pos) == Some(&close) {
            self.pos += 1;
            return self.close(at);
        }
        loop {
            self.skip_ws();
            if kind == Kind::Obj {
                if self.src.get(self.pos) != Some(&b'"') {
                    return Err("expected a member name in double quotes");
                }
                let key_start = self.pos;
                let escaped = self.string()?;
                self.push(Kind::Str, escaped, key_start);
                self.skip_ws();
                if self.src.get(self.pos) != Some(&b':') {
                    return Err("expected `:`");
                }
                self.pos += 1;
                self.skip_ws();
            }
            self.value(depth + 1)?;
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(&b) if b == close => {
                    self.pos += 1;
                    return self.close(at);
                }
                _ if kind == Kind::Obj => return Err("expected `,` or `}`"),
                _ => return Err("expected `,` or `]`"),
            }
        }
    }

    fn close(&mut self, at: usize) -> Step {
        let next = self.toks.len() as u32;
        let t = &mut self.toks[at];
        t.end = self.pos as u32;
        t.next = next;
        Ok(())
    }
}

fn nesting_message() -> &'static str {
    // A constant so that the step type stays a plain &'static str.
    const M: &str = "nesting deeper than 64 levels";
    const _: () = assert!(MAX_DEPTH == 64);
    M
}

#[cfg(test)]
mod tests;
