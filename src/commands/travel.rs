//! `firesim travel`: the scenario's travel model as files a GIS reads: `travel.csv` (zone
//! seat × station, the matrix CSV format, reusable as `[travel] model = "matrix"`),
//! `isochrones.geojson` (grid cells with the time to the nearest crewed station),
//! `stations.geojson` and `roads.geojson` (the routable network, one line per road between
//! junctions, simplified: `report::geo::roads`; empty without one).

use super::output::Staging;
use super::setup::load;
use crate::ground::engine::SimTime;
use crate::ground::geo::Point;
use crate::prepare::staffing;
use crate::report::{self, geo};
use crate::scenario::Scenario;
use crate::travel::{Place, TravelModel};
use anyhow::Result;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

/// At most this many isochrone cells per side (a coarser cell is used beyond).
const MAX_CELLS_PER_SIDE: usize = 160;

/// Write the travel model of the scenario at `path` into `out` (default:
/// `results/<scenario name>/travel/`), with isochrone cells of side `cell_m` metres.
pub fn run(path: &Path, out: Option<&Path>, cell_m: f64) -> Result<()> {
    if !(cell_m.is_finite() && cell_m >= 10.0) {
        anyhow::bail!("--cell-m: must be a number >= 10");
    }
    let s = load(path)?;
    let out = out.map_or_else(
        || Path::new("results").join(&s.name).join("travel"),
        Path::to_path_buf,
    );
    let staging = Staging::new(&out)?.guarding(&crate::scenario::input_files(path));
    let dir = staging.path();
    report::write_atomic(&dir.join("travel.csv"), matrix_csv(&s)?.as_bytes())?;
    let crewed = crewed_stations(&s);
    geo::write_collection(&dir.join("stations.geojson"), stations(&s, &crewed))?;
    let (cells, side_km) = isochrones(&s, &crewed, cell_m / 1_000.0);
    geo::write_collection(&dir.join("isochrones.geojson"), cells)?;
    let graph = s.travel.road_graph();
    let roads = graph.map(geo::roads).unwrap_or_default();
    let (n_roads, n_segments) = (roads.len(), graph.map_or(0, |g| g.segments.len()));
    geo::write_collection(&dir.join("roads.geojson"), roads)?;
    staging.commit()?;
    eprintln!(
        "wrote {} (travel.csv: {} zones × {} stations; isochrone cells of {:.0} m; {} road lines of {} segments)",
        out.display(),
        s.zones.len(),
        s.stations.len(),
        side_km * 1_000.0,
        n_roads,
        n_segments
    );
    Ok(())
}

/// Which stations have a crewed unit at the end of the horizon under the first rollout.
fn crewed_stations(s: &Scenario) -> Vec<bool> {
    let end = s.calendar.horizon_end() - SimTime(1);
    let ro = &s.rollouts[0];
    (0..s.stations.len())
        .map(|i| !staffing::crewed_units(s, ro, i, end).is_empty())
        .collect()
}

fn station_place(s: &Scenario, i: usize) -> Place {
    Place {
        pos: s.stations[i].pos,
        station: Some(i),
        zone: None,
        node: None,
    }
}

/// `zone,station,travel_s` for every zone seat and station (expected time, no spread).
fn matrix_csv(s: &Scenario) -> Result<String> {
    let mut t = String::from("zone,station,travel_s\n");
    for (z, zone) in s.zones.iter().enumerate() {
        let site = Place {
            pos: zone.pos,
            station: None,
            zone: Some(z),
            node: s.travel.locate(zone.pos),
        };
        for (i, st) in s.stations.iter().enumerate() {
            let v = s.travel.estimate_s(station_place(s, i), site);
            writeln!(t, "{},{},{:.1}", zone.name, st.id, v)?;
        }
    }
    Ok(t)
}

fn stations(s: &Scenario, crewed: &[bool]) -> Vec<geojson::Feature> {
    s.stations
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let mut p = geo::props(json!({
                "id": st.id, "name": st.name, "crewed": crewed[i], "units": st.units.len(),
            }));
            if let Some(d) = s.travel.station_snap_m(i) {
                p.insert("road_distance_m".into(), json!(d.round()));
            }
            geo::point(st.location, p)
        })
        .collect()
}

/// Grid cells over the zones and stations with the estimated travel time from the nearest
/// crewed station to the cell's centre; returns the cells and the cell side, km.
fn isochrones(s: &Scenario, crewed: &[bool], cell_km: f64) -> (Vec<geojson::Feature>, f64) {
    let pts: Vec<Point> = s
        .zones
        .iter()
        .map(|z| z.pos)
        .chain(s.stations.iter().map(|st| st.pos))
        .collect();
    let (mut x0, mut y0) = (f64::INFINITY, f64::INFINITY);
    let (mut x1, mut y1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for p in &pts {
        x0 = x0.min(p.x_km);
        y0 = y0.min(p.y_km);
        x1 = x1.max(p.x_km);
        y1 = y1.max(p.y_km);
    }
    if !(x0.is_finite() && y0.is_finite()) {
        return (vec![], cell_km);
    }
    let extent = (x1 - x0).max(y1 - y0) + cell_km;
    let cell_km = cell_km.max(extent / MAX_CELLS_PER_SIDE as f64);
    let nx = ((x1 - x0) / cell_km).ceil() as usize + 1;
    let ny = ((y1 - y0) / cell_km).ceil() as usize + 1;
    let std_s = s.standard_s - s.turnout.mean_s();
    let mut cells = vec![];
    for j in 0..ny {
        for i in 0..nx {
            let c = Point {
                x_km: x0 + i as f64 * cell_km,
                y_km: y0 + j as f64 * cell_km,
            };
            let site = Place {
                node: s.travel.locate(c),
                ..Place::at(c)
            };
            let best = (0..s.stations.len())
                .filter(|&k| crewed[k])
                .map(|k| (s.travel.estimate_s(station_place(s, k), site), k))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let Some((t, k)) = best else { continue };
            let p = geo::props(json!({
                "travel_s": (t * 10.0).round() / 10.0,
                "station": s.stations[k].id,
                "within_standard": t <= std_s,
                "minutes_band": (t / 60.0).floor(),
            }));
            cells.push(geo::polygon(&geo::cell(s, c, cell_km), p));
        }
    }
    (cells, cell_km)
}
