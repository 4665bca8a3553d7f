//! `firesim run`: simulate one rollout and write summary.json, performance.json and
//! responses.csv (all replications, or one shard's into a part file; the merge of the parts
//! through [`Shardable`]).

use super::output::Staging;
use super::part;
use super::setup::{load_with, pool, progress, rollout_index};
use super::sim::SimArgs;
use super::timing::{measure, performance};
use crate::report;
use crate::scenario::{LoadOptions, Scenario};
use crate::sim::model::ResponseRecord;
use crate::stats::{self, Figure};
use crate::study::runner::{self, KeepResponses, RunOptions, RunOutput};
use crate::study::shard::{Cost, Shardable};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What `firesim run` is asked to do (its flags, as the command line parsed them).
#[derive(Clone, Debug)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// The options every simulating command shares.
    pub sim: SimArgs,
    /// Output folder (default: `results/<scenario name>/`).
    pub out: Option<PathBuf>,
    /// Rollout to simulate (default: the scenario's first).
    pub rollout: Option<String>,
    /// Write every replication's responses to responses.csv.
    pub all_responses: bool,
    /// Write no responses.csv.
    pub no_responses: bool,
    /// Skip bad rows of recorded files instead of stopping.
    pub skip_bad_rows: bool,
    /// Language of report.html and the charts.
    pub lang: report::Lang,
}

/// A resolved `firesim run`: what to simulate and where to write it.
struct Plan {
    scenario: Scenario,
    opts: RunOptions,
    lang: report::Lang,
    out: PathBuf,
}

fn plan(args: &RunArgs) -> Result<Plan> {
    super::report::check_lang(args.lang)?;
    let scenario = load_with(
        &args.scenario,
        LoadOptions {
            skip_bad_rows: args.skip_bad_rows,
        },
        args.sim.seed,
    )?;
    let rollout = match &args.rollout {
        None => 0,
        Some(name) => rollout_index(&scenario, name, &args.scenario, "--rollout")?,
    };
    let reps = args.sim.reps.unwrap_or(scenario.replications);
    if reps == 0 {
        bail!("--reps: must be at least 1");
    }
    let seed = args.sim.seed.unwrap_or(scenario.seed);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(&scenario.name));
    let keep = if args.no_responses {
        KeepResponses::None
    } else if args.all_responses {
        KeepResponses::All
    } else {
        KeepResponses::First
    };
    let opts = RunOptions {
        rollout,
        replications: reps,
        seed,
        keep_sample: true,
        keep,
    };
    Ok(Plan {
        scenario,
        opts,
        lang: args.lang,
        out,
    })
}

/// What a shard of `firesim run` keeps in its partial file: its replications' results
/// and, for a replay with observed responses, every response for validation.json.
#[derive(Serialize, Deserialize)]
pub struct RunPart {
    output: RunOutput,
    validation: Option<Vec<(u32, ResponseRecord)>>,
}

impl RunPart {
    /// The part of a simulation that kept every response when `validating` (else what
    /// `keep` asks for): all of them go to the validation, and to the results only those
    /// `keep` asks for (the same records a run keeping only those would have kept).
    fn new(mut output: RunOutput, keep: KeepResponses, validating: bool) -> RunPart {
        if !validating {
            return RunPart {
                output,
                validation: None,
            };
        }
        let all = std::mem::take(&mut output.responses);
        output.responses = match keep {
            KeepResponses::None => vec![],
            KeepResponses::First => all.iter().filter(|(rep, _)| *rep == 0).copied().collect(),
            KeepResponses::All => all.clone(),
        };
        RunPart {
            output,
            validation: Some(all),
        }
    }
}

/// Run `firesim run` (or one shard of it).
pub fn run(args: RunArgs) -> Result<()> {
    let shard = args.sim.shard()?;
    let plan = plan(&args)?;
    let (scenario, opts) = (&plan.scenario, &plan.opts);
    let header = match shard {
        Some(shard) => Some(part::header(&args, shard, opts.seed, opts.replications)?),
        None => None,
    };
    let reps = shard.map_or(0..opts.replications, |s| s.items(opts.replications));
    let pool = pool(args.sim.threads)?;
    // A replay with observed responses keeps every replication's responses in the one
    // simulation, for validation.json; responses.csv takes what `keep` asks for from them.
    let validating = scenario.observed.is_some();
    let sim = RunOptions {
        keep: if validating {
            KeepResponses::All
        } else {
            opts.keep
        },
        ..opts.clone()
    };
    let kept_reps = match sim.keep {
        KeepResponses::None => 0,
        KeepResponses::First => reps.contains(&0) as u64,
        KeepResponses::All => reps.len() as u64,
    };
    let threads = pool.current_num_threads();
    args.sim.check_budget(
        scenario,
        (reps.len() as u32, 1),
        threads,
        kept_reps,
        shard.is_some(),
    )?;
    let rollout_name = &scenario.rollouts[opts.rollout].name;
    let bar = progress(
        reps.len() as u64,
        &format!("{} / {rollout_name}", scenario.name),
    );
    // A run keeps its replications' figures in a temporary file (memory flat in
    // replications); a shard keeps them in memory for its part file.
    let backing: Box<dyn stats::RowBacking> = match header {
        Some(_) => stats::in_memory(),
        None => super::spill::file_rows()?,
    };
    let (results, cost) = measure(&pool, || {
        let output = runner::run_range_in(scenario, &sim, reps.clone(), backing, &|| bar.inc(1));
        RunPart::new(output, opts.keep, validating)
    });
    bar.finish_and_clear();
    crate::ground::cancel::check()?;
    if let Some(e) = results.output.reps.error() {
        bail!("{e}");
    }
    match header {
        Some(header) => part::write_part(&plan.out, header, cost, &results),
        None => finish(&plan, results, cost),
    }
}

/// Write everything `firesim run` writes, from the results of all its replications.
fn finish(plan: &Plan, part: RunPart, cost: Cost) -> Result<()> {
    let (scenario, opts, out) = (&plan.scenario, &plan.opts, &plan.out);
    let (rollout, seed, reps) = (opts.rollout, opts.seed, opts.replications);
    let output = part.output;
    eprintln!("writing {}", out.display());
    let rollout_name = scenario.rollouts[rollout].name.clone();
    let agg = stats::aggregate(&output.layout, &output.reps);
    // The same report as `firesim compare`, for this one rollout.
    let cmp = crate::study::compare::from_run(scenario, rollout, seed, reps, &output);
    if let Some(e) = output.reps.error() {
        bail!("{e}");
    }
    // Where the rollout falls short of its own plan (never silently changed): on stderr and
    // in summary.json.
    let warnings = &scenario.rollouts[rollout].warnings;
    for w in warnings {
        eprintln!("warning: rollout `{rollout_name}`: {w}");
    }
    let caveats = report::Caveats {
        rollout_warnings: warnings,
        scenario_warnings: &scenario.warnings,
        skipped_rows: scenario.recorded().map(|_| scenario.skipped_rows()),
    };
    let summary = report::summary_json(scenario, &rollout_name, seed, &agg, &caveats);
    let perf = performance(&cost, output.counts.incidents, output.counts.events, reps);
    let staging = Staging::new(out)?.guarding(&crate::scenario::input_files(&scenario.file));
    let dir = staging.path();
    report::write_atomic(
        &dir.join("summary.json"),
        (serde_json::to_string_pretty(&summary)? + "\n").as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("performance.json"),
        (serde_json::to_string_pretty(&perf)? + "\n").as_bytes(),
    )?;
    if opts.keep != KeepResponses::None {
        report::write_responses_csv(scenario, &output.responses, &dir.join("responses.csv"))?;
    }
    if let Some(responses) = &part.validation {
        // Replayed stream with observed responses: validation.json and ECDF charts.
        super::fidelity::write(scenario, responses, opts, dir)?;
    }
    let mut files = vec!["summary.json", "performance.json"];
    if opts.keep != KeepResponses::None {
        files.push("responses.csv");
    }
    super::report::write(scenario, &cmp, None, dir, &files, plan.lang)?;
    staging.commit()?;
    print_years(scenario, &rollout_name, reps, &agg);
    eprintln!(
        "wrote {} ({} replications, {} incidents in {:.2} s, {:.0} incidents/s)",
        out.display(),
        reps,
        output.counts.incidents,
        perf.wall_s,
        perf.incidents_per_s
    );
    Ok(())
}

impl Shardable for RunArgs {
    const COMMAND: &'static str = "run";
    type Part = RunPart;

    fn paths(&mut self) -> (&mut PathBuf, &mut Option<PathBuf>) {
        (&mut self.scenario, &mut self.out)
    }

    fn clear_free_flags(&mut self) {
        self.sim = self.sim.canonical();
    }

    /// The merge of a sharded `firesim run`: the parts' results in shard order, then the
    /// same files [`run`] writes.
    fn merge(self, parts: Vec<(PathBuf, RunPart)>, cost: Cost) -> Result<()> {
        let plan = plan(&self)?;
        let kept = match plan.opts.keep {
            KeepResponses::None => 0,
            KeepResponses::First => 1,
            KeepResponses::All => u64::from(plan.opts.replications),
        };
        self.sim
            .check_budget(&plan.scenario, (plan.opts.replications, 1), 1, kept, true)?;
        let mut parts = parts.into_iter().map(|(_, p)| p);
        let Some(mut all) = parts.next() else {
            bail!("no parts to merge");
        };
        for p in parts {
            all.output.append(p.output);
            if let (Some(a), Some(b)) = (&mut all.validation, p.validation) {
                a.extend(b);
            }
        }
        all.output.layout = std::sync::Arc::new(stats::Layout::new(&plan.scenario));
        finish(&plan, all, cost)
    }
}

/// A short per-year table on stdout; each column says which base it measures from (the
/// call received, or the dispatch order the standard counts from).
fn print_years(scenario: &Scenario, rollout: &str, reps: u32, agg: &stats::Aggregate) {
    println!(
        "{} — rollout `{rollout}`, {reps} replication(s); seconds to the first unit on scene, from the call or from the dispatch order",
        scenario.name
    );
    let within = format!("≤{:.0}s(disp)", scenario.standard_s);
    println!(
        "{:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>12} {:>8}",
        "year", "incidents", "p50(call)", "p90(call)", "p50(disp)", "p90(disp)", within, "waited"
    );
    for (p, y) in agg.years.iter().enumerate() {
        let get = |f: Figure| agg.figure(p, f).mean;
        println!(
            "{:>6} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>11.1}% {:>7.1}%",
            y,
            get(Figure::Incidents),
            get(Figure::FromCallP50),
            get(Figure::FromCallP90),
            get(Figure::FromDispatchP50),
            get(Figure::FromDispatchP90),
            100.0 * get(Figure::WithinStandard),
            100.0 * get(Figure::ShareWaited),
        );
    }
}
