//! Allocation policies: which teams an intake's recruits join.
//!
//! Every policy returns whole firefighters per station and hands out exactly the intake
//! (fractions are resolved by largest remainder, ties to the earlier station, so the result
//! never depends on float noise in a way that changes between machines; stations are in
//! the order of their ids, never of the file). Only `Team`
//! stations receive recruits. `demand_weighted` and `coverage_greedy` look at the station
//! network as it will be at the end of the intake's calendar year: a station counts as
//! serving if it is open by then, or its team works from temporary premises.

use super::areas::{self, DemandPoint};
use super::roles::Role;
use crate::ground::engine::SimTime;
use crate::prepare::staffing::{on_duty_of, units_crewed};
use crate::scenario::{AllocationPolicy, Rollout, Scenario};

/// What the policies need to know besides the headcount.
pub(crate) struct Context<'a> {
    scenario: &'a Scenario,
    rollout: &'a Rollout,
    roles: &'a [Role],
    /// Stations that take recruits, in station order.
    teams: Vec<usize>,
    /// Per station: its grade minimum.
    minimum: Vec<u32>,
    /// Demand points, computed on first use.
    points: Option<Vec<DemandPoint>>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(scenario: &'a Scenario, rollout: &'a Rollout, roles: &'a [Role]) -> Self {
        Context {
            scenario,
            rollout,
            roles,
            teams: (0..roles.len())
                .filter(|&s| roles[s] == Role::Team)
                .collect(),
            minimum: scenario
                .stations
                .iter()
                .map(|st| scenario.grade_minimums.of(st.grade))
                .collect(),
            points: None,
        }
    }

    fn points(&mut self) -> Vec<DemandPoint> {
        self.points
            .get_or_insert_with(|| areas::demand_points(self.scenario))
            .clone()
    }

    /// The last instant of `t`'s calendar year inside the horizon.
    fn year_end(&self, t: SimTime) -> SimTime {
        let cal = &self.scenario.calendar;
        let (_, to) = cal.year_span(cal.year_of(t));
        SimTime(to.0.max(t.0 + 1) - 1)
    }

    /// Whether station `s` serves (open, or a temporary team) at `t`.
    fn serving(&self, s: usize, t: SimTime) -> bool {
        matches!(self.roles[s], Role::Team | Role::Fixed(_))
            && (self.rollout.opens_at[s] <= t || self.rollout.temporary_units[s] > 0)
    }

    /// Units station `s` crews at `t` with `headcount`.
    fn crewed(&self, s: usize, headcount: u32, t: SimTime) -> usize {
        let premises = t < self.rollout.opens_at[s];
        let cap = if premises {
            self.rollout.temporary_units[s] as usize
        } else {
            usize::MAX
        };
        units_crewed(
            self.scenario,
            s,
            on_duty_of(headcount, self.rollout.on_duty_fraction),
            cap,
            premises,
        )
        .len()
    }
}

/// Share `n` in proportion to `weights` by largest remainder (ties to the earlier index);
/// equal weights when they are all zero.
pub(crate) fn share(n: u32, weights: &[f64]) -> Vec<u32> {
    let mut out = vec![0u32; weights.len()];
    if weights.is_empty() || n == 0 {
        return out;
    }
    let total: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    let w: Vec<f64> = if total > 0.0 {
        weights.iter().map(|w| w.max(0.0) / total).collect()
    } else {
        vec![1.0 / weights.len() as f64; weights.len()]
    };
    let quotas: Vec<f64> = w.iter().map(|w| w * n as f64).collect();
    let mut given = 0u32;
    for (o, q) in out.iter_mut().zip(&quotas) {
        *o = q.floor() as u32;
        given += *o;
    }
    let mut order: Vec<usize> = (0..w.len()).filter(|&i| w[i] > 0.0).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (quotas[a] - quotas[a].floor(), quotas[b] - quotas[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(n.saturating_sub(given) as usize) {
        out[i] += 1;
    }
    out
}

/// Assign `n` recruits going on duty at `t`, given the current `head` per station.
pub(crate) fn allocate(
    ctx: &mut Context,
    policy: AllocationPolicy,
    head: &[u32],
    n: u32,
    t: SimTime,
) -> Vec<u32> {
    let mut add = vec![0u32; head.len()];
    if ctx.teams.is_empty() || n == 0 {
        return add;
    }
    let left = match policy {
        AllocationPolicy::OpeningOrder => {
            fill_groups(ctx, |s| ctx.rollout.opens_at[s], head, &mut add, n)
        }
        AllocationPolicy::GradeMinimumFirst => {
            fill_groups(ctx, |s| ctx.rollout.opens_at[s].max(t), head, &mut add, n)
        }
        AllocationPolicy::DemandWeighted => demand_weighted(ctx, head, &mut add, n, t),
        AllocationPolicy::CoverageGreedy => coverage_greedy(ctx, head, &mut add, n, t),
    };
    above_minimums(ctx, &mut add, left);
    add
}

/// Bring each station of `order` to its minimum in turn; returns the recruits left.
/// What is left once the policy is done: shared in proportion to the grade minimums.
fn above_minimums(ctx: &Context, add: &mut [u32], left: u32) {
    let weights: Vec<f64> = ctx.teams.iter().map(|&s| ctx.minimum[s] as f64).collect();
    for (k, &s) in share(left, &weights).iter().zip(&ctx.teams) {
        add[s] += k;
    }
}

/// Teams grouped by `key` (an opening time; ascending), each group's shortfalls from the
/// grade minimums filled, or shared in proportion to them when the recruits do not reach,
/// before the next group gets anyone. Stations opening at the same time are one group, so
/// none of them comes first for being listed first: `opening_order` groups by opening
/// date, `grade_minimum_first` puts every station already open at the intake in the first
/// group.
fn fill_groups(
    ctx: &Context,
    key: impl Fn(usize) -> SimTime,
    head: &[u32],
    add: &mut [u32],
    n: u32,
) -> u32 {
    let mut groups: Vec<(SimTime, Vec<usize>)> = vec![];
    let mut order = ctx.teams.clone();
    order.sort_by_key(|&s| (key(s), s));
    for s in order {
        let key = key(s);
        match groups.last_mut() {
            Some((k, g)) if *k == key => g.push(s),
            _ => groups.push((key, vec![s])),
        }
    }
    let mut left = n;
    for (_, group) in groups {
        let short: Vec<f64> = group
            .iter()
            .map(|&s| ctx.minimum[s].saturating_sub(head[s]) as f64)
            .collect();
        let total = short.iter().sum::<f64>() as u32;
        if total == 0 {
            continue;
        }
        if total <= left {
            for (&s, k) in group.iter().zip(&short) {
                add[s] += *k as u32;
            }
            left -= total;
        } else {
            for (&s, k) in group.iter().zip(share(left, &short)) {
                add[s] += k;
            }
            return 0;
        }
    }
    left
}

/// Move headcount towards shares proportional to first-due demand: each team's target is
/// its demand share of the teams' total after the intake; the intake is shared in
/// proportion to the shortfalls from the targets.
fn demand_weighted(ctx: &mut Context, head: &[u32], add: &mut [u32], n: u32, t: SimTime) -> u32 {
    let view = ctx.year_end(t);
    let serving: Vec<bool> = (0..head.len()).map(|s| ctx.serving(s, view)).collect();
    let points = ctx.points();
    let demand = areas::first_due_demand(ctx.scenario, &points, &serving);
    let team_demand: f64 = ctx.teams.iter().map(|&s| demand[s]).sum();
    if team_demand <= 0.0 {
        return n;
    }
    let total = ctx.teams.iter().map(|&s| head[s]).sum::<u32>() + n;
    let short: Vec<f64> = ctx
        .teams
        .iter()
        .map(|&s| (total as f64 * demand[s] / team_demand - head[s] as f64).max(0.0))
        .collect();
    for (k, &s) in share(n, &short).iter().zip(&ctx.teams) {
        add[s] += k;
    }
    0
}

/// Greedy coverage: repeatedly give the batch that crews one more unit somewhere to the
/// team where it adds the most population within the standard per recruit (ties: the
/// population-weighted gain in units within reach, then the earlier station). Stops when no
/// batch fits in what is left or none adds anything.
fn coverage_greedy(ctx: &mut Context, head: &[u32], add: &mut [u32], n: u32, t: SimTime) -> u32 {
    let view = ctx.year_end(t);
    let points = ctx.points();
    let budget_s = ctx.scenario.standard_s - ctx.scenario.turnout.mean_s();
    let reach = areas::reach(ctx.scenario, &points, budget_s);
    let stations = head.len();
    let mut crewed: Vec<usize> = (0..stations)
        .map(|s| {
            if matches!(ctx.roles[s], Role::Team | Role::Fixed(_)) {
                ctx.crewed(s, head[s], view)
            } else {
                0
            }
        })
        .collect();
    // Units within reach of each point.
    let mut units_at: Vec<usize> = vec![0; points.len()];
    for s in 0..stations {
        for &p in &reach[s] {
            units_at[p] += crewed[s];
        }
    }
    let value = |k: usize| -> (f64, f64) {
        // (covered at all, harmonic backup value)
        (
            if k > 0 { 1.0 } else { 0.0 },
            (1..=k).map(|i| 1.0 / i as f64).sum(),
        )
    };
    let mut left = n;
    loop {
        let mut best: Option<(f64, f64, usize, u32, usize)> = None; // (gain/k, backup/k, s, k, new crewed)
        for &s in &ctx.teams {
            let h = head[s] + add[s];
            let Some(k) = (1..=left).find(|&k| ctx.crewed(s, h + k, view) > crewed[s]) else {
                continue;
            };
            let now = ctx.crewed(s, h + k, view);
            let (mut gain, mut backup) = (0.0, 0.0);
            for &p in &reach[s] {
                let (a0, b0) = value(units_at[p]);
                let (a1, b1) = value(units_at[p] - crewed[s] + now);
                gain += points[p].population * (a1 - a0);
                backup += points[p].population * (b1 - b0);
            }
            let cand = (gain / k as f64, backup / k as f64, s, k, now);
            let better = match best {
                None => true,
                Some((g, b, ..)) => cand.0 > g || (cand.0 == g && cand.1 > b),
            };
            if better && (gain > 0.0 || backup > 0.0) {
                best = Some(cand);
            }
        }
        let Some((_, _, s, k, now)) = best else {
            return left;
        };
        for &p in &reach[s] {
            units_at[p] = units_at[p] - crewed[s] + now;
        }
        crewed[s] = now;
        add[s] += k;
        left -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn share_hands_out_exactly_n_by_largest_remainder() {
        assert_eq!(share(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(share(7, &[45.0, 24.0, 16.0]), vec![4, 2, 1]);
        assert_eq!(share(5, &[0.0, 0.0]), vec![3, 2]);
        assert_eq!(share(3, &[0.0, 2.0]), vec![0, 3]);
        assert_eq!(share(0, &[1.0]), vec![0]);
        for n in 0..50 {
            assert_eq!(share(n, &[0.3, 0.2, 0.5, 0.0]).iter().sum::<u32>(), n);
        }
    }
}
