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
//! This module does no IO: the scenario loader reads the CSV into a [`RecordedStream`]
//! (a scenario type, re-exported here).

use crate::ground::engine::SimTime;
use crate::ground::random::{Purpose, StreamRng, stream};
use crate::prepare::demand::Incident;
pub use crate::scenario::recorded::{PlayMode, RecordedIncident, RecordedStream};
use crate::scenario::{Scenario, pick_subtype};
use rand::RngExt;

/// The whole incident stream of replication `rep` at once (for tests and tools; a
/// simulation consumes [`Replayer`] as it goes).
pub fn incidents(scenario: &Scenario, rec: &RecordedStream, seed: u64, rep: u64) -> Vec<Incident> {
    Replayer::new(scenario, rec, seed, rep).collect()
}

/// The incident stream of replication `rep` of a recorded stream, one incident at a time:
/// memory holds the current block's position, never the stream.
pub struct Replayer<'a> {
    scenario: &'a Scenario,
    rec: &'a RecordedStream,
    durations: StreamRng,
    pick: StreamRng,
    /// Place-dependent subtypes of rows whose type has some (as the generator draws them).
    subtypes: StreamRng,
    horizon: SimTime,
    /// Rows `next..end` of the current block (replay: the whole record) are still to come.
    next: usize,
    end: usize,
    /// The current block is shifted from `from` (recorded time) to `start` (horizon time).
    from: SimTime,
    start: SimTime,
    /// Start of the next block (bootstrap).
    next_start: SimTime,
    done: bool,
    id: u32,
}

impl<'a> Replayer<'a> {
    /// The replayer of replication `rep` of a run seeded with `seed`.
    pub fn new(
        scenario: &'a Scenario,
        rec: &'a RecordedStream,
        seed: u64,
        rep: u64,
    ) -> Replayer<'a> {
        let replay = rec.mode == PlayMode::Replay;
        Replayer {
            scenario,
            rec,
            durations: stream(seed, rep, Purpose::IncidentDurations),
            pick: stream(seed, rep, Purpose::Bootstrap),
            subtypes: stream(seed, rep, Purpose::Subtypes),
            horizon: scenario.calendar.horizon_end(),
            next: 0,
            end: if replay { rec.incidents.len() } else { 0 },
            from: SimTime::ZERO,
            start: SimTime::ZERO,
            next_start: SimTime::ZERO,
            done: false,
            id: 0,
        }
    }

    /// Move to the next bootstrap block; false when the horizon is full (or there is no
    /// whole block to draw from).
    fn next_block(&mut self) -> bool {
        let PlayMode::Bootstrap {
            block_days,
            period_days,
        } = self.rec.mode
        else {
            return false;
        };
        let blocks = period_days / block_days;
        if blocks < 1 || self.next_start >= self.horizon {
            return false;
        }
        let block = SimTime::from_days(block_days);
        let j = self.pick.random_range(0..blocks);
        self.from = SimTime::from_days(j * block_days);
        let rows = &self.rec.incidents;
        self.next = rows.partition_point(|r| r.call < self.from);
        self.end = rows.partition_point(|r| r.call < self.from + block);
        self.start = self.next_start;
        self.next_start = self.next_start + block;
        true
    }
}

impl Iterator for Replayer<'_> {
    type Item = Incident;

    fn next(&mut self) -> Option<Incident> {
        while !self.done {
            if self.next >= self.end {
                if !self.next_block() {
                    self.done = true;
                }
                continue;
            }
            let r = &self.rec.incidents[self.next];
            self.next += 1;
            let call = self.start + (r.call - self.from);
            if call >= self.horizon && self.rec.mode != PlayMode::Replay {
                // The rest of this bootstrap block lies past the horizon (a replay plays
                // every row, as recorded).
                self.next = self.end;
                continue;
            }
            // A row of a type with subtypes is one of them (or not) as a generated incident
            // in its zone would be; a row naming a subtype is taken as it is.
            let subtypes = &self.scenario.incident_types[r.kind as usize].subtypes;
            let kind = if subtypes.is_empty() {
                r.kind
            } else {
                pick_subtype(subtypes, r.zone as usize, self.subtypes.random::<f64>())
                    .map_or(r.kind, |k| k as u32)
            };
            // Both durations are drawn for every incident, used or not (module docs).
            let cp = self.scenario.call_processing.sample(&mut self.durations);
            let os = self.scenario.incident_types[kind as usize]
                .on_scene
                .sample(&mut self.durations);
            let id = self.id;
            self.id += 1;
            return Some(Incident {
                id,
                call,
                zone: r.zone,
                kind,
                pos: r.pos,
                call_processing_s: r.call_processing_s.unwrap_or(cp),
                on_scene_s: r.on_scene_s.unwrap_or(os),
            });
        }
        None
    }
}
