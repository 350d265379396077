//! Gathering the browser context shown in review: read from the page once per panel, parsed by the core
//! (user agent, URL stripping), and never stored.

use triage_core::context::{self, ContextItem};

use crate::intl;

/// Everything the widget can say about the browser, then what the host page supplied.
pub fn gather(host: &[(ContextItem, String)]) -> Vec<(ContextItem, String)> {
    let mut out = Vec::new();
    let Some(window) = web_sys::window() else {
        return out;
    };
    let nav = window.navigator();
    if let Ok(href) = window.location().href() {
        out.push((ContextItem::PageUrl, context::strip_url(&href)));
    }
    let ua = nav.user_agent().unwrap_or_default();
    if let Some(b) = context::browser(&ua) {
        out.push((ContextItem::Browser, b));
    }
    if let Some(o) = context::os(&ua) {
        out.push((ContextItem::Os, o));
    }
    out.push((ContextItem::Language, intl::locale()));
    out.push((ContextItem::TimeZone, intl::user_zone()));
    if let Ok(screen) = window.screen() {
        if let (Ok(w), Ok(h)) = (screen.width(), screen.height()) {
            out.push((ContextItem::Screen, format!("{w}×{h}")));
        }
    }
    // `innerWidth`/`innerHeight` are whole CSS pixels (WebIDL `long`) that web-sys hands over as `f64`:
    // printed as integers, since formatting an `f64` links core's float formatter (about 9.5 KB of wasm).
    let size =
        |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).map(|v| v as i64);
    if let (Some(w), Some(h)) = (size(window.inner_width()), size(window.inner_height())) {
        out.push((ContextItem::Viewport, format!("{w}×{h}")));
    }
    let dark = window
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    out.push((
        ContextItem::ColorScheme,
        if dark { "dark" } else { "light" }.into(),
    ));
    out.push((
        ContextItem::Online,
        if nav.on_line() { "online" } else { "offline" }.into(),
    ));
    out.extend(host.iter().cloned());
    out
}
