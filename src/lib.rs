//! severity-triage, the widget: a thin Leptos shell over `triage-core`.
//!
//! Everything with rules in it (policy, suggestion, deadlines, the ticket) is in the core and tested
//! natively; this crate only renders, gathers browser context, stores the outbox and posts.

pub mod app;
pub mod outbox;
pub mod submit;
pub mod zones;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How a host page configures one widget, read from the mount element's `data-*` attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// URL of the vendor's policy JSON (`data-policy`).
    pub policy_url: String,
    /// Overrides the policy's endpoint (`data-endpoint`); the demo points it at the local receiver.
    pub endpoint: Option<String>,
}

impl Config {
    pub fn from_element(el: &web_sys::Element) -> Config {
        Config {
            policy_url: el
                .get_attribute("data-policy")
                .unwrap_or_else(|| "policies/wati.json".into()),
            endpoint: el.get_attribute("data-endpoint").filter(|s| !s.is_empty()),
        }
    }
}

/// Mounts a widget into `el`; the returned handle unmounts it when dropped.
pub fn mount(
    el: web_sys::HtmlElement,
    config: Config,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    leptos::mount::mount_to(el, move || view! { <app::Widget config=config.clone() /> })
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
