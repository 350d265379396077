//! Connections that take a slot and give nothing back: clients that pipeline requests for a large file
//! and never read the answers, and connections left idle. On loopback only; the hogs connect from
//! 127.0.0.2 and the normal client from 127.0.0.1, two addresses of this machine, so the per-address cap
//! can be told from the total one. Every loop is bounded in count and time.

mod common;

use std::time::{Duration, Instant};

use common::{post, start_in, ticket, uuid};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A safety net so a hung server fails a test instead of hanging it; never a performance budget.
const BOUND: Duration = Duration::from_secs(60);
/// Larger than the most a socket buffers on Linux (4 MiB), so no answer to a hog is ever all written.
const BIG: usize = 8 * 1024 * 1024;
const PIPELINED: usize = 4;

/// A receiver whose folder holds an 8 MiB `big.wasm`.
fn start_with_big_file(extra: &[&str]) -> common::Server {
    let dir = common::workdir();
    std::fs::write(dir.join("dist/big.wasm"), vec![b'w'; BIG]).unwrap();
    start_in(dir, extra)
}

/// A connection from `from` that asks for `big.wasm` four times in one go and never reads: a small
/// receive buffer, so the server's writes stall at once.
async fn hog(addr: &str, from: &str) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(addr.parse().unwrap()).await.unwrap();
    let requests = "GET /big.wasm HTTP/1.1\r\nHost: t\r\n\r\n".repeat(PIPELINED);
    stream.write_all(requests.as_bytes()).await.unwrap();
    stream
}

/// Reads `stream` to its end within `bound`: Some(bytes) if the server closed it, None if still open.
async fn read_to_close(mut stream: TcpStream, bound: Duration) -> Option<usize> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0;
    tokio::time::timeout(bound, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return total,
                Ok(n) => total += n,
            }
        }
    })
    .await
    .ok()
}

fn rss_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .unwrap_or(0)
        / 1024
}

/// Times a GET of the demo page and a POST of a ticket from 127.0.0.1.
async fn normal_client(server: &common::Server) -> Duration {
    let client = reqwest::Client::builder().timeout(BOUND).build().unwrap();
    let started = Instant::now();
    let page = client
        .get(format!("{}/", server.base))
        .send()
        .await
        .expect("the page was answered");
    assert_eq!(page.status(), 200);
    let filed = post(&client, &server.url(), &ticket(&uuid(1)))
        .await
        .unwrap();
    assert_eq!(filed.status(), 201);
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn clients_that_never_read_are_closed_and_cannot_starve_others() {
    let server = start_with_big_file(&[
        "--max-connections",
        "64",
        "--max-connections-per-ip",
        "16",
        "--write-timeout",
        "2s",
        "--read-timeout",
        "3s",
    ]);
    let addr = server.addr();
    let mut hogs = Vec::new();
    for _ in 0..80 {
        hogs.push(hog(&addr, "127.0.0.2").await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss = rss_mb(server.child.id());
    println!("receiver RSS with 80 hogs connected: {rss} MB");
    // Served at once: one address holds at most 16 of the 64 slots.
    let answered = tokio::time::timeout(Duration::from_secs(5), normal_client(&server))
        .await
        .expect(
            "a normal client was not answered within 5 s while 80 connections hogged the receiver",
        );
    // Every hog is closed in time: after 2 s of unread writes, or shed for a newer hog after 1 s, or
    // refused (503) after waiting 3 s for a slot. The log says which, one line per hog.
    let started = Instant::now();
    let ended = || {
        server
            .log()
            .lines()
            .filter(|l| l.contains("127.0.0.2"))
            .count()
    };
    while ended() < hogs.len() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "only {} of {} hogs were closed: {}",
            ended(),
            hogs.len(),
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let closed_after = started.elapsed();
    let drains: Vec<_> = hogs
        .into_iter()
        .map(|h| tokio::spawn(read_to_close(h, Duration::from_secs(10))))
        .collect();
    let mut received = Vec::new();
    for d in drains {
        let bytes = d.await.unwrap().expect("a hog's connection was still open");
        received.push(bytes);
    }
    let most = received.iter().max().copied().unwrap_or(0);
    let log = server.log();
    let count = |what: &str| log.lines().filter(|l| l.contains(what)).count();
    println!(
        "80 hogs from 127.0.0.2 (4 x 8 MiB pipelined each, never read): a normal GET + POST \
         from 127.0.0.1 took {:.0} ms; all hogs closed {:.1} s later ({} write timeouts, {} shed, {} refused); \
         the most any hog received was {most} of {} bytes",
        answered.as_secs_f64() * 1000.0,
        closed_after.as_secs_f64(),
        count("its response waited"),
        count("to serve a newer one"),
        count("refused a connection"),
        PIPELINED * BIG
    );
    assert!(most < PIPELINED * BIG, "a hog got every byte it asked for");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn when_every_slot_is_hogged_a_quiet_one_gives_way() {
    // The per-address cap is the total here, and the write timeout long: only shedding can help.
    let server = start_with_big_file(&[
        "--max-connections",
        "32",
        "--max-connections-per-ip",
        "32",
        "--write-timeout",
        "60s",
    ]);
    let addr = server.addr();
    let mut hogs = Vec::new();
    for _ in 0..40 {
        hogs.push(hog(&addr, "127.0.0.2").await);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let answered = tokio::time::timeout(Duration::from_secs(5), normal_client(&server))
        .await
        .expect("a normal client was not answered within 5 s while hogs held every slot");
    println!(
        "40 hogs on 32 slots: a normal GET + POST took {:.0} ms",
        answered.as_secs_f64() * 1000.0
    );
    assert!(
        server.log().contains("to serve a newer one"),
        "{}",
        server.log()
    );
    drop(hogs);
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_idle_timeout() {
    let server = start_with_big_file(&["--idle-timeout", "1s", "--read-timeout", "10s"]);
    // One that never sends a request.
    let silent = TcpStream::connect(server.addr()).await.unwrap();
    // One that is answered and then keeps the connection without asking more.
    let mut kept = TcpStream::connect(server.addr()).await.unwrap();
    kept.write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (silent, kept) = tokio::join!(
        read_to_close(silent, Duration::from_secs(5)),
        read_to_close(kept, Duration::from_secs(5))
    );
    let took = started.elapsed();
    println!("--idle-timeout 1s: idle connections closed after {took:?}");
    assert_eq!(
        silent,
        Some(0),
        "a connection that sent nothing stayed open"
    );
    assert!(
        kept.is_some_and(|n| n > 0),
        "the kept connection stayed open"
    );
    assert!(took < Duration::from_secs(3), "{took:?}");
}
