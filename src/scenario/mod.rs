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

pub mod boundary;
mod calendar;
mod costs;
pub mod districts;
mod fleet;
mod incidents;
mod issue;
pub mod micro;
pub mod optimise;
pub mod osm;
mod places;
pub mod raw;
pub mod recorded;
mod resolved;
mod rollout;
pub mod schedule;
pub mod uncertain;
mod validate;
mod zone;

pub use calendar::Calendar;
pub use costs::{ByGrade, Constraints, Costs};
pub use fleet::{
    GradeMinimums, MutualAid, OutsideStation, StaffingTargets, Station, Unit, UnitKind,
};
pub use incidents::{Demand, IncidentSource, IncidentType, ResponsePlan};
pub use issue::{Issue, LoadOptions, ScenarioError};
pub use optimise::Optimise;
pub use places::{Squad, Subtype, pick_subtype};
pub use raw::{
    AllocationPolicy, AttritionMode, Category, DispatchPolicyKind, Grade, LocationSampling,
    QueueDiscipline, RolloutKind,
};
pub use recorded::{BadRow, Observed, RecordedStream};
pub use resolved::{Assumption, Scenario};
pub use rollout::{Rollout, RolloutRole};
pub use schedule::{Flow, Intake, Schedule};
pub use uncertain::{InputDist, UncertainInput, UncertainScenario};
pub use validate::{
    content_hash, from_str, from_str_with, input_files, load, load_adding, load_with, read_observed,
};
pub use zone::Zone;
