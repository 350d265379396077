//! The core's own local↔UTC arithmetic (`time::from_local`, `to_local`), which the widget runs over the
//! browser's offsets, against jiff's over every offset change from 1970 to 2040 in every zone the system
//! has. Bounded: about five local times per transition, a few seconds in a debug build.

use std::collections::HashMap;
use std::sync::Mutex;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use triage_core::time::{format_local, from_local, to_local, Instant, ZoneError, Zones};

/// jiff's zones, looked up once each (the lookup, not the offset, is the slow part).
#[derive(Default)]
struct Cached(Mutex<HashMap<String, TimeZone>>);

impl Cached {
    fn get(&self, zone: &str) -> Result<TimeZone, ZoneError> {
        let mut map = self.0.lock().unwrap();
        if let Some(tz) = map.get(zone) {
            return Ok(tz.clone());
        }
        let tz = TimeZone::get(zone).map_err(|_| ZoneError::Unknown(zone.into()))?;
        map.insert(zone.to_string(), tz.clone());
        Ok(tz)
    }
}

impl Zones for Cached {
    fn offset(&self, zone: &str, at: Instant) -> Result<i32, ZoneError> {
        let ts = Timestamp::from_second(at).map_err(|_| ZoneError::Unknown(zone.into()))?;
        Ok(self.get(zone)?.to_offset(ts).seconds())
    }
}

/// jiff's reading of a local time: "compatible" disambiguation, i.e. a skipped time is read with the
/// offset before the change and a repeated one is the earlier instant, which is what the core documents.
fn jiff_from_local(tz: &TimeZone, local: i64) -> i64 {
    let civil = Timestamp::from_second(local)
        .unwrap()
        .to_zoned(TimeZone::UTC)
        .datetime();
    tz.to_ambiguous_timestamp(civil)
        .compatible()
        .unwrap()
        .as_second()
}

#[test]
fn local_time_arithmetic_matches_jiff_at_every_transition_1970_to_2040() {
    let zones = Cached::default();
    let start = Timestamp::from_second(0).unwrap();
    let end = Timestamp::from_second(2_208_988_800).unwrap(); // 2040-01-01
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .collect();
    assert!(
        names.len() > 300,
        "only {} zones on this system",
        names.len()
    );
    let (mut checked, mut transitions, mut mismatches) = (0usize, 0usize, Vec::new());
    for name in &names {
        let tz = zones.get(name).unwrap();
        for t in tz.following(start).take_while(|t| t.timestamp() < end) {
            transitions += 1;
            let at = t.timestamp().as_second();
            let (old, new) = (
                i64::from(
                    tz.to_offset(Timestamp::from_second(at - 1).unwrap())
                        .seconds(),
                ),
                i64::from(t.offset().seconds()),
            );
            // The old wall clock at the change, the new one, the middle of the gap or overlap, and half
            // an hour either side.
            let (a, b) = (at + old, at + new);
            for local in [a.min(b) - 1800, a, (a + b) / 2, b, a.max(b) + 1800] {
                checked += 1;
                let ours = from_local(&zones, name, local).unwrap();
                let theirs = jiff_from_local(&tz, local);
                if ours != theirs {
                    mismatches.push(format!(
                        "{name} {}: ours {ours}, jiff {theirs}",
                        format_local(local)
                    ));
                }
                let back = to_local(&zones, name, theirs).unwrap();
                let jiff_back = theirs
                    + i64::from(
                        tz.to_offset(Timestamp::from_second(theirs).unwrap())
                            .seconds(),
                    );
                assert_eq!(back, jiff_back, "{name} at {theirs}");
            }
        }
    }
    assert!(transitions > 10_000, "only {transitions} transitions");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} local times differ, e.g. {:#?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(10)]
    );
    eprintln!(
        "{checked} local times at {transitions} transitions in {} zones agree",
        names.len()
    );
}
