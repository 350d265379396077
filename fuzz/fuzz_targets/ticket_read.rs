//! The ticket readers: the widget's hand reader (`ticket::read::ticket`, over `json::parse`, for tickets
//! read back from its own storage) and the receiver's (`Ticket::from_json`, serde with field paths, on a
//! posted body of any bytes).
//!
//! Checks, besides "no panic": the hand reader accepts and refuses what the derived `Deserialize` does
//! and reads the same ticket (as ticket/read/tests.rs holds on generated tickets); a ticket the receiver
//! accepts reads the same through the hand reader; a ticket that reads is written by the hand writer
//! exactly as serde_json writes it, and that reads back equal; `Ticket::check` does not panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::json::{parse, write::ToJson};
use triage_core::ticket::{read::ticket, Ticket};
use triage_fuzz_support::out_of_range;

fuzz_target!(|data: &[u8]| {
    let received = Ticket::from_json(data);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(received.is_err(), "the receiver accepted invalid UTF-8");
        return;
    };
    let Ok(v) = parse(text) else {
        assert!(received.is_err(), "the receiver accepted what is not JSON");
        return;
    };
    let ours = ticket(&v);
    // The derive over serde_json's tree (duplicate keys: the last wins in both trees; the streaming
    // derive of `from_json` refuses them instead, hence the one-way check below).
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(tree) => {
            let derived = serde_json::from_value::<Ticket>(tree);
            assert_eq!(
                ours.is_ok(),
                derived.is_ok(),
                "{text:?}: ours {ours:?}, derive {derived:?}"
            );
            if let (Ok(a), Ok(b)) = (&ours, &derived) {
                assert_eq!(a, b);
            }
        }
        Err(e) => assert!(
            out_of_range(&e),
            "{text:?}: parse accepted, serde_json: {e}"
        ),
    }
    if let Ok(t) = &received {
        assert_eq!(
            ours.as_ref(),
            Ok(t),
            "the receiver and the widget read it differently"
        );
    }
    if let Ok(t) = &ours {
        let written = t.to_json();
        assert_eq!(written, serde_json::to_string(t).unwrap());
        let back = ticket(&parse(&written).expect("the hand writer writes JSON"));
        assert_eq!(back.as_ref(), Ok(t));
        let _ = t.check();
    }
});
