//! The decision: rules checked in order, then the impact × urgency matrix, and the conditions both use.

use super::{choices, Check, Ids};
use crate::policy::format::*;
use crate::policy::index::*;
use crate::policy::limits;
use crate::policy::model::*;
use crate::policy::position::{join_index, join_key};

pub(super) fn rules(c: &mut Check, raw: &PolicyFile, level_ids: &Ids<LevelIx>) -> Vec<Rule> {
    if raw.decision.rules.len() > limits::MAX_RULES {
        c.err(
            "decision.rules",
            format!(
                "at most {} rules; this policy has {} (a matrix expresses impact × urgency tables compactly)",
                limits::MAX_RULES,
                raw.decision.rules.len()
            ),
        );
    }
    let mut rules = Vec::new();
    for (i, r) in raw
        .decision
        .rules
        .iter()
        .enumerate()
        .take(limits::MAX_RULES)
    {
        let p = join_index("decision.rules", i);
        let when = condition(c, &join_key(&p, "when"), &r.when, &raw.questions, "");
        let level = level_ids.resolve(c, &join_key(&p, "level"), &r.level);
        c.non_empty(&join_key(&p, "reason"), &r.reason);
        if let Some(level) = level {
            rules.push(Rule {
                when,
                level,
                reason: r.reason.clone(),
            });
        }
    }
    rules
}

/// Resolves a condition against `questions` (the ones it may refer to).
pub(super) fn condition(
    c: &mut Check,
    path: &str,
    cond: &ConditionDef,
    questions: &[QuestionDef],
    scope_hint: &str,
) -> Condition {
    let mut out = Vec::new();
    // With a broken question, a reference not found may be to it (see `Check::intact`).
    let sure = c.intact("questions");
    for (qid, options) in cond {
        let qp = join_key(path, qid);
        let Some(qi) = questions.iter().position(|q| &q.id == qid) else {
            if !sure {
                continue;
            }
            let hint = if scope_hint.is_empty() {
                String::new()
            } else {
                format!(" ({scope_hint})")
            };
            c.err_key(
                &qp,
                format!(
                    "unknown question {qid:?}{hint}; expected {}",
                    choices(questions.iter().map(|q| q.id.as_str()))
                ),
            );
            continue;
        };
        let q = &questions[qi];
        if let OneOrMany::Invalid(_) = options {
            c.err(&qp, "expected an option id or a list of option ids");
            continue;
        }
        let ids = options.as_slice();
        if ids.is_empty() {
            c.err(&qp, "list at least one option");
        }
        let mut set = IxSet::new();
        for (k, oid) in ids.iter().enumerate() {
            let op = if matches!(options, OneOrMany::Many(_)) {
                join_index(&qp, k)
            } else {
                qp.clone()
            };
            match q.options.iter().position(|o| &o.id == oid) {
                Some(oi) => {
                    set.insert(OptionIx(oi));
                }
                None if !sure => {}
                None => c.err(
                    &op,
                    format!(
                        "question {qid:?} has no option {oid:?}; expected {}",
                        choices(q.options.iter().map(|o| o.id.as_str()))
                    ),
                ),
            }
        }
        out.push((QuestionIx(qi), set));
    }
    Condition(out)
}

pub(super) fn matrix(
    c: &mut Check,
    m: &MatrixDef,
    questions: &[QuestionDef],
    levels: &Ids<LevelIx>,
) -> Option<Matrix> {
    let q_ids: Ids<QuestionIx> = Ids::new(
        c,
        "questions",
        "question",
        questions.iter().map(|q| q.id.as_str()),
    );
    let rows = q_ids.resolve(c, "decision.matrix.rows", &m.rows);
    let columns = q_ids.resolve(c, "decision.matrix.columns", &m.columns);
    c.non_empty("decision.matrix.reason", &m.reason);
    let stripped = m.reason.replace("{row}", "").replace("{column}", "");
    if stripped.contains('{') {
        c.err(
            "decision.matrix.reason",
            "the only placeholders are {row} and {column}",
        );
    }
    let (rows, columns) = (rows?, columns?);
    if rows == columns {
        c.err(
            "decision.matrix.columns",
            "rows and columns must be different questions",
        );
        return None;
    }
    let (rq, cq) = (&questions[rows.0], &questions[columns.0]);
    let mut cells = vec![vec![LevelIx(0); cq.options.len()]; rq.options.len()];
    let mut ok = true;
    for key in m.levels.keys() {
        if !rq.options.iter().any(|o| &o.id == key) {
            c.err_key(
                &join_key("decision.matrix.levels", key),
                format!(
                    "{:?} is not an option of {:?}; expected {}",
                    key,
                    rq.id,
                    choices(rq.options.iter().map(|o| o.id.as_str()))
                ),
            );
        }
    }
    for (ri, ro) in rq.options.iter().enumerate() {
        let rp = join_key("decision.matrix.levels", &ro.id);
        let Some(row) = m.levels.get(&ro.id) else {
            c.err(
                "decision.matrix.levels",
                format!(
                    "no row for {:?} option {:?}; every pair needs a level",
                    rq.id, ro.id
                ),
            );
            ok = false;
            continue;
        };
        for key in row.keys() {
            if !cq.options.iter().any(|o| &o.id == key) {
                c.err_key(
                    &join_key(&rp, key),
                    format!(
                        "{:?} is not an option of {:?}; expected {}",
                        key,
                        cq.id,
                        choices(cq.options.iter().map(|o| o.id.as_str()))
                    ),
                );
            }
        }
        for (ci, co) in cq.options.iter().enumerate() {
            match row.get(&co.id) {
                None => {
                    c.err(
                        &rp,
                        format!(
                            "no level for {:?}={:?} with {:?}={:?}",
                            rq.id, ro.id, cq.id, co.id
                        ),
                    );
                    ok = false;
                }
                Some(level) => match levels.resolve(c, &join_key(&rp, &co.id), level) {
                    Some(l) => cells[ri][ci] = l,
                    None => ok = false,
                },
            }
        }
    }
    ok.then(|| Matrix {
        rows,
        columns,
        cells,
        reason: m.reason.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use serde_json::json;

    fn two_questions() -> serde_json::Value {
        json!([
            {"id": "impact", "text": "Impact?", "options": [{"id": "high", "label": "High"}, {"id": "low", "label": "Low"}]},
            {"id": "urgency", "text": "Urgency?", "options": [{"id": "now", "label": "Now"}, {"id": "later", "label": "Later"}]}
        ])
    }

    #[test]
    fn rules_name_known_questions_options_and_levels() {
        assert_error(
            json!({"decision": {"rules": [{"when": {"q": "c"}, "level": "p1", "reason": "r"}]}}),
            "decision.rules[0].when.q: question \"q\" has no option \"c\"; expected one of \"a\", \"b\"",
        );
        assert_error(
            json!({"decision": {"rules": [{"when": {"q": "a"}, "level": "p9", "reason": "r"}]}}),
            "decision.rules[0].level: unknown level \"p9\"",
        );
    }

    #[test]
    fn a_matrix_gives_a_level_for_every_pair() {
        let full =
            json!({"high": {"now": "p1", "later": "p2"}, "low": {"now": "p2", "later": "p2"}});
        let p = check(json!({"questions": two_questions(),
            "decision": {"matrix": {"rows": "impact", "columns": "urgency", "levels": full, "reason": "{row} × {column}"}}}))
        .unwrap();
        let m = p.matrix.unwrap();
        assert_eq!((m.rows.0, m.columns.0), (0, 1));
        let cells: Vec<Vec<usize>> = m
            .cells
            .iter()
            .map(|r| r.iter().map(|l| l.0).collect())
            .collect();
        assert_eq!(cells, vec![vec![0, 1], vec![1, 1]]);

        let gap = json!({"high": {"now": "p1"}, "low": {"now": "p2", "later": "p2"}});
        assert_error(
            json!({"questions": two_questions(),
                "decision": {"matrix": {"rows": "impact", "columns": "urgency", "levels": gap, "reason": "r"}}}),
            "decision.matrix.levels.high: no level for \"impact\"=\"high\" with \"urgency\"=\"later\"",
        );
        assert_error(
            json!({"questions": two_questions(),
                "decision": {"matrix": {"rows": "impact", "columns": "impact", "levels": {}, "reason": "r"}}}),
            "decision.matrix.columns: rows and columns must be different questions",
        );
        assert_error(
            json!({"questions": two_questions(),
                "decision": {"matrix": {"rows": "impact", "columns": "urgency", "levels": full, "reason": "{impact}"}}}),
            "decision.matrix.reason: the only placeholders are {row} and {column}",
        );
    }
}
