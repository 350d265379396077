//! Reads the compiled form's calendars and plans back: support hours per weekday, holidays, and each plan's
//! targets per level. Split from `decode` because time is its own idea: windows and holidays are checked
//! here to be in range and in order, so the SLA calendar can walk them without a check.

use crate::json::Value;

use super::read::*;
use crate::policy::*;
use crate::time::{Clock, Date};

/// Holidays as days since 1970-01-01, years 0000 to 9999 (what the source format can write).
const HOLIDAY_DAYS: std::ops::RangeInclusive<i64> = -719_528..=2_932_896;

pub(super) fn calendar(v: &Value) -> R<Calendar> {
    let mut r = Rec::new(v, 3)?;
    Ok(Calendar {
        id: r.get("id", string)?,
        label: r.get("label", string)?,
        coverage: r.get("coverage", |v| match v {
            Value::Null => Ok(Coverage::Always),
            v => weekly(v).map(Coverage::Weekly),
        })?,
    })
}

fn weekly(v: &Value) -> R<Weekly> {
    let mut r = Rec::new(v, 3)?;
    let time_zone = r.get("time_zone", string)?;
    let days = r.get("windows", |v| {
        Rec::new(v, 7)?;
        list(v, |day| {
            let mut end = 0;
            pairs(day)?
                .map(|p| {
                    let day_end = Clock::END_OF_DAY.0 as u64;
                    let (from, to) = (
                        number(&p[0], day_end)? as i64,
                        number(&p[1], day_end)? as i64,
                    );
                    if from < end || to <= from {
                        return bad("sorted, non-overlapping [from, to) windows within a day");
                    }
                    end = to;
                    Ok((from, to))
                })
                .collect::<R<Vec<_>>>()
        })
    })?;
    let windows: [Vec<(i64, i64)>; 7] = days.try_into().unwrap_or_default();
    let holidays = r.get("holidays", |v| {
        let days = list(v, |d| match d.as_i64() {
            Some(n) if HOLIDAY_DAYS.contains(&n) => Ok(Date::from_days(n)),
            _ => bad("a date as days since 1970-01-01, in years 0000 to 9999"),
        })?;
        // The model looks holidays up by binary search; the compiler writes them in order.
        if days.windows(2).any(|w| w[0] >= w[1]) {
            return bad("holidays in ascending order, each once");
        }
        Ok(days)
    })?;
    Ok(Weekly {
        time_zone,
        windows,
        holidays,
    })
}

/// `counts` is each question's number of options, for the conditions of alternatives.
pub(super) fn plan(v: &Value, nl: usize, nc: usize, counts: &[usize]) -> R<Plan> {
    let mut r = Rec::new(v, 5)?;
    let id = r.get("id", string)?;
    let name = r.get("name", string)?;
    let description = r.get("description", opt_string)?;
    let targets = r.get("targets", |v| {
        let t = list(v, |v| targets(v, nc, counts))?;
        if t.len() != nl {
            return bad(format!("one entry per level ({nl})"));
        }
        Ok(t)
    })?;
    Ok(Plan {
        id,
        name,
        description,
        targets,
        notes: r.get("notes", strings)?,
    })
}

fn targets(v: &Value, nc: usize, counts: &[usize]) -> R<LevelTargets> {
    let calendar = |v: &Value| opt_ix(v, nc, "calendar");
    if array(v)?.first().and_then(Value::as_u64) == Some(1) {
        let mut r = Rec::new(v, 3)?;
        r.next = 1;
        return Ok(LevelTargets::Elsewhere {
            text: r.get("text", string)?,
            calendar: r.get("calendar", calendar)?,
        });
    }
    let mut r = Rec::new(v, 6)?;
    r.get("kind", |v| number(v, 0))?;
    Ok(LevelTargets::Stated {
        first_response: r.get("first_response", target)?,
        resolution: r.get("resolution", |v| match v {
            Value::Null => Ok(None),
            v => target(v).map(Some),
        })?,
        calendar: r.get("calendar", calendar)?,
        note: r.get("note", opt_string)?,
        alternative: r.get("alternative", |v| match v {
            Value::Null => Ok(None),
            v => alternative(v, nc, counts).map(Some),
        })?,
    })
}

/// `[first response, calendar, condition, channel kind?, note?]`.
fn alternative(v: &Value, nc: usize, counts: &[usize]) -> R<Alternative> {
    let mut r = Rec::new(v, 5)?;
    Ok(Alternative {
        // The SLA calendar counts an alternative's time; an untimed one would have nothing to count.
        first_response: r.get("first_response", |v| match target(v)? {
            t if t.is_timed() => Ok(t),
            _ => bad("a response target that names a time"),
        })?,
        calendar: r.get("calendar", |v| ix(v, nc, "calendar"))?,
        answers: r.get("answers", |v| super::decode::condition(v, counts))?,
        channel: r.get("channel", |v| match v {
            Value::Null => Ok(None),
            v => pick(v, &CHANNEL_KINDS, "channel kind").map(Some),
        })?,
        note: r.get("note", opt_string)?,
    })
}

fn target(v: &Value) -> R<Target> {
    let n = v.as_u64().unwrap_or(u64::MAX);
    let unit = UNITS[(n >> 1 & 3) as usize];
    let amount = n >> 3;
    match n {
        0 => Ok(Target::BestEffort),
        1 => Ok(Target::NoSla),
        _ if (1..=u64::from(unit.max_amount())).contains(&amount) => {
            let amount = amount as u32;
            Ok(if n & 1 == 1 {
                Target::Indicative { amount, unit }
            } else {
                Target::Within { amount, unit }
            })
        }
        _ => bad("a response target (0, 1, or amount << 3 | unit << 1 | indicative, within the unit's limit)"),
    }
}
