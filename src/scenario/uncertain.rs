//! Uncertain inputs: the `[[uncertain]]` entries of a scenario (and of `--uncertain` files),
//! and the scenario at a chosen value of each.
//!
//! An entry names a field by its dotted TOML path (`travel.cruise_kmh`; an element of an
//! array of tables by its `name` or `id`: `incident_types.structure_fire.share`,
//! `rollouts.plan.attrition.rate`; a key of a table: `construction.delay_days.2022`), a
//! distribution and a source. A numeric field takes any distribution; a `choice` may also
//! list other TOML values (tables, text, lists: `values = [{ S20 = "S09" }, {}]`), each of
//! which replaces the field whole, and then counts as the number of its position (0, 1, …)
//! in the design. A value is applied to the parsed TOML document *before* validation, so
//! every point of a design is checked exactly as a hand-edited file would be, and this
//! module needs nothing above `scenario`. A `rollouts.NAME.FIELD…` path sets `NAME`'s
//! field, which every rollout inheriting that field from `NAME` (through `base`) takes
//! too ([`UncertainInput::applies_to`] names them).
//!
//! An entry is rejected, with its index and parameter, when its path does not lead to a
//! number in the file (or, for a `choice` of other values, to any value, which must be
//! one of the listed ones), when its distribution is malformed or gives a field another
//! distribution takes, or when the scenario does not validate with the field at either
//! end of the distribution's range (for a normal, its 0.1% and 99.9% quantiles after
//! truncation; for a choice, at every value).

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
        /// The values: the field's numbers, or for a choice among other TOML values
        /// (tables, text) their positions 0, 1, … in the list.
        values: Vec<f64>,
        /// What each value stands for (the entry's `labels`, else the value as written).
        labels: Vec<String>,
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
            InputDist::Choice { values, .. } => {
                let i = ((u * values.len() as f64) as usize).min(values.len().saturating_sub(1));
                values.get(i).copied().unwrap_or(f64::NAN)
            }
        }
    }

    /// The values validation is probed at: both ends of the range.
    fn probes(&self) -> Vec<f64> {
        match self {
            InputDist::Choice { values, .. } => values.clone(),
            InputDist::Normal { .. } => vec![self.quantile(0.001), self.quantile(0.999)],
            _ => vec![self.quantile(0.0), self.quantile(1.0)],
        }
    }

    /// Whether the value is one of a few discrete choices (for value-of-information bins).
    pub fn is_choice(&self) -> bool {
        matches!(self, InputDist::Choice { .. })
    }

    /// The label of a choice's value `x` (`None` for other distributions or a value not
    /// listed).
    pub fn label_of(&self, x: f64) -> Option<&str> {
        match self {
            InputDist::Choice { values, labels } => values
                .iter()
                .position(|v| *v == x)
                .and_then(|i| labels.get(i))
                .map(String::as_str),
            _ => None,
        }
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
    /// `source` in Chinese, when the entry gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_zh: Option<String>,
    /// A choice's labels in Chinese, when the entry gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels_zh: Option<Vec<String>>,
    /// The value in the scenario file (for a choice among other TOML values, its position
    /// in the list).
    pub nominal: f64,
    /// The field is an integer in the file (drawn values are rounded).
    pub integer: bool,
    /// For a `rollouts.NAME.FIELD…` path: the rollouts the value reaches (`NAME` and every
    /// rollout that inherits `FIELD` from it); empty for any other path (the value is the
    /// whole scenario's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<String>,
    /// A choice among other TOML values: the values, set whole (the design's number is the
    /// position in this list).
    #[serde(skip)]
    pub options: Option<Vec<Value>>,
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

/// The fields each distribution takes (besides `param`, `dist` and `source`).
fn takes(dist: &str) -> &'static [&'static str] {
    match dist {
        "uniform" => &["min", "max"],
        "triangular" => &["min", "mode", "max"],
        "normal" => &["mean", "sd", "min", "max"],
        "choice" => &["values", "labels", "labels_zh"],
        _ => &[],
    }
}

/// A field the entry gives that its distribution does not take, if any.
fn stray(e: &RawUncertain) -> Option<&'static str> {
    let given = [
        ("min", e.min.is_some()),
        ("mode", e.mode.is_some()),
        ("max", e.max.is_some()),
        ("mean", e.mean.is_some()),
        ("sd", e.sd.is_some()),
        ("values", e.values.is_some()),
        ("labels", e.labels.is_some()),
        ("labels_zh", e.labels_zh.is_some()),
    ];
    let ok = takes(&e.dist);
    given
        .iter()
        .find(|(f, g)| *g && !ok.contains(f))
        .map(|(f, _)| *f)
}

/// A TOML value as written inline (a choice's default label).
fn written(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Table(t) if t.is_empty() => "{}".into(),
        Value::Table(t) => {
            let items: Vec<String> = t
                .iter()
                .map(|(k, x)| format!("{k} = {}", written(x)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(written).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// A `choice`: its distribution and, for values other than numbers, the values to set.
fn choice_of(e: &RawUncertain) -> Result<(InputDist, Option<Vec<Value>>), String> {
    let values = match &e.values {
        Some(v) if !v.is_empty() => v,
        _ => return Err("`choice` needs a non-empty list of `values`".into()),
    };
    for (k, v) in values.iter().enumerate() {
        if values[..k].contains(v) {
            return Err(format!(
                "`values[{k}]` ({}) is listed twice (each value is equally likely: list it once)",
                written(v)
            ));
        }
    }
    let numbers: Option<Vec<f64>> = values
        .iter()
        .map(|v| match v {
            Value::Integer(n) => Some(*n as f64),
            Value::Float(x) => Some(*x),
            _ => None,
        })
        .collect();
    if let Some(k) = numbers
        .as_ref()
        .and_then(|n| n.iter().position(|x| !x.is_finite()))
    {
        return Err(format!("`values[{k}]` must be finite"));
    }
    let n = values.len();
    for (field, list) in [("labels", &e.labels), ("labels_zh", &e.labels_zh)] {
        if let Some(l) = list
            && l.len() != n
        {
            return Err(format!(
                "`{field}` has {} entries for {n} `values`",
                l.len()
            ));
        }
    }
    let labels = e
        .labels
        .clone()
        .unwrap_or_else(|| values.iter().map(written).collect());
    Ok(match numbers {
        Some(values) => (InputDist::Choice { values, labels }, None),
        None => (
            InputDist::Choice {
                values: (0..n).map(|i| i as f64).collect(),
                labels,
            },
            Some(values.clone()),
        ),
    })
}

fn dist_of(e: &RawUncertain) -> Result<(InputDist, Option<Vec<Value>>), String> {
    if let Some(f) = stray(e) {
        let known = ["uniform", "triangular", "normal", "choice"];
        let takes: Vec<String> = takes(&e.dist).iter().map(|x| format!("`{x}`")).collect();
        return Err(if known.contains(&e.dist.as_str()) {
            format!(
                "`{f}` does not belong to `{}` (it takes {})",
                e.dist,
                takes.join(", ")
            )
        } else {
            format!(
                "unknown dist `{}` (uniform, triangular, normal or choice)",
                e.dist
            )
        });
    }
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
        "choice" => {
            let (d, options) = choice_of(e)?;
            if options.is_some() {
                // Other values than numbers: the validator alone judges them.
                return Ok((d, options));
            }
            d
        }
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
    Ok((d, None))
}

/// The rollouts a `rollouts.NAME.FIELD…` path reaches: `NAME` and every rollout that takes
/// `FIELD` from it through `base` (not giving it itself, nor any rollout between them).
fn heirs(doc: &Table, param: &str) -> Vec<String> {
    let mut parts = param.split('.');
    let (Some("rollouts"), Some(name), Some(field)) = (parts.next(), parts.next(), parts.next())
    else {
        return vec![];
    };
    let Some(Value::Array(rs)) = doc.get("rollouts") else {
        return vec![];
    };
    let name_of = |r: &Value| r.get("name").and_then(Value::as_str).map(str::to_string);
    let from = |r: &Value| -> Option<String> {
        let mut at = r;
        for _ in 0..=rs.len() {
            if at.get(field).is_some() {
                return name_of(at);
            }
            let base = at.get("base").and_then(Value::as_str)?;
            at = rs
                .iter()
                .find(|x| x.get("name").and_then(Value::as_str) == Some(base))?;
        }
        None
    };
    rs.iter()
        .filter(|r| from(r).as_deref() == Some(name))
        .filter_map(name_of)
        .collect()
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

/// Set the field at `path` to `x`, or for a choice among other values to `options[x]`.
fn set(doc: &mut Table, path: &str, x: f64, options: Option<&[Value]>) -> Result<(), String> {
    let v = lookup(doc, path)?;
    if let Some(options) = options {
        *v = options
            .get(x as usize)
            .cloned()
            .ok_or_else(|| format!("no value at position {x} of the choice"))?;
        return Ok(());
    }
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
            // The path first, then the distribution, then the file's value among it.
            let mut doc = self.doc.clone();
            let found = match lookup(&mut doc, &e.param) {
                Ok(v) => v.clone(),
                Err(m) => {
                    issues.push(entry_issue(i, &e.param, m));
                    continue;
                }
            };
            let (dist, options) = match dist_of(e) {
                Ok(d) => d,
                Err(m) => {
                    issues.push(entry_issue(i, &e.param, m));
                    continue;
                }
            };
            let nominal = match (found, &options) {
                (v, Some(opts)) => match opts.iter().position(|o| *o == v) {
                    Some(k) => Ok((k as f64, true)),
                    None => Err(format!(
                        "the file's value {} is not among the `values` (list it, so that the design's nominal point is the file)",
                        written(&v)
                    )),
                },
                (Value::Integer(n), None) => Ok((n as f64, true)),
                (Value::Float(x), None) => Ok((x, false)),
                (_, None) => Err(
                    "the field is not a number (a `choice` may list other values: tables, text)"
                        .into(),
                ),
            };
            let (nominal, integer) = match nominal {
                Ok(n) => n,
                Err(m) => {
                    issues.push(entry_issue(i, &e.param, m));
                    continue;
                }
            };
            for x in dist.probes() {
                let mut d = self.doc.clone();
                let bad = set(&mut d, &e.param, x, options.as_deref())
                    .err()
                    .or_else(|| self.validate(d).err().map(|err| err.to_string()));
                if let Some(m) = bad {
                    let at = match dist.label_of(x) {
                        Some(l) if options.is_some() => l.to_string(),
                        _ => x.to_string(),
                    };
                    issues.push(entry_issue(
                        i,
                        &e.param,
                        format!("the scenario is invalid with the field at {at}: {m}"),
                    ));
                    break;
                }
            }
            inputs.push(UncertainInput {
                param: e.param.clone(),
                dist,
                source: e.source.clone(),
                source_zh: e.source_zh.clone(),
                labels_zh: e.labels_zh.clone(),
                nominal,
                integer,
                applies_to: heirs(&self.doc, &e.param),
                options,
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
            set(&mut doc, &inp.param, x, inp.options.as_deref()).map_err(|m| {
                ScenarioError::Invalid {
                    file: self.file.clone(),
                    issues: vec![Issue::new(inp.param.clone(), m)],
                }
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
            labels: vec![],
        };
        assert_eq!(
            (c.quantile(0.0), c.quantile(0.5), c.quantile(0.99)),
            (1.0, 2.0, 3.0)
        );
    }
}
