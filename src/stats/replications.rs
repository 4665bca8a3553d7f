//! Every replication's figures as one table ([`RepTable`]: a row of `f64` per replication,
//! in replication order) and their estimates across replications ([`aggregate`],
//! [`paired_differences`]), read back in blocks.
//!
//! A row is what the intervals need and nothing more: each period's figures in [`Layout`]
//! order, then per unit its utilization, responses and share crewed; no histogram, no
//! sample. Its width depends on the scenario's layout, never on the number of incidents.
//! The estimates are two passes over the rows (sums, then squared deviations from the
//! mean), each summed in replication order, so they are bit for bit what
//! [`Estimate::from_values`] gives on each column. The rows live where a [`RowBacking`]
//! keeps them: in memory (`Vec<f64>`), or where the caller puts them (the commands keep a
//! long run's rows in a temporary file, so its memory stays flat in replications). This
//! module does no IO.

use super::Estimate;
use super::figures::{Aggregate, Layout, RepSummary};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Values read or written at once (1 MiB of `f64`): the estimates' passes hold one block
/// of each table, whatever the number of replications.
const BLOCK_VALUES: usize = 1 << 17;

/// Where a [`RepTable`] keeps its values: appended in order, read back by position.
pub trait RowBacking: Send {
    /// Append `values` after the ones already kept.
    fn append(&mut self, values: &[f64]);
    /// Fill `out` with the values from position `at` on (all of them were appended).
    fn read(&self, at: usize, out: &mut [f64]);
    /// The first failure of the backing (a full disk), after which its values are void.
    fn error(&self) -> Option<String>;
}

impl RowBacking for Vec<f64> {
    fn append(&mut self, values: &[f64]) {
        self.extend_from_slice(values);
    }

    fn read(&self, at: usize, out: &mut [f64]) {
        out.copy_from_slice(&self[at..at + out.len()]);
    }

    fn error(&self) -> Option<String> {
        None
    }
}

/// A backing in memory (for [`RepTable::new`] and the callers that make backings).
pub fn in_memory() -> Box<dyn RowBacking> {
    Box::new(Vec::<f64>::new())
}

/// Every replication's figures, one row per replication in replication order.
pub struct RepTable {
    years: Vec<i32>,
    figures: usize,
    units: usize,
    rows: usize,
    backing: Box<dyn RowBacking>,
}

impl std::fmt::Debug for RepTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RepTable")
            .field("years", &self.years)
            .field("figures", &self.figures)
            .field("units", &self.units)
            .field("rows", &self.rows)
            .finish()
    }
}

impl RepTable {
    /// An empty table for replications over `years` with `figures` figures per period and
    /// `units` units, kept by `backing` (which must be empty).
    pub fn new(
        years: Vec<i32>,
        figures: usize,
        units: usize,
        backing: Box<dyn RowBacking>,
    ) -> RepTable {
        RepTable {
            years,
            figures,
            units,
            rows: 0,
            backing,
        }
    }

    /// An empty table kept in memory.
    pub fn in_memory(years: Vec<i32>, figures: usize, units: usize) -> RepTable {
        RepTable::new(years, figures, units, in_memory())
    }

    /// Values per replication: every period's figures and three per unit.
    pub fn width(&self) -> usize {
        (self.years.len() + 1) * self.figures + 3 * self.units
    }

    /// Replications kept.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no replication is kept.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The backing's first failure (its values are then void).
    pub fn error(&self) -> Option<String> {
        self.backing.error()
    }

    /// Append the next replication's figures (its histograms and sample are not kept).
    ///
    /// # Panics
    /// When the summary's shape is not the table's (a caller's bug: every replication of a
    /// run reports the same layout).
    pub fn push(&mut self, rep: &RepSummary) {
        assert!(
            rep.years == self.years
                && rep.periods.iter().all(|p| p.len() == self.figures)
                && [&rep.unit_utilization, &rep.unit_responses, &rep.unit_crewed]
                    .iter()
                    .all(|u| u.len() == self.units),
            "a replication's figures do not fit the table"
        );
        for p in &rep.periods {
            self.backing.append(p);
        }
        for u in [&rep.unit_utilization, &rep.unit_responses, &rep.unit_crewed] {
            self.backing.append(u);
        }
        self.rows += 1;
    }

    /// Append the rows of `next` (the replications right after this table's).
    ///
    /// # Panics
    /// When the two tables' shapes differ (a caller's bug).
    pub fn append(&mut self, next: &RepTable) {
        assert!(
            next.years == self.years && next.figures == self.figures && next.units == self.units,
            "appending a table of another shape"
        );
        next.blocks(&mut |block| self.backing.append(block));
        self.rows += next.rows;
    }

    /// Replication `rep`'s figures (without histograms or sample).
    ///
    /// # Panics
    /// When `rep` is past the table's end.
    pub fn get(&self, rep: usize) -> RepSummary {
        assert!(rep < self.rows, "replication {rep} of {}", self.rows);
        let w = self.width();
        let mut row = vec![0.0; w];
        self.backing.read(rep * w, &mut row);
        let periods = split(&row, self.years.len() + 1, self.figures);
        let units = &row[(self.years.len() + 1) * self.figures..];
        let unit = |k: usize| units[k * self.units..(k + 1) * self.units].to_vec();
        RepSummary {
            years: self.years.clone(),
            periods,
            unit_utilization: unit(0),
            unit_responses: unit(1),
            unit_crewed: unit(2),
            pooled: Default::default(),
            sample: vec![],
        }
    }

    /// Every replication's figures in order (read one by one).
    pub fn iter(&self) -> impl Iterator<Item = RepSummary> + '_ {
        (0..self.rows).map(|k| self.get(k))
    }

    /// Whole rows in order, a block of at most [`BLOCK_VALUES`] values (and at least one
    /// row) at a time.
    fn blocks(&self, f: &mut dyn FnMut(&[f64])) {
        let w = self.width();
        if w == 0 {
            return;
        }
        let per_block = (BLOCK_VALUES / w).max(1);
        let mut buf = vec![];
        let mut row = 0;
        while row < self.rows {
            let n = per_block.min(self.rows - row);
            buf.resize(n * w, 0.0);
            self.backing.read(row * w, &mut buf);
            f(&buf);
            row += n;
        }
    }
}

impl<'a> IntoIterator for &'a RepTable {
    type Item = RepSummary;
    type IntoIter = Box<dyn Iterator<Item = RepSummary> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// A table as a partial file carries it (`shard`): its shape and every value, row after
/// row (postcard writes every `f64` bit).
#[derive(Serialize, Deserialize)]
struct TableData {
    years: Vec<i32>,
    figures: usize,
    units: usize,
    values: Vec<f64>,
}

impl Serialize for RepTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut values = Vec::with_capacity(self.rows * self.width());
        self.blocks(&mut |b| values.extend_from_slice(b));
        TableData {
            years: self.years.clone(),
            figures: self.figures,
            units: self.units,
            values,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for RepTable {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RepTable, D::Error> {
        let t = TableData::deserialize(d)?;
        let mut table = RepTable::in_memory(t.years, t.figures, t.units);
        let w = table.width();
        if w == 0 && !t.values.is_empty() || w != 0 && t.values.len() % w != 0 {
            return Err(serde::de::Error::custom(format!(
                "{} values are not whole rows of {w}",
                t.values.len()
            )));
        }
        table.rows = t.values.len().checked_div(w).unwrap_or(0);
        table.backing = Box::new(t.values);
        Ok(table)
    }
}

/// Per column: the finite values' count, sum and squared deviations from their mean,
/// summed in row order exactly as [`Estimate::from_values`] sums them.
struct Columns {
    n: Vec<usize>,
    sum: Vec<f64>,
    ss: Vec<f64>,
}

impl Columns {
    fn new(width: usize) -> Columns {
        // The neutral element `Iterator::sum` starts from, so that a column's sum is the
        // one `from_values` computes, bit for bit (even a sum of negative zeros).
        let zero: f64 = std::iter::empty::<f64>().sum();
        Columns {
            n: vec![0; width],
            sum: vec![zero; width],
            ss: vec![zero; width],
        }
    }

    /// First pass: one row's values.
    fn add(&mut self, row: impl Iterator<Item = f64>) {
        for ((x, n), sum) in row.zip(&mut self.n).zip(&mut self.sum) {
            if x.is_finite() {
                *n += 1;
                *sum += x;
            }
        }
    }

    fn means(&self) -> Vec<f64> {
        self.sum
            .iter()
            .zip(&self.n)
            .map(|(s, &n)| s / n as f64)
            .collect()
    }

    /// Second pass: one row's values, with the first pass's `means`.
    fn add_deviations(&mut self, row: impl Iterator<Item = f64>, means: &[f64]) {
        for ((x, ss), m) in row.zip(&mut self.ss).zip(means) {
            if x.is_finite() {
                *ss += (x - m).powi(2);
            }
        }
    }

    fn estimates(&self, means: &[f64]) -> Vec<Estimate> {
        (0..self.n.len())
            .map(|c| Estimate::from_moments(self.n[c], means[c], self.ss[c]))
            .collect()
    }
}

/// Combine replications (in replication order, so the result does not depend on threads).
pub fn aggregate(layout: &Arc<Layout>, reps: &RepTable) -> Aggregate {
    if reps.is_empty() {
        return Aggregate {
            replications: 0,
            years: vec![],
            layout: layout.clone(),
            periods: vec![vec![Estimate::NONE; layout.names.len()]],
            unit_utilization: vec![],
            unit_responses: vec![],
            unit_crewed: vec![],
            unit_ever_sent: vec![],
        };
    }
    let w = reps.width();
    let (f, u) = (reps.figures, reps.units);
    let at_units = (reps.years.len() + 1) * f;
    let mut cols = Columns::new(w);
    let mut ever_sent = vec![false; u];
    reps.blocks(&mut |block| {
        for row in block.chunks(w) {
            cols.add(row.iter().copied());
            for (sent, &x) in ever_sent
                .iter_mut()
                .zip(&row[at_units + u..at_units + 2 * u])
            {
                *sent |= x > 0.0;
            }
        }
    });
    let means = cols.means();
    reps.blocks(&mut |block| {
        for row in block.chunks(w) {
            cols.add_deviations(row.iter().copied(), &means);
        }
    });
    let est = cols.estimates(&means);
    let unit = |k: usize| est[at_units + k * u..at_units + (k + 1) * u].to_vec();
    Aggregate {
        replications: reps.len(),
        years: reps.years.clone(),
        layout: layout.clone(),
        periods: split(&est, reps.years.len() + 1, f),
        unit_utilization: unit(0),
        unit_responses: unit(1),
        unit_crewed: unit(2),
        unit_ever_sent: ever_sent,
    }
}

/// Paired differences `other − base`, replication by replication, per period and figure.
///
/// Both runs must have the same layout and replication count (the same scenario and seed
/// with another rollout). A figure missing in either replication (NaN) drops that pair.
pub fn paired_differences(base: &RepTable, other: &RepTable) -> Vec<Vec<Estimate>> {
    if base.is_empty() {
        return vec![];
    }
    assert!(
        base.years == other.years && base.figures == other.figures,
        "paired tables of different layouts"
    );
    let (wb, wo) = (base.width(), other.width());
    let f = base.figures;
    let cols_n = (base.years.len() + 1) * f;
    let rows = base.len().min(other.len());
    let mut cols = Columns::new(cols_n);
    // Both tables a block of rows at a time, in step.
    let pass = |cols: &mut Columns, means: Option<&[f64]>| {
        let per_block = (BLOCK_VALUES / wb.max(wo)).max(1);
        let (mut b, mut o) = (vec![], vec![]);
        let mut row = 0;
        while row < rows {
            let n = per_block.min(rows - row);
            b.resize(n * wb, 0.0);
            o.resize(n * wo, 0.0);
            base.backing.read(row * wb, &mut b);
            other.backing.read(row * wo, &mut o);
            for (rb, ro) in b.chunks(wb).zip(o.chunks(wo)) {
                let d = rb[..cols_n].iter().zip(&ro[..cols_n]).map(|(x, y)| y - x);
                match means {
                    None => cols.add(d),
                    Some(m) => cols.add_deviations(d, m),
                }
            }
            row += n;
        }
    };
    pass(&mut cols, None);
    let means = cols.means();
    pass(&mut cols, Some(&means));
    split(&cols.estimates(&means), base.years.len() + 1, f)
}

/// The first `periods × figures` values of a row, one vector per period.
fn split<T: Copy>(row: &[T], periods: usize, figures: usize) -> Vec<Vec<T>> {
    (0..periods)
        .map(|p| row[p * figures..(p + 1) * figures].to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{Rng, SeedableRng};

    /// A table of `rows` random replications (with NaN, infinities and zeros of both
    /// signs among the values), in memory.
    fn random_table(rows: usize, figures: usize, units: usize, seed: u64) -> RepTable {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let years = vec![2021, 2022];
        let mut t = RepTable::in_memory(years.clone(), figures, units);
        let x = |rng: &mut Xoshiro256PlusPlus| match rng.next_u64() % 20 {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => -0.0,
            3 => 0.0,
            _ => (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 305.0 - 5.0,
        };
        for _ in 0..rows {
            let mut v = |n: usize| (0..n).map(|_| x(&mut rng)).collect::<Vec<_>>();
            t.push(&RepSummary {
                years: years.clone(),
                periods: (0..3).map(|_| v(figures)).collect(),
                unit_utilization: v(units),
                unit_responses: v(units),
                unit_crewed: v(units),
                pooled: Default::default(),
                sample: vec![],
            });
        }
        t
    }

    fn bits(e: &Estimate) -> (u64, Option<[u64; 2]>) {
        (e.mean.to_bits(), e.ci95.map(|c| c.map(f64::to_bits)))
    }

    #[test]
    fn the_passes_give_what_from_values_gives_bit_for_bit() {
        // 9 000 rows of 34 values span several blocks of `BLOCK_VALUES`.
        let (rows, figures, units) = (9_000, 8, 2);
        let t = random_table(rows, figures, units, 7);
        assert!(rows * t.width() > 2 * BLOCK_VALUES);
        let layout = Arc::new(Layout::default());
        let agg = aggregate(&layout, &t);
        let reps: Vec<RepSummary> = t.iter().collect();
        assert_eq!(agg.replications, rows);
        for p in 0..3 {
            for m in 0..figures {
                let v: Vec<f64> = reps.iter().map(|r| r.periods[p][m]).collect();
                assert_eq!(bits(&agg.periods[p][m]), bits(&Estimate::from_values(&v)));
            }
        }
        for u in 0..units {
            let col = |f: &dyn Fn(&RepSummary) -> f64| reps.iter().map(f).collect::<Vec<_>>();
            let want = Estimate::from_values(&col(&|r| r.unit_crewed[u]));
            assert_eq!(bits(&agg.unit_crewed[u]), bits(&want));
            let sent = reps.iter().any(|r| r.unit_responses[u] > 0.0);
            assert_eq!(agg.unit_ever_sent[u], sent);
        }
        let other = random_table(rows, figures, units, 8);
        let d = paired_differences(&t, &other);
        let others: Vec<RepSummary> = other.iter().collect();
        for (p, period) in d.iter().enumerate() {
            for (m, e) in period.iter().enumerate() {
                let pairs = reps
                    .iter()
                    .zip(&others)
                    .map(|(b, o)| (b.periods[p][m], o.periods[p][m]));
                assert_eq!(bits(e), bits(&Estimate::paired(pairs)));
            }
        }
        assert_eq!(d.len() * d[0].len(), 3 * figures);
    }

    #[test]
    fn a_table_travels_through_a_part_file_and_appends_in_order() {
        let (a, b) = (random_table(5, 3, 1, 1), random_table(4, 3, 1, 2));
        let bytes = postcard::to_allocvec(&a).expect("serialise");
        let mut back: RepTable = postcard::from_bytes(&bytes).expect("deserialise");
        back.append(&b);
        assert_eq!(back.len(), 9);
        let flat = |t: &RepTable| {
            t.iter()
                .flat_map(|r| r.periods.concat())
                .map(f64::to_bits)
                .collect::<Vec<_>>()
        };
        let want: Vec<u64> = flat(&a).into_iter().chain(flat(&b)).collect();
        assert_eq!(flat(&back), want);
        // A part whose values are not whole rows is refused.
        let mut bad = TableData {
            years: vec![2021, 2022],
            figures: 3,
            units: 1,
            values: vec![1.0; 13],
        };
        let err = postcard::from_bytes::<RepTable>(&postcard::to_allocvec(&bad).unwrap());
        assert!(err.is_err());
        bad.values.truncate(12);
        let ok = postcard::from_bytes::<RepTable>(&postcard::to_allocvec(&bad).unwrap());
        assert_eq!(ok.map(|t| t.len()).ok(), Some(1));
    }

    #[test]
    fn an_empty_table_has_no_estimates() {
        let t = RepTable::in_memory(vec![2021], 4, 2);
        let layout = Arc::new(Layout::default());
        let agg = aggregate(&layout, &t);
        assert_eq!(agg.replications, 0);
        assert!(agg.years.is_empty() && agg.unit_crewed.is_empty());
        assert!(paired_differences(&t, &t).is_empty());
    }
}
