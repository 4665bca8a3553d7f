//! Validating `[demand]` (generated or recorded) and `[[incident_types]]` with their
//! response plans.

use super::super::raw::*;
use super::super::{Demand, IncidentType, Zone};
use super::ranges::{ANNUAL_RATE, SERVICE_S};
use super::validator::{SHARE_SUM_TOLERANCE, Validator, sum_text};
use crate::ground::random::DurationDist;
use std::collections::HashMap;

impl Validator {
    pub(super) fn generated_demand(&mut self, d: &RawDemand) -> Demand {
        for (given, key) in [
            (d.file.is_some(), "file"),
            (d.mode.is_some(), "mode"),
            (d.bootstrap.is_some(), "bootstrap"),
        ] {
            self.check(
                !given,
                format!("demand.{key}"),
                "belongs to a recorded stream (add source = \"recorded\")",
            );
        }
        let annual_rate = d.annual_rate.unwrap_or(f64::NAN);
        if d.annual_rate.is_none() {
            self.issue(
                "demand.annual_rate",
                "missing (generated demand needs a rate)",
            );
        } else {
            self.range("demand.annual_rate", annual_rate, &ANNUAL_RATE);
        }
        self.check(
            d.growth_per_year.is_finite() && d.growth_per_year > -1.0,
            "demand.growth_per_year",
            "must be a number > -1",
        );
        Demand {
            annual_rate,
            growth_per_year: d.growth_per_year,
            hour_profile: self.profile(&d.hour_profile, "demand.hour_profile", [1.0; 24]),
            month_profile: self.profile(
                &d.month_profile,
                "demand.month_profile",
                [
                    31.0, 28.25, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0,
                ],
            ),
            location: d.location.unwrap_or_default(),
        }
    }

    /// `[demand]`.
    pub(super) fn demand(&mut self, raw: &RawScenario) -> Demand {
        // Demand (the generated model's parameters; a recorded stream is read below, once
        // zones, types and stations are known).
        let d = &raw.demand;

        match d.source {
            DemandSource::Generated => self.generated_demand(d),
            DemandSource::Recorded => {
                for (given, key) in [
                    (d.annual_rate.is_some(), "annual_rate"),
                    (d.growth_per_year != 0.0, "growth_per_year"),
                    (d.hour_profile.is_some(), "hour_profile"),
                    (d.month_profile.is_some(), "month_profile"),
                    (d.location.is_some(), "location"),
                ] {
                    self.check(
                        !given,
                        format!("demand.{key}"),
                        "belongs to generated demand; a recorded stream fixes it",
                    );
                }
                Demand {
                    annual_rate: 0.0,
                    growth_per_year: 0.0,
                    hour_profile: [1.0; 24],
                    month_profile: [1.0; 12],
                    location: LocationSampling::Seat,
                }
            }
        }
    }

    /// `[[incident_types]]` and their response plans.
    pub(super) fn incident_types(
        &mut self,
        raw: &RawScenario,
        zones: &[Zone],
        zone_index: &HashMap<String, usize>,
        kind_index: &HashMap<String, usize>,
    ) -> Vec<IncidentType> {
        // Incident types.
        self.check(
            !raw.incident_types.is_empty(),
            "incident_types",
            "at least one incident type is needed",
        );
        let share_sum: f64 = raw.incident_types.iter().map(|t| t.share.max(0.0)).sum();
        let mut type_names = HashMap::new();
        let mut incident_types: Vec<IncidentType> = raw
            .incident_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let f = format!("incident_types[{i}]");
                if type_names.insert(t.name.clone(), i).is_some() {
                    self.issue(
                        format!("{f}.name"),
                        format!("incident type `{}` is defined twice", t.name),
                    );
                }
                self.check(
                    t.share.is_finite() && t.share >= 0.0,
                    format!("{f}.share"),
                    format!("must be >= 0, found {}", t.share),
                );
                let on_scene = self.duration(&t.on_scene, &format!("{f}.on_scene"), &SERVICE_S);
                let mut zone_weights: Vec<f64> = zones.iter().map(|z| z.weight).collect();
                for (zname, factor) in &t.zone_factor {
                    match zone_index.get(zname) {
                        Some(&z) => {
                            self.check(
                                factor.is_finite() && *factor >= 0.0,
                                format!("{f}.zone_factor.{zname}"),
                                "must be >= 0",
                            );
                            zone_weights[z] *= factor;
                        }
                        None => self.issue(
                            format!("{f}.zone_factor.{zname}"),
                            format!("unknown zone `{zname}`"),
                        ),
                    }
                }
                if t.share > 0.0 {
                    self.check(
                        zone_weights.iter().sum::<f64>() > 0.0,
                        format!("{f}.zone_factor"),
                        "leaves no zone with a weight > 0",
                    );
                }
                let plan = self.response_plan(&t.plan, &format!("{f}.plan"), kind_index);
                let share = if share_sum > 0.0 {
                    t.share.max(0.0) / share_sum
                } else {
                    0.0
                };
                IncidentType {
                    name: t.name.clone(),
                    category: t.category,
                    share,
                    pick_share: share,
                    subtypes: vec![],
                    parent: None,
                    on_scene: on_scene.unwrap_or(DurationDist::fixed(0.0)),
                    zone_weights,
                    plan,
                }
            })
            .collect();
        // A recorded stream does not use the shares (the SF import writes counts): no
        // warning about normalising them.
        if self.check(
            share_sum > 0.0,
            "incident_types",
            "shares must not all be zero",
        ) && (share_sum - 1.0).abs() > SHARE_SUM_TOLERANCE
            && raw.demand.source == DemandSource::Generated
        {
            self.warn(
                "incident_types",
                format!("shares sum to {}, normalised to 1", sum_text(share_sum)),
            );
        }
        self.subtypes(
            &raw.incident_types,
            &mut incident_types,
            zones,
            zone_index,
            kind_index,
        );
        incident_types
    }
}
