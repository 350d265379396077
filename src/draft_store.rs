//! Keeps the draft in `localStorage` per policy id, so a reload or a closed dialog loses nothing. The
//! encoding and every check live in the core (`flow::encode`/`decode`); this is only the storage call.
//! A draft that cannot be restored is discarded with a console warning, never a crash.

use triage_core::flow::{decode, encode, Draft};
use triage_core::policy::{PlanIx, Policy};

fn key(policy: &str) -> String {
    format!("severity-triage:draft:{policy}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved draft for `policy`, or a fresh one.
pub fn load(policy: &Policy, host_plan: Option<PlanIx>) -> Draft {
    let saved = storage().and_then(|s| s.get_item(&key(&policy.id)).ok().flatten());
    match saved.map(|json| decode(policy, &json, host_plan)) {
        Some(Ok(draft)) => draft,
        Some(Err(why)) => {
            web_sys::console::warn_1(
                &format!("severity-triage: discarding the saved draft: {why}").into(),
            );
            clear(&policy.id);
            Draft::new(policy, host_plan)
        }
        None => Draft::new(policy, host_plan),
    }
}

pub fn save(policy: &Policy, draft: &Draft) {
    if let Some(s) = storage() {
        // Storage may be full or disabled; the draft then lives only as long as the page.
        let _ = s.set_item(&key(&policy.id), &encode(policy, draft));
    }
}

pub fn clear(policy: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(policy));
    }
}
