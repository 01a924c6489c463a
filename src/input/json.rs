//! A JSON reader that remembers the line and column of every value and key, so that a
//! finding about an option in a deployment export can point at its line. Nesting is capped
//! so that a nesting bomb is an error, not a stack overflow.

use super::source::{FileId, Span};

pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone)]
pub enum Json {
    Null,
    Bool(bool),
    /// Kept as written: option values are compared as strings.
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(Key, Node)>),
}

#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub value: Json,
    pub span: Span,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Json::Obj(members) => members
                .iter()
                .rev()
                .find(|(k, _)| k.name == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Strings, numbers and booleans as Genesys would store them in an option.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Json::Str(s) => Some(s.clone()),
            Json::Num(n) => Some(n.clone()),
            Json::Bool(b) => Some(if *b { "true".into() } else { "false".into() }),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self.value {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }

    /// Structural equality, ignoring where things were written.
    pub fn same_content(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Json::Null, Json::Null) => true,
            (Json::Bool(a), Json::Bool(b)) => a == b,
            (Json::Num(a), Json::Num(b)) => a == b,
            (Json::Str(a), Json::Str(b)) => a == b,
            (Json::Arr(a), Json::Arr(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_content(y))
            }
            (Json::Obj(a), Json::Obj(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.iter()
                            .find(|(k2, _)| k2.name == k.name)
                            .is_some_and(|(_, v2)| v.same_content(v2))
                    })
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

pub fn parse(file: FileId, text: &str) -> Result<Node, JsonError> {
    let mut p = Parser {
        file,
        src: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        checkpoint: std::cell::Cell::new((0, 1)),
    };
    p.skip_ws();
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    file: FileId,
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    line: u32,
    line_start: usize,
    /// The last (byte, column) computed on this line. Columns count characters, and an
    /// export written on one line is megabytes long: counting from the line's start for
    /// every value would be quadratic, so counting resumes from here.
    checkpoint: std::cell::Cell<(usize, u32)>,
}

impl Parser<'_> {
    fn col(&self) -> u32 {
        let (mut at, mut col) = self.checkpoint.get();
        if at < self.line_start || at > self.pos {
            (at, col) = (self.line_start, 1);
        }
        let col = col + self.text[at..self.pos].chars().count() as u32;
        self.checkpoint.set((self.pos, col));
        col
    }

    fn span(&self) -> Span {
        Span {
            file: self.file,
            line: self.line,
            col: self.col(),
            len: 1,
        }
    }

    fn error(&self, message: &str) -> JsonError {
        JsonError {
            line: self.line,
            col: self.col(),
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        let span = self.span();
        let value = match self.src.get(self.pos) {
            None => return Err(self.error("unexpected end of file")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Json::Str(self.string()?),
            Some(b't') => self.literal("true", Json::Bool(true))?,
            Some(b'f') => self.literal("false", Json::Bool(false))?,
            Some(b'n') => self.literal("null", Json::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.error("expected a JSON value")),
        };
        let mut span = span;
        if let Json::Str(s) = &value {
            span.len = s.chars().count().max(1) as u32 + 2;
        }
        Ok(Node { value, span })
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        while let Some(b) = self.src.get(self.pos) {
            if matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = &self.text[start..self.pos];
        if text.parse::<f64>().is_err() {
            self.pos = start;
            return Err(self.error("malformed number"));
        }
        Ok(Json::Num(text.to_string()))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(&b) = self.src.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.src.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.src.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.src[self.pos..].starts_with(b"\\u")
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                char::decode_utf16([hi, lo]).next().and_then(|r| r.ok())
                            } else {
                                char::from_u32(hi as u32)
                            };
                            out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                            continue;
                        }
                        _ => return Err(self.error("invalid escape in string")),
                    };
                    out.push(c);
                    self.pos += 1;
                }
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u16, JsonError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u16::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(digits)
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Arr(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Json::Obj(members));
        }
        loop {
            self.skip_ws();
            if self.src.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a member name in double quotes"));
            }
            let span = self.span();
            let name = self.string()?;
            self.skip_ws();
            if self.src.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:`"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            let span = Span {
                len: name.chars().count() as u32 + 2,
                ..span
            };
            members.push((Key { name, span }, value));
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Obj(members));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_remember_their_lines() {
        let doc = parse(
            FileId(0),
            "{\n  \"a\": {\n    \"b\": \"x\\u00e9\",\n    \"n\": 12\n  }\n}",
        )
        .unwrap();
        let b = doc.get("a").unwrap().get("b").unwrap();
        assert_eq!(b.as_str(), Some("xé"));
        assert_eq!((b.span.line, b.span.col), (3, 10));
        assert_eq!(
            doc.get("a")
                .unwrap()
                .get("n")
                .unwrap()
                .scalar_text()
                .unwrap(),
            "12"
        );
    }

    #[test]
    fn nesting_bombs_and_garbage_are_errors() {
        let bomb = "[".repeat(100_000);
        let e = parse(FileId(0), &bomb).unwrap_err();
        assert!(e.message.contains("nesting"));
        assert!(parse(FileId(0), "{\"a\":1,}").is_err());
        assert!(parse(FileId(0), "{\"a\":1} x").is_err());
        assert!(parse(FileId(0), "\"abc").is_err());
        assert!(parse(FileId(0), "").is_err());
    }

    #[test]
    fn content_equality_ignores_layout_and_member_order() {
        let a = parse(FileId(0), "{\"x\":[1,2],\"y\":\"z\"}").unwrap();
        let b = parse(FileId(1), "{\n \"y\": \"z\",\n \"x\": [1, 2]\n}").unwrap();
        let c = parse(FileId(1), "{\"y\":\"z\",\"x\":[2,1]}").unwrap();
        assert!(a.same_content(&b));
        assert!(!a.same_content(&c));
    }
}
