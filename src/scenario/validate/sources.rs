//! Where the incidents come from: the recorded stream a `source = "recorded"` demand
//! names, and the observed responses of `[validation]` a replayed stream is compared with.

use super::super::raw::*;
use super::super::recorded::{self, IncidentContext, ObservedContext, PlayMode, Region};
use super::super::{
    Calendar, Demand, IncidentSource, IncidentType, Observed, RecordedStream, Station, Zone,
};
use super::validator::Validator;
use crate::ground::geo::Projection;
use std::collections::HashMap;
use std::sync::Arc;

/// Margin around the zones and stations within which recorded incidents must lie, km.
pub const REGION_MARGIN_KM: f64 = 5.0;

pub(super) fn id_index(rec: &RecordedStream) -> HashMap<String, usize> {
    rec.incidents
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect()
}

impl Validator {
    /// Read the recorded stream a `source = "recorded"` demand names.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn recorded(
        &mut self,
        d: &RawDemand,
        calendar: &Calendar,
        projection: Projection,
        zones: &[Zone],
        types: &HashMap<String, usize>,
        stations: &[Station],
    ) -> Option<RecordedStream> {
        let Some(file) = &d.file else {
            self.issue(
                "demand.file",
                "a recorded stream needs the incident CSV's file name",
            );
            return None;
        };
        let mode = d.mode.unwrap_or_default();
        let (period_start, period_days, play) = match (mode, &d.bootstrap) {
            (RecordedMode::Replay, None) => (calendar.start, calendar.days(), PlayMode::Replay),
            (RecordedMode::Replay, Some(_)) => {
                self.issue("demand.bootstrap", "only for mode = \"bootstrap\"");
                return None;
            }
            (RecordedMode::Bootstrap, None) => {
                self.issue(
                    "demand.bootstrap",
                    "mode = \"bootstrap\" needs bootstrap = { block = \"day\" | \"week\", from = DATE, to = DATE }",
                );
                return None;
            }
            (RecordedMode::Bootstrap, Some(b)) => {
                let from = self.date(&b.from, "demand.bootstrap.from".into());
                let to = self.date(&b.to, "demand.bootstrap.to".into());
                let (from, to) = (from?, to?);
                let days = (to - from).num_days() + 1;
                let block_days = match b.block {
                    BootstrapBlock::Day => 1,
                    BootstrapBlock::Week => 7,
                };
                if !self.check(
                    days >= block_days,
                    "demand.bootstrap",
                    format!("the recorded period ({days} day(s)) is shorter than one block"),
                ) {
                    return None;
                }
                (
                    from,
                    days,
                    PlayMode::Bootstrap {
                        block_days,
                        period_days: days,
                    },
                )
            }
        };
        let region = Region::around(
            zones
                .iter()
                .map(|z| (z.pos, z.reach_km()))
                .chain(stations.iter().map(|s| (s.pos, 0.0))),
            REGION_MARGIN_KM,
        );
        let path = self.dir.join(file);
        let ctx = IncidentContext {
            zones,
            types,
            projection,
            region,
            period_start,
            period_days,
        };
        match recorded::read_incidents(&path, &ctx) {
            Err(message) => {
                self.issue(format!("demand.file ({})", path.display()), message);
                None
            }
            Ok(rows) => {
                if !rows.bad.is_empty() {
                    self.bad.push((path.clone(), rows.bad));
                }
                if let Some((line, label, z)) = rows.unknown_zones.first() {
                    let mut labels: Vec<&str> =
                        rows.unknown_zones.iter().map(|u| u.1.as_str()).collect();
                    labels.sort_unstable();
                    labels.dedup();
                    self.warn(
                        format!("demand.file ({})", path.display()),
                        format!(
                            "{} row(s) name a zone the scenario lacks ({}): each is placed in the zone whose land holds its position, or with the nearest seat (line {line}: `{label}` → `{}`)",
                            rows.unknown_zones.len(),
                            labels.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", "),
                            zones[*z].name,
                        ),
                    );
                }
                Some(RecordedStream {
                    incidents: rows.good,
                    mode: play,
                })
            }
        }
    }

    /// Where the incidents come from: a recorded stream if `[demand]` names one (then
    /// `demand` gets its mean yearly rate).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn incident_source(
        &mut self,
        d: &RawDemand,
        demand: &mut Demand,
        calendar: Option<&Calendar>,
        projection: Projection,
        zones: &[Zone],
        incident_types: &[IncidentType],
        stations: &[Station],
    ) -> IncidentSource {
        // A recorded stream and observed responses (read last: they refer to zones, types,
        // unit kinds and stations).
        let type_index: HashMap<String, usize> = incident_types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let mut source = IncidentSource::Generated;
        if d.source == DemandSource::Recorded
            && let Some(c) = calendar
            && let Some(rec) = self.recorded(d, c, projection, zones, &type_index, stations)
        {
            let days = match rec.mode {
                PlayMode::Replay => c.days(),
                PlayMode::Bootstrap { period_days, .. } => period_days,
            };
            demand.annual_rate = rec.incidents.len() as f64 * 365.25 / days.max(1) as f64;
            source = IncidentSource::Recorded(Arc::new(rec));
        }
        source
    }

    /// `[validation]`: the observed responses a replayed stream is compared with.
    pub(super) fn observed(
        &mut self,
        raw: &RawScenario,
        source: &IncidentSource,
        calendar: Option<&Calendar>,
        kind_index: &HashMap<String, usize>,
        station_index: &HashMap<String, usize>,
    ) -> Option<Arc<Observed>> {
        let v = raw.validation.as_ref()?;
        match source {
            IncidentSource::Recorded(rec) if rec.mode == PlayMode::Replay => {
                let ids = id_index(rec);
                let path = self.dir.join(&v.observed);
                let ctx = ObservedContext {
                    incidents: &ids,
                    kinds: kind_index,
                    stations: station_index,
                    // A recorded stream implies a calendar.
                    start: calendar?.start,
                };
                match recorded::read_observed(&path, &ctx) {
                    Err(m) => {
                        self.issue(format!("validation.observed ({})", path.display()), m);
                        None
                    }
                    Ok(rows) => {
                        if !rows.bad.is_empty() {
                            self.bad.push((path.clone(), rows.bad.clone()));
                        }
                        Some(Arc::new(Observed {
                            file: path,
                            responses: rows.good,
                            skipped: rows.bad,
                        }))
                    }
                }
            }
            IncidentSource::Recorded(_) => {
                self.issue(
                    "validation",
                    "observed responses can only be compared with a replayed stream (mode = \"replay\")",
                );
                None
            }
            IncidentSource::Generated if raw.demand.source == DemandSource::Recorded => None,
            IncidentSource::Generated => {
                self.issue(
                    "validation",
                    "observed responses need a recorded stream ([demand] source = \"recorded\")",
                );
                None
            }
        }
    }
}
