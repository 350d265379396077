//! The details step: summary, the policy's fields for this type and level, and logs (pasted, picked or
//! dropped files). The core decides which fields, which are required, what a file may be and how much
//! of the logs fits; this view renders that and hands input back.

use leptos::prelude::*;
use triage_core::flow::{read_text_file, AttachedFile, LogSource, Step};
use triage_core::policy::{FieldKind, UiString};
use wasm_bindgen::JsCast;

use super::{described_by, StepCtx};

/// "12 KB" / "800 bytes".
fn size_text(p: &triage_core::policy::Policy, bytes: u64) -> String {
    if bytes < 1024 {
        p.text(UiString::Bytes, &[("n", &bytes.to_string())])
    } else {
        p.text(
            UiString::KiloBytes,
            &[("n", &bytes.div_ceil(1024).to_string())],
        )
    }
}

/// Reads the files, attaches the text ones and says which were refused.
fn attach_files(ctx: &StepCtx, files: web_sys::FileList, notes: RwSignal<Vec<String>>) {
    let draft = ctx.draft;
    let p = ctx.policy.clone();
    notes.set(Vec::new());
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        let p = p.clone();
        leptos::task::spawn_local(async move {
            let name = file.name();
            let size = file.size() as u64;
            let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .map(|b| js_sys::Uint8Array::new(&b).to_vec());
            match bytes.map(|b| read_text_file(&b)) {
                Ok(Ok(text)) => draft.update(|d| d.attach(AttachedFile { name, size, text })),
                Ok(Err(_)) => {
                    notes.update(|n| n.push(p.text(UiString::FileBinary, &[("name", &name)])))
                }
                Err(_) => {
                    notes.update(|n| n.push(p.text(UiString::FileUnreadable, &[("name", &name)])))
                }
            }
        });
    }
}

/// The file picker, drop zone, attachment list and trim messages, under the first log field.
fn files_view(ctx: &StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let notes = RwSignal::new(Vec::<String>::new());
    let picker_id = ctx.ids.of("files");
    let c = ctx.clone();
    let on_pick = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(files) = input.files() {
                attach_files(&c, files, notes);
            }
            input.set_value("");
        }
    };
    let c = ctx.clone();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            attach_files(&c, files, notes);
        }
    };
    let pl = p.clone();
    let list = move || {
        let p = pl.clone();
        draft.with(|d| {
            d.attachments
                .iter()
                .enumerate()
                .map(|(n, a)| {
                    let line = p.text(UiString::AttachmentLine, &[("name", &a.name), ("size", &size_text(&p, a.size))]);
                    let remove = p.text(UiString::RemoveAttachment, &[("name", &a.name)]);
                    view! {
                        <li>
                            <span>{line}</span>
                            " "
                            <button type="button" class="st-quiet" on:click=move |_| draft.update(|d| d.detach(n))>{remove}</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let pt = p.clone();
    let trims = move || {
        let p = pt.clone();
        draft.with(|d| {
            d.logs(&p)
                .into_iter()
                .filter_map(|l| {
                    let cut = l.cut?;
                    let name = match l.source {
                        LogSource::Field(i) => p.fields[i].label.clone(),
                        LogSource::Attachment(n) => d.attachments[n].name.clone(),
                    };
                    let budget = p.collect.text_budget.to_string();
                    Some(p.text(
                        UiString::Trimmed,
                        &[
                            ("name", &name),
                            ("cut", &cut.to_string()),
                            ("budget", &budget),
                        ],
                    ))
                })
                .map(|t| view! { <li>{t}</li> })
                .collect_view()
        })
    };
    view! {
        <div class="st-drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <label for=picker_id.clone()>{p.string(UiString::AttachFiles)}</label>
            <input type="file" id=picker_id multiple accept=".txt,.log,.json,.csv,.md,.yaml,.yml,.xml,text/*" on:change=on_pick />
            <span class="st-help">{p.string(UiString::DropHint)}</span>
        </div>
        <ul class="st-files">{list}</ul>
        <div role="status">
            <ul class="st-file-notes">{trims}{move || notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        </div>
    }
}

/// One detail field: label (marked when required), help, the input for its kind, its message.
fn field_view(ctx: &StepCtx, i: usize, required: bool, first_log: bool) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let field = p.fields[i].clone();
    let anchor = format!("f-{}", field.id);
    let id = ctx.ids.of(&anchor);
    let help_id = ctx.ids.of(&format!("{anchor}-help"));
    let error_id = ctx.ids.of(&format!("{anchor}-error"));
    let c = ctx.clone();
    let a = anchor.clone();
    let message = Memo::new(move |_| c.problem(Step::Details, &a));
    let has_help = field.help.is_some();
    let ids = ctx.ids.clone();
    let describe = move || described_by(&ids, &anchor, has_help, message.with(Option::is_some));
    let pv = p.clone();
    let fid = field.id.clone();
    let value = move || draft.with(|d| d.details.get(&fid).cloned().unwrap_or_default());
    let pp = p.clone();
    let set = move |v: String| draft.update(|d| d.set_detail(&pp, i, v));
    let invalid = move || message.with(Option::is_some).then_some("true");
    let input = match field.kind {
        FieldKind::Text | FieldKind::Log => {
            let class = if field.kind == FieldKind::Log {
                "st-log"
            } else {
                ""
            };
            view! {
                <textarea id=id.clone() class=class rows="5" aria-invalid=invalid aria-describedby=describe aria-required=required.then_some("true")
                    prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea>
            }
            .into_any()
        }
        FieldKind::Choice => {
            let options = field.options.clone();
            view! {
                <select id=id.clone() aria-invalid=invalid aria-describedby=describe aria-required=required.then_some("true")
                    prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                    <option value="">{p.string(UiString::NotGiven)}</option>
                    {options.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        kind => {
            let (ty, auto) = if kind == FieldKind::Email {
                ("email", "email")
            } else {
                ("text", "off")
            };
            view! {
                <input type=ty id=id.clone() autocomplete=auto aria-invalid=invalid aria-describedby=describe aria-required=required.then_some("true")
                    prop:value=value on:input=move |ev| set(event_target_value(&ev)) />
            }
            .into_any()
        }
    };
    let mark = required.then(|| format!(" {}", pv.string(UiString::RequiredMark)));
    let files = (field.kind == FieldKind::Log && first_log).then(|| files_view(ctx));
    view! {
        <div class="st-field">
            <label for=id>{field.label.clone()}{mark}</label>
            {input}
            {field.help.clone().map(|h| view! { <p class="st-help" id=help_id>{h}</p> })}
            {move || message.get().map(|m| view! { <p class="st-error" id=error_id.clone()>{m}</p> })}
            {files}
        </div>
    }
}

#[component]
pub fn DetailsStep(ctx: StepCtx) -> impl IntoView {
    let p = ctx.policy.clone();
    let draft = ctx.draft;
    let ids = ctx.ids.clone();
    let id = ids.of("summary");
    let help_id = ids.of("summary-help");
    let error_id = ids.of("summary-error");
    let c = ctx.clone();
    let message = Memo::new(move |_| c.problem(Step::Details, "summary"));
    let describe = {
        let ids = ids.clone();
        move || described_by(&ids, "summary", true, message.with(Option::is_some))
    };
    let pf = p.clone();
    // A Memo, so typing (which changes the draft) does not rebuild the fields and lose focus.
    let fields = Memo::new(move |_| draft.with(|d| d.fields(&pf)));
    let pl = p.clone();
    let list = {
        let ctx = ctx.clone();
        move || {
            let mut seen_log = false;
            fields
                .get()
                .into_iter()
                .map(|(i, required)| {
                    let first_log = pl.fields[i].kind == FieldKind::Log && !seen_log;
                    seen_log |= first_log;
                    field_view(&ctx, i, required, first_log)
                })
                .collect_view()
        }
    };
    let filing = {
        let p = p.clone();
        move || draft.with(|d| p.levels[d.level(&p)].name.clone())
    };
    view! {
        <p class="st-filing">
            <span class="st-badge">{filing}</span>
        </p>
        <div class="st-field">
            <label for=id.clone()>{p.string(UiString::Summary)}" "{p.string(UiString::RequiredMark)}</label>
            <input
                type="text"
                id=id
                maxlength="200"
                autocomplete="off"
                aria-required="true"
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=describe
                prop:value=move || draft.with(|d| d.summary.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|d| d.summary = v)
                }
            />
            <p class="st-help" id=help_id>{p.string(UiString::SummaryHelp)}</p>
            {move || message.get().map(|m| view! { <p class="st-error" id=error_id.clone()>{m}</p> })}
        </div>
        {list}
    }
}
