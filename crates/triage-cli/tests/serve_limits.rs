//! The receiver's limits, on loopback with a real SQLite file: slow clients are cut off without holding
//! up anyone else, connections beyond the cap wait for a busy one or replace a quiet one (and are told
//! 503 if none frees in time), large tickets cost time in proportion, and a database it cannot write is
//! refused at start. (Clients that never read, and idle ones: serve_conns.rs.)

mod common;

use std::time::{Duration, Instant};

use common::{post, start, start_in, ticket, triage, uuid};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A safety net so a hung server fails a test instead of hanging it; never a performance budget.
const BOUND: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_sending_a_byte_a_second_is_cut_off_without_delaying_others() {
    let server = start(&["--read-timeout", "3s"]);
    let addr = server.addr();
    // One trickles a body, one trickles its headers.
    let body_trickler = tokio::spawn(trickle(
        addr.clone(),
        "POST /api/tickets HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
        "{\"format\": \"severity-triage/ticket@1\"",
    ));
    let header_trickler = tokio::spawn(trickle(
        addr.clone(),
        "",
        "POST /api/tickets HTTP/1.1\r\nHost: t\r\n",
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Meanwhile everyone else is served, and all of it finishes before either trickler is cut off.
    let client = reqwest::Client::new();
    let started = Instant::now();
    let others: Vec<_> = (0..20)
        .map(|n| {
            let (client, url) = (client.clone(), server.url());
            tokio::spawn(async move {
                post(&client, &url, &ticket(&uuid(9000 + n)))
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    for other in others {
        assert_eq!(other.await.unwrap().unwrap(), 201);
    }
    let others = started.elapsed();
    assert!(!body_trickler.is_finished() && !header_trickler.is_finished());

    let (body_answer, body_sent, body_time) = tokio::time::timeout(BOUND, body_trickler)
        .await
        .unwrap()
        .unwrap();
    let (header_answer, header_sent, header_time) = tokio::time::timeout(BOUND, header_trickler)
        .await
        .unwrap()
        .unwrap();
    println!(
        "with --read-timeout 3s: 20 other POSTs took {:.0} ms; the body trickler was cut off after {body_sent} bytes \
         in {:.1} s, the header trickler after {header_sent} bytes in {:.1} s",
        others.as_secs_f64() * 1000.0,
        body_time.as_secs_f64(),
        header_time.as_secs_f64()
    );
    assert!(body_answer.starts_with("HTTP/1.1 408"), "{body_answer}");
    assert!(
        body_answer.contains("application/problem+json"),
        "{body_answer}"
    );
    assert!(!header_answer.contains("201"), "{header_answer}");
    // Cut off long before it could have finished sending.
    assert!(body_sent < 1000 && header_sent < 40);
    assert_eq!(server.rows().len(), 20);
}

/// Sends `head` at once, then `trickle` one byte a second until the server stops listening; returns
/// what the server answered, how many trickled bytes it took, and how long that lasted.
async fn trickle(
    addr: String,
    head: &'static str,
    trickle: &'static str,
) -> (String, usize, Duration) {
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let reader = tokio::spawn(async move {
        let mut answer = Vec::new();
        let _ = read.read_to_end(&mut answer).await;
        String::from_utf8_lossy(&answer).into_owned()
    });
    let mut sent = 0;
    for byte in trickle.bytes() {
        if reader.is_finished() || write.write_all(&[byte]).await.is_err() {
            break;
        }
        sent += 1;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let answer = reader.await.unwrap();
    (answer, sent, started.elapsed())
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_busy_one_and_replace_a_quiet_one() {
    // Two POSTs held in their handlers by an injected delay take both slots: a third connection waits
    // for one of them, however long it has been quiet itself.
    let server = start(&["--max-connections", "2", "--faults", "delay=2s"]);
    let client = reqwest::Client::new();
    let busy: Vec<_> = (0..2)
        .map(|n| {
            let (client, url) = (client.clone(), server.url());
            tokio::spawn(async move {
                post(&client, &url, &ticket(&uuid(70 + n)))
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let page = tokio::time::timeout(BOUND, client.get(format!("{}/", server.base)).send())
        .await
        .unwrap()
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(page.status(), 200);
    assert!(
        waited > Duration::from_millis(1000),
        "served after {waited:?} while both slots were busy"
    );
    for b in busy {
        assert_eq!(b.await.unwrap().unwrap(), 201);
    }

    // Two kept-alive connections, answered once and then quiet, take both slots: once they have been
    // quiet for a second, a new connection takes the older one's place.
    let server = start(&["--max-connections", "2"]);
    let answered_once = || async {
        let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 4096];
        let n = stream.read(&mut buf).await.unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        stream
    };
    let mut idle1 = answered_once().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _idle2 = answered_once().await;
    let started = Instant::now();
    let page = tokio::time::timeout(BOUND, client.get(format!("{}/", server.base)).send())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.status(), 200);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    // What is left of its answer, then the end.
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(2), idle1.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the older quiet connection was not closed");
}

#[tokio::test]
async fn a_connection_that_gets_no_slot_in_time_is_answered_503() {
    let server = start(&[
        "--max-connections",
        "1",
        "--read-timeout",
        "1s",
        "--faults",
        "delay=3s",
    ]);
    let client = reqwest::Client::new();
    let busy = {
        let (client, url) = (client.clone(), server.url());
        tokio::spawn(async move {
            post(&client, &url, &ticket(&uuid(80)))
                .await
                .map(|r| r.status())
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let refused = tokio::time::timeout(BOUND, client.get(format!("{}/", server.base)).send())
        .await
        .unwrap()
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(refused.headers()["retry-after"], "1");
    let body = common::problem(refused, 503).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("--max-connections"),
        "{body}"
    );
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    assert_eq!(busy.await.unwrap().unwrap(), 201);
}

#[test]
fn an_unwritable_database_is_refused_at_start() {
    // Create a real database, then take write permission away.
    let dir = common::workdir();
    start_in(dir.clone(), &[]).kill_keeping_files();
    let db = dir.join("t.sqlite3");
    assert!(db.is_file());
    let mut perms = std::fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db, perms).unwrap();
    // Root ignores permissions; an immutable file is read-only even for root.
    let mut immutable = false;
    if std::fs::OpenOptions::new().append(true).open(&db).is_ok() {
        let status = std::process::Command::new("chattr")
            .arg("+i")
            .arg(&db)
            .status();
        immutable = status.is_ok_and(|s| s.success());
        assert!(
            immutable && std::fs::OpenOptions::new().append(true).open(&db).is_err(),
            "cannot make a read-only file here (running as root without chattr?)"
        );
    }
    let out = triage()
        .args(["serve", "--addr", "127.0.0.1:0", "--dir"])
        .arg(dir.join("dist"))
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    if immutable {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&db)
            .status();
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is read-only for this process"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));

    let nowhere = triage()
        .args(["serve", "--addr", "127.0.0.1:0", "--dir"])
        .arg(dir.join("dist"))
        .arg("--db")
        .arg(dir.join("no/such/dir/t.sqlite3"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("does the directory exist"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A ticket of almost 256 KiB whose `context` has 29,000 keys, in ascending or descending order.
fn many_keys(id: &str, descending: bool) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut keys: Vec<String> = (0..29_000)
        .map(|i| {
            let d = |n: usize| DIGITS[n % DIGITS.len()] as char;
            format!("{}{}{}", d(i / (62 * 62)), d(i / 62), d(i))
        })
        .collect();
    if descending {
        keys.reverse();
    }
    let mut t = ticket(id);
    let context: serde_json::Map<String, serde_json::Value> =
        keys.into_iter().map(|k| (k, "".into())).collect();
    t["context"] = serde_json::Value::Object(context);
    // serde_json's map is sorted, so the order is written by hand.
    let mut body = t.to_string();
    if descending {
        let members: Vec<String> = t["context"]
            .as_object()
            .unwrap()
            .keys()
            .rev()
            .map(|k| format!("\"{k}\":\"\""))
            .collect();
        let sorted = serde_json::to_string(&t["context"]).unwrap();
        body = body.replace(&sorted, &format!("{{{}}}", members.join(",")));
    }
    assert!(body.len() <= 256 * 1024, "{} bytes", body.len());
    body
}

async fn post_raw(client: &reqwest::Client, url: &str, body: String) -> (u16, Duration) {
    let started = Instant::now();
    let status = client
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    (status, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn keys_in_reverse_order_cost_no_more_than_in_order_and_hold_up_no_one() {
    let server = start(&[]);
    let client = reqwest::Client::new();
    let url = server.url();
    // The fastest of three, so one descheduled run on a shared machine does not decide.
    let mut up = Duration::MAX;
    let mut down = Duration::MAX;
    for n in 0..3 {
        let (s, t) = post_raw(&client, &url, many_keys(&uuid(100 + n), false)).await;
        assert_eq!(s, 201);
        up = up.min(t);
        let (s, t) = post_raw(&client, &url, many_keys(&uuid(200 + n), true)).await;
        assert_eq!(s, 201);
        down = down.min(t);
    }
    // Four clients keep posting reverse-ordered tickets while a fifth fetches the page. The bodies are
    // made first, so making them does not slow the client's own GETs.
    let template = many_keys(&uuid(999), true);
    let bodies: Vec<Vec<String>> = (0..4u64)
        .map(|p| {
            (0..12)
                .map(|n| template.replace(&uuid(999), &uuid(1000 + p * 100 + n)))
                .collect()
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(3);
    let posters: Vec<_> = bodies
        .into_iter()
        .map(|bodies| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let mut n = 0;
                for body in bodies {
                    if Instant::now() > deadline {
                        break;
                    }
                    let (s, _) = post_raw(&client, &url, body).await;
                    assert_eq!(s, 201);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut slowest_get = Duration::ZERO;
    let mut gets = 0;
    while Instant::now() < deadline {
        let started = Instant::now();
        let r = tokio::time::timeout(BOUND, client.get(format!("{}/", server.base)).send())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.status(), 200);
        slowest_get = slowest_get.max(started.elapsed());
        gets += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut posted = 0;
    for p in posters {
        posted += tokio::time::timeout(BOUND, p).await.unwrap().unwrap();
    }
    println!(
        "29,000 context keys (256 KiB): POST in order {up:?}, in reverse order {down:?}; while 4 clients \
         posted {posted} reverse-ordered tickets, the slowest of {gets} GET / took {slowest_get:?}"
    );
    assert!(
        down < up * 3 + Duration::from_millis(250),
        "reverse order {down:?} vs in order {up:?}"
    );
    assert!(
        slowest_get < Duration::from_millis(300),
        "a GET waited {slowest_get:?} behind ticket parsing"
    );
}
