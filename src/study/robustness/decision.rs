//! The choice of rollout under input uncertainty: how each rollout's figure spreads across
//! the input space, how often it is the best, how often it beats the baseline, what
//! choosing it costs on average against the best at each point (expected regret), and how
//! much that cost would fall if one input were known (expected value of partial perfect
//! information, EVPPI).
//!
//! Inputs are per design point and rollout: the figure's mean over the point's
//! replications (every point plays the same replication seeds, so the differences between
//! rollouts at a point are paired). Every point of a Saltelli design is a draw from the
//! joint input distribution, so means over points estimate expectations over the inputs.
//!
//! EVPPI of input `i` is `min_r E[L_r] − E_{x_i}[min_r E[L_r | x_i]]` for the loss `L` (the
//! figure, or minus it where higher is better), estimated by grouping the points into
//! `⌈√P⌉` bins of equal count by `x_i` (one bin per value for a `choice` input) — the
//! "given data" estimator of Strong & Oakley (2013, *Medical Decision Making* 33:755). It
//! is biased upwards by the noise left in bin means, never below 0, and at most EVPI.

use super::sobol::quantile_sorted;
use serde::{Deserialize, Serialize};

/// One rollout's figure across the input space.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RolloutSummary {
    /// Mean over the design points.
    pub mean: f64,
    /// 5% quantile over the points.
    pub p05: f64,
    /// 95% quantile over the points.
    pub p95: f64,
    /// Share of points at which it is the best (a tie shares the point equally).
    pub p_best: f64,
    /// Share of points at which it is strictly better than the baseline.
    pub p_better_than_baseline: f64,
    /// Mean shortfall against the best rollout at each point, in the figure's unit.
    pub expected_regret: f64,
}

/// Relative tolerance within which two rollouts' figures count as a tie.
const TIE: f64 = 1e-9;

fn loss(v: f64, lower_is_better: bool) -> f64 {
    if lower_is_better { v } else { -v }
}

fn best(row: &[f64], lower: bool) -> f64 {
    row.iter()
        .map(|&v| loss(v, lower))
        .fold(f64::INFINITY, f64::min)
}

/// Summaries per rollout from `values[point][rollout]`, ranking the rollouts `ranked`
/// marks (the decisions the plan allows): only they can be best, and every rollout's
/// regret is its shortfall against the best of them (negative for an unranked rollout that
/// beats them all). An unranked rollout's `p_best` is 0.
pub fn summarise(
    values: &[Vec<f64>],
    baseline: usize,
    lower: bool,
    ranked: &[bool],
) -> Vec<RolloutSummary> {
    let r = values.first().map_or(0, Vec::len);
    if r == 0 {
        return vec![];
    }
    let p = values.len() as f64;
    let mut p_best = vec![0.0; r];
    let mut regret = vec![0.0; r];
    let mut better = vec![0.0; r];
    let among = |row: &[f64]| -> Vec<f64> {
        (0..r)
            .filter(|&i| ranked.get(i).copied().unwrap_or(true))
            .map(|i| row[i])
            .collect()
    };
    for row in values {
        let b = best(&among(row), lower);
        let tol = TIE * b.abs().max(1e-12);
        let winners: Vec<usize> = (0..r)
            .filter(|&i| ranked.get(i).copied().unwrap_or(true) && loss(row[i], lower) <= b + tol)
            .collect();
        for &w in &winners {
            p_best[w] += 1.0 / winners.len() as f64;
        }
        let base = loss(row[baseline], lower);
        for i in 0..r {
            let l = loss(row[i], lower);
            regret[i] += l - b;
            if l < base - TIE * base.abs().max(1e-12) {
                better[i] += 1.0;
            }
        }
    }
    (0..r)
        .map(|i| {
            let mut col: Vec<f64> = values.iter().map(|row| row[i]).collect();
            col.sort_by(f64::total_cmp);
            RolloutSummary {
                mean: col.iter().sum::<f64>() / p,
                p05: quantile_sorted(&col, 0.05),
                p95: quantile_sorted(&col, 0.95),
                p_best: p_best[i] / p,
                p_better_than_baseline: better[i] / p,
                expected_regret: regret[i] / p,
            }
        })
        .collect()
}

/// The columns `keep` of `values[point][rollout]`.
pub fn columns(values: &[Vec<f64>], keep: &[usize]) -> Vec<Vec<f64>> {
    values
        .iter()
        .map(|row| keep.iter().map(|&i| row[i]).collect())
        .collect()
}

/// Expected value of perfect information: the expected regret of the rollout that is best
/// on average.
pub fn evpi(values: &[Vec<f64>], lower: bool) -> f64 {
    let p = values.len() as f64;
    let r = values.first().map_or(0, Vec::len);
    let mean_loss: Vec<f64> = (0..r)
        .map(|i| values.iter().map(|row| loss(row[i], lower)).sum::<f64>() / p)
        .collect();
    let now = mean_loss.iter().copied().fold(f64::INFINITY, f64::min);
    let perfect = values.iter().map(|row| best(row, lower)).sum::<f64>() / p;
    (now - perfect).max(0.0)
}

/// EVPPI of an input whose value (or uniform coordinate: only the order matters) at each
/// point is `x[point]`; `discrete`: group by value instead of by equal-count bins.
pub fn evppi(values: &[Vec<f64>], x: &[f64], discrete: bool, lower: bool) -> f64 {
    let p = values.len();
    let r = values.first().map_or(0, Vec::len);
    if p == 0 || r == 0 {
        return 0.0;
    }
    let mut order: Vec<usize> = (0..p).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let bins: Vec<&[usize]> = if discrete {
        order.chunk_by(|&a, &b| x[a] == x[b]).collect()
    } else {
        let nb = (p as f64).sqrt().ceil() as usize;
        let size = p.div_ceil(nb);
        order.chunks(size).collect()
    };
    let mean_loss = |idx: &[usize], i: usize| {
        idx.iter().map(|&q| loss(values[q][i], lower)).sum::<f64>() / idx.len() as f64
    };
    let now = (0..r)
        .map(|i| mean_loss(&order, i))
        .fold(f64::INFINITY, f64::min);
    let informed: f64 = bins
        .iter()
        .map(|b| {
            let best = (0..r)
                .map(|i| mean_loss(b, i))
                .fold(f64::INFINITY, f64::min);
            best * b.len() as f64
        })
        .sum::<f64>()
        / p as f64;
    (now - informed).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_best_sums_to_one_and_ties_share() {
        // Three rollouts; the first two tie at the second point.
        let v = vec![
            vec![1.0, 2.0, 3.0],
            vec![2.0, 2.0, 3.0],
            vec![5.0, 4.0, 3.0],
        ];
        let s = summarise(&v, 0, true, &[true; 3]);
        let total: f64 = s.iter().map(|x| x.p_best).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!((s[0].p_best - 1.5 / 3.0).abs() < 1e-12);
        assert!((s[1].p_best - 0.5 / 3.0).abs() < 1e-12);
        assert!((s[2].p_best - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(s[0].p_better_than_baseline, 0.0);
        assert!((s[2].p_better_than_baseline - 1.0 / 3.0).abs() < 1e-12);
        // Regret of rollout 0: 0, 0, 2.
        assert!((s[0].expected_regret - 2.0 / 3.0).abs() < 1e-12);
        // Leave rollout 2 out of the ranking: it is never best, the first two share what
        // it won, and its regret is against the best of them (−1 at the third point).
        let s = summarise(&v, 0, true, &[true, true, false]);
        assert_eq!(s[2].p_best, 0.0);
        assert!((s[0].p_best - 1.5 / 3.0).abs() < 1e-12);
        assert!((s[1].p_best - 1.5 / 3.0).abs() < 1e-12);
        assert!((s[2].expected_regret - (2.0 + 1.0 - 1.0) / 3.0).abs() < 1e-12);
        assert!((s[0].expected_regret - (0.0 + 0.0 + 1.0) / 3.0).abs() < 1e-12);
    }

    /// Two rollouts whose order flips with x: knowing x removes all regret, so EVPPI
    /// equals EVPI; an input unrelated to the flip is worth nothing.
    #[test]
    fn evppi_of_the_deciding_input_is_evpi() {
        let x: Vec<f64> = (0..400).map(|i| i as f64 / 400.0).collect();
        let noise: Vec<f64> = (0..400)
            .map(|i| ((i * 7919) % 400) as f64 / 400.0)
            .collect();
        let v: Vec<Vec<f64>> = x.iter().map(|&x| vec![x, 0.5]).collect();
        let e = evpi(&v, true);
        // 1/8 for x uniform on [0, 1]; the grid of 400 points is within its spacing.
        assert!((e - 0.125).abs() < 1.0 / 400.0, "{e}");
        let informed = evppi(&v, &x, false, true);
        assert!((informed - e).abs() < 0.01, "{informed} vs {e}");
        // An unrelated input's bins (20 points each) hold x uniform on [0, 1): the bin's
        // best mean is min(mean x, 0.5), biased below 0.5 by E[max(0, Z)]·σ = 0.399·σ with
        // σ = √(1/12/20); allow twice that bias.
        let unrelated = evppi(&v, &noise, false, true);
        let bias = 0.399 * (1.0f64 / 12.0 / 20.0).sqrt();
        assert!(unrelated < 2.0 * bias, "{unrelated} vs bias {bias}");
    }
}
