//! The static side of the receiver, as an embedding integrator relies on it: the widget's assets can be
//! fetched from any origin (the loader may live on another origin than the page), a page's `.csp`
//! sidecar becomes its Content-Security-Policy header, and none of this opens the ticket endpoint.

mod common;

use std::time::Duration;

#[tokio::test]
async fn assets_are_shared_cross_origin_and_pages_get_their_csp_sidecar() {
    let dir = common::workdir();
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("examples")).unwrap();
    for (name, body) in [
        ("severity-triage.js", "export {}"),
        ("severity-triage-app_bg.wasm", "\0asm"),
        ("widget.css", ".st-root{}"),
        ("examples/strict.html", "<!doctype html><title>s</title>"),
        (
            "examples/strict.html.csp",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'\n",
        ),
        ("examples/plain.html", "<!doctype html><title>p</title>"),
    ] {
        std::fs::write(dist.join(name), body).unwrap();
    }
    let server = common::start_in(dir, &[]);
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{}{path}", server.base))
            .header("Origin", "https://docs.other.example")
            .send()
    };
    for path in [
        "/severity-triage.js",
        "/severity-triage-app_bg.wasm",
        "/widget.css",
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["access-control-allow-origin"], "*", "{path}");
    }
    let r = get("/examples/strict.html").await.unwrap();
    assert_eq!(
        r.headers()["content-security-policy"],
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
    );
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let r = get("/examples/plain.html").await.unwrap();
    assert!(r.headers().get("content-security-policy").is_none());
    let r = get("/").await.unwrap();
    assert!(r.headers().get("content-security-policy").is_none());
    assert_eq!(get("/missing.js").await.unwrap().status(), 404);
    // The ticket endpoint keeps its own policy: no origin is allowed to post without --allow-origin.
    let r = client
        .request(reqwest::Method::OPTIONS, server.url())
        .header("Origin", "https://docs.other.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

/// Writes `files` (path under dist, content) into a fresh work directory and starts a receiver on it.
fn serve_files(files: &[(&str, &str)]) -> common::Server {
    let dir = common::workdir();
    for (name, body) in files {
        let path = dir.join("dist").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    common::start_in(dir, &[])
}

#[tokio::test]
async fn a_pages_csp_is_sent_however_its_path_is_encoded() {
    // The file server percent-decodes the path; the sidecar was looked up with the raw path, so an
    // encoded character served the page without its policy.
    let csp = "default-src 'self'";
    let server = serve_files(&[
        (
            "examples/strict-csp.html",
            "<!doctype html><title>s</title>",
        ),
        ("examples/strict-csp.html.csp", csp),
        ("examples/index.html", "<!doctype html><title>i</title>"),
        ("examples/index.html.csp", csp),
    ]);
    let client = reqwest::Client::new();
    for path in [
        "/examples/strict-csp.html",
        "/examples/strict%2Dcsp.html",
        "/examples/strict%2dcsp.html",
        "/examples/strict-csp%2Ehtml",
        "/%65xamples/%73trict-csp.html",
        "/examples%2Fstrict-csp.html",
        "/examples/./strict-csp.html",
        "/./examples//strict-csp.html",
        "/examples/strict-csp.html?x=%2D",
        "/examples/",
        "/examples/index.html",
        "/examples/%69ndex.html",
    ] {
        let r = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(
            r.headers()
                .get("content-security-policy")
                .map(|v| v.to_str().unwrap()),
            Some(csp),
            "{path} was served without its Content-Security-Policy"
        );
    }
    // Paths that leave the folder are refused however they are spelled.
    for path in [
        "/examples/%2E%2E/%2E%2E/Cargo.toml",
        "/..%2F..%2Fetc%2Fpasswd",
    ] {
        let r = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        common::problem(r, 404).await;
    }
}

#[tokio::test]
async fn dotfiles_and_database_files_are_never_served() {
    let server = serve_files(&[
        (".env", "SECRET=1"),
        (".git/config", "[core]"),
        ("assets/.htpasswd", "admin:x"),
        ("tickets.sqlite3", "SQLite format 3"),
        ("tickets.sqlite3-wal", "wal"),
        ("tickets.sqlite3-shm", "shm"),
        ("old/t.sqlite", "SQLite format 3"),
        ("old/t.db", "SQLite format 3"),
        ("old/t.DB", "SQLite format 3"),
        ("old/t.sqlite-journal", "journal"),
        ("public.json", "{}"),
    ]);
    let client = reqwest::Client::new();
    for path in [
        "/.env",
        "/%2Eenv",
        "/.git/config",
        "/%2egit/config",
        "/assets/.htpasswd",
        "/tickets.sqlite3",
        "/tickets%2Esqlite3",
        "/tickets.sqlite3-wal",
        "/tickets.sqlite3-shm",
        "/old/t.sqlite",
        "/old/t.db",
        "/old/t.DB",
        "/old/t.sqlite-journal",
    ] {
        for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
            let r = client
                .request(method.clone(), format!("{}{path}", server.base))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 404, "{method} {path} was served");
            if method == reqwest::Method::GET {
                let body = common::problem(r, 404).await;
                assert!(!body.to_string().contains("SQLite"), "{body}");
            }
        }
    }
    let r = client
        .get(format!("{}/public.json", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[test]
fn a_database_inside_the_served_folder_is_refused_at_start() {
    let dir = common::workdir();
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("data")).unwrap();
    std::os::unix::fs::symlink(&dist, dir.join("link")).unwrap();
    for db in [
        dist.join("tickets.sqlite3"),
        dist.join("data/t.sqlite3"),
        dist.join("data/../t.sqlite3"),
        dir.join("link/t.sqlite3"),
    ] {
        let mut cmd = common::triage();
        cmd.args(["serve", "--addr", "127.0.0.1:0", "--dir"])
            .arg(&dist)
            .arg("--db")
            .arg(&db);
        let (status, stderr) = exit_within(cmd, Duration::from_secs(20));
        assert_eq!(status, Some(1), "{}: {stderr}", db.display());
        assert!(
            stderr.contains(&*db.to_string_lossy()) && stderr.contains(&*dist.to_string_lossy()),
            "the error names both paths: {stderr}"
        );
        assert!(stderr.contains("inside the served folder"), "{stderr}");
        assert!(!db.exists(), "{} was created", db.display());
        let _ = std::fs::remove_file(&db);
    }
    // Beside the folder is where it belongs.
    common::start_in(dir, &[]);
}

#[tokio::test]
async fn framework_errors_are_problem_documents_too() {
    let server = serve_files(&[("app.js", "export {}")]);
    let client = reqwest::Client::new();
    for (method, path, status) in [
        (reqwest::Method::PUT, "/api/tickets", 405),
        (reqwest::Method::DELETE, "/api/tickets", 405),
        (reqwest::Method::PATCH, "/api/tickets", 405),
        (reqwest::Method::POST, "/", 405),
        (reqwest::Method::DELETE, "/app.js", 405),
        (reqwest::Method::GET, "/api/nope", 404),
        (reqwest::Method::GET, "/api/tickets/1", 404),
        (reqwest::Method::GET, "/missing.js", 404),
        (reqwest::Method::GET, "/no/such/dir/", 404),
    ] {
        let r = client
            .request(method.clone(), format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        let allow = r.headers().get("allow").cloned();
        let body = common::problem(r, status).await;
        if status == 405 {
            assert!(allow.is_some(), "{method} {path}: 405 without Allow");
            assert!(
                body["type"]
                    .as_str()
                    .unwrap()
                    .ends_with("method-not-allowed"),
                "{body}"
            );
        }
    }
    // A byte range past the end is 416 from the file server, still a problem document.
    let r = client
        .get(format!("{}/app.js", server.base))
        .header("range", "bytes=500-600")
        .send()
        .await
        .unwrap();
    common::problem(r, 416).await;
}

#[tokio::test]
async fn without_dir_the_receiver_serves_the_api_only() {
    let server = common::start_api_only(&[]);
    let client = reqwest::Client::new();
    let created = common::post(&client, &server.url(), &common::ticket(&common::uuid(1)))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    for path in ["/", "/index.html", "/severity-triage.js"] {
        let r = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        common::problem(r, 404).await;
    }
    assert_eq!(server.rows().len(), 1);
    let help = common::triage().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("API only"), "{help}");
}

/// Runs `cmd` until it exits or `bound` passes (then it is killed: a receiver that started serving);
/// returns its exit code (None if killed) and stderr.
fn exit_within(mut cmd: std::process::Command, bound: Duration) -> (Option<i32>, String) {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > bound {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    use std::io::Read;
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    (status, stderr)
}
