//! The stations and their units as validated: unit kinds, stations (with temporary
//! premises and squads), units, the grade minimums and staffing targets, mutual aid and
//! the stations outside the district.

use super::places::Squad;
use super::raw::{self, Grade};
use crate::ground::engine::SimTime;
use crate::ground::geo::{LatLon, Point};
use chrono::NaiveDate;
use serde::Serialize;

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
    /// Units (indices into [`Scenario::units`](super::Scenario::units)) in the file's order.
    pub units: Vec<usize>,
    /// Units a team may crew before the station opens (from its temporary premises).
    pub temporary_units: u32,
    /// The units kept at the temporary premises (indices into [`Scenario::units`](super::Scenario::units)).
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
