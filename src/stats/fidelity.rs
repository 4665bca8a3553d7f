//! Fidelity: how close a replayed stream's simulation comes to what really happened,
//! simulated vs observed first-of-kind travel and response times (p50, p90, two-sample
//! Kolmogorov–Smirnov distance), per unit kind. (Checking the scenario file itself is
//! [`crate::scenario`]'s validation, `firesim validate`.)
//!
//! For each unit kind and incident, the *first* unit of that kind on scene counts: its
//! travel time (en route → on scene) and its response time (call received → on scene).
//! Both sides cover the same incidents: those where the record has a first unit of the
//! kind with a usable time and the simulation sent one (in any replication); simulated
//! values are pooled over replications. Observed travel times outside (0, 30 min] and
//! response times outside (0, 2 h] are left out as bad records (the same rule calibration
//! uses for travel).
//!
//! This module does no IO: the scenario loader reads the observed CSV into [`Observed`] (a
//! scenario type); `report::fidelity` turns the result into charts and the CLI writes
//! `validation.json` and them.

use crate::ground::engine::SimTime;
use crate::scenario::Scenario;
use crate::scenario::recorded::{Observed, ObservedResponse, RecordedStream};
use crate::sim::model::ResponseRecord;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Largest observed travel (or turnout) time taken as a real one, seconds.
pub const MAX_TRAVEL_S: f64 = 1_800.0;
/// Largest observed response time (call to on scene) taken as a real one, seconds.
pub const MAX_RESPONSE_S: f64 = 7_200.0;

/// Percentiles of one sample.
#[derive(Clone, Debug, Serialize)]
pub struct Figures {
    /// Sample size.
    pub n: usize,
    /// Median (inverse-CDF definition), seconds.
    pub p50: Option<f64>,
    /// 90th percentile, seconds.
    pub p90: Option<f64>,
    /// Mean, seconds.
    pub mean: Option<f64>,
}

/// Simulated vs observed for one measure.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The record.
    pub observed: Figures,
    /// The simulation (pooled over replications).
    pub simulated: Figures,
    /// (simulated − observed) / observed of the median.
    pub p50_rel_diff: Option<f64>,
    /// (simulated − observed) / observed of the 90th percentile.
    pub p90_rel_diff: Option<f64>,
    /// Two-sample Kolmogorov–Smirnov distance sup |F_sim − F_obs|.
    pub ks_distance: Option<f64>,
    #[serde(skip)]
    observed_s: Vec<f64>,
    #[serde(skip)]
    simulated_s: Vec<f64>,
}

impl Comparison {
    /// The observed values, sorted, seconds.
    pub fn observed_values(&self) -> &[f64] {
        &self.observed_s
    }

    /// The simulated values (pooled over replications), sorted, seconds.
    pub fn simulated_values(&self) -> &[f64] {
        &self.simulated_s
    }
}

/// The comparison for one unit kind.
#[derive(Clone, Debug, Serialize)]
pub struct KindFidelity {
    /// Incidents compared (in the record and the simulation).
    pub incidents: usize,
    /// First unit of the kind: en route → on scene.
    pub travel_s: Comparison,
    /// First unit of the kind: call received → on scene.
    pub response_s: Comparison,
}

/// What `validation.json` holds.
#[derive(Clone, Debug, Serialize)]
pub struct FidelityReport {
    /// Scenario name.
    pub scenario: String,
    /// The observed-responses file.
    pub observed_file: String,
    /// Replications pooled.
    pub replications: u32,
    /// Seed.
    pub seed: u64,
    /// How to read it.
    pub notes: BTreeMap<&'static str, &'static str>,
    /// Per unit kind (kinds with observed responses only).
    pub unit_kinds: BTreeMap<String, KindFidelity>,
}

/// Percentile by the inverse-CDF definition ("type 1") of a sorted sample.
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// Two-sample Kolmogorov–Smirnov distance of two sorted samples.
pub fn ks_distance(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / a.len() as f64 - j as f64 / b.len() as f64).abs());
    }
    Some(d)
}

fn figures(sorted: &[f64]) -> Figures {
    Figures {
        n: sorted.len(),
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        mean: (!sorted.is_empty()).then(|| sorted.iter().sum::<f64>() / sorted.len() as f64),
    }
}

fn compare(mut obs: Vec<f64>, mut sim: Vec<f64>) -> Comparison {
    obs.sort_by(f64::total_cmp);
    sim.sort_by(f64::total_cmp);
    let (o, s) = (figures(&obs), figures(&sim));
    let rel = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(s), Some(o)) if o > 0.0 => Some((s - o) / o),
        _ => None,
    };
    Comparison {
        p50_rel_diff: rel(s.p50, o.p50),
        p90_rel_diff: rel(s.p90, o.p90),
        ks_distance: ks_distance(&obs, &sim),
        observed: o,
        simulated: s,
        observed_s: obs,
        simulated_s: sim,
    }
}

/// Per incident, the first observed unit of `kind` on scene: (travel, response).
fn observed_first(
    rec: &RecordedStream,
    observed: &Observed,
    kind: usize,
) -> HashMap<usize, (Option<f64>, Option<f64>)> {
    let mut first: HashMap<usize, (SimTime, &ObservedResponse)> = HashMap::new();
    for r in observed.responses.iter().filter(|r| r.kind == kind) {
        let Some(t) = r.on_scene else { continue };
        let e = first.entry(r.incident).or_insert((t, r));
        if t < e.0 {
            *e = (t, r);
        }
    }
    first
        .into_iter()
        .map(|(i, (t, r))| {
            let travel = r.travel_s.filter(|&x| x > 0.0 && x <= MAX_TRAVEL_S);
            let response = Some((t - rec.incidents[i].call).as_secs())
                .filter(|&x| x > 0.0 && x <= MAX_RESPONSE_S);
            (i, (travel, response))
        })
        .collect()
}

/// Compare the kept responses of a replay (`(replication, record)`, every replication's)
/// with the scenario's observed responses. `None` if the scenario has none.
pub fn assess(
    scenario: &Scenario,
    responses: &[(u32, ResponseRecord)],
    replications: u32,
    seed: u64,
) -> Option<FidelityReport> {
    let observed = scenario.observed.as_ref()?;
    let rec = scenario.recorded()?;
    let mut unit_kinds = BTreeMap::new();
    for (k, kind) in scenario.unit_kinds.iter().enumerate() {
        let obs = observed_first(rec, observed, k);
        if obs.is_empty() {
            continue;
        }
        // Simulated first unit of the kind per (replication, incident).
        let mut sim: HashMap<(u32, u32), &ResponseRecord> = HashMap::new();
        for (rep, r) in responses {
            let Some(u) = r.unit else { continue };
            if scenario.units[u as usize].kind != k || !obs.contains_key(&(r.incident as usize)) {
                continue;
            }
            let e = sim.entry((*rep, r.incident)).or_insert(r);
            if r.arrival < e.arrival {
                *e = r;
            }
        }
        let served: std::collections::HashSet<usize> =
            sim.keys().map(|&(_, i)| i as usize).collect();
        let mut keys: Vec<_> = sim.keys().copied().collect();
        keys.sort_unstable();
        let (mut sim_travel, mut sim_response) = (vec![], vec![]);
        let (mut obs_travel, mut obs_response) = (vec![], vec![]);
        for key in keys {
            let r = sim[&key];
            let (travel, response) = obs[&(key.1 as usize)];
            if travel.is_some() {
                sim_travel.push(r.travel_s);
            }
            if response.is_some() {
                sim_response.push((r.arrival - r.call).as_secs());
            }
        }
        let mut incidents: Vec<_> = served.iter().copied().collect();
        incidents.sort_unstable();
        for i in &incidents {
            let (travel, response) = obs[i];
            obs_travel.extend(travel);
            obs_response.extend(response);
        }
        unit_kinds.insert(
            kind.name.clone(),
            KindFidelity {
                incidents: incidents.len(),
                travel_s: compare(obs_travel, sim_travel),
                response_s: compare(obs_response, sim_response),
            },
        );
    }
    let mut notes = BTreeMap::new();
    notes.insert(
        "what",
        "per unit kind, the first unit of that kind on scene at each incident, simulated (pooled over replications) vs observed",
    );
    notes.insert("travel_s", "en route to on scene, seconds");
    notes.insert("response_s", "call received to on scene, seconds");
    notes.insert(
        "incidents",
        "incidents where the record has a first unit of the kind and the simulation sent one; observed travel outside (0, 1800] s and response outside (0, 7200] s left out",
    );
    notes.insert(
        "ks_distance",
        "two-sample Kolmogorov–Smirnov statistic sup|F_sim − F_obs|",
    );
    notes.insert("percentiles", "inverse-CDF definition (type 1)");
    Some(FidelityReport {
        scenario: scenario.name.clone(),
        observed_file: observed.file.display().to_string(),
        replications,
        seed,
        notes,
        unit_kinds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_distance_of_shifted_samples() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [3.0, 4.0, 5.0, 6.0];
        // At x = 2: F_a = 0.5, F_b = 0 → 0.5 is the largest gap.
        assert_eq!(ks_distance(&a, &b), Some(0.5));
        assert_eq!(ks_distance(&a, &a), Some(0.0));
        assert_eq!(ks_distance(&a, &[]), None);
    }

    #[test]
    fn percentiles_are_type_1() {
        let x = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0];
        assert_eq!(percentile(&x, 0.5), Some(50.0));
        assert_eq!(percentile(&x, 0.9), Some(90.0));
        assert_eq!(percentile(&x, 0.91), Some(100.0));
    }
}
