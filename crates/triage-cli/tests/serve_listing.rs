//! Reading the stored tickets back, over HTTP (`GET /api/tickets`, the operator's) and with `triage
//! tickets`: a page at a time, so a large database neither fills the reader's memory nor holds up filing.

mod common;

use std::time::{Duration, Instant};

use common::{post, problem, start, start_in, ticket, triage, uuid};

const TOKEN: &str = "s3cret-token-for-tests-0123456789";

/// Follows `Link: <…>; rel="next"` from `first` and returns each page's rows.
async fn pages(client: &reqwest::Client, base: &str, first: &str) -> Vec<Vec<serde_json::Value>> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_string());
    while let Some(path) = next.take() {
        assert!(pages.len() < 100, "the pages never end");
        let resp = client
            .get(format!("{base}{path}"))
            .header("authorization", format!("Bearer {TOKEN}"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        next = resp.headers().get("link").map(|l| {
            let l = l.to_str().unwrap();
            assert!(l.ends_with(">; rel=\"next\""), "{l}");
            l[1..l.find('>').unwrap()].to_string()
        });
        pages.push(resp.json().await.unwrap());
    }
    pages
}

#[tokio::test]
async fn tickets_are_listed_a_page_at_a_time() {
    let server = start(&["--admin-token", TOKEN]);
    let client = reqwest::Client::new();
    for n in 0..25 {
        let r = post(&client, &server.url(), &ticket(&uuid(n)))
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let sizes = |p: &[Vec<serde_json::Value>]| p.iter().map(Vec::len).collect::<Vec<_>>();
    let paged = pages(&client, &server.base, "/api/tickets?limit=10").await;
    assert_eq!(sizes(&paged), [10, 10, 5]);
    let ids: Vec<_> = paged
        .iter()
        .flatten()
        .map(|r| r["ticket"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        (0..25).map(uuid).collect::<Vec<_>>(),
        "each once, oldest first"
    );
    assert_eq!(
        sizes(&pages(&client, &server.base, "/api/tickets").await),
        [25],
        "the default page holds 100"
    );
    assert_eq!(
        sizes(&pages(&client, &server.base, "/api/tickets?after=ST-000020").await),
        [5]
    );
    for bad in ["limit=0", "limit=1001", "limit=ten", "after=20", "lmit=5"] {
        let r = client
            .get(format!("{}?{bad}", server.url()))
            .header("authorization", format!("Bearer {TOKEN}"))
            .send()
            .await
            .unwrap();
        problem(r, 400).await;
    }
    // Without the token a query is not even read.
    let r = client
        .get(format!("{}?limit=ten", server.url()))
        .send()
        .await
        .unwrap();
    problem(r, 401).await;
}

/// A database of `count` tickets of about 250 KB each, written straight into SQLite.
fn big_database(count: u64) -> (std::path::PathBuf, usize) {
    let dir = common::workdir();
    start_in(dir.clone(), &[]).kill_keeping_files();
    let conn = rusqlite::Connection::open(dir.join("t.sqlite3")).unwrap();
    conn.execute_batch("BEGIN").unwrap();
    let mut bytes = 0;
    for n in 0..count {
        let mut t = ticket(&uuid(n));
        t["details"]["logs"] = "x".repeat(250_000).into();
        let body = t.to_string();
        bytes += body.len();
        conn.execute(
            "INSERT INTO tickets (id, policy, level, summary, submitted_at, received_at, body)
             VALUES (?1, 'wati', 'p1', 'Checkout is down', '2026-11-24T09:30:00Z', '2026-11-24T09:30:01Z', ?2)",
            rusqlite::params![uuid(n), body],
        )
        .unwrap();
    }
    conn.execute_batch("COMMIT").unwrap();
    (dir, bytes)
}

/// The highest resident memory `pid` had while it ran, sampled every 5 ms (kB).
fn peak_rss_while_running(child: &mut std::process::Child) -> u64 {
    let mut peak = 0;
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "triage tickets hung"
        );
        let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()));
        if let Some(kb) = status.ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak = peak.max(kb);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    peak
}

#[test]
fn triage_tickets_prints_a_large_database_in_bounded_memory() {
    let (dir, bytes) = big_database(240);
    let db = dir.join("t.sqlite3");
    let out_file = dir.join("out.json");
    let started = Instant::now();
    let mut child = triage()
        .args(["tickets", "--db"])
        .arg(&db)
        .stdout(std::fs::File::create(&out_file).unwrap())
        .spawn()
        .unwrap();
    let peak_kb = peak_rss_while_running(&mut child);
    assert!(child.wait().unwrap().success());
    let took = started.elapsed();
    let printed = std::fs::read_to_string(&out_file).unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&printed).unwrap();
    println!(
        "triage tickets: {} tickets, {:.0} MB of bodies, peak RSS {} MB, {:.1} s",
        rows.len(),
        bytes as f64 / 1e6,
        peak_kb / 1024,
        took.as_secs_f64()
    );
    assert_eq!(rows.len(), 240);
    assert_eq!(rows[239]["reference"], "ST-000240");
    // The same text as printing the whole list at once.
    assert_eq!(printed, serde_json::to_string_pretty(&rows).unwrap() + "\n");
    // Pages of 4 MiB: a few of them in memory at most, whatever the database holds (60 MB here).
    assert!(
        peak_kb < 40 * 1024,
        "peak RSS {peak_kb} kB for {bytes} bytes"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_http_page_stops_at_4_mib_and_filing_goes_on_meanwhile() {
    let (dir, _) = big_database(60);
    let server = start_in(dir, &["--admin-token", TOKEN]);
    let client = reqwest::Client::new();
    let listing = {
        let (client, base) = (client.clone(), server.base.clone());
        tokio::spawn(async move { pages(&client, &base, "/api/tickets?limit=1000").await })
    };
    let started = Instant::now();
    let r = post(&client, &server.url(), &ticket(&uuid(1_000)))
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let filed = started.elapsed();
    let paged = listing.await.unwrap();
    let sizes: Vec<usize> = paged.iter().map(Vec::len).collect();
    println!(
        "limit=1000 over 60 tickets of 250 KB: pages {sizes:?}; a POST meanwhile took {filed:?}"
    );
    assert!(
        sizes.iter().all(|&n| n <= 17),
        "{sizes:?}: a page holds at most 4 MiB + 1 ticket"
    );
    assert!(sizes.iter().sum::<usize>() >= 60);
}
