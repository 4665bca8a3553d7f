//! Every text of the report's data (chart titles, axes, legends, captions, the "all years"
//! column) written from the message catalogue ([`super::i18n`]) in one language, from the
//! figures the data already holds. `report_data` calls it in English; `firesim report
//! --lang zh` calls it again on a saved `report_data.toml`, so a report can be redrawn in
//! another language without simulating again.

use super::data::ReportData;
use super::i18n::{GRADES, Lang, Msg};

fn minutes(s: f64) -> f64 {
    s / 60.0
}

/// The facts the captions quote, read back from the data.
struct Facts {
    years: Vec<i32>,
    /// Row of the baseline in the table (and series index in the per-rollout charts).
    b: usize,
    /// Column of the chart year.
    y_idx: usize,
    std_min: String,
}

impl Facts {
    fn of(d: &ReportData) -> Facts {
        let years: Vec<i32> = d
            .periods
            .iter()
            .take(d.periods.len().saturating_sub(1))
            .filter_map(|p| p.parse().ok())
            .collect();
        let y_idx = years
            .iter()
            .position(|&y| y == d.chart_year)
            .unwrap_or(years.len().saturating_sub(1));
        Facts {
            b: d.table
                .iter()
                .position(|r| r.rollout == d.baseline)
                .unwrap_or(0),
            y_idx,
            std_min: format!("{:.0}", minutes(d.standard_s)),
            years,
        }
    }

    fn first_year(&self) -> i32 {
        self.years.first().copied().unwrap_or_default()
    }

    fn last_year(&self) -> i32 {
        self.years.last().copied().unwrap_or_default()
    }

    fn last(&self) -> usize {
        self.years.len().saturating_sub(1)
    }
}

/// Rewrite every text of `d` in `lang`. `d` holds English names (as `report_data` makes
/// them and `report_data.toml` keeps them); zone names become Chinese where the scenario
/// gives them.
pub fn localize(d: &mut ReportData, lang: Lang) {
    let f = Facts::of(d);
    if let Some(last) = d.periods.last_mut() {
        *last = Msg::AllYears.text(lang);
    }
    distribution_charts(d, &f, lang);
    yearly_charts(d, &f, lang);
    place_charts(d, &f, lang);
    cost_chart(d, lang);
    rollout_names(d, lang);
}

/// 9. cost against the all-years p90.
fn cost_chart(d: &mut ReportData, lang: Lang) {
    let t = |m: Msg| m.text(lang);
    let base = d.rollout_name(&d.baseline, lang);
    let cur = d.currency.clone();
    let Some(c) = d.charts.cost.as_mut() else {
        return;
    };
    let infeasible = c.chart.points.iter().filter(|p| !p.feasible).count();
    c.caption = t(Msg::CostChartCaption {
        base: &base,
        infeasible: &infeasible,
    });
    c.chart.title = t(Msg::CostChartTitle);
    c.chart.x_label = t(Msg::CostTotal { cur: &cur });
    c.chart.y_label = t(Msg::CostChartY);
    c.chart.legend = [
        t(Msg::QuadrantBaseline),
        t(Msg::CostChartFeasible),
        t(Msg::CostChartInfeasible),
        t(Msg::StateOfTheWorld),
    ];
}

/// Every chart's rollout series under the rollout's display name in `lang` (the tables
/// keep the names; their writers ask [`ReportData::rollout_name`]).
fn rollout_names(d: &mut ReportData, lang: Lang) {
    if lang == Lang::En || d.rollout_names_zh.is_empty() {
        return;
    }
    let names = d.rollout_names_zh.clone();
    let rename = |n: &mut String| {
        if let Some(z) = names.get(n.as_str()) {
            *n = z.clone();
        }
    };
    let c = &mut d.charts;
    c.ecdf
        .chart
        .series
        .iter_mut()
        .for_each(|s| rename(&mut s.name));
    c.years
        .chart
        .series
        .iter_mut()
        .for_each(|s| rename(&mut s.name));
    let comp = &mut c.compliance.chart.series;
    comp.iter_mut().for_each(|s| rename(&mut s.name));
    let seg = &mut c.segments.chart.groups;
    seg.iter_mut().for_each(|g| rename(&mut g.name));
    let st = &mut c.staffing.chart.series;
    st.iter_mut().for_each(|s| rename(&mut s.name));
    c.zones
        .chart
        .series
        .iter_mut()
        .for_each(|s| rename(&mut s.name));
    if let Some(cost) = c.cost.as_mut() {
        cost.chart
            .points
            .iter_mut()
            .for_each(|p| rename(&mut p.name));
    }
}

/// A cell's mean, or NaN when the table has no such cell.
fn mean(d: &ReportData, row: usize, col: usize, p90: bool) -> f64 {
    d.table.get(row).map_or(f64::NAN, |r| {
        let cells = if p90 { &r.p90_s } else { &r.within };
        cells.get(col).map_or(f64::NAN, |c| c.mean)
    })
}

/// 1. ECDF and 4. histogram.
fn distribution_charts(d: &mut ReportData, f: &Facts, lang: Lang) {
    let t = |m: Msg| m.text(lang);
    let base = d.rollout_name(&d.baseline, lang);
    let (std_min, year) = (f.std_min.as_str(), d.chart_year);
    let share_at = |r: usize| mean(d, r, f.y_idx, false) * 100.0;
    // The highest share among the feasible decisions (states of the world and rollouts
    // that break a constraint are not candidates), else among all.
    let feasible = |name: &str| d.economics.iter().all(|e| e.rollout != name || e.feasible);
    let candidates: Vec<usize> = (0..d.table.len())
        .filter(|&r| !d.table[r].world && feasible(&d.table[r].rollout))
        .collect();
    let best = candidates
        .iter()
        .copied()
        .max_by(|&a, &b| share_at(a).total_cmp(&share_at(b)))
        .or_else(|| (0..d.table.len()).max_by(|&a, &b| share_at(a).total_cmp(&share_at(b))))
        .unwrap_or(0);
    let best_name = d
        .table
        .get(best)
        .map_or(String::new(), |r| d.rollout_name(&r.rollout, lang));
    let (base_pct, best_pct) = (
        format!("{:.0}", share_at(f.b)),
        format!("{:.0}", share_at(best)),
    );
    let ecdf = &mut d.charts.ecdf;
    ecdf.caption = t(Msg::EcdfCaption {
        year: &year,
        std_min: &std_min,
        base: &base,
        base_pct: &base_pct,
        best: &best_name,
        best_pct: &best_pct,
    });
    ecdf.chart.title = t(Msg::EcdfTitle { year: &year });
    ecdf.chart.x_label = t(Msg::EcdfX);
    ecdf.chart.y_label = t(Msg::EcdfY);
    if let Some(r) = ecdf.chart.reference.as_mut() {
        r.label = t(Msg::StandardLine { std_min: &std_min });
    }

    let h = &mut d.charts.histogram;
    let median = |g: usize| {
        h.chart.groups.get(g).map_or(f64::NAN, |g| {
            let v = &g.values_s;
            v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
        })
    };
    h.caption = t(Msg::HistogramCaption {
        base: &base,
        year: &year,
        fire: &format!("{:.1}", minutes(median(0))),
        non_fire: &format!("{:.1}", minutes(median(1))),
    });
    h.chart.title = t(Msg::HistogramTitle {
        base: &base,
        year: &year,
    });
    h.chart.x_label = t(Msg::Minutes);
    h.chart.y_label = t(Msg::ShareOfIncidents);
    for (g, m) in h.chart.groups.iter_mut().zip([Msg::Fire, Msg::NonFire]) {
        g.name = t(m);
    }
}

/// 2. p90 by year, 3. compliance, 5. segments, 6. staffing.
fn yearly_charts(d: &mut ReportData, f: &Facts, lang: Lang) {
    let t = |m: Msg| m.text(lang);
    let (base, std_min) = (d.rollout_name(&d.baseline, lang), f.std_min.as_str());
    let p90_min = |col: usize| format!("{:.1}", minutes(mean(d, f.b, col, true)));
    let within_pct = |col: usize| format!("{:.0}", mean(d, f.b, col, false) * 100.0);
    let (first_year, last_year) = (f.first_year(), f.last_year());
    let (p90_first, p90_last) = (p90_min(0), p90_min(f.last()));
    let (within_first, within_last) = (within_pct(0), within_pct(f.last()));
    let (reps, n_rows) = (d.replications, d.table.len());

    let years = &mut d.charts.years;
    years.caption = t(Msg::YearsCaption {
        reps: &reps,
        base: &base,
        first: &p90_first,
        first_year: &first_year,
        last: &p90_last,
        last_year: &last_year,
    });
    years.chart.title = t(Msg::YearsTitle);
    years.chart.x_label = t(Msg::Year);
    years.chart.y_label = t(Msg::Minutes);
    years.chart.primary_label = t(Msg::P90);
    years.chart.band_label = t(Msg::Interval95);
    years.chart.secondary_label = t(Msg::Median);

    let target_pct = format!("{:.0}", d.compliance_target * 100.0);
    let comp = &mut d.charts.compliance;
    comp.caption = t(Msg::ComplianceCaption {
        std_min: &std_min,
        target_pct: &target_pct,
        base: &base,
        first: &within_first,
        first_year: &first_year,
        last: &within_last,
        last_year: &last_year,
    });
    comp.chart.title = t(Msg::ComplianceTitle { std_min: &std_min });
    comp.chart.x_label = t(Msg::Year);
    comp.chart.y_label = t(Msg::IncidentsPct);
    if let Some(r) = comp.chart.target.as_mut() {
        r.label = t(Msg::TargetLine { pct: &target_pct });
    }

    let seg = &mut d.charts.segments;
    let last_bars: Vec<f64> = seg
        .chart
        .groups
        .first()
        .and_then(|g| g.values.get(f.last()))
        .cloned()
        .unwrap_or_default();
    let first_n = if seg.chart.groups.len() < n_rows {
        t(Msg::SegmentsFirstN {
            n: &seg.chart.groups.len(),
        })
    } else {
        String::new()
    };
    seg.caption = t(Msg::SegmentsCaption {
        first_n: &first_n,
        base: &base,
        travel: &format!("{:.1}", last_bars.get(2).copied().unwrap_or(f64::NAN)),
        total: &format!("{:.1}", last_bars.iter().sum::<f64>()),
        year: &last_year,
    });
    seg.chart.title = t(Msg::SegmentsTitle);
    seg.chart.x_label = t(Msg::Year);
    seg.chart.y_label = t(Msg::Minutes);
    seg.chart.segments = [Msg::CallProcessing, Msg::Turnout, Msg::Travel]
        .into_iter()
        .map(t)
        .collect();

    let st = &mut d.charts.staffing;
    let units = st
        .chart
        .series
        .get(f.b)
        .and_then(|s| s.crewed_units.last())
        .map_or(0.0, |v| v.value);
    st.caption = t(Msg::StaffingCaption {
        base: &base,
        units: &format!("{units:.0}"),
    });
    st.chart.title = t(Msg::StaffingTitle);
    st.chart.x_label = t(Msg::Year);
    st.chart.top_y_label = t(Msg::OnDuty);
    st.chart.bottom_y_label = t(Msg::CrewedUnits);
}

/// 7. map and 8. zones.
fn place_charts(d: &mut ReportData, f: &Facts, lang: Lang) {
    let t = |m: Msg| m.text(lang);
    let base = d.rollout_name(&d.baseline, lang);
    let (std_min, year) = (f.std_min.as_str(), d.chart_year);
    let zone_name = |n: &str| match lang {
        Lang::Zh => d.names_zh.get(n).cloned().unwrap_or_else(|| n.to_string()),
        Lang::En => n.to_string(),
    };

    let map = &mut d.charts.map;
    map.caption = t(Msg::MapCaption {
        base: &base,
        std_min: &std_min,
        year: &year,
    });
    map.chart.title = t(Msg::MapTitle {
        std_min: &std_min,
        base: &base,
    });
    map.chart.x_label = t(Msg::East);
    map.chart.y_label = t(Msg::North);
    map.chart.reach_label = t(Msg::Reach { std_min: &std_min });
    for s in &mut map.chart.stations {
        if let Some(g) = GRADES
            .iter()
            .find(|&&g| Msg::grade(g).text(Lang::En) == s.grade)
        {
            s.grade = t(Msg::grade(*g));
        }
    }
    for z in &mut map.chart.zone_seats {
        z.name = zone_name(&z.name);
    }
    for a in &mut map.chart.neighbours {
        a.name = zone_name(&a.name);
    }

    let zones = &mut d.charts.zones;
    let shown = zones.chart.categories.len();
    let note = if shown < d.zones_total {
        t(Msg::ZonesNote {
            shown: &shown,
            total: &d.zones_total,
        })
    } else {
        String::new()
    };
    zones.caption = t(Msg::ZonesCaption {
        year: &year,
        base: &base,
        std_min: &std_min,
        note: &note,
    });
    zones.chart.title = t(Msg::ZonesTitle { year: &year });
    zones.chart.x_label = t(Msg::ZonesX);
    if let Some(r) = zones.chart.reference.as_mut() {
        r.label = t(Msg::StandardLine { std_min: &std_min });
    }
    for c in &mut zones.chart.categories {
        *c = zone_name(c);
    }
}
