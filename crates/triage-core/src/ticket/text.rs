//! The ticket as plain text, for "copy ticket as text": what a person pastes into an email or a chat
//! when they want to follow up, readable without any tool.

use super::Ticket;

impl Ticket {
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n\n", self.summary);
        let mut line = |k: &str, v: &str| out.push_str(&format!("{k}: {v}\n"));
        line("Ticket", &self.id);
        line("Created", &self.created_at);
        line(
            "Policy",
            &format!("{} ({})", self.policy, self.policy_version),
        );
        if let Some(t) = &self.request_type {
            line("Request type", t);
        }
        if let Some(p) = &self.plan {
            line("Plan", p);
        }
        line("Level", &self.level.name);
        if let Some(s) = &self.level.suggested {
            line("Suggested level", s);
        }
        for r in &self.level.reasons {
            line("Reason", r);
        }
        if let Some(j) = &self.level.justification {
            line("Justification", j);
        }
        for a in &self.answers {
            line(&a.question_text, &a.option_label);
        }
        for (name, t) in [
            ("First response", &self.first_response),
            ("Resolution", &self.resolution),
        ] {
            if let Some(t) = t {
                match &t.due {
                    Some(due) => line(name, &format!("{} (by {due})", t.text)),
                    None => line(name, &t.text),
                }
            }
        }
        for (k, v) in &self.context {
            line(k, v);
        }
        for (k, v) in &self.redactions {
            line("Redacted", &format!("{k} ×{v}"));
        }
        for (k, v) in &self.details {
            out.push_str(&format!("\n{k}:\n{v}\n"));
        }
        for a in &self.attachments {
            out.push_str(&format!(
                "\n{} ({} bytes{}):\n{}\n",
                a.name,
                a.size,
                if a.trimmed { ", trimmed" } else { "" },
                a.text
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_carries_the_essentials() {
        let t = super::super::tests::sample();
        let text = t.to_text();
        assert!(text.starts_with("Checkout is down\n"));
        assert!(text.contains("Level: Urgent (P1)"));
        assert!(text.contains("Is the service down?: Yes, down"));
        assert!(text.contains("First response: 2 hours (by 2026-11-24T11:30:00Z)"));
    }
}
