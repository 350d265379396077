//! Every error the receiver answers is an RFC 9457 problem document (`application/problem+json`), so the
//! widget — and any client — reads the same `title`/`detail` fields whatever went wrong, and never gets an
//! internal error message echoed back (those go to the log).

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// A problem to answer with. `kind` names the `type` URI's fragment, so clients can tell problems apart
/// without parsing prose.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub kind: &'static str,
    pub title: &'static str,
    pub detail: String,
    /// Seconds for `Retry-After`, for problems a client should retry later.
    pub retry_after: Option<u64>,
    /// Close the connection after answering (the rest of the request will not be read).
    pub close: bool,
}

/// `type` is a non-resolvable tag URI (RFC 9457 §3.1.1 allows this); README's "Receiver API" lists them.
const TYPE_BASE: &str = "tag:severity-triage,2026:";

impl Problem {
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Problem {
            status,
            kind,
            title,
            detail: detail.into(),
            retry_after: None,
            close: false,
        }
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn close(mut self) -> Self {
        self.close = true;
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = json!({
            "type": format!("{TYPE_BASE}{}", self.kind),
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        let mut resp = (self.status, body.to_string()).into_response();
        let headers = resp.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.close {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        resp
    }
}
