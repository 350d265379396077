//! Time-zone offsets from the browser's own Intl data, behind the core's `Zones` trait.
//!
//! Shipping a tz database in the wasm would cost 76–103 KB brotli; Intl already has current data for
//! every IANA zone. We format the instant in the zone and read the wall-clock fields back: the
//! difference from UTC is the offset. `new Intl.DateTimeFormat` throws a RangeError for an unknown
//! zone, which js-sys does not catch, so the constructor is bound here with `catch`.

use std::cell::RefCell;

use triage_core::time::{local_seconds, Date, Instant, ZoneError, Zones};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type Formatter;

    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &js_sys::Object) -> Result<Formatter, JsValue>;

    #[wasm_bindgen(method, js_name = formatToParts)]
    fn format_to_parts(this: &Formatter, date: &js_sys::Date) -> js_sys::Array;
}

/// Intl-backed zones; formatters are cached per zone because constructing one is the slow part. A page
/// uses a zone or two, so the cache is a short list: a `HashMap` linked a second hashbrown and SipHash
/// into the wasm for it.
#[derive(Default)]
pub struct IntlZones {
    formatters: RefCell<Vec<(String, Formatter)>>,
}

impl IntlZones {
    fn position(&self, zone: &str) -> Option<usize> {
        self.formatters.borrow().iter().position(|(z, _)| z == zone)
    }

    fn formatter(&self, zone: &str) -> Result<usize, ZoneError> {
        if let Some(i) = self.position(zone) {
            return Ok(i);
        }
        let options = js_sys::Object::new();
        let set = |k: &str, v: &str| js_sys::Reflect::set(&options, &k.into(), &v.into());
        let ok = [
            ("timeZone", zone),
            ("hourCycle", "h23"),
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "numeric"),
            ("minute", "numeric"),
            ("second", "numeric"),
            ("era", "short"),
        ]
        .iter()
        .all(|(k, v)| set(k, v).is_ok());
        let f =
            Formatter::new("en-US", &options).map_err(|_| ZoneError::Unknown(zone.to_string()))?;
        if !ok {
            return Err(ZoneError::Unknown(zone.to_string()));
        }
        let mut formatters = self.formatters.borrow_mut();
        formatters.push((zone.to_string(), f));
        Ok(formatters.len() - 1)
    }
}

impl Zones for IntlZones {
    fn offset(&self, zone: &str, at: Instant) -> Result<i32, ZoneError> {
        let i = self.formatter(zone)?;
        let formatters = self.formatters.borrow();
        let f = &formatters[i].1;
        let date = js_sys::Date::new(&JsValue::from_f64(at as f64 * 1000.0));
        let (mut y, mut mo, mut d, mut h, mut mi, mut s, mut bc) = (0i64, 0, 0, 0, 0, 0, false);
        for part in f.format_to_parts(&date).iter() {
            let get = |k: &str| {
                js_sys::Reflect::get(&part, &k.into())
                    .ok()
                    .and_then(|v| v.as_string())
            };
            let (Some(kind), Some(value)) = (get("type"), get("value")) else {
                continue;
            };
            let n: i64 = value.parse().unwrap_or(0);
            match kind.as_str() {
                "year" => y = n,
                "month" => mo = n,
                "day" => d = n,
                "hour" => h = n,
                "minute" => mi = n,
                "second" => s = n,
                "era" => bc = value.starts_with('B'),
                _ => {}
            }
        }
        if bc {
            y = 1 - y;
        }
        let date = Date::new(y as i32, mo as u8, d as u8)
            .ok_or_else(|| ZoneError::Unknown(zone.to_string()))?;
        let local = local_seconds(date, h * 3600 + mi * 60 + s);
        // Intl works in milliseconds; drop sub-second parts so offsets are whole seconds.
        Ok((local - at) as i32)
    }
}

thread_local! {
    static ZONES: IntlZones = IntlZones::default();
}

/// Runs `f` with this page's shared Intl zone source (formatters are cached across calls and widgets).
pub fn with_zones<R>(f: impl FnOnce(&IntlZones) -> R) -> R {
    ZONES.with(f)
}
