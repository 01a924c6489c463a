//! `ca.db` in OpenSSL's index.txt format: status (V, R, E), expiry, revocation date and
//! reason, serial (hex), file name (`unknown`), subject in `/C=…/CN=…` form, tab-separated.

use time::OffsetDateTime;

use super::serial::parse_hex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub status: char,
    pub expiry: String,
    /// Empty, or `YYMMDDHHMMSSZ[,reason]`.
    pub revocation: String,
    pub serial: String,
    pub file: String,
    /// As X509_NAME_oneline writes it (see `name::subject_oneline`).
    pub subject: String,
}

impl Entry {
    /// A new, valid entry as `openssl ca` adds it.
    pub(crate) fn valid(serial: &[u8], not_after: OffsetDateTime, subject: String) -> Entry {
        Entry {
            status: 'V',
            expiry: asn1_time(not_after),
            revocation: String::new(),
            serial: super::serial::serial_text(serial),
            file: "unknown".into(),
            subject,
        }
    }

    /// The last common name of the subject, unescaped.
    pub(crate) fn common_name(&self) -> String {
        // Split on `/` not preceded by a backslash (an escaped `\/` is inside a value).
        let mut parts = Vec::new();
        let mut start = 0;
        let b = self.subject.as_bytes();
        for i in 0..b.len() {
            if b[i] == b'/' && (i == 0 || b[i - 1] != b'\\') {
                parts.push(&self.subject[start..i]);
                start = i + 1;
            }
        }
        parts.push(&self.subject[start..]);
        parts
            .iter()
            .rev()
            .find_map(|p| p.strip_prefix("CN="))
            .map(super::name::unescape_value)
            .unwrap_or_default()
    }

    /// When and why the certificate was revoked, from the revocation field.
    pub(crate) fn revoked(&self) -> (Option<OffsetDateTime>, Option<&str>) {
        if self.revocation.is_empty() {
            return (None, None);
        }
        let (when, reason) = match self.revocation.split_once(',') {
            Some((w, r)) => (w, Some(r)),
            None => (self.revocation.as_str(), None),
        };
        (parse_asn1_time(when), reason)
    }

    /// Marks the entry revoked now, with `reason` if one is given.
    pub(crate) fn revoke(&mut self, reason: Option<&str>) {
        let now = asn1_time(OffsetDateTime::now_utc());
        self.status = 'R';
        self.revocation = match reason {
            Some(r) => format!("{now},{r}"),
            None => now,
        };
    }
}

pub(crate) fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 || !matches!(f[0], "V" | "R" | "E") {
            return Err(format!(
                "line {}: not an index.txt entry (status, expiry, revocation, serial, file, subject)",
                i + 1
            ));
        }
        if parse_hex(f[3]).is_none() {
            return Err(format!(
                "line {}: serial `{}` is not hexadecimal",
                i + 1,
                f[3]
            ));
        }
        out.push(Entry {
            status: f[0].chars().next().expect("matched"),
            expiry: f[1].to_string(),
            revocation: f[2].to_string(),
            serial: f[3].to_string(),
            file: f[4].to_string(),
            subject: f[5].to_string(),
        });
    }
    Ok(out)
}

pub(crate) fn render(entries: &[Entry]) -> String {
    let mut s = String::new();
    for e in entries {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            e.status, e.expiry, e.revocation, e.serial, e.file, e.subject
        ));
    }
    s
}

/// ASN.1 time as index.txt writes it: UTCTime before 2050, GeneralizedTime after.
pub(crate) fn asn1_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let tail = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if t.year() < 2050 {
        format!("{:02}{tail}", t.year() % 100)
    } else {
        format!("{:04}{tail}", t.year())
    }
}

pub(crate) fn parse_asn1_time(s: &str) -> Option<OffsetDateTime> {
    let s = s.strip_suffix('Z')?;
    let (year, rest) = match s.len() {
        12 => {
            let y: i32 = s[..2].parse().ok()?;
            (if y < 50 { 2000 + y } else { 1900 + y }, &s[2..])
        }
        14 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let n = |i: usize| rest.get(i..i + 2).and_then(|v| v.parse::<u8>().ok());
    let date =
        time::Date::from_calendar_date(year, time::Month::try_from(n(0)?).ok()?, n(2)?).ok()?;
    let t = time::Time::from_hms(n(4)?, n(6)?, n(8)?).ok()?;
    Some(date.with_time(t).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_lines_round_trip() {
        let text = "V\t361231235959Z\t\t1000\tunknown\t/C=US/CN=cs-01.example.com\nR\t361231235959Z\t261123100000Z,keyCompromise\t1001\tunknown\t/CN=x\n";
        let e = parse(text).unwrap();
        assert_eq!(e[0].common_name(), "cs-01.example.com");
        assert_eq!(e[1].status, 'R');
        assert_eq!(render(&e), text);
        assert!(parse("X\tbad\n").is_err());
    }

    #[test]
    fn common_names_are_unescaped() {
        let e = parse("V\t361231235959Z\t\t01\tunknown\t/O=a\\/CN=b/CN=x\\/y\\x09z\n").unwrap();
        assert_eq!(e[0].common_name(), "x/y\tz");
    }

    #[test]
    fn times_use_utctime_before_2050() {
        let t = parse_asn1_time("361231235959Z").unwrap();
        assert_eq!(t.year(), 2036);
        assert_eq!(asn1_time(t), "361231235959Z");
        let late = parse_asn1_time("20510101000000Z").unwrap();
        assert_eq!(asn1_time(late), "20510101000000Z");
    }
}
