//! San Francisco Fire Department "Calls for Service" records (DataSF dataset nuek-vuh3; one
//! row per unit response) → firesim's incident CSV, observed-responses CSV and a scenario
//! fragment (docs/incident-csv.md). The mapping rules live here; `firesim import sf-calls`
//! (`commands::import`) only opens the files and writes the results.
//!
//! What is kept: responses of engines (`Exx`), trucks (`Txx`) and rescue squads (`RSx`),
//! mapped to their stations by the stations file's `units` column (or, for an engine or
//! truck it does not list, by its number). Medic units (ambulances), private ambulances,
//! chiefs, rescue captains, support and investigation units are left out: the model is of
//! fire units, and SF's medics are a separate EMS system with their own deployment (they
//! post on street corners rather than at fire stations). Incidents that got no kept unit
//! are left out with them. Each incident's type comes from its SF `Call Type` and what SF
//! sent ([`incident_type`]), so that a type's plan asks for an engine exactly when SF sent
//! one.

mod calls;
mod convert;
mod error;
mod fragment;
mod outputs;
mod read;
mod types;
mod units;

pub use calls::{BBox, CallCounts, RowCounts};
pub use convert::{SfImport, StationCounts, import};
pub use error::SfError;
pub use types::{TYPES, incident_type};
pub use units::{Station, read_stations};
