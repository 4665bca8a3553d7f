//! Recorded incident streams: replay them as they happened, or bootstrap many plausible
//! periods from one recorded period.
//!
//! A recorded stream fixes what the record says (call time, position, zone, type, and call
//! processing and on-scene times where the row gives them). Everything else is drawn per
//! replication, as for a generated stream: missing call-processing and on-scene times from
//! the scenario's distributions on the replication's [`Purpose::IncidentDurations`] stream,
//! turnout and travel spread by the model per dispatch. Both durations are drawn for every
//! incident, used or not, so that one row gaining a recorded value shifts no other draw.
//!
//! **Replay** plays every row once at its recorded time. **Bootstrap** cuts the recorded
//! period into blocks (days or weeks) and fills the horizon block by block with blocks drawn
//! uniformly with replacement ([`Purpose::Bootstrap`] stream); each copied incident keeps
//! its time within the block. Week blocks keep the weekly pattern (aligned to the horizon
//! start, not to weekdays); day blocks keep the daily one only. A trailing part of the
//! recorded period shorter than a block is not used.
//!
//! This module does no IO: the scenario loader reads the CSV into a [`RecordedStream`].

use crate::demand::Incident;
use crate::engine::SimTime;
use crate::geo::Point;
use crate::random::{Purpose, stream};
use crate::scenario::Scenario;
use rand::RngExt;

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

/// The incident stream of replication `rep`.
pub fn incidents(scenario: &Scenario, rec: &RecordedStream, seed: u64, rep: u64) -> Vec<Incident> {
    let mut durations = stream(seed, rep, Purpose::IncidentDurations);
    let mut out = Vec::with_capacity(rec.incidents.len());
    let mut push = |r: &RecordedIncident, call: SimTime, out: &mut Vec<Incident>| {
        let cp = scenario.call_processing.sample(&mut durations);
        let os = scenario.incident_types[r.kind as usize]
            .on_scene
            .sample(&mut durations);
        out.push(Incident {
            id: out.len() as u32,
            call,
            zone: r.zone,
            kind: r.kind,
            pos: r.pos,
            call_processing_s: r.call_processing_s.unwrap_or(cp),
            on_scene_s: r.on_scene_s.unwrap_or(os),
        });
    };
    match rec.mode {
        PlayMode::Replay => {
            for r in &rec.incidents {
                push(r, r.call, &mut out);
            }
        }
        PlayMode::Bootstrap {
            block_days,
            period_days,
        } => {
            let blocks = period_days / block_days;
            if blocks < 1 {
                return out;
            }
            let horizon = scenario.calendar.horizon_end();
            let block = SimTime::from_days(block_days);
            let mut pick = stream(seed, rep, Purpose::Bootstrap);
            let mut start = SimTime::ZERO;
            while start < horizon {
                let j = pick.random_range(0..blocks);
                let from = SimTime::from_days(j * block_days);
                let lo = rec.incidents.partition_point(|r| r.call < from);
                let hi = rec.incidents.partition_point(|r| r.call < from + block);
                for r in &rec.incidents[lo..hi] {
                    let call = start + (r.call - from);
                    if call >= horizon {
                        break;
                    }
                    push(r, call, &mut out);
                }
                start = start + block;
            }
        }
    }
    out
}
