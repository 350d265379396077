//! One POST of a ticket to the integrator's endpoint, and what the browser let us see of how it went.
//! Naming the failure and deciding what to do next is `triage_core::delivery`; this file only does the I/O.

use std::time::Duration;

use gloo_net::http::Request;
use triage_core::delivery::{classify, endpoint_message, Failure, Observation};
use triage_core::json;
use triage_core::json::write::ToJson;
use triage_core::ticket::Ticket;
use wasm_bindgen::JsCast;

/// Where and how to post, resolved from the policy and the host page's overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
    /// JSON pointer to the ticket reference in the receiver's reply, e.g. `/reference`.
    pub reference_pointer: String,
}

/// Posts `ticket` (`Idempotency-Key` = its id) and returns the receiver's reference for it (or the ticket
/// id if the reply has none).
pub async fn post(endpoint: &Endpoint, ticket: &Ticket) -> Result<String, Failure> {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let fail = |o: Observation| classify(&o, now).unwrap_or(Failure::Server { status: 0 });
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let timer = controller.clone().and_then(|c| {
        leptos::prelude::set_timeout_with_handle(move || c.abort(), endpoint.timeout).ok()
    });
    let mut builder = Request::post(&endpoint.url).abort_signal(signal.as_ref());
    for (name, value) in &endpoint.headers {
        builder = builder.header(name, value);
    }
    let body = ticket.to_json();
    let request = builder
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", &ticket.id)
        .body(body);
    let response = match request {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    let response = match response {
        Ok(r) => r,
        Err(_) if signal.as_ref().is_some_and(|s| s.aborted()) => {
            return Err(fail(Observation::TimedOut {
                seconds: endpoint.timeout.as_secs(),
            }))
        }
        Err(_) => {
            if let Some(t) = timer {
                t.clear();
            }
            return Err(fail(network_error(&endpoint.url).await));
        }
    };
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    // The body may still be streaming: the timeout covers it too.
    let text = response.text().await;
    if let Some(t) = timer {
        t.clear();
    }
    let text = match text {
        Ok(t) => t,
        Err(_) if signal.as_ref().is_some_and(|s| s.aborted()) => {
            return Err(fail(Observation::TimedOut {
                seconds: endpoint.timeout.as_secs(),
            }))
        }
        Err(_) if (200..300).contains(&status) => String::new(),
        Err(_) => return Err(fail(network_error(&endpoint.url).await)),
    };
    if !(200..300).contains(&status) {
        return Err(fail(Observation::Answered {
            status,
            retry_after,
            message: endpoint_message(&text),
        }));
    }
    let reference = json::parse(&text).ok().and_then(|j| {
        j.pointer(&endpoint.reference_pointer)
            .and_then(|v| match v {
                json::Value::String(s) => Some(s.clone()),
                json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
    });
    Ok(reference.unwrap_or_else(|| ticket.id.clone()))
}

/// What can be learnt after a fetch `TypeError`: the online flag, whether the endpoint's origin is ours,
/// and whether a `no-cors` GET of the endpoint gets any answer at all (an opaque one is enough: the server
/// is up). See `triage_core::delivery` for how that is read.
async fn network_error(url: &str) -> Observation {
    let window = web_sys::window();
    let online = window.as_ref().is_none_or(|w| w.navigator().on_line());
    let here = window.as_ref().and_then(|w| w.location().href().ok());
    let target = here
        .as_deref()
        .and_then(|base| web_sys::Url::new_with_base(url, base).ok());
    let same_origin = match (
        &target,
        window.as_ref().and_then(|w| w.location().origin().ok()),
    ) {
        (Some(t), Some(o)) => t.origin() == o,
        _ => false,
    };
    if !online {
        return Observation::NetworkError {
            online,
            probe_answered: None,
            same_origin,
        };
    }
    let probe_answered = match (&window, &target) {
        (Some(w), Some(t)) => Some(probe(w, &t.href()).await),
        _ => None,
    };
    Observation::NetworkError {
        online,
        probe_answered,
        same_origin,
    }
}

async fn probe(window: &web_sys::Window, url: &str) -> bool {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_cache(web_sys::RequestCache::NoStore);
    let Ok(controller) = web_sys::AbortController::new() else {
        return false;
    };
    init.set_signal(Some(&controller.signal()));
    let abort = leptos::prelude::set_timeout_with_handle(
        move || controller.abort(),
        Duration::from_secs(3),
    )
    .ok();
    let promise = window.fetch_with_str_and_init(url, &init);
    let answered = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .is_ok_and(|r| r.is_instance_of::<web_sys::Response>());
    if let Some(a) = abort {
        a.clear();
    }
    answered
}
