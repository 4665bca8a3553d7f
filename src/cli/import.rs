//! `firesim import sf-calls`: convert San Francisco Fire Department "Calls for Service"
//! records (DataSF dataset nuek-vuh3; one row per unit response) into firesim's incident
//! CSV, observed-responses CSV and a scenario fragment (docs/incident-csv.md).
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

use crate::report;
use crate::scenario::recorded::parse_time;
use anyhow::{Context, Result, bail};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub(crate) enum ImportCommand {
    /// SF Fire Department "Calls for Service" (DataSF nuek-vuh3), any date range.
    SfCalls {
        /// The calls CSV (one row per unit response).
        calls: PathBuf,
        /// The stations CSV (station, address, lat, lon, units, source).
        #[arg(long)]
        stations: PathBuf,
        /// Output folder: incidents.csv, responses.csv, fragment.toml.
        #[arg(long)]
        out: PathBuf,
        /// Keep only incidents and stations inside MINLON,MINLAT,MAXLON,MAXLAT (WGS84),
        /// and the responses of units of those stations.
        #[arg(long, value_parser = parse_bbox)]
        bbox: Option<BBox>,
    },
}

/// A longitude/latitude box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BBox {
    min_lon: f64,
    min_lat: f64,
    max_lon: f64,
    max_lat: f64,
}

impl BBox {
    fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }
}

fn parse_bbox(s: &str) -> Result<BBox, String> {
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

pub(crate) fn run(cmd: ImportCommand) -> Result<()> {
    match cmd {
        ImportCommand::SfCalls {
            calls,
            stations,
            out,
            bbox,
        } => sf_calls_in(&calls, &stations, &out, bbox),
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
pub(crate) const TYPES: &[(&str, &str, Plan)] = &[
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
pub(crate) fn incident_type(call_type: &str, engines: u32, trucks: u32) -> &'static str {
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

/// Assumed crew per unit kind (on-duty firefighters to staff one).
const CREW: &[(&str, u32)] = &[("engine", 4), ("truck", 5), ("rescue_squad", 5)];

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

struct StationRow {
    number: u32,
    lat: f64,
    lon: f64,
    units: Vec<String>,
    source: String,
}

fn station_id(n: u32) -> String {
    format!("S{n:02}")
}

fn read_stations(path: &Path) -> Result<Vec<StationRow>> {
    let mut r =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let h = r.headers()?.clone();
    let col = |n: &str| {
        h.iter()
            .position(|x| x == n)
            .with_context(|| format!("{}: no `{n}` column", path.display()))
    };
    let (c_st, c_lat, c_lon, c_units) = (col("station")?, col("lat")?, col("lon")?, col("units")?);
    let c_src = h.iter().position(|x| x == "source");
    let mut out = vec![];
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.with_context(|| format!("{} line {line}", path.display()))?;
        let get = |c: usize| rec.get(c).unwrap_or("").trim();
        let parse = |c: usize, what: &str| -> Result<f64> {
            get(c)
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .with_context(|| {
                    format!(
                        "{} line {line}: {what} `{}` is not a number",
                        path.display(),
                        get(c)
                    )
                })
        };
        let number = get(c_st).parse::<u32>().with_context(|| {
            format!(
                "{} line {line}: station `{}` is not a number",
                path.display(),
                get(c_st)
            )
        })?;
        let units_cell = get(c_units);
        let units = units_cell
            .split(" (")
            .next()
            .unwrap_or("")
            .split(';')
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .collect();
        out.push(StationRow {
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

/// `firesim import sf-calls CALLS --stations STATIONS --out DIR`: read the calls and
/// stations CSVs and write incidents.csv, responses.csv and fragment.toml into `out`.
pub fn sf_calls(calls_path: &Path, stations_path: &Path, out: &Path) -> Result<()> {
    sf_calls_in(calls_path, stations_path, out, None)
}

/// [`sf_calls`], keeping only the stations and incidents inside `bbox` (`--bbox`).
fn sf_calls_in(
    calls_path: &Path,
    stations_path: &Path,
    out: &Path,
    bbox: Option<BBox>,
) -> Result<()> {
    let all_stations = read_stations(stations_path)?;
    let n_all_stations = all_stations.len();
    let inside = |lat: f64, lon: f64| bbox.is_none_or(|b| b.contains(lat, lon));
    let (stations, outside): (Vec<StationRow>, Vec<StationRow>) =
        all_stations.into_iter().partition(|s| inside(s.lat, s.lon));
    let outside_numbers: Vec<u32> = outside.iter().map(|s| s.number).collect();
    let mut outside_station_responses = 0usize;
    let mut outside_calls: std::collections::HashSet<String> = Default::default();
    let mut unit_station: HashMap<String, u32> = HashMap::new();
    for s in &stations {
        for u in &s.units {
            if kind_of_id(u).is_some() {
                unit_station.insert(u.clone(), s.number);
            }
        }
    }
    let station_numbers: HashMap<u32, usize> = stations
        .iter()
        .enumerate()
        .map(|(i, s)| (s.number, i))
        .collect();

    let mut r = csv::Reader::from_path(calls_path)
        .with_context(|| format!("cannot read {}", calls_path.display()))?;
    let h = r.headers()?.clone();
    let col = |n: &str| {
        h.iter().position(|x| x == n).with_context(|| {
            format!(
                "{}: no `{n}` column (not an SF calls file?)",
                calls_path.display()
            )
        })
    };
    let c = |n: &str| col(n);
    let (c_call, c_unit, c_type, c_recv) = (
        c("Call Number")?,
        c("Unit ID")?,
        c("Call Type")?,
        c("Received DtTm")?,
    );
    let (c_disp, c_resp, c_ons, c_avail) = (
        c("Dispatch DtTm")?,
        c("Response DtTm")?,
        c("On Scene DtTm")?,
        c("Available DtTm")?,
    );
    let (c_utype, c_seq, c_area, c_loc) = (
        c("Unit Type")?,
        c("Unit sequence in call dispatch")?,
        c("Station Area")?,
        c("Location")?,
    );

    let mut calls: BTreeMap<String, Call> = BTreeMap::new();
    let mut rows = 0usize;
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown_station = 0usize;
    let mut bad_times = 0usize;
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.with_context(|| format!("{} line {line}", calls_path.display()))?;
        rows += 1;
        let get = |c: usize| rec.get(c).unwrap_or("").trim();
        let id = get(c_call).to_string();
        if id.is_empty() {
            bail!("{} line {line}: empty Call Number", calls_path.display());
        }
        let received = sf_time(get(c_recv)).with_context(|| {
            format!(
                "{} line {line}: Received DtTm `{}` is not a time like 04/07/2020 11:53:08 PM",
                calls_path.display(),
                get(c_recv)
            )
        })?;
        let call = calls.entry(id.clone()).or_insert_with(|| Call {
            id,
            received,
            call_type: get(c_type).to_string(),
            location: parse_location(get(c_loc)),
            area: get(c_area).to_string(),
            responses: vec![],
        });
        let utype = get(c_utype);
        let Some(kind) = unit_kind(utype) else {
            *left_out.entry(utype.to_string()).or_default() += 1;
            continue;
        };
        let unit = get(c_unit).to_string();
        let number = unit
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok();
        let station = unit_station.get(&unit).copied().or(match kind {
            "engine" | "truck" => number.filter(|n| station_numbers.contains_key(n)),
            _ => None,
        });
        let station = station.or_else(|| {
            // A unit of a station outside the box: known, but not kept.
            let home = outside
                .iter()
                .find(|s| s.units.contains(&unit))
                .map(|s| s.number)
                .or(number.filter(|n| outside_numbers.contains(n)));
            home.map(|_| u32::MAX)
        });
        let Some(station) = station else {
            unknown_station += 1;
            continue;
        };
        if station == u32::MAX {
            outside_station_responses += 1;
            outside_calls.insert(call.id.clone());
            continue;
        }
        let mut time = |c: usize| {
            let s = get(c);
            let t = sf_time(s);
            if t.is_none() && !s.is_empty() {
                bad_times += 1;
            }
            t
        };
        let resp = Resp {
            unit,
            kind,
            station,
            seq: get(c_seq).parse().unwrap_or(u32::MAX),
            dispatch: time(c_disp),
            en_route: time(c_resp),
            on_scene: time(c_ons),
            clear: time(c_avail),
        };
        call.responses.push(resp);
    }

    // Incidents with at least one kept unit and a location (in the box), in call order.
    let total_calls = calls.len();
    let mut kept: Vec<Call> = calls
        .into_values()
        .filter(|c| !c.responses.is_empty() || outside_calls.contains(&c.id))
        .collect();
    let no_fire_unit = total_calls - kept.len();
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

    // Zones: the SF station areas, seat at the mean location of their kept incidents.
    let mut areas: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    for c in &kept {
        if let Some((lat, lon)) = c.location {
            let e = areas.entry(zone_name(&c.area)).or_default();
            e.0 += lat;
            e.1 += lon;
            e.2 += 1;
        }
    }

    // incidents.csv
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
    ])?;
    let mut type_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut type_on_scene: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut units_seen: BTreeMap<u32, BTreeMap<&'static str, Vec<String>>> = BTreeMap::new();
    for c in &kept {
        let engines = c.responses.iter().filter(|r| r.kind == "engine").count() as u32;
        let trucks = c.responses.iter().filter(|r| r.kind == "truck").count() as u32;
        let t = incident_type(&c.call_type, engines, trucks);
        *type_counts.entry(t).or_default() += 1;
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
            type_on_scene.entry(t).or_default().push(o as f64);
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
        ])?;
        for r in &c.responses {
            let list = units_seen
                .entry(r.station)
                .or_default()
                .entry(r.kind)
                .or_default();
            if !list.contains(&r.unit) {
                list.push(r.unit.clone());
            }
        }
    }

    // responses.csv
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
    ])?;
    let mut n_resp = 0usize;
    for c in &kept {
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
            ])?;
        }
    }

    // fragment.toml
    let mut f = String::new();
    let first = kept.first().map(|c| c.received.date());
    let last = kept.last().map(|c| c.received.date());
    writeln!(
        f,
        "# Generated by `firesim import sf-calls` from {} and {}.",
        calls_path.display(),
        stations_path.display()
    )?;
    writeln!(
        f,
        "# {} incidents with at least one engine, truck or rescue squad; {} unit responses.",
        kept.len(),
        n_resp
    )?;
    if let (Some(a), Some(b)) = (first, last) {
        writeln!(
            f,
            "# Records from {a} to {b}.\n\n# [horizon]\n# start = {a}\n# end = {b}"
        )?;
    }
    writeln!(
        f,
        "\n# Demand zones: SF station areas (`Station Area`), seat = mean location of the\n# area's imported incidents, weight = their count, area 0 (a point: recorded\n# incidents carry their own coordinates)."
    )?;
    for (name, (lat, lon, n)) in &areas {
        let n = *n as f64;
        writeln!(
            f,
            "\n[[zones]]\nname = \"{name}\"\nlat = {:.6}\nlon = {:.6}\nweight = {n}",
            lat / n,
            lon / n
        )?;
    }
    writeln!(
        f,
        "\n# Incident types: SF `Call Type` and what SF sent (src/cli/import.rs). Shares are\n# the imported counts over their total (replay plays the recorded types; shares matter\n# only for a generated stream); on-scene times (used where a row has none) are lognormal with the\n# type's mean recorded on-scene time and cv 1 [estimate]."
    )?;
    let total: usize = TYPES
        .iter()
        .map(|(name, ..)| type_counts.get(name).copied().unwrap_or(0))
        .sum();
    for (name, category, plan) in TYPES {
        let n = type_counts.get(name).copied().unwrap_or(0);
        let share = n as f64 / total.max(1) as f64;
        let os = type_on_scene.get(name).filter(|v| !v.is_empty());
        let mean = os.map_or(1_800.0, |v| v.iter().sum::<f64>() / v.len() as f64);
        let units: Vec<String> = plan
            .iter()
            .map(|(k, c)| format!("{{ kind = \"{k}\", count = {c} }}"))
            .collect();
        writeln!(
            f,
            "\n[[incident_types]]\nname = \"{name}\"\ncategory = \"{category}\"\nshare = {share:.4}   # {n} of the {total} imported calls\non_scene = {{ dist = \"lognormal\", mean_s = {mean:.0}, cv = 1.0 }}\nplan = {{ units = [{}] }}",
            units.join(", ")
        )?;
    }
    writeln!(
        f,
        "\n# Unit kinds; crews [estimate]: SF engines run with 4, trucks and rescue squads with 5."
    )?;
    for (k, crew) in CREW {
        writeln!(f, "\n[[unit_kinds]]\nname = \"{k}\"\ncrew = {crew}")?;
    }
    let mut headcount = vec![];
    writeln!(
        f,
        "\n# Stations housing the imported units (engines, trucks, rescue squads)."
    )?;
    for s in &stations {
        let kinds: Vec<&str> = ["engine", "truck", "rescue_squad"]
            .into_iter()
            .flat_map(|k| {
                let n = units_seen
                    .get(&s.number)
                    .and_then(|m| m.get(k))
                    .map_or(0, |v| v.len());
                std::iter::repeat_n(k, n)
            })
            .collect();
        if kinds.is_empty() {
            continue;
        }
        let ids: Vec<&str> = ["engine", "truck", "rescue_squad"]
            .iter()
            .flat_map(|k| {
                units_seen
                    .get(&s.number)
                    .and_then(|m| m.get(k))
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
            })
            .collect();
        let crew: u32 = kinds
            .iter()
            .map(|k| CREW.iter().find(|(n, _)| n == k).map_or(0, |c| c.1))
            .sum();
        headcount.push((station_id(s.number), crew));
        let list: Vec<String> = kinds.iter().map(|k| format!("\"{k}\"")).collect();
        writeln!(
            f,
            "\n[[stations]]\nid = \"{}\"\nname = \"Station {}\"\ngrade = \"other\"\nlat = {}\nlon = {}\nlocation_source = \"{}\"\nunits = [{}]\nnote = \"SF units {}\"",
            station_id(s.number),
            s.number,
            s.lat,
            s.lon,
            s.source.replace('"', "'"),
            list.join(", "),
            ids.join(", ")
        )?;
    }
    if let Some(a) = first {
        writeln!(
            f,
            "\n# Every unit crewed: headcount = the crews of the station's units, all on duty\n# (set [staffing] on_duty_fraction = 1.0).\n[[rollouts]]\nname = \"as_recorded\"\ndescription = \"every imported unit crewed, as on the recorded shifts\"\nkind = \"table\"\n\n[rollouts.headcount]"
        )?;
        for (id, crew) in &headcount {
            writeln!(f, "{id} = [{{ from = {a}, firefighters = {crew} }}]")?;
        }
    }

    let w = |name: &str, bytes: &[u8]| report::write_atomic(&out.join(name), bytes);
    w(
        "incidents.csv",
        &inc.into_inner().context("cannot encode incidents.csv")?,
    )?;
    w(
        "responses.csv",
        &resp.into_inner().context("cannot encode responses.csv")?,
    )?;
    w("fragment.toml", f.as_bytes())?;

    println!(
        "{}: {rows} unit responses, {total_calls} calls",
        calls_path.display()
    );
    println!(
        "kept {} incidents and {n_resp} responses of engines, trucks and rescue squads",
        kept.len()
    );
    println!(
        "left out {no_fire_unit} calls with no engine, truck or rescue squad, and {no_location} without a location"
    );
    let lo: Vec<String> = left_out.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "left out {} responses of other units ({}): the model is of fire units; SF medics are a separate EMS system",
        left_out.values().sum::<usize>(),
        lo.join(", ")
    );
    if unknown_station > 0 {
        println!("left out {unknown_station} responses of units with no known station");
    }
    if let Some(b) = bbox {
        println!(
            "box {},{},{},{}: kept {} of {n_all_stations} stations; left out {outside_box} calls outside the box, {outside_station_responses} responses of units of the {} stations outside it, and {only_outside_units} calls inside it that only those units answered",
            b.min_lon,
            b.min_lat,
            b.max_lon,
            b.max_lat,
            stations.len(),
            outside.len()
        );
    }
    if bad_times > 0 {
        println!("{bad_times} unit times could not be read and were left empty");
    }
    let tc: Vec<String> = type_counts
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!("incident types: {}", tc.join(", "));
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// The zone name of an SF station area (`32` → `area-32`).
fn zone_name(area: &str) -> String {
    match area.trim().parse::<u32>() {
        Ok(n) => format!("area-{n:02}"),
        Err(_) if area.trim().is_empty() => "area-unknown".into(),
        Err(_) => format!("area-{}", area.trim()),
    }
}
