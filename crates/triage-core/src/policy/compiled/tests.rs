//! The encoding tables against the types they encode.

use super::encode::{bits, target};
use super::read::{CHANNEL_KINDS, CHANNEL_USES, FIELD_KINDS, UNITS};
use crate::policy::*;

#[test]
fn the_kind_tables_are_the_declaration_order_the_encoder_writes() {
    for (i, k) in CHANNEL_KINDS.iter().enumerate() {
        assert_eq!(*k as usize, i);
    }
    for (i, k) in CHANNEL_USES.iter().enumerate() {
        assert_eq!(*k as usize, i);
    }
    for (i, k) in FIELD_KINDS.iter().enumerate() {
        assert_eq!(*k as usize, i);
    }
    for (i, u) in UNITS.iter().enumerate() {
        assert_eq!(*u as usize, i);
        let t = Target::Indicative {
            amount: 7,
            unit: *u,
        };
        assert_eq!(target(t), 7 << 3 | (i as u64) << 1 | 1);
    }
}

/// Strings and context items are written as their index in `ALL`: reordering or inserting changes
/// what an existing compiled file means, so it must come with a new `FORMAT`. This pins both lists.
#[test]
fn ui_strings_and_context_items_keep_their_indices() {
    let names = |v: Vec<serde_json::Value>| {
        crate::hash::content_version(&serde_json::to_string(&v).unwrap())
    };
    let ui = names(
        crate::strings::UiString::ALL
            .iter()
            .map(|k| serde_json::to_value(k).unwrap())
            .collect(),
    );
    let ctx = names(
        crate::context::ContextItem::ALL
            .iter()
            .map(|k| serde_json::to_value(k).unwrap())
            .collect(),
    );
    assert_eq!(
        (ui.as_str(), ctx.as_str(), super::FORMAT),
        ("fnv1a64:bfa3f0a44e0db2ba", "fnv1a64:bbddced196a35ee2", 2),
        "UiString::ALL or ContextItem::ALL changed: when items were only appended, update these hashes; \
         otherwise bump FORMAT as well"
    );
}

#[test]
fn sets_are_one_number_below_64_and_words_above() {
    assert_eq!(bits([0, 3].into_iter()), serde_json::json!(9));
    assert_eq!(bits(std::iter::empty()), serde_json::json!(0));
    assert_eq!(bits([1, 64].into_iter()), serde_json::json!([2, 1]));
}
