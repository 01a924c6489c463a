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
/// Runs every enabled rule. Rules only read (`Cx` is `Sync`), so they run on every core,
/// each into an Out of its own, taken in turn in the catalog's order; those are then taken
/// in, in that order, so that the findings are a serial run's, in its order. That holds
/// when no two rules' checks report under one id (each check reports its own rule, and
/// caps and `emit_once` work per id); should two ever do, the rules run again serially.
pub(crate) fn run(cx: &Cx, out: &mut Out) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let posture = cx.d.has_posture_inputs();
    let checks: Vec<rule::Check> = RULES
        .iter()
        .filter(|r| enabled(cx.settings, r, posture))
        .filter_map(|r| r.check)
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(checks.len());
    let serial = |out: &mut Out| {
        for check in &checks {
            check(cx, out);
        }
    };
    if threads <= 1 {
        return serial(out);
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Out)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(check) = checks.get(i) else {
                            break mine;
                        };
                        let mut own = Out::default();
                        check(cx, &mut own);
                        mine.push((i, own));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    let mut owner = std::collections::HashSet::new();
    let shared = done
        .iter()
        .flat_map(|(_, o)| o.rules())
        .any(|rule| !owner.insert(rule));
    if shared {
        drop(done);
        return serial(out);
    }
    for (_, own) in done {
        out.absorb(own);
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
