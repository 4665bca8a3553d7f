//! The nearest-first dispatch search (`Closest::indexed`, a `StationOrder` per demand cell)
//! must choose exactly the units the full scan (`Closest::default()`) chooses: same
//! responses, same order, same times, on random synthetic cities under heavy load (units
//! often busy or on the road back, substitutes and mutual aid in play), including incidents
//! placed outside the area the order covers (the model then falls back to the scan).
//! The second test adds what ranks candidates by estimated arrival rather than travel:
//! daily absence (short crews that turn out slower), temporary premises away from their
//! station (slower too), and neighbouring stations outside the district.

mod common;

use common::run_model;
use firesim::ground::geo::Point;
use firesim::prepare;
use firesim::prepare::demand;
use firesim::prepare::staffing;
use firesim::prepare::synthetic::{MetroParams, metro};
use firesim::scenario;
use firesim::sim::dispatch::Closest;
use std::path::Path;

#[test]
fn indexed_search_matches_full_scan() {
    // Some incident must wait for a unit in at least one of the cities, so that the
    // queue's path is compared too.
    let mut waited = 0;
    for seed in [1, 2, 3] {
        let p = MetroParams {
            name: format!("random{seed}"),
            seed,
            side_km: 15.0 + 10.0 * seed as f64,
            zones_per_side: 12,
            stations: 20 * seed as usize,
            // Heavy load: about 16,000 incidents in 20 days on 30-90 units.
            annual_rate: 300_000.0,
            days: 20,
            extra_unit_shares: [0.2, 0.3, 0.2, 0.05],
            ..MetroParams::default()
        };
        let s = prepare::from_str(&metro(&p), Path::new("random.toml")).expect("valid");
        let crewing = staffing::crewing(&s, &s.rollouts[0]);
        let mut incidents = demand::generate(&s, seed, 0);
        // Every 17th incident far outside the city: no cell, so the scan is used.
        for inc in incidents.iter_mut().step_by(17) {
            inc.pos = Point {
                x_km: inc.pos.x_km + 500.0,
                y_km: inc.pos.y_km,
            };
        }
        let run = |policy: &Closest| run_model(&s, &crewing, &incidents, policy, seed);
        let scan = run(&Closest::default());
        let indexed = run(&Closest::indexed(&s));
        assert!(scan.responses.len() > 3_000, "{}", scan.responses.len());
        let from_road = scan
            .responses
            .iter()
            .filter(|r| r.unit.is_some() && r.turnout_s == 0.0)
            .count();
        assert!(
            from_road > 50,
            "too few units sent from the road: {from_road}"
        );
        waited += scan.incidents.iter().filter(|r| r.waited).count();
        assert_eq!(scan.responses, indexed.responses, "seed {seed}");
        assert_eq!(scan.incidents, indexed.incidents, "seed {seed}");
    }
    assert!(
        waited > 0,
        "no incident waited: the queue's path was not compared"
    );
}

/// A random city with short crews, temporary premises and neighbouring stations.
fn crews_city(seed: u64) -> scenario::Scenario {
    let p = MetroParams {
        name: format!("crews{seed}"),
        seed,
        side_km: 20.0 + 5.0 * seed as f64,
        zones_per_side: 10,
        stations: 15 * seed as usize,
        annual_rate: 200_000.0,
        days: 20,
        extra_unit_shares: [0.3, 0.4, 0.2, 0.1],
        ..MetroParams::default()
    };
    let text = metro(&p)
        .replace(
            "name = \"engine\"\ncrew = 4\n",
            "name = \"engine\"\ncrew = 4\nmin_crew = 2\n",
        )
        .replace(
            "[staffing]\non_duty_fraction = 0.25\n",
            "[staffing]\non_duty_fraction = 0.2\nabsence_rate = 0.1\n\
             short_crew_extra_turnout_s = 20.0\npremises_extra_turnout_s = 45.0\n",
        )
        // Every station opens on day 8 and works from premises at the zone seat before.
        .replace(
            "grade = \"other\"\n",
            "grade = \"other\"\nopens = 2021-01-08\ntemporary_units = 1\n",
        );
    let s = prepare::from_str(&text, Path::new("crews.toml")).expect("valid");
    let at = s.stations[0].location;
    let neighbours: String = [(0.12, 0.0), (-0.12, 0.05), (0.0, 0.15)]
        .iter()
        .enumerate()
        .map(|(i, (dlat, dlon))| {
            format!(
                "\n[[mutual_aid.stations]]\nname = \"N{i}\"\nlat = {}\nlon = {}\nunits = [\"engine\", \"rescue\"]\navailability = 0.7\n",
                at.lat + dlat,
                at.lon + dlon
            )
        })
        .collect();
    prepare::from_str(&(text + &neighbours), Path::new("crews.toml")).expect("valid")
}

#[test]
fn indexed_search_matches_full_scan_by_estimated_arrival() {
    for seed in [1, 2, 3] {
        let s = crews_city(seed);
        let crewing = staffing::crewing_drawn(&s, &s.rollouts[0], seed, 0);
        let mut incidents = demand::generate(&s, seed, 0);
        for inc in incidents.iter_mut().step_by(23) {
            inc.pos.x_km += 400.0;
        }
        let run = |policy: &Closest| run_model(&s, &crewing, &incidents, policy, seed);
        let scan = run(&Closest::default());
        let indexed = run(&Closest::indexed(&s));
        let sent = |f: &dyn Fn(&firesim::sim::model::ResponseRecord) -> bool| {
            scan.responses.iter().filter(|r| f(r)).count()
        };
        let premises = sent(&|r| r.unit.is_some_and(|u| s.units[u as usize].premises));
        let outside = sent(&|r| r.unit.is_none() && r.turnout_s > 0.0);
        let from_road = sent(&|r| r.unit.is_some() && r.turnout_s == 0.0);
        let short = crewing
            .states()
            .flat_map(|(_, crews)| crews)
            .filter(|&c| c > 0 && c < 4)
            .count();
        assert!(
            premises > 100,
            "seed {seed}: {premises} responses from premises"
        );
        assert!(
            outside > 20,
            "seed {seed}: {outside} responses from neighbours"
        );
        assert!(
            from_road > 50,
            "seed {seed}: {from_road} responses from the road"
        );
        assert!(short > 0, "seed {seed}: no unit rode short");
        assert_eq!(scan.responses, indexed.responses, "seed {seed}");
        assert_eq!(scan.incidents, indexed.incidents, "seed {seed}");
    }
}

/// The same on a road network (San Francisco north, directed, one-way streets): the index
/// keeps only the nearest stations per road node, units on the road route from their
/// nearest node, and the choice must still be the full scan's. The recorded week is
/// replayed ten times faster (heavy load: units often on the road back) and every third
/// incident is moved to a pseudo-random point of the extract.
#[test]
fn indexed_search_matches_full_scan_on_a_road_network() {
    use firesim::ground::engine::SimTime;
    let s = prepare::load(Path::new("scenarios/sf-2020-04-north.toml")).expect("valid");
    let crewing = staffing::crewing(&s, &s.rollouts[0]);
    let mut incidents = firesim::study::runner::incident_stream(&s, s.seed, 0);
    let (x0, y0) = (s.stations[0].pos.x_km, s.stations[0].pos.y_km);
    for (k, inc) in incidents.iter_mut().enumerate() {
        inc.call = SimTime(inc.call.0 / 10);
        if k % 3 == 0 {
            inc.pos = Point {
                x_km: x0 + ((k * 7_919) % 5_000) as f64 / 1_000.0 - 2.5,
                y_km: y0 + ((k * 6_373) % 3_000) as f64 / 1_000.0 - 1.5,
            };
        }
    }
    let run = |policy: &Closest| run_model(&s, &crewing, &incidents, policy, s.seed);
    let scan = run(&Closest::default());
    let from_road = scan
        .responses
        .iter()
        .filter(|r| r.unit.is_some() && r.turnout_s == 0.0)
        .count();
    assert!(
        from_road > 20,
        "too few units sent from the road: {from_road}"
    );
    // Full rows (10 stations), and rows of 1 and 3 stations (often incomplete: the search
    // must fall back to the scan whenever the row cannot settle the choice).
    for row in [16, 1, 3] {
        let order = firesim::sim::dispatch::StationOrder::with_node_row(&s, row);
        let indexed = run(&Closest::with_order(order));
        assert_eq!(scan.responses, indexed.responses, "row {row}");
        assert_eq!(scan.incidents, indexed.incidents, "row {row}");
    }
}
