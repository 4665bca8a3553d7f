//! `firesim import sf-calls` on the shipped SF week: row counts, the unit/station mapping,
//! and hand-checked rows (against data/sf/sf-fire-calls-2020-04-07_13.csv).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

struct Import {
    _dir: tempfile::TempDir,
    stdout: String,
    incidents: Vec<HashMap<String, String>>,
    responses: Vec<HashMap<String, String>>,
    fragment: String,
}

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn import() -> Import {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_firesim"))
        .args([
            "import",
            "sf-calls",
            root.join("data/sf/sf-fire-calls-2020-04-07_13.csv")
                .to_str()
                .unwrap(),
            "--stations",
            root.join("data/sf/sf-fire-stations.csv").to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Import {
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        incidents: rows(&dir.path().join("incidents.csv")),
        responses: rows(&dir.path().join("responses.csv")),
        fragment: std::fs::read_to_string(dir.path().join("fragment.toml")).unwrap(),
        _dir: dir,
    }
}

#[test]
fn shipped_week_imports_with_the_expected_counts_and_mapping() {
    let im = import();
    // 5,272 unit responses to 2,776 calls; 1,521 engine + 443 truck + 62 rescue-squad
    // responses are kept (2,026); 1,290 calls got none of them.
    assert!(
        im.stdout.contains("5272 unit responses, 2776 calls"),
        "{}",
        im.stdout
    );
    assert_eq!(im.incidents.len(), 1_486);
    assert_eq!(im.responses.len(), 2_026);
    assert!(im.stdout.contains("left out 1290 calls"), "{}", im.stdout);
    assert!(im.stdout.contains("MEDIC 1587"), "{}", im.stdout);
    let count = |k: &str| im.responses.iter().filter(|r| r["unit_kind"] == k).count();
    assert_eq!(
        (count("engine"), count("truck"), count("rescue_squad")),
        (1_521, 443, 62)
    );
    // Engines and trucks map to the station of their number, rescue squads by the
    // stations file (RS1 at station 1, RS2 at station 7).
    for r in &im.responses {
        let unit = &r["unit"];
        let want = match unit.as_str() {
            "RS1" => "S01".to_string(),
            "RS2" => "S07".to_string(),
            u => format!("S{:02}", u[1..].parse::<u32>().unwrap()),
        };
        assert_eq!(r["station"], want, "{unit}");
    }
    // Every incident has a kept response, and the engine-free types are exactly the
    // incidents without an engine.
    let with_engine: std::collections::HashSet<&str> = im
        .responses
        .iter()
        .filter(|r| r["unit_kind"] == "engine")
        .map(|r| r["incident_id"].as_str())
        .collect();
    for i in &im.incidents {
        let engine_free = matches!(i["incident_type"].as_str(), "truck_call" | "rescue_call");
        assert_eq!(
            engine_free,
            !with_engine.contains(i["id"].as_str()),
            "{}",
            i["id"]
        );
    }
    // The fragment lists 44 stations (station 49 houses no fire unit) and 66 units.
    assert_eq!(im.fragment.matches("[[stations]]").count(), 44);
    assert!(!im.fragment.contains("\"S49\""));
}

#[test]
fn hand_checked_rows() {
    let im = import();
    let inc = |id: &str| im.incidents.iter().find(|r| r["id"] == id).unwrap();
    let resp = |id: &str, unit: &str| {
        im.responses
            .iter()
            .find(|r| r["incident_id"] == id && r["unit"] == unit)
            .unwrap()
    };

    // Call 200983546 (file lines 2–3): a medical call, E32 and medic 85. Received
    // 11:53:08 PM, E32 dispatched 11:55:56 PM (168 s), en route 11:58:22 PM (146 s),
    // on scene 12:00:00 AM (98 s), available 12:15:40 AM (940 s on scene). Medic 85 is
    // left out.
    let i = inc("200983546");
    assert_eq!(i["time"], "2020-04-07T23:53:08");
    assert_eq!(i["incident_type"], "medical");
    assert_eq!(i["zone"], "area-32");
    assert_eq!(i["call_processing_s"], "168");
    assert_eq!(i["on_scene_s"], "940");
    assert!(i["lat"].starts_with("37.73217") && i["lon"].starts_with("-122.42779"));
    let r = resp("200983546", "E32");
    assert_eq!(r["station"], "S32");
    assert_eq!(r["dispatch"], "2020-04-07T23:55:56");
    assert_eq!(r["on_scene"], "2020-04-08T00:00:00");
    assert_eq!(
        (r["turnout_s"].as_str(), r["travel_s"].as_str()),
        ("146", "98")
    );
    assert!(!im.responses.iter().any(|r| r["unit"] == "85"));

    // Call 200982627: a structure fire at 18th/Sanchez, E06, E07, E11, T06, T07, RS2
    // (plus chiefs and a medic, left out). Received 5:42:39 PM, dispatched 5:44:20 PM
    // (101 s). On-scene times (available − on scene): 582, 469, 497, 556, 483, 532 s;
    // the lower median is 497 s.
    let i = inc("200982627");
    assert_eq!(i["incident_type"], "structure_fire");
    assert_eq!(i["call_processing_s"], "101");
    assert_eq!(i["on_scene_s"], "497");
    assert_eq!(i["zone"], "area-06");
    let units: Vec<&str> = im
        .responses
        .iter()
        .filter(|r| r["incident_id"] == "200982627")
        .map(|r| r["unit"].as_str())
        .collect();
    assert_eq!(units.len(), 6, "{units:?}");
    let r = resp("200982627", "RS2");
    assert_eq!(r["station"], "S07");
    assert_eq!(r["unit_kind"], "rescue_squad");
    // RS2: en route 5:45:34 PM, on scene 5:47:50 PM.
    assert_eq!(r["travel_s"], "136");
}
