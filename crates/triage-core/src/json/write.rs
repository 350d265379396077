//! Writing the widget's JSON (the ticket it posts, the outbox entries, drafts, receipts and leases it
//! stores) by hand, byte for byte as serde_json writes the derived `Serialize` of the same types.
//!
//! Why not serde_json: in the widget's wasm, serde's serializer, the derived `Serialize` code of each
//! written type and serde_json's error type (with `std::io::Error`'s messages behind it) were the last
//! serde code left after reading moved to [`super::parse`]. The derives stay on the types for the CLI
//! and the receiver; tests hold this writer to them (`to_json(x) == serde_json::to_string(x)`).

use crate::maps::SortedMap;

/// A value the widget writes as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    /// Compact JSON, as `serde_json::to_string` writes it.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        // Writing into a `String` cannot fail.
        let _ = super::write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                whole(out, i128::from(*self));
            }
        }
    )*};
}
whole_numbers!(u16, u32, u64, i64);

/// One formatter for every integer type (the widget's are all far inside `i128`).
fn whole(out: &mut String, n: i128) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

/// A pair is a list of two, as serde writes tuples.
impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        self.0.write_json(out);
        out.push(',');
        self.1.write_json(out);
        out.push(']');
    }
}

impl<V: ToJson> ToJson for SortedMap<String, V> {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        for (k, v) in self.iter() {
            o.field(k, v);
        }
        o.end();
    }
}

/// An object being written: members in the order given, as a derive writes a struct's fields.
pub struct Obj<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Obj<'a> {
    pub fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, empty: true }
    }

    pub fn field<V: ToJson + ?Sized>(&mut self, key: &str, value: &V) -> &mut Obj<'a> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        key.write_json(self.out);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    /// A field left out when `None` (`skip_serializing_if = "Option::is_none"`).
    pub fn some<V: ToJson>(&mut self, key: &str, value: &Option<V>) -> &mut Obj<'a> {
        if let Some(v) = value {
            self.field(key, v);
        }
        self
    }

    pub fn end(&mut self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_as_serde_json_does() {
        let s = "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é😀/";
        assert_eq!(s.to_json(), serde_json::to_string(s).unwrap());
        assert_eq!(
            u64::MAX.to_json(),
            serde_json::to_string(&u64::MAX).unwrap()
        );
        assert_eq!(
            i64::MIN.to_json(),
            serde_json::to_string(&i64::MIN).unwrap()
        );
        let pairs = vec![("k".to_string(), "v".to_string())];
        assert_eq!(pairs.to_json(), serde_json::to_string(&pairs).unwrap());
        let empty: Vec<String> = Vec::new();
        assert_eq!(empty.to_json(), "[]");
        let mut m = SortedMap::new();
        m.insert("b".to_string(), 2u32);
        m.insert("a".to_string(), 1u32);
        assert_eq!(m.to_json(), serde_json::to_string(&m).unwrap());
        assert_eq!(SortedMap::<String, u32>::new().to_json(), "{}");
    }

    #[test]
    fn an_object_skips_none_and_separates_members() {
        let mut out = String::new();
        Obj::new(&mut out)
            .some::<u32>("gone", &None)
            .field("a", &1u32)
            .some("b", &Some(true))
            .end();
        assert_eq!(out, r#"{"a":1,"b":true}"#);
    }
}
