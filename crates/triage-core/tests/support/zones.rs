//! The system tz database through jiff, for tests that need real zones. The library itself stays
//! I/O-free; the CLI has its own `SystemZones` (crates/triage-cli/src/zones.rs).

use triage_core::time::{Instant, ZoneError, Zones};

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemZones;

impl Zones for SystemZones {
    fn offset(&self, zone: &str, at: Instant) -> Result<i32, ZoneError> {
        let tz = jiff::tz::TimeZone::get(zone).map_err(|_| ZoneError::Unknown(zone.to_string()))?;
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
