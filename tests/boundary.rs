//! Dafeng's real shape (`[geography] boundary`): the zones' cells tile the district's land,
//! every seat lies in its own cell, and every generated incident falls on the land.

use firesim::ground::geo::{Point, polygon_area_km2, polygon_contains};
use firesim::prepare::{self, demand};
use firesim::scenario::Scenario;
use std::path::Path;

fn dafeng() -> Scenario {
    prepare::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dafeng.toml"))
        .expect("dafeng.toml loads")
}

#[test]
fn the_zones_cells_tile_the_boundary() {
    let s = dafeng();
    let b = s.boundary.as_ref().expect("dafeng.toml names a boundary");
    // data/dafeng-boundaries/README.md: 2,867 km² of land; the local equirectangular
    // projection about the district seat stretches east–west by up to ±0.5% over the
    // district's 0.6° of latitude, so within 1%.
    assert!(
        (b.area_km2 - 2_867.0).abs() < 0.01 * 2_867.0,
        "boundary {:.1} km²",
        b.area_km2
    );
    let total: f64 = s.zones.iter().map(|z| z.area_km2).sum();
    for z in &s.zones {
        println!("{:<28} {:>7.1} km²", z.name, z.area_km2);
        assert!((polygon_area_km2(&z.cell) - z.area_km2).abs() < 1e-9);
        assert!(
            polygon_contains(&z.cell, z.pos),
            "{}'s seat off its cell",
            z.name
        );
        assert!(z.area_km2 > 0.0, "{} has no land", z.name);
    }
    println!("cells {total:.3} km², boundary {:.3} km²", b.area_km2);
    assert!(
        (total - b.area_km2).abs() < 1e-6 * b.area_km2,
        "cells {total} km² vs boundary {} km²",
        b.area_km2
    );
    // Disjoint: a lattice of points over the land, each in exactly one cell (points on a
    // cell edge, where even–odd may go either way, are measure zero and none fall there).
    let (mut on_land, mut bad) = (0, 0);
    let step = 0.5;
    let (x0, x1, y0, y1) = b.points.iter().fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(a, bx, c, d), p| (a.min(p.x_km), bx.max(p.x_km), c.min(p.y_km), d.max(p.y_km)),
    );
    let mut y = y0 + 0.123;
    while y < y1 {
        let mut x = x0 + 0.0456;
        while x < x1 {
            let p = Point { x_km: x, y_km: y };
            let n = s.zones.iter().filter(|z| z.contains(p)).count();
            if b.contains(p) {
                on_land += 1;
                bad += usize::from(n != 1);
            } else {
                bad += usize::from(n != 0);
            }
            x += step;
        }
        y += step;
    }
    println!("{on_land} lattice points on land, {bad} in no cell or in two");
    assert!(on_land > 10_000);
    assert_eq!(bad, 0);
}

#[test]
fn every_generated_incident_lies_inside_the_district() {
    let s = dafeng();
    let b = s.boundary.as_ref().expect("dafeng.toml names a boundary");
    let mut n = 0;
    for rep in 0..3 {
        for i in demand::Generator::new(&s, 20_260_101, rep) {
            n += 1;
            assert!(
                b.contains(i.pos),
                "incident {} of rep {rep} at {:?} off the land",
                i.id,
                i.pos
            );
            assert!(
                s.zones[i.zone as usize].contains(i.pos),
                "incident {} off its zone's cell",
                i.id
            );
        }
    }
    // Five years of about 860 calls a year, three times.
    println!("{n} incidents, all on the land");
    assert!(n > 3 * 4_000, "{n}");
}
