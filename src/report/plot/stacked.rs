//! Stacked bars per category (e.g. year: call processing + turnout +
//! travel), with one or more groups (e.g. rollouts) side by side.

use super::common::{
    KeyAxis, LegendEntry, Marker, draw_err, draw_legend_at, draw_text_at, fill, fmt_num,
    legend_size, nice_ceil, stroke, style_mesh, titled,
};
use super::output::Render;
use super::style::{SMALL_SIZE, fill_color, text, words};
use super::{ChartSize, PlotError, StackedBars};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

fn group_tag(short: &str, i: usize) -> String {
    if short.is_empty() {
        char::from_u32('A' as u32 + (i % 26) as u32)
            .map(String::from)
            .unwrap_or_default()
    } else {
        short.to_string()
    }
}

impl Render for StackedBars {
    fn size(&self) -> ChartSize {
        self.size
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn has_data(&self) -> bool {
        !self.categories.is_empty()
            && self
                .groups
                .iter()
                .any(|g| g.values.iter().flatten().any(|v| v.is_finite()))
    }
    fn validate(&self) -> Result<(), PlotError> {
        for g in &self.groups {
            if g.values.len() != self.categories.len() {
                return Err(PlotError::InvalidData(format!(
                    "stacked bars group '{}' has {} rows, expected one per category ({})",
                    g.name,
                    g.values.len(),
                    self.categories.len()
                )));
            }
            for (c, row) in self.categories.iter().zip(&g.values) {
                if row.len() != self.segments.len() {
                    return Err(PlotError::InvalidData(format!(
                        "stacked bars group '{}', category '{c}': {} values, expected one per segment ({})",
                        g.name,
                        row.len(),
                        self.segments.len()
                    )));
                }
                if let Some(v) = row.iter().find(|v| **v < 0.0) {
                    return Err(PlotError::InvalidData(format!(
                        "stacked bars group '{}', category '{c}': negative value {v}",
                        g.name
                    )));
                }
            }
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let nc = self.categories.len();
        let ng = self.groups.len().max(1);
        let several = self.groups.len() > 1;
        let total_max = self
            .groups
            .iter()
            .flat_map(|g| {
                g.values
                    .iter()
                    .map(|row| row.iter().filter(|v| v.is_finite()).sum::<f64>())
            })
            .fold(0.0, f64::max);
        let y_top = nice_ceil(total_max * if several { 1.12 } else { 1.05 });

        // Legend: segments top to bottom (as stacked), then the group key.
        let mut entries: Vec<LegendEntry> = self
            .segments
            .iter()
            .enumerate()
            .rev()
            .map(|(si, s)| {
                LegendEntry::new(
                    s.clone(),
                    Marker::Box {
                        color: fill_color(si),
                        alpha: 0.95,
                    },
                )
            })
            .collect();
        if several {
            entries.push(LegendEntry::new("", Marker::Heading));
            entries.push(LegendEntry::new(
                words().bars_left_to_right,
                Marker::Heading,
            ));
            for (gi, g) in self.groups.iter().enumerate() {
                entries.push(LegendEntry::new(
                    format!("{} = {}", group_tag(&g.short_label, gi), g.name),
                    Marker::Heading,
                ));
            }
        } else if let Some(g) = self.groups.first()
            && !g.name.is_empty()
        {
            entries.insert(0, LegendEntry::new(g.name.clone(), Marker::Heading));
        }
        let centers: Vec<f64> = (0..nc).map(|i| i as f64 + 0.5).collect();
        let area = titled(root, &self.title)?;
        let (lw, _) = legend_size(root, &entries)?;
        let (aw, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally((aw as i32 - lw - 16).max(aw as i32 / 2));
        let mut chart = ChartBuilder::on(&left)
            .margin_top(8)
            .margin_right(8)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(KeyAxis::new(0.0..nc as f64, centers), 0.0..y_top)
            .map_err(draw_err)?;
        let cats = &self.categories;
        let xfmt = |v: &f64| {
            let i = (v - 0.5).round();
            if i >= 0.0 {
                cats.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let yfmt = |v: &f64| fmt_num(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, &self.x_label, &self.y_label);
        mesh.x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .y_labels(8)
            .disable_x_mesh();
        mesh.draw().map_err(draw_err)?;

        let plot_px = chart.plotting_area().get_pixel_range();
        let slot = 0.8 / ng as f64;
        let bar_w = slot * if several { 0.86 } else { 0.75 };
        let tag_style = text(SMALL_SIZE);
        for (gi, g) in self.groups.iter().enumerate() {
            let tag = group_tag(&g.short_label, gi);
            for (ci, row) in g.values.iter().enumerate() {
                let x_mid = ci as f64 + 0.1 + slot * (gi as f64 + 0.5);
                let (x0, x1) = (x_mid - bar_w / 2.0, x_mid + bar_w / 2.0);
                let mut base = 0.0;
                for (si, &v) in row.iter().enumerate() {
                    if !(v.is_finite() && v > 0.0) {
                        continue;
                    }
                    let rect = [(x0, base), (x1, (base + v).min(y_top))];
                    chart
                        .plotting_area()
                        .draw(&Rectangle::new(rect, fill(fill_color(si), 0.95)))
                        .map_err(draw_err)?;
                    chart
                        .plotting_area()
                        .draw(&Rectangle::new(rect, stroke(WHITE, 1)))
                        .map_err(draw_err)?;
                    base += v;
                }
                let top = chart.backend_coord(&(x_mid, base.min(y_top)));
                if several {
                    draw_text_at(
                        root,
                        &tag,
                        &tag_style,
                        (top.0, top.1 - 3),
                        HPos::Center,
                        VPos::Bottom,
                    )?;
                }
            }
        }

        let (lx, ly) = (right.get_base_pixel().0 + 4, plot_px.1.start);
        draw_legend_at(root, &entries, (lx, ly))?;
        Ok(())
    }
}
