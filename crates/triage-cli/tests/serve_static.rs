//! The static side of the receiver, as an embedding integrator relies on it: the widget's assets can be
//! fetched from any origin (the loader may live on another origin than the page), a page's `.csp`
//! sidecar becomes its Content-Security-Policy header, and none of this opens the ticket endpoint.

mod common;

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
