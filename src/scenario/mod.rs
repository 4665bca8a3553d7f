//! Scenarios: the file a planner edits, read in two stages.
//!
//! [`raw`] mirrors the TOML one to one (serde does the parsing and names a missing field, a
//! wrong type or an unknown key with its line). [`load`] then checks the meaning of the
//! whole file and reports *every* problem it finds, each with the file and the field path,
//! before anything runs. What comes out, [`Scenario`], is fully resolved: names turned into
//! indices, dates into simulation time, profiles normalised, the travel model built.
//!
//! This module reads the scenario file and the files it names (a travel matrix, a recorded
//! incident stream and observed responses: see [`recorded`]); it writes nothing.

pub mod districts;
pub mod micro;
pub mod osm;
mod places;
pub mod raw;
pub mod recorded;
pub mod schedule;
pub mod uncertain;
mod validate;

pub use places::{Squad, Subtype, pick_subtype};
pub use raw::{
    AllocationPolicy, AttritionMode, Category, DispatchPolicyKind, Grade, LocationSampling,
    QueueDiscipline, RolloutKind,
};
pub use recorded::{BadRow, Observed, RecordedStream};
pub use schedule::{Flow, Intake, Schedule};
pub use uncertain::{InputDist, UncertainInput, UncertainScenario};
pub use validate::{content_hash, from_str, from_str_with, load, load_with, read_observed};

use std::sync::Arc;

use crate::ground::engine::SimTime;
use crate::ground::geo::{LatLon, Point, Projection};
use crate::ground::random::DurationDist;
use crate::travel::AnyTravel;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// One problem found in a scenario: where (a field path such as `stations[3].grade`, with a
/// line when the parser knows it) and what.
#[derive(Debug, Clone, Eq, Serialize)]
pub struct Issue {
    /// The field path, e.g. `rollouts[0].headcount.S99`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
    /// The check in firesim's source that found it (for the test that counts which
    /// checks the error table covers; not part of the message).
    #[serde(skip)]
    pub site: &'static std::panic::Location<'static>,
}

impl Issue {
    /// A problem with `field`, found by the check at the caller's source location.
    #[track_caller]
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            field: field.into(),
            message: message.into(),
            site: std::panic::Location::caller(),
        }
    }
}

/// Equal when they say the same (where in firesim they were found does not matter).
impl PartialEq for Issue {
    fn eq(&self, other: &Issue) -> bool {
        self.field == other.field && self.message == other.message
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file (or a file it names) could not be read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a field is missing, mistyped or unknown.
    #[error("{file}: {message}")]
    Parse {
        /// The file.
        file: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The file parses but its content is inconsistent; every problem is listed.
    #[error("{file}: {} problem(s):\n{}", issues.len(), list(issues))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every problem found.
        issues: Vec<Issue>,
    },
    /// A recorded file has rows that cannot be used (and bad rows are not being skipped).
    #[error("{}", bad_rows(files))]
    BadRows {
        /// Per file, its bad rows.
        files: Vec<(PathBuf, Vec<BadRow>)>,
    },
}

/// How many bad rows an error message lists per file before summarising the rest.
const BAD_ROWS_LISTED: usize = 20;

fn bad_rows(files: &[(PathBuf, Vec<BadRow>)]) -> String {
    let mut out = vec![];
    for (file, rows) in files {
        out.push(format!("{}: {} bad row(s):", file.display(), rows.len()));
        for r in rows.iter().take(BAD_ROWS_LISTED) {
            out.push(format!("  - {r}"));
        }
        if rows.len() > BAD_ROWS_LISTED {
            out.push(format!("  - … and {} more", rows.len() - BAD_ROWS_LISTED));
        }
    }
    out.push(
        "(--skip-bad-rows of `firesim run` or `firesim calibrate` skips and counts them)".into(),
    );
    out.join("\n")
}

/// Options for loading a scenario.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Skip (and count) bad rows of recorded files instead of failing.
    pub skip_bad_rows: bool,
}

/// Where each replication's incidents come from.
#[derive(Clone, Debug, Default)]
pub enum IncidentSource {
    /// Generated from the demand model (`[demand]`, drawn as it is consumed).
    #[default]
    Generated,
    /// A recorded stream, replayed or bootstrapped.
    Recorded(Arc<RecordedStream>),
}

fn list(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  - {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The simulated calendar: a first and last day, days counted from the first.
#[derive(Clone, Debug, Serialize)]
pub struct Calendar {
    /// First simulated day (00:00 local time).
    pub start: NaiveDate,
    /// Last simulated day (inclusive).
    pub end: NaiveDate,
    /// Month (0–11) of each simulated day.
    #[serde(skip)]
    month_of_day: Vec<u8>,
}

impl Calendar {
    fn new(start: NaiveDate, end: NaiveDate) -> Calendar {
        let month_of_day = start
            .iter_days()
            .take_while(|d| *d <= end)
            .map(|d| d.month0() as u8)
            .collect();
        Calendar {
            start,
            end,
            month_of_day,
        }
    }

    /// Number of simulated days.
    pub fn days(&self) -> i64 {
        self.month_of_day.len() as i64
    }

    /// The end of the horizon (midnight after the last day).
    pub fn horizon_end(&self) -> SimTime {
        SimTime::from_days(self.days())
    }

    /// Simulation time of 00:00 on `date` (may be before zero or after the horizon).
    pub fn time_of(&self, date: NaiveDate) -> SimTime {
        SimTime::from_days((date - self.start).num_days())
    }

    /// The date a simulation time falls on.
    pub fn date_of(&self, t: SimTime) -> NaiveDate {
        self.start + chrono::Days::new(t.day_index().max(0) as u64)
    }

    /// Calendar year of a simulation time.
    pub fn year_of(&self, t: SimTime) -> i32 {
        self.date_of(t).year()
    }

    /// Month (0–11) of a simulation time inside the horizon.
    pub fn month0_of(&self, t: SimTime) -> usize {
        let d = t.day_index().clamp(0, self.days() - 1) as usize;
        self.month_of_day[d] as usize
    }

    /// The calendar years the horizon touches, in order.
    pub fn years(&self) -> Vec<i32> {
        (self.start.year()..=self.end.year()).collect()
    }

    /// Simulated span of `year` inside the horizon, as `[from, to)`.
    pub fn year_span(&self, year: i32) -> (SimTime, SimTime) {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).map_or(self.start, |d| d.max(self.start));
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).map_or(self.end, |d| d);
        let to = self.time_of(next).min(self.horizon_end());
        (self.time_of(first).max(SimTime::ZERO), to)
    }
}

/// A demand zone (town, subdistrict or development zone).
#[derive(Clone, Debug, Serialize)]
pub struct Zone {
    /// English name (the key other sections use).
    pub name: String,
    /// Chinese name, when given.
    pub name_zh: Option<String>,
    /// Seat coordinates.
    pub seat: LatLon,
    /// Projected seat.
    pub pos: Point,
    /// Area, km² (0: a point zone).
    pub area_km2: f64,
    /// Demand weight (population).
    pub weight: f64,
    /// Part of the urban core (milestones report on it).
    pub urban_core: bool,
    /// Whether `weight` is resident population (per-resident checks count it).
    pub weight_is_population: bool,
    /// Area of the built-up core around the seat, km² (0: none).
    pub core_area_km2: f64,
    /// Share of the zone's incidents in the core.
    pub core_share: f64,
    /// Place tags incident subtypes can ask for.
    pub tags: Vec<String>,
}

impl Zone {
    /// Radius of the disc of the zone's area, km.
    pub fn radius_km(&self) -> f64 {
        (self.area_km2 / std::f64::consts::PI).sqrt()
    }

    /// Radius of the disc of the zone's built-up core, km (0: no core).
    pub fn core_radius_km(&self) -> f64 {
        (self.core_area_km2 / std::f64::consts::PI).sqrt()
    }
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

/// A kind of unit (engine, aerial, rescue, …).
#[derive(Clone, Debug, Serialize)]
pub struct UnitKind {
    /// Name.
    pub name: String,
    /// Full crew.
    pub crew: u32,
    /// Fewest firefighters it rides with (between this and `crew` it rides short).
    pub min_crew: u32,
    /// Whether a response plan, or a substitute rule of a kind a plan requests, can ever
    /// request a unit of this kind. Units of other kinds are never crewed.
    pub requestable: bool,
    /// Units of this kind the response plans request per incident (shares × counts, with
    /// the extra units that meet a plan's minimum firefighters): the crewing order.
    pub requests_per_incident: f64,
    /// Kinds sent in its place when none of this kind is available, in order.
    pub substitutes: Vec<usize>,
    /// A substitute is sent instead of an available unit of this kind when its estimated
    /// travel is shorter by more than this, seconds (`None`: only when none is available).
    pub substitute_if_faster_by_s: Option<f64>,
}

/// A station.
#[derive(Clone, Debug, Serialize)]
pub struct Station {
    /// Short id, e.g. `S02`.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// Grade.
    pub grade: Grade,
    /// Location.
    pub location: LatLon,
    /// Projected location.
    pub pos: Point,
    /// Opening date (None: open before the horizon).
    pub opens: Option<NaiveDate>,
    /// Opening as simulation time (zero if before the horizon).
    pub opens_at: SimTime,
    /// Units (indices into [`Scenario::units`]) in the file's order.
    pub units: Vec<usize>,
    /// Units a team may crew before the station opens (from its temporary premises).
    pub temporary_units: u32,
    /// The units kept at the temporary premises (indices into [`Scenario::units`]).
    pub premises_units: Vec<usize>,
    /// Where the temporary premises are.
    pub premises_location: LatLon,
    /// Projected location of the temporary premises.
    pub premises_pos: Point,
    /// Extra turnout from the temporary premises, seconds.
    pub premises_extra_turnout_s: f64,
    /// The station's requestable units in crewing order (most requested kind first, then
    /// file order); units of kinds no plan can request are left out.
    pub crew_order: Vec<usize>,
    /// The same for the premises units.
    pub premises_crew_order: Vec<usize>,
    /// A government full-time station (counts in the plan's checks).
    pub government: bool,
    /// Specialist squads based here (their units are also in `units`, not in `crew_order`).
    pub squads: Vec<Squad>,
}

/// A unit: a vehicle at a station.
#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    /// Id, e.g. `S02-engine-1`.
    pub id: String,
    /// Home station index.
    pub station: usize,
    /// Kind index.
    pub kind: usize,
    /// Where it is kept: its station, or the station's temporary premises.
    pub pos: Point,
    /// Kept at the temporary premises (crewed only before the station opens).
    pub premises: bool,
}

/// A rollout: the dated headcount of every station, and when each station opens.
///
/// Whatever its kind in the file, a rollout resolves to this: the model only sees the
/// headcount steps and the commissioning (opening times, temporary units, on-duty share).
/// A `schedule` rollout also keeps its inputs and, once the prepare step has derived them
/// (with the run's seed), its headcount and the dated joins and departures, for reporting.
/// Loading leaves a schedule's `headcount` and `flows` empty.
#[derive(Clone, Debug, Serialize)]
pub struct Rollout {
    /// Name.
    pub name: String,
    /// What question it answers.
    pub description: String,
    /// The same in Chinese, when given.
    pub description_zh: Option<String>,
    /// How the file states it.
    pub kind: RolloutKind,
    /// Per station: `(from, firefighters)` steps, sorted by time; headcount is 0 before the
    /// first step.
    pub headcount: Vec<Vec<(SimTime, u32)>>,
    /// Per station: when it opens under this rollout (zero if before the horizon).
    pub opens_at: Vec<SimTime>,
    /// Per station: units its team may crew before the station opens.
    pub temporary_units: Vec<u32>,
    /// Share of headcount on duty.
    pub on_duty_fraction: f64,
    /// Per station: the station whose team covers it (it has no team of its own).
    pub covered_by: Vec<Option<usize>>,
    /// The inputs of a `schedule` rollout.
    pub schedule: Option<Schedule>,
    /// Dated joins and departures derived from the schedule (empty for a table).
    pub flows: Vec<Flow>,
    /// The seed a schedule's headcount was derived with (`None`: a table, or a schedule
    /// not yet prepared).
    #[serde(skip)]
    pub derived_with: Option<u64>,
    /// Where a legitimate plan falls short (minimums not met, recruits never on duty):
    /// reported by `firesim rollout` and `firesim run`, never silently changed.
    pub warnings: Vec<Issue>,
}

impl Rollout {
    /// Whether the headcount is known: a table, or a schedule already derived.
    pub fn is_prepared(&self) -> bool {
        self.schedule.is_none() || self.derived_with.is_some()
    }

    /// Headcount of `station` at time `t`.
    pub fn headcount_at(&self, station: usize, t: SimTime) -> u32 {
        self.headcount[station]
            .iter()
            .take_while(|(from, _)| *from <= t)
            .last()
            .map_or(0, |&(_, n)| n)
    }
}

/// Minimum firefighters per station, by grade.
pub type GradeMinimums = raw::RawGradeMinimums;

impl GradeMinimums {
    /// The minimum for `grade`.
    pub fn of(&self, grade: Grade) -> u32 {
        match grade {
            Grade::SpecialDuty => self.special_duty,
            Grade::FirstClass => self.first_class,
            Grade::ProvincialFirst => self.provincial_first,
            Grade::ProvincialSecond => self.provincial_second,
            Grade::Other => self.other,
        }
    }
}

/// The plan's staffing targets.
pub type StaffingTargets = raw::RawTargets;

/// Mutual aid from outside the district.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct MutualAid {
    /// Waiting time after which an unserved requirement is served from outside, s.
    pub delay_s: f64,
    /// Travel time of an outside unit, s.
    pub travel_s: f64,
}

/// A station outside the district whose units can be sent (mutual aid).
#[derive(Clone, Debug, Serialize)]
pub struct OutsideStation {
    /// Name.
    pub name: String,
    /// Location.
    pub location: LatLon,
    /// Projected location.
    pub pos: Point,
    /// Kinds of the units it can send, one entry per unit.
    pub units: Vec<usize>,
    /// Share of days on which it can help.
    pub availability: f64,
}

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
