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
    /// Straight-line distance in km: `sqrt(dx² + dy²)`, not `f64::hypot`. `hypot` guards
    /// against overflow and underflow in the squares, which cannot happen at the scale of
    /// a district (validation keeps coordinates within a few thousand km), and glibc's
    /// correctly rounded `hypot` cost 13% of a Dafeng replication's cycles; the two differ
    /// by at most an ulp or so.
    #[inline]
    pub fn distance_km(self, other: Point) -> f64 {
        let (dx, dy) = (self.x_km - other.x_km, self.y_km - other.y_km);
        (dx * dx + dy * dy).sqrt()
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

/// The part of polygon `v` where `n · p ≤ c` (a half-plane), by one Sutherland–Hodgman
/// pass (Sutherland & Hodgman, 1974, "Reentrant polygon clipping"). `v` may be non-convex:
/// where the kept part falls apart, the pieces are joined by edges of zero width along the
/// clipping line, which add no area and do not change even–odd containment.
pub fn clip_half_plane(v: &[Point], n: Point, c: f64) -> Vec<Point> {
    let side = |p: Point| n.x_km * p.x_km + n.y_km * p.y_km - c;
    let mut out = Vec::with_capacity(v.len() + 2);
    for i in 0..v.len() {
        let (a, b) = (v[i], v[(i + 1) % v.len()]);
        let (sa, sb) = (side(a), side(b));
        if sa <= 0.0 {
            out.push(a);
        }
        if (sa < 0.0 && sb > 0.0) || (sa > 0.0 && sb < 0.0) {
            out.push(a.lerp(b, sa / (sa - sb)));
        }
    }
    out
}

/// Each seat's Voronoi cell clipped to `region` (a closed ring): the part of `region`
/// nearer to seat `i` than to any other seat, as the intersection of `region` with the
/// half-planes `|p − s_i| ≤ |p − s_j|`, `j ≠ i`, clipped one at a time
/// ([`clip_half_plane`]). The cells tile `region` (their areas sum to its area); a cell is
/// empty where no part of `region` is nearest its seat, and seats at the same position
/// share none (the first keeps it).
pub fn voronoi_cells(region: &[Point], seats: &[Point]) -> Vec<Vec<Point>> {
    seats
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let mut cell = region.to_vec();
            for (j, &t) in seats.iter().enumerate() {
                if j == i || cell.is_empty() {
                    continue;
                }
                if t == s {
                    if j < i {
                        cell.clear();
                    }
                    continue;
                }
                // |p − s|² ≤ |p − t|²  ⇔  2 p · (t − s) ≤ |t|² − |s|².
                let n = Point {
                    x_km: 2.0 * (t.x_km - s.x_km),
                    y_km: 2.0 * (t.y_km - s.y_km),
                };
                let c = (t.x_km * t.x_km + t.y_km * t.y_km) - (s.x_km * s.x_km + s.y_km * s.y_km);
                cell = clip_half_plane(&cell, n, c);
            }
            cell
        })
        .collect()
}

/// The bounding box of `v`: (south-west corner, north-east corner); `None` when empty.
pub fn bounding_box(v: &[Point]) -> Option<(Point, Point)> {
    bounding_box_of_discs(v.iter().map(|&p| (p, 0.0)))
}

/// The smallest rectangle holding every disc `(centre, radius km)`: (south-west corner,
/// north-east corner); `None` when there is none.
pub fn bounding_box_of_discs(
    discs: impl IntoIterator<Item = (Point, f64)>,
) -> Option<(Point, Point)> {
    discs.into_iter().fold(None, |bounds, (p, r)| {
        let (lo, hi) = bounds.unwrap_or((
            Point {
                x_km: f64::INFINITY,
                y_km: f64::INFINITY,
            },
            Point {
                x_km: f64::NEG_INFINITY,
                y_km: f64::NEG_INFINITY,
            },
        ));
        Some((
            Point {
                x_km: lo.x_km.min(p.x_km - r),
                y_km: lo.y_km.min(p.y_km - r),
            },
            Point {
                x_km: hi.x_km.max(p.x_km + r),
                y_km: hi.y_km.max(p.y_km + r),
            },
        ))
    })
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

    fn square(side: f64) -> Vec<Point> {
        [(0.0, 0.0), (side, 0.0), (side, side), (0.0, side)]
            .map(|(x_km, y_km)| Point { x_km, y_km })
            .to_vec()
    }

    #[test]
    fn voronoi_cells_tile_a_non_convex_region() {
        // An L: a 4 × 4 square without its north-east 2 × 2 quarter (12 km²).
        let l: Vec<Point> = [
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 2.0),
            (2.0, 2.0),
            (2.0, 4.0),
            (0.0, 4.0),
        ]
        .map(|(x_km, y_km)| Point { x_km, y_km })
        .to_vec();
        let seats: Vec<Point> = [(1.0, 1.0), (3.0, 1.0), (1.0, 3.0), (9.0, 9.0)]
            .map(|(x_km, y_km)| Point { x_km, y_km })
            .to_vec();
        let cells = voronoi_cells(&l, &seats);
        let total: f64 = cells.iter().map(|c| polygon_area_km2(c)).sum();
        assert!((total - 12.0).abs() < 1e-9, "{total}");
        // A seat far off the region is nearest to none of it.
        assert!(polygon_area_km2(&cells[3]) < 1e-9);
        for (s, c) in seats.iter().zip(&cells).take(3) {
            assert!(polygon_contains(c, *s));
            assert!((polygon_area_km2(c) - 4.0).abs() < 1e-9);
        }
    }

    #[test]
    fn clipping_keeps_the_side_asked_for() {
        let half = clip_half_plane(
            &square(2.0),
            Point {
                x_km: 1.0,
                y_km: 0.0,
            },
            0.5,
        );
        assert!((polygon_area_km2(&half) - 1.0).abs() < 1e-12);
        assert!(polygon_contains(
            &half,
            Point {
                x_km: 0.2,
                y_km: 1.0
            }
        ));
        assert!(!polygon_contains(
            &half,
            Point {
                x_km: 1.0,
                y_km: 1.0
            }
        ));
        let (lo, hi) = bounding_box(&half).unwrap();
        assert_eq!((lo.x_km, hi.x_km, hi.y_km), (0.0, 0.5, 2.0));
    }
}
