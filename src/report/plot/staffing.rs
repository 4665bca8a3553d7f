//! Staffing over time in two stacked panels sharing the time axis:
//! on-duty firefighters (top) and crewed units (bottom), one line per
//! series.

use super::common::{
    ALL_CORNERS, KeyAxis, LegendEntry, Marker, Occupied, draw_err, draw_path, finite_min_max,
    fmt_num, fmt_year, padded_range, place_legend, style_mesh, titled, year_key_points,
};
use super::output::Render;
use super::style::{series_color, series_dash};
use super::{ChartSize, PlotError, StaffingTimeline, TimeValue};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

/// Same y-label area in both panels so the time axes line up.
const Y_AREA: u32 = 72;

fn finite_sorted(v: &[TimeValue]) -> Vec<(f64, f64)> {
    let mut pts: Vec<(f64, f64)> = v
        .iter()
        .filter(|p| p.t.is_finite() && p.value.is_finite())
        .map(|p| (p.t, p.value))
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    pts
}

/// Pixel ranges (x, y) of a plotting area.
type PixelRange = (Range<i32>, Range<i32>);

/// Draw one panel; returns the plot's pixel range and the occupied pixels.
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Vec<(f64, f64)>],
    t_range: Range<f64>,
    y_desc: &str,
    x_desc: &str,
    show_x_labels: bool,
) -> Result<(PixelRange, Occupied), PlotError> {
    let (v0, v1) = finite_min_max(lines.iter().flatten().map(|p| p.1)).unwrap_or((0.0, 1.0));
    let keys = year_key_points(t_range.start, t_range.end);
    let mut chart = ChartBuilder::on(area)
        .margin_top(6)
        .margin_right(24)
        .margin_left(8)
        .margin_bottom(if show_x_labels { 6 } else { 2 })
        .x_label_area_size(if show_x_labels { 56 } else { 10 })
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(KeyAxis::new(t_range, keys), padded_range(v0, v1, false))
        .map_err(draw_err)?;
    let xfmt = |v: &f64| {
        if show_x_labels {
            fmt_year(*v)
        } else {
            String::new()
        }
    };
    let yfmt = |v: &f64| fmt_num(*v);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, if show_x_labels { x_desc } else { "" }, y_desc);
    mesh.x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt)
        .y_labels(6);
    mesh.draw().map_err(draw_err)?;
    let mut occ = Occupied::default();
    for (i, pts) in lines.iter().enumerate() {
        draw_path(
            chart.plotting_area(),
            pts,
            series_color(i),
            2,
            series_dash(i),
        )?;
        let px: Vec<_> = pts.iter().map(|p| chart.backend_coord(p)).collect();
        occ.add_polyline(&px);
    }
    Ok((chart.plotting_area().get_pixel_range(), occ))
}

impl Render for StaffingTimeline {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.series.iter().any(|s| {
            s.on_duty
                .iter()
                .chain(&s.crewed_units)
                .any(|p| p.t.is_finite() && p.value.is_finite())
        })
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let top: Vec<_> = self
            .series
            .iter()
            .map(|s| finite_sorted(&s.on_duty))
            .collect();
        let bottom: Vec<_> = self
            .series
            .iter()
            .map(|s| finite_sorted(&s.crewed_units))
            .collect();
        let (t0, t1) =
            finite_min_max(top.iter().chain(&bottom).flatten().map(|p| p.0)).unwrap_or((0.0, 1.0));
        let t_range = if t1 > t0 {
            t0..t1
        } else {
            (t0 - 0.5)..(t1 + 0.5)
        };

        let area = titled(root, &self.title)?;
        let (_, h) = area.dim_in_pixel();
        // the bottom panel also carries the x axis labels (56 px)
        let (upper, lower) = area.split_vertically((h as i32 - 56) / 2 + 4);
        let (top_px, top_occ) = panel(
            &upper,
            &top,
            t_range.clone(),
            &self.top_y_label,
            &self.x_label,
            false,
        )?;
        let (bottom_px, bottom_occ) = panel(
            &lower,
            &bottom,
            t_range,
            &self.bottom_y_label,
            &self.x_label,
            true,
        )?;

        let entries: Vec<LegendEntry> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                LegendEntry::new(
                    s.name.clone(),
                    Marker::Line {
                        color: series_color(i),
                        dash: series_dash(i),
                        width: 2,
                    },
                )
            })
            .collect();
        // Put the legend in whichever panel has the emptier corner.
        let (lw, lh) = super::common::legend_size(root, &entries)?;
        let free = |px: &(Range<i32>, Range<i32>), occ: &Occupied| {
            [
                (px.0.end - 10 - lw, px.1.start + 10),
                (px.0.start + 10, px.1.start + 10),
                (px.0.end - 10 - lw, px.1.end - 10 - lh),
                (px.0.start + 10, px.1.end - 10 - lh),
            ]
            .iter()
            .map(|&(x, y)| occ.count_in((x, y, x + lw, y + lh)))
            .min()
            .unwrap_or(0)
        };
        if free(&bottom_px, &bottom_occ) < free(&top_px, &top_occ) {
            place_legend(root, &bottom_px, &entries, &bottom_occ, &ALL_CORNERS)?;
        } else {
            place_legend(root, &top_px, &entries, &top_occ, &ALL_CORNERS)?;
        }
        Ok(())
    }
}
