//! Every validation error has a test: one row per mistake a user can make, in four tables.
//!
//! 1. **Scenario checks** ([`SCENARIO_ROWS`]): a text change on a base scenario and the
//!    field the problem must name. Each row goes through the library
//!    (`firesim::prepare::from_str`: loading, then the prepare step); every [`Issue`]
//!    remembers the source line of the check that found it (`Issue::site`), so the table
//!    knows which checks it reaches. The total
//!    is every check call site in `src/scenario/` (found by [`check_sites`]); the test
//!    prints how many the table covers and fails below [`MIN_COVERAGE`].
//! 2. **CSV rows** ([`INCIDENT_ROWS`], [`OBSERVED_ROWS`]): one bad row each of the incident
//!    and observed-responses files, which must come back as that file's bad row with its
//!    line and the reason. (The travel matrix reports its rows as scenario issues: they are
//!    in table 1.)
//! 3. **Flags** ([`flag_rows`]): every flag of every subcommand (the test reads them from
//!    `--help` and fails if one has no row) with a bad value, and the conflicting pairs,
//!    through the real binary: exit status 2 for what clap refuses, 1 for what firesim
//!    refuses, the flag named, and nothing written.
//! 4. **The SF importer** ([`sf_rows`]): bad stations and calls files through
//!    `firesim import sf-calls`.

mod common;
use common::{firesim, s, stderr};
use firesim::prepare;
use firesim::scenario::{self, Issue, LoadOptions, ScenarioError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The table must reach at least this share of the validator's checks.
const MIN_COVERAGE: f64 = 0.80;

// ---------------------------------------------------------------------------------------
// Table 1: scenario checks
// ---------------------------------------------------------------------------------------

/// A scenario the rows change.
#[derive(Clone, Copy, Debug)]
enum Base {
    /// `scenarios/dafeng.toml`: generated demand, Kolesar travel, schedule and table rollouts.
    Dafeng,
    /// `tests/fixtures/replay/one.toml`: a recorded stream with observed responses.
    One,
    /// `tests/fixtures/matrix/matrix.toml`: matrix travel.
    Matrix,
}

impl Base {
    fn path(self) -> PathBuf {
        let rel = match self {
            Base::Dafeng => "scenarios/dafeng.toml",
            Base::One => "tests/fixtures/replay/one.toml",
            Base::Matrix => "tests/fixtures/matrix/matrix.toml",
        };
        Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
    }
}

/// One mistake: replace each `from` by `to` (once; `from` must occur) in `base`, write
/// `files` into a temporary folder (`{tmp}` in a `to` is its path), and expect a problem
/// (or, with `warning`, a warning) naming `field` whose message contains `says`.
struct Row {
    base: Base,
    edits: &'static [(&'static str, &'static str)],
    files: &'static [(&'static str, &'static str)],
    field: &'static str,
    says: &'static str,
    warning: bool,
}

const fn err(
    base: Base,
    edits: &'static [(&'static str, &'static str)],
    field: &'static str,
    says: &'static str,
) -> Row {
    Row {
        base,
        edits,
        files: &[],
        field,
        says,
        warning: false,
    }
}

const fn warn(
    base: Base,
    edits: &'static [(&'static str, &'static str)],
    field: &'static str,
    says: &'static str,
) -> Row {
    Row {
        warning: true,
        ..err(base, edits, field, says)
    }
}

const fn with_files(
    base: Base,
    edits: &'static [(&'static str, &'static str)],
    files: &'static [(&'static str, &'static str)],
    field: &'static str,
    says: &'static str,
) -> Row {
    Row {
        files,
        ..err(base, edits, field, says)
    }
}

use Base::{Dafeng as D, Matrix as M, One as O};

/// one.toml's zone, incident type, station and rollout blocks, removed whole by some rows.
const ONE_ZONE: &str =
    "[[zones]]\nname = \"town\"\nlat = 30.0\nlon = 120.0\narea_km2 = 4.0\nweight = 1.0\n";
const ONE_TYPE: &str = "[[incident_types]]\nname = \"fire\"\ncategory = \"fire\"\nshare = 1.0\non_scene = { dist = \"fixed\", value_s = 900.0 }\nplan = { units = [{ kind = \"engine\", count = 1 }] }\n";
const ONE_STATION: &str = "[[stations]]\nid = \"S1\"\nname = \"Station 1\"\ngrade = \"other\"\nlat = 30.0\nlon = 120.0\nunits = [\"engine\"]\n";
const ONE_ROLLOUT: &str = "[[rollouts]]\nname = \"crewed\"\nkind = \"table\"\nheadcount = { S1 = [{ from = 2021-01-01, firefighters = 4 }] }\n";
const ONE_PLAN: &str = "plan = { units = [{ kind = \"engine\", count = 1 }] }";
const ONE_FILE: (&str, &str) = ("file = \"incidents.csv\"", "file = \"{tmp}/incidents.csv\"");
const ONE_OBSERVED: (&str, &str) = (
    "observed = \"observed.csv\"",
    "observed = \"{tmp}/observed.csv\"",
);
const MATRIX_FILE: (&str, &str) = ("file = \"travel.csv\"", "file = \"{tmp}/travel.csv\"");
const DAFENG_CP: &str = "call_processing = { dist = \"lognormal\", mean_s = 42.0, cv = 0.4 }";
const DAFENG_RECRUITS: &str = "recruits = [160, 80, 80, 32, 32]     # 2021–2025 (plan 专栏10)\n";
const DAFENG_INTAKE: &str = "intake_date = \"03-01\"\n";
const DAFENG_DELAYS: &str = "opening_delays = [{ opening_year = 2022, years = 1 }]";
const DAFENG_TABLE: &str = "kind = \"table\"\ncovered_by";
const DAFENG_COVER: &str = "covered_by = { S20 = \"S09\" }";
const DAFENG_START: &str = "starting_headcount = { S08 = 18,";
const DAFENG_BUILD: &str = "delay_days = { 2021 = 0, 2022 = 0 }";

const DAFENG_BOUNDARY: (&str, &str) = (
    "boundary = \"../data/dafeng-boundaries/dafeng-district.geojson\"",
    "boundary = \"{tmp}/land.geojson\"",
);
const DAFENG_NEIGHBOURS: (&str, &str) = (
    "neighbours = \"../data/dafeng-boundaries/dafeng-neighbours.geojson\"",
    "neighbours = \"{tmp}/next.geojson\"",
);
/// Boundary files, each wrong in one way (a square around Dafeng's seats where it matters).
const OPEN_RING: &str =
    r#"{"type":"Polygon","coordinates":[[[120.0,32.8],[121.2,32.8],[121.2,33.7],[120.0,33.7]]]}"#;
const SHORT_RING: &str =
    r#"{"type":"Polygon","coordinates":[[[120.0,32.8],[121.2,32.8],[120.0,32.8]]]}"#;
const BAD_POSITION: &str =
    r#"{"type":"Polygon","coordinates":[[[120.0],[121.2,32.8],[121.2,33.7],[120.0]]]}"#;
const OUT_OF_RANGE: &str =
    r#"{"type":"Polygon","coordinates":[[[120.0,32.8],[121.2,32.8],[121.2,133.7],[120.0,32.8]]]}"#;
const BOW_TIE: &str = r#"{"type":"Polygon","coordinates":[[[120.0,32.8],[121.2,33.7],[121.2,32.8],[120.0,33.7],[120.0,32.8]]]}"#;
const TWO_SQUARES: &str = r#"{"type":"MultiPolygon","coordinates":[[[[120.0,32.8],[121.2,32.8],[121.2,33.7],[120.0,33.7],[120.0,32.8]]],[[[122.0,32.8],[122.5,32.8],[122.5,33.7],[122.0,32.8]]]]}"#;
const WITH_HOLE: &str = r#"{"type":"Polygon","coordinates":[[[120.0,32.8],[121.2,32.8],[121.2,33.7],[120.0,33.7],[120.0,32.8]],[[120.1,32.9],[120.2,32.9],[120.2,33.0],[120.1,32.9]]]}"#;
const A_POINT: &str = r#"{"type":"Point","coordinates":[120.5,33.2]}"#;
const NO_GEOMETRY: &str = r#"{"type":"Feature","geometry":null,"properties":{}}"#;

/// Every scenario mistake the table tries (one row per line, so not formatted).
#[rustfmt::skip]
const SCENARIO_ROWS: &[Row] = &[
    // Top level and horizon.
    err(D, &[("end = 2025-12-31", "end = 2025-12-31T12:00:00")], "horizon.end", "expected a date"),
    err(D, &[("end = 2025-12-31", "end = 2020-12-31")], "horizon.end", "before horizon.start"),
    err(D, &[("replications = 1200", "replications = 0")], "replications", "at least 1"),
    err(D, &[("name = \"dafeng\"", "name = \" \"")], "name", "must not be empty"),
    err(D, &[("name = \"dafeng\"", "name = \"daf/eng\"")], "name", "folder name"),
    err(D, &[("cruise_kmh = 57.0", "cruise_kmh = nan")], "travel.cruise_kmh", "finite number"),
    // Zones and geography.
    err(O, &[(ONE_ZONE, ""), ("replications = 2\n", "replications = 2\nzones = []\n")], "zones", "at least one zone is needed"),
    err(D, &[("name = \"Fenghua\"", "name = \"Dazhong\"")], "zones[1].name", "defined twice"),
    err(O, &[("area_km2 = 4.0", "area_km2 = -1.0")], "zones[0].area_km2", ">= 0"),
    err(D, &[("core_area_km2 = 30.0", "area_km2 = 125.1\ncore_area_km2 = 30.0")], "zones[0].area_km2", "geography.boundary"),
    err(D, &[("weight = 175000", "weight = -175000")], "zones[0].weight", ">= 0"),
    err(D, &[("core_area_km2 = 30.0", "core_area_km2 = 300.0")], "zones[0].core_area_km2", "zone's area"),
    err(D, &[("core_share = 0.8", "core_share = 1.8")], "zones[0].core_share", "between 0 and 1"),
    err(D, &[("\nlat = 33.19973", "\nlat = 133.19973")], "zones[0].lat", "not a latitude"),
    err(D, &[("\nlon = 120.4578\n", "\nlon = 220.4578\n")], "zones[0].lon", "not a longitude"),
    err(D, &[("origin_lat = 33.19973", "origin_lat = 95.0")], "geography.origin.lat", "not a latitude"),
    err(D, &[("origin_lon = 120.45780\n", "")], "geography", "both origin_lat and origin_lon"),
    err(O, &[("weight = 1.0", "weight = 0.0")], "zones", "weight > 0"),
    // The boundary the zones tile, and the neighbours.
    err(D, &[("dafeng-district.geojson\"", "no-such-file.geojson\"")], "geography.boundary", "cannot read"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", "{")], "geography.boundary", "is not GeoJSON"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", OPEN_RING)], "geography.boundary", "does not close"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", SHORT_RING)], "geography.boundary", "at least 3"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", BAD_POSITION)], "geography.boundary", "fewer than two"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", OUT_OF_RANGE)], "geography.boundary", "not [longitude, latitude]"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", BOW_TIE)], "geography.boundary", "simple outline"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", TWO_SQUARES)], "geography.boundary", "one polygon"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", WITH_HOLE)], "geography.boundary", "holes"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", A_POINT)], "geography.boundary", "not a Polygon"),
    with_files(D, &[DAFENG_BOUNDARY], &[("land.geojson", NO_GEOMETRY)], "geography.boundary", "no geometry"),
    err(D, &[("\nlat = 33.19973", "\nlat = 33.9")], "zones[0]", "outside geography.boundary"),
    err(D, &[("dafeng-neighbours.geojson\"", "no-such-file.geojson\"")], "geography.neighbours", "cannot read"),
    with_files(D, &[DAFENG_NEIGHBOURS], &[("next.geojson", OPEN_RING)], "geography.neighbours", "does not close"),
    // Generated demand.
    err(D, &[("annual_rate = 800.0", "annual_rate = 800.0\nmode = \"replay\"")], "demand.mode", "recorded stream"),
    err(D, &[("annual_rate = 800.0", "")], "demand.annual_rate", "missing"),
    err(D, &[("annual_rate = 800.0", "annual_rate = -5.0")], "demand.annual_rate", "-5"),
    err(D, &[("growth_per_year = 0.03", "growth_per_year = -1.5")], "demand.growth_per_year", "> -1"),
    err(D, &[("hour_profile = [0.55, ", "hour_profile = [")], "demand.hour_profile", "needs 24 numbers, found 23"),
    err(D, &[("month_profile = [0.882,", "month_profile = [-0.882,")], "demand.month_profile", ">= 0"),
    warn(
        D,
        &[(
            "month_profile = [0.882, 0.882, 0.882, 0.882, 1.118, 1.118, 1.118, 1.118, 1.118, 1.118, 0.882, 0.882]",
            "month_profile = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]",
        )],
        "demand.month_profile",
        "average 2.00",
    ),
    // Recorded demand.
    err(O, &[("file = \"incidents.csv\"\n", "")], "demand.file", "incident CSV's file name"),
    err(
        O,
        &[("mode = \"replay\"", "mode = \"replay\"\nbootstrap = { block = \"day\", from = 2021-01-01, to = 2021-01-02 }")],
        "demand.bootstrap",
        "only for mode = \"bootstrap\"",
    ),
    err(O, &[("mode = \"replay\"", "mode = \"bootstrap\"")], "demand.bootstrap", "needs bootstrap"),
    err(
        O,
        &[("mode = \"replay\"", "mode = \"bootstrap\"\nbootstrap = { block = \"week\", from = 2021-01-01, to = 2021-01-02 }")],
        "demand.bootstrap",
        "shorter than one block",
    ),
    err(
        O,
        &[("mode = \"replay\"", "mode = \"bootstrap\"\nbootstrap = { block = \"day\", from = 2021-01-01T10:00:00, to = 2021-01-02 }")],
        "demand.bootstrap.from",
        "expected a date",
    ),
    err(O, &[("mode = \"replay\"", "mode = \"replay\"\nhour_profile = [1.0]")], "demand.hour_profile", "belongs to generated demand"),
    err(O, &[("file = \"incidents.csv\"", "file = \"no-such.csv\"")], "demand.file", "cannot read"),
    with_files(O, &[ONE_FILE], &[("incidents.csv", "id,when,lat,lon,incident_type\n")], "demand.file", "has no `time` column"),
    with_files(O, &[ONE_FILE], &[("incidents.csv", "id,time,zone\n")], "demand.file", "has no `incident_type` column"),
    with_files(O, &[ONE_FILE], &[("incidents.csv", "id,time,lat,incident_type\n")], "demand.file", "only one of the `lat` and `lon` columns"),
    with_files(O, &[ONE_FILE], &[("incidents.csv", "id,time,incident_type\n")], "demand.file", "a `zone` column"),
    // Unit kinds.
    err(D, &[("name = \"aerial\"", "name = \"engine\"")], "unit_kinds[2].name", "defined twice"),
    err(O, &[("crew = 4", "crew = 0")], "unit_kinds[0].crew", "must be a crew >= 1 and <= 255 firefighters"),
    err(D, &[("substitute_if_faster_by_s = 300.0", "substitute_if_faster_by_s = -300.0")], "unit_kinds[1].substitute_if_faster_by_s", ">= 0"),
    err(D, &[("substitutes = [\"engine\"]       # town", "substitutes = [\"tanker\"]       # town")], "unit_kinds[1].substitutes[0]", "unknown unit kind `tanker`"),
    // Incident types.
    err(O, &[(ONE_TYPE, ""), ("replications = 2\n", "replications = 2\nincident_types = []\n")], "incident_types", "at least one incident type"),
    err(D, &[("name = \"outdoor_fire\"", "name = \"structure_fire\"")], "incident_types[1].name", "defined twice"),
    err(D, &[("share = 0.08\n", "share = -0.08\n")], "incident_types[0].share", ">= 0"),
    err(
        D,
        &[("\"Economic Development Zone\" = 2.0 }   # G15 expressway toll gate", "\"Economic Development Zone\" = -2.0 }   # G15 expressway toll gate")],
        "incident_types[2].zone_factor.Economic Development Zone",
        ">= 0",
    ),
    err(D, &[("zone_factor = { \"Port EDZ\" = 3.0,", "zone_factor = { \"Atlantis\" = 3.0,")], "incident_types[5].zone_factor.Atlantis", "unknown zone"),
    err(O, &[(ONE_PLAN, "zone_factor = { town = 0.0 }\nplan = { units = [{ kind = \"engine\", count = 1 }] }")], "incident_types[0].zone_factor", "no zone with a weight"),
    err(O, &[(ONE_PLAN, "plan = { units = [] }")], "incident_types[0].plan.units", "at least one unit"),
    err(O, &[(ONE_PLAN, "plan = { units = [{ kind = \"tanker\", count = 1 }] }")], "incident_types[0].plan.units[0].kind", "unknown unit kind `tanker`"),
    err(O, &[(ONE_PLAN, "plan = { units = [{ kind = \"engine\", count = 0 }] }")], "incident_types[0].plan.units[0].count", "must be from 1 to 1000"),
    err(O, &[("share = 1.0", "share = 0.0")], "incident_types", "must not all be zero"),
    warn(D, &[("share = 0.08\n", "share = 0.38\n")], "incident_types", "shares sum to 1.30, normalised to 1"),
    // Place-dependent plans: zone tags, incident subtypes, specialist squads.
    err(D, &[("tags = [\"urban\"]", "tags = [\"\"]")], "zones[0].tags[0]", "must not be empty"),
    err(D, &[("name = \"high_rise_fire\"", "name = \"hazmat\"")], "incident_types[0].subtypes[0].name", "already defined"),
    err(D, &[("share = 0.3\n", "share = 1.5\n")], "incident_types[0].subtypes[0].share", "(0, 1]"),
    err(D, &[("name = \"high_rise_fire\"\nzone_tags = [\"urban\"]\n", "name = \"high_rise_fire\"\n")], "incident_types[0].subtypes[0]", "needs a place"),
    err(D, &[("zone_tags = [\"expressway\"]", "zones = [\"Atlantis\"]")], "incident_types[3].subtypes[0].zones[0]", "unknown zone `Atlantis`"),
    err(D, &[("zone_tags = [\"forest\"]", "zone_tags = [\"jungle\"]")], "incident_types[1].subtypes[0].zone_tags[0]", "no zone has the tag `jungle`"),
    err(D, &[("zone_tags = [\"expressway\"]", "zone_tags = [\"expressway\", \"urban\"]")], "incident_types[3].subtypes[0]", "matches no zone where `traffic_rescue` occurs"),
    err(D, &[("zone_tags = [\"no_hydrants\"]", "zone_tags = [\"urban\"]"), ("share = 0.6 ", "share = 0.8 ")], "incident_types[0].subtypes", "sum to 1.1"),
    err(D, &[("{ kind = \"forest_squad\", count = 1 }] }", "{ kind = \"tanker\", count = 1 }] }")], "incident_types[1].subtypes[0].plan.units[1].kind", "unknown unit kind `tanker`"),
    err(D, &[("mean_s = 10800.0", "mean_s = -10800.0")], "incident_types[0].subtypes[1].on_scene.mean_s", "> 0"),
    err(D, &[("squads = [{ kind = \"forest_squad\"", "squads = [{ kind = \"tanker\"")], "stations[2].squads[0].kind", "unknown unit kind `tanker`"),
    err(D, &[("kind = \"expressway_squad\", members = 10", "kind = \"expressway_squad\", members = 2")], "stations[8].squads[0].members", "cannot crew"),
    // crews: absence, premises, neighbours, kinds no plan can request
    err(D, &[("absence_rate = 0.08", "absence_rate = 1.5")], "staffing.absence_rate", "must be in [0, 1)"),
    err(D, &[("on_duty_fraction = 0.5", "on_duty_fraction = 0.95")], "staffing.on_duty_fraction", "absence"),
    err(D, &[("premises_extra_turnout_s = 60.0", "premises_extra_turnout_s = -5.0")], "staffing.premises_extra_turnout_s", "must be a number of seconds >= 0"),
    err(D, &[("availability = 0.8\nsource = \"GeoNames 1812228", "availability = 1.5\nsource = \"GeoNames 1812228")], "mutual_aid.stations[0].availability", "must be a share between 0 and 1"),
    err(D, &[("units = [\"engine\"]\navailability = 0.8\nsource = \"GeoNames 1812228", "units = [\"hovercraft\"]\navailability = 0.8\nsource = \"GeoNames 1812228")], "mutual_aid.stations[0].units[0]", "unknown unit kind `hovercraft`"),
    err(D, &[("units = [\"engine\"]\navailability = 0.8\nsource = \"GeoNames 1812228", "units = []\navailability = 0.8\nsource = \"GeoNames 1812228")], "mutual_aid.stations[0].units", "needs at least one unit"),
    warn(D, &[("{ kind = \"engine\", count = 2 }, { kind = \"aerial\", count = 1 }]", "{ kind = \"engine\", count = 3 }]")], "unit_kinds[2]", "no response plan or substitute rule can request `aerial`"),
    err(O, &[("value_s = 900.0", "value_s = -900.0")], "incident_types[0].on_scene.value_s", ">= 0"),
    // Response times (one per distribution's check).
    err(O, &[("value_s = 30.0", "value_s = -30.0")], "response.call_processing.value_s", ">= 0"),
    err(O, &[("turnout = { dist = \"fixed\", value_s = 60.0 }", "turnout = { dist = \"exponential\", mean_s = 0.0 }")], "response.turnout.mean_s", "> 0"),
    err(D, &[(DAFENG_CP, "call_processing = { dist = \"lognormal\", mean_s = -42.0, cv = 0.4 }")], "response.call_processing.mean_s", "> 0"),
    err(D, &[(DAFENG_CP, "call_processing = { dist = \"lognormal\", mean_s = 42.0, cv = -0.4 }")], "response.call_processing.cv", ">= 0"),
    err(O, &[("turnout = { dist = \"fixed\", value_s = 60.0 }", "turnout = { dist = \"uniform\", min_s = 60.0, max_s = 30.0 }")], "response.turnout", "min_s <= max_s"),
    // Stations.
    err(O, &[(ONE_STATION, ""), ("replications = 2\n", "replications = 2\nstations = []\n")], "stations", "at least one station"),
    err(D, &[("id = \"S02\"", "id = \"S01\"")], "stations[1].id", "defined twice"),
    err(D, &[("lat = 33.22\nlon = 120.78\nlocation_source", "lat = -91.0\nlon = 120.78\nlocation_source")], "stations[0].lat", "not a latitude"),
    err(D, &[("opens = 2022-07-01", "opens = 2022-07-01T08:00:00")], "stations[0].opens", "expected a date"),
    err(O, &[("units = [\"engine\"]", "units = [\"tanker\"]")], "stations[0].units[0]", "unknown unit kind `tanker`"),
    err(D, &[("on_duty_fraction = 0.5", "on_duty_fraction = 1.5")], "staffing.on_duty_fraction", "(0, 1]"),
    // Travel.
    err(D, &[("cruise_kmh = 57.0", "cruise_kmh = 0.0")], "travel.cruise_kmh", ">= 1"),
    err(D, &[("accel_ms2 = 0.40", "accel_ms2 = 0.0")], "travel.accel_ms2", "> 0"),
    err(D, &[("detour_factor = 1.3", "detour_factor = 0.9")], "travel.detour_factor", ">= 1"),
    err(D, &[("spread_cv = 0.25", "spread_cv = -0.25")], "travel.spread_cv", ">= 0"),
    err(M, &[("spread_cv = 0.1", "spread_cv = -0.1")], "travel.spread_cv", ">= 0"),
    err(M, &[("file = \"travel.csv\"", "file = \"no-such.csv\"")], "travel.file", "cannot read"),
    with_files(M, &[MATRIX_FILE], &[("travel.csv", "zone,station,travel_s\nnorth,N,fast\nnorth,S,400\nsouth,N,400\nsouth,S,120\n")], "travel.file line 2", "invalid float"),
    with_files(M, &[MATRIX_FILE], &[("travel.csv", "zone,station,seconds\nnorth,N,120\n")], "travel.file line 2", "missing field `travel_s`"),
    with_files(M, &[MATRIX_FILE], &[("travel.csv", "zone,station,travel_s\nnorth,N,120\nnorth,S,-400\nsouth,N,400\nsouth,S,120\n")], "travel.file line 3", "travel_s must be between 0 and 30 days"),
    with_files(M, &[MATRIX_FILE], &[("travel.csv", "zone,station,travel_s\nnorth,N,120\nnorth,S,400\neast,N,400\nsouth,N,400\nsouth,S,120\n")], "travel.file line 4", "unknown zone `east`"),
    with_files(M, &[MATRIX_FILE], &[("travel.csv", "zone,station,travel_s\nnorth,N,120\nnorth,S,400\nsouth,N,400\nsouth,S,120\nsouth,W,120\n")], "travel.file line 6", "unknown station `W`"),
    with_files(M, &[MATRIX_FILE], &[("travel.csv", "zone,station,travel_s\nnorth,N,120\nnorth,S,400\nsouth,N,400\n")], "travel.file", "1 zone × station pair(s) have no travel time"),
    // Mutual aid and standard.
    err(D, &[("delay_s = 900.0", "delay_s = -900.0")], "mutual_aid.delay_s", ">= 0"),
    err(D, &[("travel_s = 1800.0", "travel_s = -1800.0")], "mutual_aid.travel_s", ">= 0"),
    err(D, &[("first_arrival_s = 300.0", "first_arrival_s = 0.0")], "standard.first_arrival_s", "> 0"),
    err(D, &[("first_arrival_s = 300.0", "first_arrival_s = 300.0\nthresholds_s = [300.0, 450.5]")], "standard.thresholds_s[1]", "whole number of seconds"),
    err(D, &[("first_arrival_s = 300.0", "first_arrival_s = 300.0\ncompliance_target = 1.5")], "standard.compliance_target", "between 0 and 1"),
    // Micro fire stations and the district rule (issue 13).
    err(D, &[("availability = 0.6", "availability = 1.6")], "micro_stations.tiers[0].availability", "probability between 0 and 1"),
    err(D, &[("count = 185 ", "count = 0 ")], "micro_stations.tiers[0].count", "whole number from 1"),
    err(D, &[("speed_kmh = 15.0", "speed_kmh = 0.0")], "micro_stations.tiers[0].speed_kmh", "speed > 0"),
    err(D, &[("max_distance_km = 2.0", "max_distance_km = -2.0")], "micro_stations.tiers[0].max_distance_km", "distance >= 0"),
    err(D, &[("name = \"unit\"", "name = \"community\"")], "micro_stations.tiers[1].name", "names two tiers"),
    err(D, &[("name = \"unit\"", "name = \" \"")], "micro_stations.tiers[1].name", "must not be empty"),
    err(D, &[("mean_s = 90.0, cv = 0.5 }", "mean_s = -90.0, cv = 0.5 }")], "micro_stations.tiers[0].muster.mean_s", "> 0"),
    err(D, &[("polygon = [[33.22112, 120.54090],", "polygon = [[93.22112, 120.54090],")], "districts.urban_area.polygon[0]", "not a [latitude, longitude]"),
    err(D, &[("area_limit_km2 = 7.0 ", "area_limit_km2 = 0.0 ")], "districts.area_limit_km2", "area > 0"),
    err(D, &[("suburban_area_limit_km2 = 15.0", "suburban_area_limit_km2 = -15.0")], "districts.suburban_area_limit_km2", "area > 0"),
    err(M, &[("[staffing]", "[districts]\nurban_area = { polygon = [[30.0, 120.0], [30.01, 120.0], [30.01, 120.01]], source = \"test\" }\n\n[staffing]")], "districts", "not a zone × station matrix"),
    err(M, &[("[staffing]", "[districts]\nurban_area = { polygon = [[30.0, 120.0], [30.01, 120.0]], source = \"test\" }\n\n[staffing]")], "districts.urban_area.polygon", "at least 3"),
    err(M, &[("[staffing]", "[districts]\nurban_area = { polygon = [[30.0, 120.0], [30.01, 120.0], [30.02, 120.0]], source = \"test\" }\n\n[staffing]")], "districts.urban_area.polygon", "encloses no area"),
    err(M, &[("[staffing]", "[districts]\nurban_area = { polygon = [[30.0, 120.0], [30.01, 120.0], [30.01, 120.01]], source = \" \" }\n\n[staffing]")], "districts.urban_area.source", "where the outline comes from"),
    err(M, &[("[staffing]", "[[micro_stations.tiers]]\nname = \"x\"\ncount = 3\nplaced_by = \"industry\"\navailability = 0.5\nmuster = { dist = \"fixed\", value_s = 60.0 }\nspeed_kmh = 10.0\nmax_distance_km = 1.0\n\n[staffing]")], "micro_stations.tiers[0].placed_by", "finds no zone"),
    err(M, &[("[staffing]", "[micro_stations]\ntiers = []\n\n[staffing]")], "micro_stations.tiers", "at least one tier"),
    // Observed responses.
    err(O, &[("observed = \"observed.csv\"", "observed = \"no-such.csv\"")], "validation.observed", "cannot read"),
    with_files(O, &[ONE_OBSERVED], &[("observed.csv", "incident_id,unit,station\nA1,E1,S1\n")], "validation.observed", "has no `unit_kind` column"),
    err(
        O,
        &[("mode = \"replay\"", "mode = \"bootstrap\"\nbootstrap = { block = \"day\", from = 2021-01-01, to = 2021-01-01 }")],
        "validation",
        "replayed stream",
    ),
    err(D, &[("[mutual_aid]", "[validation]\nobserved = \"x.csv\"\n\n[mutual_aid]")], "validation", "need a recorded stream"),
    // Rollouts: names, inheritance, kind.
    err(O, &[(ONE_ROLLOUT, ""), ("replications = 2\n", "replications = 2\nrollouts = []\n")], "rollouts", "at least one rollout"),
    err(D, &[("name = \"even\"", "name = \"plan\"")], "rollouts[1].name", "defined twice"),
    err(D, &[("name_zh = \"平均招录\"", "name_zh = \" \"")], "rollouts[1].name_zh", "must not be blank"),
    err(D, &[("name_zh = \"平均招录\"", "name_zh = \"规划方案\"")], "rollouts[1].name_zh", "also the Chinese name of rollout `plan`"),
    err(D, &[("base = \"plan\"\nrecruits = [77", "base = \"planned\"\nrecruits = [77")], "rollouts[1].base", "unknown rollout `planned`"),
    err(D, &[("name = \"plan\"\n", "name = \"plan\"\nbase = \"even\"\n")], "rollouts[0].base", "cycle"),
    err(O, &[("kind = \"table\"\n", "")], "rollouts[0].kind", "missing"),
    err(D, &[("base = \"plan\"\nrecruits = [77", "base = \"plan\"\nrole = \"choice\"\nrecruits = [77")], "rollouts[1].role", "must be \"decision\""),
    // Construction delays (a state of the world, in every rollout).
    err(D, &[(DAFENG_BUILD, "delay_days = { 2021 = -1, 2022 = 0 }")], "construction.delay_days.2021", "whole number of days from 0 to 36500"),
    err(D, &[(DAFENG_BUILD, "delay_days = { 2030 = 10 }")], "construction.delay_days.2030", "no station opens in 2030"),
    err(D, &[(DAFENG_BUILD, "delay_days = { S02 = 10 }")], "construction.delay_days.S02", "open at the start of the horizon"),
    err(D, &[(DAFENG_BUILD, "delay_days = { soon = 10 }")], "construction.delay_days.soon", "neither a station id nor an opening year"),
    // Commissioning.
    err(
        D,
        &[("recruits = [77, 77, 77, 77, 76]", "recruits = [77, 77, 77, 77, 76]\nopens = { S99 = 2023-01-01 }")],
        "rollouts[1].opens.S99",
        "unknown station `S99`",
    ),
    err(D, &[(DAFENG_DELAYS, "opening_delays = [{ opening_year = 2022, years = 101 }]")], "rollouts[4].opening_delays[0].years", "0 to 100"),
    err(D, &[(DAFENG_DELAYS, "opening_delays = [{ opening_year = 2030, years = 1 }]")], "rollouts[4].opening_delays[0].opening_year", "no station opens in 2030"),
    err(D, &[(DAFENG_DELAYS, "opening_delays = [{ years = 1 }]")], "rollouts[4].opening_delays[0]", "either `stations` or `opening_year`"),
    err(D, &[(DAFENG_DELAYS, "opening_delays = [{ stations = [\"S02\"], years = 1 }]")], "rollouts[4].opening_delays[0]", "opens before the horizon"),
    err(O, &[("kind = \"table\"", "kind = \"table\"\ntemporary_units = { S1 = 2 }")], "rollouts[0].temporary_units.S1", "cannot exceed"),
    err(O, &[("kind = \"table\"", "kind = \"table\"\ntemporary_units = { S1 = -1 }")], "rollouts[0].temporary_units.S1", "whole number from 0 to 100000"),
    err(D, &[(DAFENG_COVER, "covered_by = { S20 = \"S20\" }")], "rollouts[0].covered_by.S20", "cannot cover itself"),
    err(D, &[(DAFENG_COVER, "covered_by = { S20 = \"S09\", S09 = \"S10\" }")], "rollouts[0].covered_by.S20", "no team of its own either"),
    err(O, &[("kind = \"table\"", "kind = \"table\"\non_duty_fraction = 0.0")], "rollouts[0].on_duty_fraction", "(0, 1]"),
    // Table rollouts.
    err(D, &[(DAFENG_TABLE, "kind = \"table\"\nallocation = \"opening_order\"\ncovered_by")], "rollouts[9].allocation", "belongs to `schedule` rollouts"),
    err(O, &[("headcount = { S1 = [{ from = 2021-01-01, firefighters = 4 }] }\n", "")], "rollouts[0].headcount", "needs a headcount table"),
    err(D, &[("S02 = [{ from = 2021-01-01, firefighters = 50 }]", "S99 = [{ from = 2021-01-01, firefighters = 50 }]")], "rollouts[9].headcount.S99", "unknown station `S99`"),
    err(D, &[("S02 = [{ from = 2021-01-01, firefighters = 50 }]", "S02 = [{ from = 2021-01-01, firefighters = -50 }]")], "rollouts[9].headcount.S02[0].firefighters", "whole number from 0 to 100000"),
    err(
        D,
        &[("S08 = [{ from = 2021-01-01, firefighters = 18 }, { from = 2022-01-01", "S08 = [{ from = 2021-01-01, firefighters = 18 }, { from = 2020-06-01")],
        "rollouts[9].headcount.S08[1].from",
        "date order",
    ),
    // Schedule rollouts.
    err(D, &[(DAFENG_TABLE, "kind = \"schedule\"\ncovered_by")], "rollouts[9].headcount", "belongs to `table` rollouts"),
    err(D, &[(DAFENG_INTAKE, "")], "rollouts[0].intake_date", "needs `intake_date`"),
    err(D, &[("induction_days = 92", "induction_days = -1")], "rollouts[0].induction_days", ">= 0"),
    err(D, &[("induction_days = 92", "induction_days = 5000")], "rollouts[0].induction_days", "longer than the horizon"),
    err(D, &[(DAFENG_RECRUITS, ""), (DAFENG_INTAKE, "intakes = [{ date = 2030-03-01, recruits = 5 }]\n")], "rollouts[0].intakes[0].recruits", "outside the horizon"),
    err(D, &[(DAFENG_RECRUITS, ""), (DAFENG_INTAKE, "intakes = [{ date = 2030-03-01, recruits = 5 }]\n")], "rollouts[1].recruits", "not both"),
    err(D, &[(DAFENG_RECRUITS, ""), (DAFENG_INTAKE, "intakes = [{ date = 2022-03-01T08:00:00, recruits = 5 }]\n")], "rollouts[0].intakes[0].date", "expected a date"),
    err(D, &[("intake_date = \"03-01\"", "intake_date = \"13-01\"")], "rollouts[0].intake_date", "month and day"),
    err(D, &[("recruits = [160, 80, 80, 32, 32]", "recruits = [160, 80, 80, 32, 32, 1]")], "rollouts[0].recruits", "6 yearly numbers"),
    err(D, &[("intake_date = \"03-01\"", "intake_date = \"02-29\"")], "rollouts[0].recruits[0]", "2021-02-29 is not a calendar date"),
    err(D, &[("recruits = [160,", "recruits = [-160,")], "rollouts[0].recruits[0]", "whole number from 0 to 100000"),
    err(D, &[(DAFENG_RECRUITS, "")], "rollouts[0].recruits", "needs `recruits`"),
    err(D, &[("attrition = { rate = 0.10", "attrition = { rate = 1.0")], "rollouts[0].attrition.rate", "[0, 1)"),
    err(D, &[("fixed_teams = { S02 = 50 }", "fixed_teams = { S02 = 50, S20 = 5 }")], "rollouts[0].fixed_teams.S20", "covered by another's team"),
    err(D, &[(DAFENG_START, "starting_headcount = { S02 = 5, S08 = 18,")], "rollouts[0].starting_headcount.S02", "fixed team"),
    err(D, &[(DAFENG_START, "starting_headcount = { S20 = 5, S08 = 18,")], "rollouts[0].starting_headcount.S20", "covered by another's team"),
    err(
        D,
        &[(DAFENG_START, "starting_headcount = { S02 = 5, S08 = 18,"), ("fixed_teams = { S02 = 50 }", "fixed_teams = {}")],
        "rollouts[0].starting_headcount.S02",
        "not a government station",
    ),
    err(D, &[(DAFENG_START, "starting_headcount = { S99 = 5, S08 = 18,")], "rollouts[0].starting_headcount.S99", "unknown station"),
    // [costs] and [constraints] (issue 22).
    err(D, &[("firefighter_year = 100000.0", "firefighter_year = 0.0")], "costs.firefighter_year", "must be an amount > 0"),
    err(D, &[("firefighter_year_growth = 0.05", "firefighter_year_growth = 0.9")], "costs.firefighter_year_growth", "between -0.5 and 0.5"),
    err(D, &[("recruitment_per_recruit = 5000.0", "recruitment_per_recruit = -1.0")], "costs.recruitment_per_recruit", "must be an amount >= 0"),
    err(D, &[("station_capital = { special_duty = 22000000.0,", "station_capital = { special_duty = -1.0,")], "costs.station_capital.special_duty", "must be an amount >= 0"),
    err(D, &[("vehicle_capital = { engine = 1500000.0,", "vehicle_capital = { boat = 1.0, engine = 1500000.0,")], "costs.vehicle_capital.boat", "is not a unit kind"),
    err(D, &[("discount_rate = 0.03", "discount_rate = 0.7")], "costs.discount_rate", "must be a rate in [0, 0.5)"),
    err(D, &[("currency = \"CNY\"", "currency = \" \"")], "costs.currency", "must name the currency"),
    err(D, &[("max_recruits_per_year = 200", "max_recruits_per_year = 0")], "constraints.max_recruits_per_year", "must be at least 1"),
    err(D, &[("max_recruits_per_year = 200", "max_recruits_per_year = 200\nbudget_total = -5.0")], "constraints.budget_total", "must be an amount > 0"),
    err(D, &[("grade_minimums = { special_duty = 45, provincial_first = 24, provincial_second = 16 }", "grade_minimums = {}")], "constraints.grade_minimums", "sets no minimum"),
    // Plausible ranges (issue 25, class 5; src/scenario/validate/ranges.rs): per field an
    // impossible value (an error) and an implausible one (a warning).
    err(D, &[("cruise_kmh = 57.0", "cruise_kmh = 570.0")], "travel.cruise_kmh", "must be a cruise speed >= 1 and <= 300 km/h"),
    warn(D, &[("cruise_kmh = 57.0", "cruise_kmh = 5.7")], "travel.cruise_kmh", "5.7 km/h is outside the plausible cruise speed of 10 to 120 km/h"),
    err(D, &[("cruise_kmh = 35.0", "cruise_kmh = 0.35")], "travel.area_types[0].cruise_kmh", "must be a cruise speed"),
    warn(D, &[("cruise_kmh = 35.0", "cruise_kmh = 150.0")], "travel.area_types[0].cruise_kmh", "outside the plausible cruise speed"),
    err(D, &[("accel_ms2 = 0.40", "accel_ms2 = 40.0")], "travel.accel_ms2", "must be an acceleration > 0 and <= 9.81 m/s²"),
    warn(D, &[("accel_ms2 = 0.40", "accel_ms2 = 4.0")], "travel.accel_ms2", "outside the plausible acceleration"),
    err(D, &[("detour_factor = 1.3", "detour_factor = 13.0")], "travel.detour_factor", "<= 10"),
    warn(D, &[("detour_factor = 1.3", "detour_factor = 2.6")], "travel.detour_factor", "outside the plausible detour factor of 1 to 2"),
    err(O, &[("crew = 4", "crew = 300")], "unit_kinds[0].crew", "<= 255 firefighters"),
    warn(O, &[("crew = 4", "crew = 40")], "unit_kinds[0].crew", "40 firefighters is outside the plausible crew of 1 to 20 firefighters"),
    err(D, &[("kind = \"expressway_squad\", members = 10", "kind = \"expressway_squad\", members = 20000")], "stations[8].squads[0].members", "must be a squad >= 1 and <= 10000 members"),
    warn(D, &[("kind = \"expressway_squad\", members = 10", "kind = \"expressway_squad\", members = 500")], "stations[8].squads[0].members", "outside the plausible squad"),
    err(O, &[("turnout = { dist = \"fixed\", value_s = 60.0 }", "turnout = { dist = \"fixed\", value_s = 3000000.0 }")], "response.turnout.value_s", "<= 2592000 s"),
    warn(O, &[("turnout = { dist = \"fixed\", value_s = 60.0 }", "turnout = { dist = \"fixed\", value_s = 900.0 }")], "response.turnout.value_s", "outside the plausible mean time of 0 to 600 s"),
    warn(D, &[(DAFENG_CP, "call_processing = { dist = \"uniform\", min_s = 0.0, max_s = 3600.0 }")], "response.call_processing.max_s", "outside the plausible mean time"),
    err(D, &[("mean_s = 10800.0", "mean_s = 3000000.0")], "incident_types[0].subtypes[1].on_scene.mean_s", "<= 2592000 s"),
    warn(D, &[("mean_s = 10800.0", "mean_s = 10.0")], "incident_types[0].subtypes[1].on_scene.mean_s", "outside the plausible mean time of 60 to 172800 s"),
    err(D, &[("annual_rate = 800.0", "annual_rate = 1e9")], "demand.annual_rate", "<= 100000000 incidents a year"),
    warn(D, &[("annual_rate = 800.0", "annual_rate = 0.5")], "demand.annual_rate", "outside the plausible rate"),
    err(O, &[("area_km2 = 4.0\nweight = 1.0", "area_km2 = 4.0\nweight = 8000000.0")], "zones[0].weight", "must be a population density"),
    warn(O, &[("area_km2 = 4.0\nweight = 1.0", "area_km2 = 4.0\nweight = 2000000.0")], "zones[0].weight", "500000 residents/km² is outside the plausible population density"),
    warn(D, &[("lat = 33.22\nlon = 120.78\nlocation_source", "lat = 36.22\nlon = 120.78\nlocation_source")], "stations[0]", "outside the plausible distance from the origin of 0 to 200 km"),
    warn(O, &[("origin_lat = 30.0", "origin_lat = 33.0")], "zones[0]", "outside the plausible distance from the origin"),
    // [optimise] (issue 23).
    err(D, &[(OPT_BASE, "[optimise]\nbase = \"nope\"")], "optimise.base", "no rollout `nope`"),
    err(D, &[(OPT_BASE, "[optimise]\nbase = \"plan_table\"")], "optimise.base", "only a `schedule` rollout"),
    err(D, &[(OPT_MIN, "recruits_min = [32, 32]")], "optimise.recruits_min", "gives 2 numbers; the base `plan` has 5 intakes"),
    err(D, &[(OPT_MIN, "recruits_min = [-1, 32, 32, 32, 32]")], "optimise.recruits_min[0]", "must be a whole number from 0 to"),
    err(D, &[(OPT_MAX, "recruits_max = [200, 200, 200, 200, 20]")], "optimise.recruits_max[4]", "is below recruits_min 32"),
    err(D, &[(OPT_MIN, "recruits_min = [170, 32, 32, 32, 32]")], "optimise.recruits_min[0]", "the base `plan`'s intake 160 is outside [170, 200]"),
    err(D, &[(OPT_MIN, "recruits_min = [32, 32, 32, 32, 201]"), (OPT_MAX, "recruits_max = [200, 200, 200, 200, 300]")], "optimise.recruits_min[4]", "above constraints.max_recruits_per_year"),
    err(D, &[("step = 16", "step = 0")], "optimise.step", "must be a whole number from 1 to"),
    err(D, &[("step = 16", "step = 16\ntotal_recruits_max = -1")], "optimise.total_recruits_max", "must be a whole number from 0 to"),
    err(D, &[("step = 16", "step = 16\ntotal_recruits_max = 100")], "optimise.total_recruits_max", "is below the sum of recruits_min (160)"),
    err(D, &[(OPT_ALLOC, "allocations = [\"demand_weighted\", \"demand_weighted\"]")], "optimise.allocations[1]", "names a policy twice"),
    err(D, &[("step = 16", "step = 16\ncost_max = -1.0")], "optimise.cost_max", "must be an amount > 0"),
    err(D, &[("step = 16", "step = 16\nyear_weights = [1.0]")], "optimise.year_weights", "gives 1 weights for 5 years"),
    err(D, &[("step = 16", "step = 16\nyear_weights = [1.0, 1.0, 1.0, 1.0, -1.0]")], "optimise.year_weights", "must be weights >= 0"),
    err(D, &[("finalists = 5", "finalists = 1")], "optimise.finalists", "must be a whole number from 2 to 20"),
    warn(D, &[("delay_days = { 2021 = 0, 2022 = 0 }", "delay_days = { 2021 = 365, 2022 = 0 }")], "optimise.opening_order", "opens no stations on two different dates"),
];

const OPT_BASE: &str = "[optimise]\nbase = \"plan\"";
const OPT_MIN: &str = "recruits_min = [32, 32, 32, 32, 32]";
const OPT_MAX: &str = "recruits_max = [200, 200, 200, 200, 200]";
const OPT_ALLOC: &str = "allocations = [\"opening_order\", \"grade_minimum_first\", \"demand_weighted\", \"coverage_greedy\"]";

/// Checks no scenario file can reach, left in as defence and not counted: a piece of the
/// check's source line, and why it cannot fire.
const UNREACHABLE: &[(&str, &str)] = &[(
    "is not a calendar date\"));",
    "the TOML parser already refuses a day the month does not have (2025-02-30: \"invalid \
     date, expected day between 01 and 28\"; 1900-02-29 too: it keeps the Gregorian leap \
     rules), and every TOML year (0000-9999) is in chrono's range",
)];

/// `text` with each `(from, to)` applied once; `from` must occur.
fn edited(text: &str, edits: &[(&str, &str)], tmp: &Path, what: &str) -> Result<String, String> {
    let mut text = text.to_string();
    for (from, to) in edits {
        if !text.contains(from) {
            return Err(format!(
                "{what}: `{from}` no longer occurs in the base scenario (update the row)"
            ));
        }
        text = text.replacen(from, &to.replace("{tmp}", s(tmp)), 1);
    }
    Ok(text)
}

/// A field path without the file name some fields carry: `travel.file (/a/b.csv) line 3`
/// → `travel.file line 3`.
fn bare_field(field: &str) -> String {
    match (field.find(" ("), field.rfind(')')) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &field[..a], &field[b + 1..]),
        _ => field.to_string(),
    }
}

/// A check's place in the source: file (from the crate root) and line.
type Site = (String, u32);

fn site_of(i: &Issue) -> Site {
    (i.site.file().replace('\\', "/"), i.site.line())
}

/// Run one row; return the sites of the problems that name its field, or why the row
/// failed.
fn run_row(row: &Row) -> Result<Vec<Site>, String> {
    let base = row.base.path();
    let what = format!("{:?} row `{}` ({})", row.base, row.field, row.says);
    let tmp = tempfile::tempdir().unwrap();
    for (name, content) in row.files {
        std::fs::write(tmp.path().join(name), content).unwrap();
    }
    let text = edited(
        &std::fs::read_to_string(&base).unwrap(),
        row.edits,
        tmp.path(),
        &what,
    )?;
    let found: Vec<Issue> = match (prepare::from_str(&text, &base), row.warning) {
        (Err(ScenarioError::Invalid { file, issues }), false) => {
            assert_eq!(file, base, "{what}: the error names the wrong file");
            issues
        }
        (Ok(s), true) => s.warnings,
        (other, _) => {
            return Err(format!(
                "{what}: expected {}, got {:?}",
                if row.warning {
                    "a valid scenario with a warning"
                } else {
                    "ScenarioError::Invalid"
                },
                other.map(|s| s.warnings)
            ));
        }
    };
    let named: Vec<&Issue> = found
        .iter()
        .filter(|i| bare_field(&i.field) == row.field)
        .collect();
    if !named.iter().any(|i| i.message.contains(row.says)) {
        return Err(format!(
            "{what}: no problem names `{}` saying `{}`; found:\n{}",
            row.field,
            row.says,
            found
                .iter()
                .map(|i| format!("  - {i}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    Ok(named.iter().map(|i| site_of(i)).collect())
}

/// Every check call site in `src/scenario/`: lines that call `.issue(`, `.check(`,
/// `.warn(` on the validator or `Issue::new(`, outside the bodies of those helpers
/// themselves (which only pass their caller's line on) and outside test modules.
fn check_sites() -> BTreeMap<Site, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    walk(&root.join("src/scenario"), &mut files);
    let helpers = ["issue", "warn", "check", "new", "range", "off_origin"];
    let mut sites = BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut in_fn = String::new();
        for (n, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("#[cfg(test)]") {
                break;
            }
            if t.starts_with("//") {
                continue;
            }
            if let Some(rest) = t
                .strip_prefix("fn ")
                .or_else(|| t.strip_prefix("pub fn "))
                .or_else(|| t.split_once(") fn ").map(|(_, r)| r))
            {
                in_fn = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
                    .to_string();
            }
            let calls = [
                ".issue(",
                ".check(",
                ".warn(",
                "Issue::new(",
                ".range(",
                ".off_origin(",
            ]
            .iter()
            .any(|c| t.contains(c));
            if calls && !helpers.contains(&in_fn.as_str()) {
                sites.insert((rel.clone(), n as u32 + 1), t.to_string());
            }
        }
    }
    sites
}

#[test]
fn every_scenario_check_has_a_row() {
    // The bases themselves are valid: a row's problem is the row's.
    for base in [Base::Dafeng, Base::One, Base::Matrix] {
        if let Err(e) = prepare::load(&base.path()) {
            panic!("base {base:?} does not load: {e}");
        }
    }
    let mut covered: BTreeSet<Site> = BTreeSet::new();
    let mut failed = vec![];
    for row in SCENARIO_ROWS {
        match run_row(row) {
            Ok(sites) => covered.extend(sites),
            Err(e) => failed.push(e),
        }
    }
    assert!(
        failed.is_empty(),
        "{} row(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );

    // `read_observed` (used by `firesim calibrate`) on a scenario that does not replay.
    let dafeng = prepare::load(&Base::Dafeng.path()).unwrap();
    let observed = Path::new("tests/fixtures/replay/observed.csv");
    match scenario::read_observed(&dafeng, observed, LoadOptions::default()) {
        Err(ScenarioError::Invalid { issues, .. }) => {
            let i = &issues[0];
            assert_eq!(bare_field(&i.field), "observed", "{i}");
            assert!(i.field.contains("observed.csv"), "{i}");
            assert!(i.message.contains("replays a recorded stream"), "{i}");
            covered.insert(site_of(i));
        }
        other => panic!("read_observed on a generated scenario: {other:?}"),
    }

    let mut sites = check_sites();
    for (piece, why) in UNREACHABLE {
        let dead: Vec<Site> = sites
            .iter()
            .filter(|(_, t)| t.contains(piece))
            .map(|(k, _)| k.clone())
            .collect();
        assert_eq!(dead.len(), 1, "UNREACHABLE `{piece}` matches {dead:?}");
        println!("not counted: {}:{} ({why})", dead[0].0, dead[0].1);
        sites.remove(&dead[0]);
    }
    let unknown: Vec<&Site> = covered.iter().filter(|c| !sites.contains_key(c)).collect();
    assert!(
        unknown.is_empty(),
        "issues came from lines the scan does not count as checks (fix check_sites): {unknown:?}"
    );
    let n = covered.len();
    let total = sites.len();
    let share = n as f64 / total as f64;
    println!(
        "error table: {} rows cover {n} of {total} validation checks in src/scenario ({:.0}%)",
        SCENARIO_ROWS.len() + 1,
        100.0 * share
    );
    let missing: Vec<String> = sites
        .iter()
        .filter(|(k, _)| !covered.contains(*k))
        .map(|((f, l), t)| format!("  {f}:{l}: {t}"))
        .collect();
    if !missing.is_empty() {
        println!("checks no row reaches:\n{}", missing.join("\n"));
    }
    assert!(
        share >= MIN_COVERAGE,
        "the error table covers {n} of {total} checks, below {:.0}%",
        100.0 * MIN_COVERAGE
    );
}

// ---------------------------------------------------------------------------------------
// Table 2: bad rows of the recorded incident and observed-responses CSVs
// ---------------------------------------------------------------------------------------

/// A bad row: the file's content after the header (line 2 a good row, line 3 the bad one)
/// and what its message must say.
struct CsvRow {
    what: &'static str,
    header: &'static str,
    good: &'static str,
    bad: &'static str,
    says: &'static str,
}

const INCIDENT_HEADER: &str = "id,time,lat,lon,zone,incident_type,call_processing_s,on_scene_s";
const INCIDENT_GOOD: &str = "A1,2021-01-01T09:00:00,30.0,120.0,,fire,,600";

const fn inc(what: &'static str, bad: &'static str, says: &'static str) -> CsvRow {
    CsvRow {
        what,
        header: INCIDENT_HEADER,
        good: INCIDENT_GOOD,
        bad,
        says,
    }
}

/// Every way an incident row can be bad (docs/incident-csv.md, "Bad rows").
#[rustfmt::skip]
const INCIDENT_ROWS: &[CsvRow] = &[
    inc("bad time", "A2,yesterday,30.0,120.0,,fire,,", "time `yesterday` is not an ISO 8601 local time"),
    inc("empty time", "A2,,30.0,120.0,,fire,,", "empty time"),
    inc("time outside the horizon", "A2,2021-01-05T10:00:00,30.0,120.0,,fire,,", "outside the period 2021-01-01 to 2021-01-02"),
    inc("unknown type", "A2,2021-01-01T10:00:00,30.0,120.0,,flood,,", "unknown incident type `flood`"),
    inc("empty type", "A2,2021-01-01T10:00:00,30.0,120.0,,,,", "empty incident_type"),
    inc("unknown zone", "A2,2021-01-01T10:00:00,,,city,fire,,", "unknown zone `city`"),
    inc("lat not a number", "A2,2021-01-01T10:00:00,north,120.0,,fire,,", "lat `north` is not a number"),
    inc("lon infinite", "A2,2021-01-01T10:00:00,30.0,inf,,fire,,", "lon `inf` is not a number"),
    inc("outside the region", "A2,2021-01-01T10:00:00,40.0,120.0,,fire,,", "outside the region"),
    inc("not a latitude", "A2,2021-01-01T10:00:00,130.0,120.0,,fire,,", "outside the region"),
    inc("only lat", "A2,2021-01-01T10:00:00,30.0,,,fire,,", "give both lat and lon"),
    inc("no place", "A2,2021-01-01T10:00:00,,,,fire,,", "needs lat and lon, or a zone"),
    inc("empty id", ",2021-01-01T10:00:00,30.0,120.0,,fire,,", "empty id"),
    inc("repeated id", "A1,2021-01-01T10:00:00,30.0,120.0,,fire,,", "id `A1` already used on line 2"),
    inc("negative on-scene time", "A2,2021-01-01T10:00:00,30.0,120.0,,fire,,-5", "on_scene_s -5 is negative"),
    inc("call processing not a number", "A2,2021-01-01T10:00:00,30.0,120.0,,fire,soon,", "call_processing_s `soon` is not a number"),
    inc("too few columns", "A2,2021-01-01T10:00:00", "empty incident_type"),
    inc("unterminated quote", "A2,\"2021-01-01T10:00:00,30.0,120.0,,fire,,", "time `2021-01-01T10:00:00,30.0,120.0,,fire,,"),
];

const OBSERVED_HEADER: &str =
    "incident_id,unit,unit_kind,station,dispatch,en_route,on_scene,clear,turnout_s,travel_s";
const OBSERVED_GOOD: &str = "A1,E1,engine,S1,2021-01-01T10:00:30,2021-01-01T10:01:40,2021-01-01T10:03:20,2021-01-01T10:13:20,,";

const fn obs(what: &'static str, bad: &'static str, says: &'static str) -> CsvRow {
    CsvRow {
        what,
        header: OBSERVED_HEADER,
        good: OBSERVED_GOOD,
        bad,
        says,
    }
}

/// Every way an observed-response row can be bad.
#[rustfmt::skip]
const OBSERVED_ROWS: &[CsvRow] = &[
    obs("unknown incident", "B9,E1,engine,S1,,,,,,", "unknown incident `B9`"),
    obs("empty incident", ",E1,engine,S1,,,,,,", "empty incident_id"),
    obs("empty unit", "A1,,engine,S1,,,,,,", "empty unit"),
    obs("unknown kind", "A1,E1,tanker,S1,,,,,,", "unknown unit kind `tanker`"),
    obs("empty kind", "A1,E1,,S1,,,,,,", "empty unit_kind"),
    obs("unknown station", "A1,E1,engine,S9,,,,,,", "unknown station `S9`"),
    obs("empty station", "A1,E1,engine,,,,,,,", "empty station"),
    obs("bad dispatch time", "A1,E1,engine,S1,noon,,,,,", "dispatch `noon` is not an ISO 8601 local time"),
    obs("bad en-route time", "A1,E1,engine,S1,,noon,,,,", "en_route `noon`"),
    obs("bad on-scene time", "A1,E1,engine,S1,,,noon,,,", "on_scene `noon`"),
    obs("bad clear time", "A1,E1,engine,S1,,,,noon,,", "clear `noon`"),
    obs("turnout not a number", "A1,E1,engine,S1,,,,,fast,", "turnout_s `fast` is not a number"),
    obs("travel not a number", "A1,E1,engine,S1,,,,,,nan", "travel_s `nan` is not a number"),
];

/// one.toml with its incident file (or, with `observed`, its observed file) replaced by a
/// file of `row`'s good and bad lines; the bad row must be the only one, on line 3.
fn bad_row_case(row: &CsvRow, observed: bool) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let (name, edit) = if observed {
        ("observed.csv", ONE_OBSERVED)
    } else {
        ("incidents.csv", ONE_FILE)
    };
    let csv = tmp.path().join(name);
    std::fs::write(&csv, format!("{}\n{}\n{}\n", row.header, row.good, row.bad)).unwrap();
    let base = Base::One.path();
    let text = edited(
        &std::fs::read_to_string(&base).unwrap(),
        &[edit],
        tmp.path(),
        row.what,
    )?;
    match prepare::from_str(&text, &base) {
        Err(ScenarioError::BadRows { files }) => {
            let [(file, rows)] = files.as_slice() else {
                return Err(format!("{}: bad rows in {} files", row.what, files.len()));
            };
            let listed: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
            if file != &csv || rows.len() != 1 || rows[0].line != 3 {
                return Err(format!(
                    "{}: expected line 3 of {} only, got {}: {listed:?}",
                    row.what,
                    csv.display(),
                    file.display()
                ));
            }
            if !rows[0].message.contains(row.says) {
                return Err(format!(
                    "{}: `{}` does not say `{}`",
                    row.what, rows[0], row.says
                ));
            }
        }
        other => return Err(format!("{}: expected BadRows, got {other:?}", row.what)),
    }
    // Skipping bad rows loads the scenario without the row.
    let s = prepare::from_str_with(
        &text,
        &base,
        LoadOptions {
            skip_bad_rows: true,
        },
    )
    .map_err(|e| format!("{}: --skip-bad-rows still fails: {e}", row.what))?;
    if s.skipped_rows() != 1 {
        return Err(format!("{}: {} rows skipped", row.what, s.skipped_rows()));
    }
    Ok(())
}

#[test]
fn every_bad_csv_row_is_named_with_its_line() {
    let failed: Vec<String> = INCIDENT_ROWS
        .iter()
        .map(|r| bad_row_case(r, false))
        .chain(OBSERVED_ROWS.iter().map(|r| bad_row_case(r, true)))
        .filter_map(Result::err)
        .collect();
    assert!(
        failed.is_empty(),
        "{} row(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    println!(
        "csv table: {} incident and {} observed-response bad rows",
        INCIDENT_ROWS.len(),
        OBSERVED_ROWS.len()
    );
}

#[test]
fn a_recorded_stream_gets_no_warning_about_shares_it_does_not_use() {
    // A replay never draws types from the shares (the SF import once wrote counts there).
    let base = Base::One.path();
    let text = std::fs::read_to_string(&base)
        .unwrap()
        .replacen("share = 1.0", "share = 0.7", 1);
    let s = prepare::from_str(&text, &base).unwrap();
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    // The same shares with generated demand are warned about (table row above).
}

// ---------------------------------------------------------------------------------------
// Table 3: every flag of every subcommand
// ---------------------------------------------------------------------------------------

/// A command line that must fail: its arguments (with placeholders, see [`Places`]), the
/// exit status (2: clap refused it; 1: firesim did) and what stderr must contain.
struct FlagRow {
    args: &'static [&'static str],
    status: i32,
    says: &'static [&'static str],
}

const fn flag(
    args: &'static [&'static str],
    status: i32,
    says: &'static [&'static str],
) -> FlagRow {
    FlagRow { args, status, says }
}

/// Scenarios the flag rows run: small and fast.
const TWO: &str = "tests/fixtures/two_crews.toml";
const DAFENG: &str = "scenarios/dafeng.toml";
const ONE: &str = "tests/fixtures/replay/one.toml";
const SF: &str = "scenarios/sf-2020-04.toml";
const SF_OBSERVED: &str = "data/sf/responses.csv";
const SF_CALLS: &str = "data/sf/sf-fire-calls-2020-04-07_13.csv";
const SF_STATIONS: &str = "data/sf/sf-fire-stations.csv";
const STAFFING: &str = "tests/fixtures/uncertain/shard-small-staffing.toml";
const OPT: &str = "tests/fixtures/optimise_small.toml";
const OPT_INFEASIBLE: &str = "tests/fixtures/optimise_infeasible.toml";
const OPT_MEDIUM: &str = "tests/fixtures/optimise_medium.toml";

/// Every flag with a bad value, every conflict, every missing argument. Placeholders:
/// `{out}` an output folder that must not be created, `{file}` an existing file that must
/// not change, `{empty}` an empty folder that must stay empty, `{long}` two_crews.toml
/// ending in 2200, `{badrows}` one.toml with a bad incident row (line 3), `{badobs}` an
/// observed-responses file with a bad row (line 3), `{badreport}` a folder with a broken
/// report_data.toml.
#[rustfmt::skip]
fn flag_rows() -> Vec<FlagRow> {
    vec![
        // firesim itself.
        flag(&[], 2, &["Usage: firesim <COMMAND>"]),
        flag(&["--bogus"], 2, &["--bogus"]),
        flag(&["frobnicate"], 2, &["unrecognized subcommand 'frobnicate'"]),
        flag(&["--version=2"], 2, &["--version"]),
        flag(&["--help=all"], 2, &["--help"]),
        // run
        flag(&["run"], 2, &["<SCENARIO>"]),
        flag(&["run", "no-such.toml", "--out", "{out}"], 1, &["no-such.toml"]),
        flag(&["run", TWO, "--out", "{out}", "--reps", "x"], 2, &["--reps", "'x'"]),
        flag(&["run", TWO, "--out", "{out}", "--reps", "0"], 1, &["--reps: must be at least 1"]),
        flag(&["run", TWO, "--out", "{out}", "--reps=-1"], 2, &["--reps", "'-1'"]),
        flag(&["run", TWO, "--out", "{out}", "--seed", "x"], 2, &["--seed", "'x'"]),
        flag(&["run", TWO, "--out", "{out}", "--seed=-1"], 2, &["--seed", "'-1'"]),
        flag(&["run", TWO, "--out", "{out}", "--threads", "many"], 2, &["--threads", "'many'"]),
        flag(&["run", TWO, "--out", "{out}", "--threads", "0"], 1, &["--threads: must be at least 1"]),
        flag(&["run", "{long}", "--out", "{out}", "--reps", "1"], 1, &["horizon.end", "180 years", "--allow-long-horizon"]),
        flag(&["run", TWO, "--out", "{out}", "--allow-long-horizon=yes"], 2, &["--allow-long-horizon"]),
        flag(&["run", TWO, "--out", "{out}", "--shard", "4/4"], 1, &["--shard: K = 4 is not below N = 4"]),
        flag(&["run", TWO, "--out", "{out}", "--shard", "half"], 1, &["--shard: `half` is not K/N"]),
        flag(&["run", TWO, "--out", "{out}", "--shards", "4"], 2, &["--shard <K/N|auto>"]),
        flag(&["run", TWO, "--out", "{out}", "--shard", "auto", "--shards", "x"], 2, &["--shards", "'x'"]),
        flag(&["run", TWO, "--out"], 2, &["--out"]),
        flag(&["run", TWO, "--reps", "1", "--out", "{file}"], 1, &["{file}"]),
        flag(&["run", TWO, "--out", "{out}", "--rollout", "nope"], 1, &["--rollout: no rollout `nope`", "three, four"]),
        flag(&["run", TWO, "--out", "{out}", "--rollout"], 2, &["--rollout"]),
        flag(&["run", TWO, "--out", "{out}", "--all-responses", "--no-responses"], 2, &["'--all-responses' cannot be used with '--no-responses'"]),
        flag(&["run", TWO, "--out", "{out}", "--all-responses=1"], 2, &["--all-responses"]),
        flag(&["run", TWO, "--out", "{out}", "--no-responses=1"], 2, &["--no-responses"]),
        flag(&["run", "{badrows}", "--out", "{out}", "--reps", "1"], 1, &["incidents.csv", "line 3", "--skip-bad-rows"]),
        flag(&["run", "{badrows}", "--out", "{out}", "--skip-bad-rows=1"], 2, &["--skip-bad-rows"]),
        // compare
        flag(&["compare"], 2, &["<SCENARIO>"]),
        flag(&["compare", TWO, "--out", "{out}", "--rollouts", "three,nope"], 1, &["--rollouts: no rollout `nope`"]),
        flag(&["compare", TWO, "--out", "{out}", "--rollouts", "three,three"], 1, &["--rollouts: `three` is named twice"]),
        flag(&["compare", TWO, "--out", "{out}", "--rollouts"], 2, &["--rollouts"]),
        flag(&["compare", TWO, "--out", "{out}", "--baseline", "nope"], 1, &["--baseline: no rollout `nope`"]),
        flag(&["compare", TWO, "--out", "{out}", "--rollouts", "three", "--baseline", "four"], 1, &["--baseline: `four` is not among the compared rollouts"]),
        flag(&["compare", TWO, "--out", "{out}", "--reps", "1"], 1, &["--reps", "at least 2"]),
        flag(&["compare", TWO, "--out", "{out}", "--reps", "two"], 2, &["--reps", "'two'"]),
        flag(&["compare", TWO, "--out", "{out}", "--seed", "1.5"], 2, &["--seed", "'1.5'"]),
        flag(&["compare", TWO, "--out", "{out}", "--reps", "2", "--threads", "0"], 1, &["--threads: must be at least 1"]),
        flag(&["compare", TWO, "--out", "{out}", "--threads=-2"], 2, &["--threads", "'-2'"]),
        flag(&["compare", "{long}", "--out", "{out}", "--reps", "2"], 1, &["horizon.end", "--allow-long-horizon"]),
        flag(&["compare", TWO, "--out", "{out}", "--allow-long-horizon=1"], 2, &["--allow-long-horizon"]),
        flag(&["compare", TWO, "--out", "{out}", "--shard", "0/0"], 1, &["--shard: N must be at least 1"]),
        flag(&["compare", TWO, "--out", "{out}", "--shards", "2"], 2, &["--shard <K/N|auto>"]),
        flag(&["compare", TWO, "--out", "{out}", "--year", "1999"], 1, &["--year: 1999 is not in the scenario's horizon"]),
        flag(&["compare", TWO, "--out", "{out}", "--year", "last"], 2, &["--year", "'last'"]),
        flag(&["compare", TWO, "--reps", "2", "--out", "{file}"], 1, &["{file}"]),
        flag(&["compare", TWO, "--out"], 2, &["--out"]),
        flag(&["compare", TWO, "--out", "{out}", "--lang", "fr"], 2, &["--lang", "'fr'"]),
        flag(&["run", TWO, "--out", "{out}", "--lang", "fr"], 2, &["--lang", "'fr'"]),
        // robustness (refused before anything runs)
        flag(&["robustness", DAFENG, "--out", "{out}", "--points", "0"], 1, &["--points: between 2 and 65536"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--points", "x"], 2, &["--points", "'x'"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--reps", "0"], 1, &["--reps: at least 2"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--rollouts", "nope"], 1, &["--rollouts: no rollout `nope`"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--baseline", "nope"], 1, &["--baseline: no rollout `nope`"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--seed", "x"], 2, &["--seed", "'x'"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--threads", "0"], 1, &["--threads: must be at least 1"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--bootstrap", "0"], 1, &["--bootstrap: at least 10"]),
        // robustness: the one budget, before anything runs
        flag(&["robustness", "{long}", "--uncertain", STAFFING, "--uncertain-only", "--out", "{out}"], 1, &["horizon.end", "180 years", "--allow-long-horizon"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--allow-long-horizon=yes"], 2, &["--allow-long-horizon"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--points", "65536", "--reps", "100000"], 1, &["--reps, --points", "of memory"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--bootstrap", "1000000000000"], 1, &["--bootstrap, --points", "of memory"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--threads", "100000"], 1, &["--threads: 100000 is more than"]),
        flag(&["run", TWO, "--out", "{out}", "--threads", "100000"], 1, &["--threads: 100000 is more than"]),
        flag(&["compare", TWO, "--out", "{out}", "--threads", "100000"], 1, &["--threads: 100000 is more than"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--uncertain", "no-such.toml"], 1, &["cannot read no-such.toml"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--uncertain-only"], 2, &["--uncertain <UNCERTAIN>"]),
        flag(&["robustness", TWO, "--out", "{out}"], 1, &["no [[uncertain]] entries"]),
        flag(&["robustness", DAFENG, "--out"], 2, &["--out"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--lang", "fr"], 2, &["--lang", "'fr'"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--rollouts", "plan,no_attrition"], 1, &["--rollouts: `no_attrition` is a state of the world"]),
        flag(&["robustness", DAFENG, "--out", "{out}", "--baseline", "plan_table"], 1, &["--baseline: `plan_table` is a state of the world"]),
        // compare: rollout fragments
        flag(&["compare", TWO, "--out", "{out}", "--add-rollouts", "no-such.toml"], 1, &["no-such.toml"]),
        flag(&["compare", TWO, "--out", "{out}", "--add-rollouts", "{file}"], 1, &["{file}"]),
        flag(&["compare", TWO, "--out", "{out}", "--add-rollouts"], 2, &["--add-rollouts"]),
        // optimise (refused before anything runs)
        flag(&["optimise"], 2, &["<SCENARIO>"]),
        flag(&["optimise", TWO, "--out", "{out}"], 1, &["optimise: the scenario declares no choices", "[optimise]"]),
        flag(&["optimise", OPT, "--out", "{out}", "--delta", "0"], 1, &["--delta: must be a number > 0"]),
        flag(&["optimise", OPT, "--out", "{out}", "--delta=-2"], 1, &["--delta: must be a number > 0"]),
        flag(&["optimise", OPT, "--out", "{out}", "--delta", "x"], 2, &["--delta", "'x'"]),
        flag(&["optimise", OPT, "--out", "{out}", "--alpha", "1"], 1, &["--alpha: must be in (0, 1)"]),
        flag(&["optimise", OPT, "--out", "{out}", "--alpha", "0"], 1, &["--alpha: must be in (0, 1)"]),
        flag(&["optimise", OPT, "--out", "{out}", "--evaluations", "0"], 1, &["--evaluations: must be at least 1"]),
        flag(&["optimise", OPT, "--out", "{out}", "--evaluations=-5"], 2, &["--evaluations", "'-5'"]),
        flag(&["optimise", OPT, "--out", "{out}", "--check-reps", "1"], 1, &["--check-reps: must be at least 2"]),
        flag(&["optimise", OPT, "--out", "{out}", "--objective", "p50"], 2, &["--objective", "'p50'"]),
        flag(&["optimise", OPT, "--out", "{out}", "--seed", "x"], 2, &["--seed", "'x'"]),
        flag(&["optimise", OPT, "--out", "{out}", "--threads", "0"], 1, &["--threads: must be at least 1"]),
        flag(&["optimise", OPT, "--out", "{out}", "--lang", "fr"], 2, &["--lang", "'fr'"]),
        flag(&["optimise", OPT, "--out"], 2, &["--out"]),
        flag(&["optimise", OPT_INFEASIBLE, "--out", "{out}"], 1, &["optimise: no rollout within [optimise]'s bounds", "optimise.recruits_min"]),
        flag(&["optimise", OPT, "--out", "{out}", "--uncertain"], 1, &["--uncertain:", "has no [[uncertain]] inputs"]),
        flag(&["optimise", OPT, "--out", "{out}", "--points", "4"], 2, &["--uncertain"]),
        flag(&["optimise", OPT_MEDIUM, "--out", "{out}", "--uncertain", "--points", "0"], 1, &["--points: between 1 and"]),
        flag(&["optimise", OPT, "--out", "{out}", "--shard", "3/2"], 1, &["--shard: K = 3 is not below N = 2"]),
        flag(&["optimise", OPT, "--out", "{out}", "--shard", "half"], 1, &["--shard: `half` is not K/N"]),
        flag(&["optimise", OPT, "--out", "{out}", "--shards", "2"], 2, &["--shard <K/N|auto>"]),
        // travel
        flag(&["travel", "no-such.toml"], 1, &["no-such.toml"]),
        flag(&["travel", TWO, "--out"], 2, &["--out"]),
        // merge
        flag(&["merge", "{empty}", "--out", "{out}"], 1, &["no partial files"]),
        flag(&["merge", "{empty}", "--out"], 2, &["--out"]),
        // report
        flag(&["report"], 2, &["<DIR>"]),
        flag(&["report", "{empty}", "--lang", "fr"], 2, &["--lang", "'fr'"]),
        flag(&["report", "{empty}", "--out"], 2, &["--out"]),
        flag(&["report", "{empty}"], 1, &["report_data.toml", "firesim compare"]),
        flag(&["report", "{badreport}"], 1, &["report_data.toml is not a firesim report_data.toml"]),
        flag(&["report", "{empty}", "--bogus"], 2, &["--bogus"]),
        // rollout
        flag(&["rollout"], 2, &["<SCENARIO>"]),
        flag(&["rollout", TWO, "--out", "{out}", "--rollout", "nope"], 1, &["--rollout: no rollout `nope`"]),
        flag(&["rollout", TWO, "--out", "{out}", "--rollout"], 2, &["--rollout"]),
        flag(&["rollout", TWO, "--out", "{file}"], 1, &["{file}"]),
        flag(&["rollout", TWO, "--out"], 2, &["--out"]),
        // calibrate
        flag(&["calibrate", ONE], 2, &["--observed <OBSERVED>"]),
        flag(&["calibrate", ONE, "--observed", "no-such.csv", "--out", "{out}"], 1, &["no-such.csv", "cannot read"]),
        flag(&["calibrate", TWO, "--observed", SF_OBSERVED, "--out", "{out}"], 1, &["observed", "replays a recorded stream"]),
        flag(&["calibrate", ONE, "--observed", "{badobs}", "--out", "{out}"], 1, &["line 3", "unknown station `S9`", "--skip-bad-rows"]),
        flag(&["calibrate", ONE, "--observed", "{badobs}", "--out", "{out}", "--skip-bad-rows=yes"], 2, &["--skip-bad-rows"]),
        flag(&["calibrate", SF, "--observed", SF_OBSERVED, "--out", "{out}", "--kind", "tanker"], 1, &["--kind: no unit kind `tanker`"]),
        flag(&["calibrate", SF, "--observed", SF_OBSERVED, "--out", "{out}", "--kind"], 2, &["--kind"]),
        flag(&["calibrate", SF, "--observed", SF_OBSERVED, "--out", "{out}", "--detour", "0.5"], 1, &["--detour: must be a number >= 1"]),
        flag(&["calibrate", SF, "--observed", SF_OBSERVED, "--out", "{out}", "--detour", "nan"], 1, &["--detour: must be a number >= 1"]),
        flag(&["calibrate", SF, "--observed", SF_OBSERVED, "--out", "{out}", "--detour", "long"], 2, &["--detour", "'long'"]),
        flag(&["calibrate", SF, "--observed", SF_OBSERVED, "--out", "{empty}"], 1, &["{empty} is a folder where a result file goes"]),
        flag(&["calibrate", SF, "--observed", SF_OBSERVED, "--out"], 2, &["--out"]),
        // validate
        flag(&["validate"], 2, &["<SCENARIO>"]),
        flag(&["validate", "no-such.toml"], 1, &["no-such.toml"]),
        flag(&["validate", TWO, "--reps", "1"], 2, &["--reps"]),
        // import
        flag(&["import"], 2, &["Usage: firesim import <COMMAND>"]),
        flag(&["import", "sf-calls", "--stations", SF_STATIONS, "--out", "{out}"], 2, &["<CALLS>"]),
        flag(&["import", "sf-calls", SF_CALLS, "--out", "{out}"], 2, &["--stations <STATIONS>"]),
        flag(&["import", "sf-calls", SF_CALLS, "--stations", SF_STATIONS], 2, &["--out <OUT>"]),
        flag(&["import", "sf-calls", SF_CALLS, "--stations", "no-such.csv", "--out", "{out}"], 1, &["cannot read no-such.csv"]),
        flag(&["import", "sf-calls", "no-such.csv", "--stations", SF_STATIONS, "--out", "{out}"], 1, &["cannot read no-such.csv"]),
        flag(&["import", "sf-calls", SF_CALLS, "--stations", SF_STATIONS, "--out", "{file}"], 1, &["{file}"]),
        flag(&["import", "sf-calls", SF_CALLS, "--stations", SF_STATIONS, "--out"], 2, &["--out"]),
        flag(&["import", "sf-calls", SF_CALLS, "--stations", SF_STATIONS, "--out", "{out}", "--bbox", "1,2,3"], 2, &["--bbox", "expected 4 numbers"]),
        flag(&["import", "sf-calls", SF_CALLS, "--stations", SF_STATIONS, "--out", "{out}", "--bbox", "10,10,11,11"], 1, &["no incidents to import", "--bbox", "nothing was written"]),
    ]
}

/// The files a flag row's placeholders stand for.
struct Places {
    _tmp: tempfile::TempDir,
    map: Vec<(&'static str, String)>,
    out: PathBuf,
    file: PathBuf,
    empty: PathBuf,
}

const FILE_TEXT: &str = "not results: must survive\n";

impl Places {
    fn new() -> Places {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path();
        let (out, file, empty) = (p.join("out"), p.join("file"), p.join("empty"));
        std::fs::write(&file, FILE_TEXT).unwrap();
        std::fs::create_dir(&empty).unwrap();
        let long = p.join("long.toml");
        let two = std::fs::read_to_string(TWO).unwrap();
        assert!(two.contains("end = 2021-06-30"));
        std::fs::write(
            &long,
            two.replacen("end = 2021-06-30", "end = 2200-06-30", 1),
        )
        .unwrap();
        // one.toml in a folder of its own with a bad incident row on line 3.
        let bad = p.join("badrows");
        std::fs::create_dir(&bad).unwrap();
        for f in ["one.toml", "observed.csv"] {
            std::fs::copy(Path::new("tests/fixtures/replay").join(f), bad.join(f)).unwrap();
        }
        std::fs::write(
            bad.join("incidents.csv"),
            format!("{INCIDENT_HEADER}\n{INCIDENT_GOOD}\nA2,yesterday,30.0,120.0,,fire,,\n"),
        )
        .unwrap();
        let badobs = p.join("badobs.csv");
        std::fs::write(
            &badobs,
            format!("{OBSERVED_HEADER}\n{OBSERVED_GOOD}\nA1,E1,engine,S9,,,,,,\n"),
        )
        .unwrap();
        let badreport = p.join("badreport");
        std::fs::create_dir(&badreport).unwrap();
        std::fs::write(badreport.join("report_data.toml"), "title = 3\n").unwrap();
        let map = vec![
            ("{out}", s(&out).to_string()),
            ("{file}", s(&file).to_string()),
            ("{empty}", s(&empty).to_string()),
            ("{long}", s(&long).to_string()),
            ("{badrows}", s(&bad.join("one.toml")).to_string()),
            ("{badobs}", s(&badobs).to_string()),
            ("{badreport}", s(&badreport).to_string()),
        ];
        Places {
            _tmp: tmp,
            map,
            out,
            file,
            empty,
        }
    }

    fn fill(&self, arg: &str) -> String {
        self.map
            .iter()
            .fold(arg.to_string(), |a, (k, v)| a.replace(k, v))
    }

    /// Nothing was written: no output folder, the file and the empty folder untouched.
    fn untouched(&self) -> Result<(), String> {
        if self.out.exists() {
            return Err("the output folder was created".into());
        }
        if std::fs::read_to_string(&self.file).unwrap() != FILE_TEXT {
            return Err("the existing file was changed".into());
        }
        let left: Vec<_> = std::fs::read_dir(&self.empty).unwrap().collect();
        if !left.is_empty() {
            return Err(format!(
                "{} file(s) written in the empty folder",
                left.len()
            ));
        }
        Ok(())
    }
}

/// The flags a subcommand's `--help` lists.
fn help_flags(sub: &[&str]) -> Vec<String> {
    let mut args = sub.to_vec();
    args.push("--help");
    let o = firesim(&args);
    assert!(o.status.success(), "{args:?}");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let t = t
                .strip_prefix("-h, ")
                .or_else(|| t.strip_prefix("-V, "))
                .unwrap_or(t);
            t.starts_with("--")
                .then(|| t.split([' ', '=']).next().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn every_flag_has_a_bad_value_row() {
    let rows = flag_rows();
    let mut failed = vec![];
    for row in &rows {
        let places = Places::new();
        let args: Vec<String> = row.args.iter().map(|a| places.fill(a)).collect();
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = firesim(&argv);
        let err = stderr(&o);
        let mut problems = vec![];
        if o.status.code() != Some(row.status) {
            problems.push(format!(
                "exit {:?}, expected {}",
                o.status.code(),
                row.status
            ));
        }
        for want in row.says {
            let want = places.fill(want);
            if !err.contains(&want) {
                problems.push(format!("stderr lacks `{want}`"));
            }
        }
        if let Err(e) = places.untouched() {
            problems.push(e);
        }
        if !problems.is_empty() {
            failed.push(format!(
                "firesim {}: {}\n{err}",
                row.args.join(" "),
                problems.join("; ")
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} row(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );

    // Every flag `--help` lists has a row.
    let subs: &[&[&str]] = &[
        &[],
        &["run"],
        &["compare"],
        &["optimise"],
        &["report"],
        &["rollout"],
        &["calibrate"],
        &["validate"],
        &["import"],
        &["import", "sf-calls"],
    ];
    let mut flags = 0;
    let mut missing = vec![];
    for sub in subs {
        for f in help_flags(sub) {
            flags += 1;
            let has = rows.iter().any(|r| {
                r.args.len() > sub.len()
                    && r.args[..sub.len()] == **sub
                    && (sub.is_empty() || !r.args[sub.len()].starts_with("sf-"))
                    && r.args[sub.len()..]
                        .iter()
                        .any(|a| *a == f || a.starts_with(&format!("{f}=")))
            });
            let has = has
                || (f == "--help" || f == "--version")
                    && rows
                        .iter()
                        .any(|r| r.args.iter().any(|a| a.starts_with(&format!("{f}="))));
            if !has {
                missing.push(format!("firesim {} {f}", sub.join(" ")));
            }
        }
    }
    println!(
        "flag table: {} rows; {} of {flags} flags (from --help) have a row",
        rows.len(),
        flags - missing.len()
    );
    assert!(missing.is_empty(), "flags without a row: {missing:?}");
}

// ---------------------------------------------------------------------------------------
// Table 4: the SF calls importer's input files
// ---------------------------------------------------------------------------------------

/// A bad SF input: which file (`stations` or `calls`), the change to its header or first
/// data row, and what the error must say (after the file's path).
struct SfRow {
    file: &'static str,
    change: SfChange,
    says: &'static str,
}

enum SfChange {
    /// Rename a column.
    Header(&'static str, &'static str),
    /// Set a cell of the first data row.
    Cell(&'static str, &'static str),
    /// Add a cell to the first data row (a row longer than the header).
    ExtraCell,
}

#[rustfmt::skip]
const SF_ROWS: &[SfRow] = &[
    SfRow { file: "stations", change: SfChange::Header("lat", "latitude"), says: ": no `lat` column" },
    SfRow { file: "stations", change: SfChange::Header("units", "vehicles"), says: ": no `units` column" },
    SfRow { file: "stations", change: SfChange::Cell("lat", "north"), says: " line 2: lat `north` is not a number" },
    SfRow { file: "stations", change: SfChange::Cell("lon", "inf"), says: " line 2: lon `inf` is not a number" },
    SfRow { file: "stations", change: SfChange::Cell("station", "X1"), says: " line 2: station `X1` is not a number" },
    SfRow { file: "stations", change: SfChange::ExtraCell, says: " line 2" },
    SfRow { file: "calls", change: SfChange::Header("Call Number", "Call No"), says: ": no `Call Number` column (not an SF calls file?)" },
    SfRow { file: "calls", change: SfChange::Header("Unit Type", "Type"), says: ": no `Unit Type` column" },
    SfRow { file: "calls", change: SfChange::Cell("Call Number", ""), says: " line 2: empty Call Number" },
    SfRow { file: "calls", change: SfChange::Cell("Received DtTm", "yesterday"), says: " line 2: Received DtTm `yesterday` is not a time" },
    SfRow { file: "calls", change: SfChange::ExtraCell, says: " line 2" },
];

/// The header and first data row of a shipped SF file.
fn head(path: &str) -> (Vec<String>, Vec<String>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().iter().map(String::from).collect();
    let row = r.records().next().unwrap().unwrap();
    (h, row.iter().map(String::from).collect())
}

fn write_csv(path: &Path, header: &[String], row: &[String]) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    w.write_record(header).unwrap();
    w.write_record(row).unwrap();
    w.flush().unwrap();
}

#[test]
fn every_bad_sf_input_is_named_with_its_file_and_line() {
    let mut failed = vec![];
    for row in SF_ROWS {
        let tmp = tempfile::tempdir().unwrap();
        let (stations, calls, out) = (
            tmp.path().join("stations.csv"),
            tmp.path().join("calls.csv"),
            tmp.path().join("out"),
        );
        for (name, shipped, path) in [
            ("stations", SF_STATIONS, &stations),
            ("calls", SF_CALLS, &calls),
        ] {
            let (mut h, mut r) = head(shipped);
            if name == row.file {
                match row.change {
                    SfChange::Header(from, to) => {
                        let c = h.iter().position(|x| x == from).expect("a shipped column");
                        h[c] = to.to_string();
                    }
                    SfChange::Cell(col, v) => {
                        let c = h.iter().position(|x| x == col).expect("a shipped column");
                        r[c] = v.to_string();
                    }
                    SfChange::ExtraCell => r.push("extra".into()),
                }
            }
            write_csv(path, &h, &r);
        }
        let o = firesim(&[
            "import",
            "sf-calls",
            s(&calls),
            "--stations",
            s(&stations),
            "--out",
            s(&out),
        ]);
        let err = stderr(&o);
        let bad = if row.file == "stations" {
            &stations
        } else {
            &calls
        };
        let want = format!("{}{}", bad.display(), row.says);
        if o.status.code() != Some(1) || !err.contains(&want) || out.exists() {
            failed.push(format!(
                "{} {}: exit {:?}, out written: {}, expected `{want}` in:\n{err}",
                row.file,
                row.says,
                o.status.code(),
                out.exists()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} row(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    println!(
        "sf import table: {} bad stations/calls inputs",
        SF_ROWS.len()
    );
}
