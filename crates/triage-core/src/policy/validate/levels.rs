//! Levels, request types and questions: the vocabulary every other section refers to.

use std::collections::BTreeSet;

use super::decision::condition;
use super::{Check, Ids};
use crate::policy::format::*;
use crate::policy::index::*;
use crate::policy::limits;
use crate::policy::model::*;
use crate::policy::position::{join_index, join_key};

pub(super) fn levels(c: &mut Check, raw: &PolicyFile) -> Vec<Level> {
    if !(limits::MIN_LEVELS..=limits::MAX_LEVELS).contains(&raw.levels.len()) {
        c.err(
            "levels",
            format!(
                "a policy needs {} to {} levels, most severe first; this one has {}",
                limits::MIN_LEVELS,
                limits::MAX_LEVELS,
                raw.levels.len()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    let mut levels = Vec::new();
    for (i, l) in raw.levels.iter().enumerate() {
        let p = join_index("levels", i);
        c.id(&join_key(&p, "id"), &l.id, "level", &mut seen);
        c.non_empty(&join_key(&p, "name"), &l.name);
        c.non_empty(&join_key(&p, "definition"), &l.definition);
        levels.push(Level {
            id: l.id.clone(),
            name: l.name.clone(),
            definition: l.definition.clone(),
            examples: l.examples.clone(),
        });
    }
    levels
}

pub(super) fn request_types(
    c: &mut Check,
    raw: &PolicyFile,
    level_ids: &Ids<LevelIx>,
) -> Vec<RequestType> {
    let mut seen = BTreeSet::new();
    let mut request_types = Vec::new();
    let last = raw.levels.len().saturating_sub(1);
    for (i, t) in raw.request_types.iter().enumerate() {
        let p = join_index("request_types", i);
        c.id(&join_key(&p, "id"), &t.id, "request type", &mut seen);
        c.non_empty(&join_key(&p, "name"), &t.name);
        let mut get = |field: &str, v: &Option<String>| {
            v.as_ref()
                .and_then(|id| level_ids.resolve(c, &join_key(&p, field), id))
        };
        let fixed = get("level", &t.level);
        let most = get("most_severe", &t.most_severe);
        let least = get("least_severe", &t.least_severe);
        if t.level.is_some() && (t.most_severe.is_some() || t.least_severe.is_some()) {
            c.err(
                &join_key(&p, "level"),
                "give either a fixed `level` or bounds (`most_severe`/`least_severe`), not both",
            );
        }
        let bounds = (most.unwrap_or(LevelIx(0)), least.unwrap_or(LevelIx(last)));
        if bounds.0 > bounds.1 {
            c.err(
                &join_key(&p, "most_severe"),
                format!(
                    "most_severe {:?} is less severe than least_severe {:?} (levels are listed most severe first)",
                    t.most_severe.as_deref().unwrap_or(""),
                    t.least_severe.as_deref().unwrap_or("")
                ),
            );
        }
        request_types.push(RequestType {
            id: t.id.clone(),
            name: t.name.clone(),
            description: t.description.clone(),
            fixed,
            bounds,
            skip_questions: t.skip_questions,
            reason: t.reason.clone(),
        });
    }
    request_types
}

pub(super) fn questions(c: &mut Check, raw: &PolicyFile, type_ids: &Ids<TypeIx>) -> Vec<Question> {
    if raw.questions.len() > limits::MAX_QUESTIONS {
        c.err(
            "questions",
            format!(
                "at most {} questions; this policy has {}",
                limits::MAX_QUESTIONS,
                raw.questions.len()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    let mut questions: Vec<Question> = Vec::new();
    for (i, q) in raw.questions.iter().enumerate() {
        let p = join_index("questions", i);
        c.id(&join_key(&p, "id"), &q.id, "question", &mut seen);
        c.non_empty(&join_key(&p, "text"), &q.text);
        if !(2..=limits::MAX_OPTIONS).contains(&q.options.len()) {
            c.err(
                &join_key(&p, "options"),
                format!(
                    "a question needs 2 to {} options; this one has {}",
                    limits::MAX_OPTIONS,
                    q.options.len()
                ),
            );
        }
        let mut seen_opts = BTreeSet::new();
        for (j, o) in q.options.iter().enumerate() {
            let op = join_index(&join_key(&p, "options"), j);
            c.id(&join_key(&op, "id"), &o.id, "option", &mut seen_opts);
            c.non_empty(&join_key(&op, "label"), &o.label);
        }
        // ask_when may only look back, which also rules out cycles.
        let ask_when = condition(
            c,
            &join_key(&p, "ask_when"),
            &q.ask_when,
            &raw.questions[..i],
            "ask_when may only refer to questions asked before this one",
        );
        let types = type_ids.resolve_set(c, &join_key(&p, "types"), &q.types);
        questions.push(Question {
            id: q.id.clone(),
            text: q.text.clone(),
            help: q.help.clone(),
            options: q
                .options
                .iter()
                .map(|o| Choice {
                    id: o.id.clone(),
                    label: o.label.clone(),
                })
                .collect(),
            ask_when,
            types,
        });
    }

    questions
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::policy::LevelIx;
    use serde_json::json;

    #[test]
    fn level_ids_are_unique_and_the_count_bounded() {
        assert_error(
            json!({"levels": [{"id": "p1", "name": "A", "definition": "d"}, {"id": "p1", "name": "B", "definition": "d"}], "default_level": "p1",
                   "plans": [{"id": "s", "name": "S", "default_target": {"first_response": "best effort"}}]}),
            "levels[1].id: duplicate level id \"p1\"",
        );
        assert_error(
            json!({"levels": [{"id": "p1", "name": "A", "definition": "d"}], "default_level": "p1"}),
            "levels: a policy needs 2 to 8 levels",
        );
    }

    #[test]
    fn request_types_take_a_level_or_bounds_in_order() {
        assert_error(
            json!({"request_types": [{"id": "t", "name": "T", "level": "p1", "most_severe": "p1"}]}),
            "request_types[0].level: give either a fixed `level` or bounds",
        );
        assert_error(
            json!({"request_types": [{"id": "t", "name": "T", "most_severe": "p2", "least_severe": "p1"}]}),
            "request_types[0].most_severe: most_severe \"p2\" is less severe than least_severe \"p1\"",
        );
        let p = check(json!({"request_types": [{"id": "t", "name": "T", "least_severe": "p1"}]}))
            .unwrap();
        assert_eq!(p.request_types[0].bounds, (LevelIx(0), LevelIx(0)));
    }

    #[test]
    fn questions_look_back_only_and_offer_two_to_twelve_options() {
        assert_error(
            json!({"questions": [
                {"id": "a", "text": "A?", "ask_when": {"b": "y"}, "options": [{"id": "y", "label": "Y"}, {"id": "n", "label": "N"}]},
                {"id": "b", "text": "B?", "options": [{"id": "y", "label": "Y"}, {"id": "n", "label": "N"}]}]}),
            "questions[0].ask_when.b: unknown question \"b\" (ask_when may only refer to questions asked before this one)",
        );
        assert_error(
            json!({"questions": [{"id": "a", "text": "A?", "options": [{"id": "y", "label": "Y"}]}]}),
            "questions[0].options: a question needs 2 to 12 options; this one has 1",
        );
    }
}
