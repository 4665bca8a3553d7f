//! A candidate rollout of `firesim optimise`: the base `schedule` rollout with other
//! yearly intakes and another allocation policy; whether it is feasible (the scenario's
//! `[constraints]` and a cost cap, both deterministic, so checked before any simulation);
//! and the objective `evaluate` computes per replication under common random numbers.
//!
//! The objective is a loss (smaller is better) computed from one replication's figures:
//! the whole horizon's p90 first arrival from the dispatch order (seconds); the share
//! within 5 minutes of the dispatch order, negated and in percentage points; or the
//! yearly p90s weighted by `[optimise] year_weights`. A replication's p90 is that
//! replication's own 90th percentile, so the search and the selection compare means of
//! per-replication p90s (what `compare`'s yearly p90 estimates too).

use crate::ground::random::mix64;
use crate::prepare::rollout::{self as derive, constraints, costs};
use crate::scenario::{AllocationPolicy, Optimise, Rollout, Scenario};
use crate::stats::{Figure, Layout, RepSummary};
use serde::{Deserialize, Serialize};

/// What `firesim optimise` minimises or maximises (`--objective`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// The whole horizon's p90 first arrival from the dispatch order, seconds (smaller is
    /// better).
    P90,
    /// The share of incidents reached within 5 minutes of the dispatch order, in
    /// percentage points (larger is better).
    Within5,
    /// The yearly p90s weighted by `[optimise] year_weights`, seconds.
    Weighted,
}

impl Objective {
    /// The loss of one replication (smaller is better; NaN when the figure is missing).
    pub fn loss(self, layout: &Layout, weights: &[f64], rep: &RepSummary) -> f64 {
        let at = |p: usize, f: Figure| {
            layout
                .figure(f)
                .and_then(|k| rep.periods.get(p).map(|v| v[k]))
                .unwrap_or(f64::NAN)
        };
        let horizon = rep.periods.len().saturating_sub(1);
        match self {
            Objective::P90 => at(horizon, Figure::FromDispatchP90),
            Objective::Within5 => -100.0 * at(horizon, Figure::Within5Min),
            Objective::Weighted => weights
                .iter()
                .enumerate()
                .map(|(y, w)| w * at(y, Figure::FromDispatchP90))
                .sum(),
        }
    }

    /// The objective's value from a loss (the share back to positive points).
    pub fn value(self, loss: f64) -> f64 {
        match self {
            Objective::Within5 => -loss,
            _ => loss,
        }
    }

    /// The default indifference zone: 2 s of p90, or 0.2 points of the share.
    pub fn default_delta(self) -> f64 {
        match self {
            Objective::Within5 => 0.2,
            _ => 2.0,
        }
    }

    /// The unit of the objective and of δ.
    pub fn unit(self) -> &'static str {
        match self {
            Objective::Within5 => "points",
            _ => "s",
        }
    }
}

/// The seed of a stage's replications: the search plays the run's seed, the selection
/// and the fresh comparison streams of their own (`stage` 1 and 2), so the recommendation
/// is judged on replications the search never saw.
pub fn stage_seed(seed: u64, stage: u64) -> u64 {
    if stage == 0 {
        seed
    } else {
        mix64(seed ^ mix64(0x6f70_7469_6d69_7365 ^ stage))
    }
}

/// One point of the search space.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Candidate {
    /// Recruits per intake of the base rollout, in order.
    pub recruits: Vec<u32>,
    /// How each intake is shared among stations.
    pub allocation: AllocationPolicy,
    /// Per station: when it opens (simulation time, ms; the base's unless
    /// `[optimise] opening_order` lets the search swap them).
    pub opens: Vec<i64>,
}

impl Candidate {
    /// The base rollout's own choices.
    pub fn of_base(scenario: &Scenario, opt: &Optimise) -> Candidate {
        let s = scenario.rollouts[opt.base]
            .schedule
            .as_ref()
            .expect("[optimise] validation keeps only a schedule base");
        Candidate {
            recruits: s.intakes.iter().map(|i| i.recruits).collect(),
            allocation: s.allocation,
            opens: scenario.rollouts[opt.base]
                .opens_at
                .iter()
                .map(|t| t.0)
                .collect(),
        }
    }

    /// The same choices with every station's opening moved by `shift[s]` ms (its
    /// construction delay at a point of the uncertain inputs; see `evaluate`).
    pub fn shifted(&self, shift: &[i64]) -> Candidate {
        Candidate {
            opens: self.opens.iter().zip(shift).map(|(&t, &d)| t + d).collect(),
            ..self.clone()
        }
    }

    /// The policy's name as the scenario file writes it.
    pub fn allocation_name(&self) -> &'static str {
        match self.allocation {
            AllocationPolicy::OpeningOrder => "opening_order",
            AllocationPolicy::GradeMinimumFirst => "grade_minimum_first",
            AllocationPolicy::DemandWeighted => "demand_weighted",
            AllocationPolicy::CoverageGreedy => "coverage_greedy",
        }
    }

    /// A short label (`160/80/80/32/32 opening_order`), with the stations that open on
    /// another date than in `base` (`S07 2022-07-01`).
    pub fn label(&self, scenario: &Scenario, base: &Candidate) -> String {
        let r: Vec<String> = self.recruits.iter().map(u32::to_string).collect();
        let mut s = format!("{} {}", r.join("/"), self.allocation_name());
        for (id, date) in self.moved_openings(scenario, base) {
            s.push_str(&format!(" {id} {date}"));
        }
        s
    }

    /// The stations that open on another date than in `base`, with their date.
    pub fn moved_openings(&self, scenario: &Scenario, base: &Candidate) -> Vec<(String, String)> {
        self.opens
            .iter()
            .zip(&base.opens)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(s, (&t, _))| {
                let date = scenario.calendar.date_of(crate::ground::engine::SimTime(t));
                (scenario.stations[s].id.clone(), date.to_string())
            })
            .collect()
    }
}

/// A candidate's rollout and whether it may be recommended.
#[derive(Clone, Debug)]
pub struct Assessed {
    /// The candidate.
    pub candidate: Candidate,
    /// Its rollout, derived with the run's seed.
    pub rollout: Rollout,
    /// Its undiscounted cost over the horizon (`None` without `[costs]`).
    pub cost: Option<f64>,
    /// Every reason it may not be recommended (empty: feasible).
    pub infeasible: Vec<String>,
}

/// The candidate's rollout (named `name`), derived with `seed`, its cost and feasibility
/// against `[constraints]` and `cost_max`.
pub fn assess(
    scenario: &Scenario,
    opt: &Optimise,
    candidate: &Candidate,
    seed: u64,
    cost_max: Option<f64>,
    name: &str,
) -> Assessed {
    let mut ro = scenario.rollouts[opt.base].clone();
    let mut schedule = ro.schedule.take().expect("a schedule base");
    for (intake, &n) in schedule.intakes.iter_mut().zip(&candidate.recruits) {
        intake.recruits = n;
    }
    schedule.allocation = candidate.allocation;
    ro.opens_at = candidate
        .opens
        .iter()
        .map(|&t| crate::ground::engine::SimTime(t))
        .collect();
    let d = derive::derive(scenario, &ro, &schedule, seed);
    ro.name = name.to_string();
    ro.headcount = d.headcount;
    ro.flows = d.flows;
    ro.warnings = d.warnings;
    ro.derived_with = Some(seed);
    ro.schedule = Some(schedule);
    let c = costs::costs(scenario, &ro);
    let mut infeasible: Vec<String> = constraints::violations(scenario, &ro, c.as_ref())
        .iter()
        .map(|v| v.describe(name))
        .collect();
    let cost = c.map(|c| c.total.total);
    if let (Some(cost), Some(max)) = (cost, cost_max)
        && cost > max * (1.0 + 1e-12)
    {
        infeasible.push(format!(
            "{name}: costs {cost:.0}, more than the cap {max:.0}"
        ));
    }
    Assessed {
        candidate: candidate.clone(),
        rollout: ro,
        cost,
        infeasible,
    }
}

/// The mean of finite values (NaN when none).
pub fn mean(v: &[f64]) -> f64 {
    let f: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if f.is_empty() {
        f64::NAN
    } else {
        f.iter().sum::<f64>() / f.len() as f64
    }
}
