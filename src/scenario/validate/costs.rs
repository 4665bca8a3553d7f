//! Validating `[costs]` and `[constraints]`: every amount finite and not negative, rates
//! in their range, vehicle prices for unit kinds that exist, budgets above zero.

use super::super::costs::{Constraints, Costs};
use super::super::raw::{RawConstraints, RawCosts, RawStaffing};
use super::validator::Validator;
use std::collections::HashMap;

impl Validator {
    /// An amount: finite and not negative.
    fn amount(&mut self, value: f64, field: &str) {
        self.check(
            value.is_finite() && value >= 0.0,
            field,
            format!("must be an amount >= 0, found {value}"),
        );
    }

    /// `[costs]`, with vehicle prices resolved to unit kinds.
    pub(super) fn costs(
        &mut self,
        raw: Option<&RawCosts>,
        kind_index: &HashMap<String, usize>,
    ) -> Option<Costs> {
        let raw = raw?;
        self.check(
            raw.firefighter_year.is_finite() && raw.firefighter_year > 0.0,
            "costs.firefighter_year",
            format!("must be an amount > 0, found {}", raw.firefighter_year),
        );
        self.check(
            raw.firefighter_year_growth.is_finite()
                && (-0.5..=0.5).contains(&raw.firefighter_year_growth),
            "costs.firefighter_year_growth",
            format!(
                "must be a yearly growth between -0.5 and 0.5, found {}",
                raw.firefighter_year_growth
            ),
        );
        self.amount(raw.recruitment_per_recruit, "costs.recruitment_per_recruit");
        self.amount(raw.induction_per_recruit, "costs.induction_per_recruit");
        self.amount(raw.premises_per_year, "costs.premises_per_year");
        for (table, by) in [
            ("station_running_per_year", &raw.station_running_per_year),
            ("station_capital", &raw.station_capital),
        ] {
            for (grade, v) in by.entries() {
                self.amount(v, &format!("costs.{table}.{grade}"));
            }
        }
        let mut vehicle_capital = vec![0.0; kind_index.len()];
        for (kind, &v) in &raw.vehicle_capital {
            let field = format!("costs.vehicle_capital.{kind}");
            self.amount(v, &field);
            match kind_index.get(kind) {
                Some(&k) => vehicle_capital[k] = v,
                None => self.issue(field, format!("`{kind}` is not a unit kind")),
            }
        }
        self.check(
            raw.discount_rate.is_finite() && (0.0..0.5).contains(&raw.discount_rate),
            "costs.discount_rate",
            format!("must be a rate in [0, 0.5), found {}", raw.discount_rate),
        );
        self.check(
            !raw.currency.trim().is_empty(),
            "costs.currency",
            "must name the currency",
        );
        Some(Costs {
            currency: raw.currency.clone(),
            firefighter_year: raw.firefighter_year,
            firefighter_year_growth: raw.firefighter_year_growth,
            recruitment_per_recruit: raw.recruitment_per_recruit,
            induction_per_recruit: raw.induction_per_recruit,
            premises_per_year: raw.premises_per_year,
            station_running_per_year: raw.station_running_per_year,
            station_capital: raw.station_capital,
            vehicle_capital,
            discount_rate: raw.discount_rate,
            source: raw.source.clone(),
        })
    }

    /// `[constraints]`: only what the section states (the plan's `[staffing.targets]` are
    /// checks `firesim rollout` reports, not constraints, unless stated here too).
    pub(super) fn constraints(
        &mut self,
        raw: &RawConstraints,
        staffing: &RawStaffing,
    ) -> Constraints {
        if let Some(n) = raw.max_recruits_per_year {
            self.check(
                n > 0,
                "constraints.max_recruits_per_year",
                "must be at least 1 (0 would forbid every intake)",
            );
        }
        for (field, budget) in [
            ("constraints.budget_total", raw.budget_total),
            ("constraints.budget_per_year", raw.budget_per_year),
        ] {
            if let Some(b) = budget {
                self.check(
                    b.is_finite() && b > 0.0,
                    field,
                    format!("must be an amount > 0, found {b}"),
                );
            }
        }
        let gm = &staffing.grade_minimums;
        if raw.grade_minimums {
            self.check(
                [
                    gm.special_duty,
                    gm.first_class,
                    gm.provincial_first,
                    gm.provincial_second,
                    gm.other,
                ]
                .iter()
                .any(|&m| m > 0),
                "constraints.grade_minimums",
                "is true but [staffing.grade_minimums] sets no minimum",
            );
        }
        Constraints {
            grade_minimums: raw.grade_minimums,
            end_headcount: raw.end_headcount,
            max_recruits_per_year: raw.max_recruits_per_year,
            budget_total: raw.budget_total,
            budget_per_year: raw.budget_per_year,
            source: raw.source.clone(),
        }
    }
}
