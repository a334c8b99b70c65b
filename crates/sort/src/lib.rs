//! `debrief-sort`: a stable sort whose algorithm is compiled once, not once per element
//! type and comparator.
//!
//! The standard library's `sort_by` / `sort_unstable_by` are fast, but each call site
//! with its own type or closure gets its own copy of driftsort or ipnsort (2–4 KB of
//! WebAssembly each). The search engine and the timeline sort in some forty places, which
//! cost the browser bundle about 40 KB. Here the merge sort runs on indices (`u32`) with
//! a `dyn` comparator, so there is one copy of it; each call site adds only a small
//! permutation step. It is stable, so it orders exactly like `slice::sort_by`.
//!
//! Used by the crates that compile to wasm32 (`debrief-search`, `debrief-timeline`,
//! `debrief-web`); the rest of the workspace uses the standard sorts.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp` (the same order as `v.sort_by(cmp)`).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        sorted_indices(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    apply_permutation(v, order);
}

/// Sorts `v` stably by a key (the same order as `v.sort_by_key(key)`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` ascending, stably.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts and removes consecutive duplicates.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort(v);
    v.dedup();
}

/// The permutation that sorts `0..n` by `cmp`: a bottom-up merge sort over indices, with
/// insertion sort for runs of 8. Not generic, so compiled once.
fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut a: Vec<u32> = (0..n as u32).collect();
    const RUN: usize = 8;
    for start in (0..n).step_by(RUN) {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let mut j = i;
            while j > start && cmp(a[j - 1] as usize, a[j] as usize) == Ordering::Greater {
                a.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut b = vec![0u32; n];
    let mut width = RUN;
    while width < n {
        for lo in (0..n).step_by(2 * width) {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                // Take from the right run only when strictly smaller: stable.
                if cmp(a[j] as usize, a[i] as usize) == Ordering::Less {
                    b[k] = a[j];
                    j += 1;
                } else {
                    b[k] = a[i];
                    i += 1;
                }
                k += 1;
            }
            b[k..k + mid - i].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + hi - j].copy_from_slice(&a[j..hi]);
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Reorders `v` so that `v[i]` becomes the old `v[order[i]]`, by following cycles.
fn apply_permutation<T>(v: &mut [T], mut order: Vec<u32>) {
    for start in 0..order.len() {
        let mut cur = start;
        while order[cur] as usize != start {
            let next = order[cur] as usize;
            v.swap(cur, next);
            order[cur] = cur as u32;
            cur = next;
        }
        order[cur] = cur as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn orders_exactly_like_the_standard_stable_sort(v in prop::collection::vec((0u8..6, any::<u16>()), 0..300)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_dedup_matches(v in prop::collection::vec(any::<u8>(), 0..200)) {
            let mut ours = v.clone();
            sort_dedup(&mut ours);
            let mut std = v;
            std.sort_unstable();
            std.dedup();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn sorts_strings_by_key() {
        let mut v = vec!["pear".to_string(), "fig".into(), "apple".into(), "kiwi".into()];
        sort_by_key(&mut v, |s| s.len());
        assert_eq!(v, ["fig", "pear", "kiwi", "apple"]);
    }
}
