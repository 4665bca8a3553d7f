//! Crews that behave like real crews: dispatch by estimated arrival, temporary premises,
//! riding short, plans topped up on real crews, kinds no plan requests left uncrewed,
//! neighbouring stations as mutual aid, and the daily rota and absence that make response
//! times change gradually with the on-duty share.
//!
//! Hand-computed cases use Kolesar travel with cruise 36 km/h (10 m/s), acceleration
//! 1 m/s², no detour: a trip of d ≥ 0.1 km takes 10 + 100·d seconds.

mod common;

use common::{Log, incident};
use firesim::ground::engine::SimTime;
use firesim::prepare;
use firesim::prepare::demand::Incident;
use firesim::prepare::staffing;
use firesim::scenario::Scenario;
use firesim::sim::dispatch::Closest;
use firesim::stats;
use firesim::study::runner::{self, KeepResponses, RunOptions};
use std::path::Path;

const BASE: &str = r#"
name = "crews"
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
plan = { units = [{ kind = "engine", count = 1 }], min_firefighters = MINFF }
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
crew = 5
min_crew = 4
[[unit_kinds]]
name = "aerial"
crew = 3
"#;

/// 1 km of longitude at the equator, in degrees (the projection is equirectangular on a
/// sphere of 6,371.0088 km, `src/ground/geo.rs`).
const KM: f64 = 180.0 / (std::f64::consts::PI * 6_371.008_8);

fn scenario(min_ff: u32, rest: &str) -> Scenario {
    let text = BASE.replace("MINFF", &min_ff.to_string()) + rest;
    prepare::from_str(&text, Path::new("crews.toml")).expect("valid")
}

fn station(id: &str, x_km: f64, extra: &str) -> String {
    format!(
        "[[stations]]\nid = \"{id}\"\nname = \"{id}\"\ngrade = \"other\"\nlat = 0.0\nlon = {}\nunits = [\"engine\"]\n{extra}\n",
        x_km * KM
    )
}

fn play(s: &Scenario, incidents: &[Incident]) -> Log {
    common::play(s, incidents, &Closest::indexed(s))
}

#[test]
fn dispatch_ranks_by_estimated_arrival_not_travel() {
    // S1 at 0 km works from temporary premises at its own location (opens after the
    // horizon) with 120 s of extra turnout; S2 at 2 km does not. An incident at 0.5 km:
    // S1 needs 60 + 120 + 60 = 240 s, S2 60 + 160 = 220 s. By travel alone S1 (60 s)
    // would win; by estimated arrival S2 goes.
    let s = scenario(
        0,
        &(station(
            "S1",
            0.0,
            "opens = 2022-01-01\ntemporary_units = 1\npremises = { lat = 0.0, lon = 0.0, extra_turnout_s = 120.0 }",
        ) + &station("S2", 2.0, "")
            + "[staffing]\non_duty_fraction = 1.0\n[[rollouts]]\nname = \"r\"\nkind = \"table\"\nheadcount = { S1 = [{ from = 2021-01-01, firefighters = 5 }], S2 = [{ from = 2021-01-01, firefighters = 5 }] }\n"),
    );
    let log = play(&s, &[incident(0, 100.0, 0.5)]);
    let r = log.responses[0];
    assert_eq!(s.units[r.unit.unwrap() as usize].id, "S2-engine-1");
    assert!((r.travel_s - 160.0).abs() < 1e-6);
    // With S2 busy, the premises engine goes, and turns out 120 s slower.
    let log = play(&s, &[incident(0, 100.0, 2.0), incident(1, 200.0, 0.5)]);
    let r = log.responses[1];
    assert_eq!(s.units[r.unit.unwrap() as usize].id, "S1-premises-engine-1");
    assert_eq!(r.turnout_s, 180.0);
    assert!((r.travel_s - 60.0).abs() < 1e-6);
}

#[test]
fn premises_are_where_the_scenario_puts_them() {
    // Premises 3 km east of the station; the incident at 3 km is reached from there.
    let s = scenario(
        0,
        &(station(
            "S1",
            0.0,
            &format!(
                "opens = 2022-01-01\ntemporary_units = 1\npremises = {{ lat = 0.0, lon = {} }}",
                3.0 * KM
            ),
        ) + "[staffing]\non_duty_fraction = 1.0\npremises_extra_turnout_s = 30.0\n[[rollouts]]\nname = \"r\"\nkind = \"table\"\nheadcount = { S1 = [{ from = 2021-01-01, firefighters = 5 }] }\n"),
    );
    let log = play(&s, &[incident(0, 100.0, 3.0)]);
    let r = log.responses[0];
    assert!(r.travel_s < 1.0, "{}", r.travel_s);
    assert_eq!(r.turnout_s, 90.0);
}

#[test]
fn a_short_crew_rides_and_the_plan_is_topped_up_on_real_crews() {
    // Two engines at S1; 9 on duty: one full engine (5) and one riding short (4). A plan
    // of one engine with at least 9 firefighters sends both (5 + 4), not one (5).
    let text = station("S1", 0.0, "").replace("[\"engine\"]", "[\"engine\", \"engine\"]")
        + "[staffing]\non_duty_fraction = 1.0\nshort_crew_extra_turnout_s = 15.0\n[[rollouts]]\nname = \"r\"\nkind = \"table\"\nheadcount = { S1 = [{ from = 2021-01-01, firefighters = 9 }] }\n";
    let s = scenario(9, &text);
    let log = play(&s, &[incident(0, 100.0, 1.0)]);
    assert_eq!(log.responses.len(), 2);
    let i = log.incidents[0];
    assert_eq!((i.units_sent, i.firefighters_sent), (2, 9));
    // The short engine turns out 15 s slower.
    let turnouts: Vec<f64> = log.responses.iter().map(|r| r.turnout_s).collect();
    assert_eq!(turnouts, vec![60.0, 75.0]);
    // With 3 on duty (below min_crew 4) nothing is crewed.
    let s3 = scenario(9, &text.replace("firefighters = 9 }", "firefighters = 3 }"));
    assert!(play(&s3, &[incident(0, 100.0, 1.0)]).responses.is_empty());
}

#[test]
fn kinds_no_plan_requests_are_not_crewed_and_validate_warns() {
    // The aerial is listed first, but no plan can request it: the 5 on duty crew the
    // engine instead.
    let text = station("S1", 0.0, "").replace("[\"engine\"]", "[\"aerial\", \"engine\"]")
        + "[staffing]\non_duty_fraction = 1.0\n[[rollouts]]\nname = \"r\"\nkind = \"table\"\nheadcount = { S1 = [{ from = 2021-01-01, firefighters = 5 }] }\n";
    let s = scenario(0, &text);
    assert!(!s.unit_kinds[1].requestable);
    let crewing = staffing::crewing(&s, &s.rollouts[0]);
    let ids: Vec<&str> = crewing
        .crews_at(SimTime::ZERO)
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(u, _)| s.units[u].id.as_str())
        .collect();
    assert_eq!(ids, vec!["S1-engine-1"]);
    assert_eq!(s.warnings.len(), 1);
    assert!(
        s.warnings[0].message.contains("`aerial`"),
        "{}",
        s.warnings[0]
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crews.toml");
    std::fs::write(&file, BASE.replace("MINFF", "0") + &text).unwrap();
    let out = common::firesim(&["validate", common::s(&file)]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        common::stderr(&out).contains("no response plan or substitute rule can request `aerial`"),
        "{}",
        common::stderr(&out)
    );
}

#[test]
fn a_neighbouring_station_is_sent_when_it_arrives_first_and_counts_as_mutual_aid() {
    // S1 at 0 km; a neighbour at 4 km, available every day. An incident at 3.5 km: the
    // neighbour arrives after 60 + 60 = 120 s, S1 after 60 + 360 = 420 s.
    let text = station("S1", 0.0, "")
        + &format!(
            "[staffing]\non_duty_fraction = 1.0\n[[rollouts]]\nname = \"r\"\nkind = \"table\"\nheadcount = {{ S1 = [{{ from = 2021-01-01, firefighters = 5 }}] }}\n\
             [mutual_aid]\n[[mutual_aid.stations]]\nname = \"N\"\nlat = 0.0\nlon = {}\nunits = [\"engine\"]\navailability = 1.0\n",
            4.0 * KM
        );
    let s = scenario(0, &text);
    let log = play(&s, &[incident(0, 100.0, 3.5), incident(1, 200.0, 3.5)]);
    let first = log.responses[0];
    assert_eq!(first.unit, None);
    assert!((first.travel_s - 60.0).abs() < 1e-6);
    assert!(log.incidents.iter().find(|i| i.id == 0).unwrap().mutual_aid);
    // The neighbour is busy for the second incident: S1 goes.
    let second = log.responses.iter().find(|r| r.incident == 1).unwrap();
    assert_eq!(second.unit, Some(0));
    // Available on no day: never sent.
    let never = scenario(0, &text.replace("availability = 1.0", "availability = 0.0"));
    let log = play(&never, &[incident(0, 100.0, 3.5)]);
    assert_eq!(log.responses[0].unit, Some(0));
}

/// The Dafeng scenario.
fn dafeng() -> Scenario {
    prepare::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dafeng.toml"))
        .expect("dafeng.toml is valid")
}

#[test]
fn more_firefighters_never_uncrew_a_unit() {
    let s = dafeng();
    for st in 0..s.stations.len() {
        for premises in [false, true] {
            let mut prev = vec![0u32; s.units.len()];
            for n in 0..80 {
                let mut crews = vec![0u32; s.units.len()];
                for (u, c) in staffing::units_crewed(&s, st, n, usize::MAX, premises) {
                    crews[u] = c;
                }
                assert!(
                    crews.iter().zip(&prev).all(|(a, b)| a >= b),
                    "station {st} premises {premises}: {n} on duty"
                );
                prev = crews;
            }
        }
    }
}

#[test]
fn a_rollout_with_more_firefighters_has_every_crew_every_day() {
    // `no_attrition` keeps everyone `plan` loses: at every station and day at least as
    // many firefighters, so with the same absence draws (common random numbers) every
    // unit has at least the crew it has under `plan`.
    let s = dafeng();
    let plan = &s.rollouts[s.rollout("plan").unwrap()];
    let more = &s.rollouts[s.rollout("no_attrition").unwrap()];
    let at = |c: &staffing::CrewingTimeline, t: SimTime| c.crews_at(t);
    for rep in 0..3 {
        let a = staffing::crewing_drawn(&s, plan, s.seed, rep);
        let b = staffing::crewing_drawn(&s, more, s.seed, rep);
        for day in 0..s.calendar.days() {
            let t = SimTime::from_days(day);
            for st in 0..s.stations.len() {
                assert!(more.headcount_at(st, t) >= plan.headcount_at(st, t));
            }
            let (ca, cb) = (at(&a, t), at(&b, t));
            assert!(
                ca.iter().zip(&cb).all(|(x, y)| y >= x),
                "rep {rep} day {day}"
            );
        }
    }
}

#[test]
fn absence_draws_are_per_replication_and_shared_by_rollouts() {
    let s = dafeng();
    let plan = &s.rollouts[0];
    let a = staffing::crewing_drawn(&s, plan, s.seed, 0);
    assert_eq!(a, staffing::crewing_drawn(&s, plan, s.seed, 0));
    assert_ne!(a.diff, staffing::crewing_drawn(&s, plan, s.seed, 1).diff);
    // Mean on duty over a year at a station of 17 (Nanyang's plan headcount in 2023).
    let absence = staffing::Absence::new(s.seed, 0);
    let r = staffing::rota_share(&s, plan);
    let days = 3650;
    let total: u32 = (0..days)
        .map(|d| staffing::on_duty_on_day(&absence, 3, 17, d, r, s.absence_rate))
        .sum();
    let mean = total as f64 / days as f64;
    // Expected 17 × 0.5 = 8.5; sd of the daily count ≤ √(17·0.08) ≈ 1.2, so 5 sd of the
    // mean of 3,650 days is 0.1.
    assert!((mean - 8.5).abs() < 0.1, "{mean}");
}

/// The p90 from the dispatch order in the fixture's one year, at `on_duty_fraction` `f`.
fn fixture_p90(f: f64) -> f64 {
    let mut s = prepare::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crews_curve.toml"),
    )
    .expect("fixture is valid");
    s.rollouts[0].on_duty_fraction = f;
    let opts = RunOptions {
        rollout: 0,
        replications: s.replications,
        seed: s.seed,
        keep: KeepResponses::None,
        keep_sample: false,
    };
    let out = runner::run(&s, &opts, &|| {});
    let agg = stats::aggregate(&out.layout, &out.reps);
    agg.get(0, "first_arrival_from_dispatch_s.p90")
        .unwrap()
        .mean
}

#[test]
fn response_times_change_gradually_with_the_on_duty_share() {
    // The fixture's teams sit at the old rule's cliff (a floored mean crews an engine from
    // 0.5 up and none below). With the daily rota and absence, p90 changes by less than a
    // quarter between neighbouring fractions, and falls as the fraction rises.
    let fs = [0.45, 0.5, 0.55, 0.6];
    let p90: Vec<f64> = fs.iter().map(|&f| fixture_p90(f)).collect();
    for k in 1..fs.len() {
        let change = (p90[k] - p90[k - 1]).abs() / p90[k - 1];
        assert!(
            change < 0.25,
            "p90 {:.0} s at {} vs {:.0} s at {}: {:.0}%",
            p90[k - 1],
            fs[k - 1],
            p90[k],
            fs[k],
            100.0 * change
        );
    }
    assert!(p90[0] > p90[3] + 30.0, "{p90:?}");
}

#[test]
fn no_dafeng_unit_is_crewed_for_long_without_ever_being_sent() {
    // Over 50 replications of `plan`, every unit crewed for more than a fifth of the
    // horizon responds at least once.
    let s = dafeng();
    let opts = RunOptions {
        rollout: s.rollout("plan").unwrap(),
        replications: 50,
        seed: s.seed,
        keep: KeepResponses::None,
        keep_sample: false,
    };
    let out = runner::run(&s, &opts, &|| {});
    let agg = stats::aggregate(&out.layout, &out.reps);
    for (u, unit) in s.units.iter().enumerate() {
        if agg.unit_crewed[u].mean > 0.2 {
            assert!(
                agg.unit_responses[u].mean > 0.0,
                "{} crewed {:.0}% of the horizon, never sent",
                unit.id,
                100.0 * agg.unit_crewed[u].mean
            );
        }
    }
    // And the kinds no plan requests are never crewed.
    for (u, unit) in s.units.iter().enumerate() {
        if !s.unit_kinds[unit.kind].requestable {
            assert_eq!(agg.unit_crewed[u].mean, 0.0, "{}", unit.id);
        }
    }
}

#[test]
fn each_change_lists_exactly_the_units_whose_crew_it_changes() {
    // The model applies a change to the units `changed(k)` lists only, and the timeline
    // keeps nothing else: each list names only units whose crew it changes, in order, and
    // no change is empty; for the nominal crewing, replayed from no crew, they give
    // exactly the units `crewed_units` finds at each change (the drawn crewing's days are
    // checked against the timeline in `prepare::staffing`'s unit tests).
    let s = dafeng();
    for r in &s.rollouts {
        for (nominal, c) in [
            (false, staffing::crewing_drawn(&s, r, s.seed, 2)),
            (true, staffing::crewing(&s, r)),
        ] {
            assert_eq!(c.diff_starts.len(), c.times.len() + 1, "{}", r.name);
            let mut crews = vec![0u8; s.units.len()];
            assert_eq!(c.states().count(), c.times.len(), "{}", r.name);
            for (k, (t, state)) in c.states().enumerate() {
                let mut last = None;
                for &(u, crew) in c.changed(k) {
                    assert_ne!(crews[u as usize], crew, "{} change {k} unit {u}", r.name);
                    assert!(last < Some(u), "{} change {k}: units in order", r.name);
                    last = Some(u);
                    crews[u as usize] = crew;
                }
                assert_eq!(crews, state, "{} change {k}", r.name);
                assert!(k == 0 || !c.changed(k).is_empty(), "{} change {k}", r.name);
                if nominal {
                    let mut want: Vec<usize> = (0..s.stations.len())
                        .flat_map(|st| staffing::crewed_units(&s, r, st, t))
                        .collect();
                    want.sort();
                    let got: Vec<usize> = (0..crews.len()).filter(|&u| crews[u] > 0).collect();
                    assert_eq!(got, want, "{} change {k}", r.name);
                }
            }
        }
    }
}
