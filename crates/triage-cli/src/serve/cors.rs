//! CORS for the ticket endpoint: only configured origins may POST from a browser, and nothing is ever
//! granted for reading. The widget on an integrator's page posts JSON with an `Idempotency-Key` and
//! whatever headers the policy adds, so a preflight from an allowed origin gets its requested headers
//! mirrored back; any other origin gets no CORS headers at all, so the browser keeps the answer from it.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::problem::Problem;

/// The origins allowed to POST tickets from a browser (`--allow-origin`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedOrigins {
    any: bool,
    origins: Vec<String>,
}

impl AllowedOrigins {
    /// Each value is `*` or an origin like `https://shop.example` (scheme, host, optional port; no path).
    pub fn parse(values: &[String]) -> Result<AllowedOrigins, String> {
        let mut allowed = AllowedOrigins::default();
        for value in values {
            let v = value.trim().trim_end_matches('/');
            if v == "*" {
                allowed.any = true;
                continue;
            }
            let rest = v
                .strip_prefix("https://")
                .or_else(|| v.strip_prefix("http://"))
                .ok_or_else(|| {
                    format!(
                        "--allow-origin {value:?} must start with http:// or https:// (or be *)"
                    )
                })?;
            if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
                return Err(format!(
                    "--allow-origin {value:?} must be an origin like https://shop.example:8443, without a path"
                ));
            }
            allowed.origins.push(v.to_ascii_lowercase());
        }
        Ok(allowed)
    }

    fn allows(&self, origin: &HeaderValue) -> bool {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        self.any || self.origins.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }
}

const VARY: &str = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

/// Middleware on `/api/tickets`: answers preflights itself and marks POST answers for allowed origins.
pub async fn layer(
    State(allowed): State<Arc<AllowedOrigins>>,
    req: Request,
    next: Next,
) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .filter(|o| allowed.allows(o))
        .cloned();
    if req.method() == Method::OPTIONS {
        return preflight(origin, req.headers());
    }
    let is_post = req.method() == Method::POST;
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    if let (Some(origin), true) = (origin, is_post) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        // Not safelisted, and the widget needs it to back off as told.
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        );
    }
    resp
}

fn preflight(origin: Option<HeaderValue>, request: &HeaderMap) -> Response {
    let wants_post = request
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .is_some_and(|m| m == "POST");
    let Some(origin) = origin.filter(|_| wants_post) else {
        let mut resp = Problem::new(
            StatusCode::FORBIDDEN,
            "cors-refused",
            "Cross-origin request refused",
            "this receiver lets browsers on other origins POST tickets only when started with \
             --allow-origin for that origin, and never lets them read tickets",
        )
        .into_response();
        resp.headers_mut()
            .insert(header::VARY, HeaderValue::from_static(VARY));
        return resp;
    };
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let headers = resp.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    if let Some(asked) = request.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_when_configured() {
        let a = AllowedOrigins::parse(&[
            "https://shop.example/".into(),
            "http://127.0.0.1:8080".into(),
        ])
        .unwrap();
        assert!(a.allows(&HeaderValue::from_static("https://shop.example")));
        assert!(a.allows(&HeaderValue::from_static("http://127.0.0.1:8080")));
        assert!(!a.allows(&HeaderValue::from_static("https://evil.example")));
        assert!(
            !AllowedOrigins::default().allows(&HeaderValue::from_static("https://shop.example"))
        );
        let any = AllowedOrigins::parse(&["*".into()]).unwrap();
        assert!(any.allows(&HeaderValue::from_static("https://anyone.example")));
        assert!(AllowedOrigins::parse(&["shop.example".into()]).is_err());
        assert!(AllowedOrigins::parse(&["https://shop.example/path".into()]).is_err());
    }
}
