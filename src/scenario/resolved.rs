//! The validated, fully resolved [`Scenario`]: every section of the file with names turned
//! into indices and dates into simulation time, and the labelled assumptions.

use super::boundary::{Boundary, Neighbour};
use super::calendar::Calendar;
use super::costs::{Constraints, Costs};
use super::fleet::{
    GradeMinimums, MutualAid, OutsideStation, StaffingTargets, Station, Unit, UnitKind,
};
use super::incidents::{Demand, IncidentSource, IncidentType};
use super::issue::Issue;
use super::raw::{self, DispatchPolicyKind, QueueDiscipline};
use super::recorded::{BadRow, Observed, RecordedStream};
use super::rollout::Rollout;
use super::zone::Zone;
use super::{districts, micro};
use crate::ground::geo::Projection;
use crate::ground::random::DurationDist;
use crate::travel::AnyTravel;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;

/// A labelled assumption (shown in reports).
pub type Assumption = raw::RawAssumption;

/// A validated, fully resolved scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// Name (also the default results folder).
    pub name: String,
    /// Description.
    pub description: String,
    /// Description in Chinese, when given.
    pub description_zh: Option<String>,
    /// The file it came from.
    pub file: PathBuf,
    /// Master seed.
    pub seed: u64,
    /// Default number of replications.
    pub replications: u32,
    /// Calendar of the horizon.
    pub calendar: Calendar,
    /// The local projection.
    pub projection: Projection,
    /// Demand zones.
    pub zones: Vec<Zone>,
    /// The district's land the zones tile (`[geography] boundary`), when given.
    #[serde(skip)]
    pub boundary: Option<Boundary>,
    /// The neighbouring areas (`[geography] neighbours`), for maps and GIS layers.
    #[serde(skip)]
    pub neighbours: Vec<Neighbour>,
    /// Demand model.
    pub demand: Demand,
    /// Incident types.
    pub incident_types: Vec<IncidentType>,
    /// Travel model.
    #[serde(skip)]
    pub travel: AnyTravel,
    /// Call processing (call received → dispatch order).
    pub call_processing: DurationDist,
    /// Turnout (dispatch order → wheels rolling), for a unit at its station.
    pub turnout: DurationDist,
    /// Unit kinds.
    pub unit_kinds: Vec<UnitKind>,
    /// Stations.
    pub stations: Vec<Station>,
    /// Units of all stations.
    pub units: Vec<Unit>,
    /// Share of headcount on duty (a rollout may replace it).
    pub on_duty_fraction: f64,
    /// Daily probability that a rostered firefighter is absent.
    pub absence_rate: f64,
    /// Extra turnout of a unit riding short, seconds.
    pub short_crew_extra_turnout_s: f64,
    /// Minimum firefighters per station by grade.
    pub grade_minimums: GradeMinimums,
    /// The plan's staffing targets.
    pub targets: StaffingTargets,
    /// What rollouts cost (`None`: no `[costs]`).
    pub costs: Option<Costs>,
    /// What the plan allows a rollout.
    pub constraints: Constraints,
    /// The choices `firesim optimise` may change (`None`: no `[optimise]`).
    pub optimise: Option<super::optimise::Optimise>,
    /// Rollouts, in file order (the first is the default).
    pub rollouts: Vec<Rollout>,
    /// Dispatch policy.
    pub dispatch: DispatchPolicyKind,
    /// Queue discipline.
    pub queue: QueueDiscipline,
    /// The last-resort mutual-aid rule, if enabled.
    pub mutual_aid: Option<MutualAid>,
    /// Stations outside the district dispatched like any unit (mutual aid).
    pub outside: Vec<OutsideStation>,
    /// Response standard: dispatch order to first arrival, seconds.
    pub standard_s: f64,
    /// Thresholds (seconds from the dispatch order) whose compliance is reported.
    pub thresholds_s: Vec<f64>,
    /// Compliance share that counts as meeting the standard (milestones).
    pub compliance_target: f64,
    /// Micro fire stations (no tiers: none).
    pub micro: micro::MicroStations,
    /// The district rule, when the scenario gives a built-up area.
    pub districts: Option<districts::DistrictRule>,
    /// Labelled assumptions.
    pub assumptions: Vec<Assumption>,
    /// Where the incidents come from (for a recorded stream, `demand` holds its mean
    /// yearly rate and flat profiles, for reports only).
    #[serde(skip)]
    pub source: IncidentSource,
    /// Observed responses to validate a replay against (`[validation] observed`).
    #[serde(skip)]
    pub observed: Option<Arc<Observed>>,
    /// Bad rows skipped while loading recorded files (`--skip-bad-rows`), per file.
    #[serde(skip)]
    pub skipped: Vec<(PathBuf, Vec<BadRow>)>,
    /// What validation found odd but ran anyway (shares that do not sum to 1, profiles
    /// that do not average 1, unit kinds no plan can request), each naming its field.
    pub warnings: Vec<Issue>,
}

impl Scenario {
    /// The rollout called `name`.
    pub fn rollout(&self, name: &str) -> Option<usize> {
        self.rollouts.iter().position(|r| r.name == name)
    }

    /// Residents: the weight of the zones whose weight is resident population.
    pub fn population(&self) -> f64 {
        self.zones
            .iter()
            .filter(|z| z.weight_is_population)
            .map(|z| z.weight)
            .sum()
    }

    /// Number of bad rows skipped while loading.
    pub fn skipped_rows(&self) -> u64 {
        self.skipped.iter().map(|(_, r)| r.len() as u64).sum()
    }

    /// The recorded stream, if the scenario replays one.
    pub fn recorded(&self) -> Option<&RecordedStream> {
        match &self.source {
            IncidentSource::Recorded(r) => Some(r),
            IncidentSource::Generated => None,
        }
    }

    /// The incident type called `name`.
    pub fn incident_type(&self, name: &str) -> Option<usize> {
        self.incident_types.iter().position(|t| t.name == name)
    }
}
