//! From [`RawScenario`] to [`Scenario`]: every check, every problem collected.
//!
//! This file holds the entry points (load a file, text or an edited document; hash a
//! scenario with the files it names; read observed responses later) and the order the
//! sections are checked in; each section's checks are in a file of their own below
//! (`geography`, `demand`, `stations`, `crews`, `places`, `rollouts`, `travel` with
//! `network`, `response`, `sources`, `micro`, `districts`), all reporting to the shared
//! `validator`.

use super::raw::*;
use super::recorded::{self, ObservedContext, PlayMode};
use super::{Issue, LoadOptions, Observed, Scenario, ScenarioError};
use std::collections::HashMap;
use std::path::Path;

mod boundary;
mod costs;
mod crews;
mod demand;
mod districts;
mod geography;
mod micro;
mod network;
mod optimise;
mod places;
mod ranges;
mod response;
mod rollouts;
mod sources;
mod stations;
mod travel;
mod validator;

use sources::id_index;
use validator::Validator;

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

/// Read and validate the scenario at `path` with the `[[rollouts]]` of each file in
/// `extra` appended to its own (a fragment such as `firesim optimise`'s
/// `recommended.toml`: it may hold `[[rollouts]]` and nothing else; its rollouts may
/// inherit from the scenario's through `base`).
pub fn load_adding(
    path: &Path,
    extra: &[std::path::PathBuf],
    opts: LoadOptions,
) -> Result<Scenario, ScenarioError> {
    let read = |file: &Path| -> Result<toml::Table, ScenarioError> {
        let text = std::fs::read_to_string(file).map_err(|source| ScenarioError::Io {
            file: file.to_path_buf(),
            source,
        })?;
        text.parse::<toml::Table>()
            .map_err(|e| ScenarioError::Parse {
                file: file.to_path_buf(),
                message: e.to_string().trim_end().to_string(),
            })
    };
    let mut doc = read(path)?;
    for file in extra {
        let mut frag = read(file)?;
        let bad: Vec<String> = frag.keys().filter(|k| *k != "rollouts").cloned().collect();
        let Some(toml::Value::Array(more)) = frag.remove("rollouts") else {
            return Err(ScenarioError::Parse {
                file: file.clone(),
                message:
                    "holds no [[rollouts]] (a rollout fragment holds [[rollouts]] tables only)"
                        .into(),
            });
        };
        if !bad.is_empty() {
            return Err(ScenarioError::Parse {
                file: file.clone(),
                message: format!(
                    "{}: a rollout fragment holds [[rollouts]] tables only",
                    bad.join(", ")
                ),
            });
        }
        if let Some(toml::Value::Array(own)) = doc.get_mut("rollouts") {
            own.extend(more);
        } else {
            doc.insert("rollouts".into(), toml::Value::Array(more));
        }
    }
    from_table(doc, path, opts)
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
    let files = named_in(&text);
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut hash = Sha256::new();
    for bytes in std::iter::once(Ok(text)).chain(files.iter().map(|f| read(&dir.join(f)))) {
        let bytes = bytes?;
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The files a scenario's text names whose content its results depend on (recorded
/// incidents, travel matrix, observed responses, the boundary and its neighbours), as written (relative to the scenario);
/// none when it does not parse.
fn named_in(text: &[u8]) -> Vec<String> {
    let mut files = vec![];
    if let Ok(raw) = toml::from_str::<RawScenario>(&String::from_utf8_lossy(text)) {
        files.extend(raw.demand.file);
        if let RawTravel::Matrix { file, .. } = raw.travel {
            files.push(file);
        }
        files.extend(raw.validation.map(|v| v.observed));
        files.extend(raw.geography.boundary);
        files.extend(raw.geography.neighbours);
    }
    files
}

/// The scenario at `path` and every file it names (those [`content_hash`] covers, and
/// the OSM extract of a road network), as paths; only `path` when it cannot be read or
/// parsed. A command refuses to write over any of them.
pub fn input_files(path: &Path) -> Vec<std::path::PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let text = std::fs::read(path).unwrap_or_default();
    let mut names = named_in(&text);
    if let Ok(raw) = toml::from_str::<RawScenario>(&String::from_utf8_lossy(&text))
        && let RawTravel::Network(n) = raw.travel
    {
        names.push(n.osm);
    }
    std::iter::once(path.to_path_buf())
        .chain(names.iter().map(|f| dir.join(f)))
        .collect()
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
        station_pos: vec![],
        zone_pos: vec![],
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

impl Validator {
    /// Every section of the file in turn (each reports its own problems), then the
    /// recorded files, which refer to zones, types, unit kinds and stations.
    /// The call processing and turnout time distributions (`[response]`).
    fn response_times(
        &mut self,
        raw: &RawScenario,
    ) -> (
        Option<crate::ground::random::DurationDist>,
        Option<crate::ground::random::DurationDist>,
    ) {
        let call_processing = self.duration(
            &raw.response.call_processing,
            "response.call_processing",
            &ranges::TURNOUT_S,
        );
        let turnout = self.duration(
            &raw.response.turnout,
            "response.turnout",
            &ranges::TURNOUT_S,
        );
        (call_processing, turnout)
    }

    /// `[staffing]`'s on-duty fraction (returned) and crew parameters.
    fn staffing(&mut self, staffing: &RawStaffing) -> f64 {
        let on_duty_fraction = staffing.on_duty_fraction;
        self.check(
            on_duty_fraction > 0.0 && on_duty_fraction <= 1.0,
            "staffing.on_duty_fraction",
            format!("must be in (0, 1], found {on_duty_fraction}"),
        );
        self.crew_parameters(staffing);
        on_duty_fraction
    }

    fn scenario(&mut self, mut raw: RawScenario, path: &Path) -> Option<Scenario> {
        // No answer depends on the order of the file: stations are taken in the order of
        // their ids and zones in the order of their names, so every index (and with it
        // every tie-break "to the earlier station" and every stream keyed by station or
        // zone) follows identity, not list position. Field paths keep the file's positions.
        self.station_pos = validator::canonical_order(&mut raw.stations, |s| &s.id);
        self.zone_pos = validator::canonical_order(&mut raw.zones, |z| &z.name);
        let calendar = self.horizon(&raw);
        let geography::Zones {
            zones,
            index: zone_index,
            projection,
            boundary,
            neighbours,
        } = self.zones(&raw);
        let demand = self.demand(&raw);
        let (mut unit_kinds, kind_index) = self.unit_kinds(&raw);
        let incident_types = self.incident_types(&raw, &zones, &zone_index, &kind_index);
        crews::kind_demand(&mut unit_kinds, &incident_types);

        let (call_processing, turnout) = self.response_times(&raw);

        let (stations, units, station_index) = self.stations(
            &raw,
            calendar.as_ref(),
            projection,
            &unit_kinds,
            &kind_index,
            &zones,
        );

        // Staffing and rollouts.
        let on_duty_fraction = self.staffing(&raw.staffing);
        let construction_delay_days =
            self.construction(&raw.construction, &stations, calendar.as_ref());
        let rollouts = self.rollouts(
            &raw.rollouts,
            &rollouts::Context {
                stations: &stations,
                station_index: &station_index,
                calendar: calendar.as_ref(),
                on_duty_fraction,
                construction_delay_days: &construction_delay_days,
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
        let costs = self.costs(raw.costs.as_ref(), &kind_index);
        let constraints = self.constraints(&raw.constraints, &raw.staffing);
        let optimise = self.optimise(
            raw.optimise.as_ref(),
            &rollouts,
            calendar.as_ref(),
            &constraints,
        );
        let micro = self.micro_stations(raw.micro_stations.as_ref(), &zones);
        let districts = self.districts(raw.districts.as_ref(), &projection, &travel);
        let travel = self.area_types(&raw, &zones, districts.as_ref(), travel);

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
            boundary,
            neighbours,
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
            costs,
            constraints,
            optimise,
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
}
