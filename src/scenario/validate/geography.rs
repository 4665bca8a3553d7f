//! Validating `[horizon]` (with the scenario's name and replications), `[[zones]]` and
//! `[geography]`: the calendar, the zones and the projection.

use super::super::boundary::{Boundary, Neighbour};
use super::super::raw::*;
use super::super::{Calendar, Zone};
use super::ranges::{FROM_ORIGIN_KM, POPULATION_DENSITY};
use super::validator::Validator;
use crate::ground::geo::{LatLon, Projection};
use crate::ground::ring::Ring;
use std::collections::HashMap;

/// What `[[zones]]` and `[geography]` resolve to.
pub(super) struct Zones {
    pub(super) zones: Vec<Zone>,
    pub(super) index: HashMap<String, usize>,
    pub(super) projection: Projection,
    pub(super) boundary: Option<Boundary>,
    pub(super) neighbours: Vec<Neighbour>,
}

impl Validator {
    /// `[horizon]`, and the scenario's name and replications.
    pub(super) fn horizon(&mut self, raw: &RawScenario) -> Option<Calendar> {
        // Horizon.
        let start = self.date(&raw.horizon.start, "horizon.start".into());
        let end = self.date(&raw.horizon.end, "horizon.end".into());
        let calendar = match (start, end) {
            (Some(s), Some(e)) if s <= e => Some(Calendar::new(s, e)),
            (Some(_), Some(_)) => {
                self.issue("horizon.end", "is before horizon.start");
                None
            }
            _ => None,
        };
        self.check(
            raw.replications != Some(0),
            "replications",
            "must be at least 1",
        );
        self.check(!raw.name.trim().is_empty(), "name", "must not be empty");
        self.check(
            !raw.name.contains(['/', '\\']),
            "name",
            "is used as a folder name and may not contain / or \\",
        );
        calendar
    }

    /// `[[zones]]` and `[geography]`: the zones, their index by name, the projection, and
    /// the boundary the zones tile with the neighbours around it (when given).
    pub(super) fn zones(&mut self, raw: &RawScenario) -> Zones {
        // Zones and projection.
        self.check(
            !raw.zones.is_empty(),
            "zones",
            "at least one zone is needed",
        );
        let mut zone_index = HashMap::new();
        let seats: Vec<LatLon> = raw
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| {
                let f = format!("zones[{}]", self.zone_at(i));
                if zone_index.insert(z.name.clone(), i).is_some() {
                    self.issue(
                        format!("{f}.name"),
                        format!("zone `{}` is defined twice", z.name),
                    );
                }
                match (z.area_km2, &raw.geography.boundary) {
                    (Some(a), None) => {
                        self.check(
                            a.is_finite() && a >= 0.0,
                            format!("{f}.area_km2"),
                            "must be >= 0",
                        );
                    }
                    (Some(_), Some(file)) => self.issue(
                        format!("{f}.area_km2"),
                        format!(
                            "comes from the zone's cell of geography.boundary (`{file}`); remove it"
                        ),
                    ),
                    (None, _) => {}
                }
                self.check(
                    z.weight.is_finite() && z.weight >= 0.0,
                    format!("{f}.weight"),
                    "must be >= 0",
                );
                self.check(
                    (0.0..=1.0).contains(&z.core_share),
                    format!("{f}.core_share"),
                    "must be a share between 0 and 1",
                );
                self.latlon(z.lat, z.lon, &f)
            })
            .collect();
        let origin = match (raw.geography.origin_lat, raw.geography.origin_lon) {
            (Some(lat), Some(lon)) => self.latlon(lat, lon, "geography.origin"),
            (None, None) if !seats.is_empty() => LatLon {
                lat: seats.iter().map(|s| s.lat).sum::<f64>() / seats.len() as f64,
                lon: seats.iter().map(|s| s.lon).sum::<f64>() / seats.len() as f64,
            },
            (None, None) => LatLon { lat: 0.0, lon: 0.0 },
            _ => {
                self.issue(
                    "geography",
                    "give both origin_lat and origin_lon, or neither",
                );
                LatLon { lat: 0.0, lon: 0.0 }
            }
        };
        let projection = Projection::new(origin);
        for (i, &seat) in seats.iter().enumerate() {
            let f = format!("zones[{}]", self.zone_at(i));
            self.off_origin(&f, seat, projection.project(seat), &FROM_ORIGIN_KM);
        }
        let mut zones: Vec<Zone> = raw
            .zones
            .iter()
            .zip(&seats)
            .map(|(z, &seat)| Zone {
                name: z.name.clone(),
                name_zh: z.name_zh.clone(),
                seat,
                pos: projection.project(seat),
                area_km2: z.area_km2.unwrap_or(0.0),
                cell: Ring::default(),
                weight: z.weight,
                urban_core: z.urban_core,
                weight_is_population: z.weight_is_population,
                core_area_km2: z.core_area_km2,
                core_share: z.core_share,
                tags: z.tags.clone(),
            })
            .collect();
        self.check(
            zones.iter().map(|z| z.weight).sum::<f64>() > 0.0,
            "zones",
            "at least one zone needs a weight > 0",
        );
        let boundary = self.boundary(&raw.geography, &projection, &mut zones);
        let neighbours = self.neighbours(&raw.geography);
        // A boundary that could not be read leaves the zones without areas: its own error
        // says so, and the areas' checks would only repeat it zone by zone.
        let no_cells = raw.geography.boundary.is_some() && boundary.is_none();
        for (i, z) in zones.iter().enumerate().filter(|_| !no_cells) {
            // The area is the cell's when the zones tile a boundary, so the density is
            // checked after the cells are drawn.
            if z.weight_is_population && z.area_km2 > 0.0 {
                let f = format!("zones[{}].weight", self.zone_at(i));
                self.range(f, z.weight / z.area_km2, &POPULATION_DENSITY);
            }
            self.check(
                z.core_area_km2.is_finite()
                    && z.core_area_km2 >= 0.0
                    && z.core_area_km2 <= z.area_km2,
                format!("zones[{}].core_area_km2", self.zone_at(i)),
                format!(
                    "must be between 0 and the zone's area ({:.1} km²)",
                    z.area_km2
                ),
            );
        }
        Zones {
            zones,
            index: zone_index,
            projection,
            boundary,
            neighbours,
        }
    }
}
