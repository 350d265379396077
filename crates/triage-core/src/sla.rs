//! The response-time calendar: when a first response (or resolution) is due.
//!
//! Semantics, also in docs/policy.md, chosen so that a deadline is never before submission, always falls
//! in covered time, and never moves earlier when the ticket is filed later:
//! - minutes / hours count covered time only (24x7: plain addition);
//! - days keep the wall-clock time in the calendar's zone: filed Saturday 10:00, "1 day" is Sunday 10:00
//!   even when the clocks change overnight (a 24x7 calendar without a zone counts 24 h periods); a
//!   deadline outside coverage moves to the next covered moment;
//! - business days: the clock starts at the first covered moment at or after submission; the deadline
//!   is the same wall-clock time on the n-th following business day (a day with hours that is not a
//!   holiday), kept within that day's hours.
//!
//! "Same wall-clock time" on a DST-change day: a time the clocks skip (02:30 when they jump 02:00→03:00)
//! is read with the offset before the jump, i.e. as 03:30, as RFC 5545 and JavaScript's Temporal do; a
//! submission in the second pass of a repeated hour starts the clock when that hour ends, because the
//! wall clock has already shown every earlier time that day and a later filing must never get an
//! earlier deadline.
//!
//! Coverage windows are closed at both ends here: a deadline at closing time is within coverage.

use crate::policy::{
    CalendarIx, Coverage, LevelIx, LevelTargets, PlanIx, Policy, Target, Unit, Weekly,
};
use crate::time::{from_local, local_seconds, to_local, Date, Instant, ZoneError, Zones, DAY};

mod alternative;
pub use alternative::{commitments_given, Raised};

/// How far ahead to look for covered time before declaring a calendar empty (validation makes that
/// impossible, but no input may make this loop forever).
const HORIZON_DAYS: i64 = 366 * 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlaError {
    #[error(transparent)]
    Zone(#[from] ZoneError),
    #[error("the calendar has no covered time within {HORIZON_DAYS} days of the submission")]
    NoCoverage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// A firm deadline.
    At(Instant),
    /// When a best-effort target with a stated time ("48 hours, best effort") would fall: indicative,
    /// not promised.
    Indicative(Instant),
    BestEffort,
    NoSla,
    /// The vendor states no figure; `text` is what it says instead.
    Elsewhere(String),
}

/// One commitment (first response or resolution) for a plan and level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    /// The target as a person reads it: "45 minutes", "best effort", or the vendor's words.
    pub target: String,
    /// The coverage it is counted in: "24/7", "Mon–Fri 09:00–17:00 (Europe/Berlin)"; none when the
    /// vendor states the target elsewhere and names no calendar.
    pub coverage: Option<String>,
    pub due: Due,
    pub note: Option<String>,
    /// The calendar it is counted in (none for an untimed target without one).
    pub calendar: Option<CalendarIx>,
    /// Set on a target's alternative: how the case is raised for it to hold.
    pub when: Option<Raised>,
    /// A promise beside this one that holds if the case is raised through a channel as well ("or 4
    /// hours around the clock if you call"): whether it will be is not known, so both are shown.
    pub alternative: Option<Box<Commitment>>,
}

/// First-response and (if stated) resolution commitments for `level` on `plan`, filed at `submitted`,
/// when no answers are known: an alternative that depends on answers does not apply, one that depends
/// on a channel is given beside the first response. [`commitments_given`] takes the answers.
pub fn commitments(
    policy: &Policy,
    plan: PlanIx,
    level: LevelIx,
    submitted: Instant,
    zones: &dyn Zones,
) -> Result<(Commitment, Option<Commitment>), SlaError> {
    let none = crate::triage::Answers::default();
    commitments_given(policy, plan, level, None, &none, submitted, zones)
}

/// The plan's own commitments, before any alternative.
fn plan_commitments(
    policy: &Policy,
    plan: PlanIx,
    level: LevelIx,
    submitted: Instant,
    zones: &dyn Zones,
) -> Result<(Commitment, Option<Commitment>), SlaError> {
    match &policy.plans[plan].targets[level] {
        LevelTargets::Elsewhere { text, calendar } => Ok((
            Commitment {
                target: text.clone(),
                coverage: calendar.map(|c| policy.calendars[c].label.clone()),
                due: Due::Elsewhere(text.clone()),
                note: None,
                calendar: *calendar,
                when: None,
                alternative: None,
            },
            None,
        )),
        LevelTargets::Stated {
            first_response,
            resolution,
            calendar,
            note,
            ..
        } => {
            let cal = calendar.map(|c| &policy.calendars[c]);
            let make = |t: &Target| -> Result<Commitment, SlaError> {
                let due = match cal {
                    Some(cal) => deadline(&cal.coverage, *t, submitted, zones)?,
                    // Only untimed targets lack a calendar (validation requires one for every timed
                    // target), and they come out the same under any coverage.
                    None => deadline(&Coverage::Always, *t, submitted, zones)?,
                };
                Ok(Commitment {
                    target: t.to_string(),
                    coverage: cal.map(|c| c.label.clone()),
                    due,
                    note: note.clone(),
                    calendar: *calendar,
                    when: None,
                    alternative: None,
                })
            };
            Ok((
                make(first_response)?,
                resolution.as_ref().map(make).transpose()?,
            ))
        }
    }
}

/// When `target` falls due under `coverage` for a request submitted at `from`.
pub fn deadline(
    coverage: &Coverage,
    target: Target,
    from: Instant,
    zones: &dyn Zones,
) -> Result<Due, SlaError> {
    let (amount, unit, firm) = match target {
        Target::Within { amount, unit } => (amount, unit, true),
        Target::Indicative { amount, unit } => (amount, unit, false),
        Target::BestEffort => return Ok(Due::BestEffort),
        Target::NoSla => return Ok(Due::NoSla),
    };
    let n = i64::from(amount);
    let at = match (coverage, unit) {
        (Coverage::Always, Unit::Minutes) => from + n * 60,
        (Coverage::Always, Unit::Hours) => from + n * 3600,
        (Coverage::Always, Unit::Days | Unit::BusinessDays) => from + n * DAY,
        (Coverage::Weekly(w), Unit::Minutes) => add_covered(w, from, n * 60, zones)?,
        (Coverage::Weekly(w), Unit::Hours) => add_covered(w, from, n * 3600, zones)?,
        (Coverage::Weekly(w), Unit::Days) => {
            let (date, time) = wall_clock(w, from, zones)?;
            let wanted = from_local(
                zones,
                &w.time_zone,
                local_seconds(Date::from_days(date.days() + n), time),
            )?;
            covered_at_or_after(w, wanted.max(from), zones)?
        }
        (Coverage::Weekly(w), Unit::BusinessDays) => add_business_days(w, from, n, zones)?,
    };
    Ok(if firm {
        Due::At(at)
    } else {
        Due::Indicative(at)
    })
}

/// Whether `at` lies within covered time (closed windows).
pub fn is_covered(coverage: &Coverage, at: Instant, zones: &dyn Zones) -> Result<bool, SlaError> {
    let Coverage::Weekly(w) = coverage else {
        return Ok(true);
    };
    let today = local_date(w, at, zones)?;
    for d in -1..=1 {
        let date = Date::from_days(today.days() + d);
        for &(ws, we) in &day_windows(w, date, zones)? {
            if ws <= at && at <= we {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn local_date(w: &Weekly, at: Instant, zones: &dyn Zones) -> Result<Date, ZoneError> {
    Ok(Date::from_days(
        to_local(zones, &w.time_zone, at)?.div_euclid(DAY),
    ))
}

/// The windows open on local `date`, as instants.
fn day_windows(
    w: &Weekly,
    date: Date,
    zones: &dyn Zones,
) -> Result<Vec<(Instant, Instant)>, ZoneError> {
    w.windows_on(date)
        .iter()
        .map(|&(s, e)| {
            Ok((
                from_local(zones, &w.time_zone, local_seconds(date, s))?,
                from_local(zones, &w.time_zone, local_seconds(date, e))?,
            ))
        })
        .collect()
}

/// Calls `f` with each window ending after `from`, in order, until it returns a value.
fn scan<R>(
    w: &Weekly,
    from: Instant,
    zones: &dyn Zones,
    mut f: impl FnMut(Instant, Instant) -> Option<R>,
) -> Result<R, SlaError> {
    let start = local_date(w, from, zones)?.days() - 1;
    for day in start..start + HORIZON_DAYS {
        for (ws, we) in day_windows(w, Date::from_days(day), zones)? {
            if we > from {
                if let Some(r) = f(ws, we) {
                    return Ok(r);
                }
            }
        }
    }
    Err(SlaError::NoCoverage)
}

fn add_covered(
    w: &Weekly,
    from: Instant,
    secs: i64,
    zones: &dyn Zones,
) -> Result<Instant, SlaError> {
    let mut remaining = secs;
    scan(w, from, zones, |ws, we| {
        let start = ws.max(from);
        let available = we - start;
        if remaining <= available {
            Some(start + remaining)
        } else {
            remaining -= available;
            None
        }
    })
}

fn covered_at_or_after(w: &Weekly, at: Instant, zones: &dyn Zones) -> Result<Instant, SlaError> {
    if is_covered(&Coverage::Weekly(w.clone()), at, zones)? {
        return Ok(at);
    }
    scan(w, at, zones, |ws, _| Some(ws.max(at)))
}

fn add_business_days(
    w: &Weekly,
    from: Instant,
    n: i64,
    zones: &dyn Zones,
) -> Result<Instant, SlaError> {
    let start = covered_at_or_after(w, from, zones)?;
    let (start_date, time) = wall_clock(w, start, zones)?;
    let mut day = start_date;
    let mut counted = 0;
    for _ in 0..HORIZON_DAYS {
        if counted == n {
            break;
        }
        day = Date::from_days(day.days() + 1);
        if w.is_business_day(day) {
            counted += 1;
        }
    }
    if counted < n {
        return Err(SlaError::NoCoverage);
    }
    let wanted = from_local(zones, &w.time_zone, local_seconds(day, time))?.max(from);
    let windows = day_windows(w, day, zones)?;
    // Keep the deadline within the day's hours: inside a window as is, else the next opening, else the
    // day's last closing time.
    let inside = windows.iter().any(|&(ws, we)| ws <= wanted && wanted <= we);
    Ok(if inside {
        wanted
    } else if let Some(&(ws, _)) = windows.iter().find(|&&(ws, _)| ws > wanted) {
        ws
    } else {
        windows.last().map_or(wanted, |&(_, we)| we)
    })
}

/// The local date and time of day (seconds) the clock starts from at `at`: its wall-clock reading, except
/// in the second pass of a repeated hour, where it is the time that hour ends (see the module comment).
fn wall_clock(w: &Weekly, at: Instant, zones: &dyn Zones) -> Result<(Date, i64), ZoneError> {
    let local = to_local(zones, &w.time_zone, at)?;
    let first = from_local(zones, &w.time_zone, local)?;
    let local = if first < at {
        // `at` repeats a wall-clock time first shown at `first`; find the change of offset in between
        // (the first instant with `at`'s offset) and read the time just before it.
        let now = zones.offset(&w.time_zone, at)?;
        let (mut lo, mut hi) = (first, at);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if zones.offset(&w.time_zone, mid)? == now {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        to_local(zones, &w.time_zone, hi - 1)? + 1
    } else {
        local
    };
    Ok((
        Date::from_days(local.div_euclid(DAY)),
        local.rem_euclid(DAY),
    ))
}

/// The first covered moment at or after `from`: when the support clock starts for a ticket filed then.
pub fn clock_starts(
    coverage: &Coverage,
    from: Instant,
    zones: &dyn Zones,
) -> Result<Instant, SlaError> {
    match coverage {
        Coverage::Always => Ok(from),
        Coverage::Weekly(w) => covered_at_or_after(w, from, zones),
    }
}

/// The covered stretches of `[from, to]`, in order, at most `max` of them (the rest merged into the last),
/// so a timeline can shade support hours between now and a deadline.
pub fn covered_spans(
    coverage: &Coverage,
    from: Instant,
    to: Instant,
    max: usize,
    zones: &dyn Zones,
) -> Result<Vec<(Instant, Instant)>, SlaError> {
    let Coverage::Weekly(w) = coverage else {
        return Ok(if to > from { vec![(from, to)] } else { vec![] });
    };
    let mut spans: Vec<(Instant, Instant)> = Vec::new();
    if to <= from || max == 0 {
        return Ok(spans);
    }
    let first = local_date(w, from, zones)?.days() - 1;
    let last = local_date(w, to, zones)?.days() + 1;
    for day in first..=last.min(first + HORIZON_DAYS) {
        for (ws, we) in day_windows(w, Date::from_days(day), zones)? {
            let (s, e) = (ws.max(from), we.min(to));
            if s >= e {
                continue;
            }
            let full = spans.len() >= max;
            match spans.last_mut() {
                Some(prev) if prev.1 >= s || full => prev.1 = prev.1.max(e),
                _ => spans.push((s, e)),
            }
        }
    }
    Ok(spans)
}

#[cfg(test)]
mod span_tests;
