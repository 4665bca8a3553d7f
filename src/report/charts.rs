//! The report's data: the eight charts of a comparison as plain chart structs (the `plot`
//! module draws them), the headline table, and a sentence per chart saying what it shows.
//!
//! Everything a report needs is in [`ReportData`], which is saved as `report_data.toml`
//! beside the results, so `firesim report DIR` can redraw the charts and the page without
//! simulating again. (TOML, not JSON: figures a rollout does not have are NaN, which TOML
//! writes as `nan` and reads back, and JSON cannot.)

use super::i18n::{Lang, Msg};
use super::localize::localize;
use crate::compare::Comparison;
use crate::engine::SimTime;
use crate::plot::*;
use crate::scenario::Scenario;
use crate::staffing;
use crate::stats::{Estimate, Histogram};
use crate::travel::TravelModel;
use serde::{Deserialize, Serialize};

/// One cell of the headline table: an estimate with its interval and the paired
/// difference against the baseline.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Cell {
    /// Mean over replications.
    pub mean: f64,
    /// 95% interval (NaN bounds when there is none).
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Mean paired difference against the baseline.
    pub diff: f64,
    /// Whether the difference's interval excludes zero.
    pub significant: bool,
}

impl Cell {
    fn new(e: Estimate, d: Estimate) -> Cell {
        let [lo, hi] = e.ci95.unwrap_or([f64::NAN, f64::NAN]);
        Cell {
            mean: e.mean,
            lo,
            hi,
            diff: d.mean,
            significant: d.excludes_zero(),
        }
    }
}

/// A row of the headline table.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TableRow {
    /// Rollout.
    pub rollout: String,
    /// What question it answers.
    pub description: String,
    /// The same in Chinese, when the scenario gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// p90 first arrival from the dispatch order per year (then all years), seconds.
    pub p90_s: Vec<Cell>,
    /// Share within the standard per year (then all years).
    pub within: Vec<Cell>,
}

/// A chart with the sentence that says what it shows.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Captioned<T> {
    /// File stem under `charts/`.
    pub stem: String,
    /// What the chart shows, in a sentence or two.
    pub caption: String,
    /// The chart data.
    pub chart: T,
}

/// The eight charts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChartSet {
    /// 1. ECDF of first arrival from the dispatch order, chosen year.
    pub ecdf: Captioned<EcdfChart>,
    /// 2. p90 and p50 per year with 95% bands.
    pub years: Captioned<YearBandChart>,
    /// 3. Share within the standard per year with the target.
    pub compliance: Captioned<YearLineChart>,
    /// 4. Histogram, fire vs non-fire, one rollout and year.
    pub histogram: Captioned<SplitHistogram>,
    /// 5. Segments (call processing, turnout, travel) per year.
    pub segments: Captioned<StackedBars>,
    /// 6. On-duty firefighters and crewed units per month.
    pub staffing: Captioned<StaffingTimeline>,
    /// 7. The district map.
    pub map: Captioned<MapChart>,
    /// 8. p90 per zone, chosen year.
    pub zones: Captioned<RankedBars>,
}

/// A labelled assumption of the scenario.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AssumptionRow {
    /// What.
    pub name: String,
    /// The value taken.
    pub value: String,
    /// Where it comes from.
    pub source: String,
    /// `name` in Chinese, when the scenario gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// `value` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_zh: Option<String>,
    /// `source` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_zh: Option<String>,
}

/// A rollout's milestones (years; absent: not reached).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MilestoneRow {
    /// Rollout.
    pub rollout: String,
    /// First year the urban core's p90 is within the standard.
    pub urban_core_p90: Option<i32>,
    /// First year the share within the standard reaches the target.
    pub compliance: Option<i32>,
    /// The same, with the whole 95% interval past the line.
    #[serde(default)]
    pub urban_core_p90_confident: Option<i32>,
    /// The same, with the whole 95% interval past the target.
    #[serde(default)]
    pub compliance_confident: Option<i32>,
}

/// Everything the report page shows.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReportData {
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// The same in Chinese, when the scenario gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// Seed.
    pub seed: u64,
    /// Replications per rollout.
    pub replications: u32,
    /// firesim version.
    pub firesim_version: String,
    /// Baseline rollout.
    pub baseline: String,
    /// The standard, seconds from the dispatch order.
    pub standard_s: f64,
    /// Column labels (years, then "all years").
    pub periods: Vec<String>,
    /// The headline table.
    pub table: Vec<TableRow>,
    /// Milestones per rollout.
    pub milestones: Vec<MilestoneRow>,
    /// The compliance target.
    pub compliance_target: f64,
    /// The year the distribution charts show.
    pub chart_year: i32,
    /// The charts.
    pub charts: ChartSet,
    /// Labelled assumptions.
    pub assumptions: Vec<AssumptionRow>,
    /// Result files beside the report (relative links).
    pub files: Vec<String>,
    /// How many zones the scenario has (the zone chart shows at most 40).
    #[serde(default)]
    pub zones_total: usize,
    /// Chinese names of zones, by English name, where the scenario gives them.
    #[serde(default)]
    pub names_zh: std::collections::BTreeMap<String, String>,
}

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
    let chart_year = years.get(y_idx).copied().unwrap_or_default();
    let name = |i: usize| scenario.rollouts[c.rollouts[i].index].name.clone();
    let base_name = name(c.baseline);
    let idx = |m: &str| c.layout.index(m);
    let std_min = minutes(scenario.standard_s);
    let get = |r: usize, p: usize, m: &str| -> Estimate {
        idx(m).map_or(
            Estimate {
                mean: f64::NAN,
                ci95: None,
            },
            |k| c.rollouts[r].agg.periods[p][k],
        )
    };
    let diff = |r: usize, p: usize, m: &str| -> Estimate {
        idx(m).map_or(
            Estimate {
                mean: f64::NAN,
                ci95: None,
            },
            |k| c.rollouts[r].diffs[p][k],
        )
    };
    let n_periods = years.len() + 1;
    const P90: &str = "first_arrival_from_dispatch_s.p90";
    const P50: &str = "first_arrival_from_dispatch_s.p50";
    const WITHIN: &str = "within_standard";

    let table = (0..c.rollouts.len())
        .map(|r| TableRow {
            rollout: name(r),
            description: scenario.rollouts[c.rollouts[r].index].description.clone(),
            description_zh: scenario.rollouts[c.rollouts[r].index]
                .description_zh
                .clone(),
            p90_s: (0..n_periods)
                .map(|p| Cell::new(get(r, p, P90), diff(r, p, P90)))
                .collect(),
            within: (0..n_periods)
                .map(|p| Cell::new(get(r, p, WITHIN), diff(r, p, WITHIN)))
                .collect(),
        })
        .collect();

    // 1. ECDF.
    let ecdf_series: Vec<EcdfSeries> = (0..c.rollouts.len())
        .map(|r| {
            let h = c.rollouts[r].pooled.from_dispatch(y_idx);
            EcdfSeries {
                name: name(r),
                values_s: h
                    .as_ref()
                    .map(|h| quantile_sample(h, 1_000))
                    .unwrap_or_default(),
                count: h.map(|h| h.len()),
            }
        })
        .collect();
    let ecdf = Captioned {
        stem: "1-ecdf".into(),
        caption: String::new(),
        chart: EcdfChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            series: ecdf_series,
            reference: Some(ReferenceLine {
                value: std_min,
                label: String::new(),
            }),
            x_max_min: Some(30.0),
            size: ChartSize::default(),
        },
    };

    // 2. Year by year.
    let band = |e: Estimate| {
        let [lo, hi] = e.ci95.unwrap_or([e.mean, e.mean]);
        (minutes(e.mean), minutes(lo), minutes(hi))
    };
    let years_chart = Captioned {
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
            series: (0..c.rollouts.len())
                .map(|r| YearBandSeries {
                    name: name(r),
                    points: years
                        .iter()
                        .enumerate()
                        .map(|(p, &year)| {
                            let (value, lower, upper) = band(get(r, p, P90));
                            YearBand {
                                year,
                                value,
                                lower,
                                upper,
                            }
                        })
                        .collect(),
                    secondary: years
                        .iter()
                        .enumerate()
                        .map(|(p, &year)| YearValue {
                            year,
                            value: minutes(get(r, p, P50).mean),
                        })
                        .collect(),
                })
                .collect(),
            size: ChartSize::default(),
        },
    };

    // 3. Compliance.
    let target = scenario.compliance_target;
    let compliance = Captioned {
        stem: "3-compliance".into(),
        caption: String::new(),
        chart: YearLineChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            series: (0..c.rollouts.len())
                .map(|r| YearLineSeries {
                    name: name(r),
                    points: years
                        .iter()
                        .enumerate()
                        .map(|(p, &year)| YearValue {
                            year,
                            value: get(r, p, WITHIN).mean,
                        })
                        .collect(),
                })
                .collect(),
            target: Some(ReferenceLine {
                value: target,
                label: String::new(),
            }),
            y_range_pct: Some((0.0, 100.0)),
            size: ChartSize::default(),
        },
    };

    // 4. Histogram, fire vs non-fire (baseline).
    let pooled = &base.pooled;
    let sample = |h: Option<&Histogram>| {
        (
            h.map(|h| quantile_sample(h, 2_000)).unwrap_or_default(),
            h.map(|h| h.len()),
        )
    };
    let (fire, fire_n) = sample(pooled.from_dispatch_fire.get(y_idx));
    let (non_fire, non_fire_n) = sample(pooled.from_dispatch_non_fire.get(y_idx));
    let histogram = Captioned {
        stem: "4-histogram".into(),
        caption: String::new(),
        chart: SplitHistogram {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            groups: vec![
                HistogramGroup {
                    name: String::new(),
                    values_s: fire,
                    count: fire_n,
                },
                HistogramGroup {
                    name: String::new(),
                    values_s: non_fire,
                    count: non_fire_n,
                },
            ],
            bin_width_min: 1.0,
            x_max_min: Some(30.0),
            layout: HistogramLayout::SideBySide,
            scale: HistogramScale::Percent,
            size: ChartSize::default(),
        },
    };

    // 5. Segments (mean of the first-arriving unit), up to four rollouts.
    let shown: Vec<usize> = std::iter::once(c.baseline)
        .chain((0..c.rollouts.len()).filter(|&r| r != c.baseline))
        .take(4)
        .collect();
    let seg = ["call_processing", "turnout", "travel"];
    let segments = Captioned {
        stem: "5-segments".into(),
        caption: String::new(),
        chart: StackedBars {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            categories: years.iter().map(|y| y.to_string()).collect(),
            segments: vec![String::new(); 3],
            groups: shown
                .iter()
                .map(|&r| StackGroup {
                    name: name(r),
                    short_label: String::new(),
                    values: (0..years.len())
                        .map(|p| {
                            seg.iter()
                                .map(|s| {
                                    minutes(get(r, p, &format!("segments_s.{s}")).mean).max(0.0)
                                })
                                .collect()
                        })
                        .collect(),
                })
                .collect(),
            size: ChartSize::default(),
        },
    };

    // 6. Staffing per month.
    let months: Vec<(f64, SimTime)> = {
        let cal = &scenario.calendar;
        let mut out = vec![];
        let mut d = cal.start;
        while d <= cal.end {
            use chrono::Datelike;
            let t = d.year() as f64 + d.month0() as f64 / 12.0;
            out.push((t, cal.time_of(d)));
            d = d
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(cal.end + chrono::Days::new(1));
        }
        out
    };
    let staffing_series: Vec<StaffingSeries> = (0..c.rollouts.len())
        .map(|r| {
            let ro = &scenario.rollouts[c.rollouts[r].index];
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
                name: name(r),
                on_duty,
                crewed_units: crewed,
            }
        })
        .collect();
    let staffing_chart = Captioned {
        stem: "6-staffing".into(),
        caption: String::new(),
        chart: StaffingTimeline {
            title: String::new(),
            x_label: String::new(),
            top_y_label: String::new(),
            bottom_y_label: String::new(),
            series: staffing_series,
            size: ChartSize {
                width: 900,
                height: 640,
            },
        },
    };

    // 7. Map (baseline at the end of the horizon).
    let ro = &scenario.rollouts[base.index];
    let end = scenario.calendar.horizon_end() - SimTime(1);
    let reach_budget = scenario.standard_s - scenario.turnout.mean_s();
    let map = Captioned {
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
            zone_outlines: vec![],
            roads: match scenario.travel.road_graph() {
                Some(g) => {
                    let xy = |v: u32| (g.pos[v as usize].x_km, g.pos[v as usize].y_km);
                    g.segments.iter().map(|s| [xy(s.a), xy(s.b)]).collect()
                }
                None => vec![],
            },
            stations: scenario
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
                .collect(),
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
            response_bins_min: vec![std_min, 8.0, 12.0],
            reach_label: String::new(),
            size: ChartSize {
                width: 900,
                height: 900,
            },
        },
    };

    // 8. p90 by zone: every zone, or the slowest 40 (under the baseline) in a big city.
    const MAX_ZONES: usize = 40;
    let zone_metric = |z: &str| format!("by_zone.{}.p90_from_dispatch_s", z.replace('.', "_"));
    let mut zone_idx: Vec<usize> = (0..scenario.zones.len()).collect();
    if zone_idx.len() > MAX_ZONES {
        let p90 = |z: usize| get(c.baseline, y_idx, &zone_metric(&scenario.zones[z].name)).mean;
        zone_idx.sort_by(|&a, &b| p90(b).total_cmp(&p90(a)).then(a.cmp(&b)));
        zone_idx.truncate(MAX_ZONES);
    }
    let zones = Captioned {
        stem: "8-zones".into(),
        caption: String::new(),
        chart: RankedBars {
            title: String::new(),
            x_label: String::new(),
            categories: zone_idx
                .iter()
                .map(|&z| scenario.zones[z].name.clone())
                .collect(),
            series: std::iter::once(c.baseline)
                .chain((0..c.rollouts.len()).filter(|&r| r != c.baseline))
                .take(4)
                .map(|r| RankedSeries {
                    name: name(r),
                    values: zone_idx
                        .iter()
                        .map(|&z| {
                            minutes(get(r, y_idx, &zone_metric(&scenario.zones[z].name)).mean)
                        })
                        .collect(),
                })
                .collect(),
            sort_by_series: 0,
            ascending: false,
            reference: Some(ReferenceLine {
                value: std_min,
                label: String::new(),
            }),
            size: ChartSize::default(),
        },
    };

    let mut data = ReportData {
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        description_zh: scenario.description_zh.clone(),
        seed: c.seed,
        replications: c.replications,
        firesim_version: env!("CARGO_PKG_VERSION").into(),
        baseline: base_name,
        standard_s: scenario.standard_s,
        periods: years
            .iter()
            .map(|y| y.to_string())
            .chain(std::iter::once(String::new()))
            .collect(),
        table,
        milestones: c
            .rollouts
            .iter()
            .enumerate()
            .map(|(r, x)| MilestoneRow {
                rollout: name(r),
                urban_core_p90: x.milestones.urban_core_p90_within_standard,
                compliance: x.milestones.compliance_target_reached,
                urban_core_p90_confident: x.milestones.urban_core_p90_within_standard_confident,
                compliance_confident: x.milestones.compliance_target_reached_confident,
            })
            .collect(),
        compliance_target: target,
        chart_year,
        charts: ChartSet {
            ecdf,
            years: years_chart,
            compliance,
            histogram,
            segments,
            staffing: staffing_chart,
            map,
            zones,
        },
        assumptions: scenario
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
            .collect(),
        files,
        zones_total: scenario.zones.len(),
        names_zh: scenario
            .zones
            .iter()
            .filter_map(|z| Some((z.name.clone(), z.name_zh.clone()?)))
            .collect(),
    };
    localize(&mut data, Lang::En);
    data
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
