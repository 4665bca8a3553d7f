//! The search stage of `firesim optimise`: a variable-neighbourhood descent over the
//! base rollout's yearly intakes and allocation policy, every candidate simulated on the
//! same few replications (common random numbers), within a budget of evaluations.
//!
//! A move shifts `step` recruits from one intake to another (the total stays fixed), or
//! adds or removes `step` in one intake (when `[optimise] total_recruits_max` frees the
//! total), or changes the allocation policy. Neighbourhood 1 is one move; 2 is two moves
//! (which holds the exchanges that keep the cost: one step earlier here, one later there);
//! `m ≥ 3` is one move of `m` steps. From the current candidate the search simulates every
//! feasible neighbour in neighbourhood 1, moves to the best if it beats the current mean
//! loss, and widens to `m = 2, 3, …` only when no closer neighbour improves (Hansen & Mladenović's variable neighbourhood descent, 2001); it stops at a
//! candidate no neighbourhood improves, or when the budget is spent. Feasibility
//! (`[constraints]`, the cost cap) is checked before a candidate is simulated, and an
//! infeasible candidate is never simulated or kept. The search's means are noisy (a few
//! replications each): it proposes, the selection stage decides.

use super::candidate::{Assessed, Candidate, assess, mean};
use super::evaluate::{Evaluator, Subject};
use crate::scenario::{Optimise, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the search runs.
#[derive(Clone, Debug)]
pub struct SearchConfig {
    /// The most evaluations (candidate × replication) the search may spend.
    pub budget: u64,
    /// Replications per candidate.
    pub reps: u32,
    /// The run's seed (replications and derivation).
    pub seed: u64,
    /// The cost cap (`None`: none).
    pub cost_max: Option<f64>,
}

/// One line of the search trace.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TraceRow {
    /// Iteration (0: the start).
    pub iteration: u32,
    /// The current candidate.
    pub candidate: String,
    /// Its mean loss over the search replications.
    pub objective: f64,
    /// Candidates simulated so far.
    pub evaluations: u64,
    /// Replications simulated so far (candidates × replications).
    pub replications: u64,
    /// Candidates found infeasible so far (never simulated).
    pub infeasible: u64,
}

/// A simulated candidate.
#[derive(Clone, Debug)]
pub struct Scored {
    /// The candidate, its rollout, cost and feasibility.
    pub assessed: Assessed,
    /// Its mean loss over the search replications.
    pub mean: f64,
}

/// What the search found.
#[derive(Clone, Debug)]
pub struct SearchResult {
    /// Every feasible candidate simulated, in the order simulated.
    pub scored: Vec<Scored>,
    /// Every candidate found infeasible: its cost (for the Pareto chart's reference).
    pub infeasible: Vec<(Candidate, Option<f64>)>,
    /// The trace, one row per iteration.
    pub trace: Vec<TraceRow>,
    /// Replications spent.
    pub spent: u64,
    /// Whether it stopped at a local optimum (else: the budget ran out).
    pub converged: bool,
}

/// The intakes one move of `d` recruits away from `r`, inside the bounds: `d` shifted
/// from one intake to another, or (when the total is free) added to or taken from one.
fn moves(opt: &Optimise, r: &[u32], d: u32) -> Vec<Vec<u32>> {
    let n = r.len();
    let ok = |r: &[u32]| {
        r.iter()
            .zip(opt.recruits_min.iter().zip(&opt.recruits_max))
            .all(|(&x, (&lo, &hi))| lo <= x && x <= hi)
            && opt
                .total_recruits_max
                .is_none_or(|t| r.iter().sum::<u32>() <= t)
    };
    let mut out = vec![];
    for i in 0..n {
        for j in 0..n {
            if i == j || r[i] < d {
                continue;
            }
            let mut x = r.to_vec();
            x[i] -= d;
            x[j] += d;
            if ok(&x) {
                out.push(x);
            }
        }
    }
    if opt.total_recruits_max.is_some() {
        for i in 0..n {
            let mut up = r.to_vec();
            up[i] += d;
            let mut down = r.to_vec();
            down[i] = down[i].saturating_sub(d);
            for x in [up, down] {
                if x != r && ok(&x) {
                    out.push(x);
                }
            }
        }
    }
    out
}

/// The neighbours of `c` in neighbourhood `m`, in a fixed order: `m = 1` one move of one
/// step and every other allocation policy; `m = 2` two moves of one step (so also one of
/// two steps, and cost-neutral exchanges such as one step earlier here and one later
/// there); `m ≥ 3` one move of `m` steps.
fn neighbours(opt: &Optimise, c: &Candidate, m: u32) -> Vec<Candidate> {
    let step = opt.step;
    let first = moves(
        opt,
        &c.recruits,
        step.saturating_mul(if m == 2 { 1 } else { m }),
    );
    let all: Vec<Vec<u32>> = if m == 2 {
        first.iter().flat_map(|r| moves(opt, r, step)).collect()
    } else {
        first
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<Candidate> = all
        .into_iter()
        .filter(|r| r != &c.recruits && seen.insert(r.clone()))
        .map(|recruits| Candidate {
            recruits,
            allocation: c.allocation,
            opens: c.opens.clone(),
        })
        .collect();
    if m == 1 {
        for &a in &opt.allocations {
            if a != c.allocation {
                out.push(Candidate {
                    allocation: a,
                    ..c.clone()
                });
            }
        }
        if opt.opening_order {
            out.extend(swaps(c));
        }
    }
    out
}

/// Every candidate with the opening dates of two stations swapped, among the stations
/// that open inside the horizon on different dates (each year keeps its number of
/// openings).
fn swaps(c: &Candidate) -> Vec<Candidate> {
    let n = c.opens.len();
    let mut out = vec![];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (c.opens[i], c.opens[j]);
            if a > 0 && b > 0 && a != b {
                let mut opens = c.opens.clone();
                opens.swap(i, j);
                out.push(Candidate { opens, ..c.clone() });
            }
        }
    }
    out
}

/// The largest move that can change anything (beyond it every neighbour is out of bounds).
fn widest(opt: &Optimise) -> u32 {
    let span = opt
        .recruits_min
        .iter()
        .zip(&opt.recruits_max)
        .map(|(lo, hi)| hi - lo)
        .max()
        .unwrap_or(0);
    (span / opt.step.max(1)).max(2)
}

/// The search state: every candidate assessed so far and the simulated ones' means.
struct State<'a> {
    scenario: &'a Scenario,
    opt: &'a Optimise,
    cfg: &'a SearchConfig,
    assessed: BTreeMap<Candidate, Option<usize>>,
    result: SearchResult,
}

impl State<'_> {
    /// Assess `cands` and simulate the feasible new ones within the budget; the index in
    /// `scored` of each candidate simulated (now or before).
    fn score(
        &mut self,
        cands: &[Candidate],
        eval: &Evaluator,
        tick: &(dyn Fn() + Sync),
    ) -> Vec<usize> {
        let mut fresh: Vec<Assessed> = vec![];
        let mut known = vec![];
        for c in cands {
            match self.assessed.get(c) {
                Some(Some(i)) => known.push(*i),
                Some(None) => {}
                None => {
                    let a = assess(
                        self.scenario,
                        self.opt,
                        c,
                        self.cfg.seed,
                        self.cfg.cost_max,
                        "candidate",
                    );
                    if a.infeasible.is_empty() {
                        fresh.push(a);
                    } else {
                        self.result.infeasible.push((c.clone(), a.cost));
                        self.assessed.insert(c.clone(), None);
                    }
                }
            }
        }
        let n = self.cfg.reps;
        let room = (self.cfg.budget.saturating_sub(self.result.spent) / u64::from(n)) as usize;
        fresh.truncate(room);
        let jobs: Vec<_> = fresh
            .iter()
            .map(|a| (Subject::Candidate(a), 0..n))
            .collect();
        let losses = eval.losses(&jobs, self.cfg.seed, tick);
        self.result.spent += u64::from(n) * fresh.len() as u64;
        for (a, l) in fresh.into_iter().zip(losses) {
            let i = self.result.scored.len();
            self.assessed.insert(a.candidate.clone(), Some(i));
            self.result.scored.push(Scored {
                assessed: a,
                mean: mean(&l),
            });
            known.push(i);
        }
        known
    }

    fn trace(&mut self, iteration: u32, at: usize) {
        let s = &self.result.scored[at];
        let base = Candidate::of_base(self.scenario, self.opt);
        let row = TraceRow {
            iteration,
            candidate: s.assessed.candidate.label(self.scenario, &base),
            objective: s.mean,
            evaluations: self.result.scored.len() as u64,
            replications: self.result.spent,
            infeasible: self.result.infeasible.len() as u64,
        };
        self.result.trace.push(row);
    }
}

/// The first feasible candidate in breadth-first order from `start` (the base, when the
/// base itself breaks a constraint), among at most `limit` candidates.
fn feasible_start(
    scenario: &Scenario,
    opt: &Optimise,
    cfg: &SearchConfig,
    start: Candidate,
    limit: usize,
) -> Option<Candidate> {
    let mut seen = std::collections::BTreeSet::from([start.clone()]);
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(c) = queue.pop_front() {
        if assess(scenario, opt, &c, cfg.seed, cfg.cost_max, "candidate")
            .infeasible
            .is_empty()
        {
            return Some(c);
        }
        if seen.len() >= limit {
            return None;
        }
        for n in neighbours(opt, &c, 1) {
            if seen.insert(n.clone()) {
                queue.push_back(n);
            }
        }
    }
    None
}

/// Run the search from the base rollout's own choices (or the nearest feasible candidate
/// to them); `None` when no feasible candidate is found near the base.
pub fn search(
    scenario: &Scenario,
    opt: &Optimise,
    cfg: &SearchConfig,
    eval: &Evaluator,
    tick: &(dyn Fn() + Sync),
) -> Option<SearchResult> {
    let base = Candidate::of_base(scenario, opt);
    let start = feasible_start(scenario, opt, cfg, base, 2_000)?;
    let mut st = State {
        scenario,
        opt,
        cfg,
        assessed: BTreeMap::new(),
        result: SearchResult {
            scored: vec![],
            infeasible: vec![],
            trace: vec![],
            spent: 0,
            converged: false,
        },
    };
    let mut at = *st.score(&[start], eval, tick).first()?;
    st.trace(0, at);
    let widest = widest(opt);
    let mut iteration = 0;
    let mut m = 1;
    loop {
        if crate::ground::cancel::requested().is_some() {
            break;
        }
        let here = st.result.scored[at].assessed.candidate.clone();
        let cands = neighbours(opt, &here, m);
        let idx = st.score(&cands, eval, tick);
        let best = idx.iter().copied().min_by(|&a, &b| {
            st.result.scored[a]
                .mean
                .total_cmp(&st.result.scored[b].mean)
        });
        let improves = best.filter(|&b| st.result.scored[b].mean < st.result.scored[at].mean);
        let out_of_budget = st.cfg.budget.saturating_sub(st.result.spent) < u64::from(cfg.reps);
        match improves {
            Some(b) => {
                at = b;
                m = 1;
                iteration += 1;
                st.trace(iteration, at);
            }
            None if m < widest && !out_of_budget => m += 1,
            None => {
                st.result.converged = !out_of_budget;
                break;
            }
        }
        if out_of_budget {
            break;
        }
    }
    Some(st.result)
}

/// The `k` best simulated candidates by search mean (ties by candidate order), with
/// `keep` (the base's candidate, when it was simulated) among them.
pub fn finalists(result: &SearchResult, k: usize, keep: Option<&Candidate>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..result.scored.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&result.scored[a], &result.scored[b]);
        x.mean
            .total_cmp(&y.mean)
            .then_with(|| x.assessed.candidate.cmp(&y.assessed.candidate))
    });
    let mut out: Vec<usize> = order.iter().copied().take(k).collect();
    if let Some(keep) = keep
        && let Some(i) = order
            .iter()
            .copied()
            .find(|&i| &result.scored[i].assessed.candidate == keep)
        && !out.contains(&i)
    {
        if out.len() == k {
            out.pop();
        }
        out.push(i);
    }
    out
}
