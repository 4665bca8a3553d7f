//! Validating `[geography] boundary` and `neighbours`: the district's land read from its
//! GeoJSON file (one polygon whose ring closes into a simple outline, every seat on it),
//! the zones' cells tiling it, and the neighbouring areas.

use super::super::Zone;
use super::super::boundary::{Boundary, Neighbour, closed_ring, property, read_areas};
use super::super::districts::first_crossing;
use super::super::raw::RawGeography;
use super::validator::Validator;
use crate::ground::geo::{Point, Projection, polygon_area_km2, voronoi_cells};
use crate::ground::ring::Ring;

impl Validator {
    /// `geography.boundary`: read, checked, and tiled by the zones (each zone's `cell` and
    /// `area_km2` set from its seat's Voronoi cell clipped to it). `None` without one, or
    /// when it is not usable (the problem recorded).
    pub(super) fn boundary(
        &mut self,
        raw: &RawGeography,
        projection: &Projection,
        zones: &mut [Zone],
    ) -> Option<Boundary> {
        let file = raw.boundary.as_ref()?;
        let field = "geography.boundary";
        let areas = match read_areas(&self.dir.join(file)) {
            Ok(a) => a,
            Err(m) => {
                self.issue(field, format!("`{file}` {m}"));
                return None;
            }
        };
        let polygons: Vec<_> = areas.iter().flat_map(|a| &a.polygons).collect();
        let [rings] = polygons[..] else {
            self.issue(
                field,
                format!(
                    "`{file}` holds {} polygons; the district's land must be one polygon",
                    polygons.len()
                ),
            );
            return None;
        };
        if rings.len() != 1 {
            self.issue(
                field,
                format!(
                    "`{file}`'s polygon has {} holes; the district's land must be one outline without holes",
                    rings.len().saturating_sub(1)
                ),
            );
            return None;
        }
        let ring = match closed_ring(&rings[0]) {
            Ok(r) => r,
            Err(m) => {
                self.issue(field, format!("`{file}` {m}"));
                return None;
            }
        };
        let points: Vec<Point> = ring.iter().map(|&p| projection.project(p)).collect();
        let area_km2 = polygon_area_km2(&points);
        if let Some((a, b)) = first_crossing(&points) {
            self.issue(
                field,
                format!(
                    "`{file}` does not close into a simple outline: the edge from vertex {a} and the edge from vertex {b} cross"
                ),
            );
            return None;
        }
        let boundary = Boundary {
            file: file.clone(),
            ring,
            points,
            area_km2,
        };
        let mut inside = true;
        for (i, z) in zones.iter().enumerate() {
            if !boundary.contains(z.pos) {
                inside = false;
                self.issue(
                    format!("zones[{}]", self.zone_at(i)),
                    format!(
                        "the seat of `{}` ([{}, {}]) lies outside geography.boundary (`{file}`)",
                        z.name, z.seat.lat, z.seat.lon
                    ),
                );
            }
        }
        if inside {
            let seats: Vec<Point> = zones.iter().map(|z| z.pos).collect();
            for (z, cell) in zones
                .iter_mut()
                .zip(voronoi_cells(&boundary.points, &seats))
            {
                z.area_km2 = polygon_area_km2(&cell);
                z.cell = Ring::new(cell);
            }
        }
        Some(boundary)
    }

    /// `geography.neighbours`: every polygon's outer ring of every feature, named by its
    /// properties (`name_en`, `name`, `adcode`; `name_zh`).
    pub(super) fn neighbours(&mut self, raw: &RawGeography) -> Vec<Neighbour> {
        let Some(file) = raw.neighbours.as_ref() else {
            return vec![];
        };
        let field = "geography.neighbours";
        let areas = match read_areas(&self.dir.join(file)) {
            Ok(a) => a,
            Err(m) => {
                self.issue(field, format!("`{file}` {m}"));
                return vec![];
            }
        };
        let mut out = vec![];
        for (k, a) in areas.iter().enumerate() {
            let rings: Result<Vec<_>, String> = a
                .polygons
                .iter()
                .filter_map(|p| p.first())
                .map(|r| closed_ring(r))
                .collect();
            match rings {
                Ok(rings) => out.push(Neighbour {
                    name: ["name_en", "name", "adcode"]
                        .iter()
                        .find_map(|key| property(&a.properties, key))
                        .unwrap_or_else(|| format!("area {k}")),
                    name_zh: property(&a.properties, "name_zh"),
                    rings,
                }),
                Err(m) => self.issue(field, format!("`{file}` feature {k} {m}")),
            }
        }
        out
    }
}
