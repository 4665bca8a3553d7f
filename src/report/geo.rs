//! GeoJSON layers for QGIS or ArcGIS (WGS84 longitude/latitude, RFC 7946), written with the
//! `geojson` crate: `geo/` of every `run` and `compare` (stations, zones, incidents; with a
//! boundary, the district's land, the zones' cells and the neighbours), and
//! the files of `firesim travel` (stations, isochrone cells, roads).

use super::{ReportError, write_atomic};
use crate::ground::engine::SimTime;
use crate::ground::geo::{LatLon, Point};
use crate::prepare::staffing;
use crate::scenario::Scenario;
use crate::stats::{Breakdown, GroupFigure, StationFigure};
use crate::study::compare::Comparison;
use crate::travel::network::RoadGraph;
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A point feature at `p` with `props`.
pub fn point(p: LatLon, props: JsonObject) -> Feature {
    Feature {
        geometry: Some(Geometry::new(GeometryValue::new_point([p.lon, p.lat]))),
        properties: Some(props),
        ..Feature::default()
    }
}

/// A closed polygon through `ring` (the first point is repeated at the end).
pub fn polygon(ring: &[LatLon], props: JsonObject) -> Feature {
    let mut coords: Vec<[f64; 2]> = ring.iter().map(|p| [p.lon, p.lat]).collect();
    if let Some(&first) = coords.first() {
        coords.push(first);
    }
    Feature {
        geometry: Some(Geometry::new(GeometryValue::new_polygon([coords]))),
        properties: Some(props),
        ..Feature::default()
    }
}

/// A line through `points`.
pub fn line(points: &[LatLon], props: JsonObject) -> Feature {
    let coords: Vec<[f64; 2]> = points.iter().map(|p| [p.lon, p.lat]).collect();
    Feature {
        geometry: Some(Geometry::new(GeometryValue::new_line_string(coords))),
        properties: Some(props),
        ..Feature::default()
    }
}

/// The properties object of a `json!({...})` literal.
pub fn props(v: Value) -> JsonObject {
    match v {
        Value::Object(m) => m,
        _ => JsonObject::new(),
    }
}

/// Write `features` as a FeatureCollection to `path`.
pub fn write_collection(path: &Path, features: Vec<Feature>) -> Result<(), ReportError> {
    let fc = FeatureCollection::new(features);
    let text = serde_json::to_string(&fc).map_err(|e| ReportError::Encode {
        file: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, (text + "\n").as_bytes())
}

/// A rollout's name, safe as part of a property name.
fn key(name: &str) -> String {
    name.replace(['.', ' '], "_")
}

/// NaN-safe number (GeoJSON has no NaN).
fn num(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

/// `geo/stations.geojson`, `geo/zones.geojson` and `geo/incidents.geojson` of a run or a
/// comparison: per rollout, each station's headcount at the end of the horizon and its
/// units' mean utilisation; each zone's p90 (dispatch order → first arrival, whole
/// horizon) and share within the standard; the baseline's first-replication incidents of
/// the last year with their response times. Returns the files written.
pub fn write_layers(
    scenario: &Scenario,
    cmp: &Comparison,
    dir: &Path,
) -> Result<Vec<PathBuf>, ReportError> {
    let end = scenario.calendar.horizon_end() - SimTime(1);
    let name = |r: usize| key(&scenario.rollouts[cmp.rollouts[r].index].name);
    let est = |r: usize, metric: &str| {
        let agg = &cmp.rollouts[r].agg;
        agg.get(agg.years.len(), metric)
            .map_or(f64::NAN, |e| e.mean)
    };
    let stations = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let mut p = props(json!({ "id": st.id, "name": st.name, "grade": super::charts::grade_name(st.grade) }));
            for (r, rr) in cmp.rollouts.iter().enumerate() {
                let ro = &scenario.rollouts[rr.index];
                let n = name(r);
                p.insert(format!("headcount_{n}"), json!(ro.headcount_at(s, end)));
                p.insert(
                    format!("crewed_units_{n}"),
                    json!(staffing::crewed_units(scenario, ro, s, end).len()),
                );
                let m = StationFigure::Utilization.name(&st.id);
                p.insert(format!("utilization_{n}"), num(est(r, &m)));
            }
            point(st.location, p)
        })
        .collect();
    let zones = scenario
        .zones
        .iter()
        .map(|z| {
            let mut p =
                props(json!({ "name": z.name, "weight": z.weight, "area_km2": z.area_km2 }));
            for r in 0..cmp.rollouts.len() {
                let n = name(r);
                let zone = Breakdown::Zone(&z.name);
                let p90 = est(r, &zone.name(GroupFigure::P90FromDispatch));
                let within = est(r, &zone.name(GroupFigure::WithinStandard));
                p.insert(format!("p90_s_{n}"), num(p90));
                p.insert(format!("within_standard_{n}"), num(within));
            }
            point(z.seat, p)
        })
        .collect();
    let base = &cmp.rollouts[cmp.baseline];
    let incidents = base
        .sample
        .iter()
        .map(|i| {
            let p = props(json!({
                "rollout": scenario.rollouts[base.index].name,
                "fire": i.fire,
                "response_s": num(i.from_dispatch_s),
                "within_standard": i.from_dispatch_s <= scenario.standard_s,
            }));
            point(scenario.projection.unproject(i.pos), p)
        })
        .collect();
    let geo = dir.join("geo");
    let mut files = vec![];
    let mut layers = vec![
        ("stations.geojson", stations),
        ("zones.geojson", zones),
        ("incidents.geojson", incidents),
    ];
    layers.extend(land_layers(scenario));
    for (f, features) in layers {
        let path = geo.join(f);
        write_collection(&path, features)?;
        files.push(path);
    }
    Ok(files)
}

/// With a `[geography] boundary`: `boundary.geojson` (the district's land, its area),
/// `zone_cells.geojson` (each zone's cell of it: name, area) and, with neighbours,
/// `neighbours.geojson` (name, Chinese name). None without a boundary.
fn land_layers(scenario: &Scenario) -> Vec<(&'static str, Vec<Feature>)> {
    let Some(b) = &scenario.boundary else {
        return vec![];
    };
    let unproject = |ring: &[Point]| -> Vec<LatLon> {
        ring.iter()
            .map(|&p| scenario.projection.unproject(p))
            .collect()
    };
    let boundary = vec![polygon(
        &b.ring,
        props(json!({ "file": b.file, "area_km2": b.area_km2 })),
    )];
    let cells = scenario
        .zones
        .iter()
        .filter(|z| !z.cell.is_empty())
        .map(|z| {
            polygon(
                &unproject(&z.cell),
                props(json!({ "name": z.name, "name_zh": z.name_zh, "area_km2": z.area_km2 })),
            )
        })
        .collect();
    let mut out = vec![
        ("boundary.geojson", boundary),
        ("zone_cells.geojson", cells),
    ];
    if !scenario.neighbours.is_empty() {
        let neighbours = scenario
            .neighbours
            .iter()
            .flat_map(|a| {
                a.rings
                    .iter()
                    .map(|r| polygon(r, props(json!({ "name": a.name, "name_zh": a.name_zh }))))
            })
            .collect();
        out.push(("neighbours.geojson", neighbours));
    }
    out
}

/// Vertices of the roads layer closer than this to the simplified line are dropped, km.
/// [estimate] 2 m: under a pixel of a street map at 1:10,000 (0.26 mm ≈ 2.6 m), and well
/// under a lane's width, so the layer looks the same at any scale a planner zooms to.
pub const ROAD_SIMPLIFY_KM: f64 = 0.002;
/// Segments merged into one road feature at most. [estimate] bounds a feature's size and
/// the simplifier's recursion (as deep as the feature has vertices) whatever the extract.
pub const MAX_ROAD_SEGMENTS: usize = 1_000;

/// The routable network as a roads layer, simplified: the segments of a road between
/// junctions (through every node where exactly two segments of the same class meet, and
/// for one-way roads the same way) merged into one line, its vertices thinned by
/// Douglas–Peucker ([`ROAD_SIMPLIFY_KM`]). Each feature: `highway`, `oneway` (drivable only
/// in the line's direction), `time_s` (at the model's speeds), `length_m` and `segments`
/// (merged). Deterministic: chains in the order of their first segment.
pub fn roads(graph: &RoadGraph) -> Vec<Feature> {
    let segs = &graph.segments;
    let mut at: Vec<Vec<u32>> = vec![vec![]; graph.len()];
    for (i, s) in segs.iter().enumerate() {
        at[s.a as usize].push(i as u32);
        at[s.b as usize].push(i as u32);
    }
    // The segment that continues segment `i` through node `v` (`forward`: `v` is the end
    // of the chain, else its start), if the chain may go on there.
    let next = |v: u32, i: usize, forward: bool| -> Option<usize> {
        let e = &at[v as usize];
        if e.len() != 2 {
            return None;
        }
        let j = if e[0] as usize == i { e[1] } else { e[0] } as usize;
        let (si, sj) = (&segs[i], &segs[j]);
        let same = j != i && si.class == sj.class && si.oneway == sj.oneway;
        let along = !si.oneway || if forward { sj.a == v } else { sj.b == v };
        (same && along).then_some(j)
    };
    let other = |j: usize, v: u32| if segs[j].a == v { segs[j].b } else { segs[j].a };
    let mut used = vec![false; segs.len()];
    let mut out = vec![];
    for start in 0..segs.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let s0 = &segs[start];
        let mut chain = std::collections::VecDeque::from([s0.a, s0.b]);
        let mut merged = vec![start];
        for forward in [true, false] {
            let (mut v, mut last) = if forward {
                (s0.b, start)
            } else {
                (s0.a, start)
            };
            while merged.len() < MAX_ROAD_SEGMENTS {
                let Some(j) = next(v, last, forward).filter(|&j| !used[j]) else {
                    break;
                };
                used[j] = true;
                merged.push(j);
                v = other(j, v);
                last = j;
                if forward {
                    chain.push_back(v);
                } else {
                    chain.push_front(v);
                }
            }
        }
        let chain: Vec<u32> = chain.into();
        let length_km: f64 = chain
            .windows(2)
            .map(|w| graph.pos[w[0] as usize].distance_km(graph.pos[w[1] as usize]))
            .sum();
        let ms: u64 = merged.iter().map(|&j| segs[j].ms as u64).sum();
        let points: Vec<LatLon> = simplified(graph, &chain)
            .iter()
            .map(|&v| graph.lonlat[v as usize])
            .collect();
        out.push(line(
            &points,
            props(json!({
                "highway": graph.classes[s0.class as usize],
                "oneway": s0.oneway,
                "time_s": ms as f64 / 1000.0,
                "length_m": (length_km * 1_000.0 * 10.0).round() / 10.0,
                "segments": merged.len(),
            })),
        ));
    }
    out
}

/// The nodes of `chain` that Douglas–Peucker keeps at [`ROAD_SIMPLIFY_KM`] (on the
/// projection, in km), in order, the ends always among them.
fn simplified(graph: &RoadGraph, chain: &[u32]) -> Vec<u32> {
    use simplify_polyline::{Point as P, simplify};
    let pts: Vec<P<2, f64>> = chain
        .iter()
        .map(|&v| {
            let p = graph.pos[v as usize];
            P {
                vec: [p.x_km, p.y_km],
            }
        })
        .collect();
    let kept = simplify(&pts, ROAD_SIMPLIFY_KM, true);
    // The simplifier returns copies of the points it keeps, in order: match them back.
    let mut out = Vec::with_capacity(kept.len());
    let mut k = kept.iter().peekable();
    for (&v, p) in chain.iter().zip(&pts) {
        if k.peek().is_some_and(|q| q.vec == p.vec) {
            out.push(v);
            k.next();
        }
    }
    out
}

/// A square cell of side `side_km` centred on `c`, unprojected.
pub fn cell(scenario: &Scenario, c: Point, side_km: f64) -> Vec<LatLon> {
    let h = side_km / 2.0;
    [(-h, -h), (h, -h), (h, h), (-h, h)]
        .iter()
        .map(|(dx, dy)| {
            scenario.projection.unproject(Point {
                x_km: c.x_km + dx,
                y_km: c.y_km + dy,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::geo::Projection;
    use crate::travel::network::{Roads, Speeds, Way};
    use std::collections::BTreeMap;

    /// A straight two-way residential street 0–1–2–3, a primary road 3–4, and a one-way
    /// residential loop back 4 → 7 → 8 → 0 (100 m blocks).
    fn roads() -> (RoadGraph, Projection) {
        let proj = Projection::new(LatLon { lat: 0.0, lon: 0.0 });
        let at = |x: f64, y: f64| proj.unproject(Point { x_km: x, y_km: y });
        let mut nodes: Vec<LatLon> = (0..5).map(|i| at(i as f64 * 0.1, 0.0)).collect();
        // 5 and 6 on no road (the graph leaves them out); 7 and 8 the loop's corners.
        nodes.extend([at(0.0, 0.2), at(0.2, 0.2), at(0.4, 0.1), at(0.0, 0.1)]);
        let way = |class: &str, oneway, nodes: Vec<u32>| Way {
            id: 0,
            class: class.into(),
            oneway,
            maxspeed_kmh: None,
            nodes,
        };
        let r = Roads {
            nodes,
            ways: vec![
                way("residential", 0, vec![0, 1, 2, 3]),
                way("primary", 0, vec![3, 4]),
                way("residential", 1, vec![4, 7, 8, 0]),
            ],
        };
        let g = RoadGraph::build(&r, &Speeds::with(&BTreeMap::new(), 1.0), &proj).unwrap();
        (g, proj)
    }

    #[test]
    fn roads_merge_between_junctions_and_drop_straight_vertices() {
        let (g, _) = roads();
        assert_eq!(g.segments.len(), 7);
        let f = super::roads(&g);
        let summary: Vec<(String, bool, u64, usize)> = f
            .iter()
            .map(|f| {
                let p = f.properties.as_ref().unwrap();
                let n = match &f.geometry.as_ref().unwrap().value {
                    GeometryValue::LineString { coordinates } => coordinates.len(),
                    other => panic!("{other:?}"),
                };
                (
                    p["highway"].as_str().unwrap().to_string(),
                    p["oneway"].as_bool().unwrap(),
                    p["segments"].as_u64().unwrap(),
                    n,
                )
            })
            .collect();
        // The street: three segments, its two middle vertices on the straight line dropped;
        // the class change at 3 and the one-way change at 0 and 4 end the lines there; the
        // one-way loop keeps its corners.
        assert_eq!(
            summary,
            [
                ("residential".into(), false, 3, 2),
                ("primary".into(), false, 1, 2),
                ("residential".into(), true, 3, 4),
            ]
        );
        // Times add up: the layer keeps every segment's time.
        let total: f64 = f
            .iter()
            .map(|f| f.properties.as_ref().unwrap()["time_s"].as_f64().unwrap())
            .sum();
        let segments: u64 = g.segments.iter().map(|s| s.ms as u64).sum();
        assert!((total - segments as f64 / 1000.0).abs() < 1e-9, "{total}");
        // The one-way line runs the way it is driven: from 4 (0.4 km east) to 0.
        let GeometryValue::LineString { coordinates } = &f[2].geometry.as_ref().unwrap().value
        else {
            unreachable!()
        };
        assert!(coordinates[0][0] > coordinates[3][0]);
    }
}
