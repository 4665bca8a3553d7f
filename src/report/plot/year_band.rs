//! Yearly values with shaded interval bands (e.g. p90 first-arrival time
//! per year with its 95 % interval), one line per series, plus an optional
//! dashed secondary metric.

use super::common::{
    KeyAxis, LegendEntry, Marker, draw_err, draw_flow_legend, draw_path, fill, finite_min_max,
    flow_legend_height, fmt_num, fmt_year, padded_range, style_mesh, titled, year_key_points,
};
use super::output::Render;
use super::style::{Dash, GREY_TEXT, series_color, series_dash, words};
use super::{ChartSize, PlotError, YearBandChart};
use plotters::coord::Shift;
use plotters::prelude::*;

impl Render for YearBandChart {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.series.iter().any(|s| {
            s.points.iter().any(|p| p.value.is_finite())
                || s.secondary.iter().any(|p| p.value.is_finite())
        })
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let years = self.series.iter().flat_map(|s| {
            s.points
                .iter()
                .filter(|p| p.value.is_finite())
                .map(|p| p.year as f64)
                .chain(
                    s.secondary
                        .iter()
                        .filter(|p| p.value.is_finite())
                        .map(|p| p.year as f64),
                )
        });
        let (y0, y1) = finite_min_max(years).unwrap_or((2020.0, 2021.0));
        let values = self.series.iter().flat_map(|s| {
            s.points
                .iter()
                .flat_map(|p| [p.value, p.lower, p.upper])
                .chain(s.secondary.iter().map(|p| p.value))
        });
        let (v0, v1) = finite_min_max(values).unwrap_or((0.0, 1.0));
        let y_range = match self.y_range {
            Some((a, b)) if a.is_finite() && b.is_finite() && a < b => a..b,
            _ => padded_range(v0, v1, self.y_from_zero),
        };
        let x_range = (y0 - 0.35)..(y1 + 0.35);

        let entries = self.legend();

        let area = titled(root, &self.title)?;
        let (aw, ah) = area.dim_in_pixel();
        let legend_w = aw as i32 - 110;
        let lh = flow_legend_height(root, &entries, legend_w)?;
        let (chart_area, legend_area) = area.split_vertically(ah as i32 - lh - 4);
        let mut chart = ChartBuilder::on(&chart_area)
            .margin_top(8)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(KeyAxis::new(x_range, year_key_points(y0, y1)), y_range)
            .map_err(draw_err)?;
        let xfmt = |v: &f64| fmt_year(*v);
        let yfmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .y_labels(8)
            .disable_x_mesh();
        mesh.draw().map_err(draw_err)?;

        // Bands first, so that no band covers another series' line.
        for (i, s) in self.series.iter().enumerate() {
            let mut pts: Vec<_> = s
                .points
                .iter()
                .filter(|p| p.lower.is_finite() && p.upper.is_finite())
                .copied()
                .collect();
            pts.sort_by_key(|p| p.year);
            if pts.len() >= 2 {
                let poly: Vec<(f64, f64)> = pts
                    .iter()
                    .map(|p| (p.year as f64, p.upper))
                    .chain(pts.iter().rev().map(|p| (p.year as f64, p.lower)))
                    .collect();
                chart
                    .plotting_area()
                    .draw(&Polygon::new(poly, fill(series_color(i), 0.16)))
                    .map_err(draw_err)?;
            } else if let Some(p) = pts.first() {
                // a single year: draw the interval as a vertical bar
                let seg = [(p.year as f64, p.lower), (p.year as f64, p.upper)];
                draw_path(chart.plotting_area(), &seg, series_color(i), 6, Dash::Solid)?;
            }
        }
        for (i, s) in self.series.iter().enumerate() {
            let color = series_color(i);
            let dash = series_dash(i);
            let mut main: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter(|p| p.value.is_finite())
                .map(|p| (p.year as f64, p.value))
                .collect();
            main.sort_by(|a, b| a.0.total_cmp(&b.0));
            draw_path(chart.plotting_area(), &main, color, 2, dash)?;
            chart
                .draw_series(main.iter().map(|&p| Circle::new(p, 3, fill(color, 1.0))))
                .map_err(draw_err)?;

            let mut sec: Vec<(f64, f64)> = s
                .secondary
                .iter()
                .filter(|p| p.value.is_finite())
                .map(|p| (p.year as f64, p.value))
                .collect();
            sec.sort_by(|a, b| a.0.total_cmp(&b.0));
            if !sec.is_empty() {
                let sec_dash = if dash == Dash::Solid {
                    Dash::Dashed
                } else {
                    Dash::Dotted
                };
                draw_path(chart.plotting_area(), &sec, color, 2, sec_dash)?;
            }
        }
        let lx = legend_area.get_base_pixel().0 + 80;
        let ly = legend_area.get_base_pixel().1 + 2;
        draw_flow_legend(root, &entries, (lx, ly), legend_w)?;
        Ok(())
    }
}

impl YearBandChart {
    /// The legend: one entry per series, then what the solid line, the band and the
    /// dashed line (when any series has a secondary value) show.
    fn legend(&self) -> Vec<LegendEntry> {
        let any_secondary = self
            .series
            .iter()
            .any(|s| s.secondary.iter().any(|p| p.value.is_finite()));
        let mut entries: Vec<LegendEntry> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                LegendEntry::new(
                    s.name.clone(),
                    Marker::LineBand {
                        color: series_color(i),
                        dash: series_dash(i),
                    },
                )
            })
            .collect();
        let w = words();
        let primary = if self.primary_label.is_empty() {
            &w.value
        } else {
            &self.primary_label
        };
        entries.push(LegendEntry::new(
            format!("{}{primary}", w.solid),
            Marker::Line {
                color: GREY_TEXT,
                dash: Dash::Solid,
                width: 2,
            },
        ));
        if !self.band_label.is_empty() {
            entries.push(LegendEntry::new(
                format!("{}{}", w.shaded, self.band_label),
                Marker::Band { color: GREY_TEXT },
            ));
        }
        if any_secondary {
            let secondary = if self.secondary_label.is_empty() {
                &w.second_metric
            } else {
                &self.secondary_label
            };
            entries.push(LegendEntry::new(
                format!("{}{secondary}", w.dashed),
                Marker::Line {
                    color: GREY_TEXT,
                    dash: Dash::Dashed,
                    width: 2,
                },
            ));
        }
        entries
    }
}
