//! The two CSV files an import writes: incidents.csv and responses.csv (and what they
//! contain, for the scenario fragment).

use super::calls::{Call, zone_name};
use super::error::SfError;
use super::types::incident_type;
use super::units::station_id;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

pub(super) fn iso(t: Option<NaiveDateTime>) -> String {
    t.map_or(String::new(), |t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

pub(super) fn secs(a: Option<NaiveDateTime>, b: Option<NaiveDateTime>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{}", (b - a).num_seconds()),
        _ => String::new(),
    }
}

/// What incidents.csv found, for the fragment: incidents and on-scene times per type, and
/// the units seen per station and kind (in order of first response).
#[derive(Default)]
pub(super) struct Seen {
    pub(super) type_counts: BTreeMap<&'static str, usize>,
    pub(super) type_on_scene: BTreeMap<&'static str, Vec<f64>>,
    pub(super) units: BTreeMap<u32, BTreeMap<&'static str, Vec<String>>>,
}

pub(super) fn encode(w: csv::Writer<Vec<u8>>, file: &'static str) -> Result<Vec<u8>, SfError> {
    w.into_inner().map_err(|e| SfError::Encode {
        file,
        message: e.to_string(),
    })
}

pub(super) fn encode_err(file: &'static str) -> impl Fn(csv::Error) -> SfError {
    move |e| SfError::Encode {
        file,
        message: e.to_string(),
    }
}

/// incidents.csv: one row per kept incident, with its type, call processing and (median)
/// on-scene time.
pub(super) fn incidents_csv(kept: &[Call]) -> Result<(Vec<u8>, Seen), SfError> {
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
pub(super) fn responses_csv(kept: &[Call]) -> Result<(Vec<u8>, usize), SfError> {
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
