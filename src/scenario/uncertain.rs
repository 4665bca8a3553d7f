//! Uncertain inputs: the `[[uncertain]]` entries of a scenario (and of `--uncertain` files),
//! and the scenario at a chosen value of each.
//!
//! An entry names a numeric field by its dotted TOML path (`travel.cruise_kmh`; an element
//! of an array of tables by its `name` or `id`: `incident_types.structure_fire.share`,
//! `rollouts.plan.attrition.rate`), a distribution and a source. A value is applied to the
//! parsed TOML document *before* validation, so every point of a design is checked exactly
//! as a hand-edited file would be, and this module needs nothing above `scenario`.
//!
//! An entry is rejected, with its index and parameter, when its path does not lead to a
//! number in the file, when its distribution is malformed, or when the scenario does not
//! validate with the field at either end of the distribution's range (for a normal, its
//! 0.1% and 99.9% quantiles after truncation).

use super::raw::RawUncertain;
use super::{Issue, LoadOptions, Scenario, ScenarioError};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// A distribution of an uncertain input, mapped from a uniform number in [0, 1).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum InputDist {
    /// Uniform on [min, max].
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// Triangular on [min, max] with its peak at `mode`.
    Triangular {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// Normal truncated to [lo, hi] (the field's valid range unless narrowed).
    Normal {
        /// Mean before truncation.
        mean: f64,
        /// Standard deviation before truncation.
        sd: f64,
        /// Lower truncation.
        lo: f64,
        /// Upper truncation.
        hi: f64,
    },
    /// One of `values`, equally likely.
    Choice {
        /// The values.
        values: Vec<f64>,
    },
}

impl InputDist {
    /// The value at uniform quantile `u` (inverse CDF), `u` in [0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            InputDist::Uniform { min, max } => min + u * (max - min),
            InputDist::Triangular { min, mode, max } => {
                let (a, c, b) = (*min, *mode, *max);
                let fc = if b > a { (c - a) / (b - a) } else { 0.5 };
                if u < fc {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
            InputDist::Normal { mean, sd, lo, hi } => match Normal::new(*mean, *sd) {
                Ok(n) => {
                    let (pl, ph) = (n.cdf(*lo), n.cdf(*hi));
                    n.inverse_cdf(pl + u * (ph - pl)).clamp(*lo, *hi)
                }
                Err(_) => *mean,
            },
            InputDist::Choice { values } => {
                let i = ((u * values.len() as f64) as usize).min(values.len().saturating_sub(1));
                values.get(i).copied().unwrap_or(f64::NAN)
            }
        }
    }

    /// The values validation is probed at: both ends of the range.
    fn probes(&self) -> Vec<f64> {
        match self {
            InputDist::Choice { values } => values.clone(),
            InputDist::Normal { .. } => vec![self.quantile(0.001), self.quantile(0.999)],
            _ => vec![self.quantile(0.0), self.quantile(1.0)],
        }
    }

    /// Whether the value is one of a few discrete choices (for value-of-information bins).
    pub fn is_choice(&self) -> bool {
        matches!(self, InputDist::Choice { .. })
    }
}

/// A checked uncertain input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UncertainInput {
    /// Dotted path of the field.
    pub param: String,
    /// Its distribution.
    #[serde(flatten)]
    pub dist: InputDist,
    /// Why this range.
    pub source: String,
    /// The value in the scenario file.
    pub nominal: f64,
    /// The field is an integer in the file (drawn values are rounded).
    pub integer: bool,
}

/// A scenario with uncertain inputs: the parsed document and the checked inputs.
#[derive(Clone, Debug)]
pub struct UncertainScenario {
    /// The file.
    pub file: PathBuf,
    /// The scenario at its nominal values.
    pub nominal: Scenario,
    /// The inputs, in file order (entries of `--uncertain` files replace same-parameter
    /// entries in place or are appended).
    pub inputs: Vec<UncertainInput>,
    doc: Table,
    opts: LoadOptions,
}

/// The field's valid range where validation needs a bound for a normal's truncation (the
/// probes then check the whole range against the validator itself).
fn valid_range(param: &str) -> (f64, f64) {
    let leaf = param.rsplit('.').next().unwrap_or(param);
    match leaf {
        "on_duty_fraction" | "share" | "core_share" | "absence_rate" => (0.0, 1.0),
        "rate" => (0.0, 0.999),
        "growth_per_year" => (-0.99, f64::INFINITY),
        "lat" | "lon" | "origin_lat" | "origin_lon" => (f64::NEG_INFINITY, f64::INFINITY),
        _ => (0.0, f64::INFINITY),
    }
}

fn dist_of(e: &RawUncertain) -> Result<InputDist, String> {
    let need = |v: Option<f64>, what: &str| {
        v.filter(|x| x.is_finite())
            .ok_or_else(|| format!("`{}` needs a finite `{what}`", e.dist))
    };
    let d = match e.dist.as_str() {
        "uniform" => InputDist::Uniform {
            min: need(e.min, "min")?,
            max: need(e.max, "max")?,
        },
        "triangular" => InputDist::Triangular {
            min: need(e.min, "min")?,
            mode: need(e.mode, "mode")?,
            max: need(e.max, "max")?,
        },
        "normal" => {
            let (vlo, vhi) = valid_range(&e.param);
            InputDist::Normal {
                mean: need(e.mean, "mean")?,
                sd: need(e.sd, "sd")?,
                lo: e.min.unwrap_or(vlo).max(vlo),
                hi: e.max.unwrap_or(vhi).min(vhi),
            }
        }
        "choice" => match &e.values {
            Some(v) if !v.is_empty() && v.iter().all(|x| x.is_finite()) => {
                InputDist::Choice { values: v.clone() }
            }
            _ => return Err("`choice` needs a non-empty list of finite `values`".into()),
        },
        other => {
            return Err(format!(
                "unknown dist `{other}` (uniform, triangular, normal or choice)"
            ));
        }
    };
    let ok = match &d {
        InputDist::Uniform { min, max } => min < max,
        InputDist::Triangular { min, mode, max } => min <= mode && mode <= max && min < max,
        InputDist::Normal { mean, sd, lo, hi } => *sd > 0.0 && lo < hi && mean.is_finite(),
        InputDist::Choice { .. } => true,
    };
    if !ok {
        return Err(
            "the range is empty or inverted (need min < max, min ≤ mode ≤ max, sd > 0)".into(),
        );
    }
    let (vlo, vhi) = valid_range(&e.param);
    let probes = d.probes();
    if probes.iter().any(|x| *x < vlo || *x > vhi) {
        return Err(format!(
            "the range reaches outside the field's valid values [{vlo}, {vhi}]"
        ));
    }
    Ok(d)
}

/// The numeric value at `path` in `doc`, or why there is none.
fn lookup<'a>(doc: &'a mut Table, path: &str) -> Result<&'a mut Value, String> {
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let mut cur = doc
        .get_mut(first)
        .ok_or_else(|| format!("the file has no `{first}`"))?;
    let mut walked = first.to_string();
    for p in parts {
        cur = match cur {
            Value::Table(t) => t.get_mut(p),
            Value::Array(a) => a.iter_mut().find(|v| {
                v.get("name").and_then(Value::as_str) == Some(p)
                    || v.get("id").and_then(Value::as_str) == Some(p)
            }),
            _ => None,
        }
        .ok_or_else(|| format!("`{walked}` has no `{p}` in the file"))?;
        walked = format!("{walked}.{p}");
    }
    Ok(cur)
}

fn set(doc: &mut Table, path: &str, x: f64) -> Result<(), String> {
    let v = lookup(doc, path)?;
    match v {
        Value::Integer(_) => *v = Value::Integer(x.round() as i64),
        Value::Float(_) => *v = Value::Float(x),
        _ => return Err("the field is not a number".into()),
    }
    Ok(())
}

#[track_caller]
fn entry_issue(i: usize, e: &str, message: String) -> Issue {
    Issue::new(format!("uncertain[{i}] (`{e}`)"), message)
}

impl UncertainScenario {
    /// Read the scenario at `path` with its `[[uncertain]]` entries (none if `only_extra`),
    /// then add or replace entries from each of `extra` (files of `[[uncertain]]` entries
    /// only).
    pub fn load(
        path: &Path,
        extra: &[PathBuf],
        only_extra: bool,
        opts: LoadOptions,
    ) -> Result<UncertainScenario, ScenarioError> {
        let nominal = super::load_with(path, opts)?;
        let doc = read_table(path)?;
        let mut entries = if only_extra {
            vec![]
        } else {
            entries_of(&doc, path)?
        };
        for f in extra {
            let t = read_table(f)?;
            if let Some(k) = t.keys().find(|k| *k != "uncertain") {
                return Err(ScenarioError::Parse {
                    file: f.clone(),
                    message: format!(
                        "an --uncertain file holds only [[uncertain]] entries, not `{k}`"
                    ),
                });
            }
            let from_file = entries_of(&t, f)?;
            for (i, e) in from_file.iter().enumerate() {
                if from_file[..i].iter().any(|x| x.param == e.param) {
                    return Err(ScenarioError::Parse {
                        file: f.clone(),
                        message: format!(
                            "uncertain[{i}].param: `{}` is named twice in this file (an \
                             --uncertain file replaces the scenario's entry of a parameter, \
                             so each may appear once)",
                            e.param
                        ),
                    });
                }
            }
            for e in from_file {
                match entries.iter().position(|x| x.param == e.param) {
                    Some(i) => entries[i] = e,
                    None => entries.push(e),
                }
            }
        }
        let mut u = UncertainScenario {
            file: path.to_path_buf(),
            nominal,
            inputs: vec![],
            doc,
            opts,
        };
        u.inputs = u.check(&entries)?;
        Ok(u)
    }

    fn check(&self, entries: &[RawUncertain]) -> Result<Vec<UncertainInput>, ScenarioError> {
        let mut issues = vec![];
        let mut inputs = vec![];
        for (i, e) in entries.iter().enumerate() {
            if entries[..i].iter().any(|x| x.param == e.param) {
                issues.push(entry_issue(
                    i,
                    &e.param,
                    "the parameter is named twice".into(),
                ));
                continue;
            }
            let mut doc = self.doc.clone();
            let (nominal, integer) = match lookup(&mut doc, &e.param) {
                Ok(Value::Integer(n)) => (*n as f64, true),
                Ok(Value::Float(x)) => (*x, false),
                Ok(_) => {
                    issues.push(entry_issue(i, &e.param, "the field is not a number".into()));
                    continue;
                }
                Err(m) => {
                    issues.push(entry_issue(i, &e.param, m));
                    continue;
                }
            };
            let dist = match dist_of(e) {
                Ok(d) => d,
                Err(m) => {
                    issues.push(entry_issue(i, &e.param, m));
                    continue;
                }
            };
            for x in dist.probes() {
                let mut d = self.doc.clone();
                let bad = set(&mut d, &e.param, x)
                    .err()
                    .or_else(|| self.validate(d).err().map(|err| err.to_string()));
                if let Some(m) = bad {
                    issues.push(entry_issue(
                        i,
                        &e.param,
                        format!("the scenario is invalid with the field at {x}: {m}"),
                    ));
                    break;
                }
            }
            inputs.push(UncertainInput {
                param: e.param.clone(),
                dist,
                source: e.source.clone(),
                nominal,
                integer,
            });
        }
        if issues.is_empty() {
            Ok(inputs)
        } else {
            Err(ScenarioError::Invalid {
                file: self.file.clone(),
                issues,
            })
        }
    }

    fn validate(&self, mut doc: Table) -> Result<Scenario, ScenarioError> {
        doc.remove("uncertain");
        super::validate::from_table(doc, &self.file, self.opts)
    }

    /// The value of each input at uniform quantiles `u` (one per input).
    pub fn values_at(&self, u: &[f64]) -> Vec<f64> {
        self.inputs
            .iter()
            .zip(u)
            .map(|(inp, &u)| {
                let x = inp.dist.quantile(u);
                if inp.integer { x.round() } else { x }
            })
            .collect()
    }

    /// The scenario with each input at `values` (one per input, in order).
    pub fn scenario_at(&self, values: &[f64]) -> Result<Scenario, ScenarioError> {
        let mut doc = self.doc.clone();
        for (inp, &x) in self.inputs.iter().zip(values) {
            set(&mut doc, &inp.param, x).map_err(|m| ScenarioError::Invalid {
                file: self.file.clone(),
                issues: vec![Issue::new(inp.param.clone(), m)],
            })?;
        }
        self.validate(doc)
    }
}

fn read_table(path: &Path) -> Result<Table, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    text.parse::<Table>().map_err(|e| ScenarioError::Parse {
        file: path.to_path_buf(),
        message: e.to_string().trim_end().to_string(),
    })
}

fn entries_of(doc: &Table, file: &Path) -> Result<Vec<RawUncertain>, ScenarioError> {
    match doc.get("uncertain") {
        None => Ok(vec![]),
        Some(v) => v
            .clone()
            .try_into::<Vec<RawUncertain>>()
            .map_err(|e| ScenarioError::Parse {
                file: file.to_path_buf(),
                message: format!("[[uncertain]]: {}", e.to_string().trim_end()),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_the_distributions() {
        let t = InputDist::Triangular {
            min: 0.0,
            mode: 1.0,
            max: 2.0,
        };
        assert!((t.quantile(0.5) - 1.0).abs() < 1e-12);
        assert!((t.quantile(0.125) - 0.5).abs() < 1e-12);
        let n = InputDist::Normal {
            mean: 0.0,
            sd: 1.0,
            lo: 0.0,
            hi: f64::INFINITY,
        };
        // Half-normal: its median is the standard normal's 75% quantile.
        assert!((n.quantile(0.5) - 0.674_489_750_196_081_7).abs() < 1e-9);
        let c = InputDist::Choice {
            values: vec![1.0, 2.0, 3.0],
        };
        assert_eq!(
            (c.quantile(0.0), c.quantile(0.5), c.quantile(0.99)),
            (1.0, 2.0, 3.0)
        );
    }
}
