use std::time::Duration;

use proptest::prelude::*;

use super::*;

fn answered(status: u16, retry_after: Option<&str>, message: Option<&str>) -> Observation {
    Observation::Answered {
        status,
        retry_after: retry_after.map(str::to_string),
        message: message.map(str::to_string),
    }
}

fn net(online: bool, probe: Option<bool>, same_origin: bool) -> Observation {
    Observation::NetworkError {
        online,
        probe_answered: probe,
        same_origin,
    }
}

#[test]
fn every_failure_is_named() {
    let now = 1_000_000;
    assert_eq!(classify(&answered(201, None, None), now), None);
    assert_eq!(classify(&answered(200, None, None), now), None);
    assert_eq!(
        classify(&answered(500, None, None), now),
        Some(Failure::Server { status: 500 })
    );
    assert_eq!(
        classify(&answered(503, Some("7"), None), now),
        Some(Failure::Busy {
            status: 503,
            retry_after: Some(Duration::from_secs(7))
        })
    );
    assert_eq!(
        classify(&answered(429, None, None), now),
        Some(Failure::Busy {
            status: 429,
            retry_after: None
        })
    );
    assert_eq!(
        classify(&answered(413, None, Some("big")), now),
        Some(Failure::TooLarge)
    );
    assert_eq!(
        classify(
            &answered(422, None, Some("`summary` must not be empty")),
            now
        ),
        Some(Failure::Rejected {
            status: 422,
            message: "`summary` must not be empty".into()
        })
    );
    assert_eq!(
        classify(&Observation::TimedOut { seconds: 9 }, now),
        Some(Failure::Timeout { seconds: 9 })
    );
    assert_eq!(
        classify(&net(false, None, false), now),
        Some(Failure::Offline)
    );
    assert_eq!(
        classify(&net(false, Some(true), false), now),
        Some(Failure::Offline)
    );
    assert_eq!(
        classify(&net(true, Some(true), false), now),
        Some(Failure::Cors)
    );
    assert_eq!(
        classify(&net(true, Some(true), true), now),
        Some(Failure::Dropped)
    );
    assert_eq!(
        classify(&net(true, Some(false), false), now),
        Some(Failure::Unreachable)
    );
    assert_eq!(
        classify(&net(true, None, true), now),
        Some(Failure::Unreachable)
    );
}

#[test]
fn only_4xx_other_than_busy_waits_for_the_person() {
    for status in [400u16, 401, 403, 404, 413, 415, 422] {
        let f = classify(&answered(status, None, None), 0).unwrap();
        assert_eq!(f.retry(), Retry::AfterEdit, "{status}");
    }
    for status in [408u16, 409, 425, 429, 500, 502, 503, 504] {
        let f = classify(&answered(status, Some("3"), None), 0).unwrap();
        assert!(matches!(f.retry(), Retry::Automatically { .. }), "{status}");
    }
    let busy = classify(&answered(503, Some("3"), None), 0).unwrap();
    assert_eq!(
        busy.retry(),
        Retry::Automatically {
            not_before: Some(Duration::from_secs(3))
        }
    );
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    // 1994-11-06T08:49:37Z
    let at = 784_111_777;
    assert_eq!(parse_retry_after("120", 0), Some(Duration::from_secs(120)));
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at - 30),
        Some(Duration::from_secs(30))
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + 30),
        Some(Duration::ZERO)
    );
    assert_eq!(parse_retry_after("soon", 0), None);
    assert_eq!(parse_retry_after("-5", 0), None);
    assert_eq!(parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", 0), None);
}

#[test]
fn the_endpoints_own_words_come_from_problem_documents_and_text() {
    let problem = r#"{"type":"tag:x","title":"Invalid ticket","status":422,"detail":"`summary` must not be empty"}"#;
    assert_eq!(
        endpoint_message(problem).as_deref(),
        Some("`summary` must not be empty")
    );
    assert_eq!(
        endpoint_message(r#"{"title":"Gone"}"#).as_deref(),
        Some("Gone")
    );
    assert_eq!(
        endpoint_message(r#"{"error":"nope"}"#).as_deref(),
        Some("nope")
    );
    assert_eq!(
        endpoint_message("\n  Forbidden by policy\nmore").as_deref(),
        Some("Forbidden by policy")
    );
    assert_eq!(endpoint_message("<html><body>502</body></html>"), None);
    assert_eq!(endpoint_message(""), None);
    assert_eq!(
        endpoint_message(&"x".repeat(1000)).map(|m| m.len()),
        Some(300)
    );
}

#[test]
fn messages_come_from_the_strings_table() {
    let policy = crate::policy::load(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/policies/wati.json"
        ))
        .unwrap(),
        &crate::time::UtcOnly,
    )
    .unwrap();
    let rejected = Failure::Rejected {
        status: 403,
        message: "This site may not file tickets".into(),
    };
    assert_eq!(
        rejected.message(&policy),
        "the support server refused the ticket (HTTP 403): This site may not file tickets"
    );
    let busy = Failure::Busy {
        status: 503,
        retry_after: Some(Duration::from_secs(2)),
    };
    assert!(busy.message(&policy).contains("wait 2 s"));
    assert!(Failure::Offline.message(&policy).contains("offline"));
}

#[test]
fn backoff_doubles_then_caps() {
    let b = Backoff::STANDARD;
    assert_eq!(b.delay(0, 0.0, None), Duration::from_secs(1));
    assert_eq!(b.delay(1, 0.0, None), Duration::from_secs(2));
    assert_eq!(b.delay(3, 0.0, None), Duration::from_secs(8));
    assert_eq!(b.delay(40, 0.0, None), Duration::from_secs(150));
    assert_eq!(
        b.delay(0, 0.0, Some(Duration::from_secs(30))),
        Duration::from_secs(30)
    );
    let short = Backoff::short(50);
    assert_eq!(short.delay(0, 0.0, None), Duration::from_millis(25));
    assert!(short.delay(30, 0.999, None) <= Duration::from_millis(1000));
}

proptest! {
    #[test]
    fn backoff_stays_in_its_window(attempt in 0u32..100, random in 0.0f64..1.0, base in 1u64..10_000, ra in proptest::option::of(0u64..10_000)) {
        let b = Backoff::short(base);
        let retry_after = ra.map(Duration::from_millis);
        let d = b.delay(attempt, random, retry_after);
        let exp = (b.base * 2u32.saturating_pow(attempt.min(31))).min(b.cap);
        prop_assert!(d >= exp / 2);
        prop_assert!(d <= exp.max(retry_after.unwrap_or_default()));
        prop_assert!(d >= retry_after.unwrap_or_default());
        prop_assert!(d > Duration::ZERO);
    }

    #[test]
    fn backoff_never_shrinks_as_attempts_grow(attempt in 0u32..60, random in 0.0f64..1.0) {
        let b = Backoff::STANDARD;
        prop_assert!(b.delay(attempt + 1, random, None) >= b.delay(attempt, random, None));
    }

    #[test]
    fn any_status_is_classified_consistently(status in 100u16..600, ra in proptest::option::of(0u64..100_000)) {
        let obs = answered(status, ra.map(|s| s.to_string()).as_deref(), Some("m"));
        match classify(&obs, 0) {
            None => prop_assert!((200..300).contains(&status)),
            Some(f) => {
                prop_assert!(!(200..300).contains(&status));
                let held = f.retry() == Retry::AfterEdit;
                prop_assert_eq!(held, (400..500).contains(&status) && ![408, 409, 425, 429].contains(&status));
            }
        }
    }

    #[test]
    fn retry_after_never_panics(s in ".{0,40}", now in any::<i64>()) {
        let _ = parse_retry_after(&s, now / 2);
    }
}
