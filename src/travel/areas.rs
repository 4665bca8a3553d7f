//! [`AreaTypes`]: cruise speeds by the kind of area a trip ends in (a built-up core, a
//! town seat, ...), for the [`super::Kolesar`] model. A position's area type is that of the
//! first outline holding it, else of the first disc (a zone's core) holding it, else none:
//! the model's own cruise speed (the rest: rural roads).

use crate::ground::geo::{Point, bounding_box_of_discs};
use crate::ground::ring::Ring;

/// The area types of a scenario and where they lie.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaTypes {
    /// Per area type: its name and cruise speed, km/h.
    pub types: Vec<(String, f64)>,
    /// Outlines (projected rings) with their area type.
    pub outlines: Vec<(Ring, usize)>,
    /// Discs `(centre, radius km, area type)`.
    pub discs: Vec<(Point, f64, usize)>,
}

impl AreaTypes {
    /// The area type of position `p` (`None`: the rest).
    pub fn at(&self, p: Point) -> Option<usize> {
        self.outlines
            .iter()
            .find(|(v, _)| v.contains(p))
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
        let outlines = self
            .outlines
            .iter()
            .flat_map(|(ring, _)| ring.iter().map(|&p| (p, 0.0)));
        let discs = self.discs.iter().map(|&(c, r, _)| (c, r));
        bounding_box_of_discs(outlines.chain(discs))
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
                vec![pt(0.0, 0.0), pt(2.0, 0.0), pt(2.0, 2.0), pt(0.0, 2.0)].into(),
                0,
            )],
            discs: vec![(pt(1.0, 1.0), 5.0, 1)],
        };
        assert_eq!(a.at(pt(1.0, 1.0)), Some(0));
        assert_eq!(a.at(pt(4.0, 1.0)), Some(1));
        assert_eq!(a.at(pt(10.0, 1.0)), None);
    }
}
