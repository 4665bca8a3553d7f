//! The model against hand-computed responses: one station, one engine, fixed durations and
//! a travel model whose times are easy to work out.
//!
//! Travel: Kolesar with cruise 36 km/h (10 m/s), acceleration 1 m/s², no detour, so the
//! critical distance is v²/a = 100 m and a 2 km trip takes v/a + d/v = 10 + 200 = 210 s.

mod common;

use common::{Log, incident};
use firesim::ground::engine::SimTime;
use firesim::prepare;
use firesim::scenario::Scenario;
use firesim::sim::dispatch::Closest;
use std::path::Path;

const SCENARIO: &str = r#"
name = "one-engine"
seed = 1
[horizon]
start = 2021-01-01
end = 2021-01-31
[geography]
origin_lat = 0.0
origin_lon = 0.0
[[zones]]
name = "z"
lat = 0.0
lon = 0.0
weight = 1.0
[demand]
annual_rate = 1.0
[[incident_types]]
name = "fire"
category = "fire"
share = 1.0
on_scene = { dist = "fixed", value_s = 1000.0 }
plan = { units = [{ kind = "engine", count = 1 }] }
[travel]
model = "kolesar"
cruise_kmh = 36.0
accel_ms2 = 1.0
detour_factor = 1.0
[response]
call_processing = { dist = "fixed", value_s = 30.0 }
turnout = { dist = "fixed", value_s = 60.0 }
[[unit_kinds]]
name = "engine"
crew = 4
[[stations]]
id = "S1"
name = "Only"
grade = "other"
lat = 0.0
lon = 0.0
units = ["engine"]
[staffing]
on_duty_fraction = 1.0
[[rollouts]]
name = "r"
kind = "table"
headcount = { S1 = [{ from = 2021-01-01, firefighters = 4 }] }
"#;

fn scenario(extra: &str) -> Scenario {
    prepare::from_str(&format!("{SCENARIO}\n{extra}"), Path::new("inline.toml")).unwrap()
}

fn play(s: &Scenario, incidents: &[firesim::prepare::demand::Incident]) -> Log {
    common::play(s, incidents, &Closest::default())
}

#[test]
fn one_incident_gives_the_hand_computed_response() {
    let s = scenario("");
    let log = play(&s, &[incident(0, 100.0, 2.0)]);
    assert_eq!(log.responses.len(), 1);
    let r = log.responses[0];
    assert_eq!(r.dispatched, SimTime::from_secs(130.0));
    assert_eq!(r.turnout_s, 60.0);
    assert!((r.travel_s - 210.0).abs() < 1e-9, "{}", r.travel_s);
    assert_eq!(r.arrival, SimTime::from_secs(400.0));
    assert_eq!(r.clear, SimTime::from_secs(1400.0));
    let i = log.incidents[0];
    assert_eq!(i.first_arrival, Some(SimTime::from_secs(400.0)));
    assert_eq!(i.full_arrival, Some(SimTime::from_secs(400.0)));
    assert!(!i.waited);
    assert_eq!((i.units_sent, i.firefighters_sent), (1, 4));
}

#[test]
fn a_second_incident_waits_and_is_served_from_the_road() {
    let s = scenario("");
    // The engine clears the first scene (2 km east) at 1400 s; the second call, at the
    // station, is ordered at 530 s and waits. The engine goes straight from the scene:
    // no turnout, 210 s back to the station's position.
    let log = play(&s, &[incident(0, 100.0, 2.0), incident(1, 500.0, 0.0)]);
    let r = log.responses[1];
    assert_eq!(r.incident, 1);
    assert_eq!(r.dispatched, SimTime::from_secs(1400.0));
    assert_eq!(r.turnout_s, 0.0);
    assert!((r.travel_s - 210.0).abs() < 1e-9);
    assert_eq!(r.arrival, SimTime::from_secs(1610.0));
    let i = log.incidents[1];
    assert!(i.waited);
    assert!((i.wait_s - (1400.0 - 530.0)).abs() < 1e-9);
}

#[test]
fn a_returning_unit_is_sent_from_where_it_is() {
    let s = scenario("");
    // Clear at 1400 s 2 km east, back at the station at 1610 s. A call at the station
    // ordered at 1505 s finds it half-way (1 km out): no turnout, and 1 km takes
    // 10 + 100 = 110 s.
    let log = play(&s, &[incident(0, 100.0, 2.0), incident(1, 1475.0, 0.0)]);
    let r = log.responses[1];
    assert_eq!(r.dispatched, SimTime::from_secs(1505.0));
    assert_eq!(r.turnout_s, 0.0);
    assert!((r.travel_s - 110.0).abs() < 1e-6, "{}", r.travel_s);
    assert!(!log.incidents[1].waited);
}

#[test]
fn mutual_aid_serves_a_requirement_after_the_delay() {
    let s = scenario("[mutual_aid]\nenabled = true\ndelay_s = 100.0\ntravel_s = 500.0\n");
    let log = play(&s, &[incident(0, 100.0, 2.0), incident(1, 500.0, 0.0)]);
    let r = log.responses.iter().find(|r| r.incident == 1).unwrap();
    assert_eq!(r.unit, None);
    assert_eq!(r.dispatched, SimTime::from_secs(630.0));
    assert_eq!(r.arrival, SimTime::from_secs(1130.0));
    let i = log.incidents[1];
    assert!(i.mutual_aid && i.waited);
    assert_eq!(i.first_arrival, Some(SimTime::from_secs(1130.0)));
}

#[test]
fn an_uncrewed_unit_is_never_sent() {
    let text = SCENARIO.replace("firefighters = 4 }", "firefighters = 3 }");
    let s3 = prepare::from_str(&text, Path::new("inline.toml")).unwrap();
    let log = play(&s3, &[incident(0, 100.0, 2.0)]);
    assert!(log.responses.is_empty());
    assert_eq!(log.incidents.len(), 1);
    assert_eq!(log.incidents[0].first_arrival, None);
}
