//! Who gets a connection slot. Why: the receiver served at most `--max-connections` at once and left the
//! rest in the listen queue, so ~1,030 sockets that pipelined requests and never read the answers held
//! every slot for good and a normal request waited forever. Now:
//!
//! - one client address holds at most `--max-connections-per-ip` slots (IPv6 counted per /64, since one
//!   host usually has a whole /64), so one peer cannot take them all;
//! - when a cap is reached, a new connection takes the slot of the connection that has been quiet the
//!   longest — no request being handled and no byte moved either way (idle, or a response its peer is not
//!   reading) for over [`SHED_AFTER`] — from the same address if that address is at its cap. A connection
//!   that has not sent a request yet is left to `--idle-timeout`: closing it could cut off a client just
//!   about to send one;
//! - while connections wait, answers on the connections whose slot they could take say
//!   `Connection: close` ([`Conns::crowded`]), so the slot passes on as soon as the answer is out, and the
//!   client knows not to send another request on a connection about to close;
//! - otherwise it waits, accepted but not yet served, up to `--read-timeout` for a slot (as many again as
//!   `--max-connections` may wait), and is then refused (refusal.rs: `503` with `Retry-After`); beyond
//!   that it is refused at once. The listen queue is never where a client is left to hang.
//!
//! Waiting costs nothing while nothing changes: a freed slot wakes one waiter that can use it (of the
//! same address first), and one task ([`Conns::shed_for_waiters`], every [`RECHECK`]) looks for quiet
//! connections to replace, instead of every waiter polling.

use std::{
    collections::HashMap,
    fmt,
    net::{IpAddr, Ipv6Addr},
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use tokio::sync::Notify;

use super::{activity::Activity, refusal::Refusal};

/// A connection quiet for this long may be closed to make room for a new one when a cap is reached; a
/// connection that has only just opened (or paused between two writes) is never taken for a hog.
pub const SHED_AFTER: Duration = Duration::from_secs(1);
/// How often quiet connections are looked for while some connection waits (quiet time grows without
/// any event to wake on).
pub const RECHECK: Duration = Duration::from_millis(250);

pub struct Limits {
    pub max_connections: usize,
    pub max_per_ip: usize,
    /// How long a connection beyond the caps waits for a slot.
    pub wait: Duration,
}

/// A client address as the caps count it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Peer(IpAddr);

impl Peer {
    pub fn of(ip: IpAddr) -> Peer {
        match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Peer(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    Peer(IpAddr::V6(Ipv6Addr::new(
                        s[0], s[1], s[2], s[3], 0, 0, 0, 0,
                    )))
                }
            },
            v4 => Peer(v4),
        }
    }
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

struct Entry {
    peer: Peer,
    activity: Arc<Activity>,
    shed: Arc<Notify>,
}

/// The connections of one address waiting for a slot, and how to wake one of them.
struct Queue {
    count: usize,
    wake: Arc<Notify>,
}

#[derive(Default)]
struct Table {
    next_id: u64,
    served: HashMap<u64, Entry>,
    per_peer: HashMap<Peer, usize>,
    waiting: HashMap<Peer, Queue>,
    waiting_total: usize,
    closing: bool,
}

impl Table {
    fn count(&self, peer: Peer) -> usize {
        self.per_peer.get(&peer).copied().unwrap_or(0)
    }
}

pub struct Conns {
    limits: Limits,
    table: Mutex<Table>,
}

/// A served connection's place in the table; dropping it frees the slot.
pub struct Slot {
    conns: Arc<Conns>,
    id: u64,
    pub activity: Arc<Activity>,
    shed: Arc<Notify>,
}

impl Slot {
    /// Resolves when the table has given this slot to a newer connection: close this one.
    pub async fn shed(&self) {
        self.shed.notified().await
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.conns.release(self.id);
    }
}

/// Counts a connection as waiting until dropped.
struct Waiting<'a> {
    conns: &'a Conns,
    peer: Peer,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut table = self.conns.lock();
        table.waiting_total -= 1;
        if let Some(q) = table.waiting.get_mut(&self.peer) {
            q.count -= 1;
            if q.count == 0 {
                table.waiting.remove(&self.peer);
            }
        }
    }
}

impl Conns {
    pub fn new(limits: Limits) -> Arc<Conns> {
        Arc::new(Conns {
            limits,
            table: Mutex::default(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A slot for a new connection from `peer`: at once, in place of a quiet connection, or after
    /// waiting; or why not.
    pub async fn admit(self: &Arc<Self>, peer: Peer) -> Result<Slot, Refusal> {
        let deadline = tokio::time::Instant::now() + self.limits.wait;
        let wake = {
            let mut table = self.lock();
            if table.closing {
                return Err(Refusal::ShuttingDown);
            }
            if self.fits(&table, peer) || self.shed(&mut table, peer, 1) == 1 {
                return Ok(self.insert(&mut table, peer));
            }
            if table.waiting_total >= self.limits.max_connections {
                return Err(self.refusal(&table, peer));
            }
            table.waiting_total += 1;
            let queue = table.waiting.entry(peer).or_insert_with(|| Queue {
                count: 0,
                wake: Arc::new(Notify::new()),
            });
            queue.count += 1;
            queue.wake.clone()
        };
        let _waiting = Waiting { conns: self, peer };
        loop {
            let woken = wake.notified();
            tokio::pin!(woken);
            // Registered before looking, so a slot freed in between still wakes this one.
            woken.as_mut().enable();
            {
                let mut table = self.lock();
                if table.closing {
                    return Err(Refusal::ShuttingDown);
                }
                if self.fits(&table, peer) {
                    return Ok(self.insert(&mut table, peer));
                }
            }
            tokio::select! {
                _ = woken => {}
                _ = tokio::time::sleep_until(deadline) => return Err(self.refusal(&self.lock(), peer)),
            }
        }
    }

    fn fits(&self, table: &Table, peer: Peer) -> bool {
        table.count(peer) < self.limits.max_per_ip
            && table.served.len() < self.limits.max_connections
    }

    fn refusal(&self, table: &Table, peer: Peer) -> Refusal {
        if table.count(peer) >= self.limits.max_per_ip {
            Refusal::PeerFull {
                peer,
                cap: self.limits.max_per_ip,
            }
        } else {
            Refusal::Full {
                cap: self.limits.max_connections,
            }
        }
    }

    fn insert(self: &Arc<Self>, table: &mut Table, peer: Peer) -> Slot {
        let id = table.next_id;
        table.next_id += 1;
        let activity = Arc::new(Activity::new());
        let shed = Arc::new(Notify::new());
        table.served.insert(
            id,
            Entry {
                peer,
                activity: activity.clone(),
                shed: shed.clone(),
            },
        );
        *table.per_peer.entry(peer).or_default() += 1;
        Slot {
            conns: self.clone(),
            id,
            activity,
            shed,
        }
    }

    /// Closes up to `wanted` quiet connections to make room for `peer` — its own if it is at its cap,
    /// anyone's if the receiver is full — the quietest first; returns how many.
    fn shed(&self, table: &mut Table, peer: Peer, wanted: usize) -> usize {
        let peer_full = table.count(peer) >= self.limits.max_per_ip;
        let full = table.served.len() >= self.limits.max_connections;
        if !peer_full && !full {
            return 0;
        }
        let mut quiet: Vec<(Duration, u64)> = table
            .served
            .iter()
            .filter(|(_, e)| !peer_full || e.peer == peer)
            .filter(|(_, e)| e.activity.has_asked() && !e.activity.busy())
            .map(|(id, e)| (e.activity.quiet_for(), *id))
            .filter(|(q, _)| *q >= SHED_AFTER)
            .collect();
        quiet.sort_unstable_by(|a, b| b.cmp(a));
        quiet.truncate(wanted);
        for (_, id) in &quiet {
            let entry = table.served.remove(id).expect("listed from the table");
            Self::uncount(table, entry.peer);
            entry.shed.notify_one();
        }
        quiet.len()
    }

    /// Run every [`RECHECK`] while the receiver accepts: replaces quiet connections for the ones waiting,
    /// and wakes as many waiters as slots were freed.
    pub fn shed_for_waiters(&self) {
        let mut table = self.lock();
        let queues: Vec<(Peer, usize, Arc<Notify>)> = table
            .waiting
            .iter()
            .map(|(p, q)| (*p, q.count, q.wake.clone()))
            .collect();
        for (peer, count, wake) in queues {
            for _ in 0..self.shed(&mut table, peer, count) {
                wake.notify_one();
            }
        }
    }

    fn uncount(table: &mut Table, peer: Peer) {
        if let Some(n) = table.per_peer.get_mut(&peer) {
            *n -= 1;
            if *n == 0 {
                table.per_peer.remove(&peer);
            }
        }
    }

    /// Frees a slot and wakes one waiter that can use it: one of the same address first (its count just
    /// went down), else one of an address below its cap.
    fn release(&self, id: u64) {
        let mut table = self.lock();
        // A shed connection's slot was already given away (and its waiter woken).
        let Some(entry) = table.served.remove(&id) else {
            return;
        };
        Self::uncount(&mut table, entry.peer);
        let next = match table.waiting.get(&entry.peer) {
            Some(q) => Some(q.wake.clone()),
            None => table
                .waiting
                .iter()
                .find(|(p, _)| table.count(**p) < self.limits.max_per_ip)
                .map(|(_, q)| q.wake.clone()),
        };
        if let Some(wake) = next {
            wake.notify_one();
        }
    }

    /// Whether connections wait that a slot of `peer`'s could go to: its own, or any while the receiver
    /// is full. Answers then close their connection.
    pub fn crowded(&self, peer: Peer) -> bool {
        let table = self.lock();
        table.waiting.contains_key(&peer)
            || (table.waiting_total > 0 && table.served.len() >= self.limits.max_connections)
    }

    /// At shutdown: connections still waiting are refused, and no more quiet ones are shed.
    pub fn stop_waiting(&self) {
        let mut table = self.lock();
        table.closing = true;
        for q in table.waiting.values() {
            q.wake.notify_waiters();
        }
    }

    pub fn closing(&self) -> bool {
        self.lock().closing
    }
}

#[cfg(test)]
mod tests;
