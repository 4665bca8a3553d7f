//! The Chinese report (`--lang zh`): every heading, chart and table in Chinese, a CJK font
//! embedded as a subset that covers every character the page draws, links that still work
//! from another folder, visible markers where the scenario has no Chinese text, and a
//! clear error, with nothing written, when the font is missing.
//!
//! These tests need the CJK font (Debian's `fonts-wqy-microhei`, which `.ci/run`
//! installs). Without it they print SKIPPED and pass, unless FIRESIM_REQUIRE_CJK_FONT=1
//! (set by `.ci/run`), when they fail.

mod common;
use allsorts::Font;
use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use base64::Engine;
use common::{firesim, s, stderr};
use firesim::report::font::{FONT_ENV, cjk_font};
use std::process::Command;

/// Whether the CJK font is here; prints SKIPPED when it is not (and skipping is allowed).
fn have_font() -> bool {
    common::cjk_font_or_skip("Chinese report test").is_some()
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
}

/// The text between `<tag>` and `</tag>` of every such element.
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    html.split(&open)
        .skip(1)
        .filter_map(|x| x.split(&close).next())
        .collect()
}

/// The embedded font of a page: its family and bytes.
fn embedded_font(html: &str) -> (String, Vec<u8>) {
    let face = html
        .split("@font-face {")
        .nth(1)
        .expect("the page has an @font-face rule");
    let family = face.split('"').nth(1).unwrap().to_string();
    let b64 = face
        .split("base64,")
        .nth(1)
        .and_then(|x| x.split(')').next())
        .unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("the font is base64");
    (family, bytes)
}

#[test]
fn chinese_report_of_the_committed_comparison() {
    if !have_font() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = common::dafeng_report_zh(tmp.path());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"));

    // Every heading is Chinese.
    for tag in ["h1", "h2", "h3"] {
        for h in elements(&html, tag) {
            assert!(h.chars().any(is_cjk), "<{tag}> without Chinese: {h:?}");
        }
    }
    for h in ["结果", "里程碑", "图表", "假设", "文件"] {
        assert!(
            html.contains(&format!("<h2>{h}</h2>")) || html.contains(&format!("<h3>{h}</h3>")),
            "{h}"
        );
    }
    // The Dafeng scenario has every text in Chinese: nothing marked untranslated.
    assert!(!html.contains("[英文]"), "an untranslated Dafeng text");
    assert!(
        html.contains("岗前培训与入职"),
        "the assumptions list is not in Chinese"
    );
    assert!(
        html.contains("规划原文方案"),
        "the rollout descriptions are not in Chinese"
    );

    // The embedded font is a subset that still has a glyph for every character shown.
    let (family, font) = embedded_font(&html);
    let system = cjk_font().unwrap();
    assert_eq!(family, system.family);
    assert!(
        font.len() * 20 < system.bytes.len(),
        "the embedded font ({} bytes) is not a subset of {} ({} bytes)",
        font.len(),
        system.path.display(),
        system.bytes.len()
    );
    let data = ReadScope::new(&font).read::<FontData<'_>>().unwrap();
    let mut f = Font::new(data.table_provider(0).unwrap()).unwrap();
    let shown: std::collections::BTreeSet<char> = html.chars().filter(|&c| is_cjk(c)).collect();
    assert!(shown.len() > 100, "only {} Chinese characters", shown.len());
    for c in shown {
        let (g, _) = f.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        assert_ne!(g, 0, "the embedded font has no glyph for {c:?}");
    }

    // Charts in Chinese, in the CJK family, as PNG and SVG.
    for stem in [
        "1-ecdf",
        "2-p90-by-year",
        "3-compliance",
        "4-histogram",
        "5-segments",
        "6-staffing",
        "7-map",
        "8-zones",
    ] {
        let svg = std::fs::read_to_string(out.join(format!("charts/{stem}.svg"))).unwrap();
        assert!(
            svg.contains(&format!("font-family=\"{family}\"")),
            "{stem}: font"
        );
        assert!(svg.chars().any(is_cjk), "{stem}.svg has no Chinese text");
        assert!(!svg.contains("DejaVu"), "{stem}.svg still names DejaVu");
        assert!(out.join(format!("charts/{stem}.png")).is_file());
    }
    let map = std::fs::read_to_string(out.join("charts/7-map.svg")).unwrap();
    assert!(map.contains("特勤站"), "station grades on the map");
    let zones = std::fs::read_to_string(out.join("charts/8-zones.svg")).unwrap();
    assert!(
        zones.contains("大中街道") && !zones.contains("Dazhong"),
        "zone names"
    );

    // comparison.md in Chinese beside the page; the other links lead back to the data.
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(md.starts_with("# dafeng：实施方案比较"), "{}", &md[..80]);
    // The baseline under its Chinese display name once report_data.toml has the names
    // (`tests/excel.rs` checks them), else its name.
    assert!(md.contains("## 里程碑") && md.contains("（基准） |"));
    for link in [
        "comparison.md",
        "../compare/comparison.json",
        "../compare/report_data.toml",
    ] {
        assert!(
            html.contains(&format!("<a href=\"{link}\">")),
            "no link {link}"
        );
    }
    assert!(out.join("../compare/report_data.toml").is_file());
}

#[test]
fn english_stays_the_default_and_missing_translations_are_marked() {
    if !have_font() {
        return;
    }
    // The M/M/c scenario has no Chinese texts at all.
    let tmp = tempfile::tempdir().unwrap();
    let (en, zh) = (tmp.path().join("en"), tmp.path().join("zh"));
    for (dir, lang) in [(&en, "en"), (&zh, "zh")] {
        let o = firesim(&[
            "compare",
            "scenarios/validation/mmc.toml",
            "--reps",
            "2",
            "--lang",
            lang,
            "--out",
            s(dir),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        if lang == "zh" {
            assert!(
                stderr(&o).contains("no Chinese translation"),
                "{}",
                stderr(&o)
            );
        }
    }
    let en_html = std::fs::read_to_string(en.join("report.html")).unwrap();
    let zh_html = std::fs::read_to_string(zh.join("report.html")).unwrap();
    assert!(en_html.contains("<html lang=\"en\">") && en_html.contains("<h2>Results</h2>"));
    assert!(
        !en_html.chars().any(is_cjk),
        "the English page has Chinese in it"
    );
    assert!(zh_html.contains("class=\"untranslated\""), "no marker");
    // The same figures either way: the language changes words, not numbers.
    let en_json = std::fs::read(en.join("comparison.json")).unwrap();
    let zh_json = std::fs::read(zh.join("comparison.json")).unwrap();
    assert_eq!(en_json, zh_json);
}

#[test]
fn a_missing_font_stops_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args([
            "compare",
            "scenarios/validation/mmc.toml",
            "--reps",
            "2",
            "--lang",
            "zh",
            "--out",
            s(&out),
        ])
        .env(FONT_ENV, "/nonexistent/cjk.ttc")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("cannot read the CJK font /nonexistent/cjk.ttc (named by FIRESIM_CJK_FONT)"),
        "{}",
        stderr(&o)
    );
    assert!(
        !out.exists(),
        "results were written although the report could not be"
    );
}
