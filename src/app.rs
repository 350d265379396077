//! The widget's components. Thin: they render core types and hand events to `submit`/`outbox`.

use std::time::Duration;

use leptos::prelude::*;
use triage_core::policy::Policy;
use triage_core::sla::{commitments, Due};
use triage_core::ticket::{ChosenLevel, Ticket, FORMAT};

use crate::{outbox, submit, zones::IntlZones, Config};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("could not load the support policy from {url}: {detail}")]
    Fetch { url: String, detail: String },
    #[error("the support policy at {url} is not valid: {detail}")]
    Invalid { url: String, detail: String },
}

async fn load_policy(url: String) -> Result<Policy, LoadError> {
    let fetch = |detail: String| LoadError::Fetch {
        url: url.clone(),
        detail,
    };
    let resp = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| fetch(e.to_string()))?;
    if !resp.ok() {
        return Err(fetch(format!("HTTP {}", resp.status())));
    }
    let text = resp.text().await.map_err(|e| fetch(e.to_string()))?;
    triage_core::policy::load(&text, &IntlZones::default()).map_err(|errors| LoadError::Invalid {
        url: url.clone(),
        detail: errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    })
}

#[component]
pub fn Widget(config: Config) -> impl IntoView {
    let open = RwSignal::new(false);
    let url = config.policy_url.clone();
    let policy = LocalResource::new(move || load_policy(url.clone()));
    let panel_id = "severity-triage-panel";
    view! {
        <div class="st-widget">
            <button
                type="button"
                class="st-launcher"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel_id
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Get help"
            </button>
            <Show when=move || open.get()>
                <section id=panel_id class="st-panel" aria-label="Get help">
                    {
                        let config = config.clone();
                        move || match policy.get() {
                            None => view! { <p role="status">"Loading the support policy…"</p> }.into_any(),
                            Some(Err(e)) => view! { <p role="alert" class="st-error">{e.to_string()}</p> }.into_any(),
                            Some(Ok(p)) => view! { <TicketForm policy=p config=config.clone() /> }.into_any(),
                        }
                    }
                </section>
            </Show>
        </div>
    }
}

#[component]
fn TicketForm(policy: Policy, config: Config) -> impl IntoView {
    let level = RwSignal::new(
        policy
            .levels
            .last()
            .map(|l| l.id.clone())
            .unwrap_or_default(),
    );
    let summary = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let failed = RwSignal::new(false);
    let pending = RwSignal::new(outbox::pending(&policy.id).len());
    let endpoint = submit::Endpoint {
        url: config
            .endpoint
            .clone()
            .unwrap_or_else(|| policy.endpoint.url.clone()),
        headers: policy.endpoint.headers.clone(),
        timeout: Duration::from_secs(u64::from(policy.endpoint.timeout_seconds)),
        reference_pointer: policy.endpoint.reference_pointer.clone(),
    };
    let response_policy = policy.clone();
    let response_time = move || {
        let p = &response_policy;
        let ix = level.with(|id| p.level_ix(id))?;
        let now = (js_sys::Date::now() / 1000.0).floor() as i64;
        let (first, _) = commitments(p, p.default_plan, ix, now, &IntlZones::default()).ok()?;
        let coverage = first.coverage.map(|c| format!(", {c}")).unwrap_or_default();
        Some(match first.due {
            Due::At(t) => {
                let local = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
                let when = String::from(local.to_locale_string("default", &js_sys::Object::new()));
                format!(
                    "First response within {}{coverage} — by {when} your time",
                    first.target
                )
            }
            Due::Indicative(t) => {
                let local = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
                let when = String::from(local.to_locale_string("default", &js_sys::Object::new()));
                format!(
                    "First response: best effort, aiming for {}{coverage} — around {when} your time (not promised)",
                    first.target.trim_end_matches(", best effort")
                )
            }
            Due::BestEffort => format!("First response: best effort{coverage}"),
            Due::NoSla => format!("First response: no SLA{coverage}"),
            Due::Elsewhere(text) => format!("First response: {text}"),
        })
    };
    let policy_id = policy.id.clone();
    let send = Action::new_local(move |ticket: &Ticket| {
        let ticket = ticket.clone();
        let endpoint = endpoint.clone();
        async move {
            let kept = outbox::keep(&ticket);
            let result = submit::post(&endpoint, &ticket).await;
            if result.is_ok() {
                let _ = outbox::forget(&ticket.policy, &ticket.id);
            }
            (result, kept)
        }
    });
    Effect::new(move |_| {
        if let Some((result, kept)) = send.value().get() {
            match result {
                Ok(reference) => {
                    failed.set(false);
                    status.set(format!("Ticket filed. Your reference is {reference}."));
                }
                Err(e) => {
                    failed.set(true);
                    let kept = match kept {
                        Ok(()) => "Your ticket is saved in this browser; you can retry.".to_string(),
                        Err(why) => format!("Your ticket could not be saved either ({why}); copy it before leaving."),
                    };
                    status.set(format!("Not sent: {e}. {kept}"));
                }
            }
            pending.set(outbox::pending(&policy_id).len());
        }
    });
    let levels = std::sync::Arc::new(policy.levels.clone());
    let name_levels = levels.clone();
    let chosen_name = move || {
        let id = level.get();
        name_levels
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.name.clone())
            .unwrap_or_default()
    };
    let level_name = move |id: &str| -> String {
        levels
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.name.clone())
            .unwrap_or_default()
    };
    let policy_id = policy.id.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if summary.with(|s| s.trim().is_empty()) {
            status.set("Please describe the problem first.".into());
            return;
        }
        let id = level.get();
        let ticket = Ticket {
            format: FORMAT.into(),
            id: new_ticket_id(),
            policy: policy_id.clone(),
            submitted_at: triage_core::time::format_rfc3339_utc(
                (js_sys::Date::now() / 1000.0).floor() as i64,
            ),
            request_type: None,
            plan: None,
            level: ChosenLevel {
                name: level_name(&id),
                id,
                suggested: None,
                reasons: vec![],
            },
            answers: Default::default(),
            summary: summary.get(),
            details: Default::default(),
            context: Default::default(),
            first_response_due: None,
        };
        status.set("Sending…".into());
        send.dispatch(ticket);
    };
    let retry_policy = policy.id.clone();
    let retry = move |_| {
        for ticket in outbox::pending(&retry_policy) {
            status.set("Sending…".into());
            send.dispatch(ticket);
        }
    };
    view! {
        <form class="st-form" on:submit=on_submit novalidate>
            <h2 class="st-title">{format!("Get help from {}", policy.vendor)}</h2>
            <fieldset class="st-levels">
                <legend>"Severity"</legend>
                {policy
                    .levels
                    .iter()
                    .map(|l| {
                        let id = l.id.clone();
                        let checked_id = id.clone();
                        view! {
                            <label class="st-level">
                                <input
                                    type="radio"
                                    name="st-level"
                                    value=id.clone()
                                    prop:checked=move || level.get() == checked_id
                                    on:change=move |_| level.set(id.clone())
                                />
                                <span class="st-level-name">{l.name.clone()}</span>
                                <span class="st-level-def">{l.definition.clone()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="st-chosen" aria-live="polite">
                {move || format!("Filing as {}", chosen_name())}
            </p>
            <p class="st-target">{response_time}</p>
            <label class="st-field">
                <span>"What went wrong?"</span>
                <textarea
                    rows="4"
                    prop:value=move || summary.get()
                    on:input=move |ev| summary.set(event_target_value(&ev))
                ></textarea>
            </label>
            <button type="submit" disabled=move || send.pending().get()>"Send ticket"</button>
            <Show when=move || { failed.get() && (pending.get() > 0) }>
                <button type="button" on:click=retry.clone()>"Retry sending"</button>
            </Show>
            <p role="status" class="st-status">{move || status.get()}</p>
        </form>
    }
}

/// A random idempotency key; `Math.random` is enough (it only has to be unique per browser outbox).
fn new_ticket_id() -> String {
    let mut id = String::from("t-");
    for _ in 0..3 {
        let n = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        id.push_str(&format!("{n:08x}"));
    }
    id
}
