//! The link between one widget and the page that embeds it: what the host asked for (open, close,
//! prefill, ticket context) as signals the components read, and the DOM events the widget reports back
//! through (`triage-open`, `triage-step`, `triage-submitted`, `triage-error`).
//!
//! Events go out through a JS function the loader supplies; the loader dispatches them on the custom
//! element inside a try/catch, so a host listener that throws can never unwind into the wasm.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use triage_core::flow::{Draft, Prefill};
use triage_core::maps::SortedMap;
use triage_core::policy::Policy;
use triage_core::ticket::Ticket;
use wasm_bindgen::{JsCast, JsValue};

use crate::delivery::State;

struct Inner {
    open: ArcRwSignal<bool>,
    /// The latest prefill; replaced (never merged) by each `open({ prefill })`.
    prefill: ArcRwSignal<Prefill>,
    context: ArcRwSignal<SortedMap<String, String>>,
    emit: Option<js_sys::Function>,
    /// The id of the last ticket reported as submitted.
    reported: std::sync::Mutex<String>,
    /// The loader's fetch of the policy, started with the wasm's (see `take_policy_fetch`).
    policy_fetch: std::sync::Mutex<Option<js_sys::Promise>>,
}

/// Shared by the components of one widget and the handle the host page holds.
#[derive(Clone)]
pub struct Host(Arc<Inner>);

impl Default for Host {
    fn default() -> Host {
        Host::new(None)
    }
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Host")
    }
}

impl PartialEq for Host {
    fn eq(&self, other: &Host) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for Host {}

impl Host {
    pub fn new(emit: Option<js_sys::Function>) -> Host {
        Host(Arc::new(Inner {
            open: ArcRwSignal::new(false),
            prefill: ArcRwSignal::new(Prefill::default()),
            context: ArcRwSignal::new(SortedMap::new()),
            emit,
            reported: Default::default(),
            policy_fetch: Default::default(),
        }))
    }

    pub fn open_signal(&self) -> RwSignal<bool> {
        self.0.open.clone().into()
    }

    pub fn set_open(&self, open: bool) {
        self.0.open.set(open);
    }

    /// The loader fetches the policy together with the wasm, so a cold widget waits for one round trip, not
    /// two: a promise of its text, rejected with the failure as a string. Taken once, by the load.
    pub fn set_policy_fetch(&self, fetch: js_sys::Promise) {
        *self
            .0
            .policy_fetch
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(fetch);
    }

    pub fn take_policy_fetch(&self) -> Option<js_sys::Promise> {
        self.0
            .policy_fetch
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    pub fn set_prefill(&self, prefill: Prefill) {
        self.0.prefill.set(prefill);
    }

    pub fn extend_context(&self, context: SortedMap<String, String>) {
        self.0.context.update(|c| c.extend(context));
    }

    /// Dispatches `triage-<name>` on the host element with `detail` as a plain object of these fields.
    /// Built in JS directly: going through `serde_json::Value` and `JSON.parse` cost wasm for nothing.
    pub fn emit(&self, name: &str, detail: &[(&str, JsValue)]) {
        let Some(f) = &self.0.emit else { return };
        let object = js_sys::Object::new();
        for (key, value) in detail {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
        }
        let _ = f.call2(&JsValue::NULL, &format!("triage-{name}").into(), &object);
    }

    /// Applies the host's prefill to `draft` now and whenever the host sends a new one; reports each
    /// step the person reaches. Called once by the panel.
    pub fn attach(&self, policy: &Arc<Policy>, draft: RwSignal<Draft>, in_dialog: bool) {
        // What the host says about the person (`context-*`, `el.open({ context })`) joins the draft's
        // context, where the person sees it and may remove it like any other item.
        let context = self.0.context.clone();
        Effect::new(move |_| {
            let extra = context.get();
            if extra.is_empty() {
                return;
            }
            draft.update(|d| {
                let unknown =
                    d.add_host_context(extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                for id in unknown {
                    web_sys::console::warn_1(
                        &format!(
                            "severity-triage: context {} is not a context item; ignored",
                            triage_core::json::Quoted(&id)
                        )
                        .into(),
                    );
                }
            });
        });
        let prefill = self.0.prefill.clone();
        let p = policy.clone();
        Effect::new(move |_| {
            let prefill = prefill.get();
            if prefill.is_empty() {
                return;
            }
            let mut d = draft.get_untracked();
            for skipped in d.apply_prefill(&p, &prefill) {
                web_sys::console::warn_1(&format!("severity-triage: {skipped}").into());
            }
            draft.set(d);
        });
        let host = self.clone();
        let p = policy.clone();
        Effect::new(move |last: Option<triage_core::flow::Step>| {
            let step = draft.with(|d| d.step);
            // A panel in a dialog is built before it is shown: its first step is reported when the dialog
            // shows it (`report_step`), then every change.
            if last.map_or(!in_dialog, |last| last != step) {
                host.report_step(&p, draft);
            }
            step
        });
    }

    /// `triage-step` for the step `draft` is on.
    pub fn report_step(&self, p: &Policy, draft: RwSignal<Draft>) {
        let (step, (n, total)) = draft.with_untracked(|d| (d.step, d.position(p)));
        self.emit(
            "step",
            &[
                ("step", step.id().into()),
                ("n", (n as f64).into()),
                ("total", (total as f64).into()),
            ],
        );
    }

    /// Reports what happens to the ticket the panel filed: `triage-submitted` once the receiver gave a
    /// reference; `triage-error` for each failed attempt (the outbox retries unless `held`) and when
    /// the browser could not keep the ticket.
    pub fn watch_delivery(&self, state: Signal<Option<State>>, ticket: Signal<Option<Ticket>>) {
        let host = self.clone();
        Effect::new(move |_| {
            state.with(|s| match s {
                Some(State::Sent { reference }) => {
                    // Once per ticket, however often the state is re-read.
                    let Some(t) = ticket.get_untracked() else {
                        return;
                    };
                    let mut reported = host.0.reported.lock().unwrap_or_else(|e| e.into_inner());
                    if *reported != t.id {
                        reported.clone_from(&t.id);
                        drop(reported);
                        host.emit(
                            "submitted",
                            &[
                                ("id", t.id.as_str().into()),
                                ("reference", reference.as_str().into()),
                                ("level", t.level.id.as_str().into()),
                            ],
                        );
                    }
                }
                Some(State::Waiting(e)) => {
                    if let Some(last) = &e.last {
                        let or_null = |v: Option<JsValue>| v.unwrap_or(JsValue::NULL);
                        host.emit(
                            "error",
                            &[
                                ("kind", "send".into()),
                                ("id", e.ticket.id.as_str().into()),
                                ("failure", last.kind.as_str().into()),
                                ("status", or_null(last.status.map(|s| f64::from(s).into()))),
                                ("attempts", f64::from(e.attempts).into()),
                                ("retrying", (!e.held).into()),
                                (
                                    "message",
                                    or_null(last.message.as_deref().map(JsValue::from_str)),
                                ),
                            ],
                        );
                    }
                }
                Some(State::NotKept { entry, why }) => host.emit(
                    "error",
                    &[
                        ("kind", "storage".into()),
                        ("id", entry.ticket.id.as_str().into()),
                        ("message", why.as_str().into()),
                    ],
                ),
                Some(State::Sending) | None => {}
            })
        });
    }
}

thread_local! {
    /// Id prefix → the element a widget is mounted in, so ids are looked up in the widget's own tree
    /// (a shadow root has its own id space, invisible to `document.getElementById`).
    static ROOTS: RefCell<Vec<(String, web_sys::Element)>> = const { RefCell::new(Vec::new()) };
    /// Id prefix → what the widget's current panel does each time its dialog is shown.
    static ON_SHOWN: RefCell<Vec<Shown>> = const { RefCell::new(Vec::new()) };
    static SHOWN_TOKENS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// What the current panel of widget `prefix` does each time its dialog is shown.
struct Shown {
    prefix: String,
    token: u64,
    handler: std::rc::Rc<dyn Fn()>,
}

/// The panel of widget `prefix` is built before its dialog opens: `handler` runs each time the dialog is
/// shown (`dialog_shown`), and at once if the dialog is open already, so every showing is handled exactly
/// once whichever of the two comes first. It replaces the previous panel's handler; the returned token is
/// what `forget_dialog_shown` takes.
pub fn on_dialog_shown(prefix: &str, handler: impl Fn() + 'static) -> u64 {
    let handler: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(handler);
    let token = SHOWN_TOKENS.with(|t| {
        t.set(t.get() + 1);
        t.get()
    });
    ON_SHOWN.with(|h| {
        let mut h = h.borrow_mut();
        h.retain(|s| s.prefix != prefix);
        h.push(Shown {
            prefix: prefix.to_string(),
            token,
            handler: handler.clone(),
        });
    });
    let open = by_id(&format!("{prefix}-dialog"))
        .and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok())
        .is_some_and(|d| d.open());
    if open {
        handler();
    }
    token
}

/// Forgets a panel's handler when the panel goes away, unless a newer panel replaced it already.
pub fn forget_dialog_shown(token: u64) {
    ON_SHOWN.with(|h| h.borrow_mut().retain(|s| s.token != token));
}

/// Called by the launcher right after `showModal()`.
pub fn dialog_shown(prefix: &str) {
    let handler = ON_SHOWN.with(|h| {
        h.borrow()
            .iter()
            .find(|s| s.prefix == prefix)
            .map(|s| s.handler.clone())
    });
    if let Some(f) = handler {
        f();
    }
}

pub fn register_root(prefix: &str, el: &web_sys::Element) {
    ROOTS.with(|r| r.borrow_mut().push((format!("{prefix}-"), el.clone())));
}

pub fn unregister_root(el: &web_sys::Element) {
    ROOTS.with(|r| r.borrow_mut().retain(|(_, e)| e != el));
}

/// The element with `id`, in the widget's own tree when it has one, else in the document.
pub fn by_id(id: &str) -> Option<web_sys::HtmlElement> {
    let root = ROOTS.with(|r| {
        r.borrow()
            .iter()
            .find(|(prefix, _)| id.starts_with(prefix.as_str()))
            .map(|(_, el)| el.clone())
    });
    let found = match root {
        Some(root) => root.query_selector(&format!("#{id}")).ok().flatten(),
        None => web_sys::window()?.document()?.get_element_by_id(id),
    };
    found?.dyn_into().ok()
}

/// The focused element as seen from inside `el`'s tree (a shadow root's `activeElement`).
pub fn active_element_near(el: &web_sys::Node) -> Option<web_sys::Element> {
    let root = el.get_root_node();
    if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        return shadow.active_element();
    }
    web_sys::window()?.document()?.active_element()
}
