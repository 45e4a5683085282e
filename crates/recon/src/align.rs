//! Lining up two sides by key without hashing: each side's `(key, row)` pairs sorted once,
//! then one merge. Both sides' keys are integer codes; sorted pairs are cheap to make (rows
//! usually arrive nearly in key order) and the merge reads memory front to back, where a hash
//! join of a million rows a side misses the cache on nearly every row.

use polars::prelude::{DataFrame, PolarsResult};

/// `(value, row)` pairs sorted: equal values together, lowest row first.
pub fn sorted_pairs(values: &[u64]) -> Vec<(u64, u32)> {
    sort(
        values
            .iter()
            .enumerate()
            .map(|(row, &v)| (v, row as u32))
            .collect(),
    )
}

/// `(value, row)` pairs sorted.
pub fn sort(mut pairs: Vec<(u64, u32)>) -> Vec<(u64, u32)> {
    // The stable sort finds runs already in order and merges them (an ERP's sales orders,
    // then its invoices, are two such runs); the unstable one would sort it all again.
    pairs.sort();
    pairs
}

/// No row on that side, in a vector or column of row numbers.
pub const NONE: u32 = u32::MAX;

/// The rows of a full join of two sides given as sorted `(key, row)` pairs: every pair of rows
/// with equal keys, and each row without a partner on its own ([`NONE`] on the other side).
/// Plain row numbers (not `Option`s): half the memory, and they become polars columns as they
/// are.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Aligned {
    pub left: Vec<u32>,
    pub right: Vec<u32>,
}

pub fn full_join(left: &[(u64, u32)], right: &[(u64, u32)]) -> Aligned {
    let mut out = Aligned {
        left: Vec::with_capacity(left.len().max(right.len())),
        right: Vec::with_capacity(left.len().max(right.len())),
    };
    let (mut l, mut r) = (0, 0);
    while l < left.len() || r < right.len() {
        let key = match (left.get(l), right.get(r)) {
            (Some(a), Some(b)) => a.0.min(b.0),
            (Some(a), None) => a.0,
            (None, Some(b)) => b.0,
            (None, None) => break,
        };
        let l_end = l + left[l..].iter().take_while(|p| p.0 == key).count();
        let r_end = r + right[r..].iter().take_while(|p| p.0 == key).count();
        match (l < l_end, r < r_end) {
            (true, true) => {
                for &(_, a) in &left[l..l_end] {
                    for &(_, b) in &right[r..r_end] {
                        out.left.push(a);
                        out.right.push(b);
                    }
                }
            }
            (true, false) => {
                for &(_, a) in &left[l..l_end] {
                    out.left.push(a);
                    out.right.push(NONE);
                }
            }
            (false, true) => {
                for &(_, b) in &right[r..r_end] {
                    out.left.push(NONE);
                    out.right.push(b);
                }
            }
            (false, false) => unreachable!("the key comes from one of the sides"),
        }
        (l, r) = (l_end, r_end);
    }
    out
}

/// A column of row numbers ([`NONE`] where there is no row), read back.
pub fn read_rows(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<u32>>> {
    Ok(df
        .column(name)?
        .u32()?
        .iter()
        .map(|r| r.filter(|&r| r != NONE))
        .collect())
}

/// `values` at each row, `filler` where there is no row. Plain vectors become polars columns
/// without a copy; whether a side is there is a column of its own (see [`present`]).
pub fn gather<T: Copy>(values: &[T], rows: &[u32], filler: T) -> Vec<T> {
    rows.iter()
        .map(|&r| {
            if r == NONE {
                filler
            } else {
                values[r as usize]
            }
        })
        .collect()
}

/// Whether each joined row has a row on this side.
pub fn present(rows: &[u32]) -> Vec<bool> {
    rows.iter().map(|&r| r != NONE).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_join_pairs_equal_keys_and_keeps_the_rest() {
        let left = sorted_pairs(&[5, 1, 3, 3]);
        let right = sorted_pairs(&[3, 7, 1, 3]);
        let got = full_join(&left, &right);
        let rows: Vec<_> = got.left.into_iter().zip(got.right).collect();
        assert_eq!(
            rows,
            [
                (1, 2), // key 1
                (2, 0), // key 3: two rows a side, four pairs
                (2, 3),
                (3, 0),
                (3, 3),
                (0, NONE), // key 5: left only
                (NONE, 1), // key 7: right only
            ]
        );
        assert_eq!(full_join(&[], &[]), Aligned::default());
        assert_eq!(gather(&[10, 20], &[1, NONE], 0), [20, 0]);
        assert_eq!(present(&[1, NONE]), [true, false]);
    }
}
