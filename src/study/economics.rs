//! What each rollout of a comparison costs, whether the plan allows it, and what its
//! difference from the baseline buys: seconds of all-years p90 (from the dispatch order)
//! and points of the share within the standard per million of the currency.
//!
//! The cost-effectiveness of a rollout against the baseline is the ratio of its paired
//! difference in a figure to its difference in total cost (undiscounted), with the
//! quadrant it falls in: `dominates` (cheaper or as dear, and faster), `dominated` (dearer
//! or as dear, and slower), `trade-off` (dearer and faster, or cheaper and slower: the
//! ratio says at what rate), `same cost` (the ratio is undefined). A rollout that breaks a
//! constraint is infeasible wherever it is shown.

use crate::prepare::rollout::{self, RolloutCosts, Violation};
use crate::scenario::Scenario;
use crate::stats::{Estimate, Figure};
use crate::study::compare::Comparison;
use serde::Serialize;

/// Cost differences smaller than this are "the same cost" (one unit of the currency).
pub const SAME_COST: f64 = 1.0;

/// How a rollout compares with the baseline on cost and the headline figure.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    /// The baseline itself.
    Baseline,
    /// No dearer, and faster (lower all-years p90).
    Dominates,
    /// No cheaper, and slower.
    Dominated,
    /// Dearer and faster, or cheaper and slower.
    TradeOff,
    /// The same cost: no ratio.
    SameCost,
}

/// One rollout's costs, feasibility and cost-effectiveness against the baseline.
#[derive(Clone, Debug, Serialize)]
pub struct Economics {
    /// Rollout name.
    pub rollout: String,
    /// Its costs (`None` without `[costs]`).
    pub costs: Option<RolloutCosts>,
    /// Where it breaks the constraints.
    pub violations: Vec<Violation>,
    /// Whether it breaks none.
    pub feasible: bool,
    /// Total cost minus the baseline's (undiscounted).
    pub cost_diff: Option<f64>,
    /// Paired difference in all-years p90 from the dispatch order, seconds.
    pub p90_diff_s: Estimate,
    /// Paired difference in the all-years share within the standard, points (×100).
    pub within_diff_points: Estimate,
    /// `p90_diff_s` per million of `cost_diff`.
    pub p90_s_per_million: Option<f64>,
    /// `within_diff_points` per million of `cost_diff`.
    pub points_per_million: Option<f64>,
    /// Where it falls against the baseline.
    pub quadrant: Quadrant,
}

/// The economics of every rollout of `c`, in its order.
pub fn economics(scenario: &Scenario, c: &Comparison) -> Vec<Economics> {
    let costs: Vec<Option<RolloutCosts>> = c
        .rollouts
        .iter()
        .map(|r| rollout::costs(scenario, &scenario.rollouts[r.index]))
        .collect();
    let base_cost = costs[c.baseline].as_ref().map(|k| k.total.total);
    let all = |r: usize, f: Figure| -> Estimate {
        let p = c.rollouts[r].diffs.len().saturating_sub(1);
        c.layout
            .figure(f)
            .and_then(|k| c.rollouts[r].diffs.get(p).map(|d| d[k]))
            .unwrap_or(Estimate::NONE)
    };
    c.rollouts
        .iter()
        .enumerate()
        .map(|(r, res)| {
            let ro = &scenario.rollouts[res.index];
            let violations = rollout::violations(scenario, ro, costs[r].as_ref());
            let cost_diff = match (&costs[r], base_cost) {
                (Some(k), Some(b)) => Some(k.total.total - b),
                _ => None,
            };
            let p90 = all(r, Figure::FromDispatchP90);
            let mut within = all(r, Figure::WithinStandard);
            within.mean *= 100.0;
            within.ci95 = within.ci95.map(|[a, b]| [a * 100.0, b * 100.0]);
            let per_million = |d: f64| {
                cost_diff
                    .filter(|dc| dc.abs() >= SAME_COST && d.is_finite())
                    .map(|dc| d / (dc / 1e6))
            };
            let quadrant = if r == c.baseline {
                Quadrant::Baseline
            } else {
                match cost_diff {
                    Some(dc) if dc.abs() < SAME_COST => Quadrant::SameCost,
                    Some(dc) if dc <= 0.0 && p90.mean < 0.0 => Quadrant::Dominates,
                    Some(dc) if dc >= 0.0 && p90.mean > 0.0 => Quadrant::Dominated,
                    Some(_) => Quadrant::TradeOff,
                    None => Quadrant::SameCost,
                }
            };
            Economics {
                rollout: ro.name.clone(),
                feasible: violations.is_empty(),
                violations,
                cost_diff,
                p90_s_per_million: per_million(p90.mean),
                points_per_million: per_million(within.mean),
                p90_diff_s: p90,
                within_diff_points: within,
                quadrant,
                costs: costs[r].clone(),
            }
        })
        .collect()
}
