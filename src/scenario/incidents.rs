//! What the incidents are: the generated-demand model, the incident types with their
//! response plans, and where a replication's incidents come from.

use super::places::Subtype;
use super::raw::{Category, LocationSampling};
use super::recorded::RecordedStream;
use crate::ground::random::DurationDist;
use serde::Serialize;
use std::sync::Arc;

/// Where each replication's incidents come from.
#[derive(Clone, Debug, Default)]
pub enum IncidentSource {
    /// Generated from the demand model (`[demand]`, drawn as it is consumed).
    #[default]
    Generated,
    /// A recorded stream, replayed or bootstrapped.
    Recorded(Arc<RecordedStream>),
}

/// The generated-demand model.
#[derive(Clone, Debug, Serialize)]
pub struct Demand {
    /// Incidents per year in the first simulated year.
    pub annual_rate: f64,
    /// Relative growth of the rate per year (0.03 = 3%).
    pub growth_per_year: f64,
    /// Hour-of-day factors, mean 1.
    pub hour_profile: [f64; 24],
    /// Month-of-year factors, mean 1 over the days of a year.
    pub month_profile: [f64; 12],
    /// How positions are drawn within a zone.
    pub location: LocationSampling,
}

/// Which units an incident type gets, and how many firefighters at least.
#[derive(Clone, Debug, Serialize)]
pub struct ResponsePlan {
    /// `(unit kind, count)` requirements, in dispatch order.
    pub requirements: Vec<(usize, u32)>,
    /// Minimum firefighters on the units sent; the closest extra units of the plan's first
    /// kind are added until it is met.
    pub min_firefighters: u32,
}

/// An incident type.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentType {
    /// Name, e.g. `structure_fire`.
    pub name: String,
    /// Fire or non-fire.
    pub category: Category,
    /// Expected share of all incidents that are this type (normalised to sum to 1 over
    /// all types; a type with subtypes keeps what its subtypes leave).
    pub share: f64,
    /// The share the generator draws the type with (the file's share, normalised; 0 for a
    /// subtype, which is drawn within its parent).
    pub pick_share: f64,
    /// Place-dependent subtypes, each also a type of its own further down the list.
    pub subtypes: Vec<Subtype>,
    /// For a subtype, the index of the type it belongs to.
    pub parent: Option<usize>,
    /// On-scene work time.
    pub on_scene: DurationDist,
    /// Zone weights for this type: the zone weight times the type's zone factor.
    pub zone_weights: Vec<f64>,
    /// The response plan.
    pub plan: ResponsePlan,
}
