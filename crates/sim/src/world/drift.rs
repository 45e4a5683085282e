//! How drift targets are chosen: a handful per kind, spread evenly over the candidates, never
//! the same record twice, and a pure function of the world (no randomness at run time).

use std::collections::HashSet;
use std::hash::Hash;

/// How many records of a kind to disturb, given how many could be: a handful (2 to 5), fewer
/// only when fewer candidates exist.
pub(crate) fn how_many(candidates: usize) -> usize {
    (candidates / 300).clamp(2, 5).min(candidates)
}

/// Picks [`how_many`] candidates spread over the slice (the middle of equal slices, shifted by
/// `offset` sixteenths of a slice so that kinds drawing on the same pool land apart), skipping
/// and recording those already in `used`.
pub(crate) fn spread<T: Copy + Eq + Hash>(
    candidates: &[T],
    offset: usize,
    used: &mut HashSet<T>,
) -> Vec<T> {
    let len = candidates.len();
    let n = how_many(candidates.iter().filter(|c| !used.contains(c)).count());
    let mut picked = Vec::with_capacity(n);
    for i in 0..n {
        let start = ((2 * i + 1) * len) / (2 * n) + offset * len / (16 * n);
        // Probe forward from the slice centre to the first free candidate.
        if let Some(c) = (0..len)
            .map(|step| candidates[(start + step) % len])
            .find(|c| !used.contains(c))
        {
            used.insert(c);
            picked.push(c);
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_are_spread_distinct_and_deterministic() {
        let pool: Vec<u64> = (1..=1000).collect();
        let mut used = HashSet::new();
        let a = spread(&pool, 0, &mut used);
        let b = spread(&pool, 0, &mut used);
        assert_eq!(a, vec![167, 501, 834]);
        assert_eq!(b.len(), 3);
        assert!(a.iter().all(|x| !b.contains(x)));
        assert_eq!(how_many(1), 1);
        assert_eq!(how_many(0), 0);
        assert_eq!(how_many(100_000), 5);
    }
}
