//! Decisions under input uncertainty: every rollout at every point of a Saltelli design over
//! the scenario's uncertain inputs, the same replications everywhere, and what that says
//! about the choice of rollout and about which input matters.
//!
//! The work is a list of items, one per (design point, replication), in point-major order.
//! An item plays replication `rep`'s incident stream (from the run's seed and `rep` only:
//! the same seeds at every point, so points and rollouts are paired by common random
//! numbers) against every rollout of the point's scenario, and gives the headline figures
//! per rollout and period ([`ItemResult`], serde-serialisable so items can be computed
//! apart and merged). [`reduce`] combines item results in index order, so neither the
//! thread count nor the order items finished in changes a byte.
//!
//! Only decisions compete: a rollout with `role = "world"` (a state of the world, whose
//! variation belongs among the inputs) is never ranked, and the commands do not run it.
//! [`choice`] picks the headline decision (among the feasible ones at no more than the
//! baseline's cost, once [`Eligibility`] says which those are) and reads the milestones.
//!
//! What every rollout and replication of a point shares is built once per point: the
//! validated scenario, the dispatch station order, the first-due grid and the layout; the
//! incident stream of a replication is generated once and played by every rollout; and when
//! no input touches the demand (rates, types, zones, call processing, the horizon) the
//! streams are generated once for the whole design.
//!
//! No IO here: the commands write what this computes through `report`.

pub mod choice;
pub mod decision;
pub mod design;
pub mod sobol;

use crate::prepare::demand::Incident;
use crate::prepare::staffing;
use crate::scenario::{Scenario, ScenarioError, UncertainInput, UncertainScenario};
use crate::stats::{Breakdown, Figure, GroupFigure, Layout, RunContext};
use crate::study::runner;
pub use choice::{DecisionHeadline, Eligibility, Milestone, MilestoneChance};
use decision::RolloutSummary;
use design::Design;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sobol::{Bootstrap, Indices};
use std::sync::Arc;

/// The headline figures the analysis reports (names as in comparison.csv).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Headline {
    /// 90th-percentile first arrival from the dispatch order, seconds.
    P90FromDispatch,
    /// Share of incidents whose first unit arrives within the standard of the dispatch order.
    WithinStandard,
}

impl Headline {
    /// Every headline figure, in report order.
    pub const ALL: [Headline; 2] = [Headline::P90FromDispatch, Headline::WithinStandard];

    /// The figure.
    pub fn figure(self) -> Figure {
        match self {
            Headline::P90FromDispatch => Figure::FromDispatchP90,
            Headline::WithinStandard => Figure::WithinStandard,
        }
    }

    /// The figure's name in the layout and in comparison.csv.
    pub fn name(self) -> &'static str {
        self.figure().name()
    }

    /// Whether a smaller value is better.
    pub fn lower_is_better(self) -> bool {
        matches!(self, Headline::P90FromDispatch)
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The design over the inputs' uniform coordinates.
    pub design: Design,
    /// Replications per point.
    pub reps: u32,
    /// Rollouts (indices into the scenario's), in report order.
    pub rollouts: Vec<usize>,
    /// Position in `rollouts` of the baseline.
    pub baseline: usize,
    /// Master seed (replication streams and the design's scrambling).
    pub seed: u64,
    /// Bootstrap replicates for the index intervals.
    pub bootstrap: usize,
}

/// One unit of work: a design point and a replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WorkItem {
    /// Design point.
    pub point: u32,
    /// Replication.
    pub rep: u32,
}

/// The figures an item keeps per rollout and period: the two [`Headline`] figures (in
/// [`Headline::ALL`] order), then what the milestones read ([`URBAN_CORE_P90`],
/// [`DISTRICT_EDGES`]).
pub const FIGURES: usize = 4;
/// Position in an item's figures of the urban core's p90 from the dispatch order (NaN
/// without an urban core).
pub const URBAN_CORE_P90: usize = 2;
/// Position in an item's figures of "every urban station's district edge within the
/// standard all year": 1 or 0 (NaN without `[districts]`).
pub const DISTRICT_EDGES: usize = 3;

/// What one item gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The item.
    pub item: WorkItem,
    /// `values[rollout][period][figure]` (periods: each year, then the horizon; figures:
    /// see [`FIGURES`]).
    pub values: Vec<Vec<[f64; FIGURES]>>,
    /// Incidents simulated (over all rollouts).
    pub incidents: u64,
    /// Events processed (over all rollouts).
    pub events: u64,
}

impl Plan {
    /// Every item, in index order.
    pub fn items(&self) -> Vec<WorkItem> {
        (0..self.design.len() as u32)
            .flat_map(|point| (0..self.reps).map(move |rep| WorkItem { point, rep }))
            .collect()
    }

    /// Rollout simulations (each a whole horizon): points × rollouts × replications.
    pub fn evaluations(&self) -> u64 {
        self.design.len() as u64 * self.rollouts.len() as u64 * u64::from(self.reps)
    }
}

/// Parameter paths (prefixes) whose value changes the incident stream.
const DEMAND_PARAMS: [&str; 6] = [
    "demand.",
    "incident_types.",
    "zones.",
    "response.call_processing.",
    "horizon.",
    "geography.",
];

fn touches_demand(inputs: &[UncertainInput]) -> bool {
    inputs
        .iter()
        .any(|i| DEMAND_PARAMS.iter().any(|p| i.param.starts_with(p)))
}

/// What every replication of one point shares.
struct PointSetup {
    scenario: Scenario,
    policy: crate::sim::dispatch::Closest,
    /// The rollouts played, as indices into the scenario's.
    rollouts: Vec<usize>,
    /// Each rollout's nominal crewing (for the static coverage figure); a replication
    /// plays its own drawn crewing (daily rota and absence), as `runner` does.
    crewing: Vec<staffing::CrewingTimeline>,
    ctx: Vec<RunContext>,
    /// Layout positions of the headline figures and the urban core's p90 (`usize::MAX`:
    /// absent).
    figure: [usize; 3],
    /// Per station with district figures: the positions of its built-up area and of the
    /// share of the year its edge is within the standard.
    edges: Vec<(usize, usize)>,
}

fn setup(us: &UncertainScenario, plan: &Plan, point: usize) -> Result<PointSetup, ScenarioError> {
    let values = us.values_at(&plan.design.points[point]);
    // Validated again at this point's values, then prepared with the run's seed.
    let scenario = crate::prepare::prepared(us.scenario_at(&values)?, plan.seed);
    let policy = runner::policy(&scenario);
    let first_due = Arc::new(crate::prepare::coverage::FirstDue::new(&scenario));
    let layout = Arc::new(Layout::new(&scenario));
    let at = |x: Option<usize>| x.unwrap_or(usize::MAX);
    let figure = [
        at(layout.figure(Headline::ALL[0].figure())),
        at(layout.figure(Headline::ALL[1].figure())),
        at(layout.index(&Breakdown::UrbanCore.name(GroupFigure::P90FromDispatch))),
    ];
    let edges = scenario
        .stations
        .iter()
        .filter_map(|st| {
            let id = st.id.replace('.', "_");
            Some((
                layout.index(&format!("by_station.{id}.district_built_up_km2"))?,
                layout.index(&format!("by_station.{id}.district_edge_within_standard"))?,
            ))
        })
        .collect();
    let crewing: Vec<_> = plan
        .rollouts
        .iter()
        .map(|&r| staffing::crewing(&scenario, &scenario.rollouts[r]))
        .collect();
    let ctx = crewing
        .iter()
        .map(|c| RunContext {
            first_due: first_due.clone(),
            coverage_by_year: crate::prepare::coverage::coverage_by_year(&scenario, c),
            districts: RunContext::districts(&scenario, &first_due, c),
            layout: layout.clone(),
            keep_sample: false,
        })
        .collect();
    Ok(PointSetup {
        scenario,
        policy,
        rollouts: plan.rollouts.clone(),
        crewing,
        ctx,
        figure,
        edges,
    })
}

/// An item's figures of one period's values (see [`FIGURES`]).
fn figures_of(ps: &PointSetup, p: &[f64]) -> [f64; FIGURES] {
    let get = |f: usize| p.get(f).copied().unwrap_or(f64::NAN);
    // As `compare`'s milestone: some urban station (built-up land in its district), and
    // every one with its edge within the standard the whole year.
    let edges = if ps.edges.is_empty() {
        f64::NAN
    } else {
        let urban: Vec<&(usize, usize)> = ps.edges.iter().filter(|(b, _)| get(*b) > 0.0).collect();
        let all = urban.iter().all(|(_, w)| get(*w) >= 1.0 - 1e-9);
        f64::from(u8::from(!urban.is_empty() && all))
    };
    [
        get(ps.figure[0]),
        get(ps.figure[1]),
        get(ps.figure[2]),
        edges,
    ]
}

fn play_item(ps: &PointSetup, item: WorkItem, seed: u64, stream: &[Incident]) -> ItemResult {
    let (mut incidents, mut events) = (0, 0);
    let values = (0..ps.crewing.len())
        .map(|i| {
            let rollout = &ps.scenario.rollouts[ps.rollouts[i]];
            let drawn = staffing::crewing_drawn(&ps.scenario, rollout, seed, item.rep as u64);
            let (summary, counts) = runner::play(
                &ps.scenario,
                &drawn,
                stream.iter().copied(),
                &ps.policy,
                &ps.ctx[i],
                seed,
                item.rep,
            );
            incidents += counts.incidents;
            events += counts.events;
            summary.periods.iter().map(|p| figures_of(ps, p)).collect()
        })
        .collect();
    ItemResult {
        item,
        values,
        incidents,
        events,
    }
}

/// Run `items` (any subset of [`Plan::items`], sorted) on the current rayon pool; `tick`
/// is called once per finished item. Results come back in the order of `items`.
pub fn run_items(
    us: &UncertainScenario,
    plan: &Plan,
    items: &[WorkItem],
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<ItemResult>, ScenarioError> {
    // Streams shared by every point when no input changes the demand: those of the
    // replications `items` play (all of them unless a shard holds less than one point).
    // Once a stop is asked for (crate::ground::cancel) nothing more is set up or played:
    // the streams, each point's setup and each item return at their first look at the
    // flag, and collecting into an `Option` drops the queued items. The caller discards
    // the incomplete results and writes none.
    let stopped = || crate::ground::cancel::requested().is_some();
    let shared: Option<Vec<Option<Vec<Incident>>>> = (!touches_demand(&us.inputs)).then(|| {
        let mut used = vec![false; plan.reps as usize];
        for i in items {
            used[i.rep as usize] = true;
        }
        (0..plan.reps)
            .into_par_iter()
            .map(|rep| {
                (used[rep as usize] && !stopped())
                    .then(|| runner::incident_stream(&us.nominal, plan.seed, u64::from(rep)))
            })
            .collect()
    });
    let groups: Vec<&[WorkItem]> = items.chunk_by(|a, b| a.point == b.point).collect();
    let done: Vec<Result<Option<Vec<ItemResult>>, ScenarioError>> = groups
        .par_iter()
        .map(|g| {
            if stopped() {
                return Ok(None);
            }
            let ps = setup(us, plan, g[0].point as usize)?;
            Ok(g.par_iter()
                .map(|&item| {
                    if stopped() {
                        return None;
                    }
                    let own;
                    let stream = match shared.as_ref().and_then(|s| s[item.rep as usize].as_ref()) {
                        Some(s) => s,
                        None => {
                            own = runner::incident_stream(
                                &ps.scenario,
                                plan.seed,
                                u64::from(item.rep),
                            );
                            &own
                        }
                    };
                    let r = play_item(&ps, item, plan.seed, stream);
                    tick();
                    Some(r)
                })
                .collect())
        })
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for d in done {
        match d? {
            Some(results) => out.extend(results),
            None => return Ok(out), // stopped: incomplete, never written
        }
    }
    Ok(out)
}

/// How a figure's variance splits between the inputs and simulation noise.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct VarianceSplit {
    /// Variance of the figure's expectation across the input space.
    pub input_variance: f64,
    /// Mean variance of one replication's figure at a fixed point (simulation noise).
    pub noise_variance: f64,
    /// `input / (input + noise)`: the share of one replication's variance that the inputs
    /// explain.
    pub input_share: f64,
    /// Noise variance of a point's mean (`noise / reps`) as a share of the variance of the
    /// point means: how much of what the indices decompose is noise.
    pub noise_share_of_point_means: f64,
}

/// Sensitivity of one output (a rollout's figure, or its difference from the baseline).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The rollout's name, or `name-vs-base` for its difference from the baseline.
    pub rollout: String,
    /// Per input, in input order.
    pub indices: Vec<Indices>,
}

/// The choice between one decision and the baseline: what knowing an input is worth for
/// it (what could change the choice).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersusBaseline {
    /// The decision compared with the baseline (the headline's contender).
    pub rollout: String,
    /// Expected value of perfect information on the choice between the two.
    pub evpi: f64,
    /// Per input: EVPPI on that choice.
    pub evppi: Vec<f64>,
}

/// One rollout's figures in one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RolloutRow {
    /// Rollout name.
    pub rollout: String,
    /// Whether it competes: a decision the plan allows (P(best) counts only these).
    pub ranked: bool,
    /// Across the input space.
    #[serde(flatten)]
    pub summary: RolloutSummary,
    /// Inputs vs noise.
    pub variance: VarianceSplit,
}

/// One headline figure in one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodResult {
    /// The year, or `all` for the horizon.
    pub year: String,
    /// Per rollout.
    pub rollouts: Vec<RolloutRow>,
    /// Expected value of perfect information on every input, in the figure's unit, for
    /// the choice among the ranked decisions.
    pub evpi: f64,
    /// Per input: expected value of partial perfect information.
    pub evppi: Vec<f64>,
    /// The same for the choice between the contender and the baseline.
    pub versus_baseline: Option<VersusBaseline>,
    /// Per rollout, then per non-baseline rollout's difference from the baseline.
    pub sensitivity: Vec<Sensitivity>,
}

/// One headline figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricResult {
    /// Its name (as in comparison.csv).
    pub metric: String,
    /// Whether smaller is better.
    pub lower_is_better: bool,
    /// Per period.
    pub periods: Vec<PeriodResult>,
}

/// The whole analysis.
#[derive(Clone, Debug, Serialize)]
pub struct Robustness {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Rows of each Saltelli matrix (`--points`).
    pub rows: usize,
    /// Design points: rows × (inputs + 2).
    pub design_points: usize,
    /// Replications per point and rollout.
    pub replications: u32,
    /// Bootstrap replicates behind the index intervals.
    pub bootstrap: usize,
    /// Rollouts, in report order.
    pub rollouts: Vec<String>,
    /// The baseline.
    pub baseline: String,
    /// The scenario's rollouts with `role = "world"` (states of the world): never ranked;
    /// what they vary is among the inputs.
    pub world_rollouts: Vec<String>,
    /// The decision to take, in one sentence's figures.
    pub headline: DecisionHeadline,
    /// The response standard, seconds (the milestones' line).
    pub standard_s: f64,
    /// The compliance target (share within the standard).
    pub compliance_target: f64,
    /// Per rollout, milestone and year: how likely it is met.
    pub milestones: Vec<MilestoneChance>,
    /// The uncertain inputs.
    pub inputs: Vec<UncertainInput>,
    /// Per headline figure.
    pub metrics: Vec<MetricResult>,
    /// Incidents simulated.
    pub incidents: u64,
    /// Events processed.
    pub events: u64,
}

/// `point_means[rollout][period][figure][point]` and the matching within-point variances.
struct Means {
    mean: Vec<Vec<[Vec<f64>; FIGURES]>>,
    var: Vec<Vec<[Vec<f64>; FIGURES]>>,
}

fn point_means(plan: &Plan, periods: usize, results: &[ItemResult]) -> Means {
    let (nr, np, reps) = (plan.rollouts.len(), plan.design.len(), plan.reps as usize);
    let blank = || vec![std::array::from_fn(|_| vec![0.0; np]); periods];
    let mut m = Means {
        mean: vec![blank(); nr],
        var: vec![blank(); nr],
    };
    for (p, chunk) in results.chunks(reps).enumerate() {
        for r in 0..nr {
            for t in 0..periods {
                for h in 0..FIGURES {
                    let xs: Vec<f64> = chunk.iter().map(|it| it.values[r][t][h]).collect();
                    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
                    let var = if xs.len() > 1 {
                        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64
                    } else {
                        0.0
                    };
                    m.mean[r][t][h][p] = mean;
                    m.var[r][t][h][p] = var;
                }
            }
        }
    }
    m
}

fn split(means: &[f64], vars: &[f64], reps: u32) -> VarianceSplit {
    let n = means.len() as f64;
    let mu = means.iter().sum::<f64>() / n;
    let between = means.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    let noise = vars.iter().sum::<f64>() / n;
    let input = (between - noise / f64::from(reps)).max(0.0);
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    VarianceSplit {
        input_variance: input,
        noise_variance: noise,
        input_share: ratio(input, input + noise),
        noise_share_of_point_means: ratio(noise / f64::from(reps), between).min(1.0),
    }
}

/// Combine every item's result (all of [`Plan::items`], in index order) into the analysis,
/// with every decision feasible and no costs known.
pub fn reduce(us: &UncertainScenario, plan: &Plan, results: &[ItemResult]) -> Robustness {
    reduce_with(us, plan, results, &Eligibility::default())
}

/// What the analysis ranks and compares: which rollouts compete, and the contender.
struct Ranking {
    /// Per rollout: a decision the plan allows.
    ranked: Vec<bool>,
    /// The decision compared with the baseline.
    contender: Option<usize>,
}

/// [`reduce`], knowing each decision's cost and feasibility (`elig`, in the order of
/// `plan.rollouts`): infeasible decisions are not ranked, and the headline decision is
/// chosen among the feasible ones costing no more than the baseline.
///
/// # Panics
/// When `elig` gives a list whose length is not the number of rollouts (a caller's bug).
pub fn reduce_with(
    us: &UncertainScenario,
    plan: &Plan,
    results: &[ItemResult],
    elig: &Eligibility,
) -> Robustness {
    let s = &us.nominal;
    let n = plan.rollouts.len();
    for len in [
        elig.cost_cny.as_ref().map(Vec::len),
        elig.feasible.as_ref().map(Vec::len),
    ]
    .into_iter()
    .flatten()
    {
        assert_eq!(len, n, "one cost and feasibility per rollout of the study");
    }
    let years = s.calendar.years();
    let periods = years.len() + 1;
    let m = point_means(plan, periods, results);
    let names: Vec<String> = plan
        .rollouts
        .iter()
        .map(|&r| s.rollouts[r].name.clone())
        .collect();
    let ranked: Vec<bool> = (0..n)
        .map(|i| {
            s.rollouts[plan.rollouts[i]].is_decision()
                && elig.feasible.as_ref().is_none_or(|f| f[i])
        })
        .collect();
    let head = Headline::ALL[0];
    let horizon: Vec<Vec<f64>> = (0..plan.design.len())
        .map(|p| (0..n).map(|r| m.mean[r][periods - 1][0][p]).collect())
        .collect();
    let (headline, picked) = choice::headline(
        &names,
        plan.baseline,
        &horizon,
        head.lower_is_better(),
        &ranked,
        elig,
        head.name(),
    );
    let rank = Ranking {
        ranked,
        contender: picked.contender,
    };
    let boot = Bootstrap::new(plan.design.n, plan.bootstrap, plan.seed);
    // Input values per point (choice inputs are grouped by value for EVPPI).
    let at: Vec<Vec<f64>> = plan.design.points.iter().map(|u| us.values_at(u)).collect();
    let coords: Vec<Vec<f64>> = (0..us.inputs.len())
        .map(|i| at.iter().map(|v| v[i]).collect())
        .collect();
    let metrics = Headline::ALL
        .iter()
        .enumerate()
        .map(|(h, &head)| MetricResult {
            metric: head.name().into(),
            lower_is_better: head.lower_is_better(),
            periods: (0..periods)
                .map(|t| {
                    let year = years.get(t).map_or("all".into(), |y| y.to_string());
                    let cx = (&m, names.as_slice(), &boot, coords.as_slice(), &rank);
                    period_result(us, plan, cx, (t, h, head), year)
                })
                .collect(),
        })
        .collect();
    let milestones = milestone_chances(s, &m, &names, &years);
    Robustness {
        scenario: s.name.clone(),
        seed: plan.seed,
        rows: plan.design.n,
        design_points: plan.design.len(),
        replications: plan.reps,
        bootstrap: plan.bootstrap,
        rollouts: names.clone(),
        baseline: names[plan.baseline].clone(),
        world_rollouts: s
            .rollouts
            .iter()
            .filter(|r| !r.is_decision())
            .map(|r| r.name.clone())
            .collect(),
        headline,
        standard_s: s.standard_s,
        compliance_target: s.compliance_target,
        milestones,
        inputs: us.inputs.clone(),
        metrics,
        incidents: results.iter().map(|r| r.incidents).sum(),
        events: results.iter().map(|r| r.events).sum(),
    }
}

/// P(met) per rollout, milestone and year (milestones whose figure a point lacks are left
/// out: no urban core, no `[districts]`).
fn milestone_chances(
    s: &Scenario,
    m: &Means,
    names: &[String],
    years: &[i32],
) -> Vec<MilestoneChance> {
    let mut out = vec![];
    for (r, name) in names.iter().enumerate() {
        for ms in Milestone::ALL {
            let f = match ms {
                Milestone::UrbanCoreP90WithinStandard => URBAN_CORE_P90,
                Milestone::ComplianceTargetReached => 1,
                Milestone::UrbanDistrictEdgesWithinStandard => DISTRICT_EDGES,
            };
            for (t, &year) in years.iter().enumerate() {
                let x = &m.mean[r][t][f];
                if let Some(p_met) = choice::p_met(ms, x, s.standard_s, s.compliance_target) {
                    out.push(MilestoneChance {
                        rollout: name.clone(),
                        milestone: ms,
                        year,
                        p_met,
                    });
                }
            }
        }
    }
    out
}

/// What every period's result reads: the point means, the rollouts' names, the
/// bootstrap, the inputs' values per point and the ranking.
type PeriodCx<'a> = (
    &'a Means,
    &'a [String],
    &'a Bootstrap,
    &'a [Vec<f64>],
    &'a Ranking,
);

fn period_result(
    us: &UncertainScenario,
    plan: &Plan,
    (m, names, boot, coords, rank): PeriodCx,
    (t, h, head): (usize, usize, Headline),
    year: String,
) -> PeriodResult {
    let np = plan.design.len();
    let lower = head.lower_is_better();
    let by_point: Vec<Vec<f64>> = (0..np)
        .map(|p| (0..names.len()).map(|r| m.mean[r][t][h][p]).collect())
        .collect();
    let summaries = decision::summarise(&by_point, plan.baseline, lower, &rank.ranked);
    let rollouts = summaries
        .into_iter()
        .enumerate()
        .map(|(r, summary)| RolloutRow {
            rollout: names[r].clone(),
            ranked: rank.ranked[r],
            summary,
            variance: split(&m.mean[r][t][h], &m.var[r][t][h], plan.reps),
        })
        .collect();
    let sens = |label: String, y: Vec<f64>| {
        let (fa, fb, fab) = plan.design.split(&y);
        Sensitivity {
            rollout: label,
            indices: sobol::indices(&fa, &fb, &fab, boot),
        }
    };
    let base = &m.mean[plan.baseline][t][h];
    let mut sensitivity: Vec<Sensitivity> = (0..names.len())
        .map(|r| sens(names[r].clone(), m.mean[r][t][h].clone()))
        .collect();
    for r in (0..names.len()).filter(|&r| r != plan.baseline) {
        let d = m.mean[r][t][h]
            .iter()
            .zip(base)
            .map(|(a, b)| a - b)
            .collect();
        sensitivity.push(sens(format!("{}-vs-base", names[r]), d));
    }
    // Value of information for a choice among the columns `keep`.
    let voi = |keep: &[usize]| {
        let v = decision::columns(&by_point, keep);
        let evppi = us
            .inputs
            .iter()
            .zip(coords)
            .map(|(inp, x)| decision::evppi(&v, x, inp.dist.is_choice(), lower))
            .collect();
        (decision::evpi(&v, lower), evppi)
    };
    let ranked: Vec<usize> = (0..names.len()).filter(|&r| rank.ranked[r]).collect();
    let (evpi, evppi) = voi(&ranked);
    let versus_baseline = rank.contender.map(|c| {
        let (evpi, evppi) = voi(&[c, plan.baseline]);
        VersusBaseline {
            rollout: names[c].clone(),
            evpi,
            evppi,
        }
    });
    PeriodResult {
        year,
        rollouts,
        evpi,
        evppi,
        versus_baseline,
        sensitivity,
    }
}
