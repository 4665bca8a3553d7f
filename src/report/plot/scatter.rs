//! Points of several series on two numeric axes (e.g. each candidate's cost against its
//! objective, with the Pareto front joined by a line).

use super::common::{
    ALL_CORNERS, LegendEntry, Marker, Occupied, draw_err, draw_path, fill, finite_min_max, fmt_num,
    padded_range, place_legend, style_mesh, titled,
};
use super::output::Render;
use super::style::{series_color, series_dash};
use super::{ChartSize, PlotError, ScatterChart};
use plotters::coord::Shift;
use plotters::prelude::*;

impl Render for ScatterChart {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.series
            .iter()
            .any(|s| s.points.iter().any(|(x, y)| x.is_finite() && y.is_finite()))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let finite = |s: &super::ScatterSeries| -> Vec<(f64, f64)> {
            s.points
                .iter()
                .copied()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect()
        };
        let all: Vec<(f64, f64)> = self.series.iter().flat_map(finite).collect();
        let (x0, x1) = finite_min_max(all.iter().map(|p| p.0)).unwrap_or((0.0, 1.0));
        let (y0, y1) = finite_min_max(all.iter().map(|p| p.1)).unwrap_or((0.0, 1.0));
        let area = titled(root, &self.title)?;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(8)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(padded_range(x0, x1, false), padded_range(y0, y1, false))
            .map_err(draw_err)?;
        let fmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&fmt).y_label_formatter(&fmt);
        mesh.draw().map_err(draw_err)?;
        let plot_px = chart.plotting_area().get_pixel_range();
        let mut occ = Occupied::default();
        let mut entries = Vec::new();
        for (i, s) in self.series.iter().enumerate() {
            let color = series_color(i);
            let mut pts = finite(s);
            if s.joined {
                pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                draw_path(chart.plotting_area(), &pts, color, 2, series_dash(i))?;
            }
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 4, fill(color, 0.8))))
                .map_err(draw_err)?;
            let px: Vec<_> = pts.iter().map(|p| chart.backend_coord(p)).collect();
            occ.add_polyline(&px);
            entries.push(LegendEntry::new(
                s.name.clone(),
                Marker::Dot { color, radius: 4 },
            ));
        }
        place_legend(root, &plot_px, &entries, &occ, &ALL_CORNERS)?;
        Ok(())
    }
}
