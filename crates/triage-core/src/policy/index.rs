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

        impl Ix for $name {
            fn get(self) -> usize {
                self.0
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

/// An index newtype: what [`IxSet`] needs to store and give back indices of one list.
pub trait Ix: Copy + From<usize> {
    fn get(self) -> usize;
}

/// Plain positions in a fixed table (e.g. [`crate::context::ContextItem::ALL`]).
impl Ix for usize {
    fn get(self) -> usize {
        self
    }
}

/// A set of indices into one of the policy's lists, as a bitset. Policies hold a handful of options,
/// levels, plans and types, and the compiled form stores these sets as bitsets already; a `BTreeSet` per
/// index type cost several kilobytes of wasm each (its tree code, and a sort for every `collect`).
/// Iterates in index order, like the `BTreeSet` it replaces.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct IxSet<I> {
    words: Vec<u64>,
    ix: std::marker::PhantomData<I>,
}

impl<I: Ix> IxSet<I> {
    pub fn new() -> IxSet<I> {
        IxSet {
            words: Vec::new(),
            ix: std::marker::PhantomData,
        }
    }

    /// The set whose bit `i` is set in `words[i / 64]`, as the compiled form stores it.
    pub fn from_words(mut words: Vec<u64>) -> IxSet<I> {
        while words.last() == Some(&0) {
            words.pop();
        }
        IxSet {
            words,
            ix: std::marker::PhantomData,
        }
    }

    /// The bitset words, lowest indices first, without trailing zero words.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// Adds `i`; `true` if it was not there yet.
    pub fn insert(&mut self, i: I) -> bool {
        let (w, b) = (i.get() / 64, i.get() % 64);
        if self.words.len() <= w {
            self.words.resize(w + 1, 0);
        }
        let new = self.words[w] >> b & 1 == 0;
        self.words[w] |= 1 << b;
        new
    }

    /// Removes `i`; `true` if it was there.
    pub fn remove(&mut self, i: &I) -> bool {
        let (w, b) = (i.get() / 64, i.get() % 64);
        let Some(word) = self.words.get_mut(w) else {
            return false;
        };
        let was = *word >> b & 1 == 1;
        *word &= !(1 << b);
        while self.words.last() == Some(&0) {
            self.words.pop();
        }
        was
    }

    pub fn contains(&self, i: &I) -> bool {
        let (w, b) = (i.get() / 64, i.get() % 64);
        self.words.get(w).is_some_and(|word| word >> b & 1 == 1)
    }

    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// The indices in ascending order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = I> + '_ {
        (0..self.words.len() * 64)
            .filter(move |&i| self.words[i / 64] >> (i % 64) & 1 == 1)
            .map(I::from)
    }

    /// Whether no index is in both sets.
    pub fn is_disjoint(&self, other: &IxSet<I>) -> bool {
        self.words.iter().zip(&other.words).all(|(a, b)| a & b == 0)
    }

    /// The smallest index.
    pub fn first(&self) -> Option<I> {
        self.iter().next()
    }

    /// The largest index.
    pub fn last(&self) -> Option<I> {
        self.iter().next_back()
    }
}

impl<I: Ix> FromIterator<I> for IxSet<I> {
    fn from_iter<T: IntoIterator<Item = I>>(iter: T) -> IxSet<I> {
        let mut set = IxSet::new();
        for i in iter {
            set.insert(i);
        }
        set
    }
}

impl<I: Ix, const N: usize> From<[I; N]> for IxSet<I> {
    fn from(items: [I; N]) -> IxSet<I> {
        items.into_iter().collect()
    }
}

impl<I: Ix + std::fmt::Debug> std::fmt::Debug for IxSet<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ixset_behaves_like_an_ordered_set() {
        let mut s: IxSet<LevelIx> = [LevelIx(70), LevelIx(3), LevelIx(0)].into();
        assert!(s.contains(&LevelIx(70)) && s.contains(&LevelIx(3)) && !s.contains(&LevelIx(4)));
        assert!(!s.contains(&LevelIx(1000)));
        assert!(!s.insert(LevelIx(3)));
        assert!(s.insert(LevelIx(64)));
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 3, 64, 70].map(LevelIx));
        assert_eq!(
            (s.first(), s.last(), s.len()),
            (Some(LevelIx(0)), Some(LevelIx(70)), 4)
        );
        assert_eq!(
            format!("{s:?}"),
            "{LevelIx(0), LevelIx(3), LevelIx(64), LevelIx(70)}"
        );
        // Equal sets are equal whatever their history.
        assert_eq!(
            IxSet::<LevelIx>::from_words(vec![1, 0, 0]),
            [LevelIx(0)].into()
        );
        assert!(
            IxSet::<LevelIx>::new().is_empty() && IxSet::<LevelIx>::from_words(vec![0]).is_empty()
        );
        // Removing keeps the canonical form: equal to a set that never held the index.
        assert!(s.remove(&LevelIx(70)) && s.remove(&LevelIx(64)) && !s.remove(&LevelIx(64)));
        assert_eq!(s, [LevelIx(3), LevelIx(0)].into());
    }
}
