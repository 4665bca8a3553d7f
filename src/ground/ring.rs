//! [`Ring`]: a polygon (a closed ring) with its bounding box and its edges filed by
//! horizontal band, so that a containment test reads the few edges near the point's
//! northing instead of every edge, and gives exactly [`polygon_contains`]'s answer.
//!
//! Why it is exact: ray casting toggles only on an edge that *spans* the point's northing
//! `y` (one end above `y`, the other at or below it), so `min ≤ y < max` for that edge.
//! An edge is filed in every band from the band of its lower end to the band of its upper
//! end, and the band of a northing is a non-decreasing function of it (a subtraction, a
//! division by a positive width and a floor, each monotone under rounding), so every
//! spanning edge is filed in the point's band. The edges tested are a subset holding every
//! edge that can toggle, each tested with the same expression; the parity is that of the
//! full scan.

#[cfg(doc)]
use super::geo::polygon_contains;
use super::geo::{Point, bounding_box};
use serde::{Serialize, Serializer};
use std::ops::Deref;

/// Bands per vertex, and their most, for a ring of `n` vertices: about one band per two
/// vertices keeps a band's list to a few edges for the outlines firesim reads (a township
/// cell has 10–200 vertices), and 4,096 bands bound the index of a detailed coastline
/// (`[estimate]`: no measurement beyond Dafeng's cells, where it brought a containment test
/// from a scan of every edge to two or three).
const MAX_BANDS: usize = 4_096;

/// A closed ring (last vertex joined to the first) with a band index for containment tests.
/// Reads as the slice of its vertices.
#[derive(Clone, Debug, Default)]
pub struct Ring {
    points: Vec<Point>,
    /// `(south-west, north-east)` corners; `None` for no vertices.
    bounds: Option<(Point, Point)>,
    /// The southern edge of band 0, km.
    y0_km: f64,
    /// Bands per km northward (0: one band).
    per_km: f64,
    /// `edges[starts[k]..starts[k + 1]]`: the edges filed in band `k` (edge `i` joins vertex
    /// `i` to the one before it, as in [`polygon_contains`]).
    starts: Vec<u32>,
    edges: Vec<u32>,
}

impl Ring {
    /// The ring through `points` (projected km), with its index.
    pub fn new(points: Vec<Point>) -> Ring {
        let bounds = bounding_box(&points);
        let Some((lo, hi)) = bounds else {
            return Ring::default();
        };
        let n = points.len();
        let bands = (n / 2).clamp(1, MAX_BANDS);
        let height = hi.y_km - lo.y_km;
        let per_km = if height > 0.0 && height.is_finite() {
            bands as f64 / height
        } else {
            0.0
        };
        let mut ring = Ring {
            points,
            bounds,
            y0_km: lo.y_km,
            per_km,
            starts: vec![0; bands + 1],
            edges: vec![],
        };
        // Counting sort of (band, edge) pairs into the bands' lists.
        let spans: Vec<(usize, usize)> = (0..n)
            .map(|i| {
                let (a, b) = (ring.points[i], ring.points[(i + n - 1) % n]);
                let (y_lo, y_hi) = (a.y_km.min(b.y_km), a.y_km.max(b.y_km));
                (ring.band(y_lo), ring.band(y_hi))
            })
            .collect();
        for &(from, to) in &spans {
            for count in &mut ring.starts[from + 1..=to + 1] {
                *count += 1;
            }
        }
        for k in 0..bands {
            ring.starts[k + 1] += ring.starts[k];
        }
        let mut next: Vec<u32> = ring.starts[..bands].to_vec();
        ring.edges = vec![0; ring.starts[bands] as usize];
        for (i, &(from, to)) in spans.iter().enumerate() {
            for slot in &mut next[from..=to] {
                ring.edges[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        ring
    }

    /// The band of northing `y_km` (monotone in it; clamped to the bands).
    #[inline]
    fn band(&self, y_km: f64) -> usize {
        let last = self.starts.len().saturating_sub(2);
        // `as usize` truncates towards zero and saturates, so it is the floor for every
        // value (below the first band, or NaN, is band 0) without a call to libm's `floor`
        // (no rounding instruction in the baseline x86-64 target).
        (((y_km - self.y0_km) * self.per_km) as usize).min(last)
    }

    /// Whether `p` is inside: exactly [`polygon_contains`] on the vertices (see the module
    /// comment), reading only the edges of `p`'s band.
    #[inline]
    pub fn contains(&self, p: Point) -> bool {
        let Some((lo, hi)) = self.bounds else {
            return false;
        };
        // South of every vertex, or at or north of the northernmost: no edge spans `p`'s
        // northing (and a NaN northing spans none).
        if !(p.y_km >= lo.y_km && p.y_km < hi.y_km) {
            return false;
        }
        let k = self.band(p.y_km);
        let v = &self.points;
        let n = v.len();
        let mut inside = false;
        for &i in &self.edges[self.starts[k] as usize..self.starts[k + 1] as usize] {
            let i = i as usize;
            let (a, b) = (v[i], v[if i == 0 { n - 1 } else { i - 1 }]);
            if (a.y_km > p.y_km) != (b.y_km > p.y_km)
                && p.x_km < (b.x_km - a.x_km) * (p.y_km - a.y_km) / (b.y_km - a.y_km) + a.x_km
            {
                inside = !inside;
            }
        }
        inside
    }

    /// The bounding box `(south-west, north-east)`; `None` for no vertices.
    pub fn bounds(&self) -> Option<(Point, Point)> {
        self.bounds
    }

    /// Whether the ring has no vertices.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

impl Deref for Ring {
    type Target = [Point];
    fn deref(&self) -> &[Point] {
        &self.points
    }
}

impl From<Vec<Point>> for Ring {
    fn from(points: Vec<Point>) -> Ring {
        Ring::new(points)
    }
}

impl PartialEq for Ring {
    /// Rings are equal when their vertices are (the index follows from them).
    fn eq(&self, other: &Ring) -> bool {
        self.points == other.points
    }
}

impl Serialize for Ring {
    /// As the list of its vertices.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.points.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::geo::polygon_contains;
    use rand::{RngExt, SeedableRng};

    fn pt(x: f64, y: f64) -> Point {
        Point { x_km: x, y_km: y }
    }

    /// A star-shaped ring with `n` vertices at radii that wobble, so that many edges
    /// share bands and some are horizontal.
    fn star(n: usize, rng: &mut rand::rngs::StdRng) -> Vec<Point> {
        (0..n)
            .map(|i| {
                let t = std::f64::consts::TAU * i as f64 / n as f64;
                let r = 1.0 + 0.8 * rng.random::<f64>();
                let y = r * t.sin();
                // Every fifth vertex shares the previous one's northing (a horizontal edge).
                let y = if i % 5 == 4 {
                    (0.5 * y * 8.0).round() / 8.0
                } else {
                    y
                };
                pt(r * t.cos(), y)
            })
            .collect()
    }

    #[test]
    fn the_saturating_cast_is_the_floor() {
        // What `band` (and the first-due grid) rely on instead of calling `floor`.
        let xs = [
            -1e300,
            -2.5,
            -1.0,
            -0.999,
            -1e-300,
            -0.0,
            0.0,
            1e-300,
            0.5,
            1.0,
            2.999,
            3.0,
            1e19,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for x in xs {
            assert_eq!(x as usize, x.floor().max(0.0) as usize, "{x}");
            assert_eq!(x as usize, x.floor() as usize, "{x}");
        }
    }

    #[test]
    fn agrees_with_the_full_scan_everywhere() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        for n in [0, 1, 2, 3, 4, 7, 40, 300] {
            let v = star(n, &mut rng);
            let ring = Ring::new(v.clone());
            for _ in 0..20_000 {
                let p = pt(rng.random_range(-2.0..2.0), rng.random_range(-2.0..2.0));
                assert_eq!(ring.contains(p), polygon_contains(&v, p), "n {n} {p:?}");
            }
            // On the vertices and at their northings, where edges begin and end.
            for &q in &v {
                for p in [q, pt(q.x_km - 1e-9, q.y_km), pt(q.x_km + 0.3, q.y_km)] {
                    assert_eq!(ring.contains(p), polygon_contains(&v, p), "n {n} {p:?}");
                }
            }
        }
    }

    #[test]
    fn a_square_holds_its_inside_only() {
        let ring = Ring::new(vec![pt(0.0, 0.0), pt(2.0, 0.0), pt(2.0, 2.0), pt(0.0, 2.0)]);
        assert!(ring.contains(pt(1.0, 1.0)));
        assert!(!ring.contains(pt(3.0, 1.0)));
        assert!(!ring.contains(pt(1.0, 2.5)));
        assert!(!ring.contains(pt(1.0, f64::NAN)));
        assert!(!Ring::default().contains(pt(0.0, 0.0)));
        assert_eq!(ring.bounds(), Some((pt(0.0, 0.0), pt(2.0, 2.0))));
    }
}
