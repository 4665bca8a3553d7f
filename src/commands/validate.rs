//! `firesim validate`: check a scenario file (and its `[[uncertain]]` entries) without
//! running it, and say what it holds.

use super::setup::load;
use crate::prepare::rollout;
use crate::scenario::{self, LoadOptions};
use anyhow::Result;
use std::path::Path;

/// Check the scenario at `path`: its counts on stdout, rollout warnings on stderr.
pub fn run(path: &Path) -> Result<()> {
    let s = load(path)?;
    println!(
        "{}: ok ({} zones, {} incident types, {} stations, {} units, {} rollouts, {} to {})",
        path.display(),
        s.zones.len(),
        s.incident_types.len(),
        s.stations.len(),
        s.units.len(),
        s.rollouts.len(),
        s.calendar.start,
        s.calendar.end
    );
    for r in &s.rollouts {
        for w in &r.warnings {
            eprintln!("warning: rollout `{}`: {w}", r.name);
        }
        let costs = rollout::costs(&s, r);
        if let Some(k) = &costs {
            println!(
                "rollout `{}`: {:.0} firefighter-years, {:.1} M {} over the horizon",
                r.name,
                k.total.firefighter_years,
                k.total.total / 1e6,
                k.currency
            );
        }
        for v in rollout::violations(&s, r, costs.as_ref()) {
            println!("  infeasible: {}", v.describe(&r.name));
        }
    }
    // The [[uncertain]] entries: paths, distributions, both ends of each range.
    let u = scenario::UncertainScenario::load(path, &[], false, LoadOptions::default())?;
    if !u.inputs.is_empty() {
        println!("{}: {} uncertain inputs ok", path.display(), u.inputs.len());
    }
    Ok(())
}
