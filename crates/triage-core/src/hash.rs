//! A content hash for policy texts: a ticket names the exact policy it was triaged under, so support can
//! tell "the policy changed since" from "the widget got it wrong". FNV-1a (64 bit) is enough to tell
//! versions apart (this is no security boundary) and costs a dozen lines instead of a crate in the wasm.

/// `fnv1a64:` and 16 hex digits of the FNV-1a hash of `text`'s bytes.
pub fn content_version(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(content_version(""), "fnv1a64:cbf29ce484222325");
        assert_eq!(content_version("a"), "fnv1a64:af63dc4c8601ec8c");
        assert_eq!(content_version("foobar"), "fnv1a64:85944171f73967e8");
    }
}
