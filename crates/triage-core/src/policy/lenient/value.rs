//! The lenient reader's view of one JSON value: what serde asks for, or a reported mistake and a
//! placeholder when the value is not that (see the module above).

use serde::de::{self, Deserializer, Error as _, IntoDeserializer, Unexpected, Visitor};
use serde_json::{Error, Value};

use super::access::{Entries, Seq};
use super::{first, struct_entries, unknown_variant, Ctx, Parent};
use crate::policy::position::Anchor;

pub(super) struct ValueDe<'a> {
    pub(super) value: &'a Value,
    pub(super) ctx: &'a Ctx,
    pub(super) parent: Parent,
}

impl<'a> ValueDe<'a> {
    /// Reports a value of the wrong type (or out of range) for what `expected` wants.
    fn wrong(&self, unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Result<(), Error> {
        self.wrong_with(Error::invalid_type(unexpected, expected).to_string())
    }

    fn wrong_with(&self, message: String) -> Result<(), Error> {
        let path = self.ctx.path();
        let broken = match self.parent {
            Parent::Struct(len) => path[..len].to_string(),
            Parent::Root | Parent::Other => path.clone(),
        };
        self.ctx.report(&path, Anchor::Value, message, Some(broken))
    }

    fn seq<V: Visitor<'a>>(&self, items: &'a [Value], v: V) -> Result<V::Value, Error> {
        v.visit_seq(Seq {
            items: items.iter(),
            index: 0,
            ctx: self.ctx,
        })
    }
}

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Other("null"),
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, f) => Unexpected::Float(f.unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// Integers: a number in range, else a reported mistake and zero.
macro_rules! integer {
    ($($method:ident: $ty:ty => $visit:ident as $wide:ty;)*) => {$(
        fn $method<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
            let n = match self.value {
                Value::Number(n) => n,
                other => {
                    self.wrong(unexpected(other), &v)?;
                    return v.$visit(0);
                }
            };
            let fits = n
                .as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
                .filter(|x| <$ty>::try_from(*x).is_ok());
            match fits {
                Some(x) => v.$visit(x as $wide),
                None => {
                    self.wrong_with(Error::invalid_value(unexpected(self.value), &v).to_string())?;
                    v.$visit(0)
                }
            }
        }
    )*};
}

impl<'a> Deserializer<'a> for ValueDe<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => v.visit_u64(u),
                (_, Some(i)) => v.visit_i64(i),
                _ => v.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => v.visit_borrowed_str(s),
            Value::Array(items) => self.seq(items, v),
            Value::Object(m) => v.visit_map(Entries {
                entries: m.iter().map(|(k, v)| (k.as_str(), Some(v))).collect(),
                next: 0,
                ctx: self.ctx,
                parent: Parent::Other,
                map_path: None,
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Bool(b) => v.visit_bool(*b),
            other => {
                self.wrong(unexpected(other), &v)?;
                v.visit_bool(false)
            }
        }
    }

    integer! {
        deserialize_u8: u8 => visit_u64 as u64;
        deserialize_u16: u16 => visit_u64 as u64;
        deserialize_u32: u32 => visit_u64 as u64;
        deserialize_u64: u64 => visit_u64 as u64;
        deserialize_i8: i8 => visit_i64 as i64;
        deserialize_i16: i16 => visit_i64 as i64;
        deserialize_i32: i32 => visit_i64 as i64;
        deserialize_i64: i64 => visit_i64 as i64;
    }

    fn deserialize_f32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        match self.value.as_f64() {
            Some(f) => v.visit_f64(f),
            None => {
                self.wrong(unexpected(self.value), &v)?;
                v.visit_f64(0.0)
            }
        }
    }

    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => v.visit_borrowed_str(s),
            other => {
                self.wrong(unexpected(other), &v)?;
                v.visit_borrowed_str("")
            }
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => self.seq(items, v),
            other => {
                self.wrong(unexpected(other), &v)?;
                self.seq(&[], v)
            }
        }
    }

    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        let entries = match self.value {
            Value::Object(m) => m.iter().map(|(k, v)| (k.as_str(), Some(v))).collect(),
            other => {
                self.wrong(unexpected(other), &v)?;
                Vec::new()
            }
        };
        v.visit_map(Entries {
            entries,
            next: 0,
            ctx: self.ctx,
            parent: Parent::Other,
            map_path: Some(self.ctx.path()),
        })
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let object = match self.value {
            Value::Object(m) => Some(m),
            other => {
                self.wrong(unexpected(other), &v)?;
                None
            }
        };
        let entries = struct_entries(self.ctx, object, name, fields)?;
        let path_len = self.ctx.path.borrow().len();
        v.visit_map(Entries {
            entries,
            next: 0,
            ctx: self.ctx,
            parent: if path_len == 0 {
                Parent::Root
            } else {
                Parent::Struct(path_len)
            },
            map_path: None,
        })
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) if variants.contains(&s.as_str()) => {
                v.visit_enum(s.as_str().into_deserializer())
            }
            Value::String(s) => {
                self.wrong_with(unknown_variant(s, variants))?;
                v.visit_enum(first(variants).into_deserializer())
            }
            other => {
                self.wrong(unexpected(other), &v)?;
                v.visit_enum(first(variants).into_deserializer())
            }
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    // Not used by the policy types: serde_json's own reading (which fails on a mistake) is enough.
    fn deserialize_char<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.value.deserialize_char(v)
    }
    fn deserialize_bytes<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.value.deserialize_bytes(v)
    }
    fn deserialize_byte_buf<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.value.deserialize_byte_buf(v)
    }
    fn deserialize_unit<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.value.deserialize_unit(v)
    }
    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        self.value.deserialize_unit_struct(name, v)
    }
    fn deserialize_tuple<V: Visitor<'a>>(self, len: usize, v: V) -> Result<V::Value, Error> {
        self.value.deserialize_tuple(len, v)
    }
    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.value.deserialize_tuple_struct(name, len, v)
    }
    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }
}
