//! severity-triage, the widget: a thin Leptos shell over `triage-core`.
//!
//! Everything with rules in it (policy, flow, suggestion, deadlines, the ticket) is in the core and tested
//! natively; this crate only renders the core's model, formats times through Intl, keeps the draft and the
//! outbox in the browser, and posts.

pub mod alarm;
pub mod card;
mod confirmation;
mod context;
pub mod delivery;
pub mod delivery_view;
pub mod dom;
pub mod draft_store;
pub mod embed;
pub mod host;
pub mod intl;
pub mod outbox;
pub mod panel;
pub mod steps;
pub mod submit;
pub mod widget;
pub mod zones;

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How the widget is presented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A "Get help" button that opens a modal dialog.
    Launcher,
    /// The panel in the page, for docs pages.
    Inline,
}

/// How a host page configures one widget, read from the mount element's `data-*` attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// URL of the vendor's compiled policy (`data-policy`). Without one (and no policy inside the
    /// element) the widget shows the host's fallback contact: never another vendor's policy.
    pub policy_url: Option<String>,
    /// Overrides the policy's endpoint (`data-endpoint`); the demo points it at the local receiver.
    pub endpoint: Option<String>,
    /// The person's plan id, when the host knows it (`data-plan`).
    pub plan: Option<String>,
    pub mode: Mode,
    /// What to tell people if the policy itself cannot be loaded (`data-fallback`).
    pub fallback: Option<String>,
    /// A prefix unique on the page, so several widgets never share an element id.
    pub id_prefix: String,
    /// What the host page says about the person (`data-context-product-version`, `-account-id`,
    /// `-user-name`, `-user-email`).
    pub host_context: Vec<(triage_core::context::ContextItem, String)>,
    /// The policy itself, when the host page embeds it (a child `<script type="application/json">`).
    pub policy_inline: Option<String>,
    /// What the host page asks of this widget, and where its events go.
    pub host: host::Host,
    /// Retry backoff base in milliseconds instead of the standard 2 s (`test-backoff-ms` or `data-test-backoff-ms`), so tests
    /// of delivery under faults finish in seconds.
    pub test_backoff_ms: Option<u64>,
}

static INSTANCES: AtomicUsize = AtomicUsize::new(0);

impl Config {
    /// Reads `policy`, `endpoint`, `plan`, `mode`, `fallback` (each also as `data-*`, the form the
    /// `<severity-triage>` element and a plain `[data-severity-triage]` mount point use respectively).
    pub fn from_element(el: &web_sys::Element) -> Config {
        let attr = |name: &str| {
            el.get_attribute(name)
                .or_else(|| el.get_attribute(&format!("data-{name}")))
                .filter(|s| !s.trim().is_empty())
        };
        let mut config = Config {
            policy_url: attr("policy"),
            endpoint: attr("endpoint"),
            plan: attr("plan"),
            mode: match attr("mode").as_deref() {
                Some("inline") => Mode::Inline,
                _ => Mode::Launcher,
            },
            fallback: attr("fallback"),
            id_prefix: format!("st{}", INSTANCES.fetch_add(1, Ordering::Relaxed) + 1),
            host_context: triage_core::context::ContextItem::ALL
                .into_iter()
                .filter_map(|item| Some((item, attr(item.host_attribute()?)?)))
                .collect(),
            policy_inline: None,
            host: host::Host::default(),
            test_backoff_ms: attr("test-backoff-ms").and_then(|v| v.trim().parse().ok()),
        };
        // The demo page lets anyone try any policy and plan: `?policy=URL&plan=ID`.
        if el.has_attribute("data-query-config") || el.has_attribute("query-config") {
            if let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) {
                if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
                    if let Some(p) = params.get("policy").filter(|s| !s.is_empty()) {
                        config.policy_url = Some(p);
                    }
                    if let Some(p) = params.get("plan").filter(|s| !s.is_empty()) {
                        config.plan = Some(p);
                    }
                    if let Some(m) = params.get("mode") {
                        config.mode = if m == "inline" {
                            Mode::Inline
                        } else {
                            Mode::Launcher
                        };
                    }
                }
            }
        }
        config
    }
}

/// Mounts a widget into `el`; the returned handle unmounts it when dropped.
pub fn mount(
    el: web_sys::HtmlElement,
    config: Config,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    host::register_root(&config.id_prefix, &el);
    leptos::mount::mount_to(
        el,
        move || view! { <widget::Widget config=config.clone() /> },
    )
}

/// Mounts into every `[data-severity-triage]` element on the page.
pub fn mount_all() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(nodes) = doc.query_selector_all("[data-severity-triage]") else {
        return;
    };
    for i in 0..nodes.length() {
        if let Some(el) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let config = Config::from_element(&el);
            mount(el, config).forget();
        }
    }
}
