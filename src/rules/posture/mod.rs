//! Security posture beyond TLS, from the guide's authentication and data-at-rest chapters:
//! Configuration Server options (application object, or its own `confserv.conf`), the
//! Tenant annex's `[security-authentication-rules]` (inherited by child tenants), GUI
//! applications' `[security]`, Person-level exemptions and log filters.

pub(super) mod account_expiration_override;
pub(super) mod account_expiration_without_last_login;
pub(super) mod default_access_granted;
pub(super) mod default_access_ha_mismatch;
pub(super) mod empty_external_password_allowed;
pub(super) mod empty_password_allowed;
pub(super) mod force_md5_enabled;
pub(super) mod inactivity_timeout_disabled;
pub(super) mod last_login_disabled;
pub(super) mod ldap_cleartext;
pub(super) mod lockout_override;
pub(super) mod log_data_unfiltered;
pub(super) mod log_filter_invalid;
pub(super) mod no_account_expiration;
pub(super) mod no_account_lockout;
pub(super) mod no_password_expiration;
pub(super) mod no_password_history;
pub(super) mod password_expiration_override;
pub(super) mod password_expiration_without_self_change;
pub(super) mod plaintext_db_password;
pub(super) mod posture_option_misplaced;
pub(super) mod tenant_override_resets_rules;
pub(super) mod weak_password_complexity;

use crate::input::options::{OptEntry, OptionMap};
use crate::input::source::Span;
use crate::model::ObjectRef;
use crate::model::{
    App, CONFIG_SERVER, CONFIG_SERVER_PROXY, Deployment, Person, Tenant, parse_bool,
};

/// The Tenant annex section of the password and account policy (and, at user level, of
/// the Person annex's exemptions).
pub(crate) const SAR: &str = "security-authentication-rules";
/// The option that breaks the tenant inheritance chain.
pub(crate) const OVERRIDE_SECTION: &str = "tenant-override-section";
/// The tenant at the root of every inheritance chain.
pub(crate) const ENVIRONMENT: &str = "Environment";

/// GUI application types that read `[security] inactivity-timeout` (Guide: Inactivity
/// Timeout, Supporting Components): Configuration Manager, Genesys Administrator Extension,
/// Solution Control Interface, Genesys Rules Authoring Tool, Interaction Routing Designer
/// and Outbound Contact Manager (CfgAppType 13, `cmclient`). Pulse, Workspace Web Edition
/// and Workspace Desktop Edition configure the timeout their own way, Genesys
/// Administrator is not listed: none of them is judged.
pub(crate) const INACTIVITY_TIMEOUT_TYPES: &[&str] = &[
    "sce",
    "genesysadministratorserver",
    "sci",
    "businessrulesgui",
    "interactionroutingdesigner",
    "cmclient",
];

/// The default of `allow-empty-password` when Configuration Server does not set it
/// (Framework Configuration Options Reference: true).
pub(crate) const ALLOW_EMPTY_PASSWORD_DEFAULT: bool = true;

/// A Configuration Server Proxy: its own type where an export says so, else a
/// Configuration Server application with a `[csproxy]` section (proxies share the
/// Configuration Server type).
pub(crate) fn is_proxy(app: &App) -> bool {
    app.is(CONFIG_SERVER_PROXY)
        || (app.is(CONFIG_SERVER) && app.options.sections_named("csproxy").next().is_some())
}

/// A Configuration Server that is not a proxy.
pub(crate) fn is_cs(app: &App) -> bool {
    app.is(CONFIG_SERVER) && !is_proxy(app)
}

pub(crate) fn is_cs_or_proxy(app: &App) -> bool {
    app.is(CONFIG_SERVER) || app.is(CONFIG_SERVER_PROXY)
}

/// The section a Configuration Server reads its own options from: `[confserv]` (or the
/// section named after the application, when the file was renamed so), `[csproxy]` for a
/// proxy.
pub(crate) fn server_section(app: &App) -> &'static str {
    if is_proxy(app) { "csproxy" } else { "confserv" }
}

/// An option of a Configuration Server's own section, in the options given (the last
/// written wins).
pub(crate) fn server_option<'a>(
    options: &'a OptionMap,
    section: &str,
    app_name: Option<&str>,
    key: &str,
) -> Option<&'a OptEntry> {
    options
        .sections
        .iter()
        .filter(|s| s.name == section || app_name.is_some_and(|n| s.name.eq_ignore_ascii_case(n)))
        .flat_map(|s| s.entries.iter())
        .rev()
        .find(|e| e.key == key && e.text().is_some())
}

/// `app`'s own-section option (`[confserv]`/`[csproxy]`).
pub(crate) fn cs_option<'a>(app: &'a App, key: &str) -> Option<&'a OptEntry> {
    server_option(&app.options, server_section(app), Some(&app.name), key)
}

pub(crate) fn is_true(e: Option<&OptEntry>) -> bool {
    e.is_some_and(|e| parse_bool(e.value.trim()) == Some(true))
}

pub(crate) fn is_false(e: Option<&OptEntry>) -> bool {
    e.is_some_and(|e| parse_bool(e.value.trim()) == Some(false))
}

pub(crate) fn number(e: &OptEntry) -> Option<i64> {
    e.value.trim().parse().ok()
}

/// The master Configuration Server: the primary of the pair (or the only one).
pub(crate) fn master_cs(d: &Deployment) -> Option<&App> {
    let mut all = d.apps.iter().filter(|a| is_cs(a));
    let first = all.clone().next();
    all.find(|a| a.is_primary != Some(false) && !is_backup(d, a))
        .or(first)
}

/// Whether another application names `app` as its backup.
pub(crate) fn is_backup(d: &Deployment, app: &App) -> bool {
    d.apps.iter().any(|a| {
        a.backup
            .as_ref()
            .is_some_and(|b| b.name.eq_ignore_ascii_case(&app.name))
    })
}

pub(crate) fn app_object(d: &Deployment, app: &App) -> ObjectRef {
    ObjectRef {
        host: d.host_of(app).map(|h| h.name.clone()),
        application: Some(app.name.clone()),
        ..ObjectRef::default()
    }
}

pub(crate) fn tenant_object(t: &Tenant) -> ObjectRef {
    ObjectRef {
        tenant: Some(t.name.clone()),
        ..ObjectRef::default()
    }
}

pub(crate) fn person_object(p: &Person) -> ObjectRef {
    ObjectRef {
        person: Some(p.name.clone()),
        tenant: p.tenant.clone(),
        ..ObjectRef::default()
    }
}

/// A tenant's parent: `parentTenant`, else the Environment tenant (the root of every
/// chain) when the export holds it.
pub(crate) fn parent<'d>(d: &'d Deployment, t: &Tenant) -> Option<&'d Tenant> {
    match &t.parent {
        Some(p) => d.tenant(&p.name),
        None if !t.name.eq_ignore_ascii_case(ENVIRONMENT) => d.tenant(ENVIRONMENT),
        None => None,
    }
}

/// Where a tenant's effective `[security-authentication-rules]` value comes from.
pub(crate) struct Inherited<'d> {
    pub entry: &'d OptEntry,
    pub from: &'d Tenant,
}

impl Inherited<'_> {
    pub(super) fn number(&self) -> Option<i64> {
        number(self.entry)
    }

    pub(super) fn truthy(&self) -> bool {
        parse_bool(self.entry.value.trim()) == Some(true)
    }

    /// "set in tenant X's annex" (with "inherited from" when it is an ancestor's).
    pub(super) fn place(&self, t: &Tenant) -> String {
        if std::ptr::eq(self.from, t) {
            format!(
                "[{SAR}] {}={} in its annex",
                self.entry.key,
                self.entry.value.trim()
            )
        } else {
            format!(
                "[{SAR}] {}={} inherited from tenant {}",
                self.entry.key,
                self.entry.value.trim(),
                self.from.name
            )
        }
    }
}

/// The effective value of a `[security-authentication-rules]` option for tenant `t`: its
/// own, else its nearest ancestor's, up to Environment, unless a tenant on the way sets
/// `tenant-override-section=true`, which starts a new chain (Guide: Passwords in a
/// Multi-Tenant Configuration).
pub(crate) fn inherited<'d>(d: &'d Deployment, t: &'d Tenant, key: &str) -> Option<Inherited<'d>> {
    let mut at = t;
    for _ in 0..64 {
        if let Some(entry) = at.annex.get(SAR, key) {
            return Some(Inherited { entry, from: at });
        }
        if is_true(at.annex.get(SAR, OVERRIDE_SECTION)) {
            return None;
        }
        match parent(d, at) {
            Some(p) if !std::ptr::eq(p, at) => at = p,
            _ => return None,
        }
    }
    None
}

/// What a tenant message says of an option that is unset: where it was looked for, and
/// where a `tenant-override-section=true` stopped the walk.
pub(crate) fn unset_place(d: &Deployment, t: &Tenant, key: &str) -> String {
    let mut at = t;
    let mut walked = 0;
    for _ in 0..64 {
        if is_true(at.annex.get(SAR, OVERRIDE_SECTION)) {
            let own = if std::ptr::eq(at, t) {
                "its own".to_string()
            } else {
                format!("tenant {}'s", at.name)
            };
            return format!(
                "[{SAR}] {key} is not set in the annex of tenant {}, and {own} {OVERRIDE_SECTION}=true stops inheritance from the tenants above",
                t.name
            );
        }
        match parent(d, at) {
            Some(p) if !std::ptr::eq(p, at) => {
                at = p;
                walked += 1;
            }
            _ => break,
        }
    }
    if walked > 0 {
        format!(
            "[{SAR}] {key} is set neither in the annex of tenant {} nor in any ancestor tenant's",
            t.name
        )
    } else {
        format!("[{SAR}] {key} is not set in the annex of tenant {}", t.name)
    }
}

/// The span of a tenant's annex section (or the tenant).
pub(crate) fn tenant_span(t: &Tenant) -> Span {
    t.annex
        .sections_named(SAR)
        .next()
        .map_or(t.span, |s| s.span)
}

/// The Person's tenant, when the export holds it.
pub(crate) fn person_tenant<'d>(d: &'d Deployment, p: &Person) -> Option<&'d Tenant> {
    p.tenant.as_deref().and_then(|t| d.tenant(t))
}

/// One notice per tenant whose effective `key` is absent or 0 (the policy notices).
pub(crate) fn tenant_unset_or_zero(
    cx: &crate::rules::Cx,
    out: &mut crate::rules::Out,
    rule: crate::rules::RuleId,
    key: &str,
    lacks: &str,
    fix: &str,
) {
    use crate::rules::finding::Finding;
    use crate::rules::finding::Place;
    for t in &cx.d.tenants {
        let (place, why) = match inherited(cx.d, t, key) {
            Some(i) if i.number().unwrap_or(0) <= 0 => {
                (Place::Span(i.entry.value_span), i.place(t))
            }
            Some(_) => continue,
            None => (Place::Span(tenant_span(t)), unset_place(cx.d, t, key)),
        };
        out.emit(
            Finding::new(rule, place, format!("tenant {} {lacks} ({why})", t.name))
                .object(tenant_object(t))
                .key(SAR, key)
                .help(format!(
                    "set [{SAR}] {key}={fix} in the annex of tenant {} (or of an ancestor tenant)",
                    t.name
                )),
        );
    }
}

/// One notice per Person whose annex sets `key=true`, where the tenant enforces `policy`
/// (its effective value is above 0): otherwise the exemption changes nothing.
pub(crate) fn person_exemption(
    cx: &crate::rules::Cx,
    out: &mut crate::rules::Out,
    rule: crate::rules::RuleId,
    key: &str,
    policy: &str,
    feature: &str,
) {
    use crate::rules::finding::Finding;
    use crate::rules::finding::Place;
    // An externally authenticated user is outside the tenant's password and expiry
    // policies already: the exemption changes nothing for them either.
    for p in cx.d.persons.iter().filter(|p| !p.external) {
        let Some(e) = p.annex.get(SAR, key).filter(|e| is_true(Some(e))) else {
            continue;
        };
        let Some(t) = person_tenant(cx.d, p) else {
            continue;
        };
        let Some(i) = inherited(cx.d, t, policy).filter(|i| i.number().unwrap_or(0) > 0) else {
            continue;
        };
        out.emit(
            Finding::new(
                rule,
                Place::Span(e.value_span),
                format!(
                    "user {} (tenant {}) is exempt from {feature}: [{SAR}] {key}={} in the Person's annex, while the tenant enforces it ({})",
                    p.name,
                    t.name,
                    e.value.trim(),
                    i.place(t)
                ),
            )
            .object(person_object(p))
            .key(SAR, key)
            .help(format!(
                "remove {key} from user {}'s annex unless this is a documented service or emergency account",
                p.name
            )),
        );
    }
}
