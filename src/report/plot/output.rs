//! Rendering a chart to PNG bytes and an SVG string, and writing both files
//! atomically (temporary file in the target directory, then rename).

use super::common::{draw_err, draw_no_data};
use super::style::ensure_fonts;
use super::{ChartFiles, ChartSize, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Smallest and largest accepted image side in pixels.
const MIN_SIDE: u32 = 200;
const MAX_SIDE: u32 = 8000;

/// What every chart data struct implements so it can be rendered to any
/// plotters backend (implemented by this module's chart structs only).
pub trait Render {
    /// Pixel size of the picture.
    fn size(&self) -> ChartSize;
    /// Title (also used on the "No data" panel).
    fn title(&self) -> &str;
    /// Checks the structure of the data; called before any drawing.
    fn validate(&self) -> Result<(), PlotError> {
        Ok(())
    }
    /// Whether there is at least one finite value to draw.
    fn has_data(&self) -> bool;
    /// Draw the chart on a white root area of `size()`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>;
}

fn checked_size(chart: &impl Render) -> Result<(u32, u32), PlotError> {
    let s = chart.size();
    for (side, v) in [("width", s.width), ("height", s.height)] {
        if !(MIN_SIDE..=MAX_SIDE).contains(&v) {
            return Err(PlotError::InvalidData(format!(
                "image {side} {v} px is outside {MIN_SIDE}..={MAX_SIDE}"
            )));
        }
    }
    Ok((s.width, s.height))
}

/// Draw the chart (or the "No data" panel); returns `true` if no data.
fn draw_any<DB: DrawingBackend>(
    chart: &impl Render,
    root: &DrawingArea<DB, Shift>,
) -> Result<bool, PlotError> {
    root.fill(&WHITE).map_err(draw_err)?;
    if chart.has_data() {
        chart.draw(root)?;
        Ok(false)
    } else {
        draw_no_data(root, chart.title())?;
        Ok(true)
    }
}

fn prepare(chart: &impl Render) -> Result<(u32, u32), PlotError> {
    ensure_fonts()?;
    let size = checked_size(chart)?;
    chart.validate()?;
    Ok(size)
}

fn render_svg(chart: &impl Render, size: (u32, u32)) -> Result<(String, bool), PlotError> {
    let mut out = String::new();
    let no_data;
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        no_data = draw_any(chart, &root)?;
        root.present().map_err(draw_err)?;
    }
    Ok((out, no_data))
}

fn render_png(chart: &impl Render, (w, h): (u32, u32)) -> Result<Vec<u8>, PlotError> {
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw_any(chart, &root)?;
        root.present().map_err(draw_err)?;
    }
    let mut png_bytes = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut png_bytes, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc
            .write_header()
            .map_err(|e| PlotError::Encode(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| PlotError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| PlotError::Encode(e.to_string()))?;
    }
    Ok(png_bytes)
}

/// Render the chart as an SVG document.
pub(crate) fn svg_string(chart: &impl Render) -> Result<String, PlotError> {
    let size = prepare(chart)?;
    Ok(render_svg(chart, size)?.0)
}

/// `stem` + `.ext`, keeping any dots already in the stem.
fn with_suffix(stem: &Path, ext: &str) -> PathBuf {
    let mut s: OsString = stem.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Write `bytes` to `path` atomically ([`crate::ground::atomic_file`]).
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PlotError> {
    crate::ground::atomic_file::write(path, bytes).map_err(|source| PlotError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Render both formats in memory, then write `<stem>.png` and `<stem>.svg`.
pub(crate) fn write_files(chart: &impl Render, stem: &Path) -> Result<ChartFiles, PlotError> {
    let size = prepare(chart)?;
    let (svg, no_data) = render_svg(chart, size)?;
    let png_bytes = render_png(chart, size)?;
    let files = ChartFiles {
        png: with_suffix(stem, "png"),
        svg: with_suffix(stem, "svg"),
        no_data,
    };
    write_atomic(&files.png, &png_bytes)?;
    write_atomic(&files.svg, svg.as_bytes())?;
    Ok(files)
}
