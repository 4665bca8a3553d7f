//! Empirical cumulative distribution functions (x in minutes, y in percent).

use super::common::{
    Corner, LegendEntry, Marker, Occupied, draw_err, draw_path, draw_text_at, fmt_count, fmt_num,
    nice_ceil, place_legend, quantile, sorted_minutes, style_mesh, text_size, titled,
};
use super::output::Render;
use super::style::{
    Dash, GREY_REF, SMALL_SIZE, fill_in, series_color, series_dash, text_col, words,
};
use super::{ChartSize, EcdfChart, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Largest number of points drawn per curve; bigger samples are drawn
/// through this many evenly spaced quantiles.
const MAX_POINTS: usize = 1500;

/// The ECDF of sorted data as a polyline (x, percent), from 0 % at `x0`.
fn ecdf_points(sorted: &[f64], x0: f64) -> Vec<(f64, f64)> {
    let n = sorted.len();
    let mut pts = Vec::new();
    let Some(&first) = sorted.first() else {
        return pts;
    };
    pts.push((x0.min(first), 0.0));
    if n <= MAX_POINTS {
        // exact steps
        for (i, &x) in sorted.iter().enumerate() {
            pts.push((x, 100.0 * i as f64 / n as f64));
            pts.push((x, 100.0 * (i + 1) as f64 / n as f64));
        }
    } else {
        pts.push((first, 0.0));
        for k in 1..=MAX_POINTS {
            let q = k as f64 / MAX_POINTS as f64;
            if let Some(x) = quantile(sorted, q) {
                pts.push((x, 100.0 * q));
            }
        }
    }
    pts
}

/// Cut a monotone-in-x polyline at `x_max` (interpolating the last point).
fn clip_x(pts: &[(f64, f64)], x_max: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(pts.len());
    for (i, &(x, y)) in pts.iter().enumerate() {
        if x <= x_max {
            out.push((x, y));
            continue;
        }
        if let Some(&(px, py)) = i.checked_sub(1).and_then(|j| pts.get(j)) {
            if px < x_max && x > px {
                out.push((x_max, py + (y - py) * (x_max - px) / (x - px)));
            } else if px <= x_max {
                out.push((x_max, py));
            }
        }
        break;
    }
    out
}

impl Render for EcdfChart {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.series
            .iter()
            .any(|s| s.values_s.iter().any(|v| v.is_finite()))
    }
    fn validate(&self) -> Result<(), PlotError> {
        if let Some(x) = self.x_max_min
            && !(x.is_finite() && x > 0.0)
        {
            return Err(PlotError::InvalidData(format!(
                "ECDF x_max_min must be a positive number, got {x}"
            )));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let data: Vec<Vec<f64>> = self
            .series
            .iter()
            .map(|s| sorted_minutes(&s.values_s))
            .collect();
        let reference = self.reference.as_ref().filter(|r| r.value.is_finite());
        let x_max = match self.x_max_min {
            Some(x) => x,
            None => {
                let p99 = data
                    .iter()
                    .filter_map(|d| quantile(d, 0.99))
                    .fold(0.0, f64::max);
                let r = reference.map_or(0.0, |r| r.value * 1.3);
                nice_ceil(p99.max(r))
            }
        };
        let x_min = data
            .iter()
            .filter_map(|d| d.first().copied())
            .fold(0.0, f64::min);

        let area = titled(root, &self.title)?;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(8)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(x_min..x_max, 0.0..100.0)
            .map_err(draw_err)?;
        let xfmt = |v: &f64| fmt_num(*v);
        let yfmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .x_labels(12)
            .y_labels(11);
        mesh.draw().map_err(draw_err)?;

        let plot_px = chart.plotting_area().get_pixel_range();
        let mut occ = Occupied::default();
        let mut legend = Vec::new();

        if let Some(r) = reference
            && r.value > x_min
            && r.value < x_max
        {
            let pts = [(r.value, 0.0), (r.value, 100.0)];
            draw_path(chart.plotting_area(), &pts, GREY_REF, 2, Dash::Dashed)?;
            if !r.label.is_empty() {
                let (px, py) = chart.backend_coord(&(r.value, 100.0));
                let style = text_col(SMALL_SIZE, GREY_REF);
                let (tw, th) = text_size(root, &r.label, &style)?;
                let tx = if px + 6 + tw < plot_px.0.end {
                    px + 6
                } else {
                    px - 6 - tw
                };
                draw_text_at(root, &r.label, &style, (tx, py + 6), HPos::Left, VPos::Top)?;
                occ.add_rect((tx - 2, py + 4), (tx + tw + 2, py + 8 + th));
            }
            legend.push(LegendEntry::new(
                if r.label.is_empty() {
                    format!("{}{}", fmt_num(r.value), words().minutes_suffix)
                } else {
                    r.label.clone()
                },
                Marker::Line {
                    color: GREY_REF,
                    dash: Dash::Dashed,
                    width: 2,
                },
            ));
        }

        let mut series_entries = Vec::new();
        for (i, (s, d)) in self.series.iter().zip(&data).enumerate() {
            let color = series_color(i);
            let dash = series_dash(i);
            let pts = clip_x(&ecdf_points(d, x_min), x_max);
            draw_path(chart.plotting_area(), &pts, color, 2, dash)?;
            let px: Vec<(i32, i32)> = pts.iter().map(|p| chart.backend_coord(p)).collect();
            occ.add_polyline(&px);
            series_entries.push(LegendEntry::new(
                fill_in(
                    &words().count,
                    &[
                        ("name", &s.name),
                        ("n", &fmt_count(s.count.map_or(d.len(), |c| c as usize))),
                    ],
                ),
                Marker::Line {
                    color,
                    dash,
                    width: 2,
                },
            ));
        }
        series_entries.extend(legend);
        place_legend(
            root,
            &plot_px,
            &series_entries,
            &occ,
            &[
                Corner::LowerRight,
                Corner::UpperLeft,
                Corner::UpperRight,
                Corner::LowerLeft,
            ],
        )?;
        Ok(())
    }
}
