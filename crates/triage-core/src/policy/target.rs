//! Response targets as vendors write them ("45 minutes", "48 hours, best effort", "no SLA"), parsed
//! once at validation and shown back in the same words.

/// A response (or resolution) target as the vendor states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A firm commitment: "45 minutes".
    Within { amount: u32, unit: Unit },
    /// A time the vendor aims for but does not promise: "48 hours, best effort". Shown as an indicative
    /// time, never as a deadline.
    Indicative { amount: u32, unit: Unit },
    /// Served as the vendor can, with no time given.
    BestEffort,
    /// No commitment at all.
    NoSla,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    BusinessDays,
}

impl Unit {
    /// The largest amount a target may name in this unit (about ten years): keeps every deadline
    /// computation short, whichever way the policy arrives (source or compiled).
    pub fn max_amount(self) -> u32 {
        match self {
            Unit::Minutes => 100_000,
            Unit::Hours => 10_000,
            Unit::Days => 3_650,
            Unit::BusinessDays => 2_600,
        }
    }
}

impl Target {
    /// Whether the target names a time, and so needs a calendar to count it in.
    pub fn is_timed(self) -> bool {
        matches!(self, Target::Within { .. } | Target::Indicative { .. })
    }
}

fn write_amount(f: &mut std::fmt::Formatter<'_>, amount: u32, unit: Unit) -> std::fmt::Result {
    let (one, many) = match unit {
        Unit::Minutes => ("minute", "minutes"),
        Unit::Hours => ("hour", "hours"),
        Unit::Days => ("day", "days"),
        Unit::BusinessDays => ("business day", "business days"),
    };
    write!(f, "{amount} {}", if amount == 1 { one } else { many })
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Target::BestEffort => f.write_str("best effort"),
            Target::NoSla => f.write_str("no SLA"),
            Target::Within { amount, unit } => write_amount(f, amount, unit),
            Target::Indicative { amount, unit } => {
                write_amount(f, amount, unit)?;
                f.write_str(", best effort")
            }
        }
    }
}

/// Why a text is not a target; the message says what is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a response target; write a whole number and a unit (\"45 minutes\", \"4 hours\", \"2 days\", \"1 business day\"), optionally followed by \", best effort\" when the time is not promised, or \"best effort\" or \"no SLA\"")]
pub struct NotATarget(pub String);

impl std::str::FromStr for Target {
    type Err = NotATarget;

    /// Parses "45 minutes", "2 h", "1 business day", "48 hours, best effort", "best effort", "no SLA".
    fn from_str(text: &str) -> Result<Target, NotATarget> {
        let err = || NotATarget(text.to_string());
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "best effort" | "best-effort" => return Ok(Target::BestEffort),
            "no sla" | "none" => return Ok(Target::NoSla),
            _ => {}
        }
        let (timed, indicative) = ["(best effort)", "best effort", "best-effort"]
            .iter()
            .find_map(|suffix| t.strip_suffix(suffix))
            .map_or((t.as_str(), false), |rest| {
                let rest = rest.trim_end().trim_end_matches([',', ';', '-', '—']);
                (rest.trim_end(), true)
            });
        let split = timed
            .find(|ch: char| !ch.is_ascii_digit())
            .ok_or_else(err)?;
        let amount: u32 = timed[..split].parse().map_err(|_| err())?;
        let unit = match timed[split..].trim() {
            "m" | "min" | "mins" | "minute" | "minutes" => Unit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
            "d" | "day" | "days" | "calendar day" | "calendar days" => Unit::Days,
            "bd" | "business day" | "business days" | "working day" | "working days" => {
                Unit::BusinessDays
            }
            _ => return Err(err()),
        };
        if !(1..=unit.max_amount()).contains(&amount) {
            return Err(err());
        }
        Ok(if indicative {
            Target::Indicative { amount, unit }
        } else {
            Target::Within { amount, unit }
        })
    }
}
