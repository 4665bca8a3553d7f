//! The fire-service model: one replication of an incident stream played against the units a
//! rollout crews, on the generic event engine.
//!
//! Events (a closed enum; same-instant ties resolve in this order): a unit back at its
//! station; a unit clearing a scene; a staffing change; a mutual-aid call-out; a call
//! received; a dispatch order. Arrival needs no event of its own: once a unit is sent, its
//! turnout and travel are drawn and its arrival and clear times are known.
//!
//! A unit is *available* when crewed and either at its base (its station, or the temporary
//! premises before the station opens) or returning to it (it can be re-sent from the road,
//! without turnout, from where it is then: the straight line between the scene and its
//! base, at the elapsed fraction of the return trip). The dispatch policy finds the unit
//! through a read-only view of the available ones ([`crate::sim::dispatch::FleetView`]); units of neighbouring
//! stations outside the district (`[[mutual_aid.stations]]`) are offered too, on the days
//! they can help, and count as mutual aid. A plan's units are requested in order, then
//! units of its first kind until the firefighters sent (real crews: a unit may ride short)
//! reach the plan's minimum. A requirement that finds no available unit waits in a FIFO
//! queue until a unit of its kind (or a substitute) frees, or, with the last-resort rule
//! enabled, until its delay passes and a unit from outside the district is sent.
//!
//! The model does no IO: records go to an [`Observer`].

pub use crate::sim::observer::{IncidentRecord, Observer, ResponseRecord, RunCounts};

use super::open::OpenIncidents;
use crate::ground::engine::{EventClass, EventId, EventQueue, SimTime};
use crate::ground::geo::Point;
use crate::ground::random::{DispatchStreams, DurationDist, Purpose};
use crate::prepare::demand::Incident;
use crate::prepare::staffing::{Absence, CrewingTimeline};
use crate::scenario::Scenario;
use crate::sim::dispatch::DispatchPolicy;
use crate::travel::{Located, Place, TravelModel};
use std::collections::VecDeque;

#[derive(Clone, Copy, Debug)]
pub(super) enum Event {
    Back { unit: u32 },
    Clear { unit: u32 },
    Staffing { change: u32 },
    MutualAid { pending: u64 },
    Call { incident: u32 },
    Dispatch { incident: u32 },
}

impl EventClass for Event {
    fn class(&self) -> u8 {
        match self {
            Event::Back { .. } => 0,
            Event::Clear { .. } => 1,
            Event::Staffing { .. } => 2,
            Event::MutualAid { .. } => 3,
            Event::Call { .. } => 4,
            Event::Dispatch { .. } => 5,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Status {
    AtStation,
    Committed,
    Returning {
        from: Point,
        depart: SimTime,
        arrive: SimTime,
        back: EventId,
    },
}

#[derive(Clone, Copy, Debug)]
pub(super) struct UnitState {
    pub(super) status: Status,
    pub(super) crewed: bool,
    /// Firefighters on it (0: not crewed).
    pub(super) crew: u8,
    /// The turnout it needs beyond the usual with this crew (`Model::extra_turnout_for`),
    /// set as the crew changes (valid while crewed: only a crewed unit is sent or looked
    /// at): a dispatch search asks for it of every unit it looks at.
    pub(super) extra_turnout_s: f64,
    /// The response under way (valid while committed).
    pub(super) job: ResponseRecord,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Pending {
    id: u64,
    incident: u32,
    kind: u32,
}

#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Active {
    pub(super) units_out: u32,
    pub(super) pending: u32,
    pub(super) next_slot: u32,
    pub(super) first_arrival: Option<SimTime>,
    pub(super) first_turnout_s: f64,
    pub(super) first_travel_s: f64,
    pub(super) last_arrival: SimTime,
    pub(super) waited: bool,
    pub(super) last_assigned: SimTime,
    pub(super) units_sent: u32,
    pub(super) firefighters_sent: u32,
    pub(super) mutual_aid: bool,
    pub(super) done: bool,
}

/// A unit of a neighbouring station outside the district.
#[derive(Clone, Copy, Debug)]
pub(super) struct OutsideUnit {
    pub(super) station: usize,
    pub(super) kind: usize,
    /// Committed until then (back at its station).
    pub(super) busy_until: SimTime,
}

/// An incident that has been called in and is not finished: what the model needs of it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Open {
    pub(super) incident: Incident,
    pub(super) active: Active,
    /// The travel model's key for the incident's position ([`TravelModel::locate`]),
    /// looked up once when it is called in.
    pub(super) node: Option<Located>,
}

/// Plays `incidents` against the units `crewing` makes available.
pub struct Model<'a, P: DispatchPolicy, O: Observer> {
    pub(super) scenario: &'a Scenario,
    pub(super) crewing: &'a CrewingTimeline,
    /// The stream still to come; an incident is pulled when the one before it is called.
    pub(super) incidents: Box<dyn Iterator<Item = Incident> + 'a>,
    /// The next incident of the stream, pulled and scheduled but not yet called.
    pub(super) upcoming: Option<Incident>,
    /// Incidents called and not finished, by position in the stream: memory follows what is open, never the
    /// length of the horizon.
    pub(super) open_incidents: OpenIncidents<Open>,
    /// Incidents called so far.
    pub(super) called: u64,
    /// Dispatch orders run at their call without an event of their own (counted as events).
    pub(super) dispatched_at_call: u64,
    pub(super) policy: &'a P,
    pub(super) observer: &'a mut O,
    pub(super) turnout_streams: DispatchStreams,
    pub(super) spread_streams: DispatchStreams,
    pub(super) queue: EventQueue<Event>,
    pub(super) units: Vec<UnitState>,
    pub(super) units_by_kind: Vec<Vec<u32>>,
    /// `station_units[station * kinds + kind]`: that station's units of that kind, in index
    /// order (for the nearest-first search).
    pub(super) station_units: Vec<Vec<u32>>,
    /// Per kind: the units now on the road back to their station, in no particular order.
    pub(super) returning: Vec<Vec<u32>>,
    /// Per unit: its place in `returning[kind]` while returning.
    pub(super) returning_slot: Vec<u32>,
    /// Per incident type: the unit kinds its plan requires, one entry per unit, and the
    /// plan's minimum firefighters.
    pub(super) requirements: Vec<(Vec<u32>, u32)>,
    /// Units of neighbouring stations (candidate index: `scenario.units.len() + i`).
    pub(super) outside: Vec<OutsideUnit>,
    /// Daily availability draws of the neighbouring stations.
    pub(super) outside_days: Absence,
    /// Per unit: the travel model's key for where it is kept, temporary premises
    /// ([`TravelModel::locate`]) or its station ([`TravelModel::locate_station`]: `None`
    /// for a road network, which keeps tables per station).
    pub(super) base_node: Vec<Option<Located>>,
    /// Mean turnout: the turnout estimate of a unit at its base, before extras.
    pub(super) turnout_mean_s: f64,
    pub(super) waiting: VecDeque<Pending>,
    /// A crewing change's newly crewed free units (kept between changes, so a day's change
    /// allocates nothing).
    freed: Vec<usize>,
    pub(super) next_pending: u64,
    /// Incidents called in and not yet finished.
    pub(super) open: u32,
    pub(super) spread: Option<DurationDist>,
}

impl<'a, P: DispatchPolicy, O: Observer> Model<'a, P, O> {
    /// A model for replication `rep` of a run seeded with `seed`.
    pub fn new(
        scenario: &'a Scenario,
        crewing: &'a CrewingTimeline,
        incidents: impl IntoIterator<Item = Incident> + 'a,
        policy: &'a P,
        observer: &'a mut O,
        seed: u64,
        rep: u64,
    ) -> Self {
        let kinds = scenario.unit_kinds.len();
        let mut units_by_kind = vec![vec![]; kinds];
        let mut station_units = vec![vec![]; scenario.stations.len() * kinds];
        for (i, u) in scenario.units.iter().enumerate() {
            units_by_kind[u.kind].push(i as u32);
            station_units[u.station * kinds + u.kind].push(i as u32);
        }
        let requirements = scenario
            .incident_types
            .iter()
            .map(|t| {
                let kinds = t
                    .plan
                    .requirements
                    .iter()
                    .flat_map(|&(k, n)| std::iter::repeat_n(k as u32, n as usize))
                    .collect();
                (kinds, t.plan.min_firefighters)
            })
            .collect();
        let outside = scenario
            .outside
            .iter()
            .enumerate()
            .flat_map(|(s, o)| {
                o.units.iter().map(move |&kind| OutsideUnit {
                    station: s,
                    kind,
                    busy_until: SimTime::ZERO,
                })
            })
            .collect();
        let idle = ResponseRecord {
            incident: 0,
            kind: 0,
            zone: 0,
            call: SimTime::ZERO,
            dispatch_order: SimTime::ZERO,
            dispatched: SimTime::ZERO,
            slot: 0,
            unit: None,
            turnout_s: 0.0,
            travel_s: 0.0,
            arrival: SimTime::ZERO,
            on_scene_s: 0.0,
            clear: SimTime::ZERO,
        };
        let cv = scenario.travel.spread_cv();
        Model {
            scenario,
            crewing,
            incidents: Box::new(incidents.into_iter()),
            upcoming: None,
            open_incidents: OpenIncidents::default(),
            called: 0,
            dispatched_at_call: 0,
            policy,
            observer,
            turnout_streams: DispatchStreams::new(seed, rep, Purpose::Turnout),
            spread_streams: DispatchStreams::new(seed, rep, Purpose::TravelSpread),
            queue: EventQueue::new(),
            units: vec![
                UnitState {
                    status: Status::AtStation,
                    crewed: false,
                    crew: 0,
                    extra_turnout_s: 0.0,
                    job: idle,
                };
                scenario.units.len()
            ],
            units_by_kind,
            station_units,
            returning: vec![vec![]; kinds],
            returning_slot: vec![u32::MAX; scenario.units.len()],
            requirements,
            outside,
            outside_days: Absence::for_purpose(seed, rep, Purpose::MutualAid),
            base_node: scenario
                .units
                .iter()
                .map(|u| {
                    if u.pos != scenario.stations[u.station].pos {
                        scenario.travel.locate(u.pos)
                    } else {
                        scenario.travel.locate_station(u.pos)
                    }
                })
                .collect(),
            turnout_mean_s: scenario.turnout.mean_s(),
            waiting: VecDeque::new(),
            freed: vec![],
            next_pending: 0,
            open: 0,
            spread: (cv > 0.0)
                .then(|| DurationDist::lognormal(1.0, cv))
                .flatten(),
        }
    }

    /// The travel model's hour-of-day factor at `t` (the horizon starts at midnight).
    #[inline]
    fn hour_factor(&self, t: SimTime) -> f64 {
        let h = (t.as_secs() / 3_600.0) as i64;
        self.scenario.travel.hour_factor(h.rem_euclid(24) as usize)
    }

    /// Run to the end: every incident served (or left unserved when no unit ever can).
    pub fn run(mut self) -> RunCounts {
        // One crewing change pending at a time: each schedules the next when it runs (a
        // queue holding every day's change made each pop dearer). Changes have distinct
        // times and their own class, so no tie-break depends on when they were scheduled.
        if let Some(&t) = self.crewing.times.first() {
            self.queue.schedule(t, Event::Staffing { change: 0 });
        }
        self.upcoming = self.incidents.next();
        if let Some(first) = &self.upcoming {
            self.queue.schedule(first.call, Event::Call { incident: 0 });
        }
        while let Some((t, ev)) = self.queue.pop() {
            if self.queue.events_processed() & (crate::ground::cancel::POLL_EVERY - 1) == 0
                && crate::ground::cancel::requested().is_some()
            {
                break; // stopped: the results are incomplete and will not be written
            }
            match ev {
                Event::Call { incident } => self.on_call(t, incident),
                Event::Dispatch { incident } => self.on_dispatch(t, incident),
                Event::Clear { unit } => self.on_clear(t, unit),
                Event::Back { unit } => self.set_status(unit as usize, Status::AtStation),
                Event::Staffing { change } => self.on_staffing(t, change),
                Event::MutualAid { pending } => self.on_mutual_aid(t, pending),
            }
        }
        // Whatever still waits can never be served (no unit of its kind is ever crewed and
        // there is no mutual aid): report those incidents as they stand.
        let stranded: Vec<u32> = self.waiting.iter().map(|p| p.incident).collect();
        for i in stranded {
            if self.open_incidents.contains(i) {
                self.finish(i);
            }
        }
        RunCounts {
            events: self.queue.events_processed() + self.dispatched_at_call,
            incidents: self.called,
        }
    }

    /// Open incident `i` with its state (an engine invariant: events only name open
    /// incidents).
    #[inline]
    pub(super) fn open_incident(&self, i: u32) -> &Open {
        match self.open_incidents.get(i) {
            Some(o) => o,
            None => unreachable!("incident {i} is not open"),
        }
    }

    /// Open incident `i` ([`Model::open_incident`]).
    #[inline]
    pub(super) fn incident(&self, i: u32) -> &Incident {
        &self.open_incident(i).incident
    }

    /// The response state of open incident `i`.
    #[inline]
    fn active(&mut self, i: u32) -> &mut Active {
        match self.open_incidents.get_mut(i) {
            Some(o) => &mut o.active,
            None => unreachable!("incident {i} is not open"),
        }
    }

    fn on_call(&mut self, t: SimTime, i: u32) {
        self.open += 1;
        self.observer.open_incidents(t, self.open);
        // Incidents are named by their position in the stream, called in order.
        let Some(inc) = self.upcoming.take().filter(|_| self.called == i as u64) else {
            unreachable!("incident {i} called out of stream order");
        };
        self.called += 1;
        self.open_incidents.insert(
            i,
            Open {
                incident: inc,
                active: Active::default(),
                node: self.scenario.travel.locate(inc.pos),
            },
        );
        let order = t + SimTime::from_secs(inc.call_processing_s);
        self.upcoming = self.incidents.next();
        let next_call = self.upcoming.as_ref().map(|next| next.call.max(t));
        // A dispatch order due now, with nothing else due now (no pending event, nor the
        // next call): its event would be the very next popped, so it runs here instead
        // (M/M/c and any scenario without call processing save a third of their events).
        // Later events' sequence numbers all shift by one, which keeps their order.
        let now = order == t
            && next_call.is_none_or(|c| c > t)
            && self.queue.peek_time().is_none_or(|p| p > t);
        if !now {
            self.queue.schedule(order, Event::Dispatch { incident: i });
        }
        if let Some(c) = next_call {
            self.queue.schedule(c, Event::Call { incident: i + 1 });
        }
        if now {
            self.dispatched_at_call += 1;
            self.on_dispatch(t, i);
        }
    }

    fn on_dispatch(&mut self, t: SimTime, i: u32) {
        let kind = self.incident(i).kind as usize;
        self.active(i).last_assigned = t;
        let n_plan = self.requirements[kind].0.len();
        let min_ff = self.requirements[kind].1;
        // Firefighters sent so far (a waiting requirement counts its kind's full crew).
        let mut sent = 0u32;
        for r in 0.. {
            let need = match self.requirements[kind].0.get(r) {
                Some(&k) => k,
                None if sent < min_ff && n_plan > 0 => self.requirements[kind].0[0],
                None => break,
            };
            match self.choose(t, i, need) {
                Some(u) if u >= self.units.len() => {
                    sent += self.assign_outside(t, u - self.units.len(), i);
                }
                Some(u) => sent += self.assign(t, u, i),
                None => {
                    sent += self.scenario.unit_kinds[need as usize].crew;
                    let id = self.next_pending;
                    self.next_pending += 1;
                    self.waiting.push_back(Pending {
                        id,
                        incident: i,
                        kind: need,
                    });
                    let a = self.active(i);
                    a.pending += 1;
                    a.waited = true;
                    if let Some(ma) = self.scenario.mutual_aid {
                        self.queue.schedule(
                            t + SimTime::from_secs(ma.delay_s),
                            Event::MutualAid { pending: id },
                        );
                    }
                }
            }
        }
        self.maybe_finish(i);
    }

    /// Change a unit's status, keeping the lists of units on the road up to date.
    #[inline]
    fn set_status(&mut self, u: usize, status: Status) {
        let was_returning = matches!(self.units[u].status, Status::Returning { .. });
        let returning = matches!(status, Status::Returning { .. });
        let kind = self.scenario.units[u].kind;
        if was_returning && !returning {
            let list = &mut self.returning[kind];
            let slot = self.returning_slot[u] as usize;
            list.swap_remove(slot);
            if let Some(&moved) = list.get(slot) {
                self.returning_slot[moved as usize] = slot as u32;
            }
            self.returning_slot[u] = u32::MAX;
        } else if returning && !was_returning {
            self.returning_slot[u] = self.returning[kind].len() as u32;
            self.returning[kind].push(u as u32);
        }
        self.units[u].status = status;
    }

    /// Send district unit `u` to incident `i`; returns the firefighters on it.
    fn assign(&mut self, t: SimTime, u: usize, i: u32) -> u32 {
        let Some(cand) = self.position(u, t) else {
            unreachable!("assigning unit {u}, which is not available");
        };
        if let Status::Returning { back, .. } = self.units[u].status {
            self.queue.cancel(back);
        }
        self.set_status(u, Status::Committed);
        let inc = *self.incident(i);
        let a = self.active(i);
        let slot = a.next_slot;
        a.next_slot += 1;
        let turnout_s = if !cand.at_station {
            0.0
        } else {
            self.draw_turnout_s(i, slot) + self.extra_turnout_s(u)
        };
        let travel_s = self.draw_travel_s(cand.from, i, slot);
        let arrival = t + SimTime::from_secs(turnout_s) + SimTime::from_secs(travel_s);
        let clear = arrival + SimTime::from_secs(inc.on_scene_s);
        let crew = self.units[u].crew as u32;
        self.record_assignment(i, t, arrival, turnout_s, travel_s, crew, false);
        self.observer.unit_state(u, t, self.units[u].crewed, true);
        self.units[u].job = ResponseRecord {
            incident: i,
            kind: inc.kind,
            zone: inc.zone,
            call: inc.call,
            dispatch_order: inc.call + SimTime::from_secs(inc.call_processing_s),
            dispatched: t,
            slot,
            unit: Some(u as u32),
            turnout_s,
            travel_s,
            arrival,
            on_scene_s: inc.on_scene_s,
            clear,
        };
        self.active(i).units_out += 1;
        self.queue.schedule(clear, Event::Clear { unit: u as u32 });
        crew
    }

    /// The turnout draw of incident `i`'s dispatch `slot` (before any extra).
    fn draw_turnout_s(&self, i: u32, slot: u32) -> f64 {
        match self.scenario.turnout.constant() {
            // Nothing to draw: the per-dispatch stream need not be seeded.
            Some(c) => c,
            None => {
                let mut rng = self.turnout_streams.get(i as u64, slot as u64);
                self.scenario.turnout.sample(&mut rng)
            }
        }
    }

    /// The travel draw from `from` to incident `i`'s site for dispatch `slot`.
    fn draw_travel_s(&self, from: Place, i: u32, slot: u32) -> f64 {
        // The hour-of-day factor is exactly 1 unless a road network says otherwise.
        let mut travel_s = self.scenario.travel.estimate_s(from, self.site(i))
            * self.hour_factor(self.queue.now());
        if let Some(spread) = &self.spread {
            let mut rng = self.spread_streams.get(i as u64, slot as u64);
            travel_s *= spread.sample(&mut rng);
        }
        travel_s
    }

    /// Send unit `j` of a neighbouring station to incident `i` (mutual aid); returns the
    /// firefighters on it. It is committed until it is back at its station.
    fn assign_outside(&mut self, t: SimTime, j: usize, i: u32) -> u32 {
        let o = self.outside[j];
        let from = Place {
            pos: self.scenario.outside[o.station].pos,
            station: None,
            zone: None,
            node: None,
        };
        let inc = *self.incident(i);
        let slot = self.active(i).next_slot;
        self.active(i).next_slot += 1;
        let turnout_s = self.draw_turnout_s(i, slot);
        let travel_s = self.draw_travel_s(from, i, slot);
        let arrival = t + SimTime::from_secs(turnout_s) + SimTime::from_secs(travel_s);
        let clear = arrival + SimTime::from_secs(inc.on_scene_s);
        let back_s = self.scenario.travel.estimate_s(from, self.site(i));
        self.outside[j].busy_until = clear + SimTime::from_secs(back_s);
        let crew = self.scenario.unit_kinds[o.kind].crew;
        self.record_assignment(i, t, arrival, turnout_s, travel_s, crew, true);
        self.observer.response(&ResponseRecord {
            incident: i,
            kind: inc.kind,
            zone: inc.zone,
            call: inc.call,
            dispatch_order: inc.call + SimTime::from_secs(inc.call_processing_s),
            dispatched: t,
            slot,
            unit: None,
            turnout_s,
            travel_s,
            arrival,
            on_scene_s: inc.on_scene_s,
            clear,
        });
        crew
    }

    #[allow(clippy::too_many_arguments)]
    #[inline] // per unit sent: kept in `assign`
    fn record_assignment(
        &mut self,
        i: u32,
        t: SimTime,
        arrival: SimTime,
        turnout_s: f64,
        travel_s: f64,
        crew: u32,
        mutual_aid: bool,
    ) {
        let a = self.active(i);
        if a.first_arrival.is_none_or(|f| arrival < f) {
            a.first_arrival = Some(arrival);
            a.first_turnout_s = turnout_s;
            a.first_travel_s = travel_s;
        }
        a.last_arrival = a.last_arrival.max(arrival);
        a.last_assigned = a.last_assigned.max(t);
        a.units_sent += 1;
        a.firefighters_sent += crew;
        a.mutual_aid |= mutual_aid;
    }

    fn on_clear(&mut self, t: SimTime, u32_unit: u32) {
        let u = u32_unit as usize;
        let job = self.units[u].job;
        self.observer.response(&job);
        self.observer.busy(u, job.dispatched, t);
        // From the incident back to the unit's base: its station, or the temporary premises
        // it is kept at, which a road network routes to from their own node (on a directed
        // network the way back may differ from the way out).
        let back_s = self
            .scenario
            .travel
            .estimate_s(self.site(job.incident), self.base(u))
            * self.hour_factor(t);
        if back_s > 0.0 {
            let arrive = t + SimTime::from_secs(back_s);
            let back = self.queue.schedule(arrive, Event::Back { unit: u32_unit });
            self.set_status(
                u,
                Status::Returning {
                    from: self.incident(job.incident).pos,
                    depart: t,
                    arrive,
                    back,
                },
            );
        } else {
            self.set_status(u, Status::AtStation);
        }
        self.observer.unit_state(u, t, self.units[u].crewed, false);
        self.active(job.incident).units_out -= 1;
        self.maybe_finish(job.incident);
        if self.units[u].crewed {
            self.serve_waiting(t, u);
        }
    }

    /// Give a newly available unit to the oldest waiting requirement it can serve.
    fn serve_waiting(&mut self, t: SimTime, u: usize) {
        let kind = self.scenario.units[u].kind;
        let kinds = &self.scenario.unit_kinds;
        let pos = self.waiting.iter().position(|p| {
            p.kind as usize == kind || kinds[p.kind as usize].substitutes.contains(&kind)
        });
        if let Some(pos) = pos {
            let Some(p) = self.waiting.remove(pos) else {
                return;
            };
            self.active(p.incident).pending -= 1;
            let _ = self.assign(t, u, p.incident);
        }
    }

    #[inline(never)] // once a day: kept out of the event loop
    fn on_staffing(&mut self, t: SimTime, change: u32) {
        let k = change as usize;
        if let Some(&next) = self.crewing.times.get(k + 1) {
            self.queue
                .schedule(next, Event::Staffing { change: change + 1 });
        }
        // Only the units whose crew the change sets: the others keep their crew and state
        // (the same as applying every unit's entry, which left them unchanged).
        let mut freed = std::mem::take(&mut self.freed);
        for &(u, crew) in self.crewing.changed(k) {
            let (u, c) = (u as usize, crew > 0);
            let extra_turnout_s = self.extra_turnout_for(u, crew);
            let st = &mut self.units[u];
            st.crew = crew;
            st.extra_turnout_s = extra_turnout_s;
            let committed = matches!(st.status, Status::Committed);
            if c && !st.crewed && !committed {
                freed.push(u);
            }
            if c != st.crewed {
                st.crewed = c;
                self.observer.unit_state(u, t, c, committed);
            }
        }
        for &u in &freed {
            self.serve_waiting(t, u);
        }
        freed.clear();
        self.freed = freed;
    }

    fn on_mutual_aid(&mut self, t: SimTime, pending: u64) {
        let Some(pos) = self.waiting.iter().position(|p| p.id == pending) else {
            return; // served by one of our units meanwhile
        };
        let Some(p) = self.waiting.remove(pos) else {
            return;
        };
        let Some(ma) = self.scenario.mutual_aid else {
            return;
        };
        let inc = *self.incident(p.incident);
        let arrival = t + SimTime::from_secs(ma.travel_s);
        let crew = self.scenario.unit_kinds[p.kind as usize].crew;
        let a = self.active(p.incident);
        a.pending -= 1;
        let slot = a.next_slot;
        a.next_slot += 1;
        self.record_assignment(p.incident, t, arrival, 0.0, ma.travel_s, crew, true);
        self.observer.response(&ResponseRecord {
            incident: p.incident,
            kind: inc.kind,
            zone: inc.zone,
            call: inc.call,
            dispatch_order: inc.call + SimTime::from_secs(inc.call_processing_s),
            dispatched: t,
            slot,
            unit: None,
            turnout_s: 0.0,
            travel_s: ma.travel_s,
            arrival,
            on_scene_s: inc.on_scene_s,
            clear: arrival + SimTime::from_secs(inc.on_scene_s),
        });
        self.maybe_finish(p.incident);
    }

    #[inline] // per unit back: kept in the event loop
    fn maybe_finish(&mut self, i: u32) {
        let a = self.active(i);
        if a.units_out == 0 && a.pending == 0 && !a.done {
            self.finish(i);
        }
    }

    fn finish(&mut self, i: u32) {
        let inc = *self.incident(i);
        self.open -= 1;
        let now = self.queue.now();
        self.observer.open_incidents(now, self.open);
        let a = self.active(i);
        a.done = true;
        let order = inc.call + SimTime::from_secs(inc.call_processing_s);
        let complete = a.pending == 0;
        let rec = IncidentRecord {
            id: i,
            kind: inc.kind,
            zone: inc.zone,
            call: inc.call,
            dispatch_order: order,
            first_arrival: a.first_arrival,
            first_turnout_s: a.first_turnout_s,
            first_travel_s: a.first_travel_s,
            full_arrival: complete.then_some(a.last_arrival),
            waited: a.waited,
            wait_s: if a.waited {
                (a.last_assigned - order).as_secs()
            } else {
                0.0
            },
            units_sent: a.units_sent,
            firefighters_sent: a.firefighters_sent,
            mutual_aid: a.mutual_aid,
            pos: inc.pos,
        };
        self.observer.incident(&rec);
        self.open_incidents.remove(i);
    }
}

/// A plan as a list of unit kinds, one per unit, with extra units of the first kind added
/// until the plan's minimum firefighters is met on full crews (the model adds units while
/// the real crews sent fall short of it).
pub fn expand_plan(scenario: &Scenario, plan: &crate::scenario::ResponsePlan) -> Vec<u32> {
    plan.expanded(&scenario.unit_kinds)
}
