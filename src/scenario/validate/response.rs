//! Validating `[mutual_aid]`'s last-resort rule and `[standard]`.

use super::super::MutualAid;
use super::super::raw::*;
use super::validator::Validator;

impl Validator {
    /// `[mutual_aid]`: the last-resort rule, if enabled.
    pub(super) fn mutual_aid(&mut self, ma: &RawMutualAid) -> Option<MutualAid> {
        // Mutual aid and standard.

        if ma.enabled {
            self.check(
                ma.delay_s.is_finite() && ma.delay_s >= 0.0,
                "mutual_aid.delay_s",
                "must be >= 0",
            );
            self.check(
                ma.travel_s.is_finite() && ma.travel_s >= 0.0,
                "mutual_aid.travel_s",
                "must be >= 0",
            );
            Some(MutualAid {
                delay_s: ma.delay_s,
                travel_s: ma.travel_s,
            })
        } else {
            None
        }
    }

    /// `[standard]`.
    pub(super) fn standard(&mut self, standard: &RawStandard) {
        self.check(
            standard.first_arrival_s > 0.0,
            "standard.first_arrival_s",
            "must be > 0",
        );
        for (k, t) in standard.thresholds_s.iter().enumerate() {
            self.check(
                t.is_finite() && *t > 0.0 && t.fract() == 0.0,
                format!("standard.thresholds_s[{k}]"),
                format!("must be a whole number of seconds > 0, found {t}"),
            );
        }
        self.check(
            (0.0..=1.0).contains(&standard.compliance_target),
            "standard.compliance_target",
            "must be a share between 0 and 1",
        );
    }
}
