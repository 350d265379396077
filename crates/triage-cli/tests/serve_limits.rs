//! The receiver's limits, on loopback with a real SQLite file: slow clients are cut off without holding
//! up anyone else, connections beyond the cap wait, and a database it cannot write is refused at start.

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
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    let server = start(&["--max-connections", "2"]);
    let idle1 = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let _idle2 = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let url = server.url();
    let waiting = tokio::spawn(async move {
        let client = reqwest::Client::new();
        post(&client, &url, &ticket(&uuid(77)))
            .await
            .map(|r| r.status().as_u16())
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        !waiting.is_finished(),
        "a third connection was served while two were open"
    );
    drop(idle1);
    let status = tokio::time::timeout(BOUND, waiting)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, 201);
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
