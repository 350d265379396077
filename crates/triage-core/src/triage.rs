//! Severity suggestion: a request type and answers in, a level and the policy's own reasons out.
//!
//! Order of precedence, as documented in docs/policy.md: a request type that fixes the level; else the
//! first rule whose condition holds; else the matrix (when both its questions are answered); else the
//! default level. A request type's bounds then clamp the result. Answers to questions that are not (or no
//! longer) asked are ignored, so changing an earlier answer can never leave a stale one deciding.

use crate::policy::{Condition, LevelIx, OptionIx, Policy, QuestionIx, TypeIx};

/// Chosen option per question (index-aligned with `Policy::questions`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(pub Vec<Option<OptionIx>>);

impl Answers {
    pub fn new(policy: &Policy) -> Answers {
        Answers(vec![None; policy.questions.len()])
    }

    pub fn get(&self, q: QuestionIx) -> Option<OptionIx> {
        self.0.get(q.0).copied().flatten()
    }

    pub fn set(&mut self, q: QuestionIx, o: Option<OptionIx>) {
        if q.0 >= self.0.len() {
            self.0.resize(q.0 + 1, None);
        }
        self.0[q.0] = o;
    }

    /// Builds answers from `question=option` id pairs, naming the valid choices when one is wrong.
    pub fn from_ids<'a>(
        policy: &Policy,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Answers, String> {
        let mut answers = Answers::new(policy);
        for (qid, oid) in pairs {
            let list = |ids: Vec<&str>| {
                ids.iter()
                    .map(|s| format!("{s:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let q = policy.question_ix(qid).ok_or_else(|| {
                format!(
                    "unknown question {qid:?}; expected one of {}",
                    list(policy.questions.iter().map(|q| q.id.as_str()).collect())
                )
            })?;
            let options = &policy.questions[q].options;
            let o = options
                .iter()
                .position(|o| o.id == oid)
                .map(OptionIx)
                .ok_or_else(|| {
                    format!(
                        "question {qid:?} has no option {oid:?}; expected one of {}",
                        list(options.iter().map(|o| o.id.as_str()).collect())
                    )
                })?;
            answers.set(q, Some(o));
        }
        Ok(answers)
    }
}

/// Why the level was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "index")]
pub enum Basis {
    RequestType,
    Rule(usize),
    Matrix,
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub level: LevelIx,
    pub reasons: Vec<String>,
    pub basis: Basis,
}

/// Whether every (question, allowed options) pair of `cond` holds for `answers`.
pub fn holds(cond: &Condition, answers: &Answers) -> bool {
    cond.0
        .iter()
        .all(|(q, allowed)| answers.get(*q).is_some_and(|o| allowed.contains(&o)))
}

/// Whether question `q` is asked, given the request type and the answers to earlier questions.
pub fn is_asked(
    policy: &Policy,
    request_type: Option<TypeIx>,
    answers: &Answers,
    q: QuestionIx,
) -> bool {
    asked_mask(policy, request_type, answers)
        .get(q.0)
        .copied()
        .unwrap_or(false)
}

/// The questions to show, in order.
pub fn asked(policy: &Policy, request_type: Option<TypeIx>, answers: &Answers) -> Vec<QuestionIx> {
    asked_mask(policy, request_type, answers)
        .into_iter()
        .enumerate()
        .filter_map(|(i, a)| a.then_some(QuestionIx(i)))
        .collect()
}

fn asked_mask(policy: &Policy, request_type: Option<TypeIx>, answers: &Answers) -> Vec<bool> {
    let rt = request_type.and_then(|t| policy.request_types.get(t.0));
    if rt.is_some_and(|t| t.skip_questions) {
        return vec![false; policy.questions.len()];
    }
    let mut effective = Answers::new(policy);
    let mut mask = Vec::with_capacity(policy.questions.len());
    for (i, q) in policy.questions.iter().enumerate() {
        let i = QuestionIx(i);
        let type_ok = match (&q.types, request_type) {
            (None, _) => true,
            (Some(set), Some(t)) => set.contains(&t),
            (Some(_), None) => false,
        };
        // ask_when only refers to earlier questions, whose effective answers are already settled.
        let ask = type_ok && holds(&q.ask_when, &effective);
        if ask {
            effective.set(i, answers.get(i));
        }
        mask.push(ask);
    }
    mask
}

/// Answers with those to unasked questions removed.
pub fn effective_answers(
    policy: &Policy,
    request_type: Option<TypeIx>,
    answers: &Answers,
) -> Answers {
    let mask = asked_mask(policy, request_type, answers);
    Answers(
        QuestionIx::all(policy.questions.len())
            .map(|i| if mask[i.0] { answers.get(i) } else { None })
            .collect(),
    )
}

pub fn suggest(policy: &Policy, request_type: Option<TypeIx>, answers: &Answers) -> Suggestion {
    let rt = request_type.and_then(|t| policy.request_types.get(t.0));
    if let Some((t, fixed)) = rt.and_then(|t| t.fixed.map(|f| (t, f))) {
        let reason = t.reason.clone().unwrap_or_else(|| {
            format!(
                "{} requests are filed as {}.",
                t.name, policy.levels[fixed].name
            )
        });
        return Suggestion {
            level: fixed,
            reasons: vec![reason],
            basis: Basis::RequestType,
        };
    }
    let answers = effective_answers(policy, request_type, answers);
    let mut s = decide(policy, &answers);
    if let Some(t) = rt {
        let (most, least) = t.bounds;
        let clamped = s.level.clamp(most, least);
        if clamped != s.level {
            let bound = if clamped == most {
                "at most"
            } else {
                "at least"
            };
            s.reasons.push(format!(
                "{} requests are {bound} {}.",
                t.name, policy.levels[clamped].name
            ));
            s.level = clamped;
        }
    }
    s
}

fn decide(policy: &Policy, answers: &Answers) -> Suggestion {
    if let Some((i, rule)) = policy
        .rules
        .iter()
        .enumerate()
        .find(|(_, r)| holds(&r.when, answers))
    {
        return Suggestion {
            level: rule.level,
            reasons: vec![rule.reason.clone()],
            basis: Basis::Rule(i),
        };
    }
    if let Some(m) = &policy.matrix {
        if let (Some(r), Some(c)) = (answers.get(m.rows), answers.get(m.columns)) {
            let reason = m
                .reason
                .replace("{row}", &policy.questions[m.rows].options[r].label)
                .replace("{column}", &policy.questions[m.columns].options[c].label);
            return Suggestion {
                level: m.cells[r.0][c.0],
                reasons: vec![reason],
                basis: Basis::Matrix,
            };
        }
    }
    let level = &policy.levels[policy.default_level];
    Suggestion {
        level: policy.default_level,
        reasons: vec![format!("{}: {}", level.name, level.definition)],
        basis: Basis::Default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::UtcOnly;

    /// Rules first (data loss → p1), then an impact × urgency matrix, then the default; a "question" type
    /// bounded to p3..p4 and a "security" type bounded to p1..p2.
    const POLICY: &str = r#"{
      "id": "m", "vendor": "M",
      "levels": [{"id": "p1", "name": "P1", "definition": "d"}, {"id": "p2", "name": "P2", "definition": "d"},
                 {"id": "p3", "name": "P3", "definition": "d"}, {"id": "p4", "name": "P4", "definition": "d"}],
      "default_level": "p3",
      "request_types": [
        {"id": "incident", "name": "Incident"},
        {"id": "question", "name": "Question", "most_severe": "p3"},
        {"id": "security", "name": "Security", "least_severe": "p2"}
      ],
      "questions": [
        {"id": "loss", "text": "Data lost?", "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]},
        {"id": "impact", "text": "Impact?", "options": [{"id": "wide", "label": "Everyone"}, {"id": "narrow", "label": "One team"}]},
        {"id": "urgency", "text": "Urgency?", "options": [{"id": "now", "label": "Blocking"}, {"id": "later", "label": "Can wait"}]}
      ],
      "decision": {
        "rules": [{"when": {"loss": "yes"}, "level": "p1", "reason": "Data loss."}],
        "matrix": {"rows": "impact", "columns": "urgency", "reason": "{row}, {column}.",
                   "levels": {"wide": {"now": "p1", "later": "p2"}, "narrow": {"now": "p3", "later": "p4"}}}
      },
      "calendars": {"always": {"kind": "24x7"}},
      "plans": [{"id": "std", "name": "Std", "calendar": "always", "default_target": {"first_response": "1 day"}}],
      "endpoint": {"url": "/t"}, "fallback_contact": "x"
    }"#;

    fn policy() -> Policy {
        crate::policy::compiled::via_compiled(crate::policy::load(POLICY, &UtcOnly).unwrap())
    }

    fn answers(p: &Policy, pairs: &[(&str, &str)]) -> Answers {
        Answers::from_ids(p, pairs.iter().copied()).unwrap()
    }

    #[test]
    fn the_matrix_decides_when_no_rule_does_and_names_both_answers() {
        let p = policy();
        for (impact, urgency, level, reason) in [
            ("wide", "now", 0, "Everyone, Blocking."),
            ("wide", "later", 1, "Everyone, Can wait."),
            ("narrow", "now", 2, "One team, Blocking."),
            ("narrow", "later", 3, "One team, Can wait."),
        ] {
            let a = answers(
                &p,
                &[("loss", "no"), ("impact", impact), ("urgency", urgency)],
            );
            let s = suggest(&p, None, &a);
            assert_eq!(
                (s.level, s.basis),
                (LevelIx(level), Basis::Matrix),
                "{impact} {urgency}"
            );
            assert_eq!(s.reasons, vec![reason.to_string()]);
        }
        // A rule that holds wins over the matrix.
        let a = answers(
            &p,
            &[("loss", "yes"), ("impact", "narrow"), ("urgency", "later")],
        );
        assert_eq!(suggest(&p, None, &a).basis, Basis::Rule(0));
        // Half a matrix is no matrix: the default decides.
        let a = answers(&p, &[("loss", "no"), ("impact", "wide")]);
        let s = suggest(&p, None, &a);
        assert_eq!((s.level, s.basis), (LevelIx(2), Basis::Default));
    }

    #[test]
    fn request_type_bounds_clamp_the_level_and_say_so() {
        let p = policy();
        let question = p.type_ix("question");
        let security = p.type_ix("security");
        // Data loss is P1, but a question is at most P3.
        let a = answers(&p, &[("loss", "yes")]);
        let s = suggest(&p, question, &a);
        assert_eq!(s.level, LevelIx(2));
        assert_eq!(
            s.reasons,
            vec![
                "Data loss.".to_string(),
                "Question requests are at most P3.".to_string()
            ]
        );
        // Narrow and later is P4, but security is at least P2.
        let a = answers(
            &p,
            &[("loss", "no"), ("impact", "narrow"), ("urgency", "later")],
        );
        let s = suggest(&p, security, &a);
        assert_eq!((s.level, s.basis), (LevelIx(1), Basis::Matrix));
        assert_eq!(s.reasons[1], "Security requests are at least P2.");
        // Within the bounds nothing changes and nothing is added.
        let a = answers(&p, &[("loss", "yes")]);
        let s = suggest(&p, security, &a);
        assert_eq!((s.level, s.reasons.len()), (LevelIx(0), 1));
        assert_eq!(suggest(&p, p.type_ix("incident"), &a).level, LevelIx(0));
    }
}
