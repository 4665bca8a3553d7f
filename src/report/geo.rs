//! GeoJSON layers for QGIS or ArcGIS (WGS84 longitude/latitude, RFC 7946), written with the
//! `geojson` crate: `geo/` of every `run` and `compare` (stations, zones, incidents), and
//! the files of `firesim travel` (stations, isochrone cells, roads).

use super::{ReportError, write_atomic};
use crate::compare::Comparison;
use crate::engine::SimTime;
use crate::geo::{LatLon, Point};
use crate::scenario::Scenario;
use crate::staffing;
use crate::stats::{Breakdown, GroupFigure, StationFigure};
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
    for (f, features) in [
        ("stations.geojson", stations),
        ("zones.geojson", zones),
        ("incidents.geojson", incidents),
    ] {
        let path = geo.join(f);
        write_collection(&path, features)?;
        files.push(path);
    }
    Ok(files)
}

/// The routable road network as lines (one per segment), with class, one-way and the
/// time to drive it.
pub fn roads(graph: &RoadGraph) -> Vec<Feature> {
    graph
        .segments
        .iter()
        .map(|s| {
            line(
                &[graph.lonlat[s.a as usize], graph.lonlat[s.b as usize]],
                props(json!({
                    "highway": graph.classes[s.class as usize],
                    "oneway": s.oneway,
                    "time_s": s.ms as f64 / 1000.0,
                })),
            )
        })
        .collect()
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
