//! Integration tests for `firesim::report::plot`: every chart renders to a PNG of
//! the requested size and an SVG that names each series, and empty data
//! gives a "No data" chart instead of a panic.

use firesim::report::plot::*;
use std::path::Path;

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Check both files of a chart: PNG signature, decodable, expected size;
/// SVG well-formed-looking and containing every name.
fn check_files(files: &ChartFiles, width: u32, height: u32, names: &[&str]) {
    assert!(files.png.exists(), "missing {}", files.png.display());
    assert!(files.svg.exists(), "missing {}", files.svg.display());
    let bytes = std::fs::read(&files.png).unwrap();
    assert_eq!(&bytes[..8], &PNG_SIGNATURE, "not a PNG");
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let mut reader = decoder.read_info().expect("PNG header decodes");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG image decodes");
    assert_eq!((info.width, info.height), (width, height));
    // not a blank image: some clearly non-white pixels (text, axes)
    assert!(
        buf.chunks(3).any(|p| p.iter().all(|&c| c < 128)),
        "PNG is blank"
    );

    let svg = std::fs::read_to_string(&files.svg).unwrap();
    check_svg(&svg, names);
}

fn check_svg(svg: &str, names: &[&str]) {
    let t = svg.trim();
    assert!(
        t.starts_with("<svg") || t.starts_with("<?xml"),
        "SVG start: {}",
        &t[..40.min(t.len())]
    );
    assert!(t.ends_with("</svg>"), "SVG does not end with </svg>");
    assert!(
        t.contains("font-family=\"DejaVu Sans\""),
        "SVG does not name the font"
    );
    for n in names {
        assert!(t.contains(n), "SVG lacks text {n:?}");
    }
}

/// The `y` attribute of the SVG `<text>` element whose content starts with `label`.
fn text_y(svg: &str, label: &str) -> f64 {
    let at = svg.find(&format!(">\n{label}")).expect("label in SVG");
    let open = svg[..at].rfind("<text").expect("text element");
    let tag = &svg[open..at];
    let y = tag
        .split(" y=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("y attribute");
    y.parse().expect("numeric y")
}

fn times(seed: u64, n: usize, median_s: f64) -> Vec<f64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = ((x >> 11) as f64) / ((1u64 << 53) as f64);
            median_s * (0.5 + u)
        })
        .collect()
}

fn stem(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(name)
}

#[test]
fn ecdf_renders_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let data = EcdfChart {
        title: "First arrival".into(),
        x_label: "Time (min)".into(),
        y_label: "Incidents (%)".into(),
        series: vec![
            EcdfSeries {
                name: "Baseline".into(),
                values_s: times(1, 300, 420.0),
                count: None,
            },
            EcdfSeries {
                name: "Rollout A".into(),
                values_s: times(2, 300, 360.0),
                count: None,
            },
        ],
        reference: Some(ReferenceLine {
            value: 5.0,
            label: "5 min".into(),
        }),
        ..Default::default()
    };
    let files = ecdf_chart(&data, &stem(dir.path(), "ecdf")).unwrap();
    assert!(!files.no_data);
    check_files(
        &files,
        900,
        560,
        &["Baseline", "Rollout A", "5 min", "First arrival"],
    );
    // no temporary files left behind
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    // the string variant gives the same kind of document
    check_svg(&ecdf_svg_string(&data).unwrap(), &["Baseline", "Rollout A"]);
}

#[test]
fn year_band_renders() {
    let dir = tempfile::tempdir().unwrap();
    let mk = |name: &str, off: f64| YearBandSeries {
        name: name.into(),
        points: (2021..=2025)
            .map(|y| YearBand {
                year: y,
                value: 9.0 + off,
                lower: 8.5 + off,
                upper: 9.6 + off,
            })
            .collect(),
        secondary: (2021..=2025)
            .map(|y| YearValue {
                year: y,
                value: 6.0 + off,
            })
            .collect(),
    };
    let data = YearBandChart {
        title: "P90 per year".into(),
        x_label: "Year".into(),
        y_label: "Time (min)".into(),
        primary_label: "p90".into(),
        band_label: "95% interval".into(),
        secondary_label: "p50".into(),
        series: vec![mk("Baseline", 0.0), mk("Rollout B", -1.0)],
        size: ChartSize {
            width: 800,
            height: 500,
        },
        ..Default::default()
    };
    let files = year_band_chart(&data, &stem(dir.path(), "band")).unwrap();
    check_files(
        &files,
        800,
        500,
        &["Baseline", "Rollout B", "p90", "p50", "2023"],
    );
    check_svg(&year_band_svg_string(&data).unwrap(), &["Rollout B"]);
}

#[test]
fn year_line_renders() {
    let dir = tempfile::tempdir().unwrap();
    let data = YearLineChart {
        title: "Within 5 min".into(),
        x_label: "Year".into(),
        y_label: "Share (%)".into(),
        series: vec![
            YearLineSeries {
                name: "Baseline".into(),
                points: (2021..=2026)
                    .map(|y| YearValue {
                        year: y,
                        value: 0.6,
                    })
                    .collect(),
            },
            YearLineSeries {
                name: "Rollout A".into(),
                points: (2021..=2026)
                    .map(|y| YearValue {
                        year: y,
                        value: 0.6 + 0.05 * (y - 2021) as f64,
                    })
                    .collect(),
            },
        ],
        target: Some(ReferenceLine {
            value: 0.9,
            label: "Target 90%".into(),
        }),
        ..Default::default()
    };
    let files = year_line_chart(&data, &stem(dir.path(), "line")).unwrap();
    check_files(&files, 900, 560, &["Baseline", "Rollout A", "Target 90%"]);
    check_svg(&year_line_svg_string(&data).unwrap(), &["Rollout A"]);
}

#[test]
fn histogram_renders_both_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = SplitHistogram {
        title: "By type".into(),
        x_label: "Response time (min)".into(),
        y_label: "Share (%)".into(),
        groups: vec![
            HistogramGroup {
                name: "Fire".into(),
                values_s: times(3, 200, 400.0),
                count: None,
            },
            HistogramGroup {
                name: "Non-fire".into(),
                values_s: times(4, 500, 500.0),
                count: None,
            },
        ],
        bin_width_min: 1.0,
        ..Default::default()
    };
    let files = split_histogram(&data, &stem(dir.path(), "hist")).unwrap();
    check_files(&files, 900, 560, &["Fire", "Non-fire"]);
    data.layout = HistogramLayout::Overlaid;
    data.scale = HistogramScale::Count;
    let files = split_histogram(&data, &stem(dir.path(), "hist2")).unwrap();
    check_files(&files, 900, 560, &["Fire", "Non-fire"]);
    check_svg(&split_histogram_svg_string(&data).unwrap(), &["Fire"]);
    // invalid bin width is an error, not a panic
    data.bin_width_min = 0.0;
    assert!(matches!(
        split_histogram(&data, &stem(dir.path(), "hist3")),
        Err(PlotError::InvalidData(_))
    ));
}

#[test]
fn stacked_bars_render_grouped_and_single() {
    let dir = tempfile::tempdir().unwrap();
    let group = |name: &str| StackGroup {
        name: name.into(),
        short_label: String::new(),
        values: vec![vec![1.0, 1.5, 5.0]; 3],
    };
    let mut data = StackedBars {
        title: "Components".into(),
        x_label: "Year".into(),
        y_label: "Mean time (min)".into(),
        categories: vec!["2021".into(), "2022".into(), "2023".into()],
        segments: vec!["Call processing".into(), "Turnout".into(), "Travel".into()],
        groups: vec![group("Baseline"), group("Rollout A")],
        ..Default::default()
    };
    let files = stacked_bars(&data, &stem(dir.path(), "stacked")).unwrap();
    check_files(
        &files,
        900,
        560,
        &["Baseline", "Rollout A", "Travel", "Turnout", "2022"],
    );
    data.groups.truncate(1);
    check_svg(
        &stacked_bars_svg_string(&data).unwrap(),
        &["Baseline", "Call processing"],
    );
    // mismatched shape is reported
    data.groups[0].values.pop();
    assert!(matches!(
        stacked_bars_svg_string(&data),
        Err(PlotError::InvalidData(_))
    ));
}

#[test]
fn staffing_timeline_renders() {
    let dir = tempfile::tempdir().unwrap();
    let mk = |name: &str, k: f64| StaffingSeries {
        name: name.into(),
        on_duty: (0..=48)
            .map(|m| TimeValue {
                t: 2021.0 + m as f64 / 12.0,
                value: 90.0 + k * m as f64,
            })
            .collect(),
        crewed_units: (0..=48)
            .map(|m| TimeValue {
                t: 2021.0 + m as f64 / 12.0,
                value: (20.0 + k * m as f64 / 4.0).floor(),
            })
            .collect(),
    };
    let data = StaffingTimeline {
        title: "Staffing".into(),
        x_label: "Year".into(),
        top_y_label: "On duty (persons)".into(),
        bottom_y_label: "Crewed units (count)".into(),
        series: vec![mk("Baseline", 0.0), mk("Rollout A", 0.5)],
        ..Default::default()
    };
    let files = staffing_timeline(&data, &stem(dir.path(), "staff")).unwrap();
    check_files(
        &files,
        900,
        560,
        &[
            "Baseline",
            "Rollout A",
            "On duty (persons)",
            "Crewed units (count)",
        ],
    );
    check_svg(
        &staffing_timeline_svg_string(&data).unwrap(),
        &["Rollout A"],
    );
}

#[test]
fn map_renders() {
    let dir = tempfile::tempdir().unwrap();
    let data = MapChart {
        title: "Map".into(),
        x_label: "Easting (km)".into(),
        y_label: "Northing (km)".into(),
        zone_seats: vec![ZoneSeat {
            name: "Z1".into(),
            x_km: 2.0,
            y_km: 2.0,
        }],
        roads: vec![],
        boundary: vec![
            (-6.0, -6.0),
            (6.0, -6.0),
            (6.0, 6.0),
            (-6.0, 6.0),
            (-6.0, -6.0),
        ],
        neighbours: vec![MapArea {
            name: "Next county".into(),
            rings: vec![vec![
                (6.0, -6.0),
                (20.0, -6.0),
                (20.0, 6.0),
                (6.0, 6.0),
                (6.0, -6.0),
            ]],
        }],
        zone_outlines: vec![vec![
            (-5.0, -5.0),
            (5.0, -5.0),
            (5.0, 5.0),
            (-5.0, 5.0),
            (-5.0, -5.0),
        ]],
        stations: vec![
            MapStation {
                name: "Central".into(),
                opening_year: None,
                x_km: 0.0,
                y_km: 0.0,
                headcount: 40.0,
                grade: "Full-time".into(),
                reach_km: Some(3.0),
            },
            MapStation {
                name: "North".into(),
                opening_year: Some(2024),
                x_km: 1.0,
                y_km: 4.0,
                headcount: 12.0,
                grade: "Volunteer".into(),
                reach_km: None,
            },
        ],
        incidents: (0..50)
            .map(|i| MapIncident {
                x_km: (i % 10) as f64 - 5.0,
                y_km: (i / 10) as f64 - 2.0,
                response_s: 60.0 * (i % 15) as f64,
            })
            .collect(),
        reach_label: "5-min reach".into(),
        ..Default::default()
    };
    let files = map_chart(&data, &stem(dir.path(), "map")).unwrap();
    check_files(
        &files,
        900,
        560,
        &[
            "Central",
            "North (2024)",
            "Full-time",
            "Volunteer",
            "5-min reach",
            "Z1",
        ],
    );
    check_svg(&map_svg_string(&data).unwrap(), &["Central"]);
}

#[test]
fn ranked_bars_render_and_grow_for_many_categories() {
    let dir = tempfile::tempdir().unwrap();
    let cats: Vec<String> = (0..40)
        .map(|i| format!("Zone {i} with a rather long descriptive name"))
        .collect();
    let data = RankedBars {
        title: "P90 by zone".into(),
        x_label: "P90 response time (min)".into(),
        categories: cats.clone(),
        series: vec![
            RankedSeries {
                name: "Baseline".into(),
                values: (0..40).map(|i| 3.0 + i as f64 * 0.2).collect(),
            },
            RankedSeries {
                name: "Rollout A".into(),
                values: (0..40).map(|i| 2.5 + i as f64 * 0.2).collect(),
            },
        ],
        reference: Some(ReferenceLine {
            value: 5.0,
            label: "5 min".into(),
        }),
        ..Default::default()
    };
    let files = ranked_bars(&data, &stem(dir.path(), "ranked")).unwrap();
    // 40 categories × 2 bars do not fit in 560 px: the image grows
    let png = std::fs::read(&files.png).unwrap();
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert!(h > 560, "height {h}");
    check_files(&files, 900, h, &["Baseline", "Rollout A", "5 min"]);
    // the largest value is sorted to the top (smallest SVG y)
    let svg = ranked_bars_svg_string(&data).unwrap();
    assert!(text_y(&svg, "Zone 39") < text_y(&svg, "Zone 38"));
    assert!(text_y(&svg, "Zone 38") < text_y(&svg, "Zone 0 "));
}

#[test]
fn empty_data_gives_no_data_chart_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let check = |files: ChartFiles| {
        assert!(files.no_data);
        check_files(&files, 900, 560, &["No data"]);
    };
    check(
        ecdf_chart(
            &EcdfChart {
                title: "Empty".into(),
                ..Default::default()
            },
            &d.join("e1"),
        )
        .unwrap(),
    );
    // series present but only non-finite values
    let nan_series = EcdfChart {
        series: vec![EcdfSeries {
            name: "A".into(),
            values_s: vec![f64::NAN, f64::INFINITY],
            count: None,
        }],
        ..Default::default()
    };
    check(ecdf_chart(&nan_series, &d.join("e2")).unwrap());
    check(year_band_chart(&YearBandChart::default(), &d.join("e3")).unwrap());
    check(year_line_chart(&YearLineChart::default(), &d.join("e4")).unwrap());
    let hist = SplitHistogram {
        bin_width_min: 1.0,
        ..Default::default()
    };
    check(split_histogram(&hist, &d.join("e5")).unwrap());
    check(stacked_bars(&StackedBars::default(), &d.join("e6")).unwrap());
    check(staffing_timeline(&StaffingTimeline::default(), &d.join("e7")).unwrap());
    check(map_chart(&MapChart::default(), &d.join("e8")).unwrap());
    check(ranked_bars(&RankedBars::default(), &d.join("e9")).unwrap());
    // a single point and a series with one empty member still render
    let single = YearLineChart {
        series: vec![
            YearLineSeries {
                name: "One".into(),
                points: vec![YearValue {
                    year: 2024,
                    value: 0.5,
                }],
            },
            YearLineSeries {
                name: "Empty".into(),
                points: vec![],
            },
        ],
        ..Default::default()
    };
    let files = year_line_chart(&single, &d.join("e10")).unwrap();
    assert!(!files.no_data);
    check_files(&files, 900, 560, &["One", "Empty"]);
}

#[test]
fn io_error_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // a regular file where a directory is needed
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, b"x").unwrap();
    let err = ecdf_chart(
        &EcdfChart {
            series: vec![EcdfSeries {
                name: "A".into(),
                values_s: vec![60.0, 120.0],
                count: None,
            }],
            ..Default::default()
        },
        &blocker.join("chart"),
    )
    .unwrap_err();
    assert!(matches!(err, PlotError::Io { .. }));
    assert!(err.to_string().contains("chart.png"), "{err}");
}

#[test]
fn data_structs_round_trip_through_json() {
    let data = MapChart {
        stations: vec![MapStation {
            name: "S".into(),
            reach_km: Some(2.0),
            ..Default::default()
        }],
        roads: vec![],
        zone_outlines: vec![vec![(0.0, 0.0), (1.0, 1.0)]],
        ..Default::default()
    };
    let json = serde_json::to_string(&data).unwrap();
    let back: MapChart = serde_json::from_str(&json).unwrap();
    assert_eq!(back, data);
}

#[test]
fn a_locale_gives_the_charts_own_words_and_font_family() {
    // The charts' own words come from the caller's locale; every text names its family.
    let locale = ChartLocale {
        font_family: "Test Family".into(),
        words: ChartWords {
            no_data: "NODATA-WORD".into(),
            zone_seat: "SEAT-WORD".into(),
            ..Default::default()
        },
    };
    // An unregistered family is refused by plotters' text layout; register DejaVu under it.
    let dejavu: &'static [u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
    register_font("Test Family", dejavu).unwrap();
    let empty = EcdfChart {
        title: "t".into(),
        ..Default::default()
    };
    let svg = chart_svg_in(&empty, &locale).unwrap();
    assert!(svg.contains("NODATA-WORD") && !svg.contains("No data"));
    assert!(svg.contains("font-family=\"Test Family\"") && !svg.contains("DejaVu"));
    let map = MapChart {
        title: "m".into(),
        zone_seats: vec![ZoneSeat {
            name: "z".into(),
            x_km: 0.0,
            y_km: 0.0,
        }],
        stations: vec![MapStation {
            name: "S1".into(),
            headcount: 10.0,
            ..Default::default()
        }],
        ..Default::default()
    };
    let svg = chart_svg_in(&map, &locale).unwrap();
    assert!(svg.contains("SEAT-WORD") && !svg.contains("Zone seat"));
    // The default locale is unchanged English in DejaVu Sans.
    let svg = ecdf_svg_string(&empty).unwrap();
    assert!(svg.contains("No data") && svg.contains("font-family=\"DejaVu Sans\""));
}
