//! Which units are kept and where they belong: unit kinds from SF's unit types and ids,
//! the crews, the stations file ([`read_stations`]) and the mapping of units to stations.

use super::error::SfError;
use super::read::{columns, csv_rows};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// A unit kind firesim models, from SF's unit type.
pub(super) fn unit_kind(unit_type: &str) -> Option<&'static str> {
    match unit_type {
        "ENGINE" => Some("engine"),
        "TRUCK" => Some("truck"),
        "RESCUE SQUAD" => Some("rescue_squad"),
        _ => None,
    }
}

/// Kind of a unit id as the stations file lists it (`E01`, `T01`, `RS1`).
pub(super) fn kind_of_id(id: &str) -> Option<&'static str> {
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

/// Assumed crew per unit kind (on-duty firefighters to staff one) [estimate]: SF engines
/// run with 4, trucks and rescue squads with 5.
pub(super) const CREW: &[(&str, u32)] = &[("engine", 4), ("truck", 5), ("rescue_squad", 5)];

/// The unit kinds the import keeps, in the order a station lists them.
pub(super) const KINDS: [&str; 3] = ["engine", "truck", "rescue_squad"];

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

pub(super) fn station_id(n: u32) -> String {
    format!("S{n:02}")
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

/// Where a unit is housed.
pub(super) enum Home {
    /// At this station, inside the box.
    Kept(u32),
    /// At a station outside the box: known, but not kept.
    Outside,
}

/// Which station houses which unit, split by the box.
pub(super) struct Mapping<'a> {
    pub(super) stations: &'a [Station],
    pub(super) outside: &'a [Station],
    pub(super) unit_station: HashMap<String, u32>,
}

impl<'a> Mapping<'a> {
    pub(super) fn new(stations: &'a [Station], outside: &'a [Station]) -> Mapping<'a> {
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
    pub(super) fn home(&self, unit: &str, kind: &str) -> Option<Home> {
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
