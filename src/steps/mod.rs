//! The flow's steps as thin views over the core's `Draft`: each input reads the draft and writes back
//! through the draft's own mutators, which decide everything (what is asked, what is dropped, what is
//! allowed). Messages for missing input are the core's `Problem`s, tied to their input by id.

use std::sync::Arc;

use leptos::prelude::*;
use triage_core::flow::{Draft, PlanPick, Step};
use triage_core::policy::{LevelIx, OptionIx, PlanIx, Policy, TypeIx, UiString};

use crate::card::Card;

mod details;
mod review;

pub use details::DetailsStep;
pub use review::ReviewStep;

/// Element ids for one widget instance: several widgets on a page never share one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ids(pub String);

impl Ids {
    pub fn of(&self, anchor: &str) -> String {
        format!("{}-{anchor}", self.0)
    }
}

/// What a step needs from the panel.
#[derive(Clone)]
pub struct StepCtx {
    pub policy: Arc<Policy>,
    pub draft: RwSignal<Draft>,
    pub ids: Ids,
    /// Whether the person tried to move on; messages show only then.
    pub attempted: RwSignal<bool>,
    pub now: Signal<i64>,
}

impl StepCtx {
    /// The message for the input `anchor` on `step`, when it should show.
    pub(crate) fn problem(&self, step: Step, anchor: &str) -> Option<String> {
        if !self.attempted.get() {
            return None;
        }
        let p = &self.policy;
        self.draft.with(|d| {
            d.problems(p, step)
                .into_iter()
                .find(|pr| pr.anchor(p) == anchor)
                .map(|pr| pr.message(p))
        })
    }
}

/// `aria-describedby` for an input with optional help and a message that may show.
pub(crate) fn described_by(ids: &Ids, anchor: &str, help: bool, error: bool) -> Option<String> {
    let mut parts = Vec::new();
    if help {
        parts.push(ids.of(&format!("{anchor}-help")));
    }
    if error {
        parts.push(ids.of(&format!("{anchor}-error")));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A radio group in a fieldset: legend, optional help, the options, and its message.
#[allow(clippy::too_many_arguments)]
fn radio_group(
    ctx: &StepCtx,
    step: Step,
    anchor: String,
    legend: String,
    help: Option<String>,
    options: Vec<(String, Option<String>)>,
    checked: impl Fn(usize) -> bool + Clone + Send + Sync + 'static,
    pick: impl Fn(usize) + Clone + 'static,
) -> impl IntoView {
    let ids = ctx.ids.clone();
    let name = ids.of(&anchor);
    let error_id = ids.of(&format!("{anchor}-error"));
    let help_id = ids.of(&format!("{anchor}-help"));
    let has_help = help.is_some();
    let c = ctx.clone();
    let a = anchor.clone();
    let message = Memo::new(move |_| c.problem(step, &a));
    let describe = {
        let ids = ids.clone();
        let anchor = anchor.clone();
        move || described_by(&ids, &anchor, has_help, message.with(Option::is_some))
    };
    view! {
        <fieldset class="st-group" aria-describedby=describe>
            <legend class="st-legend">{legend}</legend>
            {help.map(|h| view! { <p class="st-help" id=help_id>{h}</p> })}
            <div class="st-options">
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, detail))| {
                        let checked = checked.clone();
                        let pick = pick.clone();
                        // The first option carries the group's anchor id, so focus can move to the group.
                        let id = (i == 0).then(|| name.clone());
                        view! {
                            <label class="st-option">
                                <input
                                    type="radio"
                                    id=id
                                    name=name.clone()
                                    aria-invalid=move || message.with(Option::is_some).then_some("true")
                                    prop:checked=move || checked(i)
                                    on:change=move |_| pick(i)
                                />
                                <span class="st-option-text">
                                    <span class="st-option-label">{label}</span>
                                    {detail.map(|d| view! { <span class="st-option-detail">{d}</span> })}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            {move || message.get().map(|m| view! { <p class="st-error" id=error_id.clone()>{m}</p> })}
        </fieldset>
    }
}

#[component]
pub fn TypeStep(ctx: StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let options = p
        .request_types
        .iter()
        .map(|t| (t.name.clone(), t.description.clone()))
        .collect();
    let pp = p.clone();
    radio_group(
        &ctx,
        Step::Type,
        "type".into(),
        p.string(UiString::StepType),
        None,
        options,
        move |i| draft.with(|d| d.request_type == Some(TypeIx(i))),
        move |i| draft.update(|d| d.set_type(&pp, TypeIx(i))),
    )
}

#[component]
pub fn SeverityStep(ctx: StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let questions = {
        let ctx = ctx.clone();
        move || {
            let p = ctx.policy.clone();
            draft
                .with(|d| d.questions(&p))
                .into_iter()
                .map(|q| {
                    let question = &p.questions[q];
                    let options = question
                        .options
                        .iter()
                        .map(|o| (o.label.clone(), None))
                        .collect();
                    let pp = p.clone();
                    radio_group(
                        &ctx,
                        Step::Severity,
                        format!("q-{}", question.id),
                        question.text.clone(),
                        question.help.clone(),
                        options,
                        move |o| draft.with(|d| d.answers.get(q) == Some(OptionIx(o))),
                        move |o| draft.update(|d| d.answer(&pp, q, OptionIx(o))),
                    )
                })
                .collect_view()
        }
    };
    let plan = {
        let ctx = ctx.clone();
        let p = p.clone();
        move || {
            draft.with(|d| d.asks_plan(&p)).then(|| {
                let mut options: Vec<(String, Option<String>)> = p
                    .plans
                    .iter()
                    .map(|pl| (pl.name.clone(), pl.description.clone()))
                    .collect();
                options.push((p.string(UiString::PlanUnknown), None));
                let n = p.plans.len();
                let pp = p.clone();
                radio_group(
                    &ctx,
                    Step::Severity,
                    "plan".into(),
                    p.string(UiString::PlanLegend),
                    None,
                    options,
                    move |i| {
                        draft.with(|d| match d.plan {
                            PlanPick::Plan(x) => x == PlanIx(i),
                            PlanPick::DontKnow => i == n,
                            PlanPick::Unset => false,
                        })
                    },
                    move |i| {
                        let pick = if i == n {
                            PlanPick::DontKnow
                        } else {
                            PlanPick::Plan(PlanIx(i))
                        };
                        draft.update(|d| d.pick_plan(&pp, pick))
                    },
                )
            })
        }
    };
    view! {
        {questions}
        {plan}
        <Card ctx=ctx.clone() />
        <LevelChoice ctx=ctx />
    }
}

/// "Not right? Choose another level": every allowed level with its definition, the suggestion marked,
/// and a one-line justification when the choice is more severe than suggested.
#[component]
fn LevelChoice(ctx: StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let ids = ctx.ids.clone();
    let pp = p.clone();
    // As plain indices, the radio group's currency.
    let choices = move || {
        draft.with(|d| {
            let allowed = d.allowed_levels(&pp);
            allowed.start().0..=allowed.end().0
        })
    };
    let more_than_one = {
        let choices = choices.clone();
        move || choices().count() > 1
    };
    let list = {
        let ctx = ctx.clone();
        let p = p.clone();
        move || {
            let allowed = choices();
            let suggested = draft.with(|d| d.suggestion(&p).level);
            let mark = p.string(UiString::SuggestedMark);
            let levels: Vec<usize> = allowed.collect();
            let options = levels
                .iter()
                .map(|&l| {
                    let level = &p.levels[l];
                    let name = if LevelIx(l) == suggested {
                        format!("{} {mark}", level.name)
                    } else {
                        level.name.clone()
                    };
                    (name, Some(level.definition.clone()))
                })
                .collect();
            let pp = p.clone();
            let lv = levels.clone();
            let pc = p.clone();
            radio_group(
                &ctx,
                Step::Severity,
                "level".into(),
                p.string(UiString::LevelLegend),
                None,
                options,
                move |i| draft.with(|d| d.level(&pc) == LevelIx(lv[i])),
                move |i| draft.update(|d| d.choose_level(&pp, Some(LevelIx(levels[i])))),
            )
        }
    };
    let justification = {
        let ctx = ctx.clone();
        let p = p.clone();
        let ids = ids.clone();
        move || {
            draft.with(|d| d.needs_justification(&p)).then(|| {
                let id = ids.of("justification");
                let error_id = ids.of("justification-error");
                let error_id2 = error_id.clone();
                let c = ctx.clone();
                let message = Memo::new(move |_| c.problem(Step::Severity, "justification"));
                view! {
                    <div class="st-field">
                        <label for=id.clone()>{p.string(UiString::Justification)}</label>
                        <input
                            type="text"
                            id=id
                            maxlength="300"
                            aria-invalid=move || message.with(Option::is_some).then_some("true")
                            aria-describedby=move || message.with(Option::is_some).then(|| error_id.clone())
                            prop:value=move || draft.with(|d| d.justification.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| d.justification = v)
                            }
                        />
                        {move || message.get().map(|m| view! { <p class="st-error" id=error_id2.clone()>{m}</p> })}
                    </div>
                }
            })
        }
    };
    // Open while a level is chosen, unless the person has opened or closed it themselves: the browser
    // toggles `open` on its own, and a reactive `open` must never fight it.
    let toggled = RwSignal::new(None::<bool>);
    let open = move || {
        toggled
            .get()
            .unwrap_or_else(|| draft.with(|d| d.level.is_some()))
    };
    let on_toggle = move |ev| {
        let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        if now != open() {
            toggled.set(Some(now));
        }
    };
    view! {
        <Show when=more_than_one>
            <details class="st-choose" prop:open=open on:toggle=on_toggle>
                <summary>{p.string(UiString::ChooseLevel)}</summary>
                // Rendered only while open: built inside a closed <details> (a display-locked subtree),
                // the radios came out without a layout box once Leptos's erase_components was on.
                {
                    let list = list.clone();
                    move || open().then(|| list.clone())
                }
                {justification.clone()}
            </details>
        </Show>
    }
}
