//! The compiled-policy decoder (`Policy::from_compiled`), the widget's only policy reader: it reads a
//! file fetched from the integrator's server or inlined in the page, and promises that no corrupt or
//! hand-edited file makes the widget panic, then or later.
//!
//! Checks, besides "no panic, no hang": what it accepts compiles back to a form that reads back equal,
//! and the widget's uses of the policy (which questions are asked, the suggested level, the deadlines
//! and channels for several plans and levels) do not panic either.

#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::policy::{compile, Policy};
use triage_fuzz_support::exercise;

fuzz_target!(|data: &[u8]| {
    // The widget reads the fetched body as text (`Response.text()`), so only UTF-8 reaches the decoder.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(p) = Policy::from_compiled(text) else {
        return;
    };
    let again = compile(&p);
    assert_eq!(
        Policy::from_compiled(&again).as_ref(),
        Ok(&p),
        "the decoded policy does not survive compile → decode"
    );
    exercise(&p);
});
