//! `firesim calibrate`: fit the travel model, its spread and the turnout distribution to
//! observed responses of a replayed scenario, print the fit and write the parameters.

use super::load;
use crate::calibrate::{self, MIN_DISTANCE_KM, ON_THE_ROAD_S};
use crate::report;
use crate::scenario::{self, LoadOptions};
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct CalibrateArgs {
    /// The scenario (it must replay the recorded stream the responses belong to).
    scenario: PathBuf,
    /// The observed-responses CSV (docs/incident-csv.md).
    #[arg(long)]
    observed: PathBuf,
    /// Write the fitted parameters here (a TOML fragment for the scenario).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Unit kind to fit (its responses only).
    #[arg(long, default_value = "engine")]
    kind: String,
    /// The detour factor, held fixed (only detour/acceleration and detour/speed are
    /// identified by distance–time pairs).
    #[arg(long, default_value_t = 1.3)]
    detour: f64,
    /// Skip bad rows of the observed file instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
}

pub(crate) fn run(args: CalibrateArgs) -> Result<()> {
    if !(args.detour.is_finite() && args.detour >= 1.0) {
        bail!("--detour: must be a number >= 1");
    }
    let scenario = load(&args.scenario)?;
    let observed = scenario::read_observed(
        &scenario,
        &args.observed,
        LoadOptions {
            skip_bad_rows: args.skip_bad_rows,
        },
    )?;
    let kind = scenario
        .unit_kinds
        .iter()
        .position(|k| k.name == args.kind)
        .with_context(|| format!("--kind: no unit kind `{}` in the scenario", args.kind))?;
    let s = calibrate::samples(&scenario, &observed, kind);
    if let crate::travel::AnyTravel::Network(net) = &scenario.travel {
        return network(&args, net, &s, observed.skipped.len());
    }
    let travel = calibrate::fit_travel(&s.travel, args.detour).with_context(|| {
        format!(
            "too few usable {} travel times to fit ({} of {} responses)",
            args.kind,
            s.travel.len(),
            s.responses
        )
    })?;
    let turnout = calibrate::fit_lognormal(&s.turnout_s)
        .with_context(|| format!("too few usable {} turnout times", args.kind))?;

    let mut t = String::new();
    let f = &travel;
    writeln!(
        t,
        "calibration on {} ({} {} responses; {} skipped bad rows)",
        args.observed.display(),
        s.responses,
        args.kind,
        observed.skipped.len()
    )?;
    writeln!(
        t,
        "  left out: {} not at their station (cleared < {:.0} min before dispatch), {} bad travel, {} bad turnout (outside (0, 30 min]), {} trips < {:.0} m",
        s.not_at_station,
        ON_THE_ROAD_S / 60.0,
        s.bad_travel,
        s.bad_turnout,
        s.too_short,
        MIN_DISTANCE_KM * 1_000.0
    )?;
    writeln!(
        t,
        "travel (n = {}): Kolesar on straight line × detour {:.2} (fixed)",
        f.n, f.detour_factor
    )?;
    writeln!(
        t,
        "  median curve: cruise {:.1} km/h, acceleration {:.3} m/s²{}",
        f.median_cruise_kmh,
        f.median_accel_ms2,
        if f.cruise_at_bound {
            " (cruise speed at its bound: trips too short to identify it)"
        } else {
            ""
        }
    )?;
    writeln!(
        t,
        "  spread: σ(log) = {:.3} from the upper half of the residuals → cv {:.3}",
        f.sigma_log, f.spread_cv
    )?;
    writeln!(
        t,
        "  for the scenario (mean-1 spread): cruise {:.1} km/h, acceleration {:.3} m/s²",
        f.cruise_kmh, f.accel_ms2
    )?;
    let r = f.residual_ratio_pct;
    writeln!(
        t,
        "  residuals observed/model p10 {:.2}, p25 {:.2}, p50 {:.2}, p75 {:.2}, p90 {:.2}",
        r[0], r[1], r[2], r[3], r[4]
    )?;
    let r = f.residual_s_pct;
    writeln!(
        t,
        "  residuals observed−model (s) p10 {:.0}, p25 {:.0}, p50 {:.0}, p75 {:.0}, p90 {:.0}",
        r[0], r[1], r[2], r[3], r[4]
    )?;
    writeln!(
        t,
        "  observed travel p50 {:.0} s, p90 {:.0} s; the median model without spread: p50 {:.0} s, p90 {:.0} s ({:+.0}% at p90)",
        f.observed_p50_p90[0],
        f.observed_p50_p90[1],
        f.no_spread_p50_p90[0],
        f.no_spread_p50_p90[1],
        100.0 * (f.no_spread_p50_p90[1] / f.observed_p50_p90[1] - 1.0)
    )?;
    writeln!(
        t,
        "turnout (n = {}): lognormal mean {:.1} s, cv {:.3}",
        turnout.n, turnout.mean_s, turnout.cv
    )?;
    print!("{t}");

    if let Some(out) = &args.out {
        let mut p = String::new();
        writeln!(p, "# firesim calibrate {}", env!("CARGO_PKG_VERSION"))?;
        writeln!(
            p,
            "# fitted to {} {} travel and {} turnout times of {}",
            f.n,
            args.kind,
            turnout.n,
            args.observed.display()
        )?;
        writeln!(
            p,
            "# (scenario {}); detour factor fixed; see src/calibrate.rs for the method.",
            args.scenario.display()
        )?;
        for line in t.lines() {
            writeln!(p, "#   {line}")?;
        }
        writeln!(p, "\n[travel]\nmodel = \"kolesar\"")?;
        writeln!(p, "cruise_kmh = {:.2}", f.cruise_kmh)?;
        writeln!(p, "accel_ms2 = {:.4}", f.accel_ms2)?;
        writeln!(p, "detour_factor = {}", f.detour_factor)?;
        writeln!(p, "spread_cv = {:.3}", f.spread_cv)?;
        writeln!(p, "\n[response]")?;
        writeln!(
            p,
            "turnout = {{ dist = \"lognormal\", mean_s = {:.1}, cv = {:.3} }}",
            turnout.mean_s, turnout.cv
        )?;
        report::write_atomic(out, p.as_bytes())?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}

/// The network model's fit (speed factor, off-road speed, spread) and the turnout.
fn network(
    args: &CalibrateArgs,
    net: &crate::travel::Network,
    s: &calibrate::Samples,
    skipped: usize,
) -> Result<()> {
    use crate::scenario::raw::DEFAULT_OFF_ROAD_KMH;
    // Trips at speed factor 1 and the default off-road speed, so the fit does not depend on
    // the scenario's current values (calibrating twice gives the same numbers).
    let f0 = net.speed_factor();
    let off_scale = net.off_road_kmh() / DEFAULT_OFF_ROAD_KMH;
    let trips: Vec<(f64, f64, f64)> = s
        .travel
        .iter()
        .map(|t| {
            let (road, off) = net.station_trip_parts(t.station, t.site);
            (t.travel_s, road * f0, off * off_scale)
        })
        .collect();
    let f = calibrate::fit_network(&trips, DEFAULT_OFF_ROAD_KMH).with_context(|| {
        format!(
            "too few usable {} travel times to fit ({} of {} responses)",
            args.kind,
            trips.len(),
            s.responses
        )
    })?;
    let turnout = calibrate::fit_lognormal(&s.turnout_s)
        .with_context(|| format!("too few usable {} turnout times", args.kind))?;
    let mut t = String::new();
    writeln!(
        t,
        "calibration on {} ({} {} responses; {} skipped bad rows)",
        args.observed.display(),
        s.responses,
        args.kind,
        skipped
    )?;
    writeln!(
        t,
        "  left out: {} not at their station (cleared < {:.0} min before dispatch), {} bad travel, {} bad turnout (outside (0, 30 min]), {} trips < {:.0} m",
        s.not_at_station,
        ON_THE_ROAD_S / 60.0,
        s.bad_travel,
        s.bad_turnout,
        s.too_short,
        MIN_DISTANCE_KM * 1_000.0
    )?;
    writeln!(
        t,
        "travel (n = {}): shortest paths on the road network, road speeds × factor, off-road legs at {:.0} km/h before scaling",
        f.n, DEFAULT_OFF_ROAD_KMH
    )?;
    writeln!(
        t,
        "  median model: speed factor {:.3}, fixed {:.1} s per trip{}; {:.0}% of its time on the road",
        f.median_speed_factor,
        f.median_start_s,
        if f.at_bound { " (at its bound)" } else { "" },
        100.0 * f.road_share
    )?;
    writeln!(
        t,
        "  spread: σ(log) = {:.3} from the upper half of the residuals → cv {:.3}",
        f.sigma_log, f.spread_cv
    )?;
    writeln!(
        t,
        "  for the scenario (mean-1 spread): speed factor {:.3}, off-road {:.1} km/h, {:.1} s per trip",
        f.speed_factor, f.off_road_kmh, f.start_s
    )?;
    let r = f.residual_ratio_pct;
    writeln!(
        t,
        "  residuals observed/model p10 {:.2}, p25 {:.2}, p50 {:.2}, p75 {:.2}, p90 {:.2}",
        r[0], r[1], r[2], r[3], r[4]
    )?;
    writeln!(
        t,
        "  observed travel p50 {:.0} s, p90 {:.0} s; the median model without spread: p50 {:.0} s, p90 {:.0} s",
        f.observed_p50_p90[0],
        f.observed_p50_p90[1],
        f.no_spread_p50_p90[0],
        f.no_spread_p50_p90[1]
    )?;
    writeln!(
        t,
        "turnout (n = {}): lognormal mean {:.1} s, cv {:.3}",
        turnout.n, turnout.mean_s, turnout.cv
    )?;
    print!("{t}");
    if let Some(out) = &args.out {
        let mut p = String::new();
        writeln!(p, "# firesim calibrate {}", env!("CARGO_PKG_VERSION"))?;
        writeln!(
            p,
            "# fitted to {} {} travel and {} turnout times of {}",
            f.n,
            args.kind,
            turnout.n,
            args.observed.display()
        )?;
        writeln!(
            p,
            "# (scenario {}); see src/calibrate.rs (fit_network) for the method.",
            args.scenario.display()
        )?;
        for line in t.lines() {
            writeln!(p, "#   {line}")?;
        }
        writeln!(p, "\n[travel]\nmodel = \"network\"")?;
        writeln!(p, "speed_factor = {:.3}", f.speed_factor)?;
        writeln!(p, "off_road_kmh = {:.2}", f.off_road_kmh)?;
        writeln!(p, "start_s = {:.1}", f.start_s)?;
        writeln!(p, "spread_cv = {:.3}", f.spread_cv)?;
        writeln!(p, "\n[response]")?;
        writeln!(
            p,
            "turnout = {{ dist = \"lognormal\", mean_s = {:.1}, cv = {:.3} }}",
            turnout.mean_s, turnout.cv
        )?;
        report::write_atomic(out, p.as_bytes())?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}
