//! [`Value`]: what the module knows of a JavaScript value the page handed in (parameters,
//! options, a client configuration, a service's form), and the reader of the snapshot text the
//! driver writes of it.
//!
//! The driver (`src/js/driver.js`, `snap`) reads the page's value once, catching every getter
//! and Proxy trap, bounded in depth and size, and writes it as text:
//!
//! | text | value |
//! |---|---|
//! | `u` `n` `t` `f` | undefined, null, true, false |
//! | `-12`, `34` | a safe integer |
//! | `#000000000000e03f` | any other number: its 8 bytes, little-endian, in hexadecimal (no float parsing here) |
//! | `"…"` | a string, as `JSON.stringify` writes it (a lone surrogate stays a `\udXXX` escape) |
//! | `[a,b]`, `{"k":v}` | an array, a plain object (own enumerable string keys, in order) |
//! | `!f3`, `!s3` | a function, a real `AbortSignal`: the driver keeps it as its 4th handle |
//! | `!y`, `!b` | a symbol, a bigint |
//! | `!x"why"` | a value whose read threw (a revoked Proxy, a throwing getter): the message |
//! | `!c"Map"` | an object that is not plain: its constructor's name |
//! | `!l`, `!a`, `!o`, `!A`, `!O` | a string, array or object too large to copy; an array or an object past the depth the driver copies |
//! | `!n"1.5"` | a number as JavaScript prints it (previews of an answer, which are only shown) |
//!
//! The module's own texts (settings, call states) are JSON, which the reader reads too (`null`,
//! `true`, `false` in full). It never fails: text it cannot read becomes [`Other::Unknown`].

use crate::mem::String;
use crate::mem::Vec;

use crate::text::{is_safe_integer, json, push_int, push_number, shorten};

/// How many characters of a value a message quotes.
pub(crate) const EXCERPT_CHARS: usize = 80;

/// Nesting the reader follows; deeper text is [`Other::Unknown`] (the driver copies 3 levels
/// of the page's values; the module's own texts nest less than this).
const MAX_DEPTH: u32 = 32;

/// A value read from the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `undefined`: not given.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Value>),
    /// A plain object: its own enumerable string keys, in order.
    Obj(Vec<(String, Value)>),
    /// Anything else.
    Other(Other),
}

/// A value that is not data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Other {
    /// A function, kept by the driver as handle `n`.
    Function(u32),
    /// A real `AbortSignal`, kept by the driver as handle `n`.
    Signal(u32),
    /// A symbol.
    Symbol,
    /// A bigint.
    BigInt,
    /// Reading it threw: the message.
    Threw(String),
    /// An object that is not plain: its constructor's name.
    Class(String),
    /// A string with a lone surrogate, which `fetch` would send as U+FFFD.
    LoneSurrogate,
    /// A string, an array or an object too large to copy (`'l'`, `'a'`, `'o'`).
    TooLarge(u8),
    /// An array or an object deeper than the driver copies (`'A'`, `'O'`).
    Deep(u8),
    /// A number as JavaScript printed it (the previews of an answer's values, which are only
    /// shown).
    Number(String),
    /// Text the reader could not read.
    Unknown,
}

impl Value {
    /// The value under `key` of an object (the last, as `JSON.parse` keeps the last of repeated
    /// keys), or `Undefined`.
    pub(crate) fn get(&self, key: &str) -> &Value {
        match self {
            Value::Obj(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map_or(&Value::Undefined, |(_, v)| v),
            _ => &Value::Undefined,
        }
    }

    /// The string, if this is one.
    pub(crate) fn str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub(crate) fn num(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The integer, if this is a number that is a safe integer.
    pub(crate) fn int(&self) -> Option<i64> {
        self.num().filter(|n| is_safe_integer(*n)).map(|n| n as i64)
    }

    /// The elements, if this is an array.
    pub(crate) fn items(&self) -> &[Value] {
        match self {
            Value::Arr(items) => items,
            _ => &[],
        }
    }

    /// The entries, if this is an object.
    pub(crate) fn entries(&self) -> &[(String, Value)] {
        match self {
            Value::Obj(entries) => entries,
            _ => &[],
        }
    }

    /// "a string", "an object", … for "expected X, got Y".
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Num(_) => "a number",
            Value::Str(_) => "a string",
            Value::Arr(_) => "an array",
            Value::Obj(_) => "an object",
            Value::Other(o) => o.what(),
        }
    }

    /// A short, JSON-like rendering for messages: `"abc"`, `10.5`, `[1, 2]`, `an object`.
    pub(crate) fn describe(&self) -> String {
        let mut out = String::new();
        self.write_short(&mut out, 2);
        shorten(&out, EXCERPT_CHARS)
    }

    fn write_short(&self, out: &mut String, depth: u8) {
        match self {
            Value::Undefined => out.push_str("undefined"),
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Num(n) => push_number(out, *n),
            Value::Str(s) => json::push_str(out, &shorten(s, EXCERPT_CHARS), false),
            Value::Arr(items) if depth == 0 => {
                out.push_str("[array of ");
                push_int(out, items.len() as i64);
                out.push(']');
            }
            Value::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate().take(8) {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_short(out, depth - 1);
                    if out.len() > EXCERPT_CHARS * 4 {
                        break;
                    }
                }
                if items.len() > 8 {
                    out.push_str(", …");
                }
                out.push(']');
            }
            Value::Obj(_) => out.push_str("an object"),
            Value::Other(Other::Number(text)) => out.push_str(text),
            Value::Other(o) => out.push_str(o.what()),
        }
    }
}

impl Other {
    /// What it is, for messages.
    pub(crate) fn what(&self) -> &'static str {
        match self {
            Other::Function(_) => "a function",
            Other::Signal(_) => "an AbortSignal",
            Other::Symbol => "a symbol",
            Other::BigInt => "a bigint",
            Other::Threw(_) => "a value that threw when read (a revoked Proxy?)",
            Other::Class(name) => match name.as_str() {
                "Map" => "a Map (pass a plain object)",
                "Set" => "a Set",
                "Date" => "a Date",
                "URLSearchParams" => "a URLSearchParams (pass a plain object)",
                "FormData" => "a FormData (pass a plain object)",
                "Number" => "a Number object",
                "String" => "a String object",
                "Boolean" => "a Boolean object",
                _ => "an object that is not a plain object (a class instance)",
            },
            Other::LoneSurrogate => "a string with a lone surrogate (not valid Unicode)",
            Other::TooLarge(b'l') => "a string too long to read",
            Other::TooLarge(b'a') => "an array too long to read",
            Other::TooLarge(_) => "an object too large to read",
            Other::Deep(b'A') => "an array",
            Other::Deep(_) => "an object",
            Other::Number(_) => "a number",
            Other::Unknown => "an unknown value",
        }
    }
}

/// Writes plain data as JSON; `false` when something in it is not data.
pub(crate) fn write_json(out: &mut String, value: &Value, depth: u32) -> bool {
    if depth > 16 {
        return false;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Num(n) if n.is_finite() => push_number(out, *n),
        Value::Str(s) => json::push_str(out, s, false),
        Value::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_json(out, item, depth + 1) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Obj(entries) => {
            out.push('{');
            let mut first = true;
            for (k, v) in entries {
                if matches!(v, Value::Undefined) {
                    continue; // as JSON.stringify leaves it out
                }
                if !first {
                    out.push(',');
                }
                first = false;
                json::push_str(out, k, false);
                out.push(':');
                if !write_json(out, v, depth + 1) {
                    return false;
                }
            }
            out.push('}');
        }
        _ => return false,
    }
    true
}

/// Reads snapshot text (see the module documentation).
pub(crate) fn read(text: &str) -> Value {
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        at: 0,
    };
    r.value(0)
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> u8 {
        self.b.get(self.at).copied().unwrap_or(0)
    }

    fn next(&mut self) -> u8 {
        let c = self.peek();
        self.at += 1;
        c
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == c {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: u32) -> Value {
        if depth > MAX_DEPTH {
            self.at = self.b.len();
            return Value::Other(Other::Unknown);
        }
        match self.next() {
            b'u' => Value::Undefined,
            // The module's own texts are JSON: `null`, `true`, `false` read too.
            b'n' => {
                self.word(b"ull");
                Value::Null
            }
            b't' => {
                self.word(b"rue");
                Value::Bool(true)
            }
            b'f' => {
                self.word(b"alse");
                Value::Bool(false)
            }
            b'#' => {
                let mut bytes = [0u8; 8];
                for b in bytes.iter_mut() {
                    *b = (self.hex_digit() << 4) | self.hex_digit();
                }
                Value::Num(f64::from_le_bytes(bytes))
            }
            b'-' => Value::Num(-(self.digits() as f64)),
            b'0'..=b'9' => {
                self.at -= 1;
                Value::Num(self.digits() as f64)
            }
            b'"' => match self.string() {
                Some(s) => Value::Str(s),
                None => Value::Other(Other::LoneSurrogate),
            },
            b'[' => {
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1));
                        if !self.eat(b',') {
                            break;
                        }
                    }
                    if !self.eat(b']') {
                        return self.broken();
                    }
                }
                Value::Arr(items)
            }
            b'{' => {
                let mut entries = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        if self.next() != b'"' {
                            return self.broken();
                        }
                        // A key with a lone surrogate keeps its replacement characters: it
                        // is refused as an unknown key anyway.
                        let key = self.string_lossy();
                        if !self.eat(b':') {
                            return self.broken();
                        }
                        entries.push((key, self.value(depth + 1)));
                        if !self.eat(b',') {
                            break;
                        }
                    }
                    if !self.eat(b'}') {
                        return self.broken();
                    }
                }
                Value::Obj(entries)
            }
            b'!' => Value::Other(match self.next() {
                b'f' => Other::Function(self.digits() as u32),
                b's' => Other::Signal(self.digits() as u32),
                b'y' => Other::Symbol,
                b'b' => Other::BigInt,
                b'x' => Other::Threw(self.quoted()),
                b'c' => Other::Class(self.quoted()),
                c @ (b'l' | b'a' | b'o') => Other::TooLarge(c),
                c @ (b'A' | b'O') => Other::Deep(c),
                b'n' => Other::Number(self.quoted()),
                _ => Other::Unknown,
            }),
            _ => self.broken(),
        }
    }

    /// Skips `rest` when it follows (the rest of a JSON literal).
    fn word(&mut self, rest: &[u8]) {
        if self.b.get(self.at..self.at + rest.len()) == Some(rest) {
            self.at += rest.len();
        }
    }

    fn broken(&mut self) -> Value {
        self.at = self.b.len();
        Value::Other(Other::Unknown)
    }

    /// Up to 16 decimal digits (every safe integer; exact in an `f64` and an `i64`).
    fn digits(&mut self) -> i64 {
        let mut n: i64 = 0;
        let mut count = 0;
        while let c @ b'0'..=b'9' = self.peek() {
            if count < 16 {
                n = n * 10 + i64::from(c - b'0');
            }
            count += 1;
            self.at += 1;
        }
        n
    }

    fn quoted(&mut self) -> String {
        if self.eat(b'"') {
            self.string_lossy()
        } else {
            String::new()
        }
    }

    fn string_lossy(&mut self) -> String {
        let start = self.at;
        self.string().unwrap_or_else(|| {
            // Read it again, lone surrogates as U+FFFD.
            self.at = start;
            self.string_with(true).unwrap_or_default()
        })
    }

    /// The rest of a JSON string (after its `"`), or `None` for a lone surrogate.
    fn string(&mut self) -> Option<String> {
        self.string_with(false)
    }

    fn string_with(&mut self, lossy: bool) -> Option<String> {
        let mut out = String::new();
        let mut lone = false;
        loop {
            let start = self.at;
            while !matches!(self.peek(), b'"' | b'\\' | 0) {
                self.at += 1;
            }
            // Cut at ASCII bytes (or the end): always on a character boundary.
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
            match self.next() {
                b'"' => break,
                b'\\' => {}
                _ => {
                    // The end of the text inside a string: what was read stands.
                    self.at = self.b.len();
                    break;
                }
            }
            let c = match self.next() {
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'u' => {
                    let unit = self.hex4();
                    if (0xd800..0xdc00).contains(&unit)
                        && self.peek() == b'\\'
                        && self.b.get(self.at + 1) == Some(&b'u')
                    {
                        let save = self.at;
                        self.at += 2;
                        let low = self.hex4();
                        if (0xdc00..0xe000).contains(&low) {
                            let c = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                            continue;
                        }
                        self.at = save;
                    }
                    match char::from_u32(unit) {
                        Some(c) => c,
                        None => {
                            lone = true;
                            '\u{fffd}'
                        }
                    }
                }
                other => char::from(other),
            };
            out.push(c);
        }
        (lossy || !lone).then_some(out)
    }

    fn hex_digit(&mut self) -> u8 {
        match self.next() {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => 0,
        }
    }

    fn hex4(&mut self) -> u32 {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + u32::from(self.hex_digit());
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::vec;

    fn s(x: &str) -> Value {
        Value::Str(x.into())
    }

    #[test]
    fn reads_every_form_the_driver_writes() {
        let v = read(
            r#"{"a":u,"b":n,"c":t,"d":f,"e":#0000000000002540,"g":"x\"\u00e9\ud83d\ude00","h":[#0000000000000080,-3,42],"i":!f2,"j":!s0,"k":!x"boom","l":!c"Map","m":!y,"n":!b,"o":!A,"p":!n"1e+300"}"#,
        );
        assert_eq!(v.get("a"), &Value::Undefined);
        assert_eq!(v.get("b"), &Value::Null);
        assert_eq!(v.get("e"), &Value::Num(10.5));
        assert_eq!(v.get("g"), &s("x\"é😀"));
        assert_eq!(
            v.get("h"),
            &Value::Arr(vec![Value::Num(-0.0), Value::Num(-3.0), Value::Num(42.0)])
        );
        assert_eq!(v.get("i"), &Value::Other(Other::Function(2)));
        assert_eq!(v.get("j"), &Value::Other(Other::Signal(0)));
        assert_eq!(v.get("k"), &Value::Other(Other::Threw("boom".into())));
        assert_eq!(v.get("l").type_name(), "a Map (pass a plain object)");
        assert_eq!(v.get("o").type_name(), "an array");
        assert_eq!(v.get("p").describe(), "1e+300");
        assert!(v.get("h").items()[0]
            .num()
            .is_some_and(|n| n == 0.0 && n.is_sign_negative()));
    }

    #[test]
    fn a_lone_surrogate_is_not_a_string() {
        assert_eq!(read(r#""a\ud800b""#), Value::Other(Other::LoneSurrogate));
        assert_eq!(read(r#""\udc00""#), Value::Other(Other::LoneSurrogate));
        assert_eq!(read(r#"{"\ud800":1}"#).entries()[0].0, "\u{fffd}");
    }

    #[test]
    fn broken_text_never_panics() {
        for text in [
            "",
            "{",
            "[",
            "\"",
            "{\"a\"",
            "{\"a\":",
            "[1,",
            "!",
            "#",
            "#99",
            "{1:2}",
            "\"\\u12",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ] {
            let _ = read(text);
        }
        assert!(read("#99").num().is_some());
    }

    #[test]
    fn describe_is_short_and_json_like() {
        assert_eq!(s("a\"b").describe(), r#""a\"b""#);
        assert_eq!(Value::Num(10.0).describe(), "10");
        assert_eq!(Value::Num(10.5).describe(), "10.5");
        assert_eq!(Value::Num(1e300).describe(), "1e+300");
        assert_eq!(Value::Num(f64::NAN).describe(), "NaN");
        assert_eq!(Value::Num(-0.0).describe(), "0");
        let long = Value::Arr((0..20).map(|i| Value::Num(f64::from(i))).collect());
        assert_eq!(long.describe(), "[0, 1, 2, 3, 4, 5, 6, 7, …]");
        assert!(s(&"x".repeat(500)).describe().chars().count() <= EXCERPT_CHARS + 1);
    }
}
