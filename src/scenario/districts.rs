//! `[districts]` as the planner wrote it, validated: the built-up area and the area limits
//! of the plan's district rule (the reach figures are computed elsewhere, per run).

use crate::ground::geo::{LatLon, Point};
use serde::Serialize;

/// The built-up area, a simple polygon.
#[derive(Clone, Debug, Serialize)]
pub struct UrbanArea {
    /// Vertices as written (WGS84).
    pub polygon: Vec<LatLon>,
    /// Projected vertices.
    #[serde(skip)]
    pub points: Vec<Point>,
    /// Its area, km² (shoelace formula on the projected vertices).
    pub area_km2: f64,
    /// Where the outline comes from.
    pub source: String,
}

impl UrbanArea {
    /// Whether `p` is inside (even–odd ray casting; a point on an edge may go either way).
    pub fn contains(&self, p: Point) -> bool {
        let v = &self.points;
        let mut inside = false;
        let mut j = v.len().wrapping_sub(1);
        for i in 0..v.len() {
            let (a, b) = (v[i], v[j]);
            if (a.y_km > p.y_km) != (b.y_km > p.y_km)
                && p.x_km < (b.x_km - a.x_km) * (p.y_km - a.y_km) / (b.y_km - a.y_km) + a.x_km
            {
                inside = !inside;
            }
            j = i;
        }
        inside
    }
}

/// Area of a polygon by the shoelace formula, km² (absolute).
pub fn polygon_area_km2(v: &[Point]) -> f64 {
    let n = v.len();
    if n < 3 {
        return 0.0;
    }
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (v[i], v[(i + 1) % n]);
            a.x_km * b.y_km - b.x_km * a.y_km
        })
        .sum();
    twice.abs() / 2.0
}

/// The scenario's `[districts]`: the rule's limits and the built-up area (validated).
#[derive(Clone, Debug, Serialize)]
pub struct DistrictRule {
    /// The built-up area.
    pub urban_area: UrbanArea,
    /// Largest district of an urban station, km² (建标152-2017: 7).
    pub area_limit_km2: f64,
    /// Largest district of any other station, km² (建标152-2017: 15 at the edge of
    /// built-up land).
    pub suburban_area_limit_km2: f64,
}
