//! A map in projected km with equal aspect ratio: the district's boundary and its
//! neighbours (dashed, labelled), zone outlines, zone
//! seats (labelled crosses), sample incidents coloured by response-time
//! bin, stations (circles sized by headcount, coloured by grade, labelled
//! with name and opening year) and their reach circles. The legend sits in
//! a panel right of the map.

use super::common::{
    LabelBoxes, LegendEntry, Marker, draw_err, draw_legend_at, draw_path, draw_text_at, fill,
    finite_min_max, fmt_num, legend_size, stroke, style_mesh, text_size, titled,
};
use super::output::Render;
use super::style::{
    BLACK_, BLUE, Dash, GREEN, GREY_TEXT, ORANGE, PURPLE, SKY_BLUE, SMALL_SIZE, VERMILLION, YELLOW,
    text, text_col, words,
};
use super::{ChartSize, MapChart, MapStation, PlotError};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::ops::Range;

/// Incident colours from fast (blue) to slow (vermillion), Okabe–Ito.
const BIN_COLORS: [RGBColor; 5] = [BLUE, SKY_BLUE, YELLOW, ORANGE, VERMILLION];
/// Station colours per grade, in order of first appearance.
const GRADE_COLORS: [RGBColor; 4] = [BLACK_, PURPLE, GREEN, YELLOW];
const OUTLINE: RGBColor = RGBColor(150, 150, 150);
/// Roads beneath everything: a light grey that keeps incidents and stations readable.
const ROAD: RGBColor = RGBColor(215, 215, 215);
const SEAT: RGBColor = RGBColor(70, 70, 70);

fn finite_xy(x: f64, y: f64) -> bool {
    x.is_finite() && y.is_finite()
}

/// Incident bin colours: blue … vermillion spread over the bins.
fn bin_colors(n_bins: usize) -> Vec<RGBColor> {
    match n_bins {
        0 | 1 => vec![BLUE],
        2 => vec![BLUE, VERMILLION],
        3 => vec![BLUE, ORANGE, VERMILLION],
        4 => vec![BLUE, SKY_BLUE, ORANGE, VERMILLION],
        n => (0..n)
            .map(|i| BIN_COLORS[i * (BIN_COLORS.len() - 1) / (n - 1)])
            .collect(),
    }
}

fn station_label(s: &MapStation) -> String {
    match s.opening_year {
        Some(y) => format!("{} ({y})", s.name),
        None => s.name.clone(),
    }
}

fn circle_points(cx: f64, cy: f64, r: f64) -> Vec<(f64, f64)> {
    (0..=96)
        .map(|k| {
            let a = k as f64 / 96.0 * std::f64::consts::TAU;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect()
}

impl MapChart {
    fn bins(&self) -> Vec<f64> {
        let mut b: Vec<f64> = self
            .response_bins_min
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        if b.is_empty() {
            b = vec![5.0, 8.0, 12.0];
        }
        b
    }

    fn grades(&self) -> Vec<&str> {
        let mut g: Vec<&str> = Vec::new();
        for s in &self.stations {
            if !g.contains(&s.grade.as_str()) {
                g.push(&s.grade);
            }
        }
        g
    }
}

impl Render for MapChart {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        self.stations.iter().any(|s| finite_xy(s.x_km, s.y_km))
            || self.incidents.iter().any(|s| finite_xy(s.x_km, s.y_km))
            || self.zone_seats.iter().any(|s| finite_xy(s.x_km, s.y_km))
            || self
                .zone_outlines
                .iter()
                .flatten()
                .any(|p| finite_xy(p.0, p.1))
    }
    fn validate(&self) -> Result<(), PlotError> {
        if self
            .response_bins_min
            .windows(2)
            .any(|w| w[0].partial_cmp(&w[1]) != Some(std::cmp::Ordering::Less))
        {
            return Err(PlotError::InvalidData(format!(
                "map response_bins_min must be strictly ascending, got {:?}",
                self.response_bins_min
            )));
        }
        if self.response_bins_min.len() > 4 {
            return Err(PlotError::InvalidData(
                "map response_bins_min: at most 4 bin edges (5 colours)".into(),
            ));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let bins = self.bins();
        let colors = bin_colors(bins.len() + 1);
        let grades = self.grades();
        let hmax = self.max_headcount();
        // The legend is built first: its width sets the map's width.
        let entries = self.legend(&bins, &colors, &grades, hmax);
        let (x0, x1, y0, y1) = self.extent();

        let area = titled(root, &self.title)?;
        let (lw, _) = legend_size(root, &entries)?;
        let (aw, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally((aw as i32 - lw - 16).max(aw as i32 / 2));

        // ---- equal aspect: measure the plot area, then widen one range
        let builder = |xr: Range<f64>, yr: Range<f64>| {
            ChartBuilder::on(&left)
                .margin_top(8)
                .margin_right(8)
                .margin_left(8)
                .margin_bottom(6)
                .x_label_area_size(52)
                .y_label_area_size(64)
                .build_cartesian_2d(xr, yr)
                .map_err(draw_err)
        };
        let (pw, ph) = builder(x0..x1, y0..y1)?.plotting_area().dim_in_pixel();
        let (pw, ph) = (pw.max(1) as f64, ph.max(1) as f64);
        let km_per_px = ((x1 - x0) / pw).max((y1 - y0) / ph);
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let (hx, hy) = (km_per_px * pw / 2.0, km_per_px * ph / 2.0);
        let mut chart = builder((cx - hx)..(cx + hx), (cy - hy)..(cy + hy))?;

        let xfmt = |v: &f64| fmt_num(*v);
        let yfmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&xfmt).y_label_formatter(&yfmt);
        mesh.draw().map_err(draw_err)?;
        let plot = chart.plotting_area().clone();

        self.draw_layers(&plot, &bins, &colors, &grades)?;
        self.draw_markers(root, &plot, &grades, hmax)?;
        let top = plot.get_pixel_range().1.start;
        draw_legend_at(root, &entries, (right.get_base_pixel().0 + 4, top))?;
        Ok(())
    }
}

/// The map's plotting area, in km.
type KmArea<DB> = DrawingArea<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A station's marker radius, pixels: 4 to 13 by the square root of its share of the
/// largest headcount.
fn radius(h: f64, hmax: f64) -> i32 {
    if hmax > 0.0 && h.is_finite() && h > 0.0 {
        (4.0 + 9.0 * (h / hmax).sqrt()).round() as i32
    } else {
        4
    }
}

/// A grade's colour, by its place among the grades.
fn grade_color(grades: &[&str], g: &str) -> RGBColor {
    let i = grades.iter().position(|x| *x == g).unwrap_or(0);
    GRADE_COLORS[i % GRADE_COLORS.len()]
}

impl MapChart {
    /// The largest finite headcount (0 when none).
    fn max_headcount(&self) -> f64 {
        self.stations
            .iter()
            .map(|s| s.headcount)
            .filter(|h| h.is_finite())
            .fold(0.0, f64::max)
    }

    /// The legend: response bins, grades, headcount sizes, reach, seats, roads, outlines.
    fn legend(
        &self,
        bins: &[f64],
        colors: &[RGBColor],
        grades: &[&str],
        hmax: f64,
    ) -> Vec<LegendEntry> {
        let mut entries = Vec::new();
        let w = words();
        let min = &w.minutes_suffix;
        if !self.incidents.is_empty() {
            entries.push(LegendEntry::new(&w.incident_response, Marker::Heading));
            for (i, c) in colors.iter().enumerate() {
                let label = match (i.checked_sub(1).and_then(|j| bins.get(j)), bins.get(i)) {
                    (None, Some(hi)) => format!("≤ {}{min}", fmt_num(*hi)),
                    (Some(lo), Some(hi)) => format!("{}–{}{min}", fmt_num(*lo), fmt_num(*hi)),
                    (Some(lo), None) => format!("> {}{min}", fmt_num(*lo)),
                    (None, None) => w.all.clone(),
                };
                entries.push(LegendEntry::new(
                    label,
                    Marker::Dot {
                        color: *c,
                        radius: 4,
                    },
                ));
            }
        }
        if !self.stations.is_empty() {
            entries.push(LegendEntry::new(&w.stations_grade, Marker::Heading));
            for (gi, g) in grades.iter().enumerate() {
                entries.push(LegendEntry::new(
                    if g.is_empty() { w.no_grade.as_str() } else { g },
                    Marker::Dot {
                        color: GRADE_COLORS[gi % GRADE_COLORS.len()],
                        radius: 7,
                    },
                ));
            }
            if hmax > 0.0 {
                entries.push(LegendEntry::new(&w.headcount, Marker::Heading));
                let small = (hmax / 4.0).round().max(1.0);
                for h in [small, hmax] {
                    entries.push(LegendEntry::new(
                        fmt_num(h.round()),
                        Marker::Ring {
                            color: GREY_TEXT,
                            radius: radius(h, hmax),
                        },
                    ));
                }
            }
            if self.stations.iter().any(|s| s.reach_km.is_some()) {
                entries.push(LegendEntry::new(
                    if self.reach_label.is_empty() {
                        &w.reach
                    } else {
                        &self.reach_label
                    },
                    Marker::Line {
                        color: GREY_TEXT,
                        dash: Dash::Solid,
                        width: 1,
                    },
                ));
            }
        }
        let line = |color| Marker::Line {
            color,
            dash: Dash::Solid,
            width: 1,
        };
        if !self.zone_seats.is_empty() {
            entries.push(LegendEntry::new(
                &w.zone_seat,
                Marker::Cross { color: SEAT },
            ));
        }
        if !self.roads.is_empty() {
            entries.push(LegendEntry::new("Roads", line(ROAD)));
        }
        if !self.zone_outlines.is_empty() {
            entries.push(LegendEntry::new(&w.zone_boundary, line(OUTLINE)));
        }
        entries
    }

    /// The extent in km `(x0, x1, y0, y1)` of everything drawn (reach circles included),
    /// padded by 4% (at least 0.5 km).
    fn extent(&self) -> (f64, f64, f64, f64) {
        let xs = self
            .stations
            .iter()
            .filter(|s| finite_xy(s.x_km, s.y_km))
            .flat_map(|s| {
                let r = s
                    .reach_km
                    .filter(|r| r.is_finite() && *r > 0.0)
                    .unwrap_or(0.0);
                [(s.x_km - r, s.y_km - r), (s.x_km + r, s.y_km + r)]
            })
            .chain(self.incidents.iter().map(|i| (i.x_km, i.y_km)))
            .chain(self.zone_seats.iter().map(|z| (z.x_km, z.y_km)))
            .chain(self.zone_outlines.iter().flatten().copied())
            .chain(self.boundary.iter().copied())
            .filter(|p| finite_xy(p.0, p.1))
            .collect::<Vec<_>>();
        let (x0, x1) = finite_min_max(xs.iter().map(|p| p.0)).unwrap_or((0.0, 1.0));
        let (y0, y1) = finite_min_max(xs.iter().map(|p| p.1)).unwrap_or((0.0, 1.0));
        let pad = ((x1 - x0).max(y1 - y0) * 0.04).max(0.5);
        (x0 - pad, x1 + pad, y0 - pad, y1 + pad)
    }

    /// The layers in km, bottom to top: roads, zone outlines, incidents, reach circles.
    fn draw_layers<DB: DrawingBackend>(
        &self,
        plot: &KmArea<DB>,
        bins: &[f64],
        colors: &[RGBColor],
        grades: &[&str],
    ) -> Result<(), PlotError> {
        for r in self
            .roads
            .iter()
            .filter(|r| r.iter().all(|p| finite_xy(p.0, p.1)))
        {
            draw_path(plot, &r[..], ROAD, 1, Dash::Solid)?;
        }
        let finite = |line: &[(f64, f64)]| -> Vec<(f64, f64)> {
            line.iter()
                .copied()
                .filter(|p| finite_xy(p.0, p.1))
                .collect()
        };
        for ring in self.neighbours.iter().flat_map(|a| &a.rings) {
            draw_path(plot, &finite(ring), OUTLINE, 1, Dash::Dashed)?;
        }
        for line in &self.zone_outlines {
            draw_path(plot, &finite(line), OUTLINE, 1, Dash::Solid)?;
        }
        draw_path(plot, &finite(&self.boundary), SEAT, 2, Dash::Solid)?;
        for inc in &self.incidents {
            if !finite_xy(inc.x_km, inc.y_km) || !inc.response_s.is_finite() {
                continue;
            }
            let m = inc.response_s / 60.0;
            let b = bins.iter().position(|e| m <= *e).unwrap_or(bins.len());
            let c = colors.get(b).copied().unwrap_or(VERMILLION);
            plot.draw(&Circle::new((inc.x_km, inc.y_km), 3, fill(c, 0.85)))
                .map_err(draw_err)?;
        }
        for s in &self.stations {
            if let Some(r) = s.reach_km.filter(|r| r.is_finite() && *r > 0.0)
                && finite_xy(s.x_km, s.y_km)
            {
                let c = grade_color(grades, &s.grade);
                plot.draw(&PathElement::new(
                    circle_points(s.x_km, s.y_km, r),
                    ShapeStyle {
                        color: c.mix(0.7),
                        filled: false,
                        stroke_width: 1,
                    },
                ))
                .map_err(draw_err)?;
            }
        }
        Ok(())
    }

    /// Station circles and seat crosses in pixels, then their labels where they fit:
    /// markers are registered as obstacles first; a station label takes the first free
    /// place inside the plot, a seat label is dropped when none is free.
    fn draw_markers<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        plot: &KmArea<DB>,
        grades: &[&str],
        hmax: f64,
    ) -> Result<(), PlotError> {
        let mut boxes = LabelBoxes::default();
        self.draw_neighbour_names(root, plot, &mut boxes)?;
        let mut station_px = Vec::new();
        for s in &self.stations {
            if !finite_xy(s.x_km, s.y_km) {
                continue;
            }
            let p = plot.map_coordinate(&(s.x_km, s.y_km));
            let r = radius(s.headcount, hmax);
            boxes.add((p.0 - r, p.1 - r, p.0 + r, p.1 + r));
            station_px.push((s, p, r));
        }
        let mut seat_px = Vec::new();
        for z in &self.zone_seats {
            if !finite_xy(z.x_km, z.y_km) {
                continue;
            }
            let p = plot.map_coordinate(&(z.x_km, z.y_km));
            boxes.add((p.0 - 4, p.1 - 4, p.0 + 4, p.1 + 4));
            seat_px.push((z, p));
        }
        for (_, p) in &seat_px {
            let st = stroke(SEAT, 2);
            root.draw(&PathElement::new(
                vec![(p.0 - 4, p.1 - 4), (p.0 + 4, p.1 + 4)],
                st,
            ))
            .map_err(draw_err)?;
            root.draw(&PathElement::new(
                vec![(p.0 - 4, p.1 + 4), (p.0 + 4, p.1 - 4)],
                st,
            ))
            .map_err(draw_err)?;
        }
        for (s, p, r) in &station_px {
            let c = grade_color(grades, &s.grade);
            root.draw(&Circle::new(*p, *r, fill(c, 0.85)))
                .map_err(draw_err)?;
            root.draw(&Circle::new(*p, *r, stroke(WHITE, 1)))
                .map_err(draw_err)?;
        }

        let (px_range, py_range) = plot.get_pixel_range();
        let inside = |b: (i32, i32, i32, i32)| {
            b.0 >= px_range.start
                && b.2 <= px_range.end
                && b.1 >= py_range.start
                && b.3 <= py_range.end
        };
        let station_style = text(SMALL_SIZE);
        for (s, p, r) in &station_px {
            let label = station_label(s);
            let (tw, th) = text_size(root, &label, &station_style)?;
            let cands = label_candidates(*p, *r, tw, th);
            let chosen = cands
                .iter()
                .copied()
                .find(|b| inside(*b) && !boxes.overlaps(*b))
                .or_else(|| cands.iter().copied().find(|b| inside(*b)))
                .unwrap_or(cands[0]);
            draw_label(root, &label, &station_style, chosen)?;
            boxes.add(chosen);
        }
        let seat_style = text_col(SMALL_SIZE - 1.5, GREY_TEXT);
        for (z, p) in &seat_px {
            if z.name.is_empty() {
                continue;
            }
            let (tw, th) = text_size(root, &z.name, &seat_style)?;
            // seat labels are dropped rather than drawn over other labels
            if let Some(b) = label_candidates(*p, 4, tw, th)
                .into_iter()
                .find(|b| inside(*b) && !boxes.overlaps(*b))
            {
                draw_label(root, &z.name, &seat_style, b)?;
                boxes.add(b);
            }
        }
        Ok(())
    }
}

impl MapChart {
    /// Each neighbour's name at the mean of its vertices inside the map (none shown: no
    /// label), where it overlaps no other label.
    fn draw_neighbour_names<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        plot: &KmArea<DB>,
        boxes: &mut LabelBoxes,
    ) -> Result<(), PlotError> {
        let (xr, yr) = (plot.get_x_range(), plot.get_y_range());
        let style = text_col(SMALL_SIZE, GREY_TEXT);
        for a in self.neighbours.iter().filter(|a| !a.name.is_empty()) {
            let shown: Vec<(f64, f64)> = a
                .rings
                .iter()
                .flatten()
                .copied()
                .filter(|&(x, y)| finite_xy(x, y) && xr.contains(&x) && yr.contains(&y))
                .collect();
            if shown.is_empty() {
                continue;
            }
            let n = shown.len() as f64;
            let (x, y) = shown
                .iter()
                .fold((0.0, 0.0), |(sx, sy), p| (sx + p.0 / n, sy + p.1 / n));
            let p = plot.map_coordinate(&(x, y));
            let (tw, th) = text_size(root, &a.name, &style)?;
            let b = (
                p.0 - tw / 2 - 2,
                p.1 - th / 2 - 1,
                p.0 + tw / 2 + 2,
                p.1 + th / 2 + 1,
            );
            if !boxes.overlaps(b) {
                draw_label(root, &a.name, &style, b)?;
                boxes.add(b);
            }
        }
        Ok(())
    }
}

/// Candidate label boxes around a marker at `p` with radius `r`: right,
/// left, above, below, and the four diagonals.
fn label_candidates(p: (i32, i32), r: i32, tw: i32, th: i32) -> Vec<(i32, i32, i32, i32)> {
    let g = r + 3;
    let (x, y) = p;
    let (w, h) = (tw + 4, th + 2);
    [
        (x + g, y - h / 2),
        (x - g - w, y - h / 2),
        (x - w / 2, y - g - h),
        (x - w / 2, y + g),
        (x + g - 2, y - g - h + 4),
        (x + g - 2, y + g - 4),
        (x - g - w + 2, y - g - h + 4),
        (x - g - w + 2, y + g - 4),
    ]
    .iter()
    .map(|&(x0, y0)| (x0, y0, x0 + w, y0 + h))
    .collect()
}

/// Draw a label on a white, slightly transparent background box.
fn draw_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    label: &str,
    style: &TextStyle,
    b: (i32, i32, i32, i32),
) -> Result<(), PlotError> {
    root.draw(&Rectangle::new([(b.0, b.1), (b.2, b.3)], fill(WHITE, 0.75)))
        .map_err(draw_err)?;
    draw_text_at(
        root,
        label,
        style,
        (b.0 + 2, (b.1 + b.3) / 2),
        HPos::Left,
        VPos::Center,
    )
}
