//! Calendars: coverage windows in a time zone, holidays, and how coverage is described to people.

use std::collections::BTreeSet;

use super::{valid_id, Check};
use crate::policy::format::*;
use crate::policy::limits;
use crate::policy::model::*;
use crate::policy::position::{join_index, join_key};
use crate::time::{Clock, Date, Weekday, Zones};

pub(super) fn calendars(c: &mut Check, raw: &PolicyFile, zones: &dyn Zones) -> Vec<Calendar> {
    let mut calendars = Vec::new();
    for (id, cal) in &raw.calendars {
        let p = join_key("calendars", id);
        if !valid_id(id) {
            c.err_key(
                &p,
                format!("calendar id {id:?} must be 1–64 ASCII letters, digits, '-' or '_'"),
            );
        }
        if let Some(coverage) = coverage(c, &p, cal, zones) {
            calendars.push(Calendar {
                id: id.clone(),
                label: cal.label.clone().unwrap_or_else(|| coverage.to_string()),
                coverage,
            });
        }
    }
    calendars
}

fn zone_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.contains("..")
        && !name.starts_with('/')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'+' | b'-'))
}

fn coverage(c: &mut Check, p: &str, cal: &CalendarDef, zones: &dyn Zones) -> Option<Coverage> {
    let kind_name = match cal.kind {
        CalendarKind::Always => "24x7",
        CalendarKind::Weekdays => "24x5",
        CalendarKind::BusinessHours => "business_hours",
    };
    if cal.kind == CalendarKind::Always {
        for (present, field) in [
            (!cal.hours.is_empty(), "hours"),
            (!cal.holidays.is_empty(), "holidays"),
        ] {
            if present {
                c.err(
                    &join_key(p, field),
                    format!("a 24x7 calendar takes no `{field}`: it covers every instant"),
                );
            }
        }
        // With a zone, "days" keep the wall-clock time there: every day covered around the clock.
        return match &cal.time_zone {
            None => Some(Coverage::Always),
            Some(_) => Some(Coverage::Weekly(Weekly {
                time_zone: time_zone(c, p, cal, kind_name, zones)?,
                windows: std::array::from_fn(|_| vec![(0, 86_400)]),
                holidays: Vec::new(),
            })),
        };
    }
    let zone = time_zone(c, p, cal, kind_name, zones);
    let mut windows: [Vec<(i64, i64)>; 7] = Default::default();
    match cal.kind {
        CalendarKind::Weekdays => {
            if !cal.hours.is_empty() {
                c.err(&join_key(p, "hours"), "a 24x5 calendar takes no `hours` (it is Mon–Fri around the clock); use kind \"business_hours\" for other hours");
            }
            for w in windows.iter_mut().take(5) {
                w.push((0, 86_400));
            }
        }
        _ => {
            let hp = join_key(p, "hours");
            if cal.hours.is_empty() {
                c.err(&hp, "business hours need at least one entry, e.g. {\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"from\": \"09:00\", \"to\": \"17:00\"}");
            }
            // (window, index of the entry that opened it) per weekday, to name both sides of an overlap.
            let mut by_day: [Vec<(i64, i64, usize)>; 7] = Default::default();
            for (i, h) in cal.hours.iter().enumerate() {
                let ep = join_index(&hp, i);
                let from = h.from.parse::<Clock>().ok().map(|t| t.0);
                let to = h.to.parse::<Clock>().ok().map(|t| t.0);
                if from.is_none() || from == Some(86_400) {
                    c.err(
                        &join_key(&ep, "from"),
                        format!("{:?} is not a time of day \"HH:MM\" (00:00–23:59)", h.from),
                    );
                }
                if to.is_none() {
                    c.err(
                        &join_key(&ep, "to"),
                        format!("{:?} is not a time of day \"HH:MM\" (00:00–24:00)", h.to),
                    );
                }
                if h.days.is_empty() {
                    c.err(
                        &join_key(&ep, "days"),
                        "list at least one day, e.g. [\"mon\", \"tue\"]",
                    );
                }
                let mut days = BTreeSet::new();
                for (k, d) in h.days.iter().enumerate() {
                    match Weekday::parse(d) {
                        Some(w) if !days.insert(w) => c.err(&join_index(&join_key(&ep, "days"), k), format!("{d:?} is listed twice")),
                        Some(_) => {}
                        None => c.err(
                            &join_index(&join_key(&ep, "days"), k),
                            format!("{d:?} is not a day; expected one of \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\""),
                        ),
                    }
                }
                let (Some(from), Some(to)) = (from, to) else {
                    continue;
                };
                if from >= to {
                    c.err(&join_key(&ep, "to"), format!("closes at {} but opens at {}: `to` must be after `from` (split overnight hours into two entries)", h.to, h.from));
                    continue;
                }
                for w in days {
                    for &(f2, t2, j) in &by_day[w.index()] {
                        if from < t2 && f2 < to {
                            c.err(
                                &ep,
                                format!(
                                    "overlaps hours[{j}] on {} ({}–{} and {:02}:{:02}–{:02}:{:02})",
                                    w.short(),
                                    h.from,
                                    h.to,
                                    f2 / 3600,
                                    f2 % 3600 / 60,
                                    t2 / 3600,
                                    t2 % 3600 / 60
                                ),
                            );
                        }
                    }
                    by_day[w.index()].push((from, to, i));
                }
            }
            for (w, day) in windows.iter_mut().zip(by_day) {
                *w = day.into_iter().map(|(f, t, _)| (f, t)).collect();
                w.sort_unstable();
            }
        }
    }
    if cal.holidays.len() > limits::MAX_HOLIDAYS {
        c.err(
            &join_key(p, "holidays"),
            format!("at most {} holidays", limits::MAX_HOLIDAYS),
        );
    }
    let mut holidays = BTreeSet::new();
    for (i, h) in cal.holidays.iter().enumerate() {
        let hp = join_index(&join_key(p, "holidays"), i);
        match Date::parse(h) {
            Some(d) if !holidays.insert(d) => c.err(&hp, format!("holiday {h} is listed twice")),
            Some(_) => {}
            None => c.err(&hp, format!("{h:?} is not a date \"YYYY-MM-DD\"")),
        }
    }
    Some(Coverage::Weekly(Weekly {
        time_zone: zone?,
        windows,
        // A BTreeSet here: ascending and without repeats, as the model wants.
        holidays: holidays.into_iter().collect(),
    }))
}

/// The calendar's time zone, checked against the zones the loader knows.
fn time_zone(
    c: &mut Check,
    p: &str,
    cal: &CalendarDef,
    kind_name: &str,
    zones: &dyn Zones,
) -> Option<String> {
    match &cal.time_zone {
        None => {
            c.err(
                p,
                format!("a {kind_name} calendar needs a `time_zone`, e.g. \"Europe/Berlin\""),
            );
            None
        }
        Some(z) if !zone_name_ok(z) => {
            c.err(
                &join_key(p, "time_zone"),
                format!("{z:?} is not an IANA time zone name, e.g. \"America/New_York\""),
            );
            None
        }
        Some(z) => {
            if let Some(why) = crate::policy::zone_names::legacy(z) {
                c.err(&join_key(p, "time_zone"), why);
                return None;
            }
            match zones.offset(z, 0) {
                Ok(_) => Some(z.clone()),
                Err(e) => {
                    let known = zones.names();
                    let hint =
                        crate::policy::zone_names::nearest(z, known.iter().map(String::as_str))
                            .map(|n| format!("; did you mean {n:?}?"))
                            .unwrap_or_default();
                    c.err(&join_key(p, "time_zone"), format!("{e}{hint}"));
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use serde_json::json;

    fn office(hours: serde_json::Value) -> serde_json::Value {
        json!({"calendars": {"always": {"kind": "24x7"},
            "office": {"kind": "business_hours", "time_zone": "Europe/Berlin", "hours": hours}}})
    }

    #[test]
    fn hours_are_described_and_overlaps_refused() {
        let p = check(office(json!([
            {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"},
            {"days": ["sat"], "from": "10:00", "to": "14:00"}
        ])))
        .unwrap();
        assert_eq!(
            p.calendars[1].label,
            "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/Berlin)"
        );
        assert_error(
            office(
                json!([{"days": ["mon"], "from": "09:00", "to": "17:00"}, {"days": ["mon"], "from": "16:00", "to": "18:00"}]),
            ),
            "calendars.office.hours[1]: overlaps hours[0] on Mon (16:00–18:00 and 09:00–17:00)",
        );
        assert_error(
            office(json!([{"days": ["mon"], "from": "24:00", "to": "24:00"}])),
            "calendars.office.hours[0].from: \"24:00\" is not a time of day",
        );
        assert_error(
            office(json!([{"days": ["mon"], "from": "18:00", "to": "08:00"}])),
            "calendars.office.hours[0].to: closes at 08:00 but opens at 18:00",
        );
    }

    #[test]
    fn a_24x7_calendar_with_a_zone_counts_days_there() {
        let p =
            check(json!({"calendars": {"always": {"kind": "24x7", "time_zone": "Europe/Berlin"}}}))
                .unwrap();
        assert_eq!(p.calendars[0].label, "24/7 (Europe/Berlin)");
        assert!(matches!(
            p.calendars[0].coverage,
            crate::policy::Coverage::Weekly(_)
        ));
        assert_error(
            json!({"calendars": {"always": {"kind": "24x7", "holidays": ["2026-12-25"]}}}),
            "calendars.always.holidays: a 24x7 calendar takes no `holidays`",
        );
    }

    #[test]
    fn time_zones_are_iana_places_with_typos_pointed_out() {
        let zone = |z: &str| json!({"calendars": {"always": {"kind": "24x5", "time_zone": z}}});
        assert_error(zone("CET"), "calendars.always.time_zone: \"CET\" is a legacy rule-based name, not a place; use \"Europe/Berlin\"");
        assert_error(
            zone("Europe/Berln"),
            "calendars.always.time_zone: \"Europe/Berln\" is not a time zone this system knows",
        );
        assert!(errors(zone("Europe/Berln"))[0].ends_with("did you mean \"Europe/Berlin\"?"));
        assert_error(
            zone("../etc/passwd"),
            "calendars.always.time_zone: \"../etc/passwd\" is not an IANA time zone name",
        );
    }
}
