//! Road-network travel (issue 16): `firesim travel` writes four files a GIS opens, travel
//! times equal hand-computed paths, the table cache never changes results, and every bad
//! input (corrupt or empty PBF, no road in the area, a seat too far from any road, an
//! unknown highway class) is a clear error with no results.

mod common;
use common::{firesim, s, stderr};
use firesim::ground::geo::{LatLon, Point, Projection};
use firesim::travel::network::{RoadGraph, Roads, Snap, Speeds, Tables, Way};
use firesim::travel::{Located, Network, Place};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const KOTKA: &str = "data/osm/kotka-test.osm.pbf";

/// Two routable nodes of the Kotka extract, far enough apart, as (lat, lon).
fn kotka_points() -> Vec<LatLon> {
    let speeds = Speeds::with(&BTreeMap::new(), 1.0);
    let roads = firesim::scenario::osm::read_roads(Path::new(KOTKA), &speeds).unwrap();
    let origin = roads.nodes[0];
    let g = RoadGraph::build(&roads, &speeds, &Projection::new(origin)).unwrap();
    let n = g.len();
    vec![
        g.lonlat[0],
        g.lonlat[n / 3],
        g.lonlat[2 * n / 3],
        g.lonlat[n - 1],
    ]
}

/// A small scenario on the Kotka roads: two stations and two zones at routable nodes, a
/// generated stream; `travel` is the `[travel]` table's body.
fn kotka_scenario(dir: &Path, travel: &str) -> PathBuf {
    let p = kotka_points();
    let osm = std::fs::canonicalize(KOTKA).unwrap();
    let travel = travel.replace("OSM", s(&osm));
    let text = format!(
        r#"name = "kotka"
seed = 3
replications = 2

[horizon]
start = 2021-01-01
end = 2021-01-31

[[zones]]
name = "north"
lat = {}
lon = {}
weight = 1.0
area_km2 = 0.5

[[zones]]
name = "south"
lat = {}
lon = {}
weight = 1.0
area_km2 = 0.5

[demand]
annual_rate = 2000.0

[[incident_types]]
name = "call"
category = "fire"
share = 1.0
on_scene = {{ dist = "exponential", mean_s = 1200.0 }}
plan = {{ units = [{{ kind = "engine" }}] }}

[travel]
{travel}

[response]
call_processing = {{ dist = "fixed", value_s = 60.0 }}
turnout = {{ dist = "fixed", value_s = 60.0 }}

[[unit_kinds]]
name = "engine"
crew = 4

[[stations]]
id = "K1"
name = "Kotka 1"
grade = "other"
lat = {}
lon = {}
units = ["engine"]

[[stations]]
id = "K2"
name = "Kotka 2"
grade = "other"
lat = {}
lon = {}
units = ["engine"]

[staffing]
on_duty_fraction = 1.0

[[rollouts]]
name = "all"
kind = "table"
headcount = {{ K1 = [{{ from = 2021-01-01, firefighters = 4 }}], K2 = [{{ from = 2021-01-01, firefighters = 4 }}] }}
"#,
        p[0].lat, p[0].lon, p[1].lat, p[1].lon, p[2].lat, p[2].lon, p[3].lat, p[3].lon
    );
    let path = dir.join("kotka.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn parse_geojson(path: &Path) -> geojson::FeatureCollection {
    let text = std::fs::read_to_string(path).unwrap();
    match text.parse::<geojson::GeoJson>() {
        Ok(geojson::GeoJson::FeatureCollection(fc)) => fc,
        other => panic!("{} is not a FeatureCollection: {other:?}", path.display()),
    }
}

/// Every coordinate of `fc` is WGS84 longitude/latitude near Kotka (60.4–60.6 N,
/// 26.8–27.1 E), and every geometry of the expected type.
fn check_wgs84(fc: &geojson::FeatureCollection, kind: &str) {
    assert!(!fc.features.is_empty());
    for f in &fc.features {
        let g = f.geometry.as_ref().expect("a geometry");
        let coords: Vec<Vec<f64>> = match &g.value {
            geojson::GeometryValue::Point { coordinates } if kind == "Point" => {
                vec![coordinates.as_slice().to_vec()]
            }
            geojson::GeometryValue::LineString { coordinates } if kind == "LineString" => {
                assert!(coordinates.len() >= 2);
                coordinates.iter().map(|c| c.as_slice().to_vec()).collect()
            }
            geojson::GeometryValue::Polygon { coordinates } if kind == "Polygon" => {
                let ring = &coordinates[0];
                assert!(
                    ring.len() >= 4 && ring.first() == ring.last(),
                    "ring not closed"
                );
                ring.iter().map(|c| c.as_slice().to_vec()).collect()
            }
            other => panic!("expected {kind}, got {other:?}"),
        };
        for c in coords {
            assert_eq!(c.len(), 2);
            assert!((26.8..27.1).contains(&c[0]), "longitude {}", c[0]);
            assert!((60.4..60.6).contains(&c[1]), "latitude {}", c[1]);
        }
    }
}

#[test]
fn travel_writes_four_gis_files() {
    let dir = tempfile::tempdir().unwrap();
    let sc = kotka_scenario(dir.path(), "model = \"network\"\nosm = \"OSM\"");
    let out = dir.path().join("travel");
    let o = firesim(&["travel", s(&sc), "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    check_wgs84(&parse_geojson(&out.join("stations.geojson")), "Point");
    check_wgs84(&parse_geojson(&out.join("isochrones.geojson")), "Polygon");
    let roads = parse_geojson(&out.join("roads.geojson"));
    check_wgs84(&roads, "LineString");
    assert!(roads.features.len() > 100, "{}", roads.features.len());
    // travel.csv is a complete matrix a scenario can use as `model = "matrix"`, and the
    // matrix model then gives the same zone-seat times.
    let csv = std::fs::read_to_string(out.join("travel.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2 * 2, "{csv}");
    let m = kotka_scenario(
        dir.path(),
        &format!(
            "model = \"matrix\"\nfile = \"{}\"",
            s(&out.join("travel.csv"))
        ),
    );
    let v = firesim(&["validate", s(&m)]);
    assert!(v.status.success(), "{}", stderr(&v));
}

#[test]
fn run_writes_geo_layers() {
    let dir = tempfile::tempdir().unwrap();
    let sc = kotka_scenario(dir.path(), "model = \"network\"\nosm = \"OSM\"");
    let out = dir.path().join("run");
    let o = firesim(&["run", s(&sc), "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let st = parse_geojson(&out.join("geo/stations.geojson"));
    check_wgs84(&st, "Point");
    let p = st.features[0].properties.as_ref().unwrap();
    assert_eq!(p["headcount_all"], 4);
    assert!(p["utilization_all"].as_f64().unwrap() > 0.0);
    let z = parse_geojson(&out.join("geo/zones.geojson"));
    check_wgs84(&z, "Point");
    assert!(z.features[0].properties.as_ref().unwrap()["p90_s_all"].is_number());
    let inc = parse_geojson(&out.join("geo/incidents.geojson"));
    assert!(
        inc.features
            .iter()
            .all(|f| f.properties.as_ref().unwrap()["response_s"].is_number())
    );
}

/// A 3 × 3 grid of 100 m blocks at 36 km/h (10 m/s: 10 s a block), the bottom street
/// one-way eastbound.
fn tiny() -> (Network, Projection) {
    let proj = Projection::new(LatLon {
        lat: 10.0,
        lon: 20.0,
    });
    let mut nodes = vec![];
    for y in 0..3 {
        for x in 0..3 {
            nodes.push(proj.unproject(Point {
                x_km: x as f64 * 0.1,
                y_km: y as f64 * 0.1,
            }));
        }
    }
    let way = |id, nodes: Vec<u32>, oneway| Way {
        id,
        class: "residential".into(),
        oneway,
        maxspeed_kmh: None,
        nodes,
    };
    let roads = Roads {
        nodes,
        ways: vec![
            way(1, vec![0, 1, 2], 1),
            way(2, vec![3, 4, 5], 0),
            way(3, vec![6, 7, 8], 0),
            way(4, vec![0, 3, 6], 0),
            way(5, vec![1, 4, 7], 0),
            way(6, vec![2, 5, 8], 0),
        ],
    };
    let mut speeds = BTreeMap::new();
    speeds.insert("residential".to_string(), 36.0);
    let g = RoadGraph::build(&roads, &Speeds::with(&speeds, 1.0), &proj).unwrap();
    // One station 20 m south of node 0.
    let snaps = vec![Snap {
        node: 0,
        distance_m: 20.0,
    }];
    let t = Tables::compute(&g, &snaps, 18.0); // 5 m/s off the road
    let net = Network::new(Arc::new(g), snaps, t, 18.0, 0.0, [1.0; 24]).with_start_s(7.0);
    (net, proj)
}

#[test]
fn travel_times_match_hand_computed_paths() {
    let (net, _) = tiny();
    let node = |i: usize| net.graph().pos[i];
    let station = Place {
        pos: Point {
            x_km: 0.0,
            y_km: -0.02,
        },
        station: Some(0),
        zone: None,
        node: None,
    };
    // A site 30 m north of node 2 (the bottom-right corner).
    let site = Place::at(Point {
        x_km: node(2).x_km,
        y_km: node(2).y_km + 0.03,
    });
    // Out: 20 m off-road (4 s) + 0→1→2 eastbound (20 s) + 30 m off-road (6 s) + 7 s fixed.
    let out = net.estimate_s(station, site);
    assert!((out - 37.0).abs() < 0.01, "{out}");
    // Back: the bottom street is one-way eastbound, so 2 → 5 → 4 → 3 → 0 (40 s):
    // 6 + 40 + 4 + 7 = 57 s.
    let back = net.estimate_s(site, station);
    assert!((back - 57.0).abs() < 0.01, "{back}");
    // A unit on the road at node 1 (exactly): 1 → 2 (10 s) + 6 s + 7 s.
    let on_road = Place {
        pos: node(1),
        station: Some(0),
        zone: None,
        node: Some(Located {
            node: 1,
            off_s: 0.0,
        }),
    };
    let t = net.estimate_s(on_road, site);
    assert!((t - 23.0).abs() < 0.01, "{t}");
    // The node a precomputed key names is the nearest one.
    assert_eq!(net.locate(site.pos).node, 2);
}

/// Run with a given cache folder and return summary.json.
fn run_with_cache(sc: &Path, out: &Path, cache: &str) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args(["run", s(sc), "--out", s(out), "--no-responses"])
        .env("FIRESIM_CACHE_DIR", cache)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read(out.join("summary.json")).unwrap()
}

#[test]
fn the_table_cache_never_changes_results() {
    let dir = tempfile::tempdir().unwrap();
    let sc = kotka_scenario(
        dir.path(),
        "model = \"network\"\nosm = \"OSM\"\nspread_cv = 0.3",
    );
    let cache = dir.path().join("cache");
    let fresh = run_with_cache(&sc, &dir.path().join("a"), "off");
    let filled = run_with_cache(&sc, &dir.path().join("b"), s(&cache));
    let files: Vec<_> = std::fs::read_dir(&cache).unwrap().collect();
    assert_eq!(files.len(), 1, "one table file cached");
    let hit = run_with_cache(&sc, &dir.path().join("c"), s(&cache));
    assert_eq!(fresh, filled);
    assert_eq!(fresh, hit);
    // A corrupted cache file of the right length fails its checksum: rebuilt, not used.
    let file = files[0].as_ref().unwrap().path();
    let mut bytes = std::fs::read(&file).unwrap();
    let good = bytes.clone();
    bytes[8] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    let damaged = run_with_cache(&sc, &dir.path().join("d"), s(&cache));
    assert_eq!(fresh, damaged, "a damaged cache changed the results");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        good,
        "the damaged file was not rewritten"
    );
}

/// Expect `firesim run` to fail naming `needle`, with no results.
fn fails_with(sc: &Path, dir: &Path, needle: &str) {
    let out = dir.join("results");
    let o = firesim(&["run", s(sc), "--reps", "1", "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "results were written");
    let err = stderr(&o);
    assert!(err.contains(needle), "`{needle}` not in: {err}");
}

#[test]
fn corrupt_and_empty_pbf_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        (
            "corrupt.osm.pbf",
            &b"\x00\x00\x00\x0dthis is not a protobuf blob at all"[..],
        ),
        ("empty.osm.pbf", &b""[..]),
    ] {
        let pbf = dir.path().join(name);
        std::fs::write(&pbf, bytes).unwrap();
        let sc = kotka_scenario(
            dir.path(),
            &format!("model = \"network\"\nosm = \"{}\"", s(&pbf)),
        );
        fails_with(&sc, dir.path(), name);
        fails_with(&sc, dir.path(), "travel.osm");
    }
}

#[test]
fn no_roads_in_the_area_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // The San Francisco extract for a scenario in Kotka.
    let sf = std::fs::canonicalize("data/osm/sf-north.osm.pbf").unwrap();
    let sc = kotka_scenario(
        dir.path(),
        &format!("model = \"network\"\nosm = \"{}\"", s(&sf)),
    );
    fails_with(&sc, dir.path(), "no drivable road within travel.max_snap_m");
}

#[test]
fn a_station_far_from_any_road_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let sc = kotka_scenario(dir.path(), "model = \"network\"\nosm = \"OSM\"");
    // Move station K2 about 5 km east, into the sea.
    let text = std::fs::read_to_string(&sc).unwrap();
    let p = kotka_points();
    let moved = text.replace(
        &format!("lon = {}\nunits", p[3].lon),
        &format!("lon = {}\nunits", p[3].lon + 0.09),
    );
    assert_ne!(text, moved);
    std::fs::write(&sc, moved).unwrap();
    fails_with(&sc, dir.path(), "stations[1] (K2)");
    fails_with(&sc, dir.path(), "travel.max_snap_m");
}

#[test]
fn unknown_highway_class_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let sc = kotka_scenario(
        dir.path(),
        "model = \"network\"\nosm = \"OSM\"\nspeeds_kmh = { residential = 30.0, hovercraft = 80.0 }",
    );
    fails_with(&sc, dir.path(), "travel.speeds_kmh.hovercraft");
}

/// A unit kept at temporary premises goes back to the premises on the road network's
/// route, not by its (unopened) station's table: the Kotka scenario with station K1 working
/// from premises at the north zone's seat all month and K2 uncrewed. An incident at K2's
/// site is served from the premises; a second one at the premises finds the engine back
/// there (it turns out) one second after the routed return, and still on the road (no
/// turnout) one second before.
#[test]
fn a_premises_unit_returns_on_the_network_route() {
    use firesim::ground::engine::SimTime;
    use firesim::sim::dispatch::Closest;
    use firesim::travel::TravelModel;
    let dir = tempfile::tempdir().unwrap();
    let p = kotka_points();
    let sc = kotka_scenario(
        dir.path(),
        "model = \"network\"\nosm = \"OSM\"\nspread_cv = 0.0",
    );
    let text = std::fs::read_to_string(&sc)
        .unwrap()
        .replacen(
            "units = [\"engine\"]\n",
            &format!(
                "units = [\"engine\"]\nopens = 2022-01-01\ntemporary_units = 1\npremises = {{ lat = {}, lon = {} }}\n",
                p[0].lat, p[0].lon
            ),
            1,
        )
        .replace(
            "K2 = [{ from = 2021-01-01, firefighters = 4 }]",
            "K2 = [{ from = 2021-01-01, firefighters = 0 }]",
        );
    std::fs::write(&sc, text).unwrap();
    let sc = firesim::scenario::load(&sc).expect("valid");
    let unit = sc
        .units
        .iter()
        .position(|u| u.premises)
        .expect("a premises unit");
    let (premises, far) = (sc.units[unit].pos, sc.stations[1].pos);
    assert!(premises.distance_km(sc.stations[0].pos) > 0.5);
    let at = |id: u32, call_s: f64, pos: Point| firesim::prepare::demand::Incident {
        pos,
        ..common::incident(id, call_s, 0.0)
    };
    let place = |pos: Point, station: Option<usize>, node: Option<Located>| Place {
        pos,
        station,
        zone: None,
        node,
    };
    let t = &sc.travel;
    let site = place(far, None, t.locate(far));
    // The routed return to the premises, and what the station's table would say.
    let routed = t.estimate_s(site, place(premises, Some(0), t.locate(premises)));
    let by_table = t.estimate_s(site, place(premises, Some(0), None));
    assert!(
        (routed - by_table).abs() > 5.0,
        "the fixture must tell the two apart: {routed} vs {by_table}"
    );
    let first = common::play(&sc, &[at(0, 100.0, far)], &Closest::indexed(&sc));
    let clear = first.responses[0].clear;
    assert_eq!(first.responses[0].unit, Some(unit as u32));
    let back = clear + SimTime::from_secs(routed);
    for (offset_s, at_base) in [(1.0, true), (-1.0, false)] {
        // Dispatched (30 s after the call) a second after or before the return.
        let call_s = back.as_secs() + offset_s - 30.0;
        let log = common::play(
            &sc,
            &[at(0, 100.0, far), at(1, call_s, premises)],
            &Closest::indexed(&sc),
        );
        let r = log.responses[1];
        assert_eq!(r.unit, Some(unit as u32));
        assert_eq!(r.turnout_s > 0.0, at_base, "offset {offset_s} s: {r:?}");
    }
}

/// The road network's physical quantities are held to the ranges of
/// `src/scenario/validate/ranges.rs` (issue 25, class 5): per field an impossible value
/// (an error naming it) and an implausible one (a warning naming it). A speed factor of
/// 1e-300 gave mean arrivals of 3e8 s with no word.
#[test]
fn network_quantities_outside_their_ranges_are_named() {
    use firesim::scenario::{Issue, ScenarioError};
    // (the [travel] table after `model` and `osm`, the field, what it says, a warning?)
    let rows: &[(&str, &str, &str, bool)] = &[
        (
            "speeds_kmh = { residential = 0.5 }",
            "travel.speeds_kmh.residential",
            "must be a road speed >= 1",
            false,
        ),
        (
            "speeds_kmh = { residential = 150.0 }",
            "travel.speeds_kmh.residential",
            "outside the plausible road speed",
            true,
        ),
        (
            "class_factors = { residential = 1e-300 }",
            "travel.class_factors.residential",
            "must be a speed factor >= 0.01",
            false,
        ),
        (
            "class_factors = { residential = 3.0 }",
            "travel.class_factors.residential",
            "outside the plausible speed factor",
            true,
        ),
        (
            "speed_factor = 1e-300",
            "travel.speed_factor",
            "must be a speed factor",
            false,
        ),
        (
            "speed_factor = 0.1",
            "travel.speed_factor",
            "outside the plausible speed factor of 0.25 to 2.5",
            true,
        ),
        (
            "off_road_kmh = 500.0",
            "travel.off_road_kmh",
            "<= 300 km/h",
            false,
        ),
        (
            "off_road_kmh = 1.5",
            "travel.off_road_kmh",
            "outside the plausible off-road speed",
            true,
        ),
        (
            "max_snap_m = 1e9",
            "travel.max_snap_m",
            "<= 100000 m",
            false,
        ),
        (
            "max_snap_m = 5000.0",
            "travel.max_snap_m",
            "outside the plausible snapping distance",
            true,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut failed = vec![];
    for &(travel, field, says, warning) in rows {
        let sc = kotka_scenario(
            dir.path(),
            &format!("model = \"network\"\nosm = \"OSM\"\n{travel}"),
        );
        let found: Vec<Issue> = match (firesim::scenario::load(&sc), warning) {
            (Ok(s), true) => s.warnings,
            (Err(ScenarioError::Invalid { issues, .. }), false) => issues,
            (other, _) => {
                failed.push(format!("`{travel}`: {:?}", other.map(|s| s.warnings)));
                continue;
            }
        };
        if !found
            .iter()
            .any(|i| i.field == field && i.message.contains(says))
        {
            failed.push(format!(
                "`{travel}`: no `{field}` saying `{says}` in {found:?}"
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Temporary premises are held to `max_snap_m` like stations and zone seats: premises
/// 5 km out at sea are an error naming them (120 km from the network was accepted).
#[test]
fn temporary_premises_far_from_any_road_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let sc = kotka_scenario(dir.path(), "model = \"network\"\nosm = \"OSM\"");
    let p = kotka_points();
    let text = std::fs::read_to_string(&sc).unwrap().replacen(
        "units = [\"engine\"]\n",
        &format!(
            "units = [\"engine\"]\nopens = 2021-01-15\ntemporary_units = 1\npremises = {{ lat = {}, lon = {} }}\n",
            p[3].lat,
            p[3].lon + 0.09
        ),
        1,
    );
    std::fs::write(&sc, text).unwrap();
    fails_with(&sc, dir.path(), "stations[0].premises (K1)");
    fails_with(&sc, dir.path(), "travel.max_snap_m");
}
