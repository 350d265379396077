//! The review step: the whole ticket as it will be sent, in words — severity, details, attachments, the
//! context with a remove button per item, and every secret the scanner masked with an undo button. Each
//! part links back to its step. What is shown here is exactly what `Draft::ticket` sends.

use leptos::prelude::*;
use triage_core::context::ContextItem;
use triage_core::flow::{Part, Step};
use triage_core::policy::{FieldKind, Policy, UiString};

use super::StepCtx;

pub fn context_label(p: &Policy, item: ContextItem) -> String {
    p.string(match item {
        ContextItem::PageUrl => UiString::CtxPageUrl,
        ContextItem::Browser => UiString::CtxBrowser,
        ContextItem::Os => UiString::CtxOs,
        ContextItem::Language => UiString::CtxLanguage,
        ContextItem::TimeZone => UiString::CtxTimeZone,
        ContextItem::Screen => UiString::CtxScreen,
        ContextItem::Viewport => UiString::CtxViewport,
        ContextItem::ColorScheme => UiString::CtxColorScheme,
        ContextItem::Online => UiString::CtxOnline,
        ContextItem::ProductVersion => UiString::CtxProductVersion,
        ContextItem::AccountId => UiString::CtxAccountId,
        ContextItem::UserName => UiString::CtxUserName,
        ContextItem::UserEmail => UiString::CtxUserEmail,
    })
}

fn part_label(p: &Policy, part: &Part, names: &[String]) -> String {
    match part {
        Part::Summary => p.string(UiString::Summary),
        Part::Justification => p.string(UiString::ReviewJustification),
        Part::Field(i) => p.fields[*i].label.clone(),
        Part::Attachment(n) => names.get(*n).cloned().unwrap_or_default(),
        Part::Context(c) => context_label(p, *c),
    }
}

#[component]
pub fn ReviewStep(ctx: StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let ids = ctx.ids.clone();
    let edit = {
        let p = p.clone();
        let ids = ids.clone();
        move |step: Step| {
            let p = p.clone();
            let label = p.text(UiString::EditStep, &[("step", &p.string(step.title()))]);
            let target = ids.of("step");
            view! {
                <button type="button" class="st-quiet st-edit" on:click=move |_| {
                    draft.update(|d| d.go_to(&p, step));
                    crate::panel::focus(&target);
                }>{label}</button>
            }
        }
    };
    let ps = p.clone();
    let severity = move || {
        let p = ps.clone();
        draft.with(|d| {
            let mut rows: Vec<(String, String)> = Vec::new();
            if let Some(t) = d.request_type {
                rows.push((
                    p.string(UiString::ReviewType),
                    p.request_types[t].name.clone(),
                ));
            }
            rows.push((
                p.string(UiString::ReviewLevel),
                p.levels[d.level(&p)].name.clone(),
            ));
            if let Some(plan) = d.plan(&p) {
                rows.push((p.string(UiString::ReviewPlan), p.plans[plan].name.clone()));
            }
            for q in d.questions(&p) {
                if let Some(o) = d.answers.get(q) {
                    rows.push((
                        p.questions[q].text.clone(),
                        p.questions[q].options[o].label.clone(),
                    ));
                }
            }
            rows.into_iter()
                .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
                .collect_view()
        })
    };
    let pd = p.clone();
    let details = move || {
        let p = pd.clone();
        draft.with(|d| {
            let (texts, _) = d.redacted(&p);
            let mut rows = vec![(p.string(UiString::Summary), texts.get(&Part::Summary).cloned().unwrap_or_default(), false)];
            if let Some(j) = texts.get(&Part::Justification) {
                rows.push((p.string(UiString::ReviewJustification), j.clone(), false));
            }
            for (i, _) in d.fields(&p) {
                let f = &p.fields[i];
                let v = match f.kind {
                    FieldKind::Email | FieldKind::Choice => d.detail(f).trim().to_string(),
                    _ => texts.get(&Part::Field(i)).cloned().unwrap_or_default(),
                };
                let v = if v.is_empty() { p.string(UiString::NotGiven) } else { v };
                rows.push((f.label.clone(), v, f.kind == FieldKind::Log));
            }
            let mut files = Vec::new();
            for (n, a) in d.attachments.iter().enumerate() {
                files.push((a.name.clone(), texts.get(&Part::Attachment(n)).cloned().unwrap_or_default()));
            }
            view! {
                <dl class="st-review-list">
                    {rows.into_iter().map(|(k, v, pre)| view! {
                        <dt>{k}</dt>
                        <dd>{if pre { view! { <pre class="st-log" tabindex="0">{v}</pre> }.into_any() } else { v.into_any() }}</dd>
                    }).collect_view()}
                    {files.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd><pre class="st-log" tabindex="0">{v}</pre></dd> }).collect_view()}
                </dl>
            }
        })
    };
    let pf = p.clone();
    let findings = move || {
        let p = pf.clone();
        draft.with(|d| {
            let names: Vec<String> = d.attachments.iter().map(|a| a.name.clone()).collect();
            let found = d.findings(&p);
            if found.is_empty() {
                return None;
            }
            let heading = p.text(UiString::RedactedHeading, &[("count", &found.len().to_string())]);
            let items = found
                .into_iter()
                .map(|f| {
                    let kind = p.string(f.kind.ui_string());
                    let place = part_label(&p, &f.part, &names);
                    let line = p.text(UiString::FindingLine, &[("kind", &kind), ("where", &place), ("preview", &f.preview)]);
                    let (label, keep) = if f.undone {
                        (p.text(UiString::RedoRedaction, &[("kind", &kind), ("where", &place)]), false)
                    } else {
                        (p.text(UiString::UndoRedaction, &[("kind", &kind), ("where", &place)]), true)
                    };
                    let sent = f.undone.then(|| view! { <strong>" · "{p.string(UiString::WillBeSent)}</strong> });
                    let pp = p.clone();
                    view! {
                        <li>
                            <span>{line}</span>{sent}" "
                            <button type="button" class="st-quiet" on:click=move |_| draft.update(|d| d.undo(&pp, &f, keep))>{label}</button>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <section class="st-review-part">
                    <h4>{heading}</h4>
                    <p class="st-help">{p.string(UiString::RedactedHelp)}</p>
                    <ul class="st-findings">{items}</ul>
                </section>
            })
        })
    };
    let pc = p.clone();
    let context = move || {
        let p = pc.clone();
        draft.with(|d| {
            let (texts, _) = d.redacted(&p);
            d.context
                .iter()
                .filter(|(item, _)| !p.collect.context_off.contains(item))
                .map(|(item, raw)| {
                    let item = *item;
                    let removed = d.context_removed.contains(&item);
                    let label = context_label(&p, item);
                    let value = if removed {
                        p.string(UiString::ContextRemoved)
                    } else {
                        texts.get(&Part::Context(item)).cloned().unwrap_or_else(|| raw.clone())
                    };
                    let button = if removed {
                        p.text(UiString::RestoreContext, &[("item", &label)])
                    } else {
                        p.text(UiString::RemoveContext, &[("item", &label)])
                    };
                    view! {
                        <li class:st-removed=removed>
                            <span class="st-ctx-label">{label}": "</span><span>{value}</span>" "
                            <button type="button" class="st-quiet" on:click=move |_| draft.update(|d| d.remove_context(item, !removed))>{button}</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let first = if draft.with_untracked(|d| d.steps(&p).contains(&Step::Type)) {
        Step::Type
    } else {
        Step::Severity
    };
    view! {
        <section class="st-review-part">
            <h4>{p.string(UiString::ReviewSeverity)}</h4>
            <dl class="st-review-list">{severity}</dl>
            {edit(first)}
        </section>
        <section class="st-review-part">
            <h4>{p.string(UiString::ReviewDetails)}</h4>
            {details}
            {edit(Step::Details)}
        </section>
        {findings}
        <section class="st-review-part">
            <h4>{p.string(UiString::ContextHeading)}</h4>
            <ul class="st-context">{context}</ul>
        </section>
    }
}
