//! The model's units as a dispatch policy sees them: where each available unit is at a
//! given time (at its base, on the road back, or at a neighbouring station), its turnout,
//! and the read-only [`FleetView`] the policy searches; the substitution rule around the
//! policy's choice.

use super::model::{Model, Status};
use super::observer::Observer;
use crate::ground::engine::SimTime;
use crate::sim::dispatch::{Candidate, DispatchPolicy, FleetView};
use crate::travel::{AnyTravel, Place, TravelModel};

impl<P: DispatchPolicy, O: Observer> Model<'_, P, O> {
    pub(super) fn site(&self, i: u32) -> Place {
        let open = self.open_incident(i);
        Place {
            pos: open.incident.pos,
            station: None,
            zone: Some(open.incident.zone as usize),
            node: open.node,
        }
    }

    pub(super) fn position(&self, u: usize, t: SimTime) -> Option<Candidate> {
        let st = &self.units[u];
        if !st.crewed {
            return None;
        }
        let base = self.base(u);
        let (home, station_pos) = (self.scenario.units[u].station, base.pos);
        let (pos, at_station, node) = match st.status {
            Status::AtStation => (base.pos, true, base.node),
            Status::Committed => return None,
            Status::Returning {
                from,
                depart,
                arrive,
                ..
            } => {
                let f = (t - depart).0 as f64 / ((arrive - depart).0.max(1)) as f64;
                let pos = from.lerp(station_pos, f.clamp(0.0, 1.0));
                (pos, false, self.scenario.travel.locate(pos))
            }
        };
        Some(Candidate {
            unit: u,
            from: Place {
                pos,
                station: Some(home),
                zone: None,
                node,
            },
            at_station,
            turnout_s: if at_station {
                self.turnout_mean_s + self.extra_turnout_s(u)
            } else {
                0.0
            },
        })
    }

    /// Where unit `u` waits: its station, or the temporary premises it is kept at. A place
    /// of the station with a node of its own ([`TravelModel::locate`]) is not the station:
    /// a road network routes to and from the premises' nearest node, not by the station's
    /// tables.
    #[inline]
    pub(super) fn base(&self, u: usize) -> Place {
        let unit = &self.scenario.units[u];
        Place {
            pos: unit.pos,
            station: Some(unit.station),
            zone: None,
            node: self.base_node[u],
        }
    }

    /// The turnout a unit needs beyond the usual: from temporary premises, riding short.
    #[inline]
    pub(super) fn extra_turnout_s(&self, u: usize) -> f64 {
        self.units[u].extra_turnout_s
    }

    /// [`Model::extra_turnout_s`] of unit `u` with `crew` firefighters on it.
    pub(super) fn extra_turnout_for(&self, u: usize, crew: u8) -> f64 {
        let unit = &self.scenario.units[u];
        let mut extra = 0.0;
        if unit.premises {
            extra += self.scenario.stations[unit.station].premises_extra_turnout_s;
        }
        if (crew as u32) < self.scenario.unit_kinds[unit.kind].crew {
            extra += self.scenario.short_crew_extra_turnout_s;
        }
        extra
    }

    /// A neighbouring station's unit, if it can be sent at `t`.
    pub(super) fn outside_candidate(&self, j: usize, t: SimTime) -> Option<Candidate> {
        let o = &self.outside[j];
        let st = &self.scenario.outside[o.station];
        let day = t.day_index().max(0) as u64;
        let available = self.outside_days.uniform(o.station as u64, 0, day) < st.availability;
        (available && o.busy_until <= t).then_some(Candidate {
            unit: self.units.len() + j,
            from: Place {
                pos: st.pos,
                station: None,
                zone: None,
                // Neighbours need Kolesar travel (validation): no road node.
                node: None,
            },
            at_station: true,
            turnout_s: self.turnout_mean_s,
        })
    }

    /// The policy's choice among available units of `kind`, else of its substitutes (in
    /// order). With `substitute_if_faster_by_s`, the closest substitute goes instead of an
    /// available unit of the kind when its estimated travel is shorter by more than that.
    pub(super) fn choose(&self, t: SimTime, i: u32, kind: u32) -> Option<usize> {
        let site = self.site(i);
        let uk = &self.scenario.unit_kinds[kind as usize];
        let primary = self.choose_kind(t, site, kind as usize);
        match (primary, uk.substitute_if_faster_by_s) {
            (Some(u), None) => Some(u),
            (Some(u), Some(margin)) => {
                let est = |u: usize| {
                    self.candidate(u, t).map_or(f64::INFINITY, |c| {
                        crate::sim::dispatch::estimated_arrival_s(&self.scenario.travel, &c, site)
                    })
                };
                let best_sub = uk
                    .substitutes
                    .iter()
                    .filter_map(|&k| self.choose_kind(t, site, k))
                    .map(|s| (est(s), s))
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                match best_sub {
                    Some((ts, s)) if ts + margin < est(u) => Some(s),
                    _ => Some(u),
                }
            }
            (None, _) => uk
                .substitutes
                .iter()
                .find_map(|&k| self.choose_kind(t, site, k)),
        }
    }

    /// A district unit's (`u < units`) or a neighbouring station's unit's candidacy.
    pub(super) fn candidate(&self, u: usize, t: SimTime) -> Option<Candidate> {
        if u < self.units.len() {
            self.position(u, t)
        } else {
            self.outside_candidate(u - self.units.len(), t)
        }
    }

    /// The available units of kind `k` of the neighbouring stations (`station`: of that
    /// one only).
    pub(super) fn outside_of_kind(
        &self,
        t: SimTime,
        k: usize,
        station: Option<usize>,
    ) -> impl Iterator<Item = Candidate> + '_ {
        (0..self.outside.len())
            .filter(move |&j| {
                let o = &self.outside[j];
                o.kind == k && station.is_none_or(|s| o.station == s)
            })
            .filter_map(move |j| self.outside_candidate(j, t))
    }

    /// The policy's choice among available units of kind `k` (the district's and the
    /// neighbouring stations'), through a read-only view of the fleet at `t`.
    pub(super) fn choose_kind(&self, t: SimTime, site: Place, k: usize) -> Option<usize> {
        self.policy.choose(&Fleet { model: self, t }, site, k)
    }
}

/// The fleet as a dispatch policy sees it at time `t`: read-only.
struct Fleet<'m, 'a, P: DispatchPolicy, O: Observer> {
    model: &'m Model<'a, P, O>,
    t: SimTime,
}

impl<P: DispatchPolicy, O: Observer> Fleet<'_, '_, P, O> {
    /// The available ones of district `units` (all of kind `kind`), then the neighbouring
    /// stations' available units of that kind.
    fn each_of(&self, units: &[u32], kind: usize, mut visit: impl FnMut(&Candidate)) {
        let m = self.model;
        for &u in units {
            if let Some(c) = m.position(u as usize, self.t) {
                visit(&c);
            }
        }
        for c in m.outside_of_kind(self.t, kind, None) {
            visit(&c);
        }
    }
}

impl<P: DispatchPolicy, O: Observer> FleetView for Fleet<'_, '_, P, O> {
    fn travel(&self) -> &AnyTravel {
        &self.model.scenario.travel
    }

    fn least_turnout_s(&self) -> f64 {
        self.model.turnout_mean_s
    }

    #[inline]
    fn each_available(&self, kind: usize, visit: impl FnMut(&Candidate)) {
        self.each_of(&self.model.units_by_kind[kind], kind, visit);
    }

    #[inline]
    fn each_returning(&self, kind: usize, mut visit: impl FnMut(&Candidate)) {
        let m = self.model;
        for &u in &m.returning[kind] {
            if let Some(c) = m.position(u as usize, self.t) {
                visit(&c);
            }
        }
    }

    #[inline]
    fn each_neighbour(&self, kind: usize, mut visit: impl FnMut(&Candidate)) {
        for c in self.model.outside_of_kind(self.t, kind, None) {
            visit(&c);
        }
    }

    #[inline] // once per station the dispatch search visits: kept in it
    fn each_at_station(&self, station: usize, kind: usize, mut visit: impl FnMut(&Candidate)) {
        let m = self.model;
        let district = m.scenario.stations.len();
        if station >= district {
            for c in m.outside_of_kind(self.t, kind, Some(station - district)) {
                visit(&c);
            }
            return;
        }
        let kinds = m.scenario.unit_kinds.len();
        for &u in &m.station_units[station * kinds + kind] {
            // Units on the road are away, not at the station.
            if matches!(m.units[u as usize].status, Status::AtStation)
                && let Some(c) = m.position(u as usize, self.t)
            {
                visit(&c);
            }
        }
    }
}
