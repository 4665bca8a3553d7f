//! `summary.json` (the figures) and `performance.json` (how fast; kept apart so that the
//! summary stays byte-identical across machines and thread counts).

use crate::scenario::{Issue, Scenario};
use crate::stats::{Aggregate, Estimate, Figure, Layout};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// What `summary.json` says beside the figures: what the scenario and the rollout warn of,
/// and the recorded rows skipped.
#[derive(Clone, Copy, Debug)]
pub struct Caveats<'a> {
    /// Where the rollout falls short of its own plan (never silently changed).
    pub rollout_warnings: &'a [Issue],
    /// What validation found odd in the scenario but ran anyway.
    pub scenario_warnings: &'a [Issue],
    /// Bad rows of recorded files skipped (`--skip-bad-rows`); `None` where the stream is
    /// not recorded (then summary.json has no `skipped_rows`).
    pub skipped_rows: Option<u64>,
}

/// The figures of `agg` for `scenario` under the named rollout, with its `caveats`, as the
/// `summary.json` value.
pub fn summary_json(
    scenario: &Scenario,
    rollout: &str,
    seed: u64,
    agg: &Aggregate,
    caveats: &Caveats,
) -> Value {
    let years: Vec<Value> = agg
        .years
        .iter()
        .zip(&agg.periods)
        .map(|(y, est)| {
            let mut m = Map::new();
            m.insert("year".into(), json!(y));
            nest_into(&mut m, &agg.layout, est);
            Value::Object(m)
        })
        .collect();
    let mut horizon = Map::new();
    horizon.insert("from".into(), json!(scenario.calendar.start.to_string()));
    horizon.insert("to".into(), json!(scenario.calendar.end.to_string()));
    if let Some(est) = agg.periods.last() {
        nest_into(&mut horizon, &agg.layout, est);
    }
    let units: Vec<Value> = scenario
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            json!({
                "id": u.id,
                "station": scenario.stations[u.station].id,
                "kind": scenario.unit_kinds[u.kind].name,
                "utilization": agg.unit_utilization[i],
                "responses": agg.unit_responses[i],
                "crewed_share": agg.unit_crewed[i],
                "ever_sent": agg.unit_ever_sent[i],
                "premises": u.premises,
            })
        })
        .collect();
    // Per unit kind: its units, their responses per replication (the sum of the units'
    // means, which is the mean of the per-replication totals) and whether any was sent.
    let mut by_kind = Map::new();
    for (k, kind) in scenario.unit_kinds.iter().enumerate() {
        let ids: Vec<usize> = (0..scenario.units.len())
            .filter(|&u| scenario.units[u].kind == k)
            .collect();
        by_kind.insert(
            kind.name.clone(),
            json!({
                "units": ids.len(),
                "responses_per_replication": ids.iter().map(|&u| agg.unit_responses[u].mean).sum::<f64>(),
                "ever_sent": ids.iter().any(|&u| agg.unit_ever_sent[u]),
            }),
        );
    }
    let scenario_warnings: Vec<String> = caveats
        .scenario_warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    let mut summary = json!({
        "scenario": scenario.name,
        "rollout": rollout,
        "seed": seed,
        "replications": agg.replications,
        "firesim_version": env!("CARGO_PKG_VERSION"),
        "standard_s": scenario.standard_s,
        "notes": {
            (Figure::FromCallP50.group()): "call received to first unit on scene, seconds",
            (Figure::FromDispatchP50.group()): "dispatch order to first unit on scene, seconds",
            (Figure::Within5Min.name()): Figure::Within5Min.description(),
            (Figure::WithinStandard.name()): "the same within standard_s",
            "estimates": "mean over replications with a Student-t 95% interval (ci95 null with one replication)",
            "percentiles": "per replication from 1 s histograms (within 0.5 s of exact), then averaged",
        },
        "years": years,
        "horizon": horizon,
        "units": units,
        "by_kind": by_kind,
        "rollout_warnings": caveats.rollout_warnings,
        "scenario_warnings": scenario_warnings,
    });
    if let (Some(n), Some(m)) = (caveats.skipped_rows, summary.as_object_mut()) {
        m.insert("skipped_rows".into(), json!(n));
    }
    summary
}

/// Insert estimates with dotted names (`a.b`) as nested objects.
pub fn nest_into(m: &mut Map<String, Value>, layout: &Layout, est: &[Estimate]) {
    for (name, e) in layout.names.iter().zip(est) {
        insert_path(m, name, json!(e));
    }
}

/// Insert `v` at the dotted path `path` of `m`, making objects on the way.
pub fn insert_path(m: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            m.insert(path.to_string(), v);
        }
        Some((head, rest)) => {
            let child = m
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(c) = child {
                insert_path(c, rest, v);
            }
        }
    }
}

/// How fast a run went (`performance.json`). After `firesim merge`, the times are the sums
/// over the shards (the cost of the run, not how long one waited for it).
#[derive(Clone, Debug, Serialize)]
pub struct Performance {
    /// Wall-clock seconds of the simulation (not of writing results); merged: summed over
    /// the shards.
    pub wall_s: f64,
    /// CPU seconds of the simulation, all threads (null where the platform does not say);
    /// merged: summed over the shards.
    pub cpu_s: Option<f64>,
    /// Processes the run was split into (`--shard K/N`: N; 1 for one process).
    pub shards: u32,
    /// Seconds `firesim merge` took to read, check and combine the parts (merged runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merge_s: Option<f64>,
    /// Incidents simulated over all replications.
    pub incidents: u64,
    /// Events processed over all replications.
    pub events: u64,
    /// Incidents per wall-clock second.
    pub incidents_per_s: f64,
    /// Worker threads (merged: the most any shard had).
    pub threads: usize,
    /// Replications.
    pub replications: u32,
    /// firesim version.
    pub firesim_version: &'static str,
}
