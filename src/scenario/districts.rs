//! `[districts]` as the planner wrote it, validated: the built-up area and the area limits
//! of the plan's district rule (the reach figures are computed elsewhere, per run).

pub use crate::ground::geo::polygon_area_km2;
use crate::ground::geo::{LatLon, Point};
use crate::ground::ring::Ring;
use serde::Serialize;

/// The built-up area, a simple polygon.
#[derive(Clone, Debug, Serialize)]
pub struct UrbanArea {
    /// Vertices as written (WGS84).
    pub polygon: Vec<LatLon>,
    /// Projected vertices.
    #[serde(skip)]
    pub points: Ring,
    /// Its area, km² (shoelace formula on the projected vertices).
    pub area_km2: f64,
    /// Where the outline comes from.
    pub source: String,
    /// The travel area type of positions inside it (`[[travel.area_types]]`), if any.
    pub area_type: Option<String>,
}

impl UrbanArea {
    /// Whether `p` is inside (even–odd ray casting; a point on an edge may go either way).
    pub fn contains(&self, p: Point) -> bool {
        self.points.contains(p)
    }
}

/// The first pair of edges of a closed ring that cross (edge `i` runs from vertex `i` to
/// vertex `i + 1`, the last back to vertex 0): `None` for a simple polygon. Adjacent edges
/// share a vertex and are not counted; quadratic, for outlines of tens to hundreds of
/// vertices.
pub fn first_crossing(v: &[Point]) -> Option<(usize, usize)> {
    let n = v.len();
    let cross = |o: Point, a: Point, b: Point| {
        (a.x_km - o.x_km) * (b.y_km - o.y_km) - (a.y_km - o.y_km) * (b.x_km - o.x_km)
    };
    for i in 0..n {
        let (a, b) = (v[i], v[(i + 1) % n]);
        for j in i + 2..n {
            if i == 0 && j == n - 1 {
                continue;
            }
            let (c, d) = (v[j], v[(j + 1) % n]);
            let (d1, d2) = (cross(a, b, c), cross(a, b, d));
            let (d3, d4) = (cross(c, d, a), cross(c, d, b));
            if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
                return Some((i, j));
            }
        }
    }
    None
}

/// The scenario's `[districts]`: the rule's limits and the built-up area (validated).
///
/// GB 51080-2015 §4.1.3 sets the 5-minute edge and the area limits for stations *within
/// urban construction land* (城市建设用地范围内); elsewhere a district may be set by a
/// fire-risk assessment. The urban land the rule is judged on is `urban_land` when the
/// scenario declares one, else the built-up area.
#[derive(Clone, Debug, Serialize)]
pub struct DistrictRule {
    /// The built-up area (the urban core of the report's figures).
    pub urban_area: UrbanArea,
    /// Urban construction land, when the scenario declares it apart from the built-up area.
    pub urban_land: Option<UrbanArea>,
    /// Largest part on urban land of a district whose station stands on it, km²
    /// (GB 51080-2015 §4.1.3, 建标152-2017: 7).
    pub area_limit_km2: f64,
    /// Largest part on urban land of a district whose station stands outside it (at the
    /// edge of urban land), km² (GB 51080-2015 §4.1.3, 建标152-2017: 15).
    pub suburban_area_limit_km2: f64,
}

impl DistrictRule {
    /// The urban construction land the rule is judged on.
    pub fn land(&self) -> &UrbanArea {
        self.urban_land.as_ref().unwrap_or(&self.urban_area)
    }
}
