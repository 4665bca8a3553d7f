//! The outer design: a Saltelli design over the unit cube of the uncertain inputs.
//!
//! Rows of `A` and `B` are the first and second `k` coordinates of an Owen-scrambled Sobol'
//! sequence in `2k` dimensions (`sobol_burley`, seeded from the run's seed). Design point
//! `j·(k+2) + c` is row `j` of `A` (c = 0), of `B` (c = 1) or of `AB_i` (c = 2 + i: `A` with
//! column `i` from `B`), so `N` rows give `N·(k+2)` points, each a draw from the joint input
//! distribution (through each input's quantile function).

/// A Saltelli design: the points in [0, 1)^k, in design order.
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    /// Rows of each matrix.
    pub n: usize,
    /// Inputs.
    pub k: usize,
    /// Every point's uniform coordinates, in design order.
    pub points: Vec<Vec<f64>>,
}

/// Largest design `sobol_burley` supports: 2^16 rows and 256 dimensions.
pub const MAX_ROWS: usize = 1 << 16;
/// Largest number of inputs (two Sobol' dimensions each).
pub const MAX_INPUTS: usize = 128;

impl Design {
    /// `n` rows over `k` inputs; `seed` picks the scrambling.
    pub fn saltelli(n: usize, k: usize, seed: u64) -> Design {
        let scramble = (crate::ground::random::mix64(seed) >> 32) as u32;
        let coord =
            |j: usize, d: usize| f64::from(sobol_burley::sample(j as u32, d as u32, scramble));
        let mut points = Vec::with_capacity(n * (k + 2));
        for j in 0..n {
            let a: Vec<f64> = (0..k).map(|d| coord(j, d)).collect();
            let b: Vec<f64> = (0..k).map(|d| coord(j, k + d)).collect();
            points.push(a.clone());
            points.push(b.clone());
            for i in 0..k {
                let mut ab = a.clone();
                ab[i] = b[i];
                points.push(ab);
            }
        }
        Design { n, k, points }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether the design has no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Split outputs in design order into `(f(A), f(B), [f(AB_i)])`.
    pub fn split(&self, y: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
        let w = self.k + 2;
        let fa = (0..self.n).map(|j| y[j * w]).collect();
        let fb = (0..self.n).map(|j| y[j * w + 1]).collect();
        let fab = (0..self.k)
            .map(|i| (0..self.n).map(|j| y[j * w + 2 + i]).collect())
            .collect();
        (fa, fb, fab)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ab_points_take_one_column_from_b() {
        let d = Design::saltelli(8, 3, 1);
        assert_eq!(d.len(), 8 * 5);
        for j in 0..8 {
            let (a, b) = (&d.points[j * 5], &d.points[j * 5 + 1]);
            for i in 0..3 {
                let ab = &d.points[j * 5 + 2 + i];
                for c in 0..3 {
                    assert_eq!(ab[c], if c == i { b[c] } else { a[c] });
                }
            }
        }
        // Each coordinate of A's 8 rows falls once in each eighth (a Sobol' net).
        for c in 0..3 {
            let mut cells: Vec<usize> = (0..8)
                .map(|j| (d.points[j * 5][c] * 8.0) as usize)
                .collect();
            cells.sort();
            assert_eq!(cells, (0..8).collect::<Vec<_>>());
        }
    }
}
