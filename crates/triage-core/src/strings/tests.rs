//! Placeholders fill in any order, every key is documented with its default, and key names are stable.

use super::*;

#[test]
fn fills_named_placeholders_in_any_order() {
    assert_eq!(fill("{b} then {a}", &[("a", "1"), ("b", "2")]), "2 then 1");
    assert_eq!(fill("{unknown} {a}", &[("a", "x")]), "{unknown} x");
    assert_eq!(fill("open { brace", &[]), "open { brace");
    assert_eq!(fill("{a}{a}", &[("a", "{a}")]), "{a}{a}");
}

#[test]
fn docs_list_every_key_with_its_default() {
    let docs = include_str!("../../../../docs/policy.md");
    for key in UiString::ALL {
        let name = serde_json::to_value(key).unwrap();
        let row = format!("| `{}` |", name.as_str().unwrap());
        let line = docs
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| {
                panic!(
                    "docs/policy.md, \"Widget strings\": add the row {row} <where> | <default> |"
                )
            });
        assert!(
            line.ends_with(&format!("| {} |", key.default_text().replace('|', "\\|"))),
            "docs/policy.md: stale default in {line}"
        );
    }
}

#[test]
fn every_key_has_a_default_and_a_stable_name() {
    for key in UiString::ALL {
        assert!(!key.default_text().is_empty());
        let name = serde_json::to_string(key).unwrap();
        let back: UiString = serde_json::from_str(&name).unwrap();
        assert_eq!(back, *key);
    }
    assert_eq!(
        serde_json::to_string(&UiString::StepIndicator).unwrap(),
        "\"step_indicator\""
    );
}
