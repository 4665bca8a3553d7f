//! What the model tells the statistics: one record per unit response and per incident,
//! through an [`Observer`]; and what a replication did, for performance reports.

use crate::ground::engine::SimTime;
use crate::ground::geo::Point;
use serde::{Deserialize, Serialize};

/// One unit's response to one incident.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    /// Incident id.
    pub incident: u32,
    /// Incident type index.
    pub kind: u32,
    /// Zone index.
    pub zone: u32,
    /// Call received.
    pub call: SimTime,
    /// The incident's dispatch order.
    pub dispatch_order: SimTime,
    /// When this unit was sent (later than the order if the requirement waited).
    pub dispatched: SimTime,
    /// Which dispatch of the incident this is (0-based).
    pub slot: u32,
    /// Unit index; `None` for a mutual-aid unit from outside.
    pub unit: Option<u32>,
    /// Turnout, seconds (0 when sent from the road or from outside).
    pub turnout_s: f64,
    /// Travel, seconds.
    pub travel_s: f64,
    /// Arrival on scene.
    pub arrival: SimTime,
    /// On-scene work, seconds.
    pub on_scene_s: f64,
    /// Clear from the scene.
    pub clear: SimTime,
}

/// One incident's outcome.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IncidentRecord {
    /// Incident id.
    pub id: u32,
    /// Type index.
    pub kind: u32,
    /// Zone index.
    pub zone: u32,
    /// Call received.
    pub call: SimTime,
    /// Dispatch order.
    pub dispatch_order: SimTime,
    /// First unit on scene (`None`: never served).
    pub first_arrival: Option<SimTime>,
    /// Turnout of the first unit on scene, seconds.
    pub first_turnout_s: f64,
    /// Travel of the first unit on scene, seconds.
    pub first_travel_s: f64,
    /// When the whole response plan was on scene (effective response force).
    pub full_arrival: Option<SimTime>,
    /// Whether any requirement had to wait for a unit.
    pub waited: bool,
    /// Dispatch order → last requirement assigned, seconds.
    pub wait_s: f64,
    /// Units sent (including mutual aid).
    pub units_sent: u32,
    /// Firefighters on the units sent.
    pub firefighters_sent: u32,
    /// Whether a mutual-aid unit was sent.
    pub mutual_aid: bool,
    /// Where it happened (projected).
    pub pos: Point,
}

/// Receives what a replication produces. All methods default to doing nothing.
pub trait Observer {
    /// A unit cleared (or a mutual-aid unit was sent).
    fn response(&mut self, _r: &ResponseRecord) {}
    /// An incident's last unit cleared.
    fn incident(&mut self, _r: &IncidentRecord) {}
    /// A unit was committed (dispatch to clear) over `[from, to)`.
    fn busy(&mut self, _unit: usize, _from: SimTime, _to: SimTime) {}
    /// A unit's crewing or commitment changed at `t` (called in time order).
    fn unit_state(&mut self, _unit: usize, _t: SimTime, _crewed: bool, _committed: bool) {}
    /// The number of open incidents (call received, not all units cleared) changed.
    fn open_incidents(&mut self, _t: SimTime, _open: u32) {}
}

impl<A: Observer, B: Observer> Observer for (A, B) {
    fn response(&mut self, r: &ResponseRecord) {
        self.0.response(r);
        self.1.response(r);
    }
    fn incident(&mut self, r: &IncidentRecord) {
        self.0.incident(r);
        self.1.incident(r);
    }
    fn busy(&mut self, unit: usize, from: SimTime, to: SimTime) {
        self.0.busy(unit, from, to);
        self.1.busy(unit, from, to);
    }
    fn unit_state(&mut self, unit: usize, t: SimTime, crewed: bool, committed: bool) {
        self.0.unit_state(unit, t, crewed, committed);
        self.1.unit_state(unit, t, crewed, committed);
    }
    fn open_incidents(&mut self, t: SimTime, open: u32) {
        self.0.open_incidents(t, open);
        self.1.open_incidents(t, open);
    }
}

/// What a replication did, for performance reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunCounts {
    /// Events processed.
    pub events: u64,
    /// Incidents simulated.
    pub incidents: u64,
}
