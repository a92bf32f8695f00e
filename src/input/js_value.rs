//! The JavaScript side of [`crate::input::value`]: reading parameters into a [`Value`] and checking
//! answers in place through [`Js`], a [`View`] over a `JsValue`.
//!
//! The type questions go to small JavaScript functions, so checking a ticket field costs
//! one call across the boundary (`fieldKind`) instead of a property read plus type tests.
//!
//! Two kinds of values cross here. The caller's (parameters, options, a configuration) may be
//! anything a page can build: a revoked Proxy, a throwing getter, a Map, a string with a lone
//! surrogate, an array claiming 2^53 elements; every read of them is caught in JavaScript and
//! the copy is bounded ([`COPY_BUDGET`]). Answers are what `JSON.parse` built: plain data, read
//! without copying, a bounded number of items at a time (`ticket::check_page`), and a text is
//! copied only as far as a message quotes it.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::input::value::{Value, ValueKind, View, EXCERPT_CHARS};

#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    /// JavaScript's `String(n)`, for the numbers `value::format_number` does not write itself.
    pub(crate) fn number_text(n: f64) -> String;
    fn kind_of(v: &JsValue) -> u8;
    /// [`kind_of`] for the caller's values: never throws, and tells plain objects and
    /// well-formed strings apart (codes 9, 10, 11).
    fn value_kind(v: &JsValue) -> u8;
    /// The name of the class of an object that is not plain, when it can be read.
    fn class_name(v: &JsValue) -> Option<String>;
    /// `v.length` as a non-negative safe integer, or -1 (not one, or it threw).
    fn array_length(v: &JsValue) -> f64;
    /// The first `chars` UTF-16 units of a string.
    fn string_start(v: &JsValue, chars: u32) -> Option<String>;
    fn field_kind(o: &JsValue, k: &JsValue) -> u8;
    fn field(o: &JsValue, k: &JsValue) -> JsValue;
    /// [`View::element_kinds`] for `items[start..]`, as many rows as fit in `out`, as kind
    /// codes; returns the number of rows written.
    fn element_kinds(items: &JsValue, keys: &Array, start: u32, out: &mut [u8]) -> u32;
    /// `Object.entries`, which runs getters and Proxy traps: those may throw.
    #[wasm_bindgen(catch)]
    fn own_entries(o: &JsValue) -> Result<Array, JsValue>;
    /// The value under `key` in `Object.entries` output, `undefined` when absent.
    pub(crate) fn entry_value(entries: &Array, key: &str) -> JsValue;
}

fn kind_from_code(code: u8) -> ValueKind {
    match code {
        0 => ValueKind::Undefined,
        1 => ValueKind::Null,
        2 => ValueKind::Bool,
        3 => ValueKind::Integer,
        4 => ValueKind::Number,
        5 => ValueKind::String,
        6 => ValueKind::Array,
        7 => ValueKind::Object,
        _ => ValueKind::Other,
    }
}

/// How deep parameters and options are copied: an object of arrays of scalars needs 3.
pub(crate) const COPY_DEPTH: u8 = 3;

/// How much of one input is copied at most, counted in array items, object entries and string
/// UTF-16 units: a value beyond it becomes [`Value::Other`] (refused by type) instead of
/// growing the module's memory without bound (a 5 MB string fits; a Proxy claiming 2^53
/// elements is not iterated).
pub(crate) const COPY_BUDGET: f64 = 8_000_000.0;

/// The reason a caller's value cannot be read: a getter or a Proxy trap threw.
pub(crate) struct Unreadable(pub String);

/// Copies a JavaScript value into a [`Value`], `depth` levels deep (deeper arrays and objects
/// become [`Value::Other`], which every rule refuses by type), within [`COPY_BUDGET`]. Fails
/// only when the value itself cannot be read (a revoked Proxy, a getter or a Proxy trap that
/// throws while its entries are listed); a part of it that cannot be read becomes
/// [`Value::Other`], refused by type under its own name. Nothing thrown reaches the module.
///
/// Also hands back the top object's entries as that same read listed them, for
/// [`entry_value`]: what a copy cannot hold (an `AbortSignal`, a callback) is taken from there,
/// so the object checked is the object used and no getter of the caller's runs twice.
pub(crate) fn to_value_keeping(
    v: &JsValue,
    depth: u8,
) -> Result<(Value, Option<Array>), Unreadable> {
    if value_kind(v) == UNREADABLE {
        return Err(Unreadable(THREW.to_owned()));
    }
    let mut budget = COPY_BUDGET;
    if value_kind(v) == 7 && depth > 0 {
        // The top object's own failure names its cause (the getter's message).
        let entries = own_entries(v).map_err(|e| unreadable(&e))?;
        let value = copy_entries(&entries, depth, &mut budget);
        return Ok((value, Some(entries)));
    }
    Ok((copy(v, depth, &mut budget), None))
}

const UNREADABLE: u8 = 9;
const THREW: &str = "it threw when read (a revoked Proxy?)";

fn unreadable(e: &JsValue) -> Unreadable {
    // `field` catches what the getter of `message` might throw.
    let why = Js(field(e, &JsValue::from_str("message"))).string();
    Unreadable(why.unwrap_or_else(|| "it threw".to_owned()))
}

fn copy(v: &JsValue, depth: u8, budget: &mut f64) -> Value {
    let code = value_kind(v);
    match code {
        UNREADABLE => Value::Other("a value that threw when read (a revoked Proxy?)"),
        10 => Value::Other(class_of(v)),
        11 => Value::Other("a string with a lone surrogate (not valid Unicode)"),
        _ => match kind_from_code(code) {
            ValueKind::Undefined => Value::Undefined,
            ValueKind::Null => Value::Null,
            ValueKind::Bool => Value::Bool(v.as_bool().unwrap_or_default()),
            ValueKind::Integer | ValueKind::Number => Value::Number(v.as_f64().unwrap_or(f64::NAN)),
            ValueKind::String => {
                let length = array_length(v);
                if length > *budget {
                    return Value::Other("a string too long to read");
                }
                *budget -= length;
                Value::String(v.as_string().unwrap_or_default())
            }
            ValueKind::Array if depth == 0 => Value::Other("an array"),
            ValueKind::Object if depth == 0 => Value::Other("an object"),
            ValueKind::Array => {
                let length = array_length(v);
                if length < 0.0 {
                    return Value::Other("an array whose length threw when read");
                }
                if length > *budget {
                    return Value::Other("an array too long to read");
                }
                *budget -= length;
                let mut items = Vec::new();
                // At most the budget: a number of items that fits in memory.
                for i in 0..length as u32 {
                    items.push(match js_sys::Reflect::get_u32(v, i) {
                        Ok(item) => copy(&item, depth - 1, budget),
                        Err(_) => Value::Other("a value that threw when read"),
                    });
                }
                Value::Array(items)
            }
            ValueKind::Object => match own_entries(v) {
                Ok(entries) => copy_entries(&entries, depth, budget),
                Err(_) => Value::Other("an object that threw when read"),
            },
            ValueKind::Other => Value::Other(match v.js_typeof().as_string().as_deref() {
                Some("function") => "a function",
                Some("symbol") => "a symbol",
                Some("bigint") => "a bigint",
                _ => "an unknown value",
            }),
        },
    }
}

/// The entries `Object.entries` listed, copied one level deeper.
fn copy_entries(entries: &Array, depth: u8, budget: &mut f64) -> Value {
    let length = f64::from(entries.length());
    if length > *budget {
        return Value::Other("an object too large to read");
    }
    *budget -= length;
    let mut out = Vec::new();
    for entry in entries.iter() {
        // Object.entries made these pairs: reading them runs no caller code.
        let pair: &Array = entry.unchecked_ref();
        let key = pair.get(0);
        *budget -= array_length(&key).max(0.0);
        let key = key.as_string().unwrap_or_default();
        out.push((key, copy(&pair.get(1), depth - 1, budget)));
    }
    Value::Object(out)
}

/// What an object that is not plain is called in a message.
fn class_of(v: &JsValue) -> &'static str {
    match class_name(v).as_deref() {
        Some("Map") => "a Map (pass a plain object)",
        Some("Set") => "a Set",
        Some("Date") => "a Date",
        Some("URLSearchParams") => "a URLSearchParams (pass a plain object)",
        Some("FormData") => "a FormData (pass a plain object)",
        Some("Number") => "a Number object",
        Some("String") => "a String object",
        Some("Boolean") => "a Boolean object",
        _ => "an object that is not a plain object (a class instance)",
    }
}

/// A bounded copy of an answer's value, enough for [`Value::describe`]: the start of a
/// string, the first items of an array, no object entries (described as "an object").
fn preview(v: &JsValue, depth: u8) -> Value {
    match kind_from_code(kind_of(v)) {
        ValueKind::String => {
            Value::String(string_start(v, EXCERPT_CHARS as u32 * 2 + 2).unwrap_or_default())
        }
        ValueKind::Array => {
            let length = array_length(v).max(0.0);
            let array: &Array = v.unchecked_ref();
            // Nine items show the `…` after eight; deeper, only the count is shown.
            let shown = if depth == 0 { 1000.0 } else { 9.0 };
            let items = (0..length.min(shown) as u32)
                .map(|i| {
                    if depth == 0 {
                        Value::Undefined
                    } else {
                        preview(&array.get(i), depth - 1)
                    }
                })
                .collect();
            Value::Array(items)
        }
        ValueKind::Object => Value::Object(Vec::new()),
        ValueKind::Undefined => Value::Undefined,
        ValueKind::Null => Value::Null,
        ValueKind::Bool => Value::Bool(v.as_bool().unwrap_or_default()),
        ValueKind::Integer | ValueKind::Number => Value::Number(v.as_f64().unwrap_or(f64::NAN)),
        ValueKind::Other => Value::Other("a function, symbol or bigint"),
    }
}

/// The longest server text copied into the module: more than the longest an error keeps
/// (`answer::MAX_SERVER_TEXT_CHARS`), so a shortened text still shows its cut.
const MAX_COPIED_CHARS: u32 = 4096;

/// A JavaScript value seen through [`View`], without copying it.
#[derive(Debug, Clone)]
pub struct Js(pub JsValue);

impl View for Js {
    type Key = JsValue;

    fn key(name: &'static str) -> Self::Key {
        JsValue::from_str(name)
    }

    fn get(&self, key: &Self::Key) -> Self {
        Js(field(&self.0, key))
    }

    fn kind(&self) -> ValueKind {
        kind_from_code(kind_of(&self.0))
    }

    fn field_kind(&self, key: &Self::Key) -> ValueKind {
        kind_from_code(field_kind(&self.0, key))
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// At most the first [`MAX_COPIED_CHARS`] UTF-16 units: every text read off an answer is
    /// kept shortened anyway, and a server's 500 MB `message` must not be copied whole.
    fn string(&self) -> Option<String> {
        string_start(&self.0, MAX_COPIED_CHARS)
    }

    fn len(&self) -> u32 {
        if self.is_array() {
            self.0.unchecked_ref::<Array>().length()
        } else {
            0
        }
    }

    fn element_kinds(&self, keys: &[JsValue], start: u32, out: &mut [ValueKind]) -> u32 {
        let mut codes = Vec::new();
        if codes.try_reserve_exact(out.len()).is_err() {
            return 0;
        }
        codes.resize(out.len(), 0);
        let keys: Array = keys.iter().collect();
        let rows = element_kinds(&self.0, &keys, start, &mut codes);
        for (kind, &code) in out.iter_mut().zip(&codes) {
            *kind = kind_from_code(code);
        }
        rows
    }

    fn at(&self, index: u32) -> Self {
        if self.is_array() {
            Js(self.0.unchecked_ref::<Array>().get(index))
        } else {
            Js(JsValue::UNDEFINED)
        }
    }

    fn describe(&self) -> String {
        preview(&self.0, 2).describe()
    }
}
