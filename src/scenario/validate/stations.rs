//! Validating `[[unit_kinds]]` and `[[stations]]` with their units: the kinds, the
//! stations, every unit and their indices by name.

use super::super::raw::*;
use super::super::{Calendar, Station, Unit, UnitKind, Zone};
use super::crews;
use super::ranges::{CREW, FROM_ORIGIN_KM};
use super::validator::Validator;
use crate::ground::engine::SimTime;
use crate::ground::geo::Projection;
use chrono::Datelike;
use std::collections::HashMap;

/// The longest construction delay `[construction]` takes: 100 years, as a rollout's
/// `opening_delays` (a bound on nonsense, not a real delay).
pub const MAX_DELAY_DAYS: i64 = 36_500;

impl Validator {
    /// `[[unit_kinds]]`: the kinds and their index by name (requests are filled in once
    /// the incident types are known).
    pub(super) fn unit_kinds(
        &mut self,
        raw: &RawScenario,
    ) -> (Vec<UnitKind>, HashMap<String, usize>) {
        // Unit kinds.
        let mut kind_index = HashMap::new();
        for (i, k) in raw.unit_kinds.iter().enumerate() {
            if kind_index.insert(k.name.clone(), i).is_some() {
                self.issue(
                    format!("unit_kinds[{i}].name"),
                    format!("unit kind `{}` is defined twice", k.name),
                );
            }
            self.range(format!("unit_kinds[{i}].crew"), f64::from(k.crew), &CREW);
            self.check(
                k.min_crew.is_none_or(|m| m >= 1 && m <= k.crew),
                format!("unit_kinds[{i}].min_crew"),
                "must be between 1 and the kind's crew",
            );
        }
        let unit_kinds: Vec<UnitKind> = raw
            .unit_kinds
            .iter()
            .enumerate()
            .map(|(i, k)| UnitKind {
                substitute_if_faster_by_s: k.substitute_if_faster_by_s.filter(|x| {
                    self.check(
                        x.is_finite() && *x >= 0.0,
                        format!("unit_kinds[{i}].substitute_if_faster_by_s"),
                        "must be a number of seconds >= 0",
                    )
                }),
                name: k.name.clone(),
                crew: k.crew,
                min_crew: k.min_crew.unwrap_or(k.crew),
                requestable: false,
                requests_per_incident: 0.0,
                substitutes: k
                    .substitutes
                    .iter()
                    .enumerate()
                    .filter_map(|(j, s)| {
                        let found = kind_index.get(s).copied();
                        if found.is_none() {
                            self.issue(
                                format!("unit_kinds[{i}].substitutes[{j}]"),
                                format!("unknown unit kind `{s}`"),
                            );
                        }
                        found
                    })
                    .collect(),
            })
            .collect();
        (unit_kinds, kind_index)
    }

    /// `[[stations]]` with their units (and temporary premises): the stations, every unit,
    /// and the stations' index by id.
    pub(super) fn stations(
        &mut self,
        raw: &RawScenario,
        calendar: Option<&Calendar>,
        projection: Projection,
        unit_kinds: &[UnitKind],
        kind_index: &HashMap<String, usize>,
        zones: &[Zone],
    ) -> (Vec<Station>, Vec<Unit>, HashMap<String, usize>) {
        // Stations and units.
        self.check(
            !raw.stations.is_empty(),
            "stations",
            "at least one station is needed",
        );
        let mut station_index = HashMap::new();
        let mut units = vec![];
        let mut stations = vec![];
        let premises_ctx = crews::PremisesContext {
            kinds: unit_kinds,
            kind_index,
            zones,
            projection,
            default_extra_turnout_s: raw.staffing.premises_extra_turnout_s,
        };
        for (i, s) in raw.stations.iter().enumerate() {
            let f = format!("stations[{}]", self.station_at(i));
            if station_index.insert(s.id.clone(), i).is_some() {
                self.issue(
                    format!("{f}.id"),
                    format!("station `{}` is defined twice", s.id),
                );
            }
            let location = self.latlon(s.lat, s.lon, &f);
            let opens = s
                .opens
                .as_ref()
                .and_then(|d| self.date(d, format!("{f}.opens")));
            let opens_at = match (&calendar, opens) {
                (Some(c), Some(d)) => c.time_of(d).max(SimTime::ZERO),
                _ => SimTime::ZERO,
            };
            let mut ids = vec![];
            let mut per_kind: HashMap<usize, u32> = HashMap::new();
            for (j, k) in s.units.iter().enumerate() {
                match kind_index.get(k) {
                    Some(&kind) => {
                        let n = per_kind.entry(kind).or_default();
                        *n += 1;
                        ids.push(units.len());
                        units.push(Unit {
                            id: format!("{}-{}-{}", s.id, k, n),
                            station: i,
                            kind,
                            pos: projection.project(location),
                            premises: false,
                        });
                    }
                    None => self.issue(
                        format!("{f}.units[{j}]"),
                        format!("unknown unit kind `{k}`"),
                    ),
                }
            }
            let pos = projection.project(location);
            self.off_origin(&f, location, pos, &FROM_ORIGIN_KM);
            let premises = self.premises(i, s, pos, &ids, &mut units, &premises_ctx);
            let crew_order = crews::crew_order(unit_kinds, &units, &ids);
            let squads = self.squads(
                i,
                &s.id,
                &s.squads,
                pos,
                &mut ids,
                &mut units,
                &premises_ctx,
            );
            stations.push(Station {
                crew_order,
                squads,
                premises_crew_order: crews::crew_order(unit_kinds, &units, &premises.units),
                premises_units: premises.units,
                premises_location: premises.location,
                premises_pos: premises.pos,
                premises_extra_turnout_s: premises.extra_turnout_s,
                id: s.id.clone(),
                name: s.name.clone(),
                name_zh: s.name_zh.clone(),
                grade: s.grade,
                location,
                pos,
                opens,
                opens_at,
                units: ids,
                temporary_units: s.temporary_units,
                government: s.government,
            });
        }
        (stations, units, station_index)
    }

    /// `[construction]`: per station, the days its opening comes later than its table date
    /// in every rollout (0 for a station open at the start of the horizon).
    pub(super) fn construction(
        &mut self,
        raw: &RawConstruction,
        stations: &[Station],
        calendar: Option<&Calendar>,
    ) -> Vec<u32> {
        let mut by_year: Vec<Option<u32>> = vec![None; stations.len()];
        let mut by_station: Vec<Option<u32>> = vec![None; stations.len()];
        // Not yet open at the start: a table date after the horizon's first day.
        let pending = |s: &Station| {
            s.opens
                .filter(|d| calendar.is_none_or(|c| *d > c.start))
                .map(|d| d.year())
        };
        for (key, &days) in &raw.delay_days {
            let f = format!("construction.delay_days.{key}");
            let ok = self.check(
                (0..=MAX_DELAY_DAYS).contains(&days),
                f.clone(),
                format!("must be a whole number of days from 0 to {MAX_DELAY_DAYS}, found {days}"),
            );
            let days = if ok { days as u32 } else { 0 };
            if let Some(i) = stations.iter().position(|s| s.id == *key) {
                if pending(&stations[i]).is_some() {
                    by_station[i] = Some(days);
                } else {
                    self.issue(
                        f,
                        format!(
                            "station {key} is open at the start of the horizon (no `opens` date after it): nothing to delay"
                        ),
                    );
                }
            } else if let Ok(year) = key.parse::<i32>() {
                let group: Vec<usize> = (0..stations.len())
                    .filter(|&i| pending(&stations[i]) == Some(year))
                    .collect();
                if group.is_empty() {
                    self.issue(
                        f,
                        format!("no station opens in {year} after the start of the horizon"),
                    );
                }
                for i in group {
                    by_year[i] = Some(days);
                }
            } else {
                self.issue(
                    f,
                    format!("`{key}` is neither a station id nor an opening year"),
                );
            }
        }
        by_station
            .iter()
            .zip(&by_year)
            .map(|(s, y)| s.or(*y).unwrap_or(0))
            .collect()
    }
}
