//! The connection table without sockets: caps, waiting, and quiet connections giving way.

use super::*;

fn peer(ip: &str) -> Peer {
    Peer::of(ip.parse().unwrap())
}

#[test]
fn ipv6_peers_are_counted_per_64_and_mapped_ipv4_as_ipv4() {
    assert_eq!(peer("2001:db8:1:2::1"), peer("2001:db8:1:2:ffff::9"));
    assert_ne!(peer("2001:db8:1:2::1"), peer("2001:db8:1:3::1"));
    assert_eq!(peer("::ffff:127.0.0.2"), peer("127.0.0.2"));
    assert_eq!(peer("2001:db8:1:2::1").to_string(), "2001:db8:1:2::/64");
}

#[tokio::test]
async fn an_address_at_its_cap_waits_then_is_refused_and_others_are_served() {
    let conns = Conns::new(Limits {
        max_connections: 3,
        max_per_ip: 2,
        wait: Duration::from_millis(300),
    });
    let (a, b) = (peer("127.0.0.2"), peer("127.0.0.3"));
    let busy1 = conns.admit(a).await.unwrap();
    let busy2 = conns.admit(a).await.unwrap();
    let handling = (busy1.activity.handling(), busy2.activity.handling());
    assert_eq!(
        conns.admit(a).await.err(),
        Some(Refusal::PeerFull { peer: a, cap: 2 })
    );
    let _b = conns.admit(b).await.unwrap();
    assert_eq!(conns.admit(b).await.err(), Some(Refusal::Full { cap: 3 }));
    // A freed slot goes to a waiting connection at once.
    let waiting = tokio::spawn({
        let conns = conns.clone();
        async move { conns.admit(a).await.map(|_| ()) }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = std::time::Instant::now();
    drop((handling, busy1));
    assert_eq!(waiting.await.unwrap(), Ok(()));
    assert!(started.elapsed() < Duration::from_millis(200));
    let table = conns.lock();
    assert_eq!((table.waiting_total, table.waiting.len()), (0, 0));
}

#[tokio::test]
async fn a_quiet_connection_gives_way_when_the_cap_is_reached() {
    let conns = Conns::new(Limits {
        max_connections: 1,
        max_per_ip: 1,
        wait: Duration::from_secs(5),
    });
    let a = peer("127.0.0.2");
    let quiet = conns.admit(a).await.unwrap();
    // It has been answered once (a connection that never asked is left to the idle timeout).
    drop(quiet.activity.handling());
    let shedder = tokio::spawn({
        let conns = conns.clone();
        async move {
            for _ in 0..40 {
                tokio::time::sleep(RECHECK).await;
                conns.shed_for_waiters();
            }
        }
    });
    let started = std::time::Instant::now();
    let newer = conns.admit(a).await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= SHED_AFTER - Duration::from_millis(10) && waited < SHED_AFTER * 2,
        "{waited:?}"
    );
    tokio::time::timeout(Duration::from_secs(1), quiet.shed())
        .await
        .expect("the quiet connection was told to close");
    drop(quiet);
    assert_eq!(
        conns.lock().served.len(),
        1,
        "its slot went to the newer one"
    );
    drop(newer);
    let table = conns.lock();
    assert!(table.served.is_empty() && table.per_peer.is_empty());
    shedder.abort();
}

#[tokio::test]
async fn waiting_connections_are_refused_at_shutdown() {
    let conns = Conns::new(Limits {
        max_connections: 1,
        max_per_ip: 1,
        wait: Duration::from_secs(30),
    });
    let a = peer("127.0.0.2");
    let busy = conns.admit(a).await.unwrap();
    let _h = busy.activity.handling();
    let waiting = tokio::spawn({
        let conns = conns.clone();
        async move { conns.admit(a).await.err() }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    conns.stop_waiting();
    assert_eq!(waiting.await.unwrap(), Some(Refusal::ShuttingDown));
}

#[tokio::test]
async fn a_connection_that_never_asked_is_left_to_the_idle_timeout() {
    let conns = Conns::new(Limits {
        max_connections: 1,
        max_per_ip: 1,
        wait: SHED_AFTER * 2,
    });
    let a = peer("127.0.0.2");
    let silent = conns.admit(a).await.unwrap();
    let shedder = tokio::spawn({
        let conns = conns.clone();
        async move {
            loop {
                tokio::time::sleep(RECHECK).await;
                conns.shed_for_waiters();
            }
        }
    });
    assert!(conns.crowded(a) || conns.lock().waiting.is_empty());
    assert_eq!(
        conns.admit(a).await.err(),
        Some(Refusal::PeerFull { peer: a, cap: 1 }),
        "a client that has not sent its first request yet may be about to"
    );
    drop(silent);
    shedder.abort();
}
