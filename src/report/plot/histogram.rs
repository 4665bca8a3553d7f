//! Histogram of times (seconds in, minutes on the axis) for two or more
//! groups, bars side by side or overlaid semi-transparently.

use super::common::{
    ALL_CORNERS, LegendEntry, Marker, Occupied, draw_err, fill, fmt_count, fmt_num, nice_ceil,
    place_legend, quantile, sorted_minutes, stroke, style_mesh, titled,
};
use super::output::Render;
use super::style::{fill_color, fill_in, words};
use super::{ChartSize, HistogramLayout, HistogramScale, PlotError, SplitHistogram};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most bins accepted (a guard against a tiny bin width).
const MAX_BINS: f64 = 2000.0;

impl Render for SplitHistogram {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.values_s.iter().any(|v| v.is_finite()))
    }
    fn validate(&self) -> Result<(), PlotError> {
        let w = self.bin_width_min;
        if !(w.is_finite() && w > 0.0) {
            return Err(PlotError::InvalidData(format!(
                "histogram bin_width_min must be a positive number, got {w}"
            )));
        }
        if let Some(x) = self.x_max_min {
            if !(x.is_finite() && x > 0.0) {
                return Err(PlotError::InvalidData(format!(
                    "histogram x_max_min must be a positive number, got {x}"
                )));
            }
            if x / w > MAX_BINS {
                return Err(PlotError::InvalidData(format!(
                    "histogram would have more than {MAX_BINS} bins (x_max {x} min, bin width {w} min)"
                )));
            }
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let bw = self.bin_width_min;
        let data: Vec<Vec<f64>> = self
            .groups
            .iter()
            .map(|g| {
                sorted_minutes(&g.values_s)
                    .into_iter()
                    .filter(|v| *v >= 0.0)
                    .collect()
            })
            .collect();
        let x_max = match self.x_max_min {
            Some(x) => x,
            None => {
                let p99 = data
                    .iter()
                    .filter_map(|d| quantile(d, 0.99))
                    .fold(bw, f64::max);
                nice_ceil(p99).min(bw * MAX_BINS)
            }
        };
        let n_bins = ((x_max / bw).ceil() as usize).max(1);
        let x_end = n_bins as f64 * bw;

        // heights[g][b]
        let mut beyond = vec![0usize; data.len()];
        let heights: Vec<Vec<f64>> = data
            .iter()
            .enumerate()
            .map(|(gi, d)| {
                let mut counts = vec![0usize; n_bins];
                for &v in d {
                    let b = (v / bw).floor() as usize;
                    match counts.get_mut(b) {
                        Some(c) => *c += 1,
                        None => beyond[gi] += 1,
                    }
                }
                let total = d.len().max(1) as f64;
                counts
                    .into_iter()
                    .map(|c| match self.scale {
                        HistogramScale::Percent => 100.0 * c as f64 / total,
                        HistogramScale::Count => c as f64,
                    })
                    .collect()
            })
            .collect();
        let h_max = heights.iter().flatten().copied().fold(0.0, f64::max);
        let y_top = nice_ceil(h_max * 1.08);

        let area = titled(root, &self.title)?;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(8)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(0.0..x_end, 0.0..y_top)
            .map_err(draw_err)?;
        let xfmt = |v: &f64| fmt_num(*v);
        let yfmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .x_labels(16)
            .y_labels(8)
            .disable_x_mesh();
        mesh.draw().map_err(draw_err)?;

        let plot_px = chart.plotting_area().get_pixel_range();
        let mut occ = Occupied::default();
        let ng = data.len().max(1);
        let (alpha, outline) = match self.layout {
            HistogramLayout::SideBySide => (0.9, false),
            HistogramLayout::Overlaid => (0.45, true),
        };
        for (gi, h) in heights.iter().enumerate() {
            let color = fill_color(gi);
            for (b, &v) in h.iter().enumerate() {
                if v <= 0.0 {
                    continue;
                }
                let left = b as f64 * bw;
                let (x0, x1) = match self.layout {
                    HistogramLayout::SideBySide => {
                        let inner = bw * 0.9;
                        let w = inner / ng as f64;
                        let x0 = left + bw * 0.05 + gi as f64 * w;
                        (x0, x0 + w)
                    }
                    HistogramLayout::Overlaid => (left, left + bw),
                };
                let rect = [(x0, 0.0), (x1, v.min(y_top))];
                chart
                    .plotting_area()
                    .draw(&Rectangle::new(rect, fill(color, alpha)))
                    .map_err(draw_err)?;
                if outline {
                    chart
                        .plotting_area()
                        .draw(&Rectangle::new(rect, stroke(color, 1)))
                        .map_err(draw_err)?;
                }
                occ.add_rect(chart.backend_coord(&rect[0]), chart.backend_coord(&rect[1]));
            }
        }

        let entries: Vec<LegendEntry> = self
            .groups
            .iter()
            .zip(&data)
            .enumerate()
            .map(|(gi, (g, d))| {
                // Values that summarise a larger sample stand for `count / len` each.
                let n = g.count.map_or(d.len(), |c| c as usize);
                let per_value = n as f64 / d.len().max(1) as f64;
                let hidden = (beyond[gi] as f64 * per_value).round() as usize;
                let w = words();
                let mut label = fill_in(&w.count, &[("name", &g.name), ("n", &fmt_count(n))]);
                if hidden > 0 {
                    label.push_str(&fill_in(
                        &w.not_shown,
                        &[("n", &fmt_count(hidden)), ("x", &fmt_num(x_end))],
                    ));
                }
                LegendEntry::new(
                    label,
                    Marker::Box {
                        color: fill_color(gi),
                        alpha,
                    },
                )
            })
            .collect();
        place_legend(root, &plot_px, &entries, &occ, &ALL_CORNERS)?;
        Ok(())
    }
}
