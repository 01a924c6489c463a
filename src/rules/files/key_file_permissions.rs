use crate::model::Os;
use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// Keys must be readable only by the owner.
    KeyFilePermissions = "key-file-permissions" {
        severity: Warning,
        phase: X,
        summary: "a private key readable by group or others",
        source: "Guide: Installing Certificates on UNIX (Warning)",
        bad: "-rw-r--r-- priv_key.pem",
        good: "-rw------- priv_key.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| v.key == "certificate-key") {
        let Some(f) = v.files.first() else { continue };
        // A host whose OS is unknown is not judged (host-os-unknown says so).
        let unix = match v.site.host {
            Some(h) => h.os.or(cx.platform) == Some(Os::Unix),
            None => cx.platform != Some(Os::Windows),
        };
        // The mode of a path-mapped copy (a git checkout, an export) says nothing of the
        // host's file, unless tlskit.toml declares the mapping to be the host's own files.
        let host = v.site.host.map(|h| h.name.as_str());
        let mapped = cx.settings.path_map.map(host, v.value.trim()).is_some();
        let hosts_own = !mapped || cx.settings.path_map_is_host_files;
        if unix && hosts_own && !f.keys.is_empty() && f.mode & 0o077 != 0 {
            out.emit_about(
                About::File(std::sync::Arc::as_ptr(f) as usize),
                finding(
                    RuleId::KeyFilePermissions,
                    v.span,
                    &v.object(),
                    Some("certificate-key"),
                    format!(
                        "private key {} has mode {:03o}: readable by {}",
                        v.value,
                        f.mode,
                        if f.mode & 0o007 != 0 {
                            "every user"
                        } else {
                            "its group"
                        }
                    ),
                )
                .help(format!("chmod 600 {} (owner only)", v.value)),
                || {
                    format!(
                        "the same key file is named here too, for {}",
                        v.object().describe()
                    )
                },
            );
        }
    }
}
