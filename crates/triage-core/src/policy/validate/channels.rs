//! Channels, detail fields, escalation and the endpoint: what the widget offers around the ticket.

use std::collections::BTreeSet;

use super::{Check, Ids};
use crate::policy::format::*;
use crate::policy::index::*;
use crate::policy::model::*;
use crate::policy::position::{join_index, join_key};
use std::collections::BTreeMap;

pub(super) fn channels(
    c: &mut Check,
    raw: &PolicyFile,
    level_ids: &Ids<LevelIx>,
    plan_ids: &Ids<PlanIx>,
) -> Vec<Channel> {
    let mut channels = Vec::new();
    for (i, ch) in raw.channels.iter().enumerate() {
        let p = join_index("channels", i);
        if ch.usage != ChannelUse::NotAccepted {
            c.non_empty(&join_key(&p, "value"), &ch.value);
        }
        if let Err(why) = crate::policy::channel_link(ch.kind, &ch.value, ch.instruction) {
            c.err(&join_key(&p, "value"), format!("{:?} {why}", ch.value));
        }
        channels.push(Channel {
            kind: ch.kind,
            value: ch.value.clone(),
            label: ch.label.clone(),
            usage: ch.usage,
            levels: level_ids.resolve_set(c, &join_key(&p, "levels"), &ch.levels),
            plans: plan_ids.resolve_set(c, &join_key(&p, "plans"), &ch.plans),
            note: ch.note.clone(),
            instruction: ch.instruction,
        });
    }
    channel_conflicts(c, &channels, &raw.levels);
    channels
}

pub(super) fn fields(
    c: &mut Check,
    raw: &PolicyFile,
    type_ids: &Ids<TypeIx>,
    level_ids: &Ids<LevelIx>,
) -> Vec<Field> {
    let mut seen = BTreeSet::new();
    let mut fields = Vec::new();
    for (i, f) in raw.fields.iter().enumerate() {
        let p = join_index("fields", i);
        c.id(&join_key(&p, "id"), &f.id, "field", &mut seen);
        c.non_empty(&join_key(&p, "label"), &f.label);
        match (f.kind, f.options.len()) {
            (FieldKind::Choice, n) if n < 2 => c.err(
                &join_key(&p, "options"),
                "a choice field needs at least 2 options",
            ),
            (FieldKind::Choice, _) | (_, 0) => {}
            (_, _) => c.err(
                &join_key(&p, "options"),
                "only fields of kind \"choice\" take options",
            ),
        }
        let mut scope = |name: &str, s: &Scope| match s {
            Scope::All(true) => Applies::Always,
            Scope::All(false) => Applies::Never,
            Scope::Only(def) => {
                let sp = join_key(&p, name);
                if def.types.is_none() && def.levels.is_none() {
                    c.err(&sp, "give `types` and/or `levels`, or use true/false");
                }
                Applies::Only {
                    types: type_ids.resolve_set(c, &join_key(&sp, "types"), &def.types),
                    levels: level_ids.resolve_set(c, &join_key(&sp, "levels"), &def.levels),
                }
            }
            Scope::Invalid(v) => {
                invalid_scope(c, &join_key(&p, name), v);
                Applies::Never
            }
        };
        let ask = scope("ask", &f.ask);
        let required = scope("required", &f.required);
        fields.push(Field {
            id: f.id.clone(),
            label: f.label.clone(),
            help: f.help.clone(),
            kind: f.kind,
            options: f.options.clone(),
            ask,
            required,
        });
    }

    fields
}

/// Says what is wrong with a scope serde could not read as `true`, `false` or `{"types", "levels"}`:
/// a misspelt key gets the nearest right one.
fn invalid_scope(c: &mut Check, path: &str, v: &serde_json::Value) {
    const KEYS: [&str; 2] = ["types", "levels"];
    let expected = "expected true, false, or {\"types\": [...], \"levels\": [...]}";
    let Some(object) = v.as_object() else {
        c.err(path, expected);
        return;
    };
    let mut said = false;
    for key in object.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        let hint = match crate::policy::zone_names::nearest(key, KEYS) {
            Some(near) => format!(": did you mean `{near}`?"),
            None => ", expected `types` or `levels`".into(),
        };
        c.err_key(&join_key(path, key), format!("unknown field `{key}`{hint}"));
        said = true;
    }
    for key in KEYS {
        let list = object.get(key);
        if list.is_some_and(|l| {
            !l.as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string()))
        }) {
            c.err(
                &join_key(path, key),
                format!("`{key}` is a list of ids, e.g. [\"a\", \"b\"]"),
            );
            said = true;
        }
    }
    if !said {
        c.err(path, expected);
    }
}

pub(super) fn escalation(
    c: &mut Check,
    raw: &PolicyFile,
    level_ids: &Ids<LevelIx>,
    plan_ids: &Ids<PlanIx>,
) -> Vec<EscalationStep> {
    let mut escalation = Vec::new();
    for (i, s) in raw.escalation.iter().enumerate() {
        let p = join_index("escalation", i);
        c.non_empty(&join_key(&p, "title"), &s.title);
        escalation.push(EscalationStep {
            title: s.title.clone(),
            detail: s.detail.clone(),
            contact: s.contact.clone(),
            levels: level_ids.resolve_set(c, &join_key(&p, "levels"), &s.levels),
            plans: plan_ids.resolve_set(c, &join_key(&p, "plans"), &s.plans),
        });
    }
    escalation
}

fn channel_conflicts(c: &mut Check, channels: &[Channel], levels: &[LevelDef]) {
    // The same channel both required and refused for one level (on overlapping plans) cannot be followed.
    let mut by_key: BTreeMap<(ChannelKind, &str), Vec<usize>> = BTreeMap::new();
    for (i, ch) in channels.iter().enumerate() {
        by_key
            .entry((ch.kind, ch.value.as_str()))
            .or_default()
            .push(i);
    }
    for idxs in by_key.values() {
        for &a in idxs {
            for &b in idxs {
                let (x, y) = (&channels[a], &channels[b]);
                if a < b
                    && matches!(x.usage, ChannelUse::Required)
                        != matches!(y.usage, ChannelUse::Required)
                    && (x.usage == ChannelUse::NotAccepted || y.usage == ChannelUse::NotAccepted)
                {
                    let overlap = LevelIx::all(levels.len()).find(|l| {
                        x.levels.as_ref().is_none_or(|s| s.contains(l))
                            && y.levels.as_ref().is_none_or(|s| s.contains(l))
                    });
                    let plans_overlap = match (&x.plans, &y.plans) {
                        (Some(p), Some(q)) => !p.is_disjoint(q),
                        _ => true,
                    };
                    if let (Some(l), true) = (overlap, plans_overlap) {
                        c.err(
                            &join_index("channels", b),
                            format!("channels[{a}] and channels[{b}] both apply to level {:?} but one requires this channel and the other refuses it", levels[l.0].id),
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn endpoint(c: &mut Check, e: &EndpointDef) -> Endpoint {
    if let Err(why) = crate::endpoint::check_url(&e.url) {
        c.err("endpoint.url", format!("{:?}: {why}", e.url));
    }
    if !(1..=120).contains(&e.timeout_seconds) {
        c.err(
            "endpoint.timeout_seconds",
            format!("must be 1–120 seconds (got {})", e.timeout_seconds),
        );
    }
    if !e.reference_pointer.is_empty() && !e.reference_pointer.starts_with('/') {
        c.err("endpoint.reference_pointer", format!("{:?} is not a JSON pointer; it starts with '/', e.g. \"/reference\" or \"/data/id\"", e.reference_pointer));
    }
    let mut headers = Vec::new();
    for (name, value) in &e.headers {
        let hp = join_key("endpoint.headers", name);
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            c.err_key(&hp, format!("{name:?} is not a valid HTTP header name"));
        } else if ["content-type", "content-length", "host", "cookie", "origin"]
            .contains(&name.to_ascii_lowercase().as_str())
        {
            c.err_key(
                &hp,
                format!("{name:?} is set by the browser or the widget and cannot be overridden"),
            );
        }
        if value.contains(['\r', '\n']) {
            c.err(&hp, "a header value must be one line");
        }
        headers.push((name.clone(), value.clone()));
    }
    Endpoint {
        url: e.url.clone(),
        headers,
        timeout_seconds: e.timeout_seconds,
        reference_pointer: e.reference_pointer.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use serde_json::json;

    #[test]
    fn endpoint_headers_and_timeout_are_checked() {
        assert_error(
            json!({"endpoint": {"url": "/t", "headers": {"Content-Type": "x", "Bad Name": "y"}, "timeout_seconds": 0}}),
            "endpoint.timeout_seconds: must be 1–120 seconds (got 0)",
        );
        let errors = errors(
            json!({"endpoint": {"url": "/t", "headers": {"Content-Type": "x", "Bad Name": "y"}}}),
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("\"Bad Name\" is not a valid HTTP header name")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("\"Content-Type\" is set by the browser")),
            "{errors:?}"
        );
    }

    #[test]
    fn a_channel_cannot_be_both_required_and_refused_for_a_level() {
        assert_error(
            json!({"channels": [
                {"kind": "email", "value": "a@x.example", "use": "required", "levels": ["p1"]},
                {"kind": "email", "value": "a@x.example", "use": "not_accepted"}]}),
            "channels[1]: channels[0] and channels[1] both apply to level \"p1\"",
        );
        assert!(check(json!({"channels": [
            {"kind": "email", "value": "a@x.example", "use": "required", "levels": ["p1"]},
            {"kind": "email", "value": "a@x.example", "use": "not_accepted", "levels": ["p2"]}]}))
        .is_ok());
    }

    #[test]
    fn fields_scopes_and_escalation_resolve_their_ids() {
        assert_error(
            json!({"fields": [{"id": "env", "label": "Env", "kind": "choice", "options": ["prod"]}]}),
            "fields[0].options: a choice field needs at least 2 options",
        );
        assert_error(
            json!({"fields": [{"id": "env", "label": "Env", "kind": "line", "required": {"levels": ["p3"]}}]}),
            "fields[0].required.levels[0]: unknown level \"p3\"",
        );
        assert_error(
            json!({"escalation": [{"title": "Boss", "plans": ["gold"]}]}),
            "escalation[0].plans[0]: unknown plan \"gold\"; expected one of \"std\"",
        );
    }
}
