//! Issue 13's micro fire stations and station districts: the first action never comes after
//! the first arrival, the micro tier leaves every professional figure bit for bit as it
//! was (its draws have their own stream), a tier that is always there at once gives a
//! first action of zero, and districts add up to the covered land.

use firesim::prepare;
use firesim::prepare::coverage::FirstDue;
use firesim::prepare::staffing;
use firesim::scenario::Scenario;
use firesim::stats::districts::Districts;
use firesim::study::runner;
use std::path::Path;

fn dafeng_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dafeng.toml"))
        .unwrap()
}

fn load(text: &str) -> Scenario {
    // Beside dafeng.toml, so the files it names (its boundary) resolve as they do there.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/test.toml");
    prepare::from_str(text, &path).unwrap()
}

fn without(text: &str, key: &str) -> String {
    let mut t: toml::Table = text.parse().unwrap();
    assert!(t.remove(key).is_some(), "{key}");
    t.to_string()
}

fn one_rep(
    s: &Scenario,
    seed: u64,
    rep: u32,
) -> (firesim::stats::RepSummary, firesim::stats::Layout) {
    let crewing = staffing::crewing(s, &s.rollouts[0]);
    let (sum, _, _) = runner::replication(s, &crewing, seed, rep, false);
    (sum, firesim::stats::Layout::new(s))
}

#[test]
fn micro_tier_moves_no_professional_figure_and_never_acts_later() {
    let text = dafeng_text();
    let with = load(&text);
    let plain = load(&without(&text, "micro_stations"));
    assert!(!with.micro.is_empty() && plain.micro.is_empty());
    for rep in 0..2 {
        let (a, la) = one_rep(&with, 7, rep);
        let (b, lb) = one_rep(&plain, 7, rep);
        assert!(lb.names.len() < la.names.len());
        // Every figure of the scenario without the tier is there, bit for bit.
        for (k, name) in lb.names.iter().enumerate() {
            let i = la.index(name).unwrap();
            for p in 0..a.periods.len() {
                let (x, y) = (a.periods[p][i], b.periods[p][k]);
                assert!(x.to_bits() == y.to_bits(), "{name} period {p}: {x} vs {y}");
            }
        }
        // Per incident the first action is at or before the first arrival, so every
        // percentile and the mean are too (same histogram bins).
        for p in 0..a.periods.len() {
            let v = |n: &str| a.periods[p][la.index(n).unwrap()];
            for q in ["p50", "p80", "p90", "p95", "mean"] {
                let (act, arr) = (
                    v(&format!("first_action_s.{q}")),
                    v(&format!("first_arrival_s.{q}")),
                );
                assert!(act <= arr, "{q} period {p}: {act} > {arr}");
            }
            assert!(v("first_action_within_3min") >= v("first_arrival_fire_within_3min"));
            let m = v("micro_first_share");
            assert!((0.0..=1.0).contains(&m), "{m}");
        }
    }
}

const ALWAYS_THERE: &str = r#"
name = "always-there"
seed = 3
replications = 1

[horizon]
start = 2021-01-01
end = 2021-03-31

[[zones]]
name = "village"
lat = 30.0
lon = 120.0
area_km2 = 4.0
weight = 1.0

[demand]
annual_rate = 2000.0

[[incident_types]]
name = "fire"
category = "fire"
share = 0.5
on_scene = { dist = "fixed", value_s = 600.0 }
plan = { units = [{ kind = "engine" }] }

[[incident_types]]
name = "rescue"
category = "non_fire"
share = 0.5
on_scene = { dist = "fixed", value_s = 600.0 }
plan = { units = [{ kind = "engine" }] }

[travel]
model = "kolesar"
cruise_kmh = 36.0
accel_ms2 = 1.0
detour_factor = 1.0

[response]
call_processing = { dist = "fixed", value_s = 0.0 }
turnout = { dist = "fixed", value_s = 60.0 }

[[unit_kinds]]
name = "engine"
crew = 4

[[stations]]
id = "S1"
name = "Town"
grade = "other"
lat = 30.0
lon = 120.0
units = ["engine", "engine", "engine", "engine"]

[staffing]
on_duty_fraction = 1.0

[[rollouts]]
name = "crewed"
kind = "table"
headcount = { S1 = [{ from = 2021-01-01, firefighters = 16 }] }

[[micro_stations.tiers]]
name = "everywhere"
count = 1000000
placed_by = "population"
availability = 1.0
muster = { dist = "fixed", value_s = 0.0 }
speed_kmh = 1000000.0
max_distance_km = 1.0
"#;

/// With a station on every doorstep that is always ready and takes no time, every fire's
/// first action is at the dispatch order (here the call): 0 s, and every fire counts.
/// Non-fires keep their professional first arrival (turnout alone is 60 s).
#[test]
fn a_tier_always_there_at_once_acts_at_zero() {
    let s = load(ALWAYS_THERE);
    let (a, l) = one_rep(&s, 3, 0);
    let h = a.periods.len() - 1;
    let v = |n: &str| a.periods[h][l.index(n).unwrap()];
    assert_eq!(v("first_action_within_3min"), 1.0);
    assert_eq!(v("micro_first_share"), 1.0);
    // Fires (about half) act within a millisecond of the call (the nearest station is
    // a millimetre away at 1,000,000 km/h); non-fires wait at least the 60 s turnout.
    assert!(v("first_action_s.mean") < v("first_arrival_s.mean") * 0.75);
    assert!(v("first_arrival_s.p50") >= 60.0);
}

const TWO_TOWNS: &str = r#"
name = "two-towns"
seed = 5

[horizon]
start = 2021-01-01
end = 2021-12-31

[[zones]]
name = "west"
lat = 30.0
lon = 120.0
area_km2 = 50.0
weight = 1.0

[[zones]]
name = "east"
lat = 30.0
lon = 120.5
area_km2 = 50.0
weight = 1.0

[demand]
annual_rate = 100.0

[[incident_types]]
name = "fire"
category = "fire"
share = 1.0
on_scene = { dist = "fixed", value_s = 600.0 }
plan = { units = [{ kind = "engine" }] }

[travel]
model = "kolesar"
cruise_kmh = 36.0
accel_ms2 = 1.0
detour_factor = 1.0

[response]
call_processing = { dist = "fixed", value_s = 0.0 }
turnout = { dist = "fixed", value_s = 60.0 }

[[unit_kinds]]
name = "engine"
crew = 4

[[stations]]
id = "W"
name = "West"
grade = "other"
lat = 30.0
lon = 120.0
units = ["engine"]

[[stations]]
id = "E"
name = "East"
grade = "other"
lat = 30.0
lon = 120.5
units = ["engine"]

[staffing]
on_duty_fraction = 1.0

[[rollouts]]
name = "crewed"
kind = "table"
headcount = { W = [{ from = 2021-01-01, firefighters = 4 }], E = [{ from = 2021-01-01, firefighters = 4 }] }

[districts.urban_area]
source = "test square around the west seat"
polygon = [[29.99, 119.99], [29.99, 120.01], [30.01, 120.01], [30.01, 119.99]]
"#;

/// Two towns 48 km apart, each with a station at its seat: each district is its town's
/// disc, so the areas are the zones' 50 km² each, up to the cells the disc's edge cuts
/// (at most the edge's length times a cell's diagonal).
#[test]
fn district_areas_add_up_to_the_covered_land() {
    let s = load(TWO_TOWNS);
    let rule = s.districts.as_ref().unwrap();
    let fd = FirstDue::new(&s);
    let d = Districts::new(&s, rule, &fd).unwrap();
    // Stations are in the order of their ids: `E` before `W`.
    let at = |id: &str| s.stations.iter().position(|st| st.id == id).unwrap();
    let (w, e) = (at("W"), at("E"));
    let cell_km = d.cell_km2.sqrt();
    let r = (50.0 / std::f64::consts::PI).sqrt();
    let tol = 2.0 * std::f64::consts::PI * r * cell_km * std::f64::consts::SQRT_2;
    for st in 0..2 {
        assert!(
            (d.area_km2[st] - 50.0).abs() < tol,
            "{} vs 50 ± {tol}",
            d.area_km2[st]
        );
    }
    // The built-up square (about 2.2 × 2 km) is in the west station's district only.
    assert!(
        d.built_up_km2[w] > 3.0 && d.built_up_km2[w] < 5.5,
        "{}",
        d.built_up_km2[w]
    );
    assert_eq!(d.built_up_km2[e], 0.0);
    assert!(d.urban(w) && !d.urban(e));
    // GB 51080-2015 §4.1.3 holds within urban land: the west station stands on it (7 km²
    // for its part on urban land, which it meets); the east district is information.
    assert_eq!(d.limit_km2[w], 7.0);
    assert!(d.limit_km2[e].is_nan());
    assert_eq!(d.meets_area_limit(w), Some(true));
    assert_eq!(d.meets_area_limit(e), None);
    // The west station's edge is its built-up square's corner (about 1.5 km away); the
    // east station's is its whole disc's rim (4 km), so it is later.
    assert!(
        d.edge_s[w] < 300.0 && d.edge_s[e] > d.edge_s[w],
        "{:?}",
        d.edge_s
    );
    // Per year: the west edge is within the standard all year (always crewed).
    let crewing = staffing::crewing(&s, &s.rollouts[0]);
    let f = std::sync::Arc::new(d).figures(&s, &crewing);
    assert_eq!(f.periods[0][w].edge_within, 1.0);
    assert!(f.periods[0][e].area_within > 0.0 && f.periods[0][e].area_within < 1.0);
}

/// The Dafeng districts: they cover the zones' land exactly once (the sum of the districts
/// is the number of covered cells), and a station whose edge is within the standard has
/// all its district within it.
#[test]
fn dafeng_districts_partition_the_land() {
    let s = load(&dafeng_text());
    let rule = s.districts.as_ref().unwrap();
    assert!(
        (rule.urban_area.area_km2 - 40.9).abs() < 0.2,
        "{}",
        rule.urban_area.area_km2
    );
    let fd = FirstDue::new(&s);
    let d = Districts::new(&s, rule, &fd).unwrap();
    let total: f64 = d.area_km2.iter().sum();
    let cells: usize = (0..s.stations.len()).map(|i| d.cells(i).len()).sum();
    assert!((total - cells as f64 * d.cell_km2).abs() < 1e-6);
    // The covered land is at most the zones' summed areas (their discs overlap).
    let zones: f64 = s.zones.iter().map(|z| z.area_km2).sum();
    assert!(
        total <= zones * 1.02 && total > 0.5 * zones,
        "{total} vs {zones}"
    );
    let built: f64 = d.built_up_km2.iter().sum();
    assert!((built - rule.urban_area.area_km2).abs() < 2.0, "{built}");
}
