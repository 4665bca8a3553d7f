//! The objective of candidates and rollouts per replication, under common random numbers:
//! replication `k` of every rollout plays the same incident stream and absence draws (from
//! the seed and `k`).
//!
//! With uncertain inputs (`firesim optimise --uncertain`) a replication's loss is the mean
//! of its losses at every point of a fixed design over the scenario's `[[uncertain]]`
//! inputs, each point playing the same replication seeds: the objective becomes the
//! expectation over the inputs, still paired across candidates. At a point the scenario is
//! validated again at the point's values and prepared with the run's seed (as
//! `robustness` does); a candidate is the base rollout of that scenario with the
//! candidate's intakes and allocation, and its opening dates moved by each station's own
//! delay at the point (the difference between the point's and the nominal base opening
//! dates). Costs and feasibility stay the nominal scenario's.

use super::candidate::{Assessed, Candidate, Objective, assess};
use crate::prepare::staffing;
use crate::scenario::{Optimise, Rollout, Scenario};
use crate::sim::dispatch::Closest;
use crate::stats::RunContext;
use crate::study::robustness::design::Design;
use crate::study::runner;
use rayon::prelude::*;
use std::ops::Range;

/// What one job simulates: a rollout of the scenario, or a candidate.
#[derive(Clone, Copy, Debug)]
pub enum Subject<'r> {
    /// The scenario's own rollout (its index).
    Own(usize),
    /// A candidate, assessed on the nominal scenario.
    Candidate(&'r Assessed),
}

/// One point of the uncertain inputs' design.
struct DesignPoint {
    scenario: Scenario,
    policy: Closest,
    /// Per station: the base rollout's opening here minus its nominal opening (ms).
    shift: Vec<i64>,
}

/// The uniform coordinates of `n` points over `k` inputs: the first `n` rows of the `A`
/// matrix of `robustness`'s Saltelli design with the same seed (an Owen-scrambled Sobol'
/// sequence), so a small `n` still spreads over every input.
pub fn design_points(n: usize, k: usize, seed: u64) -> Vec<Vec<f64>> {
    Design::saltelli(n, k, seed)
        .points
        .into_iter()
        .step_by(k + 2)
        .collect()
}

/// Simulates rollouts and candidates under common random numbers.
pub struct Evaluator<'a> {
    scenario: &'a Scenario,
    policy: Closest,
    objective: Objective,
    weights: Vec<f64>,
    /// The design's points (none: the nominal scenario only).
    points: Vec<DesignPoint>,
    /// `[optimise]` and the seed candidates are derived with at a point.
    opt: Option<(Optimise, u64)>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator of `objective` (with the yearly `weights` of `Objective::Weighted`) on
    /// the nominal scenario.
    pub fn new(scenario: &'a Scenario, objective: Objective, weights: &[f64]) -> Evaluator<'a> {
        Evaluator {
            scenario,
            policy: runner::policy(scenario),
            objective,
            weights: weights.to_vec(),
            points: vec![],
            opt: None,
        }
    }

    /// This evaluator with the objective the mean over `points` (scenarios at the points
    /// of a design, each prepared with `seed`, the seed candidates are derived with; their
    /// rollouts in the nominal scenario's order).
    pub fn over(mut self, points: Vec<Scenario>, opt: &Optimise, seed: u64) -> Evaluator<'a> {
        let nominal = &self.scenario.rollouts[opt.base].opens_at;
        self.points = points
            .into_iter()
            .map(|scenario| DesignPoint {
                policy: runner::policy(&scenario),
                shift: scenario.rollouts[opt.base]
                    .opens_at
                    .iter()
                    .zip(nominal)
                    .map(|(a, b)| a.0 - b.0)
                    .collect(),
                scenario,
            })
            .collect();
        self.opt = Some((opt.clone(), seed));
        self
    }

    /// The objective.
    pub fn objective(&self) -> Objective {
        self.objective
    }

    /// The number of design points the objective averages over (0: nominal inputs).
    pub fn points(&self) -> usize {
        self.points.len()
    }

    /// The losses of each job's replications `jobs[i].1` (seed `seed`), in order, on the
    /// current rayon pool; `tick` once per replication (of every point). After a stop
    /// request the unplayed replications give NaN (the command then writes nothing).
    pub fn losses(
        &self,
        jobs: &[(Subject, Range<u32>)],
        seed: u64,
        tick: &(dyn Fn() + Sync),
    ) -> Vec<Vec<f64>> {
        let reps: Vec<Range<u32>> = jobs.iter().map(|(_, r)| r.clone()).collect();
        let Some((opt, derive_seed)) = &self.opt else {
            let rollouts: Vec<&Rollout> = jobs
                .iter()
                .map(|(subject, _)| match subject {
                    Subject::Own(i) => &self.scenario.rollouts[*i],
                    Subject::Candidate(a) => &a.rollout,
                })
                .collect();
            return self.play(self.scenario, &self.policy, &rollouts, &reps, seed, tick);
        };
        let mut sum: Vec<Vec<f64>> = reps.iter().map(|r| vec![0.0; r.len()]).collect();
        for (p, point) in self.points.iter().enumerate() {
            let s = &point.scenario;
            let owned: Vec<Option<Rollout>> = jobs
                .par_iter()
                .map(|(subject, _)| match subject {
                    Subject::Own(_) => None,
                    Subject::Candidate(a) => {
                        let c: Candidate = a.candidate.shifted(&point.shift);
                        Some(assess(s, opt, &c, *derive_seed, None, &a.rollout.name).rollout)
                    }
                })
                .collect();
            let rollouts: Vec<&Rollout> = jobs
                .iter()
                .zip(&owned)
                .map(|((subject, _), o)| match (subject, o) {
                    (Subject::Own(i), _) => &s.rollouts[*i],
                    (_, Some(r)) => r,
                    (Subject::Candidate(a), None) => &a.rollout,
                })
                .collect();
            let last = p + 1 == self.points.len();
            let quiet = || {};
            let tick: &(dyn Fn() + Sync) = if last { tick } else { &quiet };
            let here = self.play(s, &point.policy, &rollouts, &reps, seed, tick);
            for (acc, l) in sum.iter_mut().zip(here) {
                for (a, x) in acc.iter_mut().zip(l) {
                    *a += x;
                }
            }
        }
        let k = self.points.len() as f64;
        for acc in &mut sum {
            for a in acc.iter_mut() {
                *a /= k;
            }
        }
        sum
    }

    /// The losses of each rollout's replications on one scenario.
    fn play(
        &self,
        s: &Scenario,
        policy: &Closest,
        rollouts: &[&Rollout],
        reps: &[Range<u32>],
        seed: u64,
        tick: &(dyn Fn() + Sync),
    ) -> Vec<Vec<f64>> {
        let ctxs: Vec<RunContext> = rollouts
            .par_iter()
            .map(|ro| RunContext::new(s, &staffing::crewing(s, ro), false))
            .collect();
        let work: Vec<(usize, u32)> = reps
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.clone().map(move |r| (i, r)))
            .collect();
        let flat: Vec<f64> = work
            .par_iter()
            .map(|&(i, rep)| {
                if crate::ground::cancel::requested().is_some() {
                    return f64::NAN;
                }
                let ro = rollouts[i];
                let drawn = staffing::crewing_drawn(s, ro, seed, rep as u64);
                let (summary, _, _) =
                    runner::replication_with(s, &drawn, policy, &ctxs[i], seed, rep, false);
                tick();
                self.objective
                    .loss(&ctxs[i].layout, &self.weights, &summary)
            })
            .collect();
        let mut out = Vec::with_capacity(reps.len());
        let mut at = 0;
        for r in reps {
            out.push(flat[at..at + r.len()].to_vec());
            at += r.len();
        }
        out
    }
}
