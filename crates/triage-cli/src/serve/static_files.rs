//! The built widget and example pages as static files, with the two headers embedding needs:
//! `Access-Control-Allow-Origin: *` on the widget's assets (.js, .wasm, .css, .json, .ts), because the
//! loader can be included from another origin and imports its modules, wasm and stylesheet with CORS;
//! and a page's own Content-Security-Policy, read from a `<page>.html.csp` file beside it, so the
//! strict-CSP example is served as an integrator would serve it. These are public files: the ticket
//! endpoint's CORS policy (`--allow-origin`, in cors.rs) is separate and unaffected.

use std::path::{Path, PathBuf};

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    response::Response,
};

/// File extensions fetched cross-origin by the loader and the widget.
const SHARED: [&str; 5] = [".js", ".wasm", ".css", ".json", ".ts"];

/// Adds the embedding headers to a static response for `path` (the request path) served from `dir`.
pub fn add_headers(dir: &Path, path: &str, res: &mut Response) {
    if !res.status().is_success() {
        return;
    }
    let headers = res.headers_mut();
    if SHARED.iter().any(|ext| path.ends_with(ext)) {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    if let Some(csp) = csp_for(dir, path) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
}

/// The `.csp` sidecar of an HTML page, if there is one (`/` is `index.html`).
fn csp_for(dir: &Path, path: &str) -> Option<HeaderValue> {
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if !rel.ends_with(".html") || rel.split('/').any(|s| s == "..") {
        return None;
    }
    let file: PathBuf = dir.join(format!("{rel}.csp"));
    let text = std::fs::read_to_string(file).ok()?;
    HeaderValue::from_str(text.trim()).ok()
}

pub async fn layer(
    axum::extract::State(dir): axum::extract::State<std::sync::Arc<PathBuf>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    add_headers(&dir, &path, &mut res);
    res
}
