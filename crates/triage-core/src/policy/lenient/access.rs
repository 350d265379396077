//! Walking lists and objects for the lenient reader: each element and member is read with its path,
//! and object keys may be an enum's names.

use serde::de::{DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Value};

use super::placeholder::Placeholder;
use super::value::ValueDe;
use super::{first, nearest, Ctx, Parent};
use crate::policy::position::{join_key, push_index, push_key, Anchor};

pub(super) struct Seq<'a> {
    pub(super) items: std::slice::Iter<'a, Value>,
    pub(super) index: usize,
    pub(super) ctx: &'a Ctx,
}

impl<'a> SeqAccess<'a> for Seq<'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let i = self.index;
        self.index += 1;
        let ctx = self.ctx;
        ctx.at(
            |p| push_index(p, i),
            || {
                seed.deserialize(ValueDe {
                    value,
                    ctx,
                    parent: Parent::Other,
                })
            },
        )
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// Object members for a struct or a map; `None` values are placeholders for missing required fields.
pub(super) struct Entries<'a> {
    pub(super) entries: Vec<(&'a str, Option<&'a Value>)>,
    pub(super) next: usize,
    pub(super) ctx: &'a Ctx,
    pub(super) parent: Parent,
    /// For a map (not a struct): its path, so a key of the wrong kind can be reported and break it.
    pub(super) map_path: Option<String>,
}

impl<'a> MapAccess<'a> for Entries<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(&(key, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(Key {
            key,
            ctx: self.ctx,
            map_path: self.map_path.as_deref(),
        })
        .map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let (key, value) = self.entries[self.next];
        self.next += 1;
        let (ctx, parent) = (self.ctx, self.parent);
        ctx.at(
            |p| push_key(p, key),
            || match value {
                Some(value) => seed.deserialize(ValueDe { value, ctx, parent }),
                None => seed.deserialize(Placeholder),
            },
        )
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

/// An object key: text, or one of an enum's names (the `strings` map is keyed by the widget's strings).
struct Key<'a, 'm> {
    key: &'a str,
    ctx: &'a Ctx,
    map_path: Option<&'m str>,
}

impl<'a> Deserializer<'a> for Key<'a, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_borrowed_str(self.key)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        if variants.contains(&self.key) {
            return v.visit_enum(self.key.into_deserializer());
        }
        let map = self.map_path.unwrap_or_default();
        let mut message = format!("unknown key `{}`", self.key);
        match nearest(self.key, variants.iter().copied()) {
            Some(near) => message.push_str(&format!(": did you mean `{near}`?")),
            None => message.push_str(" (docs/policy.md lists the keys)"),
        }
        // The entry is read under another key: what the validator says about this map is unreliable.
        self.ctx.report(
            &join_key(map, self.key),
            Anchor::Key,
            message,
            Some(map.to_string()),
        )?;
        v.visit_enum(first(variants).into_deserializer())
    }

    forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}
