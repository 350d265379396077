//! The adversarial ~1 MiB inputs of the benchmark (`examples/adversarial`) are each loaded, or refused
//! with the error that names the problem. Their time and memory are measured by the benchmark, not here.

use triage_core::policy;
use triage_core::time::UtcOnly;

#[path = "../examples/adversarial/inputs.rs"]
mod inputs;

#[test]
fn each_adversarial_input_is_loaded_or_refused_with_the_right_error() {
    let all = inputs::all();
    assert!(all.len() >= 10);
    for (name, expect, text) in all {
        assert!(text.len() > 900_000, "{name}: only {} bytes", text.len());
        assert!(text.len() <= policy::limits::MAX_POLICY_BYTES, "{name}");
        match (expect, policy::load(&text, &UtcOnly)) {
            (inputs::Expect::Loaded, Ok(_)) => {}
            (inputs::Expect::Refused(want), Err(errors)) => {
                assert!(
                    errors.len() <= policy::limits::MAX_ERRORS + 1,
                    "{name}: {} errors",
                    errors.len()
                );
                assert!(
                    errors
                        .iter()
                        .any(|e| format!("{}: {}", e.path, e.message).contains(want)),
                    "{name}: no error contains {want:?}: {:?}",
                    &errors[..errors.len().min(3)]
                );
                for e in &errors {
                    assert!(
                        e.message.chars().count() <= policy::limits::MAX_MESSAGE_CHARS + 1,
                        "{name}"
                    );
                }
            }
            (expect, Ok(_)) => panic!("{name}: loaded, expected {expect:?}"),
            (expect, Err(e)) => panic!(
                "{name}: refused, expected {expect:?}: {:?}",
                &e[..e.len().min(3)]
            ),
        }
    }
}

#[test]
fn a_flood_of_errors_is_cut_with_a_last_line_saying_so() {
    let text = inputs::base(&format!(",\"tips\":[{}]", vec!["0"; 5000].join(",")));
    let errors = policy::load(&text, &UtcOnly).unwrap_err();
    assert_eq!(errors.len(), policy::limits::MAX_ERRORS + 1);
    assert_eq!(errors[0].path, "tips[0]");
    assert_eq!(errors[199].path, "tips[199]");
    assert!(
        errors[200].message.starts_with("more errors not shown"),
        "{}",
        errors[200]
    );
}

#[test]
fn positions_still_point_at_each_error_in_a_large_file() {
    // The 4,000th tip is a number: its line and column are found without indexing every value.
    let mut tips: Vec<String> = (0..5000).map(|i| format!("\"tip {i}\"")).collect();
    tips[4000] = "7".into();
    let text = inputs::base(&format!(",\n\"tips\":[\n{}]", tips.join(",\n")));
    let errors = policy::load(&text, &UtcOnly).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = text.lines().position(|l| l.starts_with("7,")).unwrap() + 1;
    assert_eq!(
        (errors[0].path.as_str(), errors[0].line, errors[0].column),
        ("tips[4000]", line, 1)
    );
}
