//! Validating `[travel] model = "network"`: the parameters, the OSM file, and that every
//! station, temporary premises and zone seat lies within `max_snap_m` of the routable network; then the
//! per-station tables (from the cache when it has them).

use super::super::osm;
use super::super::raw::RawNetwork;
use super::super::{Station, Zone};
use super::ranges::{MAX_SNAP_M, OFF_ROAD_KMH, ROAD_SPEED_KMH, SPEED_FACTOR};
use super::validator::Validator;
use crate::ground::geo::Projection;
use crate::travel::network::{DEFAULT_SPEEDS_KMH, RoadGraph, Snap, Speeds, Tables};
use crate::travel::{AnyTravel, Network};
use std::sync::Arc;

/// Classes `speeds_kmh` may name: the default table's and OSM's generic `road`.
fn known_class(c: &str) -> bool {
    c == "road" || DEFAULT_SPEEDS_KMH.iter().any(|(k, _)| *k == c)
}

impl Validator {
    /// Check the parameters; `None` if any is bad.
    fn network_params(&mut self, raw: &RawNetwork) -> Option<[f64; 24]> {
        let mut ok = true;
        for (class, v) in &raw.speeds_kmh {
            let f = format!("travel.speeds_kmh.{class}");
            ok &= self.check(
                known_class(class),
                &f,
                format!(
                    "unknown highway class `{class}` (known: road, {})",
                    DEFAULT_SPEEDS_KMH.map(|(k, _)| k).join(", ")
                ),
            );
            ok &= self.range(f, *v, &ROAD_SPEED_KMH);
        }
        for (class, v) in &raw.class_factors {
            let f = format!("travel.class_factors.{class}");
            ok &= self.check(
                known_class(class),
                &f,
                format!(
                    "unknown highway class `{class}` (known: road, {})",
                    DEFAULT_SPEEDS_KMH.map(|(k, _)| k).join(", ")
                ),
            );
            ok &= self.range(f, *v, &SPEED_FACTOR);
        }
        ok &= self.check(
            raw.start_s.is_finite() && raw.start_s >= 0.0,
            "travel.start_s",
            "must be >= 0",
        );
        for (v, f, range) in [
            (raw.speed_factor, "travel.speed_factor", &SPEED_FACTOR),
            (raw.off_road_kmh, "travel.off_road_kmh", &OFF_ROAD_KMH),
            (raw.max_snap_m, "travel.max_snap_m", &MAX_SNAP_M),
        ] {
            ok &= self.range(f, v, range);
        }
        ok &= self.check(
            raw.spread_cv.is_finite() && raw.spread_cv >= 0.0,
            "travel.spread_cv",
            "must be >= 0",
        );
        let mut hours = [1.0; 24];
        if let Some(h) = &raw.hour_factors {
            ok &= self.check(
                h.len() == 24,
                "travel.hour_factors",
                format!("must have 24 values (one per hour), has {}", h.len()),
            );
            ok &= self.check(
                h.iter().all(|x| x.is_finite() && *x > 0.0),
                "travel.hour_factors",
                "every factor must be > 0",
            );
            if h.len() == 24 {
                hours.copy_from_slice(h);
            }
        }
        ok.then_some(hours)
    }

    /// The network travel model, or `None` after recording every problem.
    pub(super) fn network(
        &mut self,
        raw: &RawNetwork,
        stations: &[Station],
        zones: &[Zone],
        projection: &Projection,
    ) -> Option<AnyTravel> {
        let hours = self.network_params(raw)?;
        let path = self.dir.join(&raw.osm);
        let field = format!("travel.osm ({})", path.display());
        let speeds =
            Speeds::with(&raw.speeds_kmh, raw.speed_factor).with_class_factors(&raw.class_factors);
        let roads = match osm::read_roads(&path, &speeds) {
            Ok(r) => r,
            Err(e) => {
                self.issue(field, e.to_string());
                return None;
            }
        };
        let Some(graph) = RoadGraph::build(&roads, &speeds, projection) else {
            self.issue(
                field,
                "no two drivable road nodes connect: no routable network",
            );
            return None;
        };
        let limit = raw.max_snap_m;
        let snaps: Vec<Snap> = stations.iter().map(|s| graph.snap(s.pos)).collect();
        let far = |d: f64| d > limit;
        if !snaps.is_empty() && snaps.iter().all(|s| far(s.distance_m)) {
            self.issue(
                &field,
                format!(
                    "no drivable road within travel.max_snap_m = {limit} m of any station: \
                     the extract does not cover the scenario's area"
                ),
            );
            return None;
        }
        let mut ok = true;
        for (i, (st, sn)) in stations.iter().zip(&snaps).enumerate() {
            ok &= self.check(
                !far(sn.distance_m),
                format!("stations[{}] ({})", self.station_at(i), st.id),
                format!(
                    "{:.0} m from the nearest routable road of {} (travel.max_snap_m = {limit})",
                    sn.distance_m,
                    path.display()
                ),
            );
        }
        // Temporary premises are held to the same distance: their units start there.
        for (i, st) in stations.iter().enumerate() {
            if st.premises_units.is_empty() {
                continue;
            }
            let d = graph.snap(st.premises_pos).distance_m;
            ok &= self.check(
                !far(d),
                format!("stations[{}].premises ({})", self.station_at(i), st.id),
                format!(
                    "{d:.0} m from the nearest routable road of {} (travel.max_snap_m = {limit})",
                    path.display()
                ),
            );
        }
        for (i, z) in zones.iter().enumerate() {
            let d = graph.snap(z.pos).distance_m;
            ok &= self.check(
                !far(d),
                format!("zones[{}] ({})", self.zone_at(i), z.name),
                format!(
                    "seat {d:.0} m from the nearest routable road of {} (travel.max_snap_m = {limit})",
                    path.display()
                ),
            );
        }
        if !ok {
            return None;
        }
        let origin = projection.origin();
        let tables = self.network_tables(
            (&path, origin),
            &graph,
            &speeds,
            raw.off_road_kmh,
            stations,
            &snaps,
        );
        Some(AnyTravel::Network(Box::new(
            Network::new(
                Arc::new(graph),
                snaps,
                tables,
                raw.off_road_kmh,
                raw.spread_cv,
                hours,
            )
            .with_speed_factors(&speeds)
            .with_start_s(raw.start_s),
        )))
    }

    /// The tables from the cache, else computed (and cached).
    fn network_tables(
        &mut self,
        (path, origin): (&std::path::Path, crate::ground::geo::LatLon),
        graph: &RoadGraph,
        speeds: &Speeds,
        off_road_kmh: f64,
        stations: &[Station],
        snaps: &[Snap],
    ) -> Tables {
        let key = std::fs::read(path).ok().map(|bytes| {
            let at: Vec<_> = stations.iter().map(|s| s.location).collect();
            osm::cache_key(&bytes, speeds, off_road_kmh, origin, &at)
        });
        if let Some(t) = key
            .as_deref()
            .and_then(|k| osm::cache_read(k, graph.len() * snaps.len()))
        {
            return t;
        }
        let t = Tables::compute(graph, snaps, off_road_kmh);
        if let Some(k) = &key {
            osm::cache_write(k, &t);
        }
        t
    }
}
