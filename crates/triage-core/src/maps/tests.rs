//! `SortedMap` and `SortedSet` against the standard B-trees they replace: the same operations give the same
//! contents, order, answers and JSON.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::{SortedMap, SortedSet};

#[derive(Debug, Clone)]
enum Op {
    Insert(u8, u16),
    Remove(u8),
    GetOrInsert(u8, u16),
    Retain(u8),
    Bump(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..24, any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
        (0u8..24).prop_map(Op::Remove),
        (0u8..24, any::<u16>()).prop_map(|(k, v)| Op::GetOrInsert(k, v)),
        (1u8..5).prop_map(Op::Retain),
        (0u8..24).prop_map(Op::Bump),
    ]
}

proptest! {
    #[test]
    fn a_sorted_map_behaves_like_a_btree_map(ops in proptest::collection::vec(op(), 0..60)) {
        let mut ours: SortedMap<String, u16> = SortedMap::new();
        let mut std: BTreeMap<String, u16> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Insert(k, v) => prop_assert_eq!(ours.insert(k.to_string(), v), std.insert(k.to_string(), v)),
                Op::Remove(k) => prop_assert_eq!(ours.remove(k.to_string().as_str()), std.remove(k.to_string().as_str())),
                Op::GetOrInsert(k, v) => {
                    let a = *ours.get_or_insert_with(k.to_string(), || v);
                    let b = *std.entry(k.to_string()).or_insert_with(|| v);
                    prop_assert_eq!(a, b);
                }
                Op::Retain(m) => {
                    ours.retain(|_, v| *v % u16::from(m) == 0);
                    std.retain(|_, v| *v % u16::from(m) == 0);
                }
                Op::Bump(k) => {
                    if let Some(v) = ours.get_mut(k.to_string().as_str()) { *v = v.wrapping_add(1); }
                    if let Some(v) = std.get_mut(k.to_string().as_str()) { *v = v.wrapping_add(1); }
                }
            }
            prop_assert_eq!(ours.len(), std.len());
            prop_assert!(ours.iter().eq(std.iter()), "same entries in the same order");
            for k in 0u8..24 {
                let k = k.to_string();
                prop_assert_eq!(ours.get(k.as_str()), std.get(k.as_str()));
                prop_assert_eq!(ours.contains_key(k.as_str()), std.contains_key(k.as_str()));
            }
        }
        let json = serde_json::to_string(&ours).unwrap();
        prop_assert_eq!(&json, &serde_json::to_string(&std).unwrap(), "the same JSON object");
        let back: SortedMap<String, u16> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, ours);
    }

    #[test]
    fn a_sorted_set_behaves_like_a_btree_set(ops in proptest::collection::vec((any::<bool>(), 0u8..16), 0..60)) {
        let mut ours = SortedSet::new();
        let mut std = BTreeSet::new();
        for (add, k) in ops {
            let k = (k.to_string(), (k / 3).to_string());
            if add {
                prop_assert_eq!(ours.insert(k.clone()), std.insert(k.clone()));
            } else {
                prop_assert_eq!(ours.remove(&k), std.remove(&k));
            }
            prop_assert!(ours.iter().eq(std.iter()));
            prop_assert_eq!(ours.contains(&k), std.contains(&k));
        }
        let json = serde_json::to_string(&ours).unwrap();
        prop_assert_eq!(&json, &serde_json::to_string(&std).unwrap());
        let back: SortedSet<(String, String)> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, ours);
    }
}

#[test]
fn later_keys_win_like_collect() {
    let m: SortedMap<i32, &str> = [(2, "a"), (1, "b"), (2, "c")].into_iter().collect();
    assert!(m.iter().eq([(&1, &"b"), (&2, &"c")]));
    let s: SortedSet<i32> = [3, 1, 3].into_iter().collect();
    assert!(s.iter().eq(&[1, 3]));
}

#[test]
fn a_duplicate_json_key_keeps_the_last_value_like_a_btree_map() {
    let text = r#"{"b":"1","a":"2","b":"3"}"#;
    let ours: SortedMap<String, String> = serde_json::from_str(text).unwrap();
    let std: BTreeMap<String, String> = serde_json::from_str(text).unwrap();
    assert!(ours.iter().eq(std.iter()));
}
