//! Validating `[micro_stations]` (the micro fire station tiers, `scenario::micro`). Every
//! problem names its field, e.g. `micro_stations.tiers[1].availability`.

use super::super::Zone;
use super::super::raw::*;
use super::ranges::TURNOUT_S;
use super::validator::Validator;
use crate::scenario::micro::{MicroStations, MicroTier};

/// Most micro stations in one tier [estimate]: a district of a few million people has
/// thousands; a million in one tier is a typo, and it keeps densities far from overflow.
const MAX_TIER_COUNT: i64 = 1_000_000;

impl Validator {
    /// The micro fire station tiers (none without the section), placed over `zones`.
    pub(super) fn micro_stations(
        &mut self,
        raw: Option<&RawMicroStations>,
        zones: &[Zone],
    ) -> MicroStations {
        let Some(raw) = raw else {
            return MicroStations::default();
        };
        self.check(
            !raw.tiers.is_empty(),
            "micro_stations.tiers",
            "needs at least one tier (or leave out [micro_stations])",
        );
        let mut tiers = vec![];
        let mut names = std::collections::HashSet::new();
        for (k, t) in raw.tiers.iter().enumerate() {
            let f = |x: &str| format!("micro_stations.tiers[{k}].{x}");
            self.check(!t.name.trim().is_empty(), f("name"), "must not be empty");
            self.check(
                names.insert(t.name.clone()),
                f("name"),
                format!("\"{}\" names two tiers", t.name),
            );
            self.check(
                (1..=MAX_TIER_COUNT).contains(&t.count),
                f("count"),
                format!(
                    "must be a whole number from 1 to {MAX_TIER_COUNT}, found {}",
                    t.count
                ),
            );
            self.check(
                (0.0..=1.0).contains(&t.availability),
                f("availability"),
                format!(
                    "must be a probability between 0 and 1, found {}",
                    t.availability
                ),
            );
            self.check(
                t.speed_kmh.is_finite() && t.speed_kmh > 0.0,
                f("speed_kmh"),
                format!("must be a finite speed > 0, found {}", t.speed_kmh),
            );
            self.check(
                t.max_distance_km.is_finite() && t.max_distance_km >= 0.0,
                f("max_distance_km"),
                format!(
                    "must be a finite distance >= 0, found {}",
                    t.max_distance_km
                ),
            );
            let placed: f64 = zones.iter().map(|z| t.placed_by.weight(z)).sum();
            self.check(
                placed > 0.0,
                f("placed_by"),
                format!(
                    "{:?} placement finds no zone with weight to place stations in",
                    t.placed_by
                ),
            );
            let muster = self.duration(&t.muster, &f("muster"), &TURNOUT_S);
            if let Some(muster) = muster {
                tiers.push(MicroTier {
                    name: t.name.clone(),
                    name_zh: t.name_zh.clone(),
                    count: t.count.clamp(0, MAX_TIER_COUNT) as u32,
                    placed_by: t.placed_by,
                    availability: t.availability,
                    muster,
                    speed_kmh: t.speed_kmh,
                    max_distance_km: t.max_distance_km,
                    source: t.source.clone(),
                    per_zone: vec![],
                });
            }
        }
        let mut m = MicroStations { tiers };
        m.place(zones);
        m
    }
}
