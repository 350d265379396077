//! Civil-time arithmetic with no time-zone database inside.
//!
//! The core must give the same deadlines in the browser (wasm, where a tz database would cost 76–103 KB) and
//! natively. So the only zone knowledge it uses comes through [`Zones`]: "what is the UTC offset of zone Z at
//! instant T?". The browser answers from `Intl.DateTimeFormat`, the CLI from the system tzdb; all the
//! calendar arithmetic (days, weekdays, local↔UTC with DST gaps and overlaps) is here, once.

use std::fmt;

/// Seconds since 1970-01-01T00:00:00Z. The core never reads a clock: callers pass `now` in.
pub type Instant = i64;

pub const DAY: i64 = 86_400;

/// Anything that knows UTC offsets of IANA zones.
pub trait Zones {
    /// The offset from UTC, in seconds (east positive), in force in `zone` at `at`.
    fn offset(&self, zone: &str, at: Instant) -> Result<i32, ZoneError>;

    /// Every zone name this source knows, so that a typo can be answered with "did you mean …?".
    /// Empty when the source cannot list them (the suggestion is then left out).
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    #[error(
        "{} is not a time zone this system knows (use an IANA name such as \"Europe/Berlin\")",
        crate::json::Quoted(.0)
    )]
    Unknown(String),
}

/// A zone source that only knows UTC; handy for tests and for policies that only use 24x7.
#[derive(Debug, Clone, Copy, Default)]
pub struct UtcOnly;

impl Zones for UtcOnly {
    fn offset(&self, zone: &str, _at: Instant) -> Result<i32, ZoneError> {
        match zone {
            "UTC" | "Etc/UTC" => Ok(0),
            other => Err(ZoneError::Unknown(other.to_string())),
        }
    }
}

/// A calendar date in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn short(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self.index()]
    }
}

impl Weekday {
    /// Parses "mon" … "sun" (any case).
    pub fn parse(s: &str) -> Option<Weekday> {
        let i = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .position(|d| d.eq_ignore_ascii_case(s))?;
        Some(Weekday::ALL[i])
    }
}

/// A wall-clock time of day, "HH:MM" from 00:00 to 24:00 (the end of the day), as seconds after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock(pub i64);

impl Clock {
    pub const END_OF_DAY: Clock = Clock(DAY);
}

/// Why a text is not a time of day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a time of day \"HH:MM\"")]
pub struct NotAClock(pub String);

impl std::str::FromStr for Clock {
    type Err = NotAClock;

    fn from_str(s: &str) -> Result<Clock, NotAClock> {
        let err = || NotAClock(s.to_string());
        let (h, m) = s.split_once(':').ok_or_else(err)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(err());
        }
        let (h, m) = (digits(h).ok_or_else(err)?, digits(m).ok_or_else(err)?);
        if (h < 24 && m < 60) || (h == 24 && m == 0) {
            Ok(Clock(i64::from(h * 3600 + m * 60)))
        } else {
            Err(err())
        }
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 3600, self.0 % 3600 / 60)
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.days() + 3).rem_euclid(7) as usize]
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(
            digits(&s[0..4])? as i32,
            digits(&s[5..7])? as u8,
            digits(&s[8..10])? as u8,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Local wall-clock time as seconds since 1970-01-01T00:00 *local*; not an instant until a zone says so.
pub type LocalSeconds = i64;

pub fn local_seconds(date: Date, second_of_day: i64) -> LocalSeconds {
    date.days() * DAY + second_of_day
}

/// The wall-clock time in `zone` at `at`.
pub fn to_local(zones: &dyn Zones, zone: &str, at: Instant) -> Result<LocalSeconds, ZoneError> {
    Ok(at + i64::from(zones.offset(zone, at)?))
}

/// How many calendar days in `zone` lie between `from` and `to` (0: same day, 1: the next day), so a
/// deadline can be said as "today" or "tomorrow" on the person's own clock.
pub fn days_apart(
    zones: &dyn Zones,
    zone: &str,
    from: Instant,
    to: Instant,
) -> Result<i64, ZoneError> {
    Ok(to_local(zones, zone, to)?.div_euclid(DAY) - to_local(zones, zone, from)?.div_euclid(DAY))
}

/// The instant at which `zone`'s clocks show `local`.
///
/// In a DST gap (the time never shows) it is the instant the same distance past the jump, i.e. the time
/// read with the offset in force before it; in an overlap (it shows twice) it is the earlier instant.
/// Assumes at most one offset change within a day of `local`, true of every real zone.
pub fn from_local(
    zones: &dyn Zones,
    zone: &str,
    local: LocalSeconds,
) -> Result<Instant, ZoneError> {
    let before = zones.offset(zone, local - DAY)?;
    let after = zones.offset(zone, local + DAY)?;
    let mut found: Option<Instant> = None;
    for off in [before, after] {
        let t = local - i64::from(off);
        if zones.offset(zone, t)? == off {
            found = Some(found.map_or(t, |f| f.min(t)));
        }
    }
    Ok(found.unwrap_or(local - i64::from(before)))
}

/// Parses an RFC 3339 timestamp (`Z` or a numeric offset, optional fraction, which is dropped).
pub fn parse_rfc3339_utc(s: &str) -> Option<Instant> {
    let s = s.trim();
    if s.len() < 20 || !s.is_char_boundary(10) || !s.is_char_boundary(19) {
        return None;
    }
    let date = Date::parse(&s[0..10])?;
    let b = s.as_bytes();
    if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, m, sec) = (
        digits(&s[11..13])?,
        digits(&s[14..16])?,
        digits(&s[17..19])?,
    );
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * i64::from(oh * 3600 + om * 60)
        }
        _ => return None,
    };
    let secs = i64::from(h * 3600 + m * 60 + sec.min(59));
    Some(local_seconds(date, secs) - offset)
}

/// Formats an instant as RFC 3339 in UTC, to the second.
pub fn format_rfc3339_utc(at: Instant) -> String {
    let date = Date::from_days(at.div_euclid(DAY));
    let s = at.rem_euclid(DAY);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        s / 3600,
        (s % 3600) / 60,
        s % 60
    )
}

/// Formats local seconds as `YYYY-MM-DD HH:MM`.
pub fn format_local(local: LocalSeconds) -> String {
    let date = Date::from_days(local.div_euclid(DAY));
    let s = local.rem_euclid(DAY);
    format!("{date} {:02}:{:02}", s / 3600, (s % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2026, 11, 24).unwrap().weekday(), Weekday::Tue);
        assert_eq!(Date::new(2000, 2, 29).unwrap().weekday(), Weekday::Tue);
        assert_eq!(Date::new(2026, 2, 29), None);
        assert_eq!(Date::parse("2026-12-25"), Date::new(2026, 12, 25));
        assert_eq!(Date::parse("2026-13-01"), None);
        assert_eq!(Date::parse("2026-1-01"), None);
    }

    #[test]
    fn clocks_and_weekdays() {
        assert_eq!("09:30".parse(), Ok(Clock(9 * 3600 + 1800)));
        assert_eq!("24:00".parse(), Ok(Clock::END_OF_DAY));
        for bad in ["24:01", "9:30", "09:60", "0930", "ab:cd", "+9:30", ""] {
            assert!(bad.parse::<Clock>().is_err(), "{bad}");
        }
        assert_eq!(Clock(17 * 3600 + 5 * 60).to_string(), "17:05");
        assert_eq!(Weekday::parse("Tue"), Some(Weekday::Tue));
        assert_eq!(Weekday::parse("tues"), None);
    }

    #[test]
    fn rfc3339() {
        let t = parse_rfc3339_utc("2026-03-29T01:30:00Z").unwrap();
        assert_eq!(format_rfc3339_utc(t), "2026-03-29T01:30:00Z");
        assert_eq!(parse_rfc3339_utc("2026-03-29T03:30:00.123+02:00"), Some(t));
        for bad in [
            "2026-03-29",
            "2026-03-29T25:00:00Z",
            "2026-03-29T01:30:00",
            "x",
        ] {
            assert_eq!(parse_rfc3339_utc(bad), None, "{bad}");
        }
    }

    /// A fake zone: UTC+1, UTC+2 from 2026-03-29T01:00Z to 2026-10-25T01:00Z (the EU rule for that year).
    struct FakeBerlin;
    impl Zones for FakeBerlin {
        fn offset(&self, _zone: &str, at: Instant) -> Result<i32, ZoneError> {
            let start = parse_rfc3339_utc("2026-03-29T01:00:00Z").unwrap();
            let end = parse_rfc3339_utc("2026-10-25T01:00:00Z").unwrap();
            Ok(if (start..end).contains(&at) {
                7200
            } else {
                3600
            })
        }
    }

    #[test]
    fn local_to_utc_in_gaps_and_overlaps() {
        let z = FakeBerlin;
        let d = |s| Date::parse(s).unwrap();
        // Ordinary winter and summer times.
        let t = from_local(&z, "x", local_seconds(d("2026-01-15"), 9 * 3600)).unwrap();
        assert_eq!(format_rfc3339_utc(t), "2026-01-15T08:00:00Z");
        let t = from_local(&z, "x", local_seconds(d("2026-07-15"), 9 * 3600)).unwrap();
        assert_eq!(format_rfc3339_utc(t), "2026-07-15T07:00:00Z");
        // 02:30 on 29 March never shows: read with the old offset, it is 03:30 CEST.
        let t = from_local(&z, "x", local_seconds(d("2026-03-29"), 2 * 3600 + 1800)).unwrap();
        assert_eq!(format_rfc3339_utc(t), "2026-03-29T01:30:00Z");
        // 02:30 on 25 October shows twice: the earlier one.
        let t = from_local(&z, "x", local_seconds(d("2026-10-25"), 2 * 3600 + 1800)).unwrap();
        assert_eq!(format_rfc3339_utc(t), "2026-10-25T00:30:00Z");
    }

    proptest! {
        #[test]
        fn days_round_trip(z in -1_000_000i64..1_000_000) {
            let d = Date::from_days(z);
            prop_assert_eq!(d.days(), z);
            prop_assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
        }

        #[test]
        fn rfc3339_round_trip(t in -2_000_000_000i64..10_000_000_000) {
            prop_assert_eq!(parse_rfc3339_utc(&format_rfc3339_utc(t)), Some(t));
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,40}") {
            let _ = parse_rfc3339_utc(&s);
            let _ = Date::parse(&s);
        }
    }
}
