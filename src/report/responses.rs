//! `responses.csv`: one row per unit response, names resolved, times in seconds from the
//! horizon start and as calendar timestamps.

use super::files::{ReportError, write_atomic};
use crate::ground::engine::SimTime;
use crate::scenario::Scenario;
use crate::sim::model::ResponseRecord;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct Row<'a> {
    replication: u32,
    incident: u32,
    incident_type: &'a str,
    category: &'a str,
    zone: &'a str,
    call_time: String,
    call_s: f64,
    dispatch_order_s: f64,
    dispatched_s: f64,
    slot: u32,
    unit: &'a str,
    unit_kind: &'a str,
    station: &'a str,
    turnout_s: f64,
    travel_s: f64,
    arrival_s: f64,
    response_from_call_s: f64,
    on_scene_s: f64,
    clear_s: f64,
    mutual_aid: bool,
}

fn round3(x: f64) -> f64 {
    (x * 1_000.0).round() / 1_000.0
}

/// Write the kept responses of a run to `path`.
pub fn write_responses_csv(
    scenario: &Scenario,
    responses: &[(u32, ResponseRecord)],
    path: &Path,
) -> Result<(), ReportError> {
    let enc = |e: csv::Error| ReportError::Encode {
        file: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(vec![]);
    let start = scenario
        .calendar
        .start
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    // The records come from this process's simulation or from a merge's parts: a record
    // that names no incident type, zone or unit of the scenario, or a time off the
    // calendar, is an error, never a panic.
    let bad = |what: String| ReportError::Encode {
        file: path.to_path_buf(),
        message: format!("a response record {what}"),
    };
    for (n, (rep, r)) in responses.iter().enumerate() {
        // A million rows take seconds: a stop is heard every few thousand.
        if n % crate::ground::cancel::POLL_EVERY as usize == 0 {
            crate::ground::cancel::check()?;
        }
        let t = scenario
            .incident_types
            .get(r.kind as usize)
            .ok_or_else(|| bad(format!("names incident type {}", r.kind)))?;
        let zone = scenario
            .zones
            .get(r.zone as usize)
            .ok_or_else(|| bad(format!("names zone {}", r.zone)))?;
        let call_time = chrono::Duration::try_milliseconds(r.call.0)
            .and_then(|d| start.checked_add_signed(d))
            .ok_or_else(|| bad(format!("has a call time of {} ms", r.call.0)))?;
        let (unit, kind, station) = match r.unit {
            Some(u) => {
                let u = scenario
                    .units
                    .get(u as usize)
                    .ok_or_else(|| bad(format!("names unit {u}")))?;
                (
                    u.id.as_str(),
                    scenario.unit_kinds[u.kind].name.as_str(),
                    scenario.stations[u.station].id.as_str(),
                )
            }
            None => ("mutual-aid", "mutual-aid", "outside"),
        };
        let secs = |t: SimTime| round3(t.as_secs());
        w.serialize(Row {
            replication: *rep,
            incident: r.incident,
            incident_type: &t.name,
            category: match t.category {
                crate::scenario::Category::Fire => "fire",
                crate::scenario::Category::NonFire => "non_fire",
            },
            zone: &zone.name,
            call_time: call_time.format("%Y-%m-%dT%H:%M:%S").to_string(),
            call_s: secs(r.call),
            dispatch_order_s: secs(r.dispatch_order),
            dispatched_s: secs(r.dispatched),
            slot: r.slot,
            unit,
            unit_kind: kind,
            station,
            turnout_s: round3(r.turnout_s),
            travel_s: round3(r.travel_s),
            arrival_s: secs(r.arrival),
            response_from_call_s: round3((r.arrival - r.call).as_secs()),
            on_scene_s: round3(r.on_scene_s),
            clear_s: secs(r.clear),
            mutual_aid: r.unit.is_none(),
        })
        .map_err(enc)?;
    }
    let bytes = w.into_inner().map_err(|e| ReportError::Encode {
        file: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, &bytes)
}
