//! The whole recommendation: the search, its finalists (the base rollout's own choice
//! among them), and the two-stage selection on replications of a seed stream the search
//! never used (stage 1: `n0` each; stage 2: up to `N_i`; see `select`).

use super::candidate::{Candidate, mean, stage_seed};
use super::evaluate::{Evaluator, Subject};
use super::search::{SearchConfig, SearchResult, finalists, search};
use super::select::{Sizes, best, sizes};
use crate::scenario::{Optimise, Scenario};
use std::ops::Range;

/// The most replications the selection stage gives one finalist (N_i is capped here; the
/// outcome says when the cap binds, for then the guarantee does not hold).
pub const SELECTION_CAP: u32 = 5_000;

/// What the selection stage did.
#[derive(Clone, Debug)]
pub struct Selection {
    /// The finalists (indices into the search's `scored`).
    pub finalists: Vec<usize>,
    /// N_i per finalist.
    pub total: Vec<u32>,
    /// Mean loss per finalist over its N_i replications.
    pub means: Vec<f64>,
    /// The chosen finalist (position in `finalists`).
    pub chosen: usize,
    /// The first-stage constant h.
    pub h: f64,
    /// Whether some N_i hit [`SELECTION_CAP`].
    pub capped: bool,
}

/// The search and the selection.
#[derive(Clone, Debug)]
pub struct Recommendation {
    /// The search.
    pub search: SearchResult,
    /// The selection.
    pub selection: Selection,
}

impl Recommendation {
    /// The chosen candidate.
    pub fn chosen(&self) -> &Candidate {
        let s = &self.selection;
        &self.search.scored[s.finalists[s.chosen]].assessed.candidate
    }
}

/// Why no recommendation could be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoRecommendation {
    /// No feasible candidate near the base.
    NoFeasible,
    /// Only one feasible candidate was simulated.
    OneCandidate,
}

/// Progress callbacks: one per replication of the search, of the selection.
pub struct Ticks<'a> {
    /// A search replication finished.
    pub search: &'a (dyn Fn() + Sync),
    /// A selection replication finished.
    pub select: &'a (dyn Fn() + Sync),
}

/// The search and the selection's first stage: what every shard of a sharded run computes
/// alike (the same seed gives the same finalists and first-stage losses everywhere).
#[derive(Clone, Debug)]
pub struct FirstStage {
    /// The search.
    pub search: SearchResult,
    /// The finalists (indices into the search's `scored`).
    pub finalists: Vec<usize>,
    /// Each finalist's `n0` first-stage losses.
    pub first: Vec<Vec<f64>>,
    /// The first stage's verdict: `h` and each `N_i`.
    pub sizes: Sizes,
}

/// Search, then play the first stage of the selection among the best `o.finalists` with
/// indifference zone `delta` and error `alpha`, on the current rayon pool.
pub fn first_stage(
    scenario: &Scenario,
    o: &Optimise,
    cfg: &SearchConfig,
    eval: &Evaluator,
    delta: f64,
    alpha: f64,
    ticks: &Ticks,
) -> Result<FirstStage, NoRecommendation> {
    let found = search(scenario, o, cfg, eval, ticks.search).ok_or(NoRecommendation::NoFeasible)?;
    let base = Candidate::of_base(scenario, o);
    let fin = finalists(&found, o.finalists, Some(&base));
    if fin.len() < 2 {
        return Err(NoRecommendation::OneCandidate);
    }
    let n0 = o.first_stage_replications;
    let jobs: Vec<_> = fin
        .iter()
        .map(|&f| (Subject::Candidate(&found.scored[f].assessed), 0..n0))
        .collect();
    let first = eval.losses(&jobs, selection_seed(cfg.seed), ticks.select);
    let sizes = sizes(&first, delta, alpha, SELECTION_CAP);
    Ok(FirstStage {
        search: found,
        finalists: fin,
        first,
        sizes,
    })
}

/// The seed stream of the selection's replications (one the search never used).
pub fn selection_seed(seed: u64) -> u64 {
    stage_seed(seed, 1)
}

impl FirstStage {
    /// The second stage's jobs: finalist `i`'s replications `n0..N_i` (seed
    /// [`selection_seed`]).
    pub fn second_jobs(&self) -> Vec<(Subject<'_>, Range<u32>)> {
        self.finalists
            .iter()
            .zip(&self.first)
            .zip(&self.sizes.total)
            .map(|((&f, l), &n)| {
                (
                    Subject::Candidate(&self.search.scored[f].assessed),
                    l.len() as u32..n,
                )
            })
            .collect()
    }

    /// The selection, from the second stage's losses (one list per finalist, as
    /// [`FirstStage::second_jobs`] asks).
    pub fn select(self, second: Vec<Vec<f64>>) -> Recommendation {
        let (means, chosen) = selected(&self.first, &second);
        let selection = Selection {
            chosen,
            capped: self.sizes.total.contains(&SELECTION_CAP),
            finalists: self.finalists,
            total: self.sizes.total,
            means,
            h: self.sizes.h,
        };
        Recommendation {
            search: self.search,
            selection,
        }
    }
}

/// Each finalist's mean loss over both stages' replications, and the chosen one (the
/// smallest mean; ties: the first).
pub fn selected(first: &[Vec<f64>], second: &[Vec<f64>]) -> (Vec<f64>, usize) {
    let means: Vec<f64> = first
        .iter()
        .zip(second)
        .map(|(a, b)| {
            let all: Vec<f64> = a.iter().chain(b).copied().collect();
            mean(&all)
        })
        .collect();
    let chosen = best(&means);
    (means, chosen)
}

/// Search, then select among the best `o.finalists` with indifference zone `delta` and
/// error `alpha`, on the current rayon pool.
pub fn recommend(
    scenario: &Scenario,
    o: &Optimise,
    cfg: &SearchConfig,
    eval: &Evaluator,
    delta: f64,
    alpha: f64,
    ticks: &Ticks,
) -> Result<Recommendation, NoRecommendation> {
    let first = first_stage(scenario, o, cfg, eval, delta, alpha, ticks)?;
    let second = eval.losses(&first.second_jobs(), selection_seed(cfg.seed), ticks.select);
    Ok(first.select(second))
}
