//! The outbox's stored records, read back from `localStorage` where other tabs, older or newer widgets
//! and the person's own tinkering may have left anything: `outbox::decode` (an entry, upgrading a bare
//! ticket), `Receipt::decode` and `Lease::decode`.
//!
//! Checks, besides "no panic": an entry that decodes is encoded exactly as serde_json writes it and
//! decodes back equal, and the outbox's decisions on it (due, failed, nudged, the order) do not panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::delivery::{Backoff, Failure};
use triage_core::outbox::{self, Lease, Receipt};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Receipt::decode(text);
    if let Some(lease) = Lease::decode(text) {
        let _ = Lease::may_take(Some(&lease), "tab", lease.until_ms);
    }
    let Ok(entry) = outbox::decode(text) else {
        return;
    };
    let written = outbox::encode(&entry);
    assert_eq!(written, serde_json::to_string(&entry).unwrap());
    assert_eq!(outbox::decode(&written).as_ref(), Ok(&entry));
    for now in [0, entry.next_at_ms, i64::MAX] {
        let _ = entry.due(now);
        let failed = entry
            .clone()
            .failed(&Failure::Offline, now, 0.999, Backoff::STANDARD);
        let _ = entry.last.as_ref().map(|l| l.failure());
        let both = [entry.clone(), failed.nudged()];
        let _ = outbox::due_order(&both, now);
        let _ = outbox::next_wake_ms(&both);
    }
});
