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

#[wasm_bindgen_test]
fn intl_deadlines_equal_the_native_ones_across_dst() {
    let zones = IntlZones::default();
    let policy = policy::load(DST_POLICY, &zones).expect("the DST policy loads with Intl zones");
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

#[wasm_bindgen_test]
async fn the_launcher_opens_the_panel_and_shows_a_load_error_in_words() {
    let el = host();
    let _handle = severity_triage::mount(
        el.clone(),
        severity_triage::Config {
            policy_url: "/no/such/policy.json".into(),
            endpoint: None,
        },
    );
    let button: web_sys::HtmlElement = el
        .query_selector("button.st-launcher")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(el.query_selector("section").unwrap().is_none());
    button.click();
    leptos::task::tick().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(el
        .query_selector("section[aria-label='Get help']")
        .unwrap()
        .is_some());
    // The fetch of a missing policy fails; the panel says so in an alert rather than breaking.
    for _ in 0..50 {
        if el.query_selector("[role=alert]").unwrap().is_some() {
            break;
        }
        gloo_timers_sleep(20).await;
    }
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert explains the failure");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("could not load the support policy from /no/such/policy.json"));
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
