//! One `[[uncertain]]` entry as written (checked by
//! [`UncertainScenario`](super::super::UncertainScenario)).

use serde::{Deserialize, Serialize};

/// One `[[uncertain]]` entry as written.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawUncertain {
    /// Dotted path of the field.
    pub param: String,
    /// `uniform`, `triangular`, `normal` or `choice`.
    pub dist: String,
    /// Lower end (uniform, triangular; optional truncation for normal).
    #[serde(default)]
    pub min: Option<f64>,
    /// Mode (triangular).
    #[serde(default)]
    pub mode: Option<f64>,
    /// Upper end (uniform, triangular; optional truncation for normal).
    #[serde(default)]
    pub max: Option<f64>,
    /// Mean (normal).
    #[serde(default)]
    pub mean: Option<f64>,
    /// Standard deviation (normal).
    #[serde(default)]
    pub sd: Option<f64>,
    /// The values (choice), equally likely.
    #[serde(default)]
    pub values: Option<Vec<f64>>,
    /// Why this range.
    pub source: String,
}
