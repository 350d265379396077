//! The receiver under load and failure, on loopback with a real SQLite file: concurrent filing, retry
//! storms, `kill -9`, a locked database, SIGTERM, and injected faults. Every test is bounded in count and
//! time; figures are printed, not asserted as budgets.

mod common;

use std::time::{Duration, Instant};

use common::{post, problem, start, ticket, uuid};

/// A safety net so a hung server fails a test instead of hanging it; never a performance budget.
const BOUND: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_posts_all_land_once() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    let started = Instant::now();
    let tasks: Vec<_> = (0..1000u64)
        .map(|n| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                post(&client, &url, &ticket(&uuid(1000 + n)))
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(tokio::time::timeout(BOUND, t).await.unwrap().unwrap());
    }
    let elapsed = started.elapsed();
    let created = statuses.iter().filter(|s| matches!(s, Ok(201))).count();
    let errors: Vec<_> = statuses.iter().filter(|s| !matches!(s, Ok(201))).collect();
    let rows = server.rows().len();
    println!(
        "1000 concurrent POSTs: {created} × 201, {} errors, {rows} rows, {:.2} s ({:.0} tickets/s)",
        errors.len(),
        elapsed.as_secs_f64(),
        1000.0 / elapsed.as_secs_f64()
    );
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
    assert_eq!(rows, created);
}

/// The hostile probe's flood (issue 20): 2,000 POSTs, 200 at a time, with the connection limits in
/// force. Every ticket the receiver accepted (201) is stored, exactly once; with the default limits none
/// is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_two_thousand_posts_two_hundred_at_a_time_stores_every_accepted_ticket() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(200));
    let started = Instant::now();
    let tasks: Vec<_> = (0..2000u64)
        .map(|n| {
            let (client, url, slots) = (client.clone(), url.clone(), slots.clone());
            tokio::spawn(async move {
                let _slot = slots.acquire_owned().await.unwrap();
                post(&client, &url, &ticket(&uuid(5000 + n)))
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(tokio::time::timeout(BOUND, t).await.unwrap().unwrap());
    }
    let created = statuses.iter().filter(|s| matches!(s, Ok(201))).count();
    let rows = server.rows().len();
    println!(
        "2000 POSTs, 200 at a time: {created} × 201, {} other, {rows} rows, {:.2} s",
        statuses.len() - created,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(rows, created, "every accepted ticket is stored, once");
    assert_eq!(created, 2000, "none refused under the default limits");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_retry_storm_of_one_ticket_files_it_once() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    let t = ticket(&uuid(1));
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let (client, url, t) = (client.clone(), url.clone(), t.clone());
            tokio::spawn(async move {
                let resp = post(&client, &url, &t).await.unwrap();
                let status = resp.status().as_u16();
                let body: serde_json::Value = resp.json().await.unwrap();
                (status, body)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(tokio::time::timeout(BOUND, t).await.unwrap().unwrap());
    }
    let count = |code| answers.iter().filter(|(s, _)| *s == code).count();
    println!(
        "100 concurrent POSTs of one ticket: {} × 201, {} × 200, {} × 409 (still processing)",
        count(201),
        count(200),
        count(409)
    );
    assert_eq!(count(201), 1);
    assert_eq!(count(201) + count(200) + count(409), 100, "{answers:?}");
    for (status, body) in &answers {
        match status {
            200 | 201 => assert_eq!(body["reference"], "ST-000001"),
            _ => assert_eq!(
                body["title"],
                "A request is outstanding for this Idempotency-Key"
            ),
        }
    }
    assert_eq!(server.rows().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_loses_no_acknowledged_ticket() {
    let mut server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let tasks: Vec<_> = (0..400u64)
        .map(|n| {
            let (client, url, tx) = (client.clone(), url.clone(), tx.clone());
            tokio::spawn(async move {
                let id = uuid(5000 + n);
                if let Ok(resp) = post(&client, &url, &ticket(&id)).await {
                    if resp.status().is_success() {
                        let _ = tx.send(id);
                    }
                }
            })
        })
        .collect();
    drop(tx);
    // Kill mid-stream, once some tickets are acknowledged.
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 100 {
        acknowledged.push(
            tokio::time::timeout(BOUND, rx.recv())
                .await
                .unwrap()
                .unwrap(),
        );
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for t in tasks {
        let _ = t.await;
    }
    while let Ok(id) = rx.try_recv() {
        acknowledged.push(id);
    }
    let stored: std::collections::HashSet<String> = server
        .rows()
        .iter()
        .map(|r| r["ticket"]["id"].as_str().unwrap().to_string())
        .collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    println!(
        "kill -9 during 400 POSTs: {} acknowledged, {} stored, {} acknowledged but lost",
        acknowledged.len(),
        stored.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "{lost:?}");
}

#[tokio::test]
async fn sigterm_lets_the_request_in_progress_finish() {
    let mut server = start(&["--faults", "delay=1s", "--grace", "5s"]);
    let client = reqwest::Client::new();
    let url = server.url();
    let in_progress = tokio::spawn(async move {
        post(&client, &url, &ticket(&uuid(88)))
            .await
            .map(|r| r.status().as_u16())
    });
    // The ticket is stored before the injected delay, so once it is in the file the request is in progress.
    let waited = Instant::now();
    while server.rows().is_empty() {
        assert!(
            waited.elapsed() < BOUND,
            "the ticket never reached the database"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pid = server.child.id().to_string();
    assert!(triage_kill("-TERM", &pid));
    let status = tokio::time::timeout(BOUND, in_progress)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.unwrap(), 201, "the request in progress was answered");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "{exit:?}: {}", server.log());
    assert!(server.log().contains("triage serve: stopped"));
    assert_eq!(server.rows().len(), 1);
}

fn triage_kill(signal: &str, pid: &str) -> bool {
    std::process::Command::new("kill")
        .args([signal, pid])
        .status()
        .is_ok_and(|s| s.success())
}

#[tokio::test]
async fn injected_faults_fail_before_storing_and_drop_after() {
    let client = reqwest::Client::new();

    let failing = start(&["--faults", "fail=1,status=503,retry_after=1"]);
    let resp = post(&client, &failing.url(), &ticket(&uuid(20)))
        .await
        .unwrap();
    assert_eq!(resp.headers()["retry-after"], "1");
    problem(resp, 503).await;
    assert_eq!(failing.rows().len(), 0, "a failed request stores nothing");
    // Other routes are untouched.
    assert_eq!(
        client
            .get(format!("{}/", failing.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let dropping = start(&["--faults", "drop=1"]);
    let dropped = post(&client, &dropping.url(), &ticket(&uuid(21))).await;
    assert!(
        dropped.is_err(),
        "expected a dropped connection, got {dropped:?}"
    );
    assert_eq!(
        dropping.rows().len(),
        1,
        "a dropped answer still stored the ticket"
    );
    assert!(
        dropping.log().contains("POST /api/tickets dropped"),
        "{}",
        dropping.log()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_that_fails_is_503_with_retry_after_and_the_cause_stays_in_the_log() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    // Another process holds the write lock longer than the receiver's 5 s busy timeout.
    let db = server.db();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        locked_tx.send(()).unwrap();
        let _ = release_rx.recv_timeout(BOUND);
        conn.execute_batch("ROLLBACK").unwrap();
    });
    locked_rx.recv().unwrap();
    let resp = post(&client, &server.url(), &ticket(&uuid(30)))
        .await
        .unwrap();
    assert_eq!(resp.headers()["retry-after"], "2");
    let body = problem(resp, 503).await;
    assert!(
        !body.to_string().contains("locked"),
        "internal errors are not echoed: {body}"
    );
    assert!(
        server.log().contains("database is locked"),
        "{}",
        server.log()
    );
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    // The retry the client was told to make succeeds.
    let retry = post(&client, &server.url(), &ticket(&uuid(30)))
        .await
        .unwrap();
    assert_eq!(retry.status(), 201);
}
