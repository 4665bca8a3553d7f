//! The plain data every chart draws (one serialisable struct per chart, `Default` for every
//! field a caller leaves out), the words and font a chart is drawn in, and the plot
//! module's error.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Font family name used for all text; SVG `<text>` elements carry it as
/// `font-family`, so an HTML page can map it to the bundled font with
/// `@font-face`.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// Errors from rendering or writing a chart.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The data cannot be drawn as given (the message says why).
    #[error("invalid chart data: {0}")]
    InvalidData(String),
    /// plotters reported an error while drawing.
    #[error("chart rendering failed: {0}")]
    Render(String),
    /// The rendered bitmap could not be encoded as PNG.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
    /// The bundled font could not be registered with plotters.
    #[error("the bundled font could not be registered")]
    Font,
    /// A caller's font could not be registered with plotters.
    #[error("the font for family '{0}' is not a TrueType/OpenType font plotters can read")]
    FontData(String),
    /// Writing an output file failed.
    #[error("cannot write chart file {}: {source}", path.display())]
    Io {
        /// The file that could not be written.
        path: PathBuf,
        /// The underlying IO error.
        #[source]
        source: std::io::Error,
    },
}

/// The words charts write on their own (everything else comes from the caller), in the
/// reader's language. `Default` is English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartWords {
    /// The message of an empty chart.
    pub no_data: String,
    /// Suffix after a number of minutes, with its leading space if any (" min").
    pub minutes_suffix: String,
    /// Legend count, `{name}` and `{n}` filled in: "{name} (n = {n})".
    pub count: String,
    /// Histogram legend tail, `{n}` and `{x}` filled in: "; {n} over {x} min not shown".
    pub not_shown: String,
    /// Target line label, `{v}` filled in: "Target {v} %".
    pub target: String,
    /// Legend prefixes for the line styles of a yearly band chart.
    pub solid: String,
    /// See `solid`.
    pub shaded: String,
    /// See `solid`.
    pub dashed: String,
    /// Stand-ins for an empty primary / secondary label of a yearly band chart.
    pub value: String,
    /// See `value`.
    pub second_metric: String,
    /// Heading of the group key of a grouped stacked bar chart.
    pub bars_left_to_right: String,
    /// Map legend headings and entries.
    pub incident_response: String,
    /// Map: the one response bin when no edges are given.
    pub all: String,
    /// Map: stations heading.
    pub stations_grade: String,
    /// Map: a station without a grade.
    pub no_grade: String,
    /// Map: headcount heading.
    pub headcount: String,
    /// Map: reach circles when the chart gives no label.
    pub reach: String,
    /// Map: zone seat marker.
    pub zone_seat: String,
    /// Map: zone outline.
    pub zone_boundary: String,
}

impl Default for ChartWords {
    fn default() -> Self {
        let s = |x: &str| x.to_string();
        Self {
            no_data: s("No data"),
            minutes_suffix: s(" min"),
            count: s("{name} (n = {n})"),
            not_shown: s("; {n} over {x} min not shown"),
            target: s("Target {v} %"),
            solid: s("solid: "),
            shaded: s("shaded: "),
            dashed: s("dashed: "),
            value: s("value"),
            second_metric: s("second metric"),
            bars_left_to_right: s("Bars, left to right:"),
            incident_response: s("Incident response"),
            all: s("all"),
            stations_grade: s("Stations (grade)"),
            no_grade: s("(no grade)"),
            headcount: s("Headcount (marker area)"),
            reach: s("Reach"),
            zone_seat: s("Zone seat"),
            zone_boundary: s("Zone boundary"),
        }
    }
}

/// How a chart's own text looks: the font family (registered with [`register_font`], or
/// the bundled [`FONT_FAMILY`]) and the words the charts write themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartLocale {
    /// Font family of every text, also written into the SVG.
    pub font_family: String,
    /// The charts' own words.
    pub words: ChartWords,
}

impl Default for ChartLocale {
    fn default() -> Self {
        Self {
            font_family: FONT_FAMILY.to_string(),
            words: ChartWords::default(),
        }
    }
}

/// Paths of the files written for one chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartFiles {
    /// The PNG file (`<stem>.png`).
    pub png: PathBuf,
    /// The SVG file (`<stem>.svg`).
    pub svg: PathBuf,
    /// `true` when the data held nothing to draw and a "No data" panel was
    /// written instead of the chart.
    pub no_data: bool,
}

/// Output size in pixels (the SVG uses the same user units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartSize {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Default for ChartSize {
    fn default() -> Self {
        Self {
            width: 900,
            height: 560,
        }
    }
}

/// A labelled reference line (a threshold or target), in the units stated
/// by the field that holds it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferenceLine {
    /// Position of the line.
    pub value: f64,
    /// Text drawn next to the line and in the legend, e.g. "5 min target".
    pub label: String,
}

/// One year's value, e.g. a yearly share or a yearly median.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct YearValue {
    /// Calendar year.
    pub year: i32,
    /// The value for that year.
    pub value: f64,
}

/// One year's value with the lower and upper bound of its interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct YearBand {
    /// Calendar year.
    pub year: i32,
    /// Point estimate.
    pub value: f64,
    /// Lower bound of the interval (e.g. 2.5 % quantile over replications).
    pub lower: f64,
    /// Upper bound of the interval (e.g. 97.5 % quantile).
    pub upper: f64,
}

/// A value at a fractional year, e.g. 2023.25 for the start of April 2023.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeValue {
    /// Fractional year.
    pub t: f64,
    /// The value at that time.
    pub value: f64,
}

// ---------------------------------------------------------------- 1. ECDF

/// One empirical distribution: a name and raw values in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EcdfSeries {
    /// Legend name, e.g. the rollout.
    pub name: String,
    /// Observations in seconds, sorted or not.
    pub values_s: Vec<f64>,
    /// How many observations the values stand for, when they are a summary (e.g. evenly
    /// spaced quantiles of a larger sample); the legend shows it as `n`. `None`: the
    /// number of values.
    #[serde(default)]
    pub count: Option<u64>,
}

/// Empirical cumulative distribution functions, one line per series.
/// The x axis is in minutes, the y axis is the cumulative share in percent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EcdfChart {
    /// Chart title.
    pub title: String,
    /// X axis label, e.g. "First-arrival time (min)".
    pub x_label: String,
    /// Y axis label, e.g. "Incidents reached (%)".
    pub y_label: String,
    /// The distributions.
    pub series: Vec<EcdfSeries>,
    /// Optional vertical dashed line, position in **minutes**.
    pub reference: Option<ReferenceLine>,
    /// Right end of the x axis in minutes; by default the largest 99th
    /// percentile of the series, rounded up (the tail beyond it is cut).
    pub x_max_min: Option<f64>,
    /// Output size.
    pub size: ChartSize,
}

// ------------------------------------------------------- 2. year + band

/// One series of yearly values with an interval band, plus an optional
/// second metric drawn dashed without a band.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct YearBandSeries {
    /// Legend name, e.g. the rollout.
    pub name: String,
    /// Primary metric with its interval (solid line, shaded band).
    pub points: Vec<YearBand>,
    /// Optional secondary metric (dashed line), may be empty.
    pub secondary: Vec<YearValue>,
}

/// Yearly values with shaded interval bands, one line per series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct YearBandChart {
    /// Chart title.
    pub title: String,
    /// X axis label, e.g. "Year".
    pub x_label: String,
    /// Y axis label with unit, e.g. "First-arrival time (min)".
    pub y_label: String,
    /// Legend text for the primary metric, e.g. "90th percentile".
    pub primary_label: String,
    /// Legend text for the band, e.g. "95% interval over replications".
    pub band_label: String,
    /// Legend text for the secondary metric, e.g. "median" (only shown if
    /// some series has secondary values).
    pub secondary_label: String,
    /// Start the y axis at zero instead of fitting it to the data.
    pub y_from_zero: bool,
    /// A fixed y range instead of one fitted to the data (small panels that share one
    /// axis; ignored unless finite and increasing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_range: Option<(f64, f64)>,
    /// The series.
    pub series: Vec<YearBandSeries>,
    /// Output size.
    pub size: ChartSize,
}

// ------------------------------------------------------ 3. year + target

/// One series of yearly shares (fractions 0–1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct YearLineSeries {
    /// Legend name.
    pub name: String,
    /// Yearly shares as fractions (0.87 = 87 %).
    pub points: Vec<YearValue>,
}

/// Yearly shares drawn as percentages with an optional horizontal target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct YearLineChart {
    /// Chart title.
    pub title: String,
    /// X axis label, e.g. "Year".
    pub x_label: String,
    /// Y axis label, e.g. "Incidents reached within 5 min (%)".
    pub y_label: String,
    /// The series.
    pub series: Vec<YearLineSeries>,
    /// Optional horizontal target, as a **fraction** (0.9 = 90 %).
    pub target: Option<ReferenceLine>,
    /// Y axis range in percent; default 0–100.
    pub y_range_pct: Option<(f64, f64)>,
    /// Output size.
    pub size: ChartSize,
}

// -------------------------------------------------------- 4. histogram

/// One group of values for a histogram, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HistogramGroup {
    /// Legend name, e.g. "Fire".
    pub name: String,
    /// Observations in seconds.
    pub values_s: Vec<f64>,
    /// How many observations the values stand for, when they are a summary (evenly
    /// spaced quantiles of a larger sample); the legend shows it as `n`. `None`: the
    /// number of values.
    #[serde(default)]
    pub count: Option<u64>,
}

/// How the groups of a [`SplitHistogram`] share each bin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistogramLayout {
    /// Bars of the groups side by side within each bin.
    #[default]
    SideBySide,
    /// Full-width semi-transparent bars drawn over each other.
    Overlaid,
}

/// What the bar height of a [`SplitHistogram`] shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistogramScale {
    /// Percent of the group's values (groups of different size compare).
    #[default]
    Percent,
    /// Raw counts.
    Count,
}

/// Histogram of values (seconds, drawn in minutes) for two or more groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitHistogram {
    /// Chart title.
    pub title: String,
    /// X axis label, e.g. "Response time (min)".
    pub x_label: String,
    /// Y axis label, e.g. "Share of incidents (%)" or "Incidents (count)".
    pub y_label: String,
    /// The groups.
    pub groups: Vec<HistogramGroup>,
    /// Bin width in **minutes** (must be > 0).
    pub bin_width_min: f64,
    /// Right end of the x axis in minutes; by default the largest 99th
    /// percentile rounded up. Values beyond it are counted in the legend.
    pub x_max_min: Option<f64>,
    /// Side-by-side or overlaid bars.
    pub layout: HistogramLayout,
    /// Percent of group or counts.
    pub scale: HistogramScale,
    /// Output size.
    pub size: ChartSize,
}

// ----------------------------------------------------- 5. stacked bars

/// One group of stacked bars (e.g. one rollout): `values[category][segment]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StackGroup {
    /// Legend name of the group.
    pub name: String,
    /// Short tag printed above each of the group's bars when there are
    /// several groups (empty: "A", "B", …).
    pub short_label: String,
    /// One row per category, one value per segment (non-negative).
    pub values: Vec<Vec<f64>>,
}

/// Stacked bars per category (e.g. year), optionally grouped side by side.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StackedBars {
    /// Chart title.
    pub title: String,
    /// X axis label, e.g. "Year".
    pub x_label: String,
    /// Y axis label with unit, e.g. "Mean time (min)".
    pub y_label: String,
    /// Category names along the x axis, e.g. years.
    pub categories: Vec<String>,
    /// Segment names, bottom to top, e.g. call processing, turnout, travel.
    pub segments: Vec<String>,
    /// One or more groups; each group's bars stand side by side per category.
    pub groups: Vec<StackGroup>,
    /// Output size.
    pub size: ChartSize,
}

// ------------------------------------------------------------ 6. staffing

/// Staffing of one series (e.g. rollout) over time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StaffingSeries {
    /// Legend name.
    pub name: String,
    /// On-duty firefighters over time (top panel).
    pub on_duty: Vec<TimeValue>,
    /// Crewed units over time (bottom panel).
    pub crewed_units: Vec<TimeValue>,
}

/// Two stacked panels sharing a time axis: on-duty firefighters (top) and
/// crewed units (bottom), one line per series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StaffingTimeline {
    /// Chart title.
    pub title: String,
    /// X axis label, e.g. "Year".
    pub x_label: String,
    /// Top panel y label, e.g. "On-duty firefighters (persons)".
    pub top_y_label: String,
    /// Bottom panel y label, e.g. "Crewed units (count)".
    pub bottom_y_label: String,
    /// The series.
    pub series: Vec<StaffingSeries>,
    /// Output size.
    pub size: ChartSize,
}

// ----------------------------------------------------------------- 7. map

/// A zone seat (the reference point of a zone), in projected km.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ZoneSeat {
    /// Label shown next to the cross.
    pub name: String,
    /// Easting in km.
    pub x_km: f64,
    /// Northing in km.
    pub y_km: f64,
}

/// A fire station on the map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MapStation {
    /// Short name shown as label.
    pub name: String,
    /// Opening year, appended to the label when given.
    pub opening_year: Option<i32>,
    /// Easting in km.
    pub x_km: f64,
    /// Northing in km.
    pub y_km: f64,
    /// Headcount; the marker area is proportional to it.
    pub headcount: f64,
    /// Grade category; each distinct grade gets its own colour.
    pub grade: String,
    /// Optional reach radius in km (drawn as a thin circle).
    pub reach_km: Option<f64>,
}

/// A sample incident on the map, coloured by its response time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct MapIncident {
    /// Easting in km.
    pub x_km: f64,
    /// Northing in km.
    pub y_km: f64,
    /// Response time in seconds.
    pub response_s: f64,
}

/// A map in projected km (equal aspect ratio): zone seats, zone outlines,
/// stations with reach circles, and incidents coloured by response time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MapChart {
    /// Chart title.
    pub title: String,
    /// X axis label, e.g. "Easting (km)".
    pub x_label: String,
    /// Y axis label, e.g. "Northing (km)".
    pub y_label: String,
    /// Zone seats (small labelled crosses).
    pub zone_seats: Vec<ZoneSeat>,
    /// Zone outlines as polylines of (x km, y km); close a ring by repeating
    /// its first point.
    pub zone_outlines: Vec<Vec<(f64, f64)>>,
    /// The district's boundary as a closed polyline of (x km, y km), drawn darker than the
    /// zone outlines (empty: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundary: Vec<(f64, f64)>,
    /// Neighbouring areas, drawn dashed and labelled where their land shows inside the
    /// map; they do not widen the map's extent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neighbours: Vec<MapArea>,
    /// Road segments as ((x km, y km), (x km, y km)), drawn beneath everything else
    /// (empty: no road network). They do not widen the map's extent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roads: Vec<[(f64, f64); 2]>,
    /// Stations.
    pub stations: Vec<MapStation>,
    /// Sample incidents.
    pub incidents: Vec<MapIncident>,
    /// Upper bin edges of incident response times in **minutes**, ascending;
    /// default `[5, 8, 12]` (bins ≤5, 5–8, 8–12, >12 min).
    pub response_bins_min: Vec<f64>,
    /// Legend text for reach circles, e.g. "5-min travel reach".
    pub reach_label: String,
    /// Output size.
    pub size: ChartSize,
}

/// A labelled area on a [`MapChart`] (a neighbouring county).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MapArea {
    /// Label.
    pub name: String,
    /// Closed rings of (x km, y km).
    pub rings: Vec<Vec<(f64, f64)>>,
}

// --------------------------------------------------------- 8. ranked bars

/// One series of values per category for [`RankedBars`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RankedSeries {
    /// Legend name.
    pub name: String,
    /// One value per category (same order as `RankedBars::categories`);
    /// non-finite values are left out.
    pub values: Vec<f64>,
}

/// Horizontal grouped bars per category, sorted by one series' value.
///
/// When the categories do not fit in `size.height` at a readable bar
/// thickness, the image is made taller.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RankedBars {
    /// Chart title.
    pub title: String,
    /// X axis label with unit, e.g. "90th percentile response time (min)".
    pub x_label: String,
    /// Category names, e.g. zones. Very long names are shortened with "…".
    pub categories: Vec<String>,
    /// Series; one bar per series within each category.
    pub series: Vec<RankedSeries>,
    /// Index of the series that sets the order (default 0).
    pub sort_by_series: usize,
    /// Sort ascending (smallest on top) instead of descending.
    pub ascending: bool,
    /// Optional vertical reference line in x axis units.
    pub reference: Option<ReferenceLine>,
    /// Output size (the height may grow, see above).
    pub size: ChartSize,
}

// ------------------------------------------------------------ 9. cost

/// One rollout on a [`CostChart`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CostPoint {
    /// Label beside the point.
    pub name: String,
    /// Cost (x), in the chart's unit (e.g. millions).
    pub cost: f64,
    /// The figure (y), e.g. p90 in seconds.
    pub value: f64,
    /// 95% interval of the figure (NaN: none).
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Whether it respects every constraint (infeasible points are drawn hollow and grey).
    pub feasible: bool,
    /// The baseline (drawn as a square).
    pub baseline: bool,
    /// A state of the world, not a choice (drawn as a cross).
    #[serde(default)]
    pub world: bool,
}

/// Cost against a figure, one point per rollout with its 95% interval: what each costs
/// and what it buys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CostChart {
    /// Chart title.
    pub title: String,
    /// X axis label with unit.
    pub x_label: String,
    /// Y axis label with unit.
    pub y_label: String,
    /// Legend words: the baseline, a feasible rollout, an infeasible one, a state of the
    /// world.
    pub legend: [String; 4],
    /// The points.
    pub points: Vec<CostPoint>,
    /// Output size.
    pub size: ChartSize,
}

// --------------------------------------------------------- 10. scatter

/// One series of points for [`ScatterChart`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScatterSeries {
    /// Legend name.
    pub name: String,
    /// `(x, y)` points; non-finite ones are left out.
    pub points: Vec<(f64, f64)>,
    /// Join the points, in x order, with a line (a front).
    pub joined: bool,
}

/// Points of several series on two numeric axes, e.g. cost against an objective.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScatterChart {
    /// Chart title.
    pub title: String,
    /// X axis label with unit.
    pub x_label: String,
    /// Y axis label with unit.
    pub y_label: String,
    /// The series, drawn in order (later ones on top).
    pub series: Vec<ScatterSeries>,
    /// Output size.
    pub size: ChartSize,
}
