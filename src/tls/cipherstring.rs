//! OpenSSL cipher strings, evaluated as OpenSSL 3.0 does.
//!
//! The suites stand in one list in OpenSSL's base order, all inactive. Each element of the
//! string applies one operation to the suites it selects: plain names append the inactive
//! ones to the end (in list order), `-` deactivates active ones and moves them to the front
//! (so that a later add restores their order), `+` moves active ones to the end, `!` removes
//! them for good. `A+B` selects the suites in both A and B; an element naming anything
//! unknown selects nothing. `@STRENGTH` sorts the active suites by strength, stably;
//! `@SECLEVEL=n` sets the security level. A string starting with `DEFAULT` first applies
//! OpenSSL's default list. Characters outside names and separators make the whole string
//! invalid, as an unknown `@` command does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::Suite;
use super::table::{ALIASES, SUITES};

/// What OpenSSL 3.0 puts where a string starts with `DEFAULT`.
pub const DEFAULT_LIST: &str = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// The selected TLS <= 1.2 suites in order; empty when nothing matches or the string is
    /// invalid.
    pub suites: Vec<&'static Suite>,
    /// Names that matched no suite (OpenSSL ignores them silently).
    pub unknown: Vec<String>,
    /// Why OpenSSL refuses the whole string, if it does.
    pub invalid: Option<String>,
    pub seclevel: Option<u8>,
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

fn name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'=')
}

/// Names that carry a strength class in OpenSSL's alias table.
fn strength_name(name: &str) -> bool {
    matches!(name, "HIGH" | "MEDIUM" | "LOW" | "FIPS") || SUITES.iter().any(|s| s.openssl == name)
}

/// The suites one name selects, as a bit set over SUITES' positions; None when unknown.
fn select(name: &str) -> Option<u256> {
    if let Some(i) = ALIASES.iter().position(|a| *a == name) {
        let mut set = u256::default();
        for (j, s) in SUITES.iter().enumerate() {
            if s.aliases & (1 << i) != 0 {
                set.set(j);
            }
        }
        return (!set.is_empty()).then_some(set);
    }
    SUITES.iter().position(|s| s.openssl == name).map(|j| {
        let mut set = u256::default();
        set.set(j);
        set
    })
}

/// A set of suite positions (OpenSSL 3.0 knows 155 suites of TLS <= 1.2).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct u256([u128; 2]);

impl u256 {
    fn set(&mut self, i: usize) {
        self.0[i / 128] |= 1 << (i % 128);
    }
    fn has(&self, i: usize) -> bool {
        self.0[i / 128] & (1 << (i % 128)) != 0
    }
    fn and(self, o: u256) -> u256 {
        u256([self.0[0] & o.0[0], self.0[1] & o.0[1]])
    }
    fn is_empty(&self) -> bool {
        self.0 == [0, 0]
    }
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

    fn apply(&mut self, op: Op, set: u256) {
        let (hit, rest): (Vec<usize>, Vec<usize>) = self.order.iter().partition(|&&i| {
            set.has(i)
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
            let mut set = u256::default();
            for (j, suite) in SUITES.iter().enumerate() {
                if suite.strength() == s {
                    set.set(j);
                }
            }
            self.apply(Op::Ord, set);
        }
    }
}

fn process(rules: &str, st: &mut State, ev: &mut Evaluation) -> bool {
    let b = rules.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if sep(b[i]) {
            i += 1;
            continue;
        }
        let op = match b[i] {
            b'-' => Some(Op::Del),
            b'+' => Some(Op::Ord),
            b'!' => Some(Op::Kill),
            _ => None,
        };
        let special = b[i] == b'@';
        if op.is_some() || special {
            i += 1;
        }
        let op = op.unwrap_or(Op::Add);
        let mut set: Option<u256> = None;
        let mut found = true;
        let mut names = Vec::new();
        loop {
            let start = i;
            while i < b.len() && name_char(b[i]) {
                i += 1;
            }
            if i == start {
                ev.invalid = Some(match b.get(i) {
                    Some(c) => format!(
                        "`{}` at position {} is neither a name, an operator nor a separator",
                        *c as char,
                        i + 1
                    ),
                    None => "the string ends with an operator".to_string(),
                });
                return false;
            }
            let name = &rules[start..i];
            if special {
                names.push(name);
                break;
            }
            let multi = i < b.len() && b[i] == b'+';
            if multi {
                i += 1;
            }
            names.push(name);
            if !multi {
                break;
            }
        }
        if !special {
            // COMPLEMENTOFDEFAULT is a flag in OpenSSL, not a set: a strength class (HIGH,
            // MEDIUM, LOW, FIPS, or a suite's own name) joined after it with `+` replaces
            // it, so it then constrains nothing.
            let strength_at = names.iter().position(|n| strength_name(n));
            for (k, name) in names.iter().enumerate() {
                if *name == "COMPLEMENTOFDEFAULT" && strength_at.is_some_and(|j| j > k) {
                    continue;
                }
                match select(name) {
                    Some(s) if found => {
                        set = Some(match set {
                            Some(prev) => prev.and(s),
                            None => s,
                        })
                    }
                    Some(_) => {}
                    None => {
                        if !ev.unknown.iter().any(|u| u == name) {
                            ev.unknown.push(name.to_string());
                        }
                        found = false;
                    }
                }
            }
        }
        if special {
            let cmd = names[0];
            if cmd == "STRENGTH" {
                st.strength_sort();
            } else if let Some(level) = cmd.strip_prefix("SECLEVEL=") {
                match level.parse::<u8>() {
                    Ok(l) if l <= 5 && level.len() == 1 => ev.seclevel = Some(l),
                    _ => {
                        ev.invalid = Some(format!("@{cmd}: the security level must be 0 to 5"));
                        return false;
                    }
                }
            } else {
                ev.invalid = Some(format!(
                    "@{cmd} is not a command (only @STRENGTH and @SECLEVEL=n are)"
                ));
                return false;
            }
            while i < b.len() && !sep(b[i]) {
                i += 1;
            }
        } else if found && let Some(s) = set {
            st.apply(op, s);
        } else {
            while i < b.len() && !sep(b[i]) {
                i += 1;
            }
        }
        if i < b.len() && sep(b[i]) {
            i += 1;
        }
    }
    true
}

/// Evaluates a `cipher-list` value.
pub fn evaluate(string: &str) -> Evaluation {
    let mut ev = Evaluation::default();
    let mut st = State::new();
    let rest = match string.strip_prefix("DEFAULT") {
        Some(rest) => {
            let mut ignored = Evaluation::default();
            process(DEFAULT_LIST, &mut st, &mut ignored);
            rest
        }
        None => string,
    };
    if !process(rest, &mut st, &mut ev) {
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
        static CACHE: RefCell<HashMap<String, Arc<Evaluation>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|c| {
        if let Some(e) = c.borrow().get(string) {
            return e.clone();
        }
        let e = Arc::new(evaluate(string));
        c.borrow_mut().insert(string.to_string(), e.clone());
        e
    })
}

/// The guide's formatting rules for cipher-list (Cipher List Formatting Rules): colons
/// between elements, no spaces, only letters, digits and `- + ! @ =` (and the `.` and `_`
/// of names such as TLSv1.2).
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
    string
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-+!@=:._".contains(*c)))
        .map(|c| format!("`{c}` is not allowed in a cipher list"))
}

/// Evaluates a TLS 1.3 `ciphersuites` value: a colon-separated list of suite names.
/// Unknown names make OpenSSL refuse the whole list.
pub fn ciphersuites(string: &str) -> (Vec<&'static Suite>, Vec<String>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for name in string.split(':').filter(|n| !n.is_empty()) {
        match super::tls13(name) {
            Some(s) if !out.contains(&s) => out.push(s),
            Some(_) => {}
            None => unknown.push(name.to_string()),
        }
    }
    (out, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<&'static str> {
        evaluate(s).suites.iter().map(|s| s.openssl).collect()
    }

    #[test]
    fn adding_deleting_and_killing_follow_openssl() {
        assert_eq!(names("AES256-SHA:AES128-SHA"), ["AES256-SHA", "AES128-SHA"]);
        assert_eq!(
            names("AES128-SHA:AES256-SHA:+AES128-SHA"),
            ["AES256-SHA", "AES128-SHA"]
        );
        assert_eq!(
            names("AES256-SHA:!AES256-SHA:AES256-SHA"),
            Vec::<&str>::new()
        );
        assert_eq!(names("AES256-SHA:-AES256-SHA:AES256-SHA"), ["AES256-SHA"]);
        assert!(names("HIGH:!aNULL").iter().all(|n| !n.starts_with("ADH")));
    }

    #[test]
    fn unknown_names_are_reported_and_ignored() {
        let e = evaluate("FOO:AES256-SHA:BAR+HIGH");
        assert_eq!(e.unknown, ["FOO", "BAR"]);
        assert_eq!(e.suites.len(), 1);
    }

    #[test]
    fn invalid_characters_and_commands_refuse_the_whole_string() {
        assert!(evaluate("HIGH:*").invalid.is_some());
        assert!(evaluate("HIGH:@FOO").invalid.is_some());
        assert!(evaluate("HIGH:@FOO").suites.is_empty());
        assert_eq!(evaluate("HIGH:@SECLEVEL=2").seclevel, Some(2));
    }

    #[test]
    fn the_guides_formatting_rules() {
        assert!(syntax_problem("AES256-SHA, AES128-SHA").is_some());
        assert!(syntax_problem("HIGH:!aNULL:!TLSv1.0").is_none());
    }
}
