//! Ids as integrators write them: "P1" is as good as "p1", and a case slip in a reference is one error
//! that names the id meant.

use triage_core::policy;
use triage_core::time::UtcOnly;

fn wati() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/policies/wati.json"
    ))
    .unwrap()
}

#[test]
fn upper_case_ids_load() {
    let upper = wati()
        .replace("\"p1\"", "\"P1\"")
        .replace("\"p2\"", "\"P2\"");
    let p = policy::load(&upper, &UtcOnly).unwrap();
    let lower = policy::load(&wati(), &UtcOnly).unwrap();
    assert_eq!(
        (p.levels[0].id.as_str(), p.levels[1].id.as_str()),
        ("P1", "P2")
    );
    assert_eq!(p.rules, lower.rules);
    assert_eq!(p.plans[0].targets, lower.plans[0].targets);
}

#[test]
fn a_case_slip_in_a_reference_is_one_error_naming_the_id_meant() {
    // Every "p1" became "P1" but for one rule.
    let text =
        wati()
            .replace("\"p1\"", "\"P1\"")
            .replacen("\"level\": \"P1\"", "\"level\": \"p1\"", 1);
    let errors = policy::load(&text, &UtcOnly).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .starts_with("unknown level \"p1\" (ids are case-sensitive: did you mean \"P1\"?)"),
        "{}",
        errors[0]
    );
}
