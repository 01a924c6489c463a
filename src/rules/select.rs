//! Which rules run: `lint --only`, `[rules] select`/`ignore` in tlskit.toml, opt-in rules,
//! and the default (posture rules when the inputs hold posture data).

use crate::rules::rule::Phase;
use crate::rules::rule::Rule;
use crate::settings::Settings;

/// Whether a list of `select`/`ignore` names a rule: by id, or by its family (`posture`
/// is phase S, `tls` every other phase).
fn names(list: &[String], r: &Rule) -> bool {
    let family = if r.phase == Phase::S {
        "posture"
    } else {
        "tls"
    };
    list.iter().any(|n| n == r.name || n == family)
}

/// Whether a rule runs. `ignore` wins. An opt-in rule runs only when `select` names its id,
/// or `[rules]` gives it a severity (and `select`, if given, keeps its family). Otherwise
/// `select` (or `lint --only`) decides when given; by default every TLS rule runs, and
/// the posture rules run when the inputs hold posture data of their own (tenants or
/// persons), so that a TLS gate fed what it always was (applications, hosts, option files,
/// confserv.conf) is unchanged.
pub(crate) fn enabled(settings: &Settings, r: &Rule, posture_inputs: bool) -> bool {
    if names(&settings.ignore, r) {
        return false;
    }
    let select = settings.select.as_deref();
    if r.opt_in {
        let by_id = select.is_some_and(|s| s.iter().any(|n| n == r.name));
        let by_severity = matches!(settings.severity.get(r.name), Some(Some(_)))
            && select.is_none_or(|s| names(s, r));
        return by_id || by_severity;
    }
    match select {
        Some(s) => names(s, r),
        None => r.phase != Phase::S || posture_inputs,
    }
}
