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
    /// The values (choice), equally likely: numbers for a numeric field, or any TOML
    /// values (tables, text, lists) that replace the field whole.
    #[serde(default)]
    pub values: Option<Vec<toml::Value>>,
    /// What each value stands for (choice; default: the value as written).
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    /// `labels` in Chinese (Chinese reports show them).
    #[serde(default)]
    pub labels_zh: Option<Vec<String>>,
    /// Why this range.
    pub source: String,
    /// `source` in Chinese (Chinese reports show it).
    #[serde(default)]
    pub source_zh: Option<String>,
}
