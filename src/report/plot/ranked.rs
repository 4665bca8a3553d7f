//! Horizontal bars per category (e.g. zone), sorted by one series' value,
//! one bar per series within each category, with an optional vertical
//! reference line. Long category names are measured and, if needed,
//! shortened with "…"; the image grows taller when there are many bars.

use super::common::{
    Corner, KeyAxis, LegendEntry, Marker, Occupied, draw_err, draw_path, draw_text_at, fill,
    fit_text, fmt_num, nice_ceil, place_legend, style_mesh, text_size, titled,
};
use super::output::Render;
use super::style::{Dash, GREY_REF, SMALL_SIZE, TICK_SIZE, series_color, text, text_col};
use super::{ChartSize, PlotError, RankedBars};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Minimum bar thickness and gap between categories, in pixels.
const MIN_BAR_PX: u32 = 7;
const CATEGORY_GAP_PX: u32 = 8;
/// Pixels used by title, x axis and margins.
const CHROME_PX: u32 = 130;

impl RankedBars {
    /// Category indices in display order (top first).
    fn order(&self) -> Vec<usize> {
        let key = |i: usize| {
            self.series
                .get(self.sort_by_series)
                .and_then(|s| s.values.get(i))
                .copied()
                .filter(|v| v.is_finite())
        };
        let mut idx: Vec<usize> = (0..self.categories.len()).collect();
        idx.sort_by(|&a, &b| match (key(a), key(b)) {
            (Some(x), Some(y)) => {
                if self.ascending {
                    x.total_cmp(&y)
                } else {
                    y.total_cmp(&x)
                }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(&b),
        });
        idx
    }
}

impl Render for RankedBars {
    fn size(&self) -> ChartSize {
        let per_cat = self.series.len().max(1) as u32 * MIN_BAR_PX + CATEGORY_GAP_PX;
        let need = CHROME_PX + per_cat * self.categories.len() as u32;
        ChartSize {
            width: self.size.width,
            height: self.size.height.max(need.min(8000)),
        }
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        !self.categories.is_empty()
            && self
                .series
                .iter()
                .any(|s| s.values.iter().any(|v| v.is_finite()))
    }
    fn validate(&self) -> Result<(), PlotError> {
        for s in &self.series {
            if s.values.len() != self.categories.len() {
                return Err(PlotError::InvalidData(format!(
                    "ranked bars series '{}' has {} values, expected one per category ({})",
                    s.name,
                    s.values.len(),
                    self.categories.len()
                )));
            }
        }
        if !self.series.is_empty() && self.sort_by_series >= self.series.len() {
            return Err(PlotError::InvalidData(format!(
                "ranked bars sort_by_series {} but only {} series",
                self.sort_by_series,
                self.series.len()
            )));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let order = self.order();
        let nc = order.len();
        let ns = self.series.len().max(1);
        let v_max = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let v_min = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min);
        let r_val = self
            .reference
            .as_ref()
            .map(|r| r.value)
            .filter(|v| v.is_finite());
        let x_hi = nice_ceil(v_max.max(r_val.unwrap_or(0.0)) * 1.05);
        let x_lo = if v_min < 0.0 {
            -nice_ceil(-v_min * 1.05)
        } else {
            0.0
        };

        // Category labels: measured, cut to at most 38 % of the width.
        let (w, _) = root.dim_in_pixel();
        let tick = text(TICK_SIZE);
        let max_label = (w as f64 * 0.38) as i32;
        let mut labels = Vec::with_capacity(nc);
        let mut widest = 0;
        for &i in &order {
            let name = self.categories.get(i).map_or("", |s| s.as_str());
            let shown = fit_text(root, name, &tick, max_label)?;
            widest = widest.max(text_size(root, &shown, &tick)?.0);
            labels.push(shown);
        }

        // y: category at display rank r is centred at nc - r - 0.5
        let centers: Vec<f64> = (0..nc).map(|r| r as f64 + 0.5).collect();
        let area = titled(root, &self.title)?;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(if self.reference.is_some() { 24 } else { 8 })
            .margin_right(28)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size((widest + 14).max(40) as u32)
            .build_cartesian_2d(x_lo..x_hi, KeyAxis::new(0.0..nc as f64, centers))
            .map_err(draw_err)?;
        let xfmt = |v: &f64| fmt_num(*v);
        let yfmt = |v: &f64| {
            let rank = nc as f64 - 0.5 - v;
            if rank >= -0.01 {
                labels
                    .get(rank.round() as usize)
                    .cloned()
                    .unwrap_or_default()
            } else {
                String::new()
            }
        };
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, "");
        mesh.x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .x_labels(10)
            .disable_y_mesh();
        mesh.draw().map_err(draw_err)?;

        let plot_px = chart.plotting_area().get_pixel_range();
        let mut occ = Occupied::default();
        let slot = 0.8 / ns as f64;
        for (rank, &ci) in order.iter().enumerate() {
            let top = nc as f64 - rank as f64 - 0.1;
            for (si, s) in self.series.iter().enumerate() {
                let Some(v) = s.values.get(ci).copied().filter(|v| v.is_finite()) else {
                    continue;
                };
                let y_hi = top - slot * si as f64 - slot * 0.06;
                let y_lo = top - slot * (si + 1) as f64 + slot * 0.06;
                let rect = [(0.0f64.max(x_lo), y_lo), (v.clamp(x_lo, x_hi), y_hi)];
                chart
                    .plotting_area()
                    .draw(&Rectangle::new(rect, fill(series_color(si), 0.9)))
                    .map_err(draw_err)?;
                occ.add_rect(chart.backend_coord(&rect[0]), chart.backend_coord(&rect[1]));
            }
        }

        let mut entries: Vec<LegendEntry> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                LegendEntry::new(
                    s.name.clone(),
                    Marker::Box {
                        color: series_color(i),
                        alpha: 0.9,
                    },
                )
            })
            .collect();
        if let Some(r) = self.reference.as_ref().filter(|r| r.value.is_finite()) {
            let pts = [(r.value, 0.0), (r.value, nc as f64)];
            draw_path(chart.plotting_area(), &pts, GREY_REF, 2, Dash::Dashed)?;
            let (px, py) = chart.backend_coord(&(r.value, nc as f64));
            occ.add_polyline(&[(px, py), (px, plot_px.1.end)]);
            if !r.label.is_empty() {
                let style = text_col(SMALL_SIZE, GREY_REF);
                let (tw, _) = text_size(root, &r.label, &style)?;
                let (x, h) = if px + 4 + tw < plot_px.0.end {
                    (px + 4, HPos::Left)
                } else {
                    (px - 4, HPos::Right)
                };
                draw_text_at(root, &r.label, &style, (x, py - 4), h, VPos::Bottom)?;
            }
            entries.push(LegendEntry::new(
                if r.label.is_empty() {
                    fmt_num(r.value)
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
        place_legend(
            root,
            &plot_px,
            &entries,
            &occ,
            &[
                Corner::LowerRight,
                Corner::UpperRight,
                Corner::LowerLeft,
                Corner::UpperLeft,
            ],
        )?;
        Ok(())
    }
}
