//! Time-zone offsets and names from the system tz database (via jiff), behind the core's `Zones` trait.
//!
//! This is the only place the native side reads zone data; the core stays I/O-free and the widget asks
//! the browser's Intl instead.

use triage_core::time::{Instant, ZoneError, Zones};

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemZones;

impl Zones for SystemZones {
    fn offset(&self, zone: &str, at: Instant) -> Result<i32, ZoneError> {
        let tz = jiff::tz::TimeZone::get(zone).map_err(|_| ZoneError::Unknown(zone.to_string()))?;
        // jiff's timestamps span years -9999..=9999; deadlines never come near either end.
        let ts = jiff::Timestamp::from_second(at.clamp(-377_705_116_800, 253_402_207_200))
            .map_err(|_| ZoneError::Unknown(zone.to_string()))?;
        Ok(tz.to_offset(ts).seconds())
    }

    fn names(&self) -> Vec<String> {
        jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_string())
            .collect()
    }
}
