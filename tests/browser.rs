//! wasm-bindgen tests in headless Chromium: the browser's Intl time zones against the native answers,
//! and the widget mounted for real.
#![cfg(target_arch = "wasm32")]

use severity_triage::zones::IntlZones;
use triage_core::policy;
use triage_core::sla::{commitments, Due};
use triage_core::time::{format_rfc3339_utc, parse_rfc3339_utc, Zones};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DST_POLICY: &str = include_str!("fixtures/dst-policy.json");
const DST_CASES: &str = include_str!("fixtures/dst-cases.json");
const WATI: &str = include_str!("../public/policies/wati.json");

/// A source fixture as the widget receives it: checked and compiled (what `triage compile` does), then
/// read back by the widget's reader.
fn compiled(source: &str, zones: &IntlZones) -> policy::Policy {
    policy::Policy::from_compiled(&compiled_text_in(source, zones))
        .expect("the compiled form reads back")
}

/// The compiled text itself (`triage compile`'s output), as a host page would embed it.
fn compiled_text(source: &str) -> String {
    compiled_text_in(source, &IntlZones::default())
}

fn compiled_text_in(source: &str, zones: &IntlZones) -> String {
    let checked = policy::load(source, zones).expect("the fixture is valid with Intl zones");
    policy::compile(&checked)
}

#[wasm_bindgen_test]
fn intl_deadlines_equal_the_native_ones_across_dst() {
    let zones = IntlZones::default();
    let policy = compiled(DST_POLICY, &zones);
    let cases: Vec<serde_json::Value> = serde_json::from_str(DST_CASES).unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let plan = policy.plan_ix(case["plan"].as_str().unwrap()).unwrap();
        let level = policy.level_ix(case["level"].as_str().unwrap()).unwrap();
        let at = parse_rfc3339_utc(case["submitted"].as_str().unwrap()).unwrap();
        let (first, _) = commitments(&policy, plan, level, at, &zones).unwrap();
        let Due::At(due) = first.due else {
            panic!("no deadline for {case}")
        };
        assert_eq!(
            format_rfc3339_utc(due),
            case["due"].as_str().unwrap(),
            "{}",
            case["why"]
        );
    }
}

#[wasm_bindgen_test]
fn intl_offsets_and_unknown_zones() {
    let z = IntlZones::default();
    let winter = parse_rfc3339_utc("2026-01-15T12:00:00Z").unwrap();
    let summer = parse_rfc3339_utc("2026-07-15T12:00:00Z").unwrap();
    assert_eq!(z.offset("Europe/Berlin", winter), Ok(3600));
    assert_eq!(z.offset("Europe/Berlin", summer), Ok(7200));
    assert_eq!(z.offset("America/New_York", summer), Ok(-4 * 3600));
    assert_eq!(z.offset("Asia/Kolkata", summer), Ok(5 * 3600 + 1800));
    assert!(z.offset("Mars/Olympus_Mons", summer).is_err());
}

fn host() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.dyn_into().unwrap()
}

fn config(policy_url: &str) -> severity_triage::Config {
    severity_triage::Config {
        policy_url: Some(policy_url.into()),
        endpoint: None,
        plan: None,
        mode: severity_triage::Mode::Launcher,
        fallback: Some("Mail help@example.test".into()),
        id_prefix: format!("t{}", js_sys::Math::random().to_bits()),
        host_context: Vec::new(),
        policy_inline: None,
        host: Default::default(),
        test_backoff_ms: None,
    }
}

#[wasm_bindgen_test]
async fn a_policy_that_cannot_load_shows_a_notice_with_the_fallback_contact() {
    let el = host();
    let _handle = severity_triage::mount(el.clone(), config("/no/such/policy.json"));
    let button: web_sys::HtmlElement = el
        .query_selector("button.st-launcher")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Get help"));
    for _ in 0..100 {
        if el.query_selector(".st-notice").unwrap().is_some() {
            break;
        }
        gloo_timers_sleep(20).await;
    }
    let notice = el
        .query_selector(".st-notice")
        .unwrap()
        .expect("a notice replaces the broken widget")
        .text_content()
        .unwrap();
    assert!(notice.contains("Mail help@example.test"), "{notice}");
    assert!(
        !notice.contains("/no/such/policy.json"),
        "the precise error goes to the console"
    );
}

/// Issue 21: without a policy the widget shows the host's fallback, never a built-in policy; issue 20: a
/// host `endpoint` a browser would read as another host is refused the same way, before any form.
#[wasm_bindgen_test]
async fn no_policy_or_a_refused_endpoint_shows_only_the_fallback() {
    let cases = [
        severity_triage::Config {
            policy_url: None,
            ..config("")
        },
        // The policy loads (inline): only the endpoint is wrong.
        severity_triage::Config {
            endpoint: Some("/\\evil.example/collect".into()),
            policy_inline: Some(compiled_text(WATI)),
            ..config("(inline)")
        },
    ];
    for config in cases {
        let el = host();
        let _handle = severity_triage::mount(el.clone(), config);
        for _ in 0..100 {
            if el.query_selector(".st-notice").unwrap().is_some() {
                break;
            }
            gloo_timers_sleep(20).await;
        }
        let text = el.text_content().unwrap_or_default();
        assert!(text.contains("Mail help@example.test"), "{text}");
        for promise in ["P1", "Urgent", "hour", "Suggested"] {
            assert!(!text.contains(promise), "{promise} in {text}");
        }
    }
}

#[wasm_bindgen_test]
async fn the_panel_renders_the_core_suggestion_live_and_keeps_answers_across_steps() {
    use leptos::prelude::*;
    let zones = IntlZones::default();
    let policy = std::sync::Arc::new(compiled(WATI, &zones));
    let el = host();
    let mut cfg = config("unused");
    let prefix = cfg.id_prefix.clone();
    cfg.mode = severity_triage::Mode::Inline;
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <severity_triage::panel::Panel policy=policy.clone() config=cfg.clone() on_close=None /> }
    });
    leptos::task::tick().await;
    let text = || el.text_content().unwrap();
    assert!(text().contains("Step 1 of 4"), "{}", text());
    // Next with nothing chosen: a message tied to the request-type group.
    let next: web_sys::HtmlElement = el
        .query_selector(&format!("#{prefix}-primary"))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    next.click();
    leptos::task::tick().await;
    let error = el
        .query_selector(".st-error")
        .unwrap()
        .expect("a message shows");
    assert_eq!(error.id(), format!("{prefix}-type-error"));
    let group = el.query_selector("fieldset").unwrap().unwrap();
    assert_eq!(
        group.get_attribute("aria-describedby"),
        Some(format!("{prefix}-type-error"))
    );
    radio_in(&el, "Something is broken").click();
    leptos::task::tick().await;
    next.click();
    leptos::task::tick().await;
    assert!(text().contains("Step 2 of 4"), "{}", text());
    // Answer "the service is down": the card says P1 with Wati's 45 minutes.
    let radio = |label: &str| radio_in(&el, label);
    radio("completely down").click();
    leptos::task::tick().await;
    let live = el
        .query_selector("[aria-live=polite]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(live.contains("Suggested: Urgent (P1)"), "{live}");
    assert!(
        live.contains("First response within 45 minutes, 24/7 — by"),
        "{live}"
    );
    assert!(radio("completely down").checked());
}

#[wasm_bindgen_test]
async fn two_panels_on_one_page_share_no_element_id() {
    use leptos::prelude::*;
    let zones = IntlZones::default();
    let policy = std::sync::Arc::new(compiled(WATI, &zones));
    let el = host();
    let (a, b) = (config("unused"), config("unused"));
    assert_ne!(a.id_prefix, b.id_prefix);
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <severity_triage::panel::Panel policy=policy.clone() config=a.clone() on_close=None />
            <severity_triage::panel::Panel policy=policy.clone() config=b.clone() on_close=None />
        }
    });
    leptos::task::tick().await;
    let nodes = el.query_selector_all("[id]").unwrap();
    let ids: Vec<String> = (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .dyn_into::<web_sys::Element>()
                .unwrap()
                .id()
        })
        .collect();
    assert!(ids.len() >= 8, "{ids:?}");
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    // Radio groups are named per widget too, so choosing in one never unchecks the other.
    let names = el.query_selector_all("input[type=radio]").unwrap();
    let first = names
        .item(0)
        .unwrap()
        .dyn_into::<web_sys::Element>()
        .unwrap();
    let group = first.get_attribute("name").unwrap();
    assert_eq!(
        el.query_selector_all(&format!("input[name='{group}']"))
            .unwrap()
            .length(),
        2,
        "the first widget's type group has its two options only"
    );
}

fn radio_in(el: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlInputElement {
    let labels = el.query_selector_all("label.st-option").unwrap();
    (0..labels.length())
        .map(|i| {
            labels
                .item(i)
                .unwrap()
                .dyn_into::<web_sys::Element>()
                .unwrap()
        })
        .find(|l| l.text_content().unwrap().contains(label))
        .unwrap_or_else(|| panic!("no option {label}"))
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

async fn gloo_timers_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
