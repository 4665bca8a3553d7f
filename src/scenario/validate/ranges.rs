//! The ranges of the scenario's physical quantities, which every section checks through
//! the one [`Validator::range`]: outside what is *possible* a value is an error, outside
//! what is *plausible* a warning (the scenario runs, but the number is probably a slip: a
//! unit confused, a digit too many). Every range is a named constant here with its source,
//! or `[estimate]` and the reasoning, so a range is changed in one place and never to
//! silence a warning without one.

use super::super::recorded::MAX_DURATION_S;
#[cfg(doc)]
use super::validator::Validator;
use super::validator::{MAX_FIREFIGHTERS, Range};

/// No road vehicle of a fire service makes 300 km/h, nor moves at less than 1 km/h on
/// average while it travels: values beyond are a slip (m/s for km/h is a factor 3.6, a
/// digit too many a factor 10) [estimate].
const SPEED_POSSIBLE_KMH: (f64, f64) = (1.0, 300.0);

/// A fire engine's cruise speed (Kolesar `cruise_kmh`, an area type's): JTG B01-2014's
/// highway design speeds run from 20 km/h (class-4 roads) to 120 (expressways) and
/// CJJ 37-2012's urban ones from 20 (local streets) to 100; 10 km/h leaves room for
/// congested cores (Zhu et al. 2022, Nanjing: real urban speeds far below design).
pub(super) const CRUISE_KMH: Range = Range {
    what: "a cruise speed",
    unit: "km/h",
    min: SPEED_POSSIBLE_KMH.0,
    above: false,
    max: SPEED_POSSIBLE_KMH.1,
    plausible: (10.0, 120.0),
    source: "JTG B01-2014 and CJJ 37-2012 design speeds, 20 to 120 km/h, less congestion",
};

/// A road class's speed (`travel.speeds_kmh`): OSRM's car profile gives 10 km/h
/// (`living_street`) to 90 (`motorway`); posted limits reach 130 km/h on European
/// motorways; 5 km/h is a walking pace, the least a mapped drivable road allows.
pub(super) const ROAD_SPEED_KMH: Range = Range {
    what: "a road speed",
    unit: "km/h",
    min: SPEED_POSSIBLE_KMH.0,
    above: false,
    max: SPEED_POSSIBLE_KMH.1,
    plausible: (5.0, 130.0),
    source: "OSRM's car profile, 10 to 90 km/h; motorway limits up to 130",
};

/// The speed of the straight leg between a place and its road node (`off_road_kmh`):
/// from a crew walking with its gear (5 km/h; 2 leaves room for stairs and yards) to a
/// slow drive on an unmapped track (60 km/h) [estimate]; San Francisco's calibration gives
/// 13.3 km/h.
pub(super) const OFF_ROAD_KMH: Range = Range {
    what: "an off-road speed",
    unit: "km/h",
    min: SPEED_POSSIBLE_KMH.0,
    above: false,
    max: SPEED_POSSIBLE_KMH.1,
    plausible: (2.0, 60.0),
    source: "[estimate] from a crew on foot to a slow drive on an unmapped track",
};

/// Kolesar's acceleration (`accel_ms2`). A loaded fire engine accelerates at 0.5–1.5 m/s²;
/// fitted to real trips the parameter also absorbs junctions and stops (San Francisco's
/// calibrations give 0.11 m/s²). Below 0.05 m/s² the accelerating leg to 57 km/h is
/// 2.5 km long; above 3 m/s² (0.3 g) a heavy vehicle spins its wheels [estimate]. More than
/// 1 g is beyond any tyre's grip: impossible.
pub(super) const ACCEL_MS2: Range = Range {
    what: "an acceleration",
    unit: "m/s²",
    min: 0.0,
    above: true,
    max: 9.81,
    plausible: (0.05, 3.0),
    source: "[estimate] a fire engine's 0.5 to 1.5 m/s², fitted values as low as 0.11",
};

/// The road distance over the straight line (`detour_factor`): at least 1 by definition;
/// Ballou, Rahardja & Sakai (2002, Transportation Research A 36) measure national
/// circuity factors of 1.12 to 1.65. Ten times the straight line is not a detour but a
/// missing road (a river without a bridge), which the factor cannot model [estimate].
pub(super) const DETOUR_FACTOR: Range = Range {
    what: "a detour factor",
    unit: "",
    min: 1.0,
    above: false,
    max: 10.0,
    plausible: (1.0, 2.0),
    source: "Ballou et al. 2002: circuity factors of 1.12 to 1.65",
};

/// A factor on road speeds (`speed_factor`, `class_factors`): San Francisco's
/// lights-and-sirens calibration gives 1.6 over OSRM's car speeds; a factor below 0.25 or
/// above 2.5 turns a residential street (25 km/h) into a footpath or a motorway
/// [estimate]. Below 0.01 even a motorway is slower than 1 km/h (1e-300 gave mean
/// arrivals of ten years), above 10 a residential street is faster than any vehicle:
/// impossible.
pub(super) const SPEED_FACTOR: Range = Range {
    what: "a speed factor",
    unit: "",
    min: 0.01,
    above: false,
    max: 10.0,
    plausible: (0.25, 2.5),
    source: "[estimate] San Francisco's calibration gives 1.6 over OSRM's car speeds",
};

/// How far a station, zone seat or temporary premises may lie from the nearest routable
/// road (`max_snap_m`): OSM's positions are good to metres and a seat is on a street, so
/// more than 2 km means the place is off the extract [estimate]; beyond 100 km the network
/// is not the scenario's.
pub(super) const MAX_SNAP_M: Range = Range {
    what: "a snapping distance",
    unit: "m",
    min: 0.0,
    above: true,
    max: 100_000.0,
    plausible: (1.0, 2_000.0),
    source: "[estimate] a seat is on a street; OSM positions are good to metres",
};

/// How far a station or zone seat lies from the scenario's origin (`[geography]`, else
/// the zones' mean seat): a county (Dafeng: 3,059 km²) or a city's service area spans a
/// few tens of km; 200 km is a province [estimate], and the equirectangular projection
/// about the origin (`ground::geo`) is no longer a good map. Half the Earth's
/// circumference is as far as a place can be.
pub(super) const FROM_ORIGIN_KM: Range = Range {
    what: "a distance from the origin",
    unit: "km",
    min: 0.0,
    above: false,
    max: 20_038.0,
    plausible: (0.0, 200.0),
    source: "[estimate] a county or city spans tens of km; the flat projection holds near the origin",
};

/// The firefighters of a unit's full crew (`unit_kinds.crew`): NFPA 1710 staffs engines
/// and trucks with 4; the Dafeng plan's engines 5 and its largest team 15; 20 leaves room
/// for a bus-borne team [estimate]. The possible bound is the crew field's own (255).
pub(super) const CREW: Range = Range {
    what: "a crew",
    unit: "firefighters",
    min: 1.0,
    above: false,
    max: 255.0,
    plausible: (1.0, 20.0),
    source: "NFPA 1710: 4 per engine; the Dafeng plan's largest team 15",
};

/// A specialist squad's members (`squads.members`): the Dafeng plan's squads (专栏09) have
/// 10 to 30; a national-team detachment some 200 [estimate]. No squad outnumbers the
/// most firefighters a plan may count (`MAX_FIREFIGHTERS`).
pub(super) const SQUAD_MEMBERS: Range = Range {
    what: "a squad",
    unit: "members",
    min: 1.0,
    above: false,
    max: MAX_FIREFIGHTERS as f64,
    plausible: (2.0, 200.0),
    source: "the Dafeng plan's squads have 10 to 30 members",
};

/// The mean turnout (dispatch order → wheels rolling) and call processing: NFPA 1710
/// budgets 60–80 s of turnout and 64 s of call processing; GB 51080-2015 about a minute;
/// 10 minutes covers on-call crews who come from home [estimate]. Thirty days is the
/// longest duration the model takes anywhere (`recorded::MAX_DURATION_S`).
pub(super) const TURNOUT_S: Range = Range {
    what: "a mean time",
    unit: "s",
    min: 0.0,
    above: false,
    max: MAX_DURATION_S,
    plausible: (0.0, 600.0),
    source: "NFPA 1710: 60 to 80 s turnout, 64 s call processing; on-call crews take minutes",
};

/// The mean time a unit is busy at an incident (`on_scene`, a micro tier's `muster`):
/// from a minute (a false alarm cancelled on arrival) to two days (a large warehouse fire
/// or a flood); Dafeng's longest type is 3 hours [estimate].
pub(super) const SERVICE_S: Range = Range {
    what: "a mean time",
    unit: "s",
    min: 0.0,
    above: false,
    max: MAX_DURATION_S,
    plausible: (60.0, 172_800.0),
    source: "[estimate] from a false alarm cancelled on arrival to a two-day fire",
};

/// Incidents a year (`demand.annual_rate`): Dafeng expects 800, San Francisco's fire
/// department answers about 150,000 calls, London Fire Brigade some 100,000 incidents and
/// the FDNY under 2 million with medical calls [estimate: published annual reports' order
/// of magnitude]; a hundred million (three a second, all year) is no single service's.
pub(super) const ANNUAL_RATE: Range = Range {
    what: "a rate",
    unit: "incidents a year",
    min: 0.0,
    above: true,
    max: 1e8,
    plausible: (1.0, 5e6),
    source: "fire services answer from hundreds to 2 million incidents a year",
};

/// Residents per km² of a zone whose weight is its population: the densest city
/// districts (Manila, Mumbai's Dharavi) hold 100,000 to 300,000 per km²; a million is
/// one square metre of land each, impossible even in towers [estimate].
pub(super) const POPULATION_DENSITY: Range = Range {
    what: "a population density",
    unit: "residents/km²",
    min: 0.0,
    above: false,
    max: 1e6,
    plausible: (0.0, 300_000.0),
    source: "the densest city districts hold up to about 300,000 per km²",
};
