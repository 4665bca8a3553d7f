//! What `firesim optimise` writes: the recommended rollout as a `[[rollouts]]` fragment
//! (`recommended.toml`, which `firesim compare --add-rollouts` reads as it is), the search
//! trace (`trace.csv`), `optimise.json` and `optimise.md` (English or Chinese, through
//! [`Msg`]). The data comes from `commands::optimise`; nothing here simulates.

use super::i18n::{Lang, Msg};
use crate::stats::Estimate;
use serde::{Deserialize, Serialize};

/// One finalist of the selection stage.
#[derive(Clone, Debug, Serialize)]
pub struct Finalist {
    /// `160/80/80/32/32 opening_order`.
    pub label: String,
    /// Mean objective over the search replications.
    pub search_mean: f64,
    /// Replications in the selection stage (N_i).
    pub replications: u32,
    /// Mean objective over them.
    pub selection_mean: f64,
    /// Undiscounted cost over the horizon.
    pub cost: Option<f64>,
    /// Whether it is the base rollout's own choice.
    pub is_base: bool,
    /// Whether it was chosen.
    pub chosen: bool,
}

/// One rollout in the check on fresh replications.
#[derive(Clone, Debug, Serialize)]
pub struct CheckRow {
    /// Rollout name.
    pub rollout: String,
    /// The objective, estimated.
    pub objective: Estimate,
    /// Paired difference against the base rollout.
    pub vs_base: Estimate,
    /// Undiscounted cost over the horizon.
    pub cost: Option<f64>,
    /// Whether it respects `[constraints]`.
    pub feasible: bool,
}

/// A simulated candidate on the cost–objective plane.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Point {
    /// `160/80/80/32/32 opening_order`.
    pub label: String,
    /// Undiscounted cost over the horizon.
    pub cost: f64,
    /// Mean objective over the search replications.
    pub objective: f64,
    /// Whether no other candidate is both cheaper (or as cheap) and better.
    pub pareto: bool,
}

/// Mark the Pareto front of `points` (cost lower is better; objective lower is better
/// unless `larger_is_better`).
pub fn mark_pareto(points: &mut [Point], larger_is_better: bool) {
    let better = |a: f64, b: f64| if larger_is_better { a > b } else { a < b };
    let n = points.len();
    for i in 0..n {
        let (ci, oi) = (points[i].cost, points[i].objective);
        points[i].pareto = !(0..n).any(|j| {
            let (cj, oj) = (points[j].cost, points[j].objective);
            j != i && cj <= ci && !better(oi, oj) && (cj < ci || better(oj, oi))
        });
    }
}

/// The objective under `--uncertain`: its expectation over a design of the scenario's
/// `[[uncertain]]` inputs.
#[derive(Clone, Debug, Serialize)]
pub struct ExpectationOver {
    /// Design points.
    pub points: usize,
    /// The inputs' parameters.
    pub inputs: Vec<String>,
}

/// Everything `optimise.json` and `optimise.md` say.
#[derive(Clone, Debug, Serialize)]
pub struct OptimiseReport {
    /// Scenario name.
    pub scenario: String,
    /// firesim version.
    pub version: String,
    /// The run's seed (the search's replications; the selection and the check use streams
    /// derived from it).
    pub seed: u64,
    /// `p90`, `within5` or `weighted`.
    pub objective: String,
    /// Its unit.
    pub unit: String,
    /// Whether larger is better.
    pub larger_is_better: bool,
    /// With `--uncertain`: the objective is its expectation over these inputs (absent: the
    /// scenario's nominal inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective_over: Option<ExpectationOver>,
    /// The indifference zone.
    pub delta: f64,
    /// 1 − the guaranteed probability.
    pub alpha: f64,
    /// The base rollout.
    pub base: String,
    /// The cost cap the candidates met.
    pub cost_max: Option<f64>,
    /// Currency of the costs.
    pub currency: String,
    /// The evaluation budget of the search.
    pub budget: u64,
    /// Replications the search spent.
    pub search_replications_spent: u64,
    /// Replications per candidate in the search.
    pub search_replications: u32,
    /// Candidates simulated / found infeasible.
    pub candidates: u64,
    /// Candidates found infeasible (never simulated).
    pub infeasible: u64,
    /// Improving moves.
    pub iterations: u32,
    /// Whether the search stopped at a local optimum (else the budget ran out).
    pub converged: bool,
    /// First-stage replications and the constant `h`.
    pub n0: u32,
    /// `t_{1−α/(k−1), n0−1}`.
    pub h: f64,
    /// Replications of the selection stage in all.
    pub selection_replications: u64,
    /// Whether some N_i hit the cap (the guarantee then does not hold).
    pub capped: bool,
    /// The finalists.
    pub finalists: Vec<Finalist>,
    /// The recommended intakes.
    pub recommended_recruits: Vec<u32>,
    /// The recommended allocation policy.
    pub recommended_allocation: String,
    /// Stations the recommendation opens on another date than the base: (id, date).
    pub recommended_opens: Vec<(String, String)>,
    /// The recommended rollout's cost.
    pub recommended_cost: Option<f64>,
    /// The base rollout's cost.
    pub base_cost: Option<f64>,
    /// Seed and replications of the check.
    pub check_seed: u64,
    /// Replications per rollout in the check.
    pub check_replications: u32,
    /// The check, one row per rollout (the recommended last).
    pub check: Vec<CheckRow>,
    /// Every feasible candidate simulated, with its cost (when `[costs]` gives one).
    pub points: Vec<Point>,
}

/// Draw `pareto.png` and `pareto.svg` into `dir` ([`pareto_chart`]).
pub fn write_pareto(
    r: &OptimiseReport,
    dir: &std::path::Path,
    lang: Lang,
) -> Result<(), super::ReportError> {
    let locale = super::html::chart_locale(lang)?;
    super::plot::chart_files_in(&pareto_chart(r, lang), &dir.join("pareto"), &locale)
        .map_err(|e| super::page::plot_err(dir, e))?;
    Ok(())
}

/// The Pareto chart: every feasible candidate's cost against its search mean, the front
/// joined, the base and the recommendation marked.
pub fn pareto_chart(r: &OptimiseReport, lang: Lang) -> super::plot::ScatterChart {
    use super::plot::{ChartSize, ScatterChart, ScatterSeries};
    let t = |m: Msg| m.text(lang);
    let m = |c: f64| c / 1e6;
    let pick = |label: &str| -> Vec<(f64, f64)> {
        r.points
            .iter()
            .filter(|p| p.label == label)
            .map(|p| (m(p.cost), p.objective))
            .collect()
    };
    let base_label = r
        .finalists
        .iter()
        .find(|f| f.is_base)
        .map(|f| f.label.clone());
    let chosen_label = r
        .finalists
        .iter()
        .find(|f| f.chosen)
        .map(|f| f.label.clone());
    ScatterChart {
        title: t(Msg::OptParetoTitle),
        x_label: t(Msg::OptParetoX {
            currency: &r.currency,
        }),
        y_label: t(Msg::OptParetoY {
            objective: &r.objective,
            unit: &r.unit,
        }),
        series: vec![
            ScatterSeries {
                name: t(Msg::OptParetoCandidates),
                points: r.points.iter().map(|p| (m(p.cost), p.objective)).collect(),
                joined: false,
            },
            ScatterSeries {
                name: t(Msg::OptParetoFront),
                points: r
                    .points
                    .iter()
                    .filter(|p| p.pareto)
                    .map(|p| (m(p.cost), p.objective))
                    .collect(),
                joined: true,
            },
            ScatterSeries {
                name: t(Msg::OptParetoBase { base: &r.base }),
                points: base_label.as_deref().map(pick).unwrap_or_default(),
                joined: false,
            },
            ScatterSeries {
                name: t(Msg::OptParetoChosen),
                points: chosen_label.as_deref().map(pick).unwrap_or_default(),
                joined: false,
            },
        ],
        size: ChartSize::default(),
    }
}

/// The `[[rollouts]]` fragment of the recommendation, inheriting everything else from
/// the base rollout.
pub fn recommended_toml(r: &OptimiseReport, name: &str) -> String {
    let recruits: Vec<String> = r.recommended_recruits.iter().map(u32::to_string).collect();
    let mut s = format!(
        "# firesim optimise {} (firesim {}, seed {}): the recommended rollout.\n\
         # Add it to a comparison: firesim compare SCENARIO --add-rollouts recommended.toml\n\
         [[rollouts]]\n\
         name = \"{name}\"\n\
         name_zh = \"推荐方案\"\n\
         description = \"Recommended by firesim optimise ({}, δ = {} {}, α = {})\"\n\
         description_zh = \"firesim optimise 推荐的方案\"\n\
         base = \"{}\"\n\
         recruits = [{}]\n\
         allocation = \"{}\"\n",
        r.scenario,
        r.version,
        r.seed,
        r.objective,
        r.delta,
        r.unit,
        r.alpha,
        r.base,
        recruits.join(", "),
        r.recommended_allocation
    );
    if !r.recommended_opens.is_empty() {
        let opens: Vec<String> = r
            .recommended_opens
            .iter()
            .map(|(id, date)| format!("{id} = {date}"))
            .collect();
        s.push_str(&format!("opens = {{ {} }}\n", opens.join(", ")));
    }
    if let Some(c) = r.recommended_cost {
        s.push_str(&format!("# cost over the horizon: {c:.0} {}\n", r.currency));
    }
    s
}

/// `trace.csv`: one row per improving move of the search.
pub fn trace_csv(rows: &[crate::study::optimise::TraceRow]) -> String {
    let mut s = String::from("iteration,candidate,objective,evaluations,replications,infeasible\n");
    for r in rows {
        s.push_str(&format!(
            "{},{},{:.3},{},{},{}\n",
            r.iteration, r.candidate, r.objective, r.evaluations, r.replications, r.infeasible
        ));
    }
    s
}

pub(super) fn money(x: Option<f64>) -> String {
    x.map_or("–".into(), |c| format!("{:.1} M", c / 1e6))
}

pub(super) fn est(e: &Estimate) -> String {
    match e.ci95 {
        Some([lo, hi]) => format!("{:.2} [{:.2}, {:.2}]", e.mean, lo, hi),
        None => format!("{:.2}", e.mean),
    }
}

/// `optimise.md` in `lang`.
pub fn optimise_md(r: &OptimiseReport, lang: Lang) -> String {
    let t = |m: Msg| m.text(lang);
    let yes_no = |b: bool| if b { t(Msg::OptYes) } else { t(Msg::OptNo) };
    let mut s = t(Msg::OptTitle {
        scenario: &r.scenario,
    }) + "\n\n";
    s += &t(Msg::OptObjective {
        objective: &r.objective,
        delta: &r.delta,
        unit: &r.unit,
        alpha: &r.alpha,
    });
    if let Some(e) = &r.objective_over {
        s += " ";
        s += &t(Msg::OptExpectation {
            points: &e.points,
            inputs: &e.inputs.len(),
        });
    }
    s += "\n\n";
    s += &t(Msg::OptGuarantee {
        k: &r.finalists.len(),
        conf: &format!("{:.0}", 100.0 * (1.0 - r.alpha)),
        delta: &r.delta,
        unit: &r.unit,
    });
    if r.capped {
        s += " (some N_i hit the replication cap: the guarantee does not hold)";
    }
    s += "\n\n";
    s += &t(Msg::OptRecommended);
    s += "\n\n";
    let recruits: Vec<String> = r.recommended_recruits.iter().map(u32::to_string).collect();
    s += &format!("- {}: {}\n", t(Msg::OptRecruits), recruits.join("/"));
    s += &format!(
        "- {}: {}\n",
        t(Msg::OptAllocation),
        r.recommended_allocation
    );
    if !r.recommended_opens.is_empty() {
        let o: Vec<String> = r
            .recommended_opens
            .iter()
            .map(|(id, d)| format!("{id} {d}"))
            .collect();
        s += &format!("- {}: {}\n", t(Msg::OptOpens), o.join(", "));
    }
    s += &format!(
        "- {}: {} {} ({} {})\n",
        t(Msg::OptCost { base: &r.base }),
        money(r.recommended_cost),
        r.currency,
        money(r.base_cost),
        r.currency
    );
    s += &format!("- {}: {}\n\n", t(Msg::OptFeasible), t(Msg::OptYes));
    if !r.points.is_empty() {
        s += "![](pareto.svg)\n\n";
    }
    s += &t(Msg::OptFinalists);
    s += "\n\n";
    s += &t(Msg::OptFinalistsHeader);
    s += "\n|---|---:|---:|---:|---:|\n";
    for f in &r.finalists {
        let mark = match (f.chosen, f.is_base) {
            (true, _) => " **←**".to_string(),
            (false, true) => format!(" (`{}`)", r.base),
            _ => String::new(),
        };
        s += &format!(
            "| {}{mark} | {:.2} | {} | {:.2} | {} |\n",
            f.label,
            f.search_mean,
            f.replications,
            f.selection_mean,
            money(f.cost)
        );
    }
    s += "\n";
    s += &t(Msg::OptCheck {
        reps: &r.check_replications,
    });
    s += "\n\n";
    s += &t(Msg::OptCheckHeader { base: &r.base });
    s += "\n|---|---:|---:|---:|---|\n";
    for c in &r.check {
        s += &format!(
            "| {} | {} | {} | {} | {} |\n",
            c.rollout,
            est(&c.objective),
            est(&c.vs_base),
            money(c.cost),
            yes_no(c.feasible)
        );
    }
    s += "\n";
    s += &t(Msg::OptSearch {
        candidates: &r.candidates,
        infeasible: &r.infeasible,
        reps: &r.search_replications_spent,
        budget: &r.budget,
        iterations: &r.iterations,
    });
    s += "\n";
    s
}
