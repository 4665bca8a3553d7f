//! `[geography] boundary` and `neighbours`: the district's land as one outline and the
//! neighbouring areas around it, read from GeoJSON files (RFC 7946: longitude, latitude).
//! The boundary is what the zones tile ([`voronoi_cells`](crate::ground::geo::voronoi_cells),
//! in validation); the neighbours are drawn on maps and written to GIS layers only.

use crate::ground::geo::{LatLon, Point, polygon_contains};
use geojson::{GeoJson, GeometryValue, JsonObject};
use serde::Serialize;
use std::path::Path;

/// The district's land: one simple polygon.
#[derive(Clone, Debug, Serialize)]
pub struct Boundary {
    /// The file, as the scenario names it (relative to the scenario).
    pub file: String,
    /// Vertices (WGS84), the ring open (the last vertex is not the first repeated).
    pub ring: Vec<LatLon>,
    /// Projected vertices.
    #[serde(skip)]
    pub points: Vec<Point>,
    /// Its area, km² (shoelace formula on the projected vertices).
    pub area_km2: f64,
}

impl Boundary {
    /// Whether `p` is on the district's land (even–odd; a point on an edge may go either way).
    pub fn contains(&self, p: Point) -> bool {
        polygon_contains(&self.points, p)
    }
}

/// A neighbouring area, for maps and GIS layers.
#[derive(Clone, Debug, Serialize)]
pub struct Neighbour {
    /// English name (`name_en`, else `name`, else `adcode`, else its position in the file).
    pub name: String,
    /// Chinese name (`name_zh`), when given.
    pub name_zh: Option<String>,
    /// Outer rings (WGS84, open), one per part of a multipolygon.
    pub rings: Vec<Vec<LatLon>>,
}

/// One feature of a GeoJSON file: its properties and its polygons' rings as written
/// (`[lon, lat]`, closed), outer ring first in each polygon.
pub struct RawArea {
    /// The feature's properties (empty for a bare geometry).
    pub properties: JsonObject,
    /// Polygons, each a list of rings.
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// The polygon and multipolygon features of the GeoJSON file at `path` (a
/// FeatureCollection, a Feature or a bare geometry); an error names what is wrong.
pub fn read_areas(path: &Path) -> Result<Vec<RawArea>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let geojson: GeoJson = text.parse().map_err(|e| format!("is not GeoJSON: {e}"))?;
    let features = match geojson {
        GeoJson::FeatureCollection(fc) => fc.features,
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(g) => vec![geojson::Feature {
            geometry: Some(g),
            ..Default::default()
        }],
    };
    let ring = |r: &Vec<geojson::Position>| -> Result<Vec<[f64; 2]>, String> {
        r.iter()
            .map(|p| match p.as_slice() {
                [lon, lat, ..] => Ok([*lon, *lat]),
                _ => Err("has a position with fewer than two coordinates".to_string()),
            })
            .collect()
    };
    let polygon = |p: &Vec<Vec<geojson::Position>>| p.iter().map(ring).collect();
    features
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let polygons = match f.geometry.as_ref().map(|g| &g.value) {
                Some(GeometryValue::Polygon { coordinates }) => vec![polygon(coordinates)?],
                Some(GeometryValue::MultiPolygon { coordinates }) => coordinates
                    .iter()
                    .map(polygon)
                    .collect::<Result<_, String>>()?,
                Some(other) => {
                    return Err(format!(
                        "feature {k} is a {}, not a Polygon or MultiPolygon",
                        other.type_name()
                    ));
                }
                None => return Err(format!("feature {k} has no geometry")),
            };
            Ok(RawArea {
                properties: f.properties.clone().unwrap_or_default(),
                polygons,
            })
        })
        .collect()
}

/// A ring as written (`[lon, lat]`) → WGS84 vertices, open: `Err` unless it closes (its
/// last position repeats its first, as RFC 7946 §3.1.6 requires) around at least three
/// distinct vertices in degrees.
pub fn closed_ring(ring: &[[f64; 2]]) -> Result<Vec<LatLon>, String> {
    let (Some(first), Some(last)) = (ring.first(), ring.last()) else {
        return Err("has an empty ring".into());
    };
    if first != last {
        return Err(format!(
            "has a ring that does not close: it starts at [{}, {}] and ends at [{}, {}] (the last position must repeat the first)",
            first[0], first[1], last[0], last[1]
        ));
    }
    let open = &ring[..ring.len() - 1];
    if open.len() < 3 {
        return Err(format!(
            "has a ring of {} vertices; a polygon needs at least 3",
            open.len()
        ));
    }
    if let Some([lon, lat]) = open
        .iter()
        .find(|[lon, lat]| !((-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon)))
    {
        return Err(format!(
            "has a position [{lon}, {lat}] that is not [longitude, latitude] in degrees"
        ));
    }
    Ok(open.iter().map(|&[lon, lat]| LatLon { lat, lon }).collect())
}

/// A text (or number) property of a feature, when present and not blank.
pub fn property(properties: &JsonObject, key: &str) -> Option<String> {
    match properties.get(key) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}
