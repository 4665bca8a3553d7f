//! Writes the synthetic benchmark city `scenarios/bench/metro.toml` (see
//! `firesim::prepare::synthetic`): `cargo run --release --example gen_metro [-- OUT [INCIDENTS
//! [STATIONS [DAYS]]]]`.
//!
//! The optional arguments change the yearly demand, the number of stations and the horizon
//! (benches/README.md uses them to show that dispatch cost does not grow with stations).

use firesim::prepare::synthetic::{MetroParams, metro};
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "scenarios/bench/metro.toml".to_string()),
    );
    let mut p = MetroParams::default();
    if let Some(rate) = args.next().and_then(|s| s.parse().ok()) {
        p.annual_rate = rate;
    }
    if let Some(stations) = args.next().and_then(|s| s.parse().ok()) {
        p.stations = stations;
    }
    if let Some(days) = args.next().and_then(|s| s.parse().ok()) {
        p.days = days;
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, metro(&p))?;
    eprintln!("wrote {}", out.display());
    Ok(())
}
