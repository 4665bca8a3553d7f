//! Place-dependent response: incident subtypes drawn per zone, and specialist squads.
//!
//! A subtype (`[[incident_types.subtypes]]`) is a share of one incident type's incidents in
//! the zones its place names (zone names, zone tags, or both), with its own response plan
//! (and optionally its own on-scene time). Validation appends each subtype to
//! [`Scenario::incident_types`](super::Scenario) as a type of its own, after the declared
//! types, so everything downstream (plans, breakdowns by type, `responses.csv`) treats it
//! as a type; the generator draws the declared type and zone as before and then, from its
//! own stream, whether the incident is one of the type's subtypes there.
//!
//! A squad (`[[stations]] squads`) is one unit at its station crewed from its own members
//! rather than from the station's headcount (`staffing` crews it).

use serde::Serialize;

/// A subtype of an incident type, as the parent type sees it.
#[derive(Clone, Debug, Serialize)]
pub struct Subtype {
    /// Index of the subtype's own entry in `Scenario::incident_types`.
    pub kind: usize,
    /// Per zone: whether the subtype's place matches it.
    pub zones: Vec<bool>,
    /// Share of the parent's incidents in a matching zone that are this subtype.
    pub share: f64,
}

/// Pick the subtype of an incident of a type with `subtypes` in `zone` from a uniform
/// `u` in `[0, 1)`: the matching subtypes take consecutive slices of `[0, 1)` by share,
/// in file order; `None` (the type itself) beyond them.
pub fn pick_subtype(subtypes: &[Subtype], zone: usize, u: f64) -> Option<usize> {
    let mut acc = 0.0;
    for s in subtypes.iter().filter(|s| s.zones[zone]) {
        acc += s.share;
        if u < acc {
            return Some(s.kind);
        }
    }
    None
}

/// A specialist squad: a unit crewed by its own members once its station opens.
#[derive(Clone, Debug, Serialize)]
pub struct Squad {
    /// The squad's unit (index into `Scenario::units`).
    pub unit: usize,
    /// Its members (the on-duty share of them crew the unit each day).
    pub members: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtypes_take_slices_of_the_matching_zones_only() {
        let subs = vec![
            Subtype {
                kind: 5,
                zones: vec![true, false, true],
                share: 0.25,
            },
            Subtype {
                kind: 6,
                zones: vec![true, true, false],
                share: 0.5,
            },
        ];
        assert_eq!(pick_subtype(&subs, 0, 0.1), Some(5));
        assert_eq!(pick_subtype(&subs, 0, 0.3), Some(6));
        assert_eq!(pick_subtype(&subs, 0, 0.8), None);
        // Zone 1: only the second matches, from 0.
        assert_eq!(pick_subtype(&subs, 1, 0.1), Some(6));
        assert_eq!(pick_subtype(&subs, 1, 0.6), None);
        // Zone 2: only the first.
        assert_eq!(pick_subtype(&subs, 2, 0.2), Some(5));
        assert_eq!(pick_subtype(&subs, 2, 0.3), None);
    }
}
