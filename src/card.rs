//! The suggestion card: the level with the vendor's definition and reasons, the response time for the
//! plan on the person's own clock, when support hours start, a timeline with the covered hours shaded,
//! and the channels this level requires or refuses. All of it is the core's `Outcome`, rendered as plain
//! DOM (`crate::dom`): the card only shows, and is rebuilt whole whenever the draft or the clock changes.

use leptos::prelude::*;
use triage_core::flow::{Outcome, Promise, PromiseKind, Responses};
use triage_core::policy::ChannelKind;
use triage_core::policy::{Channel, Policy, UiString};

use crate::dom::{details_open, replace_after, El};
use crate::intl;
use crate::steps::{Ids, StepCtx};
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

/// The promise beside the first response when the case is raised through a channel as well (the core's
/// sentence: "— or within 4 hours, 24/7, if you call +49 89 1234 5678: by 20:00 today, your time").
pub fn alternative_text(p: &Policy, promise: &Promise, now: i64) -> Option<String> {
    let alternative = promise.alternative.as_deref()?;
    let when = alternative
        .promise
        .due
        .map(|at| intl::when(p, at, now))
        .unwrap_or_default();
    Some(alternative.text(p, &when))
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
    p.string(kind.name_key())
}

/// A channel's value as a link where the core says it is one (`tel:`, `mailto:`, https), else as text.
fn channel_value(c: &Channel) -> El {
    let v = &c.value;
    let link = c.link();
    let href = link.href();
    // A phone number is read as one piece: it never wraps; long URLs may.
    let class = if c.kind == ChannelKind::Phone {
        "st-link st-tel"
    } else {
        "st-link"
    };
    match href {
        Some(h) => El::text_in("a", class, v).attr("href", h),
        None => El::text_in("span", "", v),
    }
}

fn channel_item(p: &Policy, c: &Channel) -> El {
    let title = c.label.clone().unwrap_or_else(|| kind_name(p, c.kind));
    El::new("li")
        .class("st-channel")
        .child(El::text_in("span", "st-channel-name", &title))
        .text(" ")
        .child(channel_value(c))
        .maybe(
            c.note
                .as_deref()
                .map(|n| El::text_in("span", "st-channel-note", n)),
        )
}

/// `part / whole` as a percentage with two decimals, clamped to 0–100, for SVG coordinates. Integer
/// arithmetic: formatting an `f64` would link core's float formatter (about 9.5 KB of wasm).
fn percent(part: i64, whole: i64) -> String {
    let hundredths = (i128::from(part) * 10_000 / i128::from(whole.max(1))).clamp(0, 10_000);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// A bar of the SVG timeline (`class` as an attribute: an SVG element's `className` is read-only).
fn bar(class: &str, x: &str, width: &str) -> El {
    El::svg("rect")
        .attr("class", class)
        .attr("x", x)
        .attr("y", "2")
        .attr("width", width)
        .attr("height", "8")
}

/// A picture of the time from now to the deadline, support hours shaded.
fn timeline(p: &Policy, promise: &Promise, now: i64) -> Option<El> {
    let due = promise.due?;
    let total = (due - now).max(1);
    let spans = promise.spans.iter().map(|&(s, e)| {
        bar(
            "st-covered",
            &percent(s - now, total),
            &percent(e - s, total),
        )
    });
    let svg = El::svg("svg")
        .attr("viewBox", "0 0 100 12")
        .attr("preserveAspectRatio", "none")
        .attr("role", "img")
        .attr("aria-label", &p.string(UiString::Timeline))
        .child(bar("st-track", "0", "100"))
        .children(spans);
    let ends = El::new("figcaption")
        .class("st-timeline-ends")
        .child(El::text_in("span", "", &p.string(UiString::Now)))
        .child(El::text_in("span", "", &intl::when(p, due, now)));
    Some(
        El::new("figure")
            .class("st-timeline")
            .child(svg)
            .child(ends),
    )
}

/// A box of channels ("Critical: also call …"), labelled by its own heading.
fn channel_box(
    p: &Policy,
    ids: &Ids,
    channels: &[&Channel],
    title: UiString,
    anchor: &str,
    class: &str,
) -> Option<El> {
    if channels.is_empty() {
        return None;
    }
    let id = ids.of(anchor);
    Some(
        El::new("section")
            .class(class)
            .attr("aria-labelledby", &id)
            .child(El::text_in("h5", "st-box-title", &p.string(title)).attr("id", &id))
            .child(
                El::new("ul")
                    .class("st-channels")
                    .children(channels.iter().map(|c| channel_item(p, c))),
            ),
    )
}

/// A disclosure of list items, left open if the person had opened it before this rebuild.
fn disclosure(card: &web_sys::Element, class: &str, summary: &str, items: Vec<El>) -> Option<El> {
    if items.is_empty() {
        return None;
    }
    let el = El::new("details").class(class);
    let el = if details_open(card, class) {
        el.attr("open", "")
    } else {
        el
    };
    Some(
        el.child(El::text_in("summary", "", summary)).child(
            El::new("ul")
                .class(if class == "st-others" {
                    "st-channels"
                } else {
                    ""
                })
                .children(items),
        ),
    )
}

fn list(class: &str, items: &[String]) -> El {
    El::new("ul")
        .class(class)
        .children(items.iter().map(|i| El::text_in("li", "", i)))
}

/// Fills the card: the live region gets the level and the response line (announced together), the rest
/// of the card everything else.
fn render(
    p: &Policy,
    ids: &Ids,
    o: &Outcome,
    now: i64,
    card: &web_sys::Element,
    live: &web_sys::Element,
) {
    let level = &p.levels[o.level];
    let heading = if o.level == o.suggested {
        p.text(UiString::Suggested, &[("level", &level.name)])
    } else {
        p.text(
            UiString::Chosen,
            &[
                ("level", &level.name),
                ("suggested", &p.levels[o.suggested].name),
            ],
        )
    };
    let headline =
        match &o.responses {
            Responses::Plan { first, .. } => {
                let line = El::text_in("p", "st-response", &promise_text(p, first, false, now));
                let line = match first.due {
                    Some(due) => line.attr("data-due", &triage_core::time::format_rfc3339_utc(due)),
                    None => line,
                };
                // Both promises in one announcement: the plan's, and the one that holds if they call.
                match alternative_text(p, first, now) {
                    Some(text) => {
                        El::new("div")
                            .child(line)
                            .child(El::text_in("p", "st-alternative", &text))
                    }
                    None => line,
                }
            }
            Responses::PerPlan(all) => El::new("div")
                .class("st-response")
                .child(El::text_in("p", "", &p.string(UiString::PlanTargets)))
                .child(El::new("ul").class("st-plans").children(all.iter().map(
                    |(plan, promise)| {
                        El::new("li")
                            .child(El::text_in("span", "st-plan-name", &p.plans[*plan].name))
                            .text(": ")
                            .text(&promise_text(p, promise, false, now))
                    },
                ))),
        };
    replace_after(
        live,
        None,
        vec![El::text_in("h4", "st-level", &heading), headline],
    );

    let mut rest = vec![El::text_in("p", "st-definition", &level.definition)];
    if !level.examples.is_empty() {
        rest.push(El::text_in(
            "p",
            "st-examples-label",
            &p.string(UiString::Examples),
        ));
        rest.push(list("st-examples", &level.examples));
    }
    rest.push(El::text_in("p", "st-why", &p.string(UiString::Why)));
    rest.push(list("st-reasons", &o.reasons));
    if let Responses::Plan {
        first, resolution, ..
    } = &o.responses
    {
        rest.extend(starts_text(p, first, now).map(|s| El::text_in("p", "st-coverage", &s)));
        rest.extend(timeline(p, first, now));
        rest.extend(
            resolution
                .as_ref()
                .map(|r| El::text_in("p", "st-resolution", &promise_text(p, r, true, now))),
        );
        rest.extend(
            first
                .note
                .as_deref()
                .map(|n| El::text_in("p", "st-note", n)),
        );
    }
    rest.extend(channel_box(
        p,
        ids,
        &o.required,
        UiString::ChannelsRequired,
        "required",
        "st-required",
    ));
    rest.extend(channel_box(
        p,
        ids,
        &o.recommended,
        UiString::ChannelsRecommended,
        "recommended",
        "st-recommended",
    ));
    for c in &o.not_accepted {
        let name = c.label.clone().unwrap_or_else(|| kind_name(p, c.kind));
        let line = El::text_in(
            "p",
            "st-refused",
            &p.text(UiString::ChannelNotAccepted, &[("channel", &name)]),
        );
        rest.push(match &c.note {
            Some(n) => line.text(" ").child(El::text_in("span", "", n)),
            None => line,
        });
    }
    let others = o.accepted.iter().map(|c| channel_item(p, c)).collect();
    rest.extend(disclosure(
        card,
        "st-others",
        &p.string(UiString::ChannelsOther),
        others,
    ));
    let notes = o.notes.iter().map(|n| El::text_in("li", "", n)).collect();
    rest.extend(disclosure(
        card,
        "st-notes",
        &p.string(UiString::Notes),
        notes,
    ));
    replace_after(card, Some(live), rest);
}

#[component]
pub fn Card(ctx: StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let now = ctx.now;
    let ids = ctx.ids.clone();
    let card_id = ids.of("card");
    let card = NodeRef::<leptos::html::Section>::new();
    let live = NodeRef::<leptos::html::Div>::new();
    // The card's contents are DOM this component builds itself (the outside world for Leptos): rebuilt
    // from the core's outcome whenever the draft, the clock or the mounted nodes change.
    Effect::new(move |_| {
        let now = now.get();
        let (Some(card), Some(live)) = (card.get(), live.get()) else {
            return;
        };
        draft.with(|d| match with_zones(|z| d.outcome(&p, now, z)) {
            Ok(o) => render(&p, &ids, &o, now, &card, &live),
            Err(e) => {
                web_sys::console::error_1(&format!("severity-triage: {e}").into());
                replace_after(&live, None, Vec::new());
                replace_after(&card, Some(&live), Vec::new());
            }
        });
    });
    view! {
        <section class="st-card" id=card_id node_ref=card>
            <div class="st-live" role="status" aria-live="polite" aria-atomic="true" node_ref=live></div>
        </section>
    }
}
