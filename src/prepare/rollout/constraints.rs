//! Whether a prepared rollout respects the scenario's `[constraints]`, and every place it
//! does not: which constraint, station and year, and by how much.

use super::costs::{self, RolloutCosts};
use crate::ground::engine::SimTime;
use crate::scenario::{Rollout, Scenario};
use serde::Serialize;

/// One place a rollout breaks a constraint.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Violation {
    /// The constraint's field (`constraints.grade_minimums`, …).
    pub constraint: String,
    /// The station, where the constraint is per station.
    pub station: Option<String>,
    /// The calendar year, where the constraint is per year.
    pub year: Option<i32>,
    /// What the rollout has.
    pub value: f64,
    /// What the constraint allows (a minimum or a maximum).
    pub limit: f64,
}

impl Violation {
    /// How far it is from the limit (always > 0).
    pub fn by(&self) -> f64 {
        (self.value - self.limit).abs()
    }

    /// One line naming the rollout, the constraint, station, year and the amount.
    pub fn describe(&self, rollout: &str) -> String {
        let mut s = format!("{rollout}: {}", self.constraint);
        if let Some(st) = &self.station {
            s.push_str(&format!(" {st}"));
        }
        if let Some(y) = self.year {
            s.push_str(&format!(" {y}"));
        }
        let (what, dir) = if self.value < self.limit {
            ("short of", "below")
        } else {
            ("over", "above")
        };
        s.push_str(&format!(
            ": {} {dir} {} ({what} it by {})",
            fmt(self.value),
            fmt(self.limit),
            fmt(self.by())
        ));
        s
    }
}

fn fmt(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// Every place `rollout` breaks the scenario's constraints (empty: feasible). `costs`
/// are the rollout's costs, needed for the budgets (without them no budget is checked).
pub fn violations(
    scenario: &Scenario,
    rollout: &Rollout,
    costs: Option<&RolloutCosts>,
) -> Vec<Violation> {
    let k = &scenario.constraints;
    let cal = &scenario.calendar;
    let mut out = vec![];
    for year in cal.years() {
        let (from, to) = cal.year_span(year);
        if to <= from {
            continue;
        }
        let last = SimTime(to.0 - 1);
        if k.grade_minimums {
            for (s, st) in scenario.stations.iter().enumerate() {
                let minimum = scenario.grade_minimums.of(st.grade);
                let own = rollout.covered_by[s].is_none();
                let open = rollout.opens_at[s] <= last;
                let head = rollout.headcount_at(s, last);
                if st.government && own && open && minimum > 0 && head < minimum {
                    out.push(Violation {
                        constraint: "constraints.grade_minimums".into(),
                        station: Some(st.id.clone()),
                        year: Some(year),
                        value: head as f64,
                        limit: minimum as f64,
                    });
                }
            }
        }
        if let Some(cap) = k.max_recruits_per_year {
            let n = costs::recruits(scenario, rollout, from, to);
            if n > cap {
                out.push(Violation {
                    constraint: "constraints.max_recruits_per_year".into(),
                    station: None,
                    year: Some(year),
                    value: n as f64,
                    limit: cap as f64,
                });
            }
        }
        if let (Some(budget), Some(c)) = (k.budget_per_year, costs)
            && let Some(y) = c.years.iter().find(|y| y.year == year)
            && y.total > budget
        {
            out.push(Violation {
                constraint: "constraints.budget_per_year".into(),
                station: None,
                year: Some(year),
                value: y.total,
                limit: budget,
            });
        }
    }
    if let Some(target) = k.end_headcount {
        let end = SimTime(cal.horizon_end().0 - 1);
        let n = costs::employed(scenario, rollout, end);
        if n < target {
            out.push(Violation {
                constraint: "constraints.end_headcount".into(),
                station: None,
                year: Some(cal.year_of(end)),
                value: n as f64,
                limit: target as f64,
            });
        }
    }
    if let (Some(budget), Some(c)) = (k.budget_total, costs)
        && c.total.total > budget
    {
        out.push(Violation {
            constraint: "constraints.budget_total".into(),
            station: None,
            year: None,
            value: c.total.total,
            limit: budget,
        });
    }
    out
}

/// When no rollout of the scenario respects its constraints, the constraints every rollout
/// breaks (each named by its field with the closest any rollout comes): a constraint that
/// cannot hold (a budget below every rollout's cost, a minimum above any headcount) is a
/// mistake in the file, not a finding. `None` when a rollout is feasible, or none is
/// constrained.
pub fn unmeetable(scenario: &Scenario) -> Option<Vec<String>> {
    if !scenario.constraints.any() || scenario.rollouts.is_empty() {
        return None;
    }
    let all: Vec<Vec<Violation>> = scenario
        .rollouts
        .iter()
        .map(|r| {
            let costs = super::costs::costs(scenario, r);
            violations(scenario, r, costs.as_ref())
        })
        .collect();
    if all.iter().any(|v| v.is_empty()) {
        return None;
    }
    let mut fields: Vec<String> = all[0].iter().map(|v| v.constraint.clone()).collect();
    fields.sort();
    fields.dedup();
    let out: Vec<String> = fields
        .into_iter()
        .filter(|f| all.iter().all(|v| v.iter().any(|x| &x.constraint == f)))
        .map(|f| {
            let (rollout, closest) = scenario
                .rollouts
                .iter()
                .zip(&all)
                .filter_map(|(r, v)| {
                    let worst = v
                        .iter()
                        .filter(|x| x.constraint == f)
                        .map(|x| x.by())
                        .fold(0.0, f64::max);
                    (worst > 0.0).then_some((r.name.as_str(), worst))
                })
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or(("", 0.0));
            format!(
                "{f}: no rollout meets it (the closest, `{rollout}`, misses it by {closest:.1})"
            )
        })
        .collect();
    Some(if out.is_empty() {
        vec!["constraints: every rollout breaks some constraint (see `firesim rollout`)".into()]
    } else {
        out
    })
}
