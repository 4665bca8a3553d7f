//! Validating `[districts]` (the built-up area and the area limits of the plan's district
//! rule, `scenario::districts`). Every problem names its field, e.g.
//! `districts.urban_area.polygon[3]`.

use super::super::raw::*;
use super::validator::Validator;
use crate::ground::geo::{LatLon, Point, Projection};
use crate::scenario::districts::{DistrictRule, UrbanArea, first_crossing, polygon_area_km2};
use crate::travel::AnyTravel;

impl Validator {
    /// The district rule (none without the section).
    pub(super) fn districts(
        &mut self,
        raw: Option<&RawDistricts>,
        projection: &Projection,
        travel: &AnyTravel,
    ) -> Option<DistrictRule> {
        let raw = raw?;
        if matches!(travel, AnyTravel::Matrix(_)) {
            self.issue(
                "districts",
                "station districts need a travel model over positions (kolesar or network), not a zone × station matrix",
            );
        }
        let urban_area = self.outline(&raw.urban_area, "districts.urban_area", projection);
        let urban_land = raw
            .urban_land
            .as_ref()
            .map(|u| self.outline(u, "districts.urban_land", projection));
        for (field, v) in [
            ("districts.area_limit_km2", raw.area_limit_km2),
            (
                "districts.suburban_area_limit_km2",
                raw.suburban_area_limit_km2,
            ),
        ] {
            self.check(
                v.is_finite() && v > 0.0,
                field,
                format!("must be a finite area > 0, found {v}"),
            );
        }
        Some(DistrictRule {
            urban_area,
            urban_land,
            area_limit_km2: raw.area_limit_km2,
            suburban_area_limit_km2: raw.suburban_area_limit_km2,
        })
    }

    /// One outline (`field` is `districts.urban_area` or `districts.urban_land`): at least
    /// three vertices in degrees, a source, and a ring that closes into a simple polygon
    /// (no two edges cross; the last vertex joins the first, and may repeat it).
    fn outline(&mut self, ua: &RawUrbanArea, field: &str, projection: &Projection) -> UrbanArea {
        let mut raw_vertices: &[[f64; 2]] = &ua.polygon;
        if raw_vertices.len() > 3 && raw_vertices.first() == raw_vertices.last() {
            raw_vertices = &raw_vertices[..raw_vertices.len() - 1];
        }
        let mut ok = self.check(
            raw_vertices.len() >= 3,
            format!("{field}.polygon"),
            format!(
                "needs at least 3 [lat, lon] vertices, found {}",
                raw_vertices.len()
            ),
        );
        self.check(
            !ua.source.trim().is_empty(),
            format!("{field}.source"),
            "must say where the outline comes from (or that it is an [estimate], and how)",
        );
        let mut polygon = vec![];
        for (k, &[lat, lon]) in raw_vertices.iter().enumerate() {
            ok &= self.check(
                (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon),
                format!("{field}.polygon[{k}]"),
                format!("[{lat}, {lon}] is not a [latitude, longitude] in degrees"),
            );
            polygon.push(LatLon { lat, lon });
        }
        let points: Vec<Point> = polygon.iter().map(|&p| projection.project(p)).collect();
        let area_km2 = polygon_area_km2(&points);
        if ok {
            ok = self.check(
                area_km2 > 0.0,
                format!("{field}.polygon"),
                "encloses no area (all vertices on one line?)",
            );
        }
        if ok && let Some((a, b)) = first_crossing(&points) {
            self.issue(
                format!("{field}.polygon"),
                format!(
                    "does not close into a simple outline: the edge from vertex {a} and the edge from vertex {b} cross (list the vertices in order around the area)"
                ),
            );
        }
        UrbanArea {
            polygon,
            points: points.into(),
            area_km2,
            source: ua.source.clone(),
            area_type: ua.area_type.clone(),
        }
    }
}
