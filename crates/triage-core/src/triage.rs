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
        self.0.get(q).copied().flatten()
    }

    pub fn set(&mut self, q: QuestionIx, o: Option<OptionIx>) {
        if q >= self.0.len() {
            self.0.resize(q + 1, None);
        }
        self.0[q] = o;
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
            let o = options.iter().position(|o| o.id == oid).ok_or_else(|| {
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

fn holds(cond: &Condition, answers: &Answers) -> bool {
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
        .get(q)
        .copied()
        .unwrap_or(false)
}

/// The questions to show, in order.
pub fn asked(policy: &Policy, request_type: Option<TypeIx>, answers: &Answers) -> Vec<QuestionIx> {
    asked_mask(policy, request_type, answers)
        .into_iter()
        .enumerate()
        .filter_map(|(i, a)| a.then_some(i))
        .collect()
}

fn asked_mask(policy: &Policy, request_type: Option<TypeIx>, answers: &Answers) -> Vec<bool> {
    let rt = request_type.and_then(|t| policy.request_types.get(t));
    if rt.is_some_and(|t| t.skip_questions) {
        return vec![false; policy.questions.len()];
    }
    let mut effective = Answers::new(policy);
    let mut mask = Vec::with_capacity(policy.questions.len());
    for (i, q) in policy.questions.iter().enumerate() {
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
        (0..policy.questions.len())
            .map(|i| if mask[i] { answers.get(i) } else { None })
            .collect(),
    )
}

pub fn suggest(policy: &Policy, request_type: Option<TypeIx>, answers: &Answers) -> Suggestion {
    let rt = request_type.and_then(|t| policy.request_types.get(t));
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
                level: m.cells[r][c],
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
