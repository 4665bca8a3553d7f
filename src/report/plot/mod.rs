//! Chart drawing for firesim reports.
//!
//! This module knows nothing about the simulation. Every chart takes a plain,
//! serialisable data struct (defined here) and renders the *same* picture to
//! two files: `<stem>.png` (raster, via plotters' bitmap backend) and
//! `<stem>.svg` (vector, via plotters' SVG backend). Each chart also has a
//! `*_svg_string` variant that returns the SVG document as a `String`, for
//! inlining into an HTML report.
//!
//! Conventions shared by all charts:
//!
//! * Titles, axis labels (with units) and series names come from the caller.
//! * Times are given in **seconds** wherever a field name ends in `_s`; the
//!   charts that say so convert them to minutes on the axis.
//! * Shares are given as **fractions** (0–1) and drawn as percentages.
//! * Series that identify a scenario (e.g. a rollout) are coloured with the
//!   Okabe–Ito colour-blind-safe palette in order ([`PALETTE_HEX`]); beyond
//!   eight series the colours repeat with a different dash pattern.
//!   Component fills (stacked segments, histogram groups) use the same
//!   palette starting at its second colour (orange), so that no large area
//!   is solid black.
//! * Text is drawn with the bundled DejaVu Sans font (`assets/fonts/`), so
//!   PNG output never depends on system fonts. SVG output names the font
//!   family [`FONT_FAMILY`] in `<text>` elements. A [`ChartLocale`] names
//!   another family (registered with [`register_font`]) and gives the few
//!   words the charts write themselves ("No data", legend headings); the
//!   `*_in` functions draw with it. Every other text comes from the caller,
//!   already in the reader's language.
//! * Non-finite numbers (NaN, ±∞) are ignored. A chart whose series hold no
//!   finite value at all is still written, as a titled panel saying
//!   "No data", and [`ChartFiles::no_data`] is `true`. Structurally invalid
//!   input (e.g. mismatched lengths, a non-positive bin width) gives
//!   [`PlotError::InvalidData`].
//! * Files are written to a temporary name in the target directory and then
//!   renamed, so a failed run never leaves a half-written chart behind.
//!
//! All data structs implement `Default`, so callers can fill the fields
//! they need and use `..Default::default()` for the rest (default size
//! 900 × 560 px).

use std::path::Path;

mod common;
mod cost;
mod data;
mod ecdf;
mod histogram;
mod map;
mod output;
mod ranked;
mod scatter;
mod stacked;
mod staffing;
mod style;
mod year_band;
mod year_line;

pub use data::*;
pub use output::Render;
pub use style::{PALETTE_HEX, register_font};

/// Render any chart to `<out_stem>.png` and `<out_stem>.svg` with a locale.
pub fn chart_files_in<C: output::Render>(
    data: &C,
    out_stem: &Path,
    locale: &ChartLocale,
) -> Result<ChartFiles, PlotError> {
    style::with_locale(locale, || output::write_files(data, out_stem))
}

/// Render any chart as an SVG document in a `String` with a locale.
pub fn chart_svg_in<C: output::Render>(
    data: &C,
    locale: &ChartLocale,
) -> Result<String, PlotError> {
    style::with_locale(locale, || output::svg_string(data))
}

macro_rules! chart_functions {
    ($ty:ty, $files:ident, $svg:ident, $what:literal) => {
        #[doc = concat!("Render ", $what, " to `<out_stem>.png` and `<out_stem>.svg`.")]
        pub fn $files(data: &$ty, out_stem: &Path) -> Result<ChartFiles, PlotError> {
            chart_files_in(data, out_stem, &ChartLocale::default())
        }

        #[doc = concat!("Render ", $what, " as an SVG document in a `String`.")]
        pub fn $svg(data: &$ty) -> Result<String, PlotError> {
            chart_svg_in(data, &ChartLocale::default())
        }
    };
}

chart_functions!(EcdfChart, ecdf_chart, ecdf_svg_string, "an ECDF chart");
chart_functions!(
    YearBandChart,
    year_band_chart,
    year_band_svg_string,
    "a yearly chart with interval bands"
);
chart_functions!(
    YearLineChart,
    year_line_chart,
    year_line_svg_string,
    "a yearly share chart with a target line"
);
chart_functions!(
    SplitHistogram,
    split_histogram,
    split_histogram_svg_string,
    "a grouped histogram"
);
chart_functions!(
    StackedBars,
    stacked_bars,
    stacked_bars_svg_string,
    "a (grouped) stacked bar chart"
);
chart_functions!(
    StaffingTimeline,
    staffing_timeline,
    staffing_timeline_svg_string,
    "a two-panel staffing timeline"
);
chart_functions!(MapChart, map_chart, map_svg_string, "a map");
chart_functions!(
    RankedBars,
    ranked_bars,
    ranked_bars_svg_string,
    "a ranked horizontal bar chart"
);
chart_functions!(
    CostChart,
    cost_chart,
    cost_svg_string,
    "a cost against a figure"
);
