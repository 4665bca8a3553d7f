//! Reading the CSV files a recorded scenario names: the incident stream
//! (docs/incident-csv.md) and the observed unit responses.
//!
//! Columns are found by header name, in any order; optional columns may be absent or empty.
//! A row that cannot be used (unparseable time, a time outside the period, coordinates
//! outside the region, an unknown type, unit kind, station or incident, an unknown zone
//! with no position) is a
//! [`BadRow`] with its line number; whether bad rows stop the load or are skipped is the
//! caller's choice. A row whose zone label the scenario lacks but which has a position is
//! placed in the zone whose land holds it ([`zone_at`]) and counted, for a warning. A file
//! that cannot be read, or lacks a required column, is an error of
//! the whole file.

use super::Zone;
use crate::ground::engine::SimTime;
use crate::ground::geo::{LatLon, Point, Projection};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One recorded incident, checked against the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedIncident {
    /// The row's id (for joining observed responses).
    pub id: String,
    /// Call received, from the start of the recorded period (the horizon start in replay).
    pub call: SimTime,
    /// Demand zone index.
    pub zone: u32,
    /// Incident type index.
    pub kind: u32,
    /// Projected position.
    pub pos: Point,
    /// Recorded call processing, seconds.
    pub call_processing_s: Option<f64>,
    /// Recorded on-scene time, seconds.
    pub on_scene_s: Option<f64>,
}

/// How a recorded stream is played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayMode {
    /// Every row once, at its time.
    Replay,
    /// Blocks of `block_days` days drawn from a recorded period of `period_days` days.
    Bootstrap {
        /// Block length, days.
        block_days: i64,
        /// Length of the recorded period, days.
        period_days: i64,
    },
}

/// A recorded stream as the scenario names it: the rows (sorted by call time, ties in file
/// order) and how to play them.
#[derive(Clone, Debug)]
pub struct RecordedStream {
    /// The rows, in call order.
    pub incidents: Vec<RecordedIncident>,
    /// Replay or bootstrap.
    pub mode: PlayMode,
}

impl RecordedStream {
    /// Position of the incident with `id` in replay order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.incidents.iter().position(|i| i.id == id)
    }
}

/// One observed unit response (a row of the observed-responses CSV).
#[derive(Clone, Debug, PartialEq)]
pub struct ObservedResponse {
    /// Line in the file.
    pub line: u64,
    /// Incident position in replay order.
    pub incident: usize,
    /// The unit's id in the record (e.g. `E32`).
    pub unit: String,
    /// Unit kind index.
    pub kind: usize,
    /// Home station index.
    pub station: usize,
    /// Dispatch order to this unit, from the horizon start.
    pub dispatch: Option<SimTime>,
    /// On scene, from the horizon start.
    pub on_scene: Option<SimTime>,
    /// Available again, from the horizon start.
    pub clear: Option<SimTime>,
    /// Dispatch → en route, seconds (may be bad: filter before use).
    pub turnout_s: Option<f64>,
    /// En route → on scene, seconds (may be bad: filter before use).
    pub travel_s: Option<f64>,
}

/// The observed responses a scenario or the command line names.
#[derive(Clone, Debug)]
pub struct Observed {
    /// The file they came from.
    pub file: PathBuf,
    /// The usable rows.
    pub responses: Vec<ObservedResponse>,
    /// Bad rows skipped.
    pub skipped: Vec<BadRow>,
}

/// A row that cannot be used: its line in the file (header = line 1) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// Line number in the file (the header is line 1, the first data row line 2).
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A rectangle in projected km (the region incidents must fall in).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    /// West edge, km.
    pub min_x: f64,
    /// East edge, km.
    pub max_x: f64,
    /// South edge, km.
    pub min_y: f64,
    /// North edge, km.
    pub max_y: f64,
}

impl Region {
    /// The bounding box of `points`, widened by `margin_km` on every side.
    pub fn around(points: impl IntoIterator<Item = (Point, f64)>, margin_km: f64) -> Region {
        let mut r = Region {
            min_x: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            min_y: f64::INFINITY,
            max_y: f64::NEG_INFINITY,
        };
        for (p, radius) in points {
            r.min_x = r.min_x.min(p.x_km - radius - margin_km);
            r.max_x = r.max_x.max(p.x_km + radius + margin_km);
            r.min_y = r.min_y.min(p.y_km - radius - margin_km);
            r.max_y = r.max_y.max(p.y_km + radius + margin_km);
        }
        r
    }

    /// Whether `p` lies inside.
    pub fn contains(&self, p: Point) -> bool {
        (self.min_x..=self.max_x).contains(&p.x_km) && (self.min_y..=self.max_y).contains(&p.y_km)
    }
}

/// What reading the incident file needs from the scenario.
pub(super) struct IncidentContext<'a> {
    pub zones: &'a [Zone],
    pub types: &'a HashMap<String, usize>,
    pub projection: Projection,
    pub region: Region,
    /// First day of the period rows must fall in, and its length in days.
    pub period_start: NaiveDate,
    pub period_days: i64,
}

/// Rows read from a file: the good ones and the bad ones.
pub(super) struct Rows<T> {
    pub good: Vec<T>,
    pub bad: Vec<BadRow>,
    /// Good rows whose zone label the scenario lacks, placed by their position: `(line,
    /// label, zone index)`.
    pub unknown_zones: Vec<(u64, String, usize)>,
}

fn open(path: &Path) -> Result<(csv::Reader<std::fs::File>, HashMap<String, usize>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot read: {e}"))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header: {e}"))?
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_string(), i))
        .collect();
    Ok((reader, headers))
}

fn need(headers: &HashMap<String, usize>, name: &str) -> Result<usize, String> {
    headers
        .get(name)
        .copied()
        .ok_or_else(|| format!("has no `{name}` column"))
}

/// A cell by column, trimmed; `None` when the column is absent or the cell empty.
fn cell(rec: &csv::StringRecord, col: Option<usize>) -> Option<&str> {
    col.and_then(|c| rec.get(c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Parse an ISO 8601 local time: `2020-04-07T23:53:08` (a space instead of `T`, and
/// fractional seconds, are accepted).
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

fn number(s: &str, what: &str) -> Result<f64, String> {
    s.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("{what} `{s}` is not a number"))
}

/// The longest duration a row of a recorded file (or a travel matrix entry) may give, s.
/// [estimate] No call processing, on-scene or travel time of a fire service incident comes
/// near 30 days (the longest wildfire commitments are days); a larger figure is a typo or a
/// unit mix-up (ms for s), and left in it would keep a unit committed past any horizon.
pub const MAX_DURATION_S: f64 = 30.0 * 86_400.0;

fn duration(s: Option<&str>, what: &str) -> Result<Option<f64>, String> {
    match s {
        None => Ok(None),
        Some(s) => {
            let x = number(s, what)?;
            if x < 0.0 {
                Err(format!("{what} {x} is negative"))
            } else if x > MAX_DURATION_S {
                Err(format!("{what} `{s}` is longer than 30 days"))
            } else {
                Ok(Some(x))
            }
        }
    }
}

/// Milliseconds from `start` 00:00 to `t`.
fn since(start: NaiveDate, t: NaiveDateTime) -> SimTime {
    let origin = start.and_hms_opt(0, 0, 0).unwrap_or_default();
    SimTime((t - origin).num_milliseconds())
}

/// Read the incident CSV; rows come back sorted by call time (ties in file order).
pub(super) fn read_incidents(
    path: &Path,
    ctx: &IncidentContext,
) -> Result<Rows<RecordedIncident>, String> {
    let (mut reader, h) = open(path)?;
    let c_time = need(&h, "time")?;
    let c_type = need(&h, "incident_type")?;
    let (c_lat, c_lon) = (h.get("lat").copied(), h.get("lon").copied());
    if c_lat.is_some() != c_lon.is_some() {
        return Err("has only one of the `lat` and `lon` columns".into());
    }
    let c_zone = h.get("zone").copied();
    if c_zone.is_none() && c_lat.is_none() {
        return Err("needs `lat` and `lon` columns, a `zone` column, or both".into());
    }
    let c_id = h.get("id").copied();
    let c_cp = h.get("call_processing_s").copied();
    let c_os = h.get("on_scene_s").copied();
    let zone_index: HashMap<&str, usize> = ctx
        .zones
        .iter()
        .enumerate()
        .map(|(i, z)| (z.name.as_str(), i))
        .collect();
    let end = SimTime::from_days(ctx.period_days);
    let mut seen_ids: HashMap<String, u64> = HashMap::new();
    let mut out = Rows {
        good: vec![],
        bad: vec![],
        unknown_zones: vec![],
    };
    for (n, rec) in reader.records().enumerate() {
        let mut line = n as u64 + 2;
        let mut out_unknown = vec![];
        let row = rec.map_err(|e| e.to_string()).and_then(|rec| {
            if let Some(p) = rec.position() {
                line = p.line();
            }
            let id = match cell(&rec, c_id) {
                Some(id) => id.to_string(),
                None if c_id.is_some() => return Err("empty id".into()),
                None => format!("row{}", n + 1),
            };
            if let Some(first) = seen_ids.get(&id) {
                return Err(format!("id `{id}` already used on line {first}"));
            }
            let time = cell(&rec, Some(c_time)).ok_or("empty time")?;
            let t = parse_time(time).ok_or_else(|| {
                format!("time `{time}` is not an ISO 8601 local time like 2020-04-07T23:53:08")
            })?;
            let call = since(ctx.period_start, t);
            if call < SimTime::ZERO || call >= end {
                return Err(format!(
                    "time {time} is outside the period {} to {} (inclusive)",
                    ctx.period_start,
                    ctx.period_start + chrono::Days::new(ctx.period_days.max(1) as u64 - 1)
                ));
            }
            let type_name = cell(&rec, Some(c_type)).ok_or("empty incident_type")?;
            let kind = *ctx
                .types
                .get(type_name)
                .ok_or_else(|| format!("unknown incident type `{type_name}`"))?;
            // A zone label the scenario lacks (a zone the calibration period never saw) is
            // not a bad row when the row has a position: the zone is then found from it.
            let (zone, unknown_zone) = match cell(&rec, c_zone) {
                Some(z) => match zone_index.get(z) {
                    Some(&i) => (Some(i), None),
                    None => (None, Some(z.to_string())),
                },
                None => (None, None),
            };
            let pos = match (cell(&rec, c_lat), cell(&rec, c_lon)) {
                (Some(lat), Some(lon)) => {
                    let ll = LatLon {
                        lat: number(lat, "lat")?,
                        lon: number(lon, "lon")?,
                    };
                    let p = ctx.projection.project(ll);
                    if !(-90.0..=90.0).contains(&ll.lat)
                        || !(-180.0..=180.0).contains(&ll.lon)
                        || !ctx.region.contains(p)
                    {
                        return Err(format!(
                            "coordinates ({}, {}) are outside the region (the zones and stations plus a margin)",
                            ll.lat, ll.lon
                        ));
                    }
                    Some(p)
                }
                (None, None) => None,
                _ => return Err("give both lat and lon, or neither".into()),
            };
            let (zone, pos) = match (zone, pos, &unknown_zone) {
                (Some(z), Some(p), _) => (z, p),
                (Some(z), None, _) => (z, ctx.zones[z].pos),
                (None, Some(p), _) => (zone_at(ctx.zones, p), p),
                (None, None, Some(z)) => {
                    return Err(format!(
                        "unknown zone `{z}` and no lat and lon to place the row by"
                    ));
                }
                (None, None, None) => return Err("needs lat and lon, or a zone".into()),
            };
            if let Some(label) = unknown_zone {
                out_unknown.push((line, label, zone));
            }
            Ok(RecordedIncident {
                id,
                call,
                zone: zone as u32,
                kind: kind as u32,
                pos,
                call_processing_s: duration(cell(&rec, c_cp), "call_processing_s")?,
                on_scene_s: duration(cell(&rec, c_os), "on_scene_s")?,
            })
        });
        match row {
            Ok(r) => {
                seen_ids.insert(r.id.clone(), line);
                out.good.push(r);
                out.unknown_zones.append(&mut out_unknown);
            }
            Err(message) => out.bad.push(BadRow { line, message }),
        }
    }
    out.good.sort_by_key(|r| r.call); // stable: ties keep file order
    Ok(out)
}

/// The zone whose land holds `p`: among the zones whose land (their cell of the
/// boundary, else a disc of their area around the seat) contains it, the one with the
/// closest seat; outside every zone's area, the
/// zone with the closest seat (ties: the first).
pub fn zone_at(zones: &[Zone], p: Point) -> usize {
    let mut best = (f64::INFINITY, None);
    for (i, z) in zones.iter().enumerate() {
        let d = z.pos.distance_km(p);
        if d < best.0 && z.contains(p) {
            best = (d, Some(i));
        }
    }
    best.1.unwrap_or_else(|| nearest_zone(zones, p))
}

/// The zone whose seat is closest to `p` (ties: the first).
pub fn nearest_zone(zones: &[Zone], p: Point) -> usize {
    let mut best = (f64::INFINITY, 0);
    for (i, z) in zones.iter().enumerate() {
        let d = z.pos.distance_km(p);
        if d < best.0 {
            best = (d, i);
        }
    }
    best.1
}

/// What reading the observed-responses file needs from the scenario.
pub struct ObservedContext<'a> {
    /// Incident id → position in replay order.
    pub incidents: &'a HashMap<String, usize>,
    /// Unit kind name → index.
    pub kinds: &'a HashMap<String, usize>,
    /// Station id → index.
    pub stations: &'a HashMap<String, usize>,
    /// The horizon start (times are counted from its midnight).
    pub start: NaiveDate,
}

/// Read the observed-responses CSV (docs/incident-csv.md).
pub(super) fn read_observed(
    path: &Path,
    ctx: &ObservedContext,
) -> Result<Rows<ObservedResponse>, String> {
    let (mut reader, h) = open(path)?;
    let c_inc = need(&h, "incident_id")?;
    let c_unit = need(&h, "unit")?;
    let c_kind = need(&h, "unit_kind")?;
    let c_station = need(&h, "station")?;
    let col = |n: &str| h.get(n).copied();
    let (c_disp, c_enr, c_ons, c_clr) = (
        col("dispatch"),
        col("en_route"),
        col("on_scene"),
        col("clear"),
    );
    let (c_turn, c_trav) = (col("turnout_s"), col("travel_s"));
    let mut out = Rows {
        good: vec![],
        bad: vec![],
        unknown_zones: vec![],
    };
    for (n, rec) in reader.records().enumerate() {
        let mut line = n as u64 + 2;
        let row = rec.map_err(|e| e.to_string()).and_then(|rec| {
            if let Some(p) = rec.position() {
                line = p.line();
            }
            let inc = cell(&rec, Some(c_inc)).ok_or("empty incident_id")?;
            let incident = *ctx
                .incidents
                .get(inc)
                .ok_or_else(|| format!("unknown incident `{inc}` (not in the incident file)"))?;
            let unit = cell(&rec, Some(c_unit)).ok_or("empty unit")?.to_string();
            let k = cell(&rec, Some(c_kind)).ok_or("empty unit_kind")?;
            let kind = *ctx
                .kinds
                .get(k)
                .ok_or_else(|| format!("unknown unit kind `{k}`"))?;
            let s = cell(&rec, Some(c_station)).ok_or("empty station")?;
            let station = *ctx
                .stations
                .get(s)
                .ok_or_else(|| format!("unknown station `{s}`"))?;
            let time = |c: Option<usize>, what: &str| -> Result<Option<SimTime>, String> {
                match cell(&rec, c) {
                    None => Ok(None),
                    Some(s) => parse_time(s)
                        .map(|t| Some(since(ctx.start, t)))
                        .ok_or_else(|| format!("{what} `{s}` is not an ISO 8601 local time")),
                }
            };
            let dispatch = time(c_disp, "dispatch")?;
            let en_route = time(c_enr, "en_route")?;
            let on_scene = time(c_ons, "on_scene")?;
            let clear = time(c_clr, "clear")?;
            let diff = |a: Option<SimTime>, b: Option<SimTime>| match (a, b) {
                (Some(a), Some(b)) => Some((b - a).as_secs()),
                _ => None,
            };
            // Derived seconds may be negative in the record; calibration and validation
            // filter them. Given columns win over times.
            let given = |c: Option<usize>, what: &str| -> Result<Option<f64>, String> {
                cell(&rec, c).map(|s| number(s, what)).transpose()
            };
            let turnout_s = given(c_turn, "turnout_s")?.or(diff(dispatch, en_route));
            let travel_s = given(c_trav, "travel_s")?.or(diff(en_route, on_scene));
            Ok(ObservedResponse {
                line,
                incident,
                unit,
                kind,
                station,
                dispatch,
                on_scene,
                clear,
                turnout_s,
                travel_s,
            })
        });
        match row {
            Ok(r) => out.good.push(r),
            Err(message) => out.bad.push(BadRow { line, message }),
        }
    }
    Ok(out)
}
