//! Estimates across replications: the mean of per-replication values with a Student-t 95%
//! interval, and the same on paired differences. Generic: it knows nothing of incidents.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A figure estimated over replications: the mean with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over replications (null when no replication had a value).
    #[serde(serialize_with = "finite_or_null")]
    pub mean: f64,
    /// Student-t 95% interval of the mean; null with fewer than two values.
    pub ci95: Option<[f64; 2]>,
}

fn finite_or_null<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        s.serialize_none()
    }
}

impl Estimate {
    /// No estimate (a figure missing from the layout): NaN without interval.
    pub const NONE: Estimate = Estimate {
        mean: f64::NAN,
        ci95: None,
    };

    /// Of the paired differences `other − base` (one pair per replication; a pair with a
    /// NaN drops out).
    pub fn paired(pairs: impl Iterator<Item = (f64, f64)>) -> Estimate {
        let d: Vec<f64> = pairs.map(|(base, other)| other - base).collect();
        Estimate::from_values(&d)
    }

    /// From per-replication values; non-finite values (a year with no waits has no mean
    /// wait of those that waited) are left out.
    pub fn from_values(values: &[f64]) -> Estimate {
        let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        let n = v.len();
        if n == 0 {
            return Estimate::NONE;
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        if n < 2 {
            return Estimate { mean, ci95: None };
        }
        let ss = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>();
        Estimate::from_moments(n, mean, ss)
    }

    /// From the count `n` of finite values, their `mean` and the sum `ss` of their squared
    /// deviations from it (what [`Estimate::from_values`] computes, for a caller that sums
    /// in passes over values it does not hold at once: `stats::replications`).
    pub fn from_moments(n: usize, mean: f64, ss: f64) -> Estimate {
        if n == 0 {
            return Estimate::NONE;
        }
        if n < 2 {
            return Estimate { mean, ci95: None };
        }
        let var = ss / (n - 1) as f64;
        let half = t_975(n - 1) * (var / n as f64).sqrt();
        Estimate {
            mean,
            ci95: Some([mean - half, mean + half]),
        }
    }

    /// Whether the interval excludes zero (a difference that is not chance).
    pub fn excludes_zero(&self) -> bool {
        self.ci95.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0)
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
pub fn t_975(df: usize) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(1.959_963_984_540_054)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_interval_matches_the_textbook() {
        // Values 1..=5: mean 3, s = 1.5811, t(0.975, 4) = 2.7764, half-width 1.9632.
        let e = Estimate::from_values(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        let [lo, hi] = e.ci95.unwrap();
        assert!((hi - 3.0 - 1.963_2).abs() < 1e-3 && (3.0 - lo - 1.963_2).abs() < 1e-3);
        assert!(Estimate::from_values(&[2.0]).ci95.is_none());
        assert!(e.excludes_zero());
        assert!(!Estimate::from_values(&[-1.0, 1.0, 0.5]).excludes_zero());
    }
}
