//! Validating `[travel]`: the Kolesar parameters, a zone × station matrix file, or a
//! road network (`network`).

use super::super::raw::*;
use super::super::{Station, Zone, recorded};
use super::validator::Validator;
use crate::ground::geo::Projection;
use crate::travel::{AnyTravel, Kolesar, Matrix, ZeroTravel};
use std::collections::HashMap;

impl Validator {
    /// `[travel]`: the travel model.
    pub(super) fn travel(
        &mut self,
        raw: &RawScenario,
        zone_index: &HashMap<String, usize>,
        station_index: &HashMap<String, usize>,
        stations: &[Station],
        zones: &[Zone],
        projection: Projection,
    ) -> AnyTravel {
        // Travel.

        match &raw.travel {
            RawTravel::Kolesar {
                cruise_kmh,
                accel_ms2,
                detour_factor,
                spread_cv,
            } => {
                self.check(
                    *cruise_kmh > 0.0 && cruise_kmh.is_finite(),
                    "travel.cruise_kmh",
                    "must be > 0",
                );
                self.check(
                    *accel_ms2 > 0.0 && accel_ms2.is_finite(),
                    "travel.accel_ms2",
                    "must be > 0",
                );
                self.check(
                    *detour_factor >= 1.0 && detour_factor.is_finite(),
                    "travel.detour_factor",
                    "must be >= 1 (roads are never shorter than the straight line)",
                );
                self.check(
                    *spread_cv >= 0.0 && spread_cv.is_finite(),
                    "travel.spread_cv",
                    "must be >= 0",
                );
                AnyTravel::Kolesar(Kolesar::new(
                    *cruise_kmh,
                    *accel_ms2,
                    *detour_factor,
                    *spread_cv,
                ))
            }
            RawTravel::Matrix { file, spread_cv } => {
                self.check(
                    *spread_cv >= 0.0 && spread_cv.is_finite(),
                    "travel.spread_cv",
                    "must be >= 0",
                );
                let times = self.matrix(file, zone_index, station_index);
                AnyTravel::Matrix(Matrix::new(times, *spread_cv))
            }
            RawTravel::Zero => AnyTravel::Zero(ZeroTravel),
            RawTravel::Network(n) => self
                .network(n, stations, zones, &projection)
                .unwrap_or(AnyTravel::Zero(ZeroTravel)),
        }
    }

    /// Read a `zone,station,travel_s` CSV into a complete `[zone][station]` table.
    pub(super) fn matrix(
        &mut self,
        file: &str,
        zones: &HashMap<String, usize>,
        stations: &HashMap<String, usize>,
    ) -> Vec<Vec<f64>> {
        // Sized by the largest index, not the map's length: duplicate zone names or station
        // ids (reported elsewhere) collapse in the maps but keep their positions.
        let rows = zones.values().max().map_or(0, |&z| z + 1);
        let columns = stations.values().max().map_or(0, |&s| s + 1);
        let mut table = vec![vec![f64::NAN; columns]; rows];
        let path = self.dir.join(file);
        let f = format!("travel.file ({})", path.display());
        let mut reader = match csv::Reader::from_path(&path) {
            Ok(r) => r,
            Err(e) => {
                self.issue(f, format!("cannot read: {e}"));
                return table;
            }
        };
        #[derive(serde::Deserialize)]
        struct Row {
            zone: String,
            station: String,
            travel_s: f64,
        }
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let line = i + 2; // header is line 1
            match row {
                Err(e) => self.issue(format!("{f} line {line}"), e.to_string()),
                Ok(r) => match (zones.get(&r.zone), stations.get(&r.station)) {
                    (Some(&z), Some(&s))
                        if (0.0..=recorded::MAX_DURATION_S).contains(&r.travel_s) =>
                    {
                        table[z][s] = r.travel_s
                    }
                    (Some(_), Some(_)) => self.issue(
                        format!("{f} line {line}"),
                        "travel_s must be between 0 and 30 days (2,592,000 s)",
                    ),
                    (None, _) => self.issue(
                        format!("{f} line {line}"),
                        format!("unknown zone `{}`", r.zone),
                    ),
                    (_, None) => self.issue(
                        format!("{f} line {line}"),
                        format!("unknown station `{}`", r.station),
                    ),
                },
            }
        }
        let missing = table.iter().flatten().filter(|t| t.is_nan()).count();
        self.check(
            missing == 0,
            f,
            format!("{missing} zone × station pair(s) have no travel time"),
        );
        table
    }
}
