//! The whole recommendation: the search, its finalists (the base rollout's own choice
//! among them), and the two-stage selection on replications of a seed stream the search
//! never used (stage 1: `n0` each; stage 2: up to `N_i`; see `select`).

use super::candidate::{Candidate, Evaluator, mean, stage_seed};
use super::search::{SearchConfig, SearchResult, finalists, search};
use super::select::{best, sizes};
use crate::scenario::{Optimise, Scenario};

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
    let found = search(scenario, o, cfg, eval, ticks.search).ok_or(NoRecommendation::NoFeasible)?;
    let base = Candidate::of_base(scenario, o);
    let fin = finalists(&found, o.finalists, Some(&base));
    if fin.len() < 2 {
        return Err(NoRecommendation::OneCandidate);
    }
    let n0 = o.first_stage_replications;
    let seed = stage_seed(cfg.seed, 1);
    let ro = |i: usize| &found.scored[fin[i]].assessed.rollout;
    let jobs: Vec<_> = (0..fin.len()).map(|i| (ro(i), 0..n0)).collect();
    let mut losses = eval.losses(&jobs, seed, ticks.select);
    let sz = sizes(&losses, delta, alpha, SELECTION_CAP);
    let jobs: Vec<_> = (0..fin.len()).map(|i| (ro(i), n0..sz.total[i])).collect();
    for (l, extra) in losses
        .iter_mut()
        .zip(eval.losses(&jobs, seed, ticks.select))
    {
        l.extend(extra);
    }
    let means: Vec<f64> = losses.iter().map(|l| mean(l)).collect();
    let selection = Selection {
        chosen: best(&means),
        capped: sz.total.contains(&SELECTION_CAP),
        finalists: fin,
        total: sz.total,
        means,
        h: sz.h,
    };
    Ok(Recommendation {
        search: found,
        selection,
    })
}
