//! Rules read the model, the resolution and the facts, and report findings. A rule is one
//! file, `<family>/<rule_id>.rs`: its doc comment, its metadata and its check side by side;
//! `registry.rs` ties the ids to the files.

mod certs;
mod chains;
mod components;
mod context;
mod files;
pub(crate) mod finding;
mod handshake;
mod id;
mod judged;
mod layering;
mod live;
mod out;
mod posture;
pub(crate) mod prelude;
mod presented;
mod protocols;
pub(crate) mod registry;
mod roles;
mod rule;
mod select;
mod syntax;

pub(crate) use chains::rule_of as rule_of_defect;
pub(crate) use context::Cx;
pub(crate) use id::RuleId;
pub(crate) use out::Out;
pub(crate) use registry::{RULES, find};
pub(crate) use rule::{Phase, Rule};
pub(crate) use select::enabled;

/// Every rule with a check, in catalog order. Findings are sorted afterwards, so the order
/// does not show.
pub(crate) fn run(cx: &Cx, out: &mut Out) {
    let posture = cx.d.has_posture_inputs();
    for r in RULES {
        if let Some(check) = r.check
            && enabled(cx.settings, r, posture)
        {
            check(cx, out);
        }
    }
}

/// Whether `id` is a rule of the catalog, else the id nearest to it.
pub(crate) fn check_id(id: &str) -> Result<(), Option<&'static str>> {
    match find(id) {
        Some(_) => Ok(()),
        None => Err(closest_rule(id)),
    }
}

/// The catalog id nearest to a mistyped one.
pub(crate) fn closest_rule(id: &str) -> Option<&'static str> {
    crate::suggest::closest(id, RULES.iter().map(|r| r.name))
}
