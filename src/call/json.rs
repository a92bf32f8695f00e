//! The few bytes of JSON the client writes itself: request bodies and the gateway's
//! `X-Bkapi-Authorization` header. Writing them by hand keeps serde_json out of the module
//! (see `BENCHMARKS.md` for what that saves); answers are parsed by the JavaScript engine's own
//! `JSON.parse`.

/// Appends `s` as a JSON string literal, escaping what RFC 8259 requires.
pub fn write_string(out: &mut String, s: &str) {
    write_string_as(out, s, false);
}

fn write_string_as(out: &mut String, s: &str, ascii: bool) {
    out.reserve(s.len() + 2);
    out.push('"');
    write_escaped(out, s, true, ascii);
    out.push('"');
}

/// `s` with its control characters, bidirectional controls and line separators escaped as
/// [`write_string`] escapes them, `"` and `\` left as they are: a server's words, safe to
/// print or log (a raw newline, escape sequence or right-to-left override in an error message
/// can forge or reorder log lines).
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    write_escaped(&mut out, s, false, false);
    out
}

fn write_escaped(out: &mut String, s: &str, quotes: bool, ascii: bool) {
    for c in s.chars() {
        match c {
            '"' if quotes => out.push_str("\\\""),
            '\\' if quotes => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Control characters must be escaped; DEL, the C1 controls and the bidirectional
            // controls may stay raw in JSON, but escaped they cannot garble or reorder an error
            // message that quotes a server's body. Line and paragraph separators are valid JSON
            // but break some JavaScript parsers.
            c if u32::from(c) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || matches!(
                    c,
                    '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}'
                ) =>
            {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c if ascii && !c.is_ascii() => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{:04x}", u32::from(*unit)));
                }
            }
            c => out.push(c),
        }
    }
}

/// Builds one JSON object, field by field, in the order given.
#[derive(Debug, Default)]
pub struct ObjectWriter {
    out: String,
    /// Every string written as ASCII (for a header value).
    ascii: bool,
}

impl ObjectWriter {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty object whose text will be ASCII only, for an HTTP header: every other
    /// character as `\uXXXX` (a surrogate pair beyond the BMP), as Python's `json.dumps`
    /// writes it. A header value must be a ByteString, so `"张三"` cannot go into one raw
    /// (fetch throws), and `"José"` would go as one Latin-1 byte that the gateway reads as
    /// broken UTF-8; escaped, both arrive intact.
    pub fn ascii() -> Self {
        ObjectWriter {
            out: String::new(),
            ascii: true,
        }
    }

    fn key(&mut self, key: &str) {
        self.out.push(if self.out.is_empty() { '{' } else { ',' });
        write_string_as(&mut self.out, key, self.ascii);
        self.out.push(':');
    }

    /// Adds a string field.
    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        write_string_as(&mut self.out, value, self.ascii);
        self
    }

    /// Adds an integer field.
    pub fn integer(&mut self, key: &str, value: i64) -> &mut Self {
        self.key(key);
        self.out.push_str(&value.to_string());
        self
    }

    /// Adds an array of strings.
    pub fn strings(&mut self, key: &str, values: &[String]) -> &mut Self {
        self.key(key);
        self.out.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            write_string_as(&mut self.out, v, self.ascii);
        }
        self.out.push(']');
        self
    }

    /// Adds an array of integers.
    pub fn integers(&mut self, key: &str, values: &[i64]) -> &mut Self {
        self.key(key);
        self.out.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&v.to_string());
        }
        self.out.push(']');
        self
    }

    /// The finished object text.
    pub fn finish(mut self) -> String {
        if self.out.is_empty() {
            self.out.push('{');
        }
        self.out.push('}');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_json_requires() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\nd\u{1}e\u{2028}工单😀");
        assert_eq!(out, r#""a\"b\\c\nd\u0001e\u2028工单😀""#);
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}e\u{2028}工单😀");
    }

    #[test]
    fn controls_and_bidirectional_overrides_are_escaped() {
        let mut out = String::new();
        write_string(&mut out, "\u{7f}\u{85}\u{9f}\u{202e}x\u{2066}\u{a0}é");
        // A no-break space is printable and stays raw.
        assert_eq!(out, "\"\\u007f\\u0085\\u009f\\u202ex\\u2066\u{a0}é\"");
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "\u{7f}\u{85}\u{9f}\u{202e}x\u{2066}\u{a0}é");
    }

    #[test]
    fn ascii_strings_escape_every_other_character_as_python_does() {
        let mut w = ObjectWriter::ascii();
        w.string("bk_username", "张三").string("u", "José😀\n");
        let text = w.finish();
        // What `json.dumps({"bk_username": "张三", "u": "José😀\n"})` writes, separators aside.
        assert_eq!(
            text,
            r#"{"bk_username":"\u5f20\u4e09","u":"Jos\u00e9\ud83d\ude00\n"}"#
        );
        assert!(text.is_ascii());
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["bk_username"], "张三");
        assert_eq!(back["u"], "José😀\n");
    }

    #[test]
    fn objects_are_valid_json_in_the_order_written() {
        let mut w = ObjectWriter::new();
        w.string("creator", "admin")
            .integer("page", 2)
            .strings("sns", &["REQ1".into(), "\"x\"".into()])
            .integers("ids", &[-1, 3]);
        let text = w.finish();
        assert_eq!(
            text,
            r#"{"creator":"admin","page":2,"sns":["REQ1","\"x\""],"ids":[-1,3]}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
        assert_eq!(ObjectWriter::new().finish(), "{}");
    }
}
