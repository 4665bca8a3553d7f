//! The robustness report as a document in one language (every text from the message
//! catalogue), in the order a planner reads it: the decision to take in one sentence; how
//! the study was made and which rollouts are not ranked; P(best) and regret among the
//! decisions; P(milestone met); what could change the choice (the Sobol' indices and EVPPI
//! of the contender's difference from the baseline); what moves the baseline's level; the
//! inputs. robustness.md and report.html are both written from it.

use super::super::i18n::{Lang, Msg, or_marked};
use super::doc::{Block, table};
use crate::scenario::{InputDist, UncertainInput};
use crate::study::robustness::{
    DecisionHeadline, Headline, MetricResult, Milestone, PeriodResult, Robustness,
};

/// Chart numbers in the document ([`Block::Chart`]).
pub(super) const CHART_P_BEST: usize = 0;
/// The band panels.
pub(super) const CHART_BANDS: usize = 1;
/// The tornado of the difference's indices.
pub(super) const CHART_TORNADO: usize = 2;

/// What the texts of one report read.
pub(super) struct Texts<'a> {
    pub r: &'a Robustness,
    pub lang: Lang,
}

impl Texts<'_> {
    pub fn t(&self, m: Msg) -> String {
        m.text(self.lang)
    }

    /// The simulated years: first and last.
    pub fn years(&self) -> (String, String) {
        let ys: Vec<&str> = self
            .r
            .metrics
            .first()
            .map(|m| {
                m.periods
                    .iter()
                    .map(|p| p.year.as_str())
                    .filter(|y| *y != "all")
                    .collect()
            })
            .unwrap_or_default();
        (
            ys.first().copied().unwrap_or_default().to_string(),
            ys.last().copied().unwrap_or_default().to_string(),
        )
    }

    /// "2021–2025" in the report's language.
    pub fn period(&self) -> String {
        let (first, last) = self.years();
        self.t(Msg::RobPeriod {
            first: &first,
            last: &last,
        })
    }

    pub fn std_min(&self) -> String {
        format!("{:.0}", self.r.standard_s / 60.0)
    }

    /// A figure's value with its unit.
    pub fn value(&self, h: Headline, x: f64) -> String {
        match h {
            Headline::P90FromDispatch => self.t(Msg::Seconds {
                x: &format!("{x:.0}"),
            }),
            Headline::WithinStandard => format!("{:.1}%", 100.0 * x),
        }
    }

    /// A regret or value of information, with its unit (`digits` after the point; shares
    /// in points get two more).
    pub fn amount(&self, h: Headline, x: f64, digits: usize) -> String {
        match h {
            Headline::P90FromDispatch => self.t(Msg::Seconds {
                x: &format!("{x:.digits$}"),
            }),
            Headline::WithinStandard => self.t(Msg::Points {
                x: &format!("{:.*}", digits + 1, 100.0 * x),
            }),
        }
    }

    pub fn heading(&self, h: Headline) -> String {
        let period = self.period();
        match h {
            Headline::P90FromDispatch => self.t(Msg::RobP90Heading { period: &period }),
            Headline::WithinStandard => self.t(Msg::RobWithinHeading {
                std_min: &self.std_min(),
                period: &period,
            }),
        }
    }

    /// A milestone's label.
    pub fn milestone(&self, m: Milestone) -> String {
        let std_min = self.std_min();
        match m {
            Milestone::UrbanCoreP90WithinStandard => {
                self.t(Msg::MilestoneUrbanCore { std_min: &std_min })
            }
            Milestone::ComplianceTargetReached => self.t(Msg::MilestoneCompliance {
                target_pct: &format!("{:.0}", 100.0 * self.r.compliance_target),
                std_min: &std_min,
            }),
            Milestone::UrbanDistrictEdgesWithinStandard => {
                self.t(Msg::MilestoneDistrictEdge { std_min: &std_min })
            }
        }
    }

    /// The opening sentence.
    pub fn headline(&self) -> String {
        let h: &DecisionHeadline = &self.r.headline;
        let base = &h.baseline;
        let n = h.candidates.len();
        let what = match (h.feasible_only, h.within_baseline_cost) {
            (true, true) => self.t(Msg::RobNoneFeasibleAffordable { base }),
            (false, true) => self.t(Msg::RobNoneAffordable { base }),
            _ => self.t(Msg::RobNoneFeasible),
        };
        let Some(decision) = &h.decision else {
            return self.t(Msg::RobNoDecision { set: &what });
        };
        let set = match (h.feasible_only, h.within_baseline_cost) {
            (true, true) => self.t(Msg::RobSetFeasibleAffordable { n: &n, base }),
            (false, true) => self.t(Msg::RobSetAffordable { n: &n, base }),
            (true, false) => self.t(Msg::RobSetFeasible { n: &n }),
            (false, false) => self.t(Msg::RobSetDecisions { n: &n }),
        };
        let cost = match (h.cost_cny, h.baseline_cost_cny) {
            (Some(c), Some(b)) => {
                let (cost, base_cost) = (format!("{:.1}", c / 1e6), format!("{:.1}", b / 1e6));
                if h.feasible_only {
                    self.t(Msg::RobCostFeasible {
                        cost: &cost,
                        base,
                        base_cost: &base_cost,
                    })
                } else {
                    self.t(Msg::RobCost {
                        cost: &cost,
                        base,
                        base_cost: &base_cost,
                    })
                }
            }
            _ => String::new(),
        };
        if n == 1 {
            return self.t(Msg::RobTakeOnly {
                decision,
                cost: &cost,
                what: &what,
            });
        }
        self.t(Msg::RobTake {
            decision,
            cost: &cost,
            set: &set,
            period: &self.period(),
            p_best: &format!("{:.0}", 100.0 * h.p_best),
            regret: &self.amount(Headline::P90FromDispatch, h.expected_regret, 1),
        })
    }

    /// A rollout's name in a table, with its baseline or not-ranked marker.
    fn row_name(&self, name: &str, ranked: bool) -> String {
        if name == self.r.baseline {
            self.t(Msg::MdBaseline { name: &name })
        } else if !ranked {
            self.t(Msg::RobNotRanked { name: &name })
        } else {
            name.to_string()
        }
    }

    /// An input's distribution in words.
    fn dist(&self, i: &UncertainInput) -> String {
        let n = |x: &f64| format!("{x}");
        match &i.dist {
            InputDist::Uniform { min, max } => self.t(Msg::RobUniform {
                min: &n(min),
                max: &n(max),
            }),
            InputDist::Triangular { min, mode, max } => self.t(Msg::RobTriangular {
                min: &n(min),
                mode: &n(mode),
                max: &n(max),
            }),
            InputDist::Normal { mean, sd, lo, hi } => self.t(Msg::RobNormal {
                mean: &n(mean),
                sd: &n(sd),
                lo: &n(lo),
                hi: &n(hi),
            }),
            InputDist::Choice { labels, .. } => {
                let labels = self.labels(i, labels);
                self.t(Msg::RobChoice {
                    values: &labels.join(&self.t(Msg::RobChoiceSep)),
                })
            }
        }
    }

    /// A choice's labels in the report's language.
    fn labels(&self, i: &UncertainInput, en: &[String]) -> Vec<String> {
        en.iter()
            .enumerate()
            .map(|(k, l)| {
                let zh = i.labels_zh.as_ref().and_then(|z| z.get(k));
                or_marked(self.lang, l, zh.map(String::as_str)).0
            })
            .collect()
    }

    /// An input's value in the file, as its label for a choice.
    fn nominal(&self, i: &UncertainInput) -> String {
        match &i.dist {
            InputDist::Choice { values, labels } => values
                .iter()
                .position(|v| *v == i.nominal)
                .map(|k| self.labels(i, labels)[k].clone())
                .unwrap_or_else(|| format!("{}", i.nominal)),
            _ => format!("{}", i.nominal),
        }
    }
}

fn metric(r: &Robustness, h: Headline) -> Option<&MetricResult> {
    r.metrics.iter().find(|m| m.metric == h.name())
}

/// The period over the whole horizon.
pub(super) fn horizon(m: &MetricResult) -> Option<&PeriodResult> {
    m.periods.last()
}

/// The document of `r` in `lang`.
pub(super) fn document(r: &Robustness, lang: Lang) -> Vec<Block> {
    let x = Texts { r, lang };
    let mut d = vec![
        Block::Heading(
            1,
            x.t(Msg::RobTitle {
                scenario: &r.scenario,
            }),
        ),
        Block::Lead(x.headline()),
    ];
    intro(&x, &mut d);
    d.push(Block::Heading(2, x.t(Msg::RobChoiceHeading)));
    for h in Headline::ALL {
        if let Some(m) = metric(r, h) {
            choice_tables(&x, m, h, &mut d);
        }
    }
    d.push(Block::Chart(CHART_P_BEST));
    d.push(Block::Chart(CHART_BANDS));
    milestones(&x, &mut d);
    difference(&x, &mut d);
    level(&x, &mut d);
    inputs(&x, &mut d);
    d
}

fn intro(x: &Texts, d: &mut Vec<Block>) {
    let r = x.r;
    let k = r.inputs.len();
    d.push(Block::Para(x.t(Msg::RobIntro {
        inputs: &k,
        rows: &r.rows,
        points: &r.design_points,
        reps: &r.replications,
        n: &r.rollouts.len(),
        seed: &r.seed,
        incidents: &r.incidents,
    })));
    let sep = x.t(Msg::RobListSep);
    let code = |v: &[&String]| {
        v.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(&sep)
    };
    let world: Vec<&String> = r.world_rollouts.iter().collect();
    if !world.is_empty() {
        d.push(Block::Para(x.t(Msg::RobWorld {
            list: &code(&world),
        })));
    }
    // Decisions shown but not ranked: those the plan does not allow (a world rollout the
    // study was asked to run is named above).
    let unranked: Vec<&String> = r
        .metrics
        .first()
        .and_then(horizon)
        .map(|p| {
            p.rollouts
                .iter()
                .filter(|row| !row.ranked && !r.world_rollouts.contains(&row.rollout))
                .map(|row| &row.rollout)
                .collect()
        })
        .unwrap_or_default();
    if !unranked.is_empty() {
        d.push(Block::Para(x.t(Msg::RobInfeasible {
            list: &code(&unranked),
        })));
    }
}

fn choice_tables(x: &Texts, m: &MetricResult, h: Headline, d: &mut Vec<Block>) {
    let Some(p) = horizon(m) else { return };
    d.push(Block::Heading(3, x.heading(h)));
    let head = vec![
        x.t(Msg::RobDecision),
        x.t(Msg::RobMean),
        x.t(Msg::RobP05),
        x.t(Msg::RobP95),
        x.t(Msg::RobPBest),
        x.t(Msg::RobPBetter {
            base: &x.r.baseline,
        }),
        x.t(Msg::RobRegret),
        x.t(Msg::RobInputShare),
    ];
    let rows = p
        .rollouts
        .iter()
        .map(|row| {
            let s = &row.summary;
            vec![
                x.row_name(&row.rollout, row.ranked),
                x.value(h, s.mean),
                x.value(h, s.p05),
                x.value(h, s.p95),
                format!("{:.1}%", 100.0 * s.p_best),
                format!("{:.1}%", 100.0 * s.p_better_than_baseline),
                x.amount(h, s.expected_regret, 1),
                format!("{:.0}%", 100.0 * row.variance.input_share),
            ]
        })
        .collect();
    d.push(table(head, rows));
    d.push(Block::Para(x.t(Msg::RobPBestPerYear)));
    let mut head = vec![x.t(Msg::RobDecision)];
    head.extend(m.periods.iter().map(|q| {
        if q.year == "all" {
            x.t(Msg::AllYears)
        } else {
            q.year.clone()
        }
    }));
    let rows = p
        .rollouts
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![x.row_name(&row.rollout, row.ranked)];
            cells.extend(
                m.periods
                    .iter()
                    .map(|q| format!("{:.0}%", 100.0 * q.rollouts[i].summary.p_best)),
            );
            cells
        })
        .collect();
    d.push(table(head, rows));
}

fn milestones(x: &Texts, d: &mut Vec<Block>) {
    let r = x.r;
    if r.milestones.is_empty() {
        return;
    }
    d.push(Block::Heading(2, x.t(Msg::RobMilestonesHeading)));
    d.push(Block::Para(x.t(Msg::RobMilestonesIntro)));
    let mut years: Vec<i32> = r.milestones.iter().map(|m| m.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut head = vec![x.t(Msg::RobDecision), x.t(Msg::RobMilestone)];
    head.extend(years.iter().map(i32::to_string));
    let mut numeric = vec![false, false];
    numeric.extend(years.iter().map(|_| true));
    let mut rows = vec![];
    for name in &r.rollouts {
        for ms in Milestone::ALL {
            let cells: Vec<String> = years
                .iter()
                .map(|y| {
                    r.milestones
                        .iter()
                        .find(|c| c.rollout == *name && c.milestone == ms && c.year == *y)
                        .map_or("–".into(), |c| format!("{:.0}%", 100.0 * c.p_met))
                })
                .collect();
            if cells.iter().all(|c| c == "–") {
                continue;
            }
            let mut row = vec![name.clone(), x.milestone(ms)];
            row.extend(cells);
            rows.push(row);
        }
    }
    d.push(Block::Table {
        head,
        numeric,
        rows,
    });
}

/// The inputs sorted by a value, largest first (ties in input order).
fn ranked_by(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order
}

/// A table of Sobol' indices of the output `label` of the horizon period.
fn sobol_table(x: &Texts, p: &PeriodResult, label: &str) -> Option<Block> {
    let s = p.sensitivity.iter().find(|s| s.rollout == label)?;
    let totals: Vec<f64> = s.indices.iter().map(|i| i.total).collect();
    let rows = ranked_by(&totals)
        .into_iter()
        .map(|i| {
            let ix = &s.indices[i];
            vec![
                format!("`{}`", x.r.inputs[i].param),
                format!("{:.3}", ix.first_order),
                format!("{:.3}", ix.total),
                format!("[{:.3}, {:.3}]", ix.total_ci95[0], ix.total_ci95[1]),
            ]
        })
        .collect();
    Some(table(
        vec![
            x.t(Msg::RobInput),
            x.t(Msg::RobFirstOrder),
            x.t(Msg::RobTotal),
            x.t(Msg::RobInterval),
        ],
        rows,
    ))
}

fn difference(x: &Texts, d: &mut Vec<Block>) {
    let r = x.r;
    let Some(c) = &r.headline.contender else {
        return;
    };
    let base = &r.baseline;
    d.push(Block::Heading(2, x.t(Msg::RobDiffHeading { c, base })));
    let mut intro = x.t(Msg::RobDiffIntro { c, base });
    if r.headline.decision.as_deref() == Some(base.as_str()) {
        intro.push(' ');
        intro.push_str(&x.t(Msg::RobDiffRival { c, base }));
    }
    d.push(Block::Para(intro));
    for h in Headline::ALL {
        let Some(p) = metric(r, h).and_then(horizon) else {
            continue;
        };
        d.push(Block::Heading(3, x.heading(h)));
        d.push(Block::Para(x.t(Msg::RobSobolDiff)));
        if let Some(t) = sobol_table(x, p, &format!("{c}-vs-base")) {
            d.push(t);
        }
        if h == Headline::P90FromDispatch {
            d.push(Block::Chart(CHART_TORNADO));
        }
        let Some(v) = &p.versus_baseline else {
            continue;
        };
        d.push(Block::Para(x.t(Msg::RobVoi {
            c,
            base,
            evpi: &x.amount(h, v.evpi, 2),
            all_evpi: &x.amount(h, p.evpi, 2),
            n: &p.rollouts.iter().filter(|row| row.ranked).count(),
        })));
        let share = |e: f64, of: f64| {
            if of > 0.0 {
                format!("{:.0}%", 100.0 * e / of)
            } else {
                "0%".into()
            }
        };
        // By the pair's EVPPI, then (when the pair's are tied, e.g. all 0: no input in its
        // range reverses that choice) by the whole choice's.
        let mut order: Vec<usize> = (0..v.evppi.len()).collect();
        order.sort_by(|&a, &b| {
            (v.evppi[b].total_cmp(&v.evppi[a]))
                .then(p.evppi[b].total_cmp(&p.evppi[a]))
                .then(a.cmp(&b))
        });
        let rows = order
            .into_iter()
            .map(|i| {
                vec![
                    format!("`{}`", r.inputs[i].param),
                    x.amount(h, v.evppi[i], 2),
                    share(v.evppi[i], v.evpi),
                    x.amount(h, p.evppi[i], 2),
                    share(p.evppi[i], p.evpi),
                ]
            })
            .collect();
        d.push(table(
            vec![
                x.t(Msg::RobInput),
                x.t(Msg::RobEvppiPair),
                x.t(Msg::RobShareOfEvpi),
                x.t(Msg::RobEvppiAll),
                x.t(Msg::RobShareOfEvpi),
            ],
            rows,
        ));
    }
}

fn level(x: &Texts, d: &mut Vec<Block>) {
    let r = x.r;
    d.push(Block::Heading(
        2,
        x.t(Msg::RobLevelHeading { base: &r.baseline }),
    ));
    d.push(Block::Para(x.t(Msg::RobLevelIntro)));
    for h in Headline::ALL {
        let Some(p) = metric(r, h).and_then(horizon) else {
            continue;
        };
        d.push(Block::Heading(3, x.heading(h)));
        if let Some(t) = sobol_table(x, p, &r.baseline) {
            d.push(t);
        }
    }
}

fn inputs(x: &Texts, d: &mut Vec<Block>) {
    d.push(Block::Heading(2, x.t(Msg::RobInputsHeading)));
    let rows =
        x.r.inputs
            .iter()
            .map(|i| {
                let applies = if i.applies_to.is_empty() {
                    x.t(Msg::RobWholeScenario)
                } else {
                    i.applies_to.join(&x.t(Msg::RobListSep))
                };
                vec![
                    format!("`{}`", i.param),
                    x.dist(i),
                    x.nominal(i),
                    applies,
                    or_marked(x.lang, &i.source, i.source_zh.as_deref()).0,
                ]
            })
            .collect();
    d.push(Block::Table {
        head: vec![
            x.t(Msg::RobInput),
            x.t(Msg::RobDistribution),
            x.t(Msg::RobNominal),
            x.t(Msg::RobAppliesTo),
            x.t(Msg::Source),
        ],
        numeric: vec![false, false, true, false, false],
        rows,
    });
}
