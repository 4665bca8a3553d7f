//! Dispatch policies: which available unit goes to a requirement.
//!
//! The model offers a policy the available crewed units of an acceptable kind (the
//! requirement's own kind first; its substitutes only when none of those is available) and
//! the policy picks one. The policy sees positions and the travel model, never the event
//! queue: it cannot change the simulation's state.

use crate::travel::{AnyTravel, Place, TravelModel};

/// A unit that could be sent.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    /// Unit index.
    pub unit: usize,
    /// Where it is now (its station, or on the road back).
    pub from: Place,
    /// Whether it is at its station (it will need to turn out).
    pub at_station: bool,
}

/// Chooses one unit among candidates for an incident at `site`.
pub trait DispatchPolicy: Send + Sync {
    /// The chosen unit, or `None` to leave the requirement waiting.
    fn choose(
        &self,
        travel: &AnyTravel,
        site: Place,
        candidates: &mut dyn Iterator<Item = Candidate>,
    ) -> Option<usize>;
}

/// The default: the candidate with the shortest estimated travel time (ties: the lower unit
/// index, i.e. the order of the scenario file).
#[derive(Clone, Copy, Debug, Default)]
pub struct Closest;

impl DispatchPolicy for Closest {
    fn choose(
        &self,
        travel: &AnyTravel,
        site: Place,
        candidates: &mut dyn Iterator<Item = Candidate>,
    ) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for c in candidates {
            let t = travel.estimate_s(c.from, site);
            if best.is_none_or(|(bt, _)| t < bt) {
                best = Some((t, c.unit));
            }
        }
        best.map(|(_, u)| u)
    }
}
