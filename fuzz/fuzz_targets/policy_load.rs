//! The policy loader (`policy::load`: source text → validated policy, or every error with its place),
//! which the CLI runs on files integrators write and the receiver on the policy it serves.
//!
//! Checks, besides "no panic, no hang": an error list is never empty, stays within the reporting limit,
//! and points at a line of the text (1-based, not past the end); a policy that loads compiles to a form
//! that reads back equal (what `triage compile` hands the widget), and can be used (triage and deadlines
//! for its plans and levels) without a panic, its suggestions within its levels.

#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::policy::{self, limits, Policy};
use triage_fuzz_support::{exercise, FakeZones};

fuzz_target!(|data: &[u8]| {
    // The loader takes text; invalid UTF-8 never reaches it (the CLI reads files as strings).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match policy::load(text, &FakeZones) {
        Ok(p) => {
            let compiled = policy::compile(&p);
            assert!(
                !compiled.contains(['<', '>', '&']),
                "the compiled form must be inlinable in a script element"
            );
            let back = Policy::from_compiled(&compiled)
                .unwrap_or_else(|e| panic!("a valid policy's compiled form does not read: {e}"));
            assert_eq!(back, p, "the compiled form loses something");
            exercise(&p);
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without a message");
            assert!(
                errors.len() <= limits::MAX_ERRORS + 1,
                "{} errors listed",
                errors.len()
            );
            let lines = text.split('\n').count();
            for e in &errors {
                assert!(e.line >= 1 && e.column >= 1, "a 0 position: {e:?}");
                assert!(e.line <= lines, "line {} of {lines}: {e:?}", e.line);
                assert!(
                    e.message.chars().count() <= limits::MAX_MESSAGE_CHARS + 1,
                    "a message of {} characters",
                    e.message.chars().count()
                );
            }
        }
    }
});
