//! Validating what crews need: which unit kinds the response plans can request (and so
//! which units are ever crewed, in which order), the temporary premises a team works from
//! before its station opens, and the neighbouring stations outside the district.

use super::super::raw::*;
use super::super::{
    IncidentType, Issue, OutsideStation, ResponsePlan, Rollout, Unit, UnitKind, Zone,
};
use super::validator::{MAX_FIREFIGHTERS, MAX_PLAN_UNITS, Validator};
use crate::ground::geo::{LatLon, Point, Projection};
use std::collections::HashMap;

impl ResponsePlan {
    /// The plan as a list of unit kinds, one per unit, with extra units of the first kind
    /// added until the plan's minimum firefighters is met on full crews.
    pub fn expanded(&self, kinds: &[UnitKind]) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .requirements
            .iter()
            // A count over the limit is a validation issue already; capping it here keeps
            // validation itself from expanding 4e9 units before it reports that.
            .flat_map(|&(k, n)| std::iter::repeat_n(k as u32, n.min(MAX_PLAN_UNITS) as usize))
            .collect();
        let crew = |k: u32| kinds[k as usize].crew.max(1);
        if let Some(&first) = out.first() {
            let mut total = out.iter().fold(0u32, |a, &k| a.saturating_add(crew(k)));
            // Capped like the counts: an unchecked minimum is reported, not expanded.
            while total < self.min_firefighters.min(MAX_FIREFIGHTERS) {
                out.push(first);
                total = total.saturating_add(crew(first));
            }
        }
        out
    }
}

/// Fill each kind's `requestable` and `requests_per_incident` from the response plans, and
/// warn about kinds that stations keep but no plan or substitute rule can request.
pub(super) fn kind_demand(kinds: &mut [UnitKind], types: &[IncidentType]) {
    let mut per_incident = vec![0.0; kinds.len()];
    let mut requested = vec![false; kinds.len()];
    for t in types.iter().filter(|t| t.share > 0.0) {
        for k in t.plan.expanded(kinds) {
            per_incident[k as usize] += t.share;
            requested[k as usize] = true;
        }
    }
    let mut requestable = requested.clone();
    for (k, kind) in kinds.iter().enumerate() {
        if requested[k] {
            for &s in &kind.substitutes {
                requestable[s] = true;
            }
        }
    }
    for (k, kind) in kinds.iter_mut().enumerate() {
        kind.requestable = requestable[k];
        kind.requests_per_incident = per_incident[k];
    }
}

/// A station's requestable units in crewing order: most requested kind first, ties (and
/// units of one kind) in the given order.
pub(super) fn crew_order(kinds: &[UnitKind], units: &[Unit], ids: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = ids
        .iter()
        .copied()
        .filter(|&u| kinds[units[u].kind].requestable)
        .collect();
    out.sort_by(|&a, &b| {
        let (ka, kb) = (&kinds[units[a].kind], &kinds[units[b].kind]);
        kb.requests_per_incident
            .total_cmp(&ka.requests_per_incident)
            .then(a.cmp(&b))
    });
    out
}

/// The warnings for kinds that stations keep but no plan can request.
pub(super) fn unrequestable_warnings(kinds: &[UnitKind], units: &[Unit]) -> Vec<Issue> {
    kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| !k.requestable)
        .filter_map(|(i, k)| {
            let n = units.iter().filter(|u| u.kind == i).count();
            (n > 0).then(|| {
                Issue::new(
                    format!("unit_kinds[{i}]"),
                    format!(
                        "no response plan or substitute rule can request `{}`: its {n} unit(s) are never crewed (their firefighters crew units that can be sent)",
                        k.name
                    ),
                )
            })
        })
        .collect()
}

/// What [`Validator::premises`] needs about the scenario so far.
pub(super) struct PremisesContext<'a> {
    pub kinds: &'a [UnitKind],
    pub kind_index: &'a HashMap<String, usize>,
    pub zones: &'a [Zone],
    pub projection: Projection,
    pub default_extra_turnout_s: f64,
}

/// A station's temporary premises, validated.
pub(super) struct Premises {
    pub units: Vec<usize>,
    pub location: LatLon,
    pub pos: Point,
    pub extra_turnout_s: f64,
}

impl Validator {
    /// The temporary premises of station `i` (`raw`), its units appended to `units`.
    /// Location: given, else the seat of the zone nearest the station (the town seat).
    /// Units: given, else `temporary_units` units of the station's most requested kind.
    pub(super) fn premises(
        &mut self,
        i: usize,
        raw: &RawStation,
        station_pos: Point,
        station_units: &[usize],
        units: &mut Vec<Unit>,
        ctx: &PremisesContext,
    ) -> Premises {
        let f = format!("stations[{}].premises", self.station_at(i));
        let p = raw.premises.as_ref();
        let given = p.and_then(|p| p.lat.zip(p.lon));
        if p.is_some_and(|p| p.lat.is_some() != p.lon.is_some()) {
            self.issue(&f, "give both lat and lon, or neither");
        }
        let (location, pos) = match given {
            Some((lat, lon)) => {
                let l = self.latlon(lat, lon, &f);
                (l, ctx.projection.project(l))
            }
            None => ctx
                .zones
                .iter()
                .min_by(|a, b| {
                    a.pos
                        .distance_km(station_pos)
                        .total_cmp(&b.pos.distance_km(station_pos))
                })
                .map_or(
                    (
                        LatLon {
                            lat: raw.lat,
                            lon: raw.lon,
                        },
                        station_pos,
                    ),
                    |z| (z.seat, z.pos),
                ),
        };
        let extra_turnout_s = p
            .and_then(|p| p.extra_turnout_s)
            .unwrap_or(ctx.default_extra_turnout_s);
        self.check(
            extra_turnout_s.is_finite() && extra_turnout_s >= 0.0,
            format!("{f}.extra_turnout_s"),
            "must be a number of seconds >= 0",
        );
        let kinds: Vec<usize> = match p.and_then(|p| p.units.as_ref()) {
            Some(names) => names
                .iter()
                .enumerate()
                .filter_map(|(j, k)| {
                    let found = ctx.kind_index.get(k).copied();
                    if found.is_none() {
                        self.issue(
                            format!("{f}.units[{j}]"),
                            format!("unknown unit kind `{k}`"),
                        );
                    }
                    found
                })
                .collect(),
            None => {
                let first = crew_order(ctx.kinds, units, station_units)
                    .first()
                    .map(|&u| units[u].kind);
                first.map_or(vec![], |k| vec![k; raw.temporary_units as usize])
            }
        };
        self.check(
            raw.temporary_units as usize <= kinds.len(),
            format!("stations[{}].temporary_units", self.station_at(i)),
            "cannot exceed the units at the temporary premises (premises.units)",
        );
        let mut ids = vec![];
        let mut per_kind: HashMap<usize, u32> = HashMap::new();
        for k in kinds {
            let n = per_kind.entry(k).or_default();
            *n += 1;
            ids.push(units.len());
            units.push(Unit {
                id: format!("{}-premises-{}-{}", raw.id, ctx.kinds[k].name, n),
                station: i,
                kind: k,
                pos,
                premises: true,
            });
        }
        Premises {
            units: ids,
            location,
            pos,
            extra_turnout_s,
        }
    }

    /// The neighbouring stations of `[[mutual_aid.stations]]`.
    pub(super) fn outside_stations(
        &mut self,
        raw: &[RawOutsideStation],
        kind_index: &HashMap<String, usize>,
        projection: Projection,
        travel: &RawTravel,
    ) -> Vec<OutsideStation> {
        if !raw.is_empty() && !matches!(travel, RawTravel::Kolesar { .. }) {
            self.issue(
                "mutual_aid.stations",
                "neighbouring stations need a distance-based travel model (travel.model = \"kolesar\")",
            );
        }
        raw.iter()
            .enumerate()
            .map(|(i, s)| {
                let f = format!("mutual_aid.stations[{i}]");
                let location = self.latlon(s.lat, s.lon, &f);
                self.check(
                    (0.0..=1.0).contains(&s.availability),
                    format!("{f}.availability"),
                    format!("must be a share between 0 and 1, found {}", s.availability),
                );
                self.check(
                    !s.units.is_empty(),
                    format!("{f}.units"),
                    "needs at least one unit",
                );
                let units = s
                    .units
                    .iter()
                    .enumerate()
                    .filter_map(|(j, k)| {
                        let found = kind_index.get(k).copied();
                        if found.is_none() {
                            self.issue(
                                format!("{f}.units[{j}]"),
                                format!("unknown unit kind `{k}`"),
                            );
                        }
                        found
                    })
                    .collect();
                OutsideStation {
                    name: s.name.clone(),
                    location,
                    pos: projection.project(location),
                    units,
                    availability: s.availability,
                }
            })
            .collect()
    }

    /// Each rollout's own on-duty share against the absence rate (a share inherited from
    /// `[staffing]`, or out of range, is reported once elsewhere).
    pub(super) fn rollout_shares(&mut self, rollouts: &[Rollout], default: f64, absence_rate: f64) {
        for (i, r) in rollouts.iter().enumerate() {
            if r.on_duty_fraction == default || r.on_duty_fraction > 1.0 {
                continue;
            }
            self.check(
                r.on_duty_fraction <= 1.0 - absence_rate,
                format!("rollouts[{i}].on_duty_fraction"),
                format!(
                    "with staffing.absence_rate {absence_rate} at most {} can be on duty on average",
                    1.0 - absence_rate
                ),
            );
        }
    }

    /// The staffing parameters beyond the on-duty share.
    pub(super) fn crew_parameters(&mut self, s: &RawStaffing) {
        self.check(
            (0.0..1.0).contains(&s.absence_rate),
            "staffing.absence_rate",
            format!("must be in [0, 1), found {}", s.absence_rate),
        );
        self.check(
            s.on_duty_fraction > 1.0 || s.on_duty_fraction <= 1.0 - s.absence_rate,
            "staffing.on_duty_fraction",
            format!(
                "with absence_rate {} at most {} can be on duty on average",
                s.absence_rate,
                1.0 - s.absence_rate
            ),
        );
        for (v, f) in [
            (
                s.short_crew_extra_turnout_s,
                "staffing.short_crew_extra_turnout_s",
            ),
            (
                s.premises_extra_turnout_s,
                "staffing.premises_extra_turnout_s",
            ),
        ] {
            self.check(
                v.is_finite() && v >= 0.0,
                f,
                "must be a number of seconds >= 0",
            );
        }
    }
}
