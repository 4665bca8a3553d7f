//! Validating place-dependent response: response plans, incident subtypes by zone and zone
//! tag (each appended as a type of its own, with its expected share), and specialist squads.

use super::super::raw::*;
use super::super::{IncidentType, ResponsePlan, Squad, Subtype, Unit, Zone};
use super::crews::PremisesContext;
use super::ranges::{SERVICE_S, SQUAD_MEMBERS};
use super::validator::{MAX_FIREFIGHTERS, MAX_PLAN_UNITS, Validator};
use crate::ground::geo::Point;
use crate::ground::random::DurationDist;
use std::collections::{BTreeSet, HashMap};

/// Subtypes' shares in one zone may exceed 1 by this much (rounding of hand-written shares).
const SUBTYPE_SHARE_TOLERANCE: f64 = 1e-9;

impl Validator {
    /// A response plan (`f` is its field, e.g. `incident_types[0].plan`).
    pub(super) fn response_plan(
        &mut self,
        raw: &RawPlan,
        f: &str,
        kind_index: &HashMap<String, usize>,
    ) -> ResponsePlan {
        self.check(
            !raw.units.is_empty(),
            format!("{f}.units"),
            "a response plan needs at least one unit",
        );
        self.check(
            raw.min_firefighters <= MAX_FIREFIGHTERS,
            format!("{f}.min_firefighters"),
            format!("must be at most {MAX_FIREFIGHTERS}"),
        );
        let requirements = raw
            .units
            .iter()
            .enumerate()
            .filter_map(|(j, u)| {
                let k = kind_index.get(&u.kind).copied();
                if k.is_none() {
                    self.issue(
                        format!("{f}.units[{j}].kind"),
                        format!("unknown unit kind `{}`", u.kind),
                    );
                }
                self.check(
                    (1..=MAX_PLAN_UNITS).contains(&u.count),
                    format!("{f}.units[{j}].count"),
                    format!("must be from 1 to {MAX_PLAN_UNITS}"),
                );
                k.map(|k| (k, u.count))
            })
            .collect();
        ResponsePlan {
            requirements,
            min_firefighters: raw.min_firefighters,
        }
    }

    /// The subtypes of every declared type (`raw[i].subtypes`), appended to `types` as
    /// types of their own: a subtype's expected share is its parent's share times the
    /// parent's weight in the matching zones times its share there; the parent keeps the rest.
    pub(super) fn subtypes(
        &mut self,
        raw: &[RawIncidentType],
        types: &mut Vec<IncidentType>,
        zones: &[Zone],
        zone_index: &HashMap<String, usize>,
        kind_index: &HashMap<String, usize>,
    ) {
        let mut known_tags = BTreeSet::new();
        for (z, zone) in zones.iter().enumerate() {
            for (j, tag) in zone.tags.iter().enumerate() {
                self.check(
                    !tag.trim().is_empty(),
                    format!("zones[{}].tags[{j}]", self.zone_at(z)),
                    "must not be empty",
                );
                known_tags.insert(tag.as_str());
            }
        }
        let mut names: HashMap<String, String> = raw
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), format!("incident_types[{i}]")))
            .collect();
        for (i, t) in raw.iter().enumerate() {
            // Only declared types carry subtypes; `types[i]` is raw[i] (same order).
            if i >= types.len() {
                break;
            }
            for (j, st) in t.subtypes.iter().enumerate() {
                let f = format!("incident_types[{i}].subtypes[{j}]");
                if let Some(first) = names.insert(st.name.clone(), f.clone()) {
                    self.issue(
                        format!("{f}.name"),
                        format!("incident type `{}` is already defined at {first}", st.name),
                    );
                }
                self.check(
                    st.share.is_finite() && st.share > 0.0 && st.share <= 1.0,
                    format!("{f}.share"),
                    format!(
                        "must be a share in (0, 1] of the type's incidents in the matching zones, found {}",
                        st.share
                    ),
                );
                self.check(
                    st.zones.is_some() || st.zone_tags.is_some(),
                    f.clone(),
                    "needs a place: `zones` (zone names), `zone_tags`, or both",
                );
                let mut matches = vec![true; zones.len()];
                if let Some(names) = &st.zones {
                    let mut named = vec![false; zones.len()];
                    for (k, name) in names.iter().enumerate() {
                        match zone_index.get(name) {
                            Some(&z) => named[z] = true,
                            None => self
                                .issue(format!("{f}.zones[{k}]"), format!("unknown zone `{name}`")),
                        }
                    }
                    matches.iter_mut().zip(named).for_each(|(m, n)| *m &= n);
                }
                if let Some(tags) = &st.zone_tags {
                    for (k, tag) in tags.iter().enumerate() {
                        self.check(
                            known_tags.contains(tag.as_str()),
                            format!("{f}.zone_tags[{k}]"),
                            format!("no zone has the tag `{tag}` (zones[].tags)"),
                        );
                        for (z, m) in matches.iter_mut().enumerate() {
                            *m &= zones[z].tags.contains(tag);
                        }
                    }
                }
                let parent = &types[i];
                let total: f64 = parent.zone_weights.iter().sum();
                let matched: f64 = parent
                    .zone_weights
                    .iter()
                    .zip(&matches)
                    .filter(|(_, m)| **m)
                    .map(|(w, _)| w)
                    .sum();
                if parent.pick_share > 0.0 {
                    self.check(
                        matched > 0.0,
                        f.clone(),
                        format!(
                            "its place matches no zone where `{}` occurs (zone weight × zone_factor > 0)",
                            t.name
                        ),
                    );
                }
                let share = st.share.clamp(0.0, 1.0);
                let expected = if total > 0.0 {
                    parent.pick_share * matched / total * share
                } else {
                    0.0
                };
                let on_scene = match &st.on_scene {
                    Some(d) => self
                        .duration(d, &format!("{f}.on_scene"), &SERVICE_S)
                        .unwrap_or(DurationDist::fixed(0.0)),
                    None => parent.on_scene,
                };
                let plan = self.response_plan(&st.plan, &format!("{f}.plan"), kind_index);
                let kind = types.len();
                let category = parent.category;
                let zone_weights = parent.zone_weights.clone();
                types[i].share -= expected;
                types[i].subtypes.push(Subtype {
                    kind,
                    zones: matches,
                    share,
                });
                types.push(IncidentType {
                    name: st.name.clone(),
                    category,
                    share: expected,
                    pick_share: 0.0,
                    subtypes: vec![],
                    parent: Some(i),
                    on_scene,
                    zone_weights,
                    plan,
                });
            }
            // In every zone the subtypes' shares must leave a share >= 0 to the type.
            let subs = &types[i].subtypes;
            for (z, zone) in zones.iter().enumerate() {
                let sum: f64 = subs.iter().filter(|s| s.zones[z]).map(|s| s.share).sum();
                if sum > 1.0 + SUBTYPE_SHARE_TOLERANCE {
                    self.issue(
                        format!("incident_types[{i}].subtypes"),
                        format!(
                            "in zone `{}` the shares of the matching subtypes sum to {sum} (at most 1)",
                            zone.name
                        ),
                    );
                    break;
                }
            }
        }
        // Rounding can leave a parent a hair below zero.
        for t in types.iter_mut() {
            t.share = t.share.max(0.0);
        }
    }

    /// The specialist squads of station `i` (`station_id`): one unit each, appended to `units` and `ids`.
    #[allow(clippy::too_many_arguments)] // the station's parts being built, as `recorded`
    pub(super) fn squads(
        &mut self,
        i: usize,
        station_id: &str,
        raw: &[RawSquad],
        pos: Point,
        ids: &mut Vec<usize>,
        units: &mut Vec<Unit>,
        ctx: &PremisesContext,
    ) -> Vec<Squad> {
        let mut out = vec![];
        for (j, sq) in raw.iter().enumerate() {
            let f = format!("stations[{}].squads[{j}]", self.station_at(i));
            let Some(&kind) = ctx.kind_index.get(&sq.kind) else {
                self.issue(
                    format!("{f}.kind"),
                    format!("unknown unit kind `{}`", sq.kind),
                );
                continue;
            };
            let min_crew = ctx.kinds[kind].min_crew.max(1);
            if self.range(
                format!("{f}.members"),
                f64::from(sq.members),
                &SQUAD_MEMBERS,
            ) {
                self.check(
                    sq.members >= min_crew,
                    format!("{f}.members"),
                    format!(
                        "a squad of {} cannot crew its `{}` (min_crew {min_crew})",
                        sq.members, sq.kind
                    ),
                );
            }
            let n = units
                .iter()
                .filter(|u| u.station == i && u.kind == kind)
                .count();
            ids.push(units.len());
            out.push(Squad {
                unit: units.len(),
                members: sq.members,
            });
            units.push(Unit {
                id: format!("{station_id}-{}-{}", sq.kind, n + 1),
                station: i,
                kind,
                pos,
                premises: false,
            });
        }
        out
    }
}
