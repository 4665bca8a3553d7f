//! The report's data: the eight charts of a comparison as plain chart structs (the `plot`
//! module draws them), the headline table, and a sentence per chart saying what it shows.
//!
//! Everything a report needs is in [`ReportData`], which is saved as `report_data.toml`
//! beside the results, so `firesim report DIR` can redraw the charts and the page without
//! simulating again. (TOML, not JSON: figures a rollout does not have are NaN, which TOML
//! writes as `nan` and reads back, and JSON cannot.)

pub use super::data::{
    AssumptionRow, Captioned, Cell, ChartSet, MilestoneRow, ReportData, TableRow,
};
use super::i18n::{Lang, Msg};
use super::localize::localize;
use crate::ground::engine::SimTime;
use crate::ground::geo::Point;
use crate::prepare::staffing;
use crate::report::plot::*;
use crate::scenario::Scenario;
use crate::stats::{Breakdown, Estimate, Figure, GroupFigure, Histogram};
use crate::study::compare::Comparison;
use crate::travel::TravelModel;

/// `n` evenly spaced quantiles of a histogram: a compact stand-in for its values (the
/// ECDF through them is within a bin of the histogram's).
fn quantile_sample(h: &Histogram, n: usize) -> Vec<f64> {
    if h.is_empty() {
        return vec![];
    }
    let qs: Vec<f64> = (0..n).map(|i| (i as f64 + 0.5) / n as f64).collect();
    h.quantiles(&qs)
        .into_iter()
        .filter(|x| x.is_finite())
        .collect()
}

fn minutes(s: f64) -> f64 {
    s / 60.0
}

/// A station grade in English (the GeoJSON layers' attribute).
pub(crate) fn grade_name(g: crate::scenario::Grade) -> String {
    Msg::grade(g).text(Lang::En)
}

/// What every chart of a comparison reads: the scenario, the comparison, its years and the
/// year the distribution charts show.
struct Ctx<'a> {
    scenario: &'a Scenario,
    c: &'a Comparison,
    years: Vec<i32>,
    /// Index of the year the distribution charts show.
    y_idx: usize,
    /// The standard, minutes.
    std_min: f64,
}

impl Ctx<'_> {
    fn name(&self, r: usize) -> String {
        self.scenario.rollouts[self.c.rollouts[r].index]
            .name
            .clone()
    }

    /// Rollout `r`'s estimate of the figure at layout position `k` in period `p`.
    fn at(&self, r: usize, p: usize, k: Option<usize>) -> Estimate {
        k.map_or(Estimate::NONE, |k| self.c.rollouts[r].agg.periods[p][k])
    }

    fn get(&self, r: usize, p: usize, f: Figure) -> Estimate {
        self.at(r, p, self.c.layout.figure(f))
    }

    /// The paired difference against the baseline.
    fn diff(&self, r: usize, p: usize, f: Figure) -> Estimate {
        self.c
            .layout
            .figure(f)
            .map_or(Estimate::NONE, |k| self.c.rollouts[r].diffs[p][k])
    }

    /// The baseline, then the other rollouts, at most four (the charts that put rollouts
    /// side by side).
    fn shown(&self) -> Vec<usize> {
        std::iter::once(self.c.baseline)
            .chain((0..self.c.rollouts.len()).filter(|&r| r != self.c.baseline))
            .take(4)
            .collect()
    }
}

/// Build the report data of a comparison; `year` picks the year of the distribution
/// charts (default: the last).
pub fn report_data(
    scenario: &Scenario,
    c: &Comparison,
    year: Option<i32>,
    files: Vec<String>,
) -> ReportData {
    let base = &c.rollouts[c.baseline];
    let years = base.agg.years.clone();
    let y_idx = year
        .and_then(|y| years.iter().position(|&x| x == y))
        .unwrap_or(years.len().saturating_sub(1));
    let cx = Ctx {
        scenario,
        c,
        y_idx,
        std_min: minutes(scenario.standard_s),
        years,
    };
    let mut data = ReportData {
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        description_zh: scenario.description_zh.clone(),
        seed: c.seed,
        replications: c.replications,
        firesim_version: env!("CARGO_PKG_VERSION").into(),
        baseline: cx.name(c.baseline),
        standard_s: scenario.standard_s,
        periods: cx
            .years
            .iter()
            .map(|y| y.to_string())
            .chain(std::iter::once(String::new()))
            .collect(),
        table: table(&cx),
        milestones: milestones(&cx),
        district_rule: scenario.districts.is_some(),
        plan_rule: super::plan_rule::plan_rule_data(scenario, c),
        compliance_target: scenario.compliance_target,
        chart_year: cx.years.get(y_idx).copied().unwrap_or_default(),
        charts: ChartSet {
            ecdf: ecdf(&cx),
            years: years_chart(&cx),
            compliance: compliance(&cx),
            histogram: histogram(&cx),
            segments: segments(&cx),
            staffing: staffing_chart(&cx),
            map: map(&cx),
            zones: zones(&cx),
            cost: None,
        },
        assumptions: assumptions(scenario),
        files,
        zones_total: scenario.zones.len(),
        names_zh: scenario
            .zones
            .iter()
            .filter_map(|z| Some((z.name.clone(), z.name_zh.clone()?)))
            .chain(
                scenario
                    .neighbours
                    .iter()
                    .filter_map(|a| Some((a.name.clone(), a.name_zh.clone()?))),
            )
            .collect(),
        economics: super::economics::rows(scenario, c),
        currency: scenario
            .costs
            .as_ref()
            .map_or(String::new(), |k| k.currency.clone()),
        rollout_names_zh: c
            .rollouts
            .iter()
            .map(|r| &scenario.rollouts[r.index])
            .filter_map(|ro| Some((ro.name.clone(), ro.name_zh.clone()?)))
            .collect(),
    };
    data.charts.cost = super::economics::cost_chart(&data.table, &data.economics, &data.baseline);
    localize(&mut data, Lang::En);
    data
}

/// The headline table: p90 from the dispatch order and the share within the standard,
/// per rollout and period, with the paired differences against the baseline.
fn table(cx: &Ctx) -> Vec<TableRow> {
    let n_periods = cx.years.len() + 1;
    let cells = |r: usize, f: Figure| -> Vec<Cell> {
        (0..n_periods)
            .map(|p| Cell::new(cx.get(r, p, f), cx.diff(r, p, f)))
            .collect()
    };
    (0..cx.c.rollouts.len())
        .map(|r| {
            let ro = &cx.scenario.rollouts[cx.c.rollouts[r].index];
            TableRow {
                rollout: cx.name(r),
                description: ro.description.clone(),
                description_zh: ro.description_zh.clone(),
                p90_s: cells(r, Figure::FromDispatchP90),
                within: cells(r, Figure::WithinStandard),
                world: !ro.is_decision(),
            }
        })
        .collect()
}

fn milestones(cx: &Ctx) -> Vec<MilestoneRow> {
    cx.c.rollouts
        .iter()
        .enumerate()
        .map(|(r, x)| MilestoneRow {
            rollout: cx.name(r),
            urban_core_p90: x.milestones.urban_core_p90_within_standard,
            compliance: x.milestones.compliance_target_reached,
            urban_core_p90_confident: x.milestones.urban_core_p90_within_standard_confident,
            compliance_confident: x.milestones.compliance_target_reached_confident,
            district_edge: x.milestones.urban_district_edges_within_standard.flatten(),
        })
        .collect()
}

fn assumptions(scenario: &Scenario) -> Vec<AssumptionRow> {
    scenario
        .assumptions
        .iter()
        .map(|a| AssumptionRow {
            name: a.name.clone(),
            value: a.value.clone(),
            source: a.source.clone(),
            name_zh: a.name_zh.clone(),
            value_zh: a.value_zh.clone(),
            source_zh: a.source_zh.clone(),
        })
        .collect()
}

/// 1. ECDF of first arrival from the dispatch order, chosen year, every rollout
///    (`plot::ecdf`).
fn ecdf(cx: &Ctx) -> Captioned<EcdfChart> {
    let series: Vec<EcdfSeries> = (0..cx.c.rollouts.len())
        .map(|r| {
            let h = cx.c.rollouts[r].pooled.from_dispatch(cx.y_idx);
            EcdfSeries {
                name: cx.name(r),
                values_s: h
                    .as_ref()
                    .map(|h| quantile_sample(h, 1_000))
                    .unwrap_or_default(),
                count: h.map(|h| h.len()),
            }
        })
        .collect();
    Captioned {
        stem: "1-ecdf".into(),
        caption: String::new(),
        chart: EcdfChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            series,
            reference: Some(ReferenceLine {
                value: cx.std_min,
                label: String::new(),
            }),
            x_max_min: Some(30.0),
            size: ChartSize::default(),
        },
    }
}

/// 2. p90 (with its 95% band) and p50 per year (`plot::year_band`).
fn years_chart(cx: &Ctx) -> Captioned<YearBandChart> {
    let band = |e: Estimate| {
        let [lo, hi] = e.ci95.unwrap_or([e.mean, e.mean]);
        (minutes(e.mean), minutes(lo), minutes(hi))
    };
    let series = (0..cx.c.rollouts.len())
        .map(|r| YearBandSeries {
            name: cx.name(r),
            points: cx
                .years
                .iter()
                .enumerate()
                .map(|(p, &year)| {
                    let (value, lower, upper) = band(cx.get(r, p, Figure::FromDispatchP90));
                    YearBand {
                        year,
                        value,
                        lower,
                        upper,
                    }
                })
                .collect(),
            secondary: cx
                .years
                .iter()
                .enumerate()
                .map(|(p, &year)| YearValue {
                    year,
                    value: minutes(cx.get(r, p, Figure::FromDispatchP50).mean),
                })
                .collect(),
        })
        .collect();
    Captioned {
        stem: "2-p90-by-year".into(),
        caption: String::new(),
        chart: YearBandChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            primary_label: String::new(),
            band_label: String::new(),
            secondary_label: String::new(),
            y_from_zero: true,
            y_range: None,
            series,
            size: ChartSize::default(),
        },
    }
}

/// 3. Share within the standard per year, with the target (`plot::year_line`).
fn compliance(cx: &Ctx) -> Captioned<YearLineChart> {
    Captioned {
        stem: "3-compliance".into(),
        caption: String::new(),
        chart: YearLineChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            series: (0..cx.c.rollouts.len())
                .map(|r| YearLineSeries {
                    name: cx.name(r),
                    points: cx
                        .years
                        .iter()
                        .enumerate()
                        .map(|(p, &year)| YearValue {
                            year,
                            value: cx.get(r, p, Figure::WithinStandard).mean,
                        })
                        .collect(),
                })
                .collect(),
            target: Some(ReferenceLine {
                value: cx.scenario.compliance_target,
                label: String::new(),
            }),
            y_range_pct: Some((0.0, 100.0)),
            size: ChartSize::default(),
        },
    }
}

/// 4. Histogram, fire vs non-fire, baseline, chosen year (`plot::histogram`).
fn histogram(cx: &Ctx) -> Captioned<SplitHistogram> {
    let pooled = &cx.c.rollouts[cx.c.baseline].pooled;
    let group = |h: Option<&Histogram>| HistogramGroup {
        name: String::new(),
        values_s: h.map(|h| quantile_sample(h, 2_000)).unwrap_or_default(),
        count: h.map(|h| h.len()),
    };
    Captioned {
        stem: "4-histogram".into(),
        caption: String::new(),
        chart: SplitHistogram {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            groups: vec![
                group(pooled.from_dispatch_fire.get(cx.y_idx)),
                group(pooled.from_dispatch_non_fire.get(cx.y_idx)),
            ],
            bin_width_min: 1.0,
            x_max_min: Some(30.0),
            layout: HistogramLayout::SideBySide,
            scale: HistogramScale::Percent,
            size: ChartSize::default(),
        },
    }
}

/// 5. Segments (mean of the first-arriving unit) per year, up to four rollouts
///    (`plot::stacked`).
fn segments(cx: &Ctx) -> Captioned<StackedBars> {
    let seg = [Figure::CallProcessing, Figure::Turnout, Figure::Travel];
    Captioned {
        stem: "5-segments".into(),
        caption: String::new(),
        chart: StackedBars {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            categories: cx.years.iter().map(|y| y.to_string()).collect(),
            segments: vec![String::new(); seg.len()],
            groups: cx
                .shown()
                .into_iter()
                .map(|r| StackGroup {
                    name: cx.name(r),
                    short_label: String::new(),
                    values: (0..cx.years.len())
                        .map(|p| {
                            seg.iter()
                                .map(|&f| minutes(cx.get(r, p, f).mean).max(0.0))
                                .collect()
                        })
                        .collect(),
                })
                .collect(),
            size: ChartSize::default(),
        },
    }
}

/// The first of every month of the horizon: (fractional year, time).
fn months(cal: &crate::scenario::Calendar) -> Vec<(f64, SimTime)> {
    use chrono::Datelike;
    let mut out = vec![];
    let mut d = cal.start;
    while d <= cal.end {
        let t = d.year() as f64 + d.month0() as f64 / 12.0;
        out.push((t, cal.time_of(d)));
        d = d
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(cal.end + chrono::Days::new(1));
    }
    out
}

/// 6. On-duty firefighters and crewed units per month, every rollout (`plot::staffing`).
fn staffing_chart(cx: &Ctx) -> Captioned<StaffingTimeline> {
    let scenario = cx.scenario;
    let months = months(&scenario.calendar);
    let series: Vec<StaffingSeries> = (0..cx.c.rollouts.len())
        .map(|r| {
            let ro = &scenario.rollouts[cx.c.rollouts[r].index];
            let mut on_duty = vec![];
            let mut crewed = vec![];
            for &(t, st) in &months {
                let od: u32 = (0..scenario.stations.len())
                    .map(|s| staffing::on_duty(ro, s, st))
                    .sum();
                let cu: usize = (0..scenario.stations.len())
                    .map(|s| staffing::crewed_units(scenario, ro, s, st).len())
                    .sum();
                on_duty.push(TimeValue {
                    t,
                    value: od as f64,
                });
                crewed.push(TimeValue {
                    t,
                    value: cu as f64,
                });
            }
            StaffingSeries {
                name: cx.name(r),
                on_duty,
                crewed_units: crewed,
            }
        })
        .collect();
    Captioned {
        stem: "6-staffing".into(),
        caption: String::new(),
        chart: StaffingTimeline {
            title: String::new(),
            x_label: String::new(),
            top_y_label: String::new(),
            bottom_y_label: String::new(),
            series,
            size: ChartSize {
                width: 900,
                height: 640,
            },
        },
    }
}

/// 7. The district map: stations (baseline at the end of the horizon), zone seats, roads
///    and the baseline's sampled incidents of the last year (`plot::map`).
fn map(cx: &Ctx) -> Captioned<MapChart> {
    let scenario = cx.scenario;
    let base = &cx.c.rollouts[cx.c.baseline];
    let ro = &scenario.rollouts[base.index];
    let end = scenario.calendar.horizon_end() - SimTime(1);
    let reach_budget = scenario.standard_s - scenario.turnout.mean_s();
    let stations = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let crewed = !staffing::crewed_units(scenario, ro, s, end).is_empty();
            MapStation {
                name: st.id.clone(),
                opening_year: st.opens.map(|d| {
                    use chrono::Datelike;
                    d.year()
                }),
                x_km: st.pos.x_km,
                y_km: st.pos.y_km,
                headcount: ro.headcount_at(s, end) as f64,
                grade: Msg::grade(st.grade).text(Lang::En),
                reach_km: if crewed {
                    scenario.travel.reach_km(reach_budget)
                } else {
                    None
                },
            }
        })
        .collect();
    Captioned {
        stem: "7-map".into(),
        caption: String::new(),
        chart: MapChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            zone_seats: scenario
                .zones
                .iter()
                .map(|z| ZoneSeat {
                    name: z.name.clone(),
                    x_km: z.pos.x_km,
                    y_km: z.pos.y_km,
                })
                .collect(),
            zone_outlines: scenario
                .zones
                .iter()
                .filter(|z| !z.cell.is_empty())
                .map(|z| closed(&z.cell))
                .collect(),
            boundary: scenario
                .boundary
                .as_ref()
                .map_or(vec![], |b| closed(&b.points)),
            neighbours: scenario
                .neighbours
                .iter()
                .map(|a| MapArea {
                    name: a.name.clone(),
                    rings: a
                        .rings
                        .iter()
                        .map(|r| {
                            let pts: Vec<Point> =
                                r.iter().map(|&p| scenario.projection.project(p)).collect();
                            closed(&pts)
                        })
                        .collect(),
                })
                .collect(),
            roads: match scenario.travel.road_graph() {
                Some(g) => {
                    let xy = |v: u32| (g.pos[v as usize].x_km, g.pos[v as usize].y_km);
                    g.segments.iter().map(|s| [xy(s.a), xy(s.b)]).collect()
                }
                None => vec![],
            },
            stations,
            incidents: base
                .sample
                .iter()
                .filter(|i| i.from_dispatch_s.is_finite())
                .map(|i| MapIncident {
                    x_km: i.pos.x_km,
                    y_km: i.pos.y_km,
                    response_s: i.from_dispatch_s,
                })
                .collect(),
            response_bins_min: vec![cx.std_min, 8.0, 12.0],
            reach_label: String::new(),
            size: ChartSize {
                width: 900,
                height: 900,
            },
        },
    }
}

/// A ring of projected points as a closed polyline in km (empty stays empty).
fn closed(ring: &[Point]) -> Vec<(f64, f64)> {
    ring.iter()
        .chain(ring.first())
        .map(|p| (p.x_km, p.y_km))
        .collect()
}

/// 8. p90 per zone, chosen year, up to four rollouts: every zone, or the slowest 40 (under
///    the baseline) in a big city (`plot::ranked`).
fn zones(cx: &Ctx) -> Captioned<RankedBars> {
    const MAX_ZONES: usize = 40;
    let zs = &cx.scenario.zones;
    let p90 = |r: usize, z: usize| {
        let name = Breakdown::Zone(&zs[z].name).name(GroupFigure::P90FromDispatch);
        cx.at(r, cx.y_idx, cx.c.layout.index(&name)).mean
    };
    let mut zone_idx: Vec<usize> = (0..zs.len()).collect();
    if zone_idx.len() > MAX_ZONES {
        let b = cx.c.baseline;
        zone_idx.sort_by(|&x, &y| p90(b, y).total_cmp(&p90(b, x)).then(x.cmp(&y)));
        zone_idx.truncate(MAX_ZONES);
    }
    Captioned {
        stem: "8-zones".into(),
        caption: String::new(),
        chart: RankedBars {
            title: String::new(),
            x_label: String::new(),
            categories: zone_idx.iter().map(|&z| zs[z].name.clone()).collect(),
            series: cx
                .shown()
                .into_iter()
                .map(|r| RankedSeries {
                    name: cx.name(r),
                    values: zone_idx.iter().map(|&z| minutes(p90(r, z))).collect(),
                })
                .collect(),
            sort_by_series: 0,
            ascending: false,
            reference: Some(ReferenceLine {
                value: cx.std_min,
                label: String::new(),
            }),
            size: ChartSize::default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_data_keeps_missing_figures_through_a_save_and_load() {
        // A zone with no incidents has NaN figures: JSON would write them as null and fail
        // to read them back; TOML writes `nan`.
        let mut d = ReportData {
            scenario: "x".into(),
            ..Default::default()
        };
        d.table.push(TableRow {
            rollout: "plan".into(),
            p90_s: vec![Cell {
                mean: f64::NAN,
                lo: f64::NAN,
                hi: 3.0,
                diff: f64::INFINITY,
                significant: false,
            }],
            ..Default::default()
        });
        d.milestones.push(MilestoneRow {
            rollout: "plan".into(),
            urban_core_p90: None,
            compliance: Some(2024),
            ..Default::default()
        });
        let text = toml::to_string(&d).unwrap();
        let back: ReportData = toml::from_str(&text).unwrap();
        let c = &back.table[0].p90_s[0];
        assert!(c.mean.is_nan() && c.lo.is_nan() && c.hi == 3.0 && c.diff == f64::INFINITY);
        assert_eq!(back.milestones[0].compliance, Some(2024));
        assert_eq!(back.milestones[0].urban_core_p90, None);
    }
}
