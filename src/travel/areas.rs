//! [`AreaTypes`]: cruise speeds by the kind of area a trip ends in (a built-up core, a
//! town seat, ...), for the [`super::Kolesar`] model. A position's area type is that of the
//! first outline holding it, else of the first disc (a zone's core) holding it, else none:
//! the model's own cruise speed (the rest: rural roads).

use crate::ground::geo::{Point, polygon_contains};

/// The area types of a scenario and where they lie.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaTypes {
    /// Per area type: its name and cruise speed, km/h.
    pub types: Vec<(String, f64)>,
    /// Outlines (projected rings) with their area type.
    pub outlines: Vec<(Vec<Point>, usize)>,
    /// Discs `(centre, radius km, area type)`.
    pub discs: Vec<(Point, f64, usize)>,
}

impl AreaTypes {
    /// The area type of position `p` (`None`: the rest).
    pub fn at(&self, p: Point) -> Option<usize> {
        self.outlines
            .iter()
            .find(|(v, _)| polygon_contains(v, p))
            .map(|&(_, t)| t)
            .or_else(|| {
                self.discs
                    .iter()
                    .find(|(c, r, _)| c.distance_km(p) <= *r)
                    .map(|&(_, _, t)| t)
            })
    }

    /// The smallest rectangle `(lower-left, upper-right)` holding every outline and disc
    /// (`None`: none), so that a position outside it is known to be of no area type
    /// without testing each: most trips end outside every core.
    pub fn bounds(&self) -> Option<(Point, Point)> {
        let mut lo = Point {
            x_km: f64::INFINITY,
            y_km: f64::INFINITY,
        };
        let mut hi = Point {
            x_km: f64::NEG_INFINITY,
            y_km: f64::NEG_INFINITY,
        };
        let mut grow = |p: Point, r: f64| {
            lo.x_km = lo.x_km.min(p.x_km - r);
            lo.y_km = lo.y_km.min(p.y_km - r);
            hi.x_km = hi.x_km.max(p.x_km + r);
            hi.y_km = hi.y_km.max(p.y_km + r);
        };
        for (ring, _) in &self.outlines {
            for &p in ring {
                grow(p, 0.0);
            }
        }
        for &(c, r, _) in &self.discs {
            grow(c, r);
        }
        (lo.x_km <= hi.x_km).then_some((lo, hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f64, y: f64) -> Point {
        Point { x_km: x, y_km: y }
    }

    #[test]
    fn outlines_come_before_discs_and_the_rest_is_none() {
        let a = AreaTypes {
            types: vec![("core".into(), 30.0), ("town".into(), 45.0)],
            outlines: vec![(
                vec![pt(0.0, 0.0), pt(2.0, 0.0), pt(2.0, 2.0), pt(0.0, 2.0)],
                0,
            )],
            discs: vec![(pt(1.0, 1.0), 5.0, 1)],
        };
        assert_eq!(a.at(pt(1.0, 1.0)), Some(0));
        assert_eq!(a.at(pt(4.0, 1.0)), Some(1));
        assert_eq!(a.at(pt(10.0, 1.0)), None);
    }
}
