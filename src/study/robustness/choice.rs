//! The decision a robustness study recommends, and the milestones each decision meets.
//!
//! **The headline decision.** Among the decisions that compete (`role = "decision"`, and,
//! once each decision's feasibility is known, the feasible ones), and, once costs are
//! known, among those costing no more than the baseline: the one with the lowest expected
//! regret on the headline figure (the p90 from the dispatch order over the whole horizon),
//! i.e. the best mean across the inputs, the choice that loses least on average against
//! knowing the inputs; ties go to the higher P(best), then to the earlier decision. Its
//! P(best) and regret are those among the same set, so the sentence "take X: among these N,
//! it is best with probability p, with expected regret r" holds as read.
//!
//! **The contender.** What could change the choice is the difference between the headline
//! decision and the baseline (the figure of one minus the other's, at each point); when the
//! headline decision *is* the baseline, the difference from the strongest other decision
//! (the lowest expected regret among the competing others).
//!
//! **Milestones.** At a design point, a decision meets a milestone in a year when the
//! point's mean over its replications is past the line (the urban core's p90 within the
//! standard, the share within the standard at or above the compliance target), or, for the
//! district rule (deterministic at a point), when every urban station's district edge is
//! within the standard all year. P(met) is the share of design points where it is met, as
//! P(best) is: every point of a Saltelli design is a draw from the joint input distribution.

use super::decision::{self, RolloutSummary};
use crate::prepare::rollout;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// What a study knows about each decision besides its figures, in the order of the
/// study's rollouts: what it costs and whether the plan allows it. `None` when unknown
/// (no `[costs]`, or a study built without them): the headline then omits cost, or ranks
/// every decision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Eligibility {
    /// Each decision's cost over the horizon, CNY.
    pub cost_cny: Option<Vec<f64>>,
    /// Whether each decision meets the plan's constraints.
    pub feasible: Option<Vec<bool>>,
}

impl Eligibility {
    /// The cost (the scenario's `[costs]`, if any) and feasibility (its `[constraints]`) of
    /// `rollouts` (indices into the scenario's) as the nominal scenario states them: the
    /// inputs a study varies do not reprice a decision or change what the plan allows.
    pub fn of(scenario: &Scenario, rollouts: &[usize]) -> Self {
        let costs: Vec<_> = rollouts
            .iter()
            .map(|&r| rollout::costs(scenario, &scenario.rollouts[r]))
            .collect();
        let feasible = rollouts
            .iter()
            .zip(&costs)
            .map(|(&r, k)| {
                rollout::violations(scenario, &scenario.rollouts[r], k.as_ref()).is_empty()
            })
            .collect();
        let cost_cny = costs
            .iter()
            .map(|k| k.as_ref().map(|k| k.total.total))
            .collect();
        Eligibility {
            cost_cny,
            feasible: Some(feasible),
        }
    }
}

/// The one-sentence answer: which decision to take, how likely it is best, its regret and
/// (when known) its cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionHeadline {
    /// The figure it ranks on (as in comparison.csv), over the whole horizon.
    pub metric: String,
    /// Whether smaller is better.
    pub lower_is_better: bool,
    /// The decision to take (`None` when no decision qualifies: none feasible at no more
    /// than the baseline's cost).
    pub decision: Option<String>,
    /// The baseline.
    pub baseline: String,
    /// The decisions it was chosen among (feasible ones when feasibility is known, at no
    /// more than the baseline's cost when costs are known).
    pub candidates: Vec<String>,
    /// Whether the candidates are limited to those costing no more than the baseline.
    pub within_baseline_cost: bool,
    /// Whether the candidates are limited to feasible decisions.
    pub feasible_only: bool,
    /// P(best) of the decision among the candidates.
    pub p_best: f64,
    /// Its expected regret among the candidates, in the figure's unit.
    pub expected_regret: f64,
    /// Its mean across the inputs, in the figure's unit.
    pub mean: f64,
    /// The baseline's mean across the inputs.
    pub baseline_mean: f64,
    /// Its cost over the horizon, CNY (when costs are known).
    pub cost_cny: Option<f64>,
    /// The baseline's cost (when costs are known).
    pub baseline_cost_cny: Option<f64>,
    /// The decision whose difference from the baseline the study analyses (what could
    /// change the choice): the headline decision, or the strongest other one when that is
    /// the baseline; `None` when the baseline has no rival.
    pub contender: Option<String>,
}

/// Indices (into the study's rollouts) of the headline decision and the contender.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picked {
    /// The headline decision.
    pub decision: Option<usize>,
    /// The decision compared with the baseline.
    pub contender: Option<usize>,
}

/// Choose the headline decision from `values[point][rollout]` (the headline figure over
/// the horizon), among the rollouts `ranked` marks, at no more than the baseline's cost when
/// `cost_cny` is given.
pub fn headline(
    names: &[String],
    baseline: usize,
    values: &[Vec<f64>],
    lower: bool,
    ranked: &[bool],
    elig: &Eligibility,
    metric: &str,
) -> (DecisionHeadline, Picked) {
    let n = names.len();
    let cost = elig.cost_cny.as_deref();
    let affordable = |i: usize| {
        cost.is_none_or(|c| {
            let b = c[baseline];
            c[i] <= b + 1e-9 * b.abs().max(1.0)
        })
    };
    let cands: Vec<usize> = (0..n).filter(|&i| ranked[i] && affordable(i)).collect();
    let among = decision::summarise(
        &decision::columns(values, &cands),
        0,
        lower,
        &vec![true; cands.len()],
    );
    let pick = |set: &[usize], s: &[RolloutSummary], skip: Option<usize>| -> Option<usize> {
        (0..set.len())
            .filter(|&k| Some(set[k]) != skip)
            .min_by(|&a, &b| {
                s[a].expected_regret
                    .total_cmp(&s[b].expected_regret)
                    .then(s[b].p_best.total_cmp(&s[a].p_best))
                    .then(a.cmp(&b))
            })
    };
    let chosen = pick(&cands, &among, None);
    let decision = chosen.map(|k| cands[k]);
    // The contender: the headline decision, or the strongest other competing decision.
    let contender = match decision {
        Some(d) if d != baseline => Some(d),
        _ => {
            let others: Vec<usize> = (0..n).filter(|&i| ranked[i] && i != baseline).collect();
            let s = decision::summarise(
                &decision::columns(values, &others),
                0,
                lower,
                &vec![true; others.len()],
            );
            pick(&others, &s, None).map(|k| others[k])
        }
    };
    let mean = |i: usize| values.iter().map(|row| row[i]).sum::<f64>() / values.len() as f64;
    let h = DecisionHeadline {
        metric: metric.to_string(),
        lower_is_better: lower,
        decision: decision.map(|d| names[d].clone()),
        baseline: names[baseline].clone(),
        candidates: cands.iter().map(|&i| names[i].clone()).collect(),
        within_baseline_cost: cost.is_some(),
        feasible_only: elig.feasible.is_some(),
        p_best: chosen.map_or(f64::NAN, |k| among[k].p_best),
        expected_regret: chosen.map_or(f64::NAN, |k| among[k].expected_regret),
        mean: decision.map_or(f64::NAN, mean),
        baseline_mean: mean(baseline),
        cost_cny: cost.zip(decision).map(|(c, d)| c[d]),
        baseline_cost_cny: cost.map(|c| c[baseline]),
        contender: contender.map(|c| names[c].clone()),
    };
    (
        h,
        Picked {
            decision,
            contender,
        },
    )
}

/// A milestone of the plan, as `compare` reads it from its estimates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    /// The urban core's p90 from the dispatch order within the standard.
    UrbanCoreP90WithinStandard,
    /// The share within the standard at or above the compliance target.
    ComplianceTargetReached,
    /// Every urban station's district edge within the standard all year (`[districts]`).
    UrbanDistrictEdgesWithinStandard,
}

impl Milestone {
    /// Every milestone, in report order.
    pub const ALL: [Milestone; 3] = [
        Milestone::UrbanCoreP90WithinStandard,
        Milestone::ComplianceTargetReached,
        Milestone::UrbanDistrictEdgesWithinStandard,
    ];

    /// Its name (as in comparison.json's milestones).
    pub fn name(self) -> &'static str {
        match self {
            Milestone::UrbanCoreP90WithinStandard => "urban_core_p90_within_standard",
            Milestone::ComplianceTargetReached => "compliance_target_reached",
            Milestone::UrbanDistrictEdgesWithinStandard => "urban_district_edges_within_standard",
        }
    }

    /// Whether a point's figure `x` meets the milestone (`None`: the figure is missing).
    pub fn met(self, x: f64, standard_s: f64, target: f64) -> Option<bool> {
        if !x.is_finite() {
            return None;
        }
        Some(match self {
            Milestone::UrbanCoreP90WithinStandard => x <= standard_s,
            Milestone::ComplianceTargetReached => x >= target,
            Milestone::UrbanDistrictEdgesWithinStandard => x >= 1.0 - 1e-9,
        })
    }
}

/// How likely a decision meets a milestone in a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneChance {
    /// The rollout.
    pub rollout: String,
    /// The milestone.
    pub milestone: Milestone,
    /// The year.
    pub year: i32,
    /// Share of the design points at which it is met.
    pub p_met: f64,
}

/// P(met) from a point's figures `x[point]`; `None` when a point lacks the figure.
pub fn p_met(m: Milestone, x: &[f64], standard_s: f64, target: f64) -> Option<f64> {
    let mut met = 0usize;
    for &v in x {
        met += usize::from(m.met(v, standard_s, target)?);
    }
    (!x.is_empty()).then(|| met as f64 / x.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("r{i}")).collect()
    }

    /// r1 is best on average; with costs, r1 costs more than the baseline r0, so r2 (the
    /// best of the rest) is chosen among r0 and r2; unranked r3, best everywhere, never is.
    #[test]
    fn the_headline_decision_respects_ranking_and_cost() {
        let v = vec![
            vec![10.0, 5.0, 8.0, 1.0],
            vec![10.0, 9.0, 8.0, 1.0],
            vec![10.0, 6.0, 12.0, 1.0],
        ];
        let ranked = [true, true, true, false];
        let (h, p) = headline(
            &names(4),
            0,
            &v,
            true,
            &ranked,
            &Eligibility::default(),
            "x",
        );
        assert_eq!(h.decision.as_deref(), Some("r1"));
        assert_eq!(p.contender, Some(1));
        assert_eq!(h.candidates, ["r0", "r1", "r2"]);
        assert!((h.p_best - 2.0 / 3.0).abs() < 1e-12, "{}", h.p_best);
        // Regret of r1: 0, 1, 0.
        assert!((h.expected_regret - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(h.cost_cny, None);
        let elig = Eligibility {
            cost_cny: Some(vec![100.0, 120.0, 100.0, 50.0]),
            feasible: None,
        };
        let (h, _) = headline(&names(4), 0, &v, true, &ranked, &elig, "x");
        assert_eq!(h.candidates, ["r0", "r2"]);
        assert_eq!(h.decision.as_deref(), Some("r2"));
        assert_eq!(
            (h.cost_cny, h.baseline_cost_cny),
            (Some(100.0), Some(100.0))
        );
        assert!((h.p_best - 2.0 / 3.0).abs() < 1e-12);
        // When the baseline itself is chosen, the contender is the strongest other.
        let (h, p) = headline(&names(4), 0, &v, false, &ranked, &elig, "x");
        assert_eq!(h.decision.as_deref(), Some("r0"));
        assert_eq!(p.contender, Some(2));
        // Nothing qualifies: no decision, no figures.
        let elig = Eligibility {
            cost_cny: None,
            feasible: Some(vec![false; 4]),
        };
        let (h, _) = headline(&names(4), 0, &v, true, &[false; 4], &elig, "x");
        assert_eq!(h.decision, None);
        assert!(h.p_best.is_nan());
    }

    #[test]
    fn p_met_counts_the_points_past_the_line() {
        let m = Milestone::UrbanCoreP90WithinStandard;
        assert_eq!(
            p_met(m, &[290.0, 300.0, 310.0, 400.0], 300.0, 0.9),
            Some(0.5)
        );
        let c = Milestone::ComplianceTargetReached;
        assert_eq!(p_met(c, &[0.89, 0.9, 0.95], 300.0, 0.9), Some(2.0 / 3.0));
        assert_eq!(p_met(c, &[0.95, f64::NAN], 300.0, 0.9), None);
    }
}
