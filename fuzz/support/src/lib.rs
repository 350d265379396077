//! What the fuzz targets share: a zone source that needs no tz database, the checks run on every policy
//! that reads (the widget's own uses of it must not panic), and the JSON comparison with serde_json.
//!
//! The zone source is a table rather than the system tz database (as the core's tests use through jiff):
//! a fuzz run calls it millions of times and must give the same answer on every machine, and the
//! validator lists every known name whenever a zone is unknown. Its zones keep real names and have
//! real-looking DST changes (gaps and overlaps), so calendars with hours take the same code paths.

use triage_core::explain::explain;
use triage_core::policy::{LevelIx, OptionIx, PlanIx, Policy, TypeIx};
use triage_core::time::{Date, Instant, ZoneError, Zones, DAY};
use triage_core::triage::{asked, suggest, Answers};

/// The zones the seed and fixture policies use, and UTC.
pub const ZONES: [&str; 8] = [
    "UTC",
    "Etc/UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Jerusalem",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Asia/Kathmandu",
];

/// Fixed offsets plus one summer-time rule (the EU's: from the last Sunday of March to the last Sunday of
/// October, both at 01:00 UTC; reversed in the south). Deterministic and cheap.
#[derive(Debug, Clone, Copy, Default)]
pub struct FakeZones;

impl Zones for FakeZones {
    fn offset(&self, zone: &str, at: Instant) -> Result<i32, ZoneError> {
        let (standard, summer, north) = match zone {
            "UTC" | "Etc/UTC" => return Ok(0),
            "Asia/Kolkata" => return Ok(19_800),
            "Asia/Kathmandu" => return Ok(20_700),
            "Europe/Berlin" => (3_600, 7_200, true),
            "America/New_York" => (-18_000, -14_400, true),
            "Asia/Jerusalem" => (7_200, 10_800, true),
            "Australia/Sydney" => (36_000, 39_600, false),
            other => return Err(ZoneError::Unknown(other.to_string())),
        };
        Ok(if eu_summer(at) == north {
            summer
        } else {
            standard
        })
    }

    fn names(&self) -> Vec<String> {
        ZONES.iter().map(|z| z.to_string()).collect()
    }
}

/// Whether `at` lies in the EU's summer time (years 0000 to 9999; outside them, as in their nearest).
fn eu_summer(at: Instant) -> bool {
    let at = at.clamp(-62_167_219_200, 253_402_300_799);
    let year = Date::from_days(at.div_euclid(DAY)).year;
    let last_sunday = |month: u8| {
        let d = Date::new(year, month, 31).expect("March and October have 31 days");
        // Weekday::index: Monday 0 … Sunday 6.
        d.days() - (d.weekday().index() as i64 + 1) % 7
    };
    let start = last_sunday(3) * DAY + 3_600;
    let end = last_sunday(10) * DAY + 3_600;
    (start..end).contains(&at)
}

/// Submission times the checks use: the night the fake zones' clocks go forward (2026-03-29 00:30 UTC),
/// and an ordinary Friday afternoon (2026-06-12 15:00 UTC).
fn instants() -> [Instant; 2] {
    let day = |y, m, d| Date::new(y, m, d).expect("a date").days() * DAY;
    [day(2026, 3, 29) + 1_800, day(2026, 6, 12) + 54_000]
}

/// Uses `p` as the widget and the CLI do: which questions are asked and which level is suggested for
/// each request type and a few sets of answers, then the explanation (deadlines, channels) for several
/// plans and levels. The compiled-form decoder promises that nothing it accepts makes these panic; the
/// loader, that a valid policy gives a suggestion within its levels.
pub fn exercise(p: &Policy) {
    let none = Answers::new(p);
    let first = Answers(p.questions.iter().map(|_| Some(OptionIx(0))).collect());
    let last = Answers(
        p.questions
            .iter()
            .map(|q| q.options.len().checked_sub(1).map(OptionIx))
            .collect(),
    );
    let types = std::iter::once(None).chain(TypeIx::all(p.request_types.len()).take(4).map(Some));
    for t in types {
        for a in [&none, &first, &last] {
            for q in asked(p, t, a) {
                assert!(q.0 < p.questions.len(), "asked a question out of range");
            }
            let s = suggest(p, t, a);
            assert!(s.level.0 < p.levels.len(), "suggested a level out of range");
        }
    }
    let plans = PlanIx::all(p.plans.len()).take(3);
    for plan in plans {
        for level in LevelIx::all(p.levels.len()) {
            for at in instants() {
                // An error is an answer (a zone the source does not know, no coverage): only no panic.
                let _ = explain(p, None, plan, &first, Some(level), at, &FakeZones);
            }
        }
    }
}

/// Whether our tree is serde_json's, numbers compared by value (serde_json rewrites `1e5` as
/// `100000.0`; the core's reader keeps the text as written). As `json/tests.rs` compares them.
pub fn same_json(mine: &triage_core::json::Value, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as T;
    use triage_core::json::Value as M;
    match (mine, theirs) {
        (M::Null, T::Null) => true,
        (M::Bool(a), T::Bool(b)) => a == b,
        (M::String(a), T::String(b)) => a == b,
        (M::Number(n), T::Number(t)) => match (t.as_u64(), t.as_i64()) {
            (Some(u), _) => n.as_u64() == Some(u),
            (None, Some(i)) => n.as_i64() == Some(i),
            _ => n.to_string().parse::<f64>().ok() == t.as_f64(),
        },
        (M::Array(a), T::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y))
        }
        (M::Object(a), T::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((k, x), (l, y))| k == l && same_json(x, y))
        }
        _ => false,
    }
}

/// serde_json refuses a number beyond f64 (`1e999`); the core's reader keeps numbers as text and
/// accepts it. The one difference in what the two accept (`json/tests.rs` allows it too).
pub fn out_of_range(e: &serde_json::Error) -> bool {
    e.to_string().contains("out of range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fake_summer_time_changes_on_the_last_sundays() {
        let at = |y, m, d, s| Date::new(y, m, d).unwrap().days() * DAY + s;
        let berlin = |t| FakeZones.offset("Europe/Berlin", t).unwrap();
        assert_eq!(berlin(at(2026, 3, 29, 3_599)), 3_600);
        assert_eq!(berlin(at(2026, 3, 29, 3_600)), 7_200);
        assert_eq!(berlin(at(2026, 10, 25, 3_599)), 7_200);
        assert_eq!(berlin(at(2026, 10, 25, 3_600)), 3_600);
        let sydney = FakeZones.offset("Australia/Sydney", at(2026, 1, 1, 0));
        assert_eq!(sydney, Ok(39_600));
        assert!(FakeZones.offset("Mars/Olympus", 0).is_err());
        // Far instants do not panic.
        for t in [i64::MIN, i64::MAX, -1, 0] {
            berlin(t);
        }
    }
}
