//! The widget's outer shell: loads the policy, then presents the flow panel either behind a launcher
//! button in a modal dialog (WAI-ARIA dialog pattern, native `<dialog>`: the page behind is inert) or
//! inline in the page. A policy that cannot be loaded shows a short notice with a way to reach support;
//! the precise error goes to the console for the integrator.

use std::sync::Arc;

use leptos::prelude::*;
use triage_core::policy::{Policy, UiString};
use wasm_bindgen::JsCast;

use crate::panel::Panel;
use crate::{Config, Mode};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("no support policy to show: the <severity-triage> element has no `policy` attribute (the URL of the vendor's compiled policy, from `triage compile`) and no <script type=\"application/json\"> policy inside it. The widget never shows another vendor's policy in its place")]
    NoPolicy,
    #[error("the `endpoint` attribute {endpoint} is refused: it {why}. No ticket is posted anywhere else: fix the attribute, or remove it to post to the policy's own endpoint")]
    Endpoint { endpoint: String, why: String },
    #[error("could not load the support policy from {url}: {detail}")]
    Fetch { url: String, detail: String },
    #[error("the support policy at {url} is not valid: {detail}")]
    Invalid {
        url: String,
        detail: String,
        /// The policy's own fallback contact, when the file was readable enough to have one.
        fallback: Option<String>,
    },
}

async fn load_policy(
    url: Option<String>,
    inline: Option<String>,
    prefetched: Option<js_sys::Promise>,
) -> Result<Arc<Policy>, LoadError> {
    let Some(url) = url else {
        return Err(LoadError::NoPolicy);
    };
    let fetch = |detail: String| LoadError::Fetch {
        url: url.clone(),
        detail,
    };
    let text = match (inline, prefetched) {
        (Some(text), _) => text,
        // The loader's fetch of the same URL: its text, or the failure in the words `fetch_text` uses.
        (None, Some(p)) => match wasm_bindgen_futures::JsFuture::from(p).await {
            Ok(text) => text.as_string().unwrap_or_default(),
            Err(e) => return Err(fetch(e.as_string().unwrap_or_default())),
        },
        (None, None) => fetch_text(&url).await.map_err(fetch)?,
    };
    parse_policy(&url, &text)
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let resp = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(fetch_error)?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    resp.text().await.map_err(fetch_error)
}

/// The browser's words for a failed fetch. Not `gloo_net::Error`'s `Display`: that also formats the
/// serde_json errors a fetch never has, and linked serde_json's and `std::io`'s messages into the wasm.
fn fetch_error(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.to_string(),
        gloo_net::Error::GlooError(s) => s,
        gloo_net::Error::SerdeError(_) => "the answer was not readable".into(),
    }
}

/// A host page's `endpoint` is held to the rules of the policy's own (`triage_core::endpoint`): a widget
/// configured by a link (iframe mode's `frame.html?endpoint=…`) must not post to another host over
/// plain http or through a URL a browser reads differently from how it looks.
fn check_endpoint(config: &Config) -> Result<(), LoadError> {
    match &config.endpoint {
        Some(url) => triage_core::endpoint::check_url(url).map_err(|why| LoadError::Endpoint {
            endpoint: triage_core::json::Quoted(url).to_string(),
            why: why.to_string(),
        }),
        None => Ok(()),
    }
}

/// The widget reads compiled policies only (`triage compile`); the validator stays in the CLI.
fn parse_policy(url: &str, text: &str) -> Result<Arc<Policy>, LoadError> {
    Policy::from_compiled(text)
        .map(Arc::new)
        .map_err(|e| LoadError::Invalid {
            url: url.to_string(),
            detail: e.at(url).to_string(),
            fallback: triage_core::json::parse(text)
                .ok()
                .and_then(|v| v.get("fallback_contact")?.as_str().map(str::to_string)),
        })
}

#[component]
pub fn Widget(config: Config) -> impl IntoView {
    let url = config.policy_url.clone();
    let inline = config.policy_inline.clone();
    let prefetched = config.host.take_policy_fetch();
    // Loaded once, by a plain task that fills a signal: a `LocalResource` would wrap the decoder in the
    // async-derived machinery (its future was 33 KB of wasm) for a value that never reloads.
    let policy = RwSignal::new(None::<Result<Arc<Policy>, LoadError>>);
    let for_sender = config.clone();
    leptos::task::spawn_local(async move {
        let loaded = load_policy(url, inline, prefetched)
            .await
            .and_then(|p| check_endpoint(&for_sender).map(|()| p));
        if let Ok(p) = &loaded {
            // Tickets queued by earlier pages go out now, dialog open or not.
            crate::delivery::Delivery::for_widget(p, &for_sender);
        }
        // The widget may have been unmounted while the policy was on its way.
        let _ = policy.try_set(Some(loaded));
    });
    let loaded = move || policy.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned()));
    let failed = move || policy.with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned()));
    let host_fallback = config.fallback.clone();
    let host = config.host.clone();
    let notice = move || {
        failed().map(|e| {
            web_sys::console::error_1(&format!("severity-triage: {e}").into());
            let kind = match e {
                LoadError::Endpoint { .. } => "endpoint",
                _ => "policy",
            };
            host.emit(
                "error",
                &[("kind", kind.into()), ("message", e.to_string().into())],
            );
            let fallback = match &e {
                LoadError::Invalid {
                    fallback: Some(f), ..
                } => f.clone(),
                _ => host_fallback.clone().unwrap_or_default(),
            };
            let text = triage_core::strings::fill(
                UiString::Unavailable.default_text(),
                &[("fallback", &fallback)],
            );
            view! { <p class="st-notice" role="status">{text}</p> }
        })
    };
    // Once the policy is in (on idle, before anyone clicks), build the Intl formatters the first render
    // needs, so the click does not pay for them.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        policy.with(|r| match r {
            Some(Ok(p)) => {
                crate::intl::prewarm(p);
                true
            }
            _ => false,
        })
    });
    let mode = config.mode;
    let content = move || {
        match mode {
        Mode::Inline => view! {
            <div class="st-widget st-inline">
                {
                    let config = config.clone();
                    move || match loaded() {
                        Some(p) => view! { <Panel policy=p config=config.clone() on_close=None /> }.into_any(),
                        None => view! { <p class="st-loading">{UiString::Loading.default_text()}</p> }.into_any(),
                    }
                }
                {notice}
            </div>
        }
        .into_any(),
        Mode::Launcher => view! {
            <div class="st-widget">
                <Launcher policy=Signal::derive(loaded) config=config.clone() />
                {notice}
            </div>
        }
        .into_any(),
    }
    };
    content()
}

/// The "Get help" button and the modal dialog it opens.
#[component]
fn Launcher(policy: Signal<Option<Arc<Policy>>>, config: Config) -> impl IntoView {
    let open = config.host.open_signal();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let launcher = NodeRef::<leptos::html::Button>::new();
    let dialog_id = format!("{}-dialog", config.id_prefix);
    let title_id = format!("{}-title", config.id_prefix);
    let host = config.host.clone();
    let shown_prefix = config.id_prefix.clone();
    // The panel is built while the dialog is still closed, so a click only has to show it: when the
    // browser is next idle after the policy came in (pages where nobody clicks pay for it outside any
    // interaction), or at once if the dialog opens first. Each closing builds a fresh one for the next
    // opening, as if it were built then.
    let built = RwSignal::new(false);
    let edition = RwSignal::new(0u32);
    Effect::new(move |scheduled: Option<bool>| {
        let ready = policy.with(Option::is_some);
        if ready && scheduled != Some(true) {
            // Only if the dialog has not built it first: a signal notifies on every `set`, equal or
            // not, and a second notification would build a second panel under the person's fingers.
            request_idle_callback(move || {
                if built.try_get_untracked() == Some(false) {
                    built.set(true);
                }
            });
        }
        ready
    });
    // Keep the native dialog's modal state in step with `open` (the DOM is the outside world here).
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() && policy.with(Option::is_some) {
            if !built.get_untracked() {
                built.set(true);
            }
            if !d.open() {
                let _ = d.show_modal();
                host.emit("open", &[("mode", "launcher".into())]);
                crate::host::dialog_shown(&shown_prefix);
            }
        } else if d.open() {
            d.close();
        }
    });
    let on_close = Callback::new(move |()| open.set(false));
    let label = move || {
        policy.with(|p| {
            p.as_ref()
                .map_or(UiString::Launcher.default_text().to_string(), |p| {
                    p.string(UiString::Launcher)
                })
        })
    };
    let prefix = config.id_prefix.clone();
    view! {
        <button
            type="button"
            class="st-launcher"
            node_ref=launcher
            aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            aria-controls=dialog_id.clone()
            on:click=move |_| open.set(true)
        >
            {label}
        </button>
        <dialog
            id=dialog_id
            class="st-dialog"
            node_ref=dialog
            aria-labelledby=title_id
            // Escape (the `cancel` event) closes the native dialog; the draft is kept in storage.
            // The `close` event is queued: by the time it arrives the dialog may have been opened again.
            on:close=move |_| {
                if dialog.get_untracked().is_some_and(|d| !d.open()) {
                    open.set(false);
                    edition.update(|n| *n += 1);
                    if let Some(b) = launcher.get_untracked() {
                        let _ = b.focus();
                    }
                }
            }
            on:keydown=move |ev: web_sys::KeyboardEvent| wrap_tab(&ev, &prefix)
        >
            {
                let config = config.clone();
                move || {
                    edition.track();
                    built
                        .get()
                        .then(|| policy.get())
                        .flatten()
                        .map(|p| view! { <Panel policy=p config=config.clone() on_close=Some(on_close) /> })
                }
            }
        </dialog>
    }
}

/// Keeps Tab inside the dialog: from the last control to the first (the close button) and back.
fn wrap_tab(ev: &web_sys::KeyboardEvent, prefix: &str) {
    if ev.key() != "Tab" {
        return;
    }
    let Some(root) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let find = |id: String| root.query_selector(&format!("#{id}")).ok().flatten();
    let first = find(format!("{prefix}-close"));
    let last = find(format!("{prefix}-primary"));
    let active = crate::host::active_element_near(&root);
    let (from, to) = if ev.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if let (Some(from), Some(to), Some(active)) = (from, to, active) {
        if from == active {
            if let Ok(to) = to.dyn_into::<web_sys::HtmlElement>() {
                ev.prevent_default();
                let _ = to.focus();
            }
        }
    }
}
