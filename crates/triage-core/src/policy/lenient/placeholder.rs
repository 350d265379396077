//! Placeholders for the lenient reader: what stands in for a missing or unreadable value, so that the
//! rest of the file can still be read and checked.

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::Error;

use super::first;

/// Stands in for a missing or unreadable value: whatever the type asks for, its emptiest form.
pub(super) struct Placeholder;

/// Endless placeholders, so a struct read from it gets one for every field (serde's derive reads a
/// struct from a sequence field by field, taking defaults for fields that have one).
struct Placeholders;

impl<'a> SeqAccess<'a> for Placeholders {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        seed.deserialize(Placeholder).map(Some)
    }
}

pub(super) struct NoMore;

impl<'a> SeqAccess<'a> for NoMore {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        _: T,
    ) -> Result<Option<T::Value>, Error> {
        Ok(None)
    }
}

impl<'a> MapAccess<'a> for NoMore {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, _: K) -> Result<Option<K::Value>, Error> {
        Ok(None)
    }

    fn next_value_seed<T: DeserializeSeed<'a>>(&mut self, _: T) -> Result<T::Value, Error> {
        Err(Error::custom("no value"))
    }
}

impl<'a> Deserializer<'a> for Placeholder {
    type Error = Error;

    /// For untagged enums: an empty list is one of the shapes each accepts.
    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_seq(NoMore)
    }
    fn deserialize_bool<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bool(false)
    }
    fn deserialize_i64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(0)
    }
    fn deserialize_i32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(0)
    }
    fn deserialize_i16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(0)
    }
    fn deserialize_i8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(0)
    }
    fn deserialize_u64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(0)
    }
    fn deserialize_u32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(0)
    }
    fn deserialize_u16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(0)
    }
    fn deserialize_u8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(0)
    }
    fn deserialize_f64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_f64(0.0)
    }
    fn deserialize_f32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_f64(0.0)
    }
    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_borrowed_str("")
    }
    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_borrowed_str("")
    }
    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_none()
    }
    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_seq(NoMore)
    }
    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_map(NoMore)
    }
    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_seq(Placeholders)
    }
    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_enum(first(variants).into_deserializer())
    }
    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    forward_to_deserialize_any! {
        <W: Visitor<'a>>
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct identifier
    }
}
