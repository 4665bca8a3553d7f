//! Cost against a figure, one point per rollout with its 95% interval as a vertical bar;
//! the baseline a square, feasible rollouts filled dots, infeasible ones grey rings, states
//! of the world crosses, each labelled beside its point where the label overlaps nothing drawn before it.

use super::common::{
    ALL_CORNERS, LegendEntry, Marker, Occupied, draw_err, draw_text_at, fill, finite_min_max,
    fmt_num, padded_range, place_legend, stroke, style_mesh, text_size, titled,
};
use super::output::Render;
use super::style::{BLUE, GREY_REF, SMALL_SIZE, VERMILLION, text_col};
use super::{ChartSize, CostChart, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Marker radius and the gap between a point and its label, pixels.
const R_PX: i32 = 5;
const GAP_PX: i32 = 7;

impl Render for CostChart {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.points
            .iter()
            .any(|p| p.cost.is_finite() && p.value.is_finite())
    }
    fn validate(&self) -> Result<(), PlotError> {
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let shown: Vec<_> = self
            .points
            .iter()
            .filter(|p| p.cost.is_finite() && p.value.is_finite())
            .collect();
        let (x0, x1) = finite_min_max(shown.iter().map(|p| p.cost)).unwrap_or((0.0, 1.0));
        let ys = shown
            .iter()
            .flat_map(|p| [p.value, p.lo, p.hi])
            .filter(|v| v.is_finite());
        let (y0, y1) = finite_min_max(ys).unwrap_or((0.0, 1.0));
        // Room on the right for the last point's label.
        let xr = padded_range(x0, x1, false);
        let xr = xr.start..xr.end + 0.12 * (xr.end - xr.start);
        let area = titled(root, &self.title)?;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(8)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(xr, padded_range(y0, y1, false))
            .map_err(draw_err)?;
        let fmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&fmt).y_label_formatter(&fmt);
        mesh.draw().map_err(draw_err)?;

        let plot_px = chart.plotting_area().get_pixel_range();
        let mut occ = Occupied::default();
        let color = |p: &super::CostPoint| {
            if !p.feasible {
                GREY_REF
            } else if p.baseline {
                VERMILLION
            } else {
                BLUE
            }
        };
        for p in &shown {
            if p.lo.is_finite() && p.hi.is_finite() {
                let (a, b) = (
                    chart.backend_coord(&(p.cost, p.lo)),
                    chart.backend_coord(&(p.cost, p.hi)),
                );
                for seg in [
                    [a, b],
                    [(a.0 - 4, a.1), (a.0 + 4, a.1)],
                    [(b.0 - 4, b.1), (b.0 + 4, b.1)],
                ] {
                    root.draw(&PathElement::new(seg.to_vec(), stroke(color(p), 2)))
                        .map_err(draw_err)?;
                }
                occ.add_polyline(&[a, b]);
            }
        }
        for p in &shown {
            let c = chart.backend_coord(&(p.cost, p.value));
            let col = color(p);
            if p.baseline {
                let sq = [(c.0 - R_PX, c.1 - R_PX), (c.0 + R_PX, c.1 + R_PX)];
                root.draw(&Rectangle::new(sq, fill(col, 1.0)))
                    .map_err(draw_err)?;
            } else if p.world {
                for (a, b) in [((-1, -1), (1, 1)), ((-1, 1), (1, -1))] {
                    let seg = vec![
                        (c.0 + a.0 * R_PX, c.1 + a.1 * R_PX),
                        (c.0 + b.0 * R_PX, c.1 + b.1 * R_PX),
                    ];
                    root.draw(&PathElement::new(seg, stroke(col, 2)))
                        .map_err(draw_err)?;
                }
            } else if p.feasible {
                root.draw(&Circle::new(c, R_PX, fill(col, 1.0)))
                    .map_err(draw_err)?;
            } else {
                root.draw(&Circle::new(c, R_PX, stroke(col, 2)))
                    .map_err(draw_err)?;
            }
            occ.add_rect((c.0 - R_PX, c.1 - R_PX), (c.0 + R_PX, c.1 + R_PX));
        }
        // Labels: right of the point, else left, above, below: the first that overlaps
        // nothing, else the least crowded.
        let style = text_col(SMALL_SIZE, GREY_REF);
        for p in &shown {
            let c = chart.backend_coord(&(p.cost, p.value));
            let (w, h) = text_size(root, &p.name, &style)?;
            let spots = [
                (c.0 + GAP_PX, c.1 - h / 2),
                (c.0 - GAP_PX - w, c.1 - h / 2),
                (c.0 - w / 2, c.1 - GAP_PX - h),
                (c.0 - w / 2, c.1 + GAP_PX),
            ];
            let rect = |s: (i32, i32)| (s.0, s.1, s.0 + w, s.1 + h);
            let inside = |s: (i32, i32)| {
                plot_px.0.contains(&s.0)
                    && plot_px.0.contains(&(s.0 + w))
                    && plot_px.1.contains(&s.1)
            };
            let at = spots
                .iter()
                .copied()
                .filter(|&s| inside(s))
                .min_by_key(|&s| occ.count_in(rect(s)))
                .unwrap_or(spots[0]);
            draw_text_at(root, &p.name, &style, at, HPos::Left, VPos::Top)?;
            occ.add_rect(at, (at.0 + w, at.1 + h));
        }
        let entries = self.legend_entries(&shown);
        place_legend(root, &plot_px, &entries, &occ, &ALL_CORNERS)?;
        Ok(())
    }
}

impl CostChart {
    /// The legend rows of the kinds of point drawn.
    fn legend_entries(&self, shown: &[&super::CostPoint]) -> Vec<LegendEntry> {
        let [base, feasible, infeasible, world] = &self.legend;
        let mut entries = vec![];
        for (label, marker, any) in [
            (
                base,
                Marker::Box {
                    color: VERMILLION,
                    alpha: 1.0,
                },
                shown.iter().any(|p| p.baseline && p.feasible),
            ),
            (
                feasible,
                Marker::Dot {
                    color: BLUE,
                    radius: R_PX,
                },
                shown.iter().any(|p| !p.baseline && !p.world && p.feasible),
            ),
            (
                infeasible,
                Marker::Ring {
                    color: GREY_REF,
                    radius: R_PX,
                },
                shown.iter().any(|p| !p.feasible),
            ),
            (
                world,
                Marker::Cross { color: BLUE },
                shown.iter().any(|p| p.world && p.feasible),
            ),
        ] {
            if any && !label.is_empty() {
                entries.push(LegendEntry::new(label.clone(), marker));
            }
        }
        entries
    }
}
