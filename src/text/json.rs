//! JSON text written by hand: request bodies, the gateway's credentials header, and every
//! answer the module gives its JavaScript driver. About a hundred lines, which keeps serde_json
//! (and its float formatting) out of the module.

use crate::mem::String;

use crate::text::{hex, push_int};

/// Appends `s` as a JSON string. With `ascii`, every character beyond ASCII is written as
/// `\uXXXX` (UTF-16 units), as Python's `json.dumps` does: the gateway reads its header that way,
/// and a header value must be ASCII to survive every proxy.
pub(crate) fn push_str(out: &mut String, s: &str, ascii: bool) {
    out.reserve(s.len() + 2);
    out.push('"');
    escape_into(out, s, true, ascii);
    out.push('"');
}

/// `s` with its control characters, bidirectional controls and line separators escaped
/// (`\n`, `\u202e`): a server's text can then not forge or reorder the caller's log lines.
pub(crate) fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, false, false);
    out
}

fn escape_into(out: &mut String, s: &str, quotes: bool, ascii: bool) {
    for c in s.chars() {
        match c {
            '"' if quotes => out.push_str("\\\""),
            '\\' if quotes => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) => push_unit(out, c as u32),
            c if ascii && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_unit(out, u32::from(*unit));
                }
            }
            c => out.push(c),
        }
    }
}

/// Characters a log line must not carry raw: C0 and C1 controls, DEL, the bidirectional
/// overrides and isolates, the marks, and the two line separators JavaScript treats as
/// line breaks.
fn is_control(c: char) -> bool {
    let n = c as u32;
    n < 0x20
        || (0x7f..=0x9f).contains(&n)
        || (0x202a..=0x202e).contains(&n)
        || (0x2066..=0x2069).contains(&n)
        || matches!(n, 0x200e | 0x200f | 0x061c | 0x2028 | 0x2029)
}

fn push_unit(out: &mut String, unit: u32) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(lower(hex(((unit >> shift) & 15) as u8)));
    }
}

fn lower(c: char) -> char {
    c.to_ascii_lowercase()
}

/// A JSON object written member by member.
pub(crate) struct Obj {
    out: String,
    ascii: bool,
}

impl Obj {
    /// An empty object.
    pub(crate) fn new() -> Obj {
        Obj {
            out: String::from("{"),
            ascii: false,
        }
    }

    /// An empty object whose strings are written in ASCII (see [`push_str`]).
    pub(crate) fn ascii() -> Obj {
        Obj {
            out: String::from("{"),
            ascii: true,
        }
    }

    /// Starts the member `key`; its value is written next, raw.
    pub(crate) fn key(&mut self, key: &str) -> &mut String {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        push_str(&mut self.out, key, self.ascii);
        self.out.push(':');
        &mut self.out
    }

    /// Adds a string member.
    pub(crate) fn str(&mut self, key: &str, value: &str) -> &mut Self {
        let ascii = self.ascii;
        push_str(self.key(key), value, ascii);
        self
    }

    /// Adds an integer member.
    pub(crate) fn int(&mut self, key: &str, value: i64) -> &mut Self {
        push_int(self.key(key), value);
        self
    }

    /// Adds a member whose value is JSON text already.
    pub(crate) fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key).push_str(json);
        self
    }

    /// Adds a boolean member.
    pub(crate) fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// The object's text.
    pub(crate) fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Appends `items` as a JSON array of strings.
pub(crate) fn push_strs<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(out, s, false);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str, ascii: bool) -> String {
        let mut out = String::new();
        push_str(&mut out, s, ascii);
        out
    }

    #[test]
    fn strings_escape_what_json_requires() {
        let out = quoted("a\"b\\c\nd\u{1}e\u{2028}工单😀", false);
        assert_eq!(out, r#""a\"b\\c\nd\u0001e\u2028工单😀""#);
        let back: alloc::string::String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}e\u{2028}工单😀");
    }

    #[test]
    fn controls_and_bidirectional_overrides_are_escaped() {
        let out = quoted("\u{7f}\u{85}\u{9f}\u{202e}x\u{2066}\u{a0}é", false);
        // A no-break space is printable and stays raw.
        assert_eq!(out, "\"\\u007f\\u0085\\u009f\\u202ex\\u2066\u{a0}é\"");
        let back: alloc::string::String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "\u{7f}\u{85}\u{9f}\u{202e}x\u{2066}\u{a0}é");
        assert_eq!(escape_controls("a\"b\n\u{1b}[31m"), "a\"b\\n\\u001b[31m");
    }

    #[test]
    fn ascii_strings_escape_every_other_character_as_python_does() {
        let mut w = Obj::ascii();
        w.str("bk_username", "张三").str("u", "José😀\n");
        let text = w.finish();
        // What `json.dumps({"bk_username": "张三", "u": "José😀\n"})` writes, separators aside.
        assert_eq!(
            text,
            r#"{"bk_username":"\u5f20\u4e09","u":"Jos\u00e9\ud83d\ude00\n"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["bk_username"], "张三");
        assert_eq!(back["u"], "José😀\n");
    }

    #[test]
    fn objects_are_valid_json_in_the_order_written() {
        let mut w = Obj::new();
        w.str("creator", "admin").int("page", 2).bool("b", true);
        push_strs(w.key("sns"), ["REQ1", "\"x\""]);
        let text = w.finish();
        assert_eq!(
            text,
            r#"{"creator":"admin","page":2,"b":true,"sns":["REQ1","\"x\""]}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
        assert_eq!(Obj::new().finish(), "{}");
    }
}
