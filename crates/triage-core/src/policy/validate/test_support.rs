//! Builds policies for the section tests: a minimal valid policy with some top-level fields replaced,
//! and the validator's errors and notes as "path: message" lines.

use super::*;

/// Knows one zone, Europe/Berlin, at a fixed +01:00; enough to validate calendars.
pub struct Berlin;

impl Zones for Berlin {
    fn offset(&self, zone: &str, _at: i64) -> Result<i32, crate::time::ZoneError> {
        match zone {
            "Europe/Berlin" => Ok(3600),
            other => Err(crate::time::ZoneError::Unknown(other.to_string())),
        }
    }
    fn names(&self) -> Vec<String> {
        vec!["Europe/Berlin".into()]
    }
}

pub fn with(patch: serde_json::Value) -> PolicyFile {
    let mut base = serde_json::json!({
        "id": "x", "vendor": "X",
        "levels": [{"id": "p1", "name": "P1", "definition": "d"}, {"id": "p2", "name": "P2", "definition": "d"}],
        "default_level": "p2",
        "questions": [{"id": "q", "text": "Q?", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}],
        "calendars": {"always": {"kind": "24x7"}},
        "plans": [{"id": "std", "name": "Std", "calendar": "always", "default_target": {"first_response": "1 hour"}}],
        "endpoint": {"url": "/api/tickets"}, "fallback_contact": "x"
    });
    for (k, v) in patch.as_object().expect("a patch is an object") {
        base[k] = v.clone();
    }
    serde_json::from_value(base).expect("the patched policy has the file's shape")
}

/// Validates and returns the policy, or the errors as "path: message".
pub fn check(patch: serde_json::Value) -> Result<Policy, Vec<String>> {
    let checked = validate(&with(patch), &Berlin, &[]).map_err(|e| {
        e.into_iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect()
    });
    checked.map(|(policy, _notes)| crate::policy::compiled::via_compiled(policy))
}

/// The notes of a valid policy, as "path: message".
pub fn notes(patch: serde_json::Value) -> Vec<String> {
    let (_, notes) = validate(&with(patch), &Berlin, &[]).expect("the policy is valid");
    notes
        .into_iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect()
}

/// The errors, which must exist.
pub fn errors(patch: serde_json::Value) -> Vec<String> {
    check(patch).expect_err("the policy is invalid")
}

/// Asserts one error starts with `want`.
pub fn assert_error(patch: serde_json::Value, want: &str) {
    let errors = errors(patch);
    assert!(
        errors.iter().any(|e| e.starts_with(want)),
        "no {want:?} in {errors:#?}"
    );
}

#[test]
fn collect_is_checked_and_defaults_sensibly() {
    let p = check(serde_json::json!({})).unwrap();
    assert_eq!(p.collect.text_budget, 32_000);
    assert!(p.collect.context_off.is_empty());
    assert_eq!(p.collect.redact, crate::redact::Options::default());
    assert_error(
        serde_json::json!({"collect": {"text_budget": 10}}),
        "collect.text_budget: the text budget is 10 characters",
    );
    let p = check(serde_json::json!({"collect": {"text_budget": 2000, "context_off": ["page_url"], "redact_emails": true}})).unwrap();
    assert_eq!(p.collect.text_budget, 2000);
    assert!(p
        .collect
        .context_off
        .contains(&crate::context::ContextItem::PageUrl));
    assert!(p.collect.redact.emails && !p.collect.redact.ip_addresses);
}

#[test]
fn the_base_policy_is_valid() {
    assert!(check(serde_json::json!({})).is_ok());
}
