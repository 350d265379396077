//! The two small records the outbox keeps beside its entries: the receipt of an accepted ticket and the
//! storage lease that lets one tab send where Web Locks are missing. Read by hand like the entries.

use serde::{Deserialize, Serialize};

/// What the widget keeps of a ticket the endpoint accepted: the reference it gave, and when (to show
/// "Ticket filed" after a reload and to prune old receipts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub reference: String,
    /// Unix milliseconds, whole (`Date.now()` is).
    pub at_ms: i64,
}

impl Receipt {
    /// A stored receipt, or `None` for anything else.
    pub fn decode(raw: &str) -> Option<Receipt> {
        let v = crate::json::parse(raw).ok()?;
        let at = v.get("at_ms")?;
        Some(Receipt {
            reference: v.get("reference")?.as_str()?.to_string(),
            // Widgets before this one wrote the time as a float (`1765000000000.0`).
            at_ms: at
                .as_i64()
                .or_else(|| at.to_string().strip_suffix(".0")?.parse().ok())?,
        })
    }
}

/// The storage lease used where Web Locks are missing: one tab owns sending until `until_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub owner: String,
    pub until_ms: i64,
}

impl Lease {
    pub const TERM_MS: i64 = 4_000;

    /// A stored lease, or `None` for anything else (then nobody holds it). Read by hand like the entries.
    pub fn decode(raw: &str) -> Option<Lease> {
        let v = crate::json::parse(raw).ok()?;
        Some(Lease {
            owner: v.get("owner")?.as_str()?.to_string(),
            until_ms: v.get("until_ms")?.as_i64()?,
        })
    }

    /// Whether `me` may take (or renew) the lease now.
    pub fn may_take(current: Option<&Lease>, me: &str, now_ms: i64) -> bool {
        current.is_none_or(|l| l.owner == me || l.until_ms <= now_ms)
    }
}
