//! [`String`]: growable UTF-8 text, with no path that panics (see `mem/mod.rs`).

use core::ops::Deref;

use crate::mem::Vec;

/// Growable UTF-8 text.
#[derive(Default, PartialEq, Eq)]
pub(crate) struct String {
    bytes: Vec<u8>,
}

impl String {
    /// Empty text.
    pub(crate) const fn new() -> String {
        String { bytes: Vec::new() }
    }

    /// Empty text with room for `cap` bytes.
    pub(crate) fn with_capacity(cap: usize) -> String {
        String {
            bytes: Vec::with_capacity(cap),
        }
    }

    /// Makes room for `additional` more bytes.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.bytes.reserve(additional);
    }

    /// Adds `s` at the end.
    #[inline(never)]
    pub(crate) fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_bytes(s.as_bytes());
    }

    /// Adds `c` at the end.
    #[inline(never)]
    pub(crate) fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.push_str(c.encode_utf8(&mut buf));
    }

    /// Removes and returns the last character.
    pub(crate) fn pop(&mut self) -> Option<char> {
        // The last character starts at the last byte that does not continue one.
        let mut at = self.bytes.len().checked_sub(1)?;
        while at > 0 && self.bytes.get(at).is_some_and(|b| b & 0xC0 == 0x80) {
            at -= 1;
        }
        let c = self.as_str().get(at..)?.chars().next()?;
        self.bytes.truncate(at);
        Some(c)
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        // SAFETY: only whole `str`s and `char`s are ever added, and only whole characters
        // removed: the bytes are UTF-8.
        unsafe { core::str::from_utf8_unchecked(&self.bytes) }
    }
}

impl Clone for String {
    /// One copy of the bytes (`Vec`'s clone copies item by item).
    fn clone(&self) -> String {
        String::from(self.as_str())
    }
}

impl Deref for String {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for String {
    fn from(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        out.push_str(s);
        out
    }
}

impl From<char> for String {
    fn from(c: char) -> String {
        let mut out = String::new();
        out.push(c);
        out
    }
}

impl FromIterator<char> for String {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> String {
        let mut out = String::new();
        for c in chars {
            out.push(c);
        }
        out
    }
}

impl<'a> Extend<&'a str> for String {
    fn extend<I: IntoIterator<Item = &'a str>>(&mut self, parts: I) {
        for s in parts {
            self.push_str(s);
        }
    }
}

impl Extend<char> for String {
    fn extend<I: IntoIterator<Item = char>>(&mut self, chars: I) {
        for c in chars {
            self.push(c);
        }
    }
}

impl PartialEq<str> for String {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for String {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for &str {
    fn eq(&self, other: &String) -> bool {
        *self == other.as_str()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl PartialEq<alloc::string::String> for String {
    fn eq(&self, other: &alloc::string::String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl core::borrow::Borrow<str> for String {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl core::fmt::Debug for String {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl core::fmt::Display for String {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_grows_and_shrinks_by_characters() {
        let mut s = String::from("工单");
        s.push('😀');
        s.push_str("ab");
        assert_eq!(s, "工单😀ab");
        assert_eq!(s.pop(), Some('b'));
        assert_eq!(s.pop(), Some('a'));
        assert_eq!(s.pop(), Some('😀'));
        assert_eq!(s, "工单");
        let c: String = "abc".chars().rev().collect();
        assert_eq!(c, "cba");
    }
}
