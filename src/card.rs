//! The suggestion card: the level with the vendor's definition and reasons, the response time for the
//! plan on the person's own clock, when support hours start, a timeline with the covered hours shaded,
//! and the channels this level requires or refuses. All of it is the core's `Outcome`, rendered.

use leptos::prelude::*;
use triage_core::flow::{Promise, PromiseKind, Responses};
use triage_core::policy::ChannelKind;
use triage_core::policy::{Channel, Policy, UiString};

use crate::intl;
use crate::steps::StepCtx;
use crate::zones::with_zones;

/// One promise as a sentence: "First response within 2 hours, 24/7 — by 14:35 today, your time".
pub fn promise_text(p: &Policy, promise: &Promise, resolution: bool, now: i64) -> String {
    let coverage = promise.coverage.clone().unwrap_or_default();
    let when = promise
        .due
        .map(|at| intl::when(p, at, now))
        .unwrap_or_default();
    let args = [
        ("target", promise.target.as_str()),
        ("coverage", coverage.as_str()),
        ("when", when.as_str()),
        ("text", promise.target.as_str()),
    ];
    let key = match (promise.kind, resolution) {
        (PromiseKind::Deadline, false) => UiString::FirstResponseBy,
        (PromiseKind::Deadline, true) => UiString::ResolutionBy,
        (PromiseKind::Indicative, false) => UiString::FirstResponseIndicative,
        (PromiseKind::Indicative, true) => UiString::ResolutionIndicative,
        (PromiseKind::BestEffort, false) => UiString::FirstResponseBestEffort,
        (PromiseKind::BestEffort, true) => UiString::ResolutionBestEffort,
        (PromiseKind::NoSla, false) => UiString::FirstResponseNoSla,
        (PromiseKind::NoSla, true) => UiString::ResolutionNoSla,
        (PromiseKind::Elsewhere, _) => UiString::FirstResponseElsewhere,
    };
    p.text(key, &args)
}

/// "Support hours are …: your ticket is answered from Monday 09:00, 10:00 your time."
fn starts_text(p: &Policy, promise: &Promise, now: i64) -> Option<String> {
    let starts = promise.starts?;
    let zone = promise.zone.as_deref()?;
    Some(p.text(
        UiString::CoverageStarts,
        &[
            ("coverage", promise.coverage.as_deref().unwrap_or_default()),
            ("opens", &intl::vendor_time(starts, zone)),
            ("opens_local", &intl::when(p, starts, now)),
        ],
    ))
}

fn kind_name(p: &Policy, kind: ChannelKind) -> String {
    p.string(match kind {
        ChannelKind::Phone => UiString::KindPhone,
        ChannelKind::Email => UiString::KindEmail,
        ChannelKind::Portal => UiString::KindPortal,
        ChannelKind::Chat => UiString::KindChat,
        ChannelKind::Slack => UiString::KindSlack,
        ChannelKind::Teams => UiString::KindTeams,
        ChannelKind::Form => UiString::KindForm,
        ChannelKind::Widget => UiString::KindWidget,
        ChannelKind::Other => UiString::KindOther,
    })
}

/// A channel's value as a link where it is one (`tel:`, `mailto:`, https), else as text.
fn channel_value(c: &Channel) -> AnyView {
    let v = c.value.clone();
    let href = match c.kind {
        ChannelKind::Phone if !v.is_empty() => Some(format!(
            "tel:{}",
            v.chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                .collect::<String>()
        )),
        ChannelKind::Email if v.contains('@') => Some(format!("mailto:{v}")),
        _ if v.starts_with("https://") => Some(v.clone()),
        _ => None,
    };
    // A phone number is read as one piece: it never wraps; long URLs may.
    let class = if c.kind == ChannelKind::Phone {
        "st-link st-tel"
    } else {
        "st-link"
    };
    match href {
        Some(h) => view! { <a href=h class=class>{v}</a> }.into_any(),
        None => view! { <span>{v}</span> }.into_any(),
    }
}

fn channel_item(p: &Policy, c: &Channel) -> impl IntoView {
    let title = c.label.clone().unwrap_or_else(|| kind_name(p, c.kind));
    view! {
        <li class="st-channel">
            <span class="st-channel-name">{title}</span>
            " "
            {channel_value(c)}
            {c.note.clone().map(|n| view! { <span class="st-channel-note">{n}</span> })}
        </li>
    }
}

/// `part / whole` as a percentage with two decimals, clamped to 0–100, for SVG coordinates. Integer
/// arithmetic: formatting an `f64` would link core's float formatter (about 9.5 KB of wasm).
fn percent(part: i64, whole: i64) -> String {
    let hundredths = (i128::from(part) * 10_000 / i128::from(whole.max(1))).clamp(0, 10_000);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// A picture of the time from now to the deadline, support hours shaded.
fn timeline(p: &Policy, promise: &Promise, now: i64) -> Option<impl IntoView> {
    let due = promise.due?;
    let total = (due - now).max(1);
    let x = |t: i64| percent(t - now, total);
    let w = |s: i64, e: i64| percent(e - s, total);
    let spans = promise
        .spans
        .iter()
        .map(|&(s, e)| view! { <rect class="st-covered" x=x(s) y="2" width=w(s, e) height="8" /> })
        .collect_view();
    let end = intl::when(p, due, now);
    Some(view! {
        <figure class="st-timeline">
            <svg viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label=p.string(UiString::Timeline)>
                <rect class="st-track" x="0" y="2" width="100" height="8" />
                {spans}
            </svg>
            <figcaption class="st-timeline-ends">
                <span>{p.string(UiString::Now)}</span>
                <span>{end}</span>
            </figcaption>
        </figure>
    })
}

#[component]
pub fn Card(ctx: StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let now = ctx.now;
    let ids = ctx.ids.clone();
    let card_id = ids.of("card");
    let outcome_view = move || {
        let p = p.clone();
        let now = now.get();
        let d = draft.get();
        let outcome = match with_zones(|z| d.outcome(&p, now, z)) {
            Ok(o) => o,
            Err(e) => {
                web_sys::console::error_1(&format!("severity-triage: {e}").into());
                return None;
            }
        };
        let level = &p.levels[outcome.level];
        let heading = if outcome.level == outcome.suggested {
            p.text(UiString::Suggested, &[("level", &level.name)])
        } else {
            p.text(
                UiString::Chosen,
                &[
                    ("level", &level.name),
                    ("suggested", &p.levels[outcome.suggested].name),
                ],
            )
        };
        let (headline, details) = match &outcome.responses {
            Responses::Plan {
                first, resolution, ..
            } => {
                let line = promise_text(&p, first, false, now);
                let starts = starts_text(&p, first, now);
                let due_attr = first.due.map(triage_core::time::format_rfc3339_utc);
                let extra = view! {
                    {starts.map(|s| view! { <p class="st-coverage">{s}</p> })}
                    {timeline(&p, first, now)}
                    {resolution.as_ref().map(|r| view! { <p class="st-resolution">{promise_text(&p, r, true, now)}</p> })}
                    {first.note.clone().map(|n| view! { <p class="st-note">{n}</p> })}
                };
                (
                    view! { <p class="st-response" data-due=due_attr>{line}</p> }.into_any(),
                    extra.into_any(),
                )
            }
            Responses::PerPlan(all) => {
                let rows = all
                    .iter()
                    .map(|(plan, promise)| {
                        view! {
                            <li>
                                <span class="st-plan-name">{p.plans[*plan].name.clone()}</span>
                                ": "
                                {promise_text(&p, promise, false, now)}
                            </li>
                        }
                    })
                    .collect_view();
                (
                    view! {
                        <div class="st-response">
                            <p>{p.string(UiString::PlanTargets)}</p>
                            <ul class="st-plans">{rows}</ul>
                        </div>
                    }
                    .into_any(),
                    ().into_any(),
                )
            }
        };
        let examples = (!level.examples.is_empty()).then(|| {
            view! {
                <p class="st-examples-label">{p.string(UiString::Examples)}</p>
                <ul class="st-examples">
                    {level.examples.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}
                </ul>
            }
        });
        let channel_box =
            |channels: &[&Channel], title: UiString, anchor: &str, class: &'static str| {
                (!channels.is_empty()).then(|| {
                    let id = ids.of(anchor);
                    let labelled_by = id.clone();
                    view! {
                        <section class=class aria-labelledby=labelled_by>
                            <h5 class="st-box-title" id=id>{p.string(title)}</h5>
                            <ul class="st-channels">
                                {channels.iter().map(|c| channel_item(&p, c)).collect_view()}
                            </ul>
                        </section>
                    }
                })
            };
        let required = channel_box(
            &outcome.required,
            UiString::ChannelsRequired,
            "required",
            "st-required",
        );
        let recommended = channel_box(
            &outcome.recommended,
            UiString::ChannelsRecommended,
            "recommended",
            "st-recommended",
        );
        let refused = outcome
            .not_accepted
            .iter()
            .map(|c| {
                let name = c.label.clone().unwrap_or_else(|| kind_name(&p, c.kind));
                let line = p.text(UiString::ChannelNotAccepted, &[("channel", &name)]);
                view! {
                    <p class="st-refused">
                        {line}
                        {c.note.clone().map(|n| view! { " " <span>{n}</span> })}
                    </p>
                }
            })
            .collect_view();
        let others = (!outcome.accepted.is_empty()).then(|| {
            view! {
                <details class="st-others">
                    <summary>{p.string(UiString::ChannelsOther)}</summary>
                    <ul class="st-channels">
                        {outcome.accepted.iter().map(|c| channel_item(&p, c)).collect_view()}
                    </ul>
                </details>
            }
        });
        let notes = (!outcome.notes.is_empty()).then(|| {
            view! {
                <details class="st-notes">
                    <summary>{p.string(UiString::Notes)}</summary>
                    <ul>{outcome.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                </details>
            }
        });
        Some(view! {
            <div class="st-live" role="status" aria-live="polite" aria-atomic="true">
                <h4 class="st-level">{heading}</h4>
                {headline}
            </div>
            <p class="st-definition">{level.definition.clone()}</p>
            {examples}
            <p class="st-why">{p.string(UiString::Why)}</p>
            <ul class="st-reasons">
                {outcome.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
            </ul>
            {details}
            {required}
            {recommended}
            {refused}
            {others}
            {notes}
        })
    };
    view! {
        <section class="st-card" id=card_id>
            {outcome_view}
        </section>
    }
}
