//! Runs a search over a generated table without materialising it.
//!
//! A table's rows are `(outer key, inner index)` pairs in natural order (orders: id; source
//! items: SKU, then source). The planner turns filter groups that bound the outer key (on the
//! key itself or on a column that grows with it) into a key range found by binary search,
//! groups on inner-only columns into a sub-row list, and recognises sorts that are the natural
//! order or its reverse. Then a page is pure arithmetic when no other filter is left, a single
//! scan of the candidate rows when some is, and a collect-and-sort only for other sorts.

use std::cmp::Ordering;

use super::filter::{Condition, Filter, Operand, Value, compare, sort_cmp};
use super::{SearchCriteria, window};
use crate::config::Paging;

/// One row of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    pub outer: u64,
    pub inner: u32,
}

/// How a column relates to the natural row order; drives the fast paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// The numeric outer key itself.
    Key,
    /// Never decreases as the outer key grows; `unique` when no two keys share a value.
    Monotone { unique: bool },
    /// Depends on the inner index only.
    Inner,
    /// Anything else: filtered row by row.
    Other,
}

/// A generated table that can be searched.
pub(crate) trait Table {
    /// Inclusive range of outer keys; `lo > hi` when empty.
    fn bounds(&self) -> (u64, u64);
    /// Inner indices of every outer key, in natural order.
    fn inner(&self) -> Vec<u32> {
        vec![0]
    }
    fn column(&self, field: &str) -> Column;
    /// The value of `field` in `row`; `Value::Null` for fields the row lacks.
    fn value(&self, row: Row, field: &str) -> Value;
    /// Appends the row's JSON.
    fn write_row(&self, row: Row, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

/// Candidate outer keys, ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Keys {
    /// `lo..=hi`, empty when `lo > hi`.
    Range {
        lo: u64,
        hi: u64,
    },
    List(Vec<u64>),
}

impl Keys {
    fn len(&self) -> u64 {
        match self {
            Keys::Range { lo, hi } => (hi + 1).saturating_sub(*lo),
            Keys::List(v) => v.len() as u64,
        }
    }

    fn get(&self, i: u64) -> u64 {
        match self {
            Keys::Range { lo, .. } => lo + i,
            Keys::List(v) => v[i as usize],
        }
    }
}

/// How a search will be executed.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub outer: Keys,
    pub inner: Vec<u32>,
    /// Walk the outer keys descending.
    pub reverse: bool,
    /// Indices of the filter groups still to check on each row.
    pub residual: Vec<usize>,
    /// The sort is not the natural order: collect the matches and sort them.
    pub general_sort: bool,
}

/// One page of rows and the number of rows matching the filters.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub rows: Vec<Row>,
    pub total: u64,
}

/// Plans a search: see the module doc.
pub(crate) fn plan<T: Table + ?Sized>(t: &T, sc: &SearchCriteria) -> Plan {
    let (mut lo, mut hi) = t.bounds();
    let mut list: Option<Vec<u64>> = None;
    let mut inner = t.inner();
    let mut residual = Vec::new();
    let probe = inner.first().copied().unwrap_or(0);
    for (gi, g) in sc.groups.iter().enumerate() {
        if g.filters.is_empty() {
            continue;
        }
        let columns: Vec<Column> = g.filters.iter().map(|f| t.column(&f.field)).collect();
        if columns.iter().all(|c| *c == Column::Inner) {
            let outer = lo.max(1);
            inner.retain(|&k| {
                let row = Row { outer, inner: k };
                g.filters.iter().any(|f| f.matches(&t.value(row, &f.field)))
            });
            continue;
        }
        // Equalities on the key or on a unique column growing with it: a list of keys.
        let equalities: Option<Vec<Vec<u64>>> = g
            .filters
            .iter()
            .zip(&columns)
            .map(|(f, c)| equal_keys(t, f, *c, (lo, hi), probe))
            .collect();
        if let Some(sets) = equalities {
            let mut ids: Vec<u64> = sets.into_iter().flatten().collect();
            ids.sort_unstable();
            ids.dedup();
            list = Some(match list {
                None => ids,
                Some(prev) => prev
                    .into_iter()
                    .filter(|id| ids.binary_search(id).is_ok())
                    .collect(),
            });
            continue;
        }
        if let ([f], [Column::Key | Column::Monotone { .. }]) = (g.filters.as_slice(), &columns[..])
            && let Some((l, h)) = narrow(t, &f.field, f.condition, &f.operand, (lo, hi), probe)
        {
            (lo, hi) = (l, h);
            continue;
        }
        residual.push(gi);
    }
    let outer = match list {
        Some(ids) => Keys::List(
            ids.into_iter()
                .filter(|id| (lo..=hi).contains(id))
                .collect(),
        ),
        None => Keys::Range { lo, hi },
    };
    let (reverse, general_sort) = plan_sort(t, sc, &mut inner);
    Plan {
        outer,
        inner,
        reverse,
        residual,
        general_sort,
    }
}

/// The keys an `eq` / `in` filter selects when its column identifies keys: the numeric key
/// itself, or a unique column growing with it (found by binary search). `None` otherwise.
fn equal_keys<T: Table + ?Sized>(
    t: &T,
    f: &Filter,
    column: Column,
    range: (u64, u64),
    inner: u32,
) -> Option<Vec<u64>> {
    let operands: Vec<&Operand> = match f.condition {
        Condition::In => f.list.iter().collect(),
        Condition::Eq => vec![&f.operand],
        _ => return None,
    };
    match column {
        // MySQL compares the number column with the value as a number.
        Column::Key => Some(
            operands
                .into_iter()
                .filter_map(|op| op.num)
                .filter(|n| n.fract() == 0.0 && *n >= 0.0)
                .map(|n| n as u64)
                .collect(),
        ),
        Column::Monotone { unique: true } => operands
            .into_iter()
            .map(|op| {
                narrow(t, &f.field, Condition::Eq, op, range, inner)
                    .map(|(l, h)| (l..=h).collect::<Vec<u64>>())
            })
            .collect::<Option<Vec<_>>>()
            .map(|sets| sets.concat()),
        _ => None,
    }
}

/// Narrows `range` to the keys passing `field <condition> op` on a column that grows with
/// the key, by binary search. `None` when the comparison cannot be used that way.
fn narrow<T: Table + ?Sized>(
    t: &T,
    field: &str,
    condition: Condition,
    op: &Operand,
    (lo, hi): (u64, u64),
    inner: u32,
) -> Option<(u64, u64)> {
    if !matches!(
        condition,
        Condition::Eq | Condition::Gt | Condition::Gteq | Condition::Lt | Condition::Lteq
    ) {
        return None;
    }
    if lo > hi {
        return Some((lo, hi));
    }
    let at = |k: u64| t.value(Row { outer: k, inner }, field);
    if !at(lo).compares_monotonically(op) {
        return None;
    }
    let ord = |k: u64| compare(&at(k), op);
    let (mut l, mut h) = (lo, hi);
    match condition {
        Condition::Gt => l = first_true(lo, hi, |k| ord(k) == Some(Ordering::Greater)),
        Condition::Gteq | Condition::Eq => {
            l = first_true(lo, hi, |k| {
                matches!(ord(k), Some(Ordering::Greater | Ordering::Equal))
            })
        }
        _ => {}
    }
    match condition {
        Condition::Lt => h = first_true(lo, hi, |k| ord(k) != Some(Ordering::Less)).wrapping_sub(1),
        Condition::Lteq | Condition::Eq => {
            h = first_true(lo, hi, |k| ord(k) == Some(Ordering::Greater)).wrapping_sub(1)
        }
        _ => {}
    }
    // An empty result keeps `lo > hi`; `hi` may have wrapped below `lo` only then.
    if h < l || h == u64::MAX {
        return Some((lo.max(1), lo.max(1) - 1));
    }
    Some((l, h))
}

/// The smallest `k` in `lo..=hi` with `pred(k)`, or `hi + 1`; `pred` must go false -> true.
fn first_true(lo: u64, hi: u64, pred: impl Fn(u64) -> bool) -> u64 {
    let (mut a, mut b) = (lo, hi + 1);
    while a < b {
        let m = a + (b - a) / 2;
        if pred(m) {
            b = m;
        } else {
            a = m + 1;
        }
    }
    a
}

/// Whether the sort is the natural order (or its reverse); orders the inner list when the
/// sort goes on to an inner column. Returns `(reverse, general_sort)`.
fn plan_sort<T: Table + ?Sized>(t: &T, sc: &SearchCriteria, inner: &mut [u32]) -> (bool, bool) {
    let mut direction: Option<bool> = None;
    for (i, s) in sc.sorts.iter().enumerate() {
        if direction.is_some_and(|d| d != s.descending) {
            return (false, true);
        }
        match t.column(&s.field) {
            Column::Key | Column::Monotone { unique: true } => {
                // Outer keys are now fully ordered; rows of one key may still need ordering.
                if inner.len() > 1
                    && let Some(next) = sc.sorts.get(i + 1)
                {
                    if t.column(&next.field) != Column::Inner {
                        return (false, true);
                    }
                    let value = |k: u32| t.value(Row { outer: 1, inner: k }, &next.field);
                    inner.sort_by(|a, b| {
                        let o = sort_cmp(&value(*a), &value(*b));
                        if next.descending { o.reverse() } else { o }
                    });
                }
                return (s.descending, false);
            }
            // Ties are left in key order, which MySQL would not promise either.
            Column::Monotone { unique: false } => direction = Some(s.descending),
            _ => return (false, true),
        }
    }
    (direction.unwrap_or(false), false)
}

/// Runs the search and returns the requested page.
pub(crate) fn run<T: Table + ?Sized>(
    t: &T,
    sc: &SearchCriteria,
    page_size: Option<u64>,
    page: u64,
    paging: Paging,
) -> Page {
    let p = plan(t, sc);
    let per_key = p.inner.len() as u64;
    let keys = p.outer.len();
    let n = keys.saturating_mul(per_key);
    let row_at = |i: u64| {
        let k = i / per_key;
        let k = if p.reverse { keys - 1 - k } else { k };
        Row {
            outer: p.outer.get(k),
            inner: p.inner[(i % per_key) as usize],
        }
    };
    let keep = |row: Row| {
        p.residual.iter().all(|&gi| {
            sc.groups[gi]
                .filters
                .iter()
                .any(|f| f.matches(&t.value(row, &f.field)))
        })
    };

    if p.general_sort {
        let mut hits: Vec<(Vec<Value>, Row)> = (0..n)
            .map(row_at)
            .filter(|r| keep(*r))
            .map(|r| (sc.sorts.iter().map(|s| t.value(r, &s.field)).collect(), r))
            .collect();
        // Stable, so ties keep the natural order.
        hits.sort_by(|(a, _), (b, _)| {
            for (s, (x, y)) in sc.sorts.iter().zip(a.iter().zip(b)) {
                let o = sort_cmp(x, y);
                let o = if s.descending { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        let total = hits.len() as u64;
        let (s, e) = window(total, page_size, page, paging);
        let rows = hits[s as usize..e as usize]
            .iter()
            .map(|(_, r)| *r)
            .collect();
        return Page { rows, total };
    }

    if p.residual.is_empty() {
        let (s, e) = window(n, page_size, page, paging);
        return Page {
            rows: (s..e).map(row_at).collect(),
            total: n,
        };
    }

    // One scan counts every match and keeps those on the requested page.
    let (want_s, want_e) = match page_size {
        Some(size) => {
            let s = (page - 1).saturating_mul(size);
            (s, s.saturating_add(size))
        }
        None => (0, u64::MAX),
    };
    let collect = |from: u64, to: u64| {
        let mut total = 0u64;
        let mut rows = Vec::new();
        for r in (0..n).map(row_at) {
            if keep(r) {
                if (from..to).contains(&total) {
                    rows.push(r);
                }
                total += 1;
            }
        }
        (rows, total)
    };
    let (rows, total) = collect(want_s, want_e);
    let (s, e) = window(total, page_size, page, paging);
    if s != want_s.min(total) && s < e {
        // Pre-2.4 clamping to the last page: read the matches again for that window.
        let (rows, _) = collect(s, e);
        return Page { rows, total };
    }
    Page { rows, total }
}

#[cfg(test)]
mod tests {
    use super::super::query_pairs;
    use super::*;

    /// 1..=50, `half` = key / 2 (monotone, not unique), `code` = `N007` (monotone, unique),
    /// `parity` = key % 2, two inner rows.
    struct Numbers;

    impl Table for Numbers {
        fn bounds(&self) -> (u64, u64) {
            (1, 50)
        }
        fn inner(&self) -> Vec<u32> {
            vec![0, 1]
        }
        fn column(&self, field: &str) -> Column {
            match field {
                "id" => Column::Key,
                "half" => Column::Monotone { unique: false },
                "code" => Column::Monotone { unique: true },
                "side" => Column::Inner,
                _ => Column::Other,
            }
        }
        fn value(&self, row: Row, field: &str) -> Value {
            match field {
                "id" => Value::Int(row.outer as i64),
                "half" => Value::Int(row.outer as i64 / 2),
                "parity" => Value::Int(row.outer as i64 % 2),
                "code" => Value::text(format!("N{:03}", row.outer)),
                "side" => Value::text(if row.inner == 0 { "left" } else { "right" }),
                _ => Value::Null,
            }
        }
        fn write_row(&self, _: Row, _: &mut Vec<u8>) -> serde_json::Result<()> {
            Ok(())
        }
    }

    fn search(q: &str, size: Option<u64>, page: u64) -> (Plan, Page) {
        let sc = SearchCriteria::parse(&query_pairs(q)).unwrap();
        (
            plan(&Numbers, &sc),
            run(&Numbers, &sc, size, page, Paging::V24),
        )
    }

    fn ids(p: &Page) -> Vec<(u64, u32)> {
        p.rows.iter().map(|r| (r.outer, r.inner)).collect()
    }

    #[test]
    fn key_ranges_are_arithmetic() {
        let (plan, page) = search(
            "searchCriteria[filter_groups][0][filters][0][field]=id\
             &searchCriteria[filter_groups][0][filters][0][value]=40\
             &searchCriteria[filter_groups][0][filters][0][condition_type]=gt\
             &searchCriteria[filter_groups][1][filters][0][field]=half\
             &searchCriteria[filter_groups][1][filters][0][value]=23\
             &searchCriteria[filter_groups][1][filters][0][condition_type]=lteq",
            Some(3),
            1,
        );
        assert_eq!(plan.outer, Keys::Range { lo: 41, hi: 47 });
        assert!(plan.residual.is_empty());
        assert_eq!(page.total, 14);
        assert_eq!(ids(&page), vec![(41, 0), (41, 1), (42, 0)]);
    }

    #[test]
    fn residual_filters_scan_and_sorts_reverse() {
        let (plan, page) = search(
            "searchCriteria[filter_groups][0][filters][0][field]=parity\
             &searchCriteria[filter_groups][0][filters][0][value]=1\
             &searchCriteria[filter_groups][1][filters][0][field]=side\
             &searchCriteria[filter_groups][1][filters][0][value]=right\
             &searchCriteria[sort_orders][0][field]=id",
            Some(2),
            2,
        );
        assert!(plan.reverse && !plan.general_sort);
        assert_eq!(page.total, 25);
        assert_eq!(ids(&page), vec![(45, 1), (43, 1)]);
    }

    #[test]
    fn other_sorts_collect_and_inner_sorts_reorder() {
        let (plan, page) = search(
            "searchCriteria[sort_orders][0][field]=parity&searchCriteria[sort_orders][0][direction]=DESC\
             &searchCriteria[sort_orders][1][field]=id&searchCriteria[sort_orders][1][direction]=DESC",
            Some(3),
            1,
        );
        assert!(plan.general_sort);
        assert_eq!(ids(&page), vec![(49, 0), (49, 1), (47, 0)]);
        let (_, page) = search(
            "searchCriteria[sort_orders][0][field]=id&searchCriteria[sort_orders][0][direction]=ASC\
             &searchCriteria[sort_orders][1][field]=side&searchCriteria[sort_orders][1][direction]=DESC",
            Some(3),
            1,
        );
        assert_eq!(ids(&page), vec![(1, 1), (1, 0), (2, 1)]);
    }

    #[test]
    fn key_lists_and_empty_ranges() {
        let (plan, page) = search(
            "searchCriteria[filter_groups][0][filters][0][field]=id\
             &searchCriteria[filter_groups][0][filters][0][value]=7,3,99\
             &searchCriteria[filter_groups][0][filters][0][condition_type]=in\
             &searchCriteria[filter_groups][0][filters][1][field]=id\
             &searchCriteria[filter_groups][0][filters][1][value]=5",
            None,
            1,
        );
        assert_eq!(plan.outer, Keys::List(vec![3, 5, 7]));
        assert_eq!(page.total, 6);
        let (_, page) = search(
            "searchCriteria[filter_groups][0][filters][0][field]=id\
             &searchCriteria[filter_groups][0][filters][0][value]=50\
             &searchCriteria[filter_groups][0][filters][0][condition_type]=gt",
            None,
            1,
        );
        assert_eq!(page.total, 0);
        let (_, page) = search(
            "searchCriteria[filter_groups][0][filters][0][field]=half\
             &searchCriteria[filter_groups][0][filters][0][value]=10",
            None,
            1,
        );
        assert_eq!(page.total, 4);
    }

    #[test]
    fn equalities_on_a_unique_column_become_key_lists() {
        let (plan, page) = search(
            "searchCriteria[filter_groups][0][filters][0][field]=code\
             &searchCriteria[filter_groups][0][filters][0][value]=n012,N003,N999\
             &searchCriteria[filter_groups][0][filters][0][condition_type]=in\
             &searchCriteria[filter_groups][1][filters][0][field]=code\
             &searchCriteria[filter_groups][1][filters][0][value]=N010\
             &searchCriteria[filter_groups][1][filters][0][condition_type]=gteq",
            None,
            1,
        );
        assert_eq!(plan.outer, Keys::List(vec![12]));
        assert!(plan.residual.is_empty());
        assert_eq!(page.total, 2);
    }
}
