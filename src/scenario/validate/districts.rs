//! Validating `[districts]` (the built-up area and the area limits of the plan's district
//! rule, `scenario::districts`). Every problem names its field, e.g.
//! `districts.urban_area.polygon[3]`.

use super::super::raw::*;
use super::validator::Validator;
use crate::ground::geo::{LatLon, Point, Projection};
use crate::scenario::districts::{DistrictRule, UrbanArea, polygon_area_km2};
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
        let ua = &raw.urban_area;
        let mut ok = self.check(
            ua.polygon.len() >= 3,
            "districts.urban_area.polygon",
            format!(
                "needs at least 3 [lat, lon] vertices, found {}",
                ua.polygon.len()
            ),
        );
        self.check(
            !ua.source.trim().is_empty(),
            "districts.urban_area.source",
            "must say where the outline comes from (or that it is an [estimate], and how)",
        );
        let mut polygon = vec![];
        for (k, &[lat, lon]) in ua.polygon.iter().enumerate() {
            let field = format!("districts.urban_area.polygon[{k}]");
            ok &= self.check(
                (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon),
                &field,
                format!("[{lat}, {lon}] is not a [latitude, longitude] in degrees"),
            );
            polygon.push(LatLon { lat, lon });
        }
        let points: Vec<Point> = polygon.iter().map(|&p| projection.project(p)).collect();
        let area_km2 = polygon_area_km2(&points);
        if ok {
            self.check(
                area_km2 > 0.0,
                "districts.urban_area.polygon",
                "encloses no area (all vertices on one line?)",
            );
        }
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
            urban_area: UrbanArea {
                polygon,
                points,
                area_km2,
                source: ua.source.clone(),
            },
            area_limit_km2: raw.area_limit_km2,
            suburban_area_limit_km2: raw.suburban_area_limit_km2,
        })
    }
}
