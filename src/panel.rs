//! The flow panel: heading, step indicator, the current step, Back / Next / Start over, and sending.
//! One `Draft` signal is the source of truth; it is saved to storage on every change (the only Effect
//! that writes), and everything shown is derived from it.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use triage_core::flow::{Draft, Step, TicketInput};
use triage_core::policy::{Policy, UiString};
use triage_core::ticket::Ticket;

use crate::confirmation::Confirmation;
use crate::delivery::{Delivery, State};
use crate::delivery_view::{status_text, Fallbacks, OutboxView};
use crate::steps::{DetailsStep, Ids, ReviewStep, SeverityStep, StepCtx, TypeStep};
use crate::zones::with_zones;
use crate::{draft_store, intl, Config};

/// An unguessable ticket id: the receiver deduplicates ids across all clients.
fn new_ticket_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// Moves focus to the element with `id` once it is rendered and focusable (a dialog may still be
/// opening): retried on the next animation frames, a bounded number of times.
pub(crate) fn focus(id: &str) {
    focus_within_frames(vec![id.to_string()], 20);
}

/// Like `focus`, to the first of `ids` that is there by then (a panel may not be rendered yet).
fn focus_within_frames(ids: Vec<String>, frames: u32) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let el = ids.iter().find_map(|id| crate::host::by_id(id));
        if let Some(el) = &el {
            let _ = el.focus();
        }
        let focused = el.as_ref().is_some_and(|e| {
            crate::host::active_element_near(e)
                .is_some_and(|a| a == *e.unchecked_ref::<web_sys::Element>())
        });
        if !focused && frames > 0 {
            focus_within_frames(ids, frames - 1);
        }
    });
}

#[component]
pub fn Panel(policy: Arc<Policy>, config: Config, on_close: Option<Callback<()>>) -> impl IntoView {
    let p = policy.clone();
    let host_plan = config.plan.as_deref().and_then(|id| p.plan_ix(id));
    if let (Some(id), None) = (&config.plan, host_plan) {
        web_sys::console::warn_1(
            &format!(
                "severity-triage: the host names plan {}, which the policy does not have",
                triage_core::json::Quoted(id)
            )
            .into(),
        );
    }
    let mut first = draft_store::load(&p, host_plan);
    first.context = crate::context::gather(&config.host_context);
    let draft = RwSignal::new(first);
    config.host.attach(&p, draft, on_close.is_some());
    let attempted = RwSignal::new(false);
    // The card's times follow the clock every 20 s, but only while the panel can be seen: a dialog's panel is
    // built hidden and rebuilt after each closing (src/widget.rs), so its clock starts when it is shown and a
    // page where nobody clicks does no work on it.
    let now = RwSignal::new(intl::now());
    let clock = Arc::new(std::sync::OnceLock::<IntervalHandle>::new());
    let start_clock = {
        let clock = clock.clone();
        move || {
            now.set(intl::now());
            if clock.get().is_none() {
                let tick = move || now.set(intl::now());
                if let Ok(h) = set_interval_with_handle(tick, Duration::from_secs(20)) {
                    let _ = clock.set(h);
                }
            }
        }
    };
    if on_close.is_none() {
        start_clock();
    }
    on_cleanup(move || {
        if let Some(h) = clock.get() {
            h.clear();
        }
    });
    {
        let p = p.clone();
        // Sync with the outside world: the draft is saved on every change.
        Effect::new(move |_| draft.with(|d| draft_store::save(&p, d)));
    }
    let ids = Ids(config.id_prefix.clone());
    if on_close.is_some() {
        // In a dialog the panel is built before it is shown (src/widget.rs). Each time it is shown: the
        // browser context as it is now (the page may have moved on since), the step reported to the host
        // page, and reading starts at the top of the flow, the step heading (or the confirmation's).
        let (step, done) = (ids.of("step"), ids.of("done"));
        let host = config.host.clone();
        let pp = p.clone();
        let token = crate::host::on_dialog_shown(&config.id_prefix, move || {
            start_clock();
            draft.update(|d| d.refresh_context(crate::context::gather(&[])));
            host.report_step(&pp, draft);
            focus_within_frames(vec![step.clone(), done.clone()], 20);
        });
        on_cleanup(move || crate::host::forget_dialog_shown(token));
    }
    let ctx = StepCtx {
        policy: p.clone(),
        draft,
        ids: ids.clone(),
        attempted,
        now: now.into(),
    };

    // Delivery (src/delivery.rs): the ticket goes to the outbox, the page's sender posts it (the widget
    // started that sender when the policy came in; this finds it).
    let delivery = Delivery::for_widget(&p, &config);
    // The ticket this panel filed last, and its delivery state.
    let last = RwSignal::new(None::<Ticket>);
    let state = {
        let delivery = delivery.clone();
        Memo::new(move |_| last.with(|t| t.as_ref().and_then(|t| delivery.state(&t.id))))
    };
    config.host.watch_delivery(state.into(), last.into());
    let sending = Signal::derive(move || state.with(|s| matches!(s, Some(State::Sending))));
    // The confirmation stays once shown, even after the receipt behind it is pruned.
    let confirmed = RwSignal::new(None::<(String, Ticket)>);
    {
        // Once the ticket is safely queued or sent, the draft has done its job; a refused one stays editable.
        let p = p.clone();
        Effect::new(move |_| {
            let (done, reference) = state.with(|s| match s {
                Some(State::Sent { reference }) => (true, Some(reference.clone())),
                Some(State::Waiting(e)) => (!e.held, None),
                _ => (false, None),
            });
            if done {
                draft_store::clear(&p.id);
            }
            if let (Some(r), Some(t)) = (reference, last.get_untracked()) {
                confirmed.set(Some((r, t)));
            }
        });
    }
    let filed = move || confirmed.get();
    let queued = move || {
        state.with(|s| match s {
            Some(State::Waiting(e)) if !e.held => Some(e.ticket.clone()),
            Some(State::NotKept { entry, .. }) => Some(entry.ticket.clone()),
            _ => None,
        })
    };

    let primary = {
        let p = p.clone();
        let ids = ids.clone();
        let delivery = delivery.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if sending.get_untracked() {
                return;
            }
            let mut d = draft.get_untracked();
            let before = d.step;
            match d.advance(&p) {
                Err(problems) => {
                    attempted.set(true);
                    if let Some(first) = problems.first() {
                        focus(&ids.of(&first.anchor(&p)));
                    }
                }
                Ok(()) if d.step != before => {
                    attempted.set(false);
                    draft.set(d);
                    focus(&ids.of("step"));
                }
                Ok(()) => {
                    let input = TicketInput {
                        id: new_ticket_id(),
                        now: intl::now(),
                    };
                    match with_zones(|z| d.ticket(&p, input, z)) {
                        Ok(ticket) => {
                            // An edited ticket replaces the one the endpoint refused.
                            let refused = state.with_untracked(|s| match s {
                                Some(State::Waiting(e)) if e.held => Some(e.ticket.id.clone()),
                                _ => None,
                            });
                            match refused {
                                Some(old) => delivery.replace(&old, ticket.clone()),
                                None => delivery.submit(ticket.clone()),
                            }
                            last.set(Some(ticket));
                        }
                        Err(e) => {
                            web_sys::console::error_1(&format!("severity-triage: {e}").into())
                        }
                    }
                }
            }
        }
    };
    let back = {
        let p = p.clone();
        let ids = ids.clone();
        move |_| {
            attempted.set(false);
            draft.update(|d| d.back(&p));
            focus(&ids.of("step"));
        }
    };
    let start_over = {
        let p = p.clone();
        let ids = ids.clone();
        move |_| {
            draft_store::clear(&p.id);
            attempted.set(false);
            last.set(None);
            confirmed.set(None);
            draft.set(Draft::new(&p, host_plan));
            focus(&ids.of("step"));
        }
    };

    let indicator = {
        let p = p.clone();
        move || {
            draft.with(|d| {
                let (n, total) = d.position(&p);
                p.text(
                    UiString::StepIndicator,
                    &[
                        ("n", &n.to_string()),
                        ("total", &total.to_string()),
                        ("title", &p.string(d.step.title())),
                    ],
                )
            })
        }
    };
    // Only a change of step rebuilds the step's view: typing (which changes the draft) must not replace
    // the input that has focus.
    let step = Memo::new(move |_| draft.with(|d| d.step));
    let body = {
        let ctx = ctx.clone();
        move || match step.get() {
            Step::Type => view! { <TypeStep ctx=ctx.clone() /> }.into_any(),
            Step::Severity => view! { <SeverityStep ctx=ctx.clone() /> }.into_any(),
            Step::Details => view! { <DetailsStep ctx=ctx.clone() /> }.into_any(),
            Step::Review => view! { <ReviewStep ctx=ctx.clone() /> }.into_any(),
        }
    };
    let primary_label = {
        let p = p.clone();
        move || {
            if draft.with(|d| d.step == Step::Review) {
                p.string(UiString::Submit)
            } else {
                p.string(UiString::Next)
            }
        }
    };
    let status = {
        let p = p.clone();
        move || state.with(|s| s.as_ref().map(|s| status_text(&p, s)).unwrap_or_default())
    };
    let problems_count = {
        let p = p.clone();
        move || {
            attempted.get().then(|| {
                let n = draft.with(|d| d.problems(&p, d.step).len());
                (n > 0).then(|| p.text(UiString::FixProblems, &[("count", &n.to_string())]))
            })
        }
    };
    let is_first = {
        let p = p.clone();
        move || draft.with(|d| d.is_first_step(&p))
    };
    let intro = p.string(UiString::Intro);
    let is_first_for_intro = is_first.clone();
    let title_id = ids.of("title");
    let labelled_by = title_id.clone();
    let close = on_close.map(|cb| {
        let label = p.string(UiString::Close);
        view! {
            <button type="button" class="st-close" id=ids.of("close") aria-label=label on:click=move |_| cb.run(())>
                <span aria-hidden="true">"×"</span>
            </button>
        }
    });

    let back_button = {
        let label = p.string(UiString::Back);
        move || {
            let back = back.clone();
            (!is_first()).then(|| view! { <button type="button" class="st-secondary" on:click=back>{label.clone()}</button> })
        }
    };
    // A refused ticket: the fallbacks next to the endpoint's message.
    let refused_fallbacks = {
        let p = p.clone();
        move || {
            state
                .with(|s| match s {
                    Some(State::Waiting(e)) if e.held => Some(e.ticket.clone()),
                    _ => None,
                })
                .map(|t| view! { <Fallbacks policy=p.clone() ticket=t /> })
        }
    };
    let flow = {
        let p = p.clone();
        let ids = ids.clone();
        let delivery = delivery.clone();
        move || {
            if let Some((reference, ticket)) = filed() {
                return view! { <Confirmation policy=p.clone() reference=reference ticket=ticket ids=ids.clone() on_new=start_over.clone() /> }
                    .into_any();
            }
            if let Some(ticket) = queued() {
                let retry = delivery.clone();
                return view! {
                    <div class="st-queued">
                        <p class="st-status" role="status" id=ids.of("step") tabindex="-1">{status.clone()}</p>
                        <Fallbacks policy=p.clone() ticket=ticket />
                        <div class="st-nav">
                            <span class="st-spacer"></span>
                            <button type="button" class="st-secondary" on:click=move |_| retry.retry_now()>{p.string(UiString::RetryNow)}</button>
                            <button type="button" class="st-primary" id=ids.of("primary") on:click=start_over.clone()>
                                {p.string(UiString::NewTicket)}
                            </button>
                        </div>
                    </div>
                }
                .into_any();
            }
            let start_over = start_over.clone();
            view! {
                <form class="st-form" novalidate on:submit=primary.clone()>
                    <h3 class="st-step" id=ids.of("step") tabindex="-1">{indicator.clone()}</h3>
                    {body.clone()}
                    <p class="st-problems" role="alert">{problems_count.clone()}</p>
                    <div class="st-nav">
                        <button type="button" class="st-quiet" on:click=start_over>{p.string(UiString::StartOver)}</button>
                        <span class="st-spacer"></span>
                        {back_button.clone()}
                        <button type="submit" class="st-primary" id=ids.of("primary") aria-disabled=move || sending.get().then_some("true")>
                            {primary_label.clone()}
                        </button>
                    </div>
                    <p class="st-status" role="status">{status.clone()}</p>
                    {refused_fallbacks.clone()}
                </form>
            }
            .into_any()
        }
    };

    view! {
        <section class="st-panel" aria-labelledby=labelled_by>
            <header class="st-head">
                <h2 class="st-title" id=title_id>{p.string(UiString::Title)}</h2>
                {close}
            </header>
            {move || (is_first_for_intro() && confirmed.with(Option::is_none))
                .then(|| view! { <p class="st-intro">{intro.clone()}</p> })}
            {flow}
            <OutboxView policy=p.clone() handle=delivery.clone() except=Signal::derive(move || last.with(|t| t.as_ref().map(|t| t.id.clone()))) />
        </section>
    }
}
