//! What the person sees of delivery: the state of the ticket just filed, every ticket still waiting in this
//! browser with "Retry now", and the fallbacks that always work — copy as text, download as JSON, email
//! to the policy's fallback contact. The words and the decisions come from the core; this file renders.

use std::sync::Arc;

use leptos::prelude::*;
use triage_core::json::write::ToJson;
use triage_core::outbox::{mailto, ticket_text};
use triage_core::policy::{Policy, UiString};
use triage_core::ticket::Ticket;
use wasm_bindgen::{JsCast, JsValue};

use crate::delivery::{Handle, State};

/// The status line for a ticket's state (empty when sent: the confirmation says it).
pub fn status_text(p: &Policy, state: &State) -> String {
    match state {
        State::Sending => p.string(UiString::Sending),
        State::Sent { .. } => String::new(),
        State::Waiting(e) => {
            let reason = e
                .last
                .as_ref()
                .map(|l| l.failure().message(p))
                .unwrap_or_default();
            let key = if e.held {
                UiString::Held
            } else {
                UiString::Queued
            };
            p.text(key, &[("reason", &reason)])
        }
        State::NotKept { entry, why } => {
            let reason = entry
                .last
                .as_ref()
                .map(|l| l.failure().message(p))
                .unwrap_or_else(|| p.string(UiString::Sending));
            p.text(UiString::NotKept, &[("error", &reason), ("why", why)])
        }
    }
}

/// Copy / Download / Email for one ticket; once it is `sent`, Copy and Download only.
#[component]
pub fn Fallbacks(
    policy: Arc<Policy>,
    ticket: Ticket,
    #[prop(optional)] sent: bool,
) -> impl IntoView {
    let p = policy;
    let text = ticket_text(&p, &ticket);
    let copied = RwSignal::new(None::<bool>);
    let copy = {
        let text = text.clone();
        move |_| {
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(copy_text(&text).await));
            });
        }
    };
    let download = {
        let ticket = ticket.clone();
        move |_| download_json(&format!("ticket-{}.json", ticket.id), &ticket_json(&ticket))
    };
    let email = (!sent).then(|| mailto(&p, &ticket)).flatten().map(|href| {
        let address = triage_core::outbox::email_address(&p.fallback_contact).unwrap_or_default();
        view! { <a class="st-secondary st-email" href=href>{p.text(UiString::EmailTicket, &[("address", &address)])}</a> }
    });
    let feedback = {
        let p = p.clone();
        move || match copied.get() {
            Some(true) => {
                Some(view! { <span role="status">{p.string(UiString::Copied)}</span> }.into_any())
            }
            Some(false) => Some(
                view! {
                    <span role="status">{p.string(UiString::CopyFailed)}</span>
                    <textarea class="st-copy-text" readonly rows="6">{text.clone()}</textarea>
                }
                .into_any(),
            ),
            None => None,
        }
    };
    view! {
        <div class="st-fallbacks">
            <button type="button" class="st-secondary" on:click=copy>{p.string(UiString::CopyTicket)}</button>
            <button type="button" class="st-secondary" on:click=download>{p.string(UiString::DownloadTicket)}</button>
            {email}
            {feedback}
        </div>
    }
}

/// Every ticket still waiting in this browser for this policy (except `except`, shown by the panel), and
/// the entries set aside as unreadable.
#[component]
pub fn OutboxView(
    policy: Arc<Policy>,
    handle: Handle,
    #[prop(into)] except: Signal<Option<String>>,
) -> impl IntoView {
    let p = policy;
    let contents = handle.contents.clone();
    let waiting = move || {
        let skip = except.get();
        contents.with(|c| {
            c.entries
                .iter()
                .filter(|e| Some(&e.ticket.id) != skip.as_ref())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let list = {
        let p = p.clone();
        let waiting = waiting.clone();
        move || {
            waiting()
                .into_iter()
                .map(|e| {
                    let state = if e.last.is_some() {
                        State::Waiting(e.clone())
                    } else {
                        State::Sending
                    };
                    view! {
                        <li class="st-outbox-entry">
                            <span class="st-outbox-summary">{format!("{} — {}", e.ticket.level.name, e.ticket.summary)}</span>
                            <span class="st-outbox-status">{status_text(&p, &state)}</span>
                            <Fallbacks policy=p.clone() ticket=e.ticket.clone() />
                        </li>
                    }
                })
                .collect_view()
        }
    };
    let heading = {
        let p = p.clone();
        let waiting = waiting.clone();
        move || {
            p.text(
                UiString::OutboxHeading,
                &[("count", &waiting().len().to_string())],
            )
        }
    };
    let retry = handle.clone();
    let unreadable = handle.contents.clone();
    let aside = {
        let p = p.clone();
        move || {
            let raw = unreadable.with(|c| c.unreadable.clone());
            (!raw.is_empty()).then(|| {
                let count = raw.len().to_string();
                let mut body = String::from("[");
                for (i, r) in raw.iter().enumerate() {
                    if i > 0 {
                        body.push(',');
                    }
                    let _ = triage_core::json::write_str(&mut body, r);
                }
                body.push(']');
                view! {
                    <p class="st-outbox-aside" role="status">
                        {p.text(UiString::SetAside, &[("count", &count)])}
                        " "
                        <button type="button" class="st-secondary" on:click=move |_| download_json("unreadable-tickets.json", &body)>
                            {p.string(UiString::DownloadSetAside)}
                        </button>
                    </p>
                }
            })
        }
    };
    let retry_label = p.string(UiString::RetryNow);
    view! {
        {move || {
            let retry = retry.clone();
            (!waiting().is_empty()).then(|| view! {
                <section class="st-outbox">
                    <h4 class="st-outbox-heading">{heading.clone()}</h4>
                    <button type="button" class="st-secondary" on:click=move |_| retry.retry_now()>{retry_label.clone()}</button>
                    <ul class="st-outbox-list">{list.clone()}</ul>
                </section>
            })
        }}
        {aside}
    }
}

/// The ticket as indented JSON, for a person to open. Indented by the browser's `JSON.stringify`: a pretty
/// printer in the wasm would be a second ticket writer.
fn ticket_json(ticket: &Ticket) -> String {
    let compact = ticket.to_json();
    js_sys::JSON::parse(&compact)
        .and_then(|v| {
            js_sys::JSON::stringify_with_replacer_and_space(&v, &JsValue::NULL, &2.into())
        })
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or(compact)
}

/// `navigator.clipboard.writeText`, looked up at run time (absent on insecure origins).
async fn copy_text(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok();
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &"writeText".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    let (Some(clipboard), Some(write)) = (clipboard, write) else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(promise) => match promise.dyn_into::<js_sys::Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// Saves `json` as a file through a temporary object URL and a download link.
fn download_json(name: &str, json: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&json.into());
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoked later: some browsers start reading the URL only after the click handler returns.
    let _ = leptos::prelude::set_timeout_with_handle(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
}
