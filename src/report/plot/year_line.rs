//! Yearly shares (fractions, drawn as percent) per series with a
//! horizontal target line, e.g. the share of incidents reached within
//! 5 minutes per year and rollout against a 90 % target.

use super::common::{
    ALL_CORNERS, KeyAxis, LegendEntry, Marker, Occupied, draw_err, draw_path, draw_text_at, fill,
    finite_min_max, fmt_num, fmt_year, place_legend, style_mesh, text_size, titled,
    year_key_points,
};
use super::output::Render;
use super::style::{Dash, GREY_REF, SMALL_SIZE, series_color, series_dash, text_col};
use super::{ChartSize, PlotError, YearLineChart};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

impl Render for YearLineChart {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.series
            .iter()
            .any(|s| s.points.iter().any(|p| p.value.is_finite()))
    }
    fn validate(&self) -> Result<(), PlotError> {
        if let Some((a, b)) = self.y_range_pct
            && !(a.is_finite() && b.is_finite() && a < b)
        {
            return Err(PlotError::InvalidData(format!(
                "y_range_pct must be an increasing pair of numbers, got ({a}, {b})"
            )));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let years = self.series.iter().flat_map(|s| {
            s.points
                .iter()
                .filter(|p| p.value.is_finite())
                .map(|p| p.year as f64)
        });
        let (y0, y1) = finite_min_max(years).unwrap_or((2020.0, 2021.0));
        let (lo, hi) = self.y_range_pct.unwrap_or((0.0, 100.0));

        let area = titled(root, &self.title)?;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(8)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(
                KeyAxis::new((y0 - 0.35)..(y1 + 0.35), year_key_points(y0, y1)),
                lo..hi,
            )
            .map_err(draw_err)?;
        let xfmt = |v: &f64| fmt_year(*v);
        let yfmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .y_labels(11)
            .disable_x_mesh();
        mesh.draw().map_err(draw_err)?;

        let plot_px = chart.plotting_area().get_pixel_range();
        let mut occ = Occupied::default();
        let mut entries = Vec::new();
        let clamp = |v: f64| v.clamp(lo, hi);

        for (i, s) in self.series.iter().enumerate() {
            let color = series_color(i);
            let dash = series_dash(i);
            let mut pts: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter(|p| p.value.is_finite())
                .map(|p| (p.year as f64, clamp(100.0 * p.value)))
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            draw_path(chart.plotting_area(), &pts, color, 2, dash)?;
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 4, fill(color, 1.0))))
                .map_err(draw_err)?;
            let px: Vec<_> = pts.iter().map(|p| chart.backend_coord(p)).collect();
            occ.add_polyline(&px);
            entries.push(LegendEntry::new(
                s.name.clone(),
                Marker::LineDot { color, dash },
            ));
        }

        if let Some(t) = self.target.as_ref().filter(|t| t.value.is_finite()) {
            let v = 100.0 * t.value;
            if v > lo && v < hi {
                let x_lo = y0 - 0.35;
                let x_hi = y1 + 0.35;
                draw_path(
                    chart.plotting_area(),
                    &[(x_lo, v), (x_hi, v)],
                    GREY_REF,
                    2,
                    Dash::Dashed,
                )?;
                let label = if t.label.is_empty() {
                    super::style::fill_in(&super::style::words().target, &[("v", &fmt_num(v))])
                } else {
                    t.label.clone()
                };
                // Label just above the line at the left end, unless a data
                // line passes there, then below it.
                let (px, py) = chart.backend_coord(&(x_lo, v));
                let style = text_col(SMALL_SIZE, GREY_REF);
                let (tw, th) = text_size(root, &label, &style)?;
                let above = (px + 6, py - 6 - th, px + 10 + tw, py - 3);
                let below = (px + 6, py + 3, px + 10 + tw, py + 6 + th);
                let r = if occ.count_in(above) <= occ.count_in(below) {
                    above
                } else {
                    below
                };
                draw_text_at(root, &label, &style, (r.0, r.1), HPos::Left, VPos::Top)?;
                occ.add_rect((r.0, r.1), (r.2, r.3));
                occ.add_polyline(&[(px, py), (plot_px.0.end, py)]);
                entries.push(LegendEntry::new(
                    label,
                    Marker::Line {
                        color: GREY_REF,
                        dash: Dash::Dashed,
                        width: 2,
                    },
                ));
            }
        }
        place_legend(root, &plot_px, &entries, &occ, &ALL_CORNERS)?;
        Ok(())
    }
}
