//! `firesim optimise`: search the base rollout's choices declared in `[optimise]`
//! (`study::optimise::search`, common random numbers, an evaluation budget), select
//! among the best candidates with a two-stage indifference-zone procedure
//! (`study::optimise::select`), check the recommendation against every rollout of the
//! scenario on fresh replications, and write recommended.toml, trace.csv, optimise.json,
//! optimise.md and report.html in one transaction.
//!
//! With `--uncertain` the objective is the expectation over `--points` points of a design
//! over the scenario's `[[uncertain]]` inputs (`study::optimise::evaluate`).
//!
//! Sharded (`--shard K/N`, then `firesim merge`): the search and the selection's first
//! stage are deterministic and cheap next to the rest, so every shard plays them alike
//! (the same seed gives the same finalists); the work items are then the replications of
//! the selection's second stage (finalist × replication `n0..N_i`) and of the check (every
//! rollout of the scenario and every finalist, as the recommendation is not known before
//! the second stage ends), and a shard plays a contiguous block of them. The merge checks
//! that every part found the same finalists and first stage, and ends in the same
//! [`finish`] one process runs, so the files are byte-identical.

use super::output::Staging;
use super::part;
use super::setup::{load_with, pool, progress, progress_of};
use super::sim::resolve_shard;
use super::timing::measure;
use crate::prepare::rollout::{constraints, costs};
use crate::report;
use crate::report::optimise::{CheckRow, ExpectationOver, Finalist, OptimiseReport, Point};
use crate::scenario::{LoadOptions, Optimise, Scenario, UncertainScenario};
use crate::stats::Estimate;
use crate::study::optimise::{
    self as opt, Candidate, Evaluator, FirstStage, NoRecommendation, Objective, SearchConfig,
    Subject, Ticks, TraceRow, selected, selection_seed, stage_seed,
};
use crate::study::robustness::design;
use crate::study::shard::{Cost, Shard, Shardable};
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What `firesim optimise` is asked to do.
#[derive(Clone, Debug)]
pub struct OptimiseArgs {
    /// The scenario file (TOML) with an `[optimise]` section.
    pub scenario: PathBuf,
    /// What to optimise.
    pub objective: Objective,
    /// The indifference zone (default: 2 s, or 0.2 points for the share).
    pub delta: Option<f64>,
    /// 1 − the probability of a correct selection.
    pub alpha: f64,
    /// The search's budget of evaluations (candidate × replication).
    pub evaluations: u64,
    /// Replications per rollout of the check on fresh replications.
    pub check_reps: u32,
    /// The objective is the expectation over the scenario's `[[uncertain]]` inputs.
    pub uncertain: bool,
    /// Design points of that expectation.
    pub points: usize,
    /// Master seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads.
    pub threads: Option<usize>,
    /// Output folder (default: results/<scenario name>/optimise/).
    pub out: Option<PathBuf>,
    /// `K/N` or `auto`: compute only that shard.
    pub shard: Option<String>,
    /// N for `--shard auto`.
    pub shards: Option<u32>,
    /// Language of optimise.md and report.html.
    pub lang: report::Lang,
}

/// The flags' checks, before anything is read or written.
fn check_flags(args: &OptimiseArgs) -> Result<f64> {
    let delta = args.delta.unwrap_or(args.objective.default_delta());
    if !(delta.is_finite() && delta > 0.0) {
        bail!("--delta: must be a number > 0 (the indifference zone), found {delta}");
    }
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        bail!("--alpha: must be in (0, 1), found {}", args.alpha);
    }
    if args.evaluations == 0 {
        bail!("--evaluations: must be at least 1 (the search's budget of candidate replications)");
    }
    if args.check_reps < 2 {
        bail!("--check-reps: must be at least 2 (for the intervals)");
    }
    if args.points == 0 || args.points > design::MAX_ROWS {
        bail!(
            "--points: between 1 and {} design points, found {}",
            design::MAX_ROWS,
            args.points
        );
    }
    Ok(delta)
}

/// A resolved `firesim optimise`: the scenario prepared with the run's seed, its choices,
/// the design points of `--uncertain`, and where the results go.
struct Study {
    scenario: Scenario,
    o: Optimise,
    seed: u64,
    delta: f64,
    cost_max: Option<f64>,
    base_cost: Option<f64>,
    out: PathBuf,
    /// The scenario at each design point (`--uncertain`; empty otherwise).
    points: Vec<Scenario>,
    /// The uncertain inputs' parameters (`--uncertain`).
    inputs: Vec<String>,
}

fn study(args: &OptimiseArgs) -> Result<Study> {
    let delta = check_flags(args)?;
    super::report::check_lang(args.lang)?;
    let scenario = load_with(&args.scenario, LoadOptions::default(), args.seed)?;
    let Some(o) = scenario.optimise.clone() else {
        bail!(
            "{}: optimise: the scenario declares no choices (add an [optimise] section: the \
             base rollout, recruits_min and recruits_max per intake, allocations)",
            args.scenario.display()
        );
    };
    let seed = args.seed.unwrap_or(scenario.seed);
    let (points, inputs) = if args.uncertain {
        uncertain_points(args, seed)?
    } else {
        (vec![], vec![])
    };
    let base_cost = costs::costs(&scenario, &scenario.rollouts[o.base]).map(|c| c.total.total);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(&scenario.name).join("optimise"));
    Ok(Study {
        cost_max: o.cost_max.or(base_cost),
        base_cost,
        o,
        seed,
        delta,
        out,
        points,
        inputs,
        scenario,
    })
}

/// The scenario at each of `--points` points of a design over its `[[uncertain]]` inputs,
/// prepared with `seed`, and the inputs' parameters.
fn uncertain_points(args: &OptimiseArgs, seed: u64) -> Result<(Vec<Scenario>, Vec<String>)> {
    let us = UncertainScenario::load(&args.scenario, &[], false, LoadOptions::default())?;
    let k = us.inputs.len();
    if k == 0 {
        bail!(
            "--uncertain: {} has no [[uncertain]] inputs to take the expectation over (add \
             some, as for `firesim robustness`, or leave out --uncertain)",
            args.scenario.display()
        );
    }
    if k > design::MAX_INPUTS {
        bail!(
            "--uncertain: at most {} uncertain inputs (there are {k})",
            design::MAX_INPUTS
        );
    }
    let scenarios = opt::design_points(args.points, k, seed)
        .iter()
        .map(|u| {
            let s = us.scenario_at(&us.values_at(u))?;
            Ok(crate::prepare::prepared(s, seed))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((
        scenarios,
        us.inputs.iter().map(|i| i.param.clone()).collect(),
    ))
}

impl Study {
    fn evaluator(&self, objective: Objective) -> Evaluator<'_> {
        let eval = Evaluator::new(&self.scenario, objective, &self.o.year_weights);
        if self.points.is_empty() {
            eval
        } else {
            eval.over(self.points.clone(), &self.o, self.seed)
        }
    }

    /// The search and the selection's first stage, on `pool`, with a progress bar.
    fn first_stage(
        &self,
        args: &OptimiseArgs,
        eval: &Evaluator,
        pool: &rayon::ThreadPool,
    ) -> Result<FirstStage> {
        let cfg = SearchConfig {
            budget: args.evaluations,
            reps: self.o.search_replications,
            seed: self.seed,
            cost_max: self.cost_max,
        };
        let bar = progress_of(
            args.evaluations,
            &format!("{}: search, then selection", self.scenario.name),
            "evaluations",
        );
        let select_tick = || {
            if bar.position() + 1 >= bar.length().unwrap_or(0) {
                bar.inc_length(1);
            }
            bar.inc(1);
        };
        let ticks = Ticks {
            search: &|| bar.inc(1),
            select: &select_tick,
        };
        let o = &self.o;
        let found = pool.install(|| {
            opt::first_stage(
                &self.scenario,
                o,
                &cfg,
                eval,
                self.delta,
                args.alpha,
                &ticks,
            )
        });
        bar.finish_and_clear();
        crate::ground::cancel::check()?;
        let base_name = &self.scenario.rollouts[o.base].name;
        match found {
            Ok(f) => Ok(f),
            Err(NoRecommendation::NoFeasible) => bail!(
                "{}: optimise: no rollout within [optimise]'s bounds near `{base_name}` respects \
                 [constraints] and costs at most {} (optimise.recruits_min, \
                 optimise.recruits_max, optimise.cost_max)",
                args.scenario.display(),
                self.cost_max
                    .map_or("anything".into(), |c| format!("{c:.0}"))
            ),
            Err(NoRecommendation::OneCandidate) => bail!(
                "{}: optimise: the search found only one feasible candidate (raise \
                 --evaluations or widen optimise.recruits_min/recruits_max)",
                args.scenario.display()
            ),
        }
    }
}

/// What every shard computes alike (the search and the selection's first stage), as the
/// report and the merge need it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Prelim {
    trace: Vec<TraceRow>,
    spent: u64,
    candidates: u64,
    infeasible: u64,
    converged: bool,
    /// The finalists, their labels, search mean losses, costs and whether each is the
    /// base's own choice.
    finalists: Vec<(Candidate, String, f64, Option<f64>, bool)>,
    /// Each finalist's first-stage losses.
    first: Vec<Vec<f64>>,
    h: f64,
    /// N_i per finalist.
    totals: Vec<u32>,
    /// Every feasible candidate simulated with a cost (the Pareto chart).
    points: Vec<Point>,
}

impl Prelim {
    fn of(study: &Study, f: &FirstStage, objective: Objective) -> Prelim {
        let s = &study.scenario;
        let base = Candidate::of_base(s, &study.o);
        let found = &f.search;
        let mut points: Vec<Point> = found
            .scored
            .iter()
            .filter_map(|sc| {
                Some(Point {
                    label: sc.assessed.candidate.label(s, &base),
                    cost: sc.assessed.cost?,
                    objective: objective.value(sc.mean),
                    pareto: false,
                })
            })
            .collect();
        report::optimise::mark_pareto(&mut points, objective == Objective::Within5);
        Prelim {
            trace: found.trace.clone(),
            spent: found.spent,
            candidates: found.scored.len() as u64,
            infeasible: found.infeasible.len() as u64,
            converged: found.converged,
            finalists: f
                .finalists
                .iter()
                .map(|&i| {
                    let a = &found.scored[i].assessed;
                    (
                        a.candidate.clone(),
                        a.candidate.label(s, &base),
                        found.scored[i].mean,
                        a.cost,
                        a.candidate == base,
                    )
                })
                .collect(),
            first: f.first.clone(),
            h: f.sizes.h,
            totals: f.sizes.total.clone(),
            points,
        }
    }

    /// The lengths of the work items' jobs, in order: each finalist's second stage, then
    /// the check of every rollout of the scenario, then (`all_finalists`) the check of
    /// every finalist, else of the recommendation alone.
    fn job_lengths(&self, rollouts: usize, check_reps: u32, all_finalists: bool) -> Vec<u32> {
        let second = self
            .first
            .iter()
            .zip(&self.totals)
            .map(|(l, &n)| n - l.len() as u32);
        let checks = rollouts
            + if all_finalists {
                self.finalists.len()
            } else {
                1
            };
        second
            .chain(std::iter::repeat_n(check_reps, checks))
            .collect()
    }
}

/// The losses the report is written from, besides the first stage's.
struct Played {
    /// Each finalist's second-stage losses.
    second: Vec<Vec<f64>>,
    /// The check's losses of every rollout of the scenario, in order.
    own: Vec<Vec<f64>>,
    /// The check's losses of the recommendation.
    recommended: Vec<f64>,
}

/// The check's rows: every rollout of the scenario and the recommended one, paired
/// against the base.
fn check_rows(
    study: &Study,
    recommended: &crate::scenario::Rollout,
    objective: Objective,
    played: &Played,
) -> Vec<CheckRow> {
    let s = &study.scenario;
    let value = |v: &[f64]| -> Vec<f64> { v.iter().map(|&x| objective.value(x)).collect() };
    let base = value(&played.own[study.o.base]);
    s.rollouts
        .iter()
        .chain(std::iter::once(recommended))
        .zip(
            played
                .own
                .iter()
                .chain(std::iter::once(&played.recommended)),
        )
        .map(|(r, l)| {
            let v = value(l);
            let c = costs::costs(s, r);
            CheckRow {
                rollout: r.name.clone(),
                objective: Estimate::from_values(&v),
                vs_base: Estimate::paired(base.iter().copied().zip(v.iter().copied())),
                feasible: constraints::violations(s, r, c.as_ref()).is_empty(),
                cost: c.map(|c| c.total.total),
            }
        })
        .collect()
}

/// Run `firesim optimise` (or one shard of it).
pub fn run(args: OptimiseArgs) -> Result<()> {
    let shard = resolve_shard(args.shard.as_deref(), args.shards)?;
    let study = study(&args)?;
    let pool = pool(args.threads)?;
    let eval = study.evaluator(args.objective);
    if !study.points.is_empty() {
        eprintln!(
            "{}: the objective is the expectation over {} points of {} uncertain inputs: {} \
             simulations per evaluation",
            study.scenario.name,
            study.points.len(),
            study.inputs.len(),
            study.points.len()
        );
    }
    let (first, cost) = measure(&pool, || study.first_stage(&args, &eval, &pool));
    let first = first?;
    let prelim = Prelim::of(&study, &first, args.objective);
    let n = study.scenario.rollouts.len();
    let check_seed = stage_seed(study.seed, 2);
    if let Some(shard) = shard {
        let lengths = prelim.job_lengths(n, args.check_reps, true);
        let total = u32::try_from(lengths.iter().map(|&l| u64::from(l)).sum::<u64>())
            .context("--check-reps: more work items than a shard can count")?;
        let header = part::header(&args, shard, study.seed, total)?;
        let range = shard.items(total);
        eprintln!(
            "{}: shard {shard}: work items {}..{} of {total} (second stage, then the check)",
            study.scenario.name, range.start, range.end
        );
        let mut jobs = first.second_jobs();
        let seeds = jobs.len();
        jobs.extend((0..n).map(|i| (Subject::Own(i), 0..args.check_reps)));
        jobs.extend(first.finalists.iter().map(|&f| {
            (
                Subject::Candidate(&first.search.scored[f].assessed),
                0..args.check_reps,
            )
        }));
        let bar = progress(u64::from(range.end - range.start), "optimise shard");
        let (losses, more) = measure(&pool, || {
            play_block(&eval, &jobs, seeds, &study, range, &|| bar.inc(1))
        });
        bar.finish_and_clear();
        crate::ground::cancel::check()?;
        let cost = Cost {
            wall_s: cost.wall_s + more.wall_s,
            cpu_s: cost.cpu_s.zip(more.cpu_s).map(|(a, b)| a + b),
            ..more
        };
        return part::write_part(&study.out, header, cost, &OptimisePart { prelim, losses });
    }
    let bar = progress(
        (u64::from(args.check_reps) * (n as u64 + 1)).max(2),
        "selection, then the check on fresh replications",
    );
    let played = pool.install(|| {
        let second = eval.losses(&first.second_jobs(), selection_seed(study.seed), &|| {
            bar.inc(1)
        });
        let (_, chosen) = selected(&first.first, &second);
        let rec = &first.search.scored[first.finalists[chosen]].assessed;
        let mut jobs: Vec<_> = (0..n)
            .map(|i| (Subject::Own(i), 0..args.check_reps))
            .collect();
        jobs.push((Subject::Candidate(rec), 0..args.check_reps));
        let mut own = eval.losses(&jobs, check_seed, &|| bar.inc(1));
        let recommended = own.pop().unwrap_or_default();
        Played {
            second,
            own,
            recommended,
        }
    });
    bar.finish_and_clear();
    crate::ground::cancel::check()?;
    finish(&study, &args, &prelim, &played)
}

/// Play the work items `range` of `jobs` (each job's replications in order, the jobs one
/// after the other): the first `seeds` jobs on the selection's seed stream, the others on
/// the check's. The losses, in item order.
fn play_block(
    eval: &Evaluator,
    jobs: &[(Subject, Range<u32>)],
    seeds: usize,
    study: &Study,
    range: Range<u32>,
    tick: &(dyn Fn() + Sync),
) -> Vec<f64> {
    let mut at = 0u32;
    let mut mine: Vec<(Subject, Range<u32>)> = vec![];
    let mut split = 0;
    for (i, (subject, reps)) in jobs.iter().enumerate() {
        let len = reps.len() as u32;
        let (lo, hi) = (range.start.max(at), range.end.min(at + len));
        if lo < hi {
            let r = reps.start + (lo - at)..reps.start + (hi - at);
            mine.push((*subject, r));
            if i < seeds {
                split = mine.len();
            }
        }
        at += len;
    }
    let mut out = vec![];
    for (part, seed) in [
        (&mine[..split], selection_seed(study.seed)),
        (&mine[split..], stage_seed(study.seed, 2)),
    ] {
        out.extend(eval.losses(part, seed, tick).into_iter().flatten());
    }
    out
}

/// A shard's part: what every shard computed alike, and its block of the work items'
/// losses.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OptimisePart {
    prelim: Prelim,
    losses: Vec<f64>,
}

/// Build the report from the first stage and the played losses, and write every file.
fn finish(study: &Study, args: &OptimiseArgs, prelim: &Prelim, played: &Played) -> Result<()> {
    let s = &study.scenario;
    let (means, chosen) = selected(&prelim.first, &played.second);
    let rec = opt::assess(
        s,
        &study.o,
        &prelim.finalists[chosen].0,
        study.seed,
        study.cost_max,
        "recommended",
    );
    let base_cand = Candidate::of_base(s, &study.o);
    let rows = check_rows(study, &rec.rollout, args.objective, played);
    let value = |x: f64| args.objective.value(x);
    let rep = OptimiseReport {
        scenario: s.name.clone(),
        version: env!("CARGO_PKG_VERSION").into(),
        seed: study.seed,
        objective: format!("{:?}", args.objective).to_lowercase(),
        unit: args.objective.unit().into(),
        larger_is_better: args.objective == Objective::Within5,
        objective_over: (!study.points.is_empty()).then(|| ExpectationOver {
            points: study.points.len(),
            inputs: study.inputs.clone(),
        }),
        delta: study.delta,
        alpha: args.alpha,
        base: s.rollouts[study.o.base].name.clone(),
        cost_max: study.cost_max,
        currency: s
            .costs
            .as_ref()
            .map_or(String::new(), |c| c.currency.clone()),
        budget: args.evaluations,
        search_replications_spent: prelim.spent,
        search_replications: study.o.search_replications,
        candidates: prelim.candidates,
        infeasible: prelim.infeasible,
        iterations: prelim.trace.last().map_or(0, |t| t.iteration),
        converged: prelim.converged,
        n0: study.o.first_stage_replications,
        h: prelim.h,
        selection_replications: prelim.totals.iter().map(|&n| u64::from(n)).sum(),
        capped: prelim.totals.contains(&opt::SELECTION_CAP),
        finalists: prelim
            .finalists
            .iter()
            .enumerate()
            .map(|(i, (_, label, search, cost, is_base))| Finalist {
                label: label.clone(),
                search_mean: value(*search),
                replications: prelim.totals[i],
                selection_mean: value(means[i]),
                cost: *cost,
                is_base: *is_base,
                chosen: i == chosen,
            })
            .collect(),
        recommended_recruits: rec.candidate.recruits.clone(),
        recommended_allocation: rec.candidate.allocation_name().into(),
        recommended_opens: rec.candidate.moved_openings(s, &base_cand),
        recommended_cost: rec.cost,
        base_cost: study.base_cost,
        check_seed: stage_seed(study.seed, 2),
        check_replications: args.check_reps,
        check: rows,
        points: prelim.points.clone(),
    };
    write(study, &rep, &prelim.trace, args.lang)
}

/// Write every file in one transaction and print optimise.md.
fn write(
    study: &Study,
    rep: &OptimiseReport,
    trace: &[TraceRow],
    lang: report::Lang,
) -> Result<()> {
    let out = &study.out;
    let staging = Staging::new(out)?.guarding(&crate::scenario::input_files(&study.scenario.file));
    let dir = staging.path();
    let md = report::optimise::optimise_md(rep, lang);
    report::write_atomic(
        &dir.join("recommended.toml"),
        report::optimise::recommended_toml(rep, "recommended").as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("trace.csv"),
        report::optimise::trace_csv(trace).as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("optimise.json"),
        (serde_json::to_string_pretty(rep)? + "\n").as_bytes(),
    )?;
    report::write_atomic(&dir.join("optimise.md"), md.as_bytes())?;
    if !rep.points.is_empty() {
        report::optimise::write_pareto(rep, dir, lang)?;
    }
    let missing = report::optimise_page::write_page(rep, trace, dir, lang)?;
    super::report::notes(0, &missing);
    staging.commit()?;
    print!("{md}");
    eprintln!("wrote {}", out.display());
    Ok(())
}

impl Shardable for OptimiseArgs {
    const COMMAND: &'static str = "optimise";
    type Part = OptimisePart;

    fn paths(&mut self) -> (&mut PathBuf, &mut Option<PathBuf>) {
        (&mut self.scenario, &mut self.out)
    }

    fn clear_free_flags(&mut self) {
        (self.threads, self.shard, self.shards) = (None, None, None);
    }

    /// The merge of a sharded `firesim optimise`: every part must hold the same first
    /// stage (the search and the finalists) and its shard's block of the work items; the
    /// blocks in shard order are every item's loss, which [`finish`] turns into the files
    /// one process writes.
    fn merge(self, parts: Vec<(PathBuf, OptimisePart)>, _cost: Cost) -> Result<()> {
        let study = study(&self)?;
        let count = u32::try_from(parts.len()).context("too many parts")?;
        let Some((first_file, first)) = parts.first() else {
            bail!("no parts to merge");
        };
        let prelim = first.prelim.clone();
        let same = postcard::to_stdvec(&prelim)?;
        let n = study.scenario.rollouts.len();
        let lengths = prelim.job_lengths(n, self.check_reps, true);
        let total = lengths.iter().sum::<u32>();
        let mut losses = Vec::with_capacity(total as usize);
        for (index, (file, part)) in parts.iter().enumerate() {
            if postcard::to_stdvec(&part.prelim)? != same {
                bail!(
                    "{}: its search or first stage differs from {}'s (the parts come from \
                     different builds or inputs): run the shards again",
                    file.display(),
                    first_file.display()
                );
            }
            let range = Shard::new(index as u32, count)?.items(total);
            if part.losses.len() != range.len() {
                bail!(
                    "{}: holds {} work item(s), shard {index}/{count} of this run is items {}..{}",
                    file.display(),
                    part.losses.len(),
                    range.start,
                    range.end
                );
            }
            losses.extend_from_slice(&part.losses);
        }
        let mut at = 0;
        let mut jobs: Vec<Vec<f64>> = lengths
            .iter()
            .map(|&l| {
                let v = losses[at..at + l as usize].to_vec();
                at += l as usize;
                v
            })
            .collect();
        let k = prelim.finalists.len();
        let checks = jobs.split_off(k);
        let (own, of_finalists) = checks.split_at(n);
        let (_, chosen) = selected(&prelim.first, &jobs);
        let played = Played {
            second: jobs,
            own: own.to_vec(),
            recommended: of_finalists[chosen].clone(),
        };
        finish(&study, &self, &prelim, &played)
    }
}
