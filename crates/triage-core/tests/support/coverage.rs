//! The conditional-coverage fixture (tests/fixtures/coverage-policy.json, Berlin office hours with a phone
//! and a production alternative), shared by the deadline tests (coverage.rs) and the card and ticket tests
//! (coverage_flow.rs), and the RFC 3339 instants they are written in.

use triage_core::policy::{self, Policy};
use triage_core::time::parse_rfc3339_utc;

use super::zones::SystemZones;

pub fn alpenwerk() -> Policy {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/coverage-policy.json"
    );
    policy::load(&std::fs::read_to_string(path).unwrap(), &SystemZones).unwrap()
}

pub fn at(s: &str) -> i64 {
    parse_rfc3339_utc(s).unwrap()
}
