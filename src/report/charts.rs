//! The report's data: the eight charts of a comparison as plain chart structs (the `plot`
//! module draws them), the headline table, and a sentence per chart saying what it shows.
//!
//! Everything a report needs is in [`ReportData`], which is saved as `report_data.toml`
//! beside the results, so `firesim report DIR` can redraw the charts and the page without
//! simulating again. (TOML, not JSON: figures a rollout does not have are NaN, which TOML
//! writes as `nan` and reads back, and JSON cannot.)

use crate::compare::Comparison;
use crate::engine::SimTime;
use crate::plot::*;
use crate::scenario::{Grade, Scenario};
use crate::staffing;
use crate::stats::{Estimate, Histogram};
use crate::travel::{AnyTravel, TravelModel};
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
}

/// Everything the report page shows.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReportData {
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
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

pub(crate) fn grade_name(g: Grade) -> &'static str {
    match g {
        Grade::SpecialDuty => "special duty",
        Grade::FirstClass => "first class (national)",
        Grade::ProvincialFirst => "provincial first",
        Grade::ProvincialSecond => "provincial second",
        Grade::Other => "other",
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
    let share_at = |r: usize| get(r, y_idx, WITHIN).mean * 100.0;
    let best = (0..c.rollouts.len())
        .max_by(|&a, &b| share_at(a).total_cmp(&share_at(b)))
        .unwrap_or(0);
    let ecdf = Captioned {
        stem: "1-ecdf".into(),
        caption: format!(
            "How many incidents the first crew reaches within a given time of the dispatch \
             order in {chart_year}, one line per rollout (all replications pooled). The \
             dashed line is the {std_min:.0}-minute standard: under `{base_name}` {:.0}% of \
             incidents are reached within it; the highest share is `{}`'s {:.0}%.",
            share_at(c.baseline),
            name(best),
            share_at(best)
        ),
        chart: EcdfChart {
            title: format!("First arrival after the dispatch order, {chart_year}"),
            x_label: "Minutes from dispatch order to first unit on scene".into(),
            y_label: "Incidents reached (%)".into(),
            series: ecdf_series,
            reference: Some(ReferenceLine {
                value: std_min,
                label: format!("{std_min:.0}-minute standard"),
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
        caption: format!(
            "The 90th percentile of the time from dispatch order to first arrival, year by \
             year (solid, with its 95% interval over {} replications shaded) and the median \
             (dashed). Under `{base_name}` the p90 goes from {:.1} min in {} to {:.1} min in {}.",
            c.replications,
            minutes(get(c.baseline, 0, P90).mean),
            years.first().copied().unwrap_or_default(),
            minutes(get(c.baseline, years.len().saturating_sub(1), P90).mean),
            years.last().copied().unwrap_or_default(),
        ),
        chart: YearBandChart {
            title: "90th-percentile first arrival after the dispatch order".into(),
            x_label: "Year".into(),
            y_label: "Minutes".into(),
            primary_label: "90th percentile".into(),
            band_label: "95% interval".into(),
            secondary_label: "median".into(),
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
        caption: format!(
            "Share of incidents whose first unit arrives within {std_min:.0} minutes of the \
             dispatch order, per year and rollout; the horizontal line is the {:.0}% target. \
             Under `{base_name}` the share is {:.0}% in {} and {:.0}% in {}.",
            target * 100.0,
            get(c.baseline, 0, WITHIN).mean * 100.0,
            years.first().copied().unwrap_or_default(),
            get(c.baseline, years.len().saturating_sub(1), WITHIN).mean * 100.0,
            years.last().copied().unwrap_or_default(),
        ),
        chart: YearLineChart {
            title: format!("Incidents reached within {std_min:.0} minutes of the dispatch order"),
            x_label: "Year".into(),
            y_label: "Incidents (%)".into(),
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
                label: format!("{:.0}% target", target * 100.0),
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
    let median = |v: &[f64]| v.get(v.len() / 2).copied().unwrap_or(f64::NAN);
    let histogram = Captioned {
        stem: "4-histogram".into(),
        caption: format!(
            "Distribution of the time from dispatch order to first arrival under \
             `{base_name}` in {chart_year}, fires and non-fire incidents separately (each in \
             percent of its own incidents). Medians: fires {:.1} min, non-fire {:.1} min.",
            minutes(median(&fire)),
            minutes(median(&non_fire))
        ),
        chart: SplitHistogram {
            title: format!("First arrival after the dispatch order, `{base_name}`, {chart_year}"),
            x_label: "Minutes".into(),
            y_label: "Share of incidents (%)".into(),
            groups: vec![
                HistogramGroup {
                    name: "Fire".into(),
                    values_s: fire,
                    count: fire_n,
                },
                HistogramGroup {
                    name: "Non-fire".into(),
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
        caption: format!(
            "Where the time goes: mean call processing (call to dispatch order), turnout and \
             travel of the first unit on scene, per year{}. Under `{base_name}` travel is \
             {:.1} of the {:.1} minutes in {}.",
            if shown.len() < c.rollouts.len() {
                format!(" (the first {} rollouts)", shown.len())
            } else {
                String::new()
            },
            minutes(
                get(
                    c.baseline,
                    years.len().saturating_sub(1),
                    "segments_s.travel"
                )
                .mean
            ),
            minutes(
                seg.iter()
                    .map(|s| get(
                        c.baseline,
                        years.len().saturating_sub(1),
                        &format!("segments_s.{s}")
                    )
                    .mean)
                    .sum::<f64>()
            ),
            years.last().copied().unwrap_or_default(),
        ),
        chart: StackedBars {
            title: "Segments of the first response (means)".into(),
            x_label: "Year".into(),
            y_label: "Minutes".into(),
            categories: years.iter().map(|y| y.to_string()).collect(),
            segments: vec!["Call processing".into(), "Turnout".into(), "Travel".into()],
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
    let last_crewed = |r: usize| {
        staffing_series[r]
            .crewed_units
            .last()
            .map_or(0.0, |v| v.value)
    };
    let staffing_chart = Captioned {
        stem: "6-staffing".into(),
        caption: format!(
            "Firefighters on duty at any moment (top) and the units they can crew (bottom), \
             month by month, per rollout: the staffing each simulation plays against. \
             `{base_name}` ends with {:.0} crewed units.",
            last_crewed(c.baseline)
        ),
        chart: StaffingTimeline {
            title: "Staffing over the horizon".into(),
            x_label: "Year".into(),
            top_y_label: "On-duty firefighters".into(),
            bottom_y_label: "Crewed units".into(),
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
        caption: format!(
            "The district in projected kilometres: zone seats (crosses), stations sized by \
             their headcount at the end of the horizon under `{base_name}` and coloured by \
             grade, the area each crewed station reaches within the {std_min:.0}-minute \
             standard (mean turnout plus estimated travel; circles), and the incidents of one \
             replication of {chart_year} coloured by the time from dispatch order to first \
             arrival."
        ),
        chart: MapChart {
            title: format!("Stations, {std_min:.0}-minute reach and incidents, `{base_name}`"),
            x_label: "East (km)".into(),
            y_label: "North (km)".into(),
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
            roads: match &scenario.travel {
                AnyTravel::Network(n) => {
                    let g = n.graph();
                    let xy = |v: u32| (g.pos[v as usize].x_km, g.pos[v as usize].y_km);
                    g.segments.iter().map(|s| [xy(s.a), xy(s.b)]).collect()
                }
                _ => vec![],
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
                        grade: grade_name(st.grade).into(),
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
            reach_label: format!("{std_min:.0}-minute reach"),
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
    let zone_note = if zone_idx.len() < scenario.zones.len() {
        format!(
            " Only the {MAX_ZONES} slowest of {} zones are shown.",
            scenario.zones.len()
        )
    } else {
        String::new()
    };
    let zones = Captioned {
        stem: "8-zones".into(),
        caption: format!(
            "The 90th percentile of the time from dispatch order to first arrival in each \
             zone in {chart_year}, per rollout, sorted by `{base_name}`; the line is the \
             {std_min:.0}-minute standard. Zone figures come from 10-second histograms.{zone_note}"
        ),
        chart: RankedBars {
            title: format!("90th-percentile first arrival by zone, {chart_year}"),
            x_label: "Minutes from dispatch order".into(),
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
                label: format!("{std_min:.0}-minute standard"),
            }),
            size: ChartSize::default(),
        },
    };

    ReportData {
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        seed: c.seed,
        replications: c.replications,
        firesim_version: env!("CARGO_PKG_VERSION").into(),
        baseline: base_name,
        standard_s: scenario.standard_s,
        periods: years
            .iter()
            .map(|y| y.to_string())
            .chain(std::iter::once("all years".to_string()))
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
            })
            .collect(),
        files,
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
        });
        let text = toml::to_string(&d).unwrap();
        let back: ReportData = toml::from_str(&text).unwrap();
        let c = &back.table[0].p90_s[0];
        assert!(c.mean.is_nan() && c.lo.is_nan() && c.hi == 3.0 && c.diff == f64::INFINITY);
        assert_eq!(back.milestones[0].compliance, Some(2024));
        assert_eq!(back.milestones[0].urban_core_p90, None);
    }
}
