//! `[micro_stations]` as the planner wrote it, validated: the tiers of micro fire stations
//! (the first-action tier the simulation's statistics read; its draws are elsewhere).

use super::Zone;
use crate::ground::random::DurationDist;
use serde::Serialize;

/// What decides how many of a tier's stations stand in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Zone weight, for zones whose weight is resident population (community/village).
    Population,
    /// Zone weight, for zones whose weight is not population (development zones: industry).
    Industry,
    /// Every zone's weight (all demand).
    Demand,
}

impl Placement {
    /// The weight of `zone` under this placement.
    pub fn weight(self, zone: &Zone) -> f64 {
        match self {
            Placement::Population if zone.weight_is_population => zone.weight,
            Placement::Industry if !zone.weight_is_population => zone.weight,
            Placement::Demand => zone.weight,
            _ => 0.0,
        }
    }
}

/// One tier of micro fire stations (validated).
#[derive(Clone, Debug, Serialize)]
pub struct MicroTier {
    /// Name (e.g. `community`).
    pub name: String,
    /// Chinese name, when given.
    pub name_zh: Option<String>,
    /// Stations in the district.
    pub count: u32,
    /// How they are spread over the zones.
    pub placed_by: Placement,
    /// Probability that the nearest station can turn out when alerted.
    pub availability: f64,
    /// Alert → leaving (gathering the duty members and kit), seconds.
    pub muster: DurationDist,
    /// Speed over the straight-line distance (detours included), km/h.
    pub speed_kmh: f64,
    /// Beyond this straight-line distance a station does not go (another tier's or the
    /// professional crews' ground), km.
    pub max_distance_km: f64,
    /// Where the figures come from.
    pub source: String,
    /// Expected stations per zone (the tier's count split by the placement weights).
    pub per_zone: Vec<f64>,
}

/// The micro fire station tiers of a scenario.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MicroStations {
    /// Tiers, in the file's order (the tier index keys its stream).
    pub tiers: Vec<MicroTier>,
}
