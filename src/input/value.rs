//! A JSON-like view of outside data, so the rules that read it are pure Rust.
//!
//! Parameters arrive as JavaScript objects and answers as `JSON.parse` output. The code that
//! validates them is written once against the [`View`] trait and runs on two representations:
//! the JavaScript values themselves in the browser (see `js_value.rs`, no copying of the answer
//! into wasm memory) and the owned [`Value`] here, which native tests, property tests and the
//! fuzzers build from bytes. Parameters, being small, are always copied into a [`Value`].

/// An owned JSON-like value, with the two JavaScript states JSON lacks.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// JavaScript `undefined`: a key that counts as not given.
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any JavaScript number, including `NaN` and the infinities.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// A plain object, its own enumerable keys in order.
    Object(Vec<(String, Value)>),
    /// Anything else (a function, a symbol, a bigint, an object nested too deeply to copy),
    /// named by what it is, for error messages.
    Other(&'static str),
}

/// The type of a JSON-like value, as one answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `undefined`, or a missing key.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool,
    /// A number that is an integer JavaScript holds exactly (|n| <= 2^53 - 1).
    Integer,
    /// Any other number: fractional, too large, `NaN`, infinite.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// A non-null object that is not an array.
    Object,
    /// A function, symbol or bigint.
    Other,
}

/// Read access to a JSON-like value, implemented by [`Value`] and by JavaScript values.
///
/// `get` and `at` answer `undefined` for a missing key or index (and on a value that is not an
/// object or array), like JavaScript does. `element_kinds` is the hot path of checking a page:
/// the JavaScript side answers it with a single call per page.
pub trait View: Sized {
    /// A property name prepared once and reused for every item of a page.
    type Key;
    /// Prepares a property name.
    fn key(name: &'static str) -> Self::Key;
    /// The property `key` of an object, or `undefined`.
    fn get(&self, key: &Self::Key) -> Self;
    /// The type of this value.
    fn kind(&self) -> ValueKind;
    /// The type of the property `key`; the same as `self.get(key).kind()`.
    fn field_kind(&self, key: &Self::Key) -> ValueKind {
        self.get(key).kind()
    }
    /// The number, if this is one.
    fn number(&self) -> Option<f64>;
    /// The boolean, if this is one.
    fn boolean(&self) -> Option<bool>;
    /// A copy of the string, if this is one.
    fn string(&self) -> Option<String>;
    /// The length of an array (0 for anything else).
    fn len(&self) -> u32;
    /// `true` for an empty array (and anything that is not an array).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The element `index` of an array, or `undefined`.
    fn at(&self, index: u32) -> Self;
    /// For the elements of this array from `start` on, as many as `out` holds rows of
    /// `1 + keys.len()`: each element's own kind followed by the kinds of `keys` in it (the
    /// keys of an element that is not an object may be left as they were). Returns the number
    /// of rows written: 0 past the end, and 0 when the rows could not be read (no memory).
    /// The default asks one question at a time; the JavaScript side answers for a whole
    /// buffer in one call (see BENCHMARKS.md), and the buffer, not the page, sets the memory.
    fn element_kinds(&self, keys: &[Self::Key], start: u32, out: &mut [ValueKind]) -> u32 {
        let width = 1 + keys.len();
        let mut rows = 0;
        for (row, i) in out.chunks_exact_mut(width).zip(start..self.len()) {
            let item = self.at(i);
            let kinds =
                std::iter::once(item.kind()).chain(keys.iter().map(|key| item.field_kind(key)));
            for (slot, kind) in row.iter_mut().zip(kinds) {
                *slot = kind;
            }
            rows += 1;
        }
        rows
    }
    /// A short description for error messages: the type, and the value when it is small.
    fn describe(&self) -> String;

    /// `true` for a non-null object that is not an array.
    fn is_object(&self) -> bool {
        self.kind() == ValueKind::Object
    }
    /// `true` for an array.
    fn is_array(&self) -> bool {
        self.kind() == ValueKind::Array
    }
}

/// The [`ValueKind`] of a number.
pub(crate) fn number_kind(n: f64) -> ValueKind {
    if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 {
        ValueKind::Integer
    } else {
        ValueKind::Number
    }
}

impl View for &Value {
    type Key = &'static str;

    fn key(name: &'static str) -> Self::Key {
        name
    }

    fn get(&self, key: &Self::Key) -> Self {
        match self {
            Value::Object(entries) => entries
                .iter()
                .rev() // JSON.parse keeps the last of repeated keys
                .find(|(k, _)| k == key)
                .map_or(&Value::Undefined, |(_, v)| v),
            _ => &Value::Undefined,
        }
    }

    fn kind(&self) -> ValueKind {
        match self {
            Value::Undefined => ValueKind::Undefined,
            Value::Null => ValueKind::Null,
            Value::Bool(_) => ValueKind::Bool,
            Value::Number(n) => number_kind(*n),
            Value::String(_) => ValueKind::String,
            Value::Array(_) => ValueKind::Array,
            Value::Object(_) => ValueKind::Object,
            Value::Other(_) => ValueKind::Other,
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn boolean(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn string(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn len(&self) -> u32 {
        match self {
            Value::Array(items) => u32::try_from(items.len()).unwrap_or(u32::MAX),
            _ => 0,
        }
    }

    fn at(&self, index: u32) -> Self {
        match self {
            Value::Array(items) => usize::try_from(index)
                .ok()
                .and_then(|i| items.get(i))
                .unwrap_or(&Value::Undefined),
            _ => &Value::Undefined,
        }
    }

    fn describe(&self) -> String {
        (*self).describe()
    }
}

/// The longest excerpt of a value or a body that an error message quotes.
pub const EXCERPT_CHARS: usize = 80;

impl Value {
    /// How an error message shows this value: JSON-like, shortened to [`EXCERPT_CHARS`].
    pub fn describe(&self) -> String {
        let mut out = String::new();
        self.write_short(&mut out, 2);
        shorten(&out, EXCERPT_CHARS)
    }

    fn write_short(&self, out: &mut String, depth: u8) {
        match self {
            Value::Undefined => out.push_str("undefined"),
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&format_number(*n)),
            Value::String(s) => crate::call::json::write_string(out, &shorten(s, EXCERPT_CHARS)),
            Value::Array(items) if depth == 0 => {
                out.push_str(&format!("[array of {}]", items.len()));
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate().take(8) {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_short(out, depth - 1);
                }
                if items.len() > 8 {
                    out.push_str(", …");
                }
                out.push(']');
            }
            Value::Object(_) => out.push_str("an object"),
            Value::Other(what) => out.push_str(what),
        }
        if out.len() > EXCERPT_CHARS * 4 {
            out.truncate(floor_char_boundary(out, EXCERPT_CHARS * 4));
        }
    }

    /// The JavaScript type name used in "expected X, got Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Other(what) => what,
        }
    }
}

/// Formats a number the way JavaScript's `String(n)` prints it: integers without a fraction,
/// `NaN`, `Infinity`, `0` for `-0`, and exponent notation from 1e21 up and below 1e-6 (Rust
/// would print `1e300` as 301 digits).
///
/// Safe integers, nearly every number a message quotes, are written here. Other numbers go to
/// the platform: in the browser JavaScript's own `String(n)`, natively `float_text` below.
/// Rust's float formatting (Grisu, Dragon4 and their tables) was a fifth of the module, for
/// the odd fractional `page_size` in an error message (see BENCHMARKS.md).
pub fn format_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if n == 0.0 {
        "0".to_owned()
    } else if n == n.trunc() && n.abs() <= 9_007_199_254_740_991.0 {
        // Exact: a safe integer converts to i64 without loss.
        (n as i64).to_string()
    } else {
        float_text(n)
    }
}

#[cfg(target_arch = "wasm32")]
fn float_text(n: f64) -> String {
    crate::input::js_value::number_text(n)
}

/// A finite, non-zero number that is not a safe integer, as JavaScript's `String(n)` prints it.
#[cfg(not(target_arch = "wasm32"))]
fn float_text(n: f64) -> String {
    if n.abs() >= 1e21 || n.abs() < 1e-6 {
        // Both print the shortest digits that read back exactly; JavaScript signs the exponent.
        let s = format!("{n:e}");
        match s.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => s,
        }
    } else {
        // The shortest digits that read back exactly, zero-padded, as JavaScript does (not
        // `{:.0}`, which prints 9.999999999999999e20 with its exact binary digits).
        format!("{n}")
    }
}

/// Cuts `s` to at most `max` characters, marking the cut with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some((cut, _)) => {
            let mut out = s.get(..cut).unwrap_or_default().to_owned();
            out.push('…');
            out
        }
    }
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    if index >= s.len() {
        return s.len();
    }
    while index > 0 && !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_is_short_and_json_like() {
        assert_eq!(Value::String("a\"b".into()).describe(), r#""a\"b""#);
        assert_eq!(Value::Number(10.0).describe(), "10");
        assert_eq!(Value::Number(10.5).describe(), "10.5");
        assert_eq!(Value::Number(f64::NAN).describe(), "NaN");
        // As JavaScript's String(n): 1e300 used to print as 301 digits.
        for (n, js) in [
            (1e300, "1e+300"),
            (-1.5e21, "-1.5e+21"),
            (1e21, "1e+21"),
            (999_999_999_999_999_900_000.0, "999999999999999900000"),
            (1e-7, "1e-7"),
            (0.000_001, "0.000001"),
            (-0.0, "0"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (9_007_199_254_740_993.0, "9007199254740992"),
        ] {
            assert_eq!(format_number(n), js, "{n:e}");
        }
        assert_eq!(
            Value::Array(vec![Value::Null, Value::Bool(true)]).describe(),
            "[null, true]"
        );
        let long = Value::String("x".repeat(500));
        assert!(long.describe().chars().count() <= EXCERPT_CHARS + 3);
    }

    #[test]
    fn get_finds_the_last_repeated_key_and_undefined_otherwise() {
        let v = Value::Object(vec![
            ("a".into(), Value::Number(1.0)),
            ("a".into(), Value::Number(2.0)),
        ]);
        assert_eq!((&v).get(&"a").number(), Some(2.0));
        assert_eq!((&v).field_kind(&"b"), ValueKind::Undefined);
        assert_eq!((&Value::Null).get(&"a").kind(), ValueKind::Undefined);
        assert_eq!((&Value::Array(vec![])).at(3).kind(), ValueKind::Undefined);
        assert_eq!((&Value::Number(1.5)).kind(), ValueKind::Number);
        assert_eq!((&Value::Number(1e300)).kind(), ValueKind::Number);
        assert_eq!((&Value::Number(-3.0)).kind(), ValueKind::Integer);
    }

    #[test]
    fn shorten_cuts_on_characters_not_bytes() {
        assert_eq!(shorten("工单工单", 2), "工单…");
        assert_eq!(shorten("ab", 2), "ab");
    }
}

/// Building [`Value`]s from JSON text, for native tests, property tests and fuzzers (the
/// browser parses answers with its own `JSON.parse`).
#[cfg(any(test, feature = "test-support"))]
pub mod testing {
    use super::Value;

    /// Converts a parsed `serde_json` value.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => Value::Array(items.iter().map(from_json).collect()),
            serde_json::Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
            }
        }
    }

    /// Parses JSON text; invalid text yields `None`, as `JSON.parse` would throw.
    pub fn try_parse(text: &str) -> Option<Value> {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .map(|v| from_json(&v))
    }

    /// Parses JSON text known to be valid (tests only).
    pub fn parse(text: &str) -> Value {
        try_parse(text).unwrap_or(Value::Other("invalid JSON in a test"))
    }
}
