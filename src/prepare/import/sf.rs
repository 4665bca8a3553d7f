//! San Francisco Fire Department "Calls for Service" records (DataSF dataset nuek-vuh3; one
//! row per unit response) → firesim's incident CSV, observed-responses CSV and a scenario
//! fragment (docs/incident-csv.md). The mapping rules live here; `firesim import sf-calls`
//! (`commands::import`) only opens the files and writes the results.
//!
//! What is kept: responses of engines (`Exx`), trucks (`Txx`) and rescue squads (`RSx`),
//! mapped to their stations by the stations file's `units` column (or, for an engine or
//! truck it does not list, by its number). Medic units (ambulances), private ambulances,
//! chiefs, rescue captains, support and investigation units are left out: the model is of
//! fire units, and SF's medics are a separate EMS system with their own deployment (they
//! post on street corners rather than at fire stations). Incidents that got no kept unit
//! are left out with them. Each incident's type comes from its SF `Call Type` and what SF
//! sent ([`incident_type`]), so that a type's plan asks for an engine exactly when SF sent
//! one.

use crate::scenario::recorded::parse_time;
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why an SF import failed; every message names the file (and line) at fault.
#[derive(Debug, thiserror::Error)]
pub enum SfError {
    /// The CSV header row could not be read.
    #[error("{}: cannot read the header row", file.display())]
    Header {
        /// The file.
        file: PathBuf,
        /// What the CSV reader said.
        source: csv::Error,
    },
    /// A needed column is missing.
    #[error("{}: no `{column}` column{hint}", file.display())]
    MissingColumn {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// What the file probably is not (empty or ` (not an SF calls file?)`).
        hint: &'static str,
    },
    /// A row could not be read as CSV.
    #[error("{} line {line}", file.display())]
    Row {
        /// The file.
        file: PathBuf,
        /// The line (the header is line 1).
        line: usize,
        /// What the CSV reader said.
        source: csv::Error,
    },
    /// A cell holds something the importer cannot use.
    #[error("{} line {line}: {message}", file.display())]
    Cell {
        /// The file.
        file: PathBuf,
        /// The line (the header is line 1).
        line: usize,
        /// Which cell and what is wrong with it.
        message: String,
    },
    /// An output file could not be encoded.
    #[error("cannot encode {file}: {message}")]
    Encode {
        /// The output file.
        file: &'static str,
        /// What the CSV writer said.
        message: String,
    },
}

/// A longitude/latitude box (`--bbox MINLON,MINLAT,MAXLON,MAXLAT`, WGS84).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    /// Western edge.
    pub min_lon: f64,
    /// Southern edge.
    pub min_lat: f64,
    /// Eastern edge.
    pub max_lon: f64,
    /// Northern edge.
    pub max_lat: f64,
}

impl BBox {
    /// Whether the point is inside the box (edges included).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }

    /// Read `MINLON,MINLAT,MAXLON,MAXLAT`; the error says what is wrong with `s`.
    pub fn parse(s: &str) -> Result<BBox, String> {
        let v: Vec<f64> = s
            .split(',')
            .map(|x| x.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("`{s}`: {e} (expected MINLON,MINLAT,MAXLON,MAXLAT)"))?;
        let [min_lon, min_lat, max_lon, max_lat] = v[..] else {
            return Err(format!(
                "`{s}`: expected 4 numbers MINLON,MINLAT,MAXLON,MAXLAT, got {}",
                v.len()
            ));
        };
        let ok = (-180.0..=180.0).contains(&min_lon)
            && (-180.0..=180.0).contains(&max_lon)
            && (-90.0..=90.0).contains(&min_lat)
            && (-90.0..=90.0).contains(&max_lat)
            && min_lon < max_lon
            && min_lat < max_lat;
        if !ok {
            return Err(format!(
                "`{s}`: need -180 <= MINLON < MAXLON <= 180 and -90 <= MINLAT < MAXLAT <= 90"
            ));
        }
        Ok(BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }
}

/// A unit kind firesim models, from SF's unit type.
fn unit_kind(unit_type: &str) -> Option<&'static str> {
    match unit_type {
        "ENGINE" => Some("engine"),
        "TRUCK" => Some("truck"),
        "RESCUE SQUAD" => Some("rescue_squad"),
        _ => None,
    }
}

/// Kind of a unit id as the stations file lists it (`E01`, `T01`, `RS1`).
fn kind_of_id(id: &str) -> Option<&'static str> {
    if id.starts_with("RS") {
        Some("rescue_squad")
    } else if id.starts_with('E') {
        Some("engine")
    } else if id.starts_with('T') {
        Some("truck")
    } else {
        None
    }
}

/// A response plan as `(unit kind, count)` pairs.
type Plan = &'static [(&'static str, u32)];

/// The firesim incident types of the SF import, with their plans and categories:
/// `(name, category, plan)`.
pub const TYPES: &[(&str, &str, Plan)] = &[
    ("medical", "non_fire", &[("engine", 1)]),
    ("fire_alarm", "fire", &[("engine", 1), ("truck", 1)]),
    (
        "structure_fire",
        "fire",
        &[("engine", 3), ("truck", 2), ("rescue_squad", 1)],
    ),
    ("outside_fire", "fire", &[("engine", 1)]),
    ("hazard", "non_fire", &[("engine", 1)]),
    ("traffic_collision", "non_fire", &[("engine", 1)]),
    ("service_call", "non_fire", &[("engine", 1)]),
    ("truck_call", "non_fire", &[("truck", 1)]),
    ("rescue_call", "non_fire", &[("rescue_squad", 1)]),
];

/// The firesim type of an SF incident, from its call type and the engines, trucks and
/// rescue squads SF sent. Incidents SF sent no engine get a type without one (truck or
/// rescue squad only), so engine comparisons cover the same incidents.
pub fn incident_type(call_type: &str, engines: u32, trucks: u32) -> &'static str {
    if engines == 0 {
        return if trucks > 0 {
            "truck_call"
        } else {
            "rescue_call"
        };
    }
    match call_type {
        "Structure Fire" | "Water Rescue" if engines >= 3 => "structure_fire",
        "Structure Fire" | "Water Rescue" | "Alarms" | "Vehicle Fire" => "fire_alarm",
        "Medical Incident" => "medical",
        "Outside Fire" | "Smoke Investigation (Outside)" => "outside_fire",
        "Gas Leak (Natural and LP Gases)"
        | "Electrical Hazard"
        | "Odor (Strange / Unknown)"
        | "Fuel Spill" => "hazard",
        "Traffic Collision" => "traffic_collision",
        _ => "service_call",
    }
}

/// Assumed crew per unit kind (on-duty firefighters to staff one) [estimate]: SF engines
/// run with 4, trucks and rescue squads with 5.
const CREW: &[(&str, u32)] = &[("engine", 4), ("truck", 5), ("rescue_squad", 5)];

/// The unit kinds the import keeps, in the order a station lists them.
const KINDS: [&str; 3] = ["engine", "truck", "rescue_squad"];

fn sf_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%m/%d/%Y %I:%M:%S %p")
        .ok()
        .or_else(|| parse_time(s))
}

fn iso(t: Option<NaiveDateTime>) -> String {
    t.map_or(String::new(), |t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

fn secs(a: Option<NaiveDateTime>, b: Option<NaiveDateTime>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{}", (b - a).num_seconds()),
        _ => String::new(),
    }
}

/// A row of the stations file.
#[derive(Clone, Debug)]
pub struct Station {
    /// SF station number.
    pub number: u32,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Unit ids the station houses (`E01`, `T01`, `RS1`, others).
    pub units: Vec<String>,
    /// Where the location comes from.
    pub source: String,
}

fn station_id(n: u32) -> String {
    format!("S{n:02}")
}

/// The index of each named column of `headers`, or which one `file` lacks.
fn columns<const N: usize>(
    headers: &csv::StringRecord,
    names: [&str; N],
    file: &Path,
    hint: &'static str,
) -> Result<[usize; N], SfError> {
    let mut out = [0; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = headers
            .iter()
            .position(|x| x == name)
            .ok_or_else(|| SfError::MissingColumn {
                file: file.to_path_buf(),
                column: name.to_string(),
                hint,
            })?;
    }
    Ok(out)
}

/// The header of the CSV read from `reader` and its rows with their line numbers (the
/// header is line 1); `file` names it in errors. (The iterator is an `impl Trait`, which a
/// type alias cannot name on stable, hence the allowance.)
#[allow(clippy::type_complexity)]
fn csv_rows(
    reader: impl Read,
    file: &Path,
) -> Result<
    (
        csv::StringRecord,
        impl Iterator<Item = Result<(usize, csv::StringRecord), SfError>>,
    ),
    SfError,
> {
    let mut r = csv::Reader::from_reader(reader);
    let h = r
        .headers()
        .map_err(|source| SfError::Header {
            file: file.to_path_buf(),
            source,
        })?
        .clone();
    let file = file.to_path_buf();
    let rows = r.into_records().enumerate().map(move |(i, rec)| {
        let line = i + 2;
        rec.map(|rec| (line, rec)).map_err(|source| SfError::Row {
            file: file.clone(),
            line,
            source,
        })
    });
    Ok((h, rows))
}

/// Read the stations CSV (station, lat, lon, units[, source]) from `reader`; `file` names
/// it in errors.
pub fn read_stations(reader: impl Read, file: &Path) -> Result<Vec<Station>, SfError> {
    let (h, rows) = csv_rows(reader, file)?;
    let [c_st, c_lat, c_lon, c_units] = columns(&h, ["station", "lat", "lon", "units"], file, "")?;
    let c_src = h.iter().position(|x| x == "source");
    let mut out = vec![];
    for row in rows {
        let (line, rec) = row?;
        let get = |c: usize| rec.get(c).unwrap_or("").trim();
        let bad = |what: &str, c: usize, expect: &str| SfError::Cell {
            file: file.to_path_buf(),
            line,
            message: format!("{what} `{}` is not a {expect}", get(c)),
        };
        let parse = |c: usize, what: &str| -> Result<f64, SfError> {
            get(c)
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad(what, c, "number"))
        };
        let number = get(c_st)
            .parse::<u32>()
            .map_err(|_| bad("station", c_st, "number"))?;
        let units = get(c_units)
            .split(" (")
            .next()
            .unwrap_or("")
            .split(';')
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .collect();
        out.push(Station {
            number,
            lat: parse(c_lat, "lat")?,
            lon: parse(c_lon, "lon")?,
            units,
            source: c_src.map(|c| get(c).to_string()).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// One kept unit response.
struct Resp {
    unit: String,
    kind: &'static str,
    station: u32,
    seq: u32,
    dispatch: Option<NaiveDateTime>,
    en_route: Option<NaiveDateTime>,
    on_scene: Option<NaiveDateTime>,
    clear: Option<NaiveDateTime>,
}

struct Call {
    id: String,
    received: NaiveDateTime,
    call_type: String,
    location: Option<(f64, f64)>,
    area: String,
    responses: Vec<Resp>,
}

fn parse_location(s: &str) -> Option<(f64, f64)> {
    let s = s.trim().trim_start_matches('(').trim_end_matches(')');
    let (a, b) = s.split_once(',')?;
    let (lat, lon) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
    (lat.is_finite() && lon.is_finite() && lat != 0.0 && lon != 0.0).then_some((lat, lon))
}

/// The zone name of an SF station area (`32` → `area-32`).
fn zone_name(area: &str) -> String {
    match area.trim().parse::<u32>() {
        Ok(n) => format!("area-{n:02}"),
        Err(_) if area.trim().is_empty() => "area-unknown".into(),
        Err(_) => format!("area-{}", area.trim()),
    }
}

/// Where a unit is housed.
enum Home {
    /// At this station, inside the box.
    Kept(u32),
    /// At a station outside the box: known, but not kept.
    Outside,
}

/// Which station houses which unit, split by the box.
struct Mapping<'a> {
    stations: &'a [Station],
    outside: &'a [Station],
    unit_station: HashMap<String, u32>,
}

impl<'a> Mapping<'a> {
    fn new(stations: &'a [Station], outside: &'a [Station]) -> Mapping<'a> {
        let mut unit_station = HashMap::new();
        for s in stations {
            for u in &s.units {
                if kind_of_id(u).is_some() {
                    unit_station.insert(u.clone(), s.number);
                }
            }
        }
        Mapping {
            stations,
            outside,
            unit_station,
        }
    }

    /// The home of `unit` (of `kind`): the station listing it, or for an engine or truck
    /// none lists, the station of its number; `None` where no station is known.
    fn home(&self, unit: &str, kind: &str) -> Option<Home> {
        let number = unit
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok();
        let by_number = |list: &[Station]| number.filter(|n| list.iter().any(|s| s.number == *n));
        let kept = self.unit_station.get(unit).copied().or(match kind {
            "engine" | "truck" => by_number(self.stations),
            _ => None,
        });
        if let Some(station) = kept {
            return Some(Home::Kept(station));
        }
        let outside = self
            .outside
            .iter()
            .any(|s| s.units.iter().any(|u| u == unit))
            || by_number(self.outside).is_some();
        outside.then_some(Home::Outside)
    }
}

/// What became of the rows of the calls file.
#[derive(Clone, Debug, Default)]
pub struct RowCounts {
    /// Unit responses (rows) read.
    pub rows: usize,
    /// Responses of unit types the model leaves out, by SF unit type.
    pub other_units: BTreeMap<String, usize>,
    /// Responses of fire units with no known station.
    pub unknown_station: usize,
    /// Responses of units of stations outside the box.
    pub outside_station_responses: usize,
    /// Unit times that could not be read (left empty).
    pub bad_times: usize,
}

/// The columns of the calls file the import reads.
struct CallColumns {
    call: usize,
    unit: usize,
    call_type: usize,
    received: usize,
    dispatch: usize,
    en_route: usize,
    on_scene: usize,
    available: usize,
    unit_type: usize,
    seq: usize,
    area: usize,
    location: usize,
}

impl CallColumns {
    fn find(h: &csv::StringRecord, file: &Path) -> Result<CallColumns, SfError> {
        let [call, unit, call_type, received] = columns(
            h,
            ["Call Number", "Unit ID", "Call Type", "Received DtTm"],
            file,
            " (not an SF calls file?)",
        )?;
        let [dispatch, en_route, on_scene, available] = columns(
            h,
            [
                "Dispatch DtTm",
                "Response DtTm",
                "On Scene DtTm",
                "Available DtTm",
            ],
            file,
            " (not an SF calls file?)",
        )?;
        let [unit_type, seq, area, location] = columns(
            h,
            [
                "Unit Type",
                "Unit sequence in call dispatch",
                "Station Area",
                "Location",
            ],
            file,
            " (not an SF calls file?)",
        )?;
        Ok(CallColumns {
            call,
            unit,
            call_type,
            received,
            dispatch,
            en_route,
            on_scene,
            available,
            unit_type,
            seq,
            area,
            location,
        })
    }
}

/// The calls of the calls file by call number, each with its kept responses; the calls
/// some unit of a station outside the box answered; what became of the rows.
struct ReadCalls {
    calls: BTreeMap<String, Call>,
    outside_calls: HashSet<String>,
    counts: RowCounts,
}

/// Read every row of the calls CSV, keeping the responses of fire units housed in the box.
fn read_calls(reader: impl Read, file: &Path, map: &Mapping) -> Result<ReadCalls, SfError> {
    let (h, rows) = csv_rows(reader, file)?;
    let c = CallColumns::find(&h, file)?;
    let mut out = ReadCalls {
        calls: BTreeMap::new(),
        outside_calls: HashSet::new(),
        counts: RowCounts::default(),
    };
    for row in rows {
        let (line, rec) = row?;
        out.counts.rows += 1;
        let get = |c: usize| rec.get(c).unwrap_or("").trim();
        let cell = |message: String| SfError::Cell {
            file: file.to_path_buf(),
            line,
            message,
        };
        let id = get(c.call).to_string();
        if id.is_empty() {
            return Err(cell("empty Call Number".into()));
        }
        let received = sf_time(get(c.received)).ok_or_else(|| {
            cell(format!(
                "Received DtTm `{}` is not a time like 04/07/2020 11:53:08 PM",
                get(c.received)
            ))
        })?;
        let call = out.calls.entry(id.clone()).or_insert_with(|| Call {
            id,
            received,
            call_type: get(c.call_type).to_string(),
            location: parse_location(get(c.location)),
            area: get(c.area).to_string(),
            responses: vec![],
        });
        let utype = get(c.unit_type);
        let Some(kind) = unit_kind(utype) else {
            *out.counts.other_units.entry(utype.to_string()).or_default() += 1;
            continue;
        };
        let unit = get(c.unit).to_string();
        let station = match map.home(&unit, kind) {
            None => {
                out.counts.unknown_station += 1;
                continue;
            }
            Some(Home::Outside) => {
                out.counts.outside_station_responses += 1;
                out.outside_calls.insert(call.id.clone());
                continue;
            }
            Some(Home::Kept(station)) => station,
        };
        let mut time = |c: usize| {
            let s = get(c);
            let t = sf_time(s);
            if t.is_none() && !s.is_empty() {
                out.counts.bad_times += 1;
            }
            t
        };
        call.responses.push(Resp {
            unit,
            kind,
            station,
            seq: get(c.seq).parse().unwrap_or(u32::MAX),
            dispatch: time(c.dispatch),
            en_route: time(c.en_route),
            on_scene: time(c.on_scene),
            clear: time(c.available),
        });
    }
    Ok(out)
}

/// What became of the calls.
#[derive(Clone, Debug, Default)]
pub struct CallCounts {
    /// Calls (distinct call numbers) read.
    pub total: usize,
    /// Incidents kept.
    pub kept: usize,
    /// Calls no engine, truck or rescue squad answered.
    pub no_fire_unit: usize,
    /// Calls without a location.
    pub no_location: usize,
    /// Calls outside the box.
    pub outside_box: usize,
    /// Calls inside the box only units of stations outside it answered.
    pub only_outside_units: usize,
}

/// The incidents with at least one kept unit and a location (in the box), in call order,
/// their responses in dispatch order.
fn keep_calls(
    read: ReadCalls,
    inside: impl Fn(f64, f64) -> bool,
) -> (Vec<Call>, CallCounts, RowCounts) {
    let ReadCalls {
        calls,
        outside_calls,
        counts,
    } = read;
    let total = calls.len();
    let mut kept: Vec<Call> = calls
        .into_values()
        .filter(|c| !c.responses.is_empty() || outside_calls.contains(&c.id))
        .collect();
    let no_fire_unit = total - kept.len();
    let before = kept.len();
    kept.retain(|c| c.location.is_some());
    let no_location = before - kept.len();
    let before = kept.len();
    kept.retain(|c| c.location.is_some_and(|(lat, lon)| inside(lat, lon)));
    let outside_box = before - kept.len();
    let before = kept.len();
    kept.retain(|c| !c.responses.is_empty());
    let only_outside_units = before - kept.len();
    kept.sort_by(|a, b| (a.received, &a.id).cmp(&(b.received, &b.id)));
    for c in &mut kept {
        c.responses
            .sort_by(|a, b| (a.seq, &a.unit).cmp(&(b.seq, &b.unit)));
    }
    let calls = CallCounts {
        total,
        kept: kept.len(),
        no_fire_unit,
        no_location,
        outside_box,
        only_outside_units,
    };
    (kept, calls, counts)
}

/// What incidents.csv found, for the fragment: incidents and on-scene times per type, and
/// the units seen per station and kind (in order of first response).
#[derive(Default)]
struct Seen {
    type_counts: BTreeMap<&'static str, usize>,
    type_on_scene: BTreeMap<&'static str, Vec<f64>>,
    units: BTreeMap<u32, BTreeMap<&'static str, Vec<String>>>,
}

fn encode(w: csv::Writer<Vec<u8>>, file: &'static str) -> Result<Vec<u8>, SfError> {
    w.into_inner().map_err(|e| SfError::Encode {
        file,
        message: e.to_string(),
    })
}

fn encode_err(file: &'static str) -> impl Fn(csv::Error) -> SfError {
    move |e| SfError::Encode {
        file,
        message: e.to_string(),
    }
}

/// incidents.csv: one row per kept incident, with its type, call processing and (median)
/// on-scene time.
fn incidents_csv(kept: &[Call]) -> Result<(Vec<u8>, Seen), SfError> {
    let err = encode_err("incidents.csv");
    let mut inc = csv::Writer::from_writer(vec![]);
    inc.write_record([
        "id",
        "time",
        "lat",
        "lon",
        "zone",
        "incident_type",
        "call_processing_s",
        "on_scene_s",
        "sf_call_type",
    ])
    .map_err(&err)?;
    let mut seen = Seen::default();
    for c in kept {
        let engines = c.responses.iter().filter(|r| r.kind == "engine").count() as u32;
        let trucks = c.responses.iter().filter(|r| r.kind == "truck").count() as u32;
        let t = incident_type(&c.call_type, engines, trucks);
        *seen.type_counts.entry(t).or_default() += 1;
        let first_dispatch = c.responses.iter().filter_map(|r| r.dispatch).min();
        let cp = first_dispatch
            .map(|d| (d - c.received).num_seconds())
            .filter(|&s| s >= 0);
        let mut work: Vec<i64> = c
            .responses
            .iter()
            .filter_map(|r| Some((r.clear? - r.on_scene?).num_seconds()))
            .filter(|&s| s > 0 && s < 86_400)
            .collect();
        work.sort_unstable();
        let on_scene = work.get(work.len().saturating_sub(1) / 2).copied();
        if let Some(o) = on_scene {
            seen.type_on_scene.entry(t).or_default().push(o as f64);
        }
        let (lat, lon) = c.location.unwrap_or_default();
        inc.write_record([
            c.id.clone(),
            iso(Some(c.received)),
            format!("{lat}"),
            format!("{lon}"),
            zone_name(&c.area),
            t.to_string(),
            cp.map_or(String::new(), |s| s.to_string()),
            on_scene.map_or(String::new(), |s| s.to_string()),
            c.call_type.clone(),
        ])
        .map_err(&err)?;
        for r in &c.responses {
            let list = seen
                .units
                .entry(r.station)
                .or_default()
                .entry(r.kind)
                .or_default();
            if !list.contains(&r.unit) {
                list.push(r.unit.clone());
            }
        }
    }
    Ok((encode(inc, "incidents.csv")?, seen))
}

/// responses.csv: every kept unit response, with its turnout and travel times; and how
/// many there are.
fn responses_csv(kept: &[Call]) -> Result<(Vec<u8>, usize), SfError> {
    let err = encode_err("responses.csv");
    let mut resp = csv::Writer::from_writer(vec![]);
    resp.write_record([
        "incident_id",
        "unit",
        "unit_kind",
        "station",
        "dispatch",
        "en_route",
        "on_scene",
        "clear",
        "turnout_s",
        "travel_s",
    ])
    .map_err(&err)?;
    let mut n_resp = 0usize;
    for c in kept {
        for r in &c.responses {
            n_resp += 1;
            resp.write_record([
                c.id.clone(),
                r.unit.clone(),
                r.kind.to_string(),
                station_id(r.station),
                iso(r.dispatch),
                iso(r.en_route),
                iso(r.on_scene),
                iso(r.clear),
                secs(r.dispatch, r.en_route),
                secs(r.en_route, r.on_scene),
            ])
            .map_err(&err)?;
        }
    }
    Ok((encode(resp, "responses.csv")?, n_resp))
}

/// The fragment's header and zones: the SF station areas, seat at the mean location of
/// their kept incidents.
fn fragment_zones(f: &mut String, kept: &[Call], n_resp: usize, files: [&Path; 2]) {
    let first = kept.first().map(|c| c.received.date());
    let last = kept.last().map(|c| c.received.date());
    let _ = writeln!(
        f,
        "# Generated by `firesim import sf-calls` from {} and {}.",
        files[0].display(),
        files[1].display()
    );
    let _ = writeln!(
        f,
        "# {} incidents with at least one engine, truck or rescue squad; {} unit responses.",
        kept.len(),
        n_resp
    );
    if let (Some(a), Some(b)) = (first, last) {
        let _ = writeln!(
            f,
            "# Records from {a} to {b}.\n\n# [horizon]\n# start = {a}\n# end = {b}"
        );
    }
    let _ = writeln!(
        f,
        "\n# Demand zones: SF station areas (`Station Area`), seat = mean location of the\n# area's imported incidents, weight = their count, area 0 (a point: recorded\n# incidents carry their own coordinates)."
    );
    let mut areas: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    for c in kept {
        if let Some((lat, lon)) = c.location {
            let e = areas.entry(zone_name(&c.area)).or_default();
            e.0 += lat;
            e.1 += lon;
            e.2 += 1;
        }
    }
    for (name, (lat, lon, n)) in &areas {
        let n = *n as f64;
        let _ = writeln!(
            f,
            "\n[[zones]]\nname = \"{name}\"\nlat = {:.6}\nlon = {:.6}\nweight = {n}",
            lat / n,
            lon / n
        );
    }
}

/// The fragment's incident types (shares and mean on-scene times from the import) and
/// unit kinds.
fn fragment_types(f: &mut String, seen: &Seen) {
    // The path names where the rules were when the committed fragments and scenarios were
    // generated; cli/import.rs points on to this module.
    let _ = writeln!(
        f,
        "\n# Incident types: SF `Call Type` and what SF sent (src/cli/import.rs). Shares are\n# the imported counts over their total (replay plays the recorded types; shares matter\n# only for a generated stream); on-scene times (used where a row has none) are lognormal with the\n# type's mean recorded on-scene time and cv 1 [estimate]."
    );
    let count = |name: &str| seen.type_counts.get(name).copied().unwrap_or(0);
    let total: usize = TYPES.iter().map(|(name, ..)| count(name)).sum();
    for (name, category, plan) in TYPES {
        let n = count(name);
        let share = n as f64 / total.max(1) as f64;
        let os = seen.type_on_scene.get(name).filter(|v| !v.is_empty());
        let mean = os.map_or(1_800.0, |v| v.iter().sum::<f64>() / v.len() as f64);
        let units: Vec<String> = plan
            .iter()
            .map(|(k, c)| format!("{{ kind = \"{k}\", count = {c} }}"))
            .collect();
        let _ = writeln!(
            f,
            "\n[[incident_types]]\nname = \"{name}\"\ncategory = \"{category}\"\nshare = {share:.4}   # {n} of the {total} imported calls\non_scene = {{ dist = \"lognormal\", mean_s = {mean:.0}, cv = 1.0 }}\nplan = {{ units = [{}] }}",
            units.join(", ")
        );
    }
    let _ = writeln!(
        f,
        "\n# Unit kinds; crews [estimate]: SF engines run with 4, trucks and rescue squads with 5."
    );
    for (k, crew) in CREW {
        let _ = writeln!(f, "\n[[unit_kinds]]\nname = \"{k}\"\ncrew = {crew}");
    }
}

/// The fragment's stations (those housing imported units) and the `as_recorded` rollout
/// crewing every imported unit from the first recorded day.
fn fragment_stations(f: &mut String, stations: &[Station], seen: &Seen, first_day: Option<&str>) {
    let mut headcount = vec![];
    let _ = writeln!(
        f,
        "\n# Stations housing the imported units (engines, trucks, rescue squads)."
    );
    for s in stations {
        let of_kind = |k: &str| seen.units.get(&s.number).and_then(|m| m.get(k));
        let kinds: Vec<&str> = KINDS
            .into_iter()
            .flat_map(|k| std::iter::repeat_n(k, of_kind(k).map_or(0, |v| v.len())))
            .collect();
        if kinds.is_empty() {
            continue;
        }
        let ids: Vec<&str> = KINDS
            .iter()
            .flat_map(|k| of_kind(k).into_iter().flatten().map(String::as_str))
            .collect();
        let crew: u32 = kinds
            .iter()
            .map(|k| CREW.iter().find(|(n, _)| n == k).map_or(0, |c| c.1))
            .sum();
        headcount.push((station_id(s.number), crew));
        let list: Vec<String> = kinds.iter().map(|k| format!("\"{k}\"")).collect();
        let _ = writeln!(
            f,
            "\n[[stations]]\nid = \"{}\"\nname = \"Station {}\"\ngrade = \"other\"\nlat = {}\nlon = {}\nlocation_source = \"{}\"\nunits = [{}]\nnote = \"SF units {}\"",
            station_id(s.number),
            s.number,
            s.lat,
            s.lon,
            s.source.replace('"', "'"),
            list.join(", "),
            ids.join(", ")
        );
    }
    if let Some(a) = first_day {
        let _ = writeln!(
            f,
            "\n# Every unit crewed: headcount = the crews of the station's units, all on duty\n# (set [staffing] on_duty_fraction = 1.0).\n[[rollouts]]\nname = \"as_recorded\"\ndescription = \"every imported unit crewed, as on the recorded shifts\"\nkind = \"table\"\n\n[rollouts.headcount]"
        );
        for (id, crew) in &headcount {
            let _ = writeln!(f, "{id} = [{{ from = {a}, firefighters = {crew} }}]");
        }
    }
}

/// The stations inside the box: how many there were, were kept and were left out.
#[derive(Clone, Debug, Default)]
pub struct StationCounts {
    /// Stations in the stations file.
    pub all: usize,
    /// Stations inside the box (all of them without one).
    pub kept: usize,
    /// Stations outside the box.
    pub outside: usize,
}

/// The result of an import: the three files' contents and what was kept and left out.
#[derive(Clone, Debug)]
pub struct SfImport {
    /// incidents.csv (docs/incident-csv.md).
    pub incidents_csv: Vec<u8>,
    /// responses.csv (observed responses).
    pub responses_csv: Vec<u8>,
    /// fragment.toml: zones, incident types, unit kinds, stations and a rollout.
    pub fragment_toml: String,
    /// What became of the rows.
    pub rows: RowCounts,
    /// What became of the calls.
    pub calls: CallCounts,
    /// What became of the stations.
    pub stations: StationCounts,
    /// Unit responses written to responses.csv.
    pub responses: usize,
    /// Kept incidents per firesim incident type.
    pub types: BTreeMap<&'static str, usize>,
}

/// Convert the SF calls CSV read from `calls` (named `calls_file` in errors and in the
/// fragment's header) with `stations` (read by [`read_stations`] from `stations_file`),
/// keeping only the stations and incidents inside `bbox` where one is given.
pub fn import(
    calls: impl Read,
    calls_file: &Path,
    stations: Vec<Station>,
    stations_file: &Path,
    bbox: Option<BBox>,
) -> Result<SfImport, SfError> {
    let n_all = stations.len();
    let inside = |lat: f64, lon: f64| bbox.is_none_or(|b| b.contains(lat, lon));
    let (stations, outside): (Vec<Station>, Vec<Station>) =
        stations.into_iter().partition(|s| inside(s.lat, s.lon));
    let read = read_calls(calls, calls_file, &Mapping::new(&stations, &outside))?;
    let (kept, call_counts, rows) = keep_calls(read, inside);
    let (incidents_csv, seen) = incidents_csv(&kept)?;
    let (responses_csv, n_resp) = responses_csv(&kept)?;
    let mut f = String::new();
    fragment_zones(&mut f, &kept, n_resp, [calls_file, stations_file]);
    fragment_types(&mut f, &seen);
    let first_day = kept.first().map(|c| c.received.date().to_string());
    fragment_stations(&mut f, &stations, &seen, first_day.as_deref());
    Ok(SfImport {
        incidents_csv,
        responses_csv,
        fragment_toml: f,
        rows,
        calls: call_counts,
        stations: StationCounts {
            all: n_all,
            kept: stations.len(),
            outside: outside.len(),
        },
        responses: n_resp,
        types: seen.type_counts,
    })
}
