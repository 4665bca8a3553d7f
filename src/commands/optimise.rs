//! `firesim optimise`: search the base rollout's choices declared in `[optimise]`
//! (`study::optimise::search`, common random numbers, an evaluation budget), select
//! among the best candidates with a two-stage indifference-zone procedure
//! (`study::optimise::select`), check the recommendation against every rollout of the
//! scenario on fresh replications, and write recommended.toml, trace.csv, optimise.json
//! and optimise.md in one transaction.

use super::output::Staging;
use super::setup::{load_with, pool, progress, progress_of};
use crate::prepare::rollout::{constraints, costs};
use crate::report;
use crate::report::optimise::{CheckRow, Finalist, OptimiseReport, Point};
use crate::scenario::{LoadOptions, Optimise, Scenario};
use crate::stats::Estimate;
use crate::study::optimise::{
    self as opt, Candidate, Evaluator, NoRecommendation, Objective, SearchConfig, SearchResult,
    Ticks, stage_seed,
};
use anyhow::{Result, bail};
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
    /// Master seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads.
    pub threads: Option<usize>,
    /// Output folder (default: results/<scenario name>/optimise/).
    pub out: Option<PathBuf>,
    /// Language of optimise.md.
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
    Ok(delta)
}

/// Every rollout of the scenario and the recommended one on fresh replications, paired
/// against the base.
fn check(
    scenario: &Scenario,
    recommended: &crate::scenario::Rollout,
    eval: &Evaluator,
    o: &Optimise,
    reps: u32,
    seed: u64,
) -> Vec<CheckRow> {
    let mut all: Vec<&crate::scenario::Rollout> = scenario.rollouts.iter().collect();
    all.push(recommended);
    let bar = progress(
        all.len() as u64 * u64::from(reps),
        "check on fresh replications",
    );
    let jobs: Vec<_> = all.iter().map(|r| (*r, 0..reps)).collect();
    let losses = eval.losses(&jobs, stage_seed(seed, 2), &|| bar.inc(1));
    bar.finish_and_clear();
    let obj = eval.objective();
    let value = |v: &[f64]| -> Vec<f64> { v.iter().map(|&x| obj.value(x)).collect() };
    let base = value(&losses[o.base]);
    all.iter()
        .zip(&losses)
        .map(|(r, l)| {
            let v = value(l);
            let c = costs::costs(scenario, r);
            CheckRow {
                rollout: r.name.clone(),
                objective: Estimate::from_values(&v),
                vs_base: Estimate::paired(base.iter().copied().zip(v.iter().copied())),
                feasible: constraints::violations(scenario, r, c.as_ref()).is_empty(),
                cost: c.map(|c| c.total.total),
            }
        })
        .collect()
}

/// Run `firesim optimise`.
pub fn run(args: OptimiseArgs) -> Result<()> {
    let delta = check_flags(&args)?;
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
    let base_name = scenario.rollouts[o.base].name.clone();
    let base_cost = costs::costs(&scenario, &scenario.rollouts[o.base]).map(|c| c.total.total);
    let cost_max = o.cost_max.or(base_cost);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(&scenario.name).join("optimise"));
    let pool = pool(args.threads)?;
    let eval = Evaluator::new(&scenario, args.objective, &o.year_weights);
    let cfg = SearchConfig {
        budget: args.evaluations,
        reps: o.search_replications,
        seed,
        cost_max,
    };
    let bar = progress_of(
        args.evaluations,
        &format!("{}: search, then selection", scenario.name),
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
    let found =
        pool.install(|| opt::recommend(&scenario, &o, &cfg, &eval, delta, args.alpha, &ticks));
    bar.finish_and_clear();
    crate::ground::cancel::check()?;
    let r = match found {
        Ok(r) => r,
        Err(NoRecommendation::NoFeasible) => bail!(
            "{}: optimise: no rollout within [optimise]'s bounds near `{base_name}` respects \
             [constraints] and costs at most {} (optimise.recruits_min, optimise.recruits_max, \
             optimise.cost_max)",
            args.scenario.display(),
            cost_max.map_or("anything".into(), |c| format!("{c:.0}"))
        ),
        Err(NoRecommendation::OneCandidate) => bail!(
            "{}: optimise: the search found only one feasible candidate (raise --evaluations or \
             widen optimise.recruits_min/recruits_max)",
            args.scenario.display()
        ),
    };
    let base_cand = Candidate::of_base(&scenario, &o);
    let (found, sel) = (&r.search, &r.selection);
    let rec = opt::assess(&scenario, &o, r.chosen(), seed, cost_max, "recommended");
    let rows = pool.install(|| check(&scenario, &rec.rollout, &eval, &o, args.check_reps, seed));
    crate::ground::cancel::check()?;
    let rep = OptimiseReport {
        scenario: scenario.name.clone(),
        version: env!("CARGO_PKG_VERSION").into(),
        seed,
        objective: format!("{:?}", args.objective).to_lowercase(),
        unit: args.objective.unit().into(),
        larger_is_better: args.objective == Objective::Within5,
        delta,
        alpha: args.alpha,
        base: base_name,
        cost_max,
        currency: scenario
            .costs
            .as_ref()
            .map_or(String::new(), |c| c.currency.clone()),
        budget: args.evaluations,
        search_replications_spent: found.spent,
        search_replications: o.search_replications,
        candidates: found.scored.len() as u64,
        infeasible: found.infeasible.len() as u64,
        iterations: found.trace.last().map_or(0, |t| t.iteration),
        converged: found.converged,
        n0: o.first_stage_replications,
        h: sel.h,
        selection_replications: sel.total.iter().map(|&n| u64::from(n)).sum(),
        capped: sel.capped,
        finalists: sel
            .finalists
            .iter()
            .enumerate()
            .map(|(i, &f)| {
                let s = &found.scored[f];
                Finalist {
                    label: s.assessed.candidate.label(&scenario, &base_cand),
                    search_mean: args.objective.value(s.mean),
                    replications: sel.total[i],
                    selection_mean: args.objective.value(sel.means[i]),
                    cost: s.assessed.cost,
                    is_base: s.assessed.candidate == base_cand,
                    chosen: i == sel.chosen,
                }
            })
            .collect(),
        recommended_recruits: rec.candidate.recruits.clone(),
        recommended_allocation: rec.candidate.allocation_name().into(),
        recommended_opens: rec.candidate.moved_openings(&scenario, &base_cand),
        recommended_cost: rec.cost,
        base_cost,
        check_seed: stage_seed(seed, 2),
        check_replications: args.check_reps,
        check: rows,
        points: pareto_points(&scenario, &base_cand, found, args.objective),
    };
    write(&scenario, &out, &rep, found, args.lang)
}

/// Every feasible candidate the search simulated with a cost, its front marked.
fn pareto_points(
    scenario: &Scenario,
    base: &Candidate,
    found: &SearchResult,
    objective: Objective,
) -> Vec<Point> {
    let mut points: Vec<Point> = found
        .scored
        .iter()
        .filter_map(|s| {
            Some(Point {
                label: s.assessed.candidate.label(scenario, base),
                cost: s.assessed.cost?,
                objective: objective.value(s.mean),
                pareto: false,
            })
        })
        .collect();
    report::optimise::mark_pareto(&mut points, objective == Objective::Within5);
    points
}

/// Write every file in one transaction and print optimise.md.
fn write(
    scenario: &Scenario,
    out: &Path,
    rep: &OptimiseReport,
    found: &SearchResult,
    lang: report::Lang,
) -> Result<()> {
    let staging = Staging::new(out)?.guarding(&crate::scenario::input_files(&scenario.file));
    let dir = staging.path();
    let md = report::optimise::optimise_md(rep, lang);
    report::write_atomic(
        &dir.join("recommended.toml"),
        report::optimise::recommended_toml(rep, "recommended").as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("trace.csv"),
        report::optimise::trace_csv(&found.trace).as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("optimise.json"),
        (serde_json::to_string_pretty(rep)? + "\n").as_bytes(),
    )?;
    report::write_atomic(&dir.join("optimise.md"), md.as_bytes())?;
    if !rep.points.is_empty() {
        report::optimise::write_pareto(rep, dir, lang)?;
    }
    staging.commit()?;
    print!("{md}");
    eprintln!("wrote {}", out.display());
    Ok(())
}
