//! Recommending a rollout (`firesim optimise`): a search over the base rollout's choices
//! (`search`) on a few replications under common random numbers, then a two-stage
//! selection among the best candidates with a stated guarantee (`select`, run by
//! `recommend`), on candidates built and checked by `candidate`.
//!
//! No IO here: `commands::optimise` writes what this computes through `report`.

pub mod candidate;
pub mod evaluate;
pub mod recommend;
pub mod search;
pub mod select;

pub use candidate::{Assessed, Candidate, Objective, assess, mean, stage_seed};
pub use evaluate::{Evaluator, Subject, design_points};
pub use recommend::{
    FirstStage, NoRecommendation, Recommendation, SELECTION_CAP, Selection, Ticks, first_stage,
    recommend, selected, selection_seed,
};
pub use search::{Scored, SearchConfig, SearchResult, TraceRow, finalists, search};
pub use select::{Sizes, best, sizes};
