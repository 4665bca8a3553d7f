//! The selection stage of `firesim optimise`: a two-stage indifference-zone procedure
//! under common random numbers, after Clark & Yang (1986, "A Bonferroni selection
//! procedure when using common random numbers with unknown variances", Proc. Winter
//! Simulation Conference) as presented by Nelson & Matejcik (1995, "Using common random
//! numbers for indifference-zone selection and multiple comparisons in simulation",
//! Management Science 41(12), 1935–1945). Pure arithmetic on per-replication losses.
//!
//! Stage 1 plays `n0` replications of each of the `k` finalists (the same replication
//! seeds for all: common random numbers). For each pair `i ≠ j`, `S²_ij` is the sample
//! variance of the paired differences `X_i − X_j`. With `h = t_{1−α/(k−1), n0−1}` (the
//! Student-t quantile; Bonferroni over the `k − 1` comparisons of the best with the
//! others) finalist `i` needs `N_i = max(n0, max_j ⌈h² S²_ij / δ²⌉)` replications in all;
//! stage 2 plays the `N_i − n0` more (replications `n0..N_i`, again the same seeds for
//! every finalist). The finalist with the smallest mean loss over its `N_i` replications
//! is chosen. If the best finalist's expected loss is at least δ below every other's, the
//! chosen one is the best with probability at least `1 − α`; without that gap, the chosen
//! finalist's expected loss is within δ of the best finalist's with probability at least
//! `1 − α` (the indifference-zone guarantee, for normally distributed per-replication
//! losses: a replication's p90 over thousands of incidents is close to normal).
//!
//! The guarantee is about the finalists, not the whole space: the search proposes them.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The first stage's verdict: the constant and each finalist's total replications.
#[derive(Clone, Debug, PartialEq)]
pub struct Sizes {
    /// `h = t_{1−α/(k−1), n0−1}`.
    pub h: f64,
    /// `N_i` per finalist (at least `n0`).
    pub total: Vec<u32>,
    /// `S²_ij` (symmetric, zero diagonal).
    pub s2: Vec<Vec<f64>>,
}

/// The sample variance of `a − b` over their common replications (NaN pairs left out).
fn paired_variance(a: &[f64], b: &[f64]) -> f64 {
    let d: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(x, y)| x - y)
        .filter(|x| x.is_finite())
        .collect();
    let n = d.len();
    if n < 2 {
        return 0.0;
    }
    let m = d.iter().sum::<f64>() / n as f64;
    d.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64
}

/// The Student-t quantile `t_{p, df}`.
pub fn t_quantile(p: f64, df: u32) -> f64 {
    StudentsT::new(0.0, 1.0, f64::from(df.max(1)))
        .map(|t| t.inverse_cdf(p))
        .unwrap_or(f64::INFINITY)
}

/// Stage 1: `first[i]` holds finalist `i`'s `n0` losses (replications `0..n0`, the same
/// for every finalist); `delta > 0`, `alpha ∈ (0, 1)`; `cap` bounds each `N_i` (the
/// caller reports when it binds: the guarantee then no longer holds).
pub fn sizes(first: &[Vec<f64>], delta: f64, alpha: f64, cap: u32) -> Sizes {
    let k = first.len();
    let n0 = first.iter().map(Vec::len).min().unwrap_or(0) as u32;
    let h = t_quantile(1.0 - alpha / (k.max(2) - 1) as f64, n0.saturating_sub(1));
    let s2: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    if i == j {
                        0.0
                    } else {
                        paired_variance(&first[i], &first[j])
                    }
                })
                .collect()
        })
        .collect();
    let total = s2
        .iter()
        .map(|row| {
            let need = row
                .iter()
                .map(|v| (h * h * v / (delta * delta)).ceil())
                .fold(0.0, f64::max);
            (need.min(f64::from(cap)) as u32).max(n0)
        })
        .collect();
    Sizes { h, total, s2 }
}

/// The position of the smallest mean among `means` (ties: the first).
pub fn best(means: &[f64]) -> usize {
    means
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_stage_constant_is_the_bonferroni_t_quantile() {
        // k = 3, α = 0.05: t_{1 − 0.025, 19} = 2.093 (tables).
        let first = vec![vec![0.0; 20], vec![1.0; 20], vec![2.0; 20]];
        let s = sizes(&first, 1.0, 0.05, 1_000);
        assert!((s.h - 2.093).abs() < 1e-3, "{}", s.h);
        // Constant differences: no variance, so no more than n0.
        assert_eq!(s.total, vec![20, 20, 20]);
    }

    #[test]
    fn noisier_differences_ask_for_more_replications() {
        // Differences alternating ±1 around 0 have S² = 20/19; with h ≈ 2.093, δ = 0.25:
        // ⌈2.093² · 1.0526 / 0.0625⌉ = 74.
        let a: Vec<f64> = (0..20)
            .map(|r| if r % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let first = vec![a, vec![0.0; 20], vec![0.0; 20]];
        let s = sizes(&first, 0.25, 0.05, 1_000);
        let want = (s.h * s.h * (20.0 / 19.0) / 0.0625).ceil() as u32;
        assert_eq!(want, 74);
        assert_eq!(s.total[0], want);
        assert_eq!(s.total[1], want, "finalist 1 is paired with the noisy 0");
        assert_eq!(
            sizes(
                &s.s2.iter().map(|_| vec![0.0; 20]).collect::<Vec<_>>(),
                0.25,
                0.05,
                30
            )
            .total,
            vec![20; 3]
        );
        assert_eq!(
            sizes(&[first[0].clone(), vec![0.0; 20]], 0.25, 0.05, 30).total,
            vec![30, 30],
            "the cap binds"
        );
    }

    #[test]
    fn the_best_is_the_smallest_mean() {
        assert_eq!(best(&[3.0, 1.0, 2.0, 1.0]), 1);
    }
}
