//! Helpers shared by the charts: error conversion, number formatting, axis
//! ranges, dashed lines, the "No data" panel, legends placed in the least
//! crowded corner, and label collision avoidance.

use super::PlotError;
use super::style::{
    AXIS_DESC_SIZE, Dash, GREY_TEXT, GRID, LEGEND_SIZE, TICK_SIZE, TITLE_SIZE, text, text_col,
};
use plotters::coord::{CoordTranslate, Shift};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// Convert any plotters drawing error into a [`PlotError::Render`].
pub(crate) fn draw_err<E: std::error::Error + Send + Sync>(
    e: DrawingAreaErrorKind<E>,
) -> PlotError {
    PlotError::Render(e.to_string())
}

// ------------------------------------------------------------ formatting

fn group_thousands(int_part: &str) -> String {
    let (sign, digits) = match int_part.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int_part),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Tick label: the fewest decimals (up to 3) that represent `v` exactly
/// enough; thousands separators from 10,000.
pub(crate) fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let tol = 1e-9 * v.abs().max(1.0);
    let mut s = format!("{v:.3}");
    for prec in 0..=3 {
        let cand = format!("{v:.prec$}");
        if cand.parse::<f64>().is_ok_and(|p| (p - v).abs() <= tol) {
            s = cand;
            break;
        }
    }
    if s == "-0" {
        s = "0".to_string();
    }
    if v.abs() >= 10_000.0 {
        let (int_part, frac) = match s.split_once('.') {
            Some((i, f)) => (i.to_string(), format!(".{f}")),
            None => (s.clone(), String::new()),
        };
        s = format!("{}{}", group_thousands(&int_part), frac);
    }
    s
}

/// A count with thousands separators, e.g. "12,345".
pub(crate) fn fmt_count(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// Tick label for year axes: the integer year, or nothing between years.
pub(crate) fn fmt_year(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{:.0}", v)
    } else {
        String::new()
    }
}

// ----------------------------------------------------------- statistics

/// Finite values converted from seconds to minutes, sorted ascending.
pub(crate) fn sorted_minutes(values_s: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values_s
        .iter()
        .filter(|x| x.is_finite())
        .map(|x| x / 60.0)
        .collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Linear-interpolated quantile of sorted finite data; `None` when empty.
pub(crate) fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let a = *sorted.get(lo)?;
    let b = *sorted.get(hi)?;
    Some(a + (b - a) * (pos - lo as f64))
}

/// Round `v` up to a "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k).
pub(crate) fn nice_ceil(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let exp = 10f64.powf(v.log10().floor());
    for m in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * exp >= v * (1.0 - 1e-12) {
            return m * exp;
        }
    }
    10.0 * exp
}

/// Range covering `lo..hi` with a little padding, never empty. With
/// `from_zero`, a non-negative range starts at 0.
pub(crate) fn padded_range(lo: f64, hi: f64, from_zero: bool) -> Range<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let span = hi - lo;
    let pad = if span > 0.0 {
        span * 0.08
    } else {
        (hi.abs() * 0.1).max(1.0)
    };
    let mut start = lo - pad;
    if lo >= 0.0 && (from_zero || start < 0.0) {
        start = 0.0;
    }
    start..(hi + pad)
}

/// Min and max of finite values; `None` if there are none.
pub(crate) fn finite_min_max(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((a, b)) => Some((a.min(v), b.max(v))),
        })
}

/// Key points for a year axis: every integer year in the range, thinned
/// to at most ~12 labels.
pub(crate) fn year_key_points(lo: f64, hi: f64) -> Vec<f64> {
    let first = lo.ceil() as i64;
    let last = hi.floor() as i64;
    if last < first {
        return vec![lo];
    }
    let n = (last - first + 1) as usize;
    let step = n.div_ceil(12).max(1);
    (first..=last).step_by(step).map(|y| y as f64).collect()
}

// ------------------------------------------------------------ drawing

/// A stroke style.
pub(crate) fn stroke(color: RGBColor, width: u32) -> ShapeStyle {
    ShapeStyle {
        color: color.to_rgba(),
        filled: false,
        stroke_width: width,
    }
}

/// A fill style with opacity.
pub(crate) fn fill(color: RGBColor, alpha: f64) -> ShapeStyle {
    ShapeStyle {
        color: color.mix(alpha),
        filled: true,
        stroke_width: 0,
    }
}

/// (dash length, gap) in pixels for a dash pattern.
fn dash_pattern(dash: Dash, width: u32) -> Option<(i32, i32)> {
    let w = width.max(1) as i32;
    match dash {
        Dash::Solid => None,
        Dash::Dashed => Some((4 * w + 2, 3 * w)),
        Dash::Dotted => Some((w.max(2), 2 * w + 1)),
        Dash::Long => Some((9 * w, 3 * w)),
    }
}

/// Draw a polyline (in the area's coordinates) with a dash pattern.
pub(crate) fn draw_path<DB, CT, P>(
    area: &DrawingArea<DB, CT>,
    pts: &[P],
    color: RGBColor,
    width: u32,
    dash: Dash,
) -> Result<(), PlotError>
where
    DB: DrawingBackend,
    CT: CoordTranslate<From = P>,
    P: Clone + 'static,
{
    if pts.len() < 2 {
        return Ok(());
    }
    let style = stroke(color, width);
    match dash_pattern(dash, width) {
        None => area
            .draw(&PathElement::new(pts.to_vec(), style))
            .map_err(draw_err),
        Some((len, gap)) => area
            .draw(&DashedPathElement::new(
                pts.iter().cloned(),
                len,
                gap,
                style,
            ))
            .map_err(draw_err),
    }
}

/// Draw text on an area with an anchor.
pub(crate) fn draw_text_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle,
    pos: (i32, i32),
    h: HPos,
    v: VPos,
) -> Result<(), PlotError> {
    area.draw_text(s, &style.pos(Pos::new(h, v)), pos)
        .map_err(draw_err)
}

/// Pixel width and height of a text.
pub(crate) fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle,
) -> Result<(i32, i32), PlotError> {
    let (w, h) = area.estimate_text_size(s, style).map_err(draw_err)?;
    Ok((w as i32, h as i32))
}

/// Cut `s` with "…" so that it is at most `max_w` pixels wide.
pub(crate) fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle,
    max_w: i32,
) -> Result<String, PlotError> {
    if text_size(area, s, style)?.0 <= max_w {
        return Ok(s.to_string());
    }
    let chars: Vec<char> = s.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let cand: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if text_size(area, &cand, style)?.0 <= max_w {
            return Ok(cand);
        }
    }
    Ok("…".to_string())
}

/// Draw the chart title and return the area below it.
pub(crate) fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    let area = root.margin(8, 0, 0, 0);
    if title.trim().is_empty() {
        return Ok(area);
    }
    let (w, _) = root.dim_in_pixel();
    let style = text(TITLE_SIZE);
    let shown = fit_text(root, title, &style, w as i32 - 30)?;
    area.titled(&shown, style).map_err(draw_err)
}

/// The "No data" panel: the title and a centred message.
pub(crate) fn draw_no_data<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<(), PlotError> {
    let body = titled(root, title)?.margin(10, 20, 20, 20);
    let (w, h) = body.dim_in_pixel();
    body.draw(&Rectangle::new(
        [(0, 0), (w as i32 - 1, h as i32 - 1)],
        stroke(RGBColor(180, 180, 180), 1),
    ))
    .map_err(draw_err)?;
    draw_text_at(
        &body,
        &super::style::words().no_data,
        &text_col(TITLE_SIZE, GREY_TEXT),
        (w as i32 / 2, h as i32 / 2),
        HPos::Center,
        VPos::Center,
    )
}

/// Common mesh styling: light grid, readable tick labels, axis titles.
pub(crate) fn style_mesh<'a, 'b, X, Y, DB>(
    mesh: &mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    x_desc: &str,
    y_desc: &str,
) where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
    DB: DrawingBackend,
{
    mesh.bold_line_style(stroke(GRID, 1))
        .light_line_style(TRANSPARENT)
        .axis_style(stroke(RGBColor(60, 60, 60), 1))
        .label_style(text(TICK_SIZE))
        .axis_desc_style(text(AXIS_DESC_SIZE))
        .set_all_tick_mark_size(4);
    if !x_desc.is_empty() {
        mesh.x_desc(x_desc);
    }
    if !y_desc.is_empty() {
        mesh.y_desc(y_desc);
    }
}

// ---------------------------------------------------------- occupancy

/// Pixels covered by data, used to put legends and labels where they do
/// not hide anything.
#[derive(Default)]
pub(crate) struct Occupied {
    pts: Vec<(i32, i32)>,
}

impl Occupied {
    /// Add a pixel polyline, sampled every few pixels.
    pub(crate) fn add_polyline(&mut self, px: &[(i32, i32)]) {
        if let Some(&first) = px.first() {
            self.pts.push(first);
        }
        for w in px.windows(2) {
            let (a, b) = (w[0], w[1]);
            let len = ((b.0 - a.0) as f64).hypot((b.1 - a.1) as f64);
            let steps = (len / 4.0).ceil().max(1.0) as i32;
            for k in 1..=steps {
                let t = k as f64 / steps as f64;
                self.pts.push((
                    a.0 + ((b.0 - a.0) as f64 * t) as i32,
                    a.1 + ((b.1 - a.1) as f64 * t) as i32,
                ));
            }
        }
    }

    /// Add a filled pixel rectangle (sampled on a grid).
    pub(crate) fn add_rect(&mut self, a: (i32, i32), b: (i32, i32)) {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        let mut y = y0;
        loop {
            let mut x = x0;
            loop {
                self.pts.push((x, y));
                if x >= x1 {
                    break;
                }
                x = (x + 6).min(x1);
            }
            if y >= y1 {
                break;
            }
            y = (y + 6).min(y1);
        }
    }

    /// How many occupied pixels fall inside a rectangle.
    pub(crate) fn count_in(&self, r: (i32, i32, i32, i32)) -> usize {
        self.pts
            .iter()
            .filter(|p| p.0 >= r.0 && p.0 <= r.2 && p.1 >= r.1 && p.1 <= r.3)
            .count()
    }
}

/// Rectangles of placed labels, to keep new labels from overlapping them.
#[derive(Default)]
pub(crate) struct LabelBoxes {
    boxes: Vec<(i32, i32, i32, i32)>,
}

impl LabelBoxes {
    /// Whether a rectangle overlaps any stored one.
    pub(crate) fn overlaps(&self, r: (i32, i32, i32, i32)) -> bool {
        self.boxes
            .iter()
            .any(|b| r.0 < b.2 && r.2 > b.0 && r.1 < b.3 && r.3 > b.1)
    }
    /// Store a rectangle.
    pub(crate) fn add(&mut self, r: (i32, i32, i32, i32)) {
        self.boxes.push(r);
    }
}

// -------------------------------------------------------------- legend

/// What is drawn left of a legend label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Marker {
    /// A line sample.
    Line {
        color: RGBColor,
        dash: Dash,
        width: u32,
    },
    /// A line over a shaded band.
    LineBand { color: RGBColor, dash: Dash },
    /// A shaded band only.
    Band { color: RGBColor },
    /// A filled box.
    Box { color: RGBColor, alpha: f64 },
    /// A filled dot with radius in px.
    Dot { color: RGBColor, radius: i32 },
    /// An outline circle with radius in px.
    Ring { color: RGBColor, radius: i32 },
    /// A small cross.
    Cross { color: RGBColor },
    /// A line with a dot (line chart with point markers).
    LineDot { color: RGBColor, dash: Dash },
    /// No marker; the label is a heading.
    Heading,
}

/// One legend row.
#[derive(Debug, Clone)]
pub(crate) struct LegendEntry {
    pub label: String,
    pub marker: Marker,
}

impl LegendEntry {
    pub(crate) fn new(label: impl Into<String>, marker: Marker) -> Self {
        Self {
            label: label.into(),
            marker,
        }
    }
}

const SWATCH_W: i32 = 32;
const PAD: i32 = 8;
const GAP: i32 = 8;

fn row_height(entry: &LegendEntry, text_h: i32) -> i32 {
    let marker_h = match entry.marker {
        Marker::Dot { radius, .. } | Marker::Ring { radius, .. } => 2 * radius + 4,
        _ => 0,
    };
    (text_h + 8).max(marker_h)
}

/// Pixel size (w, h) of a legend box with these entries in one column.
pub(crate) fn legend_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
) -> Result<(i32, i32), PlotError> {
    let style = text(LEGEND_SIZE);
    let mut w = 0;
    let mut h = 0;
    for e in entries {
        let (tw, th) = text_size(area, &e.label, &style)?;
        let indent = match e.marker {
            Marker::Heading => 0,
            _ => SWATCH_W + GAP,
        };
        w = w.max(indent + tw);
        h += row_height(e, th);
    }
    Ok((w + 2 * PAD, h + 2 * PAD - 4))
}

fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    marker: Marker,
    x: i32,
    yc: i32,
) -> Result<(), PlotError> {
    let x1 = x + SWATCH_W;
    let xm = x + SWATCH_W / 2;
    let r = match marker {
        Marker::Line { color, dash, width } => {
            return draw_path(area, &[(x, yc), (x1, yc)], color, width, dash);
        }
        Marker::LineBand { color, dash } => {
            area.draw(&Rectangle::new(
                [(x, yc - 6), (x1, yc + 6)],
                fill(color, 0.2),
            ))
            .map_err(draw_err)?;
            return draw_path(area, &[(x, yc), (x1, yc)], color, 2, dash);
        }
        Marker::LineDot { color, dash } => {
            draw_path(area, &[(x, yc), (x1, yc)], color, 2, dash)?;
            area.draw(&Circle::new((xm, yc), 4, fill(color, 1.0)))
        }
        Marker::Band { color } => area.draw(&Rectangle::new(
            [(x, yc - 6), (x1, yc + 6)],
            fill(color, 0.2),
        )),
        Marker::Box { color, alpha } => area.draw(&Rectangle::new(
            [(x + 6, yc - 7), (x1 - 6, yc + 7)],
            fill(color, alpha),
        )),
        Marker::Dot { color, radius } => {
            area.draw(&Circle::new((xm, yc), radius, fill(color, 0.9)))
        }
        Marker::Ring { color, radius } => {
            area.draw(&Circle::new((xm, yc), radius, stroke(color, 1)))
        }
        Marker::Cross { color } => {
            let s = stroke(color, 2);
            area.draw(&PathElement::new(
                vec![(xm - 5, yc - 5), (xm + 5, yc + 5)],
                s,
            ))
            .and_then(|()| {
                area.draw(&PathElement::new(
                    vec![(xm - 5, yc + 5), (xm + 5, yc - 5)],
                    s,
                ))
            })
        }
        Marker::Heading => Ok(()),
    };
    r.map_err(draw_err)
}

/// Draw a legend box with its top-left corner at `(x, y)` (pixels of `area`).
pub(crate) fn draw_legend_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    (x, y): (i32, i32),
) -> Result<(), PlotError> {
    let (w, h) = legend_size(area, entries)?;
    area.draw(&Rectangle::new([(x, y), (x + w, y + h)], fill(WHITE, 0.92)))
        .map_err(draw_err)?;
    area.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        stroke(RGBColor(170, 170, 170), 1),
    ))
    .map_err(draw_err)?;
    let style = text(LEGEND_SIZE);
    let mut cy = y + PAD - 2;
    for e in entries {
        let (_, th) = text_size(area, &e.label, &style)?;
        let rh = row_height(e, th);
        let yc = cy + rh / 2;
        let tx = match e.marker {
            Marker::Heading => x + PAD,
            m => {
                draw_marker(area, m, x + PAD, yc)?;
                x + PAD + SWATCH_W + GAP
            }
        };
        draw_text_at(area, &e.label, &style, (tx, yc), HPos::Left, VPos::Center)?;
        cy += rh;
    }
    Ok(())
}

/// Corners of the plotting area, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corner {
    UpperRight,
    UpperLeft,
    LowerRight,
    LowerLeft,
}

/// Put a legend inside the plotting area (`plot_px`, absolute pixels of
/// `root`) in the corner that hides the fewest occupied pixels; ties go
/// to the earlier corner in `prefer`. Returns the legend's rectangle.
pub(crate) fn place_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot_px: &(Range<i32>, Range<i32>),
    entries: &[LegendEntry],
    occupied: &Occupied,
    prefer: &[Corner],
) -> Result<(i32, i32, i32, i32), PlotError> {
    if entries.is_empty() {
        return Ok((0, 0, 0, 0));
    }
    let (w, h) = legend_size(root, entries)?;
    let inset = 10;
    let (xr, yr) = plot_px;
    let corner_xy = |c: Corner| {
        let x = match c {
            Corner::UpperLeft | Corner::LowerLeft => xr.start + inset,
            _ => xr.end - inset - w,
        };
        let y = match c {
            Corner::UpperLeft | Corner::UpperRight => yr.start + inset,
            _ => yr.end - inset - h,
        };
        (x, y)
    };
    // Corners first (in order of preference), then a grid of other
    // positions; the first position with the fewest covered pixels wins.
    let mut cands: Vec<(i32, i32)> = prefer.iter().map(|&c| corner_xy(c)).collect();
    let (gx0, gx1) = (xr.start + inset, xr.end - inset - w);
    let (gy0, gy1) = (yr.start + inset, yr.end - inset - h);
    let mut gy = gy0;
    while gy <= gy1 {
        let mut gx = gx0;
        while gx <= gx1 {
            cands.push((gx, gy));
            gx += 16;
        }
        gy += 12;
    }
    let mut best: Option<(usize, (i32, i32))> = None;
    for (x, y) in cands {
        let n = occupied.count_in((x - 4, y - 4, x + w + 4, y + h + 4));
        if best.is_none_or(|(bn, _)| n < bn) {
            best = Some((n, (x, y)));
        }
    }
    let (x, y) = best.map_or((xr.start + inset, yr.start + inset), |b| b.1);
    draw_legend_at(root, entries, (x, y))?;
    Ok((x, y, x + w, y + h))
}

/// (x, row) per entry, row height, number of rows.
type FlowLayout = (Vec<(i32, i32)>, i32, i32);

/// Row height and per-entry offsets of a legend laid out in rows of at
/// most `max_w` pixels: returns ((x, row) per entry, row height, rows).
fn flow_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    max_w: i32,
) -> Result<FlowLayout, PlotError> {
    let style = text(LEGEND_SIZE);
    let mut pos = Vec::with_capacity(entries.len());
    let (mut x, mut row, mut row_h) = (0, 0, 0);
    for e in entries {
        let (tw, th) = text_size(area, &e.label, &style)?;
        let ew = match e.marker {
            Marker::Heading => tw,
            _ => SWATCH_W + GAP + tw,
        };
        row_h = row_h.max(row_height(e, th));
        if x > 0 && x + ew > max_w {
            x = 0;
            row += 1;
        }
        pos.push((x, row));
        x += ew + 26;
    }
    Ok((pos, row_h, row + 1))
}

/// Height in pixels of a row-wise legend of width `max_w`.
pub(crate) fn flow_legend_height<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    max_w: i32,
) -> Result<i32, PlotError> {
    let (_, rh, rows) = flow_layout(area, entries, max_w)?;
    Ok(rh * rows + 4)
}

/// Draw a row-wise legend (no box) with its top-left corner at `(x, y)`.
pub(crate) fn draw_flow_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    (x, y): (i32, i32),
    max_w: i32,
) -> Result<(), PlotError> {
    let (pos, rh, _) = flow_layout(area, entries, max_w)?;
    let style = text(LEGEND_SIZE);
    for (e, (ex, row)) in entries.iter().zip(pos) {
        let yc = y + row * rh + rh / 2;
        let tx = match e.marker {
            Marker::Heading => x + ex,
            m => {
                draw_marker(area, m, x + ex, yc)?;
                x + ex + SWATCH_W + GAP
            }
        };
        draw_text_at(area, &e.label, &style, (tx, yc), HPos::Left, VPos::Center)?;
    }
    Ok(())
}

/// All four corners, upper right first.
pub(crate) const ALL_CORNERS: [Corner; 4] = [
    Corner::UpperRight,
    Corner::UpperLeft,
    Corner::LowerRight,
    Corner::LowerLeft,
];

// ------------------------------------------------------- key-point axis

/// A linear f64 axis whose tick marks are exactly the given key points
/// (years, category centres). plotters' own `WithKeyPoints` cannot be used
/// with a custom label formatter for f64 axes, hence this small axis type.
pub(crate) struct KeyAxis {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
}

impl KeyAxis {
    /// Axis over `range` (made non-empty) with ticks at `keys`.
    pub(crate) fn new(range: Range<f64>, keys: Vec<f64>) -> Self {
        let (lo, hi) = if range.end > range.start {
            (range.start, range.end)
        } else {
            (range.start - 0.5, range.start + 0.5)
        };
        Self { lo, hi, keys }
    }
}

impl Ranged for KeyAxis {
    type ValueType = f64;
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let logic = (value - self.lo) / (self.hi - self.lo);
        let actual = limit.1 - limit.0;
        if actual == 0 || !logic.is_finite() {
            return limit.0;
        }
        limit.0 + (actual as f64 * logic + 1e-3).floor() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }
}
