//! Dates and times as the person reads them: their locale and their time zone, through the browser's
//! Intl (no tz database ships in the wasm). The words around the times ("today", "your time") come from
//! the policy's strings; only the numbers and day names are Intl's.

use std::cell::RefCell;
use triage_core::policy::{Policy, UiString};
use triage_core::time::{days_apart, Instant};

use wasm_bindgen::prelude::*;

use crate::zones::with_zones;

/// The seconds since the epoch now, from the browser's clock (which tests may fix).
pub fn now() -> Instant {
    (js_sys::Date::now() / 1000.0).floor() as Instant
}

/// The person's IANA time zone, as the browser reports it (read once per page: building an Intl formatter
/// costs about a millisecond, and the card asks for the zone several times per render).
pub fn user_zone() -> String {
    thread_local!(static ZONE: String = {
        let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
            .resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "UTC".into())
    });
    ZONE.with(String::clone)
}

/// The person's preferred language tag, e.g. "en-GB".
pub fn locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".into())
}

/// Formats `at` with one Intl formatter per (zone, fields), kept for the page: `toLocaleString` would build
/// a new formatter on every call, and one render of the outcome card formats a dozen times.
fn format(at: Instant, zone: Option<&str>, fields: &[(&str, &str)]) -> String {
    thread_local!(static FORMATTERS: RefCell<Vec<(String, js_sys::Function)>> = const { RefCell::new(Vec::new()) });
    // Zone and field names never contain a NUL.
    let mut key = String::from(zone.unwrap_or(""));
    for (k, v) in fields {
        key.push('\0');
        key.push_str(k);
        key.push('\0');
        key.push_str(v);
    }
    let date = js_sys::Date::new(&JsValue::from_f64(at as f64 * 1000.0));
    FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let i = match cache.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let options = js_sys::Object::new();
                for (k, v) in fields {
                    let _ = js_sys::Reflect::set(&options, &(*k).into(), &(*v).into());
                }
                if let Some(z) = zone {
                    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &z.into());
                }
                let locales = js_sys::Array::of1(&locale().into());
                let f = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
                cache.push((key, f));
                cache.len() - 1
            }
        };
        cache[i]
            .1
            .call1(&JsValue::NULL, &date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    })
}

/// "14:35" (or "2:35 PM") in `zone`, or in the person's zone when `None`.
pub fn time(at: Instant, zone: Option<&str>) -> String {
    format(at, zone, &[("timeStyle", "short")])
}

/// "Monday", or "Monday, 7 December" when over a week away.
pub fn day(at: Instant, zone: Option<&str>, far: bool) -> String {
    if far {
        format(
            at,
            zone,
            &[("weekday", "long"), ("day", "numeric"), ("month", "long")],
        )
    } else {
        format(at, zone, &[("weekday", "long")])
    }
}

/// A deadline on the person's clock relative to `now`: "14:35 today", "09:00 tomorrow", "Monday 10:00".
pub fn when(policy: &Policy, at: Instant, now: Instant) -> String {
    let zone = user_zone();
    let apart = with_zones(|z| days_apart(z, &zone, now, at)).unwrap_or(2);
    let t = time(at, None);
    match apart {
        0 => policy.text(UiString::WhenToday, &[("time", &t)]),
        1 => policy.text(UiString::WhenTomorrow, &[("time", &t)]),
        n => policy.text(
            UiString::WhenLater,
            &[("date", &day(at, None, n > 6)), ("time", &t)],
        ),
    }
}

/// An opening time on the vendor's clock: "Monday 09:00" in the calendar's zone.
pub fn vendor_time(at: Instant, zone: &str) -> String {
    format!("{} {}", day(at, Some(zone), false), time(at, Some(zone)))
}

/// Builds, ahead of the first open, the Intl formatters a render of the outcome card needs (the person's
/// zone, time and day formats, and every calendar's zone): each costs about a millisecond to build, and
/// together they were a quarter of the time from the launcher's click to the first question.
pub fn prewarm(policy: &Policy) {
    let at = now();
    let _ = (
        user_zone(),
        time(at, None),
        day(at, None, false),
        day(at, None, true),
    );
    for c in &policy.calendars {
        if let triage_core::policy::Coverage::Weekly(w) = &c.coverage {
            let _ = with_zones(|z| triage_core::time::Zones::offset(z, &w.time_zone, at));
            let _ = vendor_time(at, &w.time_zone);
        }
    }
}
