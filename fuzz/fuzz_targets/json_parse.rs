//! The core's JSON reader (`json::parse`), behind the compiled policy, outbox entries, drafts, receipts
//! and the receiver's answer in the widget.
//!
//! Checks, besides "no panic, no stack overflow": it accepts exactly what serde_json accepts (except
//! numbers beyond f64, which it keeps as text) and reads the same tree (numbers by value), as
//! json/tests.rs holds on short generated texts; what it reads, written back (`Display`, serde_json's
//! compact form), reads back equal; an error's position is 1-based.

#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::json::parse;
use triage_fuzz_support::{out_of_range, same_json};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mine = parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&mine, &theirs) {
        (Ok(m), Ok(t)) => assert!(same_json(m, t), "{text:?}: ours {m:?}, serde_json {t:?}"),
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) if out_of_range(e) => {}
        _ => panic!("{text:?}: ours {mine:?}, serde_json {theirs:?}"),
    }
    match &mine {
        Ok(v) => {
            let written = v.to_string();
            assert_eq!(parse(&written).as_ref(), Ok(v), "written as {written:?}");
        }
        Err(e) => assert!(e.line >= 1 && e.column >= 1, "{e:?}"),
    }
});
