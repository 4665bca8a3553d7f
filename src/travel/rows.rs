//! Compressed rows: one counting sort, shared by the road graph's arcs and the
//! nearest-node grid's buckets.

/// Items grouped into `rows` rows by a counting sort (compressed rows): row `r`'s items are
/// `order[first[r]..first[r + 1]]`, item indices in increasing order within a row.
/// `row_of` gives each item's row (below `rows`).
pub(crate) fn group_rows(
    rows: usize,
    row_of: impl ExactSizeIterator<Item = usize> + Clone,
) -> (Vec<u32>, Vec<u32>) {
    let mut first = vec![0u32; rows + 1];
    for r in row_of.clone() {
        first[r + 1] += 1;
    }
    for r in 0..rows {
        first[r + 1] += first[r];
    }
    let mut fill = first.clone();
    let mut order = vec![0u32; row_of.len()];
    for (i, r) in row_of.enumerate() {
        order[fill[r] as usize] = i as u32;
        fill[r] += 1;
    }
    (first, order)
}
