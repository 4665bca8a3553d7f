//! The calls file's rows → calls: each row read and mapped to its unit and station,
//! grouped by incident, filtered by the box ([`BBox`]), with the counts of what was kept
//! and left out.

use super::error::SfError;
use super::read::{columns, csv_rows, parse_location, sf_time};
use super::units::{Home, Mapping, unit_kind};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;

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

/// One kept unit response.
pub(super) struct Resp {
    pub(super) unit: String,
    pub(super) kind: &'static str,
    pub(super) station: u32,
    pub(super) seq: u32,
    pub(super) dispatch: Option<NaiveDateTime>,
    pub(super) en_route: Option<NaiveDateTime>,
    pub(super) on_scene: Option<NaiveDateTime>,
    pub(super) clear: Option<NaiveDateTime>,
}

pub(super) struct Call {
    pub(super) id: String,
    pub(super) received: NaiveDateTime,
    pub(super) call_type: String,
    pub(super) location: Option<(f64, f64)>,
    pub(super) area: String,
    pub(super) responses: Vec<Resp>,
}

/// The zone name of an SF station area (`32` → `area-32`).
pub(super) fn zone_name(area: &str) -> String {
    match area.trim().parse::<u32>() {
        Ok(n) => format!("area-{n:02}"),
        Err(_) if area.trim().is_empty() => "area-unknown".into(),
        Err(_) => format!("area-{}", area.trim()),
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
pub(super) struct CallColumns {
    pub(super) call: usize,
    pub(super) unit: usize,
    pub(super) call_type: usize,
    pub(super) received: usize,
    pub(super) dispatch: usize,
    pub(super) en_route: usize,
    pub(super) on_scene: usize,
    pub(super) available: usize,
    pub(super) unit_type: usize,
    pub(super) seq: usize,
    pub(super) area: usize,
    pub(super) location: usize,
}

impl CallColumns {
    pub(super) fn find(h: &csv::StringRecord, file: &Path) -> Result<CallColumns, SfError> {
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
pub(super) struct ReadCalls {
    pub(super) calls: BTreeMap<String, Call>,
    pub(super) outside_calls: HashSet<String>,
    pub(super) counts: RowCounts,
}

/// Read every row of the calls CSV, keeping the responses of fire units housed in the box.
pub(super) fn read_calls(
    reader: impl Read,
    file: &Path,
    map: &Mapping,
) -> Result<ReadCalls, SfError> {
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
pub(super) fn keep_calls(
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
