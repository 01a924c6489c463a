use super::{is_true, server_option};
use crate::model::CsFile;
use crate::rules::prelude::*;

declare_rule! {
    /// Configuration Server reads the Configuration Database password from its own
    /// configuration file (`confserv.conf` on UNIX, `confserv.cfg` on Windows), where
    /// anyone who can read the file, or the Configuration Server log, sees it. The guide's
    /// procedure: stop Configuration Server, run `confserv -p <section> <password>` for each
    /// Configuration Database section, which writes the encrypted password, and set
    /// `encryption=true` in the `[confserv]` section of that file (it applies to every
    /// database section of the file). Only the file is judged: the option has no meaning in
    /// the Configuration Database.
    PlaintextDbPassword = "plaintext-db-password" {
        severity: Warning,
        phase: S,
        summary: "a Configuration Server file with a database password and encryption not true",
        source: "Guide: Encrypted Configuration Database Password; Hiding Passwords in Log Files",
        bad: "# confserv.conf\n[confserv]\nserver=dbserver\n[dbserver]\ndbengine=postgre\npassword=secret",
        good: "# confserv.conf, after `confserv -p dbserver secret`\n[confserv]\nserver=dbserver\nencryption=true\n[dbserver]\ndbengine=postgre\npassword=<written by confserv -p>",
        check: check,
    }
}

/// The Configuration Database sections of the file: the one `[confserv] server=` names,
/// and any with a `dbengine`.
fn db_sections<'a>(f: &'a CsFile, app: Option<&str>) -> Vec<&'a str> {
    let named = server_option(&f.options, "confserv", app, "server").map(|e| e.value.trim());
    let mut out: Vec<&str> = Vec::new();
    for s in &f.options.sections {
        let is_db =
            named.is_some_and(|n| n == s.name) || s.entries.iter().any(|e| e.key == "dbengine");
        if is_db && !out.contains(&s.name.as_str()) {
            out.push(&s.name);
        }
    }
    out
}

fn check(cx: &Cx, out: &mut Out) {
    for f in &cx.d.cs_files {
        let app = f.app.map(|i| &cx.d.apps[i]);
        let app_name = app.map(|a| a.name.as_str());
        let enc = server_option(&f.options, "confserv", app_name, "encryption");
        if is_true(enc) {
            continue;
        }
        let file = cx.file_name(f.file).to_string();
        let how = match enc {
            Some(e) => format!("[confserv] encryption={}", e.value.trim()),
            None => "[confserv] encryption is not set (default false)".to_string(),
        };
        let mut sections: Vec<(&str, bool)> = db_sections(f, app_name)
            .into_iter()
            .map(|s| (s, true))
            .collect();
        if f.options.sections_named("gauth_ldap").next().is_some() {
            sections.push(("gauth_ldap", false));
        }
        for (sec, db) in sections {
            let Some(p) = f
                .options
                .get(sec, "password")
                .filter(|e| !e.value.trim().is_empty())
            else {
                continue;
            };
            let what = if db {
                "Configuration Database section"
            } else {
                "LDAP section"
            };
            let mut finding = Finding::new(
                RuleId::PlaintextDbPassword,
                Place::Span(p.key_span),
                format!(
                    "{file}: {what} [{sec}] has a clear-text password and {how}: it is readable in the file and printed in the Configuration Server log"
                ),
            )
            .key(sec, "password")
            .help(format!(
                "stop Configuration Server, run `confserv -p {sec} <password>` (quote shell specials, e.g. '$Montana'), set [confserv] encryption=true in {file}, and restart; do the same on the backup Configuration Server's file"
            ));
            if let Some(app) = app {
                finding = finding.object(super::app_object(cx.d, app));
            }
            out.emit(finding);
        }
    }
}
