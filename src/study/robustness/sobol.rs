//! Variance-based (Sobol') sensitivity indices from a Saltelli design, with bootstrap
//! intervals. Pure arithmetic on model outputs: it knows nothing about fire stations, so
//! the tests drive it with functions whose indices are known analytically (Ishigami, a
//! linear additive function).
//!
//! With the output at the `N` rows of two independent input matrices `A` and `B`, and at
//! `AB_i` (the rows of `A` with column `i` taken from `B`), for each input `i`:
//!
//! - first order `S_i = mean((f(B) − f̄)·(f(AB_i) − f(A))) / V` (Saltelli et al. 2010,
//!   *Computer Physics Communications* 181, table 2 (b), with `f(B)` centred on the mean
//!   `f̄` of `A` and `B`, which keeps the expectation and removes the variance a large mean
//!   would add);
//! - total `S_Ti = mean((f(A) − f(AB_i))²) / (2V)` (Jansen 1999, the same table (f)),
//!
//! where `V` is the variance of `f` over the `2N` rows of `A` and `B`. An input that cannot
//! change `f` has `f(AB_i) = f(A)` on every row, so both its indices are exactly 0. The
//! intervals are percentile bootstrap intervals over the rows (the same resampled rows for
//! every input and every output, from a seeded stream).

use rand::RngExt;
use serde::{Deserialize, Serialize};

/// One input's indices for one output.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indices {
    /// First-order index (share of the variance due to the input alone).
    pub first_order: f64,
    /// Total index (share due to the input with all its interactions).
    pub total: f64,
    /// Bootstrap 95% interval of the first-order index.
    pub first_order_ci95: [f64; 2],
    /// Bootstrap 95% interval of the total index.
    pub total_ci95: [f64; 2],
}

/// Resampled row indices for the bootstrap, shared by every output.
#[derive(Clone, Debug)]
pub struct Bootstrap {
    /// One resample of `0..n` per bootstrap replicate.
    pub samples: Vec<Vec<u32>>,
}

impl Bootstrap {
    /// `replicates` resamples (with replacement) of `n` rows from `seed`.
    pub fn new(n: usize, replicates: usize, seed: u64) -> Bootstrap {
        let mut rng =
            crate::ground::random::stream(seed, 0, crate::ground::random::Purpose::Sensitivity);
        // Polls the stop flag (crate::ground::cancel) before each replicate: a stopped
        // run's intervals are never written.
        let samples = (0..replicates)
            .take_while(|_| crate::ground::cancel::requested().is_none())
            .map(|_| (0..n).map(|_| rng.random_range(0..n as u32)).collect())
            .collect();
        Bootstrap { samples }
    }
}

fn variance(xs: impl Iterator<Item = f64> + Clone) -> f64 {
    let (n, s) = xs.clone().fold((0.0, 0.0), |(n, s), x| (n + 1.0, s + x));
    if n < 2.0 {
        return 0.0;
    }
    let m = s / n;
    xs.map(|x| (x - m) * (x - m)).sum::<f64>() / n
}

/// Point estimates over the rows `rows` (indices into `fa`, `fb`, `fab`).
fn estimate(fa: &[f64], fb: &[f64], fab: &[f64], rows: &[u32]) -> (f64, f64) {
    let v = variance(rows.iter().flat_map(|&j| [fa[j as usize], fb[j as usize]]));
    if v.is_nan() || v <= 0.0 {
        return (0.0, 0.0);
    }
    let n = rows.len() as f64;
    // Centre f(B): the same expectation, far less variance when the mean is large against
    // the spread (a p90 of 500 s that moves by tens of seconds).
    let mean = rows
        .iter()
        .map(|&j| fa[j as usize] + fb[j as usize])
        .sum::<f64>()
        / (2.0 * n);
    let (mut s1, mut st) = (0.0, 0.0);
    for &j in rows {
        let j = j as usize;
        s1 += (fb[j] - mean) * (fab[j] - fa[j]);
        st += (fa[j] - fab[j]).powi(2);
    }
    (s1 / n / v, st / n / (2.0 * v))
}

fn percentile_interval(mut xs: Vec<f64>) -> [f64; 2] {
    xs.retain(|x| x.is_finite());
    if xs.is_empty() {
        return [f64::NAN, f64::NAN];
    }
    xs.sort_by(f64::total_cmp);
    [quantile_sorted(&xs, 0.025), quantile_sorted(&xs, 0.975)]
}

/// The `q` quantile of sorted values, linearly interpolated (Hyndman & Fan type 7).
pub fn quantile_sorted(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = (xs.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
}

/// First-order and total indices of every input, with bootstrap intervals: `fa[j]`,
/// `fb[j]` and `fab[i][j]` are the output at row `j` of `A`, `B` and `AB_i`.
pub fn indices(fa: &[f64], fb: &[f64], fab: &[Vec<f64>], boot: &Bootstrap) -> Vec<Indices> {
    let all: Vec<u32> = (0..fa.len() as u32).collect();
    fab.iter()
        .map(|fi| {
            let (first_order, total) = estimate(fa, fb, fi, &all);
            // The bootstrap polls the stop flag before each replicate (a stopped run's
            // intervals are never written).
            let (b1, bt): (Vec<f64>, Vec<f64>) = boot
                .samples
                .iter()
                .take_while(|_| crate::ground::cancel::requested().is_none())
                .map(|rows| estimate(fa, fb, fi, rows))
                .unzip();
            Indices {
                first_order,
                total,
                first_order_ci95: percentile_interval(b1),
                total_ci95: percentile_interval(bt),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::robustness::design::Design;
    use std::f64::consts::PI;

    /// Evaluate `f` on a Saltelli design of `n` rows over `k` inputs uniform on [0, 1).
    fn run(n: usize, k: usize, f: &dyn Fn(&[f64]) -> f64) -> Vec<Indices> {
        let d = Design::saltelli(n, k, 7);
        let y: Vec<f64> = d.points.iter().map(|u| f(u)).collect();
        let (fa, fb, fab) = d.split(&y);
        indices(&fa, &fb, &fab, &Bootstrap::new(n, 400, 11))
    }

    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|u| -PI + 2.0 * PI * u).collect();
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    /// Ishigami (a = 7, b = 0.1): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    /// (Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, §4.9). Each
    /// analytic value must lie within its bootstrap interval, widened by a tenth of the
    /// interval's own width for the percentile method's small-sample bias.
    #[test]
    fn ishigami_indices_match_the_analytic_values() {
        let s = run(4096, 3, &ishigami);
        let want_first = [0.3139, 0.4424, 0.0];
        let want_total = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            let within = |v: f64, ci: [f64; 2]| {
                let slack = 0.1 * (ci[1] - ci[0]);
                ci[0] - slack <= v && v <= ci[1] + slack
            };
            assert!(
                within(want_first[i], s[i].first_order_ci95),
                "S{i}: {:?}",
                s[i]
            );
            assert!(within(want_total[i], s[i].total_ci95), "ST{i}: {:?}", s[i]);
        }
    }

    /// A linear function 1·x1 + 2·x2 + 0·x3 of uniforms: S_i = ST_i = c_i² / Σc² =
    /// (0.2, 0.8, 0); the input with no effect gets exactly 0 with a [0, 0] interval.
    #[test]
    fn additive_function_and_an_input_without_effect() {
        let s = run(1024, 3, &|u| u[0] + 2.0 * u[1] + 0.0 * u[2]);
        for (i, want) in [0.2, 0.8].into_iter().enumerate() {
            assert!(
                s[i].total_ci95[0] <= want && want <= s[i].total_ci95[1],
                "{i}: {:?}",
                s[i]
            );
            assert!(
                s[i].first_order_ci95[0] <= want && want <= s[i].first_order_ci95[1],
                "{i}: {:?}",
                s[i]
            );
        }
        assert_eq!(s[2].total, 0.0);
        assert_eq!(s[2].first_order, 0.0);
        assert_eq!(s[2].total_ci95, [0.0, 0.0]);
    }
}
