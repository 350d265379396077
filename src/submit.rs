//! Posting a ticket to the integrator's endpoint, with a timeout, and turning every way it can fail into
//! a sentence the person can act on. The ticket itself is never dropped here: see `outbox`.

use std::time::Duration;

use gloo_net::http::Request;
use triage_core::ticket::Ticket;

/// Where and how to post, resolved from the policy and the host page's overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
    /// JSON pointer to the ticket reference in the receiver's reply, e.g. `/reference`.
    pub reference_pointer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    #[error("could not reach {url}: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("{url} did not answer within {seconds} s")]
    Timeout { url: String, seconds: u64 },
    #[error("{url} refused the ticket ({status}): {message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
}

/// Posts `ticket` and returns the receiver's reference for it (or the ticket id if the reply has none).
pub async fn post(endpoint: &Endpoint, ticket: &Ticket) -> Result<String, SubmitError> {
    let url = endpoint.url.clone();
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let timer = controller.clone().map(|c| {
        leptos::prelude::set_timeout_with_handle(move || c.abort(), endpoint.timeout).ok()
    });
    let mut builder = Request::post(&url).abort_signal(signal.as_ref());
    for (name, value) in &endpoint.headers {
        builder = builder.header(name, value);
    }
    let unreachable = |e: gloo_net::Error| SubmitError::Unreachable {
        url: url.clone(),
        detail: e.to_string(),
    };
    let request = builder.json(ticket).map_err(unreachable)?;
    let response = request.send().await;
    if let Some(Some(handle)) = timer {
        handle.clear();
    }
    let response = match response {
        Ok(r) => r,
        Err(_) if signal.as_ref().is_some_and(|s| s.aborted()) => {
            return Err(SubmitError::Timeout {
                url,
                seconds: endpoint.timeout.as_secs(),
            })
        }
        Err(e) => return Err(unreachable(e)),
    };
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let json: Option<serde_json::Value> = serde_json::from_str(&text).ok();
    if !(200..300).contains(&status) {
        let message = json
            .as_ref()
            .and_then(|j| j.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .unwrap_or_else(|| first_line(&text, response.status_text()));
        return Err(SubmitError::Refused {
            url,
            status,
            message,
        });
    }
    let reference = json
        .as_ref()
        .and_then(|j| j.pointer(&endpoint.reference_pointer))
        .and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    Ok(reference.unwrap_or_else(|| ticket.id.clone()))
}

fn first_line(text: &str, fallback: String) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.is_empty() {
        fallback
    } else {
        line.chars().take(200).collect()
    }
}
