//! Rules read the model, the resolution and the facts, and report findings. A rule is one
//! file, `<family>/<rule_id>.rs`: its doc comment, its metadata and its check side by side;
//! `registry.rs` ties the ids to the files.

mod certs;
mod chains;
mod components;
mod context;
mod files;
pub mod finding;
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
mod syntax;

pub use chains::rule_of as rule_of_defect;
pub use context::Cx;
pub use id::RuleId;
pub use out::{MAX_PER_RULE_AND_FILE, Out};
pub use registry::{RULES, find};
pub use rule::{Phase, Rule};

/// Every rule with a check, in catalog order. Findings are sorted afterwards, so the order
/// does not show.
pub fn run(cx: &Cx, out: &mut Out) {
    for r in RULES {
        if let Some(check) = r.check {
            check(cx, out);
        }
    }
}

/// Whether `id` is a rule of the catalog, else the id nearest to it.
pub fn check_id(id: &str) -> Result<(), Option<&'static str>> {
    match find(id) {
        Some(_) => Ok(()),
        None => Err(closest_rule(id)),
    }
}

/// The catalog id nearest to a mistyped one.
pub fn closest_rule(id: &str) -> Option<&'static str> {
    crate::suggest::closest(id, RULES.iter().map(|r| r.name))
}
