//! OpenSSL cipher strings, evaluated exactly as OpenSSL 3.0's `SSL_CTX_set_cipher_list`
//! does (ssl/ssl_ciph.c: `ssl_create_cipher_list`, `ssl_cipher_process_rulestr`,
//! `check_suiteb_cipher_list`; ssl/ssl_lib.c: the TLS <= 1.2 check).
//!
//! The suites stand in one list in OpenSSL's base order, all inactive. Each element of the
//! string applies one operation to the suites it selects: plain names append the inactive
//! ones to the end (in list order), `-` deactivates active ones and moves them to the front
//! (so that a later add restores their order), `+` moves active ones to the end, `!` removes
//! them for good. `@STRENGTH` sorts the active suites by strength, stably; `@SECLEVEL=n`
//! sets the security level.
//!
//! The parser follows OpenSSL character by character:
//! * names are runs of `[A-Za-z0-9.=-]` (no `_`); separators are `:`, space, `;` and `,`
//!   (not tab); where a name is required and none stands, the whole call fails
//!   (`invalid command`);
//! * `A+B+C` is looked up name by name, each name's algorithm masks ANDed per category
//!   (key exchange, authentication, encryption, MAC, version, strength class): an unknown
//!   name, or a category whose AND becomes empty, makes the element select nothing, and the
//!   rest of it up to the next separator is skipped unread;
//! * after a name that matched, parsing resumes at the very next character: an operator
//!   starts a new element (`HIGH!aNULL`), anything but a separator or operator fails;
//! * a bad `@` command fails the call but parsing goes on, so earlier and later
//!   `@SECLEVEL=n` still take effect;
//! * a string starting with `SUITEB128ONLY`, `SUITEB128C2`, `SUITEB128` or `SUITEB192` is
//!   replaced whole by the Suite B list; one starting with `DEFAULT` first applies
//!   `ALL:!COMPLEMENTOFDEFAULT:!eNULL`;
//! * a string that parses but selects no TLS <= 1.2 suite makes `SSL_CTX_set_cipher_list`
//!   fail with `no cipher match`.
//!
//! The lookup list holds the available suites by OpenSSL name and the aliases of OpenSSL
//! 3.0's `cipher_aliases[]` that have an available algorithm (`OPENSSL_ALIASES`): aliases
//! whose algorithms this build lacks (RC4, RC2, IDEA, SEED, GOST) are unknown names, as in
//! OpenSSL.

use std::cell::RefCell;
use std::sync::Arc;

use super::Suite;
use super::table::SUITES;

mod masks;

pub use masks::OPENSSL_ALIASES;
use masks::{Mask, lookup};

/// What OpenSSL 3.0 puts where a string starts with `DEFAULT`.
pub const DEFAULT_LIST: &str = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

/// The security level an OpenSSL built as this one (Debian, `-DOPENSSL_TLS_SECURITY_LEVEL=2`)
/// starts with; upstream's default is 1.
pub const DEFAULT_SECLEVEL: u8 = 2;

/// How `SSL_CTX_set_cipher_list` ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Returns 1: the list is set.
    #[default]
    Ok,
    /// Returns 0, `invalid command` (ssl_ciph.c): the context keeps its previous list, but
    /// any `@SECLEVEL=n` processed stays applied.
    InvalidCommand,
    /// Returns 0, `no cipher match` (ssl_lib.c): the string parses but selects no
    /// TLS <= 1.2 suite; the context is left with the TLS 1.3 suites only.
    NoCipherMatch,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// The selected TLS <= 1.2 suites in order; empty when nothing matches or the string is
    /// invalid.
    pub suites: Vec<&'static Suite>,
    /// Names that are not in OpenSSL's lookup list (OpenSSL ignores them silently).
    pub unknown: Vec<String>,
    /// Why OpenSSL refuses the whole string with `invalid command`, if it does.
    pub invalid: Option<String>,
    /// The last `@SECLEVEL=n` OpenSSL applied, even when the call fails.
    pub seclevel: Option<u8>,
    /// The Suite B prefix the string starts with, if any: OpenSSL replaces the whole string
    /// and turns on Suite B mode.
    pub suite_b: Option<&'static str>,
}

impl Evaluation {
    pub fn outcome(&self) -> Outcome {
        if self.invalid.is_some() {
            Outcome::InvalidCommand
        } else if self.suites.is_empty() {
            Outcome::NoCipherMatch
        } else {
            Outcome::Ok
        }
    }

    /// Why `SSL_CTX_set_cipher_list` returns 0 for this string, if it does.
    pub fn refusal(&self) -> Option<String> {
        match self.outcome() {
            Outcome::Ok => None,
            Outcome::InvalidCommand => Some(format!(
                "invalid command: {}",
                self.invalid.as_deref().unwrap_or_default()
            )),
            Outcome::NoCipherMatch => {
                Some("no cipher match: it selects no TLS 1.2-or-earlier suite".to_string())
            }
        }
    }

    /// The security level the context is left with.
    pub fn effective_seclevel(&self) -> u8 {
        self.seclevel.unwrap_or(DEFAULT_SECLEVEL)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Del,
    Ord,
    Kill,
}

fn sep(c: u8) -> bool {
    matches!(c, b':' | b' ' | b';' | b',')
}

/// OpenSSL's `ITEM_SEP` aside, the characters of a name: `_` is not one.
fn name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'=')
}

struct State {
    /// Suite positions in list order; killed suites are gone.
    order: Vec<usize>,
    active: Vec<bool>,
}

impl State {
    fn new() -> State {
        State {
            order: (0..SUITES.len()).collect(),
            active: vec![false; SUITES.len()],
        }
    }

    fn apply(&mut self, op: Op, select: impl Fn(usize) -> bool) {
        let (hit, rest): (Vec<usize>, Vec<usize>) = self.order.iter().partition(|&&i| {
            select(i)
                && match op {
                    Op::Add => !self.active[i],
                    Op::Del | Op::Ord => self.active[i],
                    Op::Kill => true,
                }
        });
        match op {
            Op::Add => {
                for &i in &hit {
                    self.active[i] = true;
                }
                self.order = rest.into_iter().chain(hit).collect();
            }
            Op::Ord => self.order = rest.into_iter().chain(hit).collect(),
            Op::Del => {
                for &i in &hit {
                    self.active[i] = false;
                }
                self.order = hit.into_iter().chain(rest).collect();
            }
            Op::Kill => {
                for &i in &hit {
                    self.active[i] = false;
                }
                self.order = rest;
            }
        }
    }

    /// `@STRENGTH`: active suites by descending strength, stable within a strength.
    fn strength_sort(&mut self) {
        let mut strengths: Vec<u16> = self
            .order
            .iter()
            .filter(|&&i| self.active[i])
            .map(|&i| SUITES[i].strength())
            .collect();
        strengths.sort_unstable_by(|a, b| b.cmp(a));
        strengths.dedup();
        for s in strengths {
            self.apply(Op::Ord, |j| SUITES[j].strength() == s);
        }
    }
}

/// Names a byte for a message.
fn shown(c: u8) -> String {
    match c {
        b'\t' => "tab".to_string(),
        b'\n' => "newline".to_string(),
        b'\r' => "carriage return".to_string(),
        c if c.is_ascii_graphic() => format!("`{}`", c as char),
        c => format!("byte 0x{c:02X}"),
    }
}

/// `ssl_cipher_process_rulestr`: false on `invalid command` (the first reason is kept in
/// `ev.invalid`). `offset` is where `rules` starts in the string as written.
fn process(rules: &str, offset: usize, st: &mut State, ev: &mut Evaluation) -> bool {
    let b = rules.as_bytes();
    let mut retval = true;
    let fail = |ev: &mut Evaluation, why: String| {
        if ev.invalid.is_none() {
            ev.invalid = Some(why);
        }
    };
    let mut i = 0;
    while i < b.len() {
        let ch = b[i];
        let op = match ch {
            b'-' => Some(Op::Del),
            b'+' => Some(Op::Ord),
            b'!' => Some(Op::Kill),
            _ => None,
        };
        let special = ch == b'@';
        if op.is_some() || special {
            i += 1;
        }
        if sep(ch) {
            i += 1;
            continue;
        }
        let op = op.unwrap_or(Op::Add);
        let mut mask = Mask::default();
        let mut found = false;
        let mut name;
        loop {
            let start = i;
            while i < b.len() && name_char(b[i]) {
                i += 1;
            }
            if i == start {
                fail(
                    ev,
                    match b.get(i) {
                        Some(&c) if i > 0 && name_char(b[i - 1]) => format!(
                            "{} at position {} follows the name `{}`: only a separator or an operator may",
                            shown(c),
                            offset + i + 1,
                            &rules[rules[..i]
                                .rfind(|c: char| !name_char(c as u8))
                                .map_or(0, |k| k + 1)..i]
                        ),
                        Some(&c) => format!(
                            "{} at position {} stands where a cipher name must",
                            shown(c),
                            offset + i + 1
                        ),
                        None => format!(
                            "the string ends with `{}` where a cipher name must follow",
                            b[i - 1] as char
                        ),
                    },
                );
                return false;
            }
            name = &rules[start..i];
            if special {
                break;
            }
            let multi = i < b.len() && b[i] == b'+';
            if multi {
                i += 1;
            }
            let Some(e) = lookup(name) else {
                if !ev.unknown.iter().any(|u| u == name) {
                    ev.unknown.push(name.to_string());
                }
                found = false;
                break;
            };
            found = mask.and(&e);
            if !found || !multi {
                break;
            }
        }
        if special {
            if name == "STRENGTH" {
                st.strength_sort();
            } else if let Some(level) = name.strip_prefix("SECLEVEL=")
                && level.len() == 1
                && matches!(level.as_bytes()[0], b'0'..=b'5')
            {
                ev.seclevel = Some(level.as_bytes()[0] - b'0');
            } else {
                retval = false;
                fail(
                    ev,
                    if name.starts_with("SECLEVEL=") {
                        format!("@{name}: the security level must be one digit, 0 to 5")
                    } else {
                        format!("@{name} is not a command (only @STRENGTH and @SECLEVEL=n are)")
                    },
                );
            }
            while i < b.len() && !sep(b[i]) {
                i += 1;
            }
        } else if found {
            st.apply(op, |j| mask.selects(j));
        } else {
            while i < b.len() && !sep(b[i]) {
                i += 1;
            }
        }
    }
    retval
}

/// `check_suiteb_cipher_list`: the prefixes that replace the whole string.
const SUITE_B: &[(&str, &str)] = &[
    ("SUITEB128ONLY", "ECDHE-ECDSA-AES128-GCM-SHA256"),
    ("SUITEB128C2", "ECDHE-ECDSA-AES256-GCM-SHA384"),
    (
        "SUITEB128",
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384",
    ),
    ("SUITEB192", "ECDHE-ECDSA-AES256-GCM-SHA384"),
];

/// Evaluates a `cipher-list` value.
pub fn evaluate(string: &str) -> Evaluation {
    let mut ev = Evaluation::default();
    let mut st = State::new();
    let mut string = string;
    if let Some(&(prefix, list)) = SUITE_B.iter().find(|(p, _)| string.starts_with(p)) {
        ev.suite_b = Some(prefix);
        string = list;
    }
    let (rest, offset) = match string.strip_prefix("DEFAULT") {
        Some(rest) => {
            let mut ignored = Evaluation::default();
            process(DEFAULT_LIST, 0, &mut st, &mut ignored);
            match rest.strip_prefix(':') {
                Some(r) => (r, 8),
                None => (rest, 7),
            }
        }
        None => (string, 0),
    };
    if !process(rest, offset, &mut st, &mut ev) {
        ev.suites.clear();
        return ev;
    }
    ev.suites = st
        .order
        .iter()
        .filter(|&&i| st.active[i])
        .map(|&i| &SUITES[i])
        .collect();
    ev
}

/// Each distinct string is evaluated once per thread: a deployment repeats the same few
/// strings on thousands of ports.
pub fn evaluate_cached(string: &str) -> Arc<Evaluation> {
    thread_local! {
        static CACHE: Memo<Evaluation> = Memo::default();
    }
    CACHE.with(|c| c.get_or(string, evaluate))
}

/// What a function made of each distinct string so far (on one thread). Asked once per
/// connection and side: hashed with a keyed hash faster than SipHash (the strings are the
/// configuration's to choose).
struct Memo<T>(RefCell<hashbrown::HashMap<String, Arc<T>>>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(RefCell::new(hashbrown::HashMap::new()))
    }
}

impl<T> Memo<T> {
    fn get_or(&self, string: &str, make: impl FnOnce(&str) -> T) -> Arc<T> {
        if let Some(e) = self.0.borrow().get(string) {
            return e.clone();
        }
        let e = Arc::new(make(string));
        self.0.borrow_mut().insert(string.to_string(), e.clone());
        e
    }
}

/// The guide's formatting rules for cipher-list (Cipher List Formatting Rules): colons
/// between elements, no spaces, only letters, digits and `- + ! @ =` (and the `.` of names
/// such as TLSv1.2). `_` is named apart: OpenSSL itself refuses it after a name it knows.
pub fn syntax_problem(string: &str) -> Option<String> {
    if let Some(c) = string.chars().find(|c| matches!(c, ' ' | ',' | ';')) {
        return Some(format!(
            "the cipher list uses `{}` as a separator: the guide asks for colons only",
            if c == ' ' {
                "space".to_string()
            } else {
                c.to_string()
            }
        ));
    }
    if string.contains('_') {
        return Some(
            "`_` is not allowed in a cipher list: OpenSSL cipher names use `-` (IANA names such \
             as TLS_RSA_WITH_AES_128_CBC_SHA are not cipher-list names)"
                .to_string(),
        );
    }
    string
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-+!@=:.".contains(*c)))
        .map(|c| format!("`{}` is not allowed in a cipher list", c.escape_debug()))
}

/// A `ciphersuites` value as `SSL_CTX_set_ciphersuites` reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ciphersuites {
    /// The TLS 1.3 suites, in order.
    pub suites: Vec<&'static Suite>,
    /// Names OpenSSL does not know: ignored, as long as one name is known.
    pub unknown: Vec<String>,
    /// TLS 1.2-and-earlier suites named by their IANA name: OpenSSL accepts them, but they
    /// add no TLS 1.3 suite; a TLS 1.2 handshake offers and prefers them before the cipher
    /// list's (`handshake::Endpoint::suites12`).
    pub tls12: Vec<&'static Suite>,
}

impl Ciphersuites {
    /// Whether `SSL_CTX_set_ciphersuites` fails (`no cipher match`, the previous list kept):
    /// only a non-empty value of which no name is known.
    pub fn refused(&self, string: &str) -> bool {
        !string.is_empty() && self.suites.is_empty() && self.tls12.is_empty()
    }
}

/// `ciphersuites`, remembered per thread: the handshake prediction asks for each end of
/// each connection, and a deployment writes a handful of distinct values.
pub fn ciphersuites_cached(string: &str) -> Arc<Ciphersuites> {
    thread_local! {
        static CACHE: Memo<Ciphersuites> = Memo::default();
    }
    CACHE.with(|c| c.get_or(string, ciphersuites))
}

/// Evaluates a TLS 1.3 `ciphersuites` value as OpenSSL 3.0 does (`set_ciphersuites`,
/// `ciphersuite_cb`): colon-separated (the only separator), whitespace around a name
/// trimmed, names case-sensitive IANA names. Unknown names are skipped ("Ciphersuite not
/// found but return 1 to parse rest of the list"); the call fails only when the value is
/// not empty and no name is found.
pub fn ciphersuites(string: &str) -> Ciphersuites {
    let mut out = Ciphersuites::default();
    for name in string.split(':') {
        let name = name.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
        if name.is_empty() {
            continue;
        }
        if let Some(s) = super::tls13(name) {
            if !out.suites.contains(&s) {
                out.suites.push(s);
            }
        } else if let Some(s) = SUITES.iter().find(|s| s.iana == name) {
            if !out.tls12.contains(&s) {
                out.tls12.push(s);
            }
        } else if !out.unknown.iter().any(|u| u == name) {
            out.unknown.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests;
