//! B-trees built by inserting, not by `collect()`.
//!
//! `FromIterator` for `BTreeMap`/`BTreeSet` sorts its input first, and every element type sorted is another
//! copy of the standard library's stable sort in the widget's wasm (a few kilobytes each; sorting was 4% of
//! the wasm). Inserting one by one reuses the insert code the map has anyway; policies and tickets hold a
//! handful of entries, so the speed is the same.

use std::collections::{BTreeMap, BTreeSet};

pub fn map_from<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in items {
        map.insert(k, v);
    }
    map
}

pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

#[cfg(test)]
mod tests {
    #[test]
    fn later_keys_win_like_collect() {
        let m = super::map_from([(2, "a"), (1, "b"), (2, "c")]);
        assert_eq!(m, [(1, "b"), (2, "c")].into_iter().collect());
        assert_eq!(super::set_from([3, 1, 3]), [1, 3].into_iter().collect());
    }
}
