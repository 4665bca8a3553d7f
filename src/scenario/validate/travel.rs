//! Validating `[travel]`: the Kolesar parameters, a zone × station matrix file, or a
//! road network (`network`).

use super::super::raw::*;
use super::super::{Station, Zone, recorded};
use super::ranges::{ACCEL_MS2, CRUISE_KMH, DETOUR_FACTOR};
use super::validator::Validator;
use crate::ground::geo::Projection;
use crate::scenario::districts::DistrictRule;
use crate::travel::{AnyTravel, AreaTypes, Kolesar, Matrix, ZeroTravel};
use std::collections::HashMap;

impl Validator {
    /// `[travel]`: the travel model.
    pub(super) fn travel(
        &mut self,
        raw: &RawScenario,
        zone_index: &HashMap<String, usize>,
        station_index: &HashMap<String, usize>,
        stations: &[Station],
        zones: &[Zone],
        projection: Projection,
    ) -> AnyTravel {
        // Travel.

        match &raw.travel {
            RawTravel::Kolesar {
                cruise_kmh,
                accel_ms2,
                detour_factor,
                spread_cv,
                ..
            } => {
                self.range("travel.cruise_kmh", *cruise_kmh, &CRUISE_KMH);
                self.range("travel.accel_ms2", *accel_ms2, &ACCEL_MS2);
                self.range("travel.detour_factor", *detour_factor, &DETOUR_FACTOR);
                self.check(
                    *spread_cv >= 0.0 && spread_cv.is_finite(),
                    "travel.spread_cv",
                    "must be >= 0",
                );
                AnyTravel::Kolesar(Kolesar::new(
                    *cruise_kmh,
                    *accel_ms2,
                    *detour_factor,
                    *spread_cv,
                ))
            }
            RawTravel::Matrix { file, spread_cv } => {
                self.check(
                    *spread_cv >= 0.0 && spread_cv.is_finite(),
                    "travel.spread_cv",
                    "must be >= 0",
                );
                let times = self.matrix(file, zone_index, station_index);
                AnyTravel::Matrix(Matrix::new(times, *spread_cv))
            }
            RawTravel::Zero => AnyTravel::Zero(ZeroTravel),
            RawTravel::Network(n) => self
                .network(n, stations, zones, &projection)
                .unwrap_or(AnyTravel::Zero(ZeroTravel)),
        }
    }

    /// `[[travel.area_types]]`: cruise speeds by area type, placed by the zones' cores
    /// (`core_area_type`) and the district outlines (`area_type`), attached to the Kolesar
    /// model. Every problem names its field: a speed ≤ 0, an unknown type, a type no zone
    /// or outline has.
    pub(super) fn area_types(
        &mut self,
        raw: &RawScenario,
        zones: &[Zone],
        districts: Option<&DistrictRule>,
        travel: AnyTravel,
    ) -> AnyTravel {
        let declared: &[RawAreaType] = match &raw.travel {
            RawTravel::Kolesar { area_types, .. } => area_types,
            _ => &[],
        };
        let mut areas = AreaTypes::default();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (k, t) in declared.iter().enumerate() {
            let field = format!("travel.area_types[{k}]");
            self.check(
                !t.name.trim().is_empty() && index.insert(t.name.as_str(), k).is_none(),
                format!("{field}.name"),
                format!("`{}` must be a name of its own", t.name),
            );
            self.range(format!("{field}.cruise_kmh"), t.cruise_kmh, &CRUISE_KMH);
            self.check(
                !t.source.trim().is_empty(),
                format!("{field}.source"),
                "must say where the speed comes from (or that it is an [estimate], and why)",
            );
            areas.types.push((t.name.clone(), t.cruise_kmh));
        }
        let mut used = vec![false; declared.len()];
        let mut find = |v: &mut Validator, field: String, name: &str| match index.get(name) {
            Some(&k) => {
                used[k] = true;
                Some(k)
            }
            None => {
                v.issue(
                    field,
                    format!(
                        "names area type `{name}`, which `[[travel.area_types]]` does not declare (a Kolesar model's cruise speeds by area)"
                    ),
                );
                None
            }
        };
        for (i, (rz, z)) in raw.zones.iter().zip(zones).enumerate() {
            let Some(name) = &rz.core_area_type else {
                continue;
            };
            let field = format!("zones[{}].core_area_type", self.zone_at(i));
            if self.check(
                z.core_area_km2 > 0.0,
                field.clone(),
                "the zone has no core (core_area_km2) for an area type",
            ) && let Some(k) = find(self, field, name)
            {
                areas.discs.push((z.pos, z.core_radius_km(), k));
            }
        }
        if let Some(d) = districts {
            let outlines = [
                ("urban_area", Some(&d.urban_area)),
                ("urban_land", d.urban_land.as_ref()),
            ];
            for (key, u) in outlines {
                if let Some(u) = u
                    && let Some(name) = &u.area_type
                    && let Some(k) = find(self, format!("districts.{key}.area_type"), name)
                {
                    areas.outlines.push((u.points.clone(), k));
                }
            }
        }
        for (k, t) in declared.iter().enumerate() {
            self.check(
                used[k],
                format!("travel.area_types[{k}].name"),
                format!(
                    "no zone (`core_area_type`) or outline (`districts.urban_area.area_type`) has area type `{}`",
                    t.name
                ),
            );
        }
        match travel {
            AnyTravel::Kolesar(k) => AnyTravel::Kolesar(k.with_areas(areas)),
            other => other,
        }
    }

    /// Read a `zone,station,travel_s` CSV into a complete `[zone][station]` table.
    pub(super) fn matrix(
        &mut self,
        file: &str,
        zones: &HashMap<String, usize>,
        stations: &HashMap<String, usize>,
    ) -> Vec<Vec<f64>> {
        // Sized by the largest index, not the map's length: duplicate zone names or station
        // ids (reported elsewhere) collapse in the maps but keep their positions.
        let rows = zones.values().max().map_or(0, |&z| z + 1);
        let columns = stations.values().max().map_or(0, |&s| s + 1);
        let mut table = vec![vec![f64::NAN; columns]; rows];
        let path = self.dir.join(file);
        let f = format!("travel.file ({})", path.display());
        let mut reader = match csv::Reader::from_path(&path) {
            Ok(r) => r,
            Err(e) => {
                self.issue(f, format!("cannot read: {e}"));
                return table;
            }
        };
        #[derive(serde::Deserialize)]
        struct Row {
            zone: String,
            station: String,
            travel_s: f64,
        }
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let line = i + 2; // header is line 1
            match row {
                Err(e) => self.issue(format!("{f} line {line}"), e.to_string()),
                Ok(r) => match (zones.get(&r.zone), stations.get(&r.station)) {
                    (Some(&z), Some(&s))
                        if (0.0..=recorded::MAX_DURATION_S).contains(&r.travel_s) =>
                    {
                        table[z][s] = r.travel_s
                    }
                    (Some(_), Some(_)) => self.issue(
                        format!("{f} line {line}"),
                        "travel_s must be between 0 and 30 days (2,592,000 s)",
                    ),
                    (None, _) => self.issue(
                        format!("{f} line {line}"),
                        format!("unknown zone `{}`", r.zone),
                    ),
                    (_, None) => self.issue(
                        format!("{f} line {line}"),
                        format!("unknown station `{}`", r.station),
                    ),
                },
            }
        }
        let missing = table.iter().flatten().filter(|t| t.is_nan()).count();
        self.check(
            missing == 0,
            f,
            format!("{missing} zone × station pair(s) have no travel time"),
        );
        table
    }
}
