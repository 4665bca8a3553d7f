//! Coordinates: WGS84 latitude/longitude in, a local flat projection in kilometres out.
//!
//! A district is at most a few tens of kilometres across, so an equirectangular projection
//! about a local origin is accurate to well under 0.1% over it, far below the uncertainty
//! of a road detour factor. Everything downstream (travel, dispatch, maps) works in
//! projected kilometres: x east, y north.

use serde::{Deserialize, Serialize};

/// Mean Earth radius (IUGG), km.
const EARTH_RADIUS_KM: f64 = 6_371.008_8;

/// A WGS84 position in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

/// A projected position in kilometres from the projection origin (x east, y north).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Kilometres east of the origin.
    pub x_km: f64,
    /// Kilometres north of the origin.
    pub y_km: f64,
}

impl Point {
    /// Straight-line distance in km.
    pub fn distance_km(self, other: Point) -> f64 {
        (self.x_km - other.x_km).hypot(self.y_km - other.y_km)
    }

    /// The point a fraction `f` (0..=1) of the way from `self` to `other`.
    pub fn lerp(self, other: Point, f: f64) -> Point {
        Point {
            x_km: self.x_km + (other.x_km - self.x_km) * f,
            y_km: self.y_km + (other.y_km - self.y_km) * f,
        }
    }
}

/// An equirectangular projection about a local origin.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Projection {
    origin: LatLon,
    cos_lat0: f64,
}

impl Projection {
    /// A projection centred on `origin`.
    pub fn new(origin: LatLon) -> Projection {
        Projection {
            origin,
            cos_lat0: origin.lat.to_radians().cos(),
        }
    }

    /// The projection origin.
    pub fn origin(&self) -> LatLon {
        self.origin
    }

    /// Project a WGS84 position to local km.
    pub fn project(&self, p: LatLon) -> Point {
        Point {
            x_km: (p.lon - self.origin.lon).to_radians() * self.cos_lat0 * EARTH_RADIUS_KM,
            y_km: (p.lat - self.origin.lat).to_radians() * EARTH_RADIUS_KM,
        }
    }

    /// Back from local km to WGS84.
    pub fn unproject(&self, p: Point) -> LatLon {
        LatLon {
            lat: self.origin.lat + (p.y_km / EARTH_RADIUS_KM).to_degrees(),
            lon: self.origin.lon + (p.x_km / (EARTH_RADIUS_KM * self.cos_lat0)).to_degrees(),
        }
    }
}

/// Whether `p` is inside the polygon `v` (a closed ring, last vertex joined to the first;
/// even–odd ray casting, so a point on an edge may go either way).
pub fn polygon_contains(v: &[Point], p: Point) -> bool {
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

/// Great-circle (haversine) distance in km, used to check the projection.
pub fn haversine_km(a: LatLon, b: LatLon) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_matches_great_circle_within_a_district() {
        // Dafeng: urban core to the port, about 30 km.
        let proj = Projection::new(LatLon {
            lat: 33.2,
            lon: 120.5,
        });
        let a = LatLon {
            lat: 33.19973,
            lon: 120.45780,
        };
        let b = LatLon {
            lat: 33.22,
            lon: 120.78,
        };
        let flat = proj.project(a).distance_km(proj.project(b));
        let sphere = haversine_km(a, b);
        assert!((flat - sphere).abs() / sphere < 1e-3, "{flat} vs {sphere}");
        let back = proj.unproject(proj.project(b));
        assert!((back.lat - b.lat).abs() < 1e-9 && (back.lon - b.lon).abs() < 1e-9);
    }
}
