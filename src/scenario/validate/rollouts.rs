//! Validating rollouts: inheritance (`base`), commissioning overrides, literal tables and
//! schedules. Every problem is recorded with the path of the field that holds it, which for
//! an inherited field is the base rollout's (and is then reported once).

use super::super::raw::*;
use super::super::schedule::{Intake, Schedule};
use super::super::{Calendar, Issue, Rollout, RolloutRole, Station};
use super::validator::Validator;
use crate::ground::engine::SimTime;
use chrono::{Datelike, NaiveDate};
use chrono::{Days, Months};
use std::collections::{BTreeMap, HashMap};

/// The largest headcount a rollout may give in one place (a table step, a year's or an
/// intake's recruits, a starting headcount, a fixed team). [estimate] The largest fire
/// services employ tens of thousands of firefighters in all, so 100,000 in one figure is
/// beyond any real plan, and it keeps the derived headcounts (sums of such figures over
/// stations and intakes) far from overflowing `u32`.
pub const MAX_COUNT: i64 = 100_000;

/// What rollouts are checked against.
pub(in crate::scenario) struct Context<'a> {
    pub stations: &'a [Station],
    pub station_index: &'a HashMap<String, usize>,
    pub calendar: Option<&'a Calendar>,
    pub on_duty_fraction: f64,
    /// Per station, days of `[construction]` delay, added to every rollout's opening date.
    pub construction_delay_days: &'a [u32],
}

/// Pick the first rollout in `chain` that gives `$field`: `Option<(index, &value)>`.
macro_rules! pick {
    ($raw:expr, $chain:expr, $field:ident) => {
        $chain
            .iter()
            .find_map(|&i| $raw[i].$field.as_ref().map(|v| (i, v)))
    };
}

impl Validator {
    /// The chain `r`, its base, the base's base, …; `None` (with the problem recorded) when
    /// a base is unknown or the chain loops.
    fn chain(
        &mut self,
        raw: &[RawRollout],
        r: usize,
        names: &HashMap<&str, usize>,
    ) -> Option<Vec<usize>> {
        let mut chain = vec![r];
        let mut at = r;
        while let Some(base) = &raw[at].base {
            let Some(&b) = names.get(base.as_str()) else {
                self.issue(
                    format!("rollouts[{at}].base"),
                    format!("unknown rollout `{base}`"),
                );
                return None;
            };
            if chain.contains(&b) {
                let path: Vec<&str> = chain
                    .iter()
                    .chain([&b])
                    .map(|&i| raw[i].name.as_str())
                    .collect();
                self.issue(
                    format!("rollouts[{r}].base"),
                    format!("`base` forms a cycle: {}", path.join(" → ")),
                );
                return None;
            }
            chain.push(b);
            at = b;
        }
        Some(chain)
    }

    fn station(&mut self, ctx: &Context, id: &str, field: String) -> Option<usize> {
        let s = ctx.station_index.get(id).copied();
        if s.is_none() {
            self.issue(field, format!("unknown station `{id}`"));
        }
        s
    }

    fn count(&mut self, n: i64, field: String) -> u32 {
        if self.check(
            (0..=MAX_COUNT).contains(&n),
            field,
            format!("must be a whole number from 0 to {MAX_COUNT}, found {n}"),
        ) {
            n as u32
        } else {
            0
        }
    }

    /// Validate every rollout; schedules come back with an empty headcount, derived after
    /// loading by the prepare step.
    pub(in crate::scenario) fn rollouts(
        &mut self,
        raw: &[RawRollout],
        ctx: &Context,
    ) -> Vec<Rollout> {
        let first_issue = self.issues.len();
        self.check(
            !raw.is_empty(),
            "rollouts",
            "at least one rollout is needed",
        );
        let mut names: HashMap<&str, usize> = HashMap::new();
        for (r, ro) in raw.iter().enumerate() {
            if names.insert(ro.name.as_str(), r).is_some() {
                self.issue(
                    format!("rollouts[{r}].name"),
                    format!("rollout `{}` is defined twice", ro.name),
                );
            }
        }
        self.chinese_names(raw);
        let mut out = vec![];
        for r in 0..raw.len() {
            let Some(chain) = self.chain(raw, r, &names) else {
                continue;
            };
            if let Some(ro) = self.rollout(raw, r, &chain, ctx) {
                out.push(ro);
            }
        }
        // Inherited fields are checked once per heir: report each problem once.
        let mut seen = std::collections::HashSet::new();
        let tail: Vec<Issue> = self.issues.drain(first_issue..).collect();
        for i in tail {
            if seen.insert((i.field.clone(), i.message.clone())) {
                self.issues.push(i);
            }
        }
        out
    }

    /// `name_zh`: not blank, and no two rollouts shown under the same Chinese name.
    fn chinese_names(&mut self, raw: &[RawRollout]) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (r, ro) in raw.iter().enumerate() {
            let Some(z) = &ro.name_zh else { continue };
            let field = format!("rollouts[{r}].name_zh");
            if !self.check(
                !z.trim().is_empty(),
                field.clone(),
                "must not be blank (leave it out to show `name`)",
            ) {
                continue;
            }
            if let Some(other) = seen.insert(z.trim(), &ro.name) {
                self.issue(
                    field,
                    format!("`{z}` is also the Chinese name of rollout `{other}`"),
                );
            }
        }
    }

    fn rollout(
        &mut self,
        raw: &[RawRollout],
        r: usize,
        chain: &[usize],
        ctx: &Context,
    ) -> Option<Rollout> {
        let Some((_, &kind)) = pick!(raw, chain, kind) else {
            self.issue(
                format!("rollouts[{r}].kind"),
                "missing: give `kind = \"table\"` or `kind = \"schedule\"`, or a `base` to inherit it from",
            );
            return None;
        };

        // Commissioning: opening dates, temporary units, team sharing, on-duty share.
        let opens = self.opens(raw, chain, ctx);
        let opens_at: Vec<SimTime> = opens
            .iter()
            .map(|d| match (d, ctx.calendar) {
                (Some(d), Some(c)) => c.time_of(*d).max(SimTime::ZERO),
                _ => SimTime::ZERO,
            })
            .collect();
        let temporary_units = self.temporary_units(raw, chain, ctx);
        let covered_by = self.covered_by(raw, chain, ctx);
        let on_duty_fraction = match pick!(raw, chain, on_duty_fraction) {
            Some((o, &f)) => {
                self.check(
                    f > 0.0 && f <= 1.0,
                    format!("rollouts[{o}].on_duty_fraction"),
                    format!("must be in (0, 1], found {f}"),
                );
                f
            }
            None => ctx.on_duty_fraction,
        };

        let role = self.role(raw, chain);
        let (headcount, schedule) = self.kind_fields(raw, r, chain, kind, ctx, &covered_by);
        Some(Rollout {
            name: raw[r].name.clone(),
            description: raw[r].description.clone(),
            description_zh: raw[r].description_zh.clone(),
            name_zh: raw[r].name_zh.clone(),
            kind,
            role,
            headcount,
            opens_at,
            temporary_units,
            on_duty_fraction,
            covered_by,
            schedule,
            flows: vec![],
            derived_with: None,
            warnings: vec![],
        })
    }

    /// `role`: a decision (the default) or a state of the world.
    fn role(&mut self, raw: &[RawRollout], chain: &[usize]) -> RolloutRole {
        match pick!(raw, chain, role) {
            None => RolloutRole::Decision,
            Some((_, r)) if r == "decision" => RolloutRole::Decision,
            Some((_, r)) if r == "world" => RolloutRole::World,
            Some((o, r)) => {
                self.issue(
                    format!("rollouts[{o}].role"),
                    format!(
                        "must be \"decision\" (something the planner chooses) or \"world\" (a state of the world or a reading of the plan), found \"{r}\""
                    ),
                );
                RolloutRole::Decision
            }
        }
    }

    /// Opening dates: the stations' own, `opens` overrides, then `opening_delays`, then the
    /// scenario's `[construction]` delay (a state of the world, the same in every rollout).
    fn opens(
        &mut self,
        raw: &[RawRollout],
        chain: &[usize],
        ctx: &Context,
    ) -> Vec<Option<NaiveDate>> {
        let n = ctx.stations.len();
        let mut opens: Vec<Option<NaiveDate>> = ctx.stations.iter().map(|s| s.opens).collect();
        if let Some((o, map)) = pick!(raw, chain, opens) {
            for (sid, d) in map {
                let f = format!("rollouts[{o}].opens.{sid}");
                let s = self.station(ctx, sid, f.clone());
                if let (Some(s), Some(d)) = (s, self.date(d, f)) {
                    opens[s] = Some(d);
                }
            }
        }
        if let Some((o, delays)) = pick!(raw, chain, opening_delays) {
            let table = opens.clone();
            for (j, d) in delays.iter().enumerate() {
                let f = format!("rollouts[{o}].opening_delays[{j}]");
                self.check(
                    (0..=100).contains(&d.years),
                    format!("{f}.years"),
                    format!(
                        "must be a whole number of years from 0 to 100, found {}",
                        d.years
                    ),
                );
                let group: Vec<usize> = match (&d.stations, d.opening_year) {
                    (Some(ids), None) => ids
                        .iter()
                        .enumerate()
                        .filter_map(|(k, id)| self.station(ctx, id, format!("{f}.stations[{k}]")))
                        .collect(),
                    (None, Some(y)) => {
                        let g: Vec<usize> = (0..n)
                            .filter(|&s| table[s].is_some_and(|t| t.year() == y))
                            .collect();
                        self.check(
                            !g.is_empty(),
                            format!("{f}.opening_year"),
                            format!("no station opens in {y}"),
                        );
                        g
                    }
                    _ => {
                        self.issue(f.clone(), "give either `stations` or `opening_year`");
                        vec![]
                    }
                };
                let months = Months::new(12 * d.years.clamp(0, 100) as u32);
                for s in group {
                    match table[s] {
                        Some(t) => opens[s] = t.checked_add_months(months),
                        None => self.issue(
                            f.clone(),
                            format!(
                                "station {} opens before the horizon: give it a date in `opens` to delay it",
                                ctx.stations[s].id
                            ),
                        ),
                    }
                }
            }
        }
        for (s, &days) in ctx.construction_delay_days.iter().enumerate() {
            if days > 0 {
                opens[s] = opens[s].and_then(|d| d.checked_add_days(Days::new(u64::from(days))));
            }
        }
        opens
    }

    /// Units each team may crew from its temporary premises before the station opens.
    fn temporary_units(&mut self, raw: &[RawRollout], chain: &[usize], ctx: &Context) -> Vec<u32> {
        let mut temporary_units: Vec<u32> =
            ctx.stations.iter().map(|s| s.temporary_units).collect();
        if let Some((o, map)) = pick!(raw, chain, temporary_units) {
            for (sid, &k) in map {
                let f = format!("rollouts[{o}].temporary_units.{sid}");
                if let Some(s) = self.station(ctx, sid, f.clone()) {
                    let k = self.count(k, f.clone());
                    self.check(
                        k as usize <= ctx.stations[s].premises_units.len(),
                        f,
                        "cannot exceed the units at the station's temporary premises (stations.premises.units)",
                    );
                    temporary_units[s] = k;
                }
            }
        }
        temporary_units
    }

    /// Stations without a team of their own, and whose team covers them.
    fn covered_by(
        &mut self,
        raw: &[RawRollout],
        chain: &[usize],
        ctx: &Context,
    ) -> Vec<Option<usize>> {
        let n = ctx.stations.len();
        let mut covered_by: Vec<Option<usize>> = vec![None; n];
        if let Some((o, map)) = pick!(raw, chain, covered_by) {
            for (sid, by) in map {
                let f = format!("rollouts[{o}].covered_by.{sid}");
                let s = self.station(ctx, sid, f.clone());
                let b = self.station(ctx, by, f.clone());
                if let (Some(s), Some(b)) = (s, b)
                    && self.check(s != b, f.clone(), "a station cannot cover itself")
                {
                    covered_by[s] = Some(b);
                }
            }
            for s in 0..n {
                if let Some(b) = covered_by[s]
                    && covered_by[b].is_some()
                {
                    self.issue(
                        format!("rollouts[{o}].covered_by.{}", ctx.stations[s].id),
                        format!("{} has no team of its own either", ctx.stations[b].id),
                    );
                }
            }
        }
        covered_by
    }

    /// The fields of the rollout's kind (a `table`'s headcount, a `schedule`'s inputs), and
    /// none of the other kind's.
    fn kind_fields(
        &mut self,
        raw: &[RawRollout],
        r: usize,
        chain: &[usize],
        kind: RolloutKind,
        ctx: &Context,
        covered_by: &[Option<usize>],
    ) -> (Vec<Vec<(SimTime, u32)>>, Option<Schedule>) {
        let n = ctx.stations.len();
        // The kind's own fields, and none of the other kind's.
        let field_of = |name: &str| -> Option<usize> {
            chain.iter().copied().find(|&i| {
                let x = &raw[i];
                match name {
                    "headcount" => x.headcount.is_some(),
                    "recruits" => x.recruits.is_some(),
                    "intakes" => x.intakes.is_some(),
                    "intake_date" => x.intake_date.is_some(),
                    "induction_days" => x.induction_days.is_some(),
                    "attrition" => x.attrition.is_some(),
                    "allocation" => x.allocation.is_some(),
                    "starting_headcount" => x.starting_headcount.is_some(),
                    "fixed_teams" => x.fixed_teams.is_some(),
                    _ => false,
                }
            })
        };
        let schedule_fields = [
            "recruits",
            "intakes",
            "intake_date",
            "induction_days",
            "attrition",
            "allocation",
            "starting_headcount",
            "fixed_teams",
        ];
        let mut headcount = vec![vec![]; n];
        let mut schedule = None;
        match kind {
            RolloutKind::Table => {
                for name in schedule_fields {
                    if let Some(o) = field_of(name) {
                        self.issue(
                            format!("rollouts[{o}].{name}"),
                            format!("`{name}` belongs to `schedule` rollouts; rollout `{}` is a `table`", raw[r].name),
                        );
                    }
                }
                match pick!(raw, chain, headcount) {
                    Some((o, table)) => headcount = self.table(table, o, ctx),
                    None => self.issue(
                        format!("rollouts[{r}].headcount"),
                        "a `table` rollout needs a headcount table",
                    ),
                }
            }
            RolloutKind::Schedule => {
                if let Some(o) = field_of("headcount") {
                    self.issue(
                        format!("rollouts[{o}].headcount"),
                        format!(
                            "`headcount` belongs to `table` rollouts; rollout `{}` is a `schedule`",
                            raw[r].name
                        ),
                    );
                }
                schedule = self.schedule(raw, r, chain, ctx, covered_by);
            }
        }
        (headcount, schedule)
    }

    fn table(
        &mut self,
        table: &BTreeMap<String, Vec<RawStep>>,
        o: usize,
        ctx: &Context,
    ) -> Vec<Vec<(SimTime, u32)>> {
        let f = format!("rollouts[{o}]");
        let mut headcount = vec![vec![]; ctx.stations.len()];
        for (sid, steps) in table {
            let Some(s) = self.station(ctx, sid, format!("{f}.headcount.{sid}")) else {
                continue;
            };
            let mut last = None;
            for (k, step) in steps.iter().enumerate() {
                let sf = format!("{f}.headcount.{sid}[{k}]");
                let date = self.date(&step.from, format!("{sf}.from"));
                let n = self.count(step.firefighters, format!("{sf}.firefighters"));
                if let (Some(d), Some(c)) = (date, ctx.calendar) {
                    if last.is_some_and(|l| d <= l) {
                        self.issue(format!("{sf}.from"), "steps must be in date order");
                    }
                    last = Some(d);
                    headcount[s].push((c.time_of(d), n));
                }
            }
        }
        headcount
    }

    fn schedule(
        &mut self,
        raw: &[RawRollout],
        r: usize,
        chain: &[usize],
        ctx: &Context,
        covered_by: &[Option<usize>],
    ) -> Option<Schedule> {
        let f = format!("rollouts[{r}]");
        let induction = self.induction(raw, chain, ctx, &f);
        let (intakes, recruits_field) = self.intakes(raw, chain, ctx, &f, induction)?;
        let (attrition, allocation) = self.attrition_and_allocation(raw, chain, &f);
        let fixed = self.fixed_teams(raw, chain, ctx, covered_by);
        let starting = self.starting_headcount(raw, chain, ctx, covered_by, &fixed);
        let ((rate, mode), allocation) = (attrition?, allocation?);
        induction?;
        Some(Schedule {
            intakes,
            attrition_rate: rate,
            attrition_mode: mode,
            allocation,
            starting,
            fixed,
            field: f,
            recruits_field,
        })
    }

    /// Record that the `schedule` rollout at `f` lacks `what`.
    fn need(&mut self, f: &str, what: &str) {
        self.issue(
            format!("{f}.{what}"),
            format!("a `schedule` rollout needs `{what}`"),
        )
    }

    /// `induction_days`, as a duration.
    fn induction(
        &mut self,
        raw: &[RawRollout],
        chain: &[usize],
        ctx: &Context,
        f: &str,
    ) -> Option<SimTime> {
        match pick!(raw, chain, induction_days) {
            Some((o, &d)) => {
                let field = format!("rollouts[{o}].induction_days");
                let days = ctx.calendar.map_or(i64::MAX, |c| c.days());
                let ok = self.check(d >= 0, field.clone(), format!("must be >= 0, found {d}"))
                    && self.check(
                        d < days,
                        field,
                        format!("{d} days of induction are longer than the horizon ({days} days): no recruit would ever be on duty"),
                    );
                ok.then(|| SimTime::from_days(d))
            }
            None => {
                self.need(f, "induction_days");
                None
            }
        }
    }

    /// The dated intakes from `recruits` (per year, with `intake_date`) or `intakes`, and
    /// the field they came from; `None` when the rollout gives both or neither.
    fn intakes(
        &mut self,
        raw: &[RawRollout],
        chain: &[usize],
        ctx: &Context,
        f: &str,
        induction: Option<SimTime>,
    ) -> Option<(Vec<Intake>, String)> {
        let mut intakes: Vec<Intake> = vec![];
        let dated =
            |v: &mut Validator, d: NaiveDate, k: i64, field: String, intakes: &mut Vec<Intake>| {
                let recruits = v.count(k, field.clone());
                if let Some(c) = ctx.calendar {
                    if !v.check(
                        c.start <= d && d <= c.end,
                        field.clone(),
                        format!(
                            "intake on {d} is outside the horizon ({} to {})",
                            c.start, c.end
                        ),
                    ) {
                        return;
                    }
                    let joins = c.time_of(d);
                    intakes.push(Intake {
                        joins,
                        on_duty: joins + induction.unwrap_or(SimTime::ZERO),
                        recruits,
                        field,
                    });
                }
            };
        let recruits_field;
        match (pick!(raw, chain, recruits), pick!(raw, chain, intakes)) {
            (Some((o, list)), None) => {
                recruits_field = format!("rollouts[{o}].recruits");
                let md = match pick!(raw, chain, intake_date) {
                    Some((oi, s)) => {
                        let parsed = parse_month_day(s);
                        self.check(
                            parsed.is_some(),
                            format!("rollouts[{oi}].intake_date"),
                            format!("expected a month and day like \"03-01\", found \"{s}\""),
                        );
                        parsed
                    }
                    None => {
                        self.need(f, "intake_date");
                        None
                    }
                };
                if let Some(c) = ctx.calendar {
                    let years = c.years();
                    self.check(
                        list.len() <= years.len(),
                        recruits_field.clone(),
                        format!(
                            "{} yearly numbers for a horizon of {} calendar years ({}–{})",
                            list.len(),
                            years.len(),
                            c.start.year(),
                            c.end.year()
                        ),
                    );
                    for (k, (&count, &year)) in list.iter().zip(&years).enumerate() {
                        let field = format!("{recruits_field}[{k}]");
                        if let Some((m, d)) = md {
                            match NaiveDate::from_ymd_opt(year, m, d) {
                                Some(date) => dated(self, date, count, field, &mut intakes),
                                None => self.issue(
                                    field,
                                    format!("{year}-{m:02}-{d:02} is not a calendar date"),
                                ),
                            }
                        } else {
                            self.count(count, field);
                        }
                    }
                }
            }
            (None, Some((o, list))) => {
                recruits_field = format!("rollouts[{o}].intakes");
                for (k, i) in list.iter().enumerate() {
                    let field = format!("{recruits_field}[{k}]");
                    if let Some(d) = self.date(&i.date, format!("{field}.date")) {
                        dated(
                            self,
                            d,
                            i.recruits,
                            format!("{field}.recruits"),
                            &mut intakes,
                        );
                    } else {
                        self.count(i.recruits, format!("{field}.recruits"));
                    }
                }
            }
            (Some((o, _)), Some(_)) => {
                self.issue(
                    format!("rollouts[{o}].recruits"),
                    "give `recruits` (per year) or `intakes` (dated), not both",
                );
                return None;
            }
            (None, None) => {
                self.need(f, "recruits");
                return None;
            }
        }
        Some((intakes, recruits_field))
    }

    /// `attrition` (rate and mode) and `allocation`.
    #[allow(clippy::type_complexity)]
    fn attrition_and_allocation(
        &mut self,
        raw: &[RawRollout],
        chain: &[usize],
        f: &str,
    ) -> (Option<(f64, AttritionMode)>, Option<AllocationPolicy>) {
        let attrition = match pick!(raw, chain, attrition) {
            Some((o, a)) => {
                self.check(
                    a.rate.is_finite() && (0.0..1.0).contains(&a.rate),
                    format!("rollouts[{o}].attrition.rate"),
                    format!("must be a share in [0, 1), found {}", a.rate),
                );
                Some((a.rate, a.mode))
            }
            None => {
                self.need(f, "attrition");
                None
            }
        };
        let allocation = pick!(raw, chain, allocation).map(|(_, &a)| a);
        if allocation.is_none() {
            self.need(f, "allocation");
        }

        (attrition, allocation)
    }

    /// Per station, the size of its fixed team (outside the rollout), if it has one.
    fn fixed_teams(
        &mut self,
        raw: &[RawRollout],
        chain: &[usize],
        ctx: &Context,
        covered_by: &[Option<usize>],
    ) -> Vec<Option<u32>> {
        let n = ctx.stations.len();
        let mut fixed: Vec<Option<u32>> = vec![None; n];
        if let Some((o, map)) = pick!(raw, chain, fixed_teams) {
            for (sid, &k) in map {
                let field = format!("rollouts[{o}].fixed_teams.{sid}");
                if let Some(s) = self.station(ctx, sid, field.clone()) {
                    fixed[s] = Some(self.count(k, field.clone()));
                    self.check(
                        covered_by[s].is_none(),
                        field,
                        "this station is covered by another's team; it cannot also have a fixed team",
                    );
                }
            }
        }
        fixed
    }

    /// Per station, its government firefighters at the start of the horizon.
    fn starting_headcount(
        &mut self,
        raw: &[RawRollout],
        chain: &[usize],
        ctx: &Context,
        covered_by: &[Option<usize>],
        fixed: &[Option<u32>],
    ) -> Vec<u32> {
        let n = ctx.stations.len();
        let mut starting = vec![0u32; n];
        if let Some((o, map)) = pick!(raw, chain, starting_headcount) {
            for (sid, &k) in map {
                let field = format!("rollouts[{o}].starting_headcount.{sid}");
                let Some(s) = self.station(ctx, sid, field.clone()) else {
                    continue;
                };
                starting[s] = self.count(k, field.clone());
                let st = &ctx.stations[s];
                if fixed[s].is_some() {
                    self.issue(
                        field,
                        "this station has a fixed team; give its size in `fixed_teams` only",
                    );
                } else if covered_by[s].is_some() {
                    self.issue(
                        field,
                        "this station is covered by another's team and has no team of its own",
                    );
                } else if !st.government {
                    self.issue(
                        field,
                        format!(
                            "{} is not a government station: give its team in `fixed_teams`",
                            st.id
                        ),
                    );
                }
            }
        }
        starting
    }
}

/// `"MM-DD"` → (month, day), checked against a leap year (29 February is allowed here and
/// fails later in years without it).
fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

#[cfg(test)]
mod tests {
    use super::parse_month_day;

    #[test]
    fn month_day_parses_only_calendar_days() {
        assert_eq!(parse_month_day("03-01"), Some((3, 1)));
        assert_eq!(parse_month_day("02-29"), Some((2, 29)));
        assert_eq!(parse_month_day("02-30"), None);
        assert_eq!(parse_month_day("13-01"), None);
        assert_eq!(parse_month_day("2021-03-01"), None);
        assert_eq!(parse_month_day("March 1"), None);
    }
}
