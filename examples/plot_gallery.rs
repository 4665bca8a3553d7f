//! Renders every chart of `firesim::report::plot` with plausible sample data into a
//! folder (default `/tmp/gallery`), for looking at them.
//!
//! Run with `cargo run --example plot_gallery [OUT_DIR]`.

use firesim::report::plot::*;
use std::path::PathBuf;

/// Small deterministic pseudo-random generator (no dependency on `rand`).
struct Lcg(u64);

impl Lcg {
    fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }
    /// Log-normal-ish response time in seconds around `median_s`.
    fn response(&mut self, median_s: f64) -> f64 {
        let z: f64 = (0..6).map(|_| self.next_f64()).sum::<f64>() - 3.0;
        median_s * (0.35 * z).exp()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/gallery".into()),
    );
    std::fs::create_dir_all(&out)?;
    let mut rng = Lcg(42);
    let rollouts = [
        "Baseline (2021 stations)",
        "Rollout A: north first",
        "Rollout B: south first",
    ];

    // 1. ECDF
    let ecdf = EcdfChart {
        title: "First-arrival time, all incidents 2021–2026".into(),
        x_label: "First-arrival time (min)".into(),
        y_label: "Incidents reached (cumulative %)".into(),
        series: rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| EcdfSeries {
                name: (*name).into(),
                values_s: (0..4000)
                    .map(|_| rng.response(430.0 - 45.0 * i as f64))
                    .collect(),
                count: None,
            })
            .collect(),
        reference: Some(ReferenceLine {
            value: 5.0,
            label: "5 min standard".into(),
        }),
        ..Default::default()
    };
    println!("{:?}", ecdf_chart(&ecdf, &out.join("1_ecdf"))?);

    let years: Vec<i32> = (2021..=2026).collect();

    // 2. Year band
    let band = YearBandChart {
        title: "90th percentile first-arrival time per year".into(),
        x_label: "Year".into(),
        y_label: "First-arrival time (min)".into(),
        primary_label: "90th percentile".into(),
        band_label: "95% interval, 20 replications".into(),
        secondary_label: "median".into(),
        series: rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| YearBandSeries {
                name: (*name).into(),
                points: years
                    .iter()
                    .enumerate()
                    .map(|(k, &y)| {
                        let v = 10.5 - (i as f64) * 0.25 * k as f64 + 0.1 * rng.next_f64();
                        YearBand {
                            year: y,
                            value: v,
                            lower: v - 0.35,
                            upper: v + 0.4,
                        }
                    })
                    .collect(),
                secondary: years
                    .iter()
                    .enumerate()
                    .map(|(k, &y)| YearValue {
                        year: y,
                        value: 6.6 - (i as f64) * 0.15 * k as f64,
                    })
                    .collect(),
            })
            .collect(),
        ..Default::default()
    };
    println!("{:?}", year_band_chart(&band, &out.join("2_year_band"))?);

    // 3. Year line with target
    let line = YearLineChart {
        title: "Incidents reached within 5 minutes".into(),
        x_label: "Year".into(),
        y_label: "Reached within 5 min (% of incidents)".into(),
        series: rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| YearLineSeries {
                name: (*name).into(),
                points: years
                    .iter()
                    .enumerate()
                    .map(|(k, &y)| YearValue {
                        year: y,
                        value: 0.55 + 0.05 * (i * k) as f64,
                    })
                    .collect(),
            })
            .collect(),
        target: Some(ReferenceLine {
            value: 0.9,
            label: "Target 90%".into(),
        }),
        ..Default::default()
    };
    println!("{:?}", year_line_chart(&line, &out.join("3_year_line"))?);

    // 4. Histogram
    let hist = SplitHistogram {
        title: "Response time by incident type, baseline".into(),
        x_label: "Response time (min)".into(),
        y_label: "Share of incidents of the type (%)".into(),
        groups: vec![
            HistogramGroup {
                name: "Fire".into(),
                values_s: (0..900).map(|_| rng.response(380.0)).collect(),
                count: None,
            },
            HistogramGroup {
                name: "Non-fire (rescue, technical)".into(),
                values_s: (0..5000).map(|_| rng.response(470.0)).collect(),
                count: None,
            },
        ],
        bin_width_min: 1.0,
        ..Default::default()
    };
    println!("{:?}", split_histogram(&hist, &out.join("4_histogram"))?);
    let hist_o = SplitHistogram {
        layout: HistogramLayout::Overlaid,
        title: "Response time by incident type (overlaid)".into(),
        ..hist.clone()
    };
    println!(
        "{:?}",
        split_histogram(&hist_o, &out.join("4b_histogram_overlaid"))?
    );

    // 5. Stacked bars
    let segs = ["Call processing", "Turnout", "Travel"];
    let stacked = StackedBars {
        title: "Mean response time components per year".into(),
        x_label: "Year".into(),
        y_label: "Mean time (min)".into(),
        categories: years.iter().map(|y| y.to_string()).collect(),
        segments: segs.iter().map(|s| s.to_string()).collect(),
        groups: rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| StackGroup {
                name: (*name).into(),
                short_label: String::new(),
                values: years
                    .iter()
                    .enumerate()
                    .map(|(k, _)| vec![1.2, 1.5, 5.2 - 0.2 * (i * k) as f64])
                    .collect(),
            })
            .collect(),
        ..Default::default()
    };
    println!("{:?}", stacked_bars(&stacked, &out.join("5_stacked"))?);
    let stacked1 = StackedBars {
        groups: stacked.groups[..1].to_vec(),
        title: "Mean response time components, baseline".into(),
        ..stacked.clone()
    };
    println!(
        "{:?}",
        stacked_bars(&stacked1, &out.join("5b_stacked_single"))?
    );

    // 6. Staffing
    let staffing = StaffingTimeline {
        title: "Staffing over the rollout period".into(),
        x_label: "Year".into(),
        top_y_label: "On-duty firefighters (persons)".into(),
        bottom_y_label: "Crewed units (count)".into(),
        series: rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let months: Vec<f64> = (0..=60).map(|m| 2021.0 + m as f64 / 12.0).collect();
                StaffingSeries {
                    name: (*name).into(),
                    on_duty: months
                        .iter()
                        .map(|&t| TimeValue {
                            t,
                            value: 96.0
                                + (i as f64) * 4.0 * (t - 2021.0).floor()
                                + 3.0 * (t * std::f64::consts::TAU).sin(),
                        })
                        .collect(),
                    crewed_units: months
                        .iter()
                        .map(|&t| TimeValue {
                            t,
                            value: 22.0 + (i as f64) * (t - 2021.0).floor(),
                        })
                        .collect(),
                }
            })
            .collect(),
        ..Default::default()
    };
    println!(
        "{:?}",
        staffing_timeline(&staffing, &out.join("6_staffing"))?
    );

    // 7. Map
    let stations = [
        ("Central", None, 0.0, 0.0, 42.0, "Full-time"),
        ("North", Some(2023), 1.5, 9.0, 24.0, "Full-time"),
        ("East", Some(2024), 8.5, 1.0, 18.0, "Part-time"),
        ("South", Some(2025), -1.0, -8.5, 18.0, "Part-time"),
        ("West", None, -9.0, 2.0, 12.0, "Volunteer"),
    ];
    let map = MapChart {
        title: "Stations, 5-minute reach and sample incidents, 2026".into(),
        x_label: "Easting (km)".into(),
        y_label: "Northing (km)".into(),
        zone_seats: (0..9)
            .map(|k| ZoneSeat {
                name: format!("Z{}", k + 1),
                x_km: -8.0 + 8.0 * (k % 3) as f64 + 1.3,
                y_km: -8.0 + 8.0 * (k / 3) as f64 - 1.1,
            })
            .collect(),
        zone_outlines: (0..=3)
            .map(|k| {
                vec![
                    (-12.0 + 8.0 * k as f64, -12.0),
                    (-12.0 + 8.0 * k as f64, 12.0),
                ]
            })
            .chain((0..=3).map(|k| {
                vec![
                    (-12.0, -12.0 + 8.0 * k as f64),
                    (12.0, -12.0 + 8.0 * k as f64),
                ]
            }))
            .collect(),
        stations: stations
            .iter()
            .map(|&(n, y, x, yy, h, g)| MapStation {
                name: n.into(),
                opening_year: y,
                x_km: x,
                y_km: yy,
                headcount: h,
                grade: g.into(),
                reach_km: Some(if g == "Full-time" { 4.5 } else { 3.5 }),
            })
            .collect(),
        incidents: (0..600)
            .map(|_| {
                let x = -12.0 + 24.0 * rng.next_f64();
                let y = -12.0 + 24.0 * rng.next_f64();
                let d = stations
                    .iter()
                    .map(|s| ((s.2 - x) * (s.2 - x) + (s.3 - y) * (s.3 - y)).sqrt())
                    .fold(f64::MAX, f64::min);
                MapIncident {
                    x_km: x,
                    y_km: y,
                    response_s: 120.0 + d * 55.0 + 60.0 * rng.next_f64(),
                }
            })
            .collect(),
        reach_label: "5-min travel reach".into(),
        ..Default::default()
    };
    println!("{:?}", map_chart(&map, &out.join("7_map"))?);

    // 8. Ranked bars
    let zones = [
        "Altstadt",
        "Nordviertel",
        "Industriegebiet Ost und Hafenanlagen (Gewerbepark)",
        "Südstadt",
        "Westend",
        "Am Flughafen",
        "Oberdorf",
        "Unterdorf",
        "Bahnhofsviertel",
        "Neubaugebiet Sonnenhang",
        "Klinikum",
        "Universität",
    ];
    let ranked = RankedBars {
        title: "90th percentile response time by zone, 2026".into(),
        x_label: "90th percentile response time (min)".into(),
        categories: zones.iter().map(|s| s.to_string()).collect(),
        series: rollouts
            .iter()
            .enumerate()
            .map(|(i, name)| RankedSeries {
                name: (*name).into(),
                values: (0..zones.len())
                    .map(|z| 4.0 + (z * 7 % 11) as f64 * 0.8 - i as f64 * 0.6)
                    .collect(),
            })
            .collect(),
        reference: Some(ReferenceLine {
            value: 5.0,
            label: "5 min".into(),
        }),
        ..Default::default()
    };
    println!("{:?}", ranked_bars(&ranked, &out.join("8_ranked"))?);

    // empty
    println!(
        "{:?}",
        ecdf_chart(
            &EcdfChart {
                title: "Empty chart".into(),
                ..Default::default()
            },
            &out.join("9_empty")
        )?
    );
    Ok(())
}
