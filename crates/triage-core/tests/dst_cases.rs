//! Deadlines across DST changes, holidays and weekends, checked against hand-worked answers in
//! tests/fixtures/dst-cases.json. The widget's wasm test checks the same file through the browser's Intl.

use triage_core::policy;
use triage_core::sla::{commitments, Due};
use triage_core::time::{format_rfc3339_utc, parse_rfc3339_utc};

#[path = "support/zones.rs"]
mod zones;
use zones::SystemZones;

#[test]
fn native_deadlines_match_the_hand_worked_cases() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/");
    let policy = policy::load(
        &std::fs::read_to_string(format!("{root}dst-policy.json")).unwrap(),
        &SystemZones,
    )
    .unwrap();
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}dst-cases.json")).unwrap())
            .unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let plan = policy.plan_ix(case["plan"].as_str().unwrap()).unwrap();
        let level = policy.level_ix(case["level"].as_str().unwrap()).unwrap();
        let at = parse_rfc3339_utc(case["submitted"].as_str().unwrap()).unwrap();
        let (first, _) = commitments(&policy, plan, level, at, &SystemZones).unwrap();
        let Due::At(due) = first.due else {
            panic!("{case}: no deadline")
        };
        assert_eq!(
            format_rfc3339_utc(due),
            case["due"].as_str().unwrap(),
            "{}",
            case["why"]
        );
    }
}
