//! The nearest road node to a point: a uniform grid of buckets over the nodes, searched in
//! square rings outwards from the point's bucket until no unsearched bucket can hold a
//! nearer node.
//!
//! It replaced an R-tree (`rstar`'s nearest-neighbour iterator: 1.33 µs a query on the
//! 250,000-node bench grid, against 0.23 µs for this; `benches/network.rs`,
//! `incident/network_locate`): road nodes are points spread fairly evenly over a city,
//! which a flat grid suits, and a network model locates every incident and every unit
//! on the road it considers.
//!
//! The answer is defined without reference to the index: the node at the least distance
//! ([`Point::distance_km`]), ties to the lower index. `tests` check it against a scan of
//! every node.

use crate::ground::geo::Point;

/// Nodes per bucket the grid aims at. [estimate] measured on the 250,000-node bench grid
/// (`incident/network_locate`, the first version of the ring loop): 4 a bucket 431 ns a
/// query, 2: 320 ns, 1: 194 ns, 0.5: 179 ns. One, not the fastest there: that grid is perfectly even, and a real city's nodes
/// are not; smaller buckets leave more of them empty in its sparse parts, where a query
/// then walks more rings.
const NODES_PER_BUCKET: f64 = 1.0;

/// Buckets at most, per node: bounds the index's memory whatever the shape of the area
/// (a long thin network would otherwise ask for many empty buckets).
const MAX_BUCKETS_PER_NODE: usize = 4;

/// The bucket grid.
#[derive(Clone, Debug)]
pub struct NodeGrid {
    /// Lower-left corner of bucket (0, 0), km.
    x0: f64,
    y0: f64,
    /// Bucket side, km.
    side: f64,
    nx: usize,
    ny: usize,
    /// Bucket `b`'s nodes are `nodes[first[b]..first[b + 1]]`, in index order.
    first: Vec<u32>,
    nodes: Vec<u32>,
}

impl NodeGrid {
    /// The grid over `pos` (every node's position, km).
    pub fn new(pos: &[Point]) -> NodeGrid {
        let (mut lo, mut hi) = (
            (f64::INFINITY, f64::INFINITY),
            (f64::NEG_INFINITY, f64::NEG_INFINITY),
        );
        for p in pos {
            lo = (lo.0.min(p.x_km), lo.1.min(p.y_km));
            hi = (hi.0.max(p.x_km), hi.1.max(p.y_km));
        }
        let n = pos.len().max(1);
        if pos.is_empty() {
            (lo, hi) = ((0.0, 0.0), (0.0, 0.0));
        }
        let (w, h) = (hi.0 - lo.0, hi.1 - lo.1);
        // Side for the aimed nodes per bucket, widened until the bucket count is bounded.
        let mut side = (w * h * NODES_PER_BUCKET / n as f64)
            .sqrt()
            .max(w.max(h) / n as f64)
            .max(1e-6);
        let dims = |side: f64| ((w / side) as usize + 1, (h / side) as usize + 1);
        while dims(side).0 * dims(side).1 > MAX_BUCKETS_PER_NODE * n {
            side *= 1.5;
        }
        let (nx, ny) = dims(side);
        let bucket = |p: &Point| {
            let cx = (((p.x_km - lo.0) / side) as usize).min(nx - 1);
            let cy = (((p.y_km - lo.1) / side) as usize).min(ny - 1);
            cy * nx + cx
        };
        let (first, nodes) = super::group_rows(nx * ny, pos.iter().map(bucket));
        NodeGrid {
            x0: lo.0,
            y0: lo.1,
            side,
            nx,
            ny,
            first,
            nodes,
        }
    }

    /// The node nearest `p` in `pos` (the positions the grid was built on), ties to the
    /// lower index, and its distance, km; `(u32::MAX, ∞)` when there is no node.
    pub fn nearest(&self, pos: &[Point], p: Point) -> (u32, f64) {
        let mut best = (u32::MAX, f64::INFINITY);
        // The point's bucket, clamped onto the grid (the point may lie outside it).
        let clamp = |v: f64, n: usize| (v.max(0.0) as usize).min(n - 1);
        let cx = clamp((p.x_km - self.x0) / self.side, self.nx) as isize;
        let cy = clamp((p.y_km - self.y0) / self.side, self.ny) as isize;
        let (nx, ny) = (self.nx as isize, self.ny as isize);
        // The last ring that still has buckets on the grid.
        let rings = cx.max(nx - 1 - cx).max(cy).max(ny - 1 - cy);
        self.visit(pos, p, (cx, cy), &mut best);
        for r in 1..=rings {
            // The ring's buckets that lie on the grid: its bottom and top rows, then its
            // left and right columns between them.
            let (x_lo, x_hi) = ((cx - r).max(0), (cx + r).min(nx - 1));
            if cy - r >= 0 {
                (x_lo..=x_hi).for_each(|bx| self.visit(pos, p, (bx, cy - r), &mut best));
            }
            if cy + r < ny {
                (x_lo..=x_hi).for_each(|bx| self.visit(pos, p, (bx, cy + r), &mut best));
            }
            let (y_lo, y_hi) = ((cy - r + 1).max(0), (cy + r - 1).min(ny - 1));
            if cx - r >= 0 {
                (y_lo..=y_hi).for_each(|by| self.visit(pos, p, (cx - r, by), &mut best));
            }
            if cx + r < nx {
                (y_lo..=y_hi).for_each(|by| self.visit(pos, p, (cx + r, by), &mut best));
            }
            // Every bucket of a later ring lies at least `r` whole buckets from the point
            // (from its clamped bucket, when it is outside the grid: farther still). The
            // margin keeps a node at the bound's very distance, and rounding, searched.
            if best.1 < r as f64 * self.side * (1.0 - 1e-9) {
                break;
            }
        }
        best
    }

    /// Bucket `(bx, by)`'s nodes (on the grid) into `best`.
    fn visit(&self, pos: &[Point], p: Point, (bx, by): (isize, isize), best: &mut (u32, f64)) {
        let b = by as usize * self.nx + bx as usize;
        for &v in &self.nodes[self.first[b] as usize..self.first[b + 1] as usize] {
            let d = p.distance_km(pos[v as usize]);
            if d < best.1 || (d == best.1 && v < best.0) {
                *best = (v, d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::random::{Purpose, stream};
    use rand::RngExt;

    /// The nearest node by a scan of every node: least distance, ties to the lower index.
    fn scan(pos: &[Point], p: Point) -> (u32, f64) {
        let mut best = (u32::MAX, f64::INFINITY);
        for (i, &q) in pos.iter().enumerate() {
            let d = p.distance_km(q);
            if d < best.1 {
                best = (i as u32, d);
            }
        }
        best
    }

    #[test]
    fn equals_a_scan_of_every_node() {
        let mut rng = stream(3, 0, Purpose::Places);
        // Clustered nodes (a dense centre and a sparse ring), a regular lattice with exact
        // ties, and a thin line: queries inside, on nodes, and far outside.
        let mut sets: Vec<Vec<Point>> = vec![];
        sets.push(
            (0..3_000)
                .map(|i| {
                    let r = if i % 3 == 0 { 8.0 } else { 1.0 } * rng.random::<f64>();
                    let a = std::f64::consts::TAU * rng.random::<f64>();
                    Point {
                        x_km: r * a.cos(),
                        y_km: r * a.sin(),
                    }
                })
                .collect(),
        );
        sets.push(
            (0..900)
                .map(|i| Point {
                    x_km: (i % 30) as f64 * 0.1,
                    y_km: (i / 30) as f64 * 0.1,
                })
                .collect(),
        );
        sets.push(
            (0..500)
                .map(|i| Point {
                    x_km: i as f64 * 0.05,
                    y_km: 0.0,
                })
                .collect(),
        );
        for pos in &sets {
            let grid = NodeGrid::new(pos);
            for k in 0..4_000 {
                let p = if k % 10 == 0 {
                    pos[k % pos.len()]
                } else if k % 10 == 1 {
                    // Midway between lattice points: exact ties.
                    Point {
                        x_km: 0.05 + (k % 29) as f64 * 0.1,
                        y_km: 0.05 + (k % 31) as f64 * 0.1,
                    }
                } else {
                    Point {
                        x_km: 40.0 * rng.random::<f64>() - 20.0,
                        y_km: 40.0 * rng.random::<f64>() - 20.0,
                    }
                };
                assert_eq!(grid.nearest(pos, p), scan(pos, p), "query {p:?}");
            }
        }
    }

    #[test]
    fn no_nodes_gives_none() {
        let grid = NodeGrid::new(&[]);
        assert_eq!(grid.nearest(&[], Point::default()).0, u32::MAX);
    }
}
