//! The outbox in `localStorage`: every ticket is written here before it is posted and removed only after a
//! 2xx, so a failed POST, a closed tab or a crash never loses what a person typed.
//!
//! One key per ticket (`severity-triage:outbox:<policy>:<id>`), so two tabs never overwrite each other's
//! tickets with a stale list; the format and decisions are in `triage_core::outbox`. An entry that cannot be
//! read is moved to `severity-triage:outbox-unreadable:…` — kept for the person to download, never deleted,
//! never in the way of the others. After a 2xx the sender leaves a short-lived receipt (`…:sent:…`) so the tab
//! that filed the ticket can show its reference even when another tab sent it.

use triage_core::json;
use triage_core::json::write::ToJson;
use triage_core::maps::SortedMap;

use triage_core::outbox::{decode, encode, Entry, Lease, Receipt};

const ROOT: &str = "severity-triage";
/// Receipts older than this are pruned.
const RECEIPT_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn entry_prefix(policy: &str) -> String {
    format!("{ROOT}:outbox:{policy}:")
}
/// The list the first widget kept (`severity-triage:outbox:<policy>`, a JSON array of tickets).
fn legacy_key(policy: &str) -> String {
    format!("{ROOT}:outbox:{policy}")
}
fn aside_prefix(policy: &str) -> String {
    format!("{ROOT}:outbox-unreadable:{policy}:")
}
fn receipt_prefix(policy: &str) -> String {
    format!("{ROOT}:sent:{policy}:")
}
pub fn nudge_key(policy: &str) -> String {
    format!("{ROOT}:outbox-nudge:{policy}")
}
/// `sender`: the policy id and the endpoint's URL (one sender per pair).
pub fn lease_key(sender: &str) -> String {
    format!("{ROOT}:outbox-lease:{sender}")
}

/// Whether a `storage` event key concerns this policy's outbox.
pub fn concerns(policy: &str, key: &str) -> bool {
    [
        entry_prefix(policy),
        receipt_prefix(policy),
        aside_prefix(policy),
    ]
    .iter()
    .any(|p| key.starts_with(p.as_str()))
        || key == nudge_key(policy)
}

/// What the outbox holds now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contents {
    pub entries: Vec<Entry>,
    /// Ticket id → the receiver's reference, for recently sent tickets.
    pub receipts: SortedMap<String, String>,
    /// Raw text of entries set aside because they could not be read.
    pub unreadable: Vec<String>,
}

fn keys(s: &web_sys::Storage) -> Vec<String> {
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
}

/// Reads every entry, setting aside the unreadable ones (each logged to the console with its reason).
pub fn read(policy: &str) -> Contents {
    let Some(s) = storage() else {
        return Contents::default();
    };
    upgrade_legacy(&s, policy);
    let (entry_p, aside_p, receipt_p) = (
        entry_prefix(policy),
        aside_prefix(policy),
        receipt_prefix(policy),
    );
    let now = js_sys::Date::now();
    let mut out = Contents::default();
    for key in keys(&s) {
        let Some(raw) = s.get_item(&key).ok().flatten() else {
            continue;
        };
        if let Some(id) = key.strip_prefix(&entry_p) {
            match decode(&raw) {
                Ok(e) if e.ticket.id == id => out.entries.push(e),
                Ok(_) => set_aside(
                    &s,
                    policy,
                    &key,
                    &raw,
                    "the key does not match the ticket id",
                ),
                Err(e) => set_aside(&s, policy, &key, &raw, &e.to_string()),
            }
        } else if key.starts_with(&aside_p) {
            out.unreadable.push(raw);
        } else if let Some(id) = key.strip_prefix(&receipt_p) {
            match Receipt::decode(&raw) {
                Some(r) if now - (r.at_ms as f64) < RECEIPT_TTL_MS => {
                    out.receipts.insert(id.to_string(), r.reference);
                }
                _ => {
                    let _ = s.remove_item(&key);
                }
            }
        }
    }
    out
}

fn set_aside(s: &web_sys::Storage, policy: &str, key: &str, raw: &str, why: &str) {
    let aside = format!(
        "{}{}",
        aside_prefix(policy),
        key.rsplit(':').next().unwrap_or("entry")
    );
    web_sys::console::warn_1(
        &format!("severity-triage: outbox entry {key} set aside as {aside}: {why}").into(),
    );
    // Only remove the original once the copy is safely written.
    if s.set_item(&aside, raw).is_ok() {
        let _ = s.remove_item(key);
    }
}

/// Moves the first widget's single list into one entry per ticket.
fn upgrade_legacy(s: &web_sys::Storage, policy: &str) {
    let key = legacy_key(policy);
    let Some(raw) = s.get_item(&key).ok().flatten() else {
        return;
    };
    let items = match json::parse(&raw) {
        Ok(json::Value::Array(items)) => items,
        Ok(_) => return set_aside(s, policy, &key, &raw, "expected a list of tickets"),
        Err(e) => return set_aside(s, policy, &key, &raw, &e.to_string()),
    };
    for item in items {
        let text = item.to_string();
        let id = item.get("id").and_then(|v| v.as_str()).unwrap_or("legacy");
        let entry_key = format!("{}{id}", entry_prefix(policy));
        if s.get_item(&entry_key).ok().flatten().is_none() && s.set_item(&entry_key, &text).is_err()
        {
            return;
        }
    }
    let _ = s.remove_item(&key);
}

/// Stores `entry` (replacing an older copy). Errors say why it could not be kept.
pub fn put(entry: &Entry) -> Result<(), String> {
    let s = storage().ok_or("this browser offers no local storage")?;
    let key = format!("{}{}", entry_prefix(&entry.ticket.policy), entry.ticket.id);
    s.set_item(&key, &encode(entry))
        .map_err(|_| "local storage refused the ticket (it may be full or disabled)".to_string())
}

/// One entry as stored now (another tab may have changed or removed it).
pub fn get(policy: &str, id: &str) -> Option<Entry> {
    let raw = storage()?
        .get_item(&format!("{}{id}", entry_prefix(policy)))
        .ok()??;
    decode(&raw).ok()
}

/// After a 2xx: the receipt first, then the entry goes. A crash in between only means one more
/// (idempotent) POST.
pub fn acknowledge(policy: &str, id: &str, reference: &str) {
    let Some(s) = storage() else { return };
    let receipt = Receipt {
        reference: reference.to_string(),
        at_ms: js_sys::Date::now() as i64,
    };
    let _ = s.set_item(
        &format!("{}{id}", receipt_prefix(policy)),
        &receipt.to_json(),
    );
    let _ = s.remove_item(&format!("{}{id}", entry_prefix(policy)));
}

/// Removes an entry the person replaced by an edited ticket.
pub fn remove(policy: &str, id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{}{id}", entry_prefix(policy)));
    }
}

/// Tells the sending tab (maybe another one) to try everything now.
pub fn nudge(policy: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(
            &nudge_key(policy),
            &(js_sys::Date::now() as i64).to_string(),
        );
    }
}

/// Takes or renews the storage lease for `me`, then reads it back: `true` if this tab is the sender.
/// (Two tabs racing can both write; the read-back after a pause settles it, and the receiver's idempotency
/// keys make a rare overlap harmless.)
pub async fn hold_lease(sender: &str, me: &str) -> bool {
    let Some(s) = storage() else { return true };
    let key = lease_key(sender);
    let read = || {
        s.get_item(&key)
            .ok()
            .flatten()
            .and_then(|raw| Lease::decode(&raw))
    };
    let now = js_sys::Date::now() as i64;
    if !Lease::may_take(read().as_ref(), me, now) {
        return false;
    }
    let lease = Lease {
        owner: me.to_string(),
        until_ms: now + Lease::TERM_MS,
    };
    let _ = s.set_item(&key, &lease.to_json());
    crate::alarm::sleep_ms(60).await;
    read().is_some_and(|l| l.owner == me)
}
