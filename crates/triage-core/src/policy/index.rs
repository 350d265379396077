//! Typed indices into the validated policy's lists.
//!
//! After validation every id is an index; with plain `usize`s a plan index passed where a level index is
//! expected compiles and picks the wrong row. These newtypes make that a type error while keeping
//! `policy.levels[ix]` as easy to write as before.

use super::model::{Calendar, Choice, Level, LevelTargets, Plan, Question, RequestType};

/// Declares an index into one list of the policy, so that a level index cannot be passed where a plan
/// index is expected; `policy.levels[ix]` works directly, and `Ix::all(n)` walks `0..n`.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident => $elem:ty) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub usize);

        impl $name {
            /// Every index of a list of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + Clone {
                (0..len).map($name)
            }
        }

        impl std::ops::Index<$name> for Vec<$elem> {
            type Output = $elem;
            fn index(&self, i: $name) -> &$elem {
                &self[i.0]
            }
        }

        impl std::ops::Index<$name> for [$elem] {
            type Output = $elem;
            fn index(&self, i: $name) -> &$elem {
                &self[i.0]
            }
        }

        impl From<usize> for $name {
            fn from(i: usize) -> $name {
                $name(i)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

index_type!(
    /// Index into [`Policy::levels`]; 0 is the most severe.
    LevelIx => Level
);
index_type!(
    /// Index into [`Policy::questions`].
    QuestionIx => Question
);
index_type!(
    /// Index into a question's [`Question::options`].
    OptionIx => Choice
);
index_type!(
    /// Index into [`Policy::request_types`].
    TypeIx => RequestType
);
index_type!(
    /// Index into [`Policy::plans`].
    PlanIx => Plan
);
index_type!(
    /// Index into [`Policy::calendars`].
    CalendarIx => Calendar
);

impl std::ops::Index<LevelIx> for Vec<LevelTargets> {
    type Output = LevelTargets;
    fn index(&self, i: LevelIx) -> &LevelTargets {
        &self[i.0]
    }
}
