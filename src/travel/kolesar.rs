//! [`Kolesar`]: the acceleration–cruise travel model of Kolesar & Walker (RAND R-1449).

use super::areas::AreaTypes;
use super::model::{Area, CellHint, Located, Place, TravelModel};
use crate::ground::geo::Point;

/// The area types, one model per type, and the rectangle around every area.
type ByArea = (AreaTypes, Vec<Kolesar>, (Point, Point));

/// [`Located::node`] of a position of no area type (the model's own cruise speed).
const NO_AREA: u32 = u32::MAX;

/// Whether `p` lies outside the rectangle `(lower-left, upper-right)`.
fn outside(r: &(Point, Point), p: Point) -> bool {
    p.x_km < r.0.x_km || p.y_km < r.0.y_km || p.x_km > r.1.x_km || p.y_km > r.1.y_km
}

/// The Kolesar acceleration–cruise model on straight-line distance × detour factor.
///
/// With [`Kolesar::with_areas`] a trip's cruise speed is that of the area type where it
/// ends (the incident's position: a built-up core, a town seat), the model's own speed
/// elsewhere. `reach_km` (map circles) stays at the model's own speed; `lower_bound_s`
/// takes the fastest, so it stays a lower bound.
#[derive(Clone, Debug)]
pub struct Kolesar {
    /// Cruise speed, m/s.
    cruise_ms: f64,
    /// Acceleration, m/s².
    accel_ms2: f64,
    /// Road distance / straight-line distance.
    detour_factor: f64,
    /// Critical distance `v²/a`, m.
    critical_m: f64,
    spread_cv: f64,
    /// Area types and, per type, the model at its cruise speed (empty: one speed).
    areas: Option<std::sync::Arc<ByArea>>,
    /// The fastest cruise speed of any area type (for lower bounds), m/s.
    fastest: Option<Box<Kolesar>>,
}

impl Kolesar {
    /// A model with the given cruise speed (km/h), acceleration (m/s²), detour factor and
    /// spread. Callers validate that the numbers are positive.
    pub fn new(cruise_kmh: f64, accel_ms2: f64, detour_factor: f64, spread_cv: f64) -> Kolesar {
        let cruise_ms = cruise_kmh / 3.6;
        Kolesar {
            cruise_ms,
            accel_ms2,
            detour_factor,
            critical_m: cruise_ms * cruise_ms / accel_ms2,
            spread_cv,
            areas: None,
            fastest: None,
        }
    }

    /// The model with cruise speeds by area type (`areas.types`' speeds, km/h; callers
    /// validate them positive).
    pub fn with_areas(mut self, areas: AreaTypes) -> Kolesar {
        if areas.types.is_empty() {
            return self;
        }
        let v = self.cruise_ms * 3.6;
        let one = |kmh: f64| Kolesar::new(kmh, self.accel_ms2, self.detour_factor, self.spread_cv);
        let models: Vec<Kolesar> = areas.types.iter().map(|&(_, kmh)| one(kmh)).collect();
        let top = areas.types.iter().map(|t| t.1).fold(v, f64::max);
        self.fastest = (top > v).then(|| Box::new(one(top)));
        let Some(bounds) = areas.bounds() else {
            return self;
        };
        self.areas = Some(std::sync::Arc::new((areas, models, bounds)));
        self
    }

    /// The area type of `to` as [`TravelModel::locate`]'s key: its index, or
    /// [`NO_AREA`] for the rest.
    fn area_key(&self, to: Point) -> u32 {
        match &self.areas {
            Some(a) if !outside(&a.2, to) => a.0.at(to).map_or(NO_AREA, |t| t as u32),
            _ => NO_AREA,
        }
    }

    /// The model for a trip ending at a place whose area type is `key`.
    fn of_key(&self, key: u32) -> &Kolesar {
        match &self.areas {
            Some(a) if key != NO_AREA => a.1.get(key as usize).unwrap_or(self),
            _ => self,
        }
    }

    /// The model for a trip ending at `to` (its area type's speed, else this one).
    fn at(&self, to: Point) -> &Kolesar {
        match &self.areas {
            // Outside the rectangle around every area: the rest, without testing each.
            Some(a) if outside(&a.2, to) => self,
            Some(a) => a.0.at(to).map_or(self, |t| &a.1[t]),
            None => self,
        }
    }

    /// Travel time in seconds for a straight-line distance in km.
    pub fn time_for_km(&self, straight_km: f64) -> f64 {
        let d = straight_km * 1_000.0 * self.detour_factor;
        if d <= 0.0 {
            0.0
        } else if d <= self.critical_m {
            2.0 * (d / self.accel_ms2).sqrt()
        } else {
            self.cruise_ms / self.accel_ms2 + d / self.cruise_ms
        }
    }

    /// The straight-line distance (km) reachable within `t_s` seconds: the inverse of
    /// [`Kolesar::time_for_km`], for coverage and maps.
    pub fn reach_km(&self, t_s: f64) -> f64 {
        if t_s <= 0.0 {
            return 0.0;
        }
        let t_crit = 2.0 * self.cruise_ms / self.accel_ms2;
        let d = if t_s <= t_crit {
            self.accel_ms2 * t_s * t_s / 4.0
        } else {
            (t_s - self.cruise_ms / self.accel_ms2) * self.cruise_ms
        };
        d / 1_000.0 / self.detour_factor
    }
}

impl TravelModel for Kolesar {
    fn estimate_s(&self, from: Place, to: Place) -> f64 {
        let model = match to.node {
            Some(l) if self.areas.is_some() => self.of_key(l.node),
            _ => self.at(to.pos),
        };
        model.time_for_km(from.pos.distance_km(to.pos))
    }
    /// With area types: the area type of `pos`, found once per incident rather than once
    /// per estimate (its `node` is the type's index, [`NO_AREA`] for the rest; no off-road
    /// leg). Without them there is nothing to look up.
    fn locate(&self, pos: Point) -> Option<Located> {
        self.areas.as_ref().map(|_| Located {
            node: self.area_key(pos),
            off_s: 0.0,
        })
    }
    /// The same key as [`Kolesar::locate`]: a station is no different from any place.
    fn locate_station(&self, pos: Point) -> Option<Located> {
        TravelModel::locate(self, pos)
    }
    fn spread_cv(&self) -> f64 {
        self.spread_cv
    }
    fn reach_km(&self, t_s: f64) -> Option<f64> {
        Some(Kolesar::reach_km(self, t_s))
    }
    fn cells(&self) -> CellHint {
        CellHint::Distance
    }
    /// For a rectangle: the time for the shortest distance from `from` to it (widened by a
    /// millimetre against rounding in a grid lookup), lowered by a relative 1e-9 so that
    /// rounding can never make it exceed a true estimate.
    fn lower_bound_s(&self, from: Place, to: Area) -> f64 {
        if let Some(f) = &self.fastest {
            return f.lower_bound_s(from, to);
        }
        match to {
            Area::Rect { lo, hi } => {
                let pos = from.pos;
                let dx = (lo.x_km - 1e-6 - pos.x_km)
                    .max(pos.x_km - hi.x_km - 1e-6)
                    .max(0.0);
                let dy = (lo.y_km - 1e-6 - pos.y_km)
                    .max(pos.y_km - hi.y_km - 1e-6)
                    .max(0.0);
                // `sqrt(dx² + dy²)` is within a few ulps of `hypot` (and much cheaper); the
                // 1e-9 margin keeps it a lower bound.
                self.time_for_km((dx * dx + dy * dy).sqrt()) * (1.0 - 1e-9)
            }
            Area::Zone(_) | Area::Node(_) => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MILE_KM: f64 = 1.609_344;

    #[test]
    fn default_parameters_reproduce_the_rand_fit() {
        // RAND R-1449: T = 2.10·√d (d ≤ 0.38 mi), 0.65 + 1.70·d beyond, minutes and miles.
        let k = Kolesar::new(57.0, 0.40, 1.0, 0.0);
        for d_mi in [0.1, 0.3, 1.0, 3.0, 10.0] {
            let rand_min = if d_mi <= 0.38 {
                2.10 * f64::sqrt(d_mi)
            } else {
                0.65 + 1.70 * d_mi
            };
            let ours_min = k.time_for_km(d_mi * MILE_KM) / 60.0;
            assert!(
                (ours_min - rand_min).abs() / rand_min < 0.03,
                "{d_mi} mi: {ours_min} vs {rand_min}"
            );
        }
    }

    #[test]
    fn a_trip_takes_the_speed_of_the_area_it_ends_in() {
        use crate::ground::geo::Point;
        let pt = |x: f64| Point { x_km: x, y_km: 0.0 };
        let place = |p: Point| Place {
            pos: p,
            station: None,
            zone: None,
            node: None,
        };
        let areas = AreaTypes {
            types: vec![("core".into(), 30.0), ("fast".into(), 90.0)],
            outlines: vec![],
            discs: vec![(pt(5.0), 1.0, 0), (pt(-5.0), 1.0, 1)],
        };
        let k = Kolesar::new(57.0, 0.40, 1.3, 0.0).with_areas(areas);
        let into_core = k.estimate_s(place(pt(0.0)), place(pt(5.0)));
        assert_eq!(
            into_core,
            Kolesar::new(30.0, 0.40, 1.3, 0.0).time_for_km(5.0)
        );
        let rest = k.estimate_s(place(pt(0.0)), place(pt(3.0)));
        assert_eq!(rest, k.time_for_km(3.0));
        // The lower bound holds for the fastest area type too.
        let area = Area::Rect {
            lo: pt(-5.5),
            hi: Point {
                x_km: -4.5,
                y_km: 0.5,
            },
        };
        let fast = k.estimate_s(place(pt(0.0)), place(pt(-5.0)));
        assert!(k.lower_bound_s(place(pt(0.0)), area) <= fast);
    }

    #[test]
    fn reach_inverts_travel_time() {
        let k = Kolesar::new(57.0, 0.40, 1.3, 0.0);
        for t in [10.0, 60.0, 240.0, 900.0] {
            assert!((k.time_for_km(k.reach_km(t)) - t).abs() < 1e-6);
        }
    }
}
