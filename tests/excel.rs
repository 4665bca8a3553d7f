//! The workbooks: `comparison.xlsx` (from `compare`, and from `report DIR` in the report's
//! language) and `robustness.xlsx` open with `calamine`, hold every table's numbers as
//! numbers equal to the JSON's, come out byte-identical from the same inputs, and in
//! Chinese name sheets, headers and rollouts in Chinese.

mod common;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::{firesim, s, stderr};
use serde_json::Value;
use std::path::Path;

const DAFENG: &str = "scenarios/dafeng.toml";

/// Every sheet of a workbook, in order: its name and cells.
fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            (n, r)
        })
        .collect()
}

fn at(r: &Range<Data>, row: usize, col: usize) -> &Data {
    r.get_value((row as u32, col as u32))
        .unwrap_or(&Data::Empty)
}

fn text(r: &Range<Data>, row: usize, col: usize) -> String {
    match at(r, row, col) {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        d => panic!("({row}, {col}) is not text: {d:?}"),
    }
}

/// The number at a cell (a NaN in the JSON is `null` there and a blank cell here).
fn num(r: &Range<Data>, row: usize, col: usize) -> Option<f64> {
    match at(r, row, col) {
        Data::Float(x) => Some(*x),
        Data::Int(x) => Some(*x as f64),
        Data::Empty => None,
        d => panic!("({row}, {col}) is not a number: {d:?}"),
    }
}

/// A JSON number, or `None` for null.
fn json(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Whether a cell's number is the JSON's: the same, to the last bit or two (the workbook
/// holds the shortest decimal that reads back as the value, which Rust's parser reads
/// exactly; serde_json's default parser may be one unit in the last place off).
#[track_caller]
fn same(cell: Option<f64>, json: Option<f64>, what: impl std::fmt::Debug) {
    match (cell, json) {
        (Some(a), Some(b)) => assert!(
            a == b || (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs()),
            "{what:?}: {a} in the workbook, {b} in the JSON"
        ),
        _ => assert_eq!(cell, json, "{what:?}"),
    }
}

/// Rows of data: from the fourth (title, note, headers above).
const FIRST: usize = 3;

fn compare(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "compare",
        DAFENG,
        "--reps",
        "2",
        "--rollouts",
        "plan,even,front_loaded",
        "--out",
        s(out),
    ];
    args.extend(extra);
    let o = firesim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The comparison's period objects of rollout `r`: each year, then the horizon.
fn periods(c: &Value, r: usize) -> Vec<&Value> {
    let ro = &c["rollouts"][r];
    let mut v: Vec<&Value> = ro["years"].as_array().unwrap().iter().collect();
    v.push(&ro["horizon"]);
    v
}

/// A p90 or share sheet: per period, the value, its difference and the significance mark.
fn check_estimates(c: &Value, sheet: &Range<Data>, path: &[&str]) {
    let base = c["baseline"].as_str().unwrap();
    for (r, ro) in c["rollouts"].as_array().unwrap().iter().enumerate() {
        let row = FIRST + r;
        let name = ro["name"].as_str().unwrap();
        assert!(text(sheet, row, 0).starts_with(name), "{path:?} row {row}");
        for (p, period) in periods(c, r).into_iter().enumerate() {
            let leaf = path.iter().fold(period, |v, k| &v[k]);
            let col = 1 + 3 * p;
            same(num(sheet, row, col), json(&leaf["mean"]), (name, path, p));
            if name == base {
                assert_eq!(num(sheet, row, col + 1), None);
                continue;
            }
            let d = &leaf["diff_vs_baseline"];
            same(
                num(sheet, row, col + 1),
                json(&d["mean"]["mean"]),
                (name, path, p),
            );
            let star = if d["significant"] == true { "*" } else { "" };
            assert_eq!(text(sheet, row, col + 2), star, "{name} {path:?} {p}");
        }
    }
}

#[test]
fn comparison_workbook_holds_every_table_and_the_same_bytes_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    compare(&a, &[]);
    compare(&b, &[]);
    let bytes = std::fs::read(a.join("comparison.xlsx")).unwrap();
    assert_eq!(bytes, std::fs::read(b.join("comparison.xlsx")).unwrap());
    // `report DIR` writes it again from report_data.toml: the same bytes.
    let o = firesim(&["report", s(&a), "--out", s(&c)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(bytes, std::fs::read(c.join("comparison.xlsx")).unwrap());

    let cmp: Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("comparison.json")).unwrap()).unwrap();
    let sh = sheets(&a.join("comparison.xlsx"));
    let names: Vec<&str> = sh.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "p90 from dispatch",
            "within 300 s",
            "first action 3 min",
            "districts 2025",
            "Milestones",
            "Costs"
        ]
    );
    // Costs: each rollout's total (millions) and firefighter-years, as comparison.json.
    let costs = &sh[5].1;
    for (r, ro) in cmp["rollouts"].as_array().unwrap().iter().enumerate() {
        let total = &ro["costs"]["total"];
        same(
            num(costs, FIRST + r, 1),
            json(&total["firefighter_years"]),
            (r, "ffy"),
        );
        let million = json(&total["total"]).unwrap() / 1e6;
        let cell = num(costs, FIRST + r, 2).unwrap();
        assert!(
            (cell - million).abs() < 1e-9 * million.abs().max(1.0),
            "{cell} {million}"
        );
    }
    let p90 = &sh[0].1;
    assert_eq!(text(p90, 2, 1), "2021 (s)");
    assert_eq!(text(p90, 2, 2), "2021 vs baseline (s)");
    check_estimates(&cmp, p90, &["first_arrival_from_dispatch_s", "p90"]);
    let within = &sh[1].1;
    assert_eq!(text(within, 2, 1), "2021 (%)");
    check_estimates(&cmp, within, &["within_standard"]);

    let first = &sh[2].1;
    for r in 0..3 {
        for (p, period) in periods(&cmp, r).into_iter().enumerate() {
            for (k, f) in ["first_action_within_3min", "first_arrival_fire_within_3min"]
                .iter()
                .enumerate()
            {
                let want = json(&period[f]["mean"]);
                same(num(first, FIRST + r, 1 + 2 * p + k), want, (f, r, p));
            }
        }
    }

    // Districts: the baseline's last year, per station.
    let districts = &sh[3].1;
    let last = &cmp["rollouts"][0]["years"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["by_station"];
    let stations = last.as_object().unwrap();
    assert_eq!(districts.height(), FIRST + stations.len());
    for (i, (id, st)) in stations.iter().enumerate() {
        let row = FIRST + i;
        assert_eq!(&text(districts, row, 0), id);
        for (col, f) in [
            (2, "district_area_km2"),
            (3, "district_built_up_km2"),
            (4, "district_area_limit_km2"),
            (6, "district_edge_s"),
            (7, "district_edge_within_standard"),
            (8, "district_area_within_standard"),
        ] {
            same(num(districts, row, col), json(&st[f]["mean"]), (id, f));
        }
    }

    let milestones = &sh[4].1;
    for (r, ro) in cmp["rollouts"].as_array().unwrap().iter().enumerate() {
        let m = &ro["milestones"];
        for (col, f) in [
            "urban_core_p90_within_standard",
            "urban_core_p90_within_standard_confident",
            "compliance_target_reached",
            "compliance_target_reached_confident",
            "urban_district_edges_within_standard",
        ]
        .iter()
        .enumerate()
        {
            let cell = at(milestones, FIRST + r, 1 + col);
            match json(&m[f]) {
                Some(y) => assert_eq!(cell, &Data::Float(y), "{f}"),
                None => assert_eq!(cell, &Data::String("not reached".into()), "{f}"),
            }
        }
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn the_chinese_workbook_names_sheets_headers_and_rollouts_in_chinese() {
    if common::cjk_font_or_skip("Chinese workbook test").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (en, zh) = (tmp.path().join("en"), tmp.path().join("zh"));
    compare(&en, &[]);
    let o = firesim(&["report", s(&en), "--lang", "zh", "--out", s(&zh)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sh = sheets(&zh.join("comparison.xlsx"));
    assert_eq!(sh.len(), 6);
    for (name, r) in &sh {
        assert!(has_cjk(name), "sheet {name:?}");
        assert!(has_cjk(&text(r, 0, 0)), "title of {name:?}");
        for col in 0..r.width() {
            let h = text(r, 2, col);
            // No English words: Chinese, years, digits and units (km²) only.
            let bare = h.replace("km²", "");
            assert!(
                !bare.chars().any(|c| c.is_ascii_alphabetic()),
                "{name:?} header {h:?}"
            );
        }
        for row in FIRST..r.height() {
            for col in 0..r.width() {
                if let Data::String(s) = at(r, row, col) {
                    for id in ["plan", "even", "front_loaded"] {
                        assert_ne!(s.trim_end_matches("（基准）"), id, "{name:?}");
                    }
                }
            }
        }
    }
    let rollouts: Vec<String> = (0..3).map(|i| text(&sh[0].1, FIRST + i, 0)).collect();
    assert_eq!(rollouts, ["规划方案（基准）", "平均招录", "前期集中招录"]);
    let milestones: Vec<String> = (0..3).map(|i| text(&sh[4].1, FIRST + i, 0)).collect();
    assert_eq!(milestones, ["规划方案", "平均招录", "前期集中招录"]);

    // The Chinese Markdown and charts show the display names too; JSON and CSV keep the
    // identifiers.
    let md = std::fs::read_to_string(zh.join("comparison.md")).unwrap();
    assert!(md.contains("| 规划方案（基准） |") && md.contains("| 平均招录 |"));
    assert!(!md.contains("| even |") && !md.contains("| plan |"), "{md}");
    let ecdf = std::fs::read_to_string(zh.join("charts/1-ecdf.svg")).unwrap();
    assert!(ecdf.contains("前期集中招录") && !ecdf.contains("front_loaded"));
    let csv = std::fs::read_to_string(en.join("comparison.csv")).unwrap();
    assert!(csv.contains("\nfront_loaded,") && !csv.contains("前期"));
}

/// The tables of a markdown document: each one's rows (the header first, the alignment
/// row left out), cells trimmed.
fn md_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut out: Vec<Vec<Vec<String>>> = vec![];
    let mut open = false;
    for line in md.lines() {
        if !line.starts_with('|') {
            open = false;
            continue;
        }
        if !open {
            out.push(vec![]);
            open = true;
        }
        if line.starts_with("|---") {
            continue;
        }
        let inner = &line[1..line.len() - 1];
        let cells = inner
            .replace("\\|", "\u{1}")
            .split('|')
            .map(|c| c.trim().replace('\u{1}', "|"))
            .collect();
        out.last_mut().unwrap().push(cells);
    }
    out
}

/// The number a robustness.md cell shows (seconds, points: the number; a percentage: its
/// fraction), if it shows one.
fn shown(cell: &str) -> Option<f64> {
    let (t, scale) = match cell.strip_suffix('%') {
        Some(t) => (t, 0.01),
        None => (
            [" s", " 秒", " pts", " 个百分点"]
                .iter()
                .find_map(|u| cell.strip_suffix(u))
                .unwrap_or(cell),
            1.0,
        ),
    };
    t.replace('−', "-").parse::<f64>().ok().map(|x| x * scale)
}

#[test]
fn robustness_workbook_holds_every_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let o = common::small_robustness(&out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("robustness.md")).unwrap();
    let tables = md_tables(&md);
    let sh = sheets(&out.join("robustness.xlsx"));
    assert!(tables.len() >= 4, "{md}");
    assert_eq!(
        sh.len(),
        tables.len(),
        "one sheet per table of robustness.md"
    );
    let mut numbers = 0;
    for (k, (t, (name, sheet))) in tables.iter().zip(&sh).enumerate() {
        assert_eq!(sheet.height(), FIRST - 1 + t.len(), "sheet {k} `{name}`");
        for (i, row) in t.iter().enumerate().skip(1) {
            for (j, cell) in row.iter().enumerate() {
                let r = FIRST - 1 + i;
                match (at(sheet, r, j), shown(cell)) {
                    (Data::Float(x), Some(want)) => {
                        numbers += 1;
                        assert!(
                            (x - want).abs() <= 1e-9 * want.abs().max(1.0),
                            "`{name}` ({r}, {j}): {x} in the workbook, `{cell}` in robustness.md"
                        );
                    }
                    (Data::String(s), None) => assert_eq!(s, &cell.replace('`', ""), "`{name}`"),
                    (d, _) => panic!("`{name}` ({r}, {j}): {d:?} for `{cell}`"),
                }
            }
        }
    }
    assert!(numbers > 20, "{numbers} numbers in the workbook");
}
