//! Reading an OpenStreetMap `.osm.pbf` extract into drivable [`Roads`] (with the `osmpbf`
//! crate), and the on-disk cache of a network's per-station shortest-path tables.
//!
//! **The cache** lives in `$FIRESIM_CACHE_DIR`, else `$XDG_CACHE_HOME/firesim`, else
//! `$HOME/.cache/firesim` (none when none of them is set; `FIRESIM_CACHE_DIR=off` turns
//! it off). A file is named by the SHA-256 of everything the tables depend on: the PBF's
//! bytes, the speeds, the speed factor, the off-road speed, the projection's origin, the station positions and the
//! format version. It holds the tables' integers verbatim with their lengths, so a hit
//! gives exactly the tables a computation would (`tests/network.rs` checks it); a file that
//! is short, foreign or unreadable is ignored and recomputed, and writing is best-effort
//! (a read-only disk only costs the time).

use crate::ground::geo::LatLon;
use crate::travel::network::{Roads, Speeds, Tables, Way};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why an OSM file gave no roads.
#[derive(Debug, thiserror::Error)]
pub enum OsmError {
    /// The file cannot be read or is not a valid PBF.
    #[error("cannot read OSM PBF {file}: {message}")]
    Read {
        /// The file.
        file: PathBuf,
        /// The reader's message.
        message: String,
    },
    /// The file has no way with a drivable `highway` class.
    #[error("OSM PBF {file} has no drivable road (no way whose highway class has a speed)")]
    NoRoads {
        /// The file.
        file: PathBuf,
    },
}

/// A way's direction from its tags: `1` along, `-1` against its node order, `0` both.
fn oneway(tags: &HashMap<&str, &str>) -> i8 {
    match tags.get("oneway").copied() {
        Some("yes" | "true" | "1") => 1,
        Some("-1" | "reverse") => -1,
        Some("no" | "false" | "0") => 0,
        _ => {
            let roundabout = matches!(tags.get("junction"), Some(&("roundabout" | "circular")));
            let motorway = tags.get("highway") == Some(&"motorway");
            i8::from(roundabout || motorway)
        }
    }
}

/// A `maxspeed` value in km/h (`50`, `50 km/h`, `25 mph`); `None` when unreadable
/// (`signals`, `none`, country codes such as `DE:urban`).
pub fn parse_maxspeed(v: &str) -> Option<f64> {
    let v = v.trim();
    let (num, factor) = if let Some(n) = v.strip_suffix("mph") {
        (n.trim(), 1.609_344)
    } else if let Some(n) = v.strip_suffix("km/h").or_else(|| v.strip_suffix("kmh")) {
        (n.trim(), 1.0)
    } else {
        (v, 1.0)
    };
    num.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0)
        .map(|x| x * factor)
}

/// The drivable roads of `path`: ways whose `highway` class has a speed in `speeds`, with
/// the nodes they use (ways referring to nodes missing from the file lose those nodes).
pub fn read_roads(path: &Path, speeds: &Speeds) -> Result<Roads, OsmError> {
    let err = |message: String| OsmError::Read {
        file: path.to_path_buf(),
        message,
    };
    let reader = osmpbf::ElementReader::from_path(path).map_err(|e| err(e.to_string()))?;
    let mut node_at: HashMap<i64, LatLon> = HashMap::new();
    let mut raw_ways: Vec<(Way, Vec<i64>)> = vec![];
    let mut elements = 0usize;
    // The first node that is no place on Earth (latitude beyond ±90°, longitude beyond
    // ±180°): the file is refused, naming it, rather than mapped.
    let mut off_earth: Option<(i64, LatLon)> = None;
    let mut node = |id: i64, at: LatLon| {
        if !((-90.0..=90.0).contains(&at.lat) && (-180.0..=180.0).contains(&at.lon)) {
            off_earth.get_or_insert((id, at));
        }
        node_at.insert(id, at);
    };
    reader
        .for_each(|el| {
            elements += 1;
            match el {
                osmpbf::Element::Node(n) => node(
                    n.id(),
                    LatLon {
                        lat: n.lat(),
                        lon: n.lon(),
                    },
                ),
                osmpbf::Element::DenseNode(n) => node(
                    n.id(),
                    LatLon {
                        lat: n.lat(),
                        lon: n.lon(),
                    },
                ),
                osmpbf::Element::Way(w) => {
                    let tags: HashMap<&str, &str> = w.tags().collect();
                    let Some(class) = tags.get("highway") else {
                        return;
                    };
                    if !speeds.by_class_kmh.contains_key(*class) {
                        return;
                    }
                    let way = Way {
                        id: w.id(),
                        class: class.to_string(),
                        oneway: oneway(&tags),
                        maxspeed_kmh: tags.get("maxspeed").and_then(|m| parse_maxspeed(m)),
                        nodes: vec![],
                    };
                    raw_ways.push((way, w.refs().collect()));
                }
                osmpbf::Element::Relation(_) => {}
            }
        })
        .map_err(|e| err(e.to_string()))?;
    if elements == 0 {
        return Err(err("the file holds no OSM element".into()));
    }
    if let Some((id, at)) = off_earth {
        return Err(err(format!(
            "node {id} lies at latitude {}, longitude {}: not a place on Earth (±90°, ±180°)",
            at.lat, at.lon
        )));
    }
    // Number the nodes the ways use, in order of first use.
    let mut index: HashMap<i64, u32> = HashMap::new();
    let mut roads = Roads::default();
    for (mut way, refs) in raw_ways {
        for r in refs {
            let Some(&p) = node_at.get(&r) else { continue };
            let i = *index.entry(r).or_insert_with(|| {
                roads.nodes.push(p);
                (roads.nodes.len() - 1) as u32
            });
            way.nodes.push(i);
        }
        if way.nodes.len() >= 2 {
            roads.ways.push(way);
        }
    }
    if roads.ways.is_empty() {
        return Err(OsmError::NoRoads {
            file: path.to_path_buf(),
        });
    }
    Ok(roads)
}

/// Bump when the cache's layout or the way tables are computed changes (3: a SHA-256 of
/// the tables at the end; 2: node-major tables; 1 was station-major).
const CACHE_FORMAT: &str = "firesim-network-tables-3";

/// The cache folder (see the module comment), if any.
pub fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os("FIRESIM_CACHE_DIR") {
        Some(d) if d == "off" => None,
        Some(d) => Some(PathBuf::from(d)),
        None => std::env::var_os("XDG_CACHE_HOME")
            .map(|d| PathBuf::from(d).join("firesim"))
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/firesim"))),
    }
}

/// The cache key of the tables for `pbf` bytes, `speeds`, `off_road_kmh`, the projection's
/// origin (arc lengths are measured on it) and the stations.
pub fn cache_key(
    pbf: &[u8],
    speeds: &Speeds,
    off_road_kmh: f64,
    origin: LatLon,
    stations: &[LatLon],
) -> String {
    let mut h = Sha256::new();
    h.update(CACHE_FORMAT.as_bytes());
    h.update(Sha256::digest(pbf));
    for (c, v) in &speeds.by_class_kmh {
        h.update(c.as_bytes());
        h.update([0]);
        h.update(v.to_le_bytes());
    }
    h.update(speeds.speed_factor.to_le_bytes());
    for (c, f) in &speeds.class_factor {
        h.update(b"class_factor:");
        h.update(c.as_bytes());
        h.update([0]);
        h.update(f.to_le_bytes());
    }
    h.update(off_road_kmh.to_le_bytes());
    for s in std::iter::once(&origin).chain(stations) {
        h.update(s.lat.to_le_bytes());
        h.update(s.lon.to_le_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Tables from the cache file for `key`, if present, whole, of the expected size and
/// matching their checksum (a damaged file is ignored, so the tables are rebuilt and the
/// file written again).
pub fn cache_read(key: &str, expect_len: usize) -> Option<Tables> {
    let bytes = std::fs::read(cache_dir()?.join(format!("{key}.bin"))).ok()?;
    decode_tables(&bytes, expect_len)
}

/// The cache file's bytes: the table length (`u32`), the forward then the backward table
/// (`u32` words, little-endian), then the SHA-256 of all of that.
fn encode_tables(tables: &Tables) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(4 * (1 + 2 * tables.fwd.len()) + 32);
    bytes.extend((tables.fwd.len() as u32).to_le_bytes());
    for w in tables.fwd.iter().chain(tables.rev.iter()) {
        bytes.extend(w.to_le_bytes());
    }
    let digest = Sha256::digest(&bytes);
    bytes.extend_from_slice(&digest);
    bytes
}

/// [`encode_tables`]' bytes back, if of `expect_len` words a table and whole.
fn decode_tables(bytes: &[u8], expect_len: usize) -> Option<Tables> {
    let body = 4 * (1 + 2 * expect_len);
    if bytes.len() != body + 32 || Sha256::digest(&bytes[..body])[..] != bytes[body..] {
        return None;
    }
    // Each table decoded straight into its shared slice (one allocation, no copy).
    let words = |from: usize, len: usize| -> std::sync::Arc<[u32]> {
        bytes[4 * from..4 * (from + len)]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    };
    let len = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    (len as usize == expect_len).then(|| Tables {
        fwd: words(1, expect_len),
        rev: words(1 + expect_len, expect_len),
    })
}

/// Store tables under `key` (best-effort: errors are ignored).
pub fn cache_write(key: &str, tables: &Tables) {
    let Some(dir) = cache_dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let bytes = encode_tables(tables);
    let path = dir.join(format!("{key}.bin"));
    if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(&dir) {
        use std::io::Write;
        if tmp.write_all(&bytes).is_ok() {
            let _ = tmp.persist(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_cache_file_is_not_used() {
        let tables = Tables {
            fwd: vec![1, 2, 3].into(),
            rev: vec![4, 5, 6].into(),
        };
        let bytes = encode_tables(&tables);
        let back = decode_tables(&bytes, 3).expect("whole");
        assert_eq!(
            (&back.fwd[..], &back.rev[..]),
            (&[1, 2, 3][..], &[4, 5, 6][..])
        );
        // The right length, one bit flipped in a table: refused.
        let mut flipped = bytes.clone();
        flipped[9] ^= 0x10;
        assert!(decode_tables(&flipped, 3).is_none());
        assert!(decode_tables(&bytes[..bytes.len() - 1], 3).is_none());
        assert!(decode_tables(&bytes, 4).is_none());
    }

    #[test]
    fn maxspeed_units() {
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed("30 km/h"), Some(30.0));
        assert!((parse_maxspeed("25 mph").unwrap() - 40.2336).abs() < 1e-9);
        assert_eq!(parse_maxspeed("DE:urban"), None);
        assert_eq!(parse_maxspeed("none"), None);
    }
}
