//! What the loader (`severity-triage.js`) calls: mount one widget for one `<severity-triage>` element
//! into a node inside that element's shadow root, and the handle behind `el.open()` / `el.close()`.
//! Host-supplied values are checked here and refused with a message; nothing a host passes can panic.

use triage_core::json;
use triage_core::maps::SortedMap;

use triage_core::flow::Prefill;
use wasm_bindgen::prelude::*;

use crate::host::Host;
use crate::{Config, Mode};

/// One mounted widget, as the loader holds it. Dropping (`free()`) unmounts it.
#[wasm_bindgen]
pub struct Embedded {
    host: Host,
    mode: Mode,
    root: web_sys::HtmlElement,
    step_id: String,
    _mounted: Box<dyn std::any::Any>,
}

/// Mounts a widget configured by `element`'s attributes into `root` (a node in its shadow root).
/// `policy_json` is the text of an inline policy, if the element has one; `policy_fetch`, if given, the
/// loader's fetch of `policy_url`, the URL it read from the element: a promise of the text that rejects
/// with the failure as a string (`HTTP 404`). The widget takes it over (`Host::set_policy_fetch`) when it
/// reads the same URL, and fetches its own otherwise. `emit(name, detail)` is called for each event the
/// widget reports.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    element: web_sys::Element,
    root: web_sys::HtmlElement,
    policy_json: Option<String>,
    policy_url: Option<String>,
    policy_fetch: Option<js_sys::Promise>,
    emit: js_sys::Function,
) -> Result<Embedded, JsError> {
    let mut config = Config::from_element(&element);
    let host = Host::new(Some(emit));
    if let (Some(fetch), None, true) = (
        policy_fetch,
        &policy_json,
        policy_url.is_some() && policy_url == config.policy_url,
    ) {
        host.set_policy_fetch(fetch);
    }
    if let Some(text) = element.get_attribute("prefill") {
        host.set_prefill(
            Prefill::from_json(&text).map_err(|e| {
                JsError::new(&format!("severity-triage: the prefill attribute: {e}"))
            })?,
        );
    }
    let mut context = match element.get_attribute("context") {
        Some(text) => string_map(&text)
            .map_err(|e| JsError::new(&format!("severity-triage: the context attribute: {e}")))?,
        None => SortedMap::new(),
    };
    // `context-product-version="4.2"` is `product_version: "4.2"`.
    for name in element
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
    {
        if let Some(key) = name.strip_prefix("context-") {
            if let Some(v) = element.get_attribute(&name) {
                context.insert(key.replace('-', "_"), v);
            }
        }
    }
    host.extend_context(context);
    if policy_json.is_some() {
        config.policy_url = Some("(the policy inside the <severity-triage> element)".into());
    }
    config.policy_inline = policy_json;
    config.host = host.clone();
    let mode = config.mode;
    let step_id = format!("{}-step", config.id_prefix);
    let mounted = crate::mount(root.clone(), config);
    Ok(Embedded {
        host,
        mode,
        root,
        step_id,
        _mounted: Box::new(mounted),
    })
}

#[wasm_bindgen]
impl Embedded {
    /// `open({ context, prefill, level })`: applies the prefill (replacing an earlier one), adds the
    /// context, and opens the dialog (launcher) or brings the panel into view (inline).
    pub fn open(&self, options: JsValue) -> Result<(), JsError> {
        let field = |name: &str| {
            js_sys::Reflect::get(&options, &name.into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let json = |v: JsValue| -> Result<String, JsError> {
            js_sys::JSON::stringify(&v)
                .map(String::from)
                .map_err(|_| JsError::new("severity-triage: open(): a value is not JSON"))
        };
        let mut prefill = match field("prefill") {
            Some(v) => Prefill::from_json(&json(v)?)
                .map_err(|e| JsError::new(&format!("severity-triage: open({{ prefill }}): {e}")))?,
            None => Prefill::default(),
        };
        if let Some(level) = field("level") {
            prefill.level = level.as_string();
        }
        if let Some(v) = field("context") {
            let map = string_map(&json(v)?)
                .map_err(|e| JsError::new(&format!("severity-triage: open({{ context }}): {e}")))?;
            self.host.extend_context(map);
        }
        if !prefill.is_empty() {
            self.host.set_prefill(prefill);
        }
        match self.mode {
            Mode::Launcher => self.host.set_open(true),
            Mode::Inline => {
                self.root.scroll_into_view();
                if let Some(h) = crate::host::by_id(&self.step_id) {
                    let _ = h.focus();
                }
                self.host.emit("open", &[("mode", "inline".into())]);
            }
        }
        Ok(())
    }

    /// Closes the dialog (launcher mode); the draft is kept. Inline panels stay where they are.
    pub fn close(&self) {
        if self.mode == Mode::Launcher {
            self.host.set_open(false);
        }
    }
}

impl Drop for Embedded {
    fn drop(&mut self) {
        crate::host::unregister_root(&self.root);
    }
}

/// A JSON object of strings (numbers and booleans are taken as their text), for ticket context.
fn string_map(text: &str) -> Result<SortedMap<String, String>, String> {
    let value = json::parse(text).map_err(|e| e.to_string())?;
    let obj = value.as_object().ok_or("expected an object of strings")?;
    let mut map = SortedMap::new();
    for (k, v) in obj.iter() {
        let text = match v {
            json::Value::String(s) => s.clone(),
            json::Value::Number(_) | json::Value::Bool(_) => v.to_string(),
            _ => return Err(format!("`{k}` must be a string")),
        };
        map.insert(k.clone(), text);
    }
    Ok(map)
}
