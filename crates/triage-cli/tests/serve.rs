//! `triage serve` as a real HTTP receiver on loopback, with a real SQLite file: what it answers, what it
//! stores, and what it refuses to hand out.

mod common;

use common::{post, problem, start, ticket, triage, uuid};

#[tokio::test]
async fn posts_are_stored_once_and_read_back_from_sqlite() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    let id = uuid(1);

    let first = post(&client, &url, &ticket(&id)).await.unwrap();
    assert_eq!(first.status(), 201);
    assert_eq!(first.headers()["cache-control"], "no-store");
    let first: serde_json::Value = first.json().await.unwrap();
    assert_eq!(first["reference"], "ST-000001");

    // A retry of the same ticket is recognised, not filed twice — also without the header, and with the
    // key as a Structured Field string, and with the JSON laid out differently.
    let again = client.post(&url).json(&ticket(&id)).send().await.unwrap();
    assert_eq!(again.status(), 200);
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(again["reference"], "ST-000001");
    assert_eq!(again["duplicate"], true);
    let pretty = serde_json::to_string_pretty(&ticket(&id)).unwrap();
    let quoted = client
        .post(&url)
        .header("content-type", "application/json")
        .header("idempotency-key", format!("\"{id}\""))
        .body(pretty)
        .send()
        .await
        .unwrap();
    assert_eq!(quoted.status(), 200);

    // A broken ticket is refused with a reason, and nothing is stored.
    let mut bad = ticket(&uuid(2));
    bad["summary"] = "  ".into();
    let refused = problem(post(&client, &url, &bad).await.unwrap(), 422).await;
    assert_eq!(refused["detail"], "`summary` must not be empty");
    let mut bad = ticket(&uuid(3));
    bad["answers"][0]["option_label"] = 7.into();
    let refused = problem(post(&client, &url, &bad).await.unwrap(), 422).await;
    let detail = refused["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("`answers[0].option_label`: invalid type"),
        "{detail}"
    );

    // The demo page is served from --dir.
    let page = client
        .get(format!("{}/", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);

    let rows = server.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["reference"], "ST-000001");
    assert_eq!(rows[0]["ticket"], ticket(&id));

    // One log line per request: method, path, status, duration, ticket id.
    let log = server.log();
    let line = log
        .lines()
        .find(|l| l.contains(&format!("ticket={id}")))
        .unwrap_or_else(|| panic!("no log line for {id} in {log}"));
    assert!(line.contains("POST /api/tickets 201 "), "{line}");
    assert!(line.contains("ms ticket="), "{line}");
}

#[tokio::test]
async fn a_used_key_with_a_different_ticket_is_refused() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    let id = uuid(3);
    assert_eq!(
        post(&client, &url, &ticket(&id)).await.unwrap().status(),
        201
    );

    let mut changed = ticket(&id);
    changed["summary"] = "Checkout is down again".into();
    let reused = problem(post(&client, &url, &changed).await.unwrap(), 422).await;
    assert_eq!(reused["title"], "Idempotency-Key is already used");

    // The header must name the ticket it comes with.
    let other = client
        .post(&url)
        .header("idempotency-key", uuid(4))
        .json(&ticket(&uuid(5)))
        .send()
        .await
        .unwrap();
    let mismatch = problem(other, 422).await;
    assert!(mismatch["detail"].as_str().unwrap().contains("ticket id"));

    let rows = server.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["ticket"]["summary"], "Checkout is down");
}

#[tokio::test]
async fn only_json_is_accepted_and_bodies_stop_at_256_kib() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    let body = ticket(&uuid(6)).to_string();

    // A plain cross-site form cannot file tickets.
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut req = client.post(&url).body(body.clone());
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        problem(req.send().await.unwrap(), 415).await;
    }

    // Exactly 256 KiB is a ticket (padded with JSON whitespace); one byte more is 413, whether the size
    // is declared up front or only found while reading.
    let limit = 256 * 1024;
    let mut exact = ticket(&uuid(7)).to_string();
    exact.push_str(&" ".repeat(limit - exact.len()));
    let ok = client
        .post(&url)
        .header("content-type", "application/json")
        .body(exact.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    let mut over = exact.replace(&uuid(7), &uuid(8));
    over.push(' ');
    assert_eq!(over.len(), limit + 1);
    let declared = client
        .post(&url)
        .header("content-type", "application/json")
        .body(over.clone())
        .send()
        .await
        .unwrap();
    let too_large = problem(declared, 413).await;
    assert!(too_large["detail"].as_str().unwrap().contains("262144"));
    let streamed = common::raw_chunked_post(&server.addr(), over.as_bytes()).await;
    assert!(streamed.starts_with("HTTP/1.1 413"), "{streamed}");
    assert!(streamed.contains("application/problem+json"), "{streamed}");

    let rows = server.rows();
    assert_eq!(rows.len(), 1, "only the 256 KiB ticket is stored");
}

#[tokio::test]
async fn tickets_are_read_over_http_only_with_the_admin_token_and_never_cross_origin() {
    let token = "s3cret-token-for-tests-0123456789";
    let client = reqwest::Client::new();

    // No token configured: the route is off.
    let closed = start(&[]);
    assert_eq!(
        post(&client, &closed.url(), &ticket(&uuid(9)))
            .await
            .unwrap()
            .status(),
        201
    );
    let off = client
        .get(closed.url())
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(off.headers().get("access-control-allow-origin").is_none());
    let off = problem(off, 404).await;
    assert!(!off.to_string().contains("Checkout"));
    drop(closed);

    let server = start(&[
        "--admin-token",
        token,
        "--allow-origin",
        "https://shop.example",
    ]);
    let url = server.url();
    assert_eq!(
        post(&client, &url, &ticket(&uuid(10)))
            .await
            .unwrap()
            .status(),
        201
    );
    for auth in [None, Some("Bearer wrong-token-wrong-token"), Some(token)] {
        let mut req = client.get(&url).header("origin", "https://shop.example");
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().await.unwrap();
        assert!(resp.headers().get("www-authenticate").is_some());
        assert!(resp.headers().get("access-control-allow-origin").is_none());
        let body = problem(resp, 401).await;
        assert!(!body.to_string().contains("Checkout"));
    }
    let listed = client
        .get(&url)
        .header("authorization", format!("Bearer {token}"))
        .header("origin", "https://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
    // Even the operator's answer carries no CORS grant: a page cannot read it through a browser.
    assert!(listed
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let rows: Vec<serde_json::Value> = listed.json().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["ticket"]["id"], uuid(10));

    // A preflight asking to read is refused for every origin.
    let read_preflight = client
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert!(read_preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    problem(read_preflight, 403).await;
}

#[tokio::test]
async fn browsers_may_post_only_from_configured_origins() {
    let server = start(&[
        "--allow-origin",
        "https://shop.example",
        "--allow-origin",
        "http://127.0.0.1:9",
    ]);
    let client = reqwest::Client::new();
    let url = server.url();
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, &url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,idempotency-key,x-tenant",
            )
            .send()
    };
    let allowed = preflight("https://shop.example").await.unwrap();
    assert_eq!(allowed.status(), 204);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    assert_eq!(allowed.headers()["access-control-allow-methods"], "POST");
    assert_eq!(
        allowed.headers()["access-control-allow-headers"],
        "content-type,idempotency-key,x-tenant"
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert!(refused
        .headers()
        .get("access-control-allow-headers")
        .is_none());
    problem(refused, 403).await;

    let t = ticket(&uuid(11));
    let posted = client
        .post(&url)
        .header("origin", "https://shop.example")
        .header("idempotency-key", uuid(11))
        .json(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
    assert_eq!(
        posted.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    assert_eq!(
        posted.headers()["access-control-expose-headers"],
        "Retry-After"
    );
    // Errors carry the grant too, so the widget can read why.
    let bad = client
        .post(&url)
        .header("origin", "https://shop.example")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(
        bad.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    problem(bad, 415).await;
    // Same-origin and non-browser clients need no grant; other origins get none.
    let foreign = client
        .post(&url)
        .header("origin", "https://evil.example")
        .json(&ticket(&uuid(12)))
        .send()
        .await
        .unwrap();
    assert!(foreign
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[test]
fn bad_flags_and_missing_databases_are_errors() {
    let dir = common::workdir();
    let missing = dir.join("missing.sqlite3");
    let out = triage()
        .args(["tickets", "--db"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no ticket database at"));
    assert!(!missing.exists(), "reading must not create a database");

    for (flag, value, expect) in [
        ("--faults", "fail=2", "not a probability"),
        ("--faults", "fial=0.1", "unknown key"),
        ("--read-timeout", "10", "not a duration"),
        ("--allow-origin", "shop.example", "http:// or https://"),
        ("--admin-token", "short", "at least 16 characters"),
    ] {
        let out = triage()
            .args(["serve", "--addr", "127.0.0.1:0", "--dir"])
            .arg(dir.join("dist"))
            .arg("--db")
            .arg(dir.join("t.sqlite3"))
            .args([flag, value])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{flag} {value} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expect), "{flag} {value}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_database_from_before_fingerprints_is_upgraded_in_place() {
    let dir = common::workdir();
    let old = ticket(&uuid(40));
    {
        let conn = rusqlite::Connection::open(dir.join("t.sqlite3")).unwrap();
        conn.execute_batch(
            "CREATE TABLE tickets (
                 seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, policy TEXT NOT NULL,
                 level TEXT NOT NULL, summary TEXT NOT NULL, submitted_at TEXT NOT NULL,
                 received_at TEXT NOT NULL, body TEXT NOT NULL);",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO tickets (id, policy, level, summary, submitted_at, received_at, body)
             VALUES (?1, 'wati', 'p1', 'Checkout is down', '2026-11-24T09:30:00Z', '2026-11-24T09:30:01Z', ?2)",
            rusqlite::params![uuid(40), old.to_string()],
        )
        .unwrap();
    }
    let server = common::start_in(dir, &[]);
    let client = reqwest::Client::new();
    let retry = post(&client, &server.url(), &old).await.unwrap();
    assert_eq!(
        retry.status(),
        200,
        "the old row's fingerprint was computed"
    );
    let mut changed = old.clone();
    changed["summary"] = "Something else".into();
    problem(post(&client, &server.url(), &changed).await.unwrap(), 422).await;
    assert_eq!(
        post(&client, &server.url(), &ticket(&uuid(41)))
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(server.rows().len(), 2);
}
