//! The sender: one loop per page that, while this tab holds the outbox lock, posts due entries, records
//! failures on the backoff schedule and removes entries after a 2xx. It wakes when a ticket is filed, on
//! "Retry now" (from any tab, through a storage key), on the `online` event, when an entry becomes due, and
//! on page load — so a ticket left queued when a tab closed is sent by the next page that opens.
//!
//! A sender posts only the entries filed for its endpoint (`Entry::goes_to`): a page configured with
//! another endpoint leaves the vendor's queued tickets alone, and they go out from the next page that
//! posts where they were filed for.
//!
//! One sender at a time per policy and endpoint across tabs: Web Locks (`navigator.locks.request`, held for the page's lifetime and
//! released by the browser when the page goes away) where available, else a storage lease renewed every
//! second. A second sender would only cost an extra POST: the receiver deduplicates by Idempotency-Key.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use triage_core::delivery::Backoff;
use triage_core::maps::SortedMap;
use triage_core::outbox::{due_order, next_wake_ms, Entry};
use triage_core::ticket::Ticket;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::alarm::{sleep_ms, Alarm};
use crate::outbox::{self, Contents};
use crate::submit::{self, Endpoint};

/// Longest the loop sleeps without looking at storage (entries filed by tabs that are not sending).
const POLL: Duration = Duration::from_millis(1_000);

/// The state of one ticket, for the person.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// In the outbox, no failed attempt yet.
    Sending,
    Sent {
        reference: String,
    },
    /// In the outbox after a failure (`held`: waiting for the person).
    Waiting(Entry),
    /// Not in the outbox and no receipt: storage refused it, and only this page knows it.
    NotKept {
        entry: Entry,
        why: String,
    },
}

/// What views hold: signals to read and the key of the page's sender to act through (the sender itself
/// is not `Send`, views must be).
#[derive(Clone)]
pub struct Handle {
    key: String,
    pub policy_id: String,
    pub contents: ArcRwSignal<Contents>,
    pub unkept: ArcRwSignal<SortedMap<String, (Entry, String)>>,
}

impl Handle {
    fn sender(&self) -> Option<Rc<Delivery>> {
        SENDERS.with(|s| s.borrow().get(&self.key).cloned())
    }
    pub fn submit(&self, ticket: Ticket) {
        if let Some(d) = self.sender() {
            d.submit(ticket);
        }
    }
    pub fn replace(&self, old_id: &str, ticket: Ticket) {
        if let Some(d) = self.sender() {
            d.replace(old_id, ticket);
        }
    }
    pub fn retry_now(&self) {
        if let Some(d) = self.sender() {
            d.retry_now();
        }
    }

    pub fn state(&self, id: &str) -> Option<State> {
        if let Some((entry, why)) = self.unkept.with(|u| u.get(id).cloned()) {
            return Some(State::NotKept { entry, why });
        }
        self.contents.with(|c| {
            if let Some(reference) = c.receipts.get(id) {
                return Some(State::Sent {
                    reference: reference.clone(),
                });
            }
            let e = c.entries.iter().find(|e| e.ticket.id == id)?;
            Some(if e.last.is_some() {
                State::Waiting(e.clone())
            } else {
                State::Sending
            })
        })
    }
}

/// The outbox of one policy as this page sees it, kept current for the views.
pub struct Delivery {
    pub policy_id: String,
    /// `policy_id` and the endpoint's URL: names this sender's lock and lease.
    key: String,
    /// The policy's own endpoint (absolute), where entries from before entries named theirs may go.
    policy_endpoint: String,
    endpoint: Endpoint,
    backoff: Backoff,
    alarm: Alarm,
    /// Everything due now, regardless of `next_at_ms` (Retry now, `online`).
    force: Cell<bool>,
    /// Tickets storage refused; this page posts them itself.
    unkept: RefCell<SortedMap<String, (Entry, String)>>,
    pub contents: ArcRwSignal<Contents>,
    pub unkept_signal: ArcRwSignal<SortedMap<String, (Entry, String)>>,
}

thread_local! {
    static SENDERS: RefCell<SortedMap<String, Rc<Delivery>>> = const { RefCell::new(SortedMap::new()) };
}

impl Delivery {
    /// The sender for the widget configured by `config` on `policy`: its endpoint (the host's
    /// `endpoint` over the policy's), headers and timeout, and the backoff (`test-backoff-ms`). The
    /// widget starts it as soon as the policy is in, so a ticket left queued by an earlier page is sent
    /// on this page's load even if nobody opens the dialog.
    pub fn for_widget(p: &triage_core::policy::Policy, config: &crate::Config) -> Handle {
        let endpoint = Endpoint {
            url: absolute(config.endpoint.as_deref().unwrap_or(&p.endpoint.url)),
            headers: p.endpoint.headers.clone(),
            timeout: Duration::from_secs(u64::from(p.endpoint.timeout_seconds)),
            reference_pointer: p.endpoint.reference_pointer.clone(),
        };
        let backoff = config
            .test_backoff_ms
            .map_or(Backoff::STANDARD, Backoff::short);
        let policy_endpoint = absolute(&p.endpoint.url);
        Delivery::for_policy(&p.id, &policy_endpoint, endpoint, backoff)
    }

    /// The page's sender for this policy and endpoint, started on first use.
    pub fn for_policy(
        policy_id: &str,
        policy_endpoint: &str,
        endpoint: Endpoint,
        backoff: Backoff,
    ) -> Handle {
        let key = format!("{policy_id} {}", endpoint.url);
        let existing = SENDERS.with(|s| s.borrow().get(&key).cloned());
        let d = existing.unwrap_or_else(|| {
            Delivery::start_new(&key, policy_id, policy_endpoint, endpoint, backoff)
        });
        Handle {
            key,
            policy_id: d.policy_id.clone(),
            contents: d.contents.clone(),
            unkept: d.unkept_signal.clone(),
        }
    }

    fn start_new(
        key: &str,
        policy_id: &str,
        policy_endpoint: &str,
        endpoint: Endpoint,
        backoff: Backoff,
    ) -> Rc<Delivery> {
        let d = Rc::new(Delivery {
            policy_id: policy_id.to_string(),
            key: key.to_string(),
            policy_endpoint: policy_endpoint.to_string(),
            endpoint,
            backoff,
            alarm: Alarm::default(),
            force: Cell::new(true),
            unkept: RefCell::default(),
            contents: ArcRwSignal::new(Contents::default()),
            unkept_signal: ArcRwSignal::new(SortedMap::new()),
        });
        d.refresh();
        SENDERS.with(|s| s.borrow_mut().insert(key.to_string(), d.clone()));
        d.listen();
        d.clone().start();
        d
    }

    /// Writes the ticket to the outbox (before any attempt) and wakes the sender.
    pub fn submit(self: &Rc<Self>, ticket: Ticket) {
        let entry = Entry::new(ticket, &self.endpoint.url);
        match outbox::put(&entry) {
            Ok(()) => {
                self.refresh();
                outbox::nudge(&self.policy_id);
                self.wake(false);
            }
            Err(why) => {
                web_sys::console::error_1(&format!("severity-triage: {why}").into());
                let id = entry.ticket.id.clone();
                self.unkept.borrow_mut().insert(id.clone(), (entry, why));
                self.publish_unkept();
                let me = self.clone();
                wasm_bindgen_futures::spawn_local(async move { me.send_unkept(&id).await });
            }
        }
    }

    /// The person replaced a ticket the endpoint refused by an edited one.
    pub fn replace(self: &Rc<Self>, old_id: &str, ticket: Ticket) {
        outbox::remove(&self.policy_id, old_id);
        self.unkept.borrow_mut().remove(old_id);
        self.submit(ticket);
    }

    /// "Retry now": everything due at once in whichever tab sends; held entries are released.
    pub fn retry_now(self: &Rc<Self>) {
        for e in self.mine(outbox::read(&self.policy_id)).entries {
            if e.held {
                let _ = outbox::put(&e.nudged());
            }
        }
        outbox::nudge(&self.policy_id);
        self.wake(true);
        let ids: Vec<String> = self.unkept.borrow().keys().cloned().collect();
        for id in ids {
            let me = self.clone();
            wasm_bindgen_futures::spawn_local(async move { me.send_unkept(&id).await });
        }
    }

    fn wake(&self, force: bool) {
        if force {
            self.force.set(true);
        }
        self.alarm.wake();
    }

    /// What the outbox holds for this sender: the entries filed for its endpoint (receipts and
    /// set-aside entries are the policy's, whoever sent or wrote them).
    fn mine(&self, mut contents: Contents) -> Contents {
        contents
            .entries
            .retain(|e| e.goes_to(&self.endpoint.url, &self.policy_endpoint));
        contents
    }

    fn refresh(&self) {
        let fresh = self.mine(outbox::read(&self.policy_id));
        if self.contents.with_untracked(|c| *c != fresh) {
            self.contents.set(fresh);
        }
    }

    fn publish_unkept(&self) {
        self.unkept_signal.set(self.unkept.borrow().clone());
    }

    async fn send_unkept(&self, id: &str) {
        let Some((entry, why)) = self.unkept.borrow().get(id).cloned() else {
            return;
        };
        match submit::post(&self.endpoint, &entry.ticket).await {
            Ok(reference) => {
                self.unkept.borrow_mut().remove(id);
                self.publish_unkept();
                // No entry to remove; the receipt lets the view show the reference.
                outbox::acknowledge(&self.policy_id, id, &reference);
                self.refresh();
            }
            Err(f) => {
                let now = js_sys::Date::now() as i64;
                let e = entry.failed(&f, now, js_sys::Math::random(), self.backoff);
                self.unkept.borrow_mut().insert(id.to_string(), (e, why));
                self.publish_unkept();
            }
        }
    }

    /// `online`, and storage changes from other tabs (new entries, Retry now, receipts).
    fn listen(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let me = Rc::downgrade(self);
        let online = Closure::<dyn Fn()>::new(move || {
            if let Some(d) = me.upgrade() {
                d.wake(true);
            }
        });
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
        let me = Rc::downgrade(self);
        let policy = self.policy_id.clone();
        let storage =
            Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |ev: web_sys::StorageEvent| {
                let Some(d) = me.upgrade() else { return };
                let key = ev.key().unwrap_or_default();
                if key.is_empty() || outbox::concerns(&policy, &key) {
                    d.refresh();
                    d.wake(key == outbox::nudge_key(&policy));
                }
            });
        let _ =
            window.add_event_listener_with_callback("storage", storage.as_ref().unchecked_ref());
        storage.forget();
    }

    fn start(self: Rc<Self>) {
        let name = format!("severity-triage:outbox:{}", self.key);
        let locks = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
            .filter(|l| !l.is_undefined() && !l.is_null());
        let request = locks.as_ref().and_then(|l| {
            js_sys::Reflect::get(l, &"request".into())
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()
        });
        // Until this tab is the sender, it still keeps its view of the outbox current.
        let watcher = self.clone();
        wasm_bindgen_futures::spawn_local(async move { watcher.watch().await });
        match (locks, request) {
            (Some(locks), Some(request)) => {
                let me = self.clone();
                let granted = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
                    wasm_bindgen_futures::spawn_local(async move { me.run(None).await });
                    // Never settles: the lock is held until the page goes away.
                    js_sys::Promise::new(&mut |_, _| {})
                });
                if request.call2(&locks, &name.into(), &granted).is_err() {
                    wasm_bindgen_futures::spawn_local(async move { self.run_leased().await });
                }
            }
            _ => wasm_bindgen_futures::spawn_local(async move { self.run_leased().await }),
        }
    }

    /// Keeps `contents` current while another tab sends.
    async fn watch(&self) {
        loop {
            sleep_ms(POLL.as_millis() as u32).await;
            self.refresh();
        }
    }

    async fn run_leased(self: Rc<Self>) {
        // This tab's name in the storage lease: a random integer (formatting the `f64` itself would link
        // core's float formatter, about 9.5 KB of wasm, for this one line).
        let me = ((js_sys::Math::random() * 9_007_199_254_740_992.0) as u64).to_string();
        loop {
            if outbox::hold_lease(&self.key, &me).await {
                self.run(Some(&me)).await;
            }
            sleep_ms(POLL.as_millis() as u32).await;
        }
    }

    /// The sending loop. With a lease (`Some(me)`) it returns as soon as the lease is lost.
    async fn run(&self, lease: Option<&str>) {
        loop {
            if let Some(me) = lease {
                if !outbox::hold_lease(&self.key, me).await {
                    return;
                }
            }
            let force = self.force.replace(false);
            self.refresh();
            let now = js_sys::Date::now() as i64;
            let entries = self.contents.with_untracked(|c| c.entries.clone());
            let due: Vec<String> = due_order(&entries, if force { i64::MAX } else { now })
                .iter()
                .map(|e| e.ticket.id.clone())
                .collect();
            for id in due {
                // Re-read: another tab may have replaced or removed it since.
                let Some(entry) = outbox::get(&self.policy_id, &id) else {
                    continue;
                };
                if entry.held || !entry.goes_to(&self.endpoint.url, &self.policy_endpoint) {
                    continue;
                }
                let result = submit::post(&self.endpoint, &entry.ticket).await;
                match result {
                    Ok(reference) => outbox::acknowledge(&self.policy_id, &id, &reference),
                    Err(failure) => {
                        if let Some(current) = outbox::get(&self.policy_id, &id) {
                            let now = js_sys::Date::now() as i64;
                            let next =
                                current.failed(&failure, now, js_sys::Math::random(), self.backoff);
                            let _ = outbox::put(&next);
                        }
                    }
                }
                self.refresh();
                if lease.is_some() {
                    break;
                }
            }
            let wait = self
                .contents
                .with_untracked(|c| next_wake_ms(&c.entries))
                .map_or(POLL.as_millis() as i64, |at| {
                    at - js_sys::Date::now() as i64
                })
                .clamp(0, POLL.as_millis() as i64);
            self.alarm.sleep(wait as u32).await;
        }
    }
}

/// `url` resolved against the page, as `fetch` would resolve it: entries record and compare absolute
/// URLs, so `/api/tickets` on two pages of one origin is one endpoint.
fn absolute(url: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(url, &base).ok())
        .map_or_else(|| url.to_string(), |u| u.href())
}
