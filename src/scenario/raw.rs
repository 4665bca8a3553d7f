//! The scenario file as written: serde types that mirror the TOML one to one.
//!
//! Nothing here is checked beyond what serde checks (field names, types). Every raw type
//! denies unknown fields, so a misspelt key is an error naming it rather than a silently
//! ignored setting. [`super::validate`] turns this into the checked [`super::Scenario`].

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::value::Datetime;

/// The whole scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `description` in Chinese (Chinese reports show it).
    #[serde(default)]
    pub description_zh: Option<String>,
    pub seed: u64,
    #[serde(default)]
    pub replications: Option<u32>,
    pub horizon: RawHorizon,
    #[serde(default)]
    pub geography: RawGeography,
    pub zones: Vec<RawZone>,
    pub demand: RawDemand,
    pub incident_types: Vec<RawIncidentType>,
    pub travel: RawTravel,
    pub response: RawResponse,
    pub unit_kinds: Vec<RawUnitKind>,
    pub stations: Vec<RawStation>,
    pub staffing: RawStaffing,
    pub rollouts: Vec<RawRollout>,
    #[serde(default)]
    pub dispatch: RawDispatch,
    #[serde(default)]
    pub mutual_aid: RawMutualAid,
    #[serde(default)]
    pub standard: RawStandard,
    /// Micro fire stations, a first-action tier for fires (`micro`).
    #[serde(default)]
    pub micro_stations: Option<RawMicroStations>,
    /// Station districts and the plan's edge rule (`districts`).
    #[serde(default)]
    pub districts: Option<RawDistricts>,
    /// Observed responses to compare a replayed stream with.
    #[serde(default)]
    pub validation: Option<RawValidation>,
    /// Free-form labelled assumptions, listed in reports.
    #[serde(default)]
    pub assumptions: Vec<RawAssumption>,
    /// Uncertain inputs (checked by [`super::uncertain::UncertainScenario`]).
    #[serde(default)]
    pub uncertain: Vec<super::uncertain::RawUncertain>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHorizon {
    pub start: Datetime,
    /// Inclusive last day.
    pub end: Datetime,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeography {
    /// Origin of the local projection; default: mean of the zone seats.
    pub origin_lat: Option<f64>,
    pub origin_lon: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Area; 0 or absent makes the zone a point (incidents at the seat).
    #[serde(default)]
    pub area_km2: f64,
    /// Relative demand weight (usually resident population).
    pub weight: f64,
    #[serde(default)]
    pub urban_core: bool,
    /// Whether `weight` is resident population (counted in per-resident checks); false for
    /// resident-equivalent weights of industrial zones.
    #[serde(default = "yes")]
    pub weight_is_population: bool,
    /// A built-up core around the seat, km² (0: none): `core_share` of the zone's
    /// incidents fall uniformly in a disc of this area, the rest over the whole zone.
    #[serde(default)]
    pub core_area_km2: f64,
    /// Share of the zone's incidents in its core.
    #[serde(default)]
    pub core_share: f64,
    /// Place tags that incident subtypes can ask for (`incident_types.subtypes.zone_tags`).
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// The demand model: generated (the default; `annual_rate` and profiles) or a recorded
/// incident stream (`source = "recorded"`, `file`, `mode`). One struct rather than a
/// flattened tagged enum, so unknown keys stay errors; validation checks which keys belong
/// to which source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    #[serde(default)]
    pub source: DemandSource,
    /// Recorded: the incident CSV, relative to the scenario file.
    #[serde(default)]
    pub file: Option<String>,
    /// Recorded: replay the rows as they are, or resample blocks of them.
    #[serde(default)]
    pub mode: Option<RecordedMode>,
    /// Recorded, `mode = "bootstrap"`: block length and the recorded period.
    #[serde(default)]
    pub bootstrap: Option<RawBootstrap>,
    #[serde(default)]
    pub annual_rate: Option<f64>,
    #[serde(default)]
    pub growth_per_year: f64,
    #[serde(default)]
    pub hour_profile: Option<Vec<f64>>,
    #[serde(default)]
    pub month_profile: Option<Vec<f64>>,
    #[serde(default)]
    pub location: Option<LocationSampling>,
}

/// Where the incident stream comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandSource {
    /// Generated from the demand model (rate, profiles, shares).
    #[default]
    Generated,
    /// Read from an incident CSV (see docs/incident-csv.md).
    Recorded,
}

/// How a recorded stream is played.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordedMode {
    /// Every row once, at its recorded time (rows must fall inside the horizon).
    #[default]
    Replay,
    /// Blocks of the recorded period drawn with replacement to fill the horizon.
    Bootstrap,
}

/// Bootstrap settings: the block length and the recorded period the blocks come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBootstrap {
    pub block: BootstrapBlock,
    /// First recorded day (rows before it are bad rows).
    pub from: Datetime,
    /// Last recorded day, inclusive.
    pub to: Datetime,
}

/// The block a bootstrap resamples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BootstrapBlock {
    /// One calendar day.
    Day,
    /// Seven consecutive days.
    Week,
}

/// `[validation]`: observed unit responses to compare a replayed run with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValidation {
    /// The observed-responses CSV, relative to the scenario file.
    pub observed: String,
}

/// How an incident's location is drawn inside its zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationSampling {
    /// Uniform over a disc of the zone's area centred on its seat.
    #[default]
    Disc,
    /// Always at the zone seat.
    Seat,
}

/// A duration distribution, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawDuration {
    Fixed { value_s: f64 },
    Exponential { mean_s: f64 },
    Lognormal { mean_s: f64, cv: f64 },
    Uniform { min_s: f64, max_s: f64 },
}

/// Fire or not: the plan's two headline categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Fire,
    NonFire,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIncidentType {
    pub name: String,
    pub category: Category,
    pub share: f64,
    pub on_scene: RawDuration,
    /// Multipliers of a zone's demand weight for this type (zone name → factor).
    #[serde(default)]
    pub zone_factor: BTreeMap<String, f64>,
    pub plan: RawPlan,
    /// Place-dependent subtypes with their own response plans (`[[incident_types.subtypes]]`).
    #[serde(default)]
    pub subtypes: Vec<RawSubtype>,
}

/// A subtype of an incident type: in the zones its place names, a share of the type's
/// incidents are this subtype and get its response plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubtype {
    pub name: String,
    /// Zones (by name) where it occurs; with `zone_tags`, a zone must match both.
    #[serde(default)]
    pub zones: Option<Vec<String>>,
    /// Tags a zone must all carry for it to occur there.
    #[serde(default)]
    pub zone_tags: Option<Vec<String>>,
    /// Share of the type's incidents in a matching zone that are this subtype.
    #[serde(default = "one_share")]
    pub share: f64,
    /// On-scene work time; default: the type's.
    #[serde(default)]
    pub on_scene: Option<RawDuration>,
    pub plan: RawPlan,
    #[serde(default)]
    pub source: Option<String>,
}

fn one_share() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub units: Vec<RawPlanUnits>,
    #[serde(default)]
    pub min_firefighters: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanUnits {
    pub kind: String,
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

/// The travel model, tagged by `model`.
#[derive(Debug, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawTravel {
    /// Kolesar acceleration–cruise on straight-line distance × detour factor.
    Kolesar {
        cruise_kmh: f64,
        accel_ms2: f64,
        detour_factor: f64,
        #[serde(default)]
        spread_cv: f64,
    },
    /// A zone × station travel-time matrix from CSV.
    Matrix {
        file: String,
        #[serde(default)]
        spread_cv: f64,
    },
    /// No travel at all (textbook queueing checks).
    Zero,
    /// Shortest paths on an OpenStreetMap road network (`src/travel/network.rs`).
    Network(RawNetwork),
}

/// `[travel] model = "network"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    /// The `.osm.pbf` file, relative to the scenario.
    pub osm: String,
    /// Speeds by `highway` class, km/h, replacing those of the default table.
    #[serde(default)]
    pub speeds_kmh: std::collections::BTreeMap<String, f64>,
    /// Lights-and-sirens factor on every road speed.
    #[serde(default = "unit_factor")]
    pub speed_factor: f64,
    /// Factors by `highway` class on top of `speed_factor` (absent: 1), as `firesim
    /// calibrate` fits them where the observed trips identify them.
    #[serde(default)]
    pub class_factors: std::collections::BTreeMap<String, f64>,
    /// Speed of the straight leg between a place and its nearest road node, km/h.
    #[serde(default = "default_off_road_kmh")]
    pub off_road_kmh: f64,
    /// A station or zone seat farther than this from every road is an error, m.
    #[serde(default = "default_max_snap_m")]
    pub max_snap_m: f64,
    /// Fixed time per trip for starting and stopping, seconds.
    #[serde(default = "default_start_s")]
    pub start_s: f64,
    #[serde(default)]
    pub spread_cv: f64,
    /// Factors on travel times by hour of the day (24 values; absent: all 1).
    #[serde(default)]
    pub hour_factors: Option<Vec<f64>>,
}

fn unit_factor() -> f64 {
    1.0
}

/// [estimate] the last stretch between an address and the nearest mapped road node is a
/// driveway, a yard or the rest of a block taken slowly: OSRM's car profile's speed for
/// `highway=service` (15 km/h).
pub const DEFAULT_OFF_ROAD_KMH: f64 = 15.0;
/// [estimate] half a kilometre: a station or zone seat farther than that from any mapped
/// road means the extract does not cover it (or the coordinates are wrong).
pub const DEFAULT_MAX_SNAP_M: f64 = 500.0;

/// [estimate] the time a trip loses to starting from rest and stopping at the address:
/// `v/a` of the Kolesar model with RAND R-1449's acceleration (0.4 m/s²) and an urban
/// cruise of 40 km/h (28 s). `firesim calibrate` fits it.
pub const DEFAULT_START_S: f64 = 27.8;

fn default_start_s() -> f64 {
    DEFAULT_START_S
}

fn default_off_road_kmh() -> f64 {
    DEFAULT_OFF_ROAD_KMH
}

fn default_max_snap_m() -> f64 {
    DEFAULT_MAX_SNAP_M
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    pub call_processing: RawDuration,
    pub turnout: RawDuration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnitKind {
    pub name: String,
    /// Full crew.
    pub crew: u32,
    /// Fewest firefighters the unit may ride with (short of `crew`); default: `crew`.
    #[serde(default)]
    pub min_crew: Option<u32>,
    #[serde(default)]
    pub substitutes: Vec<String>,
    /// Send the closest substitute instead of the closest unit of this kind when its
    /// estimated travel is shorter by more than this (seconds); absent: substitutes only
    /// when no unit of this kind is available.
    #[serde(default)]
    pub substitute_if_faster_by_s: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub grade: Grade,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub location_source: Option<String>,
    /// Opening date; absent means open before the horizon.
    #[serde(default)]
    pub opens: Option<Datetime>,
    /// Unit kinds in crewing priority order.
    pub units: Vec<String>,
    /// Units a team may crew before the station opens (temporary premises); 0: none.
    #[serde(default)]
    pub temporary_units: u32,
    /// The temporary premises a team works from before the station opens.
    #[serde(default)]
    pub premises: Option<RawPremises>,
    /// Whether the station is counted among government full-time stations (plan checks).
    #[serde(default = "yes")]
    pub government: bool,
    /// Specialist squads based here, each a unit with its own members.
    #[serde(default)]
    pub squads: Vec<RawSquad>,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// A specialist squad: one unit of `kind` at its station, crewed from its own `members`
/// (not from the station's headcount) once the station opens.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSquad {
    pub kind: String,
    pub members: u32,
    #[serde(default)]
    pub source: Option<String>,
}

/// Temporary premises (before a station opens): where, with which units, how much slower.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPremises {
    /// Location; default: the seat of the zone nearest the station (the town seat).
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// Unit kinds kept there; default: `temporary_units` units of the station's most
    /// requested kind.
    #[serde(default)]
    pub units: Option<Vec<String>>,
    /// Extra turnout from these premises, seconds; default: `staffing.premises_extra_turnout_s`.
    #[serde(default)]
    pub extra_turnout_s: Option<f64>,
    #[serde(default)]
    pub source: Option<String>,
}

/// Station grade, as the plan names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 特勤站.
    SpecialDuty,
    /// 一级普通站 (national team).
    FirstClass,
    /// 省规一级站.
    ProvincialFirst,
    /// 省规二级站.
    ProvincialSecond,
    /// Any other station (validation scenarios, foreign departments).
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaffing {
    /// Share of a station's headcount on duty at any moment (shift pattern, leave, training).
    pub on_duty_fraction: f64,
    /// Probability that a rostered firefighter is absent on a given day (sickness, courses,
    /// unplanned leave); the rota rosters `on_duty_fraction / (1 − absence_rate)` of a
    /// station's firefighters each day so that the mean share on duty stays
    /// `on_duty_fraction`.
    #[serde(default)]
    pub absence_rate: f64,
    /// Extra turnout of a unit riding short of its full crew, seconds.
    #[serde(default)]
    pub short_crew_extra_turnout_s: f64,
    /// Extra turnout from temporary premises, seconds (a station's `premises` may override).
    #[serde(default)]
    pub premises_extra_turnout_s: f64,
    /// Minimum firefighters per station, by grade (the plan's 45/24/16); 0 where absent.
    #[serde(default)]
    pub grade_minimums: RawGradeMinimums,
    /// The plan's own staffing targets, checked by `firesim rollout`.
    #[serde(default)]
    pub targets: RawTargets,
}

/// Minimum firefighters of a station of each grade (a table keyed by grade).
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGradeMinimums {
    #[serde(default)]
    pub special_duty: u32,
    #[serde(default)]
    pub first_class: u32,
    #[serde(default)]
    pub provincial_first: u32,
    #[serde(default)]
    pub provincial_second: u32,
    #[serde(default)]
    pub other: u32,
}

/// The plan's staffing targets at the end of the horizon.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// At least this many government firefighters at the end of the horizon.
    #[serde(default)]
    pub government_firefighters: Option<u32>,
    /// At least this many government firefighters per 1,000 residents.
    #[serde(default)]
    pub per_1000_residents: Option<f64>,
}

/// A named rollout. One struct for every kind (not a flattened tagged enum: serde's
/// `flatten` cannot deny unknown fields, and misspelt keys must be errors); which fields a
/// kind takes is checked in validation. Every field but `name` and `description` may be
/// inherited from the rollout named by `base`; a field given replaces the base's whole.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRollout {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `description` in Chinese (Chinese reports show it; not inherited from `base`).
    #[serde(default)]
    pub description_zh: Option<String>,
    /// `table` or `schedule`; may come from `base`.
    pub kind: Option<RolloutKind>,
    /// Another rollout whose fields this one inherits.
    pub base: Option<String>,
    /// For `kind = "table"`: a literal dated headcount table per station id.
    pub headcount: Option<BTreeMap<String, Vec<RawStep>>>,
    /// Schedule: recruits per calendar year of the horizon, in order, joining on
    /// `intake_date` of each year.
    pub recruits: Option<Vec<i64>>,
    /// Schedule: dated intakes, instead of `recruits`.
    pub intakes: Option<Vec<RawIntake>>,
    /// Schedule: the day recruits of a year join, `MM-DD`.
    pub intake_date: Option<String>,
    /// Schedule: days of induction before a recruit goes on duty.
    pub induction_days: Option<i64>,
    /// Schedule: who leaves, and how it is applied.
    pub attrition: Option<RawAttrition>,
    /// Schedule: how recruits are assigned to teams.
    pub allocation: Option<AllocationPolicy>,
    /// Schedule: government firefighters per station at the start of the horizon.
    pub starting_headcount: Option<BTreeMap<String, i64>>,
    /// Schedule: teams outside the rollout with a constant headcount (the national team).
    pub fixed_teams: Option<BTreeMap<String, i64>>,
    /// Stations with no team of their own, covered by another station's team.
    pub covered_by: Option<BTreeMap<String, String>>,
    /// Opening date per station, replacing the station table's.
    pub opens: Option<BTreeMap<String, Datetime>>,
    /// Units a team crews before its station opens, replacing the station table's.
    pub temporary_units: Option<BTreeMap<String, i64>>,
    /// Openings moved by whole years, per group of stations.
    pub opening_delays: Option<Vec<RawOpeningDelay>>,
    /// Share of headcount on duty, replacing `staffing.on_duty_fraction`.
    pub on_duty_fraction: Option<f64>,
}

/// How a rollout states its staffing. (Not a flattened tagged enum: serde's `flatten`
/// cannot deny unknown fields, and misspelt keys must be errors.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RolloutKind {
    /// A literal dated headcount table per station.
    Table,
    /// Recruits, induction, attrition and an allocation policy, from which firesim derives
    /// the dated headcount.
    Schedule,
}

/// One dated intake of recruits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntake {
    pub date: Datetime,
    pub recruits: i64,
}

/// Attrition: an annual leaving rate and how it is applied.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttrition {
    /// Share of government firefighters leaving per year (0.10 = 10%).
    pub rate: f64,
    #[serde(default)]
    pub mode: AttritionMode,
}

/// How attrition becomes departures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttritionMode {
    /// The expected departures of each year, rounded once for the district and shared by
    /// largest remainder in proportion to headcount, applied on 1 January. The default: the
    /// same timeline for every seed, so rollouts differ only by what they choose.
    #[default]
    Expected,
    /// Each firefighter leaves at a dated time drawn from the seed's staffing stream
    /// (exponential, so that the chance of leaving within a year is the rate).
    Drawn,
}

/// How recruits are assigned to teams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AllocationPolicy {
    /// Fill teams to their grade minimum in the order their stations open; share the rest in
    /// proportion to the minimums.
    OpeningOrder,
    /// Bring every open station to its minimum (shortfalls shared evenly) before a later one,
    /// and every station to its minimum before anyone goes above it.
    GradeMinimumFirst,
    /// Move headcount towards shares proportional to each station's first-due demand.
    DemandWeighted,
    /// Each batch (the recruits that crew one more unit) goes where it adds the most
    /// population within the response standard.
    CoverageGreedy,
}

/// A group of station openings moved by whole years.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOpeningDelay {
    /// These stations...
    pub stations: Option<Vec<String>>,
    /// ...or every station the table opens in this year.
    pub opening_year: Option<i32>,
    /// Years of delay.
    pub years: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub from: Datetime,
    pub firefighters: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDispatch {
    #[serde(default)]
    pub policy: DispatchPolicyKind,
    #[serde(default)]
    pub queue: QueueDiscipline,
}

/// Which dispatch policy the simulation uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchPolicyKind {
    /// For each unit kind in the plan, the available crewed unit with the shortest
    /// estimated travel time.
    #[default]
    Closest,
}

/// Order in which waiting requirements are served when a unit frees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueDiscipline {
    /// First come, first served.
    #[default]
    Fifo,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMutualAid {
    /// The last-resort rule: a requirement still waiting after `delay_s` is served from
    /// outside, arriving `travel_s` later.
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub delay_s: f64,
    #[serde(default)]
    pub travel_s: f64,
    /// Neighbouring stations outside the district, dispatched like any unit.
    #[serde(default)]
    pub stations: Vec<RawOutsideStation>,
}

/// A station outside the district that can send units (mutual aid).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutsideStation {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Unit kinds it can send.
    pub units: Vec<String>,
    /// Share of days on which it can help (each day drawn, the same day in every rollout).
    pub availability: f64,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStandard {
    /// The response standard, seconds from dispatch order to first arrival.
    #[serde(default = "five_minutes")]
    pub first_arrival_s: f64,
    /// Further thresholds (seconds from the dispatch order) whose compliance is reported.
    #[serde(default = "default_thresholds")]
    pub thresholds_s: Vec<f64>,
    /// Share of incidents within the standard that counts as meeting it (milestones).
    #[serde(default = "default_target")]
    pub compliance_target: f64,
}

impl Default for RawStandard {
    fn default() -> Self {
        RawStandard {
            first_arrival_s: five_minutes(),
            thresholds_s: default_thresholds(),
            compliance_target: default_target(),
        }
    }
}

fn default_thresholds() -> Vec<f64> {
    vec![240.0, 300.0, 480.0, 600.0]
}

fn default_target() -> f64 {
    0.9
}

fn five_minutes() -> f64 {
    300.0
}

#[derive(Debug, Deserialize, serde::Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawAssumption {
    pub name: String,
    pub value: String,
    pub source: String,
    /// The same three in Chinese, each optional: a Chinese report shows the English, marked
    /// as untranslated, where one is missing.
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub value_zh: Option<String>,
    #[serde(default)]
    pub source_zh: Option<String>,
}

/// `[micro_stations]`: tiers of micro fire stations (`micro`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMicroStations {
    pub tiers: Vec<RawMicroTier>,
}

/// `[[micro_stations.tiers]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMicroTier {
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub count: i64,
    pub placed_by: super::micro::Placement,
    pub availability: f64,
    pub muster: RawDuration,
    pub speed_kmh: f64,
    pub max_distance_km: f64,
    #[serde(default)]
    pub source: String,
}

/// `[districts]`: the built-up area and the area limits (`districts`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistricts {
    pub urban_area: RawUrbanArea,
    #[serde(default = "default_area_limit")]
    pub area_limit_km2: f64,
    #[serde(default = "default_suburban_area_limit")]
    pub suburban_area_limit_km2: f64,
}

/// The built-up area: a polygon of `[lat, lon]` vertices, with its source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUrbanArea {
    pub polygon: Vec<[f64; 2]>,
    pub source: String,
}

/// 建标152-2017: a station district is at most 7 km².
fn default_area_limit() -> f64 {
    7.0
}

/// 建标152-2017: at most 15 km² at the edge of built-up land (近郊区).
fn default_suburban_area_limit() -> f64 {
    15.0
}
