//! Named, portable random streams and the duration distributions drawn from them.
//!
//! One scenario seed feeds every stream. Each purpose (arrivals, on-scene times, turnout,
//! travel spread, …) has its own stream, derived from `(seed, replication, purpose)` by
//! SplitMix64 mixing, so adding a draw for one purpose never shifts another's. Draws tied
//! to one incident's k-th dispatched unit come from a stream keyed by
//! `(seed, replication, purpose, incident, k)`: two rollouts that dispatch differently
//! still see the same turnout and travel draws for the same incident (common random
//! numbers). The generator is `Xoshiro256PlusPlus`, whose output is fixed by its published
//! algorithm, so results do not change with the platform or a `rand` upgrade that keeps it.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution, Exp, LogNormal};
use serde::Serialize;

/// The generator every stream uses.
pub type StreamRng = Xoshiro256PlusPlus;

/// What a stream is for. The discriminant is part of the seed derivation: never renumber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Incident arrival times.
    Arrivals = 1,
    /// Incident zone, position and type.
    Places = 2,
    /// Per-incident durations (call processing, on-scene).
    IncidentDurations = 3,
    /// Per-dispatch turnout times.
    Turnout = 4,
    /// Per-trip travel-time spread.
    TravelSpread = 5,
    /// Staffing draws (attrition and the like).
    Staffing = 6,
    /// Resampling of recorded streams.
    Bootstrap = 7,
    /// Daily absence of rostered firefighters (one uniform per station × slot × day).
    Absence = 8,
    /// Daily availability of neighbouring stations (mutual aid).
    MutualAid = 9,
    /// Bootstrap resampling of sensitivity designs (`firesim robustness`).
    Sensitivity = 10,
    /// Micro fire stations' availability, distance and muster per fire (`micro`).
    MicroStations = 11,
    /// Which place-dependent subtype an incident is (drawn only for types that have some).
    Subtypes = 12,
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The stream for `purpose` in replication `rep` of a run with `seed`.
pub fn stream(seed: u64, rep: u64, purpose: Purpose) -> StreamRng {
    StreamRng::seed_from_u64(mix64(mix64(mix64(seed) ^ rep) ^ purpose as u64))
}

/// The stream for one incident's `k`-th dispatch (common random numbers across rollouts).
pub fn dispatch_stream(seed: u64, rep: u64, purpose: Purpose, incident: u64, k: u64) -> StreamRng {
    DispatchStreams::new(seed, rep, purpose).get(incident, k)
}

/// The per-dispatch streams of one purpose in one replication, with the part of the seed
/// derivation they share done once: `get(i, k)` is exactly
/// `dispatch_stream(seed, rep, purpose, i, k)`, three mixing rounds cheaper.
#[derive(Clone, Copy, Debug)]
pub struct DispatchStreams {
    base: u64,
}

impl DispatchStreams {
    /// The streams of `purpose` in replication `rep` of a run with `seed`.
    pub fn new(seed: u64, rep: u64, purpose: Purpose) -> DispatchStreams {
        DispatchStreams {
            base: mix64(mix64(mix64(seed) ^ rep) ^ purpose as u64),
        }
    }

    /// The stream for `incident`'s `k`-th dispatch.
    #[inline]
    pub fn get(&self, incident: u64, k: u64) -> StreamRng {
        StreamRng::seed_from_u64(mix64(mix64(self.base ^ incident) ^ k))
    }
}

/// A validated duration distribution, in seconds.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum DurationDist {
    /// Always the same value.
    Fixed {
        /// The value, seconds.
        value_s: f64,
    },
    /// Exponential with the given mean.
    Exponential {
        /// Mean, seconds.
        mean_s: f64,
        #[serde(skip)]
        exp: Exp<f64>,
    },
    /// Lognormal with the given mean and coefficient of variation.
    Lognormal {
        /// Mean, seconds.
        mean_s: f64,
        /// Coefficient of variation (sd / mean).
        cv: f64,
        #[serde(skip)]
        ln: LogNormal<f64>,
    },
    /// Uniform between two bounds.
    Uniform {
        /// Lower bound, seconds.
        min_s: f64,
        /// Upper bound, seconds.
        max_s: f64,
    },
}

impl DurationDist {
    /// Fixed value.
    pub fn fixed(value_s: f64) -> DurationDist {
        DurationDist::Fixed { value_s }
    }

    /// Exponential with `mean_s > 0`; `None` otherwise.
    pub fn exponential(mean_s: f64) -> Option<DurationDist> {
        let exp = Exp::new(1.0 / mean_s).ok().filter(|_| mean_s > 0.0)?;
        Some(DurationDist::Exponential { mean_s, exp })
    }

    /// Lognormal with `mean_s > 0` and `cv >= 0`; `None` otherwise.
    pub fn lognormal(mean_s: f64, cv: f64) -> Option<DurationDist> {
        if !(mean_s > 0.0 && cv >= 0.0 && cv.is_finite()) {
            return None;
        }
        let ln = LogNormal::from_mean_cv(mean_s, cv).ok()?;
        Some(DurationDist::Lognormal { mean_s, cv, ln })
    }

    /// The distribution's mean, seconds.
    pub fn mean_s(&self) -> f64 {
        match *self {
            DurationDist::Fixed { value_s } => value_s,
            DurationDist::Exponential { mean_s, .. } | DurationDist::Lognormal { mean_s, .. } => {
                mean_s
            }
            DurationDist::Uniform { min_s, max_s } => (min_s + max_s) / 2.0,
        }
    }

    /// The value every draw gives, when the distribution is a constant (fixed, or
    /// lognormal with zero spread): callers may then skip seeding a stream for it.
    #[inline]
    pub fn constant(&self) -> Option<f64> {
        match *self {
            DurationDist::Fixed { value_s } => Some(value_s),
            DurationDist::Lognormal {
                mean_s, cv: 0.0, ..
            } => Some(mean_s),
            _ => None,
        }
    }

    /// One draw, seconds (never negative).
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            DurationDist::Fixed { value_s } => *value_s,
            DurationDist::Exponential { exp, .. } => exp.sample(rng),
            DurationDist::Lognormal { ln, cv, mean_s } => {
                if *cv == 0.0 {
                    *mean_s
                } else {
                    ln.sample(rng)
                }
            }
            DurationDist::Uniform { min_s, max_s } => {
                min_s + (max_s - min_s) * rand::RngExt::random::<f64>(rng)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_are_distinct_and_reproducible() {
        let a = stream(7, 0, Purpose::Arrivals).next_u64();
        assert_eq!(a, stream(7, 0, Purpose::Arrivals).next_u64());
        assert_ne!(a, stream(7, 1, Purpose::Arrivals).next_u64());
        assert_ne!(a, stream(7, 0, Purpose::Turnout).next_u64());
        assert_ne!(
            dispatch_stream(7, 0, Purpose::Turnout, 3, 0).next_u64(),
            dispatch_stream(7, 0, Purpose::Turnout, 3, 1).next_u64()
        );
    }

    #[test]
    fn shared_dispatch_base_gives_the_original_streams() {
        // The derivation as first written: changing it would change every result.
        let original = |seed: u64, rep: u64, p: Purpose, i: u64, k: u64| {
            let base = mix64(mix64(mix64(seed) ^ rep) ^ p as u64);
            StreamRng::seed_from_u64(mix64(mix64(base ^ i) ^ k)).next_u64()
        };
        let s = DispatchStreams::new(20210101, 7, Purpose::TravelSpread);
        for (i, k) in [(0, 0), (5, 1), (123_456, 3)] {
            assert_eq!(
                s.get(i, k).next_u64(),
                original(20210101, 7, Purpose::TravelSpread, i, k)
            );
        }
    }

    #[test]
    fn sample_means_agree_with_the_distribution_mean() {
        // n = 40,000 draws; the tolerance is 4 standard errors of the mean (cv / sqrt(n)).
        let n = 40_000;
        for (d, cv) in [
            (DurationDist::exponential(120.0).unwrap(), 1.0),
            (DurationDist::lognormal(600.0, 0.8).unwrap(), 0.8),
        ] {
            let mut rng = stream(1, 0, Purpose::IncidentDurations);
            let mean = (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64;
            let tol = 4.0 * cv * d.mean_s() / (n as f64).sqrt();
            assert!((mean - d.mean_s()).abs() < tol, "{mean} vs {}", d.mean_s());
        }
    }
}
