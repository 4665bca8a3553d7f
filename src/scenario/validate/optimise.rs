//! Validating `[optimise]`: a `schedule` base rollout, one bound per intake (whole numbers,
//! `recruits_min ≤ recruits_max`, the base's own intakes inside them), a total the bounds
//! can hold, allocation policies named once, year weights per year of the horizon, and
//! stage sizes the selection procedure can use. Each problem names its field.

use super::super::optimise::Optimise;
use super::super::raw::RawOptimise;
use super::super::{Calendar, Constraints, Rollout};
use super::rollouts::MAX_COUNT;
use super::validator::Validator;

/// The most finalists the selection stage takes (its Bonferroni split over k − 1
/// comparisons grows the first-stage constant, and each finalist costs replications).
const MAX_FINALISTS: i64 = 20;

impl Validator {
    /// A whole number of recruits in `0..=MAX_COUNT`, or `None` (with an issue).
    fn recruits_bound(&mut self, n: i64, field: String) -> Option<u32> {
        self.check(
            (0..=MAX_COUNT).contains(&n),
            field,
            format!("must be a whole number from 0 to {MAX_COUNT}, found {n}"),
        )
        .then_some(n as u32)
    }

    /// A stage size: a whole number in `lo..=hi`, else `default`.
    fn stage(&mut self, v: Option<i64>, default: i64, lo: i64, hi: i64, field: &str) -> i64 {
        let n = v.unwrap_or(default);
        self.check(
            (lo..=hi).contains(&n),
            field,
            format!("must be a whole number from {lo} to {hi}, found {n}"),
        );
        n.clamp(lo, hi)
    }

    /// `optimise.year_weights`, normalised to sum 1 (equal weights when absent).
    fn year_weights(&mut self, raw: Option<&[f64]>, calendar: Option<&Calendar>) -> Vec<f64> {
        let years = calendar.map_or(0, |c| c.years().len());
        match raw {
            None => vec![1.0 / years.max(1) as f64; years],
            Some(w) => {
                let sum: f64 = w.iter().sum();
                let ok = self.check(
                    w.len() == years,
                    "optimise.year_weights",
                    format!("gives {} weights for {years} years", w.len()),
                ) & self.check(
                    w.iter().all(|x| x.is_finite() && *x >= 0.0) && sum > 0.0,
                    "optimise.year_weights",
                    "must be weights >= 0 with a positive sum",
                );
                if ok {
                    w.iter().map(|x| x / sum).collect()
                } else {
                    vec![]
                }
            }
        }
    }

    /// `[optimise]`, resolved against the validated rollouts.
    pub(super) fn optimise(
        &mut self,
        raw: Option<&RawOptimise>,
        rollouts: &[Rollout],
        calendar: Option<&Calendar>,
        constraints: &Constraints,
    ) -> Option<Optimise> {
        let raw = raw?;
        let name = raw.base.as_deref().unwrap_or("plan");
        let Some(base) = rollouts.iter().position(|r| r.name == name) else {
            self.issue(
                "optimise.base",
                format!("no rollout `{name}` (the base rollout whose choices are searched)"),
            );
            return None;
        };
        let Some(schedule) = &rollouts[base].schedule else {
            self.issue(
                "optimise.base",
                format!("`{name}` is a table; only a `schedule` rollout has intakes to choose"),
            );
            return None;
        };
        let intakes: Vec<u32> = schedule.intakes.iter().map(|i| i.recruits).collect();
        let bounds = |v: &mut Validator, list: &[i64], key: &str| -> Vec<u32> {
            v.check(
                list.len() == intakes.len(),
                format!("optimise.{key}"),
                format!(
                    "gives {} numbers; the base `{name}` has {} intakes",
                    list.len(),
                    intakes.len()
                ),
            );
            list.iter()
                .enumerate()
                .map(|(k, &n)| {
                    v.recruits_bound(n, format!("optimise.{key}[{k}]"))
                        .unwrap_or(0)
                })
                .collect()
        };
        let lo = bounds(self, &raw.recruits_min, "recruits_min");
        let hi = bounds(self, &raw.recruits_max, "recruits_max");
        for (k, ((&l, &h), &b)) in lo.iter().zip(&hi).zip(&intakes).enumerate() {
            let field = format!("optimise.recruits_max[{k}]");
            if self.check(
                l <= h,
                field.clone(),
                format!("{h} is below recruits_min {l}"),
            ) {
                self.check(
                    l <= b && b <= h,
                    format!("optimise.recruits_min[{k}]"),
                    format!("the base `{name}`'s intake {b} is outside [{l}, {h}]"),
                );
            }
            if let Some(cap) = constraints.max_recruits_per_year {
                self.check(
                    l <= cap,
                    format!("optimise.recruits_min[{k}]"),
                    format!("{l} is above constraints.max_recruits_per_year ({cap}): no rollout within the bounds is feasible"),
                );
            }
        }
        let step = raw.step.unwrap_or(1);
        self.check(
            (1..=MAX_COUNT).contains(&step),
            "optimise.step",
            format!("must be a whole number from 1 to {MAX_COUNT}, found {step}"),
        );
        let total_recruits_max = raw
            .total_recruits_max
            .and_then(|n| self.recruits_bound(n, "optimise.total_recruits_max".into()));
        // With the total fixed the base's own intakes, inside the bounds, hold it; a
        // total cap must leave room for the minimums.
        if let Some(t) = total_recruits_max {
            let sum_lo = lo.iter().sum::<u32>();
            self.check(
                sum_lo <= t,
                "optimise.total_recruits_max",
                format!(
                    "{t} is below the sum of recruits_min ({sum_lo}): no rollout within the bounds"
                ),
            );
        }
        let mut allocations = vec![schedule.allocation];
        for (k, &a) in raw.allocations.iter().enumerate() {
            if allocations[1..].contains(&a) {
                self.issue(format!("optimise.allocations[{k}]"), "names a policy twice");
            } else if a != schedule.allocation {
                allocations.push(a);
            }
        }
        if raw.opening_order {
            let mut dates: Vec<_> = rollouts[base].opens_at.iter().filter(|t| t.0 > 0).collect();
            dates.sort();
            dates.dedup();
            // A warning, not an error: the dates include `[construction]`'s delay, which a
            // robustness design point may set so that every station opens on one date; the
            // search then simply has no opening dates to swap.
            if dates.len() < 2 {
                self.warn(
                    "optimise.opening_order",
                    format!("`{name}` opens no stations on two different dates inside the horizon: there is no order to choose, and the search keeps the dates"),
                );
            }
        }
        if let Some(c) = raw.cost_max {
            self.check(
                c.is_finite() && c > 0.0,
                "optimise.cost_max",
                format!("must be an amount > 0, found {c}"),
            );
        }
        let year_weights = self.year_weights(raw.year_weights.as_deref(), calendar);
        let finalists = self.stage(raw.finalists, 5, 2, MAX_FINALISTS, "optimise.finalists");
        let search = self.stage(
            raw.search_replications,
            16,
            2,
            10_000,
            "optimise.search_replications",
        );
        let n0 = self.stage(
            raw.first_stage_replications,
            20,
            10,
            10_000,
            "optimise.first_stage_replications",
        );
        Some(Optimise {
            base,
            recruits_min: lo,
            recruits_max: hi,
            step: step.clamp(1, MAX_COUNT) as u32,
            total_recruits_max,
            allocations,
            opening_order: raw.opening_order,
            cost_max: raw.cost_max,
            year_weights,
            finalists: finalists as usize,
            search_replications: search as u32,
            first_stage_replications: n0 as u32,
            source: raw.source.clone(),
        })
    }
}
