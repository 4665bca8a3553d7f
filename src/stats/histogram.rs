//! A fixed-bin histogram of non-negative values (seconds): bounded memory whatever the
//! number of values, quantiles within half a bin of the exact sample quantiles. Generic: it
//! knows nothing of incidents.

use serde::{Deserialize, Serialize};

/// A fixed-bin histogram of non-negative values (seconds), with an overflow count.
///
/// The bins are allocated only as far as the values reach (most response times are a
/// small part of the range; the allocation runs ahead of the largest value by at most
/// [`Histogram::FIRST_BINS`] or a doubling), so an empty histogram costs nothing and a full
/// one at most `max_s / bin_s` counters.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Histogram {
    bin_s: f64,
    bins: usize,
    counts: Vec<u32>,
    overflow: u64,
    n: u64,
}

/// Equal when they hold the same counts: how far the bins happen to be allocated (trailing
/// empty bins) does not matter.
impl PartialEq for Histogram {
    fn eq(&self, other: &Self) -> bool {
        fn trimmed(c: &[u32]) -> &[u32] {
            let end = c.iter().rposition(|&x| x != 0).map_or(0, |i| i + 1);
            &c[..end]
        }
        self.bin_s == other.bin_s
            && self.bins == other.bins
            && self.overflow == other.overflow
            && self.n == other.n
            && trimmed(&self.counts) == trimmed(&other.counts)
    }
}

impl Histogram {
    /// Bins of `bin_s` seconds covering `[0, max_s)`.
    pub fn new(bin_s: f64, max_s: f64) -> Histogram {
        Histogram {
            bin_s,
            bins: (max_s / bin_s).ceil() as usize,
            counts: vec![],
            overflow: 0,
            n: 0,
        }
    }

    /// The headline response-time histogram: 1 s bins up to 4 hours.
    pub fn response_times() -> Histogram {
        Histogram::new(1.0, 4.0 * 3_600.0)
    }

    /// The breakdown histogram: 10 s bins up to 2 hours.
    pub fn breakdown() -> Histogram {
        Histogram::new(10.0, 2.0 * 3_600.0)
    }

    /// The number of bins a full histogram holds (values beyond count as overflow).
    pub fn max_bins(&self) -> usize {
        self.bins
    }

    /// Add a value.
    #[inline]
    pub fn record(&mut self, x_s: f64) {
        self.record_bin(self.bin_of(x_s));
    }

    /// The bin of a value (`bins` or more: the overflow), for [`Histogram::record_bin`]: a
    /// value recorded in several histograms of the same bins is binned once.
    #[inline]
    pub fn bin_of(&self, x_s: f64) -> usize {
        // Through i64, which the baseline x86-64 converts to in one instruction (to u64 it
        // takes a dozen); the same bin for every value below 2^63 bins, and both
        // saturate far beyond any histogram's bins (NaN and negatives: bin 0).
        (x_s.max(0.0) / self.bin_s) as i64 as usize
    }

    /// Whether `other` bins every value as this one does.
    pub fn same_bins(&self, other: &Histogram) -> bool {
        self.bin_s == other.bin_s && self.bins == other.bins
    }

    /// Add a value by its bin ([`Histogram::bin_of`] of a histogram with the same bins).
    #[inline]
    pub fn record_bin(&mut self, b: usize) {
        if b >= self.bins {
            self.overflow += 1;
        } else {
            if b >= self.counts.len() {
                self.grow_to(b);
            }
            self.counts[b] += 1;
        }
        self.n += 1;
    }

    /// Allocate the bins up to `b` (below `bins`): at least [`Histogram::FIRST_BINS`] at
    /// once and then doubling, so a histogram reaches its largest value in a few steps (a
    /// replication's histograms start empty). Only the capacity runs ahead: the counts
    /// end at the largest bin seen.
    #[cold]
    #[inline(never)]
    fn grow_to(&mut self, b: usize) {
        if b >= self.counts.capacity() {
            let want = (b + 1)
                .max(2 * self.counts.capacity())
                .max(Self::FIRST_BINS)
                .min(self.bins);
            self.counts.reserve_exact(want - self.counts.len());
        }
        self.counts.resize(b + 1, 0);
    }

    /// The bins a histogram allocates at its first value [estimate: a response-time
    /// histogram's values reach a few hundred 1 s bins, a breakdown's (10 s bins) a few
    /// dozen; 256 bins are 1 KB].
    const FIRST_BINS: usize = 256;

    /// Number of values.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Half a bin: the largest difference between [`Histogram::quantile`] and the exact
    /// sample quantile, for quantiles below the histogram's range.
    pub fn error_bound_s(&self) -> f64 {
        self.bin_s / 2.0
    }

    /// The `q`-quantile (smallest value with at least a share `q` at or below it), as the
    /// midpoint of its bin; `+inf` if it falls in the overflow, NaN if empty.
    pub fn quantile(&self, q: f64) -> f64 {
        self.quantiles(&[q])[0]
    }

    /// Several quantiles (ascending `qs`) in one pass over the bins.
    pub fn quantiles(&self, qs: &[f64]) -> Vec<f64> {
        if self.n == 0 {
            return vec![f64::NAN; qs.len()];
        }
        let mut out = Vec::with_capacity(qs.len());
        let mut seen = 0u64;
        let mut bins = self.counts.iter().enumerate();
        for &q in qs {
            let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
            let mut found = f64::INFINITY;
            if seen >= rank {
                found = out.last().copied().unwrap_or(f64::INFINITY);
            } else {
                for (b, &c) in bins.by_ref() {
                    seen += c as u64;
                    if seen >= rank {
                        found = (b as f64 + 0.5) * self.bin_s;
                        break;
                    }
                }
            }
            out.push(found);
        }
        out
    }

    /// Share of values strictly below `x_s` (exact when `x_s` is a bin edge).
    pub fn share_below(&self, x_s: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let edge = ((x_s / self.bin_s).floor() as usize).min(self.counts.len());
        self.counts[..edge].iter().map(|&c| c as u64).sum::<u64>() as f64 / self.n as f64
    }

    /// Add another histogram of the same shape.
    pub fn merge(&mut self, other: &Histogram) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.overflow += other.overflow;
        self.n += other.n;
    }

    /// Bin width, seconds.
    pub fn bin_s(&self) -> f64 {
        self.bin_s
    }

    /// Counts per bin, up to the last non-empty one (bins beyond it are empty).
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// Count beyond the last bin.
    pub fn overflow(&self) -> u64 {
        self.overflow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The allocation runs ahead of the values, never past the histogram's bins, and the
    /// counts end at the largest bin seen (what serialising and merging read).
    #[test]
    fn bins_grow_ahead_within_the_range() {
        let mut small = Histogram::new(1.0, 100.0);
        small.record(3.0);
        assert_eq!((small.counts.len(), small.counts.capacity()), (4, 100));
        small.record(1e9);
        assert_eq!((small.counts.len(), small.overflow), (4, 1));
        let mut h = Histogram::response_times();
        h.record(10.0);
        assert_eq!(
            (h.counts.len(), h.counts.capacity()),
            (11, Histogram::FIRST_BINS)
        );
        h.record(300.0);
        assert_eq!(
            (h.counts.len(), h.counts.capacity()),
            (301, 2 * Histogram::FIRST_BINS)
        );
        h.record(4.0 * 3_600.0 - 0.5);
        assert_eq!(h.counts.len(), h.max_bins());
        assert_eq!(h.counts.capacity(), h.max_bins());
        assert_eq!(
            (h.len(), h.quantile(0.0), h.quantile(0.5)),
            (3, 10.5, 300.5)
        );
    }

    /// The bin through `i64` is the bin through `u64` for every value a histogram can be
    /// given, edge cases included, and both fall in the overflow beyond its bins.
    #[test]
    fn bin_of_matches_the_unsigned_conversion() {
        let h = Histogram::breakdown();
        let edges = [
            f64::NAN,
            f64::NEG_INFINITY,
            -1.0,
            -0.0,
            0.0,
            9.999999,
            10.0,
            7_199.9,
            7_200.0,
            1e18,
            9.2e19,
            1e300,
            f64::INFINITY,
        ];
        let mut rng = crate::ground::random::stream(5, 0, crate::ground::random::Purpose::Places);
        let draws = (0..10_000).map(|_| rand::RngExt::random::<f64>(&mut rng) * 1e4 - 100.0);
        for x in edges.into_iter().chain(draws) {
            let unsigned = (x.max(0.0) / h.bin_s) as usize;
            let b = h.bin_of(x);
            assert_eq!(b.min(h.bins), unsigned.min(h.bins), "{x}");
            if unsigned < (1 << 62) {
                assert_eq!(b, unsigned, "{x}");
            }
        }
    }

    #[test]
    fn histogram_quantiles_are_within_half_a_bin_of_exact() {
        let mut rng = crate::ground::random::stream(3, 0, crate::ground::random::Purpose::Arrivals);
        let d = crate::ground::random::DurationDist::lognormal(400.0, 0.6).unwrap();
        let mut xs: Vec<f64> = (0..5_001).map(|_| d.sample(&mut rng)).collect();
        for (mut h, name) in [
            (Histogram::response_times(), "1 s"),
            (Histogram::breakdown(), "10 s"),
        ] {
            xs.iter().for_each(|&x| h.record(x));
            xs.sort_by(f64::total_cmp);
            let qs = [0.1, 0.5, 0.8, 0.9, 0.95];
            let many = h.quantiles(&qs);
            for (q, got) in qs.iter().zip(many) {
                let exact = xs[((q * xs.len() as f64).ceil() as usize).max(1) - 1];
                assert!(
                    (got - exact).abs() <= h.error_bound_s(),
                    "{name} q={q}: {got} vs {exact}"
                );
                assert_eq!(got, h.quantile(*q));
            }
        }
    }

    #[test]
    fn histograms_with_the_same_counts_are_equal_however_far_allocated() {
        let mut a = Histogram::new(1.0, 100.0);
        let mut b = Histogram::new(1.0, 100.0);
        a.record(3.0);
        b.record(50.0);
        let mut c = Histogram::new(1.0, 100.0);
        c.record(3.0);
        c.merge(&Histogram::new(1.0, 100.0));
        let mut d = Histogram::new(1.0, 100.0);
        d.merge(&b); // allocates 51 bins
        d.counts[50] = 0;
        d.n = 0;
        d.record(3.0);
        assert_eq!(a, c);
        assert_eq!(a, d);
        assert_ne!(a, b);
    }

    #[test]
    fn quantiles_of_an_empty_or_overflowing_histogram() {
        let mut h = Histogram::new(1.0, 10.0);
        assert!(h.quantile(0.5).is_nan());
        h.record(3.2);
        h.record(50.0);
        assert_eq!(h.quantiles(&[0.5, 0.9]), vec![3.5, f64::INFINITY]);
    }
}
