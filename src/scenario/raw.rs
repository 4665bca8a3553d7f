//! The scenario file as written: serde types that mirror the TOML one to one.
//!
//! Nothing here is checked beyond what serde checks (field names, types). Every raw type
//! denies unknown fields, so a misspelt key is an error naming it rather than a silently
//! ignored setting. [`super::validate`] turns this into the checked [`super::Scenario`].

mod costs;
mod demand;
mod dispatch;
mod districts;
mod document;
mod optimise;
mod rollouts;
mod stations;
mod travel;
mod uncertain;

pub use costs::{RawByGrade, RawConstraints, RawCosts};
pub use demand::{
    BootstrapBlock, Category, DemandSource, LocationSampling, RawBootstrap, RawDemand, RawDuration,
    RawIncidentType, RawPlan, RawPlanUnits, RawSubtype, RawValidation, RecordedMode,
};
pub use dispatch::{
    DispatchPolicyKind, QueueDiscipline, RawAssumption, RawDispatch, RawMutualAid,
    RawOutsideStation, RawStandard,
};
pub use districts::{RawDistricts, RawMicroStations, RawMicroTier, RawUrbanArea};
pub use document::{RawGeography, RawHorizon, RawScenario, RawZone};
pub use optimise::RawOptimise;
pub use rollouts::{
    AllocationPolicy, AttritionMode, RawAttrition, RawIntake, RawOpeningDelay, RawRollout, RawStep,
    RolloutKind,
};
pub use stations::{
    Grade, RawConstruction, RawGradeMinimums, RawPremises, RawSquad, RawStaffing, RawStation,
    RawTargets, RawUnitKind,
};
pub use travel::{
    DEFAULT_MAX_SNAP_M, DEFAULT_OFF_ROAD_KMH, DEFAULT_START_S, RawAreaType, RawNetwork,
    RawResponse, RawTravel,
};
pub use uncertain::RawUncertain;
