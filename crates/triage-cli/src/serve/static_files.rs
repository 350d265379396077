//! The built widget and example pages as static files, with the two headers embedding needs:
//! `Access-Control-Allow-Origin: *` on the widget's assets (.js, .wasm, .css, .json, .ts), because the
//! loader can be included from another origin and imports its modules, wasm and stylesheet with CORS;
//! and a page's own Content-Security-Policy, read from a `<page>.html.csp` file beside it, so the
//! strict-CSP example is served as an integrator would serve it. These are public files: the ticket
//! endpoint's CORS policy (`--allow-origin`, in cors.rs) is separate and unaffected.
//!
//! One function, [`file_for`], turns a request path into the file it names, and everything else — the
//! file sent, its sidecar, its CORS header — follows from that file. (The sidecar used to be looked up
//! with the raw path while the file server decoded it, so `/examples/strict%2Dcsp.html` came without its
//! policy.) It also refuses what must never be public whatever `--dir` holds: dotfiles and dot-folders
//! (`.env`, `.git/`) and SQLite files with their journals.

use std::path::{Component, Path, PathBuf};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::problem::Problem;

/// File extensions fetched cross-origin by the loader and the widget.
const SHARED: [&str; 5] = ["js", "wasm", "css", "json", "ts"];

/// Endings of SQLite databases and their side files, never served even if the folder holds one.
const DATABASE_ENDINGS: [&str; 6] = [".sqlite", ".sqlite3", ".db", "-wal", "-shm", "-journal"];

/// The file under `dir` that `request_path` (as in the URI, percent-encoded) names, or None if it names
/// nothing that may be served: it leaves `dir` (`..`, an absolute part), is not UTF-8 once decoded, or
/// has a hidden or database name in it. Decoding and splitting are ServeDir's (which this replaced), so
/// the same URLs reach the same files.
pub fn file_for(dir: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(request_path.trim_start_matches('/'))?;
    let mut file = dir.to_path_buf();
    for part in Path::new(&decoded).components() {
        match part {
            Component::Normal(name) => {
                let name = name.to_str()?;
                if name.starts_with('.') || is_database(name) {
                    return None;
                }
                file.push(name);
            }
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(file)
}

fn is_database(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    DATABASE_ENDINGS.iter().any(|end| name.ends_with(end))
}

/// `%XX` sequences to bytes, then UTF-8 (None if not); a `%` not followed by two hex digits stays as it
/// is. The same rules as the `percent-encoding` crate's `percent_decode` that ServeDir used.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h)? * 16 + hex(l)?) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Serves the file a GET or HEAD names, with its embedding headers; everything else is a problem.
pub async fn serve(State(dir): State<std::sync::Arc<PathBuf>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut resp = Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            format!(
                "{} is not allowed here: static files are read with GET or HEAD",
                req.method()
            ),
        )
        .into_response();
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    let Some(mut file) = file_for(&dir, req.uri().path()) else {
        return not_found();
    };
    if tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_dir()) {
        if !req.uri().path().ends_with('/') {
            // As ServeDir did: a folder's address ends with a slash, so its page's relative links work.
            let query = req
                .uri()
                .query()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            let to = format!("{}/{query}", req.uri().path());
            return match HeaderValue::from_str(&to) {
                Ok(location) => (
                    StatusCode::TEMPORARY_REDIRECT,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
                Err(_) => not_found(),
            };
        }
        file.push("index.html");
    }
    let csp = csp_for(&file).await;
    let shared = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SHARED.contains(&e));
    let Ok(mut resp) = ServeFile::new(&file).oneshot(req).await;
    if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED {
        let headers = resp.headers_mut();
        if shared {
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
        }
        if let Some(csp) = csp {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    // Errors (a missing file, a range past the end) become problem documents in problem::layer.
    resp.map(Body::new)
}

/// The `.csp` sidecar of an HTML file, if there is one.
async fn csp_for(file: &Path) -> Option<HeaderValue> {
    if file.extension().and_then(|e| e.to_str()) != Some("html") {
        return None;
    }
    let mut sidecar = file.as_os_str().to_owned();
    sidecar.push(".csp");
    let text = tokio::fs::read_to_string(sidecar).await.ok()?;
    HeaderValue::from_str(text.trim()).ok()
}

pub fn not_found() -> Response {
    Problem::new(
        StatusCode::NOT_FOUND,
        "not-found",
        "Not found",
        "nothing is served at this path",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_decode_once_and_stay_inside() {
        let dir = Path::new("/srv");
        let file = |p: &str| file_for(dir, p).map(|f| f.display().to_string());
        assert_eq!(file("/a/b.html").as_deref(), Some("/srv/a/b.html"));
        assert_eq!(file("/a/b%2Dc.html").as_deref(), Some("/srv/a/b-c.html"));
        assert_eq!(file("/a%2Fb.html").as_deref(), Some("/srv/a/b.html"));
        assert_eq!(file("/./a//b.html").as_deref(), Some("/srv/a/b.html"));
        assert_eq!(file("/%2541").as_deref(), Some("/srv/%41"), "decoded once");
        assert_eq!(file("/100%").as_deref(), Some("/srv/100%"));
        assert_eq!(file("/%zz").as_deref(), Some("/srv/%zz"));
        assert_eq!(file("/").as_deref(), Some("/srv"));
        for refused in [
            "/../etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/..%2Fx",
            "/%FF",
            "/.env",
            "/a/.git/config",
            "/%2Egit/config",
            "/t.sqlite3",
            "/T.SQLITE3",
            "/x/t.db",
            "/t.sqlite",
            "/t.sqlite3-wal",
            "/t.sqlite3-shm",
            "/t.sqlite3-journal",
        ] {
            assert_eq!(file(refused), None, "{refused}");
        }
    }
}
