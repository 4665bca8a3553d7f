//! `firesim calibrate`: fit the travel model, its spread and the turnout distribution to
//! observed responses of a replayed scenario, print the fit and write the parameters.

use super::output::Staging;
use super::setup::load;
use crate::report;
use crate::scenario::{self, LoadOptions};
use crate::stats::calibrate::{self, MIN_DISTANCE_KM, ON_THE_ROAD_S};
use crate::travel::TravelModel;
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::path::PathBuf;

/// What `firesim calibrate` is asked to do (its flags, as the command line parsed them).
#[derive(Debug)]
pub struct CalibrateArgs {
    /// The scenario (it must replay the recorded stream the responses belong to).
    pub scenario: PathBuf,
    /// The observed-responses CSV.
    pub observed: PathBuf,
    /// Write the fitted parameters here (a TOML fragment for the scenario).
    pub out: Option<PathBuf>,
    /// Unit kind to fit (its responses only).
    pub kind: String,
    /// The detour factor, held fixed.
    pub detour: f64,
    /// Skip bad rows of the observed file instead of stopping.
    pub skip_bad_rows: bool,
}

/// Fit, print the fit and write the parameters (with `out`).
pub fn run(args: CalibrateArgs) -> Result<()> {
    if !(args.detour.is_finite() && args.detour >= 1.0) {
        bail!("--detour: must be a number >= 1");
    }
    let scenario = load(&args.scenario)?;
    // The parameters file's transaction, its target checked before the fit.
    let staging = match &args.out {
        Some(out) => Some(staging(&args, out)?),
        None => None,
    };
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
    eprintln!(
        "{}: fitting {} {} travel times and {} turnout times",
        scenario.name,
        s.travel.len(),
        args.kind,
        s.turnout_s.len()
    );
    let too_few = |n: usize| {
        format!(
            "too few usable {} travel times to fit ({n} of {} responses)",
            args.kind, s.responses
        )
    };
    // A model that routes on roads fits its road speeds; any other, the Kolesar curve.
    let travel = if scenario.travel.road_graph().is_some() {
        network(&scenario.travel, &s)
    } else {
        kolesar(&s, args.detour)
    };
    // The fits poll the stop flag and end early: nothing of a stopped fit is shown.
    crate::ground::cancel::check()?;
    let travel = travel.ok_or_else(|| anyhow::anyhow!(too_few(s.travel.len())))?;
    let turnout = calibrate::fit_lognormal(&s.turnout_s)
        .with_context(|| format!("too few usable {} turnout times", args.kind))?;

    let mut t = String::new();
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
    t.push_str(&travel.summary);
    writeln!(
        t,
        "turnout (n = {}): lognormal mean {:.1} s, cv {:.3}",
        turnout.n, turnout.mean_s, turnout.cv
    )?;
    print!("{t}");

    if let (Some(out), Some(staging)) = (&args.out, staging) {
        let mut p = String::new();
        writeln!(p, "# firesim calibrate {}", env!("CARGO_PKG_VERSION"))?;
        writeln!(
            p,
            "# fitted to {} {} travel and {} turnout times of {}",
            travel.n,
            args.kind,
            turnout.n,
            args.observed.display()
        )?;
        writeln!(
            p,
            "# (scenario {}); {}",
            args.scenario.display(),
            travel.method
        )?;
        for line in t.lines() {
            writeln!(p, "#   {line}")?;
        }
        writeln!(p, "\n[travel]")?;
        for (key, value) in &travel.toml {
            writeln!(p, "{key} = {value}")?;
        }
        writeln!(p, "\n[response]")?;
        writeln!(
            p,
            "turnout = {{ dist = \"lognormal\", mean_s = {:.1}, cv = {:.3} }}",
            turnout.mean_s, turnout.cv
        )?;
        let (staging, name) = staging;
        report::write_atomic(&staging.path().join(name), p.as_bytes())?;
        staging.commit()?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}

/// The output transaction of the parameters file `out` (in its folder), refusing now a
/// target that is an input or a folder; with the file's name.
fn staging(args: &CalibrateArgs, out: &std::path::Path) -> Result<(Staging, std::ffi::OsString)> {
    let name = out
        .file_name()
        .with_context(|| format!("--out {}: not a file name", out.display()))?;
    let folder = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let mut inputs = scenario::input_files(&args.scenario);
    inputs.push(args.observed.clone());
    let staging = Staging::new(folder)?.guarding(&inputs);
    staging.refuse_obstacles(&[name])?;
    Ok((staging, name.to_os_string()))
}

/// A travel model's fit as the command prints and writes it.
struct FittedTravel {
    /// Observations fitted.
    n: usize,
    /// The printed lines.
    summary: String,
    /// Where the method is described (for the parameters file's comment).
    method: &'static str,
    /// The `[travel]` section's keys and values (TOML).
    toml: Vec<(&'static str, String)>,
}

/// The Kolesar fit (detour factor held fixed); `None` with too few observations.
fn kolesar(s: &calibrate::Samples, detour: f64) -> Option<FittedTravel> {
    let f = calibrate::fit_travel(&s.travel, detour)?;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "travel (n = {}): Kolesar on straight line × detour {:.2} (fixed)",
        f.n, f.detour_factor
    );
    let _ = writeln!(
        t,
        "  median curve: cruise {:.1} km/h, acceleration {:.3} m/s²{}",
        f.median_cruise_kmh,
        f.median_accel_ms2,
        if f.cruise_at_bound {
            " (cruise speed at its bound: trips too short to identify it)"
        } else {
            ""
        }
    );
    spread_line(&mut t, f.sigma_log, f.spread_cv);
    let _ = writeln!(
        t,
        "  for the scenario (mean-1 spread): cruise {:.1} km/h, acceleration {:.3} m/s²",
        f.cruise_kmh, f.accel_ms2
    );
    residual_line(&mut t, &f.residual_ratio_pct);
    let r = f.residual_s_pct;
    let _ = writeln!(
        t,
        "  residuals observed−model (s) p10 {:.0}, p25 {:.0}, p50 {:.0}, p75 {:.0}, p90 {:.0}",
        r[0], r[1], r[2], r[3], r[4]
    );
    percentiles_line(&mut t, &f.observed_p50_p90, &f.no_spread_p50_p90);
    let _ = writeln!(
        t,
        " ({:+.0}% at p90)",
        100.0 * (f.no_spread_p50_p90[1] / f.observed_p50_p90[1] - 1.0)
    );
    let toml = vec![
        ("model", "\"kolesar\"".into()),
        ("cruise_kmh", format!("{:.2}", f.cruise_kmh)),
        ("accel_ms2", format!("{:.4}", f.accel_ms2)),
        ("detour_factor", format!("{}", f.detour_factor)),
        ("spread_cv", format!("{:.3}", f.spread_cv)),
    ];
    Some(FittedTravel {
        n: f.n,
        summary: t,
        method: "detour factor fixed; see src/stats/calibrate.rs for the method.",
        toml,
    })
}

/// The road network's fit (speed factor, fixed time per trip, off-road speed, spread);
/// `None` with too few observations.
fn network(travel: &crate::travel::AnyTravel, s: &calibrate::Samples) -> Option<FittedTravel> {
    use crate::scenario::raw::DEFAULT_OFF_ROAD_KMH;
    // Trips at speed factor 1 and the default off-road speed, so the fit does not depend on
    // the scenario's current values (calibrating twice gives the same numbers).
    let trips_at = |route: &[f64]| -> Vec<calibrate::NetworkTrip> {
        s.travel
            .iter()
            .take_while(|_| crate::ground::cancel::requested().is_none())
            .filter_map(|t| {
                let trip = travel.road_trip(t.station, t.site, route)?;
                Some(calibrate::NetworkTrip {
                    observed_s: t.travel_s,
                    road_s_by_class: trip.road_s_by_class,
                    off_s: trip.off_road_km / DEFAULT_OFF_ROAD_KMH * 3_600.0,
                })
            })
            .collect()
    };
    let r = calibrate::fit_network_routed(trips_at, DEFAULT_OFF_ROAD_KMH)?;
    let f = r.fit();
    let mut t = String::new();
    let _ = writeln!(
        t,
        "travel (n = {}): shortest paths on the road network, road speeds × factor, off-road legs at {:.0} km/h before scaling",
        f.n, DEFAULT_OFF_ROAD_KMH
    );
    let classes = travel.road_classes();
    class_lines(
        &mut t,
        if r.settled() { &r.per_class } else { &r.first },
        classes,
    );
    route_line(&mut t, &r);
    let _ = writeln!(
        t,
        "  median model: speed factor {:.3}, fixed {:.1} s per trip{}; {:.0}% of its time on the road",
        f.median_speed_factor,
        f.median_start_s,
        if f.at_bound { " (at its bound)" } else { "" },
        100.0 * f.road_share
    );
    let class_factors: Vec<String> = f
        .class_factors
        .iter()
        .zip(classes)
        .filter_map(|(own, name)| own.map(|x| format!("{name} = {x:.3}")))
        .collect();
    spread_line(&mut t, f.sigma_log, f.spread_cv);
    let _ = writeln!(
        t,
        "  for the scenario (mean-1 spread): speed factor {:.3}, off-road {:.1} km/h, {:.1} s per trip",
        f.speed_factor, f.off_road_kmh, f.start_s
    );
    residual_line(&mut t, &f.residual_ratio_pct);
    percentiles_line(&mut t, &f.observed_p50_p90, &f.no_spread_p50_p90);
    t.push('\n');
    let mut toml = vec![
        ("model", "\"network\"".into()),
        ("speed_factor", format!("{:.3}", f.speed_factor)),
    ];
    if !class_factors.is_empty() {
        toml.push((
            "class_factors",
            format!("{{ {} }}", class_factors.join(", ")),
        ));
    }
    toml.extend([
        ("off_road_kmh", format!("{:.2}", f.off_road_kmh)),
        ("start_s", format!("{:.1}", f.start_s)),
        ("spread_cv", format!("{:.3}", f.spread_cv)),
    ]);
    Some(FittedTravel {
        n: f.n,
        summary: t,
        method: "see src/stats/calibrate.rs (fit_network) for the method.",
        toml,
    })
}

/// The per-class fit's factors, one line per class on the trips' paths.
fn class_lines(t: &mut String, f: &calibrate::NetworkFit, classes: &[String]) {
    for (c, share) in f.class_share.iter().enumerate() {
        if *share > 0.0 {
            let _ = writeln!(
                t,
                "  {}: {:.0}% of the road time, median factor {:.3}{}",
                classes.get(c).map_or("?", |s| s.as_str()),
                100.0 * share,
                f.median_class_factors[c],
                if f.class_factors[c].is_some() {
                    ""
                } else {
                    " (shared: too little data for its own)"
                }
            );
        }
    }
}

/// What re-routing at the per-class factors did (calibrate::fit_network_routed).
fn route_line(t: &mut String, r: &calibrate::RoutedFit) {
    let tol = 100.0 * calibrate::ROUTE_TOLERANCE;
    let moves: Vec<String> = r
        .changes
        .iter()
        .map(|c| {
            if c.is_finite() {
                format!("{:.1}%", 100.0 * c)
            } else {
                "other classes".into()
            }
        })
        .collect();
    let moves = moves.join(", ");
    let n = r.changes.len();
    let _ = match (n, r.settled()) {
        (0, _) => writeln!(
            t,
            "  route choice: one factor for every class, nothing to re-route"
        ),
        (_, true) => writeln!(
            t,
            "  route choice: re-routed at the fitted factors and refitted {n} time(s), the factors moving by {moves}: they repeat within {tol:.0}%"
        ),
        (_, false) => writeln!(
            t,
            "  route choice: re-routed at the fitted factors and refitted {n} times, the factors moving by {moves} (largest change of a class's factor per pass; \"other classes\": different classes had their own): they do not settle, so the trips do not identify per-class factors; one factor for every class on the first paths (the class lines above are the per-class fit on those paths, not used)"
        ),
    };
}

fn spread_line(t: &mut String, sigma_log: f64, cv: f64) {
    let _ = writeln!(
        t,
        "  spread: σ(log) = {sigma_log:.3} from the upper half of the residuals → cv {cv:.3}"
    );
}

fn residual_line(t: &mut String, r: &[f64; 5]) {
    let _ = writeln!(
        t,
        "  residuals observed/model p10 {:.2}, p25 {:.2}, p50 {:.2}, p75 {:.2}, p90 {:.2}",
        r[0], r[1], r[2], r[3], r[4]
    );
}

/// Observed p50 and p90 against the median model's (no line end: a model may add to it).
fn percentiles_line(t: &mut String, observed: &[f64; 2], model: &[f64; 2]) {
    let _ = write!(
        t,
        "  observed travel p50 {:.0} s, p90 {:.0} s; the median model without spread: p50 {:.0} s, p90 {:.0} s",
        observed[0], observed[1], model[0], model[1]
    );
}
