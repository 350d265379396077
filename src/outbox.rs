//! The outbox: every ticket is written to `localStorage` before it is posted and removed only when a
//! receiver has acknowledged it, so a failed POST, a closed tab or a crash never loses what a person typed.

use triage_core::ticket::Ticket;

fn key(policy: &str) -> String {
    format!("severity-triage:outbox:{policy}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Tickets waiting to be acknowledged for this policy, oldest first.
pub fn pending(policy: &str) -> Vec<Ticket> {
    storage()
        .and_then(|s| s.get_item(&key(policy)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Keeps `ticket` (replacing an older copy with the same id). Errors say why it could not be kept.
pub fn keep(ticket: &Ticket) -> Result<(), String> {
    let mut all = pending(&ticket.policy);
    all.retain(|t| t.id != ticket.id);
    all.push(ticket.clone());
    save(&ticket.policy, &all)
}

/// Forgets the ticket with `id` once a receiver has acknowledged it.
pub fn forget(policy: &str, id: &str) -> Result<(), String> {
    let mut all = pending(policy);
    all.retain(|t| t.id != id);
    save(policy, &all)
}

fn save(policy: &str, all: &[Ticket]) -> Result<(), String> {
    let storage = storage().ok_or("this browser offers no local storage")?;
    let result = if all.is_empty() {
        storage.remove_item(&key(policy))
    } else {
        let json = serde_json::to_string(all).map_err(|e| e.to_string())?;
        storage.set_item(&key(policy), &json)
    };
    result.map_err(|_| "local storage refused the ticket (it may be full or disabled)".to_string())
}
