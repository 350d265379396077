//! Every error the receiver answers is an RFC 9457 problem document (`application/problem+json`), so the
//! widget — and any client — reads the same `title`/`detail` fields whatever went wrong, and never gets an
//! internal error message echoed back (those go to the log). [`layer`] holds every answer to that,
//! including the ones the framework writes itself (405 from the router, 404 or 416 from the file server).

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
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
pub const TYPE_BASE: &str = "tag:severity-triage,2026:";

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

/// Outermost middleware: an error answer that is not a problem document yet (written by axum's router or
/// tower-http's file server, with an empty body) becomes one, keeping its headers (`Allow`,
/// `Content-Range`, CORS), so no error reaches a client in another shape.
pub async fn layer(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let resp = next.run(req).await;
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return resp;
    }
    let (parts, _) = resp.into_parts();
    let problem = match status {
        StatusCode::NOT_FOUND => Problem::new(
            status,
            "not-found",
            "Not found",
            "nothing is served at this path",
        ),
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(
            status,
            "method-not-allowed",
            "Method not allowed",
            format!("{method} is not allowed here; the Allow header lists the methods that are"),
        ),
        StatusCode::RANGE_NOT_SATISFIABLE => Problem::new(
            status,
            "range-not-satisfiable",
            "Range not satisfiable",
            "the requested byte range is not within the file; Content-Range gives its size",
        ),
        _ => Problem::new(
            status,
            "http-error",
            status.canonical_reason().unwrap_or("Error"),
            format!("the request could not be answered ({})", status.as_u16()),
        ),
    };
    let mut out = problem.into_response();
    for (name, value) in &parts.headers {
        let body_header = [
            header::CONTENT_TYPE,
            header::CONTENT_LENGTH,
            header::TRANSFER_ENCODING,
            header::CONTENT_ENCODING,
        ]
        .contains(name);
        if !body_header && !out.headers().contains_key(name) {
            out.headers_mut().append(name.clone(), value.clone());
        }
    }
    out
}
