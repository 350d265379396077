//! The confirmation after sending: the receiver's reference, the level, the first-response deadline on the
//! person's clock, the policy's notes, escalation path and tips, and the fallbacks (copy, download).

use std::sync::Arc;

use leptos::prelude::*;
use triage_core::flow::promises_given;
use triage_core::policy::{Policy, UiString};
use triage_core::ticket::Ticket;
use triage_core::triage::Answers;

use crate::card::{alternative_text, promise_text};
use crate::delivery_view::Fallbacks;
use crate::panel::focus;
use crate::steps::Ids;
use crate::zones::with_zones;

/// After sending: the reference, the level, the first-response deadline, the escalation path and tips.
#[component]
pub(crate) fn Confirmation(
    policy: Arc<Policy>,
    reference: String,
    ticket: Ticket,
    ids: Ids,
    on_new: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let p = policy;
    let level = p.level_ix(&ticket.level.id).unwrap_or_default();
    let plan = ticket.plan.as_deref().and_then(|id| p.plan_ix(id));
    let submitted = triage_core::time::parse_rfc3339_utc(&ticket.created_at).unwrap_or(0);
    // The promise the card showed: with the ticket's answers, which may select an alternative target
    // ("24/7 for production"), and the one beside it if they call.
    let request_type = ticket.request_type.as_deref().and_then(|t| p.type_ix(t));
    let answers = Answers::from_ids(
        &p,
        ticket
            .answers
            .iter()
            .map(|a| (a.question.as_str(), a.option.as_str())),
    )
    .unwrap_or_default();
    let response = plan.and_then(|plan| {
        let (first, _) =
            with_zones(|z| promises_given(&p, plan, level, request_type, &answers, submitted, z))
                .ok()?;
        let text = promise_text(&p, &first, false, submitted);
        Some(match alternative_text(&p, &first, submitted) {
            Some(alternative) => format!("{text} {alternative}"),
            None => text,
        })
    });
    let escalation = plan
        .map(|plan| p.escalation_for(plan, level))
        .unwrap_or_else(|| p.escalation.iter().filter(|e| e.plans.is_none()).collect());
    let has_escalation = !escalation.is_empty();
    let escalation = escalation
        .into_iter()
        .map(|e| {
            view! {
                <li>
                    <span class="st-esc-title">{e.title.clone()}</span>
                    {e.contact.clone().map(|c| view! { " — " <span>{c}</span> })}
                    {e.detail.clone().map(|d| view! { <span class="st-esc-detail">{d}</span> })}
                </li>
            }
        })
        .collect_view();
    let has_tips = !p.tips.is_empty();
    let tips = p
        .tips
        .iter()
        .map(|t| view! { <li>{t.clone()}</li> })
        .collect_view();
    let notes = p
        .notes
        .iter()
        .map(|t| view! { <p class="st-note">{t.clone()}</p> })
        .collect_view();
    let message = p.text(
        UiString::Success,
        &[("reference", &reference), ("level", &ticket.level.name)],
    );
    focus(&ids.of("done"));
    view! {
        <div class="st-done">
            <div role="status">
                <h3 class="st-step" id=ids.of("done") tabindex="-1">{message}</h3>
            </div>
            {response.map(|r| view! { <p class="st-response">{r}</p> })}
            {notes}
            {has_escalation.then(|| view! {
                <h4 class="st-subhead">{p.string(UiString::EscalationHeading)}</h4>
                <ol class="st-escalation">{escalation}</ol>
            })}
            {has_tips.then(|| view! {
                <h4 class="st-subhead">{p.string(UiString::TipsHeading)}</h4>
                <ul class="st-tips">{tips}</ul>
            })}
            <Fallbacks policy=p.clone() ticket=ticket.clone() sent=true />
            <div class="st-nav">
                <span class="st-spacer"></span>
                <button type="button" class="st-primary" id=ids.of("primary") on:click=on_new>
                    {p.string(UiString::NewTicket)}
                </button>
            </div>
        </div>
    }
}
