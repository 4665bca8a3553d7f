//! From [`RawScenario`] to [`Scenario`]: every check, every problem collected.

use super::raw::*;
use super::recorded::{self, IncidentContext, ObservedContext, PlayMode, Region};
use super::{
    BadRow, Calendar, Demand, IncidentSource, IncidentType, Issue, LoadOptions, MutualAid,
    Observed, RecordedStream, Scenario, ScenarioError, Station, Unit, UnitKind, Zone,
};
use crate::ground::engine::SimTime;
use crate::ground::geo::LatLon;
use crate::ground::geo::Projection;
use crate::ground::random::DurationDist;
use crate::travel::AnyTravel;
use crate::travel::{Kolesar, Matrix, ZeroTravel};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;

mod crews;
mod districts;
mod micro;
mod network;
mod places;
mod rollouts;

/// Incident-type shares must sum to 1 within this: shares written to two decimals sum
/// to 1 within a few thousandths; more is a mistake, not rounding [estimate].
pub const SHARE_SUM_TOLERANCE: f64 = 0.01;

/// Hour and month factors must average 1 within this: a 24-hour profile written to two
/// decimals by eye (Dafeng's averages 0.985) is fine; a factor typed ten times too large
/// is not [estimate].
pub const PROFILE_MEAN_TOLERANCE: f64 = 0.02;

/// A sum shown with as many decimals as it takes to see that it is not 1 (0.70, 0.995).
fn sum_text(x: f64) -> String {
    (2..=6)
        .map(|d| format!("{x:.d$}"))
        .find(|t| t.parse::<f64>().is_ok_and(|v| v != 1.0))
        .unwrap_or_else(|| format!("{x}"))
}

/// Every number in the file that is NaN or infinite (TOML accepts `nan` and `inf`), with
/// its dotted path: no scenario field takes one, so one check covers them all.
fn non_finite_numbers(text: &str) -> Vec<Issue> {
    fn walk(v: &toml::Value, path: &str, out: &mut Vec<Issue>) {
        match v {
            toml::Value::Float(x) if !x.is_finite() => {
                out.push(Issue::new(
                    path,
                    format!("must be a finite number, found {x}"),
                ));
            }
            toml::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), out);
                }
            }
            toml::Value::Table(t) => {
                for (k, item) in t {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(item, &p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = vec![];
    if let Ok(v) = text.parse::<toml::Table>() {
        walk(&toml::Value::Table(v), "", &mut out);
    }
    out
}

/// [`non_finite_numbers`] of a parsed document.
fn non_finite_in(doc: &toml::Table) -> Vec<Issue> {
    // Serialising back and parsing keeps one walker; documents are small.
    non_finite_numbers(&toml::to_string(doc).unwrap_or_default())
}

/// Margin around the zones and stations within which recorded incidents must lie, km.
pub const REGION_MARGIN_KM: f64 = 5.0;

/// The most units one entry of a response plan may ask for, and the most firefighters a
/// unit's crew or a plan's `min_firefighters` may count. [estimate] The largest real
/// assignments (a fifth alarm) are tens of units and a few hundred firefighters; these
/// bounds are ten times that, and keep each dispatch's list of units small (a plan of
/// 4,000,000,000 engines was accepted and filled 16 GB per dispatch before it was killed).
pub const MAX_PLAN_UNITS: u32 = 1_000;
/// See [`MAX_PLAN_UNITS`].
pub const MAX_FIREFIGHTERS: u32 = 10_000;

/// Read and validate the scenario at `path` (bad rows of recorded files are errors).
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    load_with(path, LoadOptions::default())
}

/// Read and validate the scenario at `path` with options.
pub fn load_with(path: &Path, opts: LoadOptions) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    from_str_with(&text, path, opts)
}

/// SHA-256 (lowercase hex) of the scenario at `path` and of every file it names (travel
/// matrix, recorded incidents, observed responses), each preceded by its length: two
/// scenarios that could simulate differently never share it. The shards of a sharded run
/// record it, and `firesim merge` checks that they ran the same scenario.
pub fn content_hash(path: &Path) -> Result<String, ScenarioError> {
    use sha2::{Digest, Sha256};
    let read = |file: &Path| {
        std::fs::read(file).map_err(|source| ScenarioError::Io {
            file: file.to_path_buf(),
            source,
        })
    };
    let text = read(path)?;
    let mut files = vec![];
    // A scenario that does not parse names no files; its text alone is hashed.
    if let Ok(raw) = toml::from_str::<RawScenario>(&String::from_utf8_lossy(&text)) {
        files.extend(raw.demand.file);
        if let RawTravel::Matrix { file, .. } = raw.travel {
            files.push(file);
        }
        files.extend(raw.validation.map(|v| v.observed));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut hash = Sha256::new();
    for bytes in std::iter::once(Ok(text)).chain(files.iter().map(|f| read(&dir.join(f)))) {
        let bytes = bytes?;
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Validate scenario text; `path` names it in errors and anchors relative file names.
pub fn from_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    from_str_with(text, path, LoadOptions::default())
}

/// [`from_str`] with options.
pub fn from_str_with(
    text: &str,
    path: &Path,
    opts: LoadOptions,
) -> Result<Scenario, ScenarioError> {
    let raw: RawScenario = toml::from_str(text).map_err(|e| ScenarioError::Parse {
        file: path.to_path_buf(),
        message: e.to_string().trim_end().to_string(),
    })?;
    from_raw(raw, path, opts, non_finite_numbers(text))
}

/// Validate a parsed TOML document (an uncertain input's value already applied to it).
pub(super) fn from_table(
    doc: toml::Table,
    path: &Path,
    opts: LoadOptions,
) -> Result<Scenario, ScenarioError> {
    let issues = non_finite_in(&doc);
    let raw: RawScenario = doc
        .try_into()
        .map_err(|e: toml::de::Error| ScenarioError::Parse {
            file: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
    from_raw(raw, path, opts, issues)
}

fn from_raw(
    raw: RawScenario,
    path: &Path,
    opts: LoadOptions,
    issues: Vec<Issue>,
) -> Result<Scenario, ScenarioError> {
    let mut v = Validator {
        issues,
        warnings: vec![],
        dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        bad: vec![],
    };
    let scenario = v.scenario(raw, path);
    match scenario {
        Some(s) if v.issues.is_empty() && v.bad.is_empty() => Ok(s),
        Some(mut s) if v.issues.is_empty() && opts.skip_bad_rows => {
            s.skipped = v.bad;
            Ok(s)
        }
        _ if v.issues.is_empty() && !v.bad.is_empty() => {
            Err(ScenarioError::BadRows { files: v.bad })
        }
        _ => Err(ScenarioError::Invalid {
            file: path.to_path_buf(),
            issues: v.issues,
        }),
    }
}

/// Read an observed-responses CSV for a loaded scenario that replays a recorded stream
/// (`firesim calibrate --observed`). Bad rows are an error unless `opts` skips them; the
/// skipped rows are in the result.
pub fn read_observed(
    scenario: &Scenario,
    path: &Path,
    opts: LoadOptions,
) -> Result<Observed, ScenarioError> {
    let invalid = |message: String| ScenarioError::Invalid {
        file: scenario.file.clone(),
        issues: vec![Issue::new(
            format!("observed ({})", path.display()),
            message,
        )],
    };
    let rec = match scenario.recorded() {
        Some(r) if r.mode == PlayMode::Replay => r,
        _ => {
            return Err(invalid(
                "observed responses need a scenario that replays a recorded stream \
                 ([demand] source = \"recorded\", mode = \"replay\")"
                    .into(),
            ));
        }
    };
    let ids = id_index(rec);
    let kinds: HashMap<String, usize> = scenario
        .unit_kinds
        .iter()
        .enumerate()
        .map(|(i, k)| (k.name.clone(), i))
        .collect();
    let stations: HashMap<String, usize> = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let ctx = ObservedContext {
        incidents: &ids,
        kinds: &kinds,
        stations: &stations,
        start: scenario.calendar.start,
    };
    let rows = recorded::read_observed(path, &ctx).map_err(invalid)?;
    if !rows.bad.is_empty() && !opts.skip_bad_rows {
        return Err(ScenarioError::BadRows {
            files: vec![(path.to_path_buf(), rows.bad)],
        });
    }
    Ok(Observed {
        file: path.to_path_buf(),
        responses: rows.good,
        skipped: rows.bad,
    })
}

fn id_index(rec: &RecordedStream) -> HashMap<String, usize> {
    rec.incidents
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect()
}

struct Validator {
    issues: Vec<Issue>,
    warnings: Vec<Issue>,
    dir: PathBuf,
    bad: Vec<(PathBuf, Vec<BadRow>)>,
}

impl Validator {
    /// Record a problem; the issue remembers the caller's line (one check, one line).
    #[track_caller]
    fn issue(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue::new(field, message));
    }

    /// Record a warning: the scenario runs, but not quite as written.
    #[track_caller]
    fn warn(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Issue::new(field, message));
    }

    /// Check `ok`, recording `message` against `field` when it fails.
    #[track_caller]
    fn check(&mut self, ok: bool, field: impl Into<String>, message: impl Into<String>) -> bool {
        if !ok {
            self.issue(field, message);
        }
        ok
    }

    fn date(&mut self, d: &toml::value::Datetime, field: String) -> Option<NaiveDate> {
        match (d.date, d.time) {
            (Some(date), None) => {
                let nd =
                    NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32);
                if nd.is_none() {
                    self.issue(field, format!("{d} is not a calendar date"));
                }
                nd
            }
            _ => {
                self.issue(field, format!("expected a date like 2021-01-01, found {d}"));
                None
            }
        }
    }

    fn duration(&mut self, d: &RawDuration, field: &str) -> Option<DurationDist> {
        let bad = |v: f64| !v.is_finite() || v < 0.0;
        match *d {
            RawDuration::Fixed { value_s } => self
                .check(
                    !bad(value_s),
                    format!("{field}.value_s"),
                    "must be a finite number >= 0",
                )
                .then(|| DurationDist::fixed(value_s)),
            RawDuration::Exponential { mean_s } => {
                let d = DurationDist::exponential(mean_s).filter(|_| mean_s.is_finite());
                self.check(
                    d.is_some(),
                    format!("{field}.mean_s"),
                    "must be a finite number > 0",
                );
                d
            }
            RawDuration::Lognormal { mean_s, cv } => {
                self.check(
                    mean_s.is_finite() && mean_s > 0.0,
                    format!("{field}.mean_s"),
                    "must be a finite number > 0",
                );
                self.check(
                    !bad(cv),
                    format!("{field}.cv"),
                    "must be a finite number >= 0",
                );
                DurationDist::lognormal(mean_s, cv)
            }
            RawDuration::Uniform { min_s, max_s } => self
                .check(
                    !bad(min_s) && !bad(max_s) && min_s <= max_s,
                    field.to_string(),
                    "needs 0 <= min_s <= max_s",
                )
                .then_some(DurationDist::Uniform { min_s, max_s }),
        }
    }

    fn latlon(&mut self, lat: f64, lon: f64, field: &str) -> LatLon {
        self.check(
            (-90.0..=90.0).contains(&lat),
            format!("{field}.lat"),
            format!("{lat} is not a latitude in degrees"),
        );
        self.check(
            (-180.0..=180.0).contains(&lon),
            format!("{field}.lon"),
            format!("{lon} is not a longitude in degrees"),
        );
        LatLon { lat, lon }
    }

    /// A profile of `N` non-negative factors, normalised to a weighted mean of 1 (weights:
    /// the length of each period, e.g. days per month).
    fn profile<const N: usize>(
        &mut self,
        p: &Option<Vec<f64>>,
        field: &str,
        lengths: [f64; N],
    ) -> [f64; N] {
        let mut out = [1.0; N];
        if let Some(p) = p {
            if !self.check(
                p.len() == N,
                field,
                format!("needs {N} numbers, found {}", p.len()),
            ) {
                return out;
            }
            if !self.check(
                p.iter().all(|x| x.is_finite() && *x >= 0.0) && p.iter().sum::<f64>() > 0.0,
                field,
                "factors must be >= 0 and not all zero",
            ) {
                return out;
            }
            let mean = p.iter().zip(&lengths).map(|(x, l)| x * l).sum::<f64>()
                / lengths.iter().sum::<f64>();
            if (mean - 1.0).abs() > PROFILE_MEAN_TOLERANCE {
                self.warn(
                    field,
                    format!(
                        "factors average {} (weighted by period length), normalised to 1",
                        sum_text(mean)
                    ),
                );
            }
            for (o, x) in out.iter_mut().zip(p) {
                *o = x / mean;
            }
        }
        out
    }

    fn generated_demand(&mut self, d: &RawDemand) -> Demand {
        for (given, key) in [
            (d.file.is_some(), "file"),
            (d.mode.is_some(), "mode"),
            (d.bootstrap.is_some(), "bootstrap"),
        ] {
            self.check(
                !given,
                format!("demand.{key}"),
                "belongs to a recorded stream (add source = \"recorded\")",
            );
        }
        let annual_rate = d.annual_rate.unwrap_or(f64::NAN);
        if d.annual_rate.is_none() {
            self.issue(
                "demand.annual_rate",
                "missing (generated demand needs a rate)",
            );
        } else {
            self.check(
                annual_rate.is_finite() && annual_rate > 0.0,
                "demand.annual_rate",
                format!("must be a number > 0, found {annual_rate}"),
            );
        }
        self.check(
            d.growth_per_year.is_finite() && d.growth_per_year > -1.0,
            "demand.growth_per_year",
            "must be a number > -1",
        );
        Demand {
            annual_rate,
            growth_per_year: d.growth_per_year,
            hour_profile: self.profile(&d.hour_profile, "demand.hour_profile", [1.0; 24]),
            month_profile: self.profile(
                &d.month_profile,
                "demand.month_profile",
                [
                    31.0, 28.25, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0,
                ],
            ),
            location: d.location.unwrap_or_default(),
        }
    }

    /// Read the recorded stream a `source = "recorded"` demand names.
    #[allow(clippy::too_many_arguments)]
    fn recorded(
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
                .map(|z| (z.pos, z.radius_km()))
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
                    self.bad.push((path, rows.bad));
                }
                Some(RecordedStream {
                    incidents: rows.good,
                    mode: play,
                })
            }
        }
    }

    /// Every section of the file in turn (each reports its own problems), then the
    /// recorded files, which refer to zones, types, unit kinds and stations.
    fn scenario(&mut self, raw: RawScenario, path: &Path) -> Option<Scenario> {
        let calendar = self.horizon(&raw);
        let (zones, zone_index, projection) = self.zones(&raw);
        let demand = self.demand(&raw);
        let (mut unit_kinds, kind_index) = self.unit_kinds(&raw);
        let incident_types = self.incident_types(&raw, &zones, &zone_index, &kind_index);
        crews::kind_demand(&mut unit_kinds, &incident_types);

        // Response times.
        let call_processing =
            self.duration(&raw.response.call_processing, "response.call_processing");
        let turnout = self.duration(&raw.response.turnout, "response.turnout");

        let (stations, units, station_index) = self.stations(
            &raw,
            calendar.as_ref(),
            projection,
            &unit_kinds,
            &kind_index,
            &zones,
        );

        // Staffing and rollouts.
        let on_duty_fraction = raw.staffing.on_duty_fraction;
        self.check(
            on_duty_fraction > 0.0 && on_duty_fraction <= 1.0,
            "staffing.on_duty_fraction",
            format!("must be in (0, 1], found {on_duty_fraction}"),
        );
        self.crew_parameters(&raw.staffing);
        let rollouts = self.rollouts(
            &raw.rollouts,
            &rollouts::Context {
                stations: &stations,
                station_index: &station_index,
                calendar: calendar.as_ref(),
                on_duty_fraction,
            },
        );

        self.rollout_shares(&rollouts, on_duty_fraction, raw.staffing.absence_rate);
        let outside = self.outside_stations(
            &raw.mutual_aid.stations,
            &kind_index,
            projection,
            &raw.travel,
        );

        let travel = self.travel(
            &raw,
            &zone_index,
            &station_index,
            &stations,
            &zones,
            projection,
        );
        let mutual_aid = self.mutual_aid(&raw.mutual_aid);
        self.standard(&raw.standard);

        let mut demand = demand;
        let source = self.incident_source(
            &raw.demand,
            &mut demand,
            calendar.as_ref(),
            projection,
            &zones,
            &incident_types,
            &stations,
        );
        let observed = self.observed(
            &raw,
            &source,
            calendar.as_ref(),
            &kind_index,
            &station_index,
        );
        let micro = self.micro_stations(raw.micro_stations.as_ref(), &zones);
        let districts = self.districts(raw.districts.as_ref(), &projection, &travel);

        for w in crews::unrequestable_warnings(&unit_kinds, &units) {
            self.warnings.push(w);
        }
        Some(Scenario {
            name: raw.name,
            description: raw.description,
            description_zh: raw.description_zh,
            file: path.to_path_buf(),
            seed: raw.seed,
            replications: raw.replications.unwrap_or(1).max(1),
            calendar: calendar?,
            projection,
            zones,
            demand,
            incident_types,
            travel,
            call_processing: call_processing?,
            turnout: turnout?,
            unit_kinds,
            stations,
            units,
            on_duty_fraction,
            absence_rate: raw.staffing.absence_rate,
            short_crew_extra_turnout_s: raw.staffing.short_crew_extra_turnout_s,
            grade_minimums: raw.staffing.grade_minimums,
            targets: raw.staffing.targets,
            rollouts,
            dispatch: raw.dispatch.policy,
            queue: raw.dispatch.queue,
            mutual_aid,
            outside,
            standard_s: raw.standard.first_arrival_s,
            thresholds_s: raw.standard.thresholds_s.clone(),
            compliance_target: raw.standard.compliance_target,
            micro,
            districts,
            assumptions: raw.assumptions,
            source,
            observed,
            skipped: vec![],
            warnings: std::mem::take(&mut self.warnings),
        })
    }

    /// `[horizon]`, and the scenario's name and replications.
    fn horizon(&mut self, raw: &RawScenario) -> Option<Calendar> {
        // Horizon.
        let start = self.date(&raw.horizon.start, "horizon.start".into());
        let end = self.date(&raw.horizon.end, "horizon.end".into());
        let calendar = match (start, end) {
            (Some(s), Some(e)) if s <= e => Some(Calendar::new(s, e)),
            (Some(_), Some(_)) => {
                self.issue("horizon.end", "is before horizon.start");
                None
            }
            _ => None,
        };
        self.check(
            raw.replications != Some(0),
            "replications",
            "must be at least 1",
        );
        self.check(!raw.name.trim().is_empty(), "name", "must not be empty");
        self.check(
            !raw.name.contains(['/', '\\']),
            "name",
            "is used as a folder name and may not contain / or \\",
        );
        calendar
    }

    /// `[[zones]]` and `[geography]`: the zones, their index by name, the projection.
    fn zones(&mut self, raw: &RawScenario) -> (Vec<Zone>, HashMap<String, usize>, Projection) {
        // Zones and projection.
        self.check(
            !raw.zones.is_empty(),
            "zones",
            "at least one zone is needed",
        );
        let mut zone_index = HashMap::new();
        let seats: Vec<LatLon> = raw
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| {
                let f = format!("zones[{i}]");
                if zone_index.insert(z.name.clone(), i).is_some() {
                    self.issue(
                        format!("{f}.name"),
                        format!("zone `{}` is defined twice", z.name),
                    );
                }
                self.check(
                    z.area_km2.is_finite() && z.area_km2 >= 0.0,
                    format!("{f}.area_km2"),
                    "must be >= 0",
                );
                self.check(
                    z.weight.is_finite() && z.weight >= 0.0,
                    format!("{f}.weight"),
                    "must be >= 0",
                );
                self.check(
                    z.core_area_km2.is_finite()
                        && z.core_area_km2 >= 0.0
                        && z.core_area_km2 <= z.area_km2,
                    format!("{f}.core_area_km2"),
                    "must be between 0 and the zone's area_km2",
                );
                self.check(
                    (0.0..=1.0).contains(&z.core_share),
                    format!("{f}.core_share"),
                    "must be a share between 0 and 1",
                );
                self.latlon(z.lat, z.lon, &f)
            })
            .collect();
        let origin = match (raw.geography.origin_lat, raw.geography.origin_lon) {
            (Some(lat), Some(lon)) => self.latlon(lat, lon, "geography.origin"),
            (None, None) if !seats.is_empty() => LatLon {
                lat: seats.iter().map(|s| s.lat).sum::<f64>() / seats.len() as f64,
                lon: seats.iter().map(|s| s.lon).sum::<f64>() / seats.len() as f64,
            },
            (None, None) => LatLon { lat: 0.0, lon: 0.0 },
            _ => {
                self.issue(
                    "geography",
                    "give both origin_lat and origin_lon, or neither",
                );
                LatLon { lat: 0.0, lon: 0.0 }
            }
        };
        let projection = Projection::new(origin);
        let zones: Vec<Zone> = raw
            .zones
            .iter()
            .zip(&seats)
            .map(|(z, &seat)| Zone {
                name: z.name.clone(),
                name_zh: z.name_zh.clone(),
                seat,
                pos: projection.project(seat),
                area_km2: z.area_km2,
                weight: z.weight,
                urban_core: z.urban_core,
                weight_is_population: z.weight_is_population,
                core_area_km2: z.core_area_km2,
                core_share: z.core_share,
                tags: z.tags.clone(),
            })
            .collect();
        self.check(
            zones.iter().map(|z| z.weight).sum::<f64>() > 0.0,
            "zones",
            "at least one zone needs a weight > 0",
        );
        (zones, zone_index, projection)
    }

    /// `[demand]`.
    fn demand(&mut self, raw: &RawScenario) -> Demand {
        // Demand (the generated model's parameters; a recorded stream is read below, once
        // zones, types and stations are known).
        let d = &raw.demand;

        match d.source {
            DemandSource::Generated => self.generated_demand(d),
            DemandSource::Recorded => {
                for (given, key) in [
                    (d.annual_rate.is_some(), "annual_rate"),
                    (d.growth_per_year != 0.0, "growth_per_year"),
                    (d.hour_profile.is_some(), "hour_profile"),
                    (d.month_profile.is_some(), "month_profile"),
                    (d.location.is_some(), "location"),
                ] {
                    self.check(
                        !given,
                        format!("demand.{key}"),
                        "belongs to generated demand; a recorded stream fixes it",
                    );
                }
                Demand {
                    annual_rate: 0.0,
                    growth_per_year: 0.0,
                    hour_profile: [1.0; 24],
                    month_profile: [1.0; 12],
                    location: LocationSampling::Seat,
                }
            }
        }
    }

    /// `[[unit_kinds]]`: the kinds and their index by name (requests are filled in once
    /// the incident types are known).
    fn unit_kinds(&mut self, raw: &RawScenario) -> (Vec<UnitKind>, HashMap<String, usize>) {
        // Unit kinds.
        let mut kind_index = HashMap::new();
        for (i, k) in raw.unit_kinds.iter().enumerate() {
            if kind_index.insert(k.name.clone(), i).is_some() {
                self.issue(
                    format!("unit_kinds[{i}].name"),
                    format!("unit kind `{}` is defined twice", k.name),
                );
            }
            self.check(
                k.crew > 0 && k.crew <= 255,
                format!("unit_kinds[{i}].crew"),
                "must be between 1 and 255",
            );
            self.check(
                k.min_crew.is_none_or(|m| m >= 1 && m <= k.crew),
                format!("unit_kinds[{i}].min_crew"),
                "must be between 1 and the kind's crew",
            );
        }
        let unit_kinds: Vec<UnitKind> = raw
            .unit_kinds
            .iter()
            .enumerate()
            .map(|(i, k)| UnitKind {
                substitute_if_faster_by_s: k.substitute_if_faster_by_s.filter(|x| {
                    self.check(
                        x.is_finite() && *x >= 0.0,
                        format!("unit_kinds[{i}].substitute_if_faster_by_s"),
                        "must be a number of seconds >= 0",
                    )
                }),
                name: k.name.clone(),
                crew: k.crew,
                min_crew: k.min_crew.unwrap_or(k.crew),
                requestable: false,
                requests_per_incident: 0.0,
                substitutes: k
                    .substitutes
                    .iter()
                    .enumerate()
                    .filter_map(|(j, s)| {
                        let found = kind_index.get(s).copied();
                        if found.is_none() {
                            self.issue(
                                format!("unit_kinds[{i}].substitutes[{j}]"),
                                format!("unknown unit kind `{s}`"),
                            );
                        }
                        found
                    })
                    .collect(),
            })
            .collect();
        (unit_kinds, kind_index)
    }

    /// `[[incident_types]]` and their response plans.
    fn incident_types(
        &mut self,
        raw: &RawScenario,
        zones: &[Zone],
        zone_index: &HashMap<String, usize>,
        kind_index: &HashMap<String, usize>,
    ) -> Vec<IncidentType> {
        // Incident types.
        self.check(
            !raw.incident_types.is_empty(),
            "incident_types",
            "at least one incident type is needed",
        );
        let share_sum: f64 = raw.incident_types.iter().map(|t| t.share.max(0.0)).sum();
        let mut type_names = HashMap::new();
        let mut incident_types: Vec<IncidentType> = raw
            .incident_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let f = format!("incident_types[{i}]");
                if type_names.insert(t.name.clone(), i).is_some() {
                    self.issue(
                        format!("{f}.name"),
                        format!("incident type `{}` is defined twice", t.name),
                    );
                }
                self.check(
                    t.share.is_finite() && t.share >= 0.0,
                    format!("{f}.share"),
                    format!("must be >= 0, found {}", t.share),
                );
                let on_scene = self.duration(&t.on_scene, &format!("{f}.on_scene"));
                let mut zone_weights: Vec<f64> = zones.iter().map(|z| z.weight).collect();
                for (zname, factor) in &t.zone_factor {
                    match zone_index.get(zname) {
                        Some(&z) => {
                            self.check(
                                factor.is_finite() && *factor >= 0.0,
                                format!("{f}.zone_factor.{zname}"),
                                "must be >= 0",
                            );
                            zone_weights[z] *= factor;
                        }
                        None => self.issue(
                            format!("{f}.zone_factor.{zname}"),
                            format!("unknown zone `{zname}`"),
                        ),
                    }
                }
                if t.share > 0.0 {
                    self.check(
                        zone_weights.iter().sum::<f64>() > 0.0,
                        format!("{f}.zone_factor"),
                        "leaves no zone with a weight > 0",
                    );
                }
                let plan = self.response_plan(&t.plan, &format!("{f}.plan"), kind_index);
                let share = if share_sum > 0.0 {
                    t.share.max(0.0) / share_sum
                } else {
                    0.0
                };
                IncidentType {
                    name: t.name.clone(),
                    category: t.category,
                    share,
                    pick_share: share,
                    subtypes: vec![],
                    parent: None,
                    on_scene: on_scene.unwrap_or(DurationDist::fixed(0.0)),
                    zone_weights,
                    plan,
                }
            })
            .collect();
        // A recorded stream does not use the shares (the SF import writes counts): no
        // warning about normalising them.
        if self.check(
            share_sum > 0.0,
            "incident_types",
            "shares must not all be zero",
        ) && (share_sum - 1.0).abs() > SHARE_SUM_TOLERANCE
            && raw.demand.source == DemandSource::Generated
        {
            self.warn(
                "incident_types",
                format!("shares sum to {}, normalised to 1", sum_text(share_sum)),
            );
        }
        self.subtypes(
            &raw.incident_types,
            &mut incident_types,
            zones,
            zone_index,
            kind_index,
        );
        incident_types
    }

    /// `[[stations]]` with their units (and temporary premises): the stations, every unit,
    /// and the stations' index by id.
    fn stations(
        &mut self,
        raw: &RawScenario,
        calendar: Option<&Calendar>,
        projection: Projection,
        unit_kinds: &[UnitKind],
        kind_index: &HashMap<String, usize>,
        zones: &[Zone],
    ) -> (Vec<Station>, Vec<Unit>, HashMap<String, usize>) {
        // Stations and units.
        self.check(
            !raw.stations.is_empty(),
            "stations",
            "at least one station is needed",
        );
        let mut station_index = HashMap::new();
        let mut units = vec![];
        let mut stations = vec![];
        let premises_ctx = crews::PremisesContext {
            kinds: unit_kinds,
            kind_index,
            zones,
            projection,
            default_extra_turnout_s: raw.staffing.premises_extra_turnout_s,
        };
        for (i, s) in raw.stations.iter().enumerate() {
            let f = format!("stations[{i}]");
            if station_index.insert(s.id.clone(), i).is_some() {
                self.issue(
                    format!("{f}.id"),
                    format!("station `{}` is defined twice", s.id),
                );
            }
            let location = self.latlon(s.lat, s.lon, &f);
            let opens = s
                .opens
                .as_ref()
                .and_then(|d| self.date(d, format!("{f}.opens")));
            let opens_at = match (&calendar, opens) {
                (Some(c), Some(d)) => c.time_of(d).max(SimTime::ZERO),
                _ => SimTime::ZERO,
            };
            let mut ids = vec![];
            let mut per_kind: HashMap<usize, u32> = HashMap::new();
            for (j, k) in s.units.iter().enumerate() {
                match kind_index.get(k) {
                    Some(&kind) => {
                        let n = per_kind.entry(kind).or_default();
                        *n += 1;
                        ids.push(units.len());
                        units.push(Unit {
                            id: format!("{}-{}-{}", s.id, k, n),
                            station: i,
                            kind,
                            pos: projection.project(location),
                            premises: false,
                        });
                    }
                    None => self.issue(
                        format!("{f}.units[{j}]"),
                        format!("unknown unit kind `{k}`"),
                    ),
                }
            }
            let pos = projection.project(location);
            let premises = self.premises(i, s, pos, &ids, &mut units, &premises_ctx);
            let crew_order = crews::crew_order(unit_kinds, &units, &ids);
            let squads = self.squads(
                i,
                &s.id,
                &s.squads,
                pos,
                &mut ids,
                &mut units,
                &premises_ctx,
            );
            stations.push(Station {
                crew_order,
                squads,
                premises_crew_order: crews::crew_order(unit_kinds, &units, &premises.units),
                premises_units: premises.units,
                premises_location: premises.location,
                premises_pos: premises.pos,
                premises_extra_turnout_s: premises.extra_turnout_s,
                id: s.id.clone(),
                name: s.name.clone(),
                name_zh: s.name_zh.clone(),
                grade: s.grade,
                location,
                pos,
                opens,
                opens_at,
                units: ids,
                temporary_units: s.temporary_units,
                government: s.government,
            });
        }
        (stations, units, station_index)
    }

    /// `[travel]`: the travel model.
    fn travel(
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

    /// `[mutual_aid]`: the last-resort rule, if enabled.
    fn mutual_aid(&mut self, ma: &RawMutualAid) -> Option<MutualAid> {
        // Mutual aid and standard.

        if ma.enabled {
            self.check(
                ma.delay_s.is_finite() && ma.delay_s >= 0.0,
                "mutual_aid.delay_s",
                "must be >= 0",
            );
            self.check(
                ma.travel_s.is_finite() && ma.travel_s >= 0.0,
                "mutual_aid.travel_s",
                "must be >= 0",
            );
            Some(MutualAid {
                delay_s: ma.delay_s,
                travel_s: ma.travel_s,
            })
        } else {
            None
        }
    }

    /// `[standard]`.
    fn standard(&mut self, standard: &RawStandard) {
        self.check(
            standard.first_arrival_s > 0.0,
            "standard.first_arrival_s",
            "must be > 0",
        );
        for (k, t) in standard.thresholds_s.iter().enumerate() {
            self.check(
                t.is_finite() && *t > 0.0 && t.fract() == 0.0,
                format!("standard.thresholds_s[{k}]"),
                format!("must be a whole number of seconds > 0, found {t}"),
            );
        }
        self.check(
            (0.0..=1.0).contains(&standard.compliance_target),
            "standard.compliance_target",
            "must be a share between 0 and 1",
        );
    }

    /// Where the incidents come from: a recorded stream if `[demand]` names one (then
    /// `demand` gets its mean yearly rate).
    #[allow(clippy::too_many_arguments)]
    fn incident_source(
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
    fn observed(
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

    /// Read a `zone,station,travel_s` CSV into a complete `[zone][station]` table.
    fn matrix(
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
